/**
 * A workspace scan at scale: the sample app replicated into a temporary folder, beside files that
 * make no LLM call (half of them only mention an SDK in a comment or a string, as docs, configs and
 * helpers do), scanned as the CLI scans (no fixes, a fresh analyser per scan). Prints the scan time
 * (wall clock, and the CPU time, which other work on a busy machine disturbs less), the cheaper
 * models of every site as the cheaper-model rule and the hover ask for them, and how many code
 * files pass the pre-filter out of all code files. Nothing here asserts timings (machines differ).
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { isCodeFile, mayContainLlmCalls } from '../../src/core/extract/code/extractCode';
import { cheaperAlternatives } from '../../src/core/pricing/alternatives';
import { PriceBook } from '../../src/core/pricing/priceBook';
import { FileAnalyzer, type AnalysisSettings } from '../../src/core/workspace/fileAnalyzer';
import { discoverCostFiles } from '../../src/core/workspace/discover';
import { scanFiles } from '../../src/core/workspace/scan';
import { parseProjectConfig } from '../../src/core/volume/projectConfig';
import { TokenCounter } from '../../src/core/tokens/tokenCounter';
import { InProcessEncoder } from '../../src/core/tokens/inProcessEncoder';
import { SILENT_LOGGER } from '../../src/core/log/logger';

const SAMPLE_APP = path.join(__dirname, '..', 'fixtures', 'workspace');
const COPIES = 20;
const RUNS = 3;
/** Pricing the cheaper models takes milliseconds: more runs steady the median. */
const PRICING_RUNS = 15;

/** Code that calls no model: plain helpers, and helpers that only name an SDK in a comment or a string. */
const QUIET_FILES: Readonly<Record<string, string>> = {
  'src/util/dates.ts': 'export function isoDay(date: Date): string {\n  return date.toISOString().slice(0, 10);\n}\n',
  'src/util/retry.py':
    'def retry(times, work):\n    for _ in range(times):\n        try:\n            return work()\n        except OSError:\n            pass\n',
  'src/util/providers.ts':
    "// The chains are built with langchain in the worker; this file only lists the names.\nexport const PROVIDERS = ['openai', 'anthropic', 'litellm', 'genkit'];\nexport const PACKAGE = '@langchain/openai';\n",
  'src/util/settings.py':
    '# Models are called through litellm and pydantic_ai elsewhere; this is configuration.\nPROVIDER = "openai"\nLIBRARIES = ["langchain", "langgraph", "prompty", "anthropic"]\n',
  'src/util/docs.js': "/* See the langchain and InvokeModel notes in docs/. */\nmodule.exports = { sdk: 'openai', runtime: 'bedrock-runtime' };\n",
};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function replicatedWorkspace(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'promptcost-scan-bench-'));
  cpSync(path.join(SAMPLE_APP, 'promptcost.yaml'), path.join(root, 'promptcost.yaml'));
  for (let copy = 0; copy < COPIES; copy++) {
    const app = path.join(root, 'apps', `app${copy}`);
    cpSync(SAMPLE_APP, app, { recursive: true });
    for (const [file, text] of Object.entries(QUIET_FILES)) {
      mkdirSync(path.dirname(path.join(app, file)), { recursive: true });
      writeFileSync(path.join(app, file), text);
    }
  }
  return root;
}

async function main(): Promise<void> {
  const root = replicatedWorkspace();
  try {
    const { config } = parseProjectConfig(readFileSync(path.join(root, 'promptcost.yaml'), 'utf8'));
    const counter = new TokenCounter(new InProcessEncoder());
    const settings: AnalysisSettings = { project: config, defaultModel: 'gpt-4o-mini', monthlyCalls: 10_000, workspaceRoot: root, offerFixes: false };
    const files = discoverCostFiles(root);
    const scan = () => {
      // A new analyser per scan: nothing held from the scan before, as in a fresh CLI run.
      const analyzer = new FileAnalyzer(counter, SILENT_LOGGER);
      return scanFiles(files, { analyze: (text, file) => analyzer.analyze(text, file, settings) });
    };
    // One untimed scan loads the tokenizer tables, the grammars and the price data.
    const report = await scan();
    const times: number[] = [];
    const cpuTimes: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const started = performance.now();
      const cpuStarted = process.cpuUsage();
      await scan();
      times.push(performance.now() - started);
      const cpu = process.cpuUsage(cpuStarted);
      cpuTimes.push((cpu.user + cpu.system) / 1000);
    }
    // The rule asks for models at least 40% cheaper, the hover for the closest three; a fresh price
    // book per pass, as a scan with other promptcost.yaml prices would have.
    // The copies' sites are alike, so the one app's sites alone show the cost of sites not met before.
    const estimates = report.sites.map((entry) => entry.estimate);
    const oneApp = report.sites.filter((entry) => entry.site.file.startsWith('apps/app0/')).map((entry) => entry.estimate);
    const alternativesOf = (of: typeof estimates) => {
      const times: number[] = [];
      for (let run = 0; run < PRICING_RUNS; run++) {
        const prices = new PriceBook(config.prices);
        const started = performance.now();
        for (const estimate of of) {
          cheaperAlternatives(estimate, prices, 3, 0.4);
          cheaperAlternatives(estimate, prices);
        }
        times.push(performance.now() - started);
      }
      return median(times);
    };
    const code = files.filter((file) => isCodeFile(file.path)).map((file) => readFileSync(path.join(root, file.path), 'utf8'));
    const passing = code.filter(mayContainLlmCalls).length;
    const rows: Array<[string, string]> = [
      [`scan of the sample app ×${COPIES} (${files.length} files, ${report.sites.length} sites)`, `median of ${RUNS} ${median(times).toFixed(0)} ms`],
      ['  the same, CPU time', `median of ${RUNS} ${median(cpuTimes).toFixed(0)} ms`],
      [`cheaper models of the ${estimates.length} sites (rule, then hover)`, `median of ${PRICING_RUNS} ${alternativesOf(estimates).toFixed(1)} ms`],
      [`  of one app's ${oneApp.length} sites`, `median of ${PRICING_RUNS} ${alternativesOf(oneApp).toFixed(1)} ms`],
      ['code files passing the pre-filter (an SDK import or call chain)', `${passing} of ${code.length}`],
    ];
    const width = Math.max(...rows.map(([label]) => label.length));
    for (const [label, value] of rows) console.log(`${label.padEnd(width)}  ${value}`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
