import { describe, expect, it } from 'vitest';
import { ConsentRequestBodySchema, ConsentStatusResponseSchema } from './idp/consent.js';
import { LoginHintSchema } from './idp/login-hint-token.js';
import { QrAuthSessionIdpSchema } from './idp/qr-auth-session.js';
import { TokenIntrospectionResponseSchema } from './idp/token-introspection-response.js';
import { CibaAuthRequestFrontendDtoSchema } from './routes/ciba-route-dtos.js';

describe('wire schemas', () => {
  it('consent requests only name the vendor properties', () => {
    const body = {
      subject: 'sub-1',
      resource: 'https://shop.example',
      content: [{ name: 'email' }],
      reason: 'Sign-up',
    };
    expect(ConsentRequestBodySchema.parse(body)).toEqual(body);
    const bad = ConsentRequestBodySchema.safeParse({ ...body, content: [{ name: 'passwordHash' }] });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['content', 0, 'name']);
    expect(ConsentRequestBodySchema.safeParse({ ...body, content: [] }).success).toBe(false);
  });

  it('approved consent carries released values; unknown statuses are rejected', () => {
    const approved = {
      id: 'c1',
      status: 'approved',
      content: [{ name: 'fullName', value: 'Alice Example' }],
    };
    expect(ConsentStatusResponseSchema.parse(approved)).toEqual(approved);
    expect(ConsentStatusResponseSchema.safeParse({ ...approved, status: 'maybe' }).success).toBe(false);
  });

  it('QR sessions at the IdP carry a login hint once scanned', () => {
    const scanned = {
      sessionId: 's1',
      exp: 1,
      status: 'scanned',
      loginHint: { kind: 'username', value: 'alice' },
    };
    expect(QrAuthSessionIdpSchema.parse(scanned)).toEqual(scanned);
    expect(
      QrAuthSessionIdpSchema.safeParse({ ...scanned, loginHint: { kind: 'nickname', value: 'a' } }).success,
    ).toBe(false);
  });

  it('introspection accepts an inactive token and audience lists', () => {
    expect(TokenIntrospectionResponseSchema.parse({ active: false })).toEqual({ active: false });
    expect(TokenIntrospectionResponseSchema.parse({ active: true, aud: ['a', 'b'], exp: 10 }).aud).toEqual([
      'a',
      'b',
    ]);
    expect(TokenIntrospectionResponseSchema.safeParse({ active: 'yes' }).success).toBe(false);
  });

  it('the CIBA start body needs a user identifier and a known hint kind', () => {
    expect(CibaAuthRequestFrontendDtoSchema.safeParse({ userIdentifier: '' }).success).toBe(false);
    expect(
      CibaAuthRequestFrontendDtoSchema.safeParse({ userIdentifier: 'a', loginHintKind: 'pager' }).success,
    ).toBe(false);
    expect(LoginHintSchema.parse({ kind: 'sub', value: 'x' })).toEqual({ kind: 'sub', value: 'x' });
  });
});
