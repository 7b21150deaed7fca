import { formatMonthly } from '../format';
import type { Severity } from '../types';
import type { CostPolicy } from '../volume/projectConfig';
import type { CostDiff } from './costDiff';
import { signedMonthly } from './diffText';

/** One way a change breaks the policy, in words, with the key of `policy:` it breaks. */
export interface PolicyBreach {
  policy: keyof CostPolicy;
  text: string;
  /** The site it is about, when it is about one. */
  siteId?: string;
}

const RANK: Readonly<Record<Severity, number>> = { hint: 0, info: 1, warning: 2, error: 3 };

/**
 * What a change breaks of `policy:` (promptcost.yaml, with the CLI's flags over it): the new total,
 * the increase in dollars and percent, each site the change adds or changes (its month, an unknown
 * price) and each finding it adds at or above `failOn`. Empty when it passes.
 */
export function diffPolicyBreaches(diff: CostDiff, policy: CostPolicy): PolicyBreach[] {
  const breaches: PolicyBreach[] = [];
  const { totalMonthlyCost: total, pastTotalMonthlyCost: past, diffTotalMonthlyCost: change } = diff;
  if (policy.maxMonthly !== undefined && total > policy.maxMonthly)
    breaches.push({ policy: 'maxMonthly', text: `The monthly total ${formatMonthly(total)} is over maxMonthly ${formatMonthly(policy.maxMonthly)}.` });
  if (policy.maxMonthlyIncrease !== undefined && change > policy.maxMonthlyIncrease)
    breaches.push({
      policy: 'maxMonthlyIncrease',
      text: `This change adds ${signedMonthly(change)}/month, over maxMonthlyIncrease ${formatMonthly(policy.maxMonthlyIncrease)}.`,
    });
  if (policy.maxIncreasePercent !== undefined && past > 0 && (change / past) * 100 > policy.maxIncreasePercent)
    breaches.push({
      policy: 'maxIncreasePercent',
      text: `This change raises the monthly total by ${((change / past) * 100).toFixed(1)}%, over maxIncreasePercent ${policy.maxIncreasePercent}%.`,
    });
  for (const site of diff.sites) {
    if (site.status !== 'added' && site.status !== 'changed') continue;
    if (policy.maxSiteMonthly !== undefined && site.monthly !== null && site.monthly > policy.maxSiteMonthly)
      breaches.push({
        policy: 'maxSiteMonthly',
        siteId: site.id,
        text: `${site.file}:${site.line} (${site.name}) costs ${formatMonthly(site.monthly)}/month, over maxSiteMonthly ${formatMonthly(policy.maxSiteMonthly)}.`,
      });
    if (policy.blockUnknownModels && site.monthly === null)
      breaches.push({
        policy: 'blockUnknownModels',
        siteId: site.id,
        text: `${site.file}:${site.line} (${site.name}) has no known price (blockUnknownModels).`,
      });
  }
  if (policy.failOn !== undefined) {
    for (const finding of diff.findings.new) {
      if (RANK[finding.severity] < RANK[policy.failOn]) continue;
      breaches.push({
        policy: 'failOn',
        siteId: finding.siteId,
        text: `New ${finding.severity} at ${finding.file}:${finding.line}: ${finding.rule}: ${finding.message.split('\n')[0]}`,
      });
    }
  }
  return breaches;
}
