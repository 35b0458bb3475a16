// from packages/common/src/errors/ones-error-code.ts
import { isOnesError } from '@ones.dev/common';

function describe(error: unknown): string {
  return isOnesError(error) ? error.code : 'unexpected';
}
