// from packages/common/src/schemas/idp/consent.ts
import { ConsentRequestBodySchema } from '@ones.dev/common/schemas';

const body = ConsentRequestBodySchema.parse({
  subject: 'user-sub',
  resource: 'https://shop.example',
  content: [{ name: 'email' }],
  reason: 'Account sign-up',
});
