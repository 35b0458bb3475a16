// Benchmark 4: the full CIBA login — device token, bc-authorize (signed request object), approve,
// one poll, ID token validation — with our SDK vs openid-client v6 doing the same steps against the
// same dev-idp (a real oidc-provider) in the same run. Both sign in process with the device key, so
// the signer hop does not skew it; the user approves before the poll, so no poll wait is timed.
// Target: our wall time ≤ 1.0× openid-client's (median of alternating rounds).
import { performance } from 'node:perf_hooks';
import { createKeySigningFunction, DeviceAuthentication, loadSystemConfig } from '@ones.dev/backend-modules';
import { AuthJwtProperties } from '@ones.dev/common';
import { startDevIdp } from '@ones.dev/dev-idp';
import { createRemoteJWKSet, importPKCS8, jwtVerify } from 'jose';
import * as client from 'openid-client';
import { report } from './fake-ones.mjs';
import { signCibaRequest } from './openid-client-ciba.mjs';

const ROUNDS = 31;
const idp = await startDevIdp({ cibaIntervalSeconds: 1 });
const device = loadSystemConfig(idp.device.configPath);
const key = await importPKCS8(idp.device.privateKeyPem, idp.device.alg);
const bindingMessage = 'Benchmark login';

// Ours: one instance, as a backend keeps it; the device token is forgotten each round so that both
// sides make the same requests.
const auth = new DeviceAuthentication({
  name: 'bench',
  idpBaseUrl: device.authServerUrl,
  deviceId: device.deviceId,
  deviceClientId: device.clientId,
  deviceKeyType: device.keyType,
  functions: { signingFunction: createKeySigningFunction(idp.device.privateKeyPem) },
  deviceIdentityUrl: idp.signer.url,
  authJwtProperties: new AuthJwtProperties({ bindingMessage, scope: 'openid profile' }),
});
async function viaSdk() {
  auth.forgetDeviceAccessToken();
  await auth.makeDeviceAccessToken();
  const login = await auth.makeCibaRequest({ loginHint: { kind: 'username', value: 'alice' } });
  await idp.approveLogin({ authReqId: login.auth_req_id });
  const tokens = await auth.checkCibaStatus(login.auth_req_id);
  return (await auth.validateJwt(tokens.id_token, { tokenType: 'id_token' })).sub;
}

// openid-client: one Configuration (discovery once), private_key_jwt with the same key; the CIBA
// request object signed with jose, as openid-client leaves that to the caller; the ID token verified
// against the JWKS with jose, as an openid-client user would.
const config = await client.discovery(
  new URL(idp.issuer),
  device.clientId,
  { id_token_signed_response_alg: 'ES256' },
  client.PrivateKeyJwt(key),
  {
    execute: [client.allowInsecureRequests],
  },
);
const jwks = createRemoteJWKSet(new URL(config.serverMetadata().jwks_uri ?? ''));
async function viaOpenidClient() {
  await client.clientCredentialsGrant(config);
  const request = await signCibaRequest({
    key,
    alg: idp.device.alg,
    clientId: device.clientId,
    issuer: idp.issuer,
    bindingMessage: bindingMessage,
  });
  const login = await client.initiateBackchannelAuthentication(config, { request });
  await idp.approveLogin({ authReqId: login.auth_req_id });
  const tokens = await client.genericGrantRequest(config, 'urn:openid:params:grant-type:ciba', {
    auth_req_id: login.auth_req_id,
  });
  const { payload } = await jwtVerify(tokens.id_token, jwks, {
    issuer: idp.issuer,
    audience: device.clientId,
    algorithms: ['ES256'],
  });
  return payload.sub;
}

async function timed(run) {
  const start = performance.now();
  const sub = await run();
  if (sub !== 'user-alice') throw new Error(`logged in as ${sub}`);
  return performance.now() - start;
}
await timed(viaSdk); // warm both: discovery, JWKS, JIT
await timed(viaOpenidClient);
const ours = [];
const theirs = [];
for (let round = 0; round < ROUNDS; round++) {
  ours.push(await timed(viaSdk));
  theirs.push(await timed(viaOpenidClient));
}
await idp.stop();
const median = (values) => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)];
const ratio = median(ours) / median(theirs);
report(
  'full CIBA login vs openid-client v6 (same dev-idp, in-process signing, no poll waits)',
  ratio <= 1.0,
  `${median(ours).toFixed(1)} ms vs ${median(theirs).toFixed(1)} ms per login (median of ${ROUNDS} alternating rounds) → ${ratio.toFixed(2)}× (target ≤ 1.00×)`,
);
