import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import {
  cleanUpAfterTest,
  codeOf,
  eventually,
  openInEditor,
  promptCostApi,
  restoreWorkspaceFiles,
  willChange,
  workspaceFile,
  writeWorkspaceFile,
  settledCodeLenses,
} from '../helpers';

const SUPPORT = 'prompts/support-reply.prompty';

// The execute*Provider commands work on documents VS Code has loaded ("Illegal argument" otherwise).
async function codeLensTitles(relative: string): Promise<string[]> {
  await vscode.workspace.openTextDocument(workspaceFile(relative));
  const lenses = await settledCodeLenses(workspaceFile(relative));
  return lenses.map((lens) => lens.command?.title ?? '');
}

async function hoverText(relative: string, position: vscode.Position): Promise<string> {
  await vscode.workspace.openTextDocument(workspaceFile(relative));
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', workspaceFile(relative), position);
  return hovers.flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value))).join('\n');
}

async function inlayHints(relative: string): Promise<string[]> {
  const document = await vscode.workspace.openTextDocument(workspaceFile(relative));
  const range = new vscode.Range(0, 0, document.lineCount, 0);
  const hints = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', document.uri, range);
  return hints
    .sort((a, b) => a.position.compareTo(b.position))
    .map(
      (hint) =>
        `${hint.position.line}:${hint.position.character} ${typeof hint.label === 'string' ? hint.label : hint.label.map((part) => part.value).join('')}`,
    );
}

