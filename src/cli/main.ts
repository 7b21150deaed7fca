import { parseCommand, type CommandOptions } from './args';
import { runCheck } from './checkCommand';
import { runCount } from './countCommand';
import { runDiff } from './diffCommand';
import { DEFAULT_ASSUMED_MODEL, runEstimate } from './estimateCommand';
import { EXIT_INTERNAL_ERROR, EXIT_USAGE, UsageError } from './exitCodes';
import { pricesOption, runDay, stalePricesLine } from './pricesOption';
import { nearest, type PricesFileRef } from '../core';

import { CLI_VERSION } from './version';

const HELP = `promptcost — what your prompts and LLM calls cost, before they run

Usage:
  promptcost estimate [paths…] [--format table|json|markdown|csv|sarif|github] [--top N] [--model ID] [--calls N] [--config FILE] [--prices FILE] [--read-dotenv] [--cache-dir DIR] [--no-cache] [--explain-misses] [--verbose]
      Cost per call and per month of every prompt file (.prompty, .prompt.yml, .prompt.md, .prompt)
      and every LLM call in TypeScript, JavaScript and Python code (OpenAI, Anthropic, Google, AWS
      Bedrock, Mistral, LiteLLM, LangChain, the AI SDK, …) under the paths (default: the current
      folder): a call is read with its messages, model and options, as it is sent. Volumes, variable
      sizes, deployments, prices and environment values come from
      promptcost.yaml in the scanned folder; environment values also from its .env.example,
      .env.sample and .env.template (and .env with --read-dotenv).
      Files that are not read (binary, over 1 MB, not a regular file, a link out of the folder) are
      listed with the reason.
      --explain-misses: also list calls on an LLM SDK that were not read (a shape not known yet)
      --model: the model assumed for prompts and calls that name none (default gpt-4o-mini); a call
               to another provider stays unpriced unless promptcost.yaml sets defaults.model for it
      --calls: calls a month for prompts promptcost.yaml says nothing about (default 10000)
      --top: show only the N most expensive sites in the table or Markdown (the total counts them
             all; the JSON and CSV list every site)
      --format csv: one row per site with raw numbers, for spreadsheets
      --format sarif: every finding as SARIF 2.1.0, for code scanning (github/codeql-action/upload-sarif)
      --format github: the table, then the findings as GitHub Actions annotations (most expensive
               first, 10 of a level, as GitHub shows), and the Markdown report added to the job
               summary ($GITHUB_STEP_SUMMARY)

  promptcost check [paths…] [--max-monthly USD] [--fail-on warning|error] [--format text|json|sarif|github] [--model ID] [--calls N] [--config FILE] [--prices FILE] [--read-dotenv] [--cache-dir DIR] [--no-cache] [--verbose]
      The same analysis as estimate, as a gate for CI: fails (exit 1) when the monthly total is over
      --max-monthly, or when a finding is at or above --fail-on (default error; warning also fails on
      errors). Prints each reason on its own line, then a one-line summary. Rule severities come
      from rules: in promptcost.yaml, and its policy: also fails on a site over maxSiteMonthly or,
      with blockUnknownModels, on a site without a known price. It never passes on part of the
      input: anything left out (a skipped file, a path that cannot be read, an internal error, a
      broken promptcost.yaml) is listed and exits 2.
      --max-monthly: the budget in USD a month, e.g. 2000 (default: policy.maxMonthly, else none)
      --fail-on: default policy.failOn, else error
      --format sarif: the findings as SARIF 2.1.0 (the verdict is the exit code)
      --format json: the estimate JSON plus "check": { passed, complete, failOn, maxMonthly, reasons, incompleteBecause }
      --format github: the text, then annotations (findings at their severity, each reason to fail
               as an error) and the verdict with the report in the job summary

  promptcost diff [paths…] --base REF [--head REF] [--format table|json|markdown|sarif|github] [--top N] [--fail-on warning|error] [--max-monthly-increase USD] [--allow-empty] [--model ID] [--calls N] [--config FILE] [--prices FILE] [--read-dotenv] [--verbose]
      What a change does to the monthly cost: the paths analysed at the base commit and at the head
      (the working tree, or --head), each with its own promptcost.yaml, sites matched by id (then by
      what they send, when a call moved or its function was renamed), each changed site with why
      (model gpt-4o → gpt-4.1, prompt +812 tokens, cap removed, …), and the findings the change adds
      and fixes. The commits are read from git's object store: the working tree, the index and the
      branches are never touched. Unpriced sites are listed and never counted as $0.
      --base: the branch, tag or commit to compare with, such as origin/main or HEAD~1
      --format markdown: a pull-request comment (changed sites first, the rest folded); json: the
               fields Infracost's diff uses (pastTotalMonthlyCost, totalMonthlyCost, diffTotalMonthlyCost, sites[].status)
      --top: changed sites shown before the rest is folded (Markdown: 20 by default)
      --format sarif: the findings the change adds, as SARIF 2.1.0
      --format github: the table, then annotations (each site whose month moved as a notice, new
               findings at their severity, policy breaches as errors) and the Markdown in the job summary
      --allow-empty: exit 0 when neither side has a prompt file or an LLM call (by default exit 2:
               a mistyped path must not pass CI at $0.00)
      Fails (exit 1) when the change breaks policy: in promptcost.yaml (maxMonthly,
      maxMonthlyIncrease, maxIncreasePercent, maxSiteMonthly, blockUnknownModels, failOn), each
      reason on its own line; --fail-on and --max-monthly-increase win over it.

  promptcost count <file…> [--model ID] [--format table|json]
      Tokens in each file's raw text and the total, for one model (default gpt-4o-mini): every
      character of the file (front matter, template syntax and comments included) counted as one
      message, without chat framing. For what a prompt costs as it is sent (its messages, variables
      and framing), use estimate.
      Counts are exact for OpenAI models and estimated (≈) for families without a public tokenizer.

Options:
  --prices FILE   estimate, check, diff: prices from FILE, in the format of @pydantic/genai-prices'
                  data.json (a list of providers with their models and prices), for the models it
                  lists; the bundled price data for the rest. Nothing is fetched from the network.
                  When the prices in use are more than 90 days old, a warning on stderr says so.
  --allow-empty   estimate, check, diff: exit 0 when the paths hold no prompt file and no LLM call
                  (by default exit 2: a mistyped or wrong path must not pass CI at $0.00)
  --read-dotenv   also read .env for environment values (off by default: it holds secrets; the
                  values are only used to resolve env reads, and nothing leaves the machine)
  --cache-dir DIR keep the analyses of estimate and check in DIR between runs (default:
                  .promptcost-cache in the scanned folder): a run on a tree where no file changed,
                  with the same settings, reads the files instead of analysing them again; any
                  change under the folder analyses everything again
  --no-cache      neither read nor write the cache
  --verbose       log what the engine does to stderr (files analysed and how long each took,
                  skipped files, internal errors with their stacks)
  -h, --help      show this help
  -v, --version   show the version

Exit codes: 0 success · 1 check failed · 2 bad arguments, a file that could not be read, or an invalid promptcost.yaml
(check: anything left out) · 3 internal error`;

