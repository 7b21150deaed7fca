import * as assert from 'assert';
import * as vscode from 'vscode';
import { eventually, EXTENSION_ID, promptCostApi } from '../helpers';

// Runs first (files run in name order), before any test opens an editor.
suite('activation', () => {
  test('activates without starting the tokenizer', async () => {
    const api = await promptCostApi();
    assert.strictEqual(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true);
    // Wait for the status bar's first (debounced) update, whose result is the only one with a click
    // command, hidden here: with no editor open it must not have counted, so no tokenizer started.
    await eventually(() => api.statusBar(), { visible: false, text: '', tooltip: '', command: 'promptcost.selectModel' });
    assert.strictEqual(vscode.window.activeTextEditor, undefined);
    assert.strictEqual(api.tokenizerStarted(), false);
    assert.deepStrictEqual(api.loadedEncodings(), []);
  });

  test('contributes its commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('promptcost.countTokens'));
    assert.ok(commands.includes('promptcost.selectModel'));
  });
});
