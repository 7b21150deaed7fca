import type { Rule, RuleFinding } from './rule';
import { atVolume, formatCount, formatMonthly, siteAnchor, suggestedCap } from './ruleSupport';

/**
 * A call or prompt with no output cap: one runaway reply (a loop of repeated text, a model that
 * ignores "be brief") is paid in full. The fix writes the cap under the SDK's own name.
 */
export const missingMaxTokens: Rule = {
  async check(site, estimate, context) {
    // Copilot chat prompts have no output parameter to set.
    if (site.outputCap || site.options.chatOnly) return [];
    const value = suggestedCap(site, estimate);
    const param = site.outputCapInsertion?.param ?? 'max_tokens';
    const capped = await context.estimate({ ...site, outputCap: { param, value } });
    const ceiling = estimate.tokens.outputMax;
    const why = site.defaultOutputCap ? site.defaultOutputCap.source : "the model's maximum output";
    const risk =
      ceiling === undefined
        ? 'a reply is bounded only by the model, whose maximum output is not known'
        : `a reply can run to ${formatCount(ceiling)} tokens (${why})${estimate.cost.monthlyWorstCase !== undefined ? `, up to ${formatMonthly(estimate.cost.monthlyWorstCase)}/month ${atVolume(estimate)}` : ''}`;
    const bound =
      capped.cost.monthlyWorstCase !== undefined
        ? `; ${param}: ${formatCount(value)} bounds it at ${formatMonthly(capped.cost.monthlyWorstCase)}/month`
        : `; ${param}: ${formatCount(value)} bounds it`;
    const finding: RuleFinding = {
      message: `No output cap: ${risk}${bound} (expected output ${formatCount(estimate.tokens.outputExpected)} tokens).`,
      range: siteAnchor(site, context.text),
      fixes: [],
    };
    const insertion = site.outputCapInsertion;
    if (insertion) {
      finding.fixes.push({
        title: `Add ${insertion.param}: ${value}`,
        edits: [{ range: insertion.range, newText: insertion.template.replace('{value}', String(value)) }],
        preferred: true,
        expect: (after) => after.site.outputCap?.value === value && after.site.outputCap.param === param,
      });
    }
    return [finding];
  },
};
