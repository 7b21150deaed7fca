import { isRuleId } from '../findings/findingCodes';
import { formatCount, roundCents } from '../format';
import type { Finding, PromptSite } from '../types';
import { siteName } from './siteName';
import { countedSites, type Report, type ReportSite } from '../workspace/report';

/** What became of a site between the base and the head. */
export type SiteStatus = 'added' | 'removed' | 'changed' | 'unchanged';

/** One site compared: where it is now (where it was, when removed), its month before and after, and why it moved. */
export interface SiteDiff {
  id: string;
  /** The base's id when it differs (the site moved, or its function was renamed). */
  pastId?: string;
  file: string;
  /** 1-based. */
  line: number;
  /** The site as a person reads it (`draftReply.ts › draftReply`). */
  name: string;
  status: SiteStatus;
  /** USD a month at the base, to the cent (below a cent, two significant digits): 0 when the site did not exist, null when it was unpriced. */
  pastMonthly: number | null;
  /** USD a month at the head: 0 when the site is gone, null when it is unpriced. */
  monthly: number | null;
  /** monthly − pastMonthly; null when either is unpriced (an unknown price is no $0). */
  diffMonthly: number | null;
  /** What changed, in words: `model gpt-4o → gpt-4.1`, `prompt +812 tokens`, `cap removed`, … */
  reasons: string[];
}

/** A cost finding of one site, as the diff lists it. */
export interface DiffFinding {
  siteId: string;
  file: string;
  /** 1-based. */
  line: number;
  rule: string;
  severity: Finding['severity'];
  message: string;
  monthlySavings?: number;
}

export interface CostDiff {
  /** What was compared: the base ref, and the head (a ref, or the working tree). */
  base: string;
  head: string;
  /** Priced sites only, each to the cent: unpriced ones are counted in `unpricedSites`, never as $0. */
  pastTotalMonthlyCost: number;
  totalMonthlyCost: number;
  diffTotalMonthlyCost: number;
  unpricedSites: { base: number; head: number };
  /** Every site of either side, the largest change first. */
  sites: SiteDiff[];
  /** Rule findings that the head has and the base had not (new), and the reverse (fixed). */
  findings: { new: DiffFinding[]; fixed: DiffFinding[] };
}

/**
 * Compares two reports of the same paths: sites are matched by id, then — for a site that moved or
 * whose function was renamed — by what it sends (its SDK and the text of its messages), in the same
 * file first. Each matched pair gets the reasons its month changed.
 */
export function diffReports(baseReport: Report, headReport: Report, labels: { base: string; head: string }): CostDiff {
  const base = countedSites(baseReport.sites);
  const head = countedSites(headReport.sites);
  const pairs = matchSites(base, head);
  const sites: SiteDiff[] = [];
  const findings: CostDiff['findings'] = { new: [], fixed: [] };
  for (const [past, now] of pairs) {
    sites.push(siteDiff(past, now));
    const pastRules = new Set(past?.findings.map((finding) => finding.rule));
    const nowRules = new Set(now?.findings.map((finding) => finding.rule));
    for (const finding of now?.findings ?? []) if (isCostFinding(finding) && !pastRules.has(finding.rule)) findings.new.push(diffFinding(now!, finding));
    for (const finding of past?.findings ?? []) if (isCostFinding(finding) && !nowRules.has(finding.rule)) findings.fixed.push(diffFinding(past!, finding));
  }
  sites.sort(byChange);
  // The estimate's own totals (each priced site to the cent, then added), so that both commands show the same figures.
  const pastTotal = baseReport.totals.monthlyCost;
  const total = headReport.totals.monthlyCost;
  return {
    base: labels.base,
    head: labels.head,
    pastTotalMonthlyCost: pastTotal,
    totalMonthlyCost: total,
    diffTotalMonthlyCost: roundCents(total - pastTotal),
    unpricedSites: { base: base.filter(unpriced).length, head: head.filter(unpriced).length },
    sites,
    findings,
  };
}

