import { tierRule } from '../pricing/serviceTiers';
import type { Rule } from './rule';
import { atVolume, formatMonthly, formatPercent, savingBetween, siteAnchor } from './ruleSupport';

/** Folders and file names of code that runs unattended: nobody waits for these replies. */
const UNATTENDED_PATH = /(^|[/_.-])(scripts?|jobs?|batch(es)?|cron(jobs?)?|workers?|tasks?|etl|backfills?|nightly|offline|pipelines?)([/_.-]|$)/i;

/** Each provider's batch API, where the message links. */
const BATCH_GUIDES: Readonly<Record<string, string>> = {
  openai: 'https://platform.openai.com/docs/guides/batch',
  azure: 'https://learn.microsoft.com/azure/ai-services/openai/how-to/batch',
  anthropic: 'https://docs.anthropic.com/en/docs/build-with-claude/batch-processing',
  google: 'https://ai.google.dev/gemini-api/docs/batch-mode',
};

/**
 * A call in a loop over items in a script or job: the replies can wait, and the provider's batch
 * API bills the same work at half price (results within 24 hours). The fix is a different API,
 * so there is no edit: the message links the provider's guide, and `tier: batch` in promptcost.yaml
 * prices the site that way once it is moved.
 */
export const batchCandidate: Rule = {
  id: 'batch-candidate',
  defaultSeverity: 'hint',
  description: 'A call in a loop in unattended code (scripts, jobs, batch/cron/worker paths) could use the batch API.',
  check(site, estimate, context) {
    if (site.kind !== 'sdk-call' || !site.options.inLoop || estimate.cost.tier !== 'standard' || !UNATTENDED_PATH.test(site.file)) return [];
    const provider = estimate.model.provider;
    const batch = tierRule(provider, 'batch');
    const guide = provider ? BATCH_GUIDES[provider] : undefined;
    if (!batch || !guide || !estimate.cost.priced || estimate.cost.monthly === undefined) return [];
    // Half of what the site still costs after the other findings here (a cheaper model, a cache fix).
    const remaining = estimate.cost.monthly - context.priorSavings;
    const saving = savingBetween(remaining, remaining * batch.multiplier);
    if (saving === undefined) return [];
    return [
      {
        rule: this.id,
        severity: this.defaultSeverity,
        message: `This call runs in a loop in unattended code: through the batch API (${batch.source}; results within 24 hours) it would cost ${formatPercent(1 - batch.multiplier)} less, ${formatMonthly(saving)}/month ${atVolume(estimate)}${context.priorSavings > 0 ? ' after the other fixes here' : ''}. See ${guide}; then set tier: batch for this call in promptcost.yaml.`,
        range: siteAnchor(site, context.text),
        monthlySavings: saving,
        fixes: [],
      },
    ];
  },
};
