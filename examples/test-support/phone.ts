// Shared by the examples' Chromium tests: dev-idp's approval page plays the user's phone.

import type { DevIdp } from '@ones.dev/dev-idp';
import type { Browser, Page } from 'playwright-core';

/**
 * The phone: dev-idp's approval page in its own tab of `browser`. `before` may act on the page
 * first (say, choose who scans a QR code); then the button named `name` is clicked once it shows up
 * (the page refreshes itself), and the tab closes.
 */
export async function onThePhone(
  browser: Browser,
  idp: Pick<DevIdp, 'approvalUrl'>,
  name: string | RegExp,
  before?: (phone: Page) => Promise<unknown>,
): Promise<void> {
  const phone = await browser.newPage();
  await phone.goto(idp.approvalUrl);
  await before?.(phone);
  await phone.getByRole('button', { name }).first().click({ timeout: 15_000 });
  await phone.close();
}
