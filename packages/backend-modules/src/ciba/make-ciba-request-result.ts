import type { CibaAuthenticationResponse } from '@ones.dev/common';

/**
 * What {@link DeviceAuthentication.makeCibaRequest} resolves to: the IdP's acknowledgement
 * `{ auth_req_id, expires_in, interval? }`, plus `experies_in`, the vendor documentation's spelling
 * of `expires_in`, so code copied from it destructures a value. `experies_in` is not enumerable: it
 * stays out of `JSON.stringify`, so a route that returns the result sends only the standard fields.
 *
 * @example
 * ```ts
 * import type { MakeCibaRequestResult } from '@ones.dev/backend-modules';
 * const secondsLeft = (login: MakeCibaRequestResult) => login.expires_in;
 * ```
 */
export type MakeCibaRequestResult = CibaAuthenticationResponse & {
  /** @deprecated The vendor documentation's spelling of `expires_in`; use `expires_in`. */
  readonly experies_in: number;
};

/** Adds the vendor's `experies_in` spelling to an acknowledgement, as a non-enumerable copy of `expires_in`. */
export function withVendorSpelling(ack: CibaAuthenticationResponse): MakeCibaRequestResult {
  return Object.defineProperty({ ...ack }, 'experies_in', {
    value: ack.expires_in,
    enumerable: false,
  }) as MakeCibaRequestResult;
}
