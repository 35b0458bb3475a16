import { IncomingMessage, type ServerResponse } from 'node:http';
import {
  answerQrLinkRefusal,
  type IdpUser,
  type QrLinkRefusal,
  type QrLinkReservation,
  type QrSessionBook,
} from '@ones.dev/idp-model';
import type { JWK } from 'jose';
import Provider, { errors, type KoaContextWithOIDC } from 'oidc-provider';
import type { DevDevice } from '../device/enrol-device.js';
import { readBody, sendJson } from '../http/json-io.js';
import { IdpSigningKeys } from './idp-signing-keys.js';
import { registerJwtBearerGrant } from './jwt-bearer-grant.js';
import { DevIdpStore } from './memory-adapter.js';
import { deliverPing, type PingDelivery } from './ping-delivery.js';
import { type CibaPrompt, deviceClient, providerConfiguration } from './provider-configuration.js';

/** What the OpenID provider of a dev-idp is built from. */
export interface DevOidcOptions {
  readonly issuer: string;
  readonly device: DevDevice;
  readonly users: readonly IdpUser[];
  readonly resources: readonly string[];
  readonly intervalSeconds: number;
  readonly qrSessions: QrSessionBook;
  readonly tokenSigningAlg: 'ES256' | 'RS256';
  /** UserInfo as a JWT signed with `tokenSigningAlg`, not JSON. */
  readonly userInfoAsJwt: boolean;
  /** The client's public encryption key: ID tokens (and JWT UserInfo) are encrypted to it. */
  readonly encryptTo?: JWK;
  /** The users the device may assert with the JWT-bearer grant; none: no such grant. */
  readonly jwtBearerSubjects: readonly string[];
  /** CIBA ping mode: where approvals and denials are announced (see {@link deliverPing}). */
  readonly pingEndpoint?: string;
}

const CIBA_GRANT_TYPE = 'urn:openid:params:grant-type:ciba';

/** An IncomingMessage that replays an already-read body, so oidc-provider can read it again. */
function replay(request: IncomingMessage, body: string): IncomingMessage {
  const copy = new IncomingMessage(request.socket);
  copy.method = request.method ?? 'POST';
  copy.url = request.url ?? '/';
  copy.headers = request.headers;
  copy.httpVersion = request.httpVersion;
  copy.push(body);
  copy.push(null);
  // Without this, Node sees the copy end before it is "complete", treats it as aborted and closes
  // the socket under the answer.
  copy.complete = true;
  return copy;
}

/**
 * The OpenID provider of one dev-idp (oidc-provider at `{url}/oidc`): CIBA with the OnesID QR link,
 * the logins waiting on the phone and the user's decisions, `slow_down` on demand, key rotation, and
 * what the OnesID endpoints ask of it (is this the device's access token; how to poll a login).
 */
export class DevOidc {
  readonly #options: DevOidcOptions;
  readonly #store = new DevIdpStore();
  readonly #keys = new IdpSigningKeys();
  readonly #prompts = new Map<string, CibaPrompt>();
  readonly #reservations = new WeakMap<KoaContextWithOIDC, QrLinkReservation>();
  readonly #refusals = new WeakMap<KoaContextWithOIDC, QrLinkRefusal>();
  #provider!: Provider;
  /** The CIBA ping notifications sent, oldest first: the login and how the client answered. */
  readonly pings: PingDelivery[] = [];
  #callback!: ReturnType<Provider['callback']>;
  #slowDowns = 0;

  private constructor(options: DevOidcOptions) {
    this.#options = options;
  }

  /** Makes the first signing keys and the provider. */
  static async start(options: DevOidcOptions): Promise<DevOidc> {
    const oidc = new DevOidc(options);
    await oidc.rotateSigningKeys();
    return oidc;
  }

  /** A new key generation signs from now on; the previous one stays published. Returns its ES256 `kid`. */
  async rotateSigningKeys(): Promise<string> {
    const kid = await this.#keys.rotate();
    this.#provider = this.#makeProvider();
    this.#callback = this.#provider.callback();
    return kid;
  }

  /** Answers a request under `/oidc`, with `slow_down` for the polls asked to get it. */
  async handle(request: IncomingMessage, response: ServerResponse, endpoint: string): Promise<void> {
    Object.assign(request, { originalUrl: request.url });
    let forwarded = request;
    if (endpoint === 'token' && request.method === 'POST' && this.#slowDowns > 0) {
      const body = await readBody(request);
      if (new URLSearchParams(body).get('grant_type') === CIBA_GRANT_TYPE) {
        this.#slowDowns -= 1;
        return sendJson(response, 400, { error: 'slow_down', error_description: 'poll less often' });
      }
      forwarded = replay(request, body);
      Object.assign(forwarded, { originalUrl: request.url });
    }
    forwarded.url = (request.url ?? '/').slice('/oidc'.length) || '/';
    return this.#callback(forwarded, response);
  }

  /** The next `times` CIBA polls answer `slow_down` (oidc-provider never does on its own). */
  slowDownNextPolls(times: number): void {
    this.#slowDowns += times;
  }

