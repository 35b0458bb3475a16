import { base64url } from 'jose';
import { type HttpHandler, HttpResponse, http } from 'msw';
import type { InjectedFailure } from './fake-idp/fake-idp-controls.js';
import { answerWithFailure } from './fake-idp/inject-failure.js';
import type { TestDevice } from './test-device.js';

/**
 * A fake px-device-identity-service for MSW: signs `{ deviceId, message }` with the device's key.
 *
 * @example
 * ```ts
 * import { createFakeDeviceSigner, createTestDevice } from '@ones.dev/testing';
 * const signer = createFakeDeviceSigner({ device: await createTestDevice(), encoding: 'der' });
 * signer.failNext({ networkError: true });
 * ```
 */
export interface FakeDeviceSigner {
  readonly url: string;
  readonly handlers: readonly HttpHandler[];
  /** Every `{ deviceId, message }` it received. */
  readonly received: ReadonlyArray<{ readonly deviceId: unknown; readonly message: unknown }>;
  /** The next signing request fails as described. */
  failNext(failure: InjectedFailure): void;
}

const PARAMS = {
  RS256: { name: 'RSASSA-PKCS1-v1_5' },
  ES256: { name: 'ECDSA', hash: 'SHA-256' },
  ES384: { name: 'ECDSA', hash: 'SHA-384' },
  ES512: { name: 'ECDSA', hash: 'SHA-512' },
} as const;

function derInteger(bytes: Uint8Array): number[] {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const body = [...bytes.subarray(start)];
  if ((body[0] ?? 0) & 0x80) body.unshift(0);
  return [0x02, body.length, ...body];
}

/** Encodes a raw ECDSA `r‖s` signature as DER, as some signers return it. */
function rawToDer(raw: Uint8Array): Uint8Array {
  const half = raw.length / 2;
  const body = [...derInteger(raw.subarray(0, half)), ...derInteger(raw.subarray(half))];
  return Uint8Array.from([0x30, ...(body.length > 0x7f ? [0x81, body.length] : [body.length]), ...body]);
}

const b64url = (bytes: Uint8Array) => base64url.encode(bytes);

/**
 * Creates a {@link FakeDeviceSigner}. ECDSA signatures come back raw (`r‖s`) or DER, as chosen.
 *
 * @param options - the device, the signer URL (default `http://127.0.0.1:8000/sign`), the ECDSA encoding
 * @returns the signer with its handlers and controls
 * @example
 * ```ts
 * import { setupServer } from 'msw/node';
 * import { createFakeDeviceSigner, createTestDevice } from '@ones.dev/testing';
 * const signer = createFakeDeviceSigner({ device: await createTestDevice() });
 * const server = setupServer(...signer.handlers);
 * ```
 */
export function createFakeDeviceSigner(options: {
  readonly device: Pick<TestDevice, 'deviceId' | 'privateKey' | 'alg'>;
  readonly url?: string;
  readonly encoding?: 'raw' | 'der';
}): FakeDeviceSigner {
  const url = options.url ?? 'http://127.0.0.1:8000/sign';
  const received: Array<{ deviceId: unknown; message: unknown }> = [];
  const failures: InjectedFailure[] = [];
  const handlers = [
    http.post(url, async ({ request }) => {
      const body = (await request.json()) as { deviceId?: unknown; message?: unknown };
      received.push({ deviceId: body.deviceId, message: body.message });
      const failure = failures.shift();
      if (failure) return answerWithFailure(failure);
      if (body.deviceId !== options.device.deviceId || typeof body.message !== 'string') {
        return HttpResponse.json({ error: 'unknown device or missing message' }, { status: 400 });
      }
      const { alg } = options.device;
      const signature = new Uint8Array(
        await crypto.subtle.sign(
          PARAMS[alg],
          options.device.privateKey,
          new TextEncoder().encode(body.message),
        ),
      );
      const encoded = alg !== 'RS256' && options.encoding === 'der' ? rawToDer(signature) : signature;
      return HttpResponse.json({ signature: b64url(encoded) });
    }),
  ];
  return { url, handlers, received, failNext: (failure) => failures.push(failure) };
}
