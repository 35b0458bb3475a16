// from packages/common/src/errors/ones-jwt-error.ts
import { OnesJwtError } from '@ones.dev/common';

function isExpiredToken(error: unknown): boolean {
  return error instanceof OnesJwtError && error.code === 'ERR_JWT_EXPIRED';
}
