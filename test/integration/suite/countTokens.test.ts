import * as assert from 'assert';
import * as vscode from 'vscode';
import { cleanUpAfterTest, closeAllEditors, openInEditor, promptCostApi, setDefaultModel } from '../helpers';

suite('Prompt Cost: Count Tokens', () => {
  teardown(cleanUpAfterTest);

  test('counts the whole document when nothing is selected', async () => {
    await openInEditor('docs/tone-guide.md');
    const result = await vscode.commands.executeCommand('promptcost.countTokens');
    assert.deepStrictEqual(result, { tokens: 91, exact: true, model: 'gpt-4o-mini', encoding: 'o200k_base', scope: 'document' });
    // The worker runs and has built the encoding this count needed (suites before this one may have
    // built others: the sample app's Gemini prompts load gemma3, and the worker lives across suites).
    const api = await promptCostApi();
    assert.strictEqual(api.tokenizerStarted(), true);
    assert.ok(api.loadedEncodings().includes('o200k_base'), api.loadedEncodings().join(', '));
  });

  test('counts only the selection when there is one', async () => {
    const editor = await openInEditor('docs/tone-guide.md');
    // Line 5 (0-based 4) is "Rules:"; select it and the next rule line.
    assert.strictEqual(editor.document.lineAt(4).text, 'Rules:');
    editor.selection = new vscode.Selection(4, 0, 6, 0);
    const result = await vscode.commands.executeCommand('promptcost.countTokens');
    // "Rules:\n- Lead with the answer, then the reason.\n" in o200k_base.
    assert.deepStrictEqual(result, { tokens: 12, exact: true, model: 'gpt-4o-mini', encoding: 'o200k_base', scope: 'selection' });
  });

  test('counts with the configured model and marks estimates', async () => {
    await setDefaultModel('claude-sonnet-4-5');
    await openInEditor('docs/tone-guide.md');
    const result = await vscode.commands.executeCommand('promptcost.countTokens');
    assert.deepStrictEqual(result, { tokens: 106, exact: false, model: 'claude-sonnet-4-5', encoding: 'o200k_base', scope: 'document' });
  });

  test('returns nothing without an editor', async () => {
    await closeAllEditors();
    assert.strictEqual(await vscode.commands.executeCommand('promptcost.countTokens'), undefined);
  });
});
