import type { RuleSeveritySetting } from '../volume/projectConfig';
import type { Estimate, Finding, PromptSite } from '../types';
import { ALL_RULES } from './allRules';
import { ignoredRules, ignoreFix } from './ignoreComments';
import { RULES_DOCUMENTATION_URL, type RuleContext } from './rule';

export type RuleSeverities = Readonly<Record<string, RuleSeveritySetting>>;

/**
 * Every rule's findings for one site, at the configured severities, without those silenced by
 * `promptcost-ignore`; each finding also offers to silence itself. A rule that throws on odd
 * input loses only its own findings.
 */
export async function runRules(site: PromptSite, estimate: Estimate, context: RuleContext, severities: RuleSeverities = {}): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const rule of ALL_RULES) {
    const setting = severities[rule.id] ?? rule.defaultSeverity;
    if (setting === 'off') continue;
    let found: Finding[];
    try {
      found = await rule.check(site, estimate, context);
    } catch {
      continue;
    }
    for (const finding of found) {
      if (ignoredRules(context.text, site, finding).has(rule.id)) continue;
      const silence = ignoreFix(context.text, site, rule.id);
      findings.push({ ...finding, severity: setting, fixes: silence ? [...finding.fixes, silence] : finding.fixes });
    }
  }
  return findings;
}

/** Where a rule is explained, for a diagnostic's link. */
export function ruleDocumentation(ruleId: string): string | undefined {
  return ALL_RULES.some((rule) => rule.id === ruleId) ? `${RULES_DOCUMENTATION_URL}#${ruleId}` : undefined;
}
