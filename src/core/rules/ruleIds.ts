/**
 * Every rule id, in the order findings are listed. Kept apart from the rules themselves so that
 * promptcost.yaml validation and settings can name them without loading the rules.
 */
export const RULE_IDS = [
  'unpriced-model',
  'context-overflow',
  'cap-above-model-max',
  'deprecated-max-tokens',
  'missing-max-tokens',
  'uncacheable-prefix',
  'missing-cache-breakpoint',
  'cache-below-minimum',
  'cheaper-model',
  'batch-candidate',
] as const;

export type RuleId = (typeof RULE_IDS)[number];
