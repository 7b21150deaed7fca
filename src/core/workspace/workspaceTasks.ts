import { createHash } from 'crypto';
import type { HeldCodeFile, ImportedModules, SourceReader } from '../codeModel/sourceReader';
import { isCodeFile } from '../extract/code/extractCode';
import { missingEntry, tasksInFile, type StepFigures } from '../tasks/findTasks';
import { importedModules, mayLoad } from '../resolve/importedModules';
import { CallGraphWalk, type GraphSource } from '../tasks/taskGraph';
import { entryRef, taskVolumes } from '../tasks/taskVolumes';
import { sharedString } from '../text/sharedStrings';
import type { CallTarget, ExtractResult, FileCallGraph, Repeat, TaskEstimate, TaskVolume } from '../types';
import type { ProjectConfig } from '../volume/projectConfig';
import { estimateFile, extractFile, type AnalysisContext, type FileAnalysis } from './analyzeFile';
import type { ReportSite } from './report';

/** Files held per cache: enough for the call graph of a large application, bounded so an editing session does not grow without end. */
const HELD_FILES = 400;

/**
 * Call graphs held apart from the extractions, for many more files: a graph is small, and a task's
 * entry is checked against every file that mentions its name. With only HELD_FILES extractions, a
 * workspace where hundreds of files share a name parsed each of them again for every file analysed.
 */
const HELD_GRAPHS = 20_000;

/**
 * The sha256 of each file's text, for the caches below to hold a result by: holding the text itself
 * kept a second copy of a large tree's code alive (about 20 MB of the worker's heap on the
 * 11,000-file bench tree, which V8 then let grow to its cap). The last HELD_FILES texts are
 * remembered with their digest, since the same text is asked about again and again.
 */
class TextDigests {
  private readonly held = new Map<string, { text: string; digest: string }>();

  of(file: string, text: string): string {
    const known = this.held.get(file);
    if (known?.text === text) return known.digest;
    const digest = createHash('sha256').update(text).digest('base64');
    this.held.delete(file);
    this.held.set(file, { text, digest });
    if (this.held.size > HELD_FILES) this.held.delete(this.held.keys().next().value!);
    return digest;
  }
}

/** A result held for one text of one file (by its digest), under a key of what else it depends on. */
class HeldByText<T> {
  private readonly held = new Map<string, { digest: string; key: string; value: Promise<T> }>();

  constructor(
    private readonly digests: TextDigests,
    private readonly bound = HELD_FILES,
  ) {}

  /** The value held for exactly this text and key, if any. */
  peek(file: string, text: string, key: string): Promise<T> | undefined {
    const known = this.held.get(file);
    return known && known.key === key && known.digest === this.digests.of(file, text) ? known.value : undefined;
  }

  get(file: string, text: string, key: string, compute: () => Promise<T>): Promise<T> {
    const known = this.peek(file, text, key);
    if (known) return known;
    const value = compute();
    this.set(file, text, key, value);
    return value;
  }

  set(file: string, text: string, key: string, value: T | Promise<T>): void {
    const held = Promise.resolve(value);
    // A failure reaches whoever asks for the value. A value held and never asked for (a file's graph
    // when only its extraction is awaited) must not make it an unhandled rejection: in the engine
    // worker, that ends the thread.
    held.catch(() => undefined);
    this.held.delete(file);
    this.held.set(file, { digest: this.digests.of(file, text), key, value: held });
    if (this.held.size > this.bound) this.held.delete(this.held.keys().next().value!);
  }
}

/**
 * Tasks for the analyser: the call graph of the workspace's files (each file's extraction, held by
 * its text), the volumes promptcost.yaml's tasks give the sites they reach, and the tasks whose
 * entry is in the file being analysed, with each step's figures from its own file's estimates. The
 * editor and the CLI go through the same code, so they show the same tasks to the cent.
 */
