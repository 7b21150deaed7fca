/**
 * What one file's analysis costs the editor's main thread when it crosses from the engine worker:
 * its structured-clone size and the CPU time to decode it (v8.deserialize, what postMessage does on
 * the receiving side), for a generated 5,000-line TypeScript file, sent whole (as before) and packed
 * (`worker/analysisPayload.ts`), then what reading the packed details costs when a provider needs
 * them. CPU time, median and fastest of many runs: the machine is shared. Nothing here asserts timings.
 *
 * The runs of a row follow each other with no forced collection between them, as analyses reach
 * the extension host: a forced full collection before each run made every figure noisier and larger
 * (the collector's threads sweep on into the next run, and process CPU time counts them), so that
 * the medians measured the collector more than the decoding, and a forced collection even once a
 * row shrinks the young generation that a long-lived extension host has grown, so that every run
 * after it pays for extra scavenges. Each row starts after a pause for the collector's threads.
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
/** Long enough for the collector's threads to finish what the row before left them. */
const SETTLE_MS = 200;
/** Runs first, unmeasured, so that every measured run finds the code optimised. */
const WARM_UP_RUNS = 10;
const FILE = 'src/generated.ts';

/** CPU milliseconds of `work`: median and fastest of RUNS. */
async function cpu(work: () => unknown): Promise<string> {
  await new Promise((settled) => setTimeout(settled, SETTLE_MS));
  for (let run = 0; run < WARM_UP_RUNS; run++) work();
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
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
  const packed = serialize(packAnalysis(analysis));
  const deflated = serialize(packAnalysis(analysis, { compressDetails: true }));
  const kb = (bytes: number) => `${Math.round(bytes / 1024).toLocaleString('en-US')} KB`;
  const rows: Array<[string, string]> = [
    [`analysis of generated.ts (5,000 lines, ${analysis.sites.length} sites), whole`, `${kb(whole.length)}, decode ${await cpu(() => deserialize(whole))}`],
    ['the same, packed (what crosses now)', `${kb(packed.length)}, decode ${await cpu(() => deserialize(packed))}`],
    ['  + its sites rebuilt (what the main thread pays on arrival)', await cpu(() => unpackAnalysis(deserialize(packed)))],
    [
      '  + every site shown (CodeLens, diagnostics: no details)',
      await cpu(() => unpackAnalysis(deserialize(packed)).sites.map((site) => site.estimate.cost.monthly)),
    ],
    [
      '  + inlay hints (messages and variables of every site)',
      await cpu(() => unpackAnalysis(deserialize(packed)).sites.map((site) => site.estimate.variables)),
    ],
    [
      '  + every detail of every site (a report of the file)',
      await cpu(() => unpackAnalysis(deserialize(packed)).sites.map((site) => [site.estimate.assumptions, site.site.messages, site.estimate.messages])),
    ],
    ['packing it in the worker (the editor: details as they are)', await cpu(() => packAnalysis(analysis))],
    [`  the same for a scan (details deflated), ${kb(deflated.length)}`, await cpu(() => packAnalysis(analysis, { compressDetails: true }))],
    [
      '  + every detail of every site, from the deflated details',
      await cpu(() => unpackAnalysis(deserialize(deflated)).sites.map((site) => [site.estimate.assumptions, site.site.messages, site.estimate.messages])),
    ],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  for (const [label, value] of rows) console.log(`${label.padEnd(width)}  ${value}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
