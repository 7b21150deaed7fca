import * as fs from 'fs';
import * as path from 'path';
import {
  analyzeFile,
  DEFAULT_MONTHLY_CALLS,
  discoverCostFiles,
  EMPTY_PROJECT_CONFIG,
  InProcessEncoder,
  parseProjectConfig,
  PriceBook,
  PROJECT_CONFIG_FILE,
  scanFiles,
  toJsonReport,
  toMarkdownReport,
  toTableReport,
  TokenCounter,
  type ProjectConfig,
  type WorkspaceFile,
} from '../core';
import { EXIT_OK, EXIT_USAGE, UsageError } from './exitCodes';
import { fileSourceReader } from '../core/workspace/fileSourceReader';

export interface EstimateOptions {
  paths: string[];
  format: string;
  model: string;
  calls?: string;
  config?: string;
}

const FORMATS = ['table', 'json', 'markdown'];

/** `promptcost estimate`: every prompt site under the paths, per call and per month. */
export async function runEstimate(options: EstimateOptions): Promise<number> {
  if (!FORMATS.includes(options.format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not '${options.format}'`);
  if (options.model.trim() === '') throw new UsageError('--model needs a model id, e.g. gpt-4o-mini');
  const monthlyCalls = options.calls === undefined ? DEFAULT_MONTHLY_CALLS : Number(options.calls);
  if (!Number.isInteger(monthlyCalls) || monthlyCalls < 0) throw new UsageError(`--calls must be a whole number of calls a month, not '${options.calls}'`);

  const paths = options.paths.length > 0 ? options.paths : ['.'];
  let failed = false;
  for (const target of paths) {
    if (!fs.existsSync(target)) {
      console.error(`promptcost: ${target}: no such file or folder`);
      failed = true;
    }
  }
  const existing = paths.filter((target) => fs.existsSync(target));
  // One folder: it is the root (files and promptcost.yaml relative to it). Otherwise the current folder is.
  const root = existing.length === 1 && fs.statSync(existing[0]).isDirectory() ? existing[0] : '.';
  const files = collectFiles(existing, root);

  const { config, problems } = loadConfig(options.config ?? path.join(root, PROJECT_CONFIG_FILE), options.config !== undefined);
  for (const problem of problems) console.error(problem);
  if (problems.length > 0) failed = true;

  const context = { counter: new TokenCounter(new InProcessEncoder()), prices: new PriceBook(config.prices), project: config, defaultModel: options.model, monthlyCalls };
  const reader = fileSourceReader(root);
  const report = await scanFiles(files, { analyze: (text, file) => analyzeFile(text, file, context, reader) });
  for (const skipped of report.skipped) console.error(`promptcost: ${skipped.file}: ${skipped.reason}`);

  if (options.format === 'json') console.log(JSON.stringify(toJsonReport(report), null, 2));
  else if (options.format === 'markdown') console.log(toMarkdownReport(report));
  else console.log(toTableReport(report));
  return failed ? EXIT_USAGE : EXIT_OK;
}

function collectFiles(targets: string[], root: string): WorkspaceFile[] {
  const files: WorkspaceFile[] = [];
  for (const target of targets) {
    if (fs.statSync(target).isDirectory()) {
      const prefix = path.relative(root, target).split(path.sep).join('/');
      for (const file of discoverCostFiles(target)) files.push({ ...file, path: prefix ? `${prefix}/${file.path}` : file.path });
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
