import { extractCodeSites } from '../extract/code/extractCode';
import { NO_OTHER_FILES, type SourceReader } from '../codeModel/sourceReader';
import { extractPromptFile, promptFileFormat } from '../extract/promptFiles';
import { estimateSite, type EstimateContext } from '../cost/estimateSite';
import { isParseProblem } from '../findings/findingCodes';
import { boundFindings } from '../findings/boundFindings';
import { internalError } from '../findings/internalError';
import { problem } from '../findings/problem';
import type { Logger } from '../log/logger';
import { cheaperAlternatives } from '../pricing/alternatives';
import type { ExtractResult, FileCallGraph, Finding, Fix, PromptSite, Range, TaskEstimate, UnreadCall } from '../types';
import type { ReportSite } from './report';
import { applyEdits } from '../text/applyEdits';
import { lineIndexOf } from '../text/lineIndex';
import { plainFix, runRules, type RuledFinding, type RuleSeverities } from '../rules/runRules';
import { verifyCodeFixes, verifyPromptFileFixes, type PendingFix, type Reanalyse } from '../rules/verifyFixes';
import { DEFAULT_RULE_THRESHOLDS, type RuleContext, type RuleThresholds } from '../rules/rule';

/** Everything analysis needs besides the file: how to count and price, the project's settings, where to log. */
export interface AnalysisContext extends EstimateContext {
  /** `promptcost.rules.<id>` editor settings; they win over promptcost.yaml `rules:`. */
  ruleSeverities?: RuleSeverities;
  /** Rule thresholds from the editor or CLI settings; they win over promptcost.yaml `thresholds:`. */
  ruleThresholds?: Partial<RuleThresholds>;
  /** The setting's monthly calls are Prompt Cost's default, which nobody chose (AnalysisSettings). */
  monthlyCallsAssumed?: boolean;
  /**
   * Whether findings carry fixes (the default). Every fix that is offered was checked by analysing
   * the edited file again, a parse per check; a caller that shows no fixes (a scan, a report) saves that.
   */
  offerFixes?: boolean;
  logger: Logger;
  /** The file's extraction when the caller already has it (the analyser holds them for tasks): not done again. */
  extracted?: ExtractResult;
  /** Parse code without the pre-filter's look for SDK markers: the caller knows the whole file passed it (part of a file re-analysed after an edit). */
  parseWithoutPrefilter?: boolean;
}

export interface FileAnalysis {
  sites: ReportSite[];
  /** Problems of the file as a whole (syntax errors, broken YAML, an internal error), kept once, here, not on its sites. */
  findings: Finding[];
  /** Calls on an LLM SDK that no SDK module read (`--explain-misses`). */
  unreadCalls?: UnreadCall[];
  /** Code files: the calls between functions, which tasks follow. */
  graph?: FileCallGraph;
  /** The tasks whose entry function is in this file. */
  tasks?: TaskEstimate[];
}

/**
 * Extracts and estimates every site of one file — a prompt file, or source code with LLM calls —
 * and runs the cost rules on each. Undefined for other files. Problems with the input become
 * findings; a failure inside Prompt Cost becomes an `internal-error` finding on the file (logged
 * with its stack), never a syntax error and never an exception. `reader` lets code resolution follow
 * imports and files read from disk.
 */
export async function analyzeFile(
  text: string,
  file: string,
  context: AnalysisContext,
  reader: SourceReader = NO_OTHER_FILES,
): Promise<FileAnalysis | undefined> {
  try {
    return await analyzeOrThrow(text, file, context, reader);
  } catch (error) {
    context.logger.error(`Analysing ${file} failed`, error);
    return { sites: [], findings: [internalError('Prompt Cost could not analyse this file', error, firstLine(text))] };
  }
}

