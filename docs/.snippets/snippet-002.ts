// from docs/browser-login.md
import {
  buildQrCodeContent,
  makeQrSessionClientV2,
  waitForCibaTokensClient,
  waitForQrAuthRequestClient,
} from '@ones.dev/common';
import { renderQrCodeSvg } from '@ones.dev/common/qr';

const host = 'https://shop.example';
const session = await makeQrSessionClientV2(host);
const holder = document.querySelector('#qr') as HTMLElement;
holder.innerHTML = renderQrCodeSvg(buildQrCodeContent(session), { size: 256 });

const scanned = await waitForQrAuthRequestClient(host, session);
const tokens = await waitForCibaTokensClient(host, { auth_req_id: scanned.authRequestId, expires_in: 120 });
