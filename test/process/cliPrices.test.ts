import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist/cli.js');

/** Runs the built CLI in `cwd` on the day `today` (PROMPTCOST_TODAY). */
function promptcost(args: string[], cwd: string, today: string): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, PROMPTCOST_TODAY: today } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const CALL = [
  "import OpenAI from 'openai';",
  'const client = new OpenAI();',
  'export async function ask(question: string) {',
  "  return client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: question }], max_tokens: 100 });",
  '}',
  '',
].join('\n');

/** @pydantic/genai-prices' data.json shape: gpt-4o-mini at $1 in / $2 out per million tokens. */
const PRICES = JSON.stringify([
  {
    id: 'openai',
    name: 'OpenAI',
    api_pattern: 'x',
    models: [{ id: 'gpt-4o-mini', match: { equals: 'gpt-4o-mini' }, prices: { input_mtok: 1, output_mtok: 2 } }],
  },
]);

const STALE_BUNDLED =
  'promptcost: warning: prices are of 2026-09-23, more than 90 days old; load newer ones with --prices FILE (a @pydantic/genai-prices data.json)\n';

describe('promptcost --prices and stale prices (CLI)', () => {
  // Made in a hook, not while the file loads: a run that filters this suite out runs none of its hooks.
  let dir = '';
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'promptcost-prices-'));
    fs.writeFileSync(path.join(dir, 'app.ts'), CALL);
    fs.writeFileSync(path.join(dir, 'prices.json'), PRICES);
    fs.utimesSync(path.join(dir, 'prices.json'), new Date('2026-11-30T12:00:00Z'), new Date('2026-11-30T12:00:00Z'));
    fs.writeFileSync(path.join(dir, 'broken.json'), '[{"id": ');
    fs.writeFileSync(path.join(dir, 'shape.json'), '{"openai": {}}');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prices a site from the file, says so in the JSON, and stays quiet while the file is recent', () => {
    const run = promptcost(['estimate', '.', '--format', 'json', '--no-cache', '--prices', 'prices.json'], dir, '2026-12-23');
    assert.deepStrictEqual([run.code, run.stderr], [0, '']);
    const site = (JSON.parse(run.stdout) as { sites: Array<Record<string, unknown>> }).sites[0];
    // 107 tokens in (the question at its assumed 100, and framing) at $1/M + 50 out (half the cap) at
    // $2/M = $0.000207 a call; at worst 100 out, $0.000307; × 10,000 calls.
    assert.deepStrictEqual(
      [site.id, site.priceSource, site.cost],
      [
        'app.ts#ask',
        { kind: 'prices-file', file: 'prices.json', asOf: '2026-11-30' },
        { perCall: 0.000207, perCallWorstCase: 0.000307, monthly: 2.07, monthlyWorstCase: 3.07 },
      ],
    );
  });

  it('gives the bundled price data as the source without --prices, and warns on stderr only from day 91', () => {
    const fresh = promptcost(['estimate', '.', '--format', 'json', '--no-cache'], dir, '2026-12-22');
    assert.deepStrictEqual([fresh.code, fresh.stderr], [0, '']);
    const site = (JSON.parse(fresh.stdout) as { sites: Array<Record<string, unknown>> }).sites[0];
    assert.deepStrictEqual(site.priceSource, { kind: 'price-data', package: '@pydantic/genai-prices', version: '0.1.8', asOf: '2026-09-23' });
    const stale = promptcost(['estimate', '.', '--format', 'json', '--no-cache'], dir, '2026-12-23');
    assert.deepStrictEqual([stale.code, stale.stderr], [0, STALE_BUNDLED]);
    // stdout is the same JSON, untouched by the warning.
    assert.strictEqual(stale.stdout, fresh.stdout);
  });

  it('dates a price file by itself: stale 91 days after its date', () => {
    const run = promptcost(['check', '.', '--no-cache', '--prices', 'prices.json'], dir, '2027-03-01');
    assert.deepStrictEqual(
      [run.code, run.stderr],
      [0, 'promptcost: warning: prices are of 2026-11-30, more than 90 days old; load newer ones with --prices FILE (a @pydantic/genai-prices data.json)\n'],
    );
  });

  it('stops with exit 2 and one line naming the file for a missing file, broken JSON or a wrong shape', () => {
    const usage = "Run 'promptcost --help' for usage.\n";
    const cases: Array<[string[], string]> = [
      [['estimate', '.', '--prices', 'missing.json'], 'promptcost: --prices missing.json: no such file\n'],
      [['check', '.', '--prices', 'broken.json'], `promptcost: --prices broken.json: is not valid JSON (Unexpected end of JSON input)\n`],
      [
        ['diff', '.', '--base', 'HEAD', '--prices', 'shape.json'],
        'promptcost: --prices shape.json: must be a list of providers, as in @pydantic/genai-prices data.json\n',
      ],
      [['estimate', '.', '--prices', ''], 'promptcost: --prices needs a price file, such as prices.json (the data.json of @pydantic/genai-prices)\n'],
    ];
    for (const [args, line] of cases) {
      const run = promptcost(args, dir, '2026-12-23');
      assert.deepStrictEqual([run.code, run.stdout, run.stderr], [2, '', line + usage], args.join(' '));
    }
  });
});
