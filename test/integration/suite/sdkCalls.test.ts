import * as assert from 'assert';
import * as vscode from 'vscode';
import { cleanUpAfterTest, eventually, openInEditor, promptCostApi, willChange, workspaceFile, writeWorkspaceFile, settledCodeLenses } from '../helpers';

// The execute*Provider commands work on documents VS Code has loaded.
async function codeLenses(relative: string): Promise<Array<[number, string]>> {
  await vscode.workspace.openTextDocument(workspaceFile(relative));
  const lenses = await settledCodeLenses(workspaceFile(relative));
  return lenses.map((lens) => [lens.range.start.line, lens.command?.title ?? '']);
}

async function hoverText(relative: string, position: vscode.Position): Promise<string> {
  await vscode.workspace.openTextDocument(workspaceFile(relative));
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', workspaceFile(relative), position);
  return hovers.flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value))).join('\n');
}

suite('LLM calls in code', () => {
  teardown(cleanUpAfterTest);

  test('CodeLens above each call in TypeScript, with the model from an env default', async () => {
    assert.deepStrictEqual(await codeLenses('src/supportBot/draftReply.ts'), [[14, '≈2,414 tok · $0.011/call · $1,029.78/mo @ 90k calls · claude-sonnet-4-5']]);
    assert.deepStrictEqual(await codeLenses('src/supportBot/classify.ts'), [[18, '1,844 tok · $0.00029/call · $34.63/mo @ 120k calls · gpt-4o-mini']]);
    // retrieve.ts has no LLM call: no CodeLens.
    assert.deepStrictEqual(await codeLenses('src/supportBot/retrieve.ts'), []);
  });

  test('CodeLens above each call in Python, three SDKs in one file', async () => {
    assert.deepStrictEqual(await codeLenses('jobs/nightly_summaries.py'), [
      [73, '≈301 tok · $0.0018/call · $54.03/mo @ 30k calls · anthropic/claude-haiku-4-5'],
      [86, '284 tok · $0.00025/call · $7.58/mo @ 30k calls · gpt-4o-mini'],
      // The nightly job is a task found from the call graph: three steps in a loop of unknown length (3 assumed).
      [96, 'task · 9 LLM calls · 3 models · $0.020/task'],
      [100, '492 tok · $0.0047/call · $141.90/mo @ 30k calls · gpt-4o'],
    ]);
    assert.deepStrictEqual(await codeLenses('agents/research_agent.py'), [[100, 'agent · ≤10 turns · ≈$0.011/run · $64.73/mo @ 6k runs · claude-haiku-4-5']]);
  });

  test('hover on the model says where it came from, and a call in a loop says so', async () => {
    const draft = await hoverText('src/supportBot/draftReply.ts', new vscode.Position(15, 45));
    assert.deepStrictEqual(draft.split('\n').slice(0, 1), ['**$1,029.78/mo** · $0.011/call · ≈2,414 tok (2,401–2,465) · claude-sonnet-4-5']);
    assert.ok(draft.includes('**Prompt Cost** · `src/supportBot/draftReply.ts` · claude-sonnet-4-5 (anthropic)'), draft);
    // Not on a key inside the call: there, the language's own hover is what the user wants.
    assert.ok(!(await hoverText('src/supportBot/draftReply.ts', new vscode.Position(16, 6))).includes('**Prompt Cost**'));
    assert.ok(
      draft.includes(
        '- Model: claude-sonnet-4-5, the default of the environment variable DRAFT_MODEL; if it is set to another model where this runs, pick that model for this call (saved in promptcost.yaml).',
      ),
      draft,
    );
    assert.ok(draft.includes('**$1,029.78/month** ($1,026.27–$1,043.55 over the token range) at 90,000 calls · worst case $2,034.18'), draft);
    const loop = await hoverText('jobs/nightly_summaries.py', new vscode.Position(100, 30));
    assert.ok(
      loop.includes(
        '- This call runs inside a loop: each iteration is one call, so count iterations in its monthly calls (promptcost.yaml or a promptcost comment).',
      ),
      loop,
    );
    // The research agent's hover: its run turn by turn, the sum the CodeLens and the CLI show, and the month in runs.
    const agent = await hoverText('agents/research_agent.py', new vscode.Position(100, 20));
    for (const row of [
      '| 1 | 1,396 | 0 | 300 | $0.0029 |',
      '| 2 | 2,096 | 0 | 300 | $0.0036 |',
      '| 3 | 2,796 | 0 | 300 | $0.0043 |',
      '| **run** | **6,288** | | **900** | **$0.011** |',
      '| worst case | | | | $0.23 (10 turns) |',
      '**$64.73/month** ($64.33–$65.59 over the token range) at 6,000 runs · worst case $1,359.12',
    ]) {
      assert.ok(agent.includes(row), `${row}\n${agent}`);
    }
  });

  test("a task: the CodeLens over its entry gives its cost per task and month, the hover each step's share", async () => {
    // promptcost.yaml names handleTicket the task support-ticket, 4,000 a day with 2% retries.
    assert.deepStrictEqual(await codeLenses('src/supportBot/pipeline.ts'), [[34, 'task · 4 LLM calls · 4 models · $0.0093/task · $1,113.99/mo @ 4k/day']]);
    const hover = await hoverText('src/supportBot/pipeline.ts', new vscode.Position(34, 10));
    for (const line of [
      '**Prompt Cost** · task `support-ticket` · `src/supportBot/pipeline.ts#handleTicket`',
      // Each step keeps its own volume, so the task counts it at the rate that volume implies and its month is theirs added up.
      '| `src/supportBot/draftReply.ts:15` | claude-sonnet-4-5 | 1 call (0.74 at its own volume) | $0.0084 | 92% |',
      '| `src/supportBot/escalate.ts:26` | gemini-2.5-flash | 1 call (0.15 at its own volume) | $0.00011 | 1% |',
      '**$1,113.99/month** · $37.13/day at 4,000 tasks a day (promptcost.yaml tasks:, a month = 30 days)',
      "- `src/supportBot/escalate.ts:26` keeps its own 18,000 calls a month from promptcost.yaml sites:, which wins over the task's volume: the task counts it at 0.15 calls per task, so its month is what its steps' months add up to.",
    ]) {
      assert.ok(hover.includes(line), `${line}\n${hover}`);
    }
  });

  test('inlay hints: one per message with its tokens, the sizes of its template parts in the tooltip', async () => {
    const document = await vscode.workspace.openTextDocument(workspaceFile('src/supportBot/draftReply.ts'));
    const hints = await vscode.commands.executeCommand<vscode.InlayHint[]>(
      'vscode.executeInlayHintProvider',
      document.uri,
      new vscode.Range(0, 0, document.lineCount, 0),
    );
    const label = (hint: vscode.InlayHint) => (typeof hint.label === 'string' ? hint.label : hint.label.map((part) => part.value).join(''));
    assert.deepStrictEqual(
      hints.map((hint) => [hint.position.line, hint.position.character, label(hint)]),
      [
        [18, 10, '≈1,469 tok'],
        [21, 20, '≈942 tok'],
      ],
    );
    const tooltip = String(hints[1].tooltip);
    assert.ok(
      tooltip.startsWith(
        'user message: ≈942 tokens, chat framing included; variable parts: formatArticles(articles) ≈100 (assumed; declare it in promptcost.yaml)',
      ),
      tooltip,
    );
    assert.strictEqual(tooltip.split('≈100').length - 1, 9, tooltip);
  });

  test('Toggle Inline Costs hides the CodeLenses and inlay hints and shows them again; the hover has a setting of its own', async () => {
    const file = 'src/supportBot/classify.ts';
    const section = () => vscode.workspace.getConfiguration('promptcost');
    try {
      assert.strictEqual(await vscode.commands.executeCommand('promptcost.toggleInlineCosts'), false);
      await eventually(async () => (await codeLenses(file)).length, 0);
      const document = await vscode.workspace.openTextDocument(workspaceFile(file));
      const hints = await vscode.commands.executeCommand<vscode.InlayHint[]>(
        'vscode.executeInlayHintProvider',
        document.uri,
        new vscode.Range(0, 0, document.lineCount, 0),
      );
      assert.strictEqual(hints.length, 0);
      assert.strictEqual(await vscode.commands.executeCommand('promptcost.toggleInlineCosts'), true);
      await eventually(async () => (await codeLenses(file)).length, 1);
      // Twice at once (a double press): one after the other, so the costs end as they began, shown.
      const twice = await Promise.all([
        vscode.commands.executeCommand('promptcost.toggleInlineCosts'),
        vscode.commands.executeCommand('promptcost.toggleInlineCosts'),
      ]);
      assert.deepStrictEqual(twice, [false, true]);
      assert.deepStrictEqual([section().get('codeLens.enabled'), section().get('inlayHints.enabled')], [true, true]);
      await section().update('hover.enabled', false, vscode.ConfigurationTarget.Global);
      await eventually(async () => (await hoverText(file, new vscode.Position(18, 40))).includes('Prompt Cost'), false);
    } finally {
      await section().update('codeLens.enabled', undefined, vscode.ConfigurationTarget.Global);
      await section().update('inlayHints.enabled', undefined, vscode.ConfigurationTarget.Global);
      await section().update('hover.enabled', undefined, vscode.ConfigurationTarget.Global);
    }
    await eventually(async () => (await hoverText(file, new vscode.Position(18, 40))).includes('Prompt Cost'), true);
  });

  test("the status bar shows a code file's monthly cost for its calls", async () => {
    const api = await promptCostApi();
    await openInEditor('src/supportBot/classify.ts');
    await eventually(() => api.statusBar().text, '$(symbol-numeric) $34.63/mo · gpt-4o-mini');
  });

  test('a call whose model is not known is priced with the default model, marked assumed, until one is picked into promptcost.yaml', async () => {
    const file = 'src/supportBot/rewrite.ts';
    const uri = workspaceFile(file);
    const yamlUri = await willChange('promptcost.yaml');
    const source = [
      "import OpenAI from 'openai';",
      '',
      'const client = new OpenAI();',
      '',
      'export async function rewrite(text: string, model: string) {',
      '  return client.chat.completions.create({',
      '    model,',
      '    max_completion_tokens: 200,',
      "    messages: [{ role: 'user', content: `Rewrite in plain English: ${text}` }],",
      '  });',
      '}',
      '',
    ].join('\n');
    await writeWorkspaceFile(file, source);
    // The official OpenAI client and no model: promptcost.defaultModel (gpt-4o-mini), said to be assumed.
    await eventually(
      async () => (await codeLenses(file)).map(([, title]) => title),
      ['113 tok · $0.00014/call · $4.11/mo @ 30k calls · gpt-4o-mini (assumed)'],
    );
    const picked = await vscode.commands.executeCommand('promptcost.changeSiteModel', uri, 'src/supportBot/rewrite.ts#rewrite', 'gpt-4o-mini');
    assert.strictEqual(picked, 'gpt-4o-mini');
    const yaml = new TextDecoder().decode(await vscode.workspace.fs.readFile(yamlUri));
    assert.ok(yaml.includes('  src/supportBot/rewrite.ts#rewrite:\n    model: gpt-4o-mini\n\ndeployments:'), yaml);
    // The code is left alone; the call is priced the same, no longer assumed: 113 × $0.15/M + 200 (the cap, under the 350 default) × $0.60/M, × 30,000.
    assert.strictEqual((await vscode.workspace.openTextDocument(uri)).getText(), source);
    await eventually(async () => (await codeLenses(file)).map(([, title]) => title), ['113 tok · $0.00014/call · $4.11/mo @ 30k calls · gpt-4o-mini']);
  });

  test('an env file at the root gives the model of calls that read the variable, .env only when the setting allows', async () => {
    const file = 'src/supportBot/summarize.ts';
    const source = [
      "import OpenAI from 'openai';",
      '',
      'const client = new OpenAI();',
      '',
      'export async function summarize(text: string) {',
      '  return client.chat.completions.create({',
      '    model: process.env.SUMMARY_MODEL!,',
      '    max_completion_tokens: 200,',
      "    messages: [{ role: 'user', content: `Summarise: ${text}` }],",
      '  });',
      '}',
      '',
    ].join('\n');
    await writeWorkspaceFile(file, source);
    const lens = async () => (await codeLenses(file)).map(([, title]) => title);
    await eventually(lens, ['112 tok · $0.00014/call · $4.10/mo @ 30k calls · gpt-4o-mini (assumed)']);
    // .env first: by the time the example's value shows, .env has been read too, and left out.
    await writeWorkspaceFile('.env', 'SUMMARY_MODEL=gpt-4o\n');
    await writeWorkspaceFile('.env.example', 'SUMMARY_MODEL=gpt-4.1-nano\nOPENAI_API_KEY=\n');
    // 112 × $0.10/M + 200 × $0.40/M = $0.0000912, × 30,000.
    await eventually(lens, ['112 tok · $0.000091/call · $2.74/mo @ 30k calls · gpt-4.1-nano']);
    await vscode.workspace.getConfiguration('promptcost').update('readDotEnv', true, vscode.ConfigurationTarget.Workspace);
    // 112 × $2.50/M + 200 × $10/M = $0.00228, × 30,000.
    await eventually(lens, ['112 tok · $0.0023/call · $68.40/mo @ 30k calls · gpt-4o']);
    // Picking a model sets the variable under env: in promptcost.yaml, which wins over the files.
    const yamlUri = await willChange('promptcost.yaml');
    const picked = await vscode.commands.executeCommand('promptcost.changeSiteModel', workspaceFile(file), `${file}#summarize`, 'gpt-4.1-mini');
    assert.strictEqual(picked, 'gpt-4.1-mini');
    const yaml = new TextDecoder().decode(await vscode.workspace.fs.readFile(yamlUri));
    assert.ok(yaml.endsWith('\nenv:\n  SUMMARY_MODEL: gpt-4.1-mini\n'), yaml);
    assert.strictEqual((await vscode.workspace.openTextDocument(workspaceFile(file))).getText(), source);
    // 112 × $0.40/M + 200 × $1.60/M = $0.0003648, × 30,000.
    await eventually(lens, ['112 tok · $0.00036/call · $10.94/mo @ 30k calls · gpt-4.1-mini']);
  });

  test('a helper whose callers pass several models shows the range of their costs', async () => {
    const file = 'jobs/route.py';
    const source = [
      'from openai import OpenAI',
      '',
      'client = OpenAI()',
      '',
      '',
      'def _ask(prompt, model, max_tokens=200):',
      '    return client.chat.completions.create(model=model, max_tokens=max_tokens, messages=[{"role": "user", "content": prompt}])',
      '',
      '',
      'def classify(ticket):',
      '    return _ask(f"Classify: {ticket}", "gpt-4.1-nano", max_tokens=5)',
      '',
      '',
      'def draft(ticket):',
      '    return _ask(f"Draft a reply to: {ticket}", model="gpt-4o")',
      '',
    ].join('\n');
    // Another file imports the helper and passes a third model.
    const nightly = 'jobs/nightly.py';
    const caller = (model: string) =>
      ['from jobs.route import _ask', '', '', 'def digest(tickets):', `    return _ask("Digest: " + tickets, "${model}")`, ''].join('\n');
    await writeWorkspaceFile(nightly, caller('gpt-4.1-mini'));
    await writeWorkspaceFile(file, source);
    const lenses = async () => (await codeLenses(file)).map(([, title]) => title);
    // 107 tokens and a 200-token cap at 30,000 calls: gpt-4.1-nano $2.72, gpt-4o $68.03, gpt-4.1-mini
    // 30,000 × (107 × $0.40 + 200 × $1.60)/M = $10.88 a month.
    await eventually(lenses, ['107 tok · $2.72–$68.03/mo @ 30k calls · 3 models from the callers']);
    const hover = await hoverText(file, new vscode.Position(6, 20));
    assert.ok(
      hover.includes(
        '- Model: the calls of this function (in this file and jobs/nightly.py) pass 3 models for model: gpt-4.1-nano $2.72/month, gpt-4o $68.03/month, gpt-4.1-mini $10.88/month. The figures here are the costliest, gpt-4o.',
      ),
      hover,
    );
    // Saving the other file with a model already passed here: the site shows two models again, with no edit to it.
    await writeWorkspaceFile(nightly, caller('gpt-4o'));
    await eventually(lenses, ['107 tok · $2.72–$68.03/mo @ 30k calls · 2 models from the callers']);
  });
});
