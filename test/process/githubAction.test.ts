import * as assert from 'assert';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { writeActionRelease } from '../../scripts/actionRelease';
import { git } from '../harness/git';

const ROOT = path.resolve(__dirname, '../..');
/**
 * The Action as a release holds it (scripts/actionRelease.ts), in a folder with no node_modules above
 * it. Made in the suite's `before`, not while the file loads: a run that filters the suite out runs
 * none of its hooks, and left the folder behind.
 */
let release = '';

// At a million calls of 10 input and 100 output tokens: gpt-4o $1,025.00 a month, gpt-4.1 $820.00, gpt-4o-mini $61.50.
const greeter = (model: string) =>
  `name: Greeter\nmodel: openai/${model}\nmodelParameters:\n  maxTokens: 200\nmessages:\n  - role: user\n    content: Say hello.\n`;

/** A repository whose base commit calls gpt-4o-mini and whose head commit (checked out) calls gpt-4o. */
function pullRequestRepository(): { dir: string; baseSha: string } {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'promptcost-action-test-')));
  fs.mkdirSync(path.join(dir, 'prompts'));
  fs.writeFileSync(path.join(dir, 'promptcost.yaml'), 'defaults:\n  monthlyCalls: 1000000\n  outputTokens: 100\n');
  fs.writeFileSync(path.join(dir, 'prompts/greeter.prompt.yml'), greeter('gpt-4o-mini'));
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  const baseSha = git(dir, 'rev-parse', 'HEAD');
  fs.writeFileSync(path.join(dir, 'prompts/greeter.prompt.yml'), greeter('gpt-4o'));
  git(dir, 'commit', '-q', '-am', 'head: a pricier model');
  return { dir, baseSha };
}

interface Recorded {
  method: string;
  url: string;
  authorization?: string;
  body?: { body?: string };
}

