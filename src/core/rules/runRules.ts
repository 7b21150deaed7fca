import { FINDING_CODES, RULE_IDS, type RuleId, type SeveritySetting } from '../findings/findingCodes';
import { internalError } from '../findings/internalError';
import type { Logger } from '../log/logger';
import type { Estimate, Finding, Fix, PromptSite } from '../types';
import { ignoredRules, ignoreFix } from './ignoreComments';
import type { RuleContext, RuleFix } from './rule';
import { firstLineOf, siteAnchor } from './ruleSupport';
import { RULES } from './ruleRegistry';

export type RuleSeverities = Readonly<Partial<Record<RuleId, SeveritySetting>>>;

/** A finding with its fixes as the rule offered them, not yet checked (verifyFixes.ts). */
export type RuledFinding = Omit<Finding, 'fixes'> & { fixes: RuleFix[] };

/**
 * Every rule's findings for one site, at the configured severities, without those silenced by
 * `promptcost-ignore`, each on one line (the first of the range its rule gave); each finding also
 * offers to silence itself. A rule that throws loses only its
 * own findings: the failure is logged and shown as an internal-error finding, never as a problem
 * of the user's code.
 */
export async function runRules(
  site: PromptSite,
  estimate: Estimate,
  context: Omit<RuleContext, 'priorSavings'>,
  severities: RuleSeverities = {},
  logger: Logger,
): Promise<RuledFinding[]> {
  const findings: RuledFinding[] = [];
  let priorSavings = 0;
  for (const rule of RULE_IDS) {
    const setting = severities[rule] ?? FINDING_CODES[rule].defaultSeverity;
    if (setting === 'off') continue;
    let found;
    try {
      found = await RULES[rule].check(site, estimate, { ...context, priorSavings });
    } catch (error) {
      logger.error(`The ${rule} rule failed on ${site.id}`, error);
      findings.push(internalError(`Prompt Cost could not run the ${rule} rule here`, error, siteAnchor(site, context.text)));
      continue;
    }
    for (const finding of found) {
      // One line, whatever the rule gave: a squiggle over a 20-line call or a multi-line
      // interpolation hides the code under it. The line is the range's first (a call's, a key's).
      const stamped: RuledFinding = { ...finding, range: firstLineOf(finding.range, context.text), rule, severity: setting };
      if (ignoredRules(context.text, site, stamped).has(rule)) continue;
      const silence = ignoreFix(context.text, site, rule);
      const fixes = silence ? [...finding.fixes, silence] : finding.fixes;
      findings.push({ ...stamped, fixes });
      priorSavings += finding.monthlySavings ?? 0;
    }
  }
  return findings;
}

/** The fix as findings carry it: without the check, which is a function and cannot cross to the editor. */
export function plainFix({ title, edits, preferred }: RuleFix): Fix {
  return preferred === undefined ? { title, edits } : { title, edits, preferred };
}
