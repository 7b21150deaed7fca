import * as assert from 'assert';
import * as vscode from 'vscode';
import { closeAllEditors, COUNTING, EXTENSION_ID, eventually, openInEditor, promptCostApi, workspaceFile } from '../helpers';

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

  test('the first CodeLens says "counting…" over the call while the tokenizer is built, then shows its figures', async () => {
    const api = await promptCostApi();
    const classify = workspaceFile('src/supportBot/classify.ts');
    // Opening the file starts the warm-up; nothing had started the engine before.
    await vscode.workspace.openTextDocument(classify);
    const lenses = async () =>
      (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', classify)).map((lens) => [
        lens.range.start.line,
        lens.command?.title,
      ]);
    assert.deepStrictEqual(await lenses(), [[18, COUNTING]]);
    assert.strictEqual(api.tokenizerStarted(), true);
    await eventually(lenses, [[18, '1,844 tok · $0.00029/call · $34.63/mo @ 120k calls · gpt-4o-mini']]);
    assert.deepStrictEqual(api.loadedEncodings(), ['o200k_base']);
  });

  test('logs to the Prompt Cost output channel: its activation, then each analysis with its duration', async () => {
    const api = await promptCostApi();
    assert.ok(
      api.recentLog().some((line) => /^\[info\] Prompt Cost 0\.1\.0 activated in VS Code 1\.\d+\.\d+\.$/.test(line)),
      api.recentLog().join('\n'),
    );
    await openInEditor('prompts/support-reply.prompty');
    try {
      const analysed = /^\[info\] Analysed prompts\/support-reply\.prompty: 1 site, \d+ findings? in \d+ ms\.$/;
      await eventually(() => api.recentLog().some((line) => analysed.test(line)), true, 60_000);
    } finally {
      await closeAllEditors();
    }
  });

  test('contributes its commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('promptcost.countTokens'));
    assert.ok(commands.includes('promptcost.selectModel'));
    assert.ok(commands.includes('promptcost.toggleInlineCosts'));
  });
});
