import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  findingAnnotations,
  reportSarifFindings,
  toDiffJson,
  toDiffTable,
  toJsonReport,
  toMarkdownReport,
  toSarifReport,
  toTableReport,
  workflowCommand,
} from '../core';
import { compareWithBase, diffExitCode, diffMarkdownWithPolicy, diffRunAnnotations, newFindings, type DiffRun } from '../cli/diffCommand';
import { analyzePaths, DEFAULT_ASSUMED_MODEL, emptyResult } from '../cli/estimateCommand';
import { EXIT_INTERNAL_ERROR, EXIT_OK, EXIT_USAGE, UsageError } from '../cli/exitCodes';
import { fromRoot, printForGitHub } from '../cli/githubOutput';
import { CLI_VERSION } from '../cli/version';
import { readInputs, type ActionInputs } from './actionInputs';
import { setOutput } from './actionOutputs';
import { fetchBaseIfMissing } from './baseCommit';
import { readRunContext, type RunContext } from './githubEvent';
import { GitHubApiError, postDiffComment } from './pullRequestComment';

/**
 * The GitHub Action (action.yml): on a pull request, the cost diff against its base — printed,
 * annotated, in the job summary, in one pull-request comment kept current — and the exit code of
 * the policy. Without a base (a push), the estimate alone.
 */
async function main(): Promise<number> {
  const inputs = readInputs(process.env);
  const context = readRunContext(process.env);
  if (process.env.GITHUB_WORKSPACE) process.chdir(process.env.GITHUB_WORKSPACE);
  const base = inputs.base ?? context.pullRequest?.baseSha;
  if (base === undefined) return estimateOnly(inputs);
  if (inputs.base === undefined) fetchBaseIfMissing(base);
  const run = await compareWithBase({
    paths: inputs.paths,
    model: DEFAULT_ASSUMED_MODEL,
    base,
    format: 'github',
    failOn: inputs.failOn,
    maxMonthlyIncrease: inputs.maxMonthlyIncrease,
  });
  const markdown = diffMarkdownWithPolicy(run, undefined);
  printForGitHub(toDiffTable(run.diff), diffRunAnnotations(run), markdown);
  const reportPath = writeReport('promptcost-diff.json', { ...toDiffJson(run.diff), policy: { passed: run.breaches.length === 0, reasons: run.breaches } });
  if (inputs.sarif) writeSarif(inputs.sarif, toSarifReport(newFindings(run.diff, run.head.report), { version: CLI_VERSION }));
  setOutput('monthly-cost', String(run.diff.totalMonthlyCost));
  setOutput('monthly-diff', String(run.diff.diffTotalMonthlyCost));
  setOutput('report-path', reportPath);
  await comment(inputs, context, run, markdown);
  return diffExitCode(run, {});
}

/** No base to compare with: the estimate, its findings as annotations, the report in the summary. */
async function estimateOnly(inputs: ActionInputs): Promise<number> {
  console.log('No base to compare with (not a pull request, and no base input): the estimate alone.');
  const options = { paths: inputs.paths, model: DEFAULT_ASSUMED_MODEL, noCache: true };
  const { report, configProblems, root } = await analyzePaths(options);
  printForGitHub(toTableReport(report), fromRoot(root, findingAnnotations(reportSarifFindings(report))), toMarkdownReport(report));
  const reportPath = writeReport('promptcost-estimate.json', toJsonReport(report));
  if (inputs.sarif) writeSarif(inputs.sarif, toSarifReport(reportSarifFindings(report), { version: CLI_VERSION }));
  setOutput('monthly-cost', String(report.totals.monthlyCost));
  setOutput('monthly-diff', '');
  setOutput('report-path', reportPath);
  const unread = report.skipped.some((skipped) => skipped.cause === 'unreadable');
  return unread || configProblems.length > 0 || emptyResult(report, options) ? EXIT_USAGE : EXIT_OK;
}

/** The pull-request comment, per the `comment` input; a fork's read-only token or a refused call falls back to the summary, said as a warning. */
async function comment(inputs: ActionInputs, context: RunContext, run: DiffRun, markdown: string): Promise<void> {
  const pull = context.pullRequest;
  if (pull === undefined || inputs.comment === 'off') return;
  const say = (level: 'notice' | 'warning', message: string) => console.log(workflowCommand({ level, title: 'Prompt Cost', message, weight: 0 }));
  if (pull.fromFork) {
    say('notice', 'This pull request comes from a fork, whose token cannot write comments: the cost diff is in the job summary.');
    return;
  }
  if (!inputs.token || !context.repository) {
    say('warning', 'No github-token or GITHUB_REPOSITORY: the cost diff is in the job summary, not in a comment.');
    return;
  }
  const { diff, breaches } = run;
  const hasNews = diff.sites.some((site) => site.status !== 'unchanged') || diff.findings.new.length + diff.findings.fixed.length + breaches.length > 0;
  try {
    const target = { apiUrl: context.apiUrl, repository: context.repository, pullRequest: pull.number, token: inputs.token };
    const result = await postDiffComment(target, markdown, inputs.comment, hasNews);
    console.log(result.action === 'skipped' ? `No comment: ${result.why}.` : `Comment ${result.action}: ${result.url ?? `#${result.id}`}`);
  } catch (error) {
    const hint = error instanceof GitHubApiError && (error.status === 403 || error.status === 404) ? ' (the job needs permissions: pull-requests: write)' : '';
    say('warning', `Could not post the cost diff on the pull request${hint}: ${(error as Error).message}. It is in the job summary.`);
  }
}

/** A JSON file in the runner's temporary folder; its path is the `report-path` output. */
function writeReport(name: string, content: object): string {
  const file = path.join(process.env.RUNNER_TEMP || os.tmpdir(), name);
  fs.writeFileSync(file, `${JSON.stringify(content, null, 2)}\n`);
  return file;
}

function writeSarif(file: string, sarif: object): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(sarif, null, 2)}\n`);
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const usage = error instanceof UsageError;
    const message = usage ? (error as Error).message : `internal error: ${error instanceof Error && error.stack ? error.stack : String(error)}`;
    console.log(workflowCommand({ level: 'error', title: 'Prompt Cost', message, weight: 0 }));
    process.exitCode = usage ? EXIT_USAGE : EXIT_INTERNAL_ERROR;
  },
);
