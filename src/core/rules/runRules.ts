import type { RuleSeveritySetting } from '../volume/projectConfig';
import type { Estimate, Finding, PromptSite } from '../types';
import { ALL_RULES } from './allRules';
import { ignoredRules, ignoreFix } from './ignoreComments';
import { RULES_DOCUMENTATION_URL, type RuleContext } from './rule';
import { RULE_IDS } from './ruleIds';

export type RuleSeverities = Readonly<Record<string, RuleSeveritySetting>>;

/**
 * Every rule's findings for one site, at the configured severities, without those silenced by
 * `promptcost-ignore`; each finding also offers to silence itself. A rule that throws on odd
 * input loses only its own findings.
 */
export async function runRules(
  site: PromptSite,
  estimate: Estimate,
  context: Omit<RuleContext, 'priorSavings'>,
  severities: RuleSeverities = {},
): Promise<Finding[]> {
  const findings: Finding[] = [];
  let priorSavings = 0;
  for (const rule of ALL_RULES) {
    const setting = severities[rule.id] ?? rule.defaultSeverity;
    if (setting === 'off') continue;
    let found: Finding[];
    try {
      found = await rule.check(site, estimate, { ...context, priorSavings });
    } catch {
      continue;
    }
    for (const finding of found) {
      if (ignoredRules(context.text, site, finding).has(rule.id)) continue;
      const silence = ignoreFix(context.text, site, rule.id);
      findings.push({ ...finding, severity: setting, fixes: silence ? [...finding.fixes, silence] : finding.fixes });
      priorSavings += finding.monthlySavings ?? 0;
    }
  }
  return findings;
}

/**
 * Where a rule is explained, for a diagnostic's link. Reads the id list, not the rules, so the
 * editor's main bundle links diagnostics without carrying the rules (they run in the worker).
 */
export function ruleDocumentation(ruleId: string): string | undefined {
  return (RULE_IDS as readonly string[]).includes(ruleId) ? `${RULES_DOCUMENTATION_URL}#${ruleId}` : undefined;
}
