import * as assert from 'assert';
import * as path from 'path';
import { animationsDone, quickOpen, runCommand, useWorkbench } from './workbench';

describe('a prompt file and the workspace report in the real workbench', function () {
  this.timeout(240_000);
  // Stored as .txt so that the repository's own type check does not compile it.
  const workbench = useWorkbench({ 'src/translateReply.ts': path.join(__dirname, 'files', 'translateReply.ts.txt') });

  it("shows the prompt's cost in a CodeLens, and the breakdown in a hover", async () => {
    const { page } = workbench();
    await quickOpen(page, 'support-reply.prompty');
    const lens = page.locator('.monaco-editor .codelens-decoration', { hasText: '/mo @' });
    await lens.waitFor();
    assert.strictEqual((await lens.innerText()).trim(), '2,043 tok · $0.00046/call · $41.08/mo @ 90k calls · gpt-4o-mini');
    // The status bar shows the file's monthly cost.
    const status = page.locator('.statusbar-item[id="promptcost.promptcost.promptcost.tokenCount"]');
    await status.filter({ hasText: '$41.08/mo' }).waitFor();
    await workbench().screenshot('prompt-codelens');

    await page
      .locator('.view-lines .view-line span', { hasText: /^gpt-4o-mini$/ })
      .first()
      .hover();
    const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: 'Prompt Cost' });
    await hover.waitFor();
    const text = await hover.innerText();
    // The answer is the hover's first line.
    assert.strictEqual(text.trim().split('\n')[0], '$41.08/mo · $0.00046/call · 2,043 tok · gpt-4o-mini');
    assert.match(text, /\$41\.08\/month at 90,000 calls/);
    assert.match(text, /cacheable prefix/);
    await animationsDone(hover);
    await workbench().screenshot('prompt-hover');
  });

  it('shows a CodeLens above each of two LLM calls in a TypeScript file, and the hover of one', async () => {
    const { page } = workbench();
    await page.keyboard.press('Escape');
    await quickOpen(page, 'translateReply.ts');
    const lenses = page.locator('.monaco-editor .codelens-decoration', { hasText: '/mo @' });
    await lenses.nth(1).waitFor();
    assert.deepStrictEqual(
      (await lenses.allInnerTexts()).map((text) => text.trim()),
      ['130 tok · $0.000023/call · $0.68/mo @ 30k calls · gpt-4o-mini', '232 tok · $0.0033/call · $97.92/mo @ 30k calls · gpt-4.1'],
    );
    // The model string's own token (the line's span holds it too): the hover shows over the model, not over any key of the call.
    await page
      .locator('.view-lines .view-line span', { hasText: /^'gpt-4\.1'$/ })
      .first()
      .hover();
    const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: 'Prompt Cost' });
    await hover.waitFor();
    const callText = await hover.innerText();
    // The workbench puts the problem under the cursor (a cheaper-model finding) first; our part opens with the answer.
    const callLines = callText.split('\n').map((line) => line.trim());
    const answer = callLines.indexOf('$97.92/mo · $0.0033/call · 232 tok · gpt-4.1');
    assert.ok(answer >= 0 && answer < callLines.findIndex((line) => line.startsWith('Prompt Cost ·')), callText);
    // Under the answer, the defaults the figure rests on: its two variables nobody sized, with the click that sizes them.
    assert.strictEqual(
      callLines.slice(answer + 1).find((line) => line !== ''),
      "Assumed: 2 variables at 200 tokens in all (12% of a call's cost) — declare sizes",
    );
    assert.match(callText, /\$97\.92\/month at 30,000 calls/);
    await animationsDone(hover);
    await workbench().screenshot('code-calls');
  });

  it("estimates the workspace into the report, with the CLI's total", async () => {
    const { page } = workbench();
    await page.keyboard.press('Escape');
    await runCommand(page, 'Prompt Cost: Estimate Workspace Cost');
    const report = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    const total = report.locator('.total');
    await total.waitFor();
    // The sample app's $2,373.07 plus the TypeScript file this suite adds ($0.68 + $97.92).
    assert.match(await total.innerText(), /\$2,471\.67/);
    await report.locator('table').first().waitFor();
    // The support bot's task, with the month the CLI prints and a bar of its steps.
    const tasks = report.locator('section[aria-labelledby="tasks-heading"]');
    const tasksText = await tasks.innerText();
    assert.match(tasksText, /support-ticket[\s\S]*\$1,113\.99/);
    // The nightly job's task, found from the call graph, has no volume and says how to give it one.
    assert.match(tasksText, /run[\s\S]*no volume: name it under tasks: in promptcost\.yaml/);
    assert.strictEqual(await tasks.locator('.task-segment').count(), 4 + 3);
    await workbench().screenshot('report');
    // A site in the report, named by its file and prompt, opens in the editor.
    await report.locator('a.site-link', { hasText: 'ticket-triage.prompt › ticketTriage' }).first().click();
    await page.locator('.tabs-container .tab[aria-label*="ticket-triage.prompt"]').waitFor();
  });
});
