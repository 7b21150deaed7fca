import * as crypto from 'crypto';
import * as fs from 'fs';
import { z } from 'zod';
import type { Provider } from '@pydantic/genai-prices';

/**
 * A price file the user gave (`--prices FILE`, `promptcost.pricesFile`), as the analysis settings
 * carry it to the engine worker: small and plain, so that it crosses threads and keys caches. The
 * worker reads the file again (`loadPricesFile`); `digest` makes a changed file another set of settings.
 */
export interface PricesFileRef {
  /** Absolute path on disk. */
  path: string;
  /** The path as the user gave it, for messages and `priceSource.file`. */
  shownAs: string;
  /** The file's date (YYYY-MM-DD, UTC, its last modification): the data format carries none. */
  asOf: string;
  /** SHA-256 of the file's text. */
  digest: string;
}

/** A price file read and checked: its providers, in @pydantic/genai-prices' own `Provider[]` shape. */
export interface LoadedPricesFile {
  ref: PricesFileRef;
  providers: Provider[];
}

/** A price file larger than this is not one (the package's full data.json is under 1 MB). */
export const MAX_PRICES_FILE_BYTES = 20_000_000;

const price = z.number({ error: 'must be a number' }).nonnegative({ error: 'cannot be negative' });
const tieredPrice = z.object({
  base: price,
  tiers: z.array(z.object({ start: z.number({ error: 'must be a number' }).int({ error: 'must be a whole number' }).nonnegative(), price })),
});
const modelPrice = z.record(z.string(), z.union([price, tieredPrice], { error: 'must be a price (USD per unit) or { base, tiers }' }));
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a date such as 2026-09-23' });
const constraint = z.union(
  [
    z.object({ start_date: date, type: z.literal('start_date').optional() }),
    z.object({ start_time: z.string(), end_time: z.string(), type: z.literal('time_of_date').optional() }),
  ],
  { error: 'must be { start_date } or { start_time, end_time }' },
);
type Match = { [key: string]: string | Match[] };
const match: z.ZodType<Match> = z.lazy(() =>
  z.union(
    [
      z.strictObject({ equals: z.string() }),
      z.strictObject({ starts_with: z.string() }),
      z.strictObject({ ends_with: z.string() }),
      z.strictObject({ contains: z.string() }),
      z.strictObject({ regex: z.string() }),
      z.strictObject({ or: z.array(match) }),
      z.strictObject({ and: z.array(match) }),
    ],
    { error: 'must be one of equals, starts_with, ends_with, contains, regex, or, and' },
  ),
);
const model = z.looseObject({
  id: z.string({ error: 'must be a model id' }).min(1),
  match,
  context_window: z.number().int().positive().optional(),
  prices: z.union([modelPrice, z.array(z.object({ constraint: constraint.optional(), prices: modelPrice })).min(1)], {
    error: 'must be prices per unit (input_mtok, output_mtok, …) or a list of { constraint, prices }',
  }),
});
const provider = z.looseObject({
  id: z.string({ error: 'must be a provider id such as "openai"' }).min(1),
  name: z.string({ error: 'must be a name' }),
  api_pattern: z.string({ error: 'must be a regular expression (a string)' }),
  model_match: match.optional(),
  provider_match: match.optional(),
  models: z.array(model, { error: 'must be a list of models' }),
});
/** @pydantic/genai-prices' data.json: a list of providers, each with its models and their prices. */
const PRICES_FILE_SCHEMA = z.array(provider, { error: 'must be a list of providers, as in @pydantic/genai-prices data.json' }).min(1, {
  error: 'has no providers',
});

/**
 * Checks the text of a price file: the providers, or one line saying what is wrong and where
 * (`[0].models[2].prices.input_mtok: cannot be negative`).
 */
export function parsePricesFile(text: string): { providers: Provider[] } | { problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { problem: `is not valid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const parsed = PRICES_FILE_SCHEMA.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)).join('');
    return { problem: where === '' ? issue.message : `${where.replace(/^\./, '')}: ${issue.message}` };
  }
  return { providers: parsed.data as unknown as Provider[] };
}

const loaded = new Map<string, { mtimeMs: number; size: number; file: LoadedPricesFile }>();

/**
 * Reads and checks a price file: the file (held until it changes on disk), or one line naming it and
 * what is wrong (`prices.json: no such file`). `absolutePath` is read; `shownAs` names it.
 */
export function readPricesFile(absolutePath: string, shownAs: string): { file: LoadedPricesFile } | { problem: string } {
  const fail = (what: string) => ({ problem: `${shownAs}: ${what}` });
  let stats: fs.Stats;
  try {
    stats = fs.statSync(absolutePath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return fail(code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : `cannot be read (${code ?? String(error)})`);
  }
  if (stats.isDirectory()) return fail('is a folder, not a price file');
  if (!stats.isFile()) return fail('is not a regular file');
  if (stats.size > MAX_PRICES_FILE_BYTES) return fail(`is larger than ${MAX_PRICES_FILE_BYTES / 1_000_000} MB`);
  const held = loaded.get(absolutePath);
  if (held && held.mtimeMs === stats.mtimeMs && held.size === stats.size && held.file.ref.shownAs === shownAs) return { file: held.file };
  let text: string;
  try {
    text = fs.readFileSync(absolutePath, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return fail(`cannot be read (${code ?? String(error)})`);
  }
  const parsed = parsePricesFile(text);
  if ('problem' in parsed) return fail(parsed.problem);
  const ref: PricesFileRef = {
    path: absolutePath,
    shownAs,
    asOf: stats.mtime.toISOString().slice(0, 10),
    digest: crypto.createHash('sha256').update(text).digest('hex'),
  };
  const file = { ref, providers: parsed.providers };
  loaded.set(absolutePath, { mtimeMs: stats.mtimeMs, size: stats.size, file });
  return { file };
}
