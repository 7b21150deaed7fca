/**
 * What a number read from a user's file must be before it reaches the arithmetic. A cap of `1e999`,
 * `-5` or `2.5` would otherwise become an infinite, negative or fractional token count, and the
 * price library throws on those.
 */

/** A count of tokens that can bound a reply: a whole number above zero that a double holds exactly. */
export function isPositiveTokenCount(value: number): boolean {
  return Number.isSafeInteger(value) && value > 0;
}

/** A count of tokens that may be zero (a thinking budget of 0 turns thinking off). */
export function isTokenCount(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}
