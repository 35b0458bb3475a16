import { importJWK, type JWK, type JWTPayload, jwtVerify } from 'jose';
import type { FakeIdpState } from './fake-idp-state.js';

/** Why the fake IdP refused a device JWT: the OAuth error and a description. */
export class DeviceJwtRejected extends Error {
  constructor(
    readonly oauthError: string,
    description: string,
  ) {
    super(description);
  }
}

/**
 * Verifies a device-signed JWT as a real IdP would: signature with the device's public key and
 * algorithm, `iss` (and `sub` for assertions) = client id, `aud` = issuer, `exp` no more than 300 s
 * after `iat`, the required claims, and a `jti` never seen before.
 */
export async function verifyDeviceJwt(
  jwt: string,
  device: { readonly clientId: string; readonly publicJwk: JWK; readonly alg: string },
  issuer: string,
  state: FakeIdpState,
  kind: 'assertion' | 'request object',
): Promise<JWTPayload> {
  const oauthError = kind === 'assertion' ? 'invalid_client' : 'invalid_request_object';
  let payload: JWTPayload;
  try {
    const key = await importJWK(device.publicJwk, device.alg);
    ({ payload } = await jwtVerify(jwt, key, {
      issuer: device.clientId,
      audience: issuer,
      algorithms: [device.alg],
      requiredClaims: kind === 'assertion' ? ['exp', 'iat', 'jti', 'sub'] : ['exp', 'iat', 'nbf', 'jti'],
      ...(kind === 'assertion' ? { subject: device.clientId } : {}),
      clockTolerance: 5,
    }));
  } catch (error) {
    throw new DeviceJwtRejected(oauthError, `${kind} rejected: ${(error as Error).message}`);
  }
  if ((payload.exp ?? 0) - (payload.iat ?? 0) > 300)
    throw new DeviceJwtRejected(oauthError, `${kind} lives longer than 300 s`);
  const jti = String(payload.jti);
  if (state.usedJtis.has(jti)) throw new DeviceJwtRejected(oauthError, `${kind} jti was already used`);
  state.usedJtis.add(jti);
  return payload;
}
