import { createHash } from 'crypto';
import { FINDING_CODES, findingDocumentation, RULE_IDS, type FindingCode } from '../findings/findingCodes';
import { formatMonthly } from '../format';
import type { Finding, PromptSite, Severity } from '../types';
import type { Report } from '../workspace/report';
import { siteName } from './siteName';

/** A finding to report, with the site it is on (none for a problem of the file as a whole). */
export interface SarifFinding {
  file: string;
  finding: Finding;
  site?: PromptSite;
  /** The site's month, for the message; undefined when unpriced or not a site's. */
  siteMonthly?: number;
}

const LEVEL: Readonly<Record<Severity, 'error' | 'warning' | 'note'>> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

/** Every finding of a report, each with its site: what `estimate --format sarif` and `check --format sarif` upload. */
export function reportSarifFindings(report: Pick<Report, 'sites' | 'fileFindings'>): SarifFinding[] {
  const found: SarifFinding[] = [];
  for (const { file, findings } of report.fileFindings) for (const finding of findings) found.push({ file, finding });
  for (const { site, estimate, findings } of report.sites) {
    const siteMonthly = estimate.cost.priced ? estimate.cost.monthly : undefined;
    for (const finding of findings) found.push({ file: site.file, finding, site, siteMonthly });
  }
  return found;
}

/**
 * SARIF 2.1.0 for code scanning: one `rules[]` entry per cost rule (and per other finding code
 * that occurs), each result at its file (relative to the scanned root, as the repository knows it)
 * and region, its message with the money, and a fingerprint from the rule, the file and what the
 * call is — its function and what it sends, never its line — so an alert survives edits elsewhere.
 */
export function toSarifReport(findings: readonly SarifFinding[], tool: { version: string }): object {
  const codes = [...RULE_IDS, ...new Set(findings.map(({ finding }) => finding.rule).filter((code) => !RULE_IDS.includes(code as never)))];
  const ruleIndex = new Map(codes.map((code, index) => [code, index]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Prompt Cost',
            semanticVersion: tool.version,
            informationUri: 'https://github.com/promptcost/promptcost',
            rules: codes.map((code) => sarifRule(code)),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: findings.map((found) => sarifResult(found, ruleIndex.get(found.finding.rule)!)),
      },
    ],
  };
}

function sarifRule(code: FindingCode) {
  const info = FINDING_CODES[code];
  return {
    id: code,
    name: code.replace(/(^|-)([a-z])/g, (_, __, letter: string) => letter.toUpperCase()),
    shortDescription: { text: info.summary },
    fullDescription: {
      text: `${info.summary} ${info.kind === 'rule' ? 'A Prompt Cost rule: its finding says what it costs a month and how to fix it.' : 'A problem with the input: the figures around it may be incomplete.'}`,
    },
    helpUri: findingDocumentation(code),
    defaultConfiguration: { level: LEVEL[info.defaultSeverity] },
  };
}

function sarifResult({ file, finding, site, siteMonthly }: SarifFinding, ruleIndex: number) {
  const { start, end } = finding.range;
  const region: Record<string, number> = { startLine: start.line + 1, startColumn: start.character + 1 };
  if (end.line !== start.line || end.character !== start.character) Object.assign(region, { endLine: end.line + 1, endColumn: end.character + 1 });
  const money: string[] = [];
  if (siteMonthly !== undefined) money.push(`this call costs ${formatMonthly(siteMonthly)}/month`);
  if (finding.monthlySavings !== undefined && finding.monthlySavings > 0) money.push(`the fix saves ${formatMonthly(finding.monthlySavings)}/month`);
  const text = money.length > 0 ? `${finding.message} (${money.join('; ')})` : finding.message;
  return {
    ruleId: finding.rule,
    ruleIndex,
    level: LEVEL[finding.severity],
    message: { text },
    locations: [{ physicalLocation: { artifactLocation: { uri: encodeURI(file) }, region } }],
    partialFingerprints: { 'promptcostFingerprint/v1': fingerprint(file, finding, site) },
  };
}

/** The rule, the file and what the call is (its function, SDK and messages), hashed: no line number in it. */
function fingerprint(file: string, finding: Finding, site: PromptSite | undefined): string {
  const what = site
    ? [
        siteName(site),
        site.sdk,
        site.model?.written ?? site.model?.id ?? '',
        ...site.messages.map((message) => message.segments.map((segment) => segment.text).join('')),
      ]
    : [finding.message];
  const normalised = what.map((part) => part.replace(/\s+/g, ' ').trim());
  return createHash('sha256')
    .update(JSON.stringify([finding.rule, file, normalised]))
    .digest('hex')
    .slice(0, 32);
}
