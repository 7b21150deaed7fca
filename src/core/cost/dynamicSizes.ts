import type { DynamicKind } from '../types';

/**
 * Tokens assumed for a dynamic segment whose size nobody declared (promptcost.yaml `variables:`)
 * and the file gives no example of. Shown as an assumption wherever used; never zero silently.
 */
export const DEFAULT_DYNAMIC_TOKENS: Readonly<Record<DynamicKind, { tokens: number; why: string }>> = {
  variable: { tokens: 100, why: 'a template variable: about a paragraph' },
  history: { tokens: 500, why: 'earlier conversation turns: a few short exchanges' },
  // Gemini counts an image as 258 tokens; OpenAI's low-detail image is 85, high detail more.
  media: { tokens: 258, why: "an image at Gemini's fixed 258 tokens" },
  partial: { tokens: 100, why: 'an included template whose text is not read' },
  control: { tokens: 0, why: 'a loop or condition tag adds no text itself' },
  reference: { tokens: 200, why: 'an editor reference such as the selection or a file' },
};

/** Expected reply length when neither promptcost.yaml nor the call says; capped by the output cap. */
export const DEFAULT_OUTPUT_TOKENS = 300;

/** Calls per month when neither the setting nor promptcost.yaml says. */
export const DEFAULT_MONTHLY_CALLS = 10_000;
