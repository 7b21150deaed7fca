/** Number formatting shared by the editor and the CLI, so both show the same figures. */

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** `1,234`, or `≈1,234` when the count is an estimate. */
export function formatTokens(tokens: number, exact: boolean): string {
  return `${exact ? '' : '≈'}${integer.format(tokens)}`;
}
