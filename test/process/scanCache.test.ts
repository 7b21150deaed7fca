import * as assert from 'assert';
import { createHash } from 'crypto';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { requireBundledWorker, WORKER_SCRIPT } from './bundledWorker';
import { createEngine, type Engine } from '../../src/core/engine';
import { SILENT_LOGGER, type Logger } from '../../src/core/log/logger';
import { toJsonReport } from '../../src/core/report/jsonReport';
import { setFlagsFromString } from 'v8';
import { runInNewContext } from 'vm';
import { parseProjectConfig } from '../../src/core/volume/projectConfig';
import { discoverCostFiles } from '../../src/core/workspace/discover';
import type { AnalysisSettings } from '../../src/core/workspace/fileAnalyzer';
import type { Report } from '../../src/core/workspace/report';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist/cli.js');
const SAMPLE_APP = path.join(ROOT, 'test/fixtures/workspace');

function promptcost(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * The sample app copied to a temporary folder, so that a test may edit it and its cache lives and
 * dies with it. Its files are dated a minute back, as a checkout's are by the time anyone scans it:
 * a file changed within the last seconds is read on every scan (scanCache.ts, RACY_MS), which would
 * make what a scan writes depend on how fast the machine is.
 */
function sampleCopy(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'promptcost-cache-'));
  fs.cpSync(SAMPLE_APP, root, { recursive: true });
  fs.rmSync(path.join(root, '.promptcost-cache'), { recursive: true, force: true });
  const minuteAgo = new Date(Date.now() - 60_000);
  for (const file of fs.readdirSync(root, { recursive: true }) as string[]) fs.utimesSync(path.join(root, file), minuteAgo, minuteAgo);
  return root;
}

/** The scan cache's files in a cache folder (the CLI keeps the engine worker's compiled code there too). */
function scanCacheFiles(folder: string): string[] {
  return fs
    .readdirSync(folder)
    .filter((name) => name.startsWith('scan-'))
    .map((name) => path.join(folder, name));
}

const siteOf = (stdout: string, id: string) =>
  (JSON.parse(stdout) as { sites: Array<{ id: string; model: string; cost: unknown }> }).sites.find((site) => site.id === id);

