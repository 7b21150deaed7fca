import { parseModelId } from './modelId';
import { isOpenAiReasoningModel } from './reasoningModels';

/** The effort levels providers name: OpenAI none…xhigh, Gemini 3 `thinkingLevel` minimal…high, Anthropic `effort` low…max. */
export const REASONING_EFFORTS = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'] as const;
export type ReasoningEffort = (typeof REASONING_EFFORTS)[number];

/**
 * Hidden reasoning tokens expected per call at each effort level. These are Prompt Cost's own round
 * figures, not a provider's: no provider publishes an expected count, and real counts vary with the
 * task by an order of magnitude. They are billed as output, so they are shown as assumed wherever
 * they are used.
 */
export const EXPECTED_REASONING_TOKENS: Readonly<Record<ReasoningEffort, number>> = {
  none: 0,
  minimal: 200,
  low: 1_000,
  medium: 3_000,
  high: 8_000,
  xhigh: 16_000,
  max: 32_000,
};

/**
 * Share of a stated thinking budget (Anthropic `budget_tokens`, Gemini `thinkingBudget`) a call is
 * expected to use: the budget is a ceiling the model rarely fills. Prompt Cost's assumption.
 */
export const THINKING_BUDGET_SHARE = 0.5;

/** Gemini's `thinkingBudget: -1`: the model decides how much to think; priced as the medium level. */
export const DYNAMIC_THINKING_BUDGET = -1;
const DYNAMIC_THINKING_EFFORT: ReasoningEffort = 'medium';

/** Why a call is expected to reason as much as it is: what the call states, or the model's default. */
export type ReasoningBasis =
  /** The call states an effort level (`reasoning_effort`, `reasoning.effort`, `thinkingLevel`, Anthropic `effort`). */
  | { kind: 'stated-effort'; effort: ReasoningEffort }
  /** The call states an effort Prompt Cost does not know; priced as medium. */
  | { kind: 'unknown-effort'; written: string; effort: ReasoningEffort }
  /** The call states none: the model's own default applies. */
  | { kind: 'default-effort'; effort: ReasoningEffort; model: string }
  /** The call states a thinking budget: a share of it is expected (0 turns thinking off). */
  | { kind: 'budget'; budget: number; share: number }
  /** Gemini's dynamic budget (-1): priced as an effort level. */
  | { kind: 'dynamic-budget'; effort: ReasoningEffort };

export interface ExpectedReasoning {
  /** Hidden reasoning tokens expected per call, before any output cap. */
  tokens: number;
  basis: ReasoningBasis;
}

/**
 * The hidden reasoning a call is expected to be billed for, before its output cap: a stated thinking
 * budget wins (it is the concrete bound), then a stated effort, then the model's default effort.
 * Undefined when the call states nothing and the model is not known to reason by default.
 */
export function expectedReasoning(modelId: string | undefined, options: { reasoningEffort?: string; thinkingBudget?: number }): ExpectedReasoning | undefined {
  const budget = options.thinkingBudget;
  if (budget === DYNAMIC_THINKING_BUDGET) {
    return { tokens: EXPECTED_REASONING_TOKENS[DYNAMIC_THINKING_EFFORT], basis: { kind: 'dynamic-budget', effort: DYNAMIC_THINKING_EFFORT } };
  }
  if (budget !== undefined && budget >= 0) {
    return { tokens: Math.round(budget * THINKING_BUDGET_SHARE), basis: { kind: 'budget', budget, share: THINKING_BUDGET_SHARE } };
  }
  const written = options.reasoningEffort;
  if (written !== undefined) {
    const effort = effortNamed(written);
    if (effort) return { tokens: EXPECTED_REASONING_TOKENS[effort], basis: { kind: 'stated-effort', effort } };
    return { tokens: EXPECTED_REASONING_TOKENS[DYNAMIC_THINKING_EFFORT], basis: { kind: 'unknown-effort', written, effort: DYNAMIC_THINKING_EFFORT } };
  }
  const effort = defaultReasoningEffort(modelId);
  if (effort === undefined) return undefined;
  return { tokens: EXPECTED_REASONING_TOKENS[effort], basis: { kind: 'default-effort', effort, model: parseModelId(modelId!).name } };
}

/**
 * The effort an OpenAI reasoning model uses when the call sets none (OpenAI's API reference for
 * `reasoning.effort`): models before gpt-5.1 default to medium; gpt-5.1 and later to none;
 * gpt-5-pro only runs at high. Undefined for models that do not reason by default.
 */
export function defaultReasoningEffort(modelId: string | undefined): ReasoningEffort | undefined {
  if (!isOpenAiReasoningModel(modelId)) return undefined;
  const name = parseModelId(modelId!).name.toLowerCase();
  // gpt-5-chat-latest is the non-reasoning model behind ChatGPT.
  if (/^gpt-5(\.\d+)?-chat/.test(name)) return undefined;
  // gpt-5-pro accepts only high; later pro models are assumed to keep it.
  if (/^gpt-5(\.\d+)?-pro/.test(name)) return 'high';
  const minor = /^gpt-5\.(\d+)/.exec(name);
  // Codex models do not accept none, so they keep medium.
  if (minor && Number(minor[1]) >= 1 && !name.includes('codex')) return 'none';
  return 'medium';
}

function effortNamed(written: string): ReasoningEffort | undefined {
  const lower = written.toLowerCase();
  return (REASONING_EFFORTS as readonly string[]).includes(lower) ? (lower as ReasoningEffort) : undefined;
}
