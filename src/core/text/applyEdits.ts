import type { TextEdit } from './positions';
import { LineIndex } from './lineIndex';

/**
 * The text after non-overlapping edits, applied as one change (ranges refer to the original text,
 * as in LSP). Throws on overlapping edits: that is a bug in whoever computed them.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const index = new LineIndex(text);
  const placed = edits
    .map((edit) => ({ start: index.offsetAt(edit.range.start), end: index.offsetAt(edit.range.end), newText: edit.newText }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  let result = '';
  let cursor = 0;
  for (const edit of placed) {
    if (edit.start < cursor) throw new Error('applyEdits: overlapping edits');
    result += text.slice(cursor, edit.start) + edit.newText;
    cursor = edit.end;
  }
  return result + text.slice(cursor);
}

/** Whether two sets of edits touch overlapping text (so they cannot be applied together). */
export function editsOverlap(a: readonly TextEdit[], b: readonly TextEdit[]): boolean {
  const before = (p: TextEdit['range']['start'], q: TextEdit['range']['start']) => p.line < q.line || (p.line === q.line && p.character < q.character);
  return a.some((x) => b.some((y) => before(x.range.start, y.range.end) && before(y.range.start, x.range.end)) || b.some((y) => samePoint(x, y)));
}

function samePoint(x: TextEdit, y: TextEdit): boolean {
  const same = (p: TextEdit['range']['start'], q: TextEdit['range']['start']) => p.line === q.line && p.character === q.character;
  return same(x.range.start, y.range.start) && same(x.range.end, y.range.end);
}

/** The line break the file uses, so inserted lines match it. */
export function lineBreakOf(text: string): '\r\n' | '\n' | '\r' {
  if (text.includes('\r\n')) return '\r\n';
  // Old Mac line endings: a `\n` inserted among them would be the file's only one.
  return text.includes('\r') && !text.includes('\n') ? '\r' : '\n';
}
