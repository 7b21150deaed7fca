import { formatMonthly, formatPerCall, formatTotal, roundCents } from '../format';
import { siteName, SITE_NAME_SEPARATOR } from './siteName';
import type { Range, TaskEstimate } from '../types';
import { countedSites, siteSavings, UNKNOWN_MODEL, type Report, type ReportSite } from '../workspace/report';

/** How the sites view groups a workspace's sites. */
export type SiteGrouping = 'task' | 'file' | 'model';

export const SITE_GROUPINGS: readonly SiteGrouping[] = ['file', 'task', 'model'];

/** One site as a line of the sites view. */
export interface SiteEntry {
  siteId: string;
  file: string;
  range: Range;
  /** `draftReply.ts › draftReply` (report/siteName.ts), or just `draftReply` when the group is the file. */
  label: string;
  /** USD a month, undefined when unpriced. */
  monthly?: number;
  /** `$1,029.78/mo · 2 findings`, `unpriced · 1 finding`. */
  description: string;
  findings: number;
  /** What its findings would save a month, to the cent. */
  savings: number;
}

/** A group of the sites view: a task, a file or a model, with its sites costliest first. */
export interface SiteGroup {
  /** The file's path, the model's id, or `task:` and the task's id. */
  key: string;
  label: string;
  /** Sum of the priced sites' months, each to the cent. */
  monthly: number;
  unpricedSites: number;
  description: string;
  /** A task's entry, to reveal; absent for files and models (the first site is revealed). */
  entry?: { file: string; range: Range };
  sites: SiteEntry[];
}

/** Shown for the sites no task reaches, when grouping by task. */
export const NO_TASK = 'Not in a task';

/**
 * The sites of a report in groups, each group's sites costliest first (unpriced last), the groups
 * costliest first. Only the sites the totals count: a call that runs a prompt file shows at the file.
 */
export function groupSites(report: Report, grouping: SiteGrouping): SiteGroup[] {
  const sites = countedSites(report.sites);
  const groups = grouping === 'task' ? byTask(sites, report.tasks ?? []) : byKey(sites, grouping);
  return groups.sort(costliestFirst);
}

function byKey(sites: readonly ReportSite[], grouping: 'file' | 'model'): SiteGroup[] {
  const members = new Map<string, ReportSite[]>();
  for (const reportSite of sites) {
    const key = grouping === 'file' ? reportSite.site.file : (reportSite.estimate.model.canonical ?? UNKNOWN_MODEL);
    members.set(key, [...(members.get(key) ?? []), reportSite]);
  }
  return [...members].map(([key, group]) => {
    if (grouping === 'model') return makeGroup(key, key, group, false);
    // A file by its name, its folder after the figures: a narrow side bar keeps the name and the cost in view.
    const slash = key.lastIndexOf('/');
    const made = makeGroup(key, key.slice(slash + 1), group, true);
    if (slash > 0) made.description = `${made.description} · ${key.slice(0, slash)}`;
    return made;
  });
}

function byTask(sites: readonly ReportSite[], tasks: readonly TaskEstimate[]): SiteGroup[] {
  const byId = new Map(sites.map((reportSite) => [reportSite.site.id, reportSite]));
  const inSomeTask = new Set<string>();
  const groups: SiteGroup[] = [];
  for (const task of tasks) {
    const steps = [...new Set(task.steps.map((step) => step.site))].flatMap((id) => byId.get(id) ?? []);
    steps.forEach(({ site }) => inSomeTask.add(site.id));
    const group = makeGroup(`task:${task.id}`, task.id, steps, false);
    group.description = taskDescription(task, group);
    group.entry = { file: task.file, range: task.range };
    groups.push(group);
  }
  const rest = sites.filter(({ site }) => !inSomeTask.has(site.id));
  if (rest.length > 0) groups.push(makeGroup('task:', NO_TASK, rest, false));
  return groups;
}

function makeGroup(key: string, label: string, members: readonly ReportSite[], inFile: boolean): SiteGroup {
  const sites = members.map((reportSite) => siteEntry(reportSite, inFile)).sort(costliestFirst);
  const priced = sites.filter((entry) => entry.monthly !== undefined);
  const monthly = roundCents(priced.reduce((sum, entry) => sum + roundCents(entry.monthly!), 0));
  const exact = priced.reduce((sum, entry) => sum + entry.monthly!, 0);
  const unpricedSites = sites.length - priced.length;
  return { key, label, monthly, unpricedSites, description: groupDescription(formatTotal(monthly, exact), priced.length, unpricedSites), sites };
}

function siteEntry({ site, estimate, findings }: ReportSite, inFile: boolean): SiteEntry {
  const monthly = estimate.cost.priced ? estimate.cost.monthly : undefined;
  const cost = monthly !== undefined ? `${formatMonthly(monthly)}/mo` : 'unpriced';
  const count = findings.length;
  const description = count > 0 ? `${cost} · ${count} ${count === 1 ? 'finding' : 'findings'}` : cost;
  const entry: SiteEntry = {
    siteId: site.id,
    file: site.file,
    range: site.range,
    label: inFile ? nameInFile(site) : siteName(site),
    description,
    findings: count,
    savings: siteSavings(findings),
  };
  if (monthly !== undefined) entry.monthly = monthly;
  return entry;
}

/** Inside its file's group a site needs no file name: `draftReply`, `summarize (call 2)`. */
function nameInFile(site: ReportSite['site']): string {
  const name = siteName(site);
  const base = site.file.slice(site.file.lastIndexOf('/') + 1);
  const prefix = `${base}${SITE_NAME_SEPARATOR}`;
  return name.startsWith(prefix) ? name.slice(prefix.length) : name;
}

/** `$119.23/mo · 2 sites`; a group of sites each under a cent shows their exact sum, never `$0.00`. */
function groupDescription(monthlyText: string, priced: number, unpriced: number): string {
  const sites = priced + unpriced;
  const count = `${sites} ${sites === 1 ? 'site' : 'sites'}`;
  if (priced === 0) return `unpriced · ${count}`;
  const cost = `${monthlyText}/mo`;
  return unpriced > 0 ? `${cost} + ${unpriced} unpriced · ${count}` : `${cost} · ${count}`;
}

/** A task's own figures: its month when promptcost.yaml gives it a volume, else what one task costs. */
function taskDescription(task: TaskEstimate, group: SiteGroup): string {
  const count = `${group.sites.length} ${group.sites.length === 1 ? 'site' : 'sites'}`;
  if (task.problem) return `not found · ${task.problem}`;
  const perTask = task.costPerTask !== undefined ? `${formatPerCall(task.costPerTask)}/task` : 'unpriced';
  if (task.monthly !== undefined) return `${formatMonthly(task.monthly)}/mo · ${perTask} · ${count}`;
  return `${perTask} · ${count}`;
}

function costliestFirst(a: { monthly?: number; label: string }, b: { monthly?: number; label: string }): number {
  const [x, y] = [a.monthly ?? -1, b.monthly ?? -1];
  return y - x || a.label.localeCompare(b.label);
}
