import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's Chromium: the tests never download a browser of their own. */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * How long a wait on the workbench may take before it fails: the default of every Playwright wait and
 * navigation here. Playwright's own 30 s is too short when two test runs share two cores; an expected
 * element normally appears within a second or two, so the ceiling costs nothing when all is well.
 */
export const UI_WAIT_CEILING_MS = 60_000;

/**
 * Headless Chromium with a throwaway profile. The networking flags keep it from reaching for
 * Google's hosts, which this machine cannot reach (and would retry endlessly).
 */
export async function launchChromium(profileDir: string): Promise<BrowserContext> {
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    timeout: 2 * UI_WAIT_CEILING_MS,
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
  context.setDefaultTimeout(UI_WAIT_CEILING_MS);
  context.setDefaultNavigationTimeout(UI_WAIT_CEILING_MS);
  return context;
}
