import { createSecretKey } from 'node:crypto';
import { CompactEncrypt } from 'jose';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../../test/support/manual-clock.js';
import { CookieSealer, MAX_SEALED_LENGTH } from './cookie-sealer.js';
import { DirectJweWriter } from './direct-jwe.js';
import { type KeyPurpose, KitKeys } from './kit-keys.js';

// AES-GCM decryptions, counted where jose does them (WebCrypto): a value opened from memory is not
// decrypted again. A spy on the global, not a module mock, so that it holds in a shared module graph.
const decrypt = vi.spyOn(globalThis.crypto.subtle, 'decrypt');
const decryptions = () => decrypt.mock.calls.length;
afterAll(() => decrypt.mockRestore());

const secret = (fill: number) => new Uint8Array(32).fill(fill);
const clock = new ManualClock();
const inAnHour = () => Math.floor(clock.now() / 1000) + 3600;
const sealer = (secrets: Uint8Array[], purpose: KeyPurpose = 'cookie ones-session', on = clock) =>
  new CookieSealer('ones-session', new KitKeys(secrets).for(purpose), on);
/** A value sealed by the kit's writer with the key of `purpose`, whatever its JSON says. */
const sealedRaw = (plaintext: string, fill = 1) => {
  const [key] = new KitKeys([secret(fill)]).for('cookie ones-session');
  return new DirectJweWriter(createSecretKey(key.bytes), key.kid).seal(new TextEncoder().encode(plaintext));
};

