import * as assert from 'assert';
import type { ProjectConfig } from '../../src/core/volume/projectConfig';
import { EMPTY_PROJECT_CONFIG } from '../../src/core/volume/projectConfig';
import { analyze, findingsOf, onlySite } from './ruleHelpers';

const AGENT = [
  'from openai import OpenAI',
  '',
  'client = OpenAI()',
  '',
  '',
  'def research(question):',
  '    messages = [{"role": "system", "content": "You are a research agent. Use the tools, then answer in five bullet points."}, {"role": "user", "content": question}]',
  '    for turn in range(8):',
  '        response = client.chat.completions.create(model="agent-model", max_tokens=500, messages=messages)',
  '        messages.append(response.choices[0].message)',
  '        messages.append({"role": "tool", "content": run_tools(response)})',
  '',
].join('\n');

/** Prices set so that the arithmetic is exact: $1/M in, $2/M out, no cache. */
function project(turns?: number): Partial<ProjectConfig> {
  return {
    ...EMPTY_PROJECT_CONFIG,
    prices: { 'agent-model': { input: 1, output: 2 } },
    sites: turns === undefined ? {} : { 'agents/research.py#research': { turns } },
  };
}

describe('rule growing-history', () => {
  it('states what the last turns plus a summary would save on a run of five turns', async () => {
    const entry = onlySite(await analyze('agents/research.py', AGENT, { project: project(5) }));
    assert.strictEqual(entry.estimate.tokens.input, 128);
    // Full history: 128, 778, 1,428, 2,078, 2,728 tokens in (each turn adds a 250-token reply, half the
    // 500-token cap, and a 400-token tool result) = 7,140; trimmed to the last two turns plus a 200-token
    // summary: 128, 778, 1,428, 1,628, 1,628 = 5,590. Output 1,250 either way: $0.00964 − $0.00809 = $0.00155 a run, × 10,000 runs.
    const [finding] = findingsOf(entry, 'growing-history');
    assert.strictEqual(finding.severity, 'info');
    assert.strictEqual(
      finding.message,
      'Each turn re-sends the whole history: turn 5 of a run sends 2,728 tokens, 2,600 of them earlier turns. Sending only the last 2 turns plus a 200-token summary of the rest would cost $0.0015 less a run, $15.50/month at 10,000 runs a month — if the agent still has what it needs (check it on your evals).',
    );
    assert.strictEqual(finding.monthlySavings, 15.5);
    assert.deepStrictEqual(finding.range.start, { line: 7, character: 4 });
    // No fix of its own: only the comment that silences it here.
    assert.deepStrictEqual(
      finding.fixes.map((fix) => fix.title),
      ['Ignore growing-history here (promptcost-ignore comment)'],
    );
  });

  it('stays quiet on the default run of three turns, which drops nothing', async () => {
    const entry = onlySite(await analyze('agents/research.py', AGENT, { project: project() }));
    assert.strictEqual(entry.estimate.agent?.expectedTurns, 3);
    assert.deepStrictEqual(findingsOf(entry, 'growing-history'), []);
  });
});
