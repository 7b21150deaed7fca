import type { PriceSource } from '../types';
import { PRICE_DATA } from './priceData';

/** The bundled price data as a source. */
export const BUNDLED_PRICE_SOURCE: Readonly<Extract<PriceSource, { kind: 'price-data' }>> = Object.freeze({
  kind: 'price-data',
  package: PRICE_DATA.package,
  version: PRICE_DATA.version,
  asOf: PRICE_DATA.asOf,
});

/** A `prices:` entry of promptcost.yaml as a source. */
export const OVERRIDE_PRICE_SOURCE: Readonly<Extract<PriceSource, { kind: 'override' }>> = Object.freeze({
  kind: 'override',
  file: 'promptcost.yaml',
});

/** One source in a few words: `@pydantic/genai-prices 0.1.8, 2026-09-23`, `promptcost.yaml prices`, `prices.json (2026-11-30)`. */
export function priceSourceText(source: PriceSource): string {
  if (source.kind === 'price-data') return `${source.package} ${source.version}, ${source.asOf}`;
  if (source.kind === 'override') return `${source.file} prices`;
  return `${source.file} (${source.asOf})`;
}

/** Days after its date that price data is called stale: providers change prices every few months. */
export const STALE_PRICES_AFTER_DAYS = 90;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Whether prices dated `asOf` (YYYY-MM-DD) are stale on `today` (its UTC day): more than
 * STALE_PRICES_AFTER_DAYS days before it. Data of 2026-09-23 is fresh on 2026-12-22 (90 days)
 * and stale from 2026-12-23 (91 days). An unreadable date is never called stale.
 */
export function pricesAreStale(asOf: string, today: Date): boolean {
  const dated = Date.parse(`${asOf}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(dated) || Number.isNaN(today.getTime())) return false;
  const day = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  return (day - dated) / DAY_MS > STALE_PRICES_AFTER_DAYS;
}

/** The CLI's one stderr line when the prices in use are stale (undefined when they are not). */
export function stalePricesWarning(asOf: string, today: Date): string | undefined {
  if (!pricesAreStale(asOf, today)) return undefined;
  return `promptcost: warning: prices are of ${asOf}, more than ${STALE_PRICES_AFTER_DAYS} days old; load newer ones with --prices FILE (a @pydantic/genai-prices data.json)`;
}

/**
 * The editor's words when the prices in use are stale: a short label for the status bar and the
 * sentence for its tooltip and the workspace total's; undefined when they are recent.
 */
export function stalePricesNote(asOf: string, today: Date): { label: string; sentence: string } | undefined {
  if (!pricesAreStale(asOf, today)) return undefined;
  return {
    label: `Prices of ${asOf}`,
    sentence: `The prices in use are of ${asOf}, more than ${STALE_PRICES_AFTER_DAYS} days old: providers may have changed them since. Load newer ones from a price file (the data.json of @pydantic/genai-prices) with "Prompt Cost: Use a Price File…".`,
  };
}
