import {
  CONSENT_STATUS,
  OnesValidationError,
  type PersonalDataConsentProperty,
  type PollOptions,
} from '@ones.dev/common';
import { isWireId, pollUntil } from '@ones.dev/common/internal';
import {
  type ConsentRequestCreated,
  ConsentRequestCreatedSchema,
  type ConsentStatusResponse,
  ConsentStatusResponseSchema,
} from '@ones.dev/common/schemas';
import type { CallOptions } from '../device-authentication/call-options.js';
import type { DeviceContext } from '../device-authentication/device-context.js';
import type { DeviceTokens } from '../device-authentication/device-tokens.js';
import { checkConsentRequest } from './check-consent-request.js';

/** Options of a wait for a consent decision: the poll's signal and hook, its interval and its end. */
export type WaitForConsentDecisionOptions = PollOptions & {
  readonly intervalSeconds?: number;
  readonly expiresInSeconds?: number;
};

/**
 * Consent requests (an OnesID extension, authenticated with the device access token): asking a user
 * to release personal data, reading the decision, and waiting for it.
 */
export class ConsentFlow {
  readonly #context: DeviceContext;
  readonly #tokens: DeviceTokens;

  constructor(context: DeviceContext, tokens: DeviceTokens) {
    this.#context = context;
    this.#tokens = tokens;
  }

  /** `POST {host}/consent/requests`, checked before anything is sent. */
  async makeConsentRequest(
    subject: string,
    resource: string,
    content: readonly { readonly name: PersonalDataConsentProperty }[],
    reason: string,
    options: CallOptions,
  ): Promise<ConsentRequestCreated> {
    const json = checkConsentRequest({ subject, resource, content, reason });
    const url = `${this.#context.settings.host}/consent/requests`;
    return this.#tokens.sendAsDevice(
      { method: 'POST', url, json, schema: ConsentRequestCreatedSchema },
      options,
    );
  }

  /** `GET {host}/consent/requests/{id}`: pending, approved (with the values), denied or expired. */
  async checkConsentStatus(id: string, options: CallOptions): Promise<ConsentStatusResponse> {
    if (!isWireId(id))
      throw new OnesValidationError('ERR_VALIDATION_ARGUMENT', '"id" must be an id from the IdP');
    const url = `${this.#context.settings.host}/consent/requests/${encodeURIComponent(id)}`;
    const status = await this.#tokens.sendAsDevice(
      { method: 'GET', url, schema: ConsentStatusResponseSchema },
      options,
    );
    if (status.id !== id) {
      throw new OnesValidationError(
        'ERR_VALIDATION_RESPONSE',
        'GET /consent/requests: answered for another request',
      );
    }
    return status;
  }

  /** Polls until the user decides (approved, denied or expired), by the CIBA poller's rules. */
  waitForConsentDecision(id: string, options: WaitForConsentDecisionOptions): Promise<ConsentStatusResponse> {
    const { intervalSeconds = 5, expiresInSeconds = 300, ...pollOptions } = options;
    return pollUntil({
      what: 'the consent request',
      interval: { seconds: intervalSeconds, parameter: 'intervalSeconds' },
      expiresIn: { seconds: expiresInSeconds, parameter: 'expiresInSeconds' },
      ...pollOptions,
      poll: async ({ timeoutMs }) => {
        const call = { timeoutMs, ...(options.signal ? { signal: options.signal } : {}) };
        const status = await this.checkConsentStatus(id, call);
        return status.status === CONSENT_STATUS.PENDING
          ? { done: false, outcome: 'pending' }
          : { done: true, value: status };
      },
    });
  }
}