suite('prompt files in the editor', () => {
  teardown(cleanUpAfterTest);

  test('CodeLens at the top of each prompt: tokens, $/call, $/month @ volume, model', async () => {
    assert.deepStrictEqual(await codeLensTitles(SUPPORT), ['2,043 tok · $0.00046/call · $41.08/mo @ 90k calls · gpt-4o-mini']);
    assert.deepStrictEqual(await codeLensTitles('prompts/kb-answer.prompty'), ['≈4,064 tok · $0.018/call · $818.64/mo @ 45k calls · claude-sonnet-4-5']);
    assert.deepStrictEqual(await codeLensTitles('prompts/ticket-triage.prompt'), [
      '818 tok · $0.00040/call · $47.45/mo @ 120k calls · googleai/gemini-2.5-flash',
    ]);
    assert.deepStrictEqual(await codeLensTitles('prompts/summarize-thread.prompt.yml'), [
      '1,653 tok · $0.00023/call · $1.83/mo @ 8k calls · openai/gpt-4o-mini',
    ]);
    const lenses = await settledCodeLenses(workspaceFile(SUPPORT));
    assert.strictEqual(lenses[0].command?.command, 'promptcost.siteActions');
    assert.strictEqual(lenses[0].range.start.line, 0);
    assert.deepStrictEqual(await codeLensTitles('.github/prompts/review-reply.prompt.md'), ['863 tok · $0.0057/call · $11.32/mo @ 2k calls · gpt-4o']);
  });

  test('inlay hints: one per message at its role marker (the sizes of its variables are in the tooltip)', async () => {
    assert.deepStrictEqual(await inlayHints(SUPPORT), ['25:7 1,908 tok', '39:5 132 tok']);
  });

  test('hover shows the breakdown, the month, cheaper options and every assumption', async () => {
    const text = await hoverText(SUPPORT, new vscode.Position(9, 12)); // on the model id
    const lines = text.split('\n');
    // The answer first; the breakdown under its title.
    assert.strictEqual(lines[0], '**$41.08/mo** · $0.00046/call · 2,043 tok · gpt-4o-mini');
    for (const expected of [
      '**Prompt Cost** · `prompts/support-reply.prompty` · gpt-4o-mini (openai)',
      '| system message | 1,908 |',
      '| user message | 132 |',
      '| **input** | **2,043** |',
      '| cacheable prefix | 108 (not cached) |',
      '| output expected / worst case | 250 / 400 |',
      '| input | $0.00031 |',
      '| output | $0.00015 |',
      '| **total** | **$0.00046** |',
      '**$41.08/month** at 90,000 calls · worst case $49.18',
      '- {{articles}}: 1,800 tokens (promptcost.yaml).',
      '- Volume: 90,000 calls a month (promptcost.yaml).',
      '_Prices: @pydantic/genai-prices 0.1.8, 2026-09-23._',
    ]) {
      assert.ok(lines.includes(expected), `missing line ${JSON.stringify(expected)} in:\n${text}`);
    }
    assert.match(text, /^Cheaper options at the same token counts: gpt-4\.1-nano \$[\d.]+\/mo \(−\d+%\)/m);
    // Hovering a variable puts its size first.
    const variable = await hoverText(SUPPORT, new vscode.Position(37, 4));
    assert.deepStrictEqual(variable.split('\n').slice(0, 4), [
      '**$41.08/mo** · $0.00046/call · 2,043 tok · gpt-4o-mini',
      '**Prompt Cost** · `prompts/support-reply.prompty` · gpt-4o-mini (openai)',
      '',
      '`articles`: ≈1,800 tokens — declared in promptcost.yaml.',
    ]);
  });

  test("the status bar shows a prompt file's monthly cost", async () => {
    const api = await promptCostApi();
    await openInEditor(SUPPORT);
    await eventually(() => api.statusBar().text, '$(symbol-numeric) $41.08/mo · gpt-4o-mini');
    assert.strictEqual(api.statusBar().command, 'promptcost.siteActions');
  });

  test('problems in a prompt file become diagnostics at their place', async () => {
    const uri = await writeWorkspaceFile('prompts/broken.prompty', '---\nname: Broken\nmodel: [gpt-4o\nsystem:\nHi\n');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await eventually(() => vscode.languages.getDiagnostics(uri).map((d) => [d.source, d.code, d.severity, d.range.start.line]).length > 0, true);
    const diagnostics = vscode.languages.getDiagnostics(uri);
    assert.ok(diagnostics.every((d) => d.source === 'promptcost'));
    assert.deepStrictEqual(
      diagnostics
        .filter((d) => codeOf(d) === 'unclosed-front-matter')
        .map((d) => [d.severity, d.range.start.line, d.range.start.character, d.range.end.character, d.message]),
      [
        [
          vscode.DiagnosticSeverity.Error,
          0,
          0,
          3,
          'The front matter has no closing --- line: the rest of the file was read as YAML and no prompt body was found.',
        ],
      ],
    );
    assert.ok(diagnostics.some((d) => codeOf(d) === 'invalid-yaml'));
  });

  test('promptcost.yaml schema errors appear at the offending key, and the numbers follow edits', async () => {
    const uri = await willChange('promptcost.yaml');
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document);
    const original = document.getText();
    const line = original.split('\n').findIndex((text) => text.includes('monthlyCalls: 90000'));
    await editor.edit((edit) => edit.replace(new vscode.Range(line, 18, line, 23), 'lots!'));
    await eventually(
      () => vscode.languages.getDiagnostics(uri).map((d) => [codeOf(d), d.range.start.line, d.range.start.character, d.message]),
      [['invalid-config', line, 18, 'sites."prompts/support-reply.prompty".monthlyCalls: monthlyCalls must be a number.']],
    );
    // Only the invalid field is dropped: the volume falls back to the defaults (30,000 calls), the sizes still apply,
    // and the CodeLens and the status bar say the file has errors (never silent).
    await eventually(
      async () => (await codeLensTitles(SUPPORT))[0],
      '2,043 tok · $0.00046/call · $13.69/mo @ 30k calls · gpt-4o-mini · ⚠ promptcost.yaml errors',
    );
    const api = await promptCostApi();
    await eventually(() => api.configStatusBar(), '$(warning) promptcost.yaml: 1 error');
    // Discarding the unsaved edit brings the figures back.
    await restoreWorkspaceFiles();
    await eventually(() => vscode.languages.getDiagnostics(uri).length, 0);
    await eventually(() => api.configStatusBar(), undefined);
    await eventually(async () => (await codeLensTitles(SUPPORT))[0], '2,043 tok · $0.00046/call · $41.08/mo @ 90k calls · gpt-4o-mini');
  });

  test('a task whose entry names no function of the workspace is a warning at its entry, gone once fixed', async () => {
    const uri = await willChange('promptcost.yaml');
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document);
    const line = document
      .getText()
      .split('\n')
      .findIndex((text) => text.includes('entry: src/supportBot/pipeline.ts#handleTicket'));
    const start = document.lineAt(line).text.indexOf('#handleTicket') + 1;
    await editor.edit((edit) => edit.replace(new vscode.Range(line, start, line, start + 'handleTicket'.length), 'handleTickets'));
    await eventually(
      () => vscode.languages.getDiagnostics(uri).map((d) => [codeOf(d), d.severity, d.range.start.line, d.message]),
      [
        [
          'invalid-config',
          vscode.DiagnosticSeverity.Warning,
          line,
          'tasks.support-ticket.entry: src/supportBot/pipeline.ts defines no function handleTickets.',
        ],
      ],
    );
    await restoreWorkspaceFiles();
    await eventually(() => vscode.languages.getDiagnostics(uri).length, 0);
  });

  test("the hover lists the defaults that drive a prompt's cost, each a click away from promptcost.yaml", async () => {
    // A promptcost.yaml that sets nothing (an earlier test may have left the old text loaded in a document: a write updates it, a delete may not).
    const uri = await writeWorkspaceFile('promptcost.yaml', '# Nothing set yet.\n');
    const onModel = new vscode.Position(9, 12);
    const assumed = async () => (await hoverText(SUPPORT, onModel)).split('\n').find((line) => line.startsWith('Assumed: ')) ?? '';
    // Nothing is set: the volume drives everything, then the reply (half the 400-token cap) and the three unsized variables.
    // The prompt's variables have sizes from its sample: section, so they are not listed. Links compared without their arguments.
    const withoutArguments = async () => (await assumed()).replace(/\(command:([\w.]+)\?[^)]*\)/g, '($1)');
    await eventually(
      withoutArguments,
      "Assumed: 10,000 calls a month — [set calls](promptcost.setSiteMonthlyCalls) · 200 output tokens a call (85% of a call's cost) — [set reply length](promptcost.setSiteOutputTokens)",
    );
    assert.ok((await assumed()).includes(encodeURIComponent('"prompts/support-reply.prompty#Support reply"')));
    // The link's command writes the site's reply length into promptcost.yaml; the hover no longer lists it.
    assert.strictEqual(
      await vscode.commands.executeCommand('promptcost.setSiteOutputTokens', workspaceFile(SUPPORT), 'prompts/support-reply.prompty#Support reply', 250),
      250,
    );
    assert.strictEqual(
      new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)),
      '# Nothing set yet.\n\nsites:\n  prompts/support-reply.prompty:\n    outputTokens: 250\n',
    );
    await eventually(withoutArguments, 'Assumed: 10,000 calls a month — [set calls](promptcost.setSiteMonthlyCalls)');
  });

  test("Open promptcost.yaml creates the file from a template listing the workspace's sites when there is none", async () => {
    const uri = await willChange('promptcost.yaml');
    await vscode.workspace.fs.delete(uri);
    // Without the file, nobody has set a volume: the CodeLens says the 10,000 calls are the default.
    await eventually(async () => (await codeLensTitles(SUPPORT))[0], '143 tok · $0.00014/call · $1.41/mo @ 10k calls (default) · gpt-4o-mini');
    const opened = (await vscode.commands.executeCommand('promptcost.openProjectConfig')) as vscode.Uri;
    assert.strictEqual(opened.toString(), uri.toString());
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    // The workspace's own sites, each commented until the user sets it, the most expensive first.
    // weekly_trends first: o4-mini's default medium effort bills ≈3,000 reasoning tokens a call.
    assert.ok(
      text.includes(
        'sites:\n  # "jobs/weekly_insights.py#weekly_trends": { monthlyCalls: 10000 }   # now $146.86/month\n  # "src/supportBot/draftReply.ts#draftReply": { monthlyCalls: 10000 }   # now $117.42/month\n',
      ),
      text,
    );
    const listed = text.split('\n').filter((line) => line.startsWith('  # "'));
    assert.strictEqual(listed.length, 20);
    const monthly = listed.map((line) => Number(/now \$([\d,.]+)\/month/.exec(line)?.[1]?.replace(/,/g, '') ?? -1));
    assert.deepStrictEqual(
      monthly,
      [...monthly].sort((a, b) => b - a),
    );
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.toString(), uri.toString());
  });

  test('site actions write volumes to promptcost.yaml and models into the file', async () => {
    const yamlUri = await willChange('promptcost.yaml');
    const before = new TextDecoder().decode(await vscode.workspace.fs.readFile(yamlUri));
    // The previous test left promptcost.yaml open with other text: the edit must start from what the disk holds again.
    await eventually(async () => (await vscode.workspace.openTextDocument(yamlUri)).getText() === before, true);
    const summarize = await willChange('prompts/summarize-thread.prompt.yml');
    const calls = await vscode.commands.executeCommand(
      'promptcost.setSiteMonthlyCalls',
      workspaceFile(SUPPORT),
      'prompts/support-reply.prompty#Support reply',
      50000,
    );
    assert.strictEqual(calls, 50000);
    const after = new TextDecoder().decode(await vscode.workspace.fs.readFile(yamlUri));
    // Only that value changed; comments and every other line stay (the yaml package re-spaces trailing comments).
    const normalise = (text: string) => text.replace(/ +#/g, ' #');
    assert.strictEqual(normalise(after), normalise(before.replace('monthlyCalls: 90000', 'monthlyCalls: 50000')));
    await eventually(async () => (await codeLensTitles(SUPPORT))[0], '2,043 tok · $0.00046/call · $22.82/mo @ 50k calls · gpt-4o-mini');

    const siteId = 'prompts/summarize-thread.prompt.yml#Summarize support thread';
    assert.strictEqual(await vscode.commands.executeCommand('promptcost.changeSiteModel', summarize, siteId, 'gpt-4.1-mini'), 'gpt-4.1-mini');
    const document = await vscode.workspace.openTextDocument(summarize);
    assert.strictEqual(document.lineAt(2).text, 'model: openai/gpt-4.1-mini');
    await restoreWorkspaceFiles();
    await eventually(async () => (await codeLensTitles(SUPPORT))[0], '2,043 tok · $0.00046/call · $41.08/mo @ 90k calls · gpt-4o-mini');
  });

  test('Estimate Workspace Cost: every prompt file, the same figures as the CLI, in the report', async () => {
    const api = await promptCostApi();
    const report = (await vscode.commands.executeCommand('promptcost.estimateWorkspace')) as {
      sites: Array<{
        file: string;
        line: number;
        model: string;
        priced: boolean;
        tokens: { input: number };
        monthlyCalls: number;
        cost: { perCall: number | null; monthly: number | null };
      }>;
      total: { sites: number; unpricedSites: number; monthlyCost: number; monthlySavings: number };
    };
    // The same figures as `promptcost estimate --format json` (test/process/cliEstimate.test.ts).
    assert.deepStrictEqual(
      report.sites.map((site) => [site.file, site.model, site.tokens.input, site.monthlyCalls, site.cost.perCall, site.cost.monthly]),
      [
        ['.github/prompts/review-reply.prompt.md', 'gpt-4o', 863, 2000, 0.0056575, 11.32],
        ['agents/research_agent.py', 'claude-haiku-4-5', 1396, 6000, 0.002896, 64.73],
        ['jobs/nightly_summaries.py', 'claude-haiku-4-5', 301, 30000, 0.001801, 54.03],
        ['jobs/nightly_summaries.py', 'gpt-4o-mini', 284, 30000, 0.0002526, 7.58],
        ['jobs/nightly_summaries.py', 'gpt-4o', 492, 30000, 0.00473, 141.9],
        ['jobs/weekly_insights.py', 'o4-mini', 60051, 4, 0.0858561, 0.34],
        ['jobs/weekly_insights.py', 'gpt-4o', 126024, 4, 0.34506, 1.38],
        ['jobs/weekly_insights.py', 'gpt-4o-mini', 122, 4, 0.0003783, 0],
        ['jobs/weekly_insights.py', 'ollama/llama3.1', 114, 800, null, null],
        ['prompts/kb-answer.prompty', 'claude-sonnet-4-5', 4064, 45000, 0.018192, 818.64],
        ['prompts/legacy-escalation.prompty', 'gpt-4o', 206, 1500, 0.004015, 6.02],
        ['prompts/summarize-thread.prompt.yml', 'gpt-4o-mini', 1653, 8000, 0.00022898, 1.83],
        ['prompts/support-reply.prompty', 'gpt-4o-mini', 2043, 90000, 0.00045645, 41.08],
        ['prompts/ticket-triage.prompt', 'gemini-2.5-flash', 818, 120000, 0.0003954, 47.45],
        ['scripts/backfill_tags.ts', 'claude-haiku-4-5', 361, 30000, 0.0014971, 44.91],
        ['src/supportBot/checkReply.ts', 'gpt-4.1-mini', 514, 90000, 0.0003976, 35.78],
        ['src/supportBot/classify.ts', 'gpt-4o-mini', 1844, 120000, 0.0002886, 34.63],
        ['src/supportBot/draftReply.ts', 'claude-sonnet-4-5', 2414, 90000, 0.011442, 1029.78],
        ['src/supportBot/escalate.ts', 'gemini-2.5-flash', 1304, 18000, 0.0007662, 13.79],
        ['src/supportBot/sentiment.ts', 'claude-haiku-4-5', 134, 120000, 0.000149, 17.88],
      ],
    );
    assert.deepStrictEqual(report.total, { sites: 20, unpricedSites: 1, monthlyCost: 2373.07, monthlySavings: 1591.59 });
    await eventually(() => api.reportViewModel()?.totals.monthlyText, '$2,373.07');
    assert.deepStrictEqual(
      api.reportViewModel()!.rows.map((row) => [row.site, row.monthlyText]),
      report.sites.map((site) => [
        `${site.file}:${site.line}`,
        // A cost below a cent shows its significant digits, never $0.00.
        site.cost.monthly === null
          ? 'unpriced'
          : site.cost.monthly === 0
            ? '$0.0015'
            : `$${site.cost.monthly.toLocaleString('en-US', { minimumFractionDigits: 2 })}`,
      ]),
    );

    // Sites are named by their readable ids (file › function, or the prompt file's prompt), in the report's order.
    const model = api.reportViewModel()!;
    assert.deepStrictEqual(
      model.rows.map((row) => row.name),
      [
        'review-reply.prompt.md',
        'research_agent.py › research_ticket',
        'nightly_summaries.py › find_doc_gap',
        'nightly_summaries.py › draft_check_in',
        'nightly_summaries.py › run',
        'weekly_insights.py › weekly_trends',
        'weekly_insights.py › full_week_digest',
        'weekly_insights.py › newsletter_draft',
        'weekly_insights.py › tag_untagged',
        'kb-answer.prompty › Knowledge base answer',
        'legacy-escalation.prompty › Escalation summary',
        'summarize-thread.prompt.yml › Summarize support thread',
        'support-reply.prompty › Support reply',
        'ticket-triage.prompt › ticketTriage',
        'backfill_tags.ts › main',
        'checkReply.ts › checkReply',
        'classify.ts › classifyTicket',
        'draftReply.ts › draftReply',
        'escalate.ts › writeEscalationNote',
        'sentiment.ts › tagSentiment',
      ],
    );
    // Savings come as one group per rule, largest first, and the groups add up to the CLI's total to the cent.
    // Which rules fire is the rules' business (their own tests pin it); here, that the groups hold the list exactly.
    const groups = model.savingsByRule;
    assert.deepStrictEqual(groups.map((group) => group.rule).sort(), [...new Set(model.opportunities.map((o) => o.rule))].sort());
    assert.ok(groups.every((group, i) => i === 0 || groups[i - 1].monthlySavings >= group.monthlySavings));
    for (const group of groups) {
      assert.deepStrictEqual(
        group.opportunities,
        model.opportunities.filter((o) => o.rule === group.rule),
      );
      assert.strictEqual(group.count, group.opportunities.length);
      assert.strictEqual(group.savingsText, `$${group.monthlySavings.toLocaleString('en-US', { minimumFractionDigits: 2 })}`);
    }
    assert.strictEqual(Math.round(groups.reduce((sum, group) => sum + group.monthlySavings * 100, 0)), Math.round(report.total.monthlySavings * 100));
    assert.ok(groups.length < model.opportunities.length, 'some rule saves at more than one site, so grouping shortens the list');
    // Each saving names its site as the sites table does.
    const names = new Map(model.rows.map((row) => [row.id, row.name]));
    assert.deepStrictEqual(
      model.opportunities.map((o) => o.siteName),
      model.opportunities.map((o) => names.get(o.siteId)),
    );
    // The filters offer each rule and severity present, counting the savings and the other findings.
    const listed = [...model.opportunities, ...model.findings];
    assert.deepStrictEqual(
      model.filters.rules.map(({ rule, count }) => [rule, count]),
      [...new Set(listed.map((f) => f.rule))].sort().map((rule) => [rule, listed.filter((f) => f.rule === rule).length]),
    );
    assert.deepStrictEqual(
      model.filters.severities.map(({ severity, count }) => [severity, count]),
      (['error', 'warning', 'info', 'hint'] as const)
        .map((severity) => [severity, listed.filter((f) => f.severity === severity).length] as const)
        .filter(([, count]) => count > 0),
    );

    // Exports carry the same numbers.
    const csvUri = await willChange('out-report.csv');
    assert.strictEqual(await api.exportReport('csv', csvUri), true);
    const csv = new TextDecoder().decode(await vscode.workspace.fs.readFile(csvUri)).split('\n');
    assert.strictEqual(
      csv[0],
      'id,file,line,kind,sdk,model,model_as_written,model_source,priced,input_tokens,exact,cacheable_prefix,output_expected,output_max,monthly_calls,usd_per_call,usd_per_month,usd_savings_per_month',
    );
    // The last cell is what the site's findings would save; the rules decide it, so it is not pinned here.
    assert.ok(
      csv.some((line) =>
        line.startsWith(
          'prompts/support-reply.prompty#Support reply,prompts/support-reply.prompty,1,prompt-file,prompty,gpt-4o-mini,gpt-4o-mini,literal,true,2043,true,108,250,400,90000,0.00045645,41.08,',
        ),
      ),
    );
    const jsonUri = await willChange('out-report.json');
    await api.exportReport('json', jsonUri);
    assert.deepStrictEqual(JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(jsonUri))).total, report.total);
  });

  test('Estimate Workspace Cost estimates an open document as edited, though its file is unchanged since the last scan', async () => {
    const file = 'prompts/legacy-escalation.prompty';
    await willChange(file);
    type Scanned = { sites: Array<{ file: string; model: string; tokens: { input: number } }> };
    const scanned = async () =>
      ((await vscode.commands.executeCommand('promptcost.estimateWorkspace', { show: false })) as Scanned).sites
        .filter((site) => site.file === file)
        .map((site) => [site.model, site.tokens.input]);
    // Dated a minute back, so that the scan cache may recognise the file by its size and time
    // (a file written in the last seconds is always read). Its text is unchanged.
    const minuteAgo = new Date(Date.now() - 60_000);
    fs.utimesSync(workspaceFile(file).fsPath, minuteAgo, minuteAgo);
    assert.deepStrictEqual(await scanned(), [['gpt-4o', 206]]);
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceFile(file)));
    const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
    assert.ok(await editor.edit((edit) => edit.insert(end, "\nMention the customer's region and plan in the first line.")));
    assert.ok(editor.document.isDirty);
    // The disk's file is as the last scan found it: the open document's text is what is estimated.
    assert.deepStrictEqual(await scanned(), [['gpt-4o', 218]]);
  });

  test('Estimate Workspace Cost does not read a file reached through a link out of the workspace', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'promptcost-outside-'));
    const link = workspaceFile('linked-secrets').fsPath;
    try {
      fs.writeFileSync(path.join(outside, 'secret.prompt.yml'), 'model: openai/gpt-4o\nmessages:\n  - role: user\n    content: a secret prompt\n');
      // A folder link: a junction on Windows, which any user may make (a link to a file needs a
      // privilege there); a symbolic link everywhere else, where the type is ignored.
      fs.symlinkSync(outside, link, 'junction');
      const report = (await vscode.commands.executeCommand('promptcost.estimateWorkspace', { show: false })) as {
        skipped: Array<{ file: string; reason: string; cause: string }>;
        total: { sites: number };
      };
      // The search follows the link and finds the file; its real path is outside, so it is listed, not read.
      assert.deepStrictEqual(
        report.skipped.filter((entry) => entry.file.startsWith('linked-secrets')),
        [{ file: 'linked-secrets/secret.prompt.yml', reason: 'a link to a path outside the scanned folder; not followed', cause: 'outside-link' }],
      );
      assert.strictEqual(report.total.sites, 20);
    } finally {
      // The link itself: removing it never follows it into the folder outside.
      fs.rmSync(link, { recursive: true, force: true });
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });
});
