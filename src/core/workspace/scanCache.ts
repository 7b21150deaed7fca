import { createHash, randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { deserialize, serialize } from 'v8';
import { errorMessage, type Logger } from '../log/logger';
import { PRICE_DATA } from '../pricing/priceData';
import type { FileAnalysis } from './analyzeFile';
import type { KnownAnalysis } from './scan';
import { ALWAYS_EXCLUDED_FOLDERS } from './discover';
import { listFolder, RACY_MS } from './folderListing';
import { HOLD_THREAD_MS, nextTurn } from './threadTurns';
import type { AnalysisSettings } from './fileAnalyzer';
import { siteSummary, whenSitesBuilt } from './sitesOnRead';

/** The folder the CLI keeps its scan cache in, under the scanned root unless told otherwise. */
export const DEFAULT_SCAN_CACHE_FOLDER = '.promptcost-cache';

/**
 * Bumped whenever what an analysis outputs changes without the package's version changing (a new
 * field, a rule that fires elsewhere): every entry written before is then ignored.
 */
export const SCAN_CACHE_SCHEMA = 7;

/** Replaced by esbuild with package.json's version; absent when the engine runs from source (tests, where caches live in temporary folders). */
declare const PROMPTCOST_VERSION: string | undefined;
const ENGINE_VERSION = typeof PROMPTCOST_VERSION === 'string' ? PROMPTCOST_VERSION : 'source';

/** Cache files kept in one folder (one per set of settings): older ones are deleted when a scan saves. */
const MAX_CACHE_FILES = 8;
/**
 * Written first in every cache file: a file that does not start with it is someone else's, corrupt,
 * or of an earlier layout. Then the sha256 of the rest, then records, each a 4-byte length and a
 * v8-serialised value: the fingerprint first, then one `[key, entry]` per file.
 */
const MAGIC = Buffer.from('PCSCAN02');
const DIGEST_BYTES = 32;
const LENGTH_BYTES = 4;

const sha256 = (...parts: Array<string | Uint8Array>) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
};

/**
 * How an analysis is kept in the file: as it is (the default), or in a form that is cheaper to
 * decode — the engine keeps the packed form the worker sent (worker/analysisPayload.ts), whose
 * details are decoded only when read. `null` stands for a file without sites.
 */
export interface CacheEntryCodec {
  store(analysis: FileAnalysis, file: string): unknown;
  restore(stored: unknown, file: string): FileAnalysis;
}

const AS_IS: CacheEntryCodec = {
  store: (analysis) => analysis,
  restore: (stored) => stored as FileAnalysis,
};

/**
 * The analyses of a workspace scan kept on disk between scans, so a re-scan of an unchanged tree
 * reads each file and hashes it instead of parsing and estimating it.
 *
 * What an entry is valid for, and why:
 * - The file's own text: keyed by sha256 of its path and text.
 * - The engine: package version, SCAN_CACHE_SCHEMA, the build (the worker bundle's size and time),
 *   the price data's date, and the UTC day
 *   (a price book's catalog holds until the next dated price starts, so a figure may change at
 *   midnight with nothing else changed).
 * - The settings: the JSON of the AnalysisSettings the scan runs with (promptcost.yaml parsed,
 *   env values from the env files merged in, default model, calls, severities, thresholds, root).
 * - Every other file: a code file's analysis follows imports, callers in the files that import it,
 *   files read from disk, the workspace's LLM modules and tasks across files. Recording what each
 *   analysis read is not possible from here (a file's extraction is shared by every analysis that
 *   follows it), so an entry is also keyed by a fingerprint of the whole tree under the root: the
 *   path, size and modification time of every file (the folders of ALWAYS_EXCLUDED_FOLDERS aside:
 *   the engine follows no import into them, and the cache's own folder, which every save changes).
 *   Any change anywhere under the root therefore misses every entry: a re-scan of an unchanged tree
 *   hits everything, and no change can leave a stale figure.
 *
 * The fingerprint and settings name the cache file; a file of another fingerprint is replaced when
 * the scan saves, so one file per set of settings is kept, and MAX_CACHE_FILES of them at most. A
 * file that cannot be read or is corrupt (checked by its digest) is ignored with a log line; writes
 * go to a temporary file renamed into place, so a reader never sees half a file.
 */
