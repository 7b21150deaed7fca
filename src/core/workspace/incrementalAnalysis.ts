import type { Tree } from 'web-tree-sitter';
import type { SourceReader } from '../codeModel/sourceReader';
import { mayContainLlmCalls } from '../extract/code/extractCode';
import { namesIn, topLevelUnits, type TopLevelUnit } from '../extract/code/topLevelUnits';
import { editTree, grammarForFile, parseTree } from '../extract/code/treeSitter';
import type { Logger } from '../log/logger';
import type { Position, UnreadCall } from '../types';
import { analyzeFile, type AnalysisContext, type FileAnalysis } from './analyzeFile';
import type { ReportSite } from './report';

/** Files whose last analysis is held for the next edit: the documents one is switching between. */
const HELD_FILES = 8;
/** Past this share of the file's text, re-analysing the changed part saves too little to be worth the bookkeeping. */
const MAX_CHANGED_SHARE = 0.5;

/** The last analysis of a file, with what an edit of it is compared against. */
interface Held {
  text: string;
  /** What else the analysis depended on (the settings, promptcost.yaml): another key, another analysis. */
  key: string;
  analysis: FileAnalysis;
  /** The file's syntax tree and its top-level statements. */
  tree: Tree;
  units: TopLevelUnit[];
}

/** Where two texts differ: the same up to `start`, and after `oldEnd` (old) / `newEnd` (new). */
interface TextChange {
  start: number;
  oldEnd: number;
  newEnd: number;
}

/**
 * Re-analysis after an edit that recomputes only what the edit can change. A file's top-level
 * statements are units; an edit inside one function or declaration changes the sites of that unit,
 * of every unit that names what it declares (they may read its value, its return or call it), and
 * of every function or class it names (their parameters take the values it passes), each step again
 * from the units added. Those units — and what they read, so that their values resolve as before —
 * are analysed on their own, in a copy of the file with every other unit blanked out (spaces, lines
 * kept, so every position is the same); the other units' sites are the last analysis's, moved by
 * the lines the edit added. Anything this cannot vouch for gives way to a full analysis: an edit
 * outside a declaration, a file with syntax errors or other problems of its own, tasks (they follow
 * calls across functions), site ids numbered across units, a change to most of the file.
 */
export class IncrementalAnalyses {
  private readonly held = new Map<string, Held>();

  constructor(private readonly logger: Logger) {}

  /**
   * Keeps a file's full analysis for its next edit, with its syntax tree, parsed now so that the
   * edit re-parses only what it touched. Nothing is kept of an analysis no edit could start from.
   */
  async hold(file: string, text: string, key: string, analysis: FileAnalysis): Promise<void> {
    this.drop(file);
    const grammar = grammarForFile(file);
    if (!grammar || !startsEdits(analysis)) return;
    const tree = await parseTree(parsable(text), grammar);
    if (!tree) return;
    this.keep(file, { text, key, analysis, tree, units: topLevelUnits(tree) });
  }

  private keep(file: string, held: Held): void {
    this.drop(file);
    this.held.set(file, held);
    if (this.held.size > HELD_FILES) this.drop(this.held.keys().next().value!);
  }

  /** Forgets every file (another file of the workspace changed: what this file reads of it may have). */
  forget(): void {
    for (const file of [...this.held.keys()]) this.drop(file);
  }

  /**
   * The analysis of `text` from the last analysis of `file`, recomputing only the units the edit can
   * change; undefined when only a full analysis is sure to give the same result (then `hold` it).
   */
  async reanalyse(file: string, text: string, key: string, context: AnalysisContext, reader: SourceReader): Promise<FileAnalysis | undefined> {
    const previous = this.held.get(file);
    if (!previous || previous.key !== key) return undefined;
    if (previous.text === text) return previous.analysis;
    // Taken out while in use: two analyses of the same file at once must not edit one tree.
    this.held.delete(file);
    let next: Held | undefined;
    try {
      next = await this.fromPrevious(file, text, key, previous, context, reader);
    } catch (error) {
      // Only the shortcut failed: the caller analyses the whole file, so this is worth a line, not a finding.
      this.logger.error(`Re-analysing the edit of ${file} failed; analysing all of it`, error);
    } finally {
      previous.tree.delete();
    }
    if (!next) return undefined;
    this.keep(file, next);
    return next.analysis;
  }

