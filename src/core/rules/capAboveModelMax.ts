import type { Rule } from './rule';
import { formatCount, siteAnchor } from './ruleSupport';
import { modelLimits } from '../pricing/modelLimits';

/** A cap above what the model can produce: the API rejects the call, or the cap bounds nothing. */
export const capAboveModelMax: Rule = {
  check(site, estimate, context) {
    const cap = site.outputCap;
    const maxOutput = estimate.model.id ? modelLimits(estimate.model.id).maxOutput : undefined;
    if (cap?.value === undefined || maxOutput === undefined || cap.value <= maxOutput) return [];
    return [
      {
        message: `${cap.param}: ${formatCount(cap.value)} is above ${estimate.model.id}'s maximum output of ${formatCount(maxOutput)} tokens: providers reject such a request or ignore the cap.`,
        range: cap.range ?? siteAnchor(site, context.text),
        fixes: cap.range
          ? [
              {
                title: `Set ${cap.param} to ${formatCount(maxOutput)}, the model's maximum`,
                edits: [{ range: cap.range, newText: String(maxOutput) }],
                preferred: true,
                expect: (after) => after.site.outputCap?.value === maxOutput,
              },
            ]
          : [],
      },
    ];
  },
};