describe('CookieSealer', () => {
  it('a sealer that never saw a value opens it (the payload is decrypted, not remembered)', async () => {
    const value = await sealer([secret(1)]).seal({ sid: 's1' }, inAnHour());
    const before = decryptions();
    await expect(sealer([secret(1)]).open(value)).resolves.toEqual({ sid: 's1', exp: inAnHour() });
    expect(decryptions()).toBe(before + 1);
  });

  it('another purpose or another secret opens nothing', async () => {
    const value = await sealer([secret(1)]).seal({ sid: 's1' }, inAnHour());
    await expect(sealer([secret(1)], 'cookie ones-login').open(value)).resolves.toBeUndefined();
    await expect(sealer([secret(2)]).open(value)).resolves.toBeUndefined();
  });

  it('rotation: a new first secret still opens values of the old one; without it they are refused', async () => {
    const value = await sealer([secret(1)]).seal({ sid: 's1' }, inAnHour());
    await expect(sealer([secret(2), secret(1)]).open(value)).resolves.toMatchObject({ sid: 's1' });
    await expect(sealer([secret(2)]).open(value)).resolves.toBeUndefined();
    // and the new first secret is the one that seals
    const fresh = await sealer([secret(2), secret(1)]).seal({ sid: 's2' }, inAnHour());
    await expect(sealer([secret(2)]).open(fresh)).resolves.toMatchObject({ sid: 's2' });
    await expect(sealer([secret(1)]).open(fresh)).resolves.toBeUndefined();
  });

  it('one changed character anywhere makes it open nothing', async () => {
    const value = await sealer([secret(1)]).seal({ sid: 's1' }, inAnHour());
    for (const at of [0, 40, value.indexOf('..') + 3, value.length - 3]) {
      const changed = value.slice(0, at) + (value[at] === 'A' ? 'B' : 'A') + value.slice(at + 1);
      await expect(sealer([secret(1)]).open(changed)).resolves.toBeUndefined();
    }
  });

  it('a value opens until its expiry, on the sealer that remembers it and on a fresh one alike', async () => {
    const own = new ManualClock();
    const sealing = sealer([secret(1)], 'cookie ones-session', own);
    const value = await sealing.seal({ sid: 's1' }, Math.floor(own.now() / 1000) + 60);
    await own.advance(59_999);
    await expect(sealing.open(value)).resolves.toMatchObject({ sid: 's1' });
    await expect(sealer([secret(1)], 'cookie ones-session', own).open(value)).resolves.toMatchObject({
      sid: 's1',
    });
    await own.advance(1);
    await expect(sealing.open(value)).resolves.toBeUndefined();
    await expect(sealer([secret(1)], 'cookie ones-session', own).open(value)).resolves.toBeUndefined();
  });

  it('refuses a payload without a numeric exp, or that is not an object', async () => {
    for (const plaintext of [
      '{"sid":"s1"}',
      '{"sid":"s1","exp":"9999999999"}',
      '[1]',
      'null',
      '"text"',
      'not json',
    ]) {
      await expect(sealer([secret(1)]).open(sealedRaw(plaintext))).resolves.toBeUndefined();
    }
    await expect(sealer([secret(1)]).open(sealedRaw('{"exp":9999999999}'))).resolves.toEqual({
      exp: 9999999999,
    });
  });

  it('refuses to seal a cookie a browser would drop, saying what to change; ignores one too long to open', async () => {
    await expect(sealer([secret(1)]).seal({ usr: { name: 'x'.repeat(4000) } }, inAnHour())).rejects.toThrow(
      /^the ones-session cookie would be \d+ characters, more than 3800; keep fewer sessionClaims$/,
    );
    const longest = await sealer([secret(1)]).seal({ pad: 'x'.repeat(2700) }, inAnHour());
    expect(longest.length).toBeLessThanOrEqual(MAX_SEALED_LENGTH);
    await expect(sealer([secret(1)]).open(longest)).resolves.toMatchObject({ exp: inAnHour() });
    await expect(
      sealer([secret(1)]).open(`${longest}${'A'.repeat(MAX_SEALED_LENGTH)}`),
    ).resolves.toBeUndefined();
    await expect(sealer([secret(1)]).open(undefined)).resolves.toBeUndefined();
  });

  it('opens a value it sealed or opened lately from memory, and keeps at most 2,000, the oldest going first', async () => {
    const own = sealer([secret(1)]);
    const first = await own.seal({ n: 0 }, inAnHour());
    const second = await own.seal({ n: 1 }, inAnHour());
    let before = decryptions();
    await expect(own.open(first)).resolves.toMatchObject({ n: 0 });
    expect(decryptions()).toBe(before); // from memory
    for (let n = 2; n <= 2000; n += 1) await own.seal({ n }, inAnHour());
    before = decryptions();
    await expect(own.open(first)).resolves.toMatchObject({ n: 0 }); // pushed out: decrypted again
    expect(decryptions()).toBe(before + 1);
    await expect(own.open(second)).resolves.toMatchObject({ n: 1 }); // pushed out by `first` coming back
    expect(decryptions()).toBe(before + 2);
    await expect(own.open(first)).resolves.toMatchObject({ n: 0 });
    expect(decryptions()).toBe(before + 2);
  });

  it('seals and opens a value of exactly 3,800 characters; one a character longer it neither seals nor opens', async () => {
    const own = sealer([secret(1)]);
    let pad = 2600;
    let value = await own.seal({ pad: 'x'.repeat(pad) }, inAnHour());
    while (value.length < MAX_SEALED_LENGTH) {
      pad += 1;
      value = await own.seal({ pad: 'x'.repeat(pad) }, inAnHour());
    }
    expect(value.length).toBe(MAX_SEALED_LENGTH);
    await expect(sealer([secret(1)]).open(value)).resolves.toEqual({ pad: 'x'.repeat(pad), exp: inAnHour() });
    await expect(own.seal({ pad: 'x'.repeat(pad + 1) }, inAnHour())).rejects.toThrow(RangeError);
    // the same key's value past the limit, as another writer could make it: refused unread
    const longer = sealedRaw(JSON.stringify({ pad: 'x'.repeat(pad + 1), exp: inAnHour() }));
    expect(longer.length).toBeGreaterThan(MAX_SEALED_LENGTH);
    await expect(sealer([secret(1)]).open(longer)).resolves.toBeUndefined();
  });

  it('opens only the format it writes (dir, A256GCM): the same key used to wrap a content key opens nothing', async () => {
    const [key] = new KitKeys([secret(1)]).for('cookie ones-session');
    const wrapped = await new CompactEncrypt(
      new TextEncoder().encode(JSON.stringify({ sid: 's1', exp: inAnHour() })),
    )
      .setProtectedHeader({ alg: 'A256GCMKW', enc: 'A256GCM', kid: key.kid })
      .encrypt(key.bytes);
    await expect(sealer([secret(1)]).open(wrapped)).resolves.toBeUndefined();
  });
});
