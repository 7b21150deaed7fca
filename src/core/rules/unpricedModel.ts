import type { Rule } from './rule';
import { siteAnchor } from './ruleSupport';

/**
 * A model with no price (an id the price data does not know, an Azure deployment not mapped to its
 * model): the site is "unpriced", never $0, and totals leave it out, so say so where it is written.
 */
export const unpricedModel: Rule = {
  check(site, estimate, context) {
    if (estimate.cost.priced || site.options.chatOnly) return [];
    const range = site.model?.range ?? siteAnchor(site, context.text);
    const deployment = site.model?.deployment;
    if (deployment !== undefined && estimate.model.source === 'deployment' && !estimate.model.id) {
      return [
        {
          message: `"${deployment}" is a deployment name, not a model, so this prompt is unpriced. Map it to its model under deployments: in promptcost.yaml, e.g. "${deployment}: gpt-4o".`,
          range,
          fixes: [],
        },
      ];
    }
    if (!estimate.model.id) return [];
    return [
      {
        message: `No price is known for "${estimate.model.id}", so this prompt is unpriced. Pick a model with a price, or add one under prices: in promptcost.yaml.`,
        range,
        fixes: [],
      },
    ];
  },
};
