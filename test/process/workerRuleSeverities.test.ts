import * as assert from 'assert';
import { requireBundledWorker, WORKER_SCRIPT } from './bundledWorker';
import { EMPTY_PROJECT_CONFIG } from '../../src/core/volume/projectConfig';
import { EngineWorker } from '../../src/core/worker/engineWorker';
import type { FileAnalysis } from '../../src/core/workspace/analyzeFile';
import type { AnalysisSettings } from '../../src/core/workspace/fileAnalyzer';

const UNCAPPED = [
  "import OpenAI from 'openai';",
  'const client = new OpenAI();',
  'export const greet = (name: string) =>',
  "  client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: `Hi ${name}` }] });",
  '',
].join('\n');

const capFindings = (analysis: FileAnalysis | undefined) =>
  analysis!.sites
    .flatMap((site) => site.findings)
    .filter((finding) => finding.rule === 'missing-max-tokens')
    .map((finding) => finding.severity);

describe('rule severities through the engine worker', function () {
  this.timeout(60_000);
  before(requireBundledWorker);

  it('the editor settings reach the rules, over promptcost.yaml rules:', async () => {
    const worker = new EngineWorker(WORKER_SCRIPT);
    try {
      const options: AnalysisSettings = { project: EMPTY_PROJECT_CONFIG, defaultModel: 'gpt-4o-mini', monthlyCalls: 10_000 };
      const project = { ...EMPTY_PROJECT_CONFIG, rules: { 'missing-max-tokens': 'hint' as const } };
      assert.deepStrictEqual(capFindings(await worker.analyze(UNCAPPED, 'src/greet.ts', options)), ['warning']);
      assert.deepStrictEqual(capFindings(await worker.analyze(UNCAPPED, 'src/greet.ts', { ...options, project })), ['hint']);
      assert.deepStrictEqual(
        capFindings(await worker.analyze(UNCAPPED, 'src/greet.ts', { ...options, project, ruleSeverities: { 'missing-max-tokens': 'error' } })),
        ['error'],
      );
      assert.deepStrictEqual(
        capFindings(await worker.analyze(UNCAPPED, 'src/greet.ts', { ...options, project, ruleSeverities: { 'missing-max-tokens': 'off' } })),
        [],
      );
    } finally {
      worker.dispose();
    }
  });
});
