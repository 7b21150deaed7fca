import * as assert from 'assert';
import * as vscode from 'vscode';
import { cleanUpAfterTest, eventually, promptCostApi, willChange } from '../helpers';

suite('the Prompt Cost sites view', () => {
  teardown(async () => {
    await vscode.commands.executeCommand('promptcost.sitesView.groupBy', 'file');
    await cleanUpAfterTest();
  });

  /** The view's first two lines (total, savings) and its groups, each as `label — description`. */
  async function outline() {
    const { items } = (await promptCostApi()).sitesView();
    return items.map((item) => `${item.label} — ${item.description ?? ''}`);
  }

  const TOTAL = '$2,373.07/month — 20 sites · 1 unpriced';
  const SAVINGS = '$1,591.59/month to save — 11 findings';

  test('shows the workspace total, its savings and the sites by file, costliest first, once it is opened', async () => {
    const api = await promptCostApi();
    await vscode.commands.executeCommand('workbench.view.extension.promptcost');
    // The same total as Estimate Workspace Cost and the CLI (promptFiles.test.ts, cliEstimate.test.ts).
    await eventually(async () => (await outline()).slice(0, 2), [TOTAL, SAVINGS]);
    const { grouping, items } = api.sitesView();
    assert.strictEqual(grouping, 'file');
    assert.deepStrictEqual(
      items.slice(2, 5).map((item) => [item.label, item.description]),
      [
        ['draftReply.ts', '$1,029.78/mo · 1 site · src/supportBot'],
        ['kb-answer.prompty', '$818.64/mo · 1 site · prompts'],
        ['nightly_summaries.py', '$203.51/mo · 3 sites · jobs'],
      ],
    );
    assert.deepStrictEqual(items[4].children, [
      { label: 'run', description: '$141.90/mo · 3 findings' },
      { label: 'find_doc_gap', description: '$54.03/mo' },
      { label: 'draft_check_in', description: '$7.58/mo' },
    ]);
    // The unpriced site is last in its file and never shown as $0.
    const weekly = items.find((item) => item.label === 'weekly_insights.py');
    assert.strictEqual(weekly?.description, '$1.72/mo + 1 unpriced · 4 sites · jobs');
    assert.strictEqual(weekly?.children?.at(-1)?.description, 'unpriced · 1 finding');
  });

  test('groups by model, and follows an edit without a save', async () => {
    const api = await promptCostApi();
    await vscode.commands.executeCommand('workbench.view.extension.promptcost');
    await eventually(async () => (await outline()).slice(0, 2), [TOTAL, SAVINGS]);
    await vscode.commands.executeCommand('promptcost.sitesView.groupBy', 'model');
    assert.deepStrictEqual(
      api
        .sitesView()
        .items.slice(2, 4)
        .map((item) => [item.label, item.description]),
      [
        ['claude-sonnet-4-5', '$1,848.42/mo · 2 sites'],
        ['claude-haiku-4-5', '$181.55/mo · 4 sites'],
      ],
    );

    // sentiment.ts moves from Haiku to Sonnet in the editor: its file's sites are analysed again, the rest stay as scanned.
    const document = await vscode.workspace.openTextDocument(await willChange('src/supportBot/sentiment.ts'));
    const at = document.getText().indexOf("'claude-haiku-4-5'");
    assert.ok(at > 0, 'sentiment.ts names claude-haiku-4-5');
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, new vscode.Range(document.positionAt(at), document.positionAt(at + "'claude-haiku-4-5'".length)), "'claude-sonnet-4-5'");
    assert.ok(await vscode.workspace.applyEdit(edit));
    await eventually(
      () =>
        api
          .sitesView()
          .items.slice(0, 4)
          .map((item) => [item.label, item.description]),
      [
        ['$2,408.83/month', '20 sites · 1 unpriced'],
        // Sonnet for a sentiment label is worth a cheaper-model finding: $53.64 − $17.88 on Haiku.
        ['$1,627.35/month to save', '12 findings'],
        ['claude-sonnet-4-5', '$1,902.06/mo · 3 sites'],
        ['claude-haiku-4-5', '$163.67/mo · 3 sites'],
      ],
    );
  });
});
