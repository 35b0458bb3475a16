// The backend calls of the vendor's SDK documentation (sections 2 to 5), each in the shape the
// documentation gives it: the same imports, arguments, destructured fields and error handling. The
// section numbers point into that documentation; the code is ours. Compiled twice (strict TypeScript
// as an ES module, NestJS's defaults as CommonJS) and run against dev-idp by test/vendor-contract.test.ts.

import { BadRequestException, NotFoundException } from '@nestjs/common';
import {
  DeviceAuthentication,
  deviceIdentitySigningFunction,
  loadSystemConfig,
} from '@ones.dev/backend-modules';
import {
  AuthJwtProperties,
  type LoginHintKind,
  PERSONAL_DATA_CONSENT_PROPERTIES,
  type TokenIntrospectionResponse,
  unixTimeInSeconds,
} from '@ones.dev/common';
import type { AxiosError } from 'axios';

/**
 * §2.0: the device's identity from `device.yml` (read synchronously), and the constructor exactly as
 * the vendor writes it: no `deviceKeyType`, the vendor's scope, binding message and resources.
 * Without `configPath`, `loadSystemConfig()` reads `/etc/px-device-identity/device.yml`.
 */
export function vendorDeviceAuthentication(
  configPath: string | undefined,
  deviceIdentityUrl: string,
): DeviceAuthentication {
  const { deviceId, clientId, authServerUrl } =
    configPath === undefined ? loadSystemConfig() : loadSystemConfig(configPath);
  return new DeviceAuthentication({
    name: 'device-auth',
    idpBaseUrl: authServerUrl,
    deviceId: deviceId,
    deviceClientId: clientId,
    functions: {
      signingFunction: deviceIdentitySigningFunction,
    },
    deviceIdentityUrl,
    authJwtProperties: new AuthJwtProperties({
      scope: 'openid offline_access ones',
      bindingMessage: `Authorize login to Example.com`,
      resources: ['https://example.com'],
    }),
  });
}

/** §2.0: the device JWT, the device access token destructured, introspection destructured. */
export async function deviceTokenCalls(auth: DeviceAuthentication) {
  const deviceJwt = await auth.makeDeviceJwt();
  const { access_token, expires_in, token_type } = await auth.makeDeviceAccessToken();
  const { active, sub, ...more }: TokenIntrospectionResponse = await auth.tokenIntrospection(access_token);
  return { deviceJwt, access_token, expires_in, token_type, active, sub, more, at: unixTimeInSeconds() };
}

/** §3.1: a CIBA request by login hint kind and identifier, destructured with the vendor's spelling. */
export async function startCibaLogin(
  auth: DeviceAuthentication,
  loginHintKind: LoginHintKind | undefined,
  userIdentifier: string,
) {
  const { auth_req_id, experies_in, interval } = await auth.makeCibaRequest({
    loginHint: {
      kind: loginHintKind,
      value: userIdentifier,
    },
  });
  return { auth_req_id, experies_in, interval };
}

/** §3.2: one status check, with the vendor's error handling: 400 while pending, 404 otherwise. */
export async function checkCibaLogin(auth: DeviceAuthentication, auth_req_id: string) {
  try {
    const result = await auth.checkCibaStatus(auth_req_id);
    return result;
  } catch (err) {
    const axiosErr = err as AxiosError;
    // Usually indicates that the request is pending
    if (axiosErr?.response?.status === 400) {
      throw new BadRequestException(axiosErr.response.data);
    } else {
      throw new NotFoundException();
    }
  }
}

/** §3.2: the returned access token validated, its claims destructured. */
export async function validateAccessToken(auth: DeviceAuthentication, access_token: string) {
  const { sub, iss, aud, exp, iat, ...more } = await auth.validateJwt(access_token);
  return { sub, iss, aud, exp, iat, more };
}

/** §3.3: a refresh, from the body a browser posted. */
export async function refreshFromBody(auth: DeviceAuthentication, reqBody: { refresh_token: string }) {
  const refreshResult = await auth.refreshAccessToken(reqBody.refresh_token);
  return refreshResult;
}

/** §4.1: a QR session, destructured, and the four fields the vendor returns to the browser. */
export async function makeQrLogin(auth: DeviceAuthentication) {
  const { cbUrl, sessionId, expIn, exp, interval } = await auth.makeQrAuthSessionIdp();
  return { session: { cbUrl, sessionId, exp, interval }, expIn };
}

/** §4.3: the QR session's status by its id, destructured; `authRequestId` once a CIBA login is linked. */
export async function pollQrLogin(auth: DeviceAuthentication, id: string) {
  const {
    sessionId,
    exp,
    // once authRequestId is set, you can switch to the CIBA flow
    authRequestId,
  } = await auth.verifyQrAuthSessionIdp(id);
  return { sessionId, exp, authRequestId };
}

/** §5.1–5.3: the enum as values and as a type, a consent request, and its status destructured. */
export async function requestEmailAndPhone(auth: DeviceAuthentication, subject: string) {
  const resource = 'https://example.com';
  const content: { name: PERSONAL_DATA_CONSENT_PROPERTIES }[] = [
    {
      name: PERSONAL_DATA_CONSENT_PROPERTIES.EMAIL,
    },
    {
      name: PERSONAL_DATA_CONSENT_PROPERTIES.PHONE_NUMBER,
    },
  ];
  const reason = 'Need email and phone number';
  const request = await auth.makeConsentRequest(subject, resource, content, reason);
  return request;
}

/** §5.3: the consent request's decision, destructured. */
export async function consentDecision(auth: DeviceAuthentication, request: { id: string }) {
  const { status, content } = await auth.checkConsentStatus(request.id);
  return { status, content };
}

/** §5.1: one member of the enum used as a type, as an `export enum`'s members are. */
export const emailOnly: PERSONAL_DATA_CONSENT_PROPERTIES.EMAIL = PERSONAL_DATA_CONSENT_PROPERTIES.EMAIL;
