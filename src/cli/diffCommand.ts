import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  diffAnnotations,
  diffPolicyBreaches,
  diffReports,
  reportSarifFindings,
  toDiffJson,
  toDiffMarkdown,
  toDiffTable,
  toSarifReport,
  type Annotation,
  type CostDiff,
  type CostPolicy,
  type PolicyBreach,
  type Report,
  type SarifFinding,
} from '../core';
import { analyzePaths, couldNotAnalyse, failedFiles, type AnalysisOptions } from './estimateCommand';
import { EXIT_CHECK_FAILED, EXIT_OK, EXIT_USAGE, UsageError } from './exitCodes';
import { fromRoot, printForGitHub } from './githubOutput';
import { repositoryRoot, resolveCommit, shortCommit, writeCommitFiles } from './gitSnapshot';
import { CLI_VERSION } from './version';

export interface DiffOptions extends AnalysisOptions {
  /** The ref to compare with (`origin/main`, `HEAD~1`, a sha). */
  base?: string;
  /** The ref to compare; the working tree when absent. */
  head?: string;
  format: string;
  top?: string;
  /** Exit 0 when neither side has a prompt file or an LLM call (by default a mistyped path must not pass at $0.00). */
  allowEmpty?: boolean;
  /** Over promptcost.yaml's `policy.failOn`: fail on new findings at or above this severity (as typed). */
  failOn?: string;
  /** Over `policy.maxMonthlyIncrease`: USD a month (as typed). */
  maxMonthlyIncrease?: string;
}

const FORMATS = ['table', 'json', 'markdown', 'sarif', 'github'];

/** What a diff found, for the CLI to print and the GitHub Action to post. */
export interface DiffRun {
  diff: CostDiff;
  /** What the change breaks of the head's policy (with the flags over it); empty when it passes. */
  breaches: PolicyBreach[];
  base: AnalysedPaths;
  head: AnalysedPaths;
  /** The paths as typed (the current folder when none). */
  targets: string[];
}

type AnalysedPaths = Awaited<ReturnType<typeof analyzePaths>>;

/**
 * `promptcost diff --base <ref>`: what a change does to the monthly cost, printed in the format
 * asked for; the exit code says whether it passes the policy.
 */
