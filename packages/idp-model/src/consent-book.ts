import type { PersonalDataConsentProperty } from '@ones.dev/common';
import { CONSENT_STATUS, type ConsentStatus } from '@ones.dev/common';
import { ConsentRequestBodySchema } from '@ones.dev/common/schemas';
import type { IdpUser } from './idp-user.js';

/**
 * A consent request at a OnesID stand-in.
 *
 * @example
 * ```ts
 * import type { IdpConsentRequest } from '@ones.dev/testing'; // or '@ones.dev/dev-idp'
 * const open = (request: IdpConsentRequest) => request.status === 'pending';
 * ```
 */
export interface IdpConsentRequest {
  readonly id: string;
  readonly subject: IdpUser;
  readonly resource: string;
  readonly reason: string;
  readonly names: readonly PersonalDataConsentProperty[];
  readonly status: ConsentStatus;
  /** The values released on approval. */
  readonly released: Readonly<Partial<Record<PersonalDataConsentProperty, string>>>;
  /** Until when it waits for the user, ms since the epoch. */
  readonly expiresAt: number;
}

/** Values a user releases, by property name. */
export type ConsentValues = Readonly<Partial<Record<PersonalDataConsentProperty, string>>>;

/**
 * The consent requests of one OnesID stand-in, by the rules both dev-idp and the MSW fake follow: the
 * body as the SDK sends it (`ConsentRequestBodySchema`: a reason of 1 to 500 characters, known
 * property names), a subject who is a user, a pending request that expires after `ttlSeconds`, and
 * one decision.
 *
 * @example
 * ```ts
 * import { ConsentBook, DEMO_USERS } from '@ones.dev/idp-model';
 * const book = new ConsentBook({ ttlSeconds: 300 });
 * const made = book.create(
 *   { subject: 'user-alice', resource: 'https://shop.example', content: [{ name: 'email' }], reason: 'Invoices' },
 *   DEMO_USERS,
 * );
 * ```
 */
export class ConsentBook {
  readonly ttlSeconds: number;
  readonly #requests = new Map<string, IdpConsentRequest>();

  constructor(options: { readonly ttlSeconds: number }) {
    this.ttlSeconds = options.ttlSeconds;
  }

  /** Checks and stores a request body, or says what is wrong with it. */
  create(
    body: unknown,
    users: readonly IdpUser[],
  ): IdpConsentRequest | { readonly invalid: string } | { readonly unknownSubject: true } {
    const parsed = ConsentRequestBodySchema.safeParse(body);
    if (!parsed.success) {
      const field = parsed.error.issues[0]?.path[0];
      return { invalid: `"${String(field ?? 'body')}" is missing or malformed` };
    }
    const { subject, resource, content, reason } = parsed.data;
    const user = users.find((candidate) => candidate.sub === subject);
    if (user === undefined) return { unknownSubject: true };
    const request: IdpConsentRequest = {
      id: `consent-${crypto.randomUUID()}`,
      subject: user,
      resource,
      reason,
      names: content.map(({ name }) => name),
      status: CONSENT_STATUS.PENDING,
      released: {},
      expiresAt: Date.now() + this.ttlSeconds * 1000,
    };
    this.#requests.set(request.id, request);
    return request;
  }

  /** A request, `expired` once its time is up. */
  get(id: string): IdpConsentRequest | undefined {
    const request = this.#requests.get(id);
    if (request?.status === CONSENT_STATUS.PENDING && Date.now() >= request.expiresAt) {
      return this.#set({ ...request, status: CONSENT_STATUS.EXPIRED });
    }
    return request;
  }

  /** Every request, oldest first. */
  list(): IdpConsentRequest[] {
    return [...this.#requests.keys()].flatMap((id) => {
      const request = this.get(id);
      return request ? [request] : [];
    });
  }

  /** The user decides: approval releases `values`, or else what their profile holds. */
  decide(id: string, decision: 'approved' | 'denied' | 'expired', values?: ConsentValues): IdpConsentRequest {
    const request = this.get(id);
    if (request === undefined) throw new Error(`no consent request ${id}`);
    if (request.status !== CONSENT_STATUS.PENDING)
      throw new Error(`consent request ${id} is already ${request.status}`);
    if (decision !== CONSENT_STATUS.APPROVED) return this.#set({ ...request, status: decision });
    const source = values ?? request.subject.profile ?? {};
    const released = Object.fromEntries(
      request.names.flatMap((name) => (source[name] === undefined ? [] : [[name, source[name]]])),
    );
    return this.#set({ ...request, status: CONSENT_STATUS.APPROVED, released });
  }

  #set(request: IdpConsentRequest): IdpConsentRequest {
    this.#requests.set(request.id, request);
    return request;
  }
}
