// from packages/common/src/schemas/idp/ciba-authentication-response.ts
import { CibaAuthenticationResponseSchema } from '@ones.dev/common/schemas';

const ack = CibaAuthenticationResponseSchema.parse({ auth_req_id: 'abc', expires_in: 120 });
