import { formatMonthly } from '../format';
import type { Severity } from '../types';
import type { CostDiff } from './costDiff';
import { signedMonthly } from './diffText';
import { firstLine } from './rows';
import type { SarifFinding } from './sarifReport';

/** The three annotation levels of GitHub's workflow commands. */
export type AnnotationLevel = 'error' | 'warning' | 'notice';

/** One annotation: where (none for the whole run), what, and how much money rides on it, to order them. */
export interface Annotation {
  level: AnnotationLevel;
  /** Relative to the repository root, `/` separators. */
  file?: string;
  /** 1-based. */
  line?: number;
  title: string;
  message: string;
  /** USD a month at stake, for the order: most expensive first. */
  weight: number;
}

/**
 * GitHub shows at most 10 annotations of each level per step (and 50 per job); the rest are
 * dropped silently, in the order printed. So the most expensive go first, and when a level has more
 * than it can show, its last slot says how many were left out and where the whole list is.
 * (docs: actions/toolkit, docs/problem-matchers.md, "Limitations")
 */
export const ANNOTATIONS_PER_LEVEL = 10;

const LEVEL: Readonly<Record<Severity, AnnotationLevel>> = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' };

/** The findings of a report (estimate, check) as annotations: the level of their severity, weighted by their saving or their call's month. */
export function findingAnnotations(findings: readonly SarifFinding[]): Annotation[] {
  return findings.map(({ file, finding, siteMonthly }) => {
    const money: string[] = [];
    if (siteMonthly !== undefined) money.push(`this call costs ${formatMonthly(siteMonthly)}/month`);
    if (finding.monthlySavings !== undefined && finding.monthlySavings > 0) money.push(`the fix saves ${formatMonthly(finding.monthlySavings)}/month`);
    return {
      level: LEVEL[finding.severity],
      file,
      line: finding.range.start.line + 1,
      title: `Prompt Cost: ${finding.rule}`,
      message: money.length > 0 ? `${firstLine(finding.message)} (${money.join('; ')})` : firstLine(finding.message),
      weight: finding.monthlySavings ?? siteMonthly ?? 0,
    };
  });
}

/**
 * A diff as annotations: each site whose month moved, at its line in the head (a notice: a cost
 * change is for the reviewer to weigh, not an error), and each finding the change adds at its
 * severity. Removed sites have no line in the head; the summary lists them.
 */
export function diffAnnotations(diff: CostDiff): Annotation[] {
  const annotations: Annotation[] = [];
  for (const site of diff.sites) {
    if (site.status === 'removed' || site.status === 'unchanged') continue;
    const change = site.diffMonthly === null ? 'unpriced' : `${signedMonthly(site.diffMonthly)}/month`;
    const before = site.status === 'added' ? 'new' : site.pastMonthly === null ? 'unpriced' : formatMonthly(site.pastMonthly);
    const after = site.monthly === null ? 'unpriced' : formatMonthly(site.monthly);
    const why = site.reasons.length > 0 ? ` — ${site.reasons.join(' · ')}` : '';
    annotations.push({
      level: 'notice',
      file: site.file,
      line: site.line,
      title: `Prompt Cost: ${change}`,
      message: `${site.name}: ${before} → ${after} a month${why}`,
      weight: Math.abs(site.diffMonthly ?? 0),
    });
  }
  for (const finding of diff.findings.new) {
    const saving = finding.monthlySavings ? ` (the fix saves ${formatMonthly(finding.monthlySavings)}/month)` : '';
    annotations.push({
      level: LEVEL[finding.severity],
      file: finding.file,
      line: finding.line,
      title: `Prompt Cost: ${finding.rule}`,
      message: `${firstLine(finding.message)}${saving}`,
      weight: finding.monthlySavings ?? 0,
    });
  }
  return annotations;
}

/**
 * The workflow commands for the annotations: per level the most expensive first, at most
 * ANNOTATIONS_PER_LEVEL, the last slot of a full level saying how many more there are.
 */
export function toWorkflowCommands(annotations: readonly Annotation[], whereTheRestIs = 'the job summary'): string[] {
  const lines: string[] = [];
  for (const level of ['error', 'warning', 'notice'] as const) {
    const ofLevel = annotations
      .filter((annotation) => annotation.level === level)
      .sort((a, b) => b.weight - a.weight || (a.file ?? '').localeCompare(b.file ?? '') || (a.line ?? 0) - (b.line ?? 0));
    const overflow = ofLevel.length > ANNOTATIONS_PER_LEVEL;
    const shown = overflow ? ofLevel.slice(0, ANNOTATIONS_PER_LEVEL - 1) : ofLevel;
    for (const annotation of shown) lines.push(workflowCommand(annotation));
    if (overflow) {
      const left = ofLevel.length - shown.length;
      lines.push(
        workflowCommand({
          level,
          title: 'Prompt Cost',
          message: `${left} more ${level} annotations are not shown (GitHub shows ${ANNOTATIONS_PER_LEVEL} of a level per step): see ${whereTheRestIs}.`,
          weight: 0,
        }),
      );
    }
  }
  return lines;
}

/** `::warning file=src/a.ts,line=12,title=…::message`, escaped so that no text can end the command early or start another. */
export function workflowCommand(annotation: Annotation): string {
  const properties: string[] = [];
  if (annotation.file !== undefined) properties.push(`file=${escapeProperty(annotation.file)}`);
  if (annotation.line !== undefined) properties.push(`line=${annotation.line}`);
  properties.push(`title=${escapeProperty(annotation.title)}`);
  return `::${annotation.level} ${properties.join(',')}::${escapeData(annotation.message)}`;
}

/** The runner's own escaping of a command's message (actions/toolkit `escapeData`): a line break would end the command. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value also loses its `:` and `,`, which separate the command's parts (actions/toolkit `escapeProperty`). */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