  /** CIBA logins waiting on the phone, oldest first; expired ones are forgotten. */
  pendingLogins(): CibaPrompt[] {
    for (const [id, prompt] of this.#prompts) if (prompt.expiresAt <= Date.now()) this.#prompts.delete(id);
    return [...this.#prompts.values()];
  }

  /** The user approves or denies a login (default: the latest pending one). */
  async decideLogin(approve: boolean, authReqId: string | undefined): Promise<void> {
    const id = authReqId ?? this.pendingLogins().at(-1)?.authReqId;
    const prompt = id === undefined ? undefined : this.#prompts.get(id);
    if (prompt === undefined || id === undefined)
      throw new Error(`no pending login ${authReqId ?? '(latest)'}`);
    const provider = this.#provider;
    const request = await provider.BackchannelAuthenticationRequest.find(id);
    this.#prompts.delete(id);
    if (request === undefined) throw new Error(`login ${id} has expired`);
    if (!approve) {
      Object.assign(request, { errorDescription: 'the user denied the login' });
      await provider.backchannelResult(request, new errors.AccessDenied('the user denied the login'));
      return;
    }
    const grant = new provider.Grant({
      accountId: request.accountId ?? prompt.user.sub,
      clientId: request.clientId ?? this.#options.device.clientId,
    });
    grant.addOIDCScope(request.scope ?? 'openid');
    const requested = (request as { resource?: string | string[] }).resource;
    for (const resource of typeof requested === 'string' ? [requested] : (requested ?? []))
      grant.addResourceScope(resource, 'api:read');
    await grant.save();
    await provider.backchannelResult(request, grant);
    if (prompt.qrSessionId !== undefined) this.#options.qrSessions.delete(prompt.qrSessionId); // approved: done
  }

  /**
   * The client withdraws its login (the OnesID cancel endpoint): it leaves the phone and its polls
   * answer `invalid_grant`. False when it no longer waits or is not this device's.
   */
  async cancelLogin(authReqId: string): Promise<boolean> {
    const prompt = this.#prompts.get(authReqId);
    const request = await this.#provider.BackchannelAuthenticationRequest.find(authReqId);
    if (prompt === undefined || request?.clientId !== this.#options.device.clientId) return false;
    this.#prompts.delete(authReqId);
    await request.destroy();
    if (prompt.qrSessionId !== undefined) this.#options.qrSessions.delete(prompt.qrSessionId);
    return true;
  }

  /** Whether `Authorization` carries a live device access token (client_credentials, this device). */
  async isDeviceToken(authorization: string | undefined): Promise<boolean> {
    const [scheme, token] = (authorization ?? '').split(' ');
    const found =
      scheme?.toLowerCase() === 'bearer' && token
        ? await this.#provider.ClientCredentials.find(token)
        : undefined;
    return found?.clientId === this.#options.device.clientId;
  }

  /** The seconds a CIBA request has left and its polling interval; `undefined` once it is gone. */
  async cibaPolling(authReqId: string): Promise<{ expires_in: number; interval: number } | undefined> {
    const request = await this.#provider.BackchannelAuthenticationRequest.find(authReqId, {
      ignoreExpiration: true,
    });
    if (request?.exp === undefined) return undefined;
    const expiresIn = Math.max(1, request.exp - Math.floor(Date.now() / 1000));
    return { expires_in: expiresIn, interval: this.#options.intervalSeconds };
  }

  #makeProvider(): Provider {
    const { issuer, device, users, resources, intervalSeconds, qrSessions, tokenSigningAlg } = this.#options;
    const hooks = {
      users,
      intervalSeconds,
      checkQrLink: async (ctx: KoaContextWithOIDC, sessionId: string, user: IdpUser | undefined) => {
        const outcome = await qrSessions.reserve(sessionId, user);
        if ('complete' in outcome) return void this.#reservations.set(ctx, outcome);
        // Stop the provider here; the answer is the model's, written once the provider is done.
        this.#refusals.set(ctx, outcome);
        throw new errors.InvalidRequest('the QR session refused the link');
      },
      prompt: (ctx: KoaContextWithOIDC, prompt: CibaPrompt) => {
        this.#prompts.set(prompt.authReqId, prompt);
        this.#reservations.get(ctx)?.complete(prompt.authReqId);
        this.#reservations.delete(ctx);
      },
    };
    const jwks = this.#keys.jwks();
    const provider = new Provider(
      issuer,
      providerConfiguration({
        clients: [
          deviceClient(device, {
            tokenSigningAlg,
            pingEndpoint: this.#options.pingEndpoint,
            userInfoAsJwt: this.#options.userInfoAsJwt,
            encryptTo: this.#options.encryptTo,
            jwtBearer: this.#options.jwtBearerSubjects.length > 0,
          }),
        ],
        jwks,
        store: this.#store,
        resources,
        hooks,
        tokenSigningAlg,
        cibaCancelEndpoint: new URL('/ciba/cancel', issuer).href,
      }),
    );
    registerJwtBearerGrant(provider, {
      issuer,
      device,
      subjects: this.#options.jwtBearerSubjects,
      users,
      resources,
      tokenSigningAlg,
    });
    const { pingEndpoint } = this.#options;
    if (pingEndpoint !== undefined) {
      Object.assign(provider.Client.prototype, {
        backchannelPing: (request: { jti: string; params: Record<string, unknown> }) =>
          deliverPing(pingEndpoint, request, this.pings),
      });
    }
    // Complete the OnesID answers the provider cannot give by itself.
    provider.use(async (ctx, next) => {
      await next();
      this.#reservations.get(ctx as KoaContextWithOIDC)?.abandon();
      const refusal = this.#refusals.get(ctx as KoaContextWithOIDC);
      if (refusal === undefined) return;
      const answer = await answerQrLinkRefusal(refusal, (authReqId) => this.cibaPolling(authReqId));
      ctx.status = answer.status;
      ctx.body = answer.body;
    });
    return provider;
  }
}
