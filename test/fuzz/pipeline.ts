import * as path from 'path';
import { DEFAULT_MONTHLY_CALLS } from '../../src/core/cost/dynamicSizes';
import { initTreeSitter, loadLanguage } from '../../src/core/extract/code/treeSitter';
import { isParseProblem } from '../../src/core/findings/findingCodes';
import { errorMessage, type Logger } from '../../src/core/log/logger';
import { PriceBook } from '../../src/core/pricing/priceBook';
import { PRICE_DATA } from '../../src/core/pricing/priceData';
import { toCsvReport } from '../../src/core/report/csvReport';
import { findingsMarkdown } from '../../src/core/report/findingsMarkdown';
import { toJsonReport } from '../../src/core/report/jsonReport';
import { toMarkdownReport } from '../../src/core/report/markdownReport';
import { siteBreakdownMarkdown } from '../../src/core/report/siteBreakdown';
import { toTableReport } from '../../src/core/report/tableReport';
import { InProcessEncoder } from '../../src/core/tokens/inProcessEncoder';
import { TokenCounter } from '../../src/core/tokens/tokenCounter';
import type { Finding, Fix } from '../../src/core/types';
import { EMPTY_PROJECT_CONFIG, parseProjectConfig, type ProjectConfig } from '../../src/core/volume/projectConfig';
import { analyzeFile, type FileAnalysis } from '../../src/core/workspace/analyzeFile';
import { fileSourceReader } from '../../src/core/workspace/fileSourceReader';
import { computeTotals, type Report } from '../../src/core/workspace/report';
import { decodeLikeScan } from './bytes';
import { EditorText, PlacementCheck } from './editorText';
import { inputKind, type FuzzCase } from './fuzzCase';
import { checkNumbers, isEstimateInteger, isJsonInteger } from './numberChecks';
import { FIXTURES } from './seeds';
import { checkStrings } from './stringChecks';
import { blankNumbers, exceptionViolation, relativeStack, SLOW_MS, violation, type Violation } from './violations';

export interface CaseOutcome {
  violations: Violation[];
  /** How long `analyzeFile` took on the case itself (fix checks not included). */
  analyseMs: number;
}

/** What one `analyzeFile` run produced, with the errors the engine logged on the way. */
interface AnalysisRun {
  analysis?: FileAnalysis;
  /** An exception that escaped analyzeFile (it should turn every failure into a finding). */
  escaped?: unknown;
  logged: Array<{ message: string; error: unknown }>;
  ms: number;
}

/**
 * The pipeline the CLI runs, on one case, in process: promptcost.yaml parsed, `analyzeFile` with
 * rules, a real PriceBook and TokenCounter, the root's files readable; then the report and its
 * JSON, table and Markdown, the editor's hover and finding texts; then every fix applied and
 * the result analysed again. Returns every invariant the case breaks.
 */
export class CasePipeline {
  private readonly counter = new TokenCounter(new InProcessEncoder());

  /** Builds the rank tables and loads the grammars, so that no case pays for them in its time. */
  async warmUp(): Promise<void> {
    await this.counter.countText('warm-up', 'gpt-4o-mini');
    await this.counter.countText('warm-up', 'gpt-4');
    await initTreeSitter();
    await Promise.all((['typescript', 'tsx', 'javascript', 'python'] as const).map((grammar) => loadLanguage(grammar)));
  }

  /** `onPhase` hears each step as it starts, so that a case cut off by the watchdog says where it was. */
  async run(fuzzCase: FuzzCase, onPhase: (phase: string) => void = () => undefined): Promise<CaseOutcome> {
    const text = decodeLikeScan(fuzzCase.bytes);
    onPhase('parseProjectConfig');
    const { project, violations } = readConfig(fuzzCase.config);
    // What an edited file offers is not checked, so its fixes are not computed: only the first analysis pays for them.
    const analyse = (source: string) => this.analyse(source, fuzzCase, project, false);
    onPhase('analyzeFile');
    const first = await this.analyse(text, fuzzCase, project, true);
    const outcome: CaseOutcome = { violations, analyseMs: first.ms };
    if (first.escaped !== undefined) return { ...outcome, violations: [...violations, exceptionViolation('exception', 'analyzeFile', first.escaped)] };
    violations.push(...slowness(first, fuzzCase), ...internalFailures(first));
    if (!first.analysis) return outcome;
    onPhase('rendering the reports');
    const inputs = `${text}\n${fuzzCase.config ? decodeLikeScan(fuzzCase.config) : ''}`;
    violations.push(...checkOutputs(fuzzCase.file, first.analysis, inputs), ...checkFindingRanges(text, first.analysis));
    violations.push(...(await checkFixes(text, first.analysis, analyse, onPhase)));
    return outcome;
  }

