import type { FileAnalysis } from '../../resolve/scope';

/** Parsed modules kept for the next analysis: a scan's files import the same few modules over and over. */
const MAX_KEPT_MODULES = 96;
/** …and at most this much of their text, since each keeps its syntax tree (in WebAssembly memory) with it. */
const MAX_KEPT_CHARS = 2_000_000;

interface Entry {
  file: string;
  text: string;
  parsed: Promise<FileAnalysis | undefined>;
  /** The parse's result once it is in. */
  analysis?: FileAnalysis;
  /** Analyses using the module now: its tree is freed only once none is. */
  leases: number;
  /** Dropped from the cache while leased: freed by the last release. */
  dropped: boolean;
}

/** One use of a parsed module; `release` it when the analysis that took it is done. */
export interface ModuleLease {
  readonly analysis: FileAnalysis | undefined;
  release(): void;
}

/**
 * The parsed form of workspace files (syntax tree, scopes, exports), shared by every analysis in
 * this thread. Following an import, the callers of a function or a file's own calls each need a
 * file parsed; each analysis used to parse them afresh, so a scan parsed each imported module about
 * once per file that reached it (six times per file in the sample app). An entry is keyed by the
 * file and its exact text, so a changed file is parsed again, and a parse depends on nothing else.
 *
 * A parsed module is read, never changed, by the analyses that use it; its tree is freed when it
 * has left the cache (least recently used first, past MAX_KEPT_MODULES or MAX_KEPT_CHARS) and the
 * last analysis using it has released it.
 */
export class ParsedModules {
  private readonly entries = new Map<string, Entry>();
  private keptChars = 0;

  constructor(
    private readonly parse: (file: string, text: string) => Promise<FileAnalysis | undefined>,
    private readonly maxModules = MAX_KEPT_MODULES,
    private readonly maxChars = MAX_KEPT_CHARS,
  ) {}

  /** The parsed `text` of `file`: the kept one when its text is the same, else parsed now and kept. Rejects as the parse does. */
  async acquire(file: string, text: string): Promise<ModuleLease> {
    let entry = this.entries.get(file);
    if (entry && entry.text === text) {
      // Most recently used last: the Map's order is the eviction order.
      this.entries.delete(file);
      this.entries.set(file, entry);
    } else {
      if (entry) this.drop(entry);
      const created: Entry = { file, text, parsed: this.parse(file, text), leases: 0, dropped: false };
      created.parsed.then(
        (analysis) => (created.analysis = analysis),
        () => undefined,
      );
      entry = created;
      this.entries.set(file, entry);
      this.keptChars += text.length;
    }
    entry.leases++;
    let analysis: FileAnalysis | undefined;
    try {
      analysis = await entry.parsed;
    } catch (error) {
      entry.leases--;
      // A parse that failed is not kept: the next analysis tries again and reports it its own way.
      if (!entry.dropped) this.drop(entry);
      throw error;
    }
    if (!analysis) {
      entry.leases--;
      if (!entry.dropped) this.drop(entry);
      return { analysis: undefined, release: () => undefined };
    }
    this.evict();
    const leased = entry;
    let released = false;
    return {
      analysis,
      release: () => {
        if (released) return;
        released = true;
        leased.leases--;
        if (leased.dropped && leased.leases === 0) analysis.tree.delete();
      },
    };
  }

  /** Frees every kept module no analysis is using (the rest are freed when released). */
  clear(): void {
    for (const entry of [...this.entries.values()]) this.drop(entry);
  }

  /** How many modules are kept, and their text's length: for tests and the benchmark. */
  get size(): { modules: number; chars: number } {
    return { modules: this.entries.size, chars: this.keptChars };
  }

  private evict(): void {
    for (const entry of this.entries.values()) {
      if (this.entries.size <= this.maxModules && this.keptChars <= this.maxChars) return;
      this.drop(entry);
    }
  }

  private drop(entry: Entry): void {
    if (this.entries.get(entry.file) === entry) {
      this.entries.delete(entry.file);
      this.keptChars -= entry.text.length;
    }
    if (entry.dropped) return;
    entry.dropped = true;
    if (entry.leases > 0) return;
    // Nobody holds it: free its tree now, or once the parse still running is done.
    if (entry.analysis) entry.analysis.tree.delete();
    else
      entry.parsed.then(
        (analysis) => analysis?.tree.delete(),
        () => undefined,
      );
  }
}
