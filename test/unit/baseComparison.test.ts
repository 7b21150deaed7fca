import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  createEngine,
  diffReports,
  toReportViewModel,
  diffSites,
  hoverDeltaLine,
  lensDeltaSuffix,
  totalDeltaText,
  type AnalysisSettings,
  type Report,
} from '../../src/core';
import type { SiteDiff } from '../../src/core/report/costDiff';
import { resolveBase } from '../../src/core/workspace/baseBranch';
import { BaseReports, type BaseReportAnswer } from '../../src/core/workspace/baseReports';
import { FileAnalyzer } from '../../src/core/workspace/fileAnalyzer';
import { writeCommitFiles } from '../../src/core/workspace/gitSnapshot';
import { TokenCounter } from '../../src/core/tokens/tokenCounter';
import { EMPTY_PROJECT_CONFIG } from '../../src/core/volume/projectConfig';
import { sharedEncoder } from './sharedEncoder';
import { SILENT_LOGGER } from '../../src/core/log/logger';
import { git } from '../harness/git';

// At a million calls and 100 output tokens, 10 input tokens: gpt-4o ($2.50/$10 per million) costs
// $1,025.00 a month, gpt-4.1 ($2/$8) $820.00, gpt-4o-mini ($0.15/$0.60) $61.50.
const greeter = (model: string, text = 'Say hello.') =>
  `name: Greeter\nmodel: openai/${model}\nmodelParameters:\n  maxTokens: 200\nmessages:\n  - role: user\n    content: ${text}\n`;
const MILLION_CALLS = 'defaults:\n  monthlyCalls: 1000000\n  outputTokens: 100\n';

const SETTINGS: AnalysisSettings = { project: EMPTY_PROJECT_CONFIG, defaultModel: 'gpt-4o-mini', monthlyCalls: 1000 };

/** A repository on branch `main` with one commit: promptcost.yaml and the greeter prompt on gpt-4o. */
function repository(dirs: string[]): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'promptcost-base-test-')));
  dirs.push(dir);
  fs.mkdirSync(path.join(dir, 'prompts'));
  fs.writeFileSync(path.join(dir, 'promptcost.yaml'), MILLION_CALLS);
  fs.writeFileSync(path.join(dir, 'prompts/greeter.prompt.yml'), greeter('gpt-4o'));
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  return dir;
}

function commitAll(dir: string, message: string): string {
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', message);
  return git(dir, 'rev-parse', 'HEAD');
}

