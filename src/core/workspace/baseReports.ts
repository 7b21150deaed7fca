import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { errorMessage, SILENT_LOGGER, type Logger } from '../log/logger';
import { mergeEnv, ENV_EXAMPLE_FILES, type EnvFileText } from '../volume/envValues';
import { parseProjectConfig, PROJECT_CONFIG_FILE, EMPTY_PROJECT_CONFIG, type ProjectConfig } from '../volume/projectConfig';
import type { FileAnalysis } from './analyzeFile';
import { resolveBase, type BaseCommit } from './baseBranch';
import { discoverCostFiles } from './discover';
import { readRegularFile } from './diskFile';
import type { AnalysisSettings } from './fileAnalyzer';
import { forgetWorkspaceFiles } from './fileSourceReader';
import { TooManyFilesError, writeCommitFiles } from './gitSnapshot';
import type { Report } from './report';
import { scanFiles } from './scan';

/** What the editor asks for: the report of the base `compareTo` names, for the folder it shows. */
export interface BaseReportRequest {
  /** The workspace folder on disk: the base report's paths are relative to the same folder at the base commit. */
  folder: string;
  /** `promptcost.compareTo`: `auto`, `off`, or a ref. */
  compareTo: string;
  /**
   * The editor's settings. Their `project` (the working tree's promptcost.yaml) is replaced by the
   * base's own, as `promptcost diff` does: each side is estimated as it would run.
   */
  settings: AnalysisSettings;
  /** The cache key of the base report the caller already holds: when it is still current, the report is not sent again. */
  held?: string;
}

/** The base's report, or why there is none. */
export type BaseReportAnswer =
  | {
      kind: 'base';
      commit: string;
      label: string;
      ref: string;
      /** What this report is cached by (the commit and the settings): the caller sends it back as `held`. */
      key: string;
      /** Absent when the caller already holds this report (`held` was `key`). */
      report?: Report;
    }
  | { kind: 'none'; reason: string; misconfigured: boolean };

/** Analyses one file of a base scan (a FileAnalyzer of the scan's own, so the workspace's held state is left alone). */
export type AnalyzeBaseFile = (text: string, file: string, settings: AnalysisSettings) => Promise<FileAnalysis | undefined>;

/** Base reports kept: the current base and the one before (switching back and forth between two branches is common). */
const KEPT_REPORTS = 2;
/**
 * Files of the base the editor analyses at most. The comparison runs in the background when a file
 * is first shown; a monorepo past this is compared in CI with `promptcost diff` instead (said once in
 * the log), so that opening a file never starts minutes of work.
 */
export const MAX_BASE_FILES = 20_000;
/** Bytes of promptcost.yaml and of each env example file read at the base (as the CLI reads them). */
const MAX_CONFIG_BYTES = 1_000_000;

/**
 * The reports of base commits, each computed once per (commit, settings) and kept in memory: the
 * editor asks again whenever HEAD may have moved, and only a new base commit (a commit on the
 * default branch after a fetch, a merge, another branch checked out) or new settings cost an
 * analysis. The base's files are read from git's object store into a temporary folder (never the
 * working tree) and analysed there with the base's own promptcost.yaml.
 */
export class BaseReports {
  private readonly reports = new Map<string, Promise<Report>>();
  /** How many base analyses ran (tests check that a repeated question does not run another). */
  analyses = 0;

  constructor(
    private readonly newAnalyzer: () => AnalyzeBaseFile,
    private readonly logger: Logger = SILENT_LOGGER,
    private readonly maxFiles = MAX_BASE_FILES,
  ) {}

