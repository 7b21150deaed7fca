import * as vscode from 'vscode';
import { costFileGlobs } from '../core';

/** Changes closer together than this (a branch switch, a formatter saving many files) are one change. */
const SETTLE_MS = 300;

/**
 * Creations, saves and deletions of the workspace's TS/JS/Python files. A call's model may be what
 * another file passes to its function or what a factory there returns, so every analysis is stale
 * after one; `version` counts them, telling the engine to read the other files again.
 */
export class CodeFilesWatcher implements vscode.Disposable {
  private changes = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  readonly onDidChange = this.changed.event;

  constructor() {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) return;
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, costFileGlobs().code));
    const note = () => {
      this.changes++;
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.changed.fire(), SETTLE_MS);
    };
    this.disposables.push(watcher, watcher.onDidCreate(note), watcher.onDidChange(note), watcher.onDidDelete(note));
  }

  /** Counts a change now, as if every code file had changed (the Refresh command). */
  refresh(): void {
    this.changes++;
    this.changed.fire();
  }

  /** How many code files changed since the window opened. */
  get version(): number {
    return this.changes;
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const disposable of this.disposables) disposable.dispose();
  }
}
