// @ts-check
// A customer's CommonJS module requiring every entry of the installed @ones.dev/common.
const { AuthJwtProperties, OnesError, unixTimeInSeconds } = require('@ones.dev/common');
const { CibaAuthRequestFrontendDtoSchema } = require('@ones.dev/common/schemas');
const { renderQrCodeSvg } = require('@ones.dev/common/qr');

let rejected = false;
try {
  new AuthJwtProperties({ scope: 'profile', bindingMessage: 'x' });
} catch (error) {
  rejected = error instanceof OnesError && error.code === 'ERR_VALIDATION_ARGUMENT';
}
const ok =
  rejected &&
  typeof unixTimeInSeconds() === 'number' &&
  CibaAuthRequestFrontendDtoSchema.safeParse({ userIdentifier: 'a' }).success &&
  renderQrCodeSvg('x').startsWith('<svg');
if (!ok) process.exit(1);
console.log('CommonJS require ok');
