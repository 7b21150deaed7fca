import { parseArgs } from 'util';
import { runCheck } from './checkCommand';
import { runCount } from './countCommand';
import { runEstimate } from './estimateCommand';
import { EXIT_INTERNAL_ERROR, EXIT_USAGE, UsageError } from './exitCodes';

/** Replaced by esbuild with package.json's version. */
declare const PROMPTCOST_VERSION: string;

const HELP = `promptcost — what your prompts and LLM calls cost, before they run

Usage:
  promptcost estimate [paths…] [--format table|json|markdown] [--model ID] [--calls N] [--config FILE] [--read-dotenv] [--explain-misses] [--verbose]
      Cost per call and per month of every prompt file and LLM call under the paths (default: the
      current folder). Volumes, variable sizes, deployments, prices and environment values come from
      promptcost.yaml in the scanned folder; environment values also from its .env.example,
      .env.sample and .env.template (and .env with --read-dotenv).
      Files that are not read (binary, over 1 MB, not a regular file, a link out of the folder) are
      listed with the reason.
      --explain-misses: also list calls on an LLM SDK that were not read (a shape not known yet)
      --model: the model assumed for prompts and calls that name none (default gpt-4o-mini); a call
               to another provider stays unpriced unless promptcost.yaml sets defaults.model for it
      --calls: calls a month for prompts promptcost.yaml says nothing about (default 10000)

  promptcost check [paths…] [--max-monthly USD] [--fail-on warning|error] [--format text|json] [--model ID] [--calls N] [--config FILE] [--read-dotenv] [--verbose]
      The same analysis as estimate, as a gate for CI: fails (exit 1) when the monthly total is over
      --max-monthly, or when a finding is at or above --fail-on (default error; warning also fails on
      errors). Prints each reason on its own line, then a one-line summary. Rule severities come
      from rules: in promptcost.yaml. It never passes on part of the input: anything left out (a
      skipped file, a path that cannot be read, an internal error, a broken promptcost.yaml) is
      listed and exits 2.
      --max-monthly: the budget in USD a month, e.g. 2000 (default: none)
      --format json: the estimate JSON plus "check": { passed, complete, failOn, maxMonthly, reasons, incompleteBecause }

  promptcost count <file…> [--model ID] [--format table|json]
      Token count of each file and the total, for one model (default gpt-4o-mini).
      Counts are exact for OpenAI models and estimated (≈) for families without a public tokenizer.

Options:
  --read-dotenv   also read .env for environment values (off by default: it holds secrets; the
                  values are only used to resolve env reads, and nothing leaves the machine)
  --verbose       log what the engine does to stderr (files analysed and how long each took,
                  skipped files, internal errors with their stacks)
  -h, --help      show this help
  -v, --version   show the version

Exit codes: 0 success · 1 check failed · 2 bad arguments, a file that could not be read, or an invalid promptcost.yaml
(check: anything left out) · 3 internal error`;

/** What `estimate` and `check` both take: the analysis is the same. */
const ANALYSIS_OPTIONS = {
  model: { type: 'string', default: 'gpt-4o-mini' },
  calls: { type: 'string' },
  config: { type: 'string' },
  verbose: { type: 'boolean' },
  'read-dotenv': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    console.log(HELP);
    return command === undefined ? EXIT_USAGE : 0;
  }
  if (command === '-v' || command === '--version') {
    console.log(PROMPTCOST_VERSION);
    return 0;
  }
  if (command === 'count') {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        model: { type: 'string', default: 'gpt-4o-mini' },
        format: { type: 'string', default: 'table' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      console.log(HELP);
      return 0;
    }
    return runCount({ files: positionals, model: values.model ?? 'gpt-4o-mini', format: values.format ?? 'table' });
  }
  if (command === 'estimate') {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { format: { type: 'string', default: 'table' }, 'explain-misses': { type: 'boolean' }, ...ANALYSIS_OPTIONS },
    });
    if (values.help) {
      console.log(HELP);
      return 0;
    }
    return runEstimate({
      paths: positionals,
      format: values.format ?? 'table',
      model: values.model ?? 'gpt-4o-mini',
      calls: values.calls,
      config: values.config,
      readDotEnv: values['read-dotenv'],
      verbose: values.verbose,
      explainMisses: values['explain-misses'],
    });
  }
  if (command === 'check') {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'text' },
        'max-monthly': { type: 'string' },
        'fail-on': { type: 'string', default: 'error' },
        ...ANALYSIS_OPTIONS,
      },
    });
    if (values.help) {
      console.log(HELP);
      return 0;
    }
    return runCheck({
      paths: positionals,
      format: values.format ?? 'text',
      model: values.model ?? 'gpt-4o-mini',
      calls: values.calls,
      config: values.config,
      readDotEnv: values['read-dotenv'],
      verbose: values.verbose,
      maxMonthly: values['max-monthly'],
      failOn: values['fail-on'] ?? 'error',
    });
  }
  throw new UsageError(`unknown command '${command}'`);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    // parseArgs reports unknown options and missing values with its own error codes.
    const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    if (usage) {
      console.error(`promptcost: ${message}`);
      console.error("Run 'promptcost --help' for usage.");
      process.exitCode = EXIT_USAGE;
      return;
    }
    console.error(`promptcost: internal error: ${error instanceof Error && error.stack ? error.stack : message}`);
    process.exitCode = EXIT_INTERNAL_ERROR;
  },
);
