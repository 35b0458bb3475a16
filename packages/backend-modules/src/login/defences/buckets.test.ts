import { describe, expect, it } from 'vitest';
import { addressBucket, userBucket } from './buckets.js';

describe('the bucket a client address counts in', () => {
  it('an IPv4 address is its own bucket', () => {
    expect(addressBucket('203.0.113.7')).toBe('203.0.113.7');
  });

  it('an IPv6 address counts by its /64, however it is written', () => {
    const bucket = '2001:db8:1:2::/64';
    expect(addressBucket('2001:db8:1:2::1')).toBe(bucket);
    expect(addressBucket('2001:0db8:0001:0002:ffff:ffff:ffff:ffff')).toBe(bucket);
    expect(addressBucket('2001:db8:1:2:0:0:0:9')).toBe(bucket);
    expect(addressBucket('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressBucket('::1')).toBe('0:0:0:0::/64');
    // the part after "::" counts when the part before holds fewer than four groups
    expect(addressBucket('2001:db8::2:3:4:5:6')).toBe('2001:db8:0:2::/64');
    expect(addressBucket('::2:3:4:5:6:7:8')).toBe('0:2:3:4::/64');
    expect(addressBucket('2001:db8::')).toBe('2001:db8:0:0::/64');
  });

  it('an IPv4 tail fills two groups, a zone is not part of the address, a mapped IPv4 address is its IPv4', () => {
    expect(addressBucket('1::2:3:4:5:1.2.3.4')).toBe('1:0:2:3::/64');
    expect(addressBucket('1:0:2:3:4:5:1.2.3.4')).toBe('1:0:2:3::/64');
    expect(addressBucket('64:ff9b::203.0.113.7')).toBe('64:ff9b:0:0::/64');
    expect(addressBucket('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(addressBucket('1::2:3:4:5%eth0.1')).toBe('1:0:0:0::/64');
    expect(addressBucket('::ffff:203.10.113.17')).toBe('203.10.113.17');
    expect(addressBucket('::FFFF:203.10.113.17%eth0')).toBe('203.10.113.17');
    expect(addressBucket('1::ffff:203.10.113.17')).toBe('1:0:0:0::/64');
  });

  it('an unknown address counts in the bucket of all unknown addresses', () => {
    expect(addressBucket(undefined)).toBe('unknown');
  });
});

describe('the bucket a user identifier counts in', () => {
  it('folds case, Unicode forms and spaces', () => {
    expect(new Set(['bob', 'Bob', ' bob ', 'ｂｏｂ', 'BOB'].map((name) => userBucket(name)))).toEqual(
      new Set(['bob']),
    );
  });

  it('reads a phone number by its digits', () => {
    expect(userBucket('+1 (555) 010-0', 'phone')).toBe('+15550100');
    expect(userBucket('+1 (555) 010-0', 'username')).toBe('+1 (555) 010-0');
  });
});