export class ScanCache {
  private readonly fresh = new Map<string, unknown>();
  private readonly freshStamps = new Map<string, DiskStamp>();
  /** Whether this scan's stamps differ from the file's (a file read that had none, or another). */
  private stampsChanged = false;
  hits = 0;

  private constructor(
    private readonly dir: string,
    private readonly file: string,
    private readonly tree: TreeState,
    private readonly held: HeldEntries,
    private readonly logger: Logger,
    private readonly codec: CacheEntryCodec,
  ) {}

  /** The cache for a scan with these settings, loaded from `dir` (created when it saves). Never rejects. */
  /**
   * @param build what identifies the engine's code beyond its version (the worker bundle's size and
   *   time): a rebuild during development must not be answered with the previous build's figures.
   */
  static async open(dir: string, settings: AnalysisSettings, logger: Logger, build = '', now = new Date(), codec = AS_IS): Promise<ScanCache> {
    const absolute = path.resolve(dir);
    const { workspaceVersion: _changesOnEverySave, ...keyed } = settings;
    const engine = [SCAN_CACHE_SCHEMA, ENGINE_VERSION, build, PRICE_DATA.asOf, now.toISOString().slice(0, 10)];
    const namespace = sha256(JSON.stringify([...engine, keyed]));
    const file = path.join(absolute, `scan-${namespace.slice(0, 32)}.bin`);
    const tree = settings.workspaceRoot ? await treeState(settings.workspaceRoot, absolute, Date.now()) : { fingerprint: '', settled: new Map() };
    const held = await load(file, tree.fingerprint, logger, codec !== AS_IS);
    return new ScanCache(absolute, file, tree, held, logger, codec);
  }

  /**
   * The analysis held for a file on disk whose size and time are those it had when its entry was
   * made, without reading it; `undefined` when it must be read (changed, new, or changed too
   * recently for its time to tell: see `RACY_MS`).
   */
  known(file: string, diskPath: string): KnownAnalysis | undefined {
    const stamp = this.settledStamp(diskPath);
    if (stamp === undefined) return undefined;
    const indexed = this.held.stamps.get(file);
    if (!indexed || indexed.disk !== diskPath || indexed.stamp !== stamp) return undefined;
    const held = this.held.entries.get(indexed.key);
    if (held === undefined) return undefined;
    this.hits++;
    this.fresh.set(indexed.key, held);
    this.freshStamps.set(file, indexed);
    return { analysis: held === null ? undefined : this.restore(held, file) };
  }

  /** The analysis held for this text of the file, or `compute()`'s, which is then kept for the next scan. */
  async analyze(file: string, text: string, compute: () => Promise<FileAnalysis | undefined>, diskPath?: string): Promise<FileAnalysis | undefined> {
    const key = sha256(file, '\0', text);
    this.stampRead(file, key, diskPath);
    const held = this.held.entries.get(key);
    if (held !== undefined) {
      this.hits++;
      this.fresh.set(key, held);
      return held === null ? undefined : this.restore(held, file);
    }
    const analysis = await compute();
    if (cacheable(analysis)) this.fresh.set(key, analysis ? this.stored(analysis, file) : null);
    else this.freshStamps.delete(file);
    return analysis;
  }

  /**
   * The entry an analysis is kept as. The analysis itself is what a later scan's `restore` of that
   * entry hands out while anyone still holds it: the editor shows a cold scan's report, and the
   * re-scan after it unpacked every site again into objects equal to the ones shown.
   */
  private stored(analysis: FileAnalysis, file: string): unknown {
    const stored = this.codec.store(analysis, file);
    if (this.codec !== AS_IS && typeof stored === 'object' && stored !== null) handOutWhileShown(stored, analysis);
    return stored;
  }

