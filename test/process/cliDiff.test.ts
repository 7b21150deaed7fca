import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { git } from '../harness/git';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist/cli.js');

function promptcost(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GITHUB_STEP_SUMMARY: '', PROMPTCOST_TODAY: '2026-09-23', ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

// gpt-4o at $2.50/$10 per million: 10 input tokens and 100 output tokens cost $0.001025 a call,
// $1,025.00 a month at a million calls; gpt-4o-mini at $0.15/$0.60: $61.50.
const greeter = (model: string) =>
  `name: Greeter\nmodel: openai/${model}\nmodelParameters:\n  maxTokens: 200\nmessages:\n  - role: user\n    content: Say hello.\n`;
const MILLION_CALLS = 'defaults:\n  monthlyCalls: 1000000\n  outputTokens: 100\n';

/** A repository with one commit: promptcost.yaml, the greeter prompt and a code file with no LLM call. */
function repository(): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'promptcost-diff-test-')));
  fs.mkdirSync(path.join(dir, 'prompts'));
  fs.mkdirSync(path.join(dir, 'src'));
  fs.writeFileSync(path.join(dir, 'promptcost.yaml'), MILLION_CALLS);
  fs.writeFileSync(path.join(dir, 'prompts/greeter.prompt.yml'), greeter('gpt-4o'));
  fs.writeFileSync(path.join(dir, 'src/util.ts'), 'export const add = (a: number, b: number) => a + b;\n');
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  return dir;
}

/** What must not change while diff runs: the working tree's status, the index, HEAD and the branches. */
function repositoryState(dir: string): string {
  return [
    git(dir, 'status', '--porcelain', '--untracked-files=all'),
    fs.readFileSync(path.join(dir, '.git/index')).toString('base64'),
    git(dir, 'rev-parse', 'HEAD'),
    git(dir, 'branch', '-a'),
  ].join('\n');
}

