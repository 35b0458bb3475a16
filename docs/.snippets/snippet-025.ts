// from packages/common/src/errors/ones-validation-error.ts
import { AuthJwtProperties, OnesValidationError } from '@ones.dev/common';

try {
  new AuthJwtProperties({ scope: 'profile', bindingMessage: 'Log in' });
} catch (error) {
  if (error instanceof OnesValidationError) console.warn(error.message); // "scope" must contain "openid"
}
