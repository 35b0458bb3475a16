import { OnesConfigError, OnesSignerError } from '@ones.dev/common';
import { base64url } from 'jose';
import { abortable } from '../internal/abortable.js';
import { toJoseSignature } from './ecdsa-signature.js';
import { type JwsAlgorithm, jwsAlgorithmForKeyType } from './jws-algorithm.js';
import { algorithmOfSignature, keyTypeOfSignature, signatureFits } from './signature-algorithm.js';
import type { SigningFunction } from './signing-function.js';
import { withSigningDeadline } from './with-signing-deadline.js';

/** What a {@link DeviceJwsSigner} signs with, and where it reports what it learned. */
export interface DeviceJwsSignerSettings {
  readonly signingFunction: SigningFunction;
  /** `device.yml` `key_type`; when absent, learned from the signer's first signature. */
  readonly deviceKeyType: string | undefined;
  readonly deviceId: string;
  readonly deviceIdentityUrl: string;
  readonly timeoutMs: number;
  readonly log: (level: 'debug', message: string) => void;
}

const encoder = new TextEncoder();
const encodePart = (value: unknown) => base64url.encode(encoder.encode(JSON.stringify(value)));
const signingInput = (alg: JwsAlgorithm, claims: Readonly<Record<string, unknown>>) =>
  `${encodePart({ alg, typ: 'JWT' })}.${encodePart(claims)}`;

/**
 * Signs compact JWTs with the device key through the instance's signing function. The header's `alg`
 * comes from `deviceKeyType`; without it, the first signature is made as RS256 (what
 * px-device-identity puts in its own headers), and its length and shape tell the real key type: an
 * RSA device keeps that signature, an ECC device signs once more with the right header, and every
 * later signature uses what was learned. A signature that contradicts `deviceKeyType` is an error
 * that names the setting to change.
 */
export class DeviceJwsSigner {
  readonly #settings: DeviceJwsSignerSettings;
  #alg: JwsAlgorithm | undefined;
  #learning: Promise<JwsAlgorithm> | undefined;

  constructor(settings: DeviceJwsSignerSettings) {
    this.#settings = settings;
    const { deviceKeyType } = settings;
    this.#alg = deviceKeyType === undefined ? undefined : jwsAlgorithmForKeyType(deviceKeyType);
  }

  /** Signs `claims` as a compact JWS `header.payload.signature` (JOSE form). */
  async sign(claims: Readonly<Record<string, unknown>>, signal: AbortSignal | undefined): Promise<string> {
    if (this.#alg !== undefined) return this.#signAs(this.#alg, claims, signal);
    if (this.#learning !== undefined) {
      const alg = await abortable(this.#learning, signal, 'learning the device key type');
      return this.#signAs(alg, claims, signal);
    }
    // Shared with concurrent callers, so it runs without this caller's signal (the timeout bounds it).
    const learned = this.#learnFrom(claims);
    const learning = learned.then(({ alg }) => alg);
    this.#learning = learning;
    // Only while in flight: afterwards `#alg` holds the answer, or the next call learns again.
    const done = () => {
      if (this.#learning === learning) this.#learning = undefined;
    };
    learning.then(done, done);
    return (await abortable(learned, signal, 'signing')).jwt;
  }

  async #learnFrom(claims: Readonly<Record<string, unknown>>): Promise<{ alg: JwsAlgorithm; jwt: string }> {
    const message = signingInput('RS256', claims);
    const signature = await this.#signBytes(message, 'RS256', undefined);
    const alg = algorithmOfSignature(signature);
    this.#alg = alg;
    const keyType = keyTypeOfSignature(signature, alg);
    this.#settings.log(
      'debug',
      `learned the device key type from the signer's first signature: ${keyType} (${alg}); set deviceKeyType: '${keyType}' to skip this`,
    );
    if (alg === 'RS256') return { alg, jwt: `${message}.${base64url.encode(signature)}` };
    return { alg, jwt: await this.#signAs(alg, claims, undefined) };
  }

  async #signAs(
    alg: JwsAlgorithm,
    claims: Readonly<Record<string, unknown>>,
    signal: AbortSignal | undefined,
  ): Promise<string> {
    const message = signingInput(alg, claims);
    const signature = await this.#signBytes(message, alg, signal);
    if (!signatureFits(signature, alg)) throw this.#mismatch(alg, signature);
    return `${message}.${base64url.encode(toJoseSignature(signature, alg))}`;
  }

  #signBytes(message: string, alg: JwsAlgorithm, signal: AbortSignal | undefined): Promise<Uint8Array> {
    const { signingFunction, deviceId, deviceIdentityUrl, timeoutMs } = this.#settings;
    return withSigningDeadline(
      (deadline) => signingFunction({ message, alg, deviceId, deviceIdentityUrl, signal: deadline }),
      timeoutMs,
      signal,
    );
  }

  /** The error for a signature made with another key type than `expected`. */
  #mismatch(expected: JwsAlgorithm, signature: Uint8Array): Error {
    const actual = algorithmOfSignature(signature);
    const keyType = keyTypeOfSignature(signature, actual);
    const made = `a ${signature.length}-byte ${actual} signature`;
    const { deviceKeyType } = this.#settings;
    if (deviceKeyType !== undefined) {
      return new OnesConfigError(
        'ERR_CONFIG_INVALID',
        `"deviceKeyType" is ${deviceKeyType}, but the device signer signs with an ${keyType} key (${made}): set deviceKeyType to '${keyType}' (the key_type in device.yml), or leave it out to learn it from the signer`,
      );
    }
    this.#alg = undefined; // the device key changed: learn it again next time
    return new OnesSignerError(
      'ERR_SIGNER_RESPONSE_INVALID',
      `the device signer now signs with an ${keyType} key (${made}), not the ${expected} key it signed with before; the next call learns the new key type`,
    );
  }
}
