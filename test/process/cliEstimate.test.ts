import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist/cli.js');

// The day of the bundled price data: the stale-prices warning (90 days on) must not reach the stderr these tests read.
const PINNED_DAY = { ...process.env, PROMPTCOST_TODAY: '2026-09-23' };

function promptcost(args: string[], cwd = ROOT): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: PINNED_DAY });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface JsonSite {
  id: string;
  file: string;
  line: number;
  column: number;
  kind: string;
  sdk: string;
  provider: string | null;
  model: string | null;
  modelAsWritten: string | null;
  modelSource: string;
  priced: boolean;
  tier: string;
  tokens: {
    input: number;
    cacheablePrefix: number;
    cached: number;
    outputExpected: number;
    outputMax: number | null;
    exact: boolean;
    inputRange?: [number, number];
  };
  tokenizer: string | null;
  monthlyCalls: number;
  cost: {
    perCall: number | null;
    perCallWorstCase: number | null;
    monthly: number | null;
    monthlyWorstCase: number | null;
    monthlyRange?: [number, number];
  };
  agent?: { kind: string; maxTurns: number | null; expectedTurns: number; perRun: Record<string, number | null> };
  findings: Array<{ rule: string; severity: string; line: number; message: string }>;
  assumptions: string[];
}

describe('promptcost estimate (CLI)', () => {
  const run = promptcost(['estimate', 'test/fixtures/workspace', '--format', 'json']);
  const json = JSON.parse(run.stdout) as { version: number; pricesAsOf: string; sites: JsonSite[]; skipped: unknown[]; total: Record<string, number> };

  it('prices the research agent per run: its turns, the expected run and the worst case', () => {
    const agents = json.sites.filter((site) => site.agent);
    assert.deepStrictEqual(
      agents.map((site) => [site.id, site.agent, site.monthlyCalls, site.cost]),
      [
        [
          'agents/research_agent.py#research_ticket',
          // `while True` with `if turns >= MAX_TURNS: raise` and MAX_TURNS = 10. Turns of 1,396, 2,096 and
          // 2,796 tokens in (each adds the 300-token reply and a 400-token tool result), 300 out:
          // 6,288 × $1/M + 900 × $5/M = $0.010788 a run; at worst 10 turns at the 2,048 cap, $0.22652.
          { kind: 'loop', maxTurns: 10, expectedTurns: 3, perRun: { inputTokens: 6288, outputTokens: 900, cost: 0.010788, costWorstCase: 0.22652 } },
          6000,
          // perCall is the first turn; the month is 6,000 runs, and at each end of the first turn's token range.
          { perCall: 0.002896, perCallWorstCase: 0.011636, monthly: 64.73, monthlyWorstCase: 1359.12, monthlyRange: [64.33, 65.59] },
        ],
      ],
    );
  });

  it('prints the JSON contract for the sample app, exit 0', () => {
    assert.strictEqual(run.stderr, '');
    assert.strictEqual(run.code, 0);
    assert.strictEqual(json.version, 1);
    assert.strictEqual(json.pricesAsOf, '2026-09-23');
    assert.deepStrictEqual(json.skipped, []);
    assert.deepStrictEqual(json.total, { sites: 20, unpricedSites: 1, monthlyCost: 2373.07, monthlySavings: 1591.59 });
    // The total is the sum of the sites' monthly costs, to the cent.
    assert.strictEqual(Math.round(json.sites.reduce((sum, site) => sum + (site.cost.monthly ?? 0), 0) * 100) / 100, 2373.07);
    // The saving is the sum of the findings' savings, each to the cent.
    assert.strictEqual(
      json.sites
        .flatMap((site) => site.findings)
        .reduce((sum, finding) => sum + Math.round(((finding as { monthlySavings?: number }).monthlySavings ?? 0) * 100), 0) / 100,
      1591.59,
    );
  });

  it('gives every field of a prompt-file site', () => {
    const { assumptions, ...site } = json.sites.find((s) => s.file === 'prompts/support-reply.prompty')!;
    assert.deepStrictEqual(site, {
      id: 'prompts/support-reply.prompty#Support reply',
      file: 'prompts/support-reply.prompty',
      line: 1,
      column: 1,
      kind: 'prompt-file',
      sdk: 'prompty',
      provider: 'openai',
      model: 'gpt-4o-mini',
      modelAsWritten: 'gpt-4o-mini',
      modelSource: 'literal',
      priced: true,
      priceSource: { kind: 'price-data', package: '@pydantic/genai-prices', version: '0.1.8', asOf: '2026-09-23' },
      tier: 'standard',
      tokens: { input: 2043, cacheablePrefix: 108, cached: 0, outputExpected: 250, outputMax: 400, exact: true },
      tokenizer: 'o200k_base',
      monthlyCalls: 90000,
      cost: { perCall: 0.00045645, perCallWorstCase: 0.00054645, monthly: 41.08, monthlyWorstCase: 49.18 },
      findings: [],
    });
    assert.strictEqual(assumptions.length, 10);
  });

  it("gives Claude's sites a token range and a month at each end of it, and names what counted every site", () => {
    assert.deepStrictEqual(
      json.sites.filter((s) => s.tokens.inputRange).map((s) => [s.id, s.tokenizer, s.tokens.input, s.tokens.inputRange, s.cost.monthly, s.cost.monthlyRange]),
      [
        ['agents/research_agent.py#research_ticket', 'estimate:claude', 1396, [1374, 1444], 64.73, [64.33, 65.59]],
        ['jobs/nightly_summaries.py#find_doc_gap', 'estimate:claude', 301, [300, 305], 54.03, [54, 54.15]],
        ['prompts/kb-answer.prompty#Knowledge base answer', 'estimate:claude', 4064, [4051, 4119], 818.64, [816.89, 826.07]],
        ['scripts/backfill_tags.ts#main', 'estimate:claude', 361, [360, 367], 44.91, [44.88, 45.11]],
        ['src/supportBot/draftReply.ts#draftReply', 'estimate:claude', 2414, [2401, 2465], 1029.78, [1026.27, 1043.55]],
        ['src/supportBot/sentiment.ts#tagSentiment', 'estimate:claude', 134, [134, 135], 17.88, [17.88, 18]],
      ],
    );
    const tokenizers = new Map<string, number>();
    for (const site of json.sites) tokenizers.set(String(site.tokenizer), (tokenizers.get(String(site.tokenizer)) ?? 0) + 1);
    assert.deepStrictEqual(Object.fromEntries(tokenizers), { o200k_base: 11, 'estimate:claude': 6, gemma3: 2, llama3: 1 });
  });

  it('covers all four formats with their models, volumes and tiers', () => {
    assert.deepStrictEqual(
      json.sites
        .filter((s) => s.kind === 'prompt-file')
        .map((s) => [s.file, s.sdk, s.provider, s.model, s.tier, s.tokens.input, s.tokens.exact, s.monthlyCalls, s.cost.perCall, s.cost.monthly]),
      [
        ['.github/prompts/review-reply.prompt.md', 'copilot-prompt', 'openai', 'gpt-4o', 'standard', 863, true, 2000, 0.0056575, 11.32],
        ['prompts/kb-answer.prompty', 'prompty', 'anthropic', 'claude-sonnet-4-5', 'standard', 4064, false, 45000, 0.018192, 818.64],
        ['prompts/legacy-escalation.prompty', 'prompty', 'azure', 'gpt-4o', 'standard', 206, true, 1500, 0.004015, 6.02],
        ['prompts/summarize-thread.prompt.yml', 'github-models', 'openai', 'gpt-4o-mini', 'batch', 1653, true, 8000, 0.00022898, 1.83],
        ['prompts/support-reply.prompty', 'prompty', 'openai', 'gpt-4o-mini', 'standard', 2043, true, 90000, 0.00045645, 41.08],
        ['prompts/ticket-triage.prompt', 'dotprompt', 'google', 'gemini-2.5-flash', 'standard', 818, true, 120000, 0.0003954, 47.45],
      ],
    );
  });

  it('names each model by its canonical id, with the id as written beside it', () => {
    assert.deepStrictEqual(
      json.sites.filter((s) => s.model !== s.modelAsWritten).map((s) => [s.file, s.line, s.model, s.modelAsWritten]),
      [
        // Copilot's picker name, a LiteLLM provider prefix, GitHub Models' and Genkit's prefixes, a Bedrock id.
        ['.github/prompts/review-reply.prompt.md', 1, 'gpt-4o', 'GPT-4o'],
        ['jobs/nightly_summaries.py', 74, 'claude-haiku-4-5', 'anthropic/claude-haiku-4-5'],
        ['prompts/legacy-escalation.prompty', 1, 'gpt-4o', 'support-gpt4o'],
        ['prompts/summarize-thread.prompt.yml', 1, 'gpt-4o-mini', 'openai/gpt-4o-mini'],
        ['prompts/ticket-triage.prompt', 1, 'gemini-2.5-flash', 'googleai/gemini-2.5-flash'],
        ['scripts/backfill_tags.ts', 56, 'claude-haiku-4-5', 'us.anthropic.claude-haiku-4-5-20251001-v1:0'],
      ],
    );
  });

  it("finds the SDK calls in the app's TypeScript and Python, skipping files without LLM calls", () => {
    assert.deepStrictEqual(
      json.sites
        .filter((s) => s.kind === 'sdk-call')
        .map((s) => [
          s.file,
          s.line,
          s.sdk,
          s.provider,
          s.model,
          s.tokens.input,
          s.tokens.exact,
          s.tokens.outputMax,
          s.monthlyCalls,
          s.cost.perCall,
          s.cost.monthly,
        ]),
      [
        // The research agent: its first turn, and a month of 6,000 runs of 3 turns each.
        ['agents/research_agent.py', 101, 'anthropic.messages', 'anthropic', 'claude-haiku-4-5', 1396, false, 2048, 6000, 0.002896, 64.73],
        ['jobs/nightly_summaries.py', 74, 'litellm', 'anthropic', 'claude-haiku-4-5', 301, false, 300, 30000, 0.001801, 54.03],
        ['jobs/nightly_summaries.py', 87, 'langchain', 'openai', 'gpt-4o-mini', 284, true, 400, 30000, 0.0002526, 7.58],
        // No max_tokens: the worst case is gpt-4o's 16,384-token maximum.
        ['jobs/nightly_summaries.py', 101, 'openai.chat', 'openai', 'gpt-4o', 492, true, 16384, 30000, 0.00473, 141.9],
        // The weekly job's calls: the export's size comes from promptcost.yaml; the local model has no price.
        ['jobs/weekly_insights.py', 23, 'openai.chat', 'openai', 'o4-mini', 60051, true, 8000, 4, 0.0858561, 0.34],
        ['jobs/weekly_insights.py', 36, 'openai.chat', 'openai', 'gpt-4o', 126024, true, 4000, 4, 0.34506, 1.38],
        ['jobs/weekly_insights.py', 48, 'openai.chat', 'openai', 'gpt-4o-mini', 122, true, 32768, 4, 0.0003783, 0],
        ['jobs/weekly_insights.py', 62, 'litellm', null, 'ollama/llama3.1', 114, true, 20, 800, null, null],
        ['scripts/backfill_tags.ts', 56, 'bedrock.converse', 'aws', 'claude-haiku-4-5', 361, false, 200, 30000, 0.0014971, 44.91],
        // Volume from the `// promptcost: monthlyCalls=90000 outputTokens=120` comment above the call.
        ['src/supportBot/checkReply.ts', 41, 'ai-sdk', 'openai', 'gpt-4.1-mini', 514, true, 32768, 90000, 0.0003976, 35.78],
        ['src/supportBot/classify.ts', 19, 'openai.chat', 'openai', 'gpt-4o-mini', 1844, true, 50, 120000, 0.0002886, 34.63],
        ['src/supportBot/draftReply.ts', 15, 'anthropic.messages', 'anthropic', 'claude-sonnet-4-5', 2414, false, 1024, 90000, 0.011442, 1029.78],
        ['src/supportBot/escalate.ts', 26, 'google.genai', 'google', 'gemini-2.5-flash', 1304, true, 300, 18000, 0.0007662, 13.79],
        ['src/supportBot/sentiment.ts', 11, 'anthropic.messages', 'anthropic', 'claude-haiku-4-5', 134, false, 5, 120000, 0.000149, 17.88],
      ],
    );
    // Cacheable prefixes: classify.ts puts the date and the customer before its instructions (7 tokens
    // of fixed text come first); draftReply.ts has 1,479 fixed tokens but no cache_control, so none is cached.
    assert.deepStrictEqual(
      json.sites.filter((s) => s.kind === 'sdk-call').map((s) => [s.file, s.line, s.tokens.cacheablePrefix, s.tokens.cached]),
      [
        ['agents/research_agent.py', 101, 763, 0],
        ['jobs/nightly_summaries.py', 74, 95, 0],
        ['jobs/nightly_summaries.py', 87, 75, 0],
        ['jobs/nightly_summaries.py', 101, 84, 0],
        ['jobs/weekly_insights.py', 23, 48, 0],
        ['jobs/weekly_insights.py', 36, 21, 0],
        ['jobs/weekly_insights.py', 48, 19, 0],
        ['jobs/weekly_insights.py', 62, 11, 0],
        ['scripts/backfill_tags.ts', 56, 157, 0],
        ['src/supportBot/checkReply.ts', 41, 204, 0],
        ['src/supportBot/classify.ts', 19, 7, 0],
        ['src/supportBot/draftReply.ts', 15, 1479, 0],
        ['src/supportBot/escalate.ts', 26, 269, 0],
        ['src/supportBot/sentiment.ts', 11, 31, 0],
      ],
    );
    const loop = json.sites.find((s) => s.file === 'jobs/nightly_summaries.py' && s.line === 101)!;
    assert.ok(
      loop.assumptions.includes(
        'This call runs inside a loop: each iteration is one call, so count iterations in its monthly calls (promptcost.yaml or a promptcost comment).',
      ),
    );
    assert.ok(json.sites.every((s) => s.file !== 'src/supportBot/retrieve.ts' && s.file !== 'src/supportBot/pipeline.ts'));
  });

  it('prints the same figures as a table and as Markdown', () => {
    const table = promptcost(['estimate', 'test/fixtures/workspace']).stdout.split('\n');
    assert.strictEqual(table[0], 'site                                      model              input tokens      $/call    $/month  calls/month  savings');
    // An agent site's row is per run, and its monthly calls are runs.
    assert.strictEqual(table[2], 'agents/research_agent.py:101              claude-haiku-4-5         ≈1,396  $0.011/run     $64.73   6,000 runs        —');
    assert.strictEqual(table[13], 'prompts/support-reply.prompty:1           gpt-4o-mini               2,043    $0.00046     $41.08       90,000        —');
    assert.ok(table.includes('Total: $2,373.07/month for 20 sites, 1 unpriced and not in the total'));
    const markdown = promptcost(['estimate', 'test/fixtures/workspace', '--format', 'markdown']).stdout.split('\n');
    assert.ok(markdown.includes('| prompts/support-reply.prompty:1 | gpt-4o-mini | 2,043 | $0.00046 | $41.08 | 90,000 | — |'));
    assert.ok(markdown.includes('| agents/research_agent.py:101 | claude-haiku-4-5 | ≈1,396 | $0.011/run | $64.73 | 6,000 runs | — |'), markdown.join('\n'));
    assert.ok(
      markdown.some((line) => line.startsWith('**Total:** $2,373.07/month for 20 sites')),
      markdown.join('\n'),
    );
  });

  it("shows the sample app's tasks, the one promptcost.yaml names and the one found from the call graph, the same in JSON and the table", () => {
    const json = JSON.parse(promptcost(['estimate', 'test/fixtures/workspace', '--format', 'json']).stdout) as {
      tasks: Array<{
        id: string;
        entry: string;
        sites: string[];
        callsPerTask: number;
        costPerTask: number;
        perDay: number | null;
        costPerDay: number | null;
        monthly: number | null;
      }>;
    };
    assert.deepStrictEqual(
      json.tasks.map((task) => [task.id, task.entry, task.sites, task.callsPerTask, task.costPerTask, task.perDay, task.costPerDay, task.monthly]),
      [
        [
          'jobs/nightly_summaries.py#run',
          'jobs/nightly_summaries.py#run',
          ['jobs/nightly_summaries.py#run', 'jobs/nightly_summaries.py#find_doc_gap', 'jobs/nightly_summaries.py#draft_check_in'],
          9,
          0.0203508,
          null,
          null,
          null,
        ],
        [
          'support-ticket',
          'src/supportBot/pipeline.ts#handleTicket',
          [
            'src/supportBot/classify.ts#classifyTicket',
            'src/supportBot/draftReply.ts#draftReply',
            'src/supportBot/checkReply.ts#checkReply',
            'src/supportBot/escalate.ts#writeEscalationNote',
          ],
          4,
          0.00928323,
          4000,
          37.13,
          1113.99,
        ],
      ],
    );
    const table = promptcost(['estimate', 'test/fixtures/workspace']).stdout.split('\n');
    assert.ok(
      table.includes('support-ticket  src/supportBot/pipeline.ts:35                  4       4  $0.0093      4,000  $37.13  $1,113.99'),
      table.join('\n'),
    );
  });

  it('--calls takes digits only: an empty value, hex or exponent notation is a usage error, not a volume', () => {
    for (const calls of ['', '0x10', '1e3', '99999999999999999999']) {
      const result = promptcost(['estimate', 'test/fixtures/workspace/prompts', '--calls', calls]);
      assert.deepStrictEqual(
        [result.code, result.stderr.split('\n')[0]],
        [2, `promptcost: --calls must be a whole number of calls a month, such as 30000, not '${calls}'`],
      );
    }
    const grouped = JSON.parse(
      promptcost(['estimate', 'test/fixtures/workspace/prompts/support-reply.prompty', '--calls', '30_000', '--format', 'json']).stdout,
    ) as {
      sites: JsonSite[];
    };
    // A single file is scanned from the current folder, so no promptcost.yaml sets its volume: --calls does.
    assert.strictEqual(grouped.sites[0].monthlyCalls, 30_000);
  });

  it('--explain-misses lists the calls on an LLM SDK it did not read, in text and in the JSON', () => {
    const text = promptcost(['estimate', 'test/fixtures/realworld', '--explain-misses']);
    assert.strictEqual(text.code, 0);
    assert.deepStrictEqual(text.stdout.trimEnd().split('\n').slice(-3), [
      'Calls on an LLM SDK that were not read (1): a shape Prompt Cost does not know yet, not in the totals above.',
      '  pyapp/memory.py:15  client.batches.create(…)  (openai)',
      'Report a shape that should be read, with a few lines of code like it, to the Prompt Cost issue tracker.',
    ]);
    const json = JSON.parse(promptcost(['estimate', 'test/fixtures/realworld', '--explain-misses', '--format', 'json']).stdout) as { unreadCalls: unknown[] };
    assert.deepStrictEqual(json.unreadCalls, [{ file: 'pyapp/memory.py', line: 15, callee: 'client.batches.create', sdk: 'openai' }]);
    // Without the flag the JSON is as before.
    assert.strictEqual('unreadCalls' in JSON.parse(promptcost(['estimate', 'test/fixtures/realworld', '--format', 'json']).stdout), false);
  });

  it('reads env values from .env.example, from .env only with --read-dotenv, and promptcost.yaml env: over both', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'promptcost-cli-'));
    try {
      fs.writeFileSync(
        path.join(dir, 'ask.py'),
        [
          'import os',
          'from openai import OpenAI',
          'client = OpenAI()',
          'def ask(q):',
          '    return client.chat.completions.create(model=os.environ["ASK_MODEL"], max_tokens=int(os.getenv("ASK_CAP", "50")), messages=[{"role": "user", "content": q}])',
          '',
        ].join('\n'),
      );
      fs.writeFileSync(path.join(dir, '.env.example'), '# copy to .env\nASK_MODEL=gpt-4.1-nano\nASK_CAP=\nOPENAI_API_KEY=\n');
      fs.writeFileSync(path.join(dir, '.env'), 'ASK_MODEL=gpt-4o\nASK_CAP=80\n');
      const run = (...flags: string[]) => {
        const [site] = (JSON.parse(promptcost(['estimate', dir, '--format', 'json', ...flags]).stdout) as { sites: JsonSite[] }).sites;
        return [site.model, site.modelSource, site.tokens.outputMax, site.assumptions[0]];
      };
      assert.deepStrictEqual(run(), ['gpt-4.1-nano', 'env-map', 50, 'Model: gpt-4.1-nano, the value of the environment variable ASK_MODEL in .env.example.']);
      assert.deepStrictEqual(run('--read-dotenv'), ['gpt-4o', 'env-map', 80, 'Model: gpt-4o, the value of the environment variable ASK_MODEL in .env.']);
      fs.writeFileSync(path.join(dir, 'promptcost.yaml'), 'env:\n  ASK_MODEL: gpt-4.1-mini\n');
      assert.deepStrictEqual(run('--read-dotenv'), [
        'gpt-4.1-mini',
        'env-map',
        80,
        'Model: gpt-4.1-mini, the value of the environment variable ASK_MODEL set under env: in promptcost.yaml.',
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--model and --calls apply to prompts that promptcost.yaml says nothing about', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'promptcost-cli-'));
    try {
      fs.writeFileSync(path.join(dir, 'hello.prompty'), '---\nname: Hello\n---\nuser:\nSay hello to {{name}}.\n');
      const result = JSON.parse(promptcost(['estimate', dir, '--format', 'json', '--model', 'gpt-4o', '--calls', '1000']).stdout) as { sites: JsonSite[] };
      const [site] = result.sites;
      // framing 3 + 1 ("user") + 3 priming, "Say hello to " 4 + "." 1, {{name}} 100 by default.
      assert.deepStrictEqual([site.model, site.modelSource, site.monthlyCalls, site.tokens.input], ['gpt-4o', 'assumed', 1000, 112]);
      assert.strictEqual(site.assumptions[0], 'Model: none named in the file; assumed gpt-4o (--model).');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a broken promptcost.yaml at file:line:column, still estimates, and exits 2', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'promptcost-cli-'));
    try {
      fs.writeFileSync(path.join(dir, 'hello.prompty'), '---\nmodel: gpt-4o-mini\n---\nuser:\nHi\n');
      fs.writeFileSync(path.join(dir, 'promptcost.yaml'), 'defaults:\n  monthlyCalls: many\n');
      const result = promptcost(['estimate', dir]);
      assert.strictEqual(
        result.stderr,
        `promptcost: ${path.join(dir, 'promptcost.yaml')}:2:17: error: defaults.monthlyCalls: monthlyCalls must be a number.\n`,
      );
      assert.match(result.stdout, /^hello\.prompty:1 +gpt-4o-mini/m);
      assert.strictEqual(result.code, 2);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('marks unpriced models and keeps them out of the total', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'promptcost-cli-'));
    try {
      fs.writeFileSync(path.join(dir, 'a.prompty'), '---\nmodel: acme-llm-9000\n---\nuser:\nHi\n');
      fs.writeFileSync(path.join(dir, 'b.prompty'), '---\nmodel: gpt-4o-mini\n---\nuser:\nHi\n');
      const result = JSON.parse(promptcost(['estimate', dir, '--format', 'json']).stdout) as { sites: JsonSite[]; total: Record<string, number> };
      assert.deepStrictEqual(result.sites[0].cost, { perCall: null, perCallWorstCase: null, monthly: null, monthlyWorstCase: null });
      assert.strictEqual(result.sites[0].priced, false);
      assert.deepStrictEqual(
        result.sites[0].findings.map((f) => f.rule),
        ['unpriced-model', 'missing-max-tokens'],
      );
      assert.strictEqual(result.total.unpricedSites, 1);
      const table = promptcost(['estimate', dir]).stdout;
      assert.match(table, /^a\.prompty:1 +acme-llm-9000 +≈8 +unpriced +unpriced/m);
      assert.match(table, /Total: \$[\d.]+\/month for 2 sites, 1 unpriced and not in the total/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 with a message for bad arguments and missing paths', () => {
    assert.deepStrictEqual(
      promptcost(['estimate', '--format', 'xml']).stderr,
      "promptcost: --format must be one of table, json, markdown, csv, sarif, github, not 'xml'\nRun 'promptcost --help' for usage.\n",
    );
    assert.strictEqual(promptcost(['estimate', '--calls', '-5']).code, 2);
    const missing = promptcost(['estimate', 'no/such/folder']);
    assert.strictEqual(missing.stderr, 'promptcost: no/such/folder: no such file or folder\n');
    assert.strictEqual(missing.code, 2);
  });
  it('exits 2 when the paths hold no prompt file and no LLM call (a wrong path must not pass at $0.00), unless --allow-empty', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'promptcost-empty-'));
    try {
      fs.writeFileSync(path.join(dir, 'util.ts'), 'export const add = (a: number, b: number) => a + b;\n');
      const message = `promptcost: no prompt file and no LLM call under ${dir}: check the path (--allow-empty accepts an empty result)\n`;
      for (const command of ['estimate', 'check']) {
        const empty = promptcost([command, dir]);
        assert.deepStrictEqual([empty.code, empty.stderr], [2, message], command);
        assert.strictEqual(promptcost([command, dir, '--allow-empty']).code, 0, command);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--top N shows the N most expensive sites in the table and Markdown, says how many more there are, and leaves the JSON whole', () => {
    const table = promptcost(['estimate', 'test/fixtures/workspace', '--top', '3']);
    assert.strictEqual(table.code, 0);
    assert.deepStrictEqual(table.stdout.split('\n').slice(0, 7), [
      'site                             model              input tokens   $/call    $/month  calls/month  savings',
      'src/supportBot/draftReply.ts:15  claude-sonnet-4-5        ≈2,414   $0.011  $1,029.78       90,000  $805.50',
      'prompts/kb-answer.prompty:1      claude-sonnet-4-5        ≈4,064   $0.018    $818.64       45,000  $545.76',
      'jobs/nightly_summaries.py:101    gpt-4o                      492  $0.0047    $141.90       30,000  $130.55',
      '17 more sites not shown (--top 3); the total counts them all.',
      '',
      'Total: $2,373.07/month for 20 sites, 1 unpriced and not in the total',
    ]);
    const markdown = promptcost(['estimate', 'test/fixtures/workspace', '--top', '1', '--format', 'markdown']).stdout.split('\n');
    assert.deepStrictEqual(markdown.slice(4, 9), [
      '| src/supportBot/draftReply.ts:15 | claude-sonnet-4-5 | ≈2,414 | $0.011 | $1,029.78 | 90,000 | $805.50 |',
      '',
      '_19 more sites not shown (--top 1); the total counts them all._',
      '',
      '**Total:** $2,373.07/month for 20 sites, 1 unpriced and not in the total',
    ]);
    // Unpriced sites come last: with every site shown, the one without a price is the last row.
    const all = promptcost(['estimate', 'test/fixtures/workspace', '--top', '20']).stdout.split('\n');
    assert.match(all[20], /^jobs\/weekly_insights\.py:62 +ollama\/llama3\.1 .* unpriced +unpriced/);
    assert.strictEqual(all[21], '');
    // The JSON is a contract: every site, whatever --top says.
    const json = JSON.parse(promptcost(['estimate', 'test/fixtures/workspace', '--top', '1', '--format', 'json']).stdout) as { sites: unknown[] };
    assert.strictEqual(json.sites.length, 20);
  });

  it('--top takes a whole number of sites, 1 or more', () => {
    for (const top of ['0', '-1', '1.5', 'ten', '']) {
      const result = promptcost(['estimate', 'test/fixtures/workspace/prompts', '--top', top]);
      assert.deepStrictEqual(
        [result.code, result.stdout, result.stderr],
        [2, '', `promptcost: --top must be a whole number of sites, 1 or more, such as 10, not '${top}'\nRun 'promptcost --help' for usage.\n`],
      );
    }
  });

  it('--format csv prints the report as CSV, one row per site', () => {
    const result = promptcost(['estimate', 'test/fixtures/workspace', '--format', 'csv']);
    assert.deepStrictEqual([result.code, result.stderr], [0, '']);
    const lines = result.stdout.split('\n');
    assert.strictEqual(
      lines[0],
      'id,file,line,kind,sdk,model,model_as_written,model_source,priced,input_tokens,exact,cacheable_prefix,output_expected,output_max,monthly_calls,usd_per_call,usd_per_month,usd_savings_per_month',
    );
    assert.ok(
      lines.includes(
        'prompts/support-reply.prompty#Support reply,prompts/support-reply.prompty,1,prompt-file,prompty,gpt-4o-mini,gpt-4o-mini,literal,true,2043,true,108,250,400,90000,0.00045645,41.08,0',
      ),
      result.stdout,
    );
    // A header, 20 sites and the final newline.
    assert.strictEqual(lines.length, 22);
    assert.strictEqual(lines[21], '');
  });

  it('lists a finding that saves money once, under Savings, and the other findings by severity', () => {
    const table = promptcost(['estimate', 'test/fixtures/workspace']).stdout.split('\n');
    const savings = table.slice(table.indexOf('Savings: $1,591.59/month from 11 findings') + 1, table.indexOf('Findings:') - 1);
    const findings = table.slice(table.indexOf('Findings:') + 1, table.indexOf('', table.indexOf('Findings:')));
    assert.strictEqual(savings.length, 11);
    // A saving line is `  $545.76  prompts/kb-answer.prompty:8  cheaper-model  message`; a finding line `  file:line  severity  message`.
    const savingAt = new Set(
      savings.map((line) =>
        line
          .trim()
          .split('  ')
          .slice(1, 4)
          .join(' ')
          .replace(/ [a-z-]+ /, ' '),
      ),
    );
    for (const line of findings) {
      const [at, , message] = line.trim().split('  ');
      assert.ok(!savingAt.has(`${at} ${message}`), `listed twice: ${line}`);
    }
    assert.deepStrictEqual(
      findings.map((line) => line.trim().split('  ').slice(0, 2).join(' ')),
      [
        'jobs/weekly_insights.py:36 error',
        'jobs/nightly_summaries.py:101 warning',
        'jobs/weekly_insights.py:25 warning',
        'jobs/weekly_insights.py:51 warning',
        'jobs/weekly_insights.py:63 warning',
        'prompts/summarize-thread.prompt.yml:3 warning',
        'src/supportBot/checkReply.ts:41 warning',
        'src/supportBot/sentiment.ts:14 warning',
      ],
    );
  });
});
