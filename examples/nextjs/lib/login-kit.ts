// The shop's login kit, made on first use (not at import: `next build` imports route modules, and
// there is no device.yml at build time). One per server process.
import { DeviceAuthentication, loadSystemConfig } from '@ones.dev/backend-modules';
import { createOnesLogin, type OnesLogin } from '@ones.dev/backend-modules/login';
import { AuthJwtProperties } from '@ones.dev/common';

let kit: OnesLogin | undefined;

/**
 * The login kit for this shop, from ONES_DEVICE_YML, ONES_SIGNER_URL, ONES_COOKIE_SECRET, ORIGIN and
 * ONES_TRUSTED_PROXY_HOPS. A route handler does not see the peer's address, and `next start` passes
 * on an X-Forwarded-For the client sent itself: trust it only for the proxies in front of Next that
 * append to it (e.g. 1 behind one nginx or load balancer). With 0, all clients share one
 * per-address allowance and the phone gets no `originIp` (the kit says so once in its log).
 */
export function loginKit(): OnesLogin {
  kit ??= createOnesLogin({
    auth: DeviceAuthentication.fromSystemConfig(loadSystemConfig(process.env.ONES_DEVICE_YML), {
      name: 'nextjs-shop',
      deviceIdentityUrl: process.env.ONES_SIGNER_URL, // else device.yml's device_identity_url, else :8000
      authJwtProperties: new AuthJwtProperties({
        scope: 'openid profile email',
        bindingMessage: 'Log in to Next Shop',
      }),
    }),
    secrets: [process.env.ONES_COOKIE_SECRET ?? ''],
    origins: [process.env.ORIGIN ?? 'http://127.0.0.1:3000'],
    trustedProxyHops: Number(process.env.ONES_TRUSTED_PROXY_HOPS ?? 0),
  });
  return kit;
}
