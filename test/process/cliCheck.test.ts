import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkReport } from '../../src/cli/checkCommand';
import type { Estimate, Finding, FindingCode, PromptSite } from '../../src/core/types';
import { computeTotals, type Report, type ReportSite } from '../../src/core/workspace/report';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist/cli.js');

// The day of the bundled price data: the stale-prices warning (90 days on) must not reach the stderr these tests read.
const PINNED_DAY = { ...process.env, PROMPTCOST_TODAY: '2026-09-23' };

function promptcost(args: string[], cwd = ROOT): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: PINNED_DAY });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A temporary workspace with these files; removed after the test. */
function workspace(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'promptcost-check-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

// gpt-4o at $2.50/$10 per million: 10 input tokens and 100 output tokens cost $0.001025 a call,
// $1,025.00 a month at a million calls. The cap keeps missing-max-tokens away.
const GREETER = 'name: Greeter\nmodel: openai/gpt-4o\nmodelParameters:\n  maxTokens: 200\nmessages:\n  - role: user\n    content: Say hello.\n';
const MILLION_CALLS = 'defaults:\n  monthlyCalls: 1000000\n  outputTokens: 100\n';
const UNPRICED = 'name: Acme\nmodel: acme-llm-9000\nmodelParameters:\n  maxTokens: 200\nmessages:\n  - role: user\n    content: Say hello.\n';
const UNPRICED_MESSAGE =
  'No price is known for "acme-llm-9000", so this prompt is unpriced. Pick a model with a price, or add one under prices: in promptcost.yaml.';
const BROKEN = 'name: Broken\nmodel: gpt-4o-mini\nmessages:\n  - role: user\n    content: "Say hi\n';

describe('promptcost check (CLI)', () => {
  const dirs: string[] = [];
  const make = (files: Record<string, string>) => {
    const dir = workspace(files);
    dirs.push(dir);
    return dir;
  };
  after(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('budget', () => {
    it('passes at or under --max-monthly, with a one-line summary, exit 0', () => {
      const dir = make({ 'greet.prompt.yml': GREETER, 'promptcost.yaml': MILLION_CALLS });
      const run = promptcost(['check', dir, '--max-monthly', '1025']);
      assert.deepStrictEqual(run, { code: 0, stdout: 'Check passed: $1,025.00/month for 1 site (--max-monthly $1,025.00); no error findings.\n', stderr: '' });
      assert.strictEqual(promptcost(['check', dir]).stdout, 'Check passed: $1,025.00/month for 1 site; no error findings.\n');
    });

    it('fails over --max-monthly, saying by how much, exit 1', () => {
      const dir = make({ 'greet.prompt.yml': GREETER, 'promptcost.yaml': MILLION_CALLS });
      assert.deepStrictEqual(promptcost(['check', dir, '--max-monthly', '1024.99']), {
        code: 1,
        stdout: 'Budget: $1,025.00/month exceeds --max-monthly $1,024.99\nCheck failed: over budget; $1,025.00/month for 1 site (--max-monthly $1,024.99).\n',
        stderr: '',
      });
    });

    it('uses --calls for prompts promptcost.yaml says nothing about', () => {
      // No promptcost.yaml: 2,000 calls, 100 output tokens (half the maxTokens 200 cap, as nothing states the reply): $0.001025 a call, $2.05 a month.
      const dir = make({ 'greet.prompt.yml': GREETER });
      assert.deepStrictEqual(promptcost(['check', dir, '--calls', '2000', '--max-monthly', '5']), {
        code: 0,
        stdout: 'Check passed: $2.05/month for 1 site (--max-monthly $5.00); no error findings.\n',
        stderr: '',
      });
      assert.strictEqual(promptcost(['check', dir, '--calls', '2000', '--max-monthly', '2']).code, 1);
    });

    it('checks a TypeScript OpenAI call, with its volume from a promptcost comment', () => {
      const dir = make({
        'src/bot.ts': [
          "import OpenAI from 'openai';",
          'const client = new OpenAI();',
          '',
          'export async function classify(text: string) {',
          '  // promptcost: monthlyCalls=400000 outputTokens=20',
          "  return client.chat.completions.create({ model: 'gpt-4o-mini', max_completion_tokens: 50, messages: [{ role: 'user', content: `Classify: ${text}` }] });",
          '}',
          '',
        ].join('\n'),
      });
      // 111 input tokens ({text} at its default 100) and 20 output tokens: $0.00002865 a call, $11.46 a month.
      assert.deepStrictEqual(promptcost(['check', dir, '--max-monthly', '11.45']), {
        code: 1,
        stdout: 'Budget: $11.46/month exceeds --max-monthly $11.45\nCheck failed: over budget; $11.46/month for 1 site (--max-monthly $11.45).\n',
        stderr: '',
      });
    });
  });

  describe('findings', () => {
    it('fails on an error finding by default: each on its own line, file:line:column, severity, rule, message', () => {
      const dir = make({ 'broken.prompt.yml': BROKEN });
      assert.deepStrictEqual(promptcost(['check', dir]), {
        code: 1,
        stdout: 'broken.prompt.yml:6:1  error  invalid-yaml  YAML error: Missing closing "quote\nCheck failed: 1 error finding; $1.81/month for 1 site.\n',
        stderr: '',
      });
    });

    it('takes rule severities from promptcost.yaml: unpriced-model as an error fails the default check', () => {
      const dir = make({ 'acme.prompt.yml': UNPRICED, 'promptcost.yaml': 'rules:\n  unpriced-model: error\n' });
      assert.deepStrictEqual(promptcost(['check', dir]), {
        code: 1,
        stdout: `acme.prompt.yml:2:8  error  unpriced-model  ${UNPRICED_MESSAGE}\nCheck failed: 1 error finding; no price is known for the 1 site.\n`,
        stderr: '',
      });
    });

    it('--fail-on warning also fails on warnings; the default (error) does not', () => {
      const dir = make({ 'acme.prompt.yml': UNPRICED });
      assert.deepStrictEqual(promptcost(['check', dir]), {
        code: 0,
        stdout: 'Check passed: no price is known for the 1 site; no error findings.\n',
        stderr: '',
      });
      assert.deepStrictEqual(promptcost(['check', dir, '--fail-on', 'warning']), {
        code: 1,
        stdout: `acme.prompt.yml:2:8  warning  unpriced-model  ${UNPRICED_MESSAGE}\nCheck failed: 1 warning or error finding; no price is known for the 1 site.\n`,
        stderr: '',
      });
    });

    it('lists the budget first, then findings by file and line', () => {
      const dir = make({
        'b/broken.prompt.yml': BROKEN,
        'a/acme.prompt.yml': UNPRICED,
        'greet.prompt.yml': GREETER,
        'promptcost.yaml': `${MILLION_CALLS}rules:\n  unpriced-model: error\n`,
      });
      const run = promptcost(['check', dir, '--max-monthly', '100']);
      assert.strictEqual(run.code, 1);
      assert.deepStrictEqual(run.stdout.split('\n'), [
        'Budget: $1,086.35/month exceeds --max-monthly $100.00',
        `a/acme.prompt.yml:2:8  error  unpriced-model  ${UNPRICED_MESSAGE}`,
        'b/broken.prompt.yml:6:1  error  invalid-yaml  YAML error: Missing closing "quote',
        'Check failed: over budget and 2 error findings; $1,086.35/month for 3 sites, 1 unpriced and not in the total (--max-monthly $100.00).',
        '',
      ]);
    });
  });

  describe('--format json', () => {
    it('prints the estimate JSON with a check object', () => {
      const dir = make({ 'broken.prompt.yml': BROKEN, 'greet.prompt.yml': GREETER, 'promptcost.yaml': MILLION_CALLS });
      const run = promptcost(['check', dir, '--format', 'json', '--max-monthly', '1000']);
      assert.strictEqual(run.code, 1);
      assert.strictEqual(run.stderr, '');
      const json = JSON.parse(run.stdout) as {
        version: number;
        sites: Array<{ file: string }>;
        opportunities: unknown[];
        total: Record<string, number>;
        check: unknown;
      };
      assert.strictEqual(json.version, 1);
      assert.deepStrictEqual(
        json.sites.map((site) => site.file),
        ['broken.prompt.yml', 'greet.prompt.yml'],
      );
      // gpt-4o-mini at $0.15/$0.60 per million: 9 input and 100 output tokens, $61.35 a month at a million calls.
      assert.strictEqual(json.total.monthlyCost, 1086.35);
      assert.deepStrictEqual(json.check, {
        passed: false,
        complete: true,
        failOn: 'error',
        maxMonthly: 1000,
        reasons: [
          { type: 'budget', text: 'Budget: $1,086.35/month exceeds --max-monthly $1,000.00', monthlyCost: 1086.35, maxMonthly: 1000 },
          {
            type: 'finding',
            text: 'broken.prompt.yml:6:1  error  invalid-yaml  YAML error: Missing closing "quote',
            file: 'broken.prompt.yml',
            line: 6,
            column: 1,
            severity: 'error',
            rule: 'invalid-yaml',
            message: 'YAML error: Missing closing "quote',
          },
        ],
        incompleteBecause: [],
      });
    });

    it('passes with an empty reasons list and a null budget when none is given', () => {
      const dir = make({ 'greet.prompt.yml': GREETER });
      const run = promptcost(['check', dir, '--format', 'json', '--fail-on', 'warning']);
      assert.strictEqual(run.code, 0);
      assert.deepStrictEqual((JSON.parse(run.stdout) as { check: unknown }).check, {
        passed: true,
        complete: true,
        failOn: 'warning',
        maxMonthly: null,
        reasons: [],
        incompleteBecause: [],
      });
    });
  });

  describe('usage errors (exit 2)', () => {
    const usage = (message: string) => ({ code: 2, stdout: '', stderr: `promptcost: ${message}\nRun 'promptcost --help' for usage.\n` });

    it('rejects a bad --max-monthly, --fail-on, --format or --calls', () => {
      assert.deepStrictEqual(
        promptcost(['check', '--max-monthly', 'lots']),
        usage("--max-monthly must be an amount in USD a month, such as 2000 or 49.99, not 'lots'"),
      );
      assert.deepStrictEqual(
        promptcost(['check', '--max-monthly=-5']),
        usage("--max-monthly must be an amount in USD a month, such as 2000 or 49.99, not '-5'"),
      );
      assert.deepStrictEqual(
        promptcost(['check', '--max-monthly', '$2,000']),
        usage("--max-monthly must be an amount in USD a month, such as 2000 or 49.99, not '$2,000'"),
      );
      assert.deepStrictEqual(
        promptcost(['check', '--max-monthly', '']),
        usage("--max-monthly must be an amount in USD a month, such as 2000 or 49.99, not ''"),
      );
      assert.deepStrictEqual(promptcost(['check', '--fail-on', 'info']), usage("--fail-on must be one of warning, error, not 'info'"));
      assert.deepStrictEqual(promptcost(['check', '--format', 'table']), usage("--format must be one of text, json, sarif, github, not 'table'"));
      assert.deepStrictEqual(promptcost(['check', '--calls', '1.5']), usage("--calls must be a whole number of calls a month, such as 30000, not '1.5'"));
      assert.deepStrictEqual(promptcost(['check', '--model', ' ']), usage('--model needs a model id, e.g. gpt-4o-mini'));
      assert.strictEqual(promptcost(['check', '--max']).code, 2);
    });

    it('exits 2 for a missing path, checking what it can and saying the check is incomplete', () => {
      const dir = make({ 'greet.prompt.yml': GREETER });
      const run = promptcost(['check', 'greet.prompt.yml', 'no/such/folder'], dir);
      assert.deepStrictEqual(run, {
        code: 2,
        stdout: [
          'Incomplete: no/such/folder: no such file or folder',
          'Check incomplete: 1 input not covered (listed above); nothing failed in what could be read: $10.25/month for 1 site.',
          '',
        ].join('\n'),
        stderr: 'promptcost: no/such/folder: no such file or folder\n',
      });
    });

    it('exits 2 for a broken promptcost.yaml, even when the check would pass', () => {
      const dir = make({ 'greet.prompt.yml': GREETER, 'promptcost.yaml': 'defaults:\n  monthlyCalls: many\n' });
      const run = promptcost(['check', dir, '--format', 'json']);
      assert.strictEqual(run.code, 2);
      assert.strictEqual(run.stderr, `promptcost: ${path.join(dir, 'promptcost.yaml')}:2:17: error: defaults.monthlyCalls: monthlyCalls must be a number.\n`);
      assert.deepStrictEqual((JSON.parse(run.stdout) as { check: { passed: boolean; complete: boolean } }).check, {
        passed: false,
        complete: false,
        failOn: 'error',
        maxMonthly: null,
        reasons: [],
        incompleteBecause: [
          {
            cause: 'invalid-config',
            file: path.join(dir, 'promptcost.yaml'),
            line: 2,
            column: 17,
            reason: 'error: defaults.monthlyCalls: monthlyCalls must be a number.',
            text: `Incomplete: ${path.join(dir, 'promptcost.yaml')}:2:17: error: defaults.monthlyCalls: monthlyCalls must be a number.`,
          },
        ],
      });
    });
  });

  it('is in the help text', () => {
    const help = promptcost(['--help']).stdout;
    assert.ok(
      help.includes(
        'promptcost check [paths…] [--max-monthly USD] [--fail-on warning|error] [--format text|json|sarif|github] [--model ID] [--calls N] [--config FILE]',
      ),
    );
    assert.ok(help.includes('Exit codes: 0 success · 1 check failed · 2 bad arguments, a file that could not be read, or an invalid promptcost.yaml'));
    assert.strictEqual(promptcost(['check', '--help']).stdout, `${help}`);
  });
});

describe('checkReport', () => {
  const at = (line: number, character: number) => ({ start: { line, character }, end: { line, character } });
  const site = (id: string, file: string, line: number): PromptSite => ({
    id,
    kind: 'sdk-call',
    sdk: 'openai.chat',
    file,
    range: at(line, 0),
    messages: [],
    options: {},
  });
  const estimate = (monthly: number): Estimate => ({
    model: { id: 'gpt-4o-mini', source: 'file', origin: 'literal' },
    tokens: { input: 1, static: 1, dynamic: 0, framing: 0, tools: 0, cacheablePrefix: 0, cached: 0, outputExpected: 1, exact: true },
    messages: [],
    variables: [],
    cache: { mode: 'none', minTokens: 0, hitRate: 0, ttlSeconds: 0 },
    cost: { priced: true, pricesAsOf: '2025-06-01', tier: 'standard', perCall: monthly / 1000, monthly },
    monthlyCalls: 1000,
    assumptions: [],
  });
  const finding = (rule: FindingCode, severity: Finding['severity'], line: number, character = 0): Finding => ({
    rule,
    severity,
    message: `${rule} here\nmore detail`,
    range: at(line, character),
    fixes: [],
  });
  // A problem of the whole file is the file's, once, not each of its sites'.
  const syntax = finding('syntax-error', 'error', 0);
  const sites: ReportSite[] = [
    {
      site: site('b.ts#f', 'b.ts', 4),
      estimate: estimate(10.004),
      findings: [finding('missing-max-tokens', 'warning', 4, 2), finding('cheaper-model', 'info', 4), finding('batch-candidate', 'hint', 4)],
      alternatives: [],
    },
    { site: site('b.ts#g', 'b.ts', 9), estimate: estimate(5), findings: [finding('missing-max-tokens', 'warning', 9, 2)], alternatives: [] },
    { site: site('a.ts#f', 'a.ts', 2), estimate: estimate(1), findings: [finding('context-overflow', 'error', 2, 6)], alternatives: [] },
  ];
  const report: Report = {
    pricesAsOf: '2025-06-01',
    sites,
    fileFindings: [{ file: 'b.ts', findings: [syntax] }],
    skipped: [],
    cancelled: false,
    totals: computeTotals(sites),
  };

  it('fails on errors only by default, each file-wide problem once, sorted by file, line and column', () => {
    const check = checkReport(report, 'error', null);
    assert.deepStrictEqual(
      check.reasons.map((reason) => reason.text),
      ['a.ts:3:7  error  context-overflow  context-overflow here', 'b.ts:1:1  error  syntax-error  syntax-error here'],
    );
    assert.deepStrictEqual([check.passed, check.complete], [false, true]);
  });

  it('at warning adds warnings, never info or hints; the budget compares the total to the cent', () => {
    const check = checkReport(report, 'warning', 16);
    // $10.00 + $5.00 + $1.00 = $16.00: not over a budget of 16, so no budget line.
    assert.strictEqual(report.totals.monthlyCost, 16);
    assert.deepStrictEqual(
      check.reasons.map((reason) => reason.text),
      [
        'a.ts:3:7  error  context-overflow  context-overflow here',
        'b.ts:1:1  error  syntax-error  syntax-error here',
        'b.ts:5:3  warning  missing-max-tokens  missing-max-tokens here',
        'b.ts:10:3  warning  missing-max-tokens  missing-max-tokens here',
      ],
    );
    assert.deepStrictEqual(checkReport(report, 'error', 15.99).reasons[0], {
      type: 'budget',
      text: 'Budget: $16.00/month exceeds --max-monthly $15.99',
      monthlyCost: 16,
      maxMonthly: 15.99,
    });
  });

  it('passes when nothing is at or above the threshold and the total is within budget', () => {
    const clean = sites.map((entry) => ({ ...entry, findings: entry.findings.filter((f) => f.severity === 'info' || f.severity === 'hint') }));
    const cleanReport = { ...report, sites: clean, fileFindings: [], totals: computeTotals(clean) };
    const check = checkReport(cleanReport, 'warning', 16);
    assert.deepStrictEqual(check, { passed: true, complete: true, failOn: 'warning', maxMonthly: 16, reasons: [], incompleteBecause: [] });
  });

  it('never passes on partial input: a promptcost.yaml problem, a skipped file or an internal error makes it incomplete, each named', () => {
    const clean = sites.map((entry) => ({ ...entry, findings: [] }));
    const crashed = finding('internal-error', 'warning', 6, 4);
    const partial: Report = {
      ...report,
      sites: clean,
      fileFindings: [{ file: 'c.ts', findings: [crashed] }],
      skipped: [
        { file: 'bundle.js', reason: 'larger than 1,000,000 bytes; not parsed', cause: 'too-large' },
        { file: 'pipe.prompty', reason: 'not a regular file (a named pipe); skipped', cause: 'not-a-file' },
      ],
      totals: computeTotals(clean),
    };
    const check = checkReport(partial, 'error', null, [{ file: 'promptcost.yaml', line: 2, column: 17, message: 'error: monthlyCalls must be a number.' }]);
    assert.deepStrictEqual(check, {
      passed: false,
      complete: false,
      failOn: 'error',
      maxMonthly: null,
      // A warning below --fail-on error: no reason to fail, but the file was not analysed.
      reasons: [],
      incompleteBecause: [
        {
          cause: 'invalid-config',
          file: 'promptcost.yaml',
          line: 2,
          column: 17,
          reason: 'error: monthlyCalls must be a number.',
          text: 'Incomplete: promptcost.yaml:2:17: error: monthlyCalls must be a number.',
        },
        {
          cause: 'too-large',
          file: 'bundle.js',
          reason: 'larger than 1,000,000 bytes; not parsed',
          text: 'Incomplete: bundle.js: larger than 1,000,000 bytes; not parsed',
        },
        {
          cause: 'not-a-file',
          file: 'pipe.prompty',
          reason: 'not a regular file (a named pipe); skipped',
          text: 'Incomplete: pipe.prompty: not a regular file (a named pipe); skipped',
        },
        { cause: 'internal-error', file: 'c.ts', line: 7, column: 5, reason: 'internal-error here', text: 'Incomplete: c.ts:7:5: internal-error here' },
      ],
    });
    // Each alone is enough.
    assert.strictEqual(checkReport({ ...partial, skipped: [] }, 'error', null).complete, false);
    assert.strictEqual(checkReport({ ...partial, fileFindings: [] }, 'error', null).complete, false);
    assert.strictEqual(checkReport({ ...partial, skipped: [], fileFindings: [] }, 'error', null).complete, true);
  });
});

describe('promptcost internal errors', () => {
  it('exit 3 with the stack on stderr, never 1 (a failed check) or 2 (usage)', () => {
    const result = spawnSync(
      process.execPath,
      ['--require', path.join(ROOT, 'test/fixtures/cli/failingJson.cjs'), CLI, 'count', 'test/fixtures/workspace/docs/tone-guide.md', '--format', 'json'],
      { cwd: ROOT, encoding: 'utf8' },
    );
    assert.strictEqual(result.status, 3);
    assert.match(result.stderr, /^promptcost: internal error: Error: JSON\.stringify failed \(test fixture\)\n {4}at /);
    assert.strictEqual(result.stdout, '');
  });
});
