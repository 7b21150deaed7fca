import type { Estimate } from '../types';
import type { Rule, RuleFinding } from './rule';
import { atVolume, formatCount, formatMonthly, siteAnchor, suggestedCap, type SuggestedCap } from './ruleSupport';

/**
 * A call or prompt with no output cap: one runaway reply (a loop of repeated text, a model that
 * ignores "be brief") is paid in full. The fix writes the cap under the SDK's own name.
 */
export const missingMaxTokens: Rule = {
  async check(site, estimate, context) {
    // Copilot chat prompts have no output parameter to set.
    if (site.outputCap || site.options.chatOnly) return [];
    const suggested = suggestedCap(site, estimate);
    const value = suggested.value;
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
      message: `No output cap: ${risk}${bound} (expected output ${expectedOutput(estimate)}).${whyThisLarge(suggested, param)}`,
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

function expectedOutput(estimate: Estimate): string {
  const reasoning = estimate.tokens.reasoningExpected;
  const total = `${formatCount(estimate.tokens.outputExpected)} tokens`;
  return reasoning ? `${total}, ${formatCount(reasoning)} of them hidden reasoning` : total;
}

/** Why a cap far above the expected reply is suggested: reasoning needs room, and a cap that cuts it off still bills it. */
function whyThisLarge(cap: SuggestedCap, param: string): string {
  if (cap.reasoningReserve !== undefined) {
    return ` The cap is this large because OpenAI recommends reserving at least ${formatCount(cap.reasoningReserve)} tokens for reasoning and output on reasoning models: ${param} bounds hidden reasoning too, and a reply cut off mid-reasoning is still billed.`;
  }
  if (cap.thinkingBudget !== undefined) {
    return ` It holds the call's ${formatCount(cap.thinkingBudget)}-token thinking budget on top of ${formatCount(cap.reply)} tokens for the reply: the cap counts thinking too.`;
  }
  if (cap.reasoning > 0) {
    return ` It holds ${formatCount(cap.reasoning)} tokens for hidden reasoning on top of ${formatCount(cap.reply)} for the reply: the cap counts reasoning too.`;
  }
  return '';
}
