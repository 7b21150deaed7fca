import * as vscode from 'vscode';
import { DOT_ENV_FILE, ENV_EXAMPLE_FILES, errorMessage, type EnvFileText, type Logger } from '../core';

/** An env file bigger than this is not a list of settings; it is not read. */
const MAX_ENV_FILE_BYTES = 256 * 1024;

const ENV_FILES: ReadonlyArray<EnvFileText['name']> = [DOT_ENV_FILE, ...ENV_EXAMPLE_FILES];

/**
 * The env files at the root of the first workspace folder (`.env.example`, `.env.sample`,
 * `.env.template`, and `.env`, which only the `promptcost.readDotEnv` setting lets through): read
 * at start, re-read when one is created, changed or deleted. Their values resolve the env
 * reads of code (envValues.ts); promptcost.yaml `env:` wins over them.
 */
export class EnvFilesStore implements vscode.Disposable {
  private loaded: Promise<EnvFileText[]> | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  readonly onDidChange = this.changed.event;

  constructor(private readonly logger: Logger) {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) return;
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, `{${ENV_FILES.join(',')}}`));
    const invalidate = () => {
      this.loaded = undefined;
      this.changed.fire();
    };
    this.disposables.push(watcher, watcher.onDidCreate(invalidate), watcher.onDidChange(invalidate), watcher.onDidDelete(invalidate));
    // Read now, while the window is quiet, like promptcost.yaml: the first analysis waits for these,
    // and right after the first file opens the extension host is at its busiest.
    this.loaded = this.load();
  }

  /** The files that exist, `.env` included only when `readDotEnv` says so. */
  async files(readDotEnv: boolean): Promise<EnvFileText[]> {
    this.loaded ??= this.load();
    const files = await this.loaded;
    return readDotEnv ? files : files.filter((file) => file.name !== DOT_ENV_FILE);
  }

  private async load(): Promise<EnvFileText[]> {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) return [];
    // All at once: each stat waits its turn on an extension host that is busiest right when a file
    // opens (four in a row took 3 s of the first analysis's wait in the E2E harness).
    const read = await Promise.all(ENV_FILES.map((name) => this.read(folder.uri, name)));
    const files = read.filter((file): file is EnvFileText => file !== undefined);
    if (files.length > 0) this.logger.info(`Environment values from ${files.map((file) => file.name).join(', ')}.`);
    return files;
  }

  private async read(folder: vscode.Uri, name: EnvFileText['name']): Promise<EnvFileText | undefined> {
    const uri = vscode.Uri.joinPath(folder, name);
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.type !== vscode.FileType.File || stat.size > MAX_ENV_FILE_BYTES) {
        this.logger.warn(`${name} is not read: ${stat.type !== vscode.FileType.File ? 'not a file' : 'over 256 KB'}.`);
        return undefined;
      }
      return { name, text: new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri)) };
    } catch (error) {
      // No such file is the usual case.
      this.logger.debug(`${name} not read (${errorMessage(error)}).`);
      return undefined;
    }
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
