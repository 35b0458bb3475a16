// from packages/common/src/errors/ones-timeout-error.ts
import { OnesTimeoutError } from '@ones.dev/common';

function isExpired(error: unknown): boolean {
  return error instanceof OnesTimeoutError && error.code === 'ERR_TIMEOUT_POLLING';
}
