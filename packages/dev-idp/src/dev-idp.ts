import { mkdtemp } from 'node:fs/promises';
import { createServer, IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PersonalDataConsentProperty } from '@ones.dev/common';
import Provider, { errors, type KoaContextWithOIDC } from 'oidc-provider';
import { routeApprovalRequest } from './approval/approval-routes.js';
import type { DevDeviceKeyType } from './device/device-key-type.js';
import { type DevDevice, enrolDevice } from './device/enrol-device.js';
import { ConsentRequests, type DevConsentRequest } from './extensions/consent-requests.js';
import { routeExtensionRequest } from './extensions/extension-routes.js';
import { type DevQrSession, QrSessions } from './extensions/qr-sessions.js';
import { readBody, sendJson } from './http/json-io.js';
import { DevIdpStore } from './oidc/memory-adapter.js';
import { type CibaPrompt, deviceClient, providerConfiguration } from './oidc/provider-configuration.js';
import { type DevDeviceSigner, startDeviceSigner } from './signer/start-device-signer.js';
import { IdpSigningKeys } from './signing-keys.js';
import { DEMO_USERS, type DevIdpUser, findUser } from './users.js';

/**
 * Options of {@link startDevIdp}.
 *
 * @example
 * ```ts
 * import type { StartDevIdpOptions } from '@ones.dev/dev-idp';
 * const options: StartDevIdpOptions = { port: 4000, signerPort: 8000, keyType: 'ECC:p256', folder: '.ones-dev' };
 * ```
 */
export interface StartDevIdpOptions {
  /** Port of the IdP on 127.0.0.1; default 0 (a free one). */
  readonly port?: number;
  /** Port of the device signer on 127.0.0.1; default 0. px-device-identity-service uses 8000. */
  readonly signerPort?: number;
  /** Key type of the enrolled device; default `ECC:p256`. */
  readonly keyType?: DevDeviceKeyType;
  /** Where `device.yml` and the device key go; default a new temporary folder. Reused when it holds a device. */
  readonly folder?: string;
  /** Users who can log in; default alice and bob. */
  readonly users?: readonly DevIdpUser[];
  /** Resource indicators that get JWT access tokens; default `['https://api.example.com']`. */
  readonly resources?: readonly string[];
  /** The CIBA polling interval the IdP announces; default 2 s. */
  readonly cibaIntervalSeconds?: number;
  /** How the signer encodes ECDSA signatures; default raw. */
  readonly signerEncoding?: 'raw' | 'der';
  /** How long a QR-code session lives before it is scanned and approved; default 120 s. */
  readonly qrSessionExpiresInSeconds?: number;
  /** How long a consent request waits for the user's decision; default 300 s. */
  readonly consentExpiresInSeconds?: number;
}

/**
 * One request the local OnesID received.
 *
 * @example
 * ```ts
 * import type { DevIdpRequest } from '@ones.dev/dev-idp';
 * const polls = (requests: readonly DevIdpRequest[]) => requests.filter((r) => r.endpoint === 'token').length;
 * ```
 */
export interface DevIdpRequest {
  readonly endpoint: string;
  readonly method: string;
  readonly status: number;
  readonly at: number;
}

/**
 * A running local OnesID, with the controls a phone (or a test) has.
 *
 * @example
 * ```ts
 * import { startDevIdp } from '@ones.dev/dev-idp';
 * const idp = await startDevIdp();
 * console.info(`IdP ${idp.url}, approve at ${idp.approvalUrl}, device.yml at ${idp.device.configPath}`);
 * await idp.stop();
 * ```
 */
