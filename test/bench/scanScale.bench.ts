/**
 * The workspace scan of a large tree, as the built CLI runs it: the sample app replicated into a
 * temporary folder, scanned cold (no cache: every file parsed and estimated, over the engine
 * workers) and warm (every file from the scan cache), each beside the reference it is compared with
 * in the same run — a plain Node read + sha256 of the same files, and a plain read + the
 * pre-filter (`mayContainLlmCalls`) of the code files. Times are CPU time (user + system, the
 * CLI's worker threads included), which other work on a busy machine disturbs less than the wall
 * clock; peak RSS is the CLI process's, its worker threads included. Nothing here asserts.
 *
 * `npm run bench` builds 1,100 files: a cold scan of the 11,000-file tree the issue names takes about
 * two minutes of CPU on two cores (see the README's figures), too long for every bench run. For that tree:
 *
 *   PROMPTCOST_BENCH_FILES=11000 npx tsx --expose-gc test/bench/scanScale.bench.ts
 *
 * The replicated app is a worst case for the ratios: every code file in it calls an LLM, so every
 * one passes the pre-filter and is parsed. The same figures for a real repository, scanned where it
 * lies (its caches go to temporary folders; its `promptcost.yaml`, if any, is read):
 *
 *   PROMPTCOST_BENCH_TREE=../some-checkout npx tsx --expose-gc test/bench/scanScale.bench.ts
 */
import { spawnSync } from 'child_process';
import { monitorEventLoopDelay } from 'perf_hooks';
import { createHash } from 'crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createEngine } from '../../src/core/engine';
import type { Report } from '../../src/core/workspace/report';
import { isCodeFile, mayContainLlmCalls } from '../../src/core/extract/code/extractCode';
import { grammarForFile, parseTree } from '../../src/core/extract/code/treeSitter';
import { parseProjectConfig } from '../../src/core/volume/projectConfig';
import { discoverCostFiles } from '../../src/core/workspace/discover';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const WORKER = path.join(ROOT, 'dist', 'engineWorker.js');
const SAMPLE_APP = path.join(ROOT, 'test', 'fixtures', 'workspace');
const FILES = Number(process.env.PROMPTCOST_BENCH_FILES ?? 1_100);
/** A folder to scan where it lies instead of the replicated sample app. */
const TREE = process.env.PROMPTCOST_BENCH_TREE ? path.resolve(process.env.PROMPTCOST_BENCH_TREE) : undefined;
const RUNS = 3;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** The sample app copied until the tree has FILES files (a cache folder a test left in it aside). */
function replicatedTree(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'promptcost-scale-bench-'));
  const filter = (source: string) => !source.split(path.sep).includes('.promptcost-cache');
  const perCopy = (readdirSync(SAMPLE_APP, { recursive: true }) as string[]).filter(
    (file) => filter(file) && statSync(path.join(SAMPLE_APP, file)).isFile(),
  ).length;
  cpSync(path.join(SAMPLE_APP, 'promptcost.yaml'), path.join(root, 'promptcost.yaml'));
  for (let copy = 0; copy * perCopy < FILES; copy++) {
    const app = path.join(root, 'apps', `app${copy}`);
    mkdirSync(app, { recursive: true });
    cpSync(SAMPLE_APP, app, { recursive: true, filter });
  }
  return root;
}

/**
 * Runs the built CLI in a child Node that reports its own resource use at exit: CPU time and peak
 * RSS of the whole process, worker threads included (they share it).
 */
function cli(args: string[]): { cpuMs: number; maxRssMb: number; stdout: string } {
  const report = `process.on('exit', () => process.stderr.write('\\nRESOURCES ' + JSON.stringify(process.resourceUsage()) + '\\n'));`;
  const run = `${report} process.argv = [process.argv[0], ${JSON.stringify(CLI)}, ...process.argv.slice(1)]; require(${JSON.stringify(CLI)});`;
  const result = spawnSync(process.execPath, ['-e', run, '--', ...args], { encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 });
  const line = result.stderr.split('\n').find((text) => text.startsWith('RESOURCES '));
  if (result.status !== 0 || !line) throw new Error(`The CLI failed (${result.status}): ${result.stderr.slice(0, 2000)}`);
  const usage = JSON.parse(line.slice('RESOURCES '.length)) as NodeJS.ResourceUsage;
  return { cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, maxRssMb: usage.maxRSS / 1024, stdout: result.stdout };
}

/** CPU milliseconds (user + system) of this process spent until `work` settles. */
async function cpuOfAsync(work: () => Promise<unknown>): Promise<number> {
  const started = process.cpuUsage();
  await work();
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000;
}

