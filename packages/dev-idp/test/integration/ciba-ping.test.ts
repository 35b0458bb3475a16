import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DeviceAuthentication } from '@ones.dev/backend-modules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevIdp } from '../../src/index.js';
import { backendFor, rejectionOf, startTestIdp } from './dev-idp-fixture.js';

// CIBA ping mode (CIBA Core §10.2) on dev-idp: the device registered for ping, the SDK sending a
// client_notification_token in its signed request, and the IdP announcing each decision to the
// client's notification endpoint, a plain http server on loopback here.
interface Notification {
  readonly authorization: string | undefined;
  readonly contentType: string | undefined;
  readonly body: unknown;
}
const notifications: Notification[] = [];
let endpoint: Server;
let idp: DevIdp;
let auth: DeviceAuthentication;

beforeAll(async () => {
  endpoint = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += String(chunk);
    });
    request.on('end', () => {
      notifications.push({
        authorization: request.headers.authorization,
        contentType: request.headers['content-type'],
        body: JSON.parse(body) as unknown,
      });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((ready) => endpoint.listen(0, '127.0.0.1', ready));
  idp = await startTestIdp({
    cibaPingEndpoint: `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/api/auth/ciba/notify`,
  });
  auth = await backendFor(idp);
});

afterAll(async () => {
  await idp?.stop();
  endpoint?.close();
});

const token = () => randomBytes(32).toString('base64url');

describe('CIBA ping mode on dev-idp', () => {
  it('announces an approval with the login token; the client then fetches the tokens once', async () => {
    const clientNotificationToken = token();
    const login = await auth.makeCibaRequest({ loginHint: { value: 'alice' }, clientNotificationToken });
    expect(notifications).toHaveLength(0);
    await idp.approveLogin({ authReqId: login.auth_req_id });
    expect(notifications.at(-1)).toEqual({
      authorization: `Bearer ${clientNotificationToken}`,
      contentType: 'application/json',
      body: { auth_req_id: login.auth_req_id },
    });
    expect(idp.pingsSent().at(-1)).toEqual({ authReqId: login.auth_req_id, status: 204 });
    const tokens = await auth.checkCibaStatus(login.auth_req_id);
    expect(tokens.token_type).toBe('Bearer');
    expect((await auth.validateJwt(tokens.id_token ?? '', { tokenType: 'id_token' })).sub).toBe('user-alice');
  });

  it('announces a denial too', async () => {
    const clientNotificationToken = token();
    const login = await auth.makeCibaRequest({ loginHint: { value: 'bob' }, clientNotificationToken });
    await idp.denyLogin({ authReqId: login.auth_req_id });
    expect(notifications.at(-1)?.body).toEqual({ auth_req_id: login.auth_req_id });
    const denied = await rejectionOf(auth.checkCibaStatus(login.auth_req_id));
    expect(denied.code).toBe('ERR_OAUTH_ACCESS_DENIED');
  });

  it('a ping-mode IdP refuses a request without a token; the SDK refuses a weak or malformed one before signing', async () => {
    const refused = await rejectionOf(auth.makeCibaRequest({ loginHint: { value: 'alice' } }));
    expect(refused.code).toBe('ERR_OAUTH_INVALID_REQUEST');
    expect(refused.message).toContain('client_notification_token');
    for (const bad of ['short', 'has spaces in it but is long enough', `${'a'.repeat(1025)}`]) {
      const invalid = await rejectionOf(
        auth.makeCibaRequest({ loginHint: { value: 'alice' }, clientNotificationToken: bad }),
      );
      expect(invalid.code).toBe('ERR_VALIDATION_ARGUMENT');
      expect(invalid.message).toMatch(
        /^"clientNotificationToken" must be a bearer token of 22 to 1,024 characters/,
      );
      expect(invalid.message).not.toContain(bad);
    }
  });

  it('when the notification endpoint is down, the decision stands and polling still gets the tokens', async () => {
    endpoint.close();
    endpoint.closeAllConnections();
    const login = await auth.makeCibaRequest({
      loginHint: { value: 'alice' },
      clientNotificationToken: token(),
    });
    await idp.approveLogin({ authReqId: login.auth_req_id });
    expect(idp.pingsSent().at(-1)).toEqual({ authReqId: login.auth_req_id, failure: 'TypeError' });
    await expect(auth.checkCibaStatus(login.auth_req_id)).resolves.toMatchObject({ token_type: 'Bearer' });
  });
});
