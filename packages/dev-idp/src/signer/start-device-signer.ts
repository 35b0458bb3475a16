import { createPrivateKey, type KeyObject, sign } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DevDevice } from '../device/enrol-device.js';
import { readJson, sendJson } from '../http/json-io.js';

/**
 * A running px-device-identity-service stand-in: `POST /sign` with `{ deviceId, message }` answers
 * `{ signature }` (base64url) made with the enrolled device's key.
 *
 * @example
 * ```ts
 * import type { DevDeviceSigner } from '@ones.dev/dev-idp';
 * const describe = (signer: DevDeviceSigner) => `signing at ${signer.url}, ${signer.signatures} so far`;
 * ```
 */
export interface DevDeviceSigner {
  /** `http://127.0.0.1:{port}/sign`. */
  readonly url: string;
  /** Signatures made so far. */
  readonly signatures: number;
  /** Stops answering (connections refused) until `start()`: to test "signer down". */
  stop(): Promise<void>;
  /** Starts (again) on the same port. */
  start(): Promise<void>;
}

const HASH = { RS256: 'sha256', ES256: 'sha256', ES384: 'sha384', ES512: 'sha512' } as const;

/**
 * Starts the signer on 127.0.0.1:`port` (0 picks a free port). ECDSA signatures come back raw
 * (`r‖s`) or DER, as `encoding` says: px-device-identity-service versions differ.
 */
export async function startDeviceSigner(
  device: DevDevice,
  port: number,
  encoding: 'raw' | 'der' = 'raw',
): Promise<DevDeviceSigner> {
  const key: KeyObject = createPrivateKey(device.privateKeyPem);
  let signatures = 0;
  let server: Server | undefined;
  let boundPort = port;
  const handle: Parameters<typeof createServer>[1] = async (request, response) => {
    if (request.method !== 'POST' || request.url !== '/sign')
      return sendJson(response, 404, { error: 'not found' });
    const body = (await readJson(request).catch(() => undefined)) as
      | { deviceId?: unknown; message?: unknown }
      | undefined;
    if (body?.deviceId !== device.deviceId || typeof body.message !== 'string') {
      return sendJson(response, 400, { error: 'unknown deviceId or missing message' });
    }
    const options =
      device.alg === 'RS256'
        ? key
        : { key, dsaEncoding: encoding === 'der' ? ('der' as const) : ('ieee-p1363' as const) };
    const signature = sign(HASH[device.alg], Buffer.from(body.message, 'utf8'), options);
    signatures += 1;
    sendJson(response, 200, { signature: signature.toString('base64url') });
  };
  const start = () =>
    new Promise<void>((resolve, reject) => {
      const next = createServer(handle);
      next.once('error', reject);
      next.listen(boundPort, '127.0.0.1', () => {
        boundPort = (next.address() as AddressInfo).port;
        server = next;
        resolve();
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (server === undefined) return resolve();
      server.closeAllConnections();
      server.close(() => resolve());
      server = undefined;
    });
  await start();
  return {
    get url() {
      return `http://127.0.0.1:${boundPort}/sign`;
    },
    get signatures() {
      return signatures;
    },
    stop,
    start,
  };
}
