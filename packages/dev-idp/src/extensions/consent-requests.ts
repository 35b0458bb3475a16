import {
  CONSENT_STATUS,
  type ConsentStatus,
  PERSONAL_DATA_CONSENT_PROPERTIES,
  type PersonalDataConsentProperty,
} from '@ones.dev/common';
import type { DevIdpUser } from '../users.js';

/**
 * A consent request at the local OnesID.
 *
 * @example
 * ```ts
 * import type { DevConsentRequest } from '@ones.dev/dev-idp';
 * const open = (request: DevConsentRequest) => request.status === 'pending';
 * ```
 */
export interface DevConsentRequest {
  readonly id: string;
  readonly subject: DevIdpUser;
  readonly resource: string;
  readonly reason: string;
  readonly names: readonly PersonalDataConsentProperty[];
  readonly status: ConsentStatus;
  readonly released: Readonly<Partial<Record<PersonalDataConsentProperty, string>>>;
  /** Expiry, ms since the epoch. */
  readonly expiresAt: number;
}

const NAMES = new Set<string>(Object.values(PERSONAL_DATA_CONSENT_PROPERTIES));

/** The consent requests of one dev-idp: create, read, decide. Pending ones expire after `ttlSeconds`. */
export class ConsentRequests {
  readonly #requests = new Map<string, DevConsentRequest>();

  constructor(readonly ttlSeconds: number) {}

  /** Checks and stores a request body; a string says what is wrong with it. */
  create(
    body: unknown,
    users: readonly DevIdpUser[],
  ): DevConsentRequest | { readonly invalid: string } | { readonly unknownSubject: true } {
    const { subject, resource, content, reason } = (body ?? {}) as Record<string, unknown>;
    if (typeof subject !== 'string' || subject === '') return { invalid: 'subject required' };
    if (typeof resource !== 'string' || resource === '') return { invalid: 'resource required' };
    if (typeof reason !== 'string' || reason === '' || reason.length > 500)
      return { invalid: 'reason must be 1 to 500 characters' };
    if (!Array.isArray(content) || content.length === 0)
      return { invalid: 'content must list at least one property' };
    const names = content.map((item) => (item as { name?: unknown } | null)?.name);
    const unknown = names.find((name) => typeof name !== 'string' || !NAMES.has(name));
    if (unknown !== undefined) return { invalid: `unknown property ${JSON.stringify(unknown)}` };
    const user = users.find((candidate) => candidate.sub === subject);
    if (user === undefined) return { unknownSubject: true };
    const request: DevConsentRequest = {
      id: `consent-${crypto.randomUUID()}`,
      subject: user,
      resource,
      reason,
      names: names as PersonalDataConsentProperty[],
      status: CONSENT_STATUS.PENDING,
      released: {},
      expiresAt: Date.now() + this.ttlSeconds * 1000,
    };
    this.#requests.set(request.id, request);
    return request;
  }

  get(id: string): DevConsentRequest | undefined {
    const request = this.#requests.get(id);
    if (request?.status === CONSENT_STATUS.PENDING && Date.now() >= request.expiresAt) {
      const expired = { ...request, status: CONSENT_STATUS.EXPIRED };
      this.#requests.set(id, expired);
      return expired;
    }
    return request;
  }

  list(): DevConsentRequest[] {
    return [...this.#requests.keys()].flatMap((id) => {
      const request = this.get(id);
      return request ? [request] : [];
    });
  }

  /** The user decides: approve releases `values`, or else what their profile holds. */
  decide(
    id: string,
    approve: boolean,
    values?: Readonly<Partial<Record<PersonalDataConsentProperty, string>>>,
  ): DevConsentRequest {
    const request = this.get(id);
    if (request === undefined) throw new Error(`no consent request ${id}`);
    if (request.status !== CONSENT_STATUS.PENDING)
      throw new Error(`consent request ${id} is already ${request.status}`);
    const source = values ?? request.subject.profile ?? {};
    const decided: DevConsentRequest = approve
      ? {
          ...request,
          status: CONSENT_STATUS.APPROVED,
          released: Object.fromEntries(
            request.names.flatMap((name) => (source[name] === undefined ? [] : [[name, source[name]]])),
          ),
        }
      : { ...request, status: CONSENT_STATUS.DENIED };
    this.#requests.set(id, decided);
    return decided;
  }

  /** The IdP's answer for `GET /consent/requests/{id}`. */
  static wire(request: DevConsentRequest) {
    const approved = request.status === CONSENT_STATUS.APPROVED;
    return {
      id: request.id,
      status: request.status,
      content: request.names.map((name) => {
        const value = approved ? request.released[name] : undefined;
        return value === undefined ? { name } : { name, value };
      }),
    };
  }
}
