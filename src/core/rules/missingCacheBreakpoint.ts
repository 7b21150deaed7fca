import type { Rule } from './rule';
import { atVolume, formatCount, formatMonthly, monthlySaving, sameMonthly, siteAnchor } from './ruleSupport';

/**
 * Anthropic caches nothing unless the request marks a breakpoint (`cache_control`). A fixed prefix
 * at or above the model's minimum without one is paid in full on every call; with one, repeats
 * cost a tenth of the input price. The breakpoint goes on the last message that nothing variable precedes.
 */
export const missingCacheBreakpoint: Rule = {
  async check(site, estimate, context) {
    // Prompt files have no way to write a breakpoint: the code that sends them does.
    if (site.kind !== 'sdk-call' || estimate.cache.mode !== 'explicit' || site.messages.some((message) => message.cacheBreakpoint)) return [];
    let last: number | undefined;
    let prefix = estimate.tokens.tools;
    let lastPrefix = 0;
    for (let i = 0; i < site.messages.length; i++) {
      if (site.messages[i].segments.some((segment) => segment.kind === 'dynamic')) break;
      prefix += estimate.messages[i].tokens;
      last = i;
      lastPrefix = prefix;
    }
    if (last === undefined || lastPrefix < estimate.cache.minTokens) return [];
    const variant = await context.estimate({
      ...site,
      messages: site.messages.map((message, i) => (i === last ? { ...message, cacheBreakpoint: true } : message)),
    });
    const saving = monthlySaving(estimate, variant);
    const target = site.messages[last];
    const insertion = target.cacheBreakpointInsertion;
    return [
      {
        message: `${formatCount(lastPrefix)} tokens of fixed prompt are sent on every call without a cache_control breakpoint, so Anthropic caches none of them (minimum ${formatCount(estimate.cache.minTokens)} for ${estimate.model.id}).${
          saving !== undefined ? ` A breakpoint on the ${target.role} message saves ${formatMonthly(saving)}/month ${atVolume(estimate)}.` : ''
        }`,
        range: target.roleRange ?? siteAnchor({ ...site, range: target.range }, context.text),
        monthlySavings: saving,
        fixes: insertion
          ? [
              {
                title: `Add cache_control to the ${target.role} message`,
                edits: insertion,
                preferred: true,
                // The saving is the variant's: the breakpoint must land on that message and cost what it did.
                expect: (after) => after.site.messages[last]?.cacheBreakpoint === true && sameMonthly(after.estimate, variant),
              },
            ]
          : [],
      },
    ];
  },
};
