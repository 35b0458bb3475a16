import { causeWithoutSecrets, OnesValidationError, PERSONAL_DATA_CONSENT_PROPERTIES } from '@ones.dev/common';
import { type ConsentRequestBody, ConsentRequestBodySchema } from '@ones.dev/common/schemas';

const NAMES = Object.values(PERSONAL_DATA_CONSENT_PROPERTIES).join(', ');

/**
 * Checks a consent request before it is sent, naming the first bad field: `content` items must name
 * `PERSONAL_DATA_CONSENT_PROPERTIES` values, and there must be at least one.
 *
 * @throws OnesValidationError `ERR_VALIDATION_ARGUMENT`
 */
export function checkConsentRequest(body: unknown): ConsentRequestBody {
  const result = ConsentRequestBodySchema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue?.path ?? [];
  const field = path
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`,
    )
    .join('');
  const rule =
    path[0] === 'content'
      ? path.length > 1
        ? `must be { name } with a name from PERSONAL_DATA_CONSENT_PROPERTIES (${NAMES})`
        : 'must list at least one property'
      : path[0] === 'reason'
        ? 'must be text of 1 to 500 characters'
        : 'must be a non-empty string';
  throw new OnesValidationError('ERR_VALIDATION_ARGUMENT', `"${field || 'content'}" ${rule}`, {
    cause: causeWithoutSecrets(result.error),
  });
}
