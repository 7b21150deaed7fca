import type { PromptSite } from '../types';
import type { Rule, RuleFix } from './rule';
import { atVolume, formatCount, formatMonthly, monthlySaving, sameMonthly, siteAnchor } from './ruleSupport';

/**
 * A cache_control breakpoint on a prefix shorter than the model's minimum: Anthropic silently caches
 * nothing, and the breakpoint still uses one of the four a request may have. The fix moves it to a
 * later message that reaches the minimum when there is one, and removes it otherwise.
 */
export const cacheBelowMinimum: Rule = {
  async check(site, estimate, context) {
    if (estimate.cache.mode !== 'explicit') return [];
    const minimum = estimate.cache.minTokens;
    const findings = [];
    let prefix = estimate.tokens.tools;
    const prefixes: number[] = [];
    let staticSoFar = true;
    for (let i = 0; i < site.messages.length; i++) {
      prefix += estimate.messages[i].tokens;
      staticSoFar &&= !site.messages[i].segments.some((segment) => segment.kind === 'dynamic');
      prefixes.push(staticSoFar ? prefix : -1);
    }
    for (let i = 0; i < site.messages.length; i++) {
      const message = site.messages[i];
      // A breakpoint after variable content is another problem (its prefix changes every call); only short fixed prefixes here.
      if (!message.cacheBreakpoint || prefixes[i] < 0 || prefixes[i] >= minimum) continue;
      const fixes: RuleFix[] = [];
      let saving: number | undefined;
      const later = prefixes.findIndex(
        (tokens, j) => j > i && tokens >= minimum && !site.messages[j].cacheBreakpoint && site.messages[j].cacheBreakpointInsertion,
      );
      if (later >= 0 && message.cacheBreakpointRemoval) {
        const variant: PromptSite = {
          ...site,
          messages: site.messages.map((m, j) => (j === i ? { ...m, cacheBreakpoint: false } : j === later ? { ...m, cacheBreakpoint: true } : m)),
        };
        const moved = await context.estimate(variant);
        saving = monthlySaving(estimate, moved);
        fixes.push({
          title: `Move the breakpoint to the ${site.messages[later].role} message (${formatCount(prefixes[later])} tokens)`,
          edits: [...message.cacheBreakpointRemoval, ...site.messages[later].cacheBreakpointInsertion!],
          preferred: true,
          expect: (after) =>
            after.site.messages[i]?.cacheBreakpoint !== true && after.site.messages[later]?.cacheBreakpoint === true && sameMonthly(after.estimate, moved),
        });
      }
      if (message.cacheBreakpointRemoval)
        fixes.push({
          title: 'Remove the cache_control breakpoint',
          edits: message.cacheBreakpointRemoval,
          preferred: fixes.length === 0,
          expect: (after) => after.site.messages.length === site.messages.length && after.site.messages[i].cacheBreakpoint !== true,
        });
      findings.push({
        message: `This cache_control breakpoint ends ${article(prefixes[i])} ${formatCount(prefixes[i])}-token prefix, below the ${formatCount(minimum)}-token minimum for ${estimate.model.id}: nothing is cached, and the breakpoint uses one of the four a request may have.${
          saving !== undefined ? ` Moved to the ${site.messages[later].role} message it saves ${formatMonthly(saving)}/month ${atVolume(estimate)}.` : ''
        }`,
        range: message.roleRange ?? siteAnchor({ ...site, range: message.range }, context.text),
        monthlySavings: saving,
        fixes,
      });
    }
    return findings;
  },
};

/** "an 11-token", "an 800-token", "a 25-token": the article read before the number as spoken. */
function article(tokens: number): 'a' | 'an' {
  let lead = Math.floor(tokens);
  while (lead >= 1000) lead = Math.floor(lead / 1000);
  return String(lead).startsWith('8') || lead === 11 || lead === 18 ? 'an' : 'a';
}
