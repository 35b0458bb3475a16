/**
 * What `@ones.dev/backend-modules`, `@ones.dev/testing` and `@ones.dev/dev-idp` share with this
 * package and customers do not call: reading an IdP's answer, the polling loop, the wire's id and
 * binding-message rules, the OAuth error factory, text redaction. Not part of the public API: not
 * documented, not in the API reference, and it may change in any release.
 *
 * @example
 * ```ts
 * import { isWireId } from '@ones.dev/common/internal';
 * const ok = isWireId('4sSx3eUcdCCqm9UQkq5Lw2qYMVjmKRnB2xVUmj8D5Ys'); // true
 * ```
 *
 * @internal
 * @module @ones.dev/common/internal
 */

export { oauthErrorFromResponse } from './errors/oauth-error-from-response.js';
export { REDACTED, redactSecretsInText } from './errors/redact-error-body.js';
export { errorForHttpAnswer } from './http/answer-error.js';
export type { HttpAnswer } from './http/http-answer.js';
export { parseRetryAfter, readHttpAnswer } from './http/http-answer.js';
export type { PollLoop, PollStep } from './polling/poll-until.js';
export { pollUntil } from './polling/poll-until.js';
export { isBindingMessage, MAX_BINDING_MESSAGE_LENGTH } from './wire/binding-message.js';
export { isWireId, WIRE_ID_PATTERN } from './wire/wire-id.js';
