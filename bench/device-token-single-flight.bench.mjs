// Benchmark 2: 1,000 concurrent makeDeviceAccessToken() calls on a cold instance → exactly 1 token
// request reaches the IdP, and every caller gets the same token.
import { performance } from 'node:perf_hooks';
import { report, startFakeOnes } from './fake-ones.mjs';

const CALLERS = 1000;
const { idp, signer, auth, stop } = await startFakeOnes();
const start = performance.now();
const tokens = await Promise.all(Array.from({ length: CALLERS }, () => auth.makeDeviceAccessToken()));
const elapsed = performance.now() - start;
stop();
const distinct = new Set(tokens.map(({ access_token }) => access_token)).size;
report(
  `${CALLERS} concurrent makeDeviceAccessToken()`,
  idp.count('token') === 1 && distinct === 1,
  `${idp.count('token')} token request, ${signer.received.length} signature, ${distinct} distinct token, ${elapsed.toFixed(0)} ms`,
);
