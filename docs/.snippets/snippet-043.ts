// from packages/common/src/schemas/idp/token-introspection-response.ts
import { TokenIntrospectionResponseSchema } from '@ones.dev/common/schemas';

const { active } = TokenIntrospectionResponseSchema.parse({ active: false });