  private async analyse(text: string, fuzzCase: FuzzCase, project: ProjectConfig, offerFixes: boolean): Promise<AnalysisRun> {
    const logged: AnalysisRun['logged'] = [];
    const context = {
      counter: this.counter,
      prices: new PriceBook(project.prices),
      project,
      defaultModel: 'gpt-4o-mini',
      monthlyCalls: DEFAULT_MONTHLY_CALLS,
      offerFixes,
      logger: recordingLogger(logged),
    };
    const started = performance.now();
    try {
      const analysis = await analyzeFile(text, fuzzCase.file, context, fileSourceReader(path.join(FIXTURES, fuzzCase.root)));
      return { analysis, logged, ms: performance.now() - started };
    } catch (error) {
      return { escaped: error ?? new Error(`analyzeFile threw ${String(error)}`), logged, ms: performance.now() - started };
    }
  }
}

function slowness(run: AnalysisRun, fuzzCase: FuzzCase): Violation[] {
  if (run.ms <= SLOW_MS) return [];
  return [violation('slow', `analyzeFile over ${SLOW_MS} ms (${inputKind(fuzzCase)})`, `analyzeFile took ${Math.round(run.ms)} ms on ${fuzzCase.file}`)];
}

function recordingLogger(logged: AnalysisRun['logged']): Logger {
  return { debug: () => undefined, info: () => undefined, warn: () => undefined, error: (message, error) => logged.push({ message, error }) };
}

/** promptcost.yaml as the CLI reads it; its findings' texts and ranges are checked like the file's. */
function readConfig(bytes: Uint8Array | undefined): { project: ProjectConfig; violations: Violation[] } {
  if (!bytes) return { project: EMPTY_PROJECT_CONFIG, violations: [] };
  const text = decodeLikeScan(bytes);
  try {
    const { config, findings } = parseProjectConfig(text);
    const strings = findings.map((finding) => ({ where: 'promptcost.yaml finding', text: finding.message }));
    return { project: config, violations: [...checkStrings(strings, text), ...rangesOutside(text, findings, 'promptcost.yaml')] };
  } catch (error) {
    return { project: EMPTY_PROJECT_CONFIG, violations: [exceptionViolation('exception', 'parseProjectConfig', error)] };
  }
}

/** Every finding of an analysis: the file's own and each site's. */
function allFindings(analysis: FileAnalysis): Finding[] {
  return [...analysis.findings, ...analysis.sites.flatMap((entry) => entry.findings)];
}

/**
 * Internal failures: each `internal-error` finding (with the stack the engine logged for it), and
 * errors the engine only logged (a failed fix check, an import it could not resolve).
 */
