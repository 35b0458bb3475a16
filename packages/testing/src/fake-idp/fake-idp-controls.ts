/** A scripted failure the next matching request gets instead of a normal answer. */
export interface InjectedFailure {
  /** HTTP status to answer (default 500). */
  readonly status?: number;
  /** Body to answer: JSON value, or raw text with `malformed`. */
  readonly body?: unknown;
  /** Answer `body` as raw text (e.g. broken JSON or HTML). */
  readonly malformed?: boolean;
  /** Extra headers, e.g. `retry-after`. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Wait this long first (to trigger client timeouts). */
  readonly delayMs?: number;
  /** Drop the connection instead of answering. */
  readonly networkError?: boolean;
}

/** The IdP endpoints a failure can be injected into. */
export type FakeIdpEndpoint =
  | 'discovery'
  | 'jwks'
  | 'token'
  | 'introspection'
  | 'userinfo'
  | 'bc-authorize'
  | 'qr-session-create'
  | 'qr-session-status'
  | 'qr-session-callback'
  | 'consent-create'
  | 'consent-status';

/** One request the fake IdP received, decoded for assertions. */
export interface FakeIdpRequest {
  readonly endpoint: FakeIdpEndpoint;
  readonly method: string;
  /** The URL path, e.g. `/qr-auth/sessions/qr-1`. */
  readonly path: string;
  /** Query parameters. */
  readonly query: Readonly<Record<string, string>>;
  /** Form fields, for form posts. */
  readonly form: Readonly<Record<string, string>>;
  /** The parsed body, for JSON posts. */
  readonly json?: unknown;
  /** Claims of the verified client assertion, when one was sent and valid. */
  readonly assertionClaims?: Readonly<Record<string, unknown>>;
  /** Claims of the verified CIBA request object. */
  readonly requestObjectClaims?: Readonly<Record<string, unknown>>;
  /** The HTTP status the fake answered (set once it has answered). */
  readonly status?: number;
  readonly at: number;
}
