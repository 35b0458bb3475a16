import { afterEach, describe, expect, it, vi } from 'vitest';
import { QrCibaLinks } from './qr-ciba-links.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('QrCibaLinks', () => {
  it('makes one CIBA request per session, and later callers get its expires_in as of now', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const links = new QrCibaLinks();
    const exp = Math.floor(Date.now() / 1000) + 120;
    let requests = 0;
    const makeRequest = async () => {
      requests += 1;
      return { auth_req_id: 'req-1', expires_in: 90, interval: 2 };
    };
    expect(await links.link('qr-1', exp, makeRequest)).toEqual({
      auth_req_id: 'req-1',
      expires_in: 90,
      interval: 2,
    });
    vi.setSystemTime(Date.now() + 30_500);
    expect(await links.link('qr-1', exp, makeRequest)).toEqual({
      auth_req_id: 'req-1',
      expires_in: 60,
      interval: 2,
    });
    vi.setSystemTime(Date.now() + 600_000);
    expect((await links.link('qr-1', exp + 3600, makeRequest)).expires_in).toBe(90); // forgotten: a new request
    expect(requests).toBe(2);
  });

  it('forgets a failed request, so the next call tries again', async () => {
    const links = new QrCibaLinks();
    const exp = Math.floor(Date.now() / 1000) + 120;
    await expect(links.link('qr-2', exp, () => Promise.reject(new Error('IdP down')))).rejects.toThrow(
      'IdP down',
    );
    await expect(
      links.link('qr-2', exp, async () => ({ auth_req_id: 'req-2', expires_in: 60 })),
    ).resolves.toMatchObject({ auth_req_id: 'req-2' });
  });
});
