import type { DeviceAuthentication } from '@ones.dev/backend-modules';
import { isOnesError, OnesHttpError, OnesOAuthError, OnesValidationError } from '@ones.dev/common';
import {
  CibaAuthRequestFrontendDtoSchema,
  CibaAuthStatusRequestFrontendDtoSchema,
  QrSessionStatusRequestDtoSchema,
} from '@ones.dev/common/schemas';
import express, { type NextFunction, type Request, type Response, Router } from 'express';
import { BrowserLogins } from './browser-logins.ts';

const notFound = { statusCode: 404, message: 'not found or expired' };

/**
 * The four routes the `@ones.dev/common` browser helpers call, with the vendor's status codes:
 *
 * | route | helper | answer |
 * |---|---|---|
 * | `POST /api/auth/oidc/bc-authorize` `{ userIdentifier, loginHintKind? }` | `makeCibaRequestClient` | `{ auth_req_id, expires_in, interval }` |
 * | `POST /api/auth/oidc/token` `{ authRequestId }` | `checkCibaStatusClient` | tokens; 400 `{ error: 'authorization_pending' }` while pending |
 * | `POST /api/auth/qr/make` | `makeQrSessionClientV2` | `{ sessionId, cbUrl, expIn, exp, interval }` |
 * | `POST /api/auth/qr/status` `{ sessionId }` | `qrSessionStatusClientV2` | `{ sessionId, exp, authRequestId?, expires_in?, interval? }`; 404 when unknown |
 *
 * Every id handed to a browser is tied to it (httpOnly cookie), so a QR code seen over a shoulder
 * cannot be used to pick up someone else's login.
 */
export function createLoginRouter(auth: DeviceAuthentication): Router {
  const router = Router();
  const logins = new BrowserLogins();
  router.use(express.json({ limit: '4kb' }));

  router.post('/api/auth/oidc/bc-authorize', async (request, response) => {
    const body = CibaAuthRequestFrontendDtoSchema.safeParse(request.body);
    if (!body.success)
      return void response.status(400).json({ statusCode: 400, message: 'userIdentifier is required' });
    const { userIdentifier, loginHintKind = 'username' } = body.data;
    const login = await auth.makeCibaRequest({ loginHint: { kind: loginHintKind, value: userIdentifier } });
    logins.own(request, response, login.auth_req_id);
    response.json({
      auth_req_id: login.auth_req_id,
      expires_in: login.expires_in,
      interval: login.interval ?? 5,
    });
  });

  router.post('/api/auth/oidc/token', async (request, response) => {
    const body = CibaAuthStatusRequestFrontendDtoSchema.safeParse(request.body);
    if (!body.success || !logins.owns(request, body.data.authRequestId))
      return void response.status(404).json(notFound);
    // While pending this rejects with response { status: 400, data: { error: 'authorization_pending' } }:
    // the error handler below passes the IdP's answer on, which is what the browser helper expects.
    const tokens = await auth.checkCibaStatus(body.data.authRequestId);
    // Who logged in, validated here (signature, issuer, audience, expiry) before anyone relies on it.
    logins.logIn(request, await auth.validateJwt(tokens.id_token ?? '', { tokenType: 'id_token' }));
    response.json(tokens);
  });

  // The validated claims of whoever logged in on this browser: what the SPA's logged-in view shows.
  router.get('/api/auth/me', (request, response) => {
    const claims = logins.userOf(request);
    if (claims === undefined)
      return void response.status(401).json({ statusCode: 401, message: 'not logged in' });
    const { sub, name, email, iss, auth_time } = claims;
    response.json({ sub, name, email, iss, auth_time });
  });

  router.post('/api/auth/qr/make', async (request, response) => {
    const session = await auth.makeQrAuthSessionIdp(originIpOf(request));
    logins.own(request, response, session.sessionId);
    response.json(session);
  });

  router.post('/api/auth/qr/status', async (request, response) => {
    const body = QrSessionStatusRequestDtoSchema.safeParse(request.body);
    if (!body.success || !logins.owns(request, body.data.sessionId))
      return void response.status(404).json(notFound);
    const session = await auth.verifyQrAuthSessionIdp({
      sessionId: body.data.sessionId,
      ...originIpOf(request),
    });
    if (session === null) return void response.status(404).json(notFound);
    if (session.authRequestId !== undefined) logins.own(request, response, session.authRequestId);
    response.json({
      sessionId: session.sessionId,
      exp: session.exp,
      // the linked CIBA login, with its expiry and interval, so the browser polls at the IdP's pace
      ...(session.authRequestId
        ? { authRequestId: session.authRequestId, expires_in: session.expires_in, interval: session.interval }
        : {}),
    });
  });

  router.use(answerOnesErrors);
  return router;
}

/** The browser's address as Express sees it (honouring `trust proxy` only if you set it). */
function originIpOf(request: Request): { originIp?: string } {
  const ip = request.ip?.replace(/^::ffff:/, '');
  return ip ? { originIp: ip } : {};
}

/**
 * Passes the IdP's OAuth answers on (400 pending, 400 access_denied, …) so the browser helpers read
 * them; anything else becomes a 502 without details (they stay in your logs).
 */
function answerOnesErrors(error: unknown, _request: Request, response: Response, next: NextFunction): void {
  if (!isOnesError(error)) return void next(error);
  if (error instanceof OnesOAuthError)
    return void response.status(error.response.status).json(error.response.data);
  if (error instanceof OnesValidationError && error.code === 'ERR_VALIDATION_ARGUMENT') {
    return void response.status(400).json({ statusCode: 400, message: error.message });
  }
  const status = error instanceof OnesHttpError && error.response?.status === 429 ? 429 : 502;
  response
    .status(status)
    .json({ statusCode: status, message: 'the identity provider could not complete the request' });
}
