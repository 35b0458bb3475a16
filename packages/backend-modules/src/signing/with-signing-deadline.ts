import { causeWithoutSecrets, OnesAbortError, OnesError, OnesSignerError } from '@ones.dev/common';
import { base64url } from 'jose';

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * Runs a signing function so that it always settles: within `timeoutMs`, or as soon as `signal`
 * aborts, even when the function ignores the signal it is given. What it returns must be base64url;
 * it resolves to the decoded bytes (the caller checks them against the algorithm). Anything it
 * throws that is not an `OnesError` becomes `ERR_SIGNER_UNAVAILABLE`.
 */
export function withSigningDeadline(
  sign: (deadline: AbortSignal) => Promise<string>,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<Uint8Array> {
  // A controller and a cleared timer: cheaper than AbortSignal.timeout, whose timer outlives the call.
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new DOMException('signing timed out', 'TimeoutError')),
    timeoutMs,
  );
  const onCallerAbort = () => controller.abort(signal?.reason);
  if (signal?.aborted) onCallerAbort();
  else signal?.addEventListener('abort', onCallerAbort, { once: true });
  const deadline = controller.signal;
  const stopped = () =>
    signal?.aborted
      ? new OnesAbortError('signing was aborted', { cause: signal.reason })
      : new OnesSignerError(
          'ERR_SIGNER_UNAVAILABLE',
          `the signing function did not answer within ${timeoutMs} ms`,
        );
  if (deadline.aborted) {
    clearTimeout(timer);
    return Promise.reject(stopped());
  }
  return new Promise<Uint8Array>((resolve, reject) => {
    const onDeadline = () => reject(stopped());
    deadline.addEventListener('abort', onDeadline, { once: true });
    Promise.resolve()
      .then(() => sign(deadline))
      .then(
        (signature) => resolve(decodedSignature(signature)),
        (error: unknown) =>
          reject(
            error instanceof OnesError
              ? error
              : new OnesSignerError('ERR_SIGNER_UNAVAILABLE', 'the signing function failed', {
                  cause: causeWithoutSecrets(error),
                }),
          ),
      )
      .catch(reject)
      .finally(() => {
        clearTimeout(timer);
        deadline.removeEventListener('abort', onDeadline);
        signal?.removeEventListener('abort', onCallerAbort);
      });
  });
}

function decodedSignature(signature: unknown): Uint8Array {
  if (typeof signature !== 'string' || !BASE64URL.test(signature)) {
    throw new OnesSignerError(
      'ERR_SIGNER_RESPONSE_INVALID',
      'the signing function did not return a base64url signature',
    );
  }
  return base64url.decode(signature);
}
