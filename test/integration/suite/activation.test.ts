import * as assert from 'assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, promptCostApi } from '../helpers';

// Runs first (files run in name order), before any test opens an editor.
suite('activation', () => {
  test('activates without starting the tokenizer', async () => {
    const api = await promptCostApi();
    assert.strictEqual(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true);
    // Give the status bar's first (debounced) update time to run: with no editor open it must not count.
    await new Promise((resolve) => setTimeout(resolve, 600));
    assert.strictEqual(vscode.window.activeTextEditor, undefined);
    assert.strictEqual(api.tokenizerStarted(), false);
    assert.deepStrictEqual(api.loadedEncodings(), []);
    assert.deepStrictEqual(api.statusBar(), { visible: false, text: '', tooltip: '', command: 'promptcost.selectModel' });
  });

  test('contributes its commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('promptcost.countTokens'));
    assert.ok(commands.includes('promptcost.selectModel'));
  });
});
