// @ts-check
// A customer's ES module importing every entry of the installed @ones.dev/common.
import {
  AuthJwtProperties,
  buildQrCodeContent,
  isOnesError,
  makeCibaRequestClient,
  PERSONAL_DATA_CONSENT_PROPERTIES,
} from '@ones.dev/common';
import { renderQrCodeSvg } from '@ones.dev/common/qr';
import { TokenResponseSchema } from '@ones.dev/common/schemas';

const props = new AuthJwtProperties({ bindingMessage: 'Authorize login to Example.com' });
const svg = renderQrCodeSvg(buildQrCodeContent({ cbUrl: 'https://id.example/cb', sessionId: 's1', exp: 1 }));
const parsed = TokenResponseSchema.parse({ access_token: 'a', token_type: 'Bearer' });
const error = await makeCibaRequestClient('http://shop.example', 'alice').catch((caught) => caught);
const ok =
  props.scope === 'openid' &&
  svg.startsWith('<svg') &&
  parsed.access_token === 'a' &&
  isOnesError(error, 'ERR_VALIDATION_ARGUMENT') &&
  PERSONAL_DATA_CONSENT_PROPERTIES.EMAIL === 'email';
if (!ok) process.exit(1);
console.log('ESM import ok');
