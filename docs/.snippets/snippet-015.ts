// from packages/common/src/errors/oauth-error-from-response.ts
import { oauthErrorFromResponse } from '@ones.dev/common';

const error = oauthErrorFromResponse({ status: 400, data: { error: 'access_denied' } });
console.log(error?.code); // 'ERR_OAUTH_ACCESS_DENIED'
