import { isIPv6 } from 'node:net';

/** `::ffff:a.b.c.d`: an IPv4 client seen through an IPv6 socket. */
const MAPPED_IPV4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i;

/** What a limit counts when the client's address is not known: all such clients, together. */
export const UNKNOWN_ADDRESS = 'unknown';

/**
 * What a rate limit counts for an address: an IPv4 address itself, an IPv6 address by its /64 (one
 * subscriber usually holds a whole /64, and would otherwise get a new bucket per address); without
 * an address, {@link UNKNOWN_ADDRESS}. An IPv4-mapped address (`::ffff:203.0.113.7`) is its IPv4 address.
 *
 * @example
 * addressBucket('2001:db8:1:2::7'); // '2001:db8:1:2::/64'
 */
export function addressBucket(address: string | undefined): string {
  if (address === undefined) return UNKNOWN_ADDRESS;
  if (!isIPv6(address)) return address;
  const bare = address.split('%')[0] as string; // a zone (`%eth0`) is not part of the address
  const mapped = MAPPED_IPV4.exec(bare)?.[1];
  if (mapped !== undefined) return mapped;
  const [head = '', tail = ''] = bare.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === '' ? [] : tail.split(':');
  // an IPv4 tail (`::2:3:4:5:1.2.3.4`) fills two groups
  const rightWidth = right.length + (tail.includes('.') ? 1 : 0);
  const groups = bare.includes('::')
    ? [...left, ...Array(8 - left.length - rightWidth).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((group) => Number.parseInt(group, 16).toString(16))
    .join(':')}::/64`;
}

/**
 * The one spelling of a user identifier that a limit counts: trimmed, Unicode-normalised (NFKC) and
 * case-folded, so `Bob`, ` bob ` and `ｂｏｂ` share a bucket; a phone number by its digits alone.
 *
 * @example
 * userBucket(' Bob '); // 'bob'
 */
export function userBucket(userIdentifier: string, kind?: string): string {
  const folded = userIdentifier.normalize('NFKC').trim().toLowerCase();
  return kind === 'phone' ? folded.replace(/[^\d+]/g, '') : folded;
}
