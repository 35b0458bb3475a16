import {
  bookControls,
  DEMO_USERS,
  type IdpConsentRequest,
  type IdpQrSession,
  type IdpScenarioControls,
  type IdpUser,
} from '@ones.dev/idp-model';
import type { JWK } from 'jose';
import type { HttpHandler } from 'msw';
import type { TestDevice } from '../test-device.js';
import type { FakeIdpContext } from './fake-idp-context.js';
import type { FakeIdpEndpoint, FakeIdpRequest, InjectedFailure } from './fake-idp-controls.js';
import { createFakeIdpHandlers } from './fake-idp-handlers.js';
import { type FakeCibaRequest, FakeIdpState } from './fake-idp-state.js';
import { IdpSigningKeys } from './idp-signing-keys.js';

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
  /** Users CIBA logins can name; default alice and bob (`DEMO_USERS`, as dev-idp). */
  readonly users?: readonly IdpUser[];
  readonly tokenLifetimeSeconds?: number;
  readonly cibaExpiresInSeconds?: number;
  readonly cibaIntervalSeconds?: number;
  readonly qrSessionExpiresInSeconds?: number;
  readonly qrSessionIntervalSeconds?: number;
  /** UserInfo answers as a JWT signed with the IdP's key (`application/jwt`) instead of JSON. */
  readonly userInfoAsJwt?: boolean;
  /**
   * The client's public encryption JWK (`encryptionPublicJwk` of `@ones.dev/backend-modules`): ID
   * tokens, and UserInfo answers with `userInfoAsJwt`, are encrypted to it (nested JWT, its `alg`,
   * `A256GCM`), as OnesID does for a client registered with `id_token_encrypted_response_alg`.
   */
  readonly encryptTo?: JWK;
  /**
   * The JWT-bearer grant's policy (RFC 7523 §2.1): the `sub`s the device may assert, e.g.
   * `['user-alice']`. Default none: the grant answers `invalid_request`, as oidc-provider does.
   */
  readonly jwtBearerSubjects?: readonly string[];
}

/**
 * A fake OnesID IdP for MSW: its handlers, what it received, and the scenario controls it shares
 * with dev-idp (`IdpScenarioControls`), plus a few only a fake can offer.
 *
 * @example
 * ```ts
 * import { createFakeOnesIdp, createTestDevice } from '@ones.dev/testing';
 * const idp = createFakeOnesIdp({ host: 'https://id.example', device: await createTestDevice() });
 * await idp.approveLogin(); // the latest CIBA login
 * ```
 */
export interface FakeOnesIdp extends IdpScenarioControls {
  readonly issuer: string;
  /** Pass to `setupServer(...idp.handlers)` or `server.use(...idp.handlers)`. */
  readonly handlers: readonly HttpHandler[];
  /** Every request, in order, decoded. */
  readonly received: readonly FakeIdpRequest[];
  /** How many requests an endpoint received. */
  count(endpoint: FakeIdpEndpoint): number;
  /** A CIBA login by id, or the latest. */
  cibaRequest(authReqId?: string): FakeCibaRequest | undefined;
  /** A live QR session by id, or the latest. */
  qrSession(sessionId?: string): IdpQrSession | undefined;
  /** A consent request by id, or the latest. */
  consentRequest(id?: string): IdpConsentRequest | undefined;
  /** A CIBA login expires now (default: the latest). */
  expireLogin(login?: { readonly authReqId?: string | undefined }): void;
  /** The next request to `endpoint` fails as described. */
  failNext(endpoint: FakeIdpEndpoint, failure: InjectedFailure): void;
  /** Revokes every access token issued so far: the next bearer call gets 401. */
  revokeAccessTokens(): void;
  /**
   * Signs any claims with the IdP's current key (ES256, its `kid`), to test your own token handling:
   * expired, wrong audience, extra claims. Nothing is filled in for you.
   */
  signJwt(claims: Readonly<Record<string, unknown>>, options?: { readonly typ?: string }): Promise<string>;
}

/**
 * Creates a fake OnesID IdP: discovery, JWKS, token (client_credentials, CIBA, refresh),
 * introspection and bc-authorize, the QR and consent endpoints, as MSW handlers. It verifies what it
 * receives as a real IdP would — assertion and request-object signatures against the device's public
 * key, `iss`/`sub`/`aud`/`exp`, `jti` replay — and follows CIBA's rules (single-use `auth_req_id`,
 * revocation on reuse). QR sessions and consent requests follow the model dev-idp follows too.
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
  const context: FakeIdpContext = {
    host,
    issuer: `${host}/oidc`,
    device: options.device,
    users: options.users ?? DEMO_USERS,
    state: new FakeIdpState({
      qrSessionExpiresInSeconds: options.qrSessionExpiresInSeconds ?? 120,
      qrSessionIntervalSeconds: options.qrSessionIntervalSeconds ?? 2,
    }),
    keys: new IdpSigningKeys(),
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 300,
    cibaExpiresInSeconds: options.cibaExpiresInSeconds ?? 120,
    cibaIntervalSeconds: options.cibaIntervalSeconds ?? 5,
    userInfoAsJwt: options.userInfoAsJwt ?? false,
    encryptTo: options.encryptTo,
    jwtBearerSubjects: options.jwtBearerSubjects ?? [],
  };
  const { state } = context;
  const received: FakeIdpRequest[] = [];
  const failures = new Map<FakeIdpEndpoint, InjectedFailure[]>();

  const cibaRequest = (authReqId?: string) =>
    authReqId === undefined ? state.latestCibaRequest() : state.cibaRequests.get(authReqId);
  const decideLogin = (status: 'approved' | 'denied' | 'expired', authReqId?: string) => {
    const request = cibaRequest(authReqId);
    if (request === undefined) throw new Error(`no CIBA login ${authReqId ?? '(latest)'} to mark ${status}`);
    request.status = status;
    // A QR session is gone once its login is approved.
    if (status === 'approved' && request.qrSessionId !== undefined)
      state.qrSessions.delete(request.qrSessionId);
  };
  const qrSession = (sessionId?: string) =>
    sessionId === undefined ? state.qrSessions.list().at(-1) : state.qrSessions.get(sessionId);
  const consentRequest = (id?: string) =>
    id === undefined ? state.consentRequests.list().at(-1) : state.consentRequests.get(id);

  return {
    issuer: context.issuer,
    handlers: createFakeIdpHandlers(context, received, failures),
    received,
    count: (endpoint) => received.filter((request) => request.endpoint === endpoint).length,
    cibaRequest,
    qrSession,
    consentRequest,
    approveLogin: async (login = {}) => decideLogin('approved', login.authReqId),
    denyLogin: async (login = {}) => decideLogin('denied', login.authReqId),
    expireLogin: (login = {}) => decideLogin('expired', login.authReqId),
    ...bookControls({
      users: context.users,
      qrSessions: state.qrSessions,
      consentRequests: state.consentRequests,
    }),
    slowDownNextPolls: ({ times = 1 } = {}) => {
      state.slowDownsLeft += times;
    },
    rotateSigningKeys: () => context.keys.rotate(),
    failNext: (endpoint, failure) => {
      failures.set(endpoint, [...(failures.get(endpoint) ?? []), failure]);
    },
    revokeAccessTokens: () => {
      for (const token of state.tokens.values()) if (token.kind === 'access') token.revoked = true;
    },
    signJwt: (claims, signOptions) => context.keys.sign({ ...claims }, signOptions?.typ),
  };
}
