import * as fs from 'fs';
import { chooseTokenizer, createEngine, describeSplitRun, describeTokenizer, formatTokens } from '../core';
import { EXIT_OK, EXIT_USAGE, UsageError } from './exitCodes';

export interface CountOptions {
  files: string[];
  model: string;
  format: string;
}

interface FileCount {
  file: string;
  tokens: number;
}

/** `promptcost count`: tokens per file and in total; unreadable files are reported and make the exit code 2. */
export async function runCount(options: CountOptions): Promise<number> {
  if (options.files.length === 0) throw new UsageError('count needs at least one file');
  if (options.format !== 'table' && options.format !== 'json') {
    throw new UsageError(`--format must be table or json, not '${options.format}'`);
  }
  if (options.model.trim() === '') throw new UsageError('--model needs a model id, e.g. gpt-4o-mini');

  const engine = createEngine();
  const tokenizer = chooseTokenizer(options.model);
  const counted: FileCount[] = [];
  let longestSplitRun = 0;
  let failed = false;
  for (const file of options.files) {
    const text = readText(file);
    if (typeof text !== 'string') {
      console.error(`promptcost: ${file}: ${text.problem}`);
      failed = true;
      continue;
    }
    try {
      const count = await engine.countText(text, options.model);
      counted.push({ file, tokens: count.tokens });
      longestSplitRun = Math.max(longestSplitRun, count.longestSplitRun);
    } catch (error) {
      console.error(`promptcost: ${file}: ${error instanceof Error ? error.message : String(error)}`);
      failed = true;
    }
  }
  engine.dispose();

  const total = counted.reduce((sum, c) => sum + c.tokens, 0);
  const exact = tokenizer.exact && longestSplitRun === 0;
  if (options.format === 'json') {
    console.log(JSON.stringify({ model: options.model, encoding: tokenizer.encoding, exact, files: counted, total }, null, 2));
  } else if (counted.length > 0) {
    printTable(counted, total, exact, options.model);
    console.log(describeTokenizer(tokenizer));
    if (longestSplitRun > 0) console.log(describeSplitRun(longestSplitRun));
  }
  return failed ? EXIT_USAGE : EXIT_OK;
}

function printTable(counted: FileCount[], total: number, exact: boolean, model: string): void {
  const rows = counted.map((c) => [formatTokens(c.tokens, exact), c.file]);
  rows.push([formatTokens(total, exact), `total · ${model}`]);
  const width = Math.max('tokens'.length, ...rows.map(([tokens]) => tokens.length));
  console.log(`${'tokens'.padStart(width)}  file`);
  for (const [tokens, label] of rows) console.log(`${tokens.padStart(width)}  ${label}`);
}

/** The file's text, or why it cannot be counted (missing, a folder, binary). */
function readText(file: string): string | { problem: string } {
  let data: Buffer;
  try {
    if (fs.statSync(file).isDirectory()) return { problem: 'is a folder; count takes files' };
    data = fs.readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { problem: code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : `cannot be read (${code ?? error})` };
  }
  // A NUL byte in the first 8 KB is how git and most editors tell binary from text.
  if (data.subarray(0, 8192).includes(0)) return { problem: 'looks binary; only text files are counted' };
  return data.toString('utf8');
}
