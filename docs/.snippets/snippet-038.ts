// from packages/common/src/schemas/idp/login-hint-token.ts
import { LoginHintSchema } from '@ones.dev/common/schemas';

const hint = LoginHintSchema.parse({ kind: 'username', value: 'alice' });
