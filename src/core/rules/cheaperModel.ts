import { cheaperAlternatives, soldModel } from '../pricing/alternatives';
import { isCheapestTier } from '../providers/providers';
import { modelEdit } from '../models/modelEdit';
import type { PromptSite, Range } from '../types';
import type { Rule, RuleFix } from './rule';
import { atVolume, formatMonthly, formatPercent, savingBetween } from './ruleSupport';

/** Below this saving a swap is not worth a quality check. */
const MIN_SAVING = 0.4;

/**
 * A model of the same provider that costs at least 40% less for this site's tokens. Only current
 * chat models with a price and a context window large enough for the prompt are suggested
 * (cheaperAlternatives); the saving is that of the closest-priced one, the likeliest drop-in swap.
 * Quiet by default: only where that saving is at least `thresholds.cheaperModelMonthly` ($5/month
 * unless promptcost.yaml or a setting says otherwise), and never on a model that is already the
 * cheapest tier of its line (isCheapestTier: a -nano, a -mini whose line has no -nano, Haiku,
 * Flash-Lite): from there every "cheaper" model is another line, not a smaller size of this one.
 * And only at a volume someone set: on an unconfigured repository every large model would
 * otherwise be flagged at the default 10,000 calls a month.
 */
export const cheaperModel: Rule = {
  check(site, estimate, context) {
    if (!estimate.cost.priced || estimate.cost.monthly === undefined) return [];
    // An assumed model is nobody's choice: a cheaper one would be a saving on a guess. Models the
    // callers pass are each caller's choice, made at the call, not here.
    if (estimate.model.origin === 'assumed' || estimate.models) return [];
    // Nor is a volume nobody set: the saving would be that of a made-up 10,000 calls a month. The
    // hover still lists the cheaper models; a volume (a comment, promptcost.yaml, the setting) makes this a finding.
    if (context.volumeAssumed(estimate)) return [];
    const provider = estimate.model.provider;
    const current = estimate.model.canonical ?? estimate.model.pricedAs ?? estimate.model.id;
    if (current !== undefined && isCheapestTier(provider, current, (id) => soldModel(context.prices, provider, id))) return [];
    const alternatives = cheaperAlternatives(estimate, context.prices, 3, MIN_SAVING);
    if (alternatives.length === 0) return [];
    const [best, ...others] = alternatives;
    // The same share of what the site still costs after the fixes to its prompt.
    const remaining = estimate.cost.monthly - context.priorSavings;
    const saving = savingBetween(remaining, remaining * (1 - best.saving));
    if ((saving ?? 0) < context.thresholds.cheaperModelMonthly) return [];
    const model = site.model;
    const fixes: RuleFix[] = [];
    for (const [i, alternative] of alternatives.entries()) {
      const edit = modelEdit(context.text, site, estimate, alternative.model);
      if (!edit) continue;
      fixes.push({
        title: `Switch to ${alternative.model} (${formatMonthly(alternative.monthly)}/month)`,
        edits: [edit],
        preferred: i === 0,
        // The figure in the title is a quote of this site's tokens at the other model's prices; what
        // must hold is that the edit switches this site, and nothing else about it, to that model.
        expect: (after) => after.estimate.model.canonical === alternative.model && after.estimate.monthlyCalls === estimate.monthlyCalls,
      });
    }
    const also =
      others.length > 0
        ? ` Also cheaper: ${others.map((other) => `${other.model} ${formatMonthly(other.monthly)} (−${formatPercent(other.saving)})`).join(', ')}.`
        : '';
    return [
      {
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
