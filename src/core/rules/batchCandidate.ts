import { batchGuide } from '../providers/providers';
import { tierRule } from '../pricing/priceModifiers';
import type { Rule } from './rule';
import { atVolume, formatMonthly, formatPercent, savingBetween, siteAnchor } from './ruleSupport';

/** Folders and file names of code that runs unattended: nobody waits for these replies. */
const UNATTENDED_PATH = /(^|[/_.-])(scripts?|jobs?|batch(es)?|cron(jobs?)?|workers?|tasks?|etl|backfills?|nightly|offline|pipelines?)([/_.-]|$)/i;

/**
 * A call in a loop over items in a script or job: the replies can wait, and the provider's batch
 * API bills the same work at half price (results within 24 hours). The fix is a different API,
 * so there is no edit: the message links the provider's guide, and `tier: batch` in promptcost.yaml
 * prices the site that way once it is moved.
 */
export const batchCandidate: Rule = {
  check(site, estimate, context) {
    if (site.kind !== 'sdk-call' || !site.options.inLoop || estimate.cost.tier !== 'standard' || !UNATTENDED_PATH.test(site.file)) return [];
    const provider = estimate.model.provider;
    const batch = tierRule(provider, 'batch');
    const guide = batchGuide(provider);
    if (!batch || !guide || !estimate.cost.priced || estimate.cost.monthly === undefined) return [];
    // Half of what the site still costs after the other findings here (a cheaper model, a cache fix).
    const remaining = estimate.cost.monthly - context.priorSavings;
    const saving = savingBetween(remaining, remaining * batch.multiplier);
    if (saving === undefined) return [];
    return [
      {
        message: `This call runs in a loop in unattended code: through the batch API (${batch.source}; results within 24 hours) it would cost ${formatPercent(1 - batch.multiplier)} less, ${formatMonthly(saving)}/month ${atVolume(estimate)}${context.priorSavings > 0 ? ' after the other fixes here' : ''}. See ${guide}; then set tier: batch for this call in promptcost.yaml.`,
        range: siteAnchor(site, context.text),
        monthlySavings: saving,
        fixes: [],
      },
    ];
  },
};
