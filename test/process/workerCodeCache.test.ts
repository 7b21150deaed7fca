import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createEngine } from '../../src/core/engine';
import { EMPTY_PROJECT_CONFIG } from '../../src/core/volume/projectConfig';
import type { FileAnalysis } from '../../src/core/workspace/analyzeFile';
import { workerCodeCacheFile } from '../../src/core/worker/workerCodeCache';
import { requireBundledWorker, WORKER_SCRIPT } from './bundledWorker';
import { generatedTypeScript } from '../unit/codeGenerated';

const SETTINGS = { project: EMPTY_PROJECT_CONFIG, defaultModel: 'gpt-4o-mini', monthlyCalls: 1000 };
const SOURCE = generatedTypeScript(200).text;

/**
 * One engine's life: its worker started with the code cache in `dir`, one file analysed, the worker
 * stopped. With what the worker said of the cache as it started.
 */
async function analyseOnce(dir: string): Promise<{ analysis: FileAnalysis | undefined; cache: string[] }> {
  const lines: string[] = [];
  const logger = { debug: (line: string) => lines.push(line), info() {}, warn() {}, error() {} };
  const engine = createEngine({ workerScript: WORKER_SCRIPT, codeCacheDir: dir, logger });
  try {
    const outline = await engine.outline(SOURCE, 'src/cold.ts');
    assert.strictEqual(outline?.length, 18);
    const analysis = await engine.analyze(SOURCE, 'src/cold.ts', SETTINGS);
    return { analysis, cache: lines.filter((line) => line.includes('code cache')) };
  } finally {
    engine.dispose();
  }
}

const NONE = 'Engine worker: no code cache yet; it is written after the first analysis.';
const USED = 'Engine worker: its code came compiled from the code cache.';
const REJECTED = 'Engine worker: V8 did not take the code cache (another build or Node); it is written again after the first analysis.';

/** The cache files in `dir`, by name, with their bytes. */
function cacheFiles(dir: string): Map<string, Buffer> {
  if (!fs.existsSync(dir)) return new Map();
  return new Map(
    fs
      .readdirSync(dir)
      .filter((name) => name.endsWith('.v8cache'))
      .map((name) => [name, fs.readFileSync(path.join(dir, name))]),
  );
}

/** Waits until `dir` holds exactly one cache file that differs from `unlike` (the worker writes it after answering). */
async function writtenCache(dir: string, unlike?: Buffer): Promise<[string, Buffer]> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const files = [...cacheFiles(dir)];
    if (files.length === 1 && !(unlike && files[0][1].equals(unlike))) return files[0];
    if (Date.now() > deadline) throw new Error(`no new code cache in ${dir}: ${files.map(([name]) => name).join(', ') || 'none'}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("the engine worker's code cache", function () {
  this.timeout(60_000);
  before(requireBundledWorker);
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'promptcost-codecache-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is written after the first analysis, and read, not written again, by the next worker, which analyses the same', async () => {
    const first = await analyseOnce(dir);
    assert.deepStrictEqual(first.cache, [NONE]);
    const [name, bytes] = await writtenCache(dir);
    assert.match(name, /^engine-worker-[0-9a-f]{16}\.v8cache$/);
    assert.ok(bytes.length > 100_000, `${bytes.length} bytes`);
    const written = fs.statSync(path.join(dir, name));
    const second = await analyseOnce(dir);
    assert.deepStrictEqual(second.cache, [USED]);
    assert.deepStrictEqual(second.analysis, first.analysis);
    // V8 took the data: nothing was written again (a rejected cache is replaced, by a new file, after the first analysis).
    assert.deepStrictEqual([...cacheFiles(dir)], [[name, bytes]]);
    const after = fs.statSync(path.join(dir, name));
    assert.deepStrictEqual([after.ino, after.mtimeMs], [written.ino, written.mtimeMs]);
  });

  it('is replaced when V8 rejects it, and other builds’ caches are removed then', async () => {
    const first = await analyseOnce(dir);
    const [name] = await writtenCache(dir);
    const garbage = Buffer.from('not a code cache');
    fs.writeFileSync(path.join(dir, name), garbage);
    fs.writeFileSync(path.join(dir, 'engine-worker-0000000000000000.v8cache'), 'an older build');
    fs.writeFileSync(path.join(dir, 'scan-kept.bin'), 'the scan cache');
    const again = await analyseOnce(dir);
    assert.deepStrictEqual(again.cache, [REJECTED]);
    assert.deepStrictEqual(again.analysis, first.analysis);
    const [rewritten, bytes] = await writtenCache(dir, garbage);
    assert.strictEqual(rewritten, name);
    assert.ok(bytes.length > 100_000, `${bytes.length} bytes`);
    assert.deepStrictEqual(fs.readdirSync(dir).sort(), [name, 'scan-kept.bin']);
  });

  it('is removed when a worker started with it stops before its first answer', async () => {
    // A bundle that dies as it starts, as one compiled from a damaged cache might.
    const script = path.join(dir, 'dies.js');
    fs.writeFileSync(script, 'process.exit(70);\n');
    const cacheFile = workerCodeCacheFile(dir, `${fs.statSync(script).size}:${fs.statSync(script).mtimeMs}`);
    fs.writeFileSync(cacheFile, 'a cache it started from');
    const lines: string[] = [];
    const logger = { debug() {}, info: (line: string) => lines.push(line), warn: (line: string) => lines.push(line), error() {} };
    const engine = createEngine({ workerScript: script, codeCacheDir: dir, logger });
    try {
      await assert.rejects(engine.analyze(SOURCE, 'src/cold.ts', SETTINGS), /exit code 70/);
    } finally {
      engine.dispose();
    }
    assert.strictEqual(fs.existsSync(cacheFile), false);
    assert.ok(
      lines.includes("The engine worker stopped before its first answer: its code cache is removed, and the next one compiles the engine's code from source."),
      lines.join('\n'),
    );
  });

  it('costs nothing when its folder cannot be written: the analysis is the same', async () => {
    const blocked = path.join(dir, 'a-file');
    fs.writeFileSync(blocked, '');
    const engine = createEngine({ workerScript: WORKER_SCRIPT, codeCacheDir: path.join(blocked, 'code-cache') });
    const plain = createEngine({ workerScript: WORKER_SCRIPT });
    try {
      assert.deepStrictEqual(await engine.analyze(SOURCE, 'src/cold.ts', SETTINGS), await plain.analyze(SOURCE, 'src/cold.ts', SETTINGS));
    } finally {
      engine.dispose();
      plain.dispose();
    }
  });
});
