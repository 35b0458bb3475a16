// from packages/common/src/schemas/routes/ciba-route-dtos.ts
import { CibaAuthStatusRequestFrontendDtoSchema } from '@ones.dev/common/schemas';

const dto = CibaAuthStatusRequestFrontendDtoSchema.parse({ authRequestId: 'abc' });
