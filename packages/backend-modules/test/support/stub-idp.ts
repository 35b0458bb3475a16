import { randomBytes } from 'node:crypto';
import { OnesHttpError, type OnesOAuthError, type TokenResponse } from '@ones.dev/common';
import { oauthErrorFromResponse } from '@ones.dev/common/internal';
import type { DeviceAuthentication } from '../../src/device-authentication/device-authentication.js';

/** One CIBA login the stub knows: whom it prompts and where it stands. */
export interface StubLogin {
  readonly id: string;
  readonly user: string;
  readonly clientNotificationToken: string | undefined;
  status: 'pending' | 'approved' | 'denied' | 'collected' | 'withdrawn';
}

const oauthError = (error: string): OnesOAuthError =>
  oauthErrorFromResponse({ status: 400, data: { error } }) as OnesOAuthError;

/**
 * The parts of `DeviceAuthentication` the login kit calls, as a stand-in for the kit's unit tests:
 * in memory, instant, recording every call. Users alice and bob exist; a login's tokens are issued
 * once, after `approve`. Failures are set per method (`failWith`). The integration tests run the
 * kit against dev-idp, a real OpenID provider; this is for the kit's own rules on a manual clock.
 */
export class StubIdp {
  readonly calls: { readonly method: string; readonly args: readonly unknown[] }[] = [];
  readonly logins = new Map<string, StubLogin>();
  readonly users = new Set(['alice', 'bob']);
  interval = 2;
  /** Whether the stub advertises the OnesID endpoint that withdraws a CIBA login. */
  offersCancel = true;
  /** Errors the next call of a method throws, in order. */
  readonly #failures = new Map<string, Error[]>();
  readonly authJwtProperties = { requestedExpiry: undefined as number | undefined };

  /** This stub as the kit's `auth` option. */
  get auth(): DeviceAuthentication {
    return this as unknown as DeviceAuthentication;
  }

  /** How many times `method` was called. */
  count(method: string): number {
    return this.calls.filter((call) => call.method === method).length;
  }

  /** The next calls of `method` throw these errors. */
  failWith(method: string, ...errors: Error[]): void {
    this.#failures.set(method, [...(this.#failures.get(method) ?? []), ...errors]);
  }

  /** The IdP could not be reached (for `failWith`). */
  static unreachable(): OnesHttpError {
    return new OnesHttpError('ERR_HTTP_NETWORK', 'the identity provider could not be reached');
  }

  approve(id = this.latest().id): void {
    this.#login(id).status = 'approved';
  }

  deny(id = this.latest().id): void {
    this.#login(id).status = 'denied';
  }

  latest(): StubLogin {
    const login = [...this.logins.values()].at(-1);
    if (login === undefined) throw new Error('no CIBA login yet');
    return login;
  }

  #login(id: string): StubLogin {
    const login = this.logins.get(id);
    if (login === undefined) throw new Error(`no CIBA login ${id}`);
    return login;
  }

  #record(method: string, args: readonly unknown[]): void {
    this.calls.push({ method, args });
    const failure = this.#failures.get(method)?.shift();
    if (failure !== undefined) throw failure;
  }

  async endpoints() {
    return {
      revocation: 'https://id.example/oidc/token/revocation',
      cibaCancel: this.offersCancel ? 'https://id.example/ciba/cancel' : undefined,
    };
  }

  async cancelCibaRequest(id: string): Promise<boolean> {
    this.#record('cancelCibaRequest', [id]);
    const login = this.logins.get(id);
    if (!this.offersCancel || login?.status !== 'pending') return false;
    login.status = 'withdrawn';
    return true;
  }

  async makeCibaRequest(parameters: {
    readonly loginHint: { readonly kind?: string; readonly value: string };
    readonly requestedExpiry?: number;
    readonly clientNotificationToken?: string;
  }) {
    this.#record('makeCibaRequest', [parameters]);
    if (!this.users.has(parameters.loginHint.value)) throw oauthError('unknown_user_id');
    const id = randomBytes(32).toString('base64url').slice(0, 43);
    this.logins.set(id, {
      id,
      user: parameters.loginHint.value,
      clientNotificationToken: parameters.clientNotificationToken,
      status: 'pending',
    });
    return { auth_req_id: id, expires_in: parameters.requestedExpiry ?? 120, interval: this.interval };
  }

  async checkCibaStatus(id: string): Promise<TokenResponse> {
    this.#record('checkCibaStatus', [id]);
    const login = this.logins.get(id);
    if (login === undefined || login.status === 'collected' || login.status === 'withdrawn')
      throw oauthError('invalid_grant');
    if (login.status === 'denied') throw oauthError('access_denied');
    if (login.status === 'pending') throw oauthError('authorization_pending');
    login.status = 'collected';
    return this.#tokens(login.user);
  }

  async validateJwt(idToken: string) {
    this.#record('validateJwt', [idToken]);
    const sub = idToken.split('.')[1] ?? '';
    return { sub, name: `${sub} Example` };
  }

  async userInfo(accessToken: string) {
    this.#record('userInfo', [accessToken]);
    return { sub: accessToken.split('.')[1] ?? '' };
  }

  async refreshAccessToken(refreshToken: string): Promise<TokenResponse> {
    this.#record('refreshAccessToken', [refreshToken]);
    if (!refreshToken.startsWith('rt.')) throw oauthError('invalid_grant');
    return this.#tokens(refreshToken.split('.')[1] ?? '');
  }

  async revokeToken(token: string, hint: string) {
    this.#record('revokeToken', [token, hint]);
  }

  #tokens(user: string): TokenResponse {
    const nonce = randomBytes(6).toString('base64url');
    return {
      access_token: `at.user-${user}.${nonce}`,
      refresh_token: `rt.${user}.${nonce}`,
      id_token: `id.user-${user}.${nonce}`,
      token_type: 'Bearer',
      expires_in: 300,
    } as TokenResponse;
  }
}
