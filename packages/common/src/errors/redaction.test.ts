import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { causeWithoutSecrets } from './cause-without-secrets.js';
import { oauthErrorFromResponse } from './oauth-error-from-response.js';
import { REDACTED, redactErrorBody, redactSecretsInText } from './redact-error-body.js';

const JWT = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl';
const everything = (value: unknown) => inspect(value, { depth: Number.POSITIVE_INFINITY, showHidden: true });

describe('redactErrorBody', () => {
  it('redacts credential fields in any case and spelling, at any depth, and keeps the rest', () => {
    const body = {
      error: 'invalid_grant',
      Access_Token: 'at-1',
      'refresh-token': 'rt-1',
      ID_TOKEN: 'it-1',
      client_notification_token: 'cnt-1',
      client_secret: 's-1',
      nested: [{ headers: { Authorization: 'Bearer at-2', Cookie: 'sid=1' } }],
      token_type: 'Bearer',
      auth_req_id: 'req-1',
    };
    const redacted = redactErrorBody(body);
    expect(redacted).toEqual({
      error: 'invalid_grant',
      Access_Token: REDACTED,
      'refresh-token': REDACTED,
      ID_TOKEN: REDACTED,
      client_notification_token: REDACTED,
      client_secret: REDACTED,
      nested: [{ headers: { Authorization: REDACTED, Cookie: REDACTED } }],
      token_type: 'Bearer',
      auth_req_id: 'req-1',
    });
    for (const secret of ['at-1', 'rt-1', 'it-1', 'cnt-1', 's-1', 'at-2', 'sid=1'])
      expect(everything(redacted)).not.toContain(secret);
  });

  it('redacts JWTs and Bearer credentials inside text, in fields and in text bodies', () => {
    expect(redactErrorBody({ error_description: `the assertion ${JWT} was replayed` })).toEqual({
      error_description: `the assertion ${REDACTED} was replayed`,
    });
    expect(redactErrorBody(`GET / HTTP/1.1\r\nauthorization: bearer at-3.x_y\r\n`)).toBe(
      `GET / HTTP/1.1\r\nauthorization: bearer ${REDACTED}\r\n`,
    );
  });

  it('a field named __proto__ stays a field: it cannot hide from the cap or fake the OAuth error', () => {
    const hostile = JSON.parse(
      `{"__proto__":{"error":"access_denied","padding":"${'x'.repeat(600)}"},"filler":"${'y'.repeat(600)}","more":"${'z'.repeat(600)}","x":"${'w'.repeat(600)}"}`,
    );
    const redacted = redactErrorBody(hostile) as Record<string, unknown>;
    expect(Object.getPrototypeOf(redacted)).toBe(Object.prototype);
    expect(redacted.error).toBeUndefined();
    expect(JSON.stringify(redacted).length).toBeLessThanOrEqual(2_000);
    expect(
      oauthErrorFromResponse({ status: 400, data: redactErrorBody({ __proto__: null }) }),
    ).toBeUndefined();
    const small = redactErrorBody(JSON.parse('{"__proto__":{"error":"access_denied"}}')) as object;
    expect(Object.getPrototypeOf(small)).toBe(Object.prototype);
    expect(oauthErrorFromResponse({ status: 400, data: small })).toBeUndefined();
  });

  it('bounds strings, fields, items and depth, and keeps the OAuth fields of a body still too long', () => {
    const wide = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`f${i}`, i]));
    expect(redactErrorBody({ ...wide, error: 'slow_down' })).toEqual({ error: 'slow_down' });
    expect(Object.keys((redactErrorBody({ nested: wide }) as { nested: object }).nested)).toHaveLength(50);
    expect(redactErrorBody({ list: Array.from({ length: 100 }, (_, i) => i) })).toEqual({
      list: Array.from({ length: 20 }, (_, i) => i),
    });
    expect(redactErrorBody({ a: { b: { c: { d: { e: 1 } } } } })).toEqual({ a: { b: { c: { d: '[…]' } } } });
    const long = {
      error: 'invalid_request',
      ...Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`p${i}`, 'x'.repeat(700)])),
    };
    expect(redactErrorBody(long)).toEqual({ error: 'invalid_request' });
    expect((redactErrorBody('t'.repeat(5000)) as string).length).toBe(600);
    const id = 'r'.repeat(512);
    expect(redactErrorBody({ auth_req_id: id })).toEqual({ auth_req_id: id });
  });

  it('survives hostile JSON: deep nesting and a huge array', () => {
    const deep = JSON.parse(`${'['.repeat(10_000)}${']'.repeat(10_000)}`);
    expect(redactErrorBody(deep)).toEqual([[[['[…]']]]]);
    expect(redactErrorBody(Array.from({ length: 1_000_000 }, () => 1))).toBe('[…]');
  });
});

describe('causeWithoutSecrets', () => {
  it('keeps the messages, name and system code, and drops what the original held', () => {
    const system = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4000'), { code: 'ECONNREFUSED' });
    const failure = Object.assign(new TypeError('fetch failed', { cause: system }), {
      request: { headers: { authorization: 'Bearer at-9' } },
      payload: { email: 'alice@secret.example' },
    });
    const copy = causeWithoutSecrets(failure);
    expect(copy).toBeInstanceOf(Error);
    expect(copy?.name).toBe('TypeError');
    expect(copy?.message).toBe('fetch failed: connect ECONNREFUSED 127.0.0.1:4000');
    expect((copy as Error & { code?: string }).code).toBe('ECONNREFUSED');
    expect(everything(copy)).not.toContain('at-9');
    expect(everything(copy)).not.toContain('alice@secret.example');
  });

  it('redacts credentials a message itself quotes, and bounds it', () => {
    const copy = causeWithoutSecrets(
      new Error(`KMS refused Bearer kms-token-1 for ${JWT} ${'x'.repeat(500)}`),
    );
    expect(copy?.message).toMatch(/^KMS refused Bearer \[redacted\] for \[redacted\] x+$/);
    expect(copy?.message.length).toBe(200);
  });

  it('copes with what is not an Error, and with a cause cycle', () => {
    expect(causeWithoutSecrets(undefined)).toBeUndefined();
    expect(causeWithoutSecrets('a string')?.message).toBe('not an Error');
    const looped = new Error('loop');
    Object.assign(looped, { cause: looped });
    expect(causeWithoutSecrets(looped)?.message).toBe('loop');
  });

  it('redactSecretsInText leaves ordinary text alone', () => {
    expect(redactSecretsInText('the QR session is unknown (HTTP 404)')).toBe(
      'the QR session is unknown (HTTP 404)',
    );
  });
});
