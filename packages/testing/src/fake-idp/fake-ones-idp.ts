import type { LoginHint, PersonalDataConsentProperty } from '@ones.dev/common';
import { type HttpHandler, HttpResponse, http } from 'msw';
import type { TestDevice } from '../test-device.js';
import { answerBcAuthorize } from './bc-authorize-endpoint.js';
import { BearerRejected, requireDeviceAccessToken } from './bearer-token.js';
import { approveConsent, consentStatus, createConsentRequest } from './consent-endpoints.js';
import type { FakeIdpContext } from './fake-idp-context.js';
import type { FakeIdpEndpoint, FakeIdpRequest, InjectedFailure } from './fake-idp-controls.js';
import {
  type FakeCibaRequest,
  type FakeConsentRequest,
  FakeIdpState,
  type FakeIdpUser,
  type FakeQrSession,
} from './fake-idp-state.js';
import { IdpSigningKeys } from './idp-signing-keys.js';
import { answerWithFailure } from './inject-failure.js';
import { createQrSession, liveQrSession, qrSessionStatus, scanQrSession } from './qr-session-endpoints.js';
import { answerTokenRequest } from './token-endpoint.js';
import { DeviceJwtRejected, verifyDeviceJwt } from './verify-device-jwt.js';

/**
 * Options of {@link createFakeOnesIdp}.
 *
 * @example
 * ```ts
 * import { createTestDevice, type FakeOnesIdpOptions } from '@ones.dev/testing';
 * const options: FakeOnesIdpOptions = { host: 'https://id.example', device: await createTestDevice() };
 * ```
 */
export interface FakeOnesIdpOptions {
  /** The IdP base URL; the issuer is `{host}/oidc`. */
  readonly host: string;
  /** The registered device whose assertions and request objects the IdP accepts. */
  readonly device: Pick<TestDevice, 'clientId' | 'publicJwk' | 'alg'>;
  /** Users CIBA logins can name; default alice and bob. */
  readonly users?: readonly FakeIdpUser[];
  readonly tokenLifetimeSeconds?: number;
  readonly cibaExpiresInSeconds?: number;
  readonly cibaIntervalSeconds?: number;
  readonly qrSessionExpiresInSeconds?: number;
  readonly qrSessionIntervalSeconds?: number;
}

/**
 * A fake OnesID IdP for MSW: its handlers, what it received, and controls to drive scenarios.
 *
 * @example
 * ```ts
 * import { createFakeOnesIdp, createTestDevice } from '@ones.dev/testing';
 * const idp = createFakeOnesIdp({ host: 'https://id.example', device: await createTestDevice() });
 * idp.approve(); // the latest CIBA login
 * ```
 */
export interface FakeOnesIdp {
  readonly issuer: string;
  /** Pass to `setupServer(...idp.handlers)` or `server.use(...idp.handlers)`. */
  readonly handlers: readonly HttpHandler[];
  /** Every request, in order, decoded. */
  readonly received: readonly FakeIdpRequest[];
  /** How many requests an endpoint received. */
  count(endpoint: FakeIdpEndpoint): number;
  /** A CIBA login by id, or the latest. */
  cibaRequest(authReqId?: string): FakeCibaRequest | undefined;
  /** The user approves a CIBA login on the phone (default: the latest). */
  approve(authReqId?: string): void;
  /** The user denies it. */
  deny(authReqId?: string): void;
  /** It expires now. */
  expire(authReqId?: string): void;
  /** The next `times` pending CIBA polls answer `slow_down`. */
  slowDown(times?: number): void;
  /** The next request to `endpoint` fails as described. */
  failNext(endpoint: FakeIdpEndpoint, failure: InjectedFailure): void;
  /** Replaces the IdP's signing key; returns the new `kid`. */
  rotateSigningKeys(): Promise<string>;
  /** A QR session by id, or the latest. */
  qrSession(sessionId?: string): FakeQrSession | undefined;
  /** The phone app scans a QR session (default: the latest) as `username` and posts to its `cbUrl`. */
  scanQrSession(username: string, sessionId?: string): void;
  /** A QR session expires now. */
  expireQrSession(sessionId?: string): void;
  /** A consent request by id, or the latest. */
  consentRequest(id?: string): FakeConsentRequest | undefined;
  /** The user approves a consent request, releasing `values` (default: their profile). */
  approveConsent(id?: string, values?: Readonly<Partial<Record<PersonalDataConsentProperty, string>>>): void;
  /** The user denies a consent request. */
  denyConsent(id?: string): void;
  /** A consent request expires now. */
  expireConsent(id?: string): void;
  /** Revokes every access token issued so far: the next bearer call gets 401. */
  revokeAccessTokens(): void;
  /**
   * Signs any claims with the IdP's current key (ES256, its `kid`), to test your own token handling:
   * expired, wrong audience, extra claims. Nothing is filled in for you.
   */
  signJwt(claims: Readonly<Record<string, unknown>>, options?: { readonly typ?: string }): Promise<string>;
}

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const DEFAULT_USERS: readonly FakeIdpUser[] = [
  {
    username: 'alice',
    sub: 'user-alice',
    email: 'alice@example.com',
    phone: '+15550100',
    profile: {
      firstName: 'Alice',
      lastName: 'Example',
      fullName: 'Alice Example',
      email: 'alice@example.com',
      phoneNumber: '+15550100',
      dateOfBirth: '1990-04-01',
    },
  },
  {
    username: 'bob',
    sub: 'user-bob',
    email: 'bob@example.com',
    phone: '+15550101',
    profile: { firstName: 'Bob', lastName: 'Sample', fullName: 'Bob Sample', email: 'bob@example.com' },
  },
];

