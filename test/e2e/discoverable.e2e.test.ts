import * as assert from 'assert';
import type { Frame, Page } from 'playwright-core';
import { runCommand, useWorkbench } from './workbench';

/** The Prompt Cost view's rows: `label description` as the tree shows them. */
function siteRows(page: Page) {
  return page.locator('.pane[aria-label*="Costs"] .monaco-list-row, [id="workbench.view.extension.promptcost"] .monaco-list-row');
}

describe('finding Prompt Cost in the real workbench: its view, walkthrough and extension page', function () {
  this.timeout(240_000);
  const workbench = useWorkbench();

  it('shows the workspace total, savings and sites in the activity bar view; a click opens the site', async () => {
    const { page } = workbench();
    await page.locator('.activitybar .action-item a[aria-label^="Prompt Cost"]').click();
    const rows = siteRows(page);
    await rows.filter({ hasText: '$2,372.73/month' }).waitFor();
    // The same total and savings as Estimate Workspace Cost and the CLI.
    assert.match(await rows.nth(0).innerText(), /\$2,372\.73\/month\s*20 sites · 1 unpriced/);
    assert.match(await rows.nth(1).innerText(), /\$1,569\.17\/month to save\s*10 findings/);
    // Grouped by file, costliest first; a file's group opens on its sites.
    const file = rows.nth(2);
    assert.match(await file.innerText(), /^draftReply\.ts\s*\$1,029\.78\/mo · 1 site · src\/supportBot/);
    await file.click();
    const site = rows.filter({ hasText: /^draftReply\$/ }).first();
    await site.waitFor();
    await workbench().screenshot('sites-view');

    await site.click({ button: 'right' });
    const menu = page.locator('.context-view .monaco-menu');
    await menu.getByText('Change Model…').waitFor();
    await menu.getByText('Set Monthly Calls…').waitFor();
    await page.keyboard.press('Escape');
    await site.click();
    await page.locator('.tabs-container .tab[aria-label*="draftReply.ts"]').waitFor();
  });

  it('walks a newcomer through the product', async () => {
    const { page } = workbench();
    await runCommand(page, 'Welcome: Open Walkthrough...');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Get started with Prompt Cost' }).first().click();
    const walkthrough = page.locator('.gettingStartedContainer');
    for (const step of [
      'See what a prompt costs',
      'Say how often your prompts run',
      'Fix what wastes money',
      'Estimate the whole workspace',
      'Check the cost in CI',
    ]) {
      await walkthrough.getByText(step, { exact: true }).first().waitFor();
    }
    await workbench().screenshot('walkthrough');
  });

  it("renders the extension page's images from the package, offline", async () => {
    const { page } = workbench();
    await page.keyboard.press('Control+Shift+X');
    const search = page.locator('.extensions-viewlet .suggest-input-container');
    await search.click();
    await page.keyboard.type('@installed prompt cost');
    await page.locator('.extensions-viewlet .monaco-list-row', { hasText: 'Prompt Cost' }).first().click();
    // The README's first screenshot marks the frame that renders it.
    const readme = await frameWith(page, 'img[alt*="CodeLens"]');
    // Every image of the page has loaded: the .vsix README carries its screenshots inside (data: URIs), not at a web address.
    const images = await readme.$$eval('img', (elements) =>
      elements.map((img) => ({ src: (img.getAttribute('src') ?? '').slice(0, 40), width: (img as unknown as { naturalWidth: number }).naturalWidth })),
    );
    assert.ok(images.length >= 5, JSON.stringify(images));
    for (const image of images) {
      assert.doesNotMatch(image.src, /^https?:/, `${image.src}…: an image on the web would not render offline`);
      assert.ok(image.width > 0, `${image.src} did not load`);
    }
    await workbench().screenshot('extension-page');
  });
});

/** The frame (the extension page is a webview, frames within frames) that holds `selector`, once its images have loaded. */
async function frameWith(page: Page, selector: string): Promise<Frame> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    for (const frame of page.frames()) {
      const loaded = await frame
        .$$eval(selector, (elements) => elements.length > 0 && elements.every((img) => (img as unknown as { complete: boolean }).complete))
        .catch(() => false);
      if (loaded) return frame;
    }
    if (Date.now() > deadline) throw new Error(`no frame shows ${selector}`);
    await page.waitForTimeout(250);
  }
}
