// A real OnesID login, end to end, against a local OnesID (dev-idp): the backend side of the SDK as a
// customer uses it. `node demo.ts` waits for you on the approval page; `--auto` plays the phone itself.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  DeviceAuthentication,
  deviceIdentitySigningFunction,
  encryptionPublicJwk,
  loadSystemConfig,
} from '@ones.dev/backend-modules';
import { createOnesLogin } from '@ones.dev/backend-modules/login';
import {
  AuthJwtProperties,
  buildQrCodeContent,
  getSessionClient,
  logInWithUsernameClient,
  PERSONAL_DATA_CONSENT_PROPERTIES,
} from '@ones.dev/common';
import { type DevIdp, startDevIdp } from '@ones.dev/dev-idp';
import express from 'express';
import { createShopApp } from 'ones-example-express/shop-app';

const { values } = parseArgs({
  options: {
    auto: { type: 'boolean', default: false },
    port: { type: 'string' },
    'signer-port': { type: 'string' },
    'shop-port': { type: 'string' },
  },
});
const auto = values.auto;
const say = (text: string) => process.stdout.write(`${text}\n`);
const steps: Array<{ name: string; ms: number; requests: number }> = [];

async function step<T>(idp: DevIdp, name: string, run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const before = idp.requests().length;
  say(`\n▶ ${name}`);
  const result = await run();
  steps.push({ name, ms: performance.now() - started, requests: idp.requests().length - before });
  return result;
}

/** In --auto mode, what the user would do on the phone, a moment later; otherwise, nothing. */
function asThePhone(action: () => Promise<unknown> | unknown): void {
  if (auto)
    setTimeout(
      () =>
        void Promise.resolve()
          .then(action)
          .catch((error: unknown) => say(`  phone: ${String(error)}`)),
      1_200,
    );
}

// The shop's key for encrypted ID tokens: OnesID encrypts them to its public half (registered below).
const shopKey = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();
const idp = await startDevIdp({
  port: Number(values.port ?? (auto ? 0 : 4000)),
  signerPort: Number(values['signer-port'] ?? (auto ? 0 : 8000)),
  cibaIntervalSeconds: 1,
  encryptTo: await encryptionPublicJwk(shopKey),
  jwtBearerSubjects: ['user-bob'], // the device may get bob's tokens without his phone
});
say(`Local OnesID ${idp.url} (issuer ${idp.issuer})`);
say(`Device ${idp.device.clientId} (${idp.device.keyType}), device.yml at ${idp.device.configPath}`);
say(
  auto
    ? 'Mode: --auto (the demo approves on the phone itself)'
    : `Mode: interactive. Open ${idp.approvalUrl} — it plays the OnesID phone app.`,
);

