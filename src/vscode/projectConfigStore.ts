import * as vscode from 'vscode';
import {
  EMPTY_PROJECT_CONFIG,
  errorMessage,
  parseProjectConfig,
  PROJECT_CONFIG_FILE,
  taskEntryFindings,
  type Finding,
  type Logger,
  type ProjectConfig,
} from '../core';
import { toDiagnostic } from './convert';
import { debounce } from './debounce';

/** Typing in promptcost.yaml re-prices every open prompt: wait for a pause first. */
const EDIT_DELAY_MS = 300;

/**
 * promptcost.yaml at the root of the first workspace folder: parsed when first needed, re-read when
 * it changes on disk or in an editor, its schema errors shown as diagnostics at the offending key.
 */
export class ProjectConfigStore implements vscode.Disposable {
  private loaded: Promise<ProjectConfig> | undefined;
  /** The errors of the last read (warnings, such as a task entry that names nothing, are not counted). */
  private errors = 0;
  /** Counts the checks of task entries, so that an older one never overwrites a newer read's diagnostics. */
  private entryChecks = 0;
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('promptcost.yaml');
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.diagnostics, this.changed];
  readonly onDidChange = this.changed.event;
  private readonly invalidateAfterEdits = debounce(() => this.invalidate(), EDIT_DELAY_MS);

  constructor(private readonly logger: Logger) {
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${PROJECT_CONFIG_FILE}`);
    this.disposables.push(
      watcher,
      watcher.onDidCreate(() => this.invalidate()),
      watcher.onDidChange(() => this.invalidate()),
      watcher.onDidDelete(() => this.invalidate()),
      // Unsaved edits count too: the numbers follow what the user is typing.
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (this.isConfigFile(event.document.uri) && event.contentChanges.length > 0) this.invalidateAfterEdits.schedule();
      }),
    );
  }

  /** The file's location, when the workspace has a folder. */
  get uri(): vscode.Uri | undefined {
    const folder = vscode.workspace.workspaceFolders?.[0];
    return folder ? vscode.Uri.joinPath(folder.uri, PROJECT_CONFIG_FILE) : undefined;
  }

  config(): Promise<ProjectConfig> {
    this.loaded ??= this.load();
    return this.loaded;
  }

  /** Reads the file again now (the Refresh command). */
  refresh(): void {
    this.invalidate();
  }

  private invalidate(): void {
    this.loaded = undefined;
    this.changed.fire();
    // Read it again now, not when an analysis next asks: its diagnostics must follow the text even
    // when no prompt is open (a fixed error would otherwise stay listed in Problems).
    void this.config();
  }

  private isConfigFile(uri: vscode.Uri): boolean {
    return this.uri?.toString() === uri.toString();
  }

  private async load(): Promise<ProjectConfig> {
    const uri = this.uri;
    this.errors = 0;
    if (!uri) return EMPTY_PROJECT_CONFIG;
    let text: string;
    // Unsaved edits count; a document VS Code still holds after its file was closed (or deleted) does not.
    const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString() && document.isDirty);
    if (open) {
      text = open.getText();
    } else {
      try {
        text = new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
      } catch (error) {
        // Most often there is no promptcost.yaml at all, which is fine: the defaults apply.
        this.logger.debug(`${PROJECT_CONFIG_FILE} not read (${errorMessage(error)}); using the defaults.`);
        this.diagnostics.delete(uri);
        return EMPTY_PROJECT_CONFIG;
      }
    }
    const { config, findings } = parseProjectConfig(text);
    this.errors = findings.filter((finding) => finding.severity === 'error').length;
    for (const finding of findings)
      this.logger.warn(`${PROJECT_CONFIG_FILE}:${finding.range.start.line + 1}:${finding.range.start.character + 1}: ${finding.message}`);
    this.diagnostics.set(uri, findings.map(toDiagnostic));
    void this.checkTaskEntries(uri, text, config, findings);
    this.logger.info(`Read ${PROJECT_CONFIG_FILE}: ${Object.keys(config.sites).length} sites${findings.length > 0 ? `, ${findings.length} problems` : ''}.`);
    return config;
  }

  /**
   * Adds a warning at each task whose entry names no file or function of the workspace, once the files
   * are read; a newer read of promptcost.yaml (the text changed meanwhile) wins.
   */
  private async checkTaskEntries(uri: vscode.Uri, text: string, config: ProjectConfig, findings: readonly Finding[]): Promise<void> {
    const generation = ++this.entryChecks;
    const root = vscode.Uri.joinPath(uri, '..');
    const read = async (file: string) => {
      try {
        return new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(root, file)));
      } catch {
        // A file that cannot be read is what the warning reports: the entry names nothing there.
        return undefined;
      }
    };
    try {
      const entries = await taskEntryFindings(text, config, read);
      if (entries.length === 0 || generation !== this.entryChecks) return;
      this.diagnostics.set(uri, [...findings, ...entries].map(toDiagnostic));
    } catch (error) {
      this.logger.error(`Checking the task entries of ${PROJECT_CONFIG_FILE} failed`, error);
    }
  }

  /** How many errors promptcost.yaml has, once it has been read (0 without the file). */
  async errorCount(): Promise<number> {
    await this.config();
    return this.errors;
  }

  dispose(): void {
    this.invalidateAfterEdits.cancel();
    for (const disposable of this.disposables) disposable.dispose();
  }
}