/**
 * The re-scan as the editor's workspace report runs it, in a process where the engine is loaded:
 * the files listed and stat'ed (by the cache's walk of the tree), each found in the cache by its
 * size and time (read and hashed only when those cannot tell), the report built; no Node start, no
 * printing. A re-scan hands out the analyses a report still holds instead of unpacking them: the
 * first re-scans are measured with the cold scan's report shown, and with no analysis alive (the
 * collector run first); from then on the last report holds them. One cold scan (over the engine
 * worker) fills the cache first; the warm ones start no worker.
 *
 * Process CPU time counts every thread, and the collector's threads go on working after a scan
 * ends: measured from a scan's start to its end, a re-scan was charged for what the cold scan (or
 * the re-scan before) left them, up to half its own time. So the process settles after the cold
 * scan, unmeasured, and each re-scan is measured until it has settled too: its own trailing work
 * counted, nobody else's.
 */
async function engineWarmRescan(
  root: string,
): Promise<{ cpuMs: number; firstMs: number; heldMs: number; firstHeldMs: number; shownMs: number; sites: number; same: boolean }> {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) throw new Error('Run this bench with --expose-gc: the first re-scan is measured once no analysis is left alive.');
  const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'promptcost-scale-engine-cache-'));
  const engine = createEngine({ workerScript: WORKER });
  try {
    const { config } = parseProjectConfig(projectConfigText(root));
    const settings = { project: config, defaultModel: 'gpt-4o-mini', monthlyCalls: 10_000, workspaceRoot: root, offerFixes: false };
    const rescan = () => engine.scan(discoverCostFiles(root), settings, { cacheDir });
    let shown: Report | undefined = await rescan();
    const cold = JSON.stringify(shown);
    await settle(COLD_SETTLE_MS);
    // The editor's case: the cold scan's report is still shown when the next scan runs.
    let whileShown: Report | undefined;
    const shownMs = await cpuOfAsync(async () => {
      whileShown = await rescan();
      await settle(RUN_SETTLE_MS);
    });
    if (JSON.stringify(whileShown) !== cold) throw new Error('The re-scan with the report shown differs from the cold scan.');
    whileShown = undefined;
    // Then no report is held and the collector has run: the first re-scan unpacks every analysis.
    shown = undefined;
    await settle(0);
    collect();
    await settle(RUN_SETTLE_MS);
    const reports: Report[] = [];
    const times: number[] = [];
    const held: number[] = [];
    for (let run = 0; run < ENGINE_RUNS; run++) {
      times.push(
        await cpuOfAsync(async () => {
          // How long the thread is held at a time (the editor's: other extensions wait that long).
          const delays = monitorEventLoopDelay({ resolution: 5 });
          delays.enable();
          reports.push(await rescan());
          delays.disable();
          held.push(delays.max / 1e6);
          await settle(RUN_SETTLE_MS);
        }),
      );
    }
    return {
      cpuMs: median(times),
      firstMs: times[0],
      heldMs: median(held),
      firstHeldMs: held[0],
      shownMs,
      sites: (JSON.parse(cold) as { sites: unknown[] }).sites.length,
      same: reports.every((report) => JSON.stringify(report) === cold),
    };
  } finally {
    engine.dispose();
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

/**
 * Every code file read and parsed by tree-sitter, its tree freed, in this process once the runtime
 * and grammars are loaded: no analysis can cost less, since each code file is parsed at least
 * once. Shown beside the cold scan so that its ratio to the plain read has a floor to be read against.
 */
async function parsingFloor(files: readonly string[]): Promise<number> {
  const code = files.flatMap((file) => {
    const grammar = grammarForFile(file);
    return grammar ? [{ file, grammar }] : [];
  });
  for (const grammar of new Set(code.map(({ grammar }) => grammar))) (await parseTree('', grammar))?.delete();
  const times: number[] = [];
  for (let run = 0; run < PARSE_RUNS; run++) {
    times.push(
      await cpuOfAsync(async () => {
        for (const { file, grammar } of code) (await parseTree(readFileSync(file, 'utf8'), grammar))?.delete();
        await settle(RUN_SETTLE_MS);
      }),
    );
  }
  return median(times);
}

/** Parsing every code file of the 11,000-file tree takes seconds: fewer runs than the plain reads. */
const PARSE_RUNS = 3;

/**
 * Re-scans in the engine: more than the CLI's runs, as they cost less than a second each, and
 * enough that the median is not one of the runs the collector's major cycles fall into (one in
 * three or four on the 880-file tree, 50–100% above the others).
 */
const ENGINE_RUNS = 11;
/** Idle time for the collector's threads to finish: after the cold scan, and after each re-scan. */
const COLD_SETTLE_MS = 2_000;
const RUN_SETTLE_MS = 500;

const settle = (ms: number) => new Promise((settled) => setTimeout(settled, ms));

/** The tree's `promptcost.yaml`, or none (a real repository rarely has one): the defaults, as the CLI has them. */
function projectConfigText(root: string): string {
  const file = path.join(root, 'promptcost.yaml');
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

async function main(): Promise<void> {
  const root = TREE ?? replicatedTree();
  const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'promptcost-scale-cache-'));
  try {
    const files = discoverCostFiles(root).map((file) => path.join(root, file.path));
    // The references are measured as the re-scans in the engine are, each until it has settled.
    const settled = async (work: () => void) => {
      const times: number[] = [];
      for (let run = 0; run < ENGINE_RUNS; run++) {
        times.push(
          await cpuOfAsync(async () => {
            work();
            await settle(RUN_SETTLE_MS);
          }),
        );
      }
      return median(times);
    };
    const readAndHash = await settled(() => files.forEach((file) => createHash('sha256').update(readFileSync(file)).digest()));
    const readAndFilter = await settled(() => files.forEach((file) => isCodeFile(file) && mayContainLlmCalls(readFileSync(file, 'utf8'))));
    const readAndParse = await parsingFloor(files);
    const args = ['estimate', root, '--format', 'json', '--cache-dir', cacheDir];
    // One cold scan: at this size it is most of the bench's time.
    const cold = cli(args);
    const warm = Array.from({ length: RUNS }, () => cli(args));
    const same = warm.every((run) => run.stdout === cold.stdout);
    const warmCpu = median(warm.map((run) => run.cpuMs));
    const sites = (JSON.parse(cold.stdout) as { sites: unknown[] }).sites.length;
    // Node's start and the CLI's loading are the same whatever the tree: shown apart, and taken out of the second ratio.
    const startup = cli(['--version']).cpuMs;
    const inEngine = await engineWarmRescan(root);
    const rows: Array<[string, string]> = [
      [`tree: ${TREE ? path.basename(TREE) : 'the sample app replicated'}, ${files.length} files to scan, ${sites} sites`, ''],
      ['plain read + sha256 of the files (reference)', `median of ${ENGINE_RUNS} ${readAndHash.toFixed(0)} ms CPU`],
      ['plain read + pre-filter of the code files (reference)', `median of ${ENGINE_RUNS} ${readAndFilter.toFixed(0)} ms CPU`],
      [
        'plain read + tree-sitter parse of the code files (reference: what any analysis of them costs at least)',
        `median of ${PARSE_RUNS} ${readAndParse.toFixed(0)} ms CPU (${(readAndParse / readAndFilter).toFixed(1)}× read + pre-filter)`,
      ],
      [
        'cold scan (CLI, no cache entry, engine workers)',
        `${cold.cpuMs.toFixed(0)} ms CPU (${(cold.cpuMs / readAndFilter).toFixed(1)}× read + pre-filter; target ≤ 8×; ${(cold.cpuMs / readAndParse).toFixed(1)}× read + parse)`,
      ],
      [
        'warm re-scan (CLI, every file from the cache)',
        `median of ${RUNS} ${warmCpu.toFixed(0)} ms CPU (${(warmCpu / readAndHash).toFixed(1)}× read + hash; target ≤ 3×)`,
      ],
      [
        '  of which starting Node and loading the CLI',
        `${startup.toFixed(0)} ms CPU (without it: ${((warmCpu - startup) / readAndHash).toFixed(1)}× read + hash)`,
      ],
      ['warm report identical to the cold one', same ? 'yes' : 'NO'],
      [
        "warm re-scan in the engine (as the editor re-scans: listed, stat'ed, from the cache)",
        `median of ${ENGINE_RUNS} ${inEngine.cpuMs.toFixed(0)} ms CPU (${(inEngine.cpuMs / readAndHash).toFixed(1)}× read + hash; target ≤ 3×)`,
      ],
      [
        '  the first after a cold scan whose report is shown (its analyses handed out again)',
        `${inEngine.shownMs.toFixed(0)} ms CPU (${(inEngine.shownMs / readAndHash).toFixed(1)}× read + hash)`,
      ],
      [
        '  the first with no analysis alive (every one unpacked from the cache)',
        `${inEngine.firstMs.toFixed(0)} ms CPU (${(inEngine.firstMs / readAndHash).toFixed(1)}× read + hash)`,
      ],
      ['  its report identical to its cold scan', inEngine.same ? 'yes' : 'NO'],
      [
        '  the longest the thread is held at a time (the editor waits that long)',
        `${inEngine.firstHeldMs.toFixed(0)} ms in the first with no analysis alive, median ${inEngine.heldMs.toFixed(0)} ms`,
      ],
      [`peak RSS, cold scan of ${files.length} files (worker threads included)`, `${cold.maxRssMb.toFixed(0)} MB (target ≤ 300 MB)`],
      [`peak RSS, warm re-scan`, `${median(warm.map((run) => run.maxRssMb)).toFixed(0)} MB`],
    ];
    const width = Math.max(...rows.map(([label]) => label.length));
    for (const [label, value] of rows) console.log(`${label.padEnd(width)}  ${value}`);
  } finally {
    if (!TREE) rmSync(root, { recursive: true, force: true });
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
