import { type DevIdp, startDevIdp } from '@ones.dev/dev-idp';
import { afterAll, beforeAll } from 'vitest';
import * as asStrictTypeScriptCompilesIt from '../src/vendor-backend.ts';
import { describeVendorBackendCalls, RESOURCE } from './vendor-backend-calls.ts';

// The vendor's documented backend calls (contract/src/vendor-backend.ts), from source, as strict
// TypeScript compiles them, against dev-idp. vendor-contract.cjs.test.ts runs the CommonJS build.
let idp: DevIdp;

beforeAll(async () => {
  idp = await startDevIdp({ cibaIntervalSeconds: 1, resources: [RESOURCE] });
});

afterAll(async () => {
  await idp?.stop();
});

describeVendorBackendCalls(
  'strict TypeScript, as an ES module',
  () => asStrictTypeScriptCompilesIt,
  () => idp,
);
