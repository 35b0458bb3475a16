// from packages/common/src/schemas/idp/oauth-error-response.ts
import { OAuthErrorResponseSchema } from '@ones.dev/common/schemas';

const { error } = OAuthErrorResponseSchema.parse({ error: 'authorization_pending' });
