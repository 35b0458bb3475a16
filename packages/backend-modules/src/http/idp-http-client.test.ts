import { OnesHttpError, OnesOAuthError, OnesValidationError } from '@ones.dev/common';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { rejectionOf } from '../../test/support/idp-fixture.js';
import { IdpHttpClient } from './idp-http-client.js';

const WAITING = new Set(['authorization_pending', 'slow_down']);
const schema = z.object({ access_token: z.string() });

/** A client whose every request gets `status` and `body` (JSON unless a string), and what it sent. */
function clientAnswering(status: number, body: unknown) {
  const sent: { url: string; body: string }[] = [];
  const fetch = async (url: string | URL | Request, init?: RequestInit) => {
    sent.push({ url: String(url), body: String(init?.body) });
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status });
  };
  return { client: new IdpHttpClient({ timeoutMs: 1_000, fetch: fetch as typeof globalThis.fetch }), sent };
}

const request = {
  method: 'POST',
  url: 'https://id.example/oidc/token',
  form: { grant_type: 'urn:openid:params:grant-type:ciba', auth_req_id: 'r1' },
  schema,
} as const;

describe('IdpHttpClient.sendOrRefusal', () => {
  it('resolves an expected refusal, whose error is the one send would have thrown', async () => {
    const { client, sent } = clientAnswering(400, { error: 'authorization_pending' });
    const answer = await client.sendOrRefusal(request, WAITING);
    expect(sent).toEqual([
      {
        url: 'https://id.example/oidc/token',
        body: 'grant_type=urn%3Aopenid%3Aparams%3Agrant-type%3Aciba&auth_req_id=r1',
      },
    ]);
    if (!('refusal' in answer)) throw new Error('expected a refusal');
    expect(answer.refusal).toBe('authorization_pending');
    const error = answer.error();
    const thrown = await rejectionOf(client.send(request));
    expect(error).toBeInstanceOf(OnesOAuthError);
    expect(error.code).toBe('ERR_OAUTH_AUTHORIZATION_PENDING');
    expect(error.message).toBe(thrown.message);
    expect((error as OnesOAuthError).response).toEqual({
      status: 400,
      data: { error: 'authorization_pending' },
    });
  });

  it('resolves slow_down too, and parses a 2xx answer with the schema', async () => {
    const slow = await clientAnswering(400, { error: 'slow_down' }).client.sendOrRefusal(request, WAITING);
    expect('refusal' in slow && slow.refusal).toBe('slow_down');
    const tokens = await clientAnswering(200, { access_token: 'at', extra: 1 }).client.sendOrRefusal(
      request,
      WAITING,
    );
    expect(tokens).toEqual({ status: 200, data: { access_token: 'at' } });
  });

  it('still rejects every other answer: another OAuth error, a busy IdP, a body that is not JSON, a malformed 2xx', async () => {
    const denied = await rejectionOf(
      clientAnswering(400, { error: 'access_denied' }).client.sendOrRefusal(request, WAITING),
    );
    expect(denied.code).toBe('ERR_OAUTH_ACCESS_DENIED');
    // 429 and 503 mean "wait": an error with retryAfterSeconds, whatever the body says
    const busy = await rejectionOf(
      clientAnswering(429, { error: 'authorization_pending' }).client.sendOrRefusal(request, WAITING),
    );
    expect(busy).toBeInstanceOf(OnesHttpError);
    expect(busy.code).toBe('ERR_HTTP_STATUS');
    const text = await rejectionOf(
      clientAnswering(400, 'authorization_pending').client.sendOrRefusal(request, WAITING),
    );
    expect(text.code).toBe('ERR_HTTP_STATUS');
    const malformed = await rejectionOf(
      clientAnswering(200, { access_token: 7 }).client.sendOrRefusal(request, WAITING),
    );
    expect(malformed).toBeInstanceOf(OnesValidationError);
    expect(malformed.message).toBe('POST /oidc/token: "access_token" is missing or malformed');
  });

  it('a refusal the caller did not name is thrown', async () => {
    const { client } = clientAnswering(400, { error: 'slow_down' });
    const error = await rejectionOf(client.sendOrRefusal(request, new Set(['authorization_pending'])));
    expect(error.code).toBe('ERR_OAUTH_SLOW_DOWN');
  });
});

describe('a caller’s fetch gets the default transport’s rules', () => {
  it('follows no redirect (a 307 would post the assertion elsewhere), and reads no answer over 1 MiB', async () => {
    const inits: RequestInit[] = [];
    const fetch = (async (_url: string, init: RequestInit) => {
      inits.push(init);
      if (inits.length === 1)
        return new Response(null, { status: 307, headers: { location: 'https://evil.example/' } });
      const chunk = new Uint8Array(65_536).fill(120);
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          sent += chunk.length;
          if (sent > 1_200_000) controller.close();
          else controller.enqueue(chunk);
        },
      });
      return new Response(body, { status: 200 });
    }) as unknown as typeof globalThis.fetch;
    const client = new IdpHttpClient({ timeoutMs: 1_000, fetch });
    const redirected = await rejectionOf(client.send(request));
    expect(inits[0]?.redirect).toBe('manual');
    expect(redirected.code).toBe('ERR_HTTP_STATUS');
    expect(redirected.message).toBe('POST /oidc/token answered HTTP 307');
    const huge = await rejectionOf(client.send(request));
    expect(huge.code).toBe('ERR_VALIDATION_RESPONSE');
    expect(huge.message).toBe(
      'POST /oidc/token answered with more than 1048576 bytes; the SDK reads no answer that large',
    );
  });

  it('a 401 whose error is only in WWW-Authenticate (RFC 6750) is the same typed error as one in the body', async () => {
    const fetch = (async () =>
      new Response(null, {
        status: 401,
        headers: {
          'www-authenticate': 'Bearer realm="ones", error="invalid_token", error_description="expired"',
        },
      })) as unknown as typeof globalThis.fetch;
    const error = await rejectionOf(new IdpHttpClient({ timeoutMs: 1_000, fetch }).send(request));
    expect(error).toBeInstanceOf(OnesOAuthError);
    expect(error.code).toBe('ERR_OAUTH_INVALID_TOKEN');
    expect((error as unknown as OnesOAuthError).response).toEqual({
      status: 401,
      data: { error: 'invalid_token', error_description: 'expired' },
    });
  });
});