describe('comparison with the base branch', function () {
  this.timeout(30_000);
  const dirs: string[] = [];
  after(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('resolveBase', () => {
    it('auto: the merge-base with the branch origin/HEAD names, labelled by its short name', () => {
      const upstream = repository(dirs);
      const clone = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'promptcost-base-clone-')));
      dirs.push(clone);
      git(clone, 'clone', '-q', upstream, '.');
      const forkPoint = git(clone, 'rev-parse', 'HEAD');
      git(clone, 'checkout', '-q', '-b', 'feature');
      fs.writeFileSync(path.join(clone, 'prompts/greeter.prompt.yml'), greeter('gpt-4.1'));
      commitAll(clone, 'feature work');
      // origin/main moves on after the fork: the base stays where the branch left it, as a pull request shows.
      fs.writeFileSync(path.join(upstream, 'prompts/other.prompt.yml'), greeter('gpt-4o-mini'));
      commitAll(upstream, 'main moves on');
      git(clone, 'fetch', '-q');
      assert.strictEqual(git(clone, 'symbolic-ref', 'refs/remotes/origin/HEAD'), 'refs/remotes/origin/main');
      assert.deepStrictEqual(resolveBase(clone, 'auto'), { root: clone, commit: forkPoint, label: 'main', ref: 'origin/main' });
    });

    it('auto without a remote: the local main', () => {
      const dir = repository(dirs);
      const first = git(dir, 'rev-parse', 'HEAD');
      git(dir, 'checkout', '-q', '-b', 'feature');
      fs.writeFileSync(path.join(dir, 'prompts/greeter.prompt.yml'), greeter('gpt-4.1'));
      commitAll(dir, 'feature work');
      assert.deepStrictEqual(resolveBase(dir, 'auto'), { root: dir, commit: first, label: 'main', ref: 'main' });
      // From a subfolder too: the repository is found upwards.
      assert.deepStrictEqual(resolveBase(path.join(dir, 'prompts'), 'auto'), { root: dir, commit: first, label: 'main', ref: 'main' });
    });

    it('an explicit ref is compared with as it is; a bad one is a misconfiguration, said once', () => {
      const dir = repository(dirs);
      const first = git(dir, 'rev-parse', 'HEAD');
      git(dir, 'tag', 'v1');
      fs.writeFileSync(path.join(dir, 'prompts/greeter.prompt.yml'), greeter('gpt-4.1'));
      const second = commitAll(dir, 'second');
      assert.deepStrictEqual(resolveBase(dir, 'v1'), { root: dir, commit: first, label: 'v1', ref: 'v1' });
      assert.deepStrictEqual(resolveBase(dir, 'HEAD'), { root: dir, commit: second, label: 'HEAD', ref: 'HEAD' });
      assert.deepStrictEqual(resolveBase(dir, 'no-such-branch'), {
        reason: `promptcost.compareTo names no commit in ${dir}: 'no-such-branch' (set a branch, tag or commit, auto or off)`,
        misconfigured: true,
      });
      assert.deepStrictEqual(resolveBase(dir, '--output=x'), {
        reason: `promptcost.compareTo must be auto, off or a branch, tag or commit, not '--output=x'`,
        misconfigured: true,
      });
      assert.deepStrictEqual(resolveBase(dir, 'off'), { reason: 'promptcost.compareTo is off', misconfigured: false });
      assert.deepStrictEqual(resolveBase(dir, ''), { reason: 'promptcost.compareTo is off', misconfigured: false });
    });

    it('silent outside a repository, in one without a commit, and without a default branch', () => {
      const plain = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'promptcost-base-plain-')));
      dirs.push(plain);
      assert.deepStrictEqual(resolveBase(plain, 'auto'), { reason: `${plain} is not in a git repository`, misconfigured: false });
      // No git on the PATH: said as such, not as a missing repository.
      const pathBefore = process.env.PATH;
      process.env.PATH = plain;
      try {
        assert.deepStrictEqual(resolveBase(plain, 'auto'), { reason: 'no git command on the PATH', misconfigured: false });
      } finally {
        process.env.PATH = pathBefore;
      }
      git(plain, 'init', '-q', '-b', 'main');
      assert.deepStrictEqual(resolveBase(plain, 'auto'), { reason: `the repository at ${plain} has no commit yet`, misconfigured: false });
      git(plain, 'checkout', '-q', '-b', 'trunk');
      fs.writeFileSync(path.join(plain, 'a.txt'), 'a');
      commitAll(plain, 'first');
      assert.deepStrictEqual(resolveBase(plain, 'auto'), { reason: `no default branch in ${plain} (no origin/HEAD, main or master)`, misconfigured: false });
    });
  });

  describe('BaseReports', () => {
    /** Base reports whose analyses are counted, file by file. */
    function countingReports(): { reports: BaseReports; files: string[] } {
      const files: string[] = [];
      const reports = new BaseReports(() => {
        const analyzer = new FileAnalyzer(new TokenCounter(sharedEncoder), SILENT_LOGGER);
        return (text, file, settings) => {
          files.push(file);
          return analyzer.analyze(text, file, settings);
        };
      });
      return { reports, files };
    }
    const reportOf = (answer: BaseReportAnswer): Report => {
      assert.strictEqual(answer.kind, 'base');
      assert.ok(answer.report, 'the answer carries the report');
      return answer.report;
    };

    it('analyses the base commit with its own promptcost.yaml, and leaves the working tree, index and HEAD as they are', async () => {
      const dir = repository(dirs);
      const base = git(dir, 'rev-parse', 'HEAD');
      git(dir, 'checkout', '-q', '-b', 'feature');
      // The working tree: another model, and a promptcost.yaml that would halve the calls (the base keeps its own).
      fs.writeFileSync(path.join(dir, 'prompts/greeter.prompt.yml'), greeter('gpt-4.1'));
      fs.writeFileSync(path.join(dir, 'promptcost.yaml'), 'defaults:\n  monthlyCalls: 500000\n  outputTokens: 100\n');
      const state = () => [
        git(dir, 'status', '--porcelain', '--untracked-files=all'),
        fs.readFileSync(path.join(dir, '.git/index')).toString('base64'),
        git(dir, 'rev-parse', 'HEAD'),
      ];
      const before = state();
      const { reports, files } = countingReports();
      const answer = await reports.report({ folder: dir, compareTo: 'auto', settings: SETTINGS });
      assert.deepStrictEqual(state(), before);
      assert.deepStrictEqual(files, ['prompts/greeter.prompt.yml']);
      const report = reportOf(answer);
      assert.strictEqual(answer.kind === 'base' && answer.commit, base);
      assert.strictEqual(answer.kind === 'base' && answer.label, 'main');
      assert.deepStrictEqual(
        report.sites.map(({ site, estimate }) => [site.file, estimate.model.id, estimate.monthlyCalls, estimate.cost.monthly]),
        [['prompts/greeter.prompt.yml', 'openai/gpt-4o', 1_000_000, 1025]],
      );
      assert.strictEqual(report.totals.monthlyCost, 1025);
    });

    it('writes only what an analysis can read, and past its bound says the base is too large, once', async () => {
      const dir = repository(dirs);
      // A vendored package, a build and a 1.1 MB asset: never read by a scan, never written for the base.
      fs.mkdirSync(path.join(dir, 'node_modules/sdk'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'node_modules/sdk/index.ts'), 'export const x = 1;\n');
      fs.mkdirSync(path.join(dir, 'dist'));
      fs.writeFileSync(path.join(dir, 'dist/app.js'), 'module.exports = 1;\n');
      fs.writeFileSync(path.join(dir, 'prompts/huge.txt'), 'x'.repeat(1_100_000));
      fs.writeFileSync(path.join(dir, 'prompts/notes.txt'), 'read by code, maybe\n');
      const commit = commitAll(dir, 'more files');
      const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'promptcost-snapshot-test-'));
      dirs.push(scratch);
      const written = writeCommitFiles(dir, commit, [''], path.join(scratch, 'tree'), scratch);
      const files = (fs.readdirSync(path.join(scratch, 'tree'), { recursive: true, encoding: 'utf8' }) as string[])
        .filter((file) => fs.statSync(path.join(scratch, 'tree', file)).isFile())
        .sort();
      assert.deepStrictEqual(files, ['promptcost.yaml', 'prompts/greeter.prompt.yml', 'prompts/notes.txt']);
      assert.strictEqual(written, 3);

      // Past the bound: no analysis, an answer that says why, and the same answer without trying again.
      const bounded = new BaseReports(() => () => Promise.resolve(undefined), SILENT_LOGGER, 2);
      const request = { folder: dir, compareTo: 'main', settings: SETTINGS };
      const expected = {
        kind: 'none',
        reason:
          'the base main is too large to compare in the editor (the commit has 3 files to analyse here, more than the 2 this reads): compare in CI with promptcost diff',
        misconfigured: false,
      };
      assert.deepStrictEqual(await bounded.report(request), expected);
      assert.deepStrictEqual(await bounded.report(request), expected);
      assert.strictEqual(bounded.analyses, 1);
    });

    it('keeps the report per base commit: asking again analyses nothing; a new base commit is analysed again', async () => {
      const dir = repository(dirs);
      const { reports, files } = countingReports();
      const request = { folder: dir, compareTo: 'main', settings: SETTINGS };
      const first = await reports.report(request);
      assert.strictEqual(reports.analyses, 1);
      assert.strictEqual(files.length, 1);
      const again = await reports.report(request);
      assert.strictEqual(reports.analyses, 1, 'the same base commit is not analysed twice');
      assert.strictEqual(files.length, 1);
      assert.strictEqual(reportOf(again), reportOf(first));
      // The caller that holds it gets no copy.
      const held = await reports.report({ ...request, held: first.kind === 'base' ? first.key : undefined });
      assert.strictEqual(held.kind === 'base' && held.report, undefined);
      // main moves on: a new base commit, analysed once more.
      fs.writeFileSync(path.join(dir, 'prompts/greeter.prompt.yml'), greeter('gpt-4o-mini'));
      const moved = commitAll(dir, 'cheaper');
      const next = await reports.report(request);
      assert.strictEqual(reports.analyses, 2);
      assert.strictEqual(next.kind === 'base' && next.commit, moved);
      assert.strictEqual(reportOf(next).totals.monthlyCost, 61.5);
      // Other settings are other figures: analysed again too.
      await reports.report({ ...request, settings: { ...SETTINGS, defaultModel: 'gpt-4.1' } });
      assert.strictEqual(reports.analyses, 3);
    });

    it('answers why there is no base, and analyses nothing, outside a repository or for a bad ref', async () => {
      const plain = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'promptcost-base-plain-')));
      dirs.push(plain);
      const { reports, files } = countingReports();
      assert.deepStrictEqual(await reports.report({ folder: plain, compareTo: 'auto', settings: SETTINGS }), {
        kind: 'none',
        reason: `${plain} is not in a git repository`,
        misconfigured: false,
      });
      const dir = repository(dirs);
      const answer = await reports.report({ folder: dir, compareTo: 'origin/nope', settings: SETTINGS });
      assert.strictEqual(answer.kind, 'none');
      assert.strictEqual(answer.kind === 'none' && answer.misconfigured, true);
      assert.deepStrictEqual(files, []);
      assert.strictEqual(reports.analyses, 0);
    });
  });

  describe('the words for a change', () => {
    const site = (change: Partial<SiteDiff>): SiteDiff => ({
      id: 'prompts/a.prompt.yml#A',
      file: 'prompts/a.prompt.yml',
      line: 1,
      name: 'a.prompt.yml › A',
      status: 'changed',
      pastMonthly: 28.78,
      monthly: 41.08,
      diffMonthly: 12.3,
      reasons: ['model gpt-4o → gpt-4.1', 'prompt +812 tokens'],
      ...change,
    });

    it('a priced change: signed dollars on the lens, the reasons in the hover', () => {
      assert.strictEqual(lensDeltaSuffix(site({}), 'main'), ' (+$12.30 vs main)');
      assert.strictEqual(hoverDeltaLine(site({}), 'main'), 'vs main: +$12.30/month — model gpt-4o → gpt-4.1 · prompt +812 tokens');
      assert.strictEqual(lensDeltaSuffix(site({ diffMonthly: -0.4 }), 'v2'), ' (−$0.40 vs v2)');
    });

    it('an unpriced side: no dollar change, and the hover says which side has no price', () => {
      const unpricedNow = site({ monthly: null, diffMonthly: null, reasons: ['model gpt-4o → acme-llm', 'now unpriced'] });
      assert.strictEqual(lensDeltaSuffix(unpricedNow, 'main'), ' (changed vs main)');
      assert.strictEqual(
        hoverDeltaLine(unpricedNow, 'main'),
        'vs main: changed, no dollar change (this estimate is unpriced) — model gpt-4o → acme-llm · now unpriced',
      );
      const unpricedBase = site({ pastMonthly: null, diffMonthly: null, reasons: ['now priced'] });
      assert.strictEqual(hoverDeltaLine(unpricedBase, 'main'), 'vs main: changed, no dollar change (main is unpriced) — now priced');
      assert.strictEqual(
        hoverDeltaLine(site({ status: 'added', pastMonthly: 0, monthly: null, diffMonthly: null, reasons: [] }), 'main'),
        'vs main: new site (unpriced)',
      );
    });

    it('an unchanged site has nothing to say', () => {
      const same = site({ status: 'unchanged', pastMonthly: 41.08, diffMonthly: 0, reasons: [] });
      assert.strictEqual(lensDeltaSuffix(same, 'main'), '');
      assert.strictEqual(hoverDeltaLine(same, 'main'), undefined);
    });
  });

  describe('the engine', () => {
    it("gives each site's change against the base, with its reasons, and the total's", async () => {
      const dir = repository(dirs);
      git(dir, 'checkout', '-q', '-b', 'feature');
      fs.writeFileSync(path.join(dir, 'prompts/greeter.prompt.yml'), greeter('gpt-4.1'));
      fs.writeFileSync(path.join(dir, 'prompts/welcome.prompt.yml'), greeter('gpt-4o-mini', 'Say welcome.'));
      const engine = createEngine();
      try {
        const answer = await engine.baseReport({ folder: dir, compareTo: 'auto', settings: SETTINGS });
        assert.strictEqual(answer.kind, 'base');
        const base = answer.kind === 'base' ? answer.report! : undefined!;
        const project = { ...EMPTY_PROJECT_CONFIG, defaults: { monthlyCalls: 1_000_000, outputTokens: 100 } };
        const files = ['prompts/greeter.prompt.yml', 'prompts/welcome.prompt.yml'].map((file) => ({
          path: file,
          read: () => Promise.resolve(fs.readFileSync(path.join(dir, file)) as Uint8Array),
        }));
        const head = await engine.scan(files, { ...SETTINGS, project, workspaceRoot: dir });
        const diff = diffReports(base, head, { base: 'main', head: 'working tree' });
        assert.deepStrictEqual(
          diff.sites.map(({ file, status, pastMonthly, monthly, diffMonthly, reasons }) => ({ file, status, pastMonthly, monthly, diffMonthly, reasons })),
          [
            { file: 'prompts/greeter.prompt.yml', status: 'changed', pastMonthly: 1025, monthly: 820, diffMonthly: -205, reasons: ['model gpt-4o → gpt-4.1'] },
            { file: 'prompts/welcome.prompt.yml', status: 'added', pastMonthly: 0, monthly: 61.5, diffMonthly: 61.5, reasons: [] },
          ],
        );
        assert.strictEqual(totalDeltaText(diff, 'main'), '(−$143.50 vs main)');
        // The report: a "vs main" column and the Changes section.
        const model = toReportViewModel(head, { label: 'main', diff });
        assert.deepStrictEqual(
          model.rows.map(({ file, vsBase }) => [file, vsBase]),
          [
            ['prompts/greeter.prompt.yml', { status: 'changed', diffMonthly: -205, text: '−$205.00' }],
            ['prompts/welcome.prompt.yml', { status: 'added', diffMonthly: 61.5, text: 'new' }],
          ],
        );
        assert.deepStrictEqual(
          model.changes && {
            ...model.changes,
            sites: model.changes.sites.map(({ site, status, pastText, monthlyText, diffText, reasons }) => ({
              site,
              status,
              pastText,
              monthlyText,
              diffText,
              reasons,
            })),
          },
          {
            label: 'main',
            base: 'main',
            headline: '−$143.50/month (−14%)',
            counts: '1 changed · 1 added',
            unpricedNote: null,
            sites: [
              {
                site: 'prompts/greeter.prompt.yml:1',
                status: 'changed',
                pastText: '$1,025.00',
                monthlyText: '$820.00',
                diffText: '−$205.00',
                reasons: ['model gpt-4o → gpt-4.1'],
              },
              { site: 'prompts/welcome.prompt.yml:1', status: 'added', pastText: '—', monthlyText: '$61.50', diffText: '+$61.50', reasons: [] },
            ],
          },
        );
        assert.strictEqual(toReportViewModel(head).changes, undefined);
        assert.strictEqual(toReportViewModel(head).rows[0].vsBase, undefined);
        // One file's sites against the same file at the base: what its CodeLens and hover show.
        const [greeterDiff] = diffSites(
          base.sites.filter(({ site }) => site.file === 'prompts/greeter.prompt.yml'),
          head.sites.filter(({ site }) => site.file === 'prompts/greeter.prompt.yml'),
        );
        assert.strictEqual(lensDeltaSuffix(greeterDiff, 'main'), ' (−$205.00 vs main)');
        assert.strictEqual(hoverDeltaLine(greeterDiff, 'main'), 'vs main: −$205.00/month — model gpt-4o → gpt-4.1');
        const [welcomeDiff] = diffSites(
          [],
          head.sites.filter(({ site }) => site.file === 'prompts/welcome.prompt.yml'),
        );
        assert.strictEqual(lensDeltaSuffix(welcomeDiff, 'main'), ' (new vs main)');
        assert.strictEqual(hoverDeltaLine(welcomeDiff, 'main'), 'vs main: new site ($61.50/month)');
      } finally {
        engine.dispose();
      }
    });
  });
});
