import * as assert from 'assert';
import * as vscode from 'vscode';
import { cleanUpAfterTest, eventually, promptCostApi, workspaceFile } from '../helpers';

suite('model picker', () => {
  teardown(cleanUpAfterTest);

  test("a site's Change model lists chat models once, each with what this call would cost a month, priced in the worker", async () => {
    const api = await promptCostApi();
    const uri = workspaceFile('src/supportBot/draftReply.ts');
    const picked = vscode.commands.executeCommand<string | undefined>('promptcost.changeSiteModel', uri, 'src/supportBot/draftReply.ts#draftReply');
    const entry = (label: string) => api.modelPicker()?.items.find((item) => item.label === label)?.description;
    await eventually(
      () => [entry('claude-haiku-4-5'), entry('$(check) claude-sonnet-4-5'), entry('gpt-4o-mini')],
      [
        '$343.26/mo here · $1 in / $5 out per 1M · 200k context',
        '$1,029.78/mo here · $3 in / $15 out per 1M · 200k context',
        '$47.71/mo here · $0.15 in / $0.60 out per 1M · 128k context',
      ],
    );
    const view = api.modelPicker()!;
    assert.strictEqual(view.title, 'Model for src/supportBot/draftReply.ts');
    const labels = view.items.filter((item) => !item.separator).map((item) => item.label.replace('$(check) ', ''));
    assert.deepStrictEqual(
      labels.filter((label, i) => labels.indexOf(label) !== i),
      [],
      'no model twice',
    );
    for (const left of ['gpt-4o-mini-tts', 'gpt-image-1', 'gpt-realtime', 'claude-3-5-haiku-latest', 'global.anthropic.claude-haiku-4-5-20251001-v1:0'])
      assert.ok(!labels.includes(left), left);
    // Anthropic's models, cheapest here first.
    const anthropic = view.items.slice(view.items.findIndex((item) => item.separator && item.label === 'Anthropic') + 1);
    const monthly = anthropic
      .slice(
        0,
        anthropic.findIndex((item) => item.separator),
      )
      .map((item) => Number(/^\$([\d,.]+)\/mo here/.exec(item.description ?? '')?.[1]?.replace(/,/g, '') ?? Infinity));
    assert.deepStrictEqual(
      monthly,
      [...monthly].sort((a, b) => a - b),
    );
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.strictEqual(await picked, undefined);
    assert.strictEqual(api.modelPicker(), undefined);
  });
});