export class WorkspaceTasks {
  private digests = new TextDigests();
  private extractions = new HeldByText<ExtractResult | undefined>(this.digests);
  private graphs = new HeldByText<FileCallGraph | undefined>(this.digests, HELD_GRAPHS);
  private estimates = new HeldByText<FileAnalysis | undefined>(this.digests);
  /** Each file's imports as its text reads: every analysis's caller search asks them of the same files. */
  private imports = new HeldByText<ImportedModules>(this.digests, HELD_GRAPHS);

  /**
   * Drops what is held: a file created or deleted elsewhere changes which files are read at all
   * (the workspace's LLM modules), which no file's own text shows.
   */
  forget(): void {
    this.digests = new TextDigests();
    this.extractions = new HeldByText(this.digests);
    this.graphs = new HeldByText(this.digests, HELD_GRAPHS);
    this.estimates = new HeldByText(this.digests);
    this.imports = new HeldByText(this.digests, HELD_GRAPHS);
    this.volumes = undefined;
  }

  /**
   * The volumes promptcost.yaml's tasks gave at the last analysis, with the files their walk read
   * (see `TaskSession.unchanged`): still right while the tasks and every one of those files are the same.
   */
  volumes: { key: string; read: ReadonlyMap<string, string | HeldCodeFile>; value: Map<string, TaskVolume> } | undefined;

  /** Keeps a file's own analysis for the tasks of other files that reach it: a scan then estimates each file once. */
  holdEstimate(file: string, text: string, context: AnalysisContext, volumesKey: string, analysis: FileAnalysis): void {
    this.estimates.set(file, text, estimateKey(context, volumesKey), analysis);
  }

  /** Everything one analysis of `file` needs: a walk over the graph seen with this file's current text. */
  session(file: string, text: string, context: AnalysisContext, reader: SourceReader): TaskSession {
    return new TaskSession(this, file, text, context, reader);
  }

  importsOf(file: string, text: string): Promise<ImportedModules> {
    return this.imports.get(file, text, '', () => Promise.resolve(importedModules(text, file)));
  }

  extraction(file: string, text: string, context: AnalysisContext, reader: SourceReader): Promise<ExtractResult | undefined> {
    const key = JSON.stringify(context.project.env);
    return this.extractions.get(file, text, key, () => {
      const extracted = extractFile(text, file, context, reader);
      // The graph is held far longer than the extraction: see heldGraph.
      this.graphs.set(
        file,
        text,
        key,
        extracted.then((result) => result?.graph && heldGraph(result.graph)),
      );
      return extracted;
    });
  }

  /** A file's call graph: the one held for this text, else its extraction's. */
  graph(file: string, text: string, context: AnalysisContext, reader: SourceReader): Promise<FileCallGraph | undefined> {
    const held = this.graphs.peek(file, text, JSON.stringify(context.project.env));
    return held ?? this.extraction(file, text, context, reader).then((result) => result?.graph);
  }

  estimate(file: string, text: string, context: AnalysisContext, reader: SourceReader, volumesKey: string): Promise<FileAnalysis | undefined> {
    return this.estimates.get(file, text, estimateKey(context, volumesKey), async () =>
      estimateFile(text, file, context, reader, await this.extraction(file, text, context, reader)),
    );
  }
}

/**
 * The copy of a file's call graph that is held. A copy, since its names are cut out of the file's
 * text (V8's sliced strings), each of which would keep the whole text alive as long as the graph;
 * and one that shares what graphs repeat: short names, how often a call runs, and the lists of
 * paths an imported module may be (every Python file of a folder that imports `logging` lists the
 * same eight). The held graphs of the 11,000-file bench tree were 118,000 strings (6 MB), 51,700 of
 * them in those lists.
 */