/** What `estimate` and `check` both take: the analysis is the same. */
const ANALYSIS_OPTIONS = {
  model: { type: 'string', value: 'a model id, e.g. gpt-4o-mini' },
  calls: { type: 'string', value: 'calls a month, such as 30000' },
  config: { type: 'string', value: 'a settings file, such as promptcost.yaml' },
  prices: { type: 'string', value: 'a price file, such as prices.json (the data.json of @pydantic/genai-prices)' },
  verbose: { type: 'boolean' },
  'read-dotenv': { type: 'boolean' },
  'cache-dir': { type: 'string', value: 'a folder for the analysis cache, such as .promptcost-cache' },
  'no-cache': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies CommandOptions;

/** Each command's options; `--help` and `--version` before a command are handled apart. */
const COMMANDS = {
  estimate: {
    format: { type: 'string', value: 'table, json, markdown, csv, sarif or github' },
    top: { type: 'string', value: 'how many sites to show, such as 10' },
    'explain-misses': { type: 'boolean' },
    'allow-empty': { type: 'boolean' },
    ...ANALYSIS_OPTIONS,
  },
  check: {
    format: { type: 'string', value: 'text, json, sarif or github' },
    'max-monthly': { type: 'string', value: 'a budget in USD a month, such as 2000' },
    'fail-on': { type: 'string', value: 'warning or error' },
    'allow-empty': { type: 'boolean' },
    ...ANALYSIS_OPTIONS,
  },
  diff: {
    base: { type: 'string', value: 'a branch, tag or commit, such as origin/main' },
    head: { type: 'string', value: 'a branch, tag or commit (default: the working tree)' },
    format: { type: 'string', value: 'table, json, markdown, sarif or github' },
    top: { type: 'string', value: 'how many changed sites to show, such as 20' },
    'allow-empty': { type: 'boolean' },
    'fail-on': { type: 'string', value: 'warning or error' },
    'max-monthly-increase': { type: 'string', value: 'USD a month, such as 100' },
    ...ANALYSIS_OPTIONS,
  },
  count: {
    model: { type: 'string', value: 'a model id, e.g. gpt-4o-mini' },
    format: { type: 'string', value: 'table or json' },
    help: { type: 'boolean', short: 'h' },
  },
} as const satisfies Record<string, CommandOptions>;

type Command = keyof typeof COMMANDS;

const GLOBAL_OPTIONS = ['help', 'version'];

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    console.log(HELP);
    return command === undefined ? EXIT_USAGE : 0;
  }
  if (command === '-v' || command === '--version') {
    console.log(CLI_VERSION);
    return 0;
  }
  if (!Object.hasOwn(COMMANDS, command)) throw new UsageError(unknownCommand(command));
  const { values, positionals } = parseCommand(command, rest, COMMANDS[command as Command], COMMANDS);
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const model = text('model') ?? DEFAULT_ASSUMED_MODEL;
  if (command === 'count') return runCount({ files: positionals, model, format: text('format') ?? 'table' });
  // Read before anything is analysed: a bad price file is a usage error, never $0 prices.
  const pricesFile = pricesOption(text('prices'));
  const stale = stalePricesLine(pricesFile, runDay());
  const code = await runAnalysis(command as Exclude<Command, 'count'>, values, positionals, model, pricesFile);
  // The age of the prices in use, once on stderr (stdout may be JSON), after the run's own output:
  // a usage error found by the command itself is not buried under it.
  if (stale) console.error(stale);
  return code;
}