  private async fromPrevious(
    file: string,
    text: string,
    key: string,
    previous: Held,
    context: AnalysisContext,
    reader: SourceReader,
  ): Promise<Held | undefined> {
    const grammar = grammarForFile(file);
    if (!grammar || !mayContainLlmCalls(text)) return undefined;
    const change = textChange(previous.text, text);
    const oldUnits = previous.units;
    const edited = oldUnits.findIndex((unit) => unit.start < change.start && change.oldEnd < unit.end);
    if (edited < 0 || (oldUnits[edited].kind !== 'callable' && oldUnits[edited].kind !== 'value')) return undefined;
    editTree(previous.tree, {
      startIndex: change.start,
      oldEndIndex: change.oldEnd,
      newEndIndex: change.newEnd,
      startPosition: pointAt(previous.text, change.start),
      oldEndPosition: pointAt(previous.text, change.oldEnd),
      newEndPosition: pointAt(text, change.newEnd),
    });
    const tree = await parseTree(parsable(text), grammar, previous.tree);
    if (!tree) return undefined;
    const units = topLevelUnits(tree);
    const analysis = tree.rootNode.hasError ? undefined : await this.recompute(file, text, previous, units, edited, change, context, reader);
    // An analysis that cannot start the next edit (it has a problem of its own, or tasks) is not kept either.
    if (!analysis || !startsEdits(analysis)) {
      tree.delete();
      return undefined;
    }
    return { text, key, analysis, tree, units };
  }

  private async recompute(
    file: string,
    text: string,
    previous: Held,
    units: TopLevelUnit[],
    edited: number,
    change: TextChange,
    context: AnalysisContext,
    reader: SourceReader,
  ): Promise<FileAnalysis | undefined> {
    const oldUnits = previous.units;
    const delta = change.newEnd - change.oldEnd;
    if (!sameUnitsAround(oldUnits, units, edited, delta)) return undefined;
    const lineDelta = units[edited].endLine - oldUnits[edited].endLine;
    // A unit after the edit that starts on the line the edit ends on would move sideways too: not worth the care.
    if (edited + 1 < units.length && units[edited + 1].startLine === units[edited].endLine) return undefined;
    const mentions = units.map((unit) => namesIn(text.slice(unit.start, unit.end)));
    const oldMentions = namesIn(previous.text.slice(oldUnits[edited].start, oldUnits[edited].end));
    const changed = changedUnits(units, mentions, edited, oldUnits[edited].declares, oldMentions);
    const kept = readUnits(units, mentions, changed);
    const changedLength = [...changed].reduce((sum, index) => sum + units[index].end - units[index].start, 0);
    if (changedLength > text.length * MAX_CHANGED_SHARE) return undefined;

    const partial = await analyzeFile(blankedExcept(text, units, kept), file, { ...context, extracted: undefined, parseWithoutPrefilter: true }, reader);
    if (!partial || partial.findings.length > 0) return undefined;
    const unitAt = unitFinder(units);
    const oldUnitAt = unitFinder(oldUnits);
    const fresh = (line: number) => changed.has(unitAt(line));
    // Ids number a function's sites in order across the file: a function with sites both inside and outside the recomputed units is left to a full analysis.
    const recomputedNames = new Set<string>();
    for (const entry of partial.sites) if (fresh(entry.site.range.start.line)) recomputedNames.add(functionOf(entry.site.id));
    for (const entry of previous.analysis.sites) if (changed.has(oldUnitAt(entry.site.range.start.line))) recomputedNames.add(functionOf(entry.site.id));
    for (const entry of previous.analysis.sites) {
      const unit = oldUnitAt(entry.site.range.start.line);
      if (unit < 0 || (!changed.has(unit) && recomputedNames.has(functionOf(entry.site.id)))) return undefined;
    }
    // A function with two sites, or one that calls others, may be a task's entry: tasks are found by a full analysis.
    if (mayStartTask(partial, recomputedNames)) return undefined;

    // A site below the edit moved with its lines; what it points at above the edit (a constant it reads) did not.
    const editEnd = oldUnits[edited].endLine;
    const moved = <T>(value: T, line: number): T => (lineDelta !== 0 && line > editEnd ? shiftLines(value, lineDelta, editEnd) : value);
    const sites = mergeByUnit(
      partial.sites.filter((entry) => fresh(entry.site.range.start.line)),
      previous.analysis.sites.filter((entry) => !changed.has(oldUnitAt(entry.site.range.start.line))).map((entry) => moved(entry, entry.site.range.start.line)),
      (entry: ReportSite) => entry.site.range.start.line,
      unitAt,
    );
    const unread = mergeByUnit(
      (partial.unreadCalls ?? []).filter((call) => fresh(call.range.start.line)),
      (previous.analysis.unreadCalls ?? []).filter((call) => !changed.has(oldUnitAt(call.range.start.line))).map((call) => moved(call, call.range.start.line)),
      (call: UnreadCall) => call.range.start.line,
      unitAt,
    );
    const analysis: FileAnalysis = { sites, findings: [] };
    if (unread.length > 0) analysis.unreadCalls = unread;
    this.logger.debug(`Re-analysed ${changed.size} of ${units.length} top-level statements of ${file} after an edit.`);
    return analysis;
  }