function heldGraph(graph: FileCallGraph): FileCallGraph {
  const copy = structuredClone(graph);
  copy.file = sharedString(copy.file);
  for (const fn of copy.functions) fn.name = sharedString(fn.name);
  for (const name of Object.keys(copy.exports)) copy.exports[name] = sharedString(copy.exports[name]);
  for (const edge of copy.edges) {
    edge.from = sharedString(edge.from);
    edge.repeat = sharedRepeat(edge.repeat);
    edge.to = edge.to.map(sharedTarget);
  }
  for (const site of copy.sites) {
    site.id = sharedString(site.id);
    site.from = sharedString(site.from);
    site.repeat = sharedRepeat(site.repeat);
  }
  return copy;
}

const REPEATS = new Map<string, Repeat>();
const MODULE_LISTS = new Map<string, string[]>();
/** Bounds of the two tables above, against a workspace of ever-new loop counts or imports. */
const MAX_SHARED = 10_000;

function shared<T>(table: Map<string, T>, key: string, make: () => T): T {
  const known = table.get(key);
  if (known !== undefined) return known;
  const value = make();
  if (table.size >= MAX_SHARED) table.clear();
  table.set(key, value);
  return value;
}

const sharedRepeat = (repeat: Repeat): Repeat => shared(REPEATS, `${repeat.times}\n${repeat.source}`, () => repeat);

function sharedTarget(target: CallTarget): CallTarget {
  if ('file' in target) return { file: sharedString(target.file), name: sharedString(target.name) };
  const modules = shared(MODULE_LISTS, target.modules.join('\n'), () => target.modules.map(sharedString));
  return target.member === undefined
    ? { modules, name: sharedString(target.name) }
    : { modules, name: sharedString(target.name), member: sharedString(target.member) };
}

/** What a file's estimates depend on besides its text. */
function estimateKey(context: AnalysisContext, volumesKey: string): string {
  return JSON.stringify([context.project, context.defaultModel, context.defaultModelFrom, context.monthlyCalls, volumesKey]);
}

/** One analysis's view of the workspace's tasks. */
export class TaskSession implements GraphSource {
  readonly walk = new CallGraphWalk(this);
  private volumes: Map<string, TaskVolume> | undefined;
  /**
   * Every file whose graph this session read, as it read it (the index's entry, or the text when no
   * index is held), for knowing when its volumes still hold.
   */
  private readonly read = new Map<string, string | HeldCodeFile>();

  constructor(
    private readonly tasks: WorkspaceTasks,
    private readonly file: string,
    private readonly text: string,
    private readonly context: AnalysisContext,
    private readonly reader: SourceReader,
  ) {}

  /** The file's own extraction, from the same cache the graph uses. */
  extraction(): Promise<ExtractResult | undefined> {
    return this.tasks.extraction(this.file, this.text, this.context, this.reader);
  }

  async graph(file: string) {
    if (!isCodeFile(file)) return undefined;
    const held = file === this.file ? undefined : await this.reader.heldCodeFile?.(file);
    // Not a code file of the workspace (most of an import's candidate paths): no need to ask the disk.
    if (held === null) return undefined;
    const text = await this.textOf(file);
    if (text === undefined) return undefined;
    this.read.set(file, held ?? text);
    return this.tasks.graph(file, text, this.context, this.reader);
  }

  filesMentioning(name: string) {
    return this.reader.filesMentioning?.(name) ?? Promise.resolve(undefined);
  }

  /**
   * Which of `files` have imports that may load `target`. Only a file's own imports count: the walk
   * finds a function in the file an import names (or that folder's index), never through another
   * file's re-export. The index keeps every file's imports: all of them are looked up at once.
   */
  async filesThatMayImport(files: readonly string[], target: string): Promise<ReadonlySet<string>> {
    const indexed = await this.reader.filesImporting?.(target);
    const importers = new Set<string>();
    for (const file of files) {
      // This file's imports are read from its text here: the editor's may differ from the disk's.
      if (indexed && file !== this.file ? indexed.has(file) : await this.mayImport(file, target)) importers.add(file);
    }
    return importers;
  }

