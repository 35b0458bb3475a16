import { OnesValidationError } from '@ones.dev/common';

/** Throws `ERR_VALIDATION_ARGUMENT` naming `parameter` unless `value` is a non-empty string. */
export function requireNonEmpty(value: unknown, parameter: string): asserts value is string {
  if (typeof value !== 'string' || value === '') {
    throw new OnesValidationError('ERR_VALIDATION_ARGUMENT', `"${parameter}" must be a non-empty string`);
  }
}
