import * as fs from 'fs';
import * as path from 'path';
import {
  createEngine,
  DOT_ENV_FILE,
  ENV_EXAMPLE_FILES,
  mergeEnv,
  type EnvFileText,
  type UnreadCallAt,
  DEFAULT_MONTHLY_CALLS,
  DEFAULT_SCAN_CACHE_FOLDER,
  discoverCostFiles,
  diskWorkspaceFile,
  EMPTY_PROJECT_CONFIG,
  notReadFile,
  parseProjectConfig,
  PROJECT_CONFIG_FILE,
  readProblem,
  readRegularFile,
  findingAnnotations,
  toCsvReport,
  toSarifReport,
  reportSarifFindings,
  jsonReportText,
  toMarkdownReport,
  toTableReport,
  type PricesFileRef,
  type ProjectConfig,
  type Report,
  type WorkspaceFile,
} from '../core';
import { EXIT_OK, EXIT_USAGE, UsageError } from './exitCodes';
import { fromRoot, printForGitHub } from './githubOutput';
import { stderrLogger } from './stderrLogger';
import { printPieces } from './streamedOutput';
import { CLI_VERSION } from './version';

export interface EstimateOptions extends AnalysisOptions {
  format: string;
  /** List the calls on an LLM SDK that were not read as sites (shapes Prompt Cost may be missing). */
  explainMisses?: boolean;
  /** Show only this many sites, the most expensive, in the table and Markdown (as typed). */
  top?: string;
  /** Exit 0 when the paths hold no prompt file and no LLM call (by default a mistyped path must not pass CI at $0.00). */
  allowEmpty?: boolean;
}

const FORMATS = ['table', 'json', 'markdown', 'csv', 'sarif', 'github'];

