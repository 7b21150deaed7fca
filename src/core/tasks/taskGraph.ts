import { MODULE_FUNCTION } from '../extract/code/callGraph';
import type { CallTarget, FileCallGraph } from '../types';

/**
 * The workspace's call graph, one file at a time: what a task needs to follow calls across files.
 * The analyser serves it from files it has read (each file's graph, held by its text).
 */
export interface GraphSource {
  /** A code file's graph; undefined when the file does not exist, is not code or calls nothing that matters. */
  graph(file: string): Promise<FileCallGraph | undefined>;
  /** The workspace's code files whose text has `name` as a word; undefined when they cannot be searched. */
  filesMentioning?(name: string): Promise<readonly string[] | undefined>;
  /**
   * Which of `files` may import `target` (the file, or a folder it is in), from their texts: a
   * caller search skips building the others' graphs. Asked once per search with every candidate:
   * on a large tree a common function's name is in hundreds of files, and a question per file
   * (600,000 on the 11,000-file bench tree) cost more than the answers. Absent: every file may.
   */
  filesThatMayImport?(files: readonly string[], target: string): Promise<ReadonlySet<string>>;
}

export interface FunctionRef {
  file: string;
  name: string;
}

export const functionKey = (ref: FunctionRef): string => `${ref.file}#${ref.name}`;

/** Functions followed from an entry before the rest of the path is left out: deeper chains are rare and may be recursion in disguise. */
const MAX_DEPTH = 12;

/** A site one function reaches, per call of that function. */
export interface ReachedSite {
  site: string;
  calls: number;
  assumed: boolean;
  /** Function keys from the function itself to the one the site is in. */
  path: string[];
}

/** Follows calls from function to function across files, each function's reach computed once. */
export class CallGraphWalk {
  private readonly reaches = new Map<string, Promise<Map<string, ReachedSite>>>();
  private readonly inProgress = new Set<string>();

  constructor(readonly source: GraphSource) {}

  /** The function an edge's target names, in its file's graph; undefined when no file of the workspace has it. */
  async resolve(targets: readonly CallTarget[]): Promise<FunctionRef | undefined> {
    for (const target of targets) {
      if ('file' in target) {
        const graph = await this.source.graph(target.file);
        if (graph && hasFunction(graph, target.name)) return target;
        continue;
      }
      for (const module of target.modules) {
        const graph = await this.source.graph(module);
        if (!graph) continue;
        const local = graph.exports[target.name] ?? target.name;
        const name = target.member === undefined ? local : `${local}.${target.member}`;
        if (hasFunction(graph, name)) return { file: graph.file, name };
        break;
      }
    }
    return undefined;
  }

  /**
   * Every LLM site `fn` reaches — its own and those of the functions it calls, through any number of
   * files — with the calls per call of `fn`: each path's loop counts multiplied, paths added.
   * Recursion is cut where it closes.
   */
  reach(fn: FunctionRef, depth = 0): Promise<Map<string, ReachedSite>> {
    const key = functionKey(fn);
    // A function on the current path is recursion: its sites are counted where the path entered it.
    // (A walk is used by one caller at a time, so "in progress" always means "on this path".)
    if (this.inProgress.has(key) || depth > MAX_DEPTH) return Promise.resolve(new Map());
    const known = this.reaches.get(key);
    if (known) return known;
    const computed = this.computeReach(fn, key, depth);
    this.reaches.set(key, computed);
    return computed;
  }

  private async computeReach(fn: FunctionRef, key: string, depth: number): Promise<Map<string, ReachedSite>> {
    this.inProgress.add(key);
    try {
      const reached = new Map<string, ReachedSite>();
      const add = (site: string, calls: number, assumed: boolean, path: string[]) => {
        const known = reached.get(site);
        if (known) {
          known.calls += calls;
          known.assumed ||= assumed;
        } else reached.set(site, { site, calls, assumed, path });
      };
      const graph = await this.source.graph(fn.file);
      if (!graph) return reached;
      for (const placed of graph.sites) if (placed.from === fn.name) add(placed.id, placed.repeat.times, placed.repeat.source === 'assumed', [key]);
      for (const edge of graph.edges) {
        if (edge.from !== fn.name) continue;
        const callee = await this.resolve(edge.to);
        if (!callee || functionKey(callee) === key) continue;
        for (const inner of (await this.reach(callee, depth + 1)).values()) {
          add(inner.site, inner.calls * edge.repeat.times, inner.assumed || edge.repeat.source === 'assumed', [key, ...inner.path]);
        }
      }
      return reached;
    } finally {
      this.inProgress.delete(key);
    }
  }

  /**
   * Whether a named function of the workspace calls `fn` (top-level code and tests do not count:
   * a script's `main()` and a test's call are not where a task starts). Callers in other files are
   * looked for in the files that mention its name; when those cannot be searched, none is assumed.
   */
  async isCalled(fn: FunctionRef): Promise<boolean> {
    const own = await this.source.graph(fn.file);
    if (own && (await this.callsFrom(own, fn))) return true;
    const name = fn.name.split('.').pop() ?? fn.name;
    const files = ((await this.source.filesMentioning?.(name)) ?? []).filter((file) => file !== fn.file && !isTestFile(file));
    // A file that cannot load fn's file cannot call it, whatever it names: its graph is not built.
    const importers = await this.source.filesThatMayImport?.(files, fn.file);
    for (const file of files) {
      if (importers && !importers.has(file)) continue;
      const graph = await this.source.graph(file);
      if (graph && (await this.callsFrom(graph, fn))) return true;
    }
    return false;
  }

  private async callsFrom(graph: FileCallGraph, fn: FunctionRef): Promise<boolean> {
    for (const edge of graph.edges) {
      if (edge.from === MODULE_FUNCTION || (graph.file === fn.file && edge.from === fn.name)) continue;
      const callee = await this.resolve(edge.to);
      if (callee && callee.file === fn.file && callee.name === fn.name) return true;
    }
    return false;
  }
}

function hasFunction(graph: FileCallGraph, name: string): boolean {
  return graph.functions.some((fn) => fn.name === name);
}

/** Tests call the code they test: their functions are no task entries and no callers. */
export function isTestFile(file: string): boolean {
  return /(^|\/)(tests?|__tests__|spec)\/|\.(test|spec)\.[cm]?[jt]sx?$|(^|\/)test_[^/]*\.py$|_test\.py$|(^|\/)conftest\.py$/.test(file);
}
