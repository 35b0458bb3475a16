// from packages/common/src/schemas/idp/consent.ts
import { ConsentStatusResponseSchema } from '@ones.dev/common/schemas';

const consent = ConsentStatusResponseSchema.parse({
  id: 'c1',
  status: 'approved',
  content: [{ name: 'email', value: 'alice@example.com' }],
});
