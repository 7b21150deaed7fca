import * as assert from 'assert';
import { estimateSite } from '../../src/core/cost/estimateSite';
import { PriceBook } from '../../src/core/pricing/priceBook';
import { TokenCounter } from '../../src/core/tokens/tokenCounter';
import type { AgentLoop, PromptSite } from '../../src/core/types';
import { parseProjectConfig } from '../../src/core/volume/projectConfig';
import { extractFixture } from './sdkHelpers';
import { sharedEncoder } from './sharedEncoder';

const counter = new TokenCounter(sharedEncoder);

/** One OpenAI call with a fixed system prompt, a variable question and a cap: the first turn of a run. */
async function callSite(system: string, model = 'gpt-4.1-mini'): Promise<PromptSite> {
  const code = [
    'from openai import OpenAI',
    '',
    'client = OpenAI()',
    '',
    '',
    'def step(question):',
    `    return client.chat.completions.create(model="${model}", max_tokens=500, messages=[{"role": "system", "content": ${JSON.stringify(system)}}, {"role": "user", "content": question}])`,
    '',
  ].join('\n');
  const { sites } = await extractFixture('agents/step.py', code);
  assert.strictEqual(sites.length, 1);
  return sites[0];
}

async function estimateRun(site: PromptSite, agent: AgentLoop, yaml = '') {
  const { config } = parseProjectConfig(yaml);
  const { estimate } = await estimateSite(
    { ...site, options: { ...site.options, agent } },
    { counter, prices: new PriceBook(config.prices), project: config, defaultModel: 'gpt-4o-mini', monthlyCalls: 10_000 },
  );
  return estimate;
}

