import type { DevIdp } from '@ones.dev/dev-idp';
import { describe, expect, it } from 'vitest';
import { rejectionOf } from '../../test-support/rejection-of.ts';
import type * as VendorBackend from '../src/vendor-backend.ts';

/** A NestJS `HttpException`'s status and body, without depending on which copy of @nestjs/common threw it. */
function httpException(error: unknown): { status: number; body: unknown } {
  const exception = error as { getStatus(): number; getResponse(): unknown };
  return { status: exception.getStatus(), body: exception.getResponse() };
}

/** The vendor's `resources`: dev-idp issues JWT access tokens for it. */
export const RESOURCE = 'https://example.com';

/**
 * Registers the tests of the vendor's backend calls (contract/src/vendor-backend.ts) against dev-idp,
 * for one build of them: the source as strict TypeScript compiles it, or NestJS's CommonJS.
 */
export function describeVendorBackendCalls(
  build: string,
  vendor: () => typeof VendorBackend,
  devIdp: () => DevIdp,
): void {
  describe(`the vendor backend calls, compiled with ${build}`, () => {
    const connect = () =>
      vendor().vendorDeviceAuthentication(devIdp().device.configPath, devIdp().signer.url);

    it('§2.0: device.yml read synchronously, the constructor without deviceKeyType on an ECC device, token, introspection', async () => {
      expect(devIdp().device.keyType).toBe('ECC:p256');
      const { deviceJwt, access_token, expires_in, token_type, active, sub, more } =
        await vendor().deviceTokenCalls(connect());
      const header = JSON.parse(Buffer.from(deviceJwt.split('.')[0] ?? '', 'base64url').toString());
      expect(header.alg).toBe('ES256');
      expect(token_type).toBe('Bearer');
      expect(access_token).toEqual(expect.any(String));
      expect(expires_in).toBeGreaterThan(0);
      expect(expires_in).toBeLessThanOrEqual(600);
      // a client_credentials token has no user: no `sub`, and the device's `client_id`
      expect({ active, sub, client_id: more.client_id }).toEqual({
        active: true,
        sub: undefined,
        client_id: devIdp().device.clientId,
      });
      expect(() => vendor().vendorDeviceAuthentication(undefined, devIdp().signer.url)).toThrow(
        '/etc/px-device-identity/device.yml: the file does not exist',
      );
    });

    it('§3: a CIBA login — 400 while pending, tokens once approved, validateJwt(access_token), refresh', async () => {
      const auth = connect();
      const { auth_req_id, experies_in, interval } = await vendor().startCibaLogin(auth, undefined, 'alice');
      expect(experies_in).toBeGreaterThan(0);
      expect(interval).toBe(1);
      expect(
        devIdp()
          .pendingLogins()
          .find((login) => login.authReqId === auth_req_id),
      ).toMatchObject({
        bindingMessage: 'Authorize login to Example.com',
        user: { username: 'alice' },
      });
      const pending = httpException(await rejectionOf(vendor().checkCibaLogin(auth, auth_req_id)));
      expect(pending).toMatchObject({ status: 400, body: { error: 'authorization_pending' } });

      await devIdp().approveLogin({ authReqId: auth_req_id });
      const tokens = await vendor().checkCibaLogin(auth, auth_req_id);
      expect(tokens).toMatchObject({ token_type: 'Bearer', refresh_token: expect.any(String) });
      const { sub, iss, aud, exp, iat } = await vendor().validateAccessToken(auth, tokens.access_token);
      expect({ sub, iss, aud }).toEqual({ sub: 'user-alice', iss: devIdp().issuer, aud: RESOURCE });
      expect(exp).toBeGreaterThan(iat);

      const refreshed = await vendor().refreshFromBody(auth, { refresh_token: tokens.refresh_token ?? '' });
      expect(refreshed.access_token).not.toBe(tokens.access_token);
      // a used auth_req_id is a 400 too, which the vendor's handling passes on as a BadRequestException
      expect(httpException(await rejectionOf(vendor().checkCibaLogin(auth, 'never-issued'))).status).toBe(
        400,
      );
    });

    it('§4: a QR login — make, poll by id, scan, authRequestId, approve; a finished session is a 404 error', async () => {
      const auth = connect();
      const { session, expIn } = await vendor().makeQrLogin(auth);
      expect(Object.keys(session).sort()).toEqual(['cbUrl', 'exp', 'interval', 'sessionId']);
      expect(expIn).toBeGreaterThan(0);
      expect(await vendor().pollQrLogin(auth, session.sessionId)).toEqual({
        sessionId: session.sessionId,
        exp: session.exp,
        authRequestId: undefined,
      });
      devIdp().scanQrSession({ sessionId: session.sessionId, username: 'bob' });
      const { authRequestId } = await vendor().pollQrLogin(auth, session.sessionId);
      expect(authRequestId).toEqual(expect.any(String));
      await devIdp().approveLogin({ authReqId: authRequestId });
      await expect(vendor().checkCibaLogin(auth, authRequestId ?? '')).resolves.toMatchObject({
        token_type: 'Bearer',
      });
      const gone = await rejectionOf(vendor().pollQrLogin(auth, session.sessionId));
      expect(gone.code).toBe('ERR_QR_SESSION_NOT_FOUND');
      expect(gone.response).toMatchObject({ status: 404 });
    });

    it('§5: a consent request for email and phone number, approved on the phone', async () => {
      const auth = connect();
      const alice = devIdp().users.find((user) => user.username === 'alice');
      const request = await vendor().requestEmailAndPhone(auth, alice?.sub ?? '');
      expect(request.status).toBe('pending');
      expect(vendor().emailOnly).toBe('email');
      devIdp().approveConsent({ id: request.id });
      const { status, content } = await vendor().consentDecision(auth, request);
      expect(status).toBe('approved');
      expect(content.map(({ name }) => name).sort()).toEqual(['email', 'phoneNumber']);
      expect(content.every(({ value }) => typeof value === 'string' && value !== '')).toBe(true);
    });
  });
}

export { rejectionOf };
