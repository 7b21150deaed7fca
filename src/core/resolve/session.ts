import type { CodeValue } from '../codeModel/codeModel';
import type { SourceReader } from '../codeModel/sourceReader';
import type { EnvValue } from '../volume/envValues';
import { SILENT_LOGGER, type Logger } from '../log/logger';
import type { CallerArgument, ImportedFunction } from './callers';
import { moduleName, type ImportAliases } from './paths';
import { lookup, type FileAnalysis, type ImportBinding } from './scope';
import { ImportAliasLoader } from './tsconfigPaths';

/** Returned while a file or an imported value is still being fetched: the next pass has it. */
export const PENDING: unique symbol = Symbol('pending');
export type Pending = typeof PENDING;

/** How many imports deep a constant is followed (`a.ts` → `b.ts` → …). */
export const MAX_IMPORT_HOPS = 4;

/**
 * Files that may call a function are parsed up to this many; a function more files than this name
 * is taken to have callers that cannot all be read.
 */
export const MAX_CALLER_FILES = 40;

/** Reads and imports one resolution pass asked for; settled before the next pass. */
export class Round {
  readonly tasks = new Map<string, () => Promise<void>>();
}

export interface ExportedValue {
  value: CodeValue;
  /** The module it was found in. */
  file: string;
}

/** Another workspace file parsed into an analysis, held until the session's `dispose` releases it. */
export type ModuleLoader = (file: string, text: string) => Promise<{ readonly analysis: FileAnalysis | undefined; release(): void }>;
/** Resolves one exported name of an analysed module, in that module's own ranges. */
export type ExportResolver = (module: FileAnalysis, name: string, hops: number, session: ResolveSession) => Promise<ExportedValue | undefined>;
/** What the calls of a function in one importing module pass for its parameter ([] for none; undefined when one cannot be matched). */
export type ImporterResolver = (
  importer: FileAnalysis,
  called: ImportedFunction,
  hops: number,
  session: ResolveSession,
) => Promise<CallerArgument[] | undefined>;

/**
 * The calls of a function in the other files of the workspace: what each passes, by file; or why
 * they are not known — `unsearched` when the workspace's files cannot be listed (a reader of one
 * file), `unknown` when some call cannot be read (too many files name the function, an argument
 * that cannot be matched).
 */
export type OtherFileCalls = { calls: Array<{ file: string; argument: CallerArgument }> } | 'unsearched' | 'unknown';

/**
 * State shared by the resolution of one file and the files it reaches: texts read, modules parsed
 * and exported values, each fetched once. Resolution itself is synchronous; whatever it needs from
 * other files it asks for here, gets PENDING, and the caller runs another pass once `settle` has
 * fetched it. Tasks run one at a time, so a cycle of imports always meets itself in `active`.
 */
export class ResolveSession {
  private readonly texts = new Map<string, string | undefined>();
  private readonly modules = new Map<string, FileAnalysis | undefined>();
  private readonly releases: Array<() => void> = [];
  private readonly exportValues = new Map<string, ExportedValue | undefined>();
  private readonly otherFileCalls = new Map<string, OtherFileCalls>();
  private readonly active = new Set<string>();
  private readonly aliasLoader = new ImportAliasLoader(
    (path) => this.readText(path),
    (message) => this.logger.warn(message),
  );

  constructor(
    private readonly reader: SourceReader,
    private readonly loader: ModuleLoader,
    private readonly exportResolver: ExportResolver,
    private readonly logger: Logger = SILENT_LOGGER,
    /** What code reading an environment variable is taken to get (promptcost.yaml `env:`, env files). */
    readonly env: Readonly<Record<string, EnvValue>> = {},
    private readonly importerResolver?: ImporterResolver,
  ) {}

  /** A workspace file's text; undefined when unreadable. */
  fileText(path: string, round: Round): string | undefined | Pending {
    if (this.texts.has(path)) return this.texts.get(path);
    round.tasks.set(`file:${path}`, async () => {
      await this.readText(path);
    });
    return PENDING;
  }

  /**
   * The tsconfig/jsconfig import aliases (`paths`, `baseUrl`) of a TypeScript or JavaScript file,
   * fetched before its passes so that module candidates stay synchronous. None for Python.
   */
  async importAliases(analysis: FileAnalysis): Promise<ImportAliases | undefined> {
    if (analysis.language === 'python') return undefined;
    try {
      return await this.aliasLoader.aliasesFor(analysis.file);
    } catch (error) {
      // Imports through aliases then stay unresolved, like packages; the failure is ours, so it is logged.
      this.logger.error(`Reading the tsconfig.json governing ${analysis.file} failed`, error);
      return undefined;
    }
  }

