import {
  isOnesError,
  OnesHttpError,
  OnesOAuthError,
  OnesValidationError,
  type QrAuthSessionCreated,
  type QrAuthSessionIdp,
} from '@ones.dev/common';
import { isWireId } from '@ones.dev/common/internal';
import {
  QR_SESSION_STATUS,
  QrAuthSessionCreatedSchema,
  QrAuthSessionIdpSchema,
} from '@ones.dev/common/schemas';
import type { CibaFlow } from '../ciba/ciba-flow.js';
import type { CallOptions } from '../device-authentication/call-options.js';
import type { DeviceContext } from '../device-authentication/device-context.js';
import type { DeviceTokens } from '../device-authentication/device-tokens.js';
import { abortable } from '../internal/abortable.js';
import { checkOriginIp } from './check-origin-ip.js';
import { QrCibaLinks } from './qr-ciba-links.js';

/** A QR session as a route names it: its id, and the browser's address to pass on. */
export type QrSessionReference = {
  readonly sessionId: string;
  readonly originIp?: string | undefined;
  /** CIBA ping mode: the token for the CIBA login this check may start (see `makeCibaRequest`). */
  readonly clientNotificationToken?: string | undefined;
};

/**
 * QR-code login (an OnesID extension, authenticated with the device access token): making a
 * session, and checking it, which links exactly one CIBA login to a scanned session.
 */
export class QrFlow {
  readonly #context: DeviceContext;
  readonly #tokens: DeviceTokens;
  readonly #ciba: CibaFlow;
  readonly #links = new QrCibaLinks();

  constructor(context: DeviceContext, tokens: DeviceTokens, ciba: CibaFlow) {
    this.#context = context;
    this.#tokens = tokens;
    this.#ciba = ciba;
  }

  /** `POST {host}/qr-auth/sessions`; `cbUrl` must be on the IdP. */
  async makeQrAuthSessionIdp(
    options: CallOptions & { readonly originIp?: string },
  ): Promise<QrAuthSessionCreated> {
    const originIp = checkOriginIp(options.originIp);
    const url = `${this.#context.settings.host}/qr-auth/sessions`;
    const json = originIp === undefined ? {} : { originIp };
    const session = await this.#tokens.sendAsDevice(
      { method: 'POST', url, json, schema: QrAuthSessionCreatedSchema },
      options,
    );
    if (!isOnIdp(session.cbUrl, this.#context.settings.host)) {
      throw new OnesValidationError(
        'ERR_VALIDATION_RESPONSE',
        'POST /qr-auth/sessions: "cbUrl" is not on the IdP',
      );
    }
    return session;
  }

  /** Checks a session; the id alone rejects for a vanished one, `{ sessionId }` resolves to `null`. */
  async verifyQrAuthSessionIdp(
    session: string | QrSessionReference,
    options: CallOptions,
  ): Promise<QrAuthSessionIdp | null> {
    const found = await this.#verify(typeof session === 'string' ? { sessionId: session } : session, options);
    if (found === null && typeof session === 'string') {
      throw new OnesHttpError(
        'ERR_QR_SESSION_NOT_FOUND',
        'the QR session is unknown, expired or already approved (the IdP answered HTTP 404)',
        { response: { status: 404, data: { error: 'not_found' } } },
      );
    }
    return found;
  }

  async #verify(
    { sessionId, originIp, clientNotificationToken }: QrSessionReference,
    options: CallOptions,
  ): Promise<QrAuthSessionIdp | null> {
    if (!isWireId(sessionId))
      throw new OnesValidationError('ERR_VALIDATION_ARGUMENT', '"sessionId" must be an id from the IdP');
    const checkedIp = checkOriginIp(originIp);
    const found = await this.#read(sessionId, checkedIp, options);
    const { loginHint } = found ?? {};
    if (
      found === null ||
      found.authRequestId !== undefined ||
      found.status !== QR_SESSION_STATUS.SCANNED ||
      !loginHint
    )
      return found;
    // Shared by every caller for this session, so it runs without any one caller's signal.
    const shared = this.#links.link(sessionId, found.exp, () =>
      this.#ciba.makeCibaRequestWithOptionalQrSession(
        {
          loginHint,
          qrSessionId: sessionId,
          ...(clientNotificationToken === undefined ? {} : { clientNotificationToken }),
        },
        {},
      ),
    );
    try {
      const login = await abortable(shared, options.signal, 'linking the QR session to a CIBA login');
      const { auth_req_id, expires_in, interval } = login;
      return {
        ...found,
        authRequestId: auth_req_id,
        expires_in,
        ...(interval === undefined ? {} : { interval }),
      };
    } catch (error) {
      // The session may have expired or been approved between our read and the link: that is a 404.
      if (error instanceof OnesOAuthError && error.response.status === 400) {
        if ((await this.#read(sessionId, checkedIp, options)) === null) return null;
      }
      throw error;
    }
  }

  /** `GET {host}/qr-auth/sessions/{id}`: the session, or `null` on 404. */
  async #read(
    sessionId: string,
    originIp: string | undefined,
    options: CallOptions,
  ): Promise<QrAuthSessionIdp | null> {
    const query = originIp === undefined ? '' : `?${new URLSearchParams({ originIp })}`;
    const url = `${this.#context.settings.host}/qr-auth/sessions/${encodeURIComponent(sessionId)}${query}`;
    let found: QrAuthSessionIdp;
    try {
      found = await this.#tokens.sendAsDevice(
        { method: 'GET', url, schema: QrAuthSessionIdpSchema },
        options,
      );
    } catch (error) {
      if (isOnesError(error) && (error as { response?: { status?: number } }).response?.status === 404)
        return null;
      throw error;
    }
    if (found.sessionId !== sessionId) {
      throw new OnesValidationError(
        'ERR_VALIDATION_RESPONSE',
        'GET /qr-auth/sessions: answered for another session',
      );
    }
    return found;
  }
}

/** Whether `url` is an http(s) URL on the IdP's origin, under its base path. */
function isOnIdp(url: string, host: string): boolean {
  if (!URL.canParse(url)) return false;
  const target = new URL(url);
  const idp = new URL(`${host}/`);
  return target.origin === idp.origin && target.pathname.startsWith(idp.pathname);
}
