import * as assert from 'assert';
import * as vscode from 'vscode';
import { cleanUpAfterTest, eventually, WAIT_CEILING_MS, workspaceFile, writeWorkspaceFile } from '../helpers';

const RULE = 'missing-max-tokens';
const RULE_LINK = 'https://github.com/promptcost/promptcost/blob/main/README.md#missing-max-tokens';
const CAP_MESSAGE =
  "No output cap: a reply can run to 16,384 tokens (the model's maximum output), up to $4,923.60/month at 30,000 calls a month; max_completion_tokens: 500 bounds it at $158.40/month (expected output 350 tokens).";

// One OpenAI chat call on gpt-4o with no cap. promptcost.yaml's defaults give it 30,000 calls and
// 350 output tokens a month, so the suggested cap is 350 × 1.25 rounded up to the hundred: 500.
const GREET_TS = [
  "import OpenAI from 'openai';",
  '',
  'const client = new OpenAI();',
  '',
  'export async function greet(name: string) {',
  '  return client.chat.completions.create({',
  "    model: 'gpt-4o',",
  "    messages: [{ role: 'user', content: `Say hello to ${name}.` }],",
  '  });',
  '}',
  '',
].join('\n');

const THANK_TS = [
  '',
  'export async function thank(name: string) {',
  '  return client.chat.completions.create({',
  "    model: 'gpt-4o',",
  "    messages: [{ role: 'user', content: `Thank ${name} for the report.` }],",
  '  });',
  '}',
  '',
].join('\n');

const GREET_PY = [
  'from openai import OpenAI',
  '',
  'client = OpenAI()',
  '',
  '',
  'def greet(name: str):',
  '    return client.chat.completions.create(',
  '        model="gpt-4o",',
  '        messages=[{"role": "user", "content": f"Say hello to {name}."}],',
  '    )',
  '',
].join('\n');

/** Inserts `line` as a new line after the first line that contains `after`. */
function withLineAfter(text: string, after: string, line: string, occurrence = 0): string {
  const lines = text.split('\n');
  const indexes = lines.flatMap((candidate, index) => (candidate.includes(after) ? [index] : []));
  lines.splice(indexes[occurrence] + 1, 0, line);
  return lines.join('\n');
}

/** Writes a source file into the (scratch) workspace and opens it in an editor; the suite's teardown deletes it. */
async function openSource(relative: string, text: string): Promise<vscode.TextDocument> {
  const uri = await writeWorkspaceFile(relative, text);
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document);
  return document;
}

function diagnosticsOf(uri: vscode.Uri, rule: string): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => typeof diagnostic.code === 'object' && diagnostic.code.value === rule);
}

/** The rule's diagnostics as [source, code, link, severity, line, first character, last character, message]. */
function described(uri: vscode.Uri, rule: string): unknown[][] {
  return diagnosticsOf(uri, rule).map((diagnostic) => {
    const code = diagnostic.code as { value: string; target: vscode.Uri };
    return [
      diagnostic.source,
      code.value,
      code.target.toString(true),
      diagnostic.severity,
      diagnostic.range.start.line,
      diagnostic.range.start.character,
      diagnostic.range.end.character,
      diagnostic.message,
    ];
  });
}

/**
 * Waits for the number of the rule's diagnostics. Their exact values are for `eventually` too: the
 * first diagnostics of a new file may still come from a configuration an earlier test has just put back.
 */
async function waitForDiagnostic(uri: vscode.Uri, rule: string, count = 1): Promise<vscode.Diagnostic[]> {
  // The first analysis of the run starts the engine worker and loads the grammars: the wait's
  // generous ceiling covers that, and it returns as soon as the diagnostics change.
  await eventually(() => diagnosticsOf(uri, rule).length, count);
  return diagnosticsOf(uri, rule);
}

