import * as fs from 'fs';
import * as path from 'path';
import {
  createEngine,
  DEFAULT_MONTHLY_CALLS,
  discoverCostFiles,
  EMPTY_PROJECT_CONFIG,
  parseProjectConfig,
  PROJECT_CONFIG_FILE,
  toJsonReport,
  toMarkdownReport,
  toTableReport,
  type ProjectConfig,
  type Report,
  type WorkspaceFile,
} from '../core';
import { EXIT_OK, EXIT_USAGE, UsageError } from './exitCodes';
import { stderrLogger } from './stderrLogger';

export interface EstimateOptions extends AnalysisOptions {
  format: string;
}

const FORMATS = ['table', 'json', 'markdown'];

/** `promptcost estimate`: every prompt site under the paths, per call and per month. */
export async function runEstimate(options: EstimateOptions): Promise<number> {
  if (!FORMATS.includes(options.format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not '${options.format}'`);
  const { report, failed } = await analyzePaths(options);
  if (options.format === 'json') console.log(JSON.stringify(toJsonReport(report), null, 2));
  else if (options.format === 'markdown') console.log(toMarkdownReport(report));
  else console.log(toTableReport(report));
  return failed ? EXIT_USAGE : EXIT_OK;
}

export interface AnalysisOptions {
  paths: string[];
  model: string;
  calls?: string;
  config?: string;
  /** Log what the engine does to stderr. */
  verbose?: boolean;
}

/**
 * What `estimate` and `check` share: checks --model and --calls (throwing UsageError), scans the
 * paths with promptcost.yaml, and prints missing paths, config problems and skipped files to
 * stderr. `failed` is true when a path is missing or promptcost.yaml has problems (exit code 2).
 */
export async function analyzePaths(options: AnalysisOptions): Promise<{ report: Report; failed: boolean }> {
  if (options.model.trim() === '') throw new UsageError('--model needs a model id, e.g. gpt-4o-mini');
  const monthlyCalls = options.calls === undefined ? DEFAULT_MONTHLY_CALLS : parseCalls(options.calls);

  const paths = options.paths.length > 0 ? options.paths : ['.'];
  let failed = false;
  const existing: string[] = [];
  for (const target of paths) {
    const problem = pathProblem(target);
    if (problem) {
      console.error(`promptcost: ${target}: ${problem}`);
      failed = true;
    } else {
      existing.push(target);
    }
  }
  // One folder: it is the root (files and promptcost.yaml relative to it). Otherwise the current folder is.
  const root = existing.length === 1 && fs.statSync(existing[0]).isDirectory() ? existing[0] : '.';
  const files = collectFiles(existing, root, (folder, error) => {
    console.error(`promptcost: ${folder}: ${readProblem(error)}`);
    failed = true;
  });

  const { config, problems } = loadConfig(options.config ?? path.join(root, PROJECT_CONFIG_FILE), options.config !== undefined);
  for (const problem of problems) console.error(problem);
  if (problems.length > 0) failed = true;

  const engine = createEngine({ workerScript: bundledWorker(), logger: stderrLogger(options.verbose ?? false) });
  try {
    const report = await engine.scan(files, { project: config, defaultModel: options.model, monthlyCalls, workspaceRoot: path.resolve(root) });
    for (const skipped of report.skipped) console.error(`promptcost: ${skipped.file}: ${skipped.reason}`);
    return { report, failed };
  } finally {
    engine.dispose();
  }
}

/**
 * The engine worker bundled beside the CLI (dist/engineWorker.js): files are analysed there, so one
 * that takes longer than its time budget is given up with a finding instead of stalling the run. Run
 * from source there is none, and the engine works in process.
 */
function bundledWorker(): string | undefined {
  const script = path.join(__dirname, 'engineWorker.js');
  return fs.existsSync(script) ? script : undefined;
}

/**
 * Digits only (`30000`, or grouped `30_000` / `30,000`): `Number()` would read `""` as 0 and `0x10` as 16,
 * and a typo must not become a volume.
 */
function parseCalls(text: string): number {
  const value = /^\d[\d_,]*$/.test(text.trim()) ? Number(text.trim().replace(/[_,]/g, '')) : NaN;
  if (!Number.isSafeInteger(value)) throw new UsageError(`--calls must be a whole number of calls a month, such as 30000, not '${text}'`);
  return value;
}

/** Why a path on the command line cannot be scanned, or undefined when it can. */
function pathProblem(target: string): string | undefined {
  try {
    const folder = fs.statSync(target).isDirectory();
    fs.accessSync(target, folder ? fs.constants.R_OK | fs.constants.X_OK : fs.constants.R_OK);
    return undefined;
  } catch (error) {
    return readProblem(error);
  }
}

/** A file system error as a reader wants it: what is wrong with the path, not the errno. */
function readProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'no such file or folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return `cannot be read (${code ?? String(error)})`;
}

function collectFiles(targets: string[], root: string, onUnreadable: (folder: string, error: unknown) => void): WorkspaceFile[] {
  const files: WorkspaceFile[] = [];
  for (const target of targets) {
    if (fs.statSync(target).isDirectory()) {
      const prefix = path.relative(root, target).split(path.sep).join('/');
      for (const file of discoverCostFiles(target, onUnreadable)) files.push({ ...file, path: prefix ? `${prefix}/${file.path}` : file.path });
    } else {
      const relative = path.relative(root, target).split(path.sep).join('/');
      files.push({ path: relative, read: () => fs.promises.readFile(target) });
    }
  }
  return files;
}

function loadConfig(file: string, explicit: boolean): { config: ProjectConfig; problems: string[] } {
  if (!fs.existsSync(file)) {
    return { config: EMPTY_PROJECT_CONFIG, problems: explicit ? [`promptcost: ${file}: no such file`] : [] };
  }
  const { config, findings } = parseProjectConfig(fs.readFileSync(file, 'utf8'));
  return {
    config,
    problems: findings.map((f) => `promptcost: ${file}:${f.range.start.line + 1}:${f.range.start.character + 1}: ${f.severity}: ${f.message}`),
  };
}
