// from packages/common/src/schemas/idp/consent.ts
import { ConsentRequestCreatedSchema } from '@ones.dev/common/schemas';

const { id } = ConsentRequestCreatedSchema.parse({ id: 'c1', status: 'pending' });
