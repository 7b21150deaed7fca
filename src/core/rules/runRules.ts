import { FINDING_CODES, RULE_IDS, type RuleId, type SeveritySetting } from '../findings/findingCodes';
import { internalError } from '../findings/internalError';
import type { Logger } from '../log/logger';
import type { Estimate, Finding, Fix, PromptSite } from '../types';
import { ignoredRules, ignoreFix } from './ignoreComments';
import type { RuleContext } from './rule';
import { siteAnchor } from './ruleSupport';
import { RULES } from './ruleRegistry';

export type RuleSeverities = Readonly<Partial<Record<RuleId, SeveritySetting>>>;

/**
 * Every rule's findings for one site, at the configured severities, without those silenced by
 * `promptcost-ignore`; each finding also offers to silence itself. A rule that throws loses only its
 * own findings: the failure is logged and shown as an internal-error finding, never as a problem
 * of the user's code.
 */
export async function runRules(
  site: PromptSite,
  estimate: Estimate,
  context: Omit<RuleContext, 'priorSavings'>,
  severities: RuleSeverities = {},
  logger: Logger,
): Promise<Finding[]> {
  const findings: Finding[] = [];
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
      const stamped: Finding = { ...finding, rule, severity: setting };
      if (ignoredRules(context.text, site, stamped).has(rule)) continue;
      const silence = ignoreFix(context.text, site, rule);
      const fixes = silence ? [...finding.fixes, silence] : finding.fixes;
      findings.push({ ...stamped, fixes: site.kind === 'prompt-file' ? await applicableFixes(fixes, context) : fixes });
      priorSavings += finding.monthlySavings ?? 0;
    }
  }
  return findings;
}

/**
 * The fixes that, applied, leave a file that still yields the site and parses no worse. Re-reading a
 * prompt file takes a millisecond, so every fix on one is checked: a YAML error elsewhere can hide the
 * key an insertion should go into, and the fix would add a duplicate.
 */
async function applicableFixes(fixes: Fix[], context: Omit<RuleContext, 'priorSavings'>): Promise<Fix[]> {
  // Broken YAML hides keys a fix would need to see, and re-reading it is slow: fix the YAML first.
  if (context.hasParseProblems) return [];
  const kept: Fix[] = [];
  for (const fix of fixes) if (await context.afterEdits(fix.edits)) kept.push(fix);
  return kept;
}
