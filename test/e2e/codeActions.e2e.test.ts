import * as assert from 'assert';
import * as path from 'path';
import { goToLine, quickOpen, retryUntilVisible, useWorkbench } from './workbench';

describe('a quick fix in the real workbench', function () {
  this.timeout(240_000);
  // An OpenAI call on gpt-4o with no output cap. Stored as .txt so that the repository's own type check does not compile it.
  const workbench = useWorkbench({ 'src/suggestTitle.ts': path.join(__dirname, 'files', 'suggestTitle.ts.txt') });

  it('offers to cap an uncapped call from the lightbulb, and the cap is written into the call', async () => {
    const { page } = workbench();
    await quickOpen(page, 'suggestTitle.ts');
    // The diagnostic underlines the call's first line: `client.chat.completions.create({` on line 7.
    await page.locator('.monaco-editor .squiggly-warning').first().waitFor();

    await goToLine(page, 7, 40);
    // With a preferred quick fix available the lightbulb shows its "autofix" variant.
    await page.locator('.lightBulbWidget.codicon-lightbulb-autofix').waitFor();

    const menu = page.locator('.action-widget');
    const insertCap = menu.locator('.monaco-list-row', { hasText: 'Add max_completion_tokens: 500' });
    await retryUntilVisible(insertCap, async () => {
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+.');
    });
    // TypeScript's own refactorings may be listed too; ours are the cap, then the ignore comment.
    const titles = (await menu.locator('.monaco-list-row').allInnerTexts()).map((text) => text.trim());
    const ours = titles.filter((title) => /max_completion_tokens|promptcost-ignore/.test(title));
    assert.deepStrictEqual(ours, ['Add max_completion_tokens: 500', 'Ignore missing-max-tokens here (promptcost-ignore comment)'], titles.join('\n'));
    await workbench().screenshot('quick-fix-before');

    // The preferred fix has the focus: Enter applies it, as a person would.
    assert.match((await insertCap.getAttribute('class')) ?? '', /\bfocused\b/);
    await page.keyboard.press('Enter');
    const capLine = page.locator('.view-lines .view-line', { hasText: 'max_completion_tokens: 500,' });
    await capLine.waitFor();
    // The new line sits right after the messages array, at the call's indentation (line 13).
    const lines = (await page.locator('.view-lines .view-line').allInnerTexts()).map((text) => text.replace(/\u00a0/g, ' '));
    assert.ok(lines.includes('    max_completion_tokens: 500,'), lines.join('\n'));
    // The warning goes once the file is analysed again.
    await page.locator('.monaco-editor .squiggly-warning').waitFor({ state: 'detached' });
    await workbench().screenshot('quick-fix-after');
  });
});
