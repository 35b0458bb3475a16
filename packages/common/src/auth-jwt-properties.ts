import { failArgument } from './internal/fail-argument.js';
import { isBindingMessage, MAX_BINDING_MESSAGE_LENGTH } from './wire/binding-message.js';

/** What {@link AuthJwtProperties} is built from. */
export interface AuthJwtPropertiesOptions {
  /** Space-separated OAuth scopes; must contain `openid`. Default `'openid'`. */
  readonly scope?: string;
  /** The text shown on the user's phone next to approve/deny, e.g. "Authorize login to Example.com". */
  readonly bindingMessage: string;
  /** Resource indicators (RFC 8707) the access token is for: absolute `https:`/`http:` URLs or URNs. */
  readonly resources?: readonly string[];
  /** How long the login request may stay pending, in seconds (CIBA `requested_expiry`), 1…3600. */
  readonly requestedExpiry?: number;
}

const URN = /^urn:[a-z0-9][a-z0-9-]{0,31}:\S+$/i;

function isResourceIndicator(value: string): boolean {
  if (URN.test(value)) return true;
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (url.protocol === 'https:' || url.protocol === 'http:') && url.hash === '';
}

/**
 * The properties every CIBA login of a `DeviceAuthentication` uses by default: scope, binding message,
 * resources. Validated when constructed, so a typo fails at start-up rather than at the first login.
 *
 * @throws OnesValidationError `ERR_VALIDATION_ARGUMENT` naming the offending property
 * @example
 * ```ts
 * import { AuthJwtProperties } from '@ones.dev/common';
 * const authJwtProperties = new AuthJwtProperties({
 *   scope: 'openid profile',
 *   bindingMessage: 'Authorize login to Example.com',
 *   resources: ['https://api.example.com'],
 * });
 * ```
 * @see https://openid.net/specs/openid-client-initiated-backchannel-authentication-core-1_0.html#rfc.section.7.1
 */
export class AuthJwtProperties {
  /** Space-separated scopes, always including `openid`. */
  readonly scope: string;
  /** The message shown on the phone. */
  readonly bindingMessage: string;
  /** Resource indicators for the access token. */
  readonly resources: readonly string[];
  /** Requested lifetime of the login request in seconds, when set. */
  readonly requestedExpiry: number | undefined;

  constructor(options: AuthJwtPropertiesOptions) {
    if (typeof options !== 'object' || options === null) failArgument('options', 'must be an object');
    const { scope = 'openid', bindingMessage, resources = [], requestedExpiry } = options;
    if (typeof scope !== 'string' || !scope.split(' ').includes('openid')) {
      failArgument('scope', 'must be a space-separated list of scopes that contains "openid"');
    }
    if (!isBindingMessage(bindingMessage)) {
      failArgument(
        'bindingMessage',
        `must be printable text of 1 to ${MAX_BINDING_MESSAGE_LENGTH} characters`,
      );
    }
    if (!Array.isArray(resources)) failArgument('resources', 'must be an array of URLs or URNs');
    resources.forEach((resource, index) => {
      if (typeof resource !== 'string' || !isResourceIndicator(resource)) {
        failArgument(`resources[${index}]`, 'must be an absolute http(s) URL without fragment, or a URN');
      }
    });
    if (
      requestedExpiry !== undefined &&
      (!Number.isInteger(requestedExpiry) || requestedExpiry < 1 || requestedExpiry > 3600)
    ) {
      failArgument('requestedExpiry', 'must be a whole number of seconds from 1 to 3600');
    }
    this.scope = scope;
    this.bindingMessage = bindingMessage;
    this.resources = Object.freeze([...resources]);
    this.requestedExpiry = requestedExpiry;
  }
}
