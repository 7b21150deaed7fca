import * as vscode from 'vscode';
import { isCostFile } from '../../core';
import { toDiagnostic } from '../convert';
import { debounce } from '../debounce';
import { fileFindings } from '../fileFindings';
import type { Services } from '../services';

const DIAGNOSTICS_DELAY_MS = 300;

/**
 * Problems and cost findings in open prompt files and code with LLM calls (broken YAML, unmapped
 * deployments, unknown prices, the cost rules) as diagnostics, recomputed after edits settle and
 * when settings or promptcost.yaml change.
 */
export class PromptDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('promptcost');
  private readonly pending = new Map<string, { schedule(): void; cancel(): void }>();
  /** The latest update per document: an older one that settles later (settings changed meanwhile) must not win. */
  private readonly latest = new Map<string, number>();
  private updates = 0;
  private readonly disposables: vscode.Disposable[] = [this.collection];

  constructor(private readonly services: Services) {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((document) => this.schedule(document)),
      vscode.workspace.onDidChangeTextDocument((event) => this.schedule(event.document)),
      vscode.workspace.onDidCloseTextDocument((document) => {
        this.pending.get(document.uri.toString())?.cancel();
        this.pending.delete(document.uri.toString());
        this.latest.delete(document.uri.toString());
        this.collection.delete(document.uri);
      }),
      services.analyses.onDidInvalidate(() => vscode.workspace.textDocuments.forEach((document) => this.schedule(document))),
    );
    vscode.workspace.textDocuments.forEach((document) => this.schedule(document));
  }

  private schedule(document: vscode.TextDocument): void {
    if (!isCostFile(document.uri.path)) return;
    const key = document.uri.toString();
    let run = this.pending.get(key);
    if (!run) {
      run = debounce(() => void this.update(document), DIAGNOSTICS_DELAY_MS);
      this.pending.set(key, run);
    }
    run.schedule();
  }

  private async update(document: vscode.TextDocument): Promise<void> {
    if (document.isClosed) return;
    const key = document.uri.toString();
    const update = ++this.updates;
    this.latest.set(key, update);
    const version = document.version;
    // A failed analysis (logged by the analysis cache) leaves the last diagnostics; the next edit retries.
    const analysis = await this.services.analyses.analyze(document).catch(() => null);
    // A newer version has its own update coming; do not show findings for text that is gone.
    if (analysis === null || document.isClosed || document.version !== version || this.latest.get(key) !== update) return;
    this.collection.set(
      document.uri,
      fileFindings(analysis).map(({ finding }) => toDiagnostic(finding)),
    );
  }

  dispose(): void {
    for (const run of this.pending.values()) run.cancel();
    for (const disposable of this.disposables) disposable.dispose();
  }
}
