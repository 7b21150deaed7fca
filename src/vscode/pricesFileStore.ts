import * as path from 'path';
import * as vscode from 'vscode';
import { PRICE_DATA, readPricesFile, type Logger, type PricesFileRef } from '../core';
import { workspaceRoot } from './analysisCache';
import type { Settings } from './config';
import { pricesFilePath } from './parseConfig';

/**
 * The price file `promptcost.pricesFile` names, read and checked when first asked for and again when
 * the setting or the file changes (the watcher). A file that is missing, not JSON or of the wrong
 * shape is said once, in a warning naming it and what is wrong, and the bundled price data is used:
 * never $0 prices. Only the check runs here; the engine worker reads the file for its prices.
 */
export class PricesFileStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private watcher: vscode.Disposable | undefined;
  private held: { setting: string; ref: PricesFileRef | undefined } | undefined;
  /** The last problem shown, so that each is shown once rather than on every analysis. */
  private shownProblem: string | undefined;
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly settings: Settings,
    private readonly logger: Logger,
  ) {
    this.disposables.push(
      settings.onDidChange((config) => {
        if (config.pricesFile !== this.held?.setting) this.invalidate();
      }),
    );
  }

  /** The price file in use, or undefined: none set, or it cannot be used (said once). */
  current(): PricesFileRef | undefined {
    const setting = this.settings.value.pricesFile;
    if (this.held?.setting === setting) return this.held.ref;
    const ref = this.read(setting);
    this.held = { setting, ref };
    return ref;
  }

  /** The date of the prices in use: the price file's, else the bundled data's. */
  asOf(): string {
    return this.current()?.asOf ?? PRICE_DATA.asOf;
  }

  private read(setting: string): PricesFileRef | undefined {
    this.watch(undefined);
    if (setting === '') return undefined;
    const file = pricesFilePath(setting, workspaceRoot());
    if (file === undefined) {
      this.problem(`promptcost.pricesFile: ${setting} is relative and there is no workspace folder on disk; using the bundled prices.`);
      return undefined;
    }
    this.watch(file);
    const read = readPricesFile(file, setting);
    if ('problem' in read) {
      this.problem(`promptcost.pricesFile ${read.problem}; using the bundled prices.`);
      return undefined;
    }
    this.shownProblem = undefined;
    this.logger.info(`Prices from ${setting} (${read.file.ref.asOf}) for the models it lists.`);
    return read.file.ref;
  }

  private problem(message: string): void {
    // The file is read again when it or the setting changes (the watcher may report one write twice).
    if (message === this.shownProblem) return;
    this.shownProblem = message;
    this.logger.warn(message);
    void vscode.window.showWarningMessage(`Prompt Cost: ${message}`);
  }

  /** Watches the file (created, changed, deleted) so that an edit to its prices reaches the figures. */
  private watch(file: string | undefined): void {
    this.watcher?.dispose();
    this.watcher = undefined;
    if (file === undefined) return;
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(path.dirname(file)), path.basename(file)));
    const invalidate = () => this.invalidate();
    this.watcher = vscode.Disposable.from(watcher, watcher.onDidCreate(invalidate), watcher.onDidChange(invalidate), watcher.onDidDelete(invalidate));
  }

  private invalidate(): void {
    this.held = undefined;
    this.changed.fire();
  }

  dispose(): void {
    this.watcher?.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }
}
