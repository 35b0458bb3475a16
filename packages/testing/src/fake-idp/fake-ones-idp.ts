import { type HttpHandler, HttpResponse, http } from 'msw';
import type { TestDevice } from '../test-device.js';
import { answerBcAuthorize } from './bc-authorize-endpoint.js';
import type { FakeIdpContext } from './fake-idp-context.js';
import type { FakeIdpEndpoint, FakeIdpRequest, InjectedFailure } from './fake-idp-controls.js';
import { type FakeCibaRequest, FakeIdpState, type FakeIdpUser } from './fake-idp-state.js';
import { IdpSigningKeys } from './idp-signing-keys.js';
import { answerWithFailure } from './inject-failure.js';
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
  /**
   * Signs any claims with the IdP's current key (ES256, its `kid`), to test your own token handling:
   * expired, wrong audience, extra claims. Nothing is filled in for you.
   */
  signJwt(claims: Readonly<Record<string, unknown>>, options?: { readonly typ?: string }): Promise<string>;
}

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const DEFAULT_USERS: readonly FakeIdpUser[] = [
  { username: 'alice', sub: 'user-alice', email: 'alice@example.com', phone: '+15550100' },
  { username: 'bob', sub: 'user-bob', email: 'bob@example.com', phone: '+15550101' },
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
    issuer,
    device: options.device,
    users: options.users ?? DEFAULT_USERS,
    state: new FakeIdpState(),
    keys: new IdpSigningKeys(),
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 300,
    cibaExpiresInSeconds: options.cibaExpiresInSeconds ?? 120,
    cibaIntervalSeconds: options.cibaIntervalSeconds ?? 5,
  };
  const received: FakeIdpRequest[] = [];
  const failures = new Map<FakeIdpEndpoint, InjectedFailure[]>();

  const handle =
    (
      endpoint: FakeIdpEndpoint,
      answer: (form: Record<string, string>, entry: Record<string, unknown>) => Promise<Response>,
    ) =>
    async ({ request }: { request: Request }) => {
      const form =
        request.method === 'POST' ? Object.fromEntries(new URLSearchParams(await request.text())) : {};
      const entry: Record<string, unknown> = { endpoint, method: request.method, form, at: Date.now() };
      received.push(entry as unknown as FakeIdpRequest);
      const failure = failures.get(endpoint)?.shift();
      if (failure) return answerWithFailure(failure);
      try {
        return await answer(form, entry);
      } catch (error) {
        if (error instanceof DeviceJwtRejected) {
          const status = error.oauthError === 'invalid_client' ? 401 : 400;
          return HttpResponse.json({ error: error.oauthError, error_description: error.message }, { status });
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
      handle('introspection', async (form, entry) => {
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
      handle('token', async (form, entry) => {
        await authenticated(form, entry);
        return json(await answerTokenRequest(context, form));
      }),
    ),
    http.post(
      `${issuer}/bc-authorize`,
      handle('bc-authorize', async (form, entry) => {
        await authenticated(form, entry);
        return json(
          await answerBcAuthorize(context, form, (claims) => {
            entry.requestObjectClaims = claims;
          }),
        );
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
    signJwt: (claims, signOptions) => context.keys.sign({ ...claims }, signOptions?.typ),
  };
}
