// from packages/common/src/schemas/idp/token-response.ts
import { TokenResponseSchema } from '@ones.dev/common/schemas';

const tokens = TokenResponseSchema.parse({ access_token: 'at', token_type: 'Bearer', expires_in: 3600 });