async function analyzeOrThrow(text: string, file: string, context: AnalysisContext, reader: SourceReader): Promise<FileAnalysis | undefined> {
  const analysis = await estimateFile(text, file, context, reader, context.extracted);
  if (!analysis) return undefined;
  const severities = { ...context.project.rules, ...context.ruleSeverities };
  const thresholds = ruleThresholds(context);
  const hasParseProblems = parseProblems(analysis.findings) > 0;
  // The file with edits applied, analysed again: how every fix that changes cost is checked.
  const reanalyse: Reanalyse = async (edits) => {
    let edited: FileAnalysis | undefined;
    try {
      edited = await estimateFile(applyEdits(text, edits), file, context, reader);
    } catch (error) {
      // The fix is not offered; the file itself was analysed, so this is only logged.
      context.logger.error(`Checking a fix in ${file} failed`, error);
      return undefined;
    }
    // A fix that breaks the file (a syntax error or bad YAML it did not have) is no fix.
    if (!edited || parseProblems(edited.findings) > parseProblems(analysis.findings)) return undefined;
    return new Map(edited.sites.map(({ site, estimate }) => [site.id, { site, estimate }]));
  };
  const ruleContext = (siteId: string, model: string): Omit<RuleContext, 'priorSavings'> => ({
    text,
    prices: context.prices,
    count: async (piece) => (await context.counter.countText(piece, model)).tokens,
    estimate: async (variant) => (await estimateSite(variant, context)).estimate,
    afterEdits: async (edits) => (await reanalyse(edits))?.get(siteId),
    thresholds,
    volumeAssumed: (estimate) => estimate.volumeSource === 'default' && context.monthlyCallsAssumed === true,
  });
  const ruled = new Map<ReportSite, RuledFinding[]>();
  for (const entry of analysis.sites) {
    // What the hover offers as cheaper options: the models the cheaper-model rule weighs, from 10% off.
    entry.alternatives = cheaperAlternatives(entry.estimate, context.prices);
    // A call that runs a prompt file is checked at the file, where its fixes belong.
    if (entry.site.promptFile) continue;
    const model = entry.estimate.model.id ?? context.defaultModel;
    ruled.set(entry, await runRules(entry.site, entry.estimate, ruleContext(entry.site.id, model), severities, context.logger));
  }
  const held = context.offerFixes === false ? new Set<Fix>() : await heldFixes(ruled, hasParseProblems, reanalyse);
  for (const [entry, findings] of ruled) {
    for (const finding of findings) {
      const fixes = finding.fixes.filter((fix) => held.has(fix));
      const dropped = finding.fixes.length - fixes.length;
      if (dropped > 0 && context.offerFixes !== false)
        context.logger.warn(`${entry.site.id}: ${dropped} ${finding.rule} fix(es) not offered: applied, the file did not show what they promise`);
      entry.findings.push({ ...finding, fixes: fixes.map(plainFix) });
    }
  }
  return analysis;
}

/** The defaults, then promptcost.yaml `thresholds:`, then the settings: each only where it is set. */
function ruleThresholds(context: AnalysisContext): RuleThresholds {
  const thresholds: RuleThresholds = { ...DEFAULT_RULE_THRESHOLDS };
  for (const given of [context.project.thresholds, context.ruleThresholds]) {
    if (given?.cheaperModelMonthly !== undefined) thresholds.cheaperModelMonthly = given.cheaperModelMonthly;
  }
  return thresholds;
}

/**
 * The fixes worth offering. On a prompt file every fix is checked, one by one (a re-read takes a
 * millisecond), and none is offered while its YAML is broken: the errors hide keys a fix must see.
 * On code, the fixes that change cost are checked together in batches (a re-parse costs more); a
 * fix that changes no cost, such as an "ignore here" comment, is offered as it is.
 */
