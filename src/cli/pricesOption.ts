import * as path from 'path';
import { PRICE_DATA, readPricesFile, stalePricesWarning, type PricesFileRef } from '../core';
import { UsageError } from './exitCodes';

/**
 * `--prices FILE`: the price file read and checked before anything is analysed, so that a missing
 * file, broken JSON or a wrong shape stops the run with one line (exit 2), never with $0 prices.
 * A relative path is taken from the current folder and named as typed.
 */
export function pricesOption(given: string | undefined): PricesFileRef | undefined {
  if (given === undefined) return undefined;
  if (given.trim() === '') throw new UsageError('--prices needs a price file, such as prices.json (the data.json of @pydantic/genai-prices)');
  const read = readPricesFile(path.resolve(given), given);
  if ('problem' in read) throw new UsageError(`--prices ${read.problem}`);
  return read.file.ref;
}

/**
 * The day the run counts prices' age from: today (UTC), or `PROMPTCOST_TODAY` (YYYY-MM-DD) when set,
 * so that a run, and the tests of the stale-prices warning, can be pinned to a day.
 */
export function runDay(env: NodeJS.ProcessEnv = process.env): Date {
  const pinned = env.PROMPTCOST_TODAY;
  if (pinned === undefined || pinned === '') return new Date();
  const day = /^\d{4}-\d{2}-\d{2}$/.test(pinned) ? new Date(`${pinned}T00:00:00Z`) : new Date(NaN);
  if (Number.isNaN(day.getTime())) throw new UsageError(`PROMPTCOST_TODAY must be a date such as 2026-12-23, not '${pinned}'`);
  return day;
}

/** The stale-prices line for stderr (never stdout, which may be JSON), or undefined when the prices in use are recent. */
export function stalePricesLine(pricesFile: PricesFileRef | undefined, today: Date): string | undefined {
  return stalePricesWarning(pricesFile?.asOf ?? PRICE_DATA.asOf, today);
}
