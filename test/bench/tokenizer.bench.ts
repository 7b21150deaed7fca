/**
 * `npm run bench`: what counting costs, and what it costs the thread that asks.
 * Prints a table; nothing here asserts timings (machines differ), the figures go in the README.
 */
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { InProcessEncoder } from '../../src/core/tokens/inProcessEncoder';
import { formatTokens } from '../../src/core/format';
import { TokenCounter, type TokenCount } from '../../src/core/tokens/tokenCounter';
import { EngineWorker } from '../../src/core/worker/engineWorker';
import { base64Blob, RUNS_WITHOUT_BREAK } from '../unit/adversarialTexts';

const ROOT = path.resolve(__dirname, '../..');
const WORKER = path.join(ROOT, 'dist/engineWorker.js');

/** Source text that defeats the count cache: the project's own TypeScript, concatenated. */
function sampleText(targetChars: number): string {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts')) files.push(fs.readFileSync(full, 'utf8'));
    }
  };
  walk(path.join(ROOT, 'src'));
  walk(path.join(ROOT, 'test'));
  let text = '';
  for (let round = 0; text.length < targetChars; round++) text += files.map((file) => `// round ${round}\n${file}`).join('\n');
  return text.slice(0, targetChars);
}

/** Runs `work` while a 5 ms ticker watches the calling thread; returns ms taken and the longest gap between ticks. */
async function measure(work: () => Promise<unknown>): Promise<{ ms: number; worstStallMs: number }> {
  let last = performance.now();
  let worstGap = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    worstGap = Math.max(worstGap, now - last);
    last = now;
  }, 5);
  // Let the ticker start before the work can block the thread.
  await new Promise((resolve) => setTimeout(resolve, 20));
  worstGap = 0;
  last = performance.now();
  const started = performance.now();
  await work();
  const ms = performance.now() - started;
  // A blocked thread shows as a late tick: give the ticker its turn before reading.
  await new Promise((resolve) => setTimeout(resolve, 20));
  clearInterval(ticker);
  return { ms, worstStallMs: Math.max(0, worstGap - 5) };
}

/** Heap and typed-array bytes still reachable after a full collection (run with --expose-gc; without it, an upper bound). */
function retainedBytes(): number {
  (globalThis as { gc?: () => void }).gc?.();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

async function main(): Promise<void> {
  if (!fs.existsSync(WORKER)) throw new Error('dist/engineWorker.js is missing: run "node esbuild.js" first');
  const rows: Array<[string, string]> = [];
  const text = sampleText(100_000);

  const worker = new EngineWorker(WORKER);
  const workerCounter = new TokenCounter(worker);
  const coldWorker = await measure(() => workerCounter.countText('hello world', 'gpt-4o'));
  rows.push([
    'worker: first count (starts thread, builds o200k)',
    `${coldWorker.ms.toFixed(0)} ms, worst main-thread stall ${coldWorker.worstStallMs.toFixed(0)} ms`,
  ]);
  const warmWorker = await measure(() => workerCounter.countText(text, 'gpt-4o'));
  rows.push(['worker: 100 KB of code, warm', `${warmWorker.ms.toFixed(0)} ms, worst main-thread stall ${warmWorker.worstStallMs.toFixed(0)} ms`]);
  const cached = await measure(() => workerCounter.countText(text, 'gpt-4o'));
  rows.push(['worker: same 100 KB again (count cache)', `${cached.ms.toFixed(2)} ms`]);
  const kana = await measure(() => workerCounter.countText('あ'.repeat(1_000_000), 'gpt-4o'));
  rows.push(['worker: 1 MB run of kana', `${kana.ms.toFixed(0)} ms, worst main-thread stall ${kana.worstStallMs.toFixed(0)} ms`]);
  const coldGemma = await measure(() => workerCounter.countText('hello world', 'gemini-2.5-flash'));
  rows.push(['worker: first Gemini count (loads gemma3)', `${coldGemma.ms.toFixed(0)} ms, worst main-thread stall ${coldGemma.worstStallMs.toFixed(0)} ms`]);
  worker.dispose();

  const inProcess = new TokenCounter(new InProcessEncoder());
  const coldInProcess = await measure(() => inProcess.countText('hello world', 'gpt-4o'));
  rows.push([
    'in-process: first count (builds o200k)',
    `${coldInProcess.ms.toFixed(0)} ms, worst stall ${coldInProcess.worstStallMs.toFixed(0)} ms (CLI only)`,
  ]);
  const big = sampleText(1_000_000);
  const throughput = await measure(() => inProcess.countText(big, 'gpt-4o'));
  rows.push(['in-process: 1 MB of code', `${throughput.ms.toFixed(0)} ms = ${(1 / (throughput.ms / 1000)).toFixed(2)} MB/s`]);

  // The other vocabularies, read and indexed on first use; their memory is what stays reachable after a collection.
  for (const [encoding, model] of [
    ['gemma3', 'gemini-2.5-flash'],
    ['llama3', 'groq/llama-3.3-70b-versatile'],
    ['qwen3', 'qwen3-235b-a22b'],
    ['deepseek_v3', 'deepseek-chat'],
  ] as const) {
    const before = retainedBytes();
    const cold = await measure(() => inProcess.countText('hello world', model));
    const retained = retainedBytes() - before;
    rows.push([`in-process: ${encoding} load (first ${model} count)`, `${cold.ms.toFixed(0)} ms, ${(retained / 1e6).toFixed(0)} MB retained`]);
    const run = await measure(() => inProcess.countText(big, model));
    rows.push([`in-process: 1 MB of code, ${encoding}`, `${run.ms.toFixed(0)} ms = ${(1 / (run.ms / 1000)).toFixed(2)} MB/s`]);
  }

  // Runs without a break (one pre-token each) were quadratic to count, base64 took a second a MB: now each is a fraction of a second.
  const adversarial = [...RUNS_WITHOUT_BREAK.map(({ name, of }) => ({ name, text: of(1_000_000) })), { name: 'a base64 blob', text: base64Blob(1_000_000) }];
  for (const model of ['gpt-4o', 'gpt-4', 'gemini-2.5-flash']) {
    await inProcess.countText('warm-up', model);
    for (const { name, text } of adversarial) {
      let count: TokenCount | undefined;
      const run = await measure(async () => (count = await inProcess.countText(text, model)));
      rows.push([`in-process: 1 MB, ${name}, ${model}`, `${run.ms.toFixed(0)} ms (${formatTokens(count!.tokens, count!.exact)} tokens)`]);
    }
  }

  const width = Math.max(...rows.map(([name]) => name.length));
  console.log(`Tokenizer benchmark (Node ${process.version}, ${process.platform}/${process.arch})`);
  for (const [name, value] of rows) console.log(`${name.padEnd(width)}  ${value}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
