// A page in headless Chromium for tests that look at what a person sees. It drives Debian's
// chromium (CHROMIUM_PATH, else /usr/bin/chromium; .ci/run installs it), never a browser that
// Playwright would download.
import { existsSync } from 'node:fs';
import { chromium, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface BrowserPage {
  page: Page;
  close: () => Promise<void>;
}

/** A fresh browser with one page (1280×900); close() ends the browser. */
export async function openBrowserPage(): Promise<BrowserPage> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`No Chromium at ${CHROMIUM_PATH}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  return { page, close: () => browser.close() };
}
