import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import {
  COMPARE_TO_OFF,
  diffReports,
  diffSites,
  errorMessage,
  withoutFiles,
  type CostDiff,
  type FileAnalysis,
  type Logger,
  type Report,
  type SiteDiff,
} from '../core';
import type { AnalysisSettings, Engine } from '../core';
import type { Settings } from './config';
import { debounce } from './debounce';

/** After HEAD or a ref moves, git writes several files in a row: one new look at the base for all of them. */
const RECHECK_DELAY_MS = 500;

/** The base the working tree is compared with, as last analysed. */
export interface BaseSnapshot {
  /** `main`: what figures say they are compared with (`+$12.30 vs main`). */
  label: string;
  commit: string;
  /** The ref the commit came from (`origin/main`). */
  ref: string;
  report: Report;
}

/** What BaseComparison needs of the extension's services. */
export interface BaseComparisonDeps {
  engine: Engine;
  settings: Settings;
  analysisSettings(): Promise<AnalysisSettings>;
  /** The files the workspace estimate reads (relative paths): what it excludes is left out of the base too. */
  costFiles(): Promise<string[]>;
  logger: Logger;
}

/**
 * The working tree against the base branch (`promptcost.compareTo`): the base's report, analysed
 * in the engine worker once per base commit. Nothing runs until the first figures that show a
 * change are asked for (a CodeLens, a hover, a workspace report); from then on the base is looked
 * at again when HEAD or a ref may have moved (git's files under .git change, the window regains
 * focus after a pull in a terminal) or the settings change — which costs a few git queries in the
 * worker unless the base commit is a new one. Outside a git repository, without git, or with no
 * base, there is no snapshot and nothing shows a change; each reason is one log line.
 */
export class BaseComparison implements vscode.Disposable {
  private snapshot: BaseSnapshot | undefined;
  /** The base's report as the worker sent it, before the workspace's exclusions are applied. */
  private unfiltered: Report | undefined;
  /** The settings changed (promptcost.exclude among them): the exclusions are applied again. */
  private exclusionsStale = false;
  private key: string | undefined;
  private started = false;
  private running = false;
  private rerun = false;
  /** The last reason there was no base, so that each is logged once, not on every look. */
  private lastNote: string | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the snapshot changes: a new base commit, new settings, or no base any more. */
  readonly onDidChange = this.changed.event;
  private readonly recheck = debounce(() => this.refresh(), RECHECK_DELAY_MS);
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private readonly fileAnswers = new WeakMap<FileAnalysis, { snapshot: BaseSnapshot; sites: Map<string, SiteDiff> }>();

  constructor(private readonly deps: BaseComparisonDeps) {}

  /** The base, once analysed; the first call starts the analysis (in the worker) and answers undefined until it is in. */
  current(): BaseSnapshot | undefined {
    this.start();
    return this.snapshot;
  }

  /**
   * Each site of one file of the first workspace folder against the same file at the base, by the
   * head's site id; undefined while there is no base. Sites are matched as `promptcost diff` matches
   * them: by id, then by what they send.
   */
  siteDiffs(document: vscode.TextDocument, analysis: FileAnalysis): { label: string; sites: Map<string, SiteDiff> } | undefined {
    const snapshot = this.current();
    if (!snapshot || !inFirstFolder(document.uri)) return undefined;
    const known = this.fileAnswers.get(analysis);
    if (known?.snapshot === snapshot) return { label: snapshot.label, sites: known.sites };
    const file = vscode.workspace.asRelativePath(document.uri, false);
    const diffs = diffSites(
      snapshot.report.sites.filter(({ site }) => site.file === file),
      analysis.sites,
    );
    const sites = new Map(diffs.filter((diff) => diff.status !== 'removed').map((diff) => [diff.id, diff]));
    this.fileAnswers.set(analysis, { snapshot, sites });
    return { label: snapshot.label, sites };
  }

  /** The workspace report against the base; undefined without a base, or with more than one folder open (the base is the first's). */
  workspaceDiff(report: Report): { label: string; snapshot: BaseSnapshot; diff: CostDiff } | undefined {
    const snapshot = this.current();
    if (!snapshot || (vscode.workspace.workspaceFolders?.length ?? 0) !== 1 || report.cancelled) return undefined;
    const diff = diffReports(snapshot.report, report, { base: `${snapshot.label} (${snapshot.commit.slice(0, 7)})`, head: 'working tree' });
    return { label: snapshot.label, snapshot, diff };
  }

