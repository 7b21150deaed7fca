import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { cleanUpAfterTest, eventually, promptCostApi, settledCodeLenses, workspaceFile, writeWorkspaceFile } from '../helpers';
import { git } from '../../harness/git';

const SUPPORT = 'prompts/support-reply.prompty';
/** support-reply.prompty as the fixture has it (gpt-4o-mini): promptFiles.test.ts checks the same lens. */
const BASE_LENS = '2,043 tok · $0.00046/call · $41.08/mo @ 90k calls · gpt-4o-mini';
// gpt-4o for gpt-4o-mini at the same tokens and 90,000 calls: $684.68 a month, $643.60 more;
// the workspace goes from $2,373.07 to $3,016.67 (the CLI's `promptcost diff --base main` says the same).
/** The working tree's support-reply on gpt-4o, with nothing to compare it with. */
const UNCOMPARED_LENS = '2,043 tok · $0.0076/call · $684.68/mo @ 90k calls · gpt-4o';
const CHANGED_LENS = '2,043 tok · $0.0076/call · $684.68/mo @ 90k calls · gpt-4o (+$643.60 vs main)';

async function lensTitles(relative: string): Promise<string[]> {
  await vscode.workspace.openTextDocument(workspaceFile(relative));
  return (await settledCodeLenses(workspaceFile(relative))).map((lens) => lens.command?.title ?? '');
}

async function hoverText(relative: string, position: vscode.Position): Promise<string> {
  await vscode.workspace.openTextDocument(workspaceFile(relative));
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', workspaceFile(relative), position);
  return hovers.flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value))).join('\n');
}

suite('against the base branch', () => {
  /** The workspace folder made a repository by the test: its .git goes in teardown, and the figures come back without a change. */
  let repository: string | undefined;

  /** Makes the workspace a repository whose main is the fixture, on a branch `feature` where support-reply runs gpt-4o. */
  async function featureBranchOnGpt4o(): Promise<void> {
    repository = vscode.workspace.workspaceFolders![0].uri.fsPath;
    git(repository, 'init', '-q', '-b', 'main');
    git(repository, 'add', '-A');
    git(repository, 'commit', '-q', '-m', 'base');
    git(repository, 'checkout', '-q', '-b', 'feature');
    const original = fs.readFileSync(workspaceFile(SUPPORT).fsPath, 'utf8');
    await writeWorkspaceFile(SUPPORT, original.replace('name: gpt-4o-mini', 'name: gpt-4o'));
  }

  teardown(async () => {
    await cleanUpAfterTest();
    if (repository) fs.rmSync(path.join(repository, '.git'), { recursive: true, force: true });
    repository = undefined;
    // No repository any more: no change is shown anywhere (later suites see the workspace as before).
    await vscode.commands.executeCommand('promptcost.refresh');
    await eventually(() => lensTitles(SUPPORT), [BASE_LENS]);
    await eventually(async () => (await promptCostApi()).baseDeltaStatusBar().visible, false);
  });

  test('a changed prompt shows its change and why in CodeLens, hover, status bar and report', async () => {
    const api = await promptCostApi();
    // Outside a repository (the workspace as the runner copied it): nothing is compared.
    assert.deepStrictEqual(await lensTitles(SUPPORT), [BASE_LENS]);
    await featureBranchOnGpt4o();
    // What a checkout in a terminal would be followed by when git's file events are not seen.
    await vscode.commands.executeCommand('promptcost.refresh');

    // promptcost.compareTo is `auto`: the local main, where the feature branch left it.
    await eventually(() => lensTitles(SUPPORT), [CHANGED_LENS]);
    // An unchanged prompt has no suffix.
    assert.deepStrictEqual(await lensTitles('prompts/kb-answer.prompty'), ['≈4,064 tok · $0.018/call · $818.64/mo @ 45k calls · claude-sonnet-4-5']);

    const hover = (await hoverText(SUPPORT, new vscode.Position(9, 12))).split('\n\n');
    assert.strictEqual(hover[1], '$(git-compare) vs main: +$643.60/month — model gpt-4o-mini → gpt-4o');

    await vscode.commands.executeCommand('promptcost.estimateWorkspace');
    await eventually(
      () => {
        const { visible, text } = api.baseDeltaStatusBar();
        return { visible, text };
      },
      { visible: true, text: '$(git-compare) $3,016.67/mo (+$643.60 vs main)' },
    );
    const [firstLine] = api.baseDeltaStatusBar().tooltip.split('\n\n');
    assert.match(firstLine, /^Prompt Cost: the workspace against main at [0-9a-f]{7}: \+\$643\.60\/month \(\+27%\)\.$/);

    await eventually(
      () => {
        const changes = api.reportViewModel()?.changes;
        return (
          changes && {
            label: changes.label,
            headline: changes.headline,
            counts: changes.counts,
            sites: changes.sites.map(({ site, status, pastText, monthlyText, diffText, reasons }) => ({
              site,
              status,
              pastText,
              monthlyText,
              diffText,
              reasons,
            })),
          }
        );
      },
      {
        label: 'main',
        headline: '+$643.60/month (+27%)',
        counts: '1 changed · 19 unchanged',
        sites: [
          {
            site: 'prompts/support-reply.prompty:1',
            status: 'changed',
            pastText: '$41.08',
            monthlyText: '$684.68',
            diffText: '+$643.60',
            reasons: ['model gpt-4o-mini → gpt-4o'],
          },
        ],
      },
    );
    const rows = api.reportViewModel()!.rows;
    assert.deepStrictEqual(rows.find((row) => row.file === SUPPORT)?.vsBase, { status: 'changed', diffMonthly: 643.6, text: '+$643.60' });
    assert.deepStrictEqual(rows.find((row) => row.file === 'prompts/kb-answer.prompty')?.vsBase, { status: 'unchanged', diffMonthly: 0, text: '—' });

    // What the workspace estimate excludes, the base leaves out too: jobs/ ($205.23 a month) changes the total, not the change.
    await vscode.workspace.getConfiguration('promptcost').update('exclude', ['**/jobs/**'], vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('promptcost.estimateWorkspace', { show: false });
    await eventually(
      () => {
        const { visible, text } = api.baseDeltaStatusBar();
        return { visible, text };
      },
      { visible: true, text: '$(git-compare) $2,811.44/mo (+$643.60 vs main)' },
    );
  });

  test('a promptcost.compareTo that names no commit: one warning line, no change shown, and no crash', async () => {
    const api = await promptCostApi();
    await featureBranchOnGpt4o();
    await vscode.workspace.getConfiguration('promptcost').update('compareTo', 'no-such-branch', vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('promptcost.refresh');
    const warnings = () =>
      api.recentLog().filter((line) => /^\[warn\] No comparison with a base branch: promptcost\.compareTo names no commit in .*: 'no-such-branch'/.test(line));
    // The lens asks for the comparison (the first to, when this test runs alone).
    await eventually(() => lensTitles(SUPPORT), [UNCOMPARED_LENS]);
    await eventually(() => warnings().length, 1);
    assert.deepStrictEqual(await lensTitles(SUPPORT), [UNCOMPARED_LENS]);
    // Looked at again (a refresh, a setting): the same reason is not said again.
    await vscode.commands.executeCommand('promptcost.refresh');
    await vscode.workspace.getConfiguration('promptcost').update('monthlyCalls', 20_000, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('promptcost').update('compareTo', 'main', vscode.ConfigurationTarget.Global);
    // A good ref afterwards works: the looks above have all run by then.
    await eventually(() => lensTitles(SUPPORT), [CHANGED_LENS]);
    assert.strictEqual(warnings().length, 1);
  });
});