export interface DevIdp {
  /** The IdP base URL (`device.yml` `host`); the issuer is `{url}/oidc`. */
  readonly url: string;
  readonly issuer: string;
  /** The page that plays the phone app. */
  readonly approvalUrl: string;
  readonly device: DevDevice;
  readonly signer: DevDeviceSigner;
  readonly users: readonly DevIdpUser[];
  /** CIBA logins waiting for the user. */
  pendingLogins(): CibaPrompt[];
  /** Resolves with the next pending login that matches (default: any), polling every 50 ms. */
  waitForLogin(match?: (login: CibaPrompt) => boolean, timeoutMs?: number): Promise<CibaPrompt>;
  /** The user approves a CIBA login (default: the oldest pending). */
  approveLogin(authReqId?: string): Promise<void>;
  /** The user denies a CIBA login (default: the oldest pending). */
  denyLogin(authReqId?: string): Promise<void>;
  qrSessions(): DevQrSession[];
  /** The phone app scans a QR session as `username`. */
  scanQrSession(sessionId: string, username: string): void;
  consentRequests(): DevConsentRequest[];
  approveConsent(id: string, values?: Readonly<Partial<Record<PersonalDataConsentProperty, string>>>): void;
  denyConsent(id: string): void;
  /** The next `times` CIBA polls answer `slow_down` (oidc-provider never does on its own). */
  slowDownNextPolls(times?: number): void;
  /** New signing keys (the previous generation stays published); returns the new ES256 `kid`. */
  rotateSigningKeys(): Promise<string>;
  /** Every request answered, in order (a connection dropped before the answer is not listed). */
  requests(): readonly DevIdpRequest[];
  /** Requests per endpoint. */
  requestCounts(): Record<string, number>;
  stop(): Promise<void>;
}

function endpointOf(path: string): string {
  if (path === '/oidc/.well-known/openid-configuration') return 'discovery';
  if (path === '/oidc/jwks') return 'jwks';
  if (path === '/oidc/token') return 'token';
  if (path === '/oidc/token/introspection') return 'introspection';
  if (path === '/oidc/bc-authorize') return 'bc-authorize';
  if (path === '/qr-auth/sessions') return 'qr-session-create';
  if (/^\/qr-auth\/sessions\/[^/]+\/callback$/.test(path)) return 'qr-session-callback';
  if (/^\/qr-auth\/sessions\/[^/]+$/.test(path)) return 'qr-session-status';
  if (path === '/consent/requests') return 'consent-create';
  if (/^\/consent\/requests\/[^/]+$/.test(path)) return 'consent-status';
  if (path.startsWith('/approve')) return 'approve';
  return path.startsWith('/oidc/') ? `oidc${path.slice(5)}` : 'other';
}

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
 * Starts a local OnesID on 127.0.0.1: an OpenID provider (oidc-provider) at `{url}/oidc` with CIBA
 * (signed request objects; poll, ping enabled), client_credentials, introspection, refresh tokens and JWT
 * access tokens for resources; the OnesID extensions (QR sessions, consent); a device enrolled with a
 * fresh key and its `device.yml`; a px-device-identity-style signer; and an approval page.
 *
 * @param options - ports, key type, folder, users
 * @returns the running IdP and its controls
 * @example
 * ```ts
 * import { startDevIdp } from '@ones.dev/dev-idp';
 * const idp = await startDevIdp({ keyType: 'RSA:2048' });
 * const login = await idp.waitForLogin();
 * await idp.approveLogin(login.authReqId);
 * ```
 */
