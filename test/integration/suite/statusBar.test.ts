import * as assert from 'assert';
import * as vscode from 'vscode';
import { cleanUpAfterTest, closeAllEditors, eventually, openInEditor, promptCostApi } from '../helpers';

suite('status bar token count', () => {
  teardown(cleanUpAfterTest);

  const text = async () => (await promptCostApi()).statusBar().text;

  test('shows the document count for the default model, with a tooltip on how it was counted', async () => {
    const api = await promptCostApi();
    await openInEditor('docs/tone-guide.md');
    await eventually(() => api.statusBar().text, '$(symbol-numeric) 91 tok · gpt-4o-mini');
    assert.strictEqual(
      api.statusBar().tooltip,
      'Prompt Cost: 91 tokens in this file for gpt-4o-mini.\n\nExact: counted with o200k_base, the tokenizer gpt-4o-mini uses.\n\nClick to choose another model.',
    );
  });

  test('follows the selection', async () => {
    const api = await promptCostApi();
    const editor = await openInEditor('docs/tone-guide.md');
    await eventually(() => api.statusBar().text, '$(symbol-numeric) 91 tok · gpt-4o-mini');
    assert.strictEqual(editor.document.lineAt(4).text, 'Rules:');
    editor.selection = new vscode.Selection(4, 0, 6, 0);
    await eventually(() => api.statusBar().text, '$(symbol-numeric) 12 tok · gpt-4o-mini');
    // Two selections are counted separately and summed: "Rules:\n" (2) + the rule line (10).
    editor.selections = [new vscode.Selection(4, 0, 5, 0), new vscode.Selection(5, 0, 6, 0)];
    await eventually(() => api.statusBar().text, '$(symbol-numeric) 12 tok · gpt-4o-mini');
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    await eventually(() => api.statusBar().text, '$(symbol-numeric) 91 tok · gpt-4o-mini');
  });

  test('recounts after edits', async () => {
    const api = await promptCostApi();
    const document = await vscode.workspace.openTextDocument({ content: 'hello world', language: 'plaintext' });
    const editor = await vscode.window.showTextDocument(document);
    await eventually(() => api.statusBar().text, '$(symbol-numeric) 2 tok · gpt-4o-mini');
    await editor.edit((edit) => edit.insert(document.positionAt(document.getText().length), ' — the quick brown fox jumps over the lazy dog.'));
    await eventually(() => api.statusBar().text, '$(symbol-numeric) 13 tok · gpt-4o-mini');
  });

  test('switches model through Select Model and shows ≈ for estimated families', async () => {
    const api = await promptCostApi();
    await openInEditor('docs/tone-guide.md');
    const picked = await vscode.commands.executeCommand('promptcost.selectModel', 'claude-sonnet-4-5');
    assert.strictEqual(picked, 'claude-sonnet-4-5');
    assert.strictEqual(vscode.workspace.getConfiguration('promptcost').get('defaultModel'), 'claude-sonnet-4-5');
    await eventually(() => api.statusBar().text, '$(symbol-numeric) ≈106 tok · claude-sonnet-4-5');
    assert.strictEqual(
      api.statusBar().tooltip.split('\n')[0],
      'Prompt Cost: ≈106 tokens in this file for claude-sonnet-4-5 (between 105 and 109 by the kind of text).',
    );
    assert.match(
      api.statusBar().tooltip,
      /Estimated \(≈, estimate:claude\): Claude \(Anthropic\) has no public tokenizer, so the o200k_base count is multiplied by a factor for the kind of text/,
    );
    await vscode.commands.executeCommand('promptcost.selectModel', 'gpt-4');
    await eventually(() => api.statusBar().text, '$(symbol-numeric) 92 tok · gpt-4');
  });

  test('falls back to the default model when the setting is not a string', async () => {
    const api = await promptCostApi();
    await openInEditor('docs/tone-guide.md');
    await vscode.workspace.getConfiguration('promptcost').update('defaultModel', 42, vscode.ConfigurationTarget.Global);
    await eventually(() => api.statusBar().text, '$(symbol-numeric) 91 tok · gpt-4o-mini');
  });

  test('hides when the setting turns it off and when no editor is open', async () => {
    const api = await promptCostApi();
    await openInEditor('docs/tone-guide.md');
    await eventually(() => api.statusBar().visible, true);
    await vscode.workspace.getConfiguration('promptcost').update('statusBar.enabled', false, vscode.ConfigurationTarget.Global);
    await eventually(() => api.statusBar().visible, false);
    await vscode.workspace.getConfiguration('promptcost').update('statusBar.enabled', undefined, vscode.ConfigurationTarget.Global);
    await eventually(() => api.statusBar().visible, true);
    await closeAllEditors();
    await eventually(() => api.statusBar().visible, false);
    assert.strictEqual(await text(), '');
  });
});
