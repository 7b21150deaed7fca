import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import { extractCodeSites } from '../../src/core/extract/code/extractCode';
import type { SourceReader } from '../../src/core/codeModel/sourceReader';
import { LineIndex } from '../../src/core/text/lineIndex';
import { applyEdits } from '../../src/core/text/applyEdits';
import type { DynamicKind, ExtractResult, OutputCapInsertion, PromptSite, Range, Segment } from '../../src/core/types';

/** The fixtures' workspace root: files are named `openai/chat.ts`, as a workspace-relative path. */
const ROOT = path.join(__dirname, '..', 'fixtures', 'sdks');

export const fixtureReader: SourceReader = {
  read: async (relative) => {
    try {
      return readFileSync(path.join(ROOT, relative), 'utf8');
    } catch {
      return undefined;
    }
  },
};

export function source(file: string): string {
  return readFileSync(path.join(ROOT, file), 'utf8');
}

/** Extracts a fixture (or `text` standing for it) with the fixtures folder as the workspace. */
export async function extractFixture(file: string, text = source(file)): Promise<ExtractResult> {
  const result = await extractCodeSites(text, file, fixtureReader);
  assert.ok(result, `${file} is read as code`);
  return withoutGraph(result);
}

/** Sites and findings only: the call graph has tests of its own (tasks.test.ts). */
export function withoutGraph(result: ExtractResult): ExtractResult {
  const { graph, ...sitesAndFindings } = result;
  void graph;
  return sitesAndFindings;
}

/** The site with this id. */
export function siteById(result: ExtractResult, id: string): PromptSite {
  const site = result.sites.find((candidate) => candidate.id === id);
  assert.ok(site, `a site ${id} among ${result.sites.map((candidate) => candidate.id).join(', ')}`);
  return site;
}

/**
 * The range of the `occurrence`-th (1-based) appearance of `needle` in `text`, or of `inner` inside
 * that appearance when given: exact positions without counting columns by hand.
 */
export function at(text: string, needle: string, occurrence = 1, inner?: string): Range {
  let offset = -1;
  for (let i = 0; i < occurrence; i++) {
    offset = text.indexOf(needle, offset + 1);
    assert.ok(offset >= 0, `"${needle}" occurs ${occurrence} time(s)`);
  }
  let start = offset;
  let length = needle.length;
  if (inner !== undefined) {
    const within = needle.indexOf(inner);
    assert.ok(within >= 0, `"${inner}" is inside "${needle}"`);
    start += within;
    length = inner.length;
  }
  const index = new LineIndex(text);
  return index.range(start, start + length);
}

/** From the start of `from` (its `occurrence`-th appearance) to the end of the first `to` after it. */
export function span(text: string, from: string, to: string, occurrence = 1): Range {
  const start = at(text, from, occurrence);
  const index = new LineIndex(text);
  const startOffset = index.offsetAt(start.start);
  const end = text.indexOf(to, startOffset + from.length);
  assert.ok(end >= 0, `"${to}" follows "${from}"`);
  return index.range(startOffset, end + to.length);
}

export function text(value: string, range: Range): Segment {
  return { kind: 'static', text: value, range };
}

export function dynamic(value: string, name: string, dynamicKind: DynamicKind, range: Range): Segment {
  return { kind: 'dynamic', text: value, name, dynamicKind, range };
}

/** Messages as `[role, [segment kind + text or name]...]`, for assertions on shape. */
export function shape(site: PromptSite): Array<[string, string[], boolean?]> {
  return site.messages.map((message) => {
    const segments = message.segments.map((segment) => (segment.kind === 'static' ? segment.text : `{${segment.dynamicKind}:${segment.name}}`));
    return message.cacheBreakpoint ? [message.role, segments, true] : [message.role, segments];
  });
}

/** The file after the fix: `{value}` substituted and the range replaced, as the editor would apply it. */
export function applyInsertion(source: string, insertion: OutputCapInsertion, value: number): string {
  const index = new LineIndex(source);
  return (
    source.slice(0, index.offsetAt(insertion.range.start)) +
    insertion.template.replace('{value}', String(value)) +
    source.slice(index.offsetAt(insertion.range.end))
  );
}

/**
 * Applies a site's cap insertion with 512 and extracts again: the site (same id) now has the cap
 * under the insertion's param, pointing at the inserted number, and the file parses no worse.
 */
export async function assertInsertionReparses(file: string, id: string): Promise<string> {
  const original = source(file);
  const before = await extractFixture(file, original);
  const insertion = siteById(before, id).outputCapInsertion;
  assert.ok(insertion, `${id} offers an output cap insertion`);
  const fixed = applyInsertion(original, insertion, 512);
  const after = await extractFixture(file, fixed);
  const site = siteById(after, id);
  assert.ok(site.outputCap, `the fixed file has an output cap:\n${fixed}`);
  assert.strictEqual(site.outputCap.param, insertion.param);
  assert.strictEqual(site.outputCap.value, 512);
  const index = new LineIndex(fixed);
  assert.strictEqual(fixed.slice(index.offsetAt(site.outputCap.range!.start), index.offsetAt(site.outputCap.range!.end)), '512');
  assert.strictEqual(site.outputCapInsertion, undefined);
  assert.deepStrictEqual(after.findings, before.findings, 'no new findings (syntax errors) after the insertion');
  assert.strictEqual(after.sites.length, before.sites.length);
  return fixed;
}

/**
 * Applies the limit edit of an agent site and extracts again: the site then runs at most the edit's
 * turns, stated by the code, and offers no edit. Returns the fixed text.
 */
export async function assertLimitEditReparses(file: string, id: string, original = source(file)): Promise<string> {
  const before = await extractFixture(file, original);
  const edit = siteById(before, id).options.agent?.limitEdit;
  assert.ok(edit, `${id} offers a limit edit`);
  const fixed = applyEdits(original, edit.edits);
  const after = await extractFixture(file, fixed);
  const agent = siteById(after, id).options.agent;
  assert.ok(agent, `the fixed file still has an agent site:\n${fixed}`);
  assert.strictEqual(agent.maxTurns, edit.turns);
  assert.strictEqual(agent.limitIsDefault, undefined);
  assert.strictEqual(agent.limitEdit, undefined);
  assert.deepStrictEqual(after.findings, before.findings, 'no new findings (syntax errors) after the edit');
  assert.strictEqual(after.sites.length, before.sites.length);
  return fixed;
}

/** As `assertLimitEditReparses`, and the limit the code now states reads `limitText`. */
export async function assertLimitEditSets(file: string, id: string, limitText: string): Promise<string> {
  const fixed = await assertLimitEditReparses(file, id);
  assert.strictEqual(siteById(await extractFixture(file, fixed), id).options.agent?.limitText, limitText);
  return fixed;
}
