// from packages/common/src/enums/login-hint-kind.ts
import { LOGIN_HINT_KIND } from '@ones.dev/common';

const loginHint = { kind: LOGIN_HINT_KIND.USERNAME, value: 'alice' };
