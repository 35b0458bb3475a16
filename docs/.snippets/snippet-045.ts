// from packages/common/src/schemas/routes/ciba-route-dtos.ts
import { CibaAuthRequestFrontendDtoSchema } from '@ones.dev/common/schemas';

const dto = CibaAuthRequestFrontendDtoSchema.parse({ userIdentifier: 'alice' });
