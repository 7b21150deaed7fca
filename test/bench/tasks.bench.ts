/**
 * What tasks add to an analysis: the sample app scanned with and without its `tasks:` (the graph is
 * built either way; a named task also walks its entry's reach before every file), and the editor's
 * re-analysis of the entry file after an edit, warm (other files' extractions and estimates held),
 * against the same file analysed with the tasks' work skipped (`analyzeFile` alone). Prints a
 * table; nothing here asserts timings (machines differ).
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { FileAnalyzer, type AnalysisSettings } from '../../src/core/workspace/fileAnalyzer';
import { analyzeFile } from '../../src/core/workspace/analyzeFile';
import { discoverCostFiles } from '../../src/core/workspace/discover';
import { fileSourceReader } from '../../src/core/workspace/fileSourceReader';
import { scanFiles } from '../../src/core/workspace/scan';
import { parseProjectConfig } from '../../src/core/volume/projectConfig';
import { PriceBook } from '../../src/core/pricing/priceBook';
import { TokenCounter } from '../../src/core/tokens/tokenCounter';
import { InProcessEncoder } from '../../src/core/tokens/inProcessEncoder';
import { SILENT_LOGGER } from '../../src/core/log/logger';

const ROOT = path.join(__dirname, '..', 'fixtures', 'workspace');
const ENTRY = 'src/supportBot/pipeline.ts';
const RUNS = 7;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function timed(runs: number, work: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  return median(times);
}

async function main(): Promise<void> {
  const { config } = parseProjectConfig(readFileSync(path.join(ROOT, 'promptcost.yaml'), 'utf8'));
  const counter = new TokenCounter(new InProcessEncoder());
  const withTasks: AnalysisSettings = { project: config, defaultModel: 'gpt-4o-mini', monthlyCalls: 10_000, workspaceRoot: ROOT, offerFixes: false };
  const withoutTasks: AnalysisSettings = { ...withTasks, project: { ...config, tasks: {} } };
  const files = discoverCostFiles(ROOT);
  const scan = (settings: AnalysisSettings) => {
    // A new analyser per scan: nothing held from the scan before, as in a fresh CLI run.
    const analyzer = new FileAnalyzer(counter, SILENT_LOGGER);
    return scanFiles(files, { analyze: (text, file) => analyzer.analyze(text, file, settings) });
  };
  const text = readFileSync(path.join(ROOT, ENTRY), 'utf8');
  const editor = new FileAnalyzer(counter, SILENT_LOGGER);
  const editorSettings = { ...withTasks, offerFixes: true };
  let edit = 0;
  // Each run changes the file (a comment at its end), as typing does: its own extraction is new, the others' are held.
  const reanalyse = () => editor.analyze(`${text}\n// edit ${edit++}\n`, ENTRY, editorSettings);
  const alone = () =>
    analyzeFile(
      `${text}\n// edit ${edit++}\n`,
      ENTRY,
      { counter, prices: new PriceBook(config.prices), project: config, defaultModel: 'gpt-4o-mini', monthlyCalls: 10_000, logger: SILENT_LOGGER },
      fileSourceReader(ROOT),
    );
  // One untimed pass of each loads the tokenizer tables and grammars and fills what is held.
  await scan(withTasks);
  await scan(withoutTasks);
  await reanalyse();
  await alone();
  const rows: Array<[string, string]> = [
    [`sample app scan (${files.length} files), tasks: named`, `median of ${RUNS} ${(await timed(RUNS, () => scan(withTasks))).toFixed(0)} ms`],
    [`sample app scan, no tasks: named`, `median of ${RUNS} ${(await timed(RUNS, () => scan(withoutTasks))).toFixed(0)} ms`],
    [`${ENTRY} after an edit, with its task (editor, warm)`, `median of ${RUNS} ${(await timed(RUNS, reanalyse)).toFixed(1)} ms`],
    [`${ENTRY} after an edit, analysed alone`, `median of ${RUNS} ${(await timed(RUNS, alone)).toFixed(1)} ms`],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  for (const [label, value] of rows) console.log(`${label.padEnd(width)}  ${value}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