/**
 * The sites of two lists compared as diffReports compares them, without totals or findings: what
 * the editor shows on one file's sites against the same file at the base.
 */
export function diffSites(baseSites: readonly ReportSite[], headSites: readonly ReportSite[]): SiteDiff[] {
  return matchSites(countedSites(baseSites), countedSites(headSites))
    .map(([past, now]) => siteDiff(past, now))
    .sort(byChange);
}

/** The largest change first; then added, removed, changed, unchanged; then by id. */
const byChange = (a: SiteDiff, b: SiteDiff) =>
  Math.abs(b.diffMonthly ?? 0) - Math.abs(a.diffMonthly ?? 0) || statusRank(a) - statusRank(b) || a.id.localeCompare(b.id);

const unpriced = (entry: ReportSite) => !entry.estimate.cost.priced || entry.estimate.cost.monthly === undefined;
/** To the cent; a cost below a cent keeps two significant digits, so that it never reads as $0.00. */
const money = (usd: number) => (usd > 0 && roundCents(usd) === 0 ? Number(usd.toPrecision(2)) : roundCents(usd));
const monthlyOf = (entry: ReportSite): number | null => (unpriced(entry) ? null : money(entry.estimate.cost.monthly!));
const statusRank = (site: SiteDiff) => ['added', 'removed', 'changed', 'unchanged'].indexOf(site.status);

/** Findings of the cost rules; problems with the input (broken YAML, an unknown model) are the reports' own. */
const isCostFinding = (finding: Finding) => isRuleId(finding.rule);

function diffFinding(entry: ReportSite, finding: Finding): DiffFinding {
  const listed: DiffFinding = {
    siteId: entry.site.id,
    file: entry.site.file,
    line: finding.range.start.line + 1,
    rule: finding.rule,
    severity: finding.severity,
    message: finding.message,
  };
  if (finding.monthlySavings !== undefined) listed.monthlySavings = roundCents(finding.monthlySavings);
  return listed;
}

/** Pairs of (base, head) sites: by id, then by content; the rest alone on their side. */
function matchSites(base: ReportSite[], head: ReportSite[]): Array<[ReportSite | undefined, ReportSite | undefined]> {
  const pairs: Array<[ReportSite | undefined, ReportSite | undefined]> = [];
  const headById = new Map(head.map((entry) => [entry.site.id, entry]));
  const unmatchedBase: ReportSite[] = [];
  const matchedHead = new Set<ReportSite>();
  for (const entry of base) {
    const same = headById.get(entry.site.id);
    if (same && !matchedHead.has(same)) {
      pairs.push([entry, same]);
      matchedHead.add(same);
    } else unmatchedBase.push(entry);
  }
  const unmatchedHead = head.filter((entry) => !matchedHead.has(entry));
  for (const entry of unmatchedBase) {
    const key = contentKey(entry.site);
    const candidates = unmatchedHead.filter((other) => !matchedHead.has(other) && contentKey(other.site) === key);
    const match = candidates.find((other) => other.site.file === entry.site.file) ?? (candidates.length === 1 ? candidates[0] : undefined);
    if (match) matchedHead.add(match);
    pairs.push([entry, match]);
  }
  for (const entry of unmatchedHead) if (!matchedHead.has(entry)) pairs.push([undefined, entry]);
  return pairs;
}

/** What a site sends, without where it is: its kind, SDK and each message's role and text. */
function contentKey(site: PromptSite): string {
  return JSON.stringify([site.kind, site.sdk, site.messages.map((message) => [message.role, message.segments.map((segment) => segment.text)])]);
}