describe('promptcost diff (CLI)', function () {
  // Each test runs the CLI up to ten times, each starting its worker and tables: minutes on a loaded machine.
  this.timeout(180_000);
  const dirs: string[] = [];
  const made = (dir: string) => (dirs.push(dir), dir);
  after(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reports exactly the site whose model changed, with the reason and the dollars, and touches nothing', () => {
    const dir = made(repository());
    fs.writeFileSync(path.join(dir, 'prompts/greeter.prompt.yml'), greeter('gpt-4o-mini'));
    const before = repositoryState(dir);
    const { code, stdout, stderr } = promptcost(['diff', '--base', 'HEAD', '--format', 'json'], dir);
    assert.strictEqual(stderr, '');
    assert.strictEqual(code, 0);
    const diff = JSON.parse(stdout);
    assert.strictEqual(diff.version, 1);
    assert.match(diff.base, /^HEAD \([0-9a-f]{7,}\)$/);
    assert.strictEqual(diff.head, 'working tree');
    assert.deepStrictEqual(
      diff.sites.map(({ id, file, line, status, pastMonthly, monthly, diffMonthly, reasons }: Record<string, unknown>) => ({
        id,
        file,
        line,
        status,
        pastMonthly,
        monthly,
        diffMonthly,
        reasons,
      })),
      [
        {
          id: 'prompts/greeter.prompt.yml#Greeter',
          file: 'prompts/greeter.prompt.yml',
          line: 1,
          status: 'changed',
          pastMonthly: 1025,
          monthly: 61.5,
          diffMonthly: -963.5,
          reasons: ['model gpt-4o → gpt-4o-mini'],
        },
      ],
    );
    assert.deepStrictEqual([diff.pastTotalMonthlyCost, diff.totalMonthlyCost, diff.diffTotalMonthlyCost], [1025, 61.5, -963.5]);
    // At gpt-4o the cheaper-model rule had a finding; at gpt-4o-mini it has none: fixed by the change.
    assert.deepStrictEqual(diff.findings.new, []);
    assert.deepStrictEqual(
      diff.findings.fixed.map(({ siteId, rule, monthlySavings }: Record<string, unknown>) => ({ siteId, rule, monthlySavings })),
      [{ siteId: 'prompts/greeter.prompt.yml#Greeter', rule: 'cheaper-model', monthlySavings: 861 }],
    );
    assert.strictEqual(repositoryState(dir), before);

    const markdown = promptcost(['diff', '--base', 'HEAD', '--format', 'markdown'], dir);
    assert.strictEqual(markdown.stdout.split('\n')[0], '### Prompt Cost: −$963.50/month (−94%)');
    const table = promptcost(['diff', '--base', 'HEAD'], dir);
    assert.deepStrictEqual(table.stdout.split('\n').slice(3, 5), [
      '−$963.50  changed  $1,025.00 → $61.50  prompts/greeter.prompt.yml:1  greeter.prompt.yml › Greeter',
      '          - model gpt-4o → gpt-4o-mini',
    ]);
    assert.strictEqual(repositoryState(dir), before);
  });

  it('--format github: the table fenced off, annotations from the repository root, the Markdown in the job summary', () => {
    const dir = made(repository());
    fs.writeFileSync(path.join(dir, 'promptcost.yaml'), `${MILLION_CALLS}policy:\n  maxMonthlyIncrease: 10\n`);
    fs.writeFileSync(path.join(dir, 'prompts/greeter.prompt.yml'), greeter('gpt-4o-mini'));
    git(dir, 'commit', '-q', '-am', 'cheap greeter, with a policy');
    fs.writeFileSync(path.join(dir, 'prompts/greeter.prompt.yml'), greeter('gpt-4o'));
    const summary = path.join(dir, '..', `${path.basename(dir)}-summary.md`);
    fs.writeFileSync(summary, '## An earlier step\n');
    made(summary);
    const { code, stdout } = promptcost(['diff', '--base', 'HEAD', '--format', 'github'], dir, { GITHUB_STEP_SUMMARY: summary });
    assert.strictEqual(code, 1);
    const lines = stdout.trimEnd().split('\n');
    const fence = /^::stop-commands::([0-9a-f]{32})$/.exec(lines[0]);
    assert.ok(fence, lines[0]);
    const end = lines.indexOf(`::${fence[1]}::`);
    assert.deepStrictEqual(lines.slice(1, 4), ['+$963.50/month (+1567%): $61.50 → $1,025.00 a month (HEAD (' + lines[1].split('HEAD (')[1], '1 changed', '']);
    assert.deepStrictEqual(lines.slice(end + 1), [
      // The total's increase is about no one site; the largest money first among the notices.
      '::error title=Prompt Cost%3A policy maxMonthlyIncrease::This change adds +$963.50/month, over maxMonthlyIncrease $10.00.',
      '::notice file=prompts/greeter.prompt.yml,line=1,title=Prompt Cost%3A +$963.50/month::greeter.prompt.yml › Greeter: $61.50 → $1,025.00 a month — model gpt-4o-mini → gpt-4o',
      '::notice file=prompts/greeter.prompt.yml,line=2,title=Prompt Cost%3A cheaper-model::gpt-4.1-mini would cost $164.00/month here instead of $1,025.00 at 1,000,000 calls a month (−84%25), if it does the job: check it on your evals. Also cheaper: gpt-4o-mini $61.50 (−94%25), gpt-4.1-nano $41.00 (−96%25). (the fix saves $861.00/month)',
    ]);
    const written = fs.readFileSync(summary, 'utf8').split('\n');
    assert.deepStrictEqual(written.slice(0, 2), ['## An earlier step', '### Prompt Cost: +$963.50/month (+1567%)']);
    assert.deepStrictEqual(written.slice(-3), ['Policy failed (1):', '> This change adds +$963.50/month, over maxMonthlyIncrease $10.00.', '']);
    // check speaks the same way: its failure is an error annotation, its verdict heads the summary.
    const check = promptcost(['check', '--max-monthly', '100', '--format', 'github'], dir, { GITHUB_STEP_SUMMARY: summary });
    assert.strictEqual(check.code, 1);
    assert.ok(check.stdout.includes('\n::error title=Prompt Cost%3A check failed::Budget: $1,025.00/month exceeds --max-monthly $100.00\n'), check.stdout);
    assert.ok(fs.readFileSync(summary, 'utf8').includes('\n### Prompt Cost: Check failed: over budget; '), fs.readFileSync(summary, 'utf8'));
  });

  it("--base HEAD~1 after a commit that changed one call's model: exactly that site changed, its reason and dollars, totals that add up", () => {
    const dir = made(repository());
    const call = (fn: string, model: string) =>
      [
        "import OpenAI from 'openai';",
        'const client = new OpenAI();',
        `export async function ${fn}(question: string) {`,
        `  return client.chat.completions.create({ model: '${model}', max_tokens: 200, messages: [{ role: 'user', content: question }] });`,
        '}',
        '',
      ].join('\n');
    fs.writeFileSync(path.join(dir, 'src/answer.ts'), call('answer', 'gpt-4o'));
    fs.writeFileSync(path.join(dir, 'src/triage.ts'), call('triage', 'gpt-4o-mini'));
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'two calls');
    fs.writeFileSync(path.join(dir, 'src/answer.ts'), call('answer', 'gpt-4.1'));
    git(dir, 'commit', '-q', '-am', 'answer on gpt-4.1');
    const before = repositoryState(dir);
    const { code, stdout } = promptcost(['diff', '--base', 'HEAD~1', '--format', 'json'], dir);
    assert.strictEqual(code, 0);
    const diff = JSON.parse(stdout);
    const moved = diff.sites.filter((site: { status: string }) => site.status !== 'unchanged');
    // A million calls a month and 100 output tokens (promptcost.yaml); the user message is a variable
    // assumed at 100 tokens, 107 with chat framing. gpt-4o: 107 × $2.50 + 100 × $10 per million calls
    // = $1,267.50; gpt-4.1: 107 × $2 + 100 × $8 = $1,014.00.
    assert.deepStrictEqual(
      moved.map(({ id, status, pastMonthly, monthly, diffMonthly, reasons }: Record<string, unknown>) => ({
        id,
        status,
        pastMonthly,
        monthly,
        diffMonthly,
        reasons,
      })),
      [{ id: 'src/answer.ts#answer', status: 'changed', pastMonthly: 1267.5, monthly: 1014, diffMonthly: -253.5, reasons: ['model gpt-4o → gpt-4.1'] }],
    );
    assert.deepStrictEqual(diff.sites.map(({ id, status }: Record<string, unknown>) => `${id} ${status}`).sort(), [
      'prompts/greeter.prompt.yml#Greeter unchanged',
      'src/answer.ts#answer changed',
      'src/triage.ts#triage unchanged',
    ]);
    // The totals add up: the base's total plus every site's change is the head's total.
    const sum = diff.sites.reduce((total: number, site: { diffMonthly: number }) => total + site.diffMonthly, 0);
    assert.strictEqual(Math.round((diff.pastTotalMonthlyCost + sum) * 100) / 100, diff.totalMonthlyCost);
    assert.strictEqual(diff.diffTotalMonthlyCost, -253.5);
    assert.strictEqual(repositoryState(dir), before);
  });

  it('compares two commits with --head, whatever the working tree holds', () => {
    const dir = made(repository());
    fs.writeFileSync(path.join(dir, 'prompts/greeter.prompt.yml'), greeter('gpt-4o-mini'));
    git(dir, 'commit', '-q', '-am', 'cheaper');
    // Uncommitted and unrelated to the two commits: must neither count nor be touched.
    fs.writeFileSync(path.join(dir, 'prompts/greeter.prompt.yml'), greeter('gpt-4.1'));
    const before = repositoryState(dir);
    const { code, stdout } = promptcost(['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json'], dir);
    assert.strictEqual(code, 0);
    const diff = JSON.parse(stdout);
    assert.match(diff.head, /^HEAD \([0-9a-f]{7,}\)$/);
    assert.deepStrictEqual([diff.pastTotalMonthlyCost, diff.totalMonthlyCost, diff.sites[0].reasons], [1025, 61.5, ['model gpt-4o → gpt-4o-mini']]);
    assert.strictEqual(repositoryState(dir), before);
  });

  it("fails (exit 1) when the change breaks promptcost.yaml's policy, each reason said; the flag wins over it", () => {
    const dir = made(repository());
    fs.writeFileSync(path.join(dir, 'promptcost.yaml'), `${MILLION_CALLS}policy:\n  maxMonthlyIncrease: 10\n  blockUnknownModels: true\n`);
    fs.writeFileSync(path.join(dir, 'prompts/greeter.prompt.yml'), greeter('gpt-4o-mini'));
    git(dir, 'commit', '-q', '-am', 'cheap greeter, with a policy');
    fs.writeFileSync(path.join(dir, 'prompts/greeter.prompt.yml'), greeter('gpt-4o'));
    const failed = promptcost(['diff', '--base', 'HEAD'], dir);
    assert.strictEqual(failed.code, 1);
    assert.deepStrictEqual(failed.stdout.trimEnd().split('\n').slice(-3), [
      '',
      'Policy failed (1):',
      '  This change adds +$963.50/month, over maxMonthlyIncrease $10.00.',
    ]);
    const json = JSON.parse(promptcost(['diff', '--base', 'HEAD', '--format', 'json'], dir).stdout);
    assert.deepStrictEqual(json.policy, {
      passed: false,
      reasons: [{ policy: 'maxMonthlyIncrease', text: 'This change adds +$963.50/month, over maxMonthlyIncrease $10.00.' }],
    });
    assert.strictEqual(promptcost(['diff', '--base', 'HEAD', '--max-monthly-increase', '1000'], dir).code, 0);
    // SARIF holds only the findings the change adds: back at gpt-4o, cheaper-model finds a saving again.
    const sarif = JSON.parse(promptcost(['diff', '--base', 'HEAD', '--format', 'sarif', '--max-monthly-increase', '1000'], dir).stdout);
    assert.deepStrictEqual(
      sarif.runs[0].results.map(({ ruleId, locations }: { ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) => [
        ruleId,
        locations[0].physicalLocation.artifactLocation.uri,
      ]),
      [['cheaper-model', 'prompts/greeter.prompt.yml']],
    );
    const everything = JSON.parse(promptcost(['estimate', '--format', 'sarif'], dir).stdout);
    assert.deepStrictEqual([everything.version, everything.runs[0].results.map(({ ruleId }: { ruleId: string }) => ruleId)], ['2.1.0', ['cheaper-model']]);
    assert.deepStrictEqual(promptcost(['diff', '--base', 'HEAD', '--max-monthly-increase', 'lots'], dir), {
      code: 2,
      stdout: '',
      stderr: "promptcost: --max-monthly-increase must be an amount in USD a month, such as 100, not 'lots'\nRun 'promptcost --help' for usage.\n",
    });
    // check reads the same policy: a site at an unknown price fails it.
    fs.writeFileSync(path.join(dir, 'prompts/greeter.prompt.yml'), greeter('gpt-9-imaginary'));
    const check = promptcost(['check'], dir);
    assert.strictEqual(check.code, 1);
    assert.ok(
      check.stdout.startsWith('Unknown price: prompts/greeter.prompt.yml:1 (openai/gpt-9-imaginary) has no known price (policy blockUnknownModels)\n'),
      check.stdout,
    );
  });

  it('says what is wrong, exits 2 and changes nothing: an unknown ref, a path outside, no repository, a shallow clone, no sites', () => {
    const dir = made(repository());
    const usage = (message: string) => ({ code: 2, stdout: '', stderr: `promptcost: ${message}\nRun 'promptcost --help' for usage.\n` });
    assert.deepStrictEqual(
      promptcost(['diff', '--base', 'nope'], dir),
      usage("no commit 'nope' in this repository: give a branch, tag or commit, such as origin/main or HEAD~1"),
    );
    assert.deepStrictEqual(promptcost(['diff'], dir), usage('diff needs --base: the branch, tag or commit to compare with, such as origin/main or HEAD~1'));
    const outside = made(fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'promptcost-outside-'))));
    assert.deepStrictEqual(
      promptcost(['diff', '--base', 'HEAD', outside], dir),
      usage(`${outside} is outside the git repository at ${dir}: diff compares files of one repository`),
    );
    assert.deepStrictEqual(
      promptcost(['diff', '--base', 'HEAD'], outside),
      usage(`${outside} is not in a git repository: diff compares the working tree or a commit with a commit of its repository`),
    );

    git(dir, 'commit', '-q', '--allow-empty', '-m', 'second');
    const shallow = made(fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'promptcost-shallow-'))));
    git(shallow, 'clone', '-q', '--depth', '1', `file://${dir}`, 'clone');
    assert.deepStrictEqual(
      promptcost(['diff', '--base', 'HEAD~1'], path.join(shallow, 'clone')),
      usage(
        "no commit 'HEAD~1' in this shallow clone: fetch it first (git fetch --no-tags --depth=1 origin <branch or sha>), or check out with full history (actions/checkout: fetch-depth: 0)",
      ),
    );

    const before = repositoryState(dir);
    const empty = promptcost(['diff', '--base', 'HEAD', 'src'], dir);
    assert.strictEqual(empty.code, 2);
    assert.strictEqual(
      empty.stderr,
      'promptcost: no prompt file and no LLM call under src at either HEAD (' +
        git(dir, 'rev-parse', '--short', 'HEAD').trim() +
        ') or working tree: check the path (--allow-empty accepts an empty result)\n',
    );
    assert.strictEqual(promptcost(['diff', '--base', 'HEAD', 'src', '--allow-empty'], dir).code, 0);
    assert.strictEqual(repositoryState(dir), before);
  });
});
