import { isIP } from 'node:net';
import type { KitLog } from '../settings/kit-log.js';
import type { HeaderReader } from './header-reader.js';

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
  headers: HeaderReader,
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

/**
 * The browser's address for each request, saying once in the log when the kit cannot see it: no
 * address at all (a web-standard `fetch()` without `clientAddress` and no trusted proxy), or an
 * `X-Forwarded-For` that is ignored because `trustedProxyHops` is 0 (every client then counts as the
 * proxy).
 *
 * @example
 * const addresses = new ClientAddresses(1, log);
 * addresses.of(request.headers, '10.0.0.2'); // the address your proxy appended
 */
export class ClientAddresses {
  readonly #trustedProxyHops: number;
  readonly #log: KitLog;
  #warnedUnknown = false;
  #warnedForwarded = false;

  constructor(trustedProxyHops: number, log: KitLog) {
    this.#trustedProxyHops = trustedProxyHops;
    this.#log = log;
  }

  /** The address of the client that sent `headers` through the peer `peerAddress`, if known. */
  of(headers: HeaderReader, peerAddress: string | undefined): string | undefined {
    const address = clientAddressOf(headers, peerAddress, this.#trustedProxyHops);
    if (address === undefined && !this.#warnedUnknown) {
      this.#warnedUnknown = true;
      this.#log(
        'warn',
        'LOGIN_NO_CLIENT_ADDRESS',
        'login kit: a request came without a known client address: such clients share one allowance (rateLimits.loginStartsWithoutAddress) and the phone gets no originIp; pass { clientAddress } to fetch(), or set trustedProxyHops behind a proxy that appends X-Forwarded-For',
      );
    }
    if (this.#trustedProxyHops === 0 && !this.#warnedForwarded && headers.has('x-forwarded-for')) {
      this.#warnedForwarded = true;
      this.#log(
        'warn',
        'LOGIN_FORWARDED_FOR_IGNORED',
        'login kit: a request carried X-Forwarded-For, which the kit ignores with trustedProxyHops 0: behind a proxy, every client then counts as the proxy; set trustedProxyHops to the number of proxies that append to it',
      );
    }
    return address;
  }
}
