// from packages/common/src/polling/wait-for-qr-auth-request-client.ts
import { makeQrSessionClientV2, waitForCibaTokensClient, waitForQrAuthRequestClient } from '@ones.dev/common';

const host = 'https://shop.example';
const session = await makeQrSessionClientV2(host);
const scanned = await waitForQrAuthRequestClient(host, session);
const tokens = await waitForCibaTokensClient(host, { auth_req_id: scanned.authRequestId, expires_in: 120 });