function internalFailures(run: AnalysisRun): Violation[] {
  const findings = allFindings(run.analysis ?? { sites: [], findings: [] }).filter((finding) => finding.rule === 'internal-error');
  const unmatched = [...run.logged];
  const found = findings.map((finding) => {
    const at = unmatched.findIndex(({ error }) => finding.message.includes(errorMessage(error)));
    const logged = at >= 0 ? unmatched.splice(at, 1)[0] : undefined;
    const what = finding.message.slice(0, finding.message.indexOf(':'));
    return logged
      ? exceptionViolation('internal-error', blankNumbers(what), logged.error)
      : violation('internal-error', blankNumbers(finding.message), finding.message);
  });
  return [...found, ...unmatched.map(({ message, error }) => exceptionViolation('logged-error', blankNumbers(message.replace(/\S*[/.#]\S*/g, '…')), error))];
}

/** The report of one file, as `scanFiles` builds it for the CLI. */
function reportOf(file: string, analysis: FileAnalysis): Report {
  return {
    pricesAsOf: PRICE_DATA.asOf,
    sites: analysis.sites,
    fileFindings: analysis.findings.length > 0 ? [{ file, findings: analysis.findings }] : [],
    skipped: [],
    cancelled: false,
    totals: computeTotals(analysis.sites),
  };
}

/** The figures and texts users see: the estimate, the JSON, the table, the Markdown, the hovers. */
function checkOutputs(file: string, analysis: FileAnalysis, inputs: string): Violation[] {
  const violations: Violation[] = [];
  for (const { estimate } of analysis.sites) violations.push(...checkNumbers('estimate', estimate, isEstimateInteger));
  const strings: Array<{ where: string; text: string }> = [];
  for (const finding of allFindings(analysis)) {
    strings.push({ where: `${finding.rule} message`, text: finding.message });
    for (const fix of finding.fixes) strings.push({ where: `${finding.rule} fix title`, text: fix.title });
  }
  for (const { estimate } of analysis.sites) strings.push(...estimate.assumptions.map((text) => ({ where: 'assumption', text })));
  const rendered = render(file, analysis);
  if ('failure' in rendered) return [...violations, rendered.failure];
  violations.push(...checkNumbers('json', rendered.json, isJsonInteger));
  strings.push(...rendered.texts);
  return [...violations, ...checkStrings(strings, inputs)];
}

/** The report's JSON and the texts of every renderer, or the exception one of them threw. */
function render(file: string, analysis: FileAnalysis): { json: object; texts: Array<{ where: string; text: string }> } | { failure: Violation } {
  let where = 'computeTotals';
  try {
    const report = reportOf(file, analysis);
    where = 'toJsonReport';
    const json = toJsonReport(report);
    JSON.stringify(json);
    where = 'toTableReport';
    const texts = [{ where: 'table', text: toTableReport(report) }];
    where = 'toMarkdownReport';
    texts.push({ where: 'Markdown report', text: toMarkdownReport(report) });
    where = 'toCsvReport';
    texts.push({ where: 'CSV report', text: toCsvReport(report) });
    where = 'siteBreakdownMarkdown';
    for (const entry of analysis.sites) texts.push({ where: 'hover', text: siteBreakdownMarkdown(entry, entry.alternatives) });
    where = 'findingsMarkdown';
    texts.push({ where: 'findings hover', text: findingsMarkdown(allFindings(analysis)) });
    return { json, texts };
  } catch (error) {
    return { failure: exceptionViolation('exception', where, error) };
  }
}

function checkFindingRanges(text: string, analysis: FileAnalysis): Violation[] {
  return rangesOutside(text, allFindings(analysis), 'the file');
}

/** Findings whose range is not in the text as an editor lines it up, or not where the engine meant it. */
function rangesOutside(text: string, findings: readonly Finding[], of: string): Violation[] {
  const placement = new PlacementCheck(text);
  return findings.flatMap((finding) => {
    const misplaced = placement.misplacement(finding.range);
    if (!misplaced) return [];
    return [violation('finding-range-outside-text', `${finding.rule} in ${of}`, `A ${finding.rule} finding's range is misplaced in ${of}: ${misplaced}`)];
  });
}

const parseProblems = (findings: readonly Finding[]) => findings.filter((finding) => isParseProblem(finding.rule));

/**
 * Fixes of one kind analysed again per case: a file of 500 nested calls has 500 alike fixes, and
 * analysing each again would spend the case's deadline on the fuzzer's own checking.
 */
const REANALYSED_PER_KIND = 10;

/**
 * Every fix: its edits lie in the text and do not overlap; the edited text analyses without an
 * exception or internal error; and a file without parse problems gets none from a fix. Fixes
 * that produce the same text are analysed once, and at most {@link REANALYSED_PER_KIND} of a kind.
 */
async function checkFixes(
  text: string,
  analysis: FileAnalysis,
  analyse: (text: string) => Promise<AnalysisRun>,
  onPhase: (phase: string) => void,
): Promise<Violation[]> {
  const editor = new EditorText(text);
  const placement = new PlacementCheck(text);
  const cleanBefore = parseProblems(analysis.findings).length === 0;
  const internalBefore = allFindings(analysis).some((finding) => finding.rule === 'internal-error');
  const checked = new Map<string, Violation[]>();
  const perKind = new Map<string, number>();
  const violations: Violation[] = [];
  for (const finding of allFindings(analysis)) {
    for (const fix of finding.fixes) {
      const where = `${finding.rule} fix "${fixKind(fix)}"`;
      const misplaced = misplacedEdits(placement, editor, fix, where);
      if (misplaced) violations.push(misplaced);
      const edited = misplaced ? undefined : editor.apply(fix.edits);
      if (edited === undefined || checked.has(edited) || (perKind.get(where) ?? 0) >= REANALYSED_PER_KIND) continue;
      perKind.set(where, (perKind.get(where) ?? 0) + 1);
      onPhase(`analyzeFile after the ${where}`);
      const found = checkEdited(await analyse(edited), where, cleanBefore, internalBefore);
      checked.set(edited, found);
      violations.push(...found);
    }
  }
  return violations;
}

/** A fix's title without its figures and model names: `Switch to`, `Add max_tokens`. */
function fixKind(fix: Fix): string {
  return blankNumbers(
    fix.title
      .split(/[\s:(]+/)
      .slice(0, 2)
      .join(' '),
  );
}

function misplacedEdits(placement: PlacementCheck, editor: EditorText, fix: Fix, where: string): Violation | undefined {
  for (const edit of fix.edits) {
    const misplaced = placement.misplacement(edit.range);
    if (misplaced) return violation('fix-range-outside-text', where, `${where} ("${fix.title}") has an edit an editor cannot apply as meant: ${misplaced}`);
  }
  if (editor.editsOverlap(fix.edits)) return violation('fix-edits-overlap', where, `${where} ("${fix.title}") has overlapping edits`);
  return undefined;
}

function checkEdited(after: AnalysisRun, where: string, cleanBefore: boolean, internalBefore: boolean): Violation[] {
  if (after.escaped !== undefined) return [exceptionViolation('fix-reanalysis-exception', where, after.escaped)];
  const findings = after.analysis ? allFindings(after.analysis) : [];
  const violations: Violation[] = [];
  const internal = findings.find((finding) => finding.rule === 'internal-error');
  if (internal && !internalBefore) {
    violations.push(
      violation(
        'fix-reanalysis-internal-error',
        where,
        `After ${where}: ${internal.message}\n${after.logged.map(({ error }) => relativeStack(error)).join('\n')}`,
      ),
    );
  }
  const problem = parseProblems(after.analysis?.findings ?? [])[0];
  if (cleanBefore && problem)
    violations.push(violation('fix-adds-parse-problem', `${where} adds ${problem.rule}`, `After ${where}: ${problem.rule}: ${problem.message}`));
  return violations;
}