  /** The value exported as `name` by the first of `candidates` that exists. */
  exportedValue(candidates: string[], name: string, hops: number, round: Round): ExportedValue | undefined | Pending {
    if (candidates.length === 0 || hops >= MAX_IMPORT_HOPS) return undefined;
    const key = `${candidates.join('|')}#${name}`;
    if (this.exportValues.has(key)) return this.exportValues.get(key);
    if (this.active.has(key)) return undefined;
    round.tasks.set(`export:${key}`, async () => {
      await this.exportValue(candidates, name, hops);
    });
    return PENDING;
  }

  /** As `exportedValue`, waiting for it (re-exports resolve through this). */
  async exportValue(candidates: string[], name: string, hops: number): Promise<ExportedValue | undefined> {
    if (candidates.length === 0 || hops >= MAX_IMPORT_HOPS) return undefined;
    const key = `${candidates.join('|')}#${name}`;
    if (this.exportValues.has(key)) return this.exportValues.get(key);
    if (this.active.has(key)) return undefined;
    this.active.add(key);
    let value: ExportedValue | undefined;
    try {
      const module = await this.loadModule(candidates);
      value = module ? await this.exportResolver(module, name, hops + 1, this) : undefined;
    } catch (error) {
      // The import stays unresolved (its value unknown, as for a missing file); the failure is ours, so it is logged.
      this.logger.error(`Resolving ${name} from ${candidates[0]} failed`, error);
      value = undefined;
    } finally {
      this.active.delete(key);
    }
    this.exportValues.set(key, value);
    return value;
  }

  /**
   * The package import a workspace module passes on under `name` (`llm.py` doing `import litellm`,
   * imported elsewhere as `from llm import litellm`): what a call on that name really goes to.
   * Undefined when the module has no such import, or its import is of another workspace file.
   */
  reexportedImport(candidates: string[], name: string, round: Round): ImportBinding | undefined | Pending {
    if (candidates.length === 0) return undefined;
    const loaded = candidates.find((candidate) => this.modules.has(candidate));
    if (loaded === undefined && !candidates.every((candidate) => this.texts.has(candidate))) {
      round.tasks.set(`module:${candidates.join('|')}`, async () => {
        await this.loadModule(candidates);
      });
      return PENDING;
    }
    const module = loaded === undefined ? undefined : this.modules.get(loaded);
    const binding = module ? lookup(module.module, name, Number.MAX_SAFE_INTEGER) : undefined;
    const imported = binding?.kind === 'import' ? binding.import : undefined;
    // A relative import names another workspace file, whose own imports are not followed here.
    return imported && !imported.module.startsWith('.') ? imported : undefined;
  }

  /**
   * What the calls of an exported function in other workspace files pass for its parameter. A call
   * being followed from one of those files back here (a cycle) is `unknown`.
   */
  callsInOtherFiles(called: ImportedFunction, hops: number, round: Round): OtherFileCalls | Pending {
    if (!this.reader.filesMentioning || !this.importerResolver) return 'unsearched';
    if (hops >= MAX_IMPORT_HOPS) return 'unknown';
    const slot = called.slot;
    const key = `callers:${called.file}#${called.names.join(',')}#${slot.index ?? ''}/${slot.keyword ?? ''}/${slot.property ?? ''}`;
    const known = this.otherFileCalls.get(key);
    if (known) return known;
    if (this.active.has(key)) return 'unknown';
    round.tasks.set(key, async () => {
      // A search made inside another may see that one as a cycle: its answer is this session's alone.
      const nested = [...this.active].some((active) => active.startsWith('callers:'));
      this.active.add(key);
      try {
        this.otherFileCalls.set(key, await this.searchCallers(called, hops, !nested));
      } catch (error) {
        // The callers stay unknown (as for a call that cannot be read); the failure is ours, so it is logged.
        this.logger.error(`Following the callers of ${called.names[0]} in ${called.file} failed`, error);
        this.otherFileCalls.set(key, 'unknown');
      } finally {
        this.active.delete(key);
      }
    });
    return PENDING;
  }

  private async searchCallers(called: ImportedFunction, hops: number, keep: boolean): Promise<OtherFileCalls> {
    // Each analysis of a file (an edit, a fix checked, a scan) has its own session: what other files
    // pass is kept per reader for as long as the reader's index of the workspace is (callers.ts).
    const key = `${JSON.stringify(this.env)}\n${called.file}#${called.names.join(',')}#${called.slot.index ?? ''}/${called.slot.keyword ?? ''}/${called.slot.property ?? ''}`;
    const held = heldCallerSearch(this.reader, key);
    if (held) return held;
    const found = await this.searchCallersNow(called, hops);
    if (keep) holdCallerSearch(this.reader, key, found);
    return found;
  }