  private drop(file: string): void {
    this.held.get(file)?.tree?.delete();
    this.held.delete(file);
  }
}

/** A file with problems of its own (a syntax error, a failed call) is analysed whole, and so is one with tasks. */
function startsEdits(analysis: FileAnalysis): boolean {
  return analysis.findings.length === 0 && !analysis.tasks?.length;
}

/** tree-sitter-python reads a lone `\r` as no line break; a `\n` of the same length keeps every offset (as parseCode does). */
function parsable(text: string): string {
  return text.replace(/\r(?!\n)/g, '\n');
}

function textChange(before: string, after: string): TextChange {
  const shorter = Math.min(before.length, after.length);
  let start = 0;
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let tail = 0;
  while (tail < shorter - start && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  return { start, oldEnd: before.length - tail, newEnd: after.length - tail };
}

/** tree-sitter's point for an offset: its row, and its column in UTF-16 code units (as web-tree-sitter counts them). */
function pointAt(text: string, offset: number): { row: number; column: number } {
  let row = 0;
  let lineStart = 0;
  for (let at = text.indexOf('\n'); at !== -1 && at < offset; at = text.indexOf('\n', at + 1)) {
    row++;
    lineStart = at + 1;
  }
  return { row, column: offset - lineStart };
}

/** The units before the edited one are where they were; those after moved by `delta`; all of the same kind and names. */
function sameUnitsAround(before: TopLevelUnit[], after: TopLevelUnit[], edited: number, delta: number): boolean {
  if (before.length !== after.length) return false;
  return before.every((unit, index) => {
    const other = after[index];
    const shift = index > edited ? delta : 0;
    const endShift = index >= edited ? delta : 0;
    return (
      other.start === unit.start + shift &&
      other.end === unit.end + endShift &&
      (index === edited || (other.kind === unit.kind && other.declares.join() === unit.declares.join()))
    );
  });
}

/**
 * The units whose sites the edit can change: the edited one; every unit naming what a changed unit
 * declares; every function or class a changed unit names, or named before the edit. To a fixed point.
 */
function changedUnits(
  units: TopLevelUnit[],
  mentions: ReadonlyArray<ReadonlySet<string>>,
  edited: number,
  declaredBefore: readonly string[],
  mentionedBefore: ReadonlySet<string>,
): Set<number> {
  const changed = new Set([edited]);
  const names = new Set([...declaredBefore, ...units[edited].declares]);
  const named = new Set([...mentionedBefore, ...mentions[edited]]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [index, unit] of units.entries()) {
      if (changed.has(index) || unit.kind === 'comment') continue;
      const reads = [...names].some((name) => mentions[index].has(name));
      const called = unit.kind === 'callable' && unit.declares.some((name) => named.has(name));
      if (!reads && !called) continue;
      changed.add(index);
      for (const name of unit.declares) names.add(name);
      for (const name of mentions[index]) named.add(name);
      grew = true;
    }
  }
  return changed;
}

