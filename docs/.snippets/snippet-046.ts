// from packages/common/src/schemas/routes/ciba-route-dtos.ts
import { CibaAuthRequestResponseDtoSchema } from '@ones.dev/common/schemas';

const ack = CibaAuthRequestResponseDtoSchema.parse({ auth_req_id: 'abc', expires_in: 120, interval: 5 });
