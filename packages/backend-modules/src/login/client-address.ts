import { isIP } from 'node:net';

function asAddress(text: string | undefined): string | undefined {
  const address = text?.trim().replace(/^::ffff:(?=\d+\.)/, '');
  return address && !address.includes('%') && isIP(address) !== 0 ? address : undefined;
}

/**
 * The browser's address, for rate limits and the QR session's `originIp`. With no trusted proxies
 * it is the peer that connected (`peerAddress`); `X-Forwarded-For` is ignored, because any client
 * can send one. With `trustedProxyHops` n, it is the entry the outermost of your n proxies added:
 * the n-th from the right once the peer is appended. A list shorter than that gives no address.
 *
 * @returns one IPv4 or IPv6 address, or `undefined` when none is known
 */
export function clientAddressOf(
  headers: Headers,
  peerAddress: string | undefined,
  trustedProxyHops: number,
): string | undefined {
  const peer = asAddress(peerAddress);
  if (trustedProxyHops === 0) return peer;
  const forwarded = (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  const chain = peer === undefined ? forwarded : [...forwarded, peer];
  const index = chain.length - (peer === undefined ? trustedProxyHops : trustedProxyHops + 1);
  // Fewer entries than proxies: the request did not come through them all (say, straight to the
  // app, around the load balancer), and what is left was written by the client. Trust none of it.
  return index < 0 ? undefined : asAddress(chain[index]);
}
