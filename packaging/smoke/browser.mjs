// Everything @ones.dev/common offers a page, for esbuild to bundle with platform=browser: a Node
// built-in anywhere in the graph fails the bundle.
export * from '@ones.dev/common';
export * from '@ones.dev/common/qr';
export * as schemas from '@ones.dev/common/schemas';
