import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { requireBundledWorker, WORKER_SCRIPT } from './bundledWorker';
import { createEngine } from '../../src/core/engine';
import { diffSites } from '../../src/core/report/costDiff';
import type { Logger } from '../../src/core/log/logger';
import { EMPTY_PROJECT_CONFIG } from '../../src/core/volume/projectConfig';
import type { AnalysisSettings } from '../../src/core/workspace/fileAnalyzer';
import { git } from '../harness/git';

// A million calls, 10 input and 100 output tokens: gpt-4o costs $1,025.00 a month, gpt-4.1 $820.00, gpt-4o-mini $61.50.
const greeter = (model: string) => `name: Greeter\nmodel: openai/${model}\nmessages:\n  - role: user\n    content: Say hello.\n`;
const SETTINGS: AnalysisSettings = { project: EMPTY_PROJECT_CONFIG, defaultModel: 'gpt-4o-mini', monthlyCalls: 1000 };

describe('the base branch in the engine worker', function () {
  this.timeout(60_000);
  before(requireBundledWorker);
  let dir: string;
  before(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'promptcost-worker-base-')));
    fs.mkdirSync(path.join(dir, 'prompts'));
    fs.writeFileSync(path.join(dir, 'promptcost.yaml'), 'defaults:\n  monthlyCalls: 1000000\n  outputTokens: 100\n');
    fs.writeFileSync(path.join(dir, 'prompts/greeter.prompt.yml'), greeter('gpt-4o'));
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'base');
    git(dir, 'checkout', '-q', '-b', 'feature');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('analyses the base in the worker once per base commit, and its sites give the right changes', async () => {
    const lines: string[] = [];
    const logger: Logger = { debug: () => {}, info: (line) => lines.push(line), warn: (line) => lines.push(line), error: (line) => lines.push(line) };
    const analysed = () => lines.filter((line) => line.startsWith('Base main (')).length;
    const engine = createEngine({ workerScript: WORKER_SCRIPT, logger });
    try {
      const request = { folder: dir, compareTo: 'auto', settings: SETTINGS };
      const first = await engine.baseReport(request);
      assert.ok(first.kind === 'base' && first.report);
      assert.strictEqual(first.label, 'main');
      assert.strictEqual(analysed(), 1);
      // The working tree's greeter on gpt-4.1, against the base's on gpt-4o.
      fs.writeFileSync(path.join(dir, 'prompts/greeter.prompt.yml'), greeter('gpt-4.1'));
      const project = { ...EMPTY_PROJECT_CONFIG, defaults: { monthlyCalls: 1_000_000, outputTokens: 100 } };
      const text = fs.readFileSync(path.join(dir, 'prompts/greeter.prompt.yml'), 'utf8');
      const head = await engine.analyze(text, 'prompts/greeter.prompt.yml', { ...SETTINGS, project, workspaceRoot: dir });
      assert.deepStrictEqual(
        diffSites(first.report.sites, head!.sites).map(({ status, pastMonthly, monthly, diffMonthly, reasons }) => ({
          status,
          pastMonthly,
          monthly,
          diffMonthly,
          reasons,
        })),
        [{ status: 'changed', pastMonthly: 1025, monthly: 820, diffMonthly: -205, reasons: ['model gpt-4o → gpt-4.1'] }],
      );

      // Asked again by a caller that holds it: no analysis, and no copy of the report across the thread.
      const again = await engine.baseReport({ ...request, held: first.key });
      const { report: _report, ...withoutReport } = first;
      assert.deepStrictEqual(again, withoutReport);
      assert.strictEqual(analysed(), 1);

      // main moves on: analysed once more, with the new figures.
      git(dir, 'checkout', '-q', 'main');
      fs.writeFileSync(path.join(dir, 'prompts/greeter.prompt.yml'), greeter('gpt-4o-mini'));
      git(dir, 'commit', '-q', '-am', 'cheaper');
      git(dir, 'checkout', '-q', '-b', 'feature-2');
      const moved = await engine.baseReport({ ...request, held: first.key });
      assert.ok(moved.kind === 'base' && moved.report);
      assert.notStrictEqual(moved.commit, first.commit);
      assert.strictEqual(moved.report.totals.monthlyCost, 61.5);
      assert.strictEqual(analysed(), 2);
    } finally {
      engine.dispose();
    }
  });
});