  /** Whether `file`'s imports may load `target`, asked of the reader's index, else of its text. */
  private async mayImport(file: string, target: string): Promise<boolean> {
    // The index keeps every file's imports: a name found in hundreds of files is checked without reading them.
    const held = file === this.file ? undefined : await this.reader.heldCodeFile?.(file);
    if (held === null) return false;
    if (held) return mayLoad(held.imports, target);
    const text = await this.textOf(file);
    return text !== undefined && mayLoad(await this.tasks.importsOf(file, text), target);
  }

  /** The calls a month promptcost.yaml's tasks give each site they reach (none when no task gives a volume). */
  async taskVolumes(project: ProjectConfig): Promise<Map<string, TaskVolume>> {
    if (this.volumes) return this.volumes;
    const key = JSON.stringify([project.tasks, project.env]);
    const held = this.tasks.volumes;
    if (held?.key === key && (await this.unchanged(held.read))) return (this.volumes = held.value);
    this.volumes = await taskVolumes(project.tasks, this.walk);
    this.tasks.volumes = { key, read: new Map(this.read), value: this.volumes };
    return this.volumes;
  }

  /**
   * Whether every file still reads as it did. A file read from the reader's index is compared by its
   * entry (the index makes a new one when the file's size or time changes) and, when it is the file
   * now analysed, by the disk's text too (the editor's may differ); a text by the text.
   */
  private async unchanged(read: ReadonlyMap<string, string | HeldCodeFile>): Promise<boolean> {
    for (const [file, was] of read) {
      if (typeof was === 'string') {
        if ((await this.textOf(file)) !== was) return false;
      } else if ((await this.reader.heldCodeFile?.(file)) !== was || (file === this.file && (await this.reader.read(file)) !== this.text)) return false;
    }
    return true;
  }

  private textOf(file: string): Promise<string | undefined> {
    return file === this.file ? Promise.resolve(this.text) : this.reader.read(file);
  }

  /** The key other files' estimates are held under: the volumes they were priced with. */
  volumesKey(): string {
    return JSON.stringify([...(this.volumes ?? [])]);
  }

  /** The tasks whose entry is in this file, given the file's own analysis. */
  async tasksHere(analysis: FileAnalysis): Promise<TaskEstimate[]> {
    const project = this.context.project;
    if (!analysis.graph) return this.missingEntries(project);
    const volumesKey = this.volumesKey();
    const own = new Map(analysis.sites.map((entry) => [entry.site.id, entry]));
    const figures = async (site: string): Promise<StepFigures | undefined> => {
      const file = site.slice(0, site.lastIndexOf('#'));
      let entry = own.get(site);
      if (!entry && file !== this.file) {
        const text = await this.textOf(file);
        const other = text === undefined ? undefined : await this.tasks.estimate(file, text, this.context, this.reader, volumesKey);
        entry = other?.sites.find((candidate) => candidate.site.id === site);
      }
      return entry && stepFigures(entry);
    };
    return tasksInFile(analysis.graph, project.tasks, this.walk, figures, this.volumes);
  }

  /** Configured tasks whose entry file is this one but which it does not define (a file that is no code, or calls nothing). */
  private missingEntries(project: ProjectConfig): TaskEstimate[] {
    return Object.entries(project.tasks).flatMap(([id, config]) =>
      entryRef(config.entry)?.file === this.file ? [missingEntry(id, config, this.file, `${this.file} has no function Prompt Cost can follow`)] : [],
    );
  }
}

function stepFigures({ site, estimate }: ReportSite): StepFigures {
  const figures: StepFigures = {
    file: site.file,
    range: site.range,
    agent: estimate.agent !== undefined,
    monthlyCalls: estimate.monthlyCalls,
    volumeSource: estimate.volumeSource ?? 'default',
  };
  const model = estimate.model.canonical ?? estimate.model.id;
  if (model !== undefined) figures.model = model;
  const perCall = estimate.agent ? estimate.agent.perRun.cost : estimate.cost.perCall;
  if (estimate.cost.priced && perCall !== undefined) figures.perCall = perCall;
  return figures;
}