/** GitHub's REST API for issue comments, in memory: lists, creates and edits; answers 403 for a read-only token. */
async function fakeGitHub(): Promise<{ url: string; requests: Recorded[]; comments: Array<{ id: number; body: string }>; close: () => Promise<void> }> {
  const requests: Recorded[] = [];
  const comments: Array<{ id: number; body: string }> = [{ id: 7, body: 'LGTM, a human wrote this' }];
  const server = http.createServer((request, response) => {
    let text = '';
    request.on('data', (chunk) => (text += chunk));
    request.on('end', () => {
      const body = text === '' ? undefined : JSON.parse(text);
      requests.push({ method: request.method!, url: request.url!, authorization: request.headers.authorization, body });
      const reply = (status: number, value: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(value));
      };
      if (request.headers.authorization === 'Bearer read-only') return reply(403, { message: 'Resource not accessible by integration' });
      const list = /^\/repos\/acme\/shop\/issues\/42\/comments\?per_page=100&page=(\d+)$/.exec(request.url!);
      if (request.method === 'GET' && list) return reply(200, list[1] === '1' ? comments : []);
      if (request.method === 'POST' && request.url === '/repos/acme/shop/issues/42/comments') {
        const comment = { id: 1000 + comments.length, body: body.body as string };
        comments.push(comment);
        return reply(201, { ...comment, html_url: `https://github.test/acme/shop/pull/42#issuecomment-${comment.id}` });
      }
      const edit = /^\/repos\/acme\/shop\/issues\/comments\/(\d+)$/.exec(request.url!);
      if (request.method === 'PATCH' && edit) {
        const comment = comments.find(({ id }) => id === Number(edit[1]));
        if (!comment) return reply(404, { message: 'Not Found' });
        comment.body = body.body;
        return reply(200, { ...comment, html_url: `https://github.test/acme/shop/pull/42#issuecomment-${comment.id}` });
      }
      reply(404, { message: 'Not Found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, comments, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Runs dist/action.js as the runner would: inputs as INPUT_*, the event file, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files. */
function runAction(
  dir: string,
  api: string,
  options: { inputs?: Record<string, string>; event?: object; token?: string },
): Promise<{ code: number | null; stdout: string; stderr: string; outputs: Record<string, string>; summary: string }> {
  const runner = fs.mkdtempSync(path.join(os.tmpdir(), 'promptcost-runner-'));
  const eventFile = path.join(runner, 'event.json');
  fs.writeFileSync(eventFile, JSON.stringify(options.event ?? {}));
  fs.writeFileSync(path.join(runner, 'output'), '');
  const inputs = Object.fromEntries(Object.entries(options.inputs ?? {}).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value]));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: dir,
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_API_URL: api,
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_OUTPUT: path.join(runner, 'output'),
    GITHUB_STEP_SUMMARY: path.join(runner, 'summary.md'),
    RUNNER_TEMP: runner,
    'INPUT_GITHUB-TOKEN': options.token ?? 'write-token',
    INPUT_COMMENT: 'update',
    ...inputs,
  };
  return new Promise((resolve, reject) => {
    // Not spawnSync: the fake GitHub server answers from this process's event loop.
    const child = spawn(process.execPath, [path.join(release, 'dist/action.js')], { cwd: os.tmpdir(), env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const outputs: Record<string, string> = {};
      const text = fs.readFileSync(path.join(runner, 'output'), 'utf8');
      for (const match of text.matchAll(/^([\w-]+)<<(promptcost_[0-9a-f]+)\n([\s\S]*?)\n\2$/gm)) outputs[match[1]] = match[3];
      const summaryFile = path.join(runner, 'summary.md');
      const summary = fs.existsSync(summaryFile) ? fs.readFileSync(summaryFile, 'utf8') : '';
      const reportPath = outputs['report-path'];
      if (reportPath !== undefined) outputs.report = fs.readFileSync(reportPath, 'utf8');
      fs.rmSync(runner, { recursive: true, force: true });
      resolve({ code, stdout, stderr, outputs, summary });
    });
  });
}

const pullRequestEvent = (baseSha: string, headRepository = 'acme/shop') => ({
  pull_request: { number: 42, base: { sha: baseSha, repo: { full_name: 'acme/shop' } }, head: { repo: { full_name: headRepository } } },
});

describe('the GitHub Action (its release files alone, against a fake GitHub)', function () {
  // Each run starts the engine worker twice (base and head): tens of seconds on a loaded machine.
  this.timeout(240_000);
  let github: Awaited<ReturnType<typeof fakeGitHub>>;
  const dirs: string[] = [];
  before(async () => {
    release = fs.mkdtempSync(path.join(os.tmpdir(), 'promptcost-action-release-'));
    writeActionRelease(ROOT, release);
    github = await fakeGitHub();
  });
  after(async () => {
    await github.close();
    if (release) fs.rmSync(release, { recursive: true, force: true });
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('creates one comment on the first run and updates that same comment on the next; outputs, summary and policy', async () => {
    const { dir, baseSha } = pullRequestRepository();
    dirs.push(dir);
    const status = git(dir, 'status', '--porcelain', '--untracked-files=all');

    const first = await runAction(dir, github.url, { event: pullRequestEvent(baseSha), inputs: { 'max-monthly-increase': '500' } });
    // +$963.50 a month is over the 500 the input allows: the step fails, after reporting everything.
    assert.strictEqual(first.code, 1, first.stdout + first.stderr);
    assert.deepStrictEqual(
      github.requests.map(({ method, url, authorization }) => `${method} ${url} ${authorization}`),
      ['GET /repos/acme/shop/issues/42/comments?per_page=100&page=1 Bearer write-token', 'POST /repos/acme/shop/issues/42/comments Bearer write-token'],
    );
    const created = github.comments.at(-1)!;
    assert.deepStrictEqual(created.body.split('\n').slice(0, 4), [
      '<!-- promptcost:diff -->',
      '### Prompt Cost: +$963.50/month (+1567%)',
      '',
      // The base is the pull request's base commit, said short.
      `$61.50 → $1,025.00 a month · ${git(dir, 'rev-parse', '--short', baseSha)} → working tree · 1 changed`,
    ]);
    assert.ok(
      created.body.includes(
        '| greeter.prompt.yml › Greeter (`prompts/greeter.prompt.yml:1`) | changed | $61.50 | $1,025.00 | +$963.50 | model gpt-4o-mini → gpt-4o |',
      ),
      created.body,
    );
    assert.ok(created.body.endsWith('Policy failed (1):\n> This change adds +$963.50/month, over maxMonthlyIncrease $500.00.'), created.body);
    assert.strictEqual(first.outputs['monthly-cost'], '1025');
    assert.strictEqual(first.outputs['monthly-diff'], '963.5');
    const report = JSON.parse(first.outputs.report);
    assert.deepStrictEqual(
      [report.pastTotalMonthlyCost, report.totalMonthlyCost, report.diffTotalMonthlyCost, report.policy.passed],
      [61.5, 1025, 963.5, false],
    );
    assert.ok(first.summary.startsWith('### Prompt Cost: +$963.50/month (+1567%)\n'), first.summary);
    assert.ok(
      first.stdout.includes(
        '\n::notice file=prompts/greeter.prompt.yml,line=1,title=Prompt Cost%3A +$963.50/month::greeter.prompt.yml › Greeter: $61.50 → $1,025.00 a month — model gpt-4o-mini → gpt-4o\n',
      ),
      first.stdout,
    );
    assert.ok(first.stdout.includes(`Comment created: https://github.test/acme/shop/pull/42#issuecomment-${created.id}`), first.stdout);

    // The next push: a cheaper model, within the policy. The same comment is edited, none is added.
    fs.writeFileSync(path.join(dir, 'prompts/greeter.prompt.yml'), greeter('gpt-4.1'));
    git(dir, 'commit', '-q', '-am', 'head: a cheaper model');
    github.requests.length = 0;
    const second = await runAction(dir, github.url, { event: pullRequestEvent(baseSha), inputs: { 'max-monthly-increase': '1000' } });
    assert.strictEqual(second.code, 0, second.stdout + second.stderr);
    assert.deepStrictEqual(
      github.requests.map(({ method, url }) => `${method} ${url}`),
      ['GET /repos/acme/shop/issues/42/comments?per_page=100&page=1', `PATCH /repos/acme/shop/issues/comments/${created.id}`],
    );
    assert.strictEqual(github.comments.length, 2, 'the human comment and ours, no other');
    assert.deepStrictEqual(created.body.split('\n').slice(0, 2), ['<!-- promptcost:diff -->', '### Prompt Cost: +$758.50/month (+1233%)']);
    assert.strictEqual(second.outputs['monthly-diff'], '758.5');
    // The repository is as it was: the base was read from git's object store.
    assert.strictEqual(git(dir, 'status', '--porcelain', '--untracked-files=all'), status);
  });

  it('posts nothing for a fork, whose token cannot write, nor with comment: off; a refused call is a warning, not a failure', async () => {
    const { dir, baseSha } = pullRequestRepository();
    dirs.push(dir);
    github.requests.length = 0;
    const fork = await runAction(dir, github.url, { event: pullRequestEvent(baseSha, 'someone/shop') });
    assert.strictEqual(fork.code, 0, fork.stdout + fork.stderr);
    assert.ok(
      fork.stdout.includes(
        '::notice title=Prompt Cost::This pull request comes from a fork, whose token cannot write comments: the cost diff is in the job summary.',
      ),
      fork.stdout,
    );
    assert.ok(fork.summary.startsWith('### Prompt Cost: +$963.50/month (+1567%)'), fork.summary);
    const off = await runAction(dir, github.url, { event: pullRequestEvent(baseSha), inputs: { comment: 'off' } });
    assert.strictEqual(off.code, 0);
    assert.deepStrictEqual(github.requests, []);

    const refused = await runAction(dir, github.url, { event: pullRequestEvent(baseSha), token: 'read-only' });
    assert.strictEqual(refused.code, 0, refused.stdout + refused.stderr);
    assert.ok(
      refused.stdout.includes(
        '::warning title=Prompt Cost::Could not post the cost diff on the pull request (the job needs permissions: pull-requests: write): GET /repos/acme/shop/issues/42/comments?per_page=100&page=1: 403 Resource not accessible by integration. It is in the job summary.',
      ),
      refused.stdout,
    );
  });

  it('says what is wrong and exits 2 for a base the repository lacks or a bad input', async () => {
    const { dir } = pullRequestRepository();
    dirs.push(dir);
    const missing = await runAction(dir, github.url, { event: pullRequestEvent('0123456789abcdef0123456789abcdef01234567') });
    assert.strictEqual(missing.code, 2);
    assert.ok(missing.stdout.includes("::error title=Prompt Cost::no commit '0123456789abcdef0123456789abcdef01234567' in this repository"), missing.stdout);
    const bad = await runAction(dir, github.url, { event: pullRequestEvent('HEAD~1'), inputs: { comment: 'sticky' } });
    assert.strictEqual(bad.code, 2);
    assert.ok(bad.stdout.includes("::error title=Prompt Cost::the comment input must be one of update, new, off, not 'sticky'"), bad.stdout);
  });

  it('without a base (a push), estimates alone: the total as an output, the report in the summary, no comment', async () => {
    const { dir } = pullRequestRepository();
    dirs.push(dir);
    github.requests.length = 0;
    const push = await runAction(dir, github.url, { event: {} });
    assert.strictEqual(push.code, 0, push.stdout + push.stderr);
    assert.deepStrictEqual([push.outputs['monthly-cost'], push.outputs['monthly-diff']], ['1025', '']);
    assert.strictEqual(JSON.parse(push.outputs.report).total.monthlyCost, 1025);
    assert.ok(push.summary.startsWith('## Prompt Cost estimate'), push.summary);
    assert.deepStrictEqual(github.requests, []);
  });
});