/** The changed units, what they read (the units declaring a name they mention, and so on), the imports and the comments. */
function readUnits(units: TopLevelUnit[], mentions: ReadonlyArray<ReadonlySet<string>>, changed: ReadonlySet<number>): Set<number> {
  const kept = new Set(changed);
  for (const [index, unit] of units.entries()) if (unit.kind === 'import' || unit.kind === 'comment') kept.add(index);
  const pending = [...kept];
  while (pending.length > 0) {
    const reader = pending.pop()!;
    for (const [index, unit] of units.entries()) {
      if (kept.has(index) || !unit.declares.some((name) => mentions[reader].has(name))) continue;
      kept.add(index);
      pending.push(index);
    }
  }
  return kept;
}

/**
 * The text with every unit not kept left out but for its line breaks, and spaces on its last line:
 * every line and column of the kept units is where it was (positions are lines and columns, never
 * offsets), and the text to parse is about as short as the kept units.
 */
function blankedExcept(text: string, units: TopLevelUnit[], kept: ReadonlySet<number>): string {
  const parts: string[] = [];
  let from = 0;
  for (const [index, unit] of units.entries()) {
    if (kept.has(index)) continue;
    parts.push(text.slice(from, unit.start));
    const removed = text.slice(unit.start, unit.end);
    const lastBreak = removed.lastIndexOf('\n');
    parts.push(
      lastBreak < 0 ? ' '.repeat(removed.length) : removed.slice(0, lastBreak + 1).replace(/[^\r\n]+/g, '') + ' '.repeat(removed.length - lastBreak - 1),
    );
    from = unit.end;
  }
  parts.push(text.slice(from));
  return parts.join('');
}

/** The index of the unit holding a line; -1 between units. */
function unitFinder(units: TopLevelUnit[]): (line: number) => number {
  return (line) => {
    let low = 0;
    let high = units.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (units[middle].endLine < line) low = middle + 1;
      else if (units[middle].startLine > line) high = middle - 1;
      else return middle;
    }
    return -1;
  };
}

/** `file#fn.2` → `fn`: the function a site id numbers its sites in. */
function functionOf(id: string): string {
  return id.slice(id.lastIndexOf('#') + 1).replace(/\.\d+$/, '');
}

function mayStartTask(partial: FileAnalysis, recomputed: ReadonlySet<string>): boolean {
  const perFunction = new Map<string, number>();
  for (const entry of partial.sites) {
    const name = functionOf(entry.site.id);
    if (recomputed.has(name)) perFunction.set(name, (perFunction.get(name) ?? 0) + 1);
  }
  if ([...perFunction.values()].some((count) => count > 1)) return true;
  return (partial.graph?.edges ?? []).some((edge) => recomputed.has(edge.from) || recomputed.has(edge.from.split('.')[0]));
}

/** Both lists in the order a full analysis gives: by unit, each unit's items in their own order. */
function mergeByUnit<T>(fresh: T[], kept: T[], lineOf: (item: T) => number, unitAt: (line: number) => number): T[] {
  const unitOf = (item: T) => unitAt(lineOf(item));
  const merged: T[] = [];
  let k = 0;
  for (let f = 0; f < fresh.length; f++) {
    while (k < kept.length && unitOf(kept[k]) < unitOf(fresh[f])) merged.push(kept[k++]);
    merged.push(fresh[f]);
  }
  while (k < kept.length) merged.push(kept[k++]);
  return merged;
}

/** A copy of a value with the line of every position below `after` moved by `delta`. */
function shiftLines<T>(value: T, delta: number, after: number): T {
  if (Array.isArray(value)) return value.map((item: unknown) => shiftLines(item, delta, after)) as T;
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = {};
  for (const [name, item] of Object.entries(value)) copy[name] = shiftLines(item, delta, after);
  if (isPosition(copy) && copy.line > after) copy.line += delta;
  return copy as T;
}

function isPosition(value: Record<string, unknown>): value is Record<string, unknown> & Position {
  return typeof value.line === 'number' && typeof value.character === 'number' && Object.keys(value).length === 2;
}