  private async searchCallersNow(called: ImportedFunction, hops: number): Promise<OtherFileCalls> {
    const stem = moduleName(called.file);
    // A default export is imported under any name: the files that name the module are the candidates.
    const names = called.names.includes('default') ? [...called.names.filter((name) => name !== 'default'), stem] : called.names;
    const lists: Array<readonly string[]> = [];
    for (const name of names) {
      const files = await this.reader.filesMentioning!(name);
      if (files === undefined) return 'unsearched';
      lists.push(files);
    }
    const sameLanguage = (file: string) => /\.pyi?$/.test(file) === called.python;
    // The index's files naming the module, found once for the search instead of asked file by file.
    const naming = await this.reader.filesContaining?.(stem);
    const importers: string[] = [];
    for (const file of inPathOrder(lists)) {
      if (file === called.file || !sameLanguage(file)) continue;
      // An import of the module names it (`./client`, `app.client`, `from app import client`), a cheap test before parsing.
      // Answered by the index the search was made in: reading each candidate from disk made a scan
      // of thousands of files that share a name quadratic in disk reads.
      if (naming ? naming.has(file) : await this.mayName(file, stem)) importers.push(file);
      // Past the bound the answer is 'unknown' whatever the other candidates hold: reading them is waste.
      if (importers.length > MAX_CALLER_FILES) return 'unknown';
    }
    const calls: Array<{ file: string; argument: CallerArgument }> = [];
    for (const file of importers) {
      const module = await this.loadModule([file]);
      if (!module) continue;
      const found = await this.importerResolver!(module, called, hops + 1, this);
      if (found === undefined) return 'unknown';
      for (const argument of found) calls.push({ file, argument });
    }
    return { calls };
  }

  /** Whether `file`'s text contains `stem`: from the reader's index when it can tell, else read. */
  private async mayName(file: string, stem: string): Promise<boolean> {
    const held = await this.reader.heldCodeFile?.(file);
    if (held === null) return false;
    const contained = held?.contains(stem);
    if (contained !== undefined) return contained;
    return (await this.readText(file))?.includes(stem) ?? false;
  }

  /** Fetches what a pass asked for, one task at a time. */
  async settle(round: Round): Promise<void> {
    for (const task of round.tasks.values()) await task();
  }

  /** Lets go of every module parsed for this session (their trees are freed once nothing else uses them). */
  dispose(): void {
    for (const release of this.releases.splice(0)) release();
    this.modules.clear();
  }

  private async loadModule(candidates: string[]): Promise<FileAnalysis | undefined> {
    for (const candidate of candidates) {
      if (this.modules.has(candidate)) return this.modules.get(candidate);
      const text = await this.readText(candidate);
      if (text === undefined) continue;
      let module: FileAnalysis | undefined;
      try {
        const lease = await this.loader(candidate, text);
        this.releases.push(() => lease.release());
        module = lease.analysis;
      } catch (error) {
        // The module's constants stay unknown; the failure is ours, so it is logged.
        this.logger.error(`Reading the imported file ${candidate} failed`, error);
        module = undefined;
      }
      this.modules.set(candidate, module);
      return module;
    }
    return undefined;
  }

  private async readText(path: string): Promise<string | undefined> {
    if (this.texts.has(path)) return this.texts.get(path);
    let text: string | undefined;
    try {
      text = await this.reader.read(path);
    } catch {
      // A reader reports an unreadable file as undefined; one that throws means the same here.
      text = undefined;
    }
    if (typeof text !== 'string') text = undefined;
    this.texts.set(path, text);
    return text;
  }
}

/** How long what other files pass is kept: as long as the disk reader's index of the workspace (workspaceCodeIndex.ts). */
const CALLER_SEARCH_FRESH_MS = 30_000;
const callerSearches = new WeakMap<SourceReader, Map<string, { at: number; found: OtherFileCalls }>>();

function heldCallerSearch(reader: SourceReader, key: string): OtherFileCalls | undefined {
  const held = callerSearches.get(reader)?.get(key);
  return held && Date.now() - held.at < CALLER_SEARCH_FRESH_MS ? held.found : undefined;
}

function holdCallerSearch(reader: SourceReader, key: string, found: OtherFileCalls): void {
  let held = callerSearches.get(reader);
  if (!held) callerSearches.set(reader, (held = new Map()));
  // A copy of the key: its names are cut out of a file's text (V8's sliced strings), and would keep
  // that whole text alive for as long as the search is held.
  held.set(flatCopy(key), { at: Date.now(), found });
}

/** A string of its own, not a slice or concatenation of others that would keep them alive. */
const flatCopy = (text: string) => JSON.parse(JSON.stringify(text)) as string;

/**
 * The files of the lists, each once, in path order. A single list already in that order (the
 * workspace index keeps its lists so) is taken as it is: sorting hundreds of paths for every
 * exported function was most of the caller search's own time on a large tree.
 */
function inPathOrder(lists: ReadonlyArray<readonly string[]>): readonly string[] {
  if (lists.length === 1 && strictlyAscending(lists[0])) return lists[0];
  return [...new Set(lists.flat())].sort();
}

function strictlyAscending(files: readonly string[]): boolean {
  for (let i = 1; i < files.length; i++) if (!(files[i - 1] < files[i])) return false;
  return true;
}
