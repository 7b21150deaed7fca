import * as assert from 'assert';
import { analyze, applyFix, findingsOf, onlySite, preferredFix } from './ruleHelpers';

const PYTHON = [
  'from anthropic import Anthropic',
  '',
  'client = Anthropic()',
  '',
  '',
  'def research(question):',
  '    messages = [{"role": "user", "content": question}]',
  '    while True:',
  '        response = client.messages.create(model="claude-haiku-4-5", max_tokens=1000, messages=messages)',
  '        messages.append({"role": "assistant", "content": response.content})',
  '        if response.stop_reason != "tool_use":',
  '            return response',
  '        messages.append({"role": "user", "content": run_tools(response)})',
  '',
].join('\n');

const TYPESCRIPT = [
  "import OpenAI from 'openai';",
  '',
  'const client = new OpenAI();',
  '',
  'export async function research(question: string) {',
  "  const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: question }];",
  '  while (true) {',
  "    const response = await client.chat.completions.create({ model: 'gpt-4.1-mini', max_completion_tokens: 1000, messages });",
  '    const message = response.choices[0].message;',
  '    messages.push(message);',
  '    if (!message.tool_calls) return message;',
  '    messages.push(...runTools(message));',
  '  }',
  '}',
  '',
].join('\n');

describe('rule unbounded-agent-loop', () => {
  it('Python: a `while True` agent gets the warning at its loop, the 20-turn worst case, and a fix that makes it a counting loop', async () => {
    const analysis = await analyze('agents/research.py', PYTHON);
    const entry = onlySite(analysis);
    assert.deepStrictEqual(entry.site.options.agent?.maxTurns, null);
    const [finding] = findingsOf(entry, 'unbounded-agent-loop');
    assert.strictEqual(finding.severity, 'warning');
    // The loop header, not the call.
    assert.deepStrictEqual(finding.range.start, { line: 7, character: 4 });
    // 20 turns at the 1,000-token cap on claude-haiku-4-5 ($1/M in, $5/M out): input Σ (107 + (t − 1) × (1,000 + 400))
    // = 2,140 + 266,000 = 268,140 tokens, output 20,000: $0.26814 + $0.10 = $0.36814 a run, × 10,000 runs.
    assert.strictEqual(entry.estimate.tokens.input, 107);
    assert.strictEqual(
      finding.message,
      'This agent has no turn limit: nothing but the model ends a run. A run of 20 turns at the output cap costs $0.37 — $3,681.40/month at 10,000 runs a month if every run went that far. Set a limit of 10 turns: a run that has not finished by then is going in circles.',
    );
    const fix = preferredFix(finding);
    assert.strictEqual(fix.title, 'Stop each run after 10 turns');
    const { text, site } = await applyFix('agents/research.py', PYTHON, fix, entry.site.id);
    assert.ok(text.includes('    for _turn in range(10):\n        response = client.messages.create('), text);
    assert.deepStrictEqual(site.site.options.agent?.maxTurns, 10);
    assert.deepStrictEqual(findingsOf(site, 'unbounded-agent-loop'), []);
  });

  it('TypeScript: `while (true)` becomes a loop of at most ten turns', async () => {
    const analysis = await analyze('src/research.ts', TYPESCRIPT);
    const entry = onlySite(analysis);
    const [finding] = findingsOf(entry, 'unbounded-agent-loop');
    assert.deepStrictEqual(finding.range.start, { line: 6, character: 2 });
    const { text, site } = await applyFix('src/research.ts', TYPESCRIPT, preferredFix(finding), entry.site.id);
    assert.ok(text.includes('  for (let turn = 0; turn < 10; turn++) {\n'), text);
    assert.deepStrictEqual(site.site.options.agent?.maxTurns, 10);
  });

  it('stays quiet for a loop the code bounds, and for a call that is no agent', async () => {
    const bounded = PYTHON.replace('    while True:', '    for turn in range(8):');
    const entry = onlySite(await analyze('agents/research.py', bounded));
    assert.strictEqual(entry.site.options.agent?.maxTurns, 8);
    assert.deepStrictEqual(findingsOf(entry, 'unbounded-agent-loop'), []);
    const single = onlySite(await analyze('agents/once.py', PYTHON.replace('    while True:', '    if True:')));
    assert.strictEqual(single.site.options.agent, undefined);
    assert.deepStrictEqual(findingsOf(single, 'unbounded-agent-loop'), []);
  });
});
