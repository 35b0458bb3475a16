import { describe, expect, it } from 'vitest';
import { KitKeys } from './kit-keys.js';

describe('KitKeys', () => {
  it('derives the same key as every earlier version (HKDF-SHA256, the fixed salt, the purpose), so their cookies open', () => {
    const [key] = new KitKeys([new Uint8Array(32).fill(7)]).for('cookie ones-session');
    expect(Buffer.from(key.bytes).toString('hex')).toBe(
      '7869e41820380ec008ff4edd0cada65f857b07344e14a8d95103b2fcc76c96e7',
    );
    expect(key.kid).toBe('teLQf9-u');
  });

  it('gives each purpose and each secret a key of its own, the first secret’s first', () => {
    const keys = new KitKeys([new Uint8Array(32).fill(1), new Uint8Array(32).fill(2)]);
    const session = keys.for('cookie ones-session');
    const login = keys.for('cookie ones-login');
    expect(session).toHaveLength(2);
    expect(new Set([...session, ...login].map((key) => key.kid)).size).toBe(4);
    expect(session[0].kid).toBe(new KitKeys([new Uint8Array(32).fill(1)]).for('cookie ones-session')[0].kid);
    expect(keys.for('cookie ones-session')).toBe(session); // derived once
  });

  it('needs a secret', () => {
    expect(() => new KitKeys([])).toThrow('at least one secret is needed');
  });
});
