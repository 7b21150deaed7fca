import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's Chromium: the tests never download a browser of their own. */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * Headless Chromium with a throwaway profile. The networking flags keep it from reaching for
 * Google's hosts, which this machine cannot reach (and would retry endlessly).
 */
export function launchChromium(profileDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 860 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}
