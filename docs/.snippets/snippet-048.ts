// from packages/common/src/schemas/routes/ciba-route-dtos.ts
import { CibaAuthStatusResponseDtoSchema } from '@ones.dev/common/schemas';

const tokens = CibaAuthStatusResponseDtoSchema.parse({ access_token: 'at', token_type: 'Bearer' });
