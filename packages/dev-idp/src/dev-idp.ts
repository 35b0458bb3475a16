import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  bookControls,
  ConsentBook,
  DEMO_USERS,
  type IdpConsentRequest,
  type IdpQrSession,
  type IdpScenarioControls,
  type IdpUser,
  QrSessionBook,
} from '@ones.dev/idp-model';
import type { JWK } from 'jose';
import type { DevDeviceKeyType } from './device/device-key-type.js';
import { type DevDevice, enrolDevice, recordDeviceIdentityUrl } from './device/enrol-device.js';
import { type DevIdpRequest, devIdpRequestListener } from './http/dev-idp-handler.js';
import { DevOidc } from './oidc/dev-oidc.js';
import type { PingDelivery } from './oidc/ping-delivery.js';
import type { CibaPrompt } from './oidc/provider-configuration.js';
import { type DevDeviceSigner, startDeviceSigner } from './signer/start-device-signer.js';

export type { DevIdpRequest } from './http/dev-idp-handler.js';

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
  /**
   * Where `device.yml` and the device key go; reused when it holds a device. Default: a new temporary
   * folder, removed by `stop()` (the device's private key does not outlive the IdP).
   */
  readonly folder?: string;
  /** Users who can log in; default alice and bob. */
  readonly users?: readonly IdpUser[];
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
  /** How the IdP signs ID tokens and JWT access tokens; default ES256. */
  readonly tokenSigningAlg?: 'ES256' | 'RS256';
  /**
   * Registers the device for signed UserInfo answers (`userinfo_signed_response_alg`, the
   * `tokenSigningAlg`): `/oidc/me` then answers a JWT (`application/jwt`). Default: JSON.
   */
  readonly userInfoAsJwt?: boolean;
  /**
   * Registers the device for encrypted ID tokens (and encrypted UserInfo with `userInfoAsJwt`): this
   * public JWK (`encryptionPublicJwk` of `@ones.dev/backend-modules`) joins the client's keys, and
   * `id_token_encrypted_response_alg` is its `alg` (ECDH-ES, ECDH-ES+A128KW/A192KW/A256KW or
   * RSA-OAEP-256) with `A256GCM`. Default: signed-only tokens.
   */
  readonly encryptTo?: JWK;
  /**
   * The JWT-bearer grant's policy (RFC 7523 §2.1): the `sub`s the device may get tokens for with an
   * assertion it signs, e.g. `['user-alice']`. Default none: the device is not registered for the grant.
   */
  readonly jwtBearerSubjects?: readonly string[];
  /**
   * Registers the device for CIBA ping mode, announcing every approval and denial to this URL
   * (`POST { auth_req_id }` with the request's `client_notification_token` as a bearer token; plain
   * http is fine on loopback). Every CIBA request must then carry a `client_notification_token`.
   * Default: poll mode.
   */
  readonly cibaPingEndpoint?: string;
}

/**
 * A running local OnesID, with the controls a phone (or a test) has: the same
 * {@link IdpScenarioControls} as the MSW fake of `@ones.dev/testing`, so a scenario reads the same on both.
 *
 * @example
 * ```ts
 * import { startDevIdp } from '@ones.dev/dev-idp';
 * const idp = await startDevIdp();
 * console.info(`IdP ${idp.url}, approve at ${idp.approvalUrl}, device.yml at ${idp.device.configPath}`);
 * await idp.stop();
 * ```
 */
export interface DevIdp extends IdpScenarioControls {
  /** The IdP base URL (`device.yml` `host`); the issuer is `{url}/oidc`. */
  readonly url: string;
  readonly issuer: string;
  /** The page that plays the phone app. */
  readonly approvalUrl: string;
  readonly device: DevDevice;
  readonly signer: DevDeviceSigner;
  readonly users: readonly IdpUser[];
  /** CIBA logins waiting for the user, oldest first. */
  pendingLogins(): CibaPrompt[];
  /** Resolves with the next pending login that matches (default: any), polling every 50 ms. */
  waitForLogin(match?: (login: CibaPrompt) => boolean, timeoutMs?: number): Promise<CibaPrompt>;
  /** Live QR sessions, oldest first. */
  qrSessions(): IdpQrSession[];
  /** Consent requests, oldest first. */
  consentRequests(): IdpConsentRequest[];
  /** Every request answered, in order (a connection dropped before the answer is not listed). */
  requests(): readonly DevIdpRequest[];
  /** Requests per endpoint. */
  requestCounts(): Record<string, number>;
  /** The CIBA ping notifications sent (with `cibaPingEndpoint`), oldest first. */
  pingsSent(): readonly PingDelivery[];
  /** Stops the IdP and its signer, and removes the temporary folder it made (not one you named). */
  stop(): Promise<void>;
}