  private start(): void {
    if (this.started) return;
    this.started = true;
    const gitFiles = vscode.workspace.workspaceFolders?.[0];
    if (gitFiles) {
      // HEAD (a checkout, a commit), the refs (a fetch, a pull) and packed refs: where git says the base may have moved.
      for (const pattern of ['.git/{HEAD,FETCH_HEAD,ORIG_HEAD,packed-refs}', '.git/refs/**']) {
        const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(gitFiles, pattern));
        this.disposables.push(
          watcher,
          watcher.onDidChange(() => this.recheck.schedule()),
          watcher.onDidCreate(() => this.recheck.schedule()),
          watcher.onDidDelete(() => this.recheck.schedule()),
        );
      }
    }
    this.disposables.push(
      this.deps.settings.onDidChange(() => {
        this.exclusionsStale = true;
        this.recheck.schedule();
      }),
      // A repository above the folder, or git run elsewhere: looked at again when the user comes back.
      vscode.window.onDidChangeWindowState((state) => {
        if (state.focused) this.recheck.schedule();
      }),
    );
    this.refresh();
  }

  /** Looks at the base again now (a repeat while one runs waits for it, then runs once). */
  refresh(): void {
    if (!this.started) return;
    if (this.running) {
      this.rerun = true;
      return;
    }
    this.running = true;
    void this.compute().finally(() => {
      this.running = false;
      if (this.rerun) {
        this.rerun = false;
        this.refresh();
      }
    });
  }

  private async compute(): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0];
    const compareTo = this.deps.settings.value.compareTo;
    if (compareTo === COMPARE_TO_OFF || folder?.uri.scheme !== 'file') {
      this.clear(compareTo === COMPARE_TO_OFF ? 'promptcost.compareTo is off' : 'no workspace folder on disk', false);
      return;
    }
    if (!(await insideGitRepository(folder.uri.fsPath))) {
      // Said without starting an engine worker to run git: most folders outside a repository stay so.
      this.clear(`${folder.uri.fsPath} is not in a git repository`, false);
      return;
    }
    try {
      const settings = await this.deps.analysisSettings();
      const answer = await this.deps.engine.baseReport({ folder: folder.uri.fsPath, compareTo, settings, held: this.key });
      if (answer.kind === 'none') {
        this.clear(answer.reason, answer.misconfigured);
        return;
      }
      this.lastNote = undefined;
      const unfiltered = answer.report ?? this.unfiltered;
      if (!unfiltered) return;
      const refilter = unfiltered !== this.unfiltered || this.exclusionsStale || !this.snapshot;
      if (!refilter && this.key === answer.key && this.snapshot!.label === answer.label) return;
      this.exclusionsStale = false;
      const report = refilter ? await this.withoutExcluded(unfiltered, folder.uri) : this.snapshot!.report;
      this.unfiltered = unfiltered;
      this.key = answer.key;
      this.snapshot = { label: answer.label, commit: answer.commit, ref: answer.ref, report };
      this.deps.logger.info(`Comparing with ${answer.ref} at ${answer.commit.slice(0, 7)} (shown as "vs ${answer.label}").`);
      this.changed.fire();
    } catch (error) {
      this.clear(`the base could not be analysed: ${errorMessage(error)}`, false);
    }
  }

  /**
   * The base's report without the files the workspace estimate excludes (files.exclude,
   * search.exclude, promptcost.exclude): a file still in the working tree that the estimate does not
   * read would otherwise count as removed. A file the working tree no longer has stays: it was removed.
   */
  private async withoutExcluded(report: Report, folder: vscode.Uri): Promise<Report> {
    const read = new Set(await this.deps.costFiles());
    const drop = new Set<string>();
    for (const file of new Set(report.sites.map(({ site }) => site.file))) {
      if (read.has(file)) continue;
      const exists = await vscode.workspace.fs.stat(vscode.Uri.joinPath(folder, ...file.split('/'))).then(
        () => true,
        () => false,
      );
      if (exists) drop.add(file);
    }
    if (drop.size > 0) this.deps.logger.info(`The base leaves out ${drop.size} file(s) the workspace estimate excludes, as the working tree does.`);
    return withoutFiles(report, drop);
  }

  /** No base (any more): nothing shows a change; the reason is logged once. */
  private clear(reason: string, misconfigured: boolean): void {
    if (this.lastNote !== reason) {
      this.lastNote = reason;
      const line = `No comparison with a base branch: ${reason}.`;
      if (misconfigured) this.deps.logger.warn(line);
      else this.deps.logger.info(line);
    }
    if (!this.snapshot) return;
    this.snapshot = undefined;
    this.unfiltered = undefined;
    this.key = undefined;
    this.changed.fire();
  }

  dispose(): void {
    this.recheck.cancel();
    for (const disposable of this.disposables) disposable.dispose();
  }
}

/** Whether the file is in the first workspace folder, the one the base is read for. */
function inFirstFolder(uri: vscode.Uri): boolean {
  const first = vscode.workspace.workspaceFolders?.[0];
  return first !== undefined && vscode.workspace.getWorkspaceFolder(uri)?.uri.toString() === first.uri.toString();
}

/**
 * Whether the folder or one above it holds `.git` (a folder, or the file of a worktree or submodule):
 * the engine asks git itself, and says more, only when it may be a repository. A repository git
 * finds through GIT_DIR alone is the rare case this misses.
 */
async function insideGitRepository(folder: string): Promise<boolean> {
  for (let current = path.resolve(folder); ; current = path.dirname(current)) {
    if (
      await fs.promises.stat(path.join(current, '.git')).then(
        () => true,
        () => false,
      )
    )
      return true;
    if (path.dirname(current) === current) return false;
  }
}
