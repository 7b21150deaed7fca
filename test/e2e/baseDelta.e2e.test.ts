import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { git } from '../harness/git';
import { animationsDone, quickOpen, runCommand, useWorkbench } from './workbench';

/** The sample app as a repository: `main` as it is, and a branch `feature` (checked out) where support-reply runs gpt-4o. */
function featureBranch(workspace: string): void {
  const run = (...args: string[]) => git(workspace, ...args);
  run('init', '-q', '-b', 'main');
  run('add', '-A');
  run('commit', '-q', '-m', 'the sample app');
  run('checkout', '-q', '-b', 'feature');
  const file = path.join(workspace, 'prompts/support-reply.prompty');
  const text = fs.readFileSync(file, 'utf8');
  if (!text.includes('name: gpt-4o-mini')) throw new Error('support-reply.prompty no longer names gpt-4o-mini: update this test');
  fs.writeFileSync(file, text.replace('name: gpt-4o-mini', 'name: gpt-4o'));
}

describe('the change against the base branch in the real workbench', function () {
  this.timeout(240_000);
  const workbench = useWorkbench({}, featureBranch);

  it('says what the branch adds in the CodeLens, why in the hover, and the total in the status bar and the report', async () => {
    const { page } = workbench();
    await quickOpen(page, 'support-reply.prompty');
    // gpt-4o for gpt-4o-mini at the same 2,043 tokens and 90,000 calls: $684.68 a month, $643.60 more than on main.
    const lens = page.locator('.monaco-editor .codelens-decoration', { hasText: 'vs main' });
    await lens.waitFor();
    assert.strictEqual((await lens.innerText()).trim(), '2,043 tok · $0.0076/call · $684.68/mo @ 90k calls · gpt-4o (+$643.60 vs main)');

    await page
      .locator('.view-lines .view-line span', { hasText: /^gpt-4o$/ })
      .first()
      .hover();
    const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: 'vs main' });
    await hover.waitFor();
    assert.match(await hover.innerText(), /vs main: \+\$643\.60\/month — model gpt-4o-mini → gpt-4o/);
    await animationsDone(hover);
    await workbench().screenshot('base-delta-hover');

    await page.keyboard.press('Escape');
    await runCommand(page, 'Prompt Cost: Estimate Workspace Cost');
    const report = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    const changes = report.locator('section[aria-labelledby="changes-heading"]');
    await changes.waitFor();
    const changesText = await changes.innerText();
    assert.match(changesText, /^Changes vs main \(1\)/);
    assert.match(changesText, /support-reply\.prompty[\s\S]*\+\$643\.60[\s\S]*model gpt-4o-mini → gpt-4o/);
    // Beside the total, the change and the base it is against.
    assert.strictEqual(await report.locator('header.summary .facts .delta').innerText(), '+$643.60/month (+27%) vs main');
    // The sample app's $2,373.07 on main, $3,016.67 on the branch.
    const status = page.locator('.statusbar-item[id="promptcost.promptcost.promptcost.baseDelta"]');
    await status.filter({ hasText: '$3,016.67/mo (+$643.60 vs main)' }).waitFor();
    // The change beside the total leads to the Changes section.
    await report.locator('header.summary .facts .delta a').click();
    await report.locator('#changes-heading').waitFor();
    await workbench().screenshot('base-delta-report');
  });
});