/** Binds an HTTP server on 127.0.0.1 first: the device.yml must name the real port. */
async function listenOnLoopback(port: number) {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
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
 * await idp.approveLogin({ authReqId: login.authReqId });
 * ```
 */
export async function startDevIdp(options: StartDevIdpOptions = {}): Promise<DevIdp> {
  const users = options.users ?? DEMO_USERS;
  const intervalSeconds = options.cibaIntervalSeconds ?? 2;
  const folder = options.folder ?? (await mkdtemp(join(tmpdir(), 'ones-dev-idp-')));
  const removeFolder = async () => {
    if (options.folder === undefined) await rm(folder, { recursive: true, force: true });
  };
  const qrSessions = new QrSessionBook({
    expiresInSeconds: options.qrSessionExpiresInSeconds ?? 120,
    intervalSeconds: 2,
  });
  const consentRequests = new ConsentBook({ ttlSeconds: options.consentExpiresInSeconds ?? 300 });
  const log: DevIdpRequest[] = [];

  const { server, url } = await listenOnLoopback(options.port ?? 0);
  let device: DevDevice;
  let signer: DevDeviceSigner;
  let oidc: DevOidc;
  try {
    device = await enrolDevice(folder, url, options.keyType ?? 'ECC:p256');
    signer = await startDeviceSigner(device, options.signerPort ?? 0, options.signerEncoding ?? 'raw');
    await recordDeviceIdentityUrl(device, signer.url);
    const resources = options.resources ?? ['https://api.example.com'];
    oidc = await DevOidc.start({
      issuer: `${url}/oidc`,
      device,
      users,
      resources,
      intervalSeconds,
      qrSessions,
      tokenSigningAlg: options.tokenSigningAlg ?? 'ES256',
      userInfoAsJwt: options.userInfoAsJwt ?? false,
      ...(options.encryptTo === undefined ? {} : { encryptTo: options.encryptTo }),
      jwtBearerSubjects: options.jwtBearerSubjects ?? [],
      ...(options.cibaPingEndpoint === undefined ? {} : { pingEndpoint: options.cibaPingEndpoint }),
    });
  } catch (error) {
    server.close();
    await removeFolder();
    throw error;
  }

  const controls: IdpScenarioControls = {
    approveLogin: (login = {}) => oidc.decideLogin(true, login.authReqId),
    denyLogin: (login = {}) => oidc.decideLogin(false, login.authReqId),
    ...bookControls({ users, qrSessions, consentRequests }),
    slowDownNextPolls: ({ times = 1 } = {}) => oidc.slowDownNextPolls(times),
    rotateSigningKeys: () => oidc.rotateSigningKeys(),
  };
  server.on(
    'request',
    devIdpRequestListener({
      url,
      oidc,
      log,
      extensions: {
        baseUrl: url,
        users,
        qrSessions,
        consentRequests,
        isDeviceToken: (authorization) => oidc.isDeviceToken(authorization),
        cibaPolling: (authReqId) => oidc.cibaPolling(authReqId),
        cancelLogin: (authReqId) => oidc.cancelLogin(authReqId),
      },
      approval: {
        users,
        logins: () => oidc.pendingLogins(),
        qrSessions: () => qrSessions.list(),
        consentRequests: () => consentRequests.list(),
        controls,
      },
    }),
  );

  const idp: DevIdp = {
    ...controls,
    url,
    issuer: `${url}/oidc`,
    approvalUrl: `${url}/approve`,
    device,
    signer,
    users,
    pendingLogins: () => oidc.pendingLogins(),
    waitForLogin: async (match = () => true, timeoutMs = 30_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = oidc.pendingLogins().find(match);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no matching login within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    qrSessions: () => qrSessions.list(),
    consentRequests: () => consentRequests.list(),
    requests: () => log,
    pingsSent: () => oidc.pings,
    requestCounts: () => {
      const counts: Record<string, number> = {};
      for (const { endpoint } of log) counts[endpoint] = (counts[endpoint] ?? 0) + 1;
      return counts;
    },
    stop: async () => {
      await signer.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await removeFolder();
    },
  };
  return idp;
}
