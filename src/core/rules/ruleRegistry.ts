import type { RuleId } from '../findings/findingCodes';
import { batchCandidate } from './batchCandidate';
import { cacheBelowMinimum } from './cacheBelowMinimum';
import { capAboveModelMax } from './capAboveModelMax';
import { cheaperModel } from './cheaperModel';
import { contextOverflow } from './contextOverflow';
import { deprecatedMaxTokens } from './deprecatedMaxTokens';
import { growingHistory } from './growingHistory';
import { missingCacheBreakpoint } from './missingCacheBreakpoint';
import { missingMaxTokens } from './missingMaxTokens';
import type { Rule } from './rule';
import { uncacheablePrefix } from './uncacheablePrefix';
import { unboundedAgentLoop } from './unboundedAgentLoop';
import { unpricedModel } from './unpricedModel';

/**
 * Each rule under its id. The ids, their order, default severities and summaries are the finding-code
 * registry's; the type makes this table name every rule id exactly once.
 */
export const RULES: { readonly [Id in RuleId]: Rule } = {
  'unpriced-model': unpricedModel,
  'context-overflow': contextOverflow,
  'cap-above-model-max': capAboveModelMax,
  'deprecated-max-tokens': deprecatedMaxTokens,
  'missing-max-tokens': missingMaxTokens,
  'uncacheable-prefix': uncacheablePrefix,
  'missing-cache-breakpoint': missingCacheBreakpoint,
  'cache-below-minimum': cacheBelowMinimum,
  'cheaper-model': cheaperModel,
  'unbounded-agent-loop': unboundedAgentLoop,
  'growing-history': growingHistory,
  'batch-candidate': batchCandidate,
};
