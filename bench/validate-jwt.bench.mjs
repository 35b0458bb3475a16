// Benchmark 1: validateJwt with a warm JWKS vs jose.jwtVerify with the public key already in memory,
// on the same tokens, in the same run. Target: validateJwt ≥ 0.9× jose's throughput.
// Rounds alternate between the two so that CPU frequency and GC drift hit both alike.
import { performance } from 'node:perf_hooks';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { IDP_HOST, report, startFakeOnes } from './fake-ones.mjs';

const TOKENS = 500;
const ROUNDS = 9;

const { device, idp, auth, stop } = await startFakeOnes();
const issuer = `${IDP_HOST}/oidc`;
const now = Math.floor(Date.now() / 1000);
const tokens = await Promise.all(
  Array.from({ length: TOKENS }, (_, i) =>
    idp.signJwt({
      iss: issuer,
      sub: `user-${i}`,
      aud: device.clientId,
      iat: now,
      exp: now + 3600,
      scope: 'openid',
    }),
  ),
);
// jose's own best case: the key set in memory (no remote fetch), the same checks.
const jwksResponse = await fetch(`${issuer}/jwks`);
const localKeys = createLocalJWKSet(await jwksResponse.json());
const joseOptions = {
  issuer,
  audience: [device.clientId],
  algorithms: ['ES256'],
  clockTolerance: 30,
  requiredClaims: ['exp'],
};

async function opsPerSecond(verify) {
  const start = performance.now();
  for (const token of tokens) await verify(token);
  return TOKENS / ((performance.now() - start) / 1000);
}
const viaSdk = (token) => auth.validateJwt(token, { tokenType: 'id_token' });
const viaJose = (token) => jwtVerify(token, localKeys, joseOptions);

await opsPerSecond(viaSdk); // warm: discovery + JWKS fetched once, JIT warmed
await opsPerSecond(viaJose);
const sdk = [];
const jose = [];
for (let round = 0; round < ROUNDS; round++) {
  sdk.push(await opsPerSecond(viaSdk));
  jose.push(await opsPerSecond(viaJose));
}
stop();
const sdkJwksFetches = idp.count('jwks') - 1; // one was ours, for jose's local key set
const median = (values) => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)];
const ratio = median(sdk) / median(jose);
report(
  'validateJwt (warm JWKS) vs jose.jwtVerify (key in memory)',
  ratio >= 0.9 && sdkJwksFetches === 1,
  `${median(sdk).toFixed(0)} vs ${median(jose).toFixed(0)} verifications/s (median of ${ROUNDS} rounds of ${TOKENS}) → ${ratio.toFixed(2)}× (target ≥ 0.90×); validateJwt fetched the JWKS ${sdkJwksFetches}×`,
);
