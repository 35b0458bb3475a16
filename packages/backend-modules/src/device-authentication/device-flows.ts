import { CibaFlow } from '../ciba/ciba-flow.js';
import { ConsentFlow } from '../consent/consent-flow.js';
import { JwtValidation } from '../jwt/jwt-validation.js';
import { JwtBearerGrantFlow } from '../jwt-bearer/jwt-bearer-grant.js';
import { QrFlow } from '../qr/qr-flow.js';
import { UserInfoFlow } from '../userinfo/user-info-flow.js';
import type { DeviceSettings } from './device-authentication-options.js';
import { createDeviceContext, type DeviceContext } from './device-context.js';
import { DeviceTokens } from './device-tokens.js';

/** The rooms behind `DeviceAuthentication`'s door: one module per flow, all on one context. */
export interface DeviceFlows {
  readonly context: DeviceContext;
  readonly tokens: DeviceTokens;
  readonly ciba: CibaFlow;
  readonly qr: QrFlow;
  readonly consent: ConsentFlow;
  readonly jwt: JwtValidation;
  readonly userInfo: UserInfoFlow;
  readonly jwtBearer: JwtBearerGrantFlow;
}

/** Builds the flows of one device from its checked settings, and says what the settings corrected. */
export function createDeviceFlows(settings: DeviceSettings): DeviceFlows {
  const context = createDeviceContext(settings);
  if (settings.idpBaseUrlWasIssuer) {
    context.log(
      'warn',
      `"idpBaseUrl" ends with /oidc, which is the issuer: using ${settings.host} as the IdP base URL (the host in device.yml); pass that to silence this`,
    );
  }
  const tokens = new DeviceTokens(context);
  const ciba = new CibaFlow(context, tokens);
  const jwt = new JwtValidation(context);
  return Object.freeze({
    context,
    tokens,
    ciba,
    qr: new QrFlow(context, tokens, ciba),
    consent: new ConsentFlow(context, tokens),
    jwt,
    userInfo: new UserInfoFlow(context, jwt),
    jwtBearer: new JwtBearerGrantFlow(context, tokens),
  });
}
