import type { FileAnalysis } from './analyzeFile';
import type { ReportSite } from './report';

/**
 * What a scan asks of a file's sites as the file's analysis arrives: how many there are, and what
 * their findings are. Enough for the engine's log line and for the scan cache to decide whether to
 * keep the analysis, without building the sites themselves.
 */
export interface SiteSummary {
  sites: number;
  /** Every finding of every site, counted. */
  findings: number;
  /** The rules those findings are of, each once. */
  findingRules: readonly string[];
}

export function summarizeSites(sites: readonly ReportSite[]): SiteSummary {
  const rules = new Set<string>();
  let findings = 0;
  for (const { findings: siteFindings } of sites) {
    findings += siteFindings.length;
    for (const finding of siteFindings) rules.add(finding.rule);
  }
  return { sites: sites.length, findings, findingRules: [...rules] };
}

/** The summary an analysis whose sites are not built yet arrived with. */
const SUMMARIES = new WeakMap<FileAnalysis, SiteSummary>();
/** What waits for an analysis's sites to be built, by analysis (only while they are not). */
const WAITING = new WeakMap<FileAnalysis, Array<(sites: ReportSite[]) => void>>();

/**
 * An analysis whose sites are built the first time `sites` is read. A scan holds thousands of
 * files' analyses until its report is assembled, and their sites decoded as each file arrived
 * filled the main thread's heap beside the worker's; the CLI's last scan builds them once its
 * workers have stopped (`ScanOptions.beforeReport`). Reading `sites` gives the same array every
 * time; setting it replaces it, as on a plain object.
 */
export function withSitesOnRead(fileLevel: Omit<FileAnalysis, 'sites'>, summary: SiteSummary, build: () => ReportSite[]): FileAnalysis {
  const analysis = { ...fileLevel } as FileAnalysis;
  const settle = (target: FileAnalysis, sites: ReportSite[]) => {
    Object.defineProperty(target, 'sites', { value: sites, writable: true, enumerable: true, configurable: true });
    // Built, the sites answer for themselves (`siteSummary`).
    SUMMARIES.delete(target);
    const waiting = WAITING.get(target);
    WAITING.delete(target);
    for (const callback of waiting ?? []) callback(sites);
  };
  Object.defineProperty(analysis, 'sites', {
    enumerable: true,
    configurable: true,
    get(this: FileAnalysis) {
      const sites = build();
      settle(this, sites);
      return sites;
    },
    set(this: FileAnalysis, sites: ReportSite[]) {
      settle(this, sites);
    },
  });
  SUMMARIES.set(analysis, summary);
  return analysis;
}

/** The analysis's sites summarised: from what it arrived with while they are not built, else from them. */
export function siteSummary(analysis: FileAnalysis): SiteSummary {
  const summary = isBuilt(analysis) ? undefined : SUMMARIES.get(analysis);
  return summary ?? summarizeSites(analysis.sites);
}

/**
 * Calls `callback` with the analysis's sites once they are built: now if they are, else when
 * something first reads them (never, if nothing does).
 */
export function whenSitesBuilt(analysis: FileAnalysis, callback: (sites: ReportSite[]) => void): void {
  if (isBuilt(analysis)) {
    callback(analysis.sites);
    return;
  }
  const waiting = WAITING.get(analysis);
  if (waiting) waiting.push(callback);
  else WAITING.set(analysis, [callback]);
}

/** Whether the analysis's sites are a plain field (built, or never deferred). */
function isBuilt(analysis: FileAnalysis): boolean {
  return Object.getOwnPropertyDescriptor(analysis, 'sites')?.get === undefined;
}