describe('Agent runs: what a run costs, turn by turn', () => {
  it('prices each turn at its own long-context tier: a run that crosses 200k input pays the higher rates from that turn on', async () => {
    // claude-sonnet-4-5: $3 in / $15 out per million up to 200k input tokens, $6 / $22.50 above, per request.
    const yaml = 'defaults:\n  turns: 3\n  toolResultTokens: 100000\n';
    const site = await callSite('You are a research agent. Use the tools, then answer in five bullet points.', 'claude-sonnet-4-5');
    const estimate = await estimateRun(site, { kind: 'loop', maxTurns: 3, limitText: 'turns >= 3' }, yaml);
    assert.deepStrictEqual(
      estimate.agent?.turns.map((turn) => [turn.input, turn.output, turn.cost?.toFixed(6)]),
      [
        // 131 × $3/M + 250 × $15/M
        [131, 250, '0.004143'],
        // 100,381 × $3/M + 250 × $15/M
        [100381, 250, '0.304893'],
        // 200,631 × $6/M + 250 × $22.50/M: past the threshold, the whole request at the higher rates
        [200631, 250, '1.209411'],
      ],
    );
    assert.strictEqual(estimate.agent?.perRun.cost?.toFixed(6), '1.518447');
  });

  it('grows the input by each reply and tool result, prices every turn, and counts the month in runs', async () => {
    // Prices set in promptcost.yaml so that the arithmetic is exact: $1/M in, $2/M out, no cache.
    const yaml = 'prices:\n  agent-model: { input: 1, output: 2 }\n';
    const site = await callSite('You are a research agent. Use the tools, then answer in five bullet points.', 'agent-model');
    const estimate = await estimateRun(site, { kind: 'loop', maxTurns: 6, limitText: 'turns >= MAX_TURNS' }, yaml);
    const first = estimate.tokens.input;
    assert.strictEqual(first, 128);
    // Turn t sends 128 + (t − 1) × (250 reply + 400 tool result) tokens and gets 250 back (half the 500-token cap: nothing sets the reply's length).
    assert.deepStrictEqual(
      estimate.agent?.turns.map((turn) => [turn.turn, turn.input, turn.cacheRead, turn.output]),
      [
        [1, 128, 0, 250],
        [2, 778, 0, 250],
        [3, 1428, 0, 250],
      ],
    );
    // Input 2,334 × $1/M + output 750 × $2/M = $0.002334 + $0.0015 = $0.003834 a run.
    assert.deepStrictEqual(estimate.agent?.perRun.inputTokens, 2334);
    assert.deepStrictEqual(estimate.agent?.perRun.outputTokens, 750);
    assert.strictEqual(estimate.agent?.perRun.cost?.toFixed(6), '0.003834');
    // Worst case: 6 turns at the 500-token cap: input Σ 128 + (t − 1) × 900 = 768 + 13,500 = 14,268; output 3,000.
    // $0.014268 + $0.006 = $0.020268.
    assert.strictEqual(estimate.agent?.perRun.costWorstCase?.toFixed(5), '0.02027');
    // The call's own figures stay the first turn's; the month is 10,000 runs × $0.003834.
    assert.strictEqual(estimate.cost.perCall?.toFixed(6), '0.000628');
    assert.strictEqual(estimate.cost.monthly?.toFixed(2), '38.34');
    assert.strictEqual(estimate.cost.monthlyWorstCase?.toFixed(2), '202.68');
    assert.deepStrictEqual(
      estimate.assumptions.filter((line) => /^(Agent|Volume|Per run)/.test(line)),
      [
        'Agent: a loop in the code that re-sends its growing history, at most 6 turns (turns >= MAX_TURNS). The figures above are its first turn; each later turn also sends every earlier reply and a tool result of 400 tokens (default; toolResultTokens in promptcost.yaml).',
        'Volume: 10,000 runs a month (promptcost.monthlyCalls setting) of 3 turns each (default; turns in promptcost.yaml): 2,334 tokens in and 750 tokens out per run.',
        'Per run: $0.0038 for 3 turns, $38.34 a month; at worst $0.020 (6 turns at the output cap, no cache hits).',
      ],
    );
  });

  it('reads what the turn before sent from an automatic cache, takes turns and tool results from promptcost.yaml, and has no worst case without a limit', async () => {
    const system = 'Check the ticket against the runbook before you answer, and cite the step you used. '.repeat(70);
    const site = await callSite(system);
    const yaml = 'sites:\n  agents/step.py#step: { turns: 4, toolResultTokens: 100 }\n';
    const estimate = await estimateRun(site, { kind: 'loop', maxTurns: null }, yaml);
    const rows = estimate.agent?.turns.map((turn) => [turn.turn, turn.input, Math.round(turn.cacheRead), turn.output]);
    // gpt-4.1-mini caches prefixes from 1,024 tokens in steps of 128. The first turn's fixed prefix of
    // 1,269 tokens caches 1,152, found at the site's hit rate (69% at 10,000 runs a month: 790); each
    // later turn finds what the turn before sent: 1,372 → 1,280, 1,722 → 1,664, 2,072 → 2,048.
    // Each turn adds the 250-token reply (half the 500-token cap) and the 100-token tool result promptcost.yaml sets.
    assert.strictEqual(estimate.tokens.cached, 1152);
    assert.deepStrictEqual(rows, [
      [1, 1372, 790, 250],
      [2, 1722, 1280, 250],
      [3, 2072, 1664, 250],
      [4, 2422, 2048, 250],
    ]);
    // No limit: nothing but the model ends a run, so it has no worst case.
    assert.strictEqual(estimate.agent?.perRun.costWorstCase, null);
    assert.strictEqual(estimate.cost.monthlyWorstCase, undefined);
    assert.ok(
      estimate.assumptions.includes(
        'Agent: a loop in the code that re-sends its growing history, no turn limit: nothing but the model stops a run. The figures above are its first turn; each later turn also sends every earlier reply and a tool result of 100 tokens (promptcost.yaml; toolResultTokens in promptcost.yaml).',
      ),
      estimate.assumptions.join('\n'),
    );
    // A limit below the expected turns bounds them.
    const short = await estimateRun(site, { kind: 'loop', maxTurns: 2 }, yaml);
    assert.strictEqual(short.agent?.expectedTurns, 2);
  });
});
