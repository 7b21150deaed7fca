import * as assert from 'assert';
import { goToLine, quickOpen, useWorkbench } from './workbench';

describe('status bar token count in the real workbench', function () {
  this.timeout(240_000);
  const workbench = useWorkbench();

  it('shows the token count of the opened file, and of the selection', async () => {
    const { page } = workbench();
    await quickOpen(page, 'tone-guide.md');
    const item = page.locator('.statusbar-item[id="promptcost.promptcost.promptcost.tokenCount"]');
    await item.filter({ hasText: 'tok · gpt-4o-mini' }).waitFor();
    assert.strictEqual((await item.innerText()).trim(), '91 tok · gpt-4o-mini');
    await workbench().screenshot('status-bar-document');

    // Select lines 5–6 ("Rules:" and the first rule) with the keyboard.
    await goToLine(page, 5);
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+ArrowDown');
    await item.filter({ hasText: '12 tok' }).waitFor();
    assert.strictEqual((await item.innerText()).trim(), '12 tok · gpt-4o-mini');
    await workbench().screenshot('status-bar-selection');
  });
});
