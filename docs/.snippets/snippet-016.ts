// from packages/common/src/errors/ones-abort-error.ts
import { OnesAbortError } from '@ones.dev/common';

function wasCancelled(error: unknown): boolean {
  return error instanceof OnesAbortError;
}