/**
 * The quick fixes VS Code gets for a diagnostic's range (the command returns them without their
 * diagnostics, so the tests ask at ranges where only one rule reports). VS Code cancels a request
 * when another extension registers a provider meanwhile (TypeScript's, as it starts), and the
 * answer is then empty: ask again until Prompt Cost's actions are in it.
 */
async function quickFixes(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const ours = (action: vscode.CodeAction) => action.command?.command.startsWith('promptcost.') ?? false;
  let last: unknown;
  const deadline = Date.now() + WAIT_CEILING_MS;
  while (Date.now() < deadline) {
    try {
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        uri,
        range,
        vscode.CodeActionKind.QuickFix.value,
      );
      if (actions.some(ours)) return actions;
      last = actions;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(
    `no Prompt Cost quick fix at ${JSON.stringify(range)} within ${WAIT_CEILING_MS / 1000} s: ${last instanceof Error ? last.message : JSON.stringify(last)}`,
  );
}

/**
 * Presses the refactor preview's Discard once the preview shows, and returns what the fix's command
 * answered. The preview takes a moment to open (longer on a loaded machine) and Discard does nothing
 * until it has, so this asks again until the command settles.
 */
async function discardRefactorPreview(previewing: Promise<unknown>): Promise<unknown> {
  let answer: { value: unknown } | undefined;
  void previewing.then((value) => (answer = { value }));
  const deadline = Date.now() + WAIT_CEILING_MS;
  while (!answer && Date.now() < deadline) {
    await vscode.commands.executeCommand('refactorPreview.discard');
    await Promise.race([previewing, new Promise((resolve) => setTimeout(resolve, 250))]);
  }
  assert.ok(answer, `the refactor preview did not show within ${WAIT_CEILING_MS / 1000} s`);
  return answer.value;
}

async function run(action: vscode.CodeAction): Promise<unknown> {
  assert.ok(action.command, `${action.title} has no command`);
  return vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}

async function setRuleSeverity(rule: string, severity: string | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('promptcost').update(`rules.${rule}`, severity, vscode.ConfigurationTarget.Workspace);
}

suite('quick fixes for cost findings', () => {
  teardown(cleanUpAfterTest);

  test('an uncapped call: a missing-max-tokens diagnostic linking to its rule, fixed by the preferred quick fix', async () => {
    const file = 'src/greet.ts';
    const document = await openSource(file, GREET_TS);
    const [diagnostic] = await waitForDiagnostic(document.uri, RULE);
    await eventually(() => described(document.uri, RULE), [['promptcost', RULE, RULE_LINK, vscode.DiagnosticSeverity.Warning, 5, 9, 41, CAP_MESSAGE]]);

    const actions = await quickFixes(document.uri, diagnostic.range);
    assert.deepStrictEqual(
      actions.map((action) => [action.title, action.kind?.value, action.isPreferred ?? false, action.command?.command]),
      [
        ['Add max_completion_tokens: 500', 'quickfix', true, 'promptcost.applyFix'],
        ['Ignore missing-max-tokens here (promptcost-ignore comment)', 'quickfix', false, 'promptcost.applyFix'],
      ],
    );

    assert.strictEqual(await run(actions[0]), true);
    assert.strictEqual(document.getText(), withLineAfter(GREET_TS, 'messages:', '    max_completion_tokens: 500,'));
    await eventually(() => described(document.uri, RULE), []);
  });

  test('a fix computed for an earlier version of the file is refused and changes nothing', async () => {
    const file = 'src/greetStale.ts';
    const document = await openSource(file, GREET_TS);
    const [diagnostic] = await waitForDiagnostic(document.uri, RULE);
    const [insertCap] = await quickFixes(document.uri, diagnostic.range);
    assert.strictEqual(insertCap.title, 'Add max_completion_tokens: 500');

    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, new vscode.Position(0, 0), '// edited after the fix was computed\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const edited = `// edited after the fix was computed\n${GREET_TS}`;
    assert.strictEqual(document.getText(), edited);

    assert.strictEqual(await run(insertCap), false);
    assert.strictEqual(document.getText(), edited);
  });

  test('"Fix all" caps both uncapped calls of a file at once', async () => {
    const file = 'src/greetings.ts';
    const document = await openSource(file, GREET_TS + THANK_TS);
    const [first] = await waitForDiagnostic(document.uri, RULE, 2);
    const actions = await quickFixes(document.uri, first.range);
    assert.deepStrictEqual(
      actions.map((action) => [action.title, action.isPreferred ?? false]),
      [
        ['Add max_completion_tokens: 500', true],
        ['Ignore missing-max-tokens here (promptcost-ignore comment)', false],
        ['Fix all missing-max-tokens in this file', false],
      ],
    );

    assert.strictEqual(await run(actions[2]), true);
    const once = withLineAfter(GREET_TS + THANK_TS, 'messages:', '    max_completion_tokens: 500,', 0);
    assert.strictEqual(document.getText(), withLineAfter(once, 'messages:', '    max_completion_tokens: 500,', 1));
    await eventually(() => described(document.uri, RULE), []);
  });

  test('a file with one uncapped call offers no "Fix all"', async () => {
    const file = 'src/greetOnce.ts';
    const document = await openSource(file, GREET_TS);
    const [diagnostic] = await waitForDiagnostic(document.uri, RULE);
    const titles = (await quickFixes(document.uri, diagnostic.range)).map((action) => action.title);
    assert.ok(!titles.some((title) => title.startsWith('Fix all')), titles.join('\n'));
  });

  test('the ignore fix writes a promptcost-ignore comment above the call and the diagnostic goes', async () => {
    const file = 'src/greetIgnored.ts';
    const document = await openSource(file, GREET_TS);
    const [diagnostic] = await waitForDiagnostic(document.uri, RULE);
    const ignore = (await quickFixes(document.uri, diagnostic.range)).find((action) => action.title.startsWith('Ignore'));
    assert.ok(ignore);
    assert.strictEqual(await run(ignore), true);
    assert.strictEqual(document.getText(), withLineAfter(GREET_TS, 'export async function greet', '  // promptcost-ignore missing-max-tokens'));
    await eventually(() => described(document.uri, RULE), []);
    // Other rules still report on the call.
    assert.strictEqual(diagnosticsOf(document.uri, 'cheaper-model').length, 1);
  });

  test('promptcost.rules.missing-max-tokens: off removes the diagnostic, error raises it', async () => {
    const file = 'src/greetSettings.ts';
    const document = await openSource(file, GREET_TS);
    await waitForDiagnostic(document.uri, RULE);
    await setRuleSeverity(RULE, 'off');
    await eventually(() => described(document.uri, RULE), []);
    await setRuleSeverity(RULE, 'error');
    await eventually(() => described(document.uri, RULE), [['promptcost', RULE, RULE_LINK, vscode.DiagnosticSeverity.Error, 5, 9, 41, CAP_MESSAGE]]);
    await setRuleSeverity(RULE, undefined);
    await eventually(() => diagnosticsOf(document.uri, RULE).map((diagnostic) => diagnostic.severity), [vscode.DiagnosticSeverity.Warning]);
  });

  test('promptcost.yaml rules: set the severity for code too, and the editor setting wins over it', async () => {
    const file = 'src/greetProject.ts';
    const yamlUri = workspaceFile('promptcost.yaml');
    const yamlBefore = new TextDecoder().decode(await vscode.workspace.fs.readFile(yamlUri));
    const document = await openSource(file, GREET_TS);
    const severities = () => diagnosticsOf(document.uri, RULE).map((diagnostic) => diagnostic.severity);
    await waitForDiagnostic(document.uri, RULE);
    assert.ok(!/^rules:/m.test(yamlBefore), 'the sample promptcost.yaml now has a rules: section; add the entry to it');
    await writeWorkspaceFile('promptcost.yaml', `${yamlBefore}\nrules:\n  missing-max-tokens: hint\n`);
    await eventually(severities, [vscode.DiagnosticSeverity.Hint]);
    await setRuleSeverity(RULE, 'error');
    await eventually(severities, [vscode.DiagnosticSeverity.Error]);
    await setRuleSeverity(RULE, undefined);
    await eventually(severities, [vscode.DiagnosticSeverity.Hint]);
    // Without the rules: section the default is back. Waiting for it here, rather than leaving the
    // restore to teardown, keeps the next test from starting before the extension has reloaded it.
    await vscode.workspace.fs.writeFile(yamlUri, new TextEncoder().encode(yamlBefore));
    await eventually(severities, [vscode.DiagnosticSeverity.Warning]);
    await eventually(() => vscode.languages.getDiagnostics(yamlUri).length, 0);
  });

  test('Python: the same diagnostic, and the fix writes a keyword argument', async () => {
    const file = 'src/greet.py';
    const document = await openSource(file, GREET_PY);
    const [diagnostic] = await waitForDiagnostic(document.uri, RULE);
    await eventually(() => described(document.uri, RULE), [['promptcost', RULE, RULE_LINK, vscode.DiagnosticSeverity.Warning, 6, 11, 42, CAP_MESSAGE]]);
    const actions = await quickFixes(document.uri, diagnostic.range);
    assert.deepStrictEqual(
      actions.map((action) => [action.title, action.isPreferred ?? false]),
      [
        ['Add max_completion_tokens: 500', true],
        ['Ignore missing-max-tokens here (promptcost-ignore comment)', false],
      ],
    );
    assert.strictEqual(await run(actions[0]), true);
    assert.strictEqual(document.getText(), withLineAfter(GREET_PY, 'messages=', '        max_completion_tokens=500,'));
    await eventually(() => described(document.uri, RULE), []);
  });

  test('moving the variable part after the fixed text (uncacheable-prefix) applies at once, or waits in the refactor preview', async () => {
    const file = 'prompts/policy.prompty';
    // Forty fixed lines (about 1,500 tokens, over OpenAI's 1,024-token cache minimum) after a date.
    const rules = Array.from(
      { length: 40 },
      (_, i) =>
        `${i + 1}. When a customer asks about topic number ${i + 1}, explain the policy in plain words, quote the relevant help-center article, and offer the next step they can take on their own.`,
    );
    const header = [
      '---',
      'name: Policy answer',
      'model:',
      '  api: chat',
      '  configuration:',
      '    type: openai',
      '    name: gpt-4o',
      '  parameters:',
      '    max_tokens: 400',
      '---',
      'system:',
    ];
    const source = [...header, 'Today is {{today}}.', '', ...rules, '', 'user:', '{{question}}', ''].join('\n');
    const document = await openSource(file, source);
    const [diagnostic] = await waitForDiagnostic(document.uri, 'uncacheable-prefix');
    assert.deepStrictEqual([diagnostic.range.start.line, diagnostic.range.start.character, diagnostic.range.end.character], [11, 9, 18]);
    const [move, preview] = await quickFixes(document.uri, diagnostic.range);
    assert.deepStrictEqual([move.title, move.isPreferred], ['Move {{today}} after the fixed text', true]);
    assert.deepStrictEqual(move.command?.arguments?.[3], {});
    assert.deepStrictEqual([preview.title, preview.isPreferred ?? false], ['Preview: Move {{today}} after the fixed text…', false]);
    assert.deepStrictEqual(preview.command?.arguments?.[3], { confirm: true, label: 'Move {{today}} after the fixed text' });

    // The preview waits for the user: nothing is applied until they choose, and discarding applies nothing.
    assert.strictEqual(await discardRefactorPreview(run(preview)), false, 'the previewed fix was applied without confirmation');
    assert.strictEqual(document.getText(), source);

    assert.strictEqual(await run(move), true);
    assert.strictEqual(document.getText(), [...header, ...rules, '', 'Today is {{today}}.', '', 'user:', '{{question}}', ''].join('\n'));
    await eventually(() => diagnosticsOf(document.uri, 'uncacheable-prefix').length, 0);
  });

  test('promptcost.cheaperModel.minMonthlySaving: 0 brings back a cheaper-model finding worth $1.16 a month', async () => {
    const uri = workspaceFile('jobs/weekly_insights.py');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    // By default ($5 a month) the weekly digest's $1.16 is not worth a finding.
    await waitForDiagnostic(uri, 'context-overflow');
    assert.deepStrictEqual(diagnosticsOf(uri, 'cheaper-model'), []);
    await vscode.workspace.getConfiguration('promptcost').update('cheaperModel.minMonthlySaving', 0, vscode.ConfigurationTarget.Global);
    // o4-mini (line 24) is the cheapest tier of its line: still no suggestion there.
    await eventually(() => diagnosticsOf(uri, 'cheaper-model').map((diagnostic) => diagnostic.range.start.line), [36]);
  });

  test('the hover lists the findings with their rule, link and saving, and still the cheaper options', async () => {
    const file = 'src/greetHover.ts';
    const document = await openSource(file, GREET_TS);
    await waitForDiagnostic(document.uri, RULE);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(6, 14));
    const text = hovers.flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value))).join('\n');
    const lines = text.split('\n');
    // The answer, then the findings, then the breakdown under its title.
    assert.strictEqual(lines[0], '**$113.40/mo** · $0.0038/call · 112 tok · gpt-4o');
    const findings = lines.slice(
      lines.indexOf('**Findings**'),
      lines.findIndex((line) => line.startsWith('**Prompt Cost** ·')),
    );
    assert.deepStrictEqual(findings, [
      '**Findings**',
      '',
      `- [missing-max-tokens](${RULE_LINK}) (warning): ${CAP_MESSAGE}`,
      '- [cheaper-model](https://github.com/promptcost/promptcost/blob/main/README.md#cheaper-model) (info): gpt-4.1-mini would cost $18.14/month here instead of $113.40 at 30,000 calls a month (−84%), if it does the job: check it on your evals. Also cheaper: gpt-4o-mini $6.80 (−94%), gpt-4.1-nano $4.54 (−96%). — saves **$95.26/month**',
    ]);
    assert.match(text, /^Cheaper options at the same token counts: /m);
  });

  test('a call on a model with no price offers to pick one, and the pick prices it', async () => {
    const file = 'src/greetAcme.ts';
    const source = GREET_TS.replace("model: 'gpt-4o',", "model: 'acme-llm-9000',\n    max_completion_tokens: 200,");
    const document = await openSource(file, source);
    const [diagnostic] = await waitForDiagnostic(document.uri, 'unpriced-model');
    const actions = await quickFixes(document.uri, diagnostic.range);
    assert.deepStrictEqual(
      actions.map((action) => [action.title, action.command?.command]),
      [
        ['Pick a model for this call…', 'promptcost.changeSiteModel'],
        ['Ignore unpriced-model here (promptcost-ignore comment)', 'promptcost.applyFix'],
      ],
    );
    const pick = actions[0].command!;
    assert.deepStrictEqual(pick.arguments?.map(String), [document.uri.toString(), 'src/greetAcme.ts#greet']);
    // The command asks with a Quick Pick; a third argument answers for the test.
    assert.strictEqual(await vscode.commands.executeCommand(pick.command, ...pick.arguments!, 'gpt-4o-mini'), 'gpt-4o-mini');
    assert.strictEqual(document.getText(), source.replace('acme-llm-9000', 'gpt-4o-mini'));
    await eventually(() => diagnosticsOf(document.uri, 'unpriced-model').length, 0);
  });
});
