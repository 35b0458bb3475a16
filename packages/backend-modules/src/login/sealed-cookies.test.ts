import { describe, expect, it } from 'vitest';
import { CookieSealer } from './sealed-cookies.js';

const secret = (fill: number) => new Uint8Array(32).fill(fill);
const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;

describe('CookieSealer', () => {
  it('opens what it sealed; another purpose or secret opens nothing', async () => {
    const sessions = new CookieSealer([secret(1)], 'ones-session');
    const value = await sessions.seal({ sid: 's1' }, inAnHour());
    await expect(sessions.open(value)).resolves.toMatchObject({ sid: 's1' });
    await expect(new CookieSealer([secret(1)], 'ones-login').open(value)).resolves.toBeUndefined();
    await expect(new CookieSealer([secret(2)], 'ones-session').open(value)).resolves.toBeUndefined();
  });

  it('rotation: a new first secret still opens cookies of the old one; without it they are refused', async () => {
    const value = await new CookieSealer([secret(1)], 'ones-session').seal({ sid: 's1' }, inAnHour());
    await expect(new CookieSealer([secret(2), secret(1)], 'ones-session').open(value)).resolves.toMatchObject(
      { sid: 's1' },
    );
    await expect(new CookieSealer([secret(2)], 'ones-session').open(value)).resolves.toBeUndefined();
  });

  it('refuses to seal a cookie a browser would drop, saying what to change', async () => {
    const sealer = new CookieSealer([secret(1)], 'ones-session');
    await expect(sealer.seal({ usr: { name: 'x'.repeat(4000) } }, inAnHour())).rejects.toThrow(
      /^the ones-session cookie would be \d+ characters, more than 3800; keep fewer sessionClaims$/,
    );
  });

  it('an expired value does not open, even one this instance remembers', async () => {
    const sealer = new CookieSealer([secret(1)], 'ones-session');
    const value = await sealer.seal({ sid: 's1' }, Math.floor(Date.now() / 1000) - 1);
    await expect(sealer.open(value)).resolves.toBeUndefined();
  });
});