export async function startDevIdp(options: StartDevIdpOptions = {}): Promise<DevIdp> {
  const users = options.users ?? DEMO_USERS;
  const resources = options.resources ?? ['https://api.example.com'];
  const intervalSeconds = options.cibaIntervalSeconds ?? 2;
  const folder = options.folder ?? (await mkdtemp(join(tmpdir(), 'ones-dev-idp-')));
  const store = new DevIdpStore();
  const keys = new IdpSigningKeys();
  await keys.rotate();
  const qr = new QrSessions(options.qrSessionExpiresInSeconds ?? 120, 2);
  const consent = new ConsentRequests(options.consentExpiresInSeconds ?? 300);
  const prompts = new Map<string, CibaPrompt>();
  const log: DevIdpRequest[] = [];
  let slowDowns = 0;

  // Bind first: the device.yml must name the real port.
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = `${url}/oidc`;
  let device: DevDevice;
  let signer: DevDeviceSigner;
  try {
    device = await enrolDevice(folder, url, options.keyType ?? 'ECC:p256');
    signer = await startDeviceSigner(device, options.signerPort ?? 0, options.signerEncoding ?? 'raw');
  } catch (error) {
    server.close();
    throw error;
  }

  // QR link bookkeeping per bc-authorize request
  const reservations = new WeakMap<KoaContextWithOIDC, { complete(id: string): void; abandon(): void }>();
  const alreadyLinked = new WeakMap<KoaContextWithOIDC, string>();
  const hooks = {
    users,
    intervalSeconds,
    checkQrLink: async (ctx: KoaContextWithOIDC, sessionId: string, user: DevIdpUser | undefined) => {
      const outcome = await qr.reserve(sessionId, user);
      if ('complete' in outcome) {
        reservations.set(ctx, outcome);
        return;
      }
      if (outcome.kind === 'invalid') throw new errors.InvalidRequest(outcome.description);
      alreadyLinked.set(ctx, outcome.authRequestId);
      const error = new errors.CustomOIDCProviderError(
        'qr_session_already_linked',
        'this QR session already has a CIBA request',
      );
      Object.assign(error, { status: 409, statusCode: 409 });
      throw error;
    },
    prompt: (ctx: KoaContextWithOIDC, prompt: CibaPrompt) => {
      prompts.set(prompt.authReqId, prompt);
      reservations.get(ctx)?.complete(prompt.authReqId);
      reservations.delete(ctx);
    },
  };

  const makeProvider = () => {
    const provider = new Provider(
      issuer,
      providerConfiguration({ clients: [deviceClient(device)], jwks: keys.jwks(), store, resources, hooks }),
    );
    // Complete the OnesID answers the provider cannot give by itself.
    provider.use(async (ctx, next) => {
      await next();
      const reservation = reservations.get(ctx as KoaContextWithOIDC);
      if (reservation) reservation.abandon();
      const linked = alreadyLinked.get(ctx as KoaContextWithOIDC);
      if (linked !== undefined) {
        const request = await provider.BackchannelAuthenticationRequest.find(linked, {
          ignoreExpiration: true,
        });
        const expiresIn = Math.max(1, (request?.exp ?? 0) - Math.floor(Date.now() / 1000));
        ctx.status = 409;
        ctx.body = {
          ...(ctx.body as object),
          auth_req_id: linked,
          expires_in: expiresIn,
          interval: intervalSeconds,
        };
      }
    });
    return provider;
  };
  let provider = makeProvider();
  let oidc = provider.callback();

  /** Whether `Authorization` carries a live device access token (client_credentials, this device). */
  const isDeviceToken = async (authorization: string | undefined): Promise<boolean> => {
    const [scheme, token] = (authorization ?? '').split(' ');
    const found =
      scheme?.toLowerCase() === 'bearer' && token ? await provider.ClientCredentials.find(token) : undefined;
    return found?.clientId === device.clientId;
  };

  /** The seconds a CIBA request has left and its polling interval, as a QR session reports them. */
  const cibaPolling = async (authReqId: string) => {
    const request = await provider.BackchannelAuthenticationRequest.find(authReqId);
    if (request?.exp === undefined) return undefined;
    return {
      expires_in: Math.max(1, request.exp - Math.floor(Date.now() / 1000)),
      interval: intervalSeconds,
    };
  };

  /** Pending logins that have not expired; expired ones are forgotten. */
  const livePrompts = () => {
    for (const [id, prompt] of prompts) if (prompt.expiresAt <= Date.now()) prompts.delete(id);
    return [...prompts.values()];
  };

  const decideLogin = async (approve: boolean, authReqId?: string) => {
    const id = authReqId ?? livePrompts()[0]?.authReqId;
    const prompt = id === undefined ? undefined : prompts.get(id);
    if (prompt === undefined || id === undefined)
      throw new Error(`no pending login ${authReqId ?? '(oldest)'}`);
    const request = await provider.BackchannelAuthenticationRequest.find(id);
    prompts.delete(id);
    if (request === undefined) throw new Error(`login ${id} has expired`);
    if (!approve) {
      Object.assign(request, { errorDescription: 'the user denied the login' });
      await provider.backchannelResult(request, new errors.AccessDenied('the user denied the login'));
      return;
    }
    const grant = new provider.Grant({
      accountId: request.accountId ?? prompt.user.sub,
      clientId: request.clientId ?? device.clientId,
    });
    grant.addOIDCScope(request.scope ?? 'openid');
    const requested = (request as { resource?: string | string[] }).resource;
    for (const resource of typeof requested === 'string' ? [requested] : (requested ?? []))
      grant.addResourceScope(resource, 'api:read');
    await grant.save();
    await provider.backchannelResult(request, grant);
    if (prompt.qrSessionId !== undefined) qr.delete(prompt.qrSessionId); // approved: the session is done
  };

  const port = new URL(url).port;
  const allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = new Set([...allowedHosts].map((host) => `http://${host}`));

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    // Loopback only, and not reachable through DNS rebinding: the Host must be this server.
    if (!allowedHosts.has(request.headers.host ?? ''))
      return sendJson(response, 421, { error: 'misdirected_request' });
    const path = new URL(request.url ?? '/', url).pathname;
    const method = request.method ?? 'GET';
    // The approval page acts for the user: no other site may post to it.
    const origin = request.headers.origin;
    if (
      method === 'POST' &&
      path.startsWith('/approve/') &&
      origin !== undefined &&
      !allowedOrigins.has(origin)
    ) {
      return sendJson(response, 403, {
        error: 'forbidden',
        error_description: 'cross-origin approval refused',
      });
    }
    const endpoint = endpointOf(path);
    response.on('finish', () => log.push({ endpoint, method, status: response.statusCode, at: Date.now() }));
    if (path === '/oidc' || path.startsWith('/oidc/')) {
      Object.assign(request, { originalUrl: request.url });
      let forwarded = request;
      if (endpoint === 'token' && method === 'POST' && slowDowns > 0) {
        const body = await readBody(request);
        if (new URLSearchParams(body).get('grant_type') === 'urn:openid:params:grant-type:ciba') {
          slowDowns -= 1;
          return sendJson(response, 400, { error: 'slow_down', error_description: 'poll less often' });
        }
        forwarded = replay(request, body);
        Object.assign(forwarded, { originalUrl: request.url });
      }
      forwarded.url = (request.url ?? '/').slice('/oidc'.length) || '/';
      return oidc(forwarded, response);
    }
    const extensions = { baseUrl: url, users, qr, consent, isDeviceToken, cibaPolling };
    if (await routeExtensionRequest(extensions, request, response, path, method)) return;
    const phone = {
      users,
      logins: livePrompts,
      qr,
      consent,
      decideLogin,
      scanQrSession: (sessionId: string, username: string) => controls.scanQrSession(sessionId, username),
    };
    if (await routeApprovalRequest(phone, request, response, path, method)) return;
    sendJson(response, 404, { error: 'not_found' });
  };
  server.on('request', (request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent)
        sendJson(response, 500, { error: 'server_error', error_description: (error as Error).message });
      else response.destroy();
    });
  });

  const controls: DevIdp = {
    url,
    issuer,
    approvalUrl: `${url}/approve`,
    device,
    signer,
    users,
    pendingLogins: () => livePrompts(),
    waitForLogin: async (match = () => true, timeoutMs = 30_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = controls.pendingLogins().find(match);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no matching login within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    approveLogin: (authReqId) => decideLogin(true, authReqId),
    denyLogin: (authReqId) => decideLogin(false, authReqId),
    qrSessions: () => qr.list(),
    scanQrSession: (sessionId, username) => {
      const user = findUser(users, { kind: 'username', value: username });
      if (user === undefined) throw new Error(`no user ${username}`);
      const outcome = qr.scan(sessionId, user);
      if (outcome !== 'scanned') throw new Error(`cannot scan QR session ${sessionId}: ${outcome}`);
    },
    consentRequests: () => consent.list(),
    approveConsent: (id, values) => {
      consent.decide(id, true, values);
    },
    denyConsent: (id) => {
      consent.decide(id, false);
    },
    slowDownNextPolls: (times = 1) => {
      slowDowns += times;
    },
    rotateSigningKeys: async () => {
      const kid = await keys.rotate();
      provider = makeProvider();
      oidc = provider.callback();
      return kid;
    },
    requests: () => log,
    requestCounts: () => {
      const counts: Record<string, number> = {};
      for (const { endpoint } of log) counts[endpoint] = (counts[endpoint] ?? 0) + 1;
      return counts;
    },
    stop: async () => {
      await signer.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return controls;
}
