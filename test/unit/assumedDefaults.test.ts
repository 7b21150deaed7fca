import * as assert from 'assert';
import { createEngine, type Engine } from '../../src/core/engine';
import { assumedDefaults } from '../../src/core/report/assumedDefaults';
import { siteBreakdownMarkdown } from '../../src/core/report/siteBreakdown';
import { EMPTY_PROJECT_CONFIG, parseProjectConfig } from '../../src/core/volume/projectConfig';

// Two variables nobody sized and no volume or reply length anywhere: every default is in play.
const CALL = `import OpenAI from 'openai';
const client = new OpenAI();
export async function answer(question: string, context: string) {
  return client.chat.completions.create({
    model: 'gpt-4o',
    messages: [
      { role: 'system', content: 'You answer questions about our product. Be brief and cite the context.' },
      { role: 'user', content: \`Context: \${context}\\n\\nQuestion: \${question}\` },
    ],
  });
}
`;

describe('the defaults a figure rests on', () => {
  let engine: Engine;
  before(() => {
    engine = createEngine({});
  });
  after(() => engine.dispose());

  async function siteOf(text: string, yaml?: string) {
    const project = yaml ? parseProjectConfig(yaml).config : EMPTY_PROJECT_CONFIG;
    const analysis = await engine.analyze(text, 'src/answer.ts', { project, defaultModel: 'gpt-4o-mini', monthlyCalls: 10_000, offerFixes: false });
    assert.ok(analysis);
    return analysis.sites[0];
  }

  it('lists the volume first, then the reply length and the variables by their share of a call', async () => {
    const site = await siteOf(CALL);
    // gpt-4o: 300 output tokens at $10/M = $0.003 of a call's $0.00358; 232 input tokens at $2.50/M = $0.00058,
    // of which the two variables' 200 tokens are $0.0005: 14% of the call.
    assert.strictEqual(site.estimate.cost.perCall, 0.00358);
    assert.strictEqual(site.estimate.tokens.input, 232);
    assert.deepStrictEqual(
      assumedDefaults(site).map(({ kind, text, share }) => [kind, text, Math.round(share * 10_000)]),
      [
        ['monthlyCalls', '10,000 calls a month', 10_000],
        ['outputTokens', "300 output tokens a call (84% of a call's cost)", 8380],
        ['variables', "2 variables at 200 tokens in all (14% of a call's cost)", 1397],
      ],
    );
  });

  it('leaves out what promptcost.yaml sets, its defaults included', async () => {
    const site = await siteOf(CALL, 'defaults: { monthlyCalls: 5000 }\nsites:\n  src/answer.ts#answer: { outputTokens: 120, variables: { context: 800 } }\n');
    assert.deepStrictEqual(
      assumedDefaults(site).map((assumed) => assumed.text),
      // 932 input tokens ($0.00233) and 120 output ($0.0012): the 100 of question are $0.00025, 7% of $0.00353.
      ["question at 100 tokens (7% of a call's cost)"],
    );
  });

  it('shows the reasoning part of the expected output in the breakdown', async () => {
    const site = await siteOf(CALL.replace("model: 'gpt-4o'", "model: 'gpt-5', reasoning_effort: 'low'"));
    assert.strictEqual(site.estimate.tokens.reasoningExpected, 1000);
    assert.match(siteBreakdownMarkdown(site, []), /\| output expected \/ worst case \| 1,300 \(1,000 reasoning\) \/ 128,000 \|/);
  });
});
