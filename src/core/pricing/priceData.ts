/**
 * The bundled price data and its date. @pydantic/genai-prices exposes no data date, so the date of
 * the pinned release is recorded here; a unit test fails when the installed version differs, so an
 * upgrade cannot leave a stale date behind.
 */
export const PRICE_DATA = {
  package: '@pydantic/genai-prices',
  version: '0.1.8',
  /** Publication date of that release on the npm registry. */
  asOf: '2026-09-23',
} as const;

/** Loaded on first use: evaluating the price data takes ~45 ms, which activation must not pay. */
export function priceLibrary(): typeof import('@pydantic/genai-prices') {
  return require('@pydantic/genai-prices') as typeof import('@pydantic/genai-prices');
}

/** Whether the price data carries a provider at all (Ollama, which runs on the user's machine, it does not). */
export function priceDataHasProvider(providerId: string): boolean {
  return priceLibrary().findProvider({ providerId }) !== undefined;
}
