import { describe, expect, it } from 'vitest';
import { clientAddressOf } from './client-address.js';

const forwarded = (value: string) => new Headers({ 'x-forwarded-for': value });

describe('the client address the kit counts and passes as originIp', () => {
  it('without trusted proxies is the peer, whatever X-Forwarded-For claims', () => {
    expect(clientAddressOf(forwarded('203.0.113.1'), '198.51.100.2', 0)).toBe('198.51.100.2');
    expect(clientAddressOf(new Headers(), '::ffff:127.0.0.1', 0)).toBe('127.0.0.1');
  });

  it('with one trusted proxy is the entry that proxy appended, not one the client sent', () => {
    // the client sent "1.2.3.4" itself; the proxy appended the real address 203.0.113.9
    expect(clientAddressOf(forwarded('1.2.3.4, 203.0.113.9'), '10.0.0.2', 1)).toBe('203.0.113.9');
    expect(clientAddressOf(forwarded('1.2.3.4, 203.0.113.9, 10.0.0.3'), '10.0.0.2', 2)).toBe('203.0.113.9');
  });

  it('without a known peer (a web platform), counts the hops from the right of the header', () => {
    expect(clientAddressOf(forwarded('1.2.3.4, 203.0.113.9'), undefined, 1)).toBe('203.0.113.9');
    expect(clientAddressOf(forwarded('203.0.113.9'), undefined, 0)).toBeUndefined();
  });

  it('refuses what is not one address (free text, zone ids) as unknown', () => {
    expect(clientAddressOf(forwarded('<script>'), '10.0.0.2', 1)).toBeUndefined();
    expect(clientAddressOf(forwarded('fe80::1%eth0'), '10.0.0.2', 1)).toBeUndefined();
    expect(clientAddressOf(new Headers(), 'not-an-ip', 0)).toBeUndefined();
  });

  it('with fewer entries than hops (the proxies were bypassed) knows no address', () => {
    expect(clientAddressOf(new Headers(), '10.0.0.2', 2)).toBeUndefined();
    expect(clientAddressOf(forwarded('6.6.6.6'), undefined, 2)).toBeUndefined();
  });
});
