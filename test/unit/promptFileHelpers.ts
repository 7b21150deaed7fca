import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import { LineIndex } from '../../src/core/text/lineIndex';
import type { DynamicKind, ExtractResult, OutputCapInsertion, PromptSite, Range, Segment } from '../../src/core/types';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'promptFiles');

export function fixture(format: string, name: string): string {
  return readFileSync(path.join(FIXTURES, format, name), 'utf8');
}

/** A range from 0-based start and end line/character. */
export function range(startLine: number, startCharacter: number, endLine: number, endCharacter: number): Range {
  return { start: { line: startLine, character: startCharacter }, end: { line: endLine, character: endCharacter } };
}

export function text(value: string, at: Range): Segment {
  return { kind: 'static', text: value, range: at };
}

export function dynamic(value: string, name: string, dynamicKind: DynamicKind, at: Range): Segment {
  return { kind: 'dynamic', text: value, name, dynamicKind, range: at };
}

export function onlySite(result: ExtractResult): PromptSite {
  assert.strictEqual(result.sites.length, 1);
  return result.sites[0];
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
 * Applies the site's cap insertion with 512 and extracts again: the cap must be there, under the
 * insertion's param, pointing at the inserted number, with no finding the original did not have.
 */
export function assertInsertionReparses(extract: (source: string, file: string) => ExtractResult, source: string, file: string): string {
  const before = extract(source, file);
  const insertion = onlySite(before).outputCapInsertion;
  assert.ok(insertion, 'the site offers an output cap insertion');
  const fixed = applyInsertion(source, insertion, 512);
  const after = extract(fixed, file);
  const cap = onlySite(after).outputCap;
  assert.ok(cap, `the fixed file has an output cap:\n${fixed}`);
  assert.strictEqual(cap.param, insertion.param);
  assert.strictEqual(cap.value, 512);
  const index = new LineIndex(fixed);
  assert.strictEqual(fixed.slice(index.offsetAt(cap.range!.start), index.offsetAt(cap.range!.end)), '512');
  assert.strictEqual(onlySite(after).outputCapInsertion, undefined);
  const known = new Set(before.findings.map((finding) => `${finding.rule}: ${finding.message}`));
  assert.deepStrictEqual(
    after.findings.map((finding) => `${finding.rule}: ${finding.message}`).filter((finding) => !known.has(finding)),
    [],
  );
  return fixed;
}
