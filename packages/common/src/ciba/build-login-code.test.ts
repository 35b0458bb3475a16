import { describe, expect, it } from 'vitest';
import { isOnesError } from '../errors/is-ones-error.js';
import { buildLoginCode } from './build-login-code.js';

describe('buildLoginCode', () => {
  it('gives the same 4-character Crockford code for the same login, every time', () => {
    const code = buildLoginCode('lZdyPq2dP6wwU8ngDKGQnYXk9Ct8sHHzCk7CQR1m6cN');
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(buildLoginCode('lZdyPq2dP6wwU8ngDKGQnYXk9Ct8sHHzCk7CQR1m6cN')).toBe(code);
  });

  it('pins the algorithm, so the IdP page and the browser agree (FNV-1a, low bits first)', () => {
    // FNV-1a("a") = 0xe40c292c: its 5-bit groups from the low end are 12, 9, 10, 24 → C, 9, A, R.
    expect(buildLoginCode('a')).toBe('C9AR');
  });

  it('tells a thousand concurrent logins apart with few collisions', () => {
    const codes = new Set(Array.from({ length: 1000 }, () => buildLoginCode(crypto.randomUUID())));
    // 20 bits: about 0.5 expected collisions among 1,000 codes
    expect(codes.size).toBeGreaterThanOrEqual(995);
  });

  it('refuses what cannot be an auth_req_id', () => {
    for (const bad of ['', 'has space', 'x'.repeat(513), 42 as unknown as string]) {
      let caught: unknown;
      try {
        buildLoginCode(bad);
      } catch (error) {
        caught = error;
      }
      expect(isOnesError(caught, 'ERR_VALIDATION_ARGUMENT')).toBe(true);
    }
  });
});
