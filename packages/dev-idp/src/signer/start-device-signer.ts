import { createPrivateKey, type KeyObject, sign } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DevDevice } from '../device/enrol-device.js';
import { readJson, sendJson } from '../http/json-io.js';

/**
 * A running px-device-identity-service stand-in: `POST /sign` with `{ deviceId, message }` answers
 * `{ signature }` (base64url) made with the enrolled device's key. It answers only the Host
 * `127.0.0.1:{port}` or `localhost:{port}` (421 otherwise) and reads only `application/json` (415
 * otherwise); a request it cannot sign gets 400 with `error` and `error_description`.
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

/** A JSON answer the signer gives instead of a signature. */
interface Refusal {
  readonly status: number;
  readonly error: string;
  readonly description: string;
}

const refuse = (status: number, error: string, description: string): Refusal => ({
  status,
  error,
  description,
});

/**
 * The message of a sign request, or why it is refused. Only this server's Host is answered: a page
 * that rebinds its own name to 127.0.0.1 sends its name as Host, and must not get the device to sign.
 * Only JSON is read: a cross-site form can send text/plain or form bodies without a CORS preflight.
 */
async function readSignRequest(
  request: IncomingMessage,
  device: DevDevice,
  port: number,
): Promise<{ readonly message: string } | Refusal> {
  const hosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  if (!hosts.includes(request.headers.host ?? ''))
    return refuse(421, 'misdirected_request', `the signer answers only Host ${hosts.join(' or ')}`);
  if (request.method !== 'POST' || request.url !== '/sign')
    return refuse(404, 'not_found', 'the signer answers only POST /sign');
  const mediaType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json')
    return refuse(415, 'unsupported_media_type', 'send the body as application/json');
  const body = await readJson(request).catch(() => undefined);
  if (typeof body !== 'object' || body === null)
    return refuse(400, 'invalid_request', 'the body must be a JSON object { deviceId, message }');
  const { deviceId, message } = body as { deviceId?: unknown; message?: unknown };
  if (typeof deviceId !== 'string') return refuse(400, 'invalid_request', '"deviceId" must be a string');
  if (typeof message !== 'string') return refuse(400, 'invalid_request', '"message" must be a string');
  if (deviceId !== device.deviceId) {
    const fix = `use the id in ${device.configPath}`;
    return refuse(400, 'unknown_device', `"deviceId" is not the device this signer holds: ${fix}`);
  }
  return { message };
}

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
    const read = await readSignRequest(request, device, boundPort);
    if ('error' in read)
      return sendJson(response, read.status, { error: read.error, error_description: read.description });
    const options =
      device.alg === 'RS256'
        ? key
        : { key, dsaEncoding: encoding === 'der' ? ('der' as const) : ('ieee-p1363' as const) };
    const signature = sign(HASH[device.alg], Buffer.from(read.message, 'utf8'), options);
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
