import {
  type CibaAuthenticationResponse,
  OnesOAuthError,
  OnesValidationError,
  type PollOptions,
  type TokenResponse,
} from '@ones.dev/common';
import { isWireId, pollUntil } from '@ones.dev/common/internal';
import { CibaAuthenticationResponseSchema } from '@ones.dev/common/schemas';
import * as z from 'zod/mini';
import type { CallOptions } from '../device-authentication/call-options.js';
import type { DeviceContext } from '../device-authentication/device-context.js';
import type { DeviceTokens } from '../device-authentication/device-tokens.js';
import { abortable } from '../internal/abortable.js';
import { requireNonEmpty } from '../internal/require-non-empty.js';
import {
  buildCibaRequestClaims,
  type CheckedCibaRequest,
  checkCibaRequest,
  type MakeCibaRequestParameters,
  type MakeCibaRequestWithQrSessionParameters,
} from './build-ciba-request-claims.js';
import { type CibaPollAnswer, CibaPollGuard } from './ciba-poll-guard.js';
import { type MakeCibaRequestResult, withVendorSpelling } from './make-ciba-request-result.js';

/** The answer of the OnesID cancel endpoint. */
const CibaCancelAnswerSchema = z.object({ cancelled: z.boolean() });

const CIBA_GRANT_TYPE = 'urn:openid:params:grant-type:ciba';
const SLOW_DOWN = 'slow_down';
/** The answers of a login still waiting (CIBA Core §11): expected while polling, so not thrown there. */
const WAITING_REFUSALS: ReadonlySet<string> = new Set(['authorization_pending', SLOW_DOWN]);

/**
 * CIBA (poll mode): the signed request object to `bc-authorize`, one poll of the token endpoint,
 * and the polling loop. One `auth_req_id` is never polled twice at once nor after its tokens came.
 */
export class CibaFlow {
  readonly #context: DeviceContext;
  readonly #tokens: DeviceTokens;
  readonly #polls = new CibaPollGuard();

  constructor(context: DeviceContext, tokens: DeviceTokens) {
    this.#context = context;
    this.#tokens = tokens;
  }

  /** Starts a login; defaults from `authJwtProperties`. */
  async makeCibaRequest(
    parameters: MakeCibaRequestParameters,
    options: CallOptions,
  ): Promise<MakeCibaRequestResult> {
    const checked = checkCibaRequest(parameters, this.#context.settings.authJwtProperties);
    return withVendorSpelling(await this.#send(checked, options));
  }

  /** Starts a login linked to a QR session; an IdP that says the session is linked already names its login. */
  async makeCibaRequestWithOptionalQrSession(
    parameters: MakeCibaRequestWithQrSessionParameters,
    options: CallOptions,
  ): Promise<MakeCibaRequestResult> {
    const checked = checkCibaRequest(parameters, this.#context.settings.authJwtProperties);
    try {
      return withVendorSpelling(await this.#send(checked, options));
    } catch (error) {
      const linked = checked.qrSessionId === undefined ? undefined : alreadyLinkedRequest(error);
      if (linked === undefined) throw error;
      this.#context.log('info', 'the QR session already has a CIBA request; using it');
      return withVendorSpelling(linked);
    }
  }

  async #send(checked: CheckedCibaRequest, options: CallOptions): Promise<CibaAuthenticationResponse> {
    const { backchannelAuthentication, issuer } = await this.#context.endpoints(options);
    const { clientId } = this.#context.settings;
    const claims = buildCibaRequestClaims(clientId, issuer, checked);
    // The request object and the client assertion are independent: sign them at the same time.
    const [request, clientAuthentication] = await Promise.all([
      this.#context.sign(claims, options.signal),
      this.#tokens.clientAuthentication(options),
    ]);
    const form = { client_id: clientId, request, ...clientAuthentication };
    const schema = CibaAuthenticationResponseSchema;
    return this.#context.send({ method: 'POST', url: backchannelAuthentication, form, schema }, options);
  }

  /** One poll; concurrent polls of one id share one request, and a used id is refused locally. */
  async checkCibaStatus(authReqId: string, options: CallOptions): Promise<TokenResponse> {
    const answer = await this.#poll(authReqId, options);
    if ('refusal' in answer) throw answer.error();
    return answer.data;
  }

  /** Polls by the CIBA rules until the tokens come, the login ends, or `signal`. */
  waitForCibaTokens(
    login: Pick<CibaAuthenticationResponse, 'auth_req_id' | 'expires_in' | 'interval'>,
    options: PollOptions,
  ): Promise<TokenResponse> {
    return pollUntil({
      what: 'the CIBA login',
      interval: { seconds: login.interval ?? 5, parameter: 'login.interval' },
      expiresIn: { seconds: login.expires_in, parameter: 'login.expires_in' },
      ...options,
      poll: async ({ timeoutMs }) => {
        const call = { timeoutMs, ...(options.signal ? { signal: options.signal } : {}) };
        const answer = await this.#poll(login.auth_req_id, call);
        if ('data' in answer) return { done: true, value: answer.data };
        return { done: false, outcome: answer.refusal === SLOW_DOWN ? 'slow_down' : 'pending' };
      },
    });
  }

  /**
   * Withdraws a waiting login from the phone where the IdP offers it (`ones_ciba_cancel_endpoint`):
   * true when the IdP withdrew it, false when it offers no way or the login no longer waits.
   */
  async cancelCibaRequest(authReqId: string, options: CallOptions): Promise<boolean> {
    if (!isWireId(authReqId))
      throw new OnesValidationError(
        'ERR_VALIDATION_ARGUMENT',
        '"authReqId" must be an auth_req_id from the IdP',
      );
    const { cibaCancel } = await this.#context.endpoints(options);
    if (cibaCancel === undefined) return false;
    const json = { auth_req_id: authReqId };
    const call = { method: 'POST', url: cibaCancel, json, schema: CibaCancelAnswerSchema } as const;
    const { cancelled } = await this.#tokens.sendAsDevice(call, options);
    return cancelled;
  }

  /** One token request for `authReqId`: the tokens, or the refusal a waiting login gets. */
  #poll(authReqId: string, options: CallOptions): Promise<CibaPollAnswer> {
    requireNonEmpty(authReqId, 'authReqId');
    // Shared by every caller of this id, so it runs without any one caller's signal.
    const form = { grant_type: CIBA_GRANT_TYPE, auth_req_id: authReqId };
    const timeout = options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs };
    const shared = this.#polls.poll(authReqId, () =>
      this.#tokens.tokenRequestOrRefusal(form, WAITING_REFUSALS, timeout),
    );
    return abortable(shared, options.signal, 'checking the CIBA login');
  }
}

/** The existing CIBA request in an IdP's `qr_session_already_linked` answer, if that is what `error` is. */
function alreadyLinkedRequest(error: unknown): CibaAuthenticationResponse | undefined {
  if (!(error instanceof OnesOAuthError) || error.error !== 'qr_session_already_linked') return undefined;
  const parsed = CibaAuthenticationResponseSchema.safeParse(error.response.data);
  if (!parsed.success) return undefined;
  const { auth_req_id, expires_in, interval } = parsed.data;
  return { auth_req_id, expires_in, ...(interval === undefined ? {} : { interval }) };
}
