import type { Rule } from './rule';
import { formatCount, siteAnchor } from './ruleSupport';

/** The prompt plus the room left for the reply does not fit the model's context window: the call fails. */
export const contextOverflow: Rule = {
  check(site, estimate, context) {
    const window = estimate.contextWindow;
    const output = site.outputCap?.value ?? estimate.tokens.outputExpected;
    const needed = estimate.tokens.input + output;
    if (window === undefined || needed <= window) return [];
    return [
      {
        message: `${formatCount(estimate.tokens.input)} input tokens + ${formatCount(output)} for the reply${site.outputCap?.value !== undefined ? ` (${site.outputCap.param})` : ' (expected output)'} = ${formatCount(needed)}, more than ${estimate.model.id}'s context window of ${formatCount(window)} tokens: the call fails. Shorten the prompt or its variables, or pick a model with a larger window.`,
        range: siteAnchor(site, context.text),
        fixes: [],
      },
    ];
  },
};