try {
  // What a customer backend does at start-up: read device.yml, sign through the device signer.
  const device = loadSystemConfig(idp.device.configPath);
  const auth = new DeviceAuthentication({
    name: 'demo-shop',
    idpBaseUrl: device.authServerUrl,
    deviceId: device.deviceId,
    deviceClientId: device.clientId,
    deviceKeyType: device.keyType,
    functions: { signingFunction: deviceIdentitySigningFunction },
    deviceIdentityUrl: idp.signer.url,
    authJwtProperties: new AuthJwtProperties({
      scope: 'openid profile email',
      bindingMessage: 'Log in to Demo Shop',
    }),
    tokenDecryption: { key: shopKey },
  });

  // The login kit, as a shop's backend runs it: the browser's routes, sessions in encrypted cookies.
  const port = Number(values['shop-port'] ?? 3000);
  const shopOrigin = `http://127.0.0.1:${port}`;
  const login = createOnesLogin({ auth, secrets: [randomBytes(32)], origins: [shopOrigin] });
  if (!auto) {
    // The browser way too: the SPA example (built by scripts/demo.sh) on the Express example.
    const spa = fileURLToPath(new URL('../spa/dist', import.meta.url));
    const shop = createShopApp(login).use(express.static(spa));
    shop.listen(port, '127.0.0.1', () =>
      say(
        `\nOr log in through the browser: http://127.0.0.1:${port} (the SPA example), approving on ${idp.approvalUrl}`,
      ),
    );
  }

  await step(idp, 'device access token (client_credentials, signed by the device key)', async () => {
    const { access_token, expires_in, token_type } = await auth.makeDeviceAccessToken();
    const { active, client_id } = await auth.tokenIntrospection(access_token);
    say(`  ${token_type} token, ${expires_in} s left; active: ${active}, client: ${client_id}`);
  });

  const sub = await step(idp, 'CIBA login by username "alice"', async () => {
    const login = await auth.makeCibaRequest({ loginHint: { kind: 'username', value: 'alice' } });
    say(
      auto
        ? '  the phone shows: "Log in to Demo Shop"'
        : `  approve it on ${idp.approvalUrl} (as alice's phone)`,
    );
    asThePhone(() => idp.approveLogin({ authReqId: login.auth_req_id }));
    const tokens = await auth.waitForCibaTokens(login, {
      onPoll: ({ attempt, outcome, remainingSeconds }) =>
        say(`  poll ${attempt}: ${outcome} (${remainingSeconds} s left)`),
    });
    const claims = await auth.validateJwt(tokens.id_token ?? '', { tokenType: 'id_token' });
    say(
      `  logged in: sub=${claims.sub}, name=${String(claims.name)}, email=${String(claims.email)} (ID token decrypted and validated)`,
    );
    const user = await auth.userInfo(tokens.access_token, { expectedSubject: claims.sub });
    say(`  UserInfo: given_name=${String(user.given_name)}, birthdate=${String(user.birthdate)}`);
    return claims.sub ?? '';
  });

  await step(idp, 'consent: release email and date of birth', async () => {
    const { EMAIL, DATE_OF_BIRTH } = PERSONAL_DATA_CONSENT_PROPERTIES;
    const request = await auth.makeConsentRequest(
      sub,
      'https://demo-shop.example',
      [{ name: EMAIL }, { name: DATE_OF_BIRTH }],
      'To create your account',
    );
    if (!auto) say(`  release the values on ${idp.approvalUrl}`);
    asThePhone(() => idp.approveConsent({ id: request.id }));
    const decision = await auth.waitForConsentDecision(request.id, { intervalSeconds: 1 });
    say(
      `  ${decision.status}: ${decision.content.map(({ name, value }) => `${name}=${value ?? '(withheld)'}`).join(', ')}`,
    );
    if (decision.status !== 'approved') throw new Error(`consent was ${decision.status}`);
  });

  await step(idp, 'QR-code login (scanned by bob)', async () => {
    const session = await auth.makeQrAuthSessionIdp({ originIp: '127.0.0.1' });
    say(
      `  QR code content: ${buildQrCodeContent({ cbUrl: session.cbUrl, sessionId: session.sessionId, exp: session.exp })}`,
    );
    say(auto ? '  bob scans it' : `  scan it as a user on ${idp.approvalUrl}, then approve the login`);
    asThePhone(() => idp.scanQrSession({ sessionId: session.sessionId, username: 'bob' }));
    let linked: { auth_req_id: string; expires_in: number; interval?: number | undefined } | undefined;
    while (linked === undefined) {
      await new Promise((resolve) => setTimeout(resolve, session.interval * 1000));
      // rejects with ERR_QR_SESSION_NOT_FOUND once the session expired
      const {
        authRequestId,
        expires_in = 120,
        interval,
      } = await auth.verifyQrAuthSessionIdp(session.sessionId);
      if (authRequestId !== undefined) linked = { auth_req_id: authRequestId, expires_in, interval };
    }
    const login = linked;
    say(`  scanned: a CIBA login is linked to the session (${login.expires_in} s to approve it)`);
    asThePhone(() => idp.approveLogin({ authReqId: login.auth_req_id }));
    const tokens = await auth.waitForCibaTokens(login);
    const claims = await auth.validateJwt(tokens.id_token ?? '', { tokenType: 'id_token' });
    say(`  logged in by QR: sub=${claims.sub}`);
  });

  await step(idp, "service account: bob's token from an assertion the device signs (no phone)", async () => {
    const { access_token, expires_in } = await auth.jwtBearerGrant({ subject: 'user-bob', scope: 'openid' });
    const { sub: bob } = await auth.userInfo(access_token);
    say(`  JWT-bearer grant: an access token for ${bob}, ${expires_in} s`);
  });

  await step(
    idp,
    'login kit: a browser logs in by username through createOnesLogin (session mode)',
    async () => {
      // a browser on the shop's page: keeps the kit's cookies, sends its Origin; requests go to login.fetch
      const cookies = new Map<string, string>();
      const browser: typeof fetch = async (input, init) => {
        const request = new Request(input, init);
        request.headers.set('cookie', [...cookies].map(([name, value]) => `${name}=${value}`).join('; '));
        if (request.method === 'POST') request.headers.set('origin', shopOrigin);
        const answer =
          (await login.fetch(request, { clientAddress: '127.0.0.1' })) ?? new Response(null, { status: 404 });
        for (const line of answer.headers.getSetCookie()) {
          const [pair = ''] = line.split(';');
          const name = pair.slice(0, pair.indexOf('='));
          if (/Max-Age=0\b/.test(line)) cookies.delete(name);
          else cookies.set(name, pair.slice(pair.indexOf('=') + 1));
        }
        return answer;
      };
      const session = await logInWithUsernameClient(shopOrigin, 'alice', {
        fetch: browser,
        onStarted: ({ loginCode }) => {
          say(`  the page shows code ${loginCode}; the phone shows the same`);
          asThePhone(async () => idp.approveLogin({ authReqId: (await idp.waitForLogin()).authReqId }));
          if (!auto) say(`  approve it on ${idp.approvalUrl}`);
        },
      });
      say(
        `  logged in: ${String(session.user.name)}; the page holds no token, only cookies: ${[...cookies.keys()].join(', ')}`,
      );
      const again = await getSessionClient(shopOrigin, { fetch: browser });
      say(`  GET /api/auth/session: ${again === null ? 'nobody' : again.user.sub}`);
    },
  );

  say('\nSummary');
  for (const { name, ms, requests } of steps)
    say(`  ${(ms / 1000).toFixed(1).padStart(5)} s  ${String(requests).padStart(3)} requests  ${name}`);
  const counts = Object.entries(idp.requestCounts())
    .map(([endpoint, count]) => `${endpoint} ${count}`)
    .join(', ');
  say(`  the IdP received ${idp.requests().length} requests: ${counts}`);
  say('\nDemo complete: every step worked against a real OpenID provider.');
  if (!auto) {
    say('The browser login above stays up until you press Ctrl+C.');
    await new Promise((resolve) => process.once('SIGINT', resolve));
  }
} finally {
  await idp.stop();
}
process.exit(process.exitCode ?? 0); // the browser shop (interactive mode) would keep the process alive
