import * as fs from 'fs';
import {
  chooseTokenizer,
  createEngine,
  describeSplitRun,
  describeTokenizer,
  formatCount,
  formatTokens,
  looksBinary,
  MAX_COUNTABLE_CHARS,
  readRegularFile,
  tokenizerId,
} from '../core';
import { EXIT_OK, EXIT_USAGE, UsageError } from './exitCodes';

export interface CountOptions {
  files: string[];
  model: string;
  format: string;
}

interface FileCount {
  file: string;
  tokens: number;
  /** The lowest and highest count an estimate by kind of text allows (Claude); absent otherwise. */
  range?: [number, number];
}

/** `promptcost count`: tokens of each file's raw text and in total; unreadable files are reported and make the exit code 2. */
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
    const text = await readText(file);
    if (typeof text !== 'string') {
      console.error(`promptcost: ${file}: ${text.problem}`);
      failed = true;
      continue;
    }
    try {
      const count = await engine.countText(text, options.model);
      counted.push(
        count.range[0] === count.tokens && count.range[1] === count.tokens
          ? { file, tokens: count.tokens }
          : { file, tokens: count.tokens, range: count.range },
      );
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
    const ranged = counted.some((c) => c.range);
    const totalRange = ranged ? { totalRange: [0, 1].map((end) => counted.reduce((sum, c) => sum + (c.range?.[end] ?? c.tokens), 0)) } : {};
    console.log(
      JSON.stringify(
        { model: options.model, tokenizer: tokenizerId(tokenizer), encoding: tokenizer.encoding, exact, files: counted, total, ...totalRange },
        null,
        2,
      ),
    );
  } else if (counted.length > 0) {
    printTable(counted, total, exact, options.model);
    console.log(describeTokenizer(tokenizer));
    if (longestSplitRun > 0) console.log(describeSplitRun(longestSplitRun));
    console.log(COUNT_NOTE);
  }
  return failed ? EXIT_USAGE : EXIT_OK;
}

/** What `count` counts, under its table: not the prompt as sent, which `estimate` prices. */
const COUNT_NOTE = "Counted: each file's raw text, every character as one message, without chat framing. For a prompt as it is sent, run promptcost estimate.";

function printTable(counted: FileCount[], total: number, exact: boolean, model: string): void {
  const range = (c: { range?: [number, number] }) => (c.range ? ` (${formatCount(c.range[0])}–${formatCount(c.range[1])})` : '');
  const rows = counted.map((c) => [formatTokens(c.tokens, exact) + range(c), c.file]);
  const totalRange: [number, number] = [0, 1].map((end) => counted.reduce((sum, c) => sum + (c.range?.[end] ?? c.tokens), 0)) as [number, number];
  rows.push([formatTokens(total, exact) + range(counted.some((c) => c.range) ? { range: totalRange } : {}), `total · ${model}`]);
  const width = Math.max('tokens'.length, ...rows.map(([tokens]) => tokens.length));
  console.log(`${'tokens'.padStart(width)}  file`);
  for (const [tokens, label] of rows) console.log(`${tokens.padStart(width)}  ${label}`);
}

/**
 * Above this many bytes a file holds more than MAX_COUNTABLE_CHARS UTF-16 units whatever its
 * characters (UTF-8 takes at most 3 bytes per unit), so it is refused before it is read.
 */
const MAX_COUNT_BYTES = 3 * MAX_COUNTABLE_CHARS;

/** The file's text, or why it cannot be counted (missing, a folder, a named pipe or device, too large, binary). */
async function readText(file: string): Promise<string | { problem: string }> {
  try {
    if (fs.statSync(file).isDirectory()) return { problem: 'is a folder; count takes files' };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { problem: code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : `cannot be read (${code ?? error})` };
  }
  const data = await readRegularFile(file, MAX_COUNT_BYTES);
  if (!ArrayBuffer.isView(data)) {
    return { problem: data.cause === 'too-large' ? `larger than ${MAX_COUNT_BYTES.toLocaleString('en-US')} bytes; too large to count` : data.reason };
  }
  if (looksBinary(data)) return { problem: 'looks binary; only text files are counted' };
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8');
}
