import { fileURLToPath } from 'node:url';

/** @type {import('next').NextConfig} */
export default {
  // The workspace root, so the build follows the SDK's workspace links.
  outputFileTracingRoot: fileURLToPath(new URL('../..', import.meta.url)),
  turbopack: { root: fileURLToPath(new URL('../..', import.meta.url)) },
  // Node-only SDK code runs as it is published, not re-bundled.
  serverExternalPackages: ['@ones.dev/backend-modules'],
};
