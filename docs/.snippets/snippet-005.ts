// from packages/common/src/auth-jwt-properties.ts
import { AuthJwtProperties } from '@ones.dev/common';

const authJwtProperties = new AuthJwtProperties({
  scope: 'openid profile',
  bindingMessage: 'Authorize login to Example.com',
  resources: ['https://api.example.com'],
});