  async report(request: BaseReportRequest): Promise<BaseReportAnswer> {
    const base = resolveBase(request.folder, request.compareTo);
    if (!('commit' in base)) return { kind: 'none', reason: base.reason, misconfigured: base.misconfigured };
    const key = cacheKey(base.commit, request);
    const answer = { kind: 'base' as const, commit: base.commit, label: base.label, ref: base.ref, key };
    let pending = this.reports.get(key);
    if (!pending) {
      pending = this.analyse(base, request);
      this.reports.set(key, pending);
      // A failed analysis is not kept: the next question tries again. A base too large stays so.
      pending.catch((error: unknown) => {
        if (!(error instanceof TooManyFilesError)) this.reports.delete(key);
      });
      while (this.reports.size > KEPT_REPORTS) this.reports.delete(this.reports.keys().next().value!);
    }
    let report: Report;
    try {
      report = await pending;
    } catch (error) {
      if (!(error instanceof TooManyFilesError)) throw error;
      return {
        kind: 'none',
        reason: `the base ${base.label} is too large to compare in the editor (${error.message}): compare in CI with promptcost diff`,
        misconfigured: false,
      };
    }
    return request.held === key ? answer : { ...answer, report };
  }

  private async analyse(base: BaseCommit, request: BaseReportRequest): Promise<Report> {
    this.analyses++;
    const started = performance.now();
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'promptcost-base-'));
    try {
      const tree = path.join(scratch, 'tree');
      const prefix = path.relative(fs.realpathSync(base.root), fs.realpathSync(request.folder)).split(path.sep).join('/');
      writeCommitFiles(base.root, base.commit, [prefix], tree, scratch, this.maxFiles);
      const folder = path.join(tree, prefix);
      // A folder the base commit does not have: everything in it is new.
      fs.mkdirSync(folder, { recursive: true });
      const project = await baseProjectConfig(folder, this.logger, base.label);
      const settings: AnalysisSettings = { ...request.settings, project, workspaceRoot: folder, workspaceVersion: undefined, offerFixes: false };
      const analyze = this.newAnalyzer();
      const report = await scanFiles(discoverCostFiles(folder), { analyze: (text, file) => analyze(text, file, settings), logger: this.logger });
      forgetWorkspaceFiles(folder);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      this.logger.info(`Base ${base.label} (${base.commit.slice(0, 7)}, from ${base.ref}) analysed in ${seconds} s: ${report.totals.sites} sites.`);
      return report;
    } catch (error) {
      // A base too large is said by the answer, once: it is not an analysis that failed.
      if (!(error instanceof TooManyFilesError))
        this.logger.warn(`Could not analyse the base ${base.label} (${base.commit.slice(0, 7)}): ${errorMessage(error)}`);
      throw error;
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  }
}

/** The settings that change a base's figures (the working tree's promptcost.yaml and folder do not: the base has its own). */
function cacheKey(commit: string, { folder, settings }: BaseReportRequest): string {
  const { project: _project, workspaceRoot: _root, workspaceVersion: _version, ...figures } = settings;
  return JSON.stringify([commit, folder, figures]);
}

/** promptcost.yaml at the base, with its env example files; its problems are a log line (the working tree's are shown as usual). */
async function baseProjectConfig(folder: string, logger: Logger, label: string): Promise<ProjectConfig> {
  const text = await readText(path.join(folder, PROJECT_CONFIG_FILE));
  let config = EMPTY_PROJECT_CONFIG;
  if (text !== undefined) {
    const parsed = parseProjectConfig(text);
    config = parsed.config;
    if (parsed.findings.length > 0)
      logger.warn(`promptcost.yaml at ${label} has ${parsed.findings.length} problem(s); its figures use defaults where they are.`);
  }
  const envFiles: EnvFileText[] = [];
  for (const name of ENV_EXAMPLE_FILES) {
    const envText = await readText(path.join(folder, name));
    if (envText !== undefined) envFiles.push({ name, text: envText });
  }
  return { ...config, env: mergeEnv(config.env, envFiles) };
}

/** A small file's text; undefined when the commit has none (the usual case) or it cannot be read. */
async function readText(file: string): Promise<string | undefined> {
  const bytes = await readRegularFile(file, MAX_CONFIG_BYTES).catch(() => undefined);
  return bytes && ArrayBuffer.isView(bytes) ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8') : undefined;
}
