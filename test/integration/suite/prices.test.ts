import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { cleanUpAfterTest, eventually, promptCostApi, workspaceFile, writeWorkspaceFile } from '../helpers';

const SUPPORT = 'prompts/support-reply.prompty';

/** The hover on the support prompt's model id, as text. */
async function hoverLines(): Promise<string[]> {
  await vscode.workspace.openTextDocument(workspaceFile(SUPPORT));
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', workspaceFile(SUPPORT), new vscode.Position(9, 12));
  return hovers
    .flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value)))
    .join('\n')
    .split('\n');
}

/** The hover's first line (the answer) and last (where the price came from). */
async function headlineAndSource(): Promise<[string, string | undefined]> {
  const lines = await hoverLines();
  return [lines[0], lines.at(-1)];
}

/** A price file in @pydantic/genai-prices' data.json shape: gpt-4o-mini at $1 in / $2 out per million tokens. */
const PRICES = JSON.stringify([
  {
    id: 'openai',
    name: 'OpenAI',
    api_pattern: 'https://api\\.openai\\.com',
    models: [{ id: 'gpt-4o-mini', match: { starts_with: 'gpt-4o-mini' }, prices: { input_mtok: 1, output_mtok: 2 } }],
  },
]);

suite('prices from a price file (promptcost.pricesFile)', () => {
  teardown(cleanUpAfterTest);

  test('prices the models the file lists, and the hover says where the price came from', async () => {
    const uri = await writeWorkspaceFile('prices.json', PRICES);
    const asOf = new Date((await vscode.workspace.fs.stat(uri)).mtime).toISOString().slice(0, 10);
    await eventually(headlineAndSource, ['**$41.08/mo** · $0.00046/call · 2,043 tok · gpt-4o-mini', '_Prices: @pydantic/genai-prices 0.1.8, 2026-09-23._']);
    await vscode.workspace.getConfiguration('promptcost').update('pricesFile', 'prices.json', vscode.ConfigurationTarget.Workspace);
    // 2,043 tokens in at $1/M + 250 out at $2/M = $0.002543 a call, × 90,000 calls = $228.87.
    await eventually(headlineAndSource, ['**$228.87/mo** · $0.0025/call · 2,043 tok · gpt-4o-mini', `_Prices: prices.json (${asOf})._`]);
  });

  test('a broken price file is said once, naming it, and the bundled prices stay (never $0)', async () => {
    await writeWorkspaceFile('broken-prices.json', '[{"id": ');
    await vscode.workspace.getConfiguration('promptcost').update('pricesFile', 'broken-prices.json', vscode.ConfigurationTarget.Workspace);
    const api = await promptCostApi();
    // The parser's own words for broken JSON differ between Node versions: the file and what is wrong are ours.
    const warned = (line: string) =>
      line.startsWith('[warn] promptcost.pricesFile broken-prices.json: is not valid JSON (') && line.endsWith('); using the bundled prices.');
    await eventually(async () => (await headlineAndSource(), api.recentLog().filter(warned).length), 1);
    assert.deepStrictEqual(await headlineAndSource(), [
      '**$41.08/mo** · $0.00046/call · 2,043 tok · gpt-4o-mini',
      '_Prices: @pydantic/genai-prices 0.1.8, 2026-09-23._',
    ]);
  });

  test('the status bar warns while the prices in use are more than 90 days old', async () => {
    const uri = await writeWorkspaceFile('old-prices.json', PRICES);
    // A price file is dated by its last change: one of 2020 is stale on any day these tests run.
    const old = new Date('2020-01-15T12:00:00Z');
    fs.utimesSync(uri.fsPath, old, old);
    await vscode.workspace.getConfiguration('promptcost').update('pricesFile', 'old-prices.json', vscode.ConfigurationTarget.Workspace);
    const api = await promptCostApi();
    await eventually(() => api.stalePricesStatusBar(), '$(warning) Prices of 2020-01-15');
  });
});
