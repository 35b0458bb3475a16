import { delay, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { HOST, json, rejectionOf, useCustomerBackend } from '../../test/support/customer-routes.js';
import {
  OnesAbortError,
  OnesHttpError,
  OnesOAuthError,
  OnesTimeoutError,
  OnesValidationError,
} from '../errors/errors.js';
import { makeCibaRequestClient } from './make-ciba-request-client.js';

const { route } = useCustomerBackend();
const PATH = '/api/auth/oidc/bc-authorize';
const ACK = { auth_req_id: 'req-1', expires_in: 120, interval: 5 };

describe('makeCibaRequestClient', () => {
  it('posts the user identifier as JSON to the bc-authorize route and returns the acknowledgement', async () => {
    const backend = route(PATH, () => json(ACK));
    await expect(makeCibaRequestClient(HOST, 'alice')).resolves.toEqual(ACK);
    const [request] = backend.received;
    expect(request?.body).toEqual({ userIdentifier: 'alice' });
    expect(request?.headers.get('content-type')).toBe('application/json');
    expect(request?.headers.get('accept')).toBe('application/json');
  });

  it('sends the login hint kind when one is given', async () => {
    const backend = route(PATH, () => json(ACK));
    await makeCibaRequestClient(HOST, 'alice@example.com', { loginHintKind: 'email' });
    expect(backend.received[0]?.body).toEqual({
      userIdentifier: 'alice@example.com',
      loginHintKind: 'email',
    });
  });

  it('keeps fields the backend adds and accepts a missing interval', async () => {
    route(PATH, () => json({ auth_req_id: 'req-1', expires_in: 60, traceId: 't-9' }));
    await expect(makeCibaRequestClient(HOST, 'alice')).resolves.toEqual({
      auth_req_id: 'req-1',
      expires_in: 60,
      traceId: 't-9',
    });
  });

  it('uses the path override, a base path on the host, and extra headers', async () => {
    const backend = route('/app/login/start', () => json(ACK));
    await makeCibaRequestClient(`${HOST}/app/`, 'alice', {
      path: '/login/start',
      headers: { 'x-csrf-token': 'c1' },
    });
    expect(backend.received[0]?.url).toBe(`${HOST}/app/login/start`);
    expect(backend.received[0]?.headers.get('x-csrf-token')).toBe('c1');
  });

  it('uses an injected fetch', async () => {
    const calls: string[] = [];
    const fetchSpy: typeof fetch = async (input) => {
      calls.push(String(input));
      return new Response(JSON.stringify(ACK), { status: 200 });
    };
    await expect(makeCibaRequestClient(HOST, 'alice', { fetch: fetchSpy })).resolves.toEqual(ACK);
    expect(calls).toEqual([`${HOST}${PATH}`]);
  });

  it.each([
    ['a relative URL', '/api', 'must be an absolute URL'],
    ['a non-http scheme', 'ftp://shop.example', 'must be an http(s) URL'],
    ['plain http to a public host', 'http://shop.example', 'must use https:'],
    ['credentials in the URL', 'https://user:pw@shop.example', 'must not contain credentials'],
    ['a query string', 'https://shop.example?x=1', 'must not contain credentials, a query or a fragment'],
  ])('rejects a host that is %s before sending anything', async (_, host, message) => {
    const error = await rejectionOf(makeCibaRequestClient(host, 'alice'));
    expect(error).toBeInstanceOf(OnesValidationError);
    expect(error.code).toBe('ERR_VALIDATION_ARGUMENT');
    expect(error.message).toContain('"host"');
    expect(error.message).toContain(message);
  });

  it('allows plain http for loopback, and elsewhere only with allowInsecureHost', async () => {
    const fetchOk: typeof fetch = async () => new Response(JSON.stringify(ACK));
    await expect(
      makeCibaRequestClient('http://127.0.0.1:3000', 'alice', { fetch: fetchOk }),
    ).resolves.toEqual(ACK);
    await expect(
      makeCibaRequestClient('http://localhost:3000', 'alice', { fetch: fetchOk }),
    ).resolves.toEqual(ACK);
    await expect(
      makeCibaRequestClient('http://intranet.example', 'alice', { fetch: fetchOk, allowInsecureHost: true }),
    ).resolves.toEqual(ACK);
  });

  it.each([[''], ['   '], ['x'.repeat(257)]])('rejects the user identifier %j', async (userIdentifier) => {
    const error = await rejectionOf(makeCibaRequestClient(HOST, userIdentifier));
    expect(error).toBeInstanceOf(OnesValidationError);
    expect(error.message).toBe('"userIdentifier" must be a non-empty string of at most 256 characters');
  });

  it('turns an OAuth error answer into OnesOAuthError with the status and body', async () => {
    route(PATH, () => json({ error: 'unknown_user_id', error_description: 'no such user' }, 400));
    const error = await rejectionOf(makeCibaRequestClient(HOST, 'mallory'));
    expect(error).toBeInstanceOf(OnesOAuthError);
    expect(error.code).toBe('ERR_OAUTH_UNKNOWN_USER_ID');
    expect(error.error).toBe('unknown_user_id');
    expect(error.errorDescription).toBe('no such user');
    expect(error.response).toEqual({
      status: 400,
      data: { error: 'unknown_user_id', error_description: 'no such user' },
    });
    expect(error.message).toBe(
      'the server answered HTTP 400 with OAuth error "unknown_user_id": no such user',
    );
  });

  it('turns a 500 without an OAuth body into OnesHttpError ERR_HTTP_STATUS', async () => {
    route(PATH, () => new HttpResponse('upstream exploded', { status: 500 }));
    const error = await rejectionOf(makeCibaRequestClient(HOST, 'alice'));
    expect(error).toBeInstanceOf(OnesHttpError);
    expect(error.code).toBe('ERR_HTTP_STATUS');
    expect(error.message).toBe(`POST ${PATH} answered HTTP 500`);
    expect(error.response).toEqual({ status: 500, data: 'upstream exploded' });
  });

  it('rejects an HTML page answered with 200', async () => {
    route(PATH, () => HttpResponse.html('<html><body>Login</body></html>'));
    const error = await rejectionOf(makeCibaRequestClient(HOST, 'alice'));
    expect(error).toBeInstanceOf(OnesValidationError);
    expect(error.code).toBe('ERR_VALIDATION_RESPONSE');
    expect(error.message).toBe(`POST ${PATH} answered HTTP 200 with a body that is not JSON`);
  });

  it('rejects malformed JSON', async () => {
    route(
      PATH,
      () => new HttpResponse('{"auth_req_id": "req-1",', { headers: { 'content-type': 'application/json' } }),
    );
    const error = await rejectionOf(makeCibaRequestClient(HOST, 'alice'));
    expect(error.code).toBe('ERR_VALIDATION_RESPONSE');
  });

  it.each([
    [{ expires_in: 120 }, '"auth_req_id" must be an identifier'],
    [{ auth_req_id: 'req 1', expires_in: 120 }, '"auth_req_id" must be an identifier'],
    [{ auth_req_id: 'req-1', expires_in: '120' }, '"expires_in" must be a whole number of at least 1'],
    [
      { auth_req_id: 'req-1', expires_in: 120, interval: -1 },
      '"interval" must be a whole number of at least 0',
    ],
    [['req-1'], 'the body must be a JSON object'],
  ])('names the field when the answer %j is malformed', async (body, message) => {
    route(PATH, () => json(body));
    const error = await rejectionOf(makeCibaRequestClient(HOST, 'alice'));
    expect(error).toBeInstanceOf(OnesValidationError);
    expect(error.code).toBe('ERR_VALIDATION_RESPONSE');
    expect(error.message).toBe(`CIBA start answer: ${message}`);
  });

  it('times out with ERR_TIMEOUT_REQUEST', async () => {
    route(PATH, async () => {
      await delay(2_000);
      return json(ACK);
    });
    const error = await rejectionOf(makeCibaRequestClient(HOST, 'alice', { timeoutMs: 50 }));
    expect(error).toBeInstanceOf(OnesTimeoutError);
    expect(error.code).toBe('ERR_TIMEOUT_REQUEST');
    expect(error.message).toBe(`POST ${PATH} timed out`);
  });

  it('stops with ERR_ABORTED when the caller aborts, keeping the reason as cause', async () => {
    route(PATH, async () => {
      await delay(2_000);
      return json(ACK);
    });
    const controller = new AbortController();
    const pending = makeCibaRequestClient(HOST, 'alice', { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('user left the page')), 20);
    const error = await rejectionOf(pending);
    expect(error).toBeInstanceOf(OnesAbortError);
    expect(error.code).toBe('ERR_ABORTED');
    expect((error.cause as Error).message).toBe('user left the page');
  });

  it('sends nothing when the signal is already aborted', async () => {
    const error = await rejectionOf(makeCibaRequestClient(HOST, 'alice', { signal: AbortSignal.abort() }));
    expect(error.code).toBe('ERR_ABORTED');
  });

  it('reports a network failure as ERR_HTTP_NETWORK', async () => {
    route(PATH, () => HttpResponse.error());
    const error = await rejectionOf(makeCibaRequestClient(HOST, 'alice'));
    expect(error).toBeInstanceOf(OnesHttpError);
    expect(error.code).toBe('ERR_HTTP_NETWORK');
    expect(error.response).toBeUndefined();
    expect(error.message).toBe(`POST ${PATH} failed: the server could not be reached`);
  });

  it('still times out when an injected fetch ignores the signal', async () => {
    const neverSettles: typeof fetch = () => new Promise<Response>(() => {});
    const error = await rejectionOf(
      makeCibaRequestClient(HOST, 'alice', { fetch: neverSettles, timeoutMs: 50 }),
    );
    expect(error).toBeInstanceOf(OnesTimeoutError);
    expect(error.code).toBe('ERR_TIMEOUT_REQUEST');
  });

  it('rejects a header value fetch could not send, naming the option, before sending', async () => {
    const error = await rejectionOf(
      makeCibaRequestClient(HOST, 'alice', { headers: { 'x-bad': 'line\nbreak' } }),
    );
    expect(error).toBeInstanceOf(OnesValidationError);
    expect(error.code).toBe('ERR_VALIDATION_ARGUMENT');
    expect(error.message).toBe('"options.headers" must map header names to valid header values');
  });
});
