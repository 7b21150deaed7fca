import * as vscode from 'vscode';
import { isCostFile, type Finding } from '../../core';
import { toDiagnostic } from '../convert';
import { debounce } from '../debounce';
import type { Services } from '../services';

const DIAGNOSTICS_DELAY_MS = 300;

/**
 * Problems in open prompt files (broken YAML, unknown roles, unmapped deployments, unknown prices)
 * as diagnostics, recomputed after edits settle and when settings or promptcost.yaml change.
 */
export class PromptDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('promptcost');
  private readonly pending = new Map<string, { schedule(): void; cancel(): void }>();
  private readonly disposables: vscode.Disposable[] = [this.collection];

  constructor(private readonly services: Services) {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((document) => this.schedule(document)),
      vscode.workspace.onDidChangeTextDocument((event) => this.schedule(event.document)),
      vscode.workspace.onDidCloseTextDocument((document) => {
        this.pending.get(document.uri.toString())?.cancel();
        this.pending.delete(document.uri.toString());
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
    const version = document.version;
    const analysis = await this.services.analyses.analyze(document);
    // A newer version has its own update coming; do not show findings for text that is gone.
    if (document.isClosed || document.version !== version) return;
    const seen = new Set<string>();
    const findings: Finding[] = [];
    for (const finding of analysis?.sites.flatMap((site) => site.findings) ?? []) {
      const key = `${finding.rule}:${finding.range.start.line}:${finding.range.start.character}:${finding.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      findings.push(finding);
    }
    this.collection.set(document.uri, findings.map(toDiagnostic));
  }

  dispose(): void {
    for (const run of this.pending.values()) run.cancel();
    for (const disposable of this.disposables) disposable.dispose();
  }
}