  /**
   * Notes which entry a file on disk read now has, under the size and time the fingerprint's walk
   * found it with (taken before the read: a change in between changes the next walk's fingerprint,
   * and with it every entry's validity). A file read from the editor instead keeps the stamp (and
   * entry) its disk file had, which the unchanged fingerprint says still holds, so that a document
   * open in the editor does not make every re-scan write the cache again.
   */
  private stampRead(file: string, key: string, diskPath: string | undefined): void {
    const indexed = this.held.stamps.get(file);
    if (diskPath === undefined) {
      const entry = indexed && this.held.entries.get(indexed.key);
      if (!indexed || entry === undefined) return;
      this.freshStamps.set(file, indexed);
      if (indexed.key !== key) this.fresh.set(indexed.key, entry);
      return;
    }
    const stamp = this.settledStamp(diskPath);
    if (stamp === undefined) return;
    if (!indexed || indexed.disk !== diskPath || indexed.stamp !== stamp || indexed.key !== key) this.stampsChanged = true;
    this.freshStamps.set(file, { disk: diskPath, stamp, key });
  }

  /**
   * The analysis an entry stands for. An entry the engine unpacked or made before, while anyone
   * still holds that analysis (the report the editor shows), is answered with the same objects:
   * unpacking every site again was a fifth of a warm re-scan, and made as much garbage. Sharing is
   * safe because an analysis is never changed once made (reports and views build their own objects
   * from it), and one the worker sent is deep-equal to its entry unpacked (analysisPayload.ts).
   */
  private restore(held: unknown, file: string): FileAnalysis {
    if (this.codec === AS_IS || typeof held !== 'object' || held === null) return this.codec.restore(held, file);
    const shared = RESTORED.get(held)?.deref();
    if (shared) return shared;
    const analysis = this.codec.restore(held, file);
    handOutWhileShown(held, analysis);
    return analysis;
  }

  /** The size and time the walk found a file with, if they are old enough to stand for its bytes. */
  private settledStamp(diskPath: string): string | undefined {
    return this.tree.settled.get(path.isAbsolute(diskPath) ? diskPath : path.resolve(diskPath));
  }

