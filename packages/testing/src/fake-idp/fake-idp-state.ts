import type { ConsentStatus, LoginHint, PersonalDataConsentProperty } from '@ones.dev/common';

/** A user of the fake IdP. */
export interface FakeIdpUser {
  readonly username: string;
  readonly sub: string;
  readonly email?: string;
  readonly phone?: string;
  /** Personal data a consent request can release. */
  readonly profile?: Readonly<Partial<Record<PersonalDataConsentProperty, string>>>;
}

/** A QR login session the fake IdP knows. */
export interface FakeQrSession {
  readonly sessionId: string;
  /** Expiry, seconds since the epoch. */
  readonly exp: number;
  /** The browser address the backend passed when creating it. */
  readonly originIp: string | undefined;
  status: 'pending' | 'scanned' | 'authorizing';
  /** Set when the phone app scanned it. */
  loginHint: LoginHint | undefined;
  /** Set when a CIBA request was linked to it. */
  authRequestId: string | undefined;
  /** Gone: approved or expired. */
  deleted: boolean;
}

/** A consent request the fake IdP knows. */
export interface FakeConsentRequest {
  readonly id: string;
  readonly subject: string;
  readonly resource: string;
  readonly reason: string;
  readonly names: readonly PersonalDataConsentProperty[];
  status: ConsentStatus;
  /** The values released on approval. */
  released: Readonly<Partial<Record<PersonalDataConsentProperty, string>>>;
}

/** A CIBA login the fake IdP knows. */
export interface FakeCibaRequest {
  readonly authReqId: string;
  readonly user: FakeIdpUser;
  readonly loginHint: LoginHint;
  readonly scope: string;
  readonly bindingMessage: string | undefined;
  readonly resources: readonly string[];
  readonly qrSessionId: string | undefined;
  expiresAt: number;
  status: 'pending' | 'approved' | 'denied' | 'expired' | 'consumed';
  /** Tokens issued for it, revoked if the id is used again. */
  issuedTokens: string[];
}

/** A token the fake IdP issued, for introspection and refresh. */
export interface FakeIssuedToken {
  readonly kind: 'access' | 'refresh';
  readonly sub: string;
  readonly scope: string;
  readonly expiresAt: number;
  readonly iat: number;
  readonly audience: string | readonly string[];
  revoked: boolean;
}

/** Everything the fake IdP remembers; one per `createFakeOnesIdp`. */
export class FakeIdpState {
  readonly cibaRequests = new Map<string, FakeCibaRequest>();
  readonly tokens = new Map<string, FakeIssuedToken>();
  readonly usedJtis = new Set<string>();
  readonly qrSessions = new Map<string, FakeQrSession>();
  readonly consentRequests = new Map<string, FakeConsentRequest>();
  slowDownsLeft = 0;

  latestCibaRequest(): FakeCibaRequest | undefined {
    return [...this.cibaRequests.values()].at(-1);
  }

  findUser(users: readonly FakeIdpUser[], hint: LoginHint): FakeIdpUser | undefined {
    const field = ({ username: 'username', email: 'email', phone: 'phone', sub: 'sub' } as const)[hint.kind];
    return users.find((user) => user[field] === hint.value);
  }
}