function siteDiff(past: ReportSite | undefined, now: ReportSite | undefined): SiteDiff {
  const shown = (now ?? past)!;
  const pastMonthly = past ? monthlyOf(past) : 0;
  const monthly = now ? monthlyOf(now) : 0;
  const diffMonthly = pastMonthly === null || monthly === null ? null : money(Math.abs(monthly - pastMonthly)) * Math.sign(monthly - pastMonthly);
  const reasons = past && now ? changeReasons(past, now) : [];
  const moved = diffMonthly !== null && diffMonthly !== 0;
  const status: SiteStatus = !past ? 'added' : !now ? 'removed' : reasons.length > 0 || moved ? 'changed' : 'unchanged';
  if (status === 'changed' && reasons.length === 0) reasons.push('prices changed');
  const diff: SiteDiff = {
    id: shown.site.id,
    file: shown.site.file,
    line: shown.site.range.start.line + 1,
    name: siteName(shown.site),
    status,
    pastMonthly,
    monthly,
    diffMonthly,
    reasons,
  };
  if (past && now && past.site.id !== now.site.id) diff.pastId = past.site.id;
  return diff;
}

const count = (n: number) => formatCount(n);
const signed = (n: number) => `${n > 0 ? '+' : '−'}${count(Math.abs(n))}`;

/** Why a matched site's month moved, each in a few words, the likeliest cause first. */
export function changeReasons(past: ReportSite, now: ReportSite): string[] {
  return [...pricingReasons(past, now), ...tokenReasons(past, now), ...volumeReasons(past, now)];
}

function pricingReasons(past: ReportSite, now: ReportSite): string[] {
  const reasons: string[] = [];
  const before = past.estimate;
  const after = now.estimate;
  const pastModel = before.model.canonical ?? before.model.id;
  const model = after.model.canonical ?? after.model.id;
  if (pastModel !== model) reasons.push(`model ${pastModel ?? 'unknown'} → ${model ?? 'unknown'}`);
  if (before.cost.priced !== after.cost.priced) reasons.push(after.cost.priced ? 'now priced' : 'now unpriced');
  if (before.cost.tier !== after.cost.tier) reasons.push(`tier ${before.cost.tier} → ${after.cost.tier}`);
  return reasons;
}

function tokenReasons(past: ReportSite, now: ReportSite): string[] {
  const reasons: string[] = [];
  const before = past.estimate.tokens;
  const after = now.estimate.tokens;
  if (before.input !== after.input) reasons.push(`prompt ${signed(after.input - before.input)} tokens`);
  // The cap as the code states it; without one, outputMax is the model's own maximum.
  const pastCap = past.site.outputCap?.value;
  const cap = now.site.outputCap?.value;
  if (pastCap !== cap)
    reasons.push(cap === undefined ? 'cap removed' : pastCap === undefined ? `cap added (${count(cap)})` : `cap ${count(pastCap)} → ${count(cap)}`);
  if (before.outputExpected !== after.outputExpected) reasons.push(`expected reply ${count(before.outputExpected)} → ${count(after.outputExpected)} tokens`);
  if (before.cached !== after.cached) reasons.push(`cached prefix ${count(before.cached)} → ${count(after.cached)} tokens`);
  return reasons;
}

function volumeReasons(past: ReportSite, now: ReportSite): string[] {
  const reasons: string[] = [];
  const before = past.estimate;
  const after = now.estimate;
  if (before.monthlyCalls !== after.monthlyCalls)
    reasons.push(`${after.agent ? 'runs' : 'calls'} ${count(before.monthlyCalls)} → ${count(after.monthlyCalls)} a month`);
  if (before.agent && after.agent && before.agent.maxTurns !== after.agent.maxTurns)
    reasons.push(`turn limit ${before.agent.maxTurns ?? 'none'} → ${after.agent.maxTurns ?? 'none'}`);
  else if (!before.agent !== !after.agent) reasons.push(after.agent ? 'now an agent loop' : 'no longer an agent loop');
  return reasons;
}

/** The CLI's `diff --format json` (a contract, like the estimate's: fields are added, never renamed; names follow Infracost's). */
export function toDiffJson(diff: CostDiff): object {
  return { version: 1, ...diff };
}
