import { isOpenAiReasoningModel } from '../models/reasoningModels';
import { THINKING_BUDGET_SHARE } from '../models/reasoningTokens';
import { formatCount, formatMonthly, roundCents } from '../format';
import { lineIndexOf } from '../text/lineIndex';
import type { Estimate, PromptSite, Range } from '../types';

export { formatCount, formatMonthly };

export { isOpenAiReasoningModel };

/** OpenAI's advice for reasoning models: reserve at least this many tokens for reasoning and output. */
export const REASONING_RESERVE_TOKENS = 25_000;

/** The cap a fix writes, and what it makes room for (the finding explains a large cap from these). */
export interface SuggestedCap {
  value: number;
  /** Room for the visible reply: the expected reply with a quarter of headroom, rounded up to the hundred. */
  reply: number;
  /** Room for hidden reasoning: the thinking budget the call states, else twice the reasoning expected. */
  reasoning: number;
  /** The call states a thinking budget, which the cap must hold (max_tokens includes thinking). */
  thinkingBudget?: number;
  /** The cap was raised to OpenAI's reserve for reasoning models. */
  reasoningReserve?: number;
}

/**
 * The cap a fix writes: room for the reply (a cap at the expected length itself would cut off every
 * longer-than-usual reply) plus room for reasoning — the stated thinking budget in full, as the model
 * may use all of it, or twice the reasoning expected (the budget whose expected share that is).
 * OpenAI reasoning models get at least OpenAI's recommended reserve.
 */
export function suggestedCap(site: PromptSite, estimate: Estimate): SuggestedCap {
  const reasoningExpected = estimate.tokens.reasoningExpected ?? 0;
  const reply = Math.ceil(((estimate.tokens.outputExpected - reasoningExpected) * 1.25) / 100) * 100;
  const budget = site.options.thinkingBudget;
  const statedBudget = budget !== undefined && budget > 0 ? budget : undefined;
  const reasoning = statedBudget ?? Math.ceil(reasoningExpected / THINKING_BUDGET_SHARE / 100) * 100;
  const room = Math.max(100, reply + reasoning);
  const cap: SuggestedCap = { value: room, reply, reasoning };
  if (statedBudget !== undefined) cap.thinkingBudget = statedBudget;
  if (isOpenAiReasoningModel(estimate.model.id) && room < REASONING_RESERVE_TOKENS) {
    cap.value = REASONING_RESERVE_TOKENS;
    cap.reasoningReserve = REASONING_RESERVE_TOKENS;
  }
  return cap;
}

/** What a change saves a month, to the cent; undefined when it saves nothing or cannot be priced. */
export function monthlySaving(before: Estimate, after: Estimate): number | undefined {
  if (!before.cost.priced || !after.cost.priced || before.cost.monthly === undefined || after.cost.monthly === undefined) return undefined;
  return savingBetween(before.cost.monthly, after.cost.monthly);
}

/** Whether a site analysed again costs what a variant estimated for it did, to the cent (as reports show both). */
export function sameMonthly(after: Estimate, expected: Estimate): boolean {
  const [a, b] = [after.cost.monthly, expected.cost.monthly];
  return after.cost.priced === expected.cost.priced && (a === b || (a !== undefined && b !== undefined && roundCents(a) === roundCents(b)));
}

/**
 * The difference of the two monthly figures as reports show them (each rounded to the cent), so
 * a report's total after the change is exactly its total before minus the saving.
 */
export function savingBetween(monthlyBefore: number, monthlyAfter: number): number | undefined {
  const saving = roundCents(roundCents(monthlyBefore) - roundCents(monthlyAfter));
  return saving > 0 ? saving : undefined;
}

/**
 * The first line of a range, without trailing spaces: a call spanning forty lines would
 * otherwise be underlined from end to end.
 */
export function firstLineOf(range: Range, text: string): Range {
  if (range.start.line === range.end.line) return range;
  const line = lineIndexOf(text).lineText(range.start.line);
  return { start: range.start, end: { line: range.start.line, character: Math.max(range.start.character, line.trimEnd().length) } };
}

/** Where a site's finding goes: the call's first line, or a prompt file's model (its first line when it names none). */
export function siteAnchor(site: PromptSite, text: string): Range {
  if (site.kind === 'prompt-file') return site.model?.range ?? firstLineOf(site.range, text);
  return firstLineOf(site.range, text);
}

const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 0 });
export const formatPercent = (fraction: number) => percent.format(fraction);

/** "at 30,000 calls a month" (runs, for an agent), the volume every saving is stated at. */
export const atVolume = (estimate: Estimate) => `at ${formatCount(estimate.monthlyCalls)} ${estimate.agent ? 'runs' : 'calls'} a month`;
