import * as assert from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist/cli.js');

/** Runs the CLI; a call that hangs is killed after 20 s and fails the test instead of stalling the run. */
// The day of the bundled price data: the stale-prices warning (90 days on) must not reach the stderr these tests read.
const PINNED_DAY = { ...process.env, PROMPTCOST_TODAY: '2026-09-23' };

function promptcost(args: string[], cwd: string): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 20_000, env: PINNED_DAY });
  if (result.error || result.signal) assert.fail(`promptcost ${args.join(' ')} did not finish: ${result.error?.message ?? result.signal}`);
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface JsonReport {
  sites: Array<{ file: string; tokens: { input: number }; cost: { perCall: number | null; monthly: number | null } }>;
  fileFindings: unknown[];
  skipped: Array<{ file: string; reason: string; cause: string }>;
  total: { sites: number; monthlyCost: number };
  check?: { passed: boolean; complete: boolean; reasons: unknown[]; incompleteBecause: Array<{ cause: string; file: string; reason: string; text: string }> };
}

const json = (stdout: string) => JSON.parse(stdout) as JsonReport;

// gpt-4o, 10 input tokens and 100 output tokens expected (half the 200-token cap): $0.001025 a call, $10.25 a month at the default 10,000 calls.
const GREETER = 'name: Greeter\nmodel: openai/gpt-4o\nmodelParameters:\n  maxTokens: 200\nmessages:\n  - role: user\n    content: Say hello.\n';
const GREETER_SITE = { file: 'greet.prompt.yml', tokens: 10, monthly: 10.25 };
const sitesOf = (report: JsonReport) => report.sites.map((site) => ({ file: site.file, tokens: site.tokens.input, monthly: site.cost.monthly }));

const NAMED_PIPE = 'not a regular file (a named pipe); skipped';
const TOO_LARGE = 'larger than 1,000,000 bytes; not parsed';
const OUTSIDE_LINK = 'a link to a path outside the scanned folder; not followed';