describe('the scan cache (CLI)', function () {
  this.timeout(120_000);
  before(requireBundledWorker);
  let root: string;
  beforeEach(() => (root = sampleCopy()));
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('a warm re-scan of an unchanged tree takes every file from the cache and prints the same JSON as a cold scan and as --no-cache', () => {
    const cold = promptcost(['estimate', root, '--format', 'json', '--verbose']);
    assert.strictEqual(cold.code, 0, cold.stderr);
    assert.match(cold.stderr, /Scan cache: 0 files of 22 unchanged since the last scan\./);
    // The scan cache, and beside it the engine worker's compiled code (worker/workerCodeCache.ts).
    assert.deepStrictEqual(
      fs
        .readdirSync(path.join(root, '.promptcost-cache'))
        .sort()
        .map((name) => /^scan-[0-9a-f]{32}\.bin$|^engine-worker-[0-9a-f]{16}\.v8cache$/.exec(name)?.[0].slice(0, 5)),
      ['engin', 'scan-'],
    );
    const [cacheFile] = scanCacheFiles(path.join(root, '.promptcost-cache'));
    const written = fs.statSync(cacheFile);
    const warm = promptcost(['estimate', root, '--format', 'json', '--verbose']);
    assert.match(warm.stderr, /Scan cache: 22 files of 22 unchanged since the last scan\./);
    assert.strictEqual(warm.stdout, cold.stdout);
    // Nothing new to keep: the file is not written again (a write replaces it: another inode), only its time renewed.
    const after = fs.statSync(cacheFile);
    assert.strictEqual(after.ino, written.ino);
    assert.ok(after.mtimeMs >= written.mtimeMs);
    const uncached = promptcost(['estimate', root, '--format', 'json', '--no-cache', '--verbose']);
    assert.doesNotMatch(uncached.stderr, /Scan cache/);
    assert.strictEqual(uncached.stdout, cold.stdout);
  });

  it('answers a file from its size and time without reading it, until either changes', () => {
    const cold = promptcost(['estimate', root, '--format', 'json']);
    const file = path.join(root, 'src/supportBot/classify.ts');
    const { atime, mtime } = fs.statSync(file);
    const text = fs.readFileSync(file, 'utf8');
    // The same size and, put back, the same time: only reading the file would tell it changed.
    fs.writeFileSync(file, text.replace("'gpt-4o-mini'", "'gpt-4.1-nan'"));
    fs.utimesSync(file, atime, mtime);
    const unread = promptcost(['estimate', root, '--format', 'json', '--verbose']);
    assert.match(unread.stderr, /Scan cache: 22 files of 22 unchanged since the last scan\./);
    assert.strictEqual(unread.stdout, cold.stdout);
    assert.strictEqual(siteOf(unread.stdout, 'src/supportBot/classify.ts#classifyTicket')?.model, 'gpt-4o-mini');
    // A time of a second later: the tree's fingerprint changes, every file is read and analysed again.
    fs.utimesSync(file, atime, new Date(mtime.getTime() + 1_000));
    const read = promptcost(['estimate', root, '--format', 'json', '--verbose']);
    assert.match(read.stderr, /Scan cache: 0 files of 22 unchanged since the last scan\./);
    assert.strictEqual(siteOf(read.stdout, 'src/supportBot/classify.ts#classifyTicket')?.model, 'gpt-4.1-nan');
  });

  it('reads a file changed within the last seconds on every scan: its time cannot yet tell one version from the next', () => {
    const file = path.join(root, 'src/supportBot/classify.ts');
    const text = fs.readFileSync(file, 'utf8');
    // Dated a minute ahead (a clock a minute off): within RACY_MS of both scans' walks however slowly
    // the machine runs them, as a file written in the same tick as a walk is.
    const ahead = new Date(Date.now() + 60_000);
    fs.utimesSync(file, ahead, ahead);
    const { atime, mtime } = fs.statSync(file);
    promptcost(['estimate', root, '--format', 'json']);
    fs.writeFileSync(file, text.replace("'gpt-4o-mini'", "'gpt-4.1-nan'"));
    fs.utimesSync(file, atime, mtime);
    const next = promptcost(['estimate', root, '--format', 'json', '--verbose']);
    // Read, so the change is seen (a file from the cache by its text's hash is a miss: the other 21 are hits).
    assert.match(next.stderr, /Scan cache: 21 files of 22 unchanged since the last scan\./);
    assert.strictEqual(siteOf(next.stdout, 'src/supportBot/classify.ts#classifyTicket')?.model, 'gpt-4.1-nan');
  });

  it('after an edit the edited file’s figures are those of a fresh scan, and every file is analysed again', () => {
    const before = promptcost(['estimate', root, '--format', 'json']);
    const file = path.join(root, 'src/supportBot/classify.ts');
    const text = fs.readFileSync(file, 'utf8');
    assert.ok(text.includes("'gpt-4o-mini'"));
    fs.writeFileSync(file, text.replace("'gpt-4o-mini'", "'gpt-4o'"));
    const after = promptcost(['estimate', root, '--format', 'json', '--verbose']);
    assert.match(after.stderr, /Scan cache: 0 files of 22 unchanged since the last scan\./);
    const fresh = promptcost(['estimate', root, '--format', 'json', '--no-cache']);
    assert.strictEqual(after.stdout, fresh.stdout);
    assert.strictEqual(siteOf(before.stdout, 'src/supportBot/classify.ts#classifyTicket')?.model, 'gpt-4o-mini');
    assert.strictEqual(siteOf(after.stdout, 'src/supportBot/classify.ts#classifyTicket')?.model, 'gpt-4o');
  });

  it('a change to a file no scan reads as a site (a prompt read by code) misses the cache too', () => {
    promptcost(['estimate', root, '--format', 'json']);
    fs.appendFileSync(path.join(root, 'docs/tone-guide.md'), '\nOne more line.\n');
    const after = promptcost(['estimate', root, '--format', 'json', '--verbose']);
    assert.match(after.stderr, /Scan cache: 0 files of 22 unchanged/);
  });

  it('other settings (--calls) use their own cache file, and --cache-dir puts it elsewhere', () => {
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'promptcost-cache-dir-'));
    try {
      promptcost(['estimate', root, '--format', 'json', '--cache-dir', elsewhere]);
      const other = promptcost(['estimate', root, '--format', 'json', '--cache-dir', elsewhere, '--calls', '5', '--verbose']);
      assert.match(other.stderr, /Scan cache: 0 files of 22/);
      assert.strictEqual(fs.existsSync(path.join(root, '.promptcost-cache')), false);
      assert.strictEqual(scanCacheFiles(elsewhere).length, 2);
    } finally {
      fs.rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('a corrupt or truncated cache file is ignored with a log line, and replaced', () => {
    const cold = promptcost(['estimate', root, '--format', 'json']);
    const folder = path.join(root, '.promptcost-cache');
    const [name] = scanCacheFiles(folder).map((file) => path.basename(file));
    const bytes = fs.readFileSync(path.join(folder, name));
    for (const damaged of [
      bytes.subarray(0, bytes.length - 100),
      Buffer.from(bytes.map((byte, i) => (i === bytes.length - 50 ? byte ^ 1 : byte))),
      Buffer.from('{}'),
    ]) {
      fs.writeFileSync(path.join(folder, name), damaged);
      const run = promptcost(['estimate', root, '--format', 'json', '--verbose']);
      assert.strictEqual(run.code, 0);
      assert.match(run.stderr, /Ignored the scan cache .*scan-[0-9a-f]{32}\.bin: it is corrupt \(a fresh scan replaces it\)\./);
      assert.match(run.stderr, /Scan cache: 0 files of 22/);
      assert.strictEqual(run.stdout, cold.stdout);
    }
    assert.match(promptcost(['estimate', root, '--format', 'json', '--verbose']).stderr, /Scan cache: 22 files of 22/);
    // Intact by its digest, but a record claims more bytes than follow (a file written by another build).
    const records = Buffer.from([0xff, 0xff, 0, 0, 1, 2, 3]);
    const crafted = Buffer.concat([bytes.subarray(0, 8), createHash('sha256').update(records).digest(), records]);
    fs.writeFileSync(path.join(folder, name), crafted);
    const run = promptcost(['estimate', root, '--format', 'json', '--verbose']);
    assert.match(run.stderr, /Ignored the scan cache .*scan-[0-9a-f]{32}\.bin: a record is cut short/);
    assert.strictEqual(run.stdout, cold.stdout);
  });

  it('says what is wrong with --cache-dir and --no-cache', () => {
    assert.deepStrictEqual(
      promptcost(['estimate', root, '--no-cache', '--cache-dir', 'x']).stderr.split('\n')[0],
      'promptcost: --cache-dir and --no-cache cannot be used together',
    );
    assert.deepStrictEqual(
      promptcost(['estimate', root, '--cache-dir', path.join(root, 'package.json')]).stderr.split('\n')[0],
      `promptcost: --cache-dir must be a folder; ${path.join(root, 'package.json')} is a file`,
    );
  });
});

describe('the scan cache (engine, as the editor re-scans)', function () {
  this.timeout(120_000);
  before(requireBundledWorker);

  it('takes a re-scan from the entries it holds while the cache file is as it left it, and from the file once it changed', async () => {
    const lines: string[] = [];
    const logger = { ...SILENT_LOGGER, info: (line: string) => void lines.push(line), warn: (line: string) => void lines.push(line) };
    await withSampleEngine(logger, async ({ root, engine, settings }) => {
      const cacheDir = path.join(root, '.promptcost-cache');
      const scan = async () => {
        lines.length = 0;
        const report = toJsonReport(await engine.scan(discoverCostFiles(root), settings, { cacheDir }));
        return { report, cache: lines.filter((line) => /scan cache/i.test(line)) };
      };
      const cold = await scan();
      assert.deepStrictEqual(cold.cache, ['Scan cache: 0 files of 22 unchanged since the last scan.']);
      // The second scan renews the file's time (to the millisecond), so the test can put it back exactly.
      assert.deepStrictEqual((await scan()).cache, ['Scan cache: 22 files of 22 unchanged since the last scan.']);
      const [file] = fs.readdirSync(cacheDir).map((name) => path.join(cacheDir, name));
      const before = fs.statSync(file);
      // Damaged in place (same inode and size) and its time put back: to this process the file is unchanged.
      const handle = fs.openSync(file, 'r+');
      fs.writeSync(handle, Buffer.from('damaged'), 0, 7, before.size - 100);
      fs.closeSync(handle);
      fs.utimesSync(file, before.atime, before.mtime);
      assert.strictEqual(fs.statSync(file).mtimeMs, before.mtimeMs);
      const fromMemory = await scan();
      assert.deepStrictEqual(fromMemory.cache, ['Scan cache: 22 files of 22 unchanged since the last scan.']);
      assert.deepStrictEqual(fromMemory.report, cold.report);
      // A file of another time is read again: this one is found damaged, and every file is analysed again.
      fs.utimesSync(file, before.atime, new Date(before.mtimeMs + 5_000));
      const fromDisk = await scan();
      assert.strictEqual(fromDisk.cache.length, 2, fromDisk.cache.join('\n'));
      assert.match(fromDisk.cache[0], /^Ignored the scan cache .*: it is corrupt \(a fresh scan replaces it\)\.$/);
      assert.strictEqual(fromDisk.cache[1], 'Scan cache: 0 files of 22 unchanged since the last scan.');
      assert.deepStrictEqual(fromDisk.report, cold.report);
    });
  });

  it("keeps a scan's details deflated, in memory and in the cache file, and reads them as an in-process scan has them", async () => {
    await withSampleEngine(SILENT_LOGGER, async ({ root, engine, settings }) => {
      const cacheDir = path.join(root, '.promptcost-cache');
      const report = await engine.scan(discoverCostFiles(root), settings, { cacheDir });
      // A prompt the sample app sends (draftReply.ts): the cache file holds it, but not as text.
      const prompt = '# Help-center articles';
      const [file] = fs.readdirSync(cacheDir).map((name) => path.join(cacheDir, name));
      assert.strictEqual(fs.readFileSync(file).includes(prompt), false);
      const inProcess = createEngine();
      try {
        const expected = await inProcess.scan(discoverCostFiles(root), settings);
        assert.strictEqual(report.sites.length, 20);
        assert.ok(expected.sites.some((site) => site.site.messages.some((message) => message.segments.some((segment) => segment.text.includes(prompt)))));
        assert.deepStrictEqual(
          report.sites.map((site) => [site.site.messages, site.estimate.messages, site.estimate.assumptions, site.findings.map((finding) => finding.fixes)]),
          expected.sites.map((site) => [site.site.messages, site.estimate.messages, site.estimate.assumptions, site.findings.map((finding) => finding.fixes)]),
        );
      } finally {
        inProcess.dispose();
      }
    });
  });

  it("stops the worker before writing the cache when the scan is the engine's last use, with the same report", async () => {
    // Whether the worker runs as the cache is written: the line about it comes right after.
    const runningAtSave: boolean[] = [];
    let current: Engine | undefined;
    const logger = { ...SILENT_LOGGER, info: (line: string) => void (line.startsWith('Scan cache:') && runningAtSave.push(current!.isRunning())) };
    await withSampleEngine(logger, async ({ root, engine, settings }) => {
      current = engine;
      const cacheDir = path.join(root, '.promptcost-cache');
      const kept = toJsonReport(await engine.scan(discoverCostFiles(root), settings, { cacheDir: path.join(root, 'kept') }));
      assert.deepStrictEqual(runningAtSave, [true]);
      const last = toJsonReport(await engine.scan(discoverCostFiles(root), settings, { cacheDir, lastUse: true }));
      assert.deepStrictEqual(runningAtSave, [true, false]);
      assert.strictEqual(engine.isRunning(), false);
      assert.deepStrictEqual(last, kept);
      assert.strictEqual(fs.readdirSync(cacheDir).length, 1);
    });
  });

  it('hands a re-scan the analyses the last report still holds, the same objects, and the same figures', async () => {
    await withSampleEngine(SILENT_LOGGER, async ({ root, engine, settings }) => {
      const scan = () => engine.scan(discoverCostFiles(root), settings, { cacheDir: path.join(root, '.promptcost-cache') });
      const cold = await scan();
      // The cold scan's analyses came from the worker; while its report holds them, they are the entries' too.
      const first = await scan();
      const second = await scan();
      assert.strictEqual(second.sites.length, 20);
      assert.ok(first.sites.every((site, i) => site === cold.sites[i]));
      assert.ok(second.sites.every((site, i) => site === first.sites[i]));
      assert.deepStrictEqual(toJsonReport(second), toJsonReport(cold));
    });
  });

  it('hands them out after a collection too, for as long as the report holds their sites', async () => {
    await withSampleEngine(SILENT_LOGGER, async ({ root, engine, settings }) => {
      const scan = () => engine.scan(discoverCostFiles(root), settings, { cacheDir: path.join(root, '.promptcost-cache') });
      // The reports shown (no local names them: they are dropped before the last collection).
      const shown: Report[] = [await scan()];
      // A report holds the sites, not the analyses they came in: the collector must not take those
      // while the sites are shown (the editor's first re-scan unpacked every site again).
      await collectGarbage();
      shown.push(await scan());
      assert.strictEqual(shown[1].sites.length, 20);
      assert.deepStrictEqual(
        shown[1].sites.filter((site, i) => site !== shown[0].sites[i]).map((site) => site.site.id),
        [],
      );
      assert.deepStrictEqual(toJsonReport(shown[1]), toJsonReport(shown[0]));
      // Once no report shows them, nothing keeps them.
      const shownSite = new WeakRef(shown[1].sites[0]);
      shown.length = 0;
      await collectGarbage();
      assert.strictEqual(shownSite.deref(), undefined);
    });
  });
});

/** A full collection, once the current job has ended (until then V8 keeps every WeakRef's target). */
async function collectGarbage(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/**
 * Runs `work` with an engine over the bundled worker and the settings of a fresh copy of the
 * sample app (its cache folder inside it); the engine is stopped and the copy removed afterwards.
 */
async function withSampleEngine(logger: Logger, work: (context: { root: string; engine: Engine; settings: AnalysisSettings }) => Promise<void>): Promise<void> {
  const root = sampleCopy();
  const engine = createEngine({ workerScript: WORKER_SCRIPT, logger });
  try {
    const { config } = parseProjectConfig(fs.readFileSync(path.join(root, 'promptcost.yaml'), 'utf8'));
    await work({ root, engine, settings: { project: config, defaultModel: 'gpt-4o-mini', monthlyCalls: 10_000, workspaceRoot: root } });
  } finally {
    engine.dispose();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

describe('a scan over two engine workers', function () {
  this.timeout(120_000);
  before(requireBundledWorker);

  it('gives the sample app the same report, tasks included, as one worker', async () => {
    const { config } = parseProjectConfig(fs.readFileSync(path.join(SAMPLE_APP, 'promptcost.yaml'), 'utf8'));
    const settings = { project: config, defaultModel: 'gpt-4o-mini', monthlyCalls: 10_000, workspaceRoot: SAMPLE_APP };
    const reportWith = async (scanWorkers: number) => {
      const started: string[] = [];
      const logger = { ...SILENT_LOGGER, info: (line: string) => void (line === 'Engine worker started.' && started.push(line)) };
      const engine = createEngine({ workerScript: WORKER_SCRIPT, scanWorkers, logger });
      try {
        const progress: number[] = [];
        const report = await engine.scan(discoverCostFiles(SAMPLE_APP), settings, { onProgress: (done) => progress.push(done) });
        return { json: toJsonReport(report), progress, workers: started.length };
      } finally {
        engine.dispose();
      }
    };
    const one = await reportWith(1);
    const two = await reportWith(2);
    assert.ok((one.json as { tasks: unknown[] }).tasks.length > 0, 'the sample app has tasks');
    assert.deepStrictEqual([one.workers, two.workers], [1, 2]);
    assert.deepStrictEqual(two.json, one.json);
    assert.deepStrictEqual(
      two.progress,
      [...Array(22).keys()].map((i) => i + 1),
    );
  });
});
