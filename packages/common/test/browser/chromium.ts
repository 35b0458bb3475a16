import { type Browser, chromium } from 'playwright-core';

/** Where Debian's Chromium lives; `scripts/ensure-chromium.sh` installs it when missing. */
const CHROMIUM_PATH = process.env.ONES_CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Launches Debian's Chromium headless with the flags this machine's closed network needs. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
