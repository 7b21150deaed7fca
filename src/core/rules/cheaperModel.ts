import { cheaperAlternatives } from '../pricing/alternatives';
import { lineIndexOf } from '../text/lineIndex';
import type { Fix, PromptSite, Range } from '../types';
import type { Rule } from './rule';
import { atVolume, formatMonthly, formatPercent, savingBetween } from './ruleSupport';

/** Below this saving a swap is not worth a quality check. */
const MIN_SAVING = 0.4;

/**
 * A model of the same provider that costs at least 40% less for this site's tokens. Only current
 * chat models with a price and a context window large enough for the prompt are suggested
 * (cheaperAlternatives); the saving is that of the closest-priced one, the likeliest drop-in swap.
 */
export const cheaperModel: Rule = {
  id: 'cheaper-model',
  defaultSeverity: 'info',
  description: 'A model of the same provider costs at least 40% less for this prompt.',
  check(site, estimate, context) {
    if (!estimate.cost.priced || estimate.cost.monthly === undefined) return [];
    const alternatives = cheaperAlternatives(estimate, context.prices, 3, MIN_SAVING);
    if (alternatives.length === 0) return [];
    const [best, ...others] = alternatives;
    // The same share of what the site still costs after the fixes to its prompt.
    const remaining = estimate.cost.monthly - context.priorSavings;
    const saving = savingBetween(remaining, remaining * (1 - best.saving));
    const model = site.model;
    const written =
      model && estimate.model.source === 'file' && !site.sdk.startsWith('bedrock') && model.deployment === undefined
        ? modelLiteral(context.text, model.range, model.id)
        : undefined;
    const fixes: Fix[] = [];
    if (written && model) {
      for (const [i, alternative] of alternatives.entries()) {
        fixes.push({
          title: `Switch to ${alternative.model} (${formatMonthly(alternative.monthly)}/month)`,
          edits: [{ range: written, newText: replaceModelName(model.id, alternative.model) }],
          preferred: i === 0,
        });
      }
    }
    const also =
      others.length > 0
        ? ` Also cheaper: ${others.map((other) => `${other.model} ${formatMonthly(other.monthly)} (−${formatPercent(other.saving)})`).join(', ')}.`
        : '';
    return [
      {
        rule: this.id,
        severity: this.defaultSeverity,
        message: `${best.model} would cost ${formatMonthly(best.monthly)}/month here instead of ${formatMonthly(estimate.cost.monthly)} ${atVolume(estimate)} (−${formatPercent(best.saving)}), if it does the job: check it on your evals.${
          context.priorSavings > 0 && saving !== undefined ? ` After the other fixes here, that is ${formatMonthly(saving)}/month less.` : ''
        }${also}`,
        range: model?.range && estimate.model.source === 'file' ? model.range : siteRange(site),
        monthlySavings: saving,
        fixes,
      },
    ];
  },
};

function siteRange(site: PromptSite): Range {
  return { start: site.range.start, end: site.range.start };
}

/**
 * The model id's text without its quotes. Only a plain literal is rewritten: an id built from
 * parts, or a Bedrock/Azure name that is not the price data's id, gets no fix.
 */
function modelLiteral(text: string, range: Range | undefined, id: string): Range | undefined {
  if (!range || range.start.line !== range.end.line) return undefined;
  const index = lineIndexOf(text);
  const start = index.offsetAt(range.start);
  const end = index.offsetAt(range.end);
  const written = text.slice(start, end);
  if (written === id) return range;
  // The literal itself, or the default in `process.env.MODEL ?? 'gpt-4o'` / `os.getenv("MODEL", "gpt-4o")`.
  const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const literals = [...written.matchAll(new RegExp(`(['"\`])${escaped}\\1`, 'g'))];
  const last = literals.at(-1);
  return last ? index.range(start + last.index + 1, start + last.index + 1 + id.length) : undefined;
}

/** Keeps a provider prefix as written: `openai/gpt-4o` → `openai/gpt-4o-mini`, LangChain `openai:gpt-4o` → `openai:gpt-4o-mini`. */
function replaceModelName(written: string, alternative: string): string {
  const prefix = /^(.*\/|[a-z][\w-]*:)/.exec(written)?.[0] ?? '';
  return `${prefix}${alternative}`;
}