export async function runDiff(options: DiffOptions): Promise<number> {
  if (!FORMATS.includes(options.format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not '${options.format}'`);
  const top = options.top === undefined ? undefined : parseTop(options.top);
  const run = await compareWithBase(options);
  if (options.format === 'sarif') console.log(JSON.stringify(toSarifReport(newFindings(run.diff, run.head.report), { version: CLI_VERSION }), null, 2));
  else print(run, options.format, top);
  return diffExitCode(run, options);
}

/**
 * Analyses both sides the same way (each with its own promptcost.yaml, as it would run): the base
 * read from git's object store into a temporary folder, the head from the working tree or a ref
 * the same way. Nothing in the working tree, the index or the branches is changed.
 */
export async function compareWithBase(options: DiffOptions): Promise<DiffRun> {
  if (options.base === undefined) throw new UsageError('diff needs --base: the branch, tag or commit to compare with, such as origin/main or HEAD~1');
  const flags = policyFlags(options);
  const cwd = process.cwd();
  const root = repositoryRoot(cwd);
  const targets = options.paths.length > 0 ? options.paths : ['.'];
  const inRepository = targets.map((target) => repositoryPath(root, target));
  const here = repositoryPath(root, '.');
  const baseCommit = resolveCommit(root, options.base);
  const headCommit = options.head === undefined ? undefined : resolveCommit(root, options.head);
  // A full commit id (what the Action passes) is said short; a name keeps its commit beside it.
  const label = (ref: string, commit: string) => (/^[0-9a-f]{40}$/i.test(ref) ? shortCommit(root, commit) : `${ref} (${shortCommit(root, commit)})`);
  const labels = { base: label(options.base, baseCommit), head: headCommit === undefined ? 'working tree' : label(options.head!, headCommit) };

  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'promptcost-diff-'));
  try {
    const fromCommit = async (commit: string, side: 'base' | 'head', label: string) => {
      const folder = path.join(scratch, side);
      writeCommitFiles(root, commit, inRepository, folder, scratch);
      // A folder the commit does not have is an empty one there (everything in it is added); a file it lacks is left out.
      const found = inRepository.map((relative) => path.join(folder, relative)).filter((target, i) => existsOrFolder(target, targets[i]));
      // No path at all at this commit: an empty folder, never the default of the current folder.
      const paths = found.length > 0 ? found : [fs.mkdtempSync(path.join(scratch, 'empty-'))];
      const config = options.config === undefined ? undefined : path.join(folder, repositoryPath(root, options.config));
      const analysed = await analyzePaths({
        ...options,
        paths,
        root: path.join(folder, here),
        config,
        label: `${side} ${label}: `,
        noCache: true,
        cacheDir: undefined,
      });
      // Its paths are where the files are in the repository, not in the scratch folder.
      return { ...analysed, root: path.join(root, path.relative(folder, analysed.root)) };
    };
    const base = await fromCommit(baseCommit, 'base', labels.base);
    const head =
      headCommit === undefined
        ? await analyzePaths({ ...options, paths: targets, label: 'head: ', noCache: true, cacheDir: undefined })
        : await fromCommit(headCommit, 'head', labels.head);
    const diff = diffReports(base.report, head.report, labels);
    // The head's policy: a change that edits promptcost.yaml is held to what it says.
    const breaches = diffPolicyBreaches(diff, { ...head.config.policy, ...flags });
    return { diff, breaches, base, head, targets };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * 2 when the result cannot be trusted (nothing found on either side unless `--allow-empty`; nothing
 * estimated on either side because files failed, whatever the flags; an input that could not be
 * read; a broken promptcost.yaml), each said on stderr; 1 when the change breaks the policy; else 0.
 */
export function diffExitCode(run: DiffRun, options: Pick<DiffOptions, 'allowEmpty'>): number {
  const { base, head, diff, targets } = run;
  const problems = [...base.configProblems, ...head.configProblems];
  const failedAtHead = failedFiles(head.report);
  const failedAtBase = failedFiles(base.report);
  if (isEmpty(base.report) && isEmpty(head.report) && failedAtHead + failedAtBase > 0) {
    // Not an empty change but an unknown one: no flag accepts it.
    const sides = [
      ...(failedAtBase > 0 ? [`at ${diff.base}, ${couldNotAnalyse(failedAtBase)}`] : []),
      ...(failedAtHead > 0 ? [`at ${diff.head}, ${couldNotAnalyse(failedAtHead)}`] : []),
    ];
    console.error(`promptcost: nothing under ${targets.join(', ')} could be estimated: ${sides.join('; ')}`);
    return EXIT_USAGE;
  }
  if (isEmpty(base.report) && isEmpty(head.report) && !options.allowEmpty) {
    console.error(
      `promptcost: no prompt file and no LLM call under ${targets.join(', ')} at either ${diff.base} or ${diff.head}: check the path (--allow-empty accepts an empty result)`,
    );
    return EXIT_USAGE;
  }
  if (unreadInput(base.report) || unreadInput(head.report) || problems.length > 0) return EXIT_USAGE;
  return run.breaches.length > 0 ? EXIT_CHECK_FAILED : EXIT_OK;
}

/** The change as annotations: sites whose month moved and new findings, then each policy breach as an error at its site. */
export function diffRunAnnotations({ diff, breaches, head }: DiffRun): Annotation[] {
  const sites = new Map(diff.sites.map((site) => [site.id, site]));
  const breachAnnotations = breaches.map((breach): Annotation => {
    const site = breach.siteId === undefined ? undefined : sites.get(breach.siteId);
    const at = site === undefined || site.status === 'removed' ? {} : { file: site.file, line: site.line };
    return { level: 'error', ...at, title: `Prompt Cost: policy ${breach.policy}`, message: breach.text, weight: Math.abs(site?.diffMonthly ?? 0) };
  });
  return fromRoot(head.root, [...breachAnnotations, ...diffAnnotations(diff)]);
}

/** The diff as a pull-request comment or job summary: the Markdown, then the policy's verdict. */
export function diffMarkdownWithPolicy({ diff, breaches }: DiffRun, top: number | undefined): string {
  return [toDiffMarkdown(diff, { top }), ...policyLines(breaches, (text) => `> ${text}`)].join('\n');
}

function print(run: DiffRun, format: string, top: number | undefined): void {
  const { diff, breaches } = run;
  const policy = { passed: breaches.length === 0, reasons: breaches };
  const table = () => [toDiffTable(diff, { top }), ...policyLines(breaches, (text) => `  ${text}`)].join('\n');
  if (format === 'json') console.log(JSON.stringify({ ...toDiffJson(diff), policy }, null, 2));
  else if (format === 'markdown') console.log(diffMarkdownWithPolicy(run, top));
  else if (format === 'github') printForGitHub(table(), diffRunAnnotations(run), diffMarkdownWithPolicy(run, top));
  else console.log(table());
}

function policyLines(breaches: PolicyBreach[], line: (text: string) => string): string[] {
  if (breaches.length === 0) return [];
  return ['', `Policy failed (${breaches.length}):`, ...breaches.map(({ text }) => line(text))];
}

const FAIL_ON = ['warning', 'error'] as const;

/** The CLI's flags over promptcost.yaml's policy, checked as typed. */
function policyFlags(options: DiffOptions): CostPolicy {
  const flags: CostPolicy = {};
  if (options.failOn !== undefined) {
    if (!(FAIL_ON as readonly string[]).includes(options.failOn))
      throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(', ')}, not '${options.failOn}'`);
    flags.failOn = options.failOn as (typeof FAIL_ON)[number];
  }
  if (options.maxMonthlyIncrease !== undefined) {
    const value = /^\s*\d+(\.\d+)?\s*$/.test(options.maxMonthlyIncrease) ? Number(options.maxMonthlyIncrease) : NaN;
    if (!Number.isFinite(value))
      throw new UsageError(`--max-monthly-increase must be an amount in USD a month, such as 100, not '${options.maxMonthlyIncrease}'`);
    flags.maxMonthlyIncrease = value;
  }
  return flags;
}