describe('promptcost on hostile files (CLI)', () => {
  let dir: string;
  let outside: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'promptcost-hostile-'));
    outside = fs.mkdtempSync(path.join(os.tmpdir(), 'promptcost-outside-'));
    fs.writeFileSync(path.join(dir, 'greet.prompt.yml'), GREETER);
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(outside, { recursive: true, force: true });
  });

  /**
   * Makes a named pipe in the temporary folder. The suite runs where `npm test` runs, a Debian-like
   * Linux (its editor layers install Debian packages): a missing mkfifo fails the test rather than
   * let the named-pipe checks go unrun.
   */
  function mkfifo(name: string): void {
    execFileSync('mkfifo', [path.join(dir, name)]);
  }

  describe('what is not a regular file is never read', () => {
    it('a named pipe on the command line is skipped, not waited on: listed, exit 0', function () {
      mkfifo('pipe.prompt.yml');
      const run = promptcost(['estimate', 'pipe.prompt.yml', 'greet.prompt.yml', '--format', 'json'], dir);
      assert.strictEqual(run.stderr, `promptcost: pipe.prompt.yml: ${NAMED_PIPE}\n`);
      assert.strictEqual(run.code, 0);
      const report = json(run.stdout);
      assert.deepStrictEqual(report.skipped, [{ file: 'pipe.prompt.yml', reason: NAMED_PIPE, cause: 'not-a-file' }]);
      assert.deepStrictEqual(sitesOf(report), [GREETER_SITE]);
    });

    it('a named pipe in a folder is skipped and listed; the rest is estimated', function () {
      mkfifo('pipe.prompt.yml');
      const run = promptcost(['estimate', dir], ROOT);
      assert.strictEqual(run.code, 0);
      assert.strictEqual(run.stderr, `promptcost: pipe.prompt.yml: ${NAMED_PIPE}\n`);
      assert.ok(run.stdout.includes(`\nSkipped:\n  pipe.prompt.yml: ${NAMED_PIPE}\n`), run.stdout);
      assert.match(run.stdout, /^greet\.prompt\.yml:1 +gpt-4o +10 +\$0\.0010 +\$10\.25/m);
    });

    it('/dev/zero on the command line is skipped, not read', function () {
      const run = promptcost(['estimate', '/dev/zero', 'greet.prompt.yml', '--format', 'json'], dir);
      // Files named on the command line are relative to the current folder.
      const shown = path.relative(dir, '/dev/zero').split(path.sep).join('/');
      assert.strictEqual(run.stderr, `promptcost: ${shown}: not a regular file (a character device); skipped\n`);
      assert.strictEqual(run.code, 0);
      assert.deepStrictEqual(json(run.stdout).skipped, [{ file: shown, reason: 'not a regular file (a character device); skipped', cause: 'not-a-file' }]);
      assert.deepStrictEqual(sitesOf(json(run.stdout)), [GREETER_SITE]);
    });

    it('promptcost count refuses a named pipe and /dev/zero without waiting: exit 2', function () {
      mkfifo('pipe.txt');
      const run = promptcost(['count', 'pipe.txt', '/dev/zero'], dir);
      assert.strictEqual(run.code, 2);
      assert.strictEqual(run.stderr, `promptcost: pipe.txt: ${NAMED_PIPE}\npromptcost: /dev/zero: not a regular file (a character device); skipped\n`);
    });
  });

  describe('links', () => {
    it('a link loop ends the walk instead of hanging it; a prompt file name that loops is listed', () => {
      fs.symlinkSync('.', path.join(dir, 'self'));
      fs.symlinkSync('b', path.join(dir, 'a'));
      fs.symlinkSync('a', path.join(dir, 'b'));
      fs.symlinkSync('loop.prompty', path.join(dir, 'loop.prompty'));
      const run = promptcost(['estimate', '.', '--format', 'json'], dir);
      assert.strictEqual(run.code, 0);
      const report = json(run.stdout);
      assert.deepStrictEqual(report.skipped, [
        { file: 'loop.prompty', reason: 'a link that leads back to itself (a loop); not followed', cause: 'broken-link' },
      ]);
      // Reached again through `self`, the prompt file is still counted once.
      assert.deepStrictEqual(sitesOf(report), [GREETER_SITE]);
    });

    it('a link out of the scanned folder is not followed, and every format lists it', () => {
      fs.mkdirSync(path.join(outside, 'prompts'));
      fs.writeFileSync(path.join(outside, 'prompts', 'secret.prompt.yml'), GREETER);
      fs.symlinkSync(path.join(outside, 'prompts'), path.join(dir, 'shared'));
      fs.symlinkSync(path.join(outside, 'prompts', 'secret.prompt.yml'), path.join(dir, 'secret.prompt.yml'));
      const run = promptcost(['estimate', dir, '--format', 'json'], ROOT);
      assert.strictEqual(run.code, 0);
      assert.strictEqual(run.stderr, `promptcost: secret.prompt.yml: ${OUTSIDE_LINK}\npromptcost: shared: ${OUTSIDE_LINK}\n`);
      const report = json(run.stdout);
      assert.deepStrictEqual(report.skipped, [
        { file: 'secret.prompt.yml', reason: OUTSIDE_LINK, cause: 'outside-link' },
        { file: 'shared', reason: OUTSIDE_LINK, cause: 'outside-link' },
      ]);
      assert.deepStrictEqual(sitesOf(report), [GREETER_SITE]);
      const table = promptcost(['estimate', dir], ROOT).stdout;
      assert.ok(table.includes(`\nSkipped:\n  secret.prompt.yml: ${OUTSIDE_LINK}\n  shared: ${OUTSIDE_LINK}\n`), table);
      const markdown = promptcost(['estimate', dir, '--format', 'markdown'], ROOT).stdout;
      assert.ok(markdown.includes(`\n### Skipped\n\n- \`secret.prompt.yml\`: ${OUTSIDE_LINK}\n- \`shared\`: ${OUTSIDE_LINK}\n`), markdown);
    });

    it('an import through a link out of the folder is not read: its value stays unknown', () => {
      fs.writeFileSync(path.join(outside, 'prompts.ts'), "export const SYSTEM = 'You are an assistant whose instructions live outside the scanned folder.';\n");
      fs.mkdirSync(path.join(dir, 'src'));
      fs.symlinkSync(outside, path.join(dir, 'src', 'shared'));
      fs.writeFileSync(
        path.join(dir, 'src', 'bot.ts'),
        [
          "import OpenAI from 'openai';",
          "import { SYSTEM } from './shared/prompts';",
          'const client = new OpenAI();',
          'export async function answer(question: string) {',
          "  return client.chat.completions.create({ model: 'gpt-4o-mini', max_completion_tokens: 50, messages: [{ role: 'system', content: SYSTEM }, { role: 'user', content: question }] });",
          '}',
          '',
        ].join('\n'),
      );
      const run = promptcost(['estimate', dir, '--format', 'json'], ROOT);
      assert.strictEqual(run.code, 0);
      const report = json(run.stdout);
      assert.deepStrictEqual(report.skipped, [{ file: 'src/shared', reason: OUTSIDE_LINK, cause: 'outside-link' }]);
      // SYSTEM and question at the default 100 tokens each, as if prompts.ts did not exist: the text outside is not read.
      assert.deepStrictEqual(sitesOf(report)[1], { file: 'src/bot.ts', tokens: 211, monthly: 0.47 });
    });
  });

  describe('binary, huge, badly encoded and empty files', () => {
    it('a NUL byte at 20 KB makes a file binary: skipped and listed, exit 0', () => {
      const text = Buffer.from(`---\nname: Late\nmodel: gpt-4o\n---\nuser:\n${'Say hello to the customer.\n'.repeat(800)}`);
      assert.ok(text.length > 20 * 1024);
      text[20 * 1024] = 0;
      fs.writeFileSync(path.join(dir, 'late.prompty'), text);
      const run = promptcost(['estimate', dir, '--format', 'json'], ROOT);
      assert.deepStrictEqual([run.code, run.stderr], [0, 'promptcost: late.prompty: looks binary; not parsed\n']);
      assert.deepStrictEqual(json(run.stdout).skipped, [{ file: 'late.prompty', reason: 'looks binary; not parsed', cause: 'binary' }]);
    });

    it('a 50 MB prompt file and a 5 MB bundle are skipped from their size, exit 0', () => {
      fs.writeFileSync(path.join(dir, 'huge.prompt.yml'), '');
      // Sparse: neither writing it nor refusing it reads 50 MB.
      fs.truncateSync(path.join(dir, 'huge.prompt.yml'), 50 * 1024 * 1024);
      const call = "c.chat.completions.create({model:'gpt-4o',messages:[{role:'user',content:'hi'}]});";
      fs.writeFileSync(path.join(dir, 'app.min.js'), `import OpenAI from 'openai';const c=new OpenAI();${call.repeat(Math.ceil(5_000_000 / call.length))}`);
      const run = promptcost(['estimate', dir, '--format', 'json'], ROOT);
      assert.strictEqual(run.code, 0);
      assert.strictEqual(run.stderr, `promptcost: app.min.js: ${TOO_LARGE}\npromptcost: huge.prompt.yml: ${TOO_LARGE}\n`);
      const report = json(run.stdout);
      assert.deepStrictEqual(report.skipped, [
        { file: 'app.min.js', reason: TOO_LARGE, cause: 'too-large' },
        { file: 'huge.prompt.yml', reason: TOO_LARGE, cause: 'too-large' },
      ]);
      assert.deepStrictEqual(sitesOf(report), [GREETER_SITE]);
    });

    it('invalid UTF-8 is read with replacement characters: the scan goes on and the estimate is finite', () => {
      const bad = Buffer.concat([
        Buffer.from('name: Bad\nmodel: gpt-4o\nmodelParameters:\n  maxTokens: 200\nmessages:\n  - role: user\n    content: "caf'),
        Buffer.from([0xe9, 0x20, 0xff, 0xfe, 0x20, 0xc3]),
        Buffer.from('"\n'),
      ]);
      fs.writeFileSync(path.join(dir, 'bad.prompt.yml'), bad);
      const run = promptcost(['estimate', dir, '--format', 'json'], ROOT);
      assert.deepStrictEqual([run.code, run.stderr], [0, '']);
      const report = json(run.stdout);
      assert.deepStrictEqual(report.skipped, []);
      assert.deepStrictEqual(sitesOf(report), [{ file: 'bad.prompt.yml', tokens: 11, monthly: 10.28 }, GREETER_SITE]);
      assert.ok(report.sites.every((site) => Number.isFinite(site.cost.perCall) && Number.isFinite(site.cost.monthly)));
    });

    it('an empty prompt file and an empty source file: no site, no finding, nothing skipped', () => {
      fs.writeFileSync(path.join(dir, 'empty.prompt.yml'), '');
      fs.writeFileSync(path.join(dir, 'empty.prompty'), '\n');
      fs.writeFileSync(path.join(dir, 'empty.ts'), '');
      const run = promptcost(['check', dir, '--format', 'json'], ROOT);
      assert.deepStrictEqual([run.code, run.stderr], [0, '']);
      const report = json(run.stdout);
      assert.deepStrictEqual([sitesOf(report), report.fileFindings, report.skipped], [[GREETER_SITE], [], []]);
    });
  });

  describe('--config', () => {
    it('a folder is a usage problem, exit 2, not an internal error; the estimate is still printed', () => {
      fs.mkdirSync(path.join(dir, 'settings'));
      const run = promptcost(['estimate', '.', '--config', 'settings'], dir);
      assert.strictEqual(run.stderr, 'promptcost: settings: is a folder; --config takes a file\n');
      assert.strictEqual(run.code, 2);
      assert.match(run.stdout, /^greet\.prompt\.yml:1 +gpt-4o +10/m);
    });

    it('a named pipe is not read either', function () {
      mkfifo('settings.yaml');
      const run = promptcost(['estimate', '.', '--config', 'settings.yaml'], dir);
      assert.deepStrictEqual([run.code, run.stderr], [2, `promptcost: settings.yaml: ${NAMED_PIPE}\n`]);
    });
  });

  describe('check never passes on part of the input', () => {
    it('a skipped file makes it incomplete: exit 2, the file named in the text output', () => {
      fs.writeFileSync(path.join(dir, 'huge.prompt.yml'), '');
      fs.truncateSync(path.join(dir, 'huge.prompt.yml'), 50 * 1024 * 1024);
      const run = promptcost(['check', dir], ROOT);
      assert.deepStrictEqual(run, {
        code: 2,
        stdout: [
          `Incomplete: huge.prompt.yml: ${TOO_LARGE}`,
          'Check incomplete: 1 input not covered (listed above); nothing failed in what could be read: $10.25/month for 1 site.',
          '',
        ].join('\n'),
        stderr: `promptcost: huge.prompt.yml: ${TOO_LARGE}\n`,
      });
    });

    it('and in the JSON: complete false, each input in check.incompleteBecause', function () {
      mkfifo('pipe.prompty');
      fs.symlinkSync(outside, path.join(dir, 'shared'));
      const run = promptcost(['check', dir, '--format', 'json', '--max-monthly', '100'], ROOT);
      assert.strictEqual(run.code, 2);
      const { check, skipped } = json(run.stdout);
      assert.deepStrictEqual(skipped, [
        { file: 'pipe.prompty', reason: NAMED_PIPE, cause: 'not-a-file' },
        { file: 'shared', reason: OUTSIDE_LINK, cause: 'outside-link' },
      ]);
      assert.deepStrictEqual(check, {
        passed: false,
        complete: false,
        failOn: 'error',
        maxMonthly: 100,
        reasons: [],
        incompleteBecause: [
          { cause: 'not-a-file', file: 'pipe.prompty', reason: NAMED_PIPE, text: `Incomplete: pipe.prompty: ${NAMED_PIPE}` },
          { cause: 'outside-link', file: 'shared', reason: OUTSIDE_LINK, text: `Incomplete: shared: ${OUTSIDE_LINK}` },
        ],
      });
    });
  });
});