/**
 * Creates a fake OnesID IdP: discovery, JWKS, token (client_credentials, CIBA, refresh),
 * introspection and bc-authorize, as MSW handlers. It verifies what it receives as a real IdP would —
 * assertion and request-object signatures against the device's public key, `iss`/`sub`/`aud`/`exp`,
 * `jti` replay — and follows CIBA's rules (single-use `auth_req_id`, revocation on reuse).
 *
 * @param options - host, device, users, lifetimes
 * @returns the IdP with its handlers and controls
 * @example
 * ```ts
 * import { setupServer } from 'msw/node';
 * import { createFakeOnesIdp, createTestDevice } from '@ones.dev/testing';
 * const device = await createTestDevice();
 * const idp = createFakeOnesIdp({ host: 'https://id.example', device });
 * const server = setupServer(...idp.handlers);
 * server.listen({ onUnhandledFrame: 'error' });
 * ```
 */
export function createFakeOnesIdp(options: FakeOnesIdpOptions): FakeOnesIdp {
  const host = options.host.replace(/\/+$/, '');
  const issuer = `${host}/oidc`;
  const context: FakeIdpContext = {
    host,
    issuer,
    device: options.device,
    users: options.users ?? DEFAULT_USERS,
    state: new FakeIdpState(),
    keys: new IdpSigningKeys(),
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 300,
    cibaExpiresInSeconds: options.cibaExpiresInSeconds ?? 120,
    cibaIntervalSeconds: options.cibaIntervalSeconds ?? 5,
    qrSessionExpiresInSeconds: options.qrSessionExpiresInSeconds ?? 120,
    qrSessionIntervalSeconds: options.qrSessionIntervalSeconds ?? 2,
  };
  const received: FakeIdpRequest[] = [];
  const failures = new Map<FakeIdpEndpoint, InjectedFailure[]>();

  /** Reads the body (form or JSON), records the request, applies a scripted failure, maps rejections. */
  const handle =
    (
      endpoint: FakeIdpEndpoint,
      answer: (call: {
        request: Request;
        form: Record<string, string>;
        body: unknown;
        params: Record<string, string>;
        entry: Record<string, unknown>;
      }) => Promise<Response>,
    ) =>
    async ({
      request,
      params,
    }: {
      request: Request;
      params: Record<string, string | readonly string[] | undefined>;
    }) => {
      const text = request.method === 'POST' ? await request.text() : '';
      const isJson = (request.headers.get('content-type') ?? '').includes('application/json');
      let body: unknown;
      try {
        body = isJson && text !== '' ? JSON.parse(text) : undefined;
      } catch {
        return HttpResponse.json(
          { error: 'invalid_request', error_description: 'body is not JSON' },
          { status: 400 },
        );
      }
      const form = !isJson && text !== '' ? Object.fromEntries(new URLSearchParams(text)) : {};
      const url = new URL(request.url);
      const entry: Record<string, unknown> = {
        endpoint,
        method: request.method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        form,
        ...(body === undefined ? {} : { json: body }),
        at: Date.now(),
      };
      received.push(entry as unknown as FakeIdpRequest);
      const response = await answerRequest(endpoint, async () => {
        const textParams = Object.fromEntries(
          Object.entries(params).map(([key, value]) => [key, String(value)]),
        );
        return answer({ request, form, body, params: textParams, entry });
      });
      entry.status = response.status;
      return response;
    };

  /** A scripted failure if one is queued for `endpoint`, else the real answer; rejections become 4xx. */
  const answerRequest = async (endpoint: FakeIdpEndpoint, answer: () => Promise<Response>) => {
    const failure = failures.get(endpoint)?.shift();
    if (failure) return answerWithFailure(failure);
    try {
      return await answer();
    } catch (error) {
      if (error instanceof DeviceJwtRejected) {
        const status = error.oauthError === 'invalid_client' ? 401 : 400;
        return HttpResponse.json({ error: error.oauthError, error_description: error.message }, { status });
      }
      if (error instanceof BearerRejected) {
        return HttpResponse.json(
          { error: 'invalid_token', error_description: error.message },
          { status: 401, headers: { 'www-authenticate': 'Bearer error="invalid_token"' } },
        );
      }
      throw error;
    }
  };

  const authenticated = async (form: Record<string, string>, entry: Record<string, unknown>) => {
    if (form.client_assertion_type !== ASSERTION_TYPE || form.client_assertion === undefined) {
      throw new DeviceJwtRejected('invalid_client', 'client assertion required');
    }
    entry.assertionClaims = await verifyDeviceJwt(
      form.client_assertion,
      context.device,
      issuer,
      context.state,
      'assertion',
    );
  };
  const json = ({ status, body }: { status: number; body: unknown }) =>
    HttpResponse.json(body as Record<string, unknown>, { status, headers: { 'cache-control': 'no-store' } });

  const handlers = [
    http.get(
      `${issuer}/.well-known/openid-configuration`,
      handle('discovery', async () =>
        json({
          status: 200,
          body: {
            issuer,
            token_endpoint: `${issuer}/token`,
            introspection_endpoint: `${issuer}/token/introspection`,
            backchannel_authentication_endpoint: `${issuer}/bc-authorize`,
            jwks_uri: `${issuer}/jwks`,
            backchannel_token_delivery_modes_supported: ['poll'],
            token_endpoint_auth_methods_supported: ['private_key_jwt'],
          },
        }),
      ),
    ),
    http.get(
      `${issuer}/jwks`,
      handle('jwks', async () => json({ status: 200, body: await context.keys.jwks() })),
    ),
    http.post(
      `${issuer}/token/introspection`,
      handle('introspection', async ({ form, entry }) => {
        await authenticated(form, entry);
        const issued = context.state.tokens.get(form.token ?? '');
        const active =
          issued !== undefined &&
          issued.kind === 'access' &&
          !issued.revoked &&
          Date.now() < issued.expiresAt;
        const body = active
          ? {
              active,
              sub: issued.sub,
              scope: issued.scope,
              client_id: context.device.clientId,
              token_type: 'Bearer',
              iss: issuer,
              iat: issued.iat,
              exp: Math.floor(issued.expiresAt / 1000),
              aud: issued.audience,
            }
          : { active: false };
        return json({ status: 200, body });
      }),
    ),
    http.post(
      `${issuer}/token`,
      handle('token', async ({ form, entry }) => {
        await authenticated(form, entry);
        return json(await answerTokenRequest(context, form));
      }),
    ),
    http.post(
      `${issuer}/bc-authorize`,
      handle('bc-authorize', async ({ form, entry }) => {
        await authenticated(form, entry);
        return json(
          await answerBcAuthorize(context, form, (claims) => {
            entry.requestObjectClaims = claims;
          }),
        );
      }),
    ),
    http.post(
      `${host}/qr-auth/sessions`,
      handle('qr-session-create', async ({ request, body }) => {
        requireDeviceAccessToken(context, request);
        return json(createQrSession(context, body));
      }),
    ),
    http.get(
      `${host}/qr-auth/sessions/:sessionId`,
      handle('qr-session-status', async ({ request, params }) => {
        requireDeviceAccessToken(context, request);
        return json(qrSessionStatus(context, params.sessionId ?? ''));
      }),
    ),
    http.post(
      `${host}/qr-auth/sessions/:sessionId/callback`,
      handle('qr-session-callback', async ({ body, params }) => {
        const loginHint = (body as { loginHint?: LoginHint } | undefined)?.loginHint;
        if (typeof loginHint?.kind !== 'string' || typeof loginHint.value !== 'string') {
          return json({
            status: 400,
            body: { error: 'invalid_request', error_description: 'loginHint required' },
          });
        }
        return json(scanQrSession(context, params.sessionId ?? '', loginHint));
      }),
    ),
    http.post(
      `${host}/consent/requests`,
      handle('consent-create', async ({ request, body }) => {
        requireDeviceAccessToken(context, request);
        return json(createConsentRequest(context, body));
      }),
    ),
    http.get(
      `${host}/consent/requests/:id`,
      handle('consent-status', async ({ request, params }) => {
        requireDeviceAccessToken(context, request);
        return json(consentStatus(context, params.id ?? ''));
      }),
    ),
  ];

  const cibaRequest = (authReqId?: string) =>
    authReqId === undefined ? context.state.latestCibaRequest() : context.state.cibaRequests.get(authReqId);
  const setStatus = (status: 'approved' | 'denied' | 'expired', authReqId?: string) => {
    const request = cibaRequest(authReqId);
    if (request === undefined)
      throw new Error(`no CIBA request ${authReqId ?? '(latest)'} to mark ${status}`);
    request.status = status;
    // A QR session is deleted once its login is approved.
    const session =
      request.qrSessionId === undefined ? undefined : context.state.qrSessions.get(request.qrSessionId);
    if (session !== undefined && status === 'approved') session.deleted = true;
  };
  const latest = <T>(map: ReadonlyMap<string, T>, id: string | undefined): T | undefined =>
    id === undefined ? [...map.values()].at(-1) : map.get(id);
  const qrSession = (sessionId?: string) => latest(context.state.qrSessions, sessionId);
  const consentRequest = (id?: string) => latest(context.state.consentRequests, id);
  const requireConsent = (id: string | undefined, action: string) => {
    const request = consentRequest(id);
    if (request === undefined) throw new Error(`no consent request ${id ?? '(latest)'} to ${action}`);
    return request;
  };

  return {
    issuer,
    handlers,
    received,
    count: (endpoint) => received.filter((request) => request.endpoint === endpoint).length,
    cibaRequest,
    approve: (authReqId) => setStatus('approved', authReqId),
    deny: (authReqId) => setStatus('denied', authReqId),
    expire: (authReqId) => setStatus('expired', authReqId),
    slowDown: (times = 1) => {
      context.state.slowDownsLeft += times;
    },
    failNext: (endpoint, failure) => {
      failures.set(endpoint, [...(failures.get(endpoint) ?? []), failure]);
    },
    rotateSigningKeys: () => context.keys.rotate(),
    qrSession,
    scanQrSession: (username, sessionId) => {
      const session = qrSession(sessionId);
      if (session === undefined) throw new Error(`no QR session ${sessionId ?? '(latest)'} to scan`);
      const { status, body } = scanQrSession(context, session.sessionId, {
        kind: 'username',
        value: username,
      });
      if (status !== 200)
        throw new Error(`scanning QR session ${session.sessionId} failed: ${JSON.stringify(body)}`);
    },
    expireQrSession: (sessionId) => {
      const session = qrSession(sessionId);
      if (session === undefined || liveQrSession(context, session.sessionId) === undefined) {
        throw new Error(`no live QR session ${sessionId ?? '(latest)'} to expire`);
      }
      session.deleted = true;
    },
    consentRequest,
    approveConsent: (id, values) => approveConsent(context, requireConsent(id, 'approve'), values),
    denyConsent: (id) => {
      requireConsent(id, 'deny').status = 'denied';
    },
    expireConsent: (id) => {
      requireConsent(id, 'expire').status = 'expired';
    },
    revokeAccessTokens: () => {
      for (const token of context.state.tokens.values()) if (token.kind === 'access') token.revoked = true;
    },

    signJwt: (claims, signOptions) => context.keys.sign({ ...claims }, signOptions?.typ),
  };
}
