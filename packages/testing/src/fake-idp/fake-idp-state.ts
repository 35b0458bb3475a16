import type { LoginHint } from '@ones.dev/common';
import { ConsentBook, type IdpUser, QrSessionBook } from '@ones.dev/idp-model';

/** A CIBA login the fake IdP knows. */
export interface FakeCibaRequest {
  readonly authReqId: string;
  readonly user: IdpUser;
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
  readonly qrSessions: QrSessionBook;
  readonly consentRequests: ConsentBook;
  slowDownsLeft = 0;

  constructor(options: {
    readonly qrSessionExpiresInSeconds: number;
    readonly qrSessionIntervalSeconds: number;
  }) {
    this.qrSessions = new QrSessionBook({
      expiresInSeconds: options.qrSessionExpiresInSeconds,
      intervalSeconds: options.qrSessionIntervalSeconds,
    });
    // A consent request waits five minutes for the user, as at dev-idp.
    this.consentRequests = new ConsentBook({ ttlSeconds: 300 });
  }

  latestCibaRequest(): FakeCibaRequest | undefined {
    return [...this.cibaRequests.values()].at(-1);
  }
}
