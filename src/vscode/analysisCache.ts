import * as vscode from 'vscode';
import { MAX_PROMPT_FILE_BYTES, type AnalysisSettings, type Engine, type FileAnalysis, type Logger, type SiteOutline } from '../core';

/** The first workspace folder on disk, where the worker reads imports and prompt files from. */
export function workspaceRoot(): string | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder?.uri.scheme === 'file' ? folder.uri.fsPath : undefined;
}

interface Entry {
  version: number;
  generation: number;
  analysis: Promise<FileAnalysis | undefined>;
}

/**
 * One analysis per document version: CodeLens, inlay hints, hovers, diagnostics and the status bar
 * all ask for the same document and share one computation. Entries go stale when the document
 * changes, and all at once when settings (rule severities included) or promptcost.yaml change
 * (the generation moves on).
 */
export class AnalysisCache implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  private generation = 0;
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  /** Fires when every cached analysis became stale (settings or promptcost.yaml changed). */
  readonly onDidInvalidate = this.changed.event;
  private answered = false;
  /** Outlines asked for while no analysis had come back, by document. */
  private readonly outlines = new Map<string, { version: number; outline: Promise<SiteOutline[] | undefined> }>();

  /**
   * @param settings what the analysis needs besides the text, read afresh for each computation
   * @param staleWhen events after which every cached analysis is stale (settings, promptcost.yaml)
   */
  constructor(
    private readonly engine: Engine,
    private readonly settings: () => Promise<AnalysisSettings>,
    staleWhen: ReadonlyArray<vscode.Event<unknown>>,
    private readonly logger: Logger,
  ) {
    this.disposables.push(
      ...staleWhen.map((event) => event(() => this.invalidateAll())),
      vscode.workspace.onDidCloseTextDocument((document) => {
        this.entries.delete(document.uri.toString());
        this.outlines.delete(document.uri.toString());
      }),
    );
  }

  analyze(document: vscode.TextDocument): Promise<FileAnalysis | undefined> {
    const key = document.uri.toString();
    const cached = this.entries.get(key);
    if (cached && cached.version === document.version && cached.generation === this.generation) return cached.analysis;
    // Cold, the outline is asked for first: the worker then finds the sites before the analysis
    // builds the tokenizer table, which holds its thread for a second or two.
    void this.outline(document);
    const analysis = this.compute(document);
    // A failed analysis counts too: the next request must wait for its answer, not show "counting…" again.
    const answered = () => {
      this.answered = true;
      this.outlines.clear();
    };
    void analysis.then(answered, answered);
    this.entries.set(key, { version: document.version, generation: this.generation, analysis });
    // The engine turns problems with a file into findings, so a rejection means the analysis did not
    // run (the worker stopped): logged once here, and forgotten so that the next request tries again.
    analysis.catch((error: unknown) => {
      this.logger.error(`Analysing ${vscode.workspace.asRelativePath(document.uri, false)} failed`, error);
      if (this.entries.get(key)?.analysis === analysis) this.entries.delete(key);
    });
    return analysis;
  }

  /**
   * Whether an analysis has come back since start: until then the tokenizer table may still be
   * being built, and the CodeLens shows "counting…" rather than wait for it.
   */
  get warm(): boolean {
    return this.answered;
  }

  /**
   * Where the document's sites are, before they are counted: asked of the worker only until an
   * analysis has come back since start (undefined afterwards, or when it failed: the analysis itself
   * then shows them). Asked for when a cost file is shown, ahead of the warm-up, and again by the
   * first analyses of a version, which reuse it.
   */
  outline(document: vscode.TextDocument): Promise<SiteOutline[] | undefined> {
    if (this.answered) return Promise.resolve(undefined);
    const key = document.uri.toString();
    const cached = this.outlines.get(key);
    if (cached?.version === document.version) return cached.outline;
    const outline = this.outlineOf(document);
    this.outlines.set(key, { version: document.version, outline });
    return outline;
  }

  private outlineOf(document: vscode.TextDocument): Promise<SiteOutline[] | undefined> {
    const text = document.getText();
    if (text.length > MAX_PROMPT_FILE_BYTES || text.includes('\u0000')) return Promise.resolve(undefined);
    // A failed outline only means no early lenses: the analysis sent right after reports its own problems.
    return this.engine.outline(text, vscode.workspace.asRelativePath(document.uri, false), workspaceRoot()).catch(() => undefined);
  }

  private async compute(document: vscode.TextDocument): Promise<FileAnalysis | undefined> {
    const text = document.getText();
    // Data files that happen to match a prompt file name: not parsed (the workspace report says so).
    if (text.length > MAX_PROMPT_FILE_BYTES || text.includes('\u0000')) return undefined;
    const file = vscode.workspace.asRelativePath(document.uri, false);
    // Parsing, resolving, counting and the rules all run in the worker; this thread only sends the text.
    return this.engine.analyze(text, file, await this.settings());
  }

  private invalidateAll(): void {
    this.generation++;
    this.entries.clear();
    this.changed.fire();
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
    this.entries.clear();
    this.outlines.clear();
  }
}
