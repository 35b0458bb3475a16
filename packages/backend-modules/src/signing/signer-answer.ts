import { OnesSignerError } from '@ones.dev/common';
import type { HttpAnswer } from '@ones.dev/common/internal';
import { base64url } from 'jose';

const MAX_REASON_LENGTH = 200;
/** Where px-device-identity-service listens by default. */
export const DEFAULT_DEVICE_IDENTITY_URL = 'http://127.0.0.1:8000/sign';

/** What the signer said about a refused request: its `error_description`, `message` or `error`, or its text. */
function reasonOf(answer: HttpAnswer): string {
  const body = (typeof answer.data === 'object' ? answer.data : null) as Record<string, unknown> | null;
  const said = body?.error_description ?? body?.message ?? body?.error ?? (body ? '' : answer.data);
  const printable = String(said)
    .replace(/[^\x20-\x7E]+/g, ' ')
    .trim()
    .slice(0, MAX_REASON_LENGTH);
  return printable === '' ? '(no reason given)' : JSON.stringify(printable);
}

/**
 * The error for a signer that answered but would not sign: it is running, so say what it said and
 * what to change instead of asking whether it runs.
 */
function refused(url: string, answer: HttpAnswer): OnesSignerError {
  const said = `answered HTTP ${answer.status}: ${reasonOf(answer)}`;
  if (answer.status === 404 || answer.status === 405) {
    return new OnesSignerError(
      'ERR_SIGNER_REFUSED',
      `the device signer at ${url} ${said}: check "deviceIdentityUrl" (px-device-identity-service signs at ${DEFAULT_DEVICE_IDENTITY_URL})`,
    );
  }
  if (answer.status >= 400 && answer.status < 500) {
    return new OnesSignerError(
      'ERR_SIGNER_REFUSED',
      `the device signer at ${url} ${said}: check "deviceId" (the id in device.yml) and that this device is registered with px-device-identity`,
    );
  }
  return new OnesSignerError(
    'ERR_SIGNER_UNAVAILABLE',
    `the device signer at ${url} ${said}: see px-device-identity-service's log`,
  );
}

/**
 * The signature in a px-device-identity-service answer, `{ signature }` in base64url (padding
 * allowed); a refusal or a malformed answer is an `OnesSignerError` that says what the signer said.
 *
 * @throws OnesSignerError `ERR_SIGNER_REFUSED` (4xx), `ERR_SIGNER_UNAVAILABLE` (5xx),
 * `ERR_SIGNER_RESPONSE_INVALID` (not JSON, or no base64url `signature`)
 */
export function signatureOf(answer: HttpAnswer, url: string): Uint8Array {
  if (answer.status < 200 || answer.status > 299) throw refused(url, answer);
  if (!answer.json) {
    throw new OnesSignerError(
      'ERR_SIGNER_RESPONSE_INVALID',
      `the device signer at ${url} answered with a body that is not JSON`,
    );
  }
  const signature = (answer.data as { signature?: unknown } | null)?.signature;
  if (typeof signature !== 'string' || !/^[A-Za-z0-9_-]+={0,2}$/.test(signature)) {
    throw new OnesSignerError(
      'ERR_SIGNER_RESPONSE_INVALID',
      `the device signer at ${url} answered without a base64url "signature"`,
    );
  }
  return base64url.decode(signature.replace(/=+$/, ''));
}
