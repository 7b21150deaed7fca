import { batchCandidate } from './batchCandidate';
import { cacheBelowMinimum } from './cacheBelowMinimum';
import { capAboveModelMax } from './capAboveModelMax';
import { cheaperModel } from './cheaperModel';
import { contextOverflow } from './contextOverflow';
import { deprecatedMaxTokens } from './deprecatedMaxTokens';
import { missingCacheBreakpoint } from './missingCacheBreakpoint';
import { missingMaxTokens } from './missingMaxTokens';
import type { Rule } from './rule';
import { uncacheablePrefix } from './uncacheablePrefix';
import { unpricedModel } from './unpricedModel';

/** Every cost rule, in the order their findings are listed. */
export const ALL_RULES: readonly Rule[] = [
  unpricedModel,
  contextOverflow,
  capAboveModelMax,
  deprecatedMaxTokens,
  missingMaxTokens,
  uncacheablePrefix,
  missingCacheBreakpoint,
  cacheBelowMinimum,
  cheaperModel,
  batchCandidate,
];
