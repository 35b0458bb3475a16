import { createSecretKey, randomBytes } from 'node:crypto';
import { CompactEncrypt, compactDecrypt, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { DirectJweWriter } from './direct-jwe.js';

const key = new Uint8Array(randomBytes(32));
const writer = new DirectJweWriter(createSecretKey(key), 'k1');
const text = (value: string) => new TextEncoder().encode(value);
const options = { keyManagementAlgorithms: ['dir'], contentEncryptionAlgorithms: ['A256GCM'] };

describe('DirectJweWriter', () => {
  it('writes a compact JWE that jose opens, with the header jose would write', async () => {
    const value = writer.seal(text('{"sid":"s1","exp":1900000000}'));
    const { plaintext, protectedHeader } = await compactDecrypt(value, key, options);
    expect(new TextDecoder().decode(plaintext)).toBe('{"sid":"s1","exp":1900000000}');
    expect(protectedHeader).toEqual({ alg: 'dir', enc: 'A256GCM', kid: 'k1' });
    const fromJose = await new CompactEncrypt(text('x'))
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', kid: 'k1' })
      .encrypt(key);
    expect(value.split('.').map((part) => part.length > 0)).toEqual(
      fromJose.split('.').map((part) => part.length > 0),
    );
    expect(decodeProtectedHeader(value)).toEqual(decodeProtectedHeader(fromJose));
  });

  it('uses a fresh IV every time: the same plaintext never seals to the same value', () => {
    const values = new Set(Array.from({ length: 100 }, () => writer.seal(text('same'))));
    expect(values.size).toBe(100);
    expect(new Set([...values].map((value) => value.split('.')[2])).size).toBe(100);
  });

  it('jose refuses its output with any part changed, and under another key', async () => {
    const parts = writer.seal(text('{"admin":false}')).split('.');
    for (const index of [0, 2, 3, 4]) {
      const changed = [...parts];
      const part = changed[index] as string;
      changed[index] = `${part.slice(0, -2)}${part.at(-2) === 'A' ? 'B' : 'A'}${part.at(-1)}`;
      await expect(compactDecrypt(changed.join('.'), key, options)).rejects.toThrow();
    }
    await expect(compactDecrypt(parts.join('.'), new Uint8Array(32), options)).rejects.toThrow();
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => new DirectJweWriter(createSecretKey(new Uint8Array(16)), 'k1')).toThrow(/32-byte key/);
  });
});
