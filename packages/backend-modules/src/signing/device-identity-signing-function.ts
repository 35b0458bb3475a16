import {
  causeWithoutSecrets,
  OnesAbortError,
  OnesError,
  OnesSignerError,
  OnesValidationError,
} from '@ones.dev/common';
import { readHttpAnswer } from '@ones.dev/common/internal';
import { base64url } from 'jose';
import { sendThrough } from '../http/transport.js';
import { signatureOf } from './signer-answer.js';
import type { SigningFunction } from './signing-function.js';

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
  /** The `fetch` to use; by default requests go out through `node:http`'s global agent (keep-alive). */
  readonly fetch?: typeof fetch;
}

const HINT = 'is px-device-identity-service running?';

function unavailable(url: string, reason: string, cause?: unknown): OnesSignerError {
  return new OnesSignerError('ERR_SIGNER_UNAVAILABLE', `the device signer at ${url} ${reason}: ${HINT}`, {
    cause: causeWithoutSecrets(cause),
  });
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
  const send = sendThrough(options.fetch);
  return async ({ message, deviceId, deviceIdentityUrl, signal }) => {
    const url = deviceIdentityUrl;
    const timeout = AbortSignal.timeout(timeoutMs);
    const request = {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ deviceId, message }),
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    };
    try {
      const { status, text } = await send(url, request);
      return base64url.encode(signatureOf(readHttpAnswer(status, text, null), url));
    } catch (error) {
      if (signal?.aborted) throw new OnesAbortError('signing was aborted', { cause: signal.reason });
      if (timeout.aborted) throw unavailable(url, `did not answer within ${timeoutMs} ms`, error);
      if (error instanceof OnesError) throw error; // the signer's answer, read
      throw unavailable(url, 'could not be reached', error);
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
