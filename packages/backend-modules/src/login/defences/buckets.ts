import { isIPv6 } from 'node:net';

/** What a limit counts when the client's address is not known: all such clients, together. */
export const UNKNOWN_ADDRESS = 'unknown';

/**
 * What a rate limit counts for an address: an IPv4 address itself, an IPv6 address by its /64 (one
 * subscriber usually holds a whole /64, and would otherwise get a new bucket per address); without
 * an address, {@link UNKNOWN_ADDRESS}.
 *
 * @example
 * addressBucket('2001:db8:1:2::7'); // '2001:db8:1:2::/64'
 */
export function addressBucket(address: string | undefined): string {
  if (address === undefined) return UNKNOWN_ADDRESS;
  if (!isIPv6(address)) return address;
  const [head = '', tail = ''] = address.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === '' ? [] : tail.split(':');
  const groups = address.includes('::')
    ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right]
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
