import { getEventListeners } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { rejectionOf } from '../../test/support/idp-fixture.js';
import { IdpHttpClient } from './idp-http-client.js';
import { MAX_ANSWER_BYTES } from './node-http-transport.js';

type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void;

let server: Server | undefined;
afterEach(() => server?.close());

/** A loopback server answering with `handler`; counts the connections it accepted. */
async function serve(handler: Handler) {
  const stats = { connections: 0 };
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => handler(request, body, response));
  });
  server.on('connection', () => {
    stats.connections += 1;
  });
  await new Promise<void>((ready) => server?.listen(0, '127.0.0.1', ready));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/oidc/token`, stats };
}

const client = new IdpHttpClient({ timeoutMs: 500 });
const schema = z.object({ ok: z.boolean() });

describe('the default transport (node:http)', () => {
  it('sends the form with its type and length, reads the JSON answer, and keeps the connection alive', async () => {
    const seen: unknown[] = [];
    const { url, stats } = await serve((request, body, response) => {
      seen.push({ method: request.method, type: request.headers['content-type'], body });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    for (let round = 0; round < 3; round += 1) {
      const answer = await client.send({ method: 'POST', url, form: { a: '1', b: 'x y' }, schema });
      expect(answer).toEqual({ status: 200, data: { ok: true } });
    }
    expect(seen).toHaveLength(3);
    expect(seen[0]).toEqual({
      method: 'POST',
      type: 'application/x-www-form-urlencoded;charset=UTF-8',
      body: 'a=1&b=x+y',
    });
    expect(stats.connections).toBe(1);
  });

  it('refuses an answer over 1 MiB, declared or streamed, without reading it', async () => {
    const { url } = await serve((request, _body, response) => {
      if (request.url?.endsWith('declared')) {
        response.writeHead(200, { 'content-length': String(MAX_ANSWER_BYTES + 1) });
        response.write('{');
        return;
      }
      response.writeHead(200); // chunked, no length
      const chunk = 'x'.repeat(65_536);
      for (let sent = 0; sent <= MAX_ANSWER_BYTES; sent += chunk.length) response.write(chunk);
      response.end();
    });
    for (const path of ['declared', 'streamed']) {
      const error = await rejectionOf(client.send({ method: 'GET', url: `${url}/${path}`, schema }));
      expect(error.code).toBe('ERR_VALIDATION_RESPONSE');
      expect(error.message).toBe(
        `GET /oidc/token/${path} answered with more than 1048576 bytes; the SDK reads no answer that large`,
      );
    }
  });

  it('times out an answer that stops halfway, and names a server that is not there', async () => {
    const { url } = await serve((_request, _body, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"ok":');
    });
    const stalled = await rejectionOf(client.send({ method: 'GET', url, schema }));
    expect(stalled.code).toBe('ERR_TIMEOUT_REQUEST');
    expect(stalled.message).toBe('GET /oidc/token timed out');
    server?.closeAllConnections();
    server?.close();
    const gone = await rejectionOf(client.send({ method: 'GET', url, schema }));
    expect(gone.code).toBe('ERR_HTTP_NETWORK');
    expect(gone.message).toBe('GET /oidc/token failed: the IdP could not be reached');
  });

  it('leaves no timer and no listener on the caller’s signal once a call settled', async () => {
    const { url } = await serve((_request, _body, response) => response.end('{"ok":true}'));
    const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    const before = timers();
    const signal = new AbortController().signal;
    const answer = await client.send({ method: 'GET', url, schema, signal });
    expect(answer.data).toEqual({ ok: true });
    expect(timers()).toBe(before);
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
  });

  it('stops at once when the caller aborts, and follows no redirect', async () => {
    const { url } = await serve((request, _body, response) => {
      if (request.url?.endsWith('moved'))
        return response.writeHead(302, { location: 'http://127.0.0.1:1/elsewhere' }).end();
      setTimeout(() => response.end('{"ok":true}'), 5_000).unref();
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('the user left')), 50);
    const aborted = await rejectionOf(client.send({ method: 'GET', url, schema, signal: controller.signal }));
    expect(aborted.code).toBe('ERR_ABORTED');
    const moved = await rejectionOf(client.send({ method: 'GET', url: `${url}/moved`, schema }));
    expect(moved.code).toBe('ERR_HTTP_STATUS');
    expect(moved.message).toBe('GET /oidc/token/moved answered HTTP 302');
  });

  it('serves jose its JWKS as a Response, and rejects with the signal’s reason on a timeout as fetch does', async () => {
    const { url } = await serve((request, _body, response) => {
      if (request.url?.endsWith('slow')) return;
      response.writeHead(200, { 'content-type': 'application/jwk-set+json' }).end('{"keys":[]}');
    });
    const response = await client.fetchRaw(url, {
      method: 'GET',
      headers: new Headers({ accept: 'application/json' }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/jwk-set+json');
    expect(await response.json()).toEqual({ keys: [] });
    const error = await rejectionOf(
      client.fetchRaw(`${url}/slow`, { method: 'GET', signal: AbortSignal.timeout(50) }),
    );
    expect(error.name).toBe('TimeoutError');
  });
});