async function heldFixes(ruled: ReadonlyMap<ReportSite, RuledFinding[]>, hasParseProblems: boolean, reanalyse: Reanalyse): Promise<Set<Fix>> {
  const held = new Set<Fix>();
  const pending: PendingFix[] = [];
  for (const [entry, findings] of ruled) {
    const fixes = findings.flatMap((finding) => finding.fixes);
    if (entry.site.kind !== 'prompt-file') {
      for (const fix of fixes)
        if (fix.expect) pending.push({ siteId: entry.site.id, fix });
        else held.add(fix);
    } else if (!hasParseProblems) {
      const siteId = entry.site.id;
      for (const fix of await verifyPromptFileFixes(fixes, async (edits) => (await reanalyse(edits))?.get(siteId))) held.add(fix);
    }
  }
  for (const fix of await verifyCodeFixes(pending, reanalyse)) held.add(fix);
  return held;
}

const parseProblems = (findings: Finding[]) => findings.filter((finding) => isParseProblem(finding.rule)).length;

/** What a file holds before estimates: its sites, its problems and, for code, its call graph. Undefined for other files. */
export async function extractFile(text: string, file: string, context: AnalysisContext, reader: SourceReader): Promise<ExtractResult | undefined> {
  // An empty prompt file (a placeholder, a file just created) holds no prompt: no site to cost and nothing to fix.
  if (!/\S/.test(text) && promptFileFormat(file)) return { sites: [], findings: [] };
  return extractPromptFile(text, file) ?? (await extractCodeSites(text, file, reader, context.logger, context.project.env, context.parseWithoutPrefilter));
}

/**
 * Extraction and estimates without the rules: what analyzeFile starts from, what a fix is checked
 * against, and what a task needs of the files it reaches.
 */
export async function estimateFile(
  text: string,
  file: string,
  context: AnalysisContext,
  reader: SourceReader,
  alreadyExtracted?: ExtractResult,
): Promise<FileAnalysis | undefined> {
  const extracted = alreadyExtracted ?? (await extractFile(text, file, context, reader));
  if (!extracted) return undefined;
  const sites: ReportSite[] = [];
  for (const extractedSite of extracted.sites) {
    const { site, problems } = await withPromptFile(extractedSite, reader);
    const { estimate, findings } = await estimateSite(site, context);
    sites.push({ site, estimate, findings: [...problems, ...findings], alternatives: [] });
  }
  const analysis: FileAnalysis = { sites, findings: boundFindings(extracted.findings) };
  if (extracted.unreadCalls) analysis.unreadCalls = extracted.unreadCalls;
  if (extracted.graph) analysis.graph = extracted.graph;
  return analysis;
}

/**
 * A call that runs a prompt file takes its prompt, model, cap and examples from that file, so the
 * call shows the same figures as the file. An unreadable file is a finding, and the call stays empty.
 */
async function withPromptFile(site: PromptSite, reader: SourceReader): Promise<{ site: PromptSite; problems: Finding[] }> {
  if (!site.promptFile) return { site, problems: [] };
  const text = await reader.read(site.promptFile);
  const linked = text === undefined ? undefined : extractPromptFile(text, site.promptFile)?.sites[0];
  if (!linked) {
    return {
      site,
      problems: [problem('prompt-file-not-found', `This call runs ${site.promptFile}, which could not be read: its prompt is unknown.`, site.range)],
    };
  }
  const { model, messages, tools, outputCap, defaultOutputCap, samples, options } = linked;
  // Positions in the prompt file mean nothing in this file: keep the texts, drop the ranges' meaning by pointing them at the call.
  const at = <T extends { range: PromptSite['range'] }>(item: T): T => ({ ...item, range: site.range });
  return {
    site: {
      ...site,
      model: model ? { ...model, range: undefined } : undefined,
      messages: messages.map((message) => ({ ...at(message), roleRange: undefined, segments: message.segments.map(at) })),
      tools: tools?.map(at),
      outputCap: outputCap ? { ...outputCap, range: undefined } : undefined,
      defaultOutputCap,
      samples,
      options: { ...options, ...site.options },
    },
    problems: [],
  };
}

/** The first line of a text, where a finding about the whole file goes. */
function firstLine(text: string): Range {
  return { start: { line: 0, character: 0 }, end: { line: 0, character: lineIndexOf(text).lineText(0).length } };
}