/** estimate, check or diff, with what they share. */
function runAnalysis(
  command: Exclude<Command, 'count'>,
  values: Record<string, string | boolean | undefined>,
  positionals: string[],
  model: string,
  pricesFile: PricesFileRef | undefined,
): Promise<number> {
  const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const analysis = {
    paths: positionals,
    model,
    calls: text('calls'),
    config: text('config'),
    pricesFile,
    readDotEnv: values['read-dotenv'] === true,
    verbose: values.verbose === true,
    cacheDir: text('cache-dir'),
    noCache: values['no-cache'] === true,
  };
  if (command === 'estimate') {
    return runEstimate({
      ...analysis,
      format: text('format') ?? 'table',
      top: text('top'),
      explainMisses: values['explain-misses'] === true,
      allowEmpty: values['allow-empty'] === true,
    });
  }
  if (command === 'diff') {
    return runDiff({
      ...analysis,
      base: text('base'),
      head: text('head'),
      format: text('format') ?? 'table',
      top: text('top'),
      allowEmpty: values['allow-empty'] === true,
      failOn: text('fail-on'),
      maxMonthlyIncrease: text('max-monthly-increase'),
    });
  }
  return runCheck({
    ...analysis,
    format: text('format') ?? 'text',
    maxMonthly: text('max-monthly'),
    failOn: text('fail-on'),
    allowEmpty: values['allow-empty'] === true,
  });
}

/** An unknown command, with the one meant when it is close (or the option meant, for `--hlep`). */
function unknownCommand(command: string): string {
  if (command.startsWith('--')) {
    const option = nearest(command.slice(2), GLOBAL_OPTIONS);
    return option === undefined ? `unknown command '${command}'` : `Unknown option ${command}. Did you mean --${option}?`;
  }
  const suggestion = nearest(command, [...Object.keys(COMMANDS), 'help']);
  return suggestion === undefined ? `unknown command '${command}'` : `Unknown command "${command}". Did you mean "${suggestion}"?`;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof UsageError) {
      console.error(`promptcost: ${message}`);
      console.error("Run 'promptcost --help' for usage.");
      process.exitCode = EXIT_USAGE;
      return;
    }
    console.error(`promptcost: internal error: ${error instanceof Error && error.stack ? error.stack : message}`);
    process.exitCode = EXIT_INTERNAL_ERROR;
  },
);
