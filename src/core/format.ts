/** Number formatting shared by the editor, the report and the CLI, so all show the same figures. */

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const cents = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** `1,234`, or `≈1,234` when the count is an estimate. */
export function formatTokens(tokens: number, exact: boolean): string {
  return `${exact ? '' : '≈'}${integer.format(tokens)}`;
}

export function formatCount(value: number): string {
  return integer.format(value);
}

/** `30k`, `1.5M`: compact call volumes for CodeLens titles. */
export function formatCompact(value: number): string {
  return new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 }).format(value).replace('K', 'k');
}

/**
 * Monthly and total amounts: to the cent, `$1,234.56`. An amount that is not zero but rounds to
 * zero cents shows its first two significant digits (`$0.0040`): `$0.00` would read as free.
 */
export function formatMonthly(usd: number): string {
  if (usd > 0 && roundCents(usd) === 0) return `$${usd.toFixed(significantDecimals(usd))}`;
  return cents.format(roundCents(usd));
}

/** A sum shown to the cent, or — when its parts were each below a cent — their exact sum, never `$0.00` for a cost. */
export function formatTotal(roundedSum: number, exactSum: number): string {
  return formatMonthly(roundedSum === 0 ? exactSum : roundedSum);
}

/** Decimals that show two significant digits of an amount below a dollar (at most eight). */
function significantDecimals(usd: number): number {
  return Math.min(8, Math.max(2, 1 - Math.floor(Math.log10(usd))));
}

/**
 * Per-call amounts are often fractions of a cent: two significant digits below a dollar
 * (`$0.00020`, `$0.018`, `$0.31`), cents from a dollar up.
 */
export function formatPerCall(usd: number): string {
  const rounded = roundPerCall(usd);
  if (rounded === 0) return usd > 0 ? '<$0.00000001' : '$0.00';
  if (rounded >= 1) return cents.format(rounded);
  return `$${rounded.toFixed(significantDecimals(rounded))}`;
}

/** Money in reports and JSON: monthly figures to the cent. */
export function roundCents(usd: number): number {
  return Math.round(usd * 100) / 100;
}

/** Per-call figures keep eight decimals (a hundredth of a micro-dollar). */
export function roundPerCall(usd: number): number {
  return Math.round(usd * 1e8) / 1e8;
}