/** The findings the change adds, with their sites in the head, for SARIF. */
export function newFindings(diff: CostDiff, head: Report): SarifFinding[] {
  const added = new Set(diff.findings.new.map(({ siteId, rule }) => `${siteId}\n${rule}`));
  return reportSarifFindings(head).filter(({ site, finding }) => site !== undefined && added.has(`${site.id}\n${finding.rule}`));
}

const isEmpty = (report: Report) => report.sites.length === 0;
const unreadInput = (report: Report) => report.skipped.some((skipped) => skipped.cause === 'unreadable');

/** A path as the repository knows it: relative to its root, `/` separators; a usage error outside it. */
function repositoryPath(root: string, target: string): string {
  const relative = path.relative(fs.realpathSync(root), realOrResolved(target));
  if (relative.startsWith('..') || path.isAbsolute(relative))
    throw new UsageError(`${target} is outside the git repository at ${root}: diff compares files of one repository`);
  return relative.split(path.sep).join('/');
}

/** The real path of a target (a path the working tree lacks is resolved as written: it may exist at a commit). */
function realOrResolved(target: string): string {
  try {
    return fs.realpathSync(target);
  } catch {
    // Not on disk: only the commits may have it.
    return path.resolve(target);
  }
}

/** Keeps a path the commit has; makes a folder it lacks (when the working tree has one there), and drops a file it lacks. */
function existsOrFolder(inCommit: string, asTyped: string): boolean {
  if (fs.existsSync(inCommit)) return true;
  const folder = asTyped === '.' || (fs.existsSync(asTyped) && fs.statSync(asTyped).isDirectory());
  if (folder) fs.mkdirSync(inCommit, { recursive: true });
  return folder;
}

/** `--top N`: a whole number of rows above 0. */
function parseTop(text: string): number {
  const value = /^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!Number.isSafeInteger(value) || value < 1) throw new UsageError(`--top must be a whole number of sites, 1 or more, such as 20, not '${text}'`);
  return value;
}
