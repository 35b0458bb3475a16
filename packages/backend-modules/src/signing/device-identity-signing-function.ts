import { causeWithoutSecrets, OnesAbortError, OnesSignerError, OnesValidationError } from '@ones.dev/common';
import { base64url } from 'jose';
import type { SigningFunction } from './signing-function.js';

/** Where px-device-identity-service listens by default. */
export const DEFAULT_DEVICE_IDENTITY_URL = 'http://127.0.0.1:8000/sign';

/**
 * Options of {@link createDeviceIdentitySigningFunction}.
 *
 * @example
 * ```ts
 * import type { DeviceIdentitySigningOptions } from '@ones.dev/backend-modules';
 * const options: DeviceIdentitySigningOptions = { timeoutMs: 2_000 };
 * ```
 */
export interface DeviceIdentitySigningOptions {
  /** Milliseconds before a signing request fails with `ERR_SIGNER_UNAVAILABLE`; default 5 000. */
  readonly timeoutMs?: number;
  /** The `fetch` to use; default `globalThis.fetch`. */
  readonly fetch?: typeof fetch;
}

const HINT = 'is px-device-identity-service running?';
const MAX_REASON_LENGTH = 200;

function unavailable(url: string, reason: string, cause?: unknown): OnesSignerError {
  return new OnesSignerError('ERR_SIGNER_UNAVAILABLE', `the device signer at ${url} ${reason}: ${HINT}`, {
    cause: causeWithoutSecrets(cause),
  });
}

/** What the signer said about a refused request: its `error_description`, `error` or `message`, or its text. */
async function reasonOf(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  let said: unknown = text;
  try {
    const body = JSON.parse(text) as Record<string, unknown> | null;
    said = body?.error_description ?? body?.message ?? body?.error ?? text;
  } catch {}
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
async function refused(url: string, response: Response): Promise<OnesSignerError> {
  const said = `answered HTTP ${response.status}: ${await reasonOf(response)}`;
  if (response.status === 404 || response.status === 405) {
    return new OnesSignerError(
      'ERR_SIGNER_REFUSED',
      `the device signer at ${url} ${said}: check "deviceIdentityUrl" (px-device-identity-service signs at ${DEFAULT_DEVICE_IDENTITY_URL})`,
    );
  }
  if (response.status >= 400 && response.status < 500) {
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

async function readSignature(response: Response, url: string): Promise<Uint8Array> {
  let body: unknown;
  try {
    body = await response.json();
  } catch (error) {
    throw new OnesSignerError(
      'ERR_SIGNER_RESPONSE_INVALID',
      `the device signer at ${url} answered with a body that is not JSON`,
      { cause: causeWithoutSecrets(error) },
    );
  }
  const signature = (body as { signature?: unknown } | null)?.signature;
  if (typeof signature !== 'string' || !/^[A-Za-z0-9_-]+={0,2}$/.test(signature)) {
    throw new OnesSignerError(
      'ERR_SIGNER_RESPONSE_INVALID',
      `the device signer at ${url} answered without a base64url "signature"`,
    );
  }
  return base64url.decode(signature.replace(/=+$/, ''));
}

/**
 * Makes a {@link SigningFunction} that asks the local px-device-identity-service to sign:
 * `POST {deviceIdentityUrl}` with `{ deviceId, message }`, answer `{ signature }` (base64url; ECDSA
 * raw or DER, as the service sends it: `DeviceAuthentication` checks it against the key type and
 * turns DER into JOSE form).
 *
 * @param options - timeout and `fetch`
 * @returns the signing function to pass as `functions.signingFunction`
 * @throws (when signing) OnesSignerError `ERR_SIGNER_UNAVAILABLE` (down, slow, 5xx),
 * `ERR_SIGNER_REFUSED` (a 4xx: the message quotes the signer's reason and names the setting to
 * check) or `ERR_SIGNER_RESPONSE_INVALID` (malformed answer); OnesAbortError `ERR_ABORTED`
 * @example
 * ```ts
 * import { createDeviceIdentitySigningFunction } from '@ones.dev/backend-modules';
 * const signingFunction = createDeviceIdentitySigningFunction({ timeoutMs: 2_000 });
 * ```
 */
export function createDeviceIdentitySigningFunction(
  options: DeviceIdentitySigningOptions = {},
): SigningFunction {
  const timeoutMs = options.timeoutMs ?? 5_000;
  if (!(timeoutMs > 0))
    throw new OnesValidationError('ERR_VALIDATION_ARGUMENT', '"timeoutMs" must be a positive number');
  return async ({ message, deviceId, deviceIdentityUrl, signal }) => {
    const url = deviceIdentityUrl;
    const timeout = AbortSignal.timeout(timeoutMs);
    let response: Response;
    try {
      response = await (options.fetch ?? globalThis.fetch)(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ deviceId, message }),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (error) {
      if (signal?.aborted) throw new OnesAbortError('signing was aborted', { cause: signal.reason });
      throw unavailable(
        url,
        timeout.aborted ? `did not answer within ${timeoutMs} ms` : 'could not be reached',
        error,
      );
    }
    try {
      if (!response.ok) throw await refused(url, response);
      return base64url.encode(await readSignature(response, url));
    } catch (error) {
      // the body was cut off by the deadline or the caller, not malformed by the signer
      if (signal?.aborted) throw new OnesAbortError('signing was aborted', { cause: signal.reason });
      if (timeout.aborted) throw unavailable(url, `did not answer within ${timeoutMs} ms`, error);
      throw error;
    }
  };
}

/**
 * The default {@link SigningFunction}: the local px-device-identity-service, 5 s timeout. Pass it as
 * `functions: { signingFunction: deviceIdentitySigningFunction }`.
 *
 * @example
 * ```ts
 * import { AuthJwtProperties } from '@ones.dev/common';
 * import { DeviceAuthentication, deviceIdentitySigningFunction, loadSystemConfig } from '@ones.dev/backend-modules';
 * const config = loadSystemConfig();
 * const auth = new DeviceAuthentication({
 *   name: 'shop',
 *   idpBaseUrl: config.authServerUrl,
 *   deviceId: config.deviceId,
 *   deviceClientId: config.clientId,
 *   deviceKeyType: config.keyType,
 *   functions: { signingFunction: deviceIdentitySigningFunction },
 *   deviceIdentityUrl: 'http://127.0.0.1:8000/sign',
 *   authJwtProperties: new AuthJwtProperties({ bindingMessage: 'Authorize login to Example.com' }),
 * });
 * ```
 */
export const deviceIdentitySigningFunction: SigningFunction = createDeviceIdentitySigningFunction();
