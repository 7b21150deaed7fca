import type { PriceBook } from '../pricing/priceBook';
import type { Estimate, Finding, Fix, PromptSite, TextEdit } from '../types';

/** What a fix would leave behind: the same site in the edited file, estimated again. */
export interface SiteAfterFix {
  site: PromptSite;
  estimate: Estimate;
}

/** Below what a rule stays quiet: promptcost.yaml `thresholds:`, over which the editor or CLI settings win. */
export interface RuleThresholds {
  /** cheaper-model fires only where the switch saves at least this many USD a month. */
  cheaperModelMonthly: number;
}

/**
 * $5/month: on a real SDK example folder nearly every call had a cheaper model, most for cents a
 * month; a swap that needs a quality check on your evals is worth proposing only above this.
 */
export const DEFAULT_RULE_THRESHOLDS: Readonly<RuleThresholds> = { cheaperModelMonthly: 5 };

/** What a rule may use besides the site and its estimate. */
export interface RuleContext {
  /** The whole file the site is in, for fixes that look around a range (indentation, line breaks, keys). */
  text: string;
  prices: PriceBook;
  /** Tokens of a text with the tokenizer of the site's model (or its estimate for non-public tokenizers). */
  count(text: string): Promise<number>;
  /** Estimates a variant of the site (another model, a cap, a breakpoint) with the same volume and settings. */
  estimate(site: PromptSite): Promise<Estimate>;
  /**
   * Applies edits to the file, extracts it again and estimates the same site (by id). Undefined when
   * the edited file no longer yields that site or does not parse cleanly: such a fix is not offered.
   */
  afterEdits(edits: TextEdit[]): Promise<SiteAfterFix | undefined>;
  /**
   * $/month already saved at this site by the findings of the rules before this one (fixes to the
   * prompt come first, then the model, then the tier). A rule whose saving is a share of the cost
   * takes that share of what is left, so the savings at a site add up and never exceed its cost.
   */
  priorSavings: number;
  /** The thresholds in force: the defaults, then promptcost.yaml, then the settings. */
  thresholds: Readonly<RuleThresholds>;
  /** Whether the estimate's monthly calls are Prompt Cost's default: nobody set them anywhere. */
  volumeAssumed(estimate: Estimate): boolean;
}

/**
 * A fix as a rule offers it. A fix that changes what the site costs says what the site must show
 * once it is applied — the model, the cap, the cost its saving was computed with — and is offered
 * only when the file, edited and analysed again, shows it: an edit that lands in the wrong place,
 * or in a file the model only came from, is caught there and not offered.
 */
export interface RuleFix extends Fix {
  expect?: (after: SiteAfterFix) => boolean;
}

/** A finding as a rule reports it: the rule's id and the configured severity are added by runRules. */
export type RuleFinding = Omit<Finding, 'rule' | 'severity' | 'fixes'> & { fixes: RuleFix[] };

/**
 * One cost check, registered under its id in ruleRegistry.ts (its default severity and summary are
 * in the finding-code registry). Settings and `promptcost-ignore` comments are applied by runRules,
 * so a rule never reads them.
 */
export interface Rule {
  check(site: PromptSite, estimate: Estimate, context: RuleContext): Promise<RuleFinding[]> | RuleFinding[];
}