/** `promptcost estimate`: every prompt site under the paths, per call and per month. */
export async function runEstimate(options: EstimateOptions): Promise<number> {
  if (!FORMATS.includes(options.format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not '${options.format}'`);
  const top = options.top === undefined ? undefined : parseTop(options.top);
  const { report, configProblems, root } = await analyzePaths(options);
  const misses = options.explainMisses ? (report.unreadCalls ?? []) : undefined;
  if (options.format === 'json') await printPieces(jsonReportText(report, misses ? { unreadCalls: misses } : {}));
  else if (options.format === 'csv') process.stdout.write(toCsvReport(report));
  else if (options.format === 'sarif') console.log(JSON.stringify(toSarifReport(reportSarifFindings(report), { version: CLI_VERSION }), null, 2));
  else if (options.format === 'markdown') console.log(toMarkdownReport(report, { top }));
  else if (options.format === 'github')
    printForGitHub(toTableReport(report, { top }), fromRoot(root, findingAnnotations(reportSarifFindings(report))), toMarkdownReport(report, { top }));
  else console.log(toTableReport(report, { top }));
  // The CSV and SARIF stay what their readers parse: the unread calls go to stderr beside them.
  if (misses && (options.format === 'csv' || options.format === 'sarif')) console.error(missesText(misses).trimStart());
  else if (misses && options.format !== 'json') console.log(missesText(misses));
  // Files skipped by design (binary, too large, not a regular file, a link out of the folder) are
  // listed but do not fail the estimate; an input that could not be read does.
  const unread = report.skipped.some((skipped) => skipped.cause === 'unreadable');
  if (unread || configProblems.length > 0) return EXIT_USAGE;
  return emptyResult(report, options) ? EXIT_USAGE : EXIT_OK;
}

/**
 * Whether nothing was found where something was expected: no prompt file and no LLM call under
 * the paths (said on stderr). A mistyped or wrong path must not pass CI at $0.00; `--allow-empty`
 * accepts it. When files could not be analysed (failed or given up on), the result is not empty
 * but unknown, and no flag accepts that: the message says so rather than blame the path.
 */
export function emptyResult(report: Report, options: AnalysisOptions & { allowEmpty?: boolean }): boolean {
  if (report.sites.length > 0) return false;
  const where = options.paths.length > 0 ? options.paths.join(', ') : 'the current folder';
  const failed = failedFiles(report);
  if (failed > 0) {
    console.error(`promptcost: nothing under ${where} could be estimated: ${couldNotAnalyse(failed)}`);
    return true;
  }
  if (options.allowEmpty) return false;
  console.error(`promptcost: no prompt file and no LLM call under ${where}: check the path (--allow-empty accepts an empty result)`);
  return true;
}

/** How many files Prompt Cost failed on or gave up on (an `internal-error` or `analysis-timeout` finding): their costs are unknown. */
export function failedFiles(report: Report): number {
  return report.fileFindings.filter(({ findings }) => findings.some((finding) => finding.rule === 'internal-error' || finding.rule === 'analysis-timeout'))
    .length;
}

/** What the CLI says of `count` failed files (failedFiles). */
export function couldNotAnalyse(count: number): string {
  return `Prompt Cost could not analyse ${count === 1 ? '1 file' : `${count.toLocaleString('en-US')} files`} (their findings say why)`;
}

/** The --explain-misses section: each unread call, and what to do about it. */
function missesText(misses: readonly UnreadCallAt[]): string {
  if (misses.length === 0) return '\nNo unread calls: every call on an LLM SDK that looks like text generation was read.';
  const lines = misses.map(({ file, line, callee, sdk }) => `  ${file}:${line}  ${callee}(…)  (${sdk})`);
  return [
    `\nCalls on an LLM SDK that were not read (${misses.length}): a shape Prompt Cost does not know yet, not in the totals above.`,
    ...lines,
    'Report a shape that should be read, with a few lines of code like it, to the Prompt Cost issue tracker.',
  ].join('\n');
}

/** The model assumed for prompts and calls that name none, unless --model says otherwise. */
export const DEFAULT_ASSUMED_MODEL = 'gpt-4o-mini';

export interface AnalysisOptions {
  paths: string[];
  model: string;
  calls?: string;
  config?: string;
  /** `--prices FILE`, read and checked (`pricesOption`): its prices win for the models it lists. */
  pricesFile?: PricesFileRef;
  /** Also read `.env` at the root for environment values (the examples are always read). */
  readDotEnv?: boolean;
  /** Log what the engine does to stderr. */
  verbose?: boolean;
  /** The folder file paths are relative to when the paths are not one folder (default: the current folder). */
  root?: string;
  /** Said before each problem printed to stderr (`base main (3f2a9c1): `), when two trees are analysed. */
  label?: string;
  /** Where analyses are kept between runs (default: DEFAULT_SCAN_CACHE_FOLDER in the root). */
  cacheDir?: string;
  /** Neither read nor write the cache. */
  noCache?: boolean;
}

/** A problem of promptcost.yaml (or --config): where it is, and what. */
export interface ConfigProblem {
  file: string;
  /** 1-based; absent when the file as a whole could not be read. */
  line?: number;
  column?: number;
  message: string;
}

/**
 * What `estimate` and `check` share: checks --model and --calls (throwing UsageError), scans the
 * paths with promptcost.yaml, and prints every input problem to stderr: paths that cannot be read
 * and skipped files (both in `report.skipped`, with their cause), and promptcost.yaml's problems.
 */
export async function analyzePaths(
  options: AnalysisOptions,
): Promise<{ report: Report; configProblems: ConfigProblem[]; config: ProjectConfig; root: string }> {
  if (options.model.trim() === '') throw new UsageError('--model needs a model id, e.g. gpt-4o-mini');
  if (options.noCache && options.cacheDir !== undefined) throw new UsageError('--cache-dir and --no-cache cannot be used together');
  if (options.cacheDir !== undefined && options.cacheDir.trim() === '') throw new UsageError('--cache-dir needs a folder, such as .promptcost-cache');
  if (options.cacheDir !== undefined && fs.existsSync(options.cacheDir) && !fs.statSync(options.cacheDir).isDirectory()) {
    throw new UsageError(`--cache-dir must be a folder; ${options.cacheDir} is a file`);
  }
  const monthlyCalls = options.calls === undefined ? DEFAULT_MONTHLY_CALLS : parseCalls(options.calls);

  const targets = (options.paths.length > 0 ? options.paths : ['.']).map((target) => ({ target, problem: pathProblem(target) }));
  const existing = targets.filter(({ problem }) => problem === undefined);
  // One folder: it is the root (files and promptcost.yaml relative to it). Otherwise the current folder is.
  const root = existing.length === 1 && fs.statSync(existing[0].target).isDirectory() ? existing[0].target : (options.root ?? '.');
  const files = collectFiles(targets, root);

  const configFile = options.config ?? path.join(root, PROJECT_CONFIG_FILE);
  const loaded = await loadConfig(configFile, options.config !== undefined);
  const configProblems = loaded.problems;
  const config = { ...loaded.config, env: mergeEnv(loaded.config.env, await readEnvFiles(root, options.readDotEnv ?? false)) };
  for (const { file, line, column, message } of configProblems) {
    console.error(`promptcost: ${options.label ?? ''}${file}${line === undefined ? '' : `:${line}:${column}`}: ${message}`);
  }

  const cacheDir = options.noCache ? undefined : (options.cacheDir ?? path.join(root, DEFAULT_SCAN_CACHE_FOLDER));
  // The worker's compiled code is kept beside the scan cache, and only where there is one.
  const engine = createEngine({ workerScript: bundledWorker(), logger: stderrLogger(options.verbose ?? false), codeCacheDir: cacheDir });
  try {
    const settings = {
      project: config,
      defaultModel: options.model,
      defaultModelFrom: '--model' as const,
      monthlyCalls,
      monthlyCallsAssumed: options.calls === undefined,
      workspaceRoot: path.resolve(root),
      ...(options.pricesFile ? { pricesFile: options.pricesFile } : {}),
    };
    const report = await engine.scan(files, settings, { cacheDir, lastUse: true });
    for (const skipped of report.skipped) console.error(`promptcost: ${options.label ?? ''}${skipped.file}: ${skipped.reason}`);
    // The folder the report's paths are relative to, for output that needs them from elsewhere (GitHub's annotations).
    return { report, configProblems, config, root: path.resolve(root) };
  } finally {
    engine.dispose();
  }
}

/** The env files at the root that exist and can be read (a missing one is the usual case, an unreadable one is skipped). */
async function readEnvFiles(root: string, readDotEnv: boolean): Promise<EnvFileText[]> {
  const names: Array<EnvFileText['name']> = readDotEnv ? [DOT_ENV_FILE, ...ENV_EXAMPLE_FILES] : [...ENV_EXAMPLE_FILES];
  const files: EnvFileText[] = [];
  for (const name of names) {
    const bytes = await readRegularFile(path.join(root, name), MAX_CONFIG_BYTES).catch(() => undefined);
    if (bytes && ArrayBuffer.isView(bytes)) files.push({ name, text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8') });
  }
  return files;
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

/** `--top N`: a whole number of sites above 0 (the JSON and CSV list every site whatever it is). */
function parseTop(text: string): number {
  const value = /^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!Number.isSafeInteger(value) || value < 1) throw new UsageError(`--top must be a whole number of sites, 1 or more, such as 10, not '${text}'`);
  return value;
}

/** Why a path on the command line cannot be scanned, or undefined when it can. */
function pathProblem(target: string): string | undefined {
  try {
    const folder = fs.statSync(target).isDirectory();
    fs.accessSync(target, folder ? fs.constants.R_OK | fs.constants.X_OK : fs.constants.R_OK);
    return undefined;
  } catch (error) {
    return readProblem(error).reason;
  }
}

/**
 * The files to scan: each folder walked, each file named as it is. A path that cannot be read is an
 * entry too, so that the scan lists it with the files it skipped, as typed on the command line.
 */
function collectFiles(targets: Array<{ target: string; problem: string | undefined }>, root: string): WorkspaceFile[] {
  const files: WorkspaceFile[] = [];
  for (const { target, problem } of targets) {
    const relative = path.relative(root, target).split(path.sep).join('/');
    if (problem !== undefined) {
      files.push(notReadFile(target, { cause: 'unreadable', reason: problem }));
    } else if (fs.statSync(target).isDirectory()) {
      const under = (file: string) => (relative === '' ? file : file === '.' ? relative : `${relative}/${file}`);
      for (const file of discoverCostFiles(target)) {
        files.push(relative === '' ? file : { path: under(file.path), read: () => file.read(), diskPath: () => file.diskPath?.() });
      }
    } else {
      // A named pipe or a device named here is read no more than one found in a folder.
      files.push(diskWorkspaceFile(target, relative));
    }
  }
  return files;
}

/** The largest promptcost.yaml read: a settings file of that size is not one. */
const MAX_CONFIG_BYTES = 1_000_000;

async function loadConfig(file: string, explicit: boolean): Promise<{ config: ProjectConfig; problems: ConfigProblem[] }> {
  const none = (message: string) => ({ config: EMPTY_PROJECT_CONFIG, problems: [{ file, message }] });
  let stats: fs.Stats;
  try {
    stats = fs.statSync(file);
  } catch (error) {
    // No promptcost.yaml in the scanned folder is the usual case: the defaults apply.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return explicit ? none('no such file') : { config: EMPTY_PROJECT_CONFIG, problems: [] };
    return none(readProblem(error).reason);
  }
  if (stats.isDirectory()) return none(explicit ? 'is a folder; --config takes a file' : 'is a folder, not a settings file');
  const bytes = await readRegularFile(file, MAX_CONFIG_BYTES);
  if (!ArrayBuffer.isView(bytes)) return none(bytes.reason);
  const { config, findings } = parseProjectConfig(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
  return {
    config,
    problems: findings.map((f) => ({ file, line: f.range.start.line + 1, column: f.range.start.character + 1, message: `${f.severity}: ${f.message}` })),
  };
}
