// What the browser tests load into the page: the public main entry and the QR entry, as an SPA would
// bundle them (esbuild, platform=browser: a Node built-in anywhere in the graph fails the build).
import * as common from '../../src/index.js';
import * as qr from '../../src/qr.js';

Object.assign(globalThis, { ones: { ...common, ...qr } });