  /** Writes this scan's entries (and only them: files gone from the tree are dropped). Never rejects. */
  async save(): Promise<void> {
    // Every entry came from the file and the file holds no other: writing it again would change
    // nothing. Its time is renewed, since pruning keeps the most recently used files.
    const sameStamps = !this.stampsChanged && this.freshStamps.size === this.held.stamps.size;
    if (this.hits === this.fresh.size && this.fresh.size === this.held.entries.size && sameStamps) {
      const now = new Date();
      await fs.promises.utimes(this.file, now, now).catch(() => undefined);
      await this.remember();
      return;
    }
    const temporary = `${this.file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await fs.promises.mkdir(this.dir, { recursive: true });
      // Written a record at a time: serialised whole, a large tree's entries were one buffer of tens
      // of megabytes (and twice that while V8's serialiser grew it) at the scan's peak of memory.
      const stamps = [...this.freshStamps].map(([file, { disk, stamp, key }]) => [file, disk, stamp, key]);
      await writeRecords(temporary, [{ fingerprint: this.tree.fingerprint, stamps }, ...this.fresh]);
      await fs.promises.rename(temporary, this.file);
      await this.remember();
      await this.prune();
    } catch (error) {
      // A cache that cannot be written costs the next scan its speed, never its figures.
      this.logger.warn(`Could not write the scan cache ${this.file}: ${errorMessage(error)}`);
      await fs.promises.rm(temporary, { force: true }).catch(() => undefined);
    }
  }

  /** What this scan leaves in the file, for the next scan in this process (see `REMEMBERED`). */
  private async remember(): Promise<void> {
    if (this.codec === AS_IS) return;
    const stats = await fs.promises.stat(this.file).catch(() => undefined);
    if (stats) rememberEntries(this.file, stats, { fingerprint: this.tree.fingerprint, entries: this.fresh, stamps: this.freshStamps });
  }

  /** Deletes all but the newest MAX_CACHE_FILES cache files (and temporary files left by a killed scan). */
  private async prune(): Promise<void> {
    const names = (await fs.promises.readdir(this.dir)).filter((name) => name.startsWith('scan-'));
    const dated = await Promise.all(
      names.map(async (name) => ({ name, mtime: (await fs.promises.stat(path.join(this.dir, name)).catch(() => undefined))?.mtimeMs ?? 0 })),
    );
    const old = Date.now() - 60 * 60 * 1000;
    const stale = dated.filter(({ name, mtime }) => name.endsWith('.tmp') && mtime < old);
    const caches = dated.filter(({ name }) => name.endsWith('.bin')).sort((a, b) => b.mtime - a.mtime);
    for (const { name } of [...stale, ...caches.slice(MAX_CACHE_FILES)]) await fs.promises.rm(path.join(this.dir, name), { force: true });
  }
}

/** The records after the magic and a digest of them, the digest written last where it belongs. */
async function writeRecords(file: string, records: Iterable<unknown>): Promise<void> {
  const handle = await fs.promises.open(file, 'w');
  try {
    const hash = createHash('sha256');
    let position = 0;
    const write = async (bytes: Uint8Array, at = position) => {
      // A write may take fewer bytes than given: the rest is written after them.
      for (let written = 0; written < bytes.length;) written += (await handle.write(bytes, written, bytes.length - written, at + written)).bytesWritten;
      if (at === position) position += bytes.length;
    };
    await write(MAGIC);
    await write(Buffer.alloc(DIGEST_BYTES));
    for (const record of records) {
      const bytes = serialize(record);
      const length = Buffer.alloc(LENGTH_BYTES);
      length.writeUInt32LE(bytes.length);
      hash.update(length).update(bytes);
      await write(length);
      await write(bytes);
    }
    await write(hash.digest(), MAGIC.length);
  } finally {
    await handle.close();
  }
}

/** An analysis worth keeping: one cut short (a time-out) or broken by a bug of ours is made again next time. */
function cacheable(analysis: FileAnalysis | undefined): boolean {
  if (!analysis) return true;
  // The sites' rules from their summary: the sites themselves may not be built yet (sitesOnRead.ts).
  const rules = [...analysis.findings.map((finding) => finding.rule), ...siteSummary(analysis).findingRules];
  return !rules.some((rule) => rule === 'analysis-timeout' || rule === 'internal-error');
}

/** The analyses unpacked from held entries, while anyone holds them (see `ScanCache.restore`). */
const RESTORED = new WeakMap<object, WeakRef<FileAnalysis>>();
/** Each analysis by its first site: see handOutWhileShown. */
const ANALYSIS_OF_SITE = new WeakMap<object, FileAnalysis>();

/**
 * Makes `analysis` what a later restore of `entry` hands out, for as long as a report shows its
 * sites. A report holds the sites, not the analyses they came in: held only through the WeakRef,
 * the analysis went with the first collection, and the editor's next re-scan unpacked every site
 * again beside the ones shown. So the first site keeps its analysis alive (an ephemeron: once
 * no report holds the site, neither is kept).
 */
function handOutWhileShown(entry: object, analysis: FileAnalysis): void {
  RESTORED.set(entry, new WeakRef(analysis));
  // Once its sites are built: a report builds them as it takes them, while the scan still holds the analysis.
  whenSitesBuilt(analysis, (sites) => {
    if (sites.length > 0) ANALYSIS_OF_SITE.set(sites[0], analysis);
  });
}

/**
 * The entries of the cache files this process loaded or wrote, by file, while each file is as it
 * left it (same inode, size and modification time): the editor re-scans the same workspace again
 * and again, and reading, checking and decoding the file each time was a fifth of a warm re-scan.
 * Only with a codec that packs (the engine's: the CLI keeps analyses as they are and scans once per
 * process, so remembering would only hold memory); and only files up to MAX_REMEMBERED_BYTES, against holding
 * a huge tree's entries after its report is gone (while a report is shown it holds the same
 * entries anyway: its analyses keep the packed forms they were unpacked from). The 11,000-file
 * tree's file is 68 MB, and keeping it halved that tree's re-scan (3.0 → 1.5 s of CPU).
 */
const REMEMBERED = new Map<string, { stamp: string } & StoredState>();
const MAX_REMEMBERED_BYTES = 128 * 1024 * 1024;

/** Which entry a file on disk had, and at which size and time: lets a scan answer without reading it. */
interface DiskStamp {
  disk: string;
  stamp: string;
  key: string;
}

/** What a cache file holds: the tree's fingerprint, the entries by key, and the disk stamps by file. */
interface StoredState {
  fingerprint: string;
  entries: ReadonlyMap<string, unknown>;
  stamps: ReadonlyMap<string, DiskStamp>;
}

/** The entries (and stamps) valid for this scan: none when the tree has changed since they were made. */
type HeldEntries = Omit<StoredState, 'fingerprint'>;

const NOTHING_HELD: HeldEntries = { entries: new Map(), stamps: new Map() };

function rememberEntries(file: string, stats: fs.Stats, state: StoredState): void {
  REMEMBERED.delete(file);
  if (stats.size > MAX_REMEMBERED_BYTES) return;
  REMEMBERED.set(file, { stamp: fileStamp(stats), ...state });
  // The most recently used last: one per cache file the folder keeps.
  if (REMEMBERED.size > MAX_CACHE_FILES) REMEMBERED.delete(REMEMBERED.keys().next().value!);
}

const fileStamp = (stats: fs.Stats) => `${stats.ino}:${stats.size}:${stats.mtimeMs}`;

async function load(file: string, fingerprint: string, logger: Logger, remember: boolean): Promise<HeldEntries> {
  let bytes: Buffer;
  let stats: fs.Stats;
  try {
    // The stat and the bytes of one open file: a file replaced in between cannot pair one's time with the other's bytes.
    const handle = await fs.promises.open(file, 'r');
    try {
      stats = await handle.stat();
      const known = remember ? REMEMBERED.get(file) : undefined;
      if (known && known.stamp === fileStamp(stats)) return entriesFor(known, fingerprint, logger);
      bytes = await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch (error) {
    // No cache yet is the usual first scan; anything else is worth a line.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') logger.warn(`Ignored the scan cache ${file}: ${errorMessage(error)}`);
    return NOTHING_HELD;
  }
  const payload = bytes.subarray(MAGIC.length + DIGEST_BYTES);
  const intact =
    bytes.length > MAGIC.length + DIGEST_BYTES &&
    bytes.subarray(0, MAGIC.length).equals(MAGIC) &&
    bytes.subarray(MAGIC.length, MAGIC.length + DIGEST_BYTES).toString('hex') === sha256(payload);
  if (!intact) {
    logger.warn(`Ignored the scan cache ${file}: it is corrupt (a fresh scan replaces it).`);
    return NOTHING_HELD;
  }
  let records: unknown[];
  try {
    records = readRecords(payload);
  } catch (error) {
    logger.warn(`Ignored the scan cache ${file}: ${errorMessage(error)}`);
    return NOTHING_HELD;
  }
  const [head, ...entries] = records;
  if (!isStoredHead(head) || !entries.every(isEntry)) {
    logger.warn(`Ignored the scan cache ${file}: not a scan cache.`);
    return NOTHING_HELD;
  }
  const stamps = new Map(head.stamps.map(([path, disk, stamp, key]) => [path, { disk, stamp, key }]));
  const loaded = { fingerprint: head.fingerprint, entries: new Map(entries), stamps };
  if (remember) rememberEntries(file, stats, loaded);
  return entriesFor(loaded, fingerprint, logger);
}

function entriesFor(held: StoredState, fingerprint: string, logger: Logger): HeldEntries {
  // Another state of the tree: what was held may depend on a file that changed since.
  if (held.fingerprint !== fingerprint) {
    logger.info('The scan cache is of another state of the workspace: every file is analysed again.');
    return NOTHING_HELD;
  }
  return held;
}

function readRecords(payload: Buffer): unknown[] {
  const records: unknown[] = [];
  for (let at = 0; at < payload.length;) {
    if (at + LENGTH_BYTES > payload.length) throw new Error('a record is cut short');
    const length = payload.readUInt32LE(at);
    at += LENGTH_BYTES;
    if (at + length > payload.length) throw new Error('a record is cut short');
    records.push(deserialize(payload.subarray(at, at + length)));
    at += length;
  }
  return records;
}

interface StoredHead {
  fingerprint: string;
  /** Per file read from disk: its path, its absolute path, its size and time, its entry's key. */
  stamps: Array<[string, string, string, string]>;
}

const isStoredHead = (record: unknown): record is StoredHead =>
  typeof record === 'object' &&
  record !== null &&
  typeof (record as { fingerprint?: unknown }).fingerprint === 'string' &&
  Array.isArray((record as { stamps?: unknown }).stamps) &&
  (record as { stamps: unknown[] }).stamps.every((stamp) => Array.isArray(stamp) && stamp.length === 4 && stamp.every((part) => typeof part === 'string'));

const isEntry = (record: unknown): record is [string, unknown] => Array.isArray(record) && record.length === 2 && typeof record[0] === 'string';

/** The tree under the scan's root as one walk found it (see `treeState`). */
export interface TreeState {
  fingerprint: string;
  /** Size and time by absolute path, of the files whose time is older than the walk by RACY_MS. */
  settled: ReadonlyMap<string, string>;
}

/**
 * Path, size and modification time of every file under `root`, without reading any: a change of
 * any file the analyses may have read changes the fingerprint. Its stats are synchronous, as the
 * scan's reads are: a stat through the thread pool cost more CPU than the stat itself, and this
 * walk was a tenth of a warm re-scan. It gives the thread back between folders once it has held it
 * for `holdMs` (on the 11,000-file tree the walk takes 0.15–0.3 s). Links are stat'ed where they lead (a link's target changing is a change); folders
 * behind links are walked where they really are, or are outside the root, where the engine never reads.
 */
export async function treeState(root: string, cacheDir: string | undefined, now: number, holdMs = HOLD_THREAD_MS): Promise<TreeState> {
  const hash = createHash('sha256');
  // Stats are synchronous, so the walk gives the thread back now and then (threadTurns.ts).
  let heldSince = performance.now();
  const settled = new Map<string, string>();
  const base = path.resolve(root);
  const skip = cacheDir === undefined ? undefined : path.resolve(cacheDir);
  const folders = [''];
  for (let folder = folders.pop(); folder !== undefined; folder = folders.pop()) {
    if (performance.now() - heldSince > holdMs) {
      await nextTurn();
      heldSince = performance.now();
    }
    const full = path.join(base, folder);
    let dirents: readonly fs.Dirent[];
    try {
      // Sorted by name: the fingerprint must not depend on the order the file system lists entries in.
      dirents = listFolder(full, now);
    } catch (error) {
      // A folder that cannot be listed is a state of the tree like any other.
      hash.update(`${folder}\0!${(error as NodeJS.ErrnoException).code ?? 'error'}\n`);
      continue;
    }
    const files: fs.Dirent[] = [];
    for (const dirent of dirents) {
      if (dirent.isDirectory()) {
        const relative = folder ? `${folder}/${dirent.name}` : dirent.name;
        const excluded = ALWAYS_EXCLUDED_FOLDERS.includes(dirent.name) || dirent.name === DEFAULT_SCAN_CACHE_FOLDER || path.join(base, relative) === skip;
        if (!excluded) folders.push(relative);
      } else files.push(dirent);
    }
    // An entry's name holds no separator, so joining by hand gives what path.join would (a tenth
    // of the walk's time on the 11,000-file tree went to path.join); the folder's lines go to the
    // hash in one update, which hashes the same bytes as one per file.
    const prefix = folder ? `${folder}/` : '';
    const inFolder = full.endsWith(path.sep) ? full : full + path.sep;
    let lines = '';
    for (const { name } of files) {
      const absolute = inFolder + name;
      const { stamp, mtimeMs } = stampOf(absolute);
      lines += `${prefix}${name}\0${stamp}\n`;
      if (mtimeMs !== undefined && mtimeMs < now - RACY_MS) settled.set(absolute, stamp);
    }
    hash.update(lines);
  }
  return { fingerprint: hash.digest('hex'), settled };
}

/** A file's size and time, `folder` for a folder behind a link, or why it could not be stat'ed. */
function stampOf(file: string): { stamp: string; mtimeMs?: number } {
  try {
    const stats = fs.statSync(file);
    return stats.isDirectory() ? { stamp: 'folder' } : { stamp: `${stats.size}:${stats.mtimeMs}`, mtimeMs: stats.mtimeMs };
  } catch (error) {
    return { stamp: `!${(error as NodeJS.ErrnoException).code ?? 'error'}` };
  }
}
