import * as assert from 'assert';
import type { Frame, Page } from 'playwright-core';
import { quickOpen, runCommand, useWorkbench } from './workbench';

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
    await rows.filter({ hasText: '$2,373.07/month' }).waitFor();
    // The same total and savings as Estimate Workspace Cost and the CLI.
    assert.match(await rows.nth(0).innerText(), /\$2,373\.07\/month\s*20 sites · 1 unpriced/);
    assert.match(await rows.nth(1).innerText(), /\$1,591\.59\/month to save\s*11 findings/);
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

  it('keeps the report readable when a site opens beside it: cards, names, no sideways scrolling', async () => {
    const { page } = workbench();
    await runCommand(page, 'Prompt Cost: Estimate Workspace Cost');
    const report = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await report.locator('#sites-table').waitFor();
    // A site opens beside the report, which then has half the width.
    await report.locator('#sites-table a.site-link', { hasText: 'draftReply.ts › draftReply' }).first().click();
    // In a second editor group, beside the report (the first group may hold the file already).
    await page.locator('.editor-group-container').nth(1).locator('.tab[aria-label*="draftReply.ts"]').waitFor();
    const layout = async () =>
      report.locator('body').evaluate((body) => {
        // Runs in the page; the test's own types have no DOM, so the page's objects are described here.
        const page = globalThis as unknown as { getComputedStyle(element: unknown): { display: string } };
        const row = body.querySelector('#sites-table tbody tr');
        return { width: body.clientWidth, overflows: body.scrollWidth > body.clientWidth + 1, rowDisplay: row ? page.getComputedStyle(row).display : 'none' };
      });
    let seen = await layout();
    for (let tries = 0; tries < 40 && seen.width > 860; tries++) {
      await page.waitForTimeout(250);
      seen = await layout();
    }
    // Below 860 px each site is a card (a grid, not a table row), and nothing is wider than the panel.
    assert.ok(seen.width <= 860, JSON.stringify(seen));
    assert.deepStrictEqual({ overflows: seen.overflows, rowDisplay: seen.rowDisplay }, { overflows: false, rowDisplay: 'grid' });
    // Each site reads as file › function, its file:line beneath.
    const firstSite = await report.locator('#sites-table tbody tr td.site').first().innerText();
    assert.strictEqual(firstSite.replace(/\s+/g, ' '), 'draftReply.ts › draftReply src/supportBot/ draftReply.ts:15');
    await report.locator('#savings-by-rule li.rule-group').first().waitFor();
    await report.locator('#report-totals').scrollIntoViewIfNeeded();
    await workbench().screenshot('report-narrow');
  });

  it('walks a newcomer through the product', async () => {
    const { page } = workbench();
    await closeOverlays(page);
    await runCommand(page, 'Welcome: Open Walkthrough...');
    // The visible row: the widget may still hold the rows of the palette it showed before.
    await page.locator('.quick-input-list .monaco-list-row:visible', { hasText: 'Get started with Prompt Cost' }).first().click();
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
    await closeOverlays(page);
    await runCommand(page, 'View: Show Extensions');
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

  // Last: Show Report leaves the focus in the report's webview, where the workbench's keys do not reach.
  it('runs the new commands from the palette: Toggle Inline Costs, Open promptcost.yaml, Show Report', async () => {
    const { page } = workbench();
    await quickOpen(page, 'support-reply.prompty');
    const lens = page.locator('.monaco-editor .codelens-decoration', { hasText: '/mo @' });
    await lens.first().waitFor();
    await runCommand(page, 'Prompt Cost: Toggle Inline Costs');
    await lens.first().waitFor({ state: 'detached' });
    await runCommand(page, 'Prompt Cost: Toggle Inline Costs');
    await lens.first().waitFor();
    await runCommand(page, 'Prompt Cost: Open promptcost.yaml');
    await page.locator('.tabs-container .tab[aria-label*="promptcost.yaml"]').waitFor();
    await runCommand(page, 'Prompt Cost: Show Report');
    await page.locator('.tabs-container .tab', { hasText: 'Prompt Cost: Workspace Estimate' }).waitFor();
  });
});

/** Closes whatever a previous step left open (a quick pick, a menu), as a person would with Escape. */
async function closeOverlays(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
}

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
