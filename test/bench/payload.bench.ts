/**
 * What one file's analysis costs the editor's main thread when it crosses from the engine worker:
 * its structured-clone size and the CPU time to decode it (v8.deserialize, what postMessage does on
 * the receiving side), for a generated 5,000-line TypeScript file, sent whole (as before) and packed
 * (`worker/analysisPayload.ts`), then what reading the packed details costs when a provider needs
 * them. CPU time, median and fastest of many runs: the machine is shared. Nothing here asserts timings.
 */
import { deserialize, serialize } from 'v8';
import { SILENT_LOGGER } from '../../src/core/log/logger';
import { InProcessEncoder } from '../../src/core/tokens/inProcessEncoder';
import { TokenCounter } from '../../src/core/tokens/tokenCounter';
import { parseProjectConfig } from '../../src/core/volume/projectConfig';
import { packAnalysis, unpackAnalysis } from '../../src/core/worker/analysisPayload';
import { FileAnalyzer } from '../../src/core/workspace/fileAnalyzer';
import { generatedTypeScript } from '../unit/codeGenerated';

const RUNS = 41;
/** `global.gc` when node runs with --expose-gc (npm run bench passes it). */
const collectGarbage = (globalThis as { gc?: () => void }).gc;
const FILE = 'src/generated.ts';

/** CPU milliseconds of `work`: median and fastest of RUNS. */
function cpu(work: () => unknown): string {
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    // The garbage of the run before is collected first, so that no run pays for another's.
    collectGarbage?.();
    const started = process.cpuUsage();
    work();
    const used = process.cpuUsage(started);
    times.push((used.user + used.system) / 1000);
  }
  times.sort((a, b) => a - b);
  return `median ${times[RUNS >> 1].toFixed(2)} ms, fastest ${times[0].toFixed(2)} ms`;
}

async function main(): Promise<void> {
  const analyzer = new FileAnalyzer(new TokenCounter(new InProcessEncoder()), SILENT_LOGGER);
  const { text } = generatedTypeScript(5000);
  const settings = { project: parseProjectConfig('').config, defaultModel: 'gpt-4o-mini', monthlyCalls: 30_000 };
  const analysis = await analyzer.analyze(text, FILE, settings);
  if (!analysis) throw new Error('the generated file yielded no analysis');
  const whole = serialize(analysis);
  const packed = serialize(packAnalysis(analysis, FILE));
  const kb = (bytes: number) => `${Math.round(bytes / 1024).toLocaleString('en-US')} KB`;
  const rows: Array<[string, string]> = [
    [`analysis of generated.ts (5,000 lines, ${analysis.sites.length} sites), whole`, `${kb(whole.length)}, decode ${cpu(() => deserialize(whole))}`],
    ['the same, packed (what crosses now)', `${kb(packed.length)}, decode ${cpu(() => deserialize(packed))}`],
    ['  + unpacked (the details ready to decode when read)', cpu(() => unpackAnalysis(deserialize(packed), FILE))],
    [
      '  + every site shown (CodeLens, diagnostics: no details)',
      cpu(() => unpackAnalysis(deserialize(packed), FILE).sites.map((site) => site.estimate.cost.monthly)),
    ],
    [
      '  + inlay hints (messages and variables of every site)',
      cpu(() => unpackAnalysis(deserialize(packed), FILE).sites.map((site) => site.estimate.variables)),
    ],
    [
      '  + every detail of every site (a report of the file)',
      cpu(() => unpackAnalysis(deserialize(packed), FILE).sites.map((site) => [site.estimate.assumptions, site.site.messages, site.estimate.messages])),
    ],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  for (const [label, value] of rows) console.log(`${label.padEnd(width)}  ${value}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
