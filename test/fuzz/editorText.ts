import type { Position, Range, TextEdit } from '../../src/core/types';

/** Where an editor ends lines: VS Code and LSP take `\r\n`, `\n` and a lone `\r`. */
const EDITOR_LINE_BREAK = /\r\n|\r|\n/g;

/**
 * A text as an editor sees it: a position past the end of a line, or between the `\r` and `\n`
 * of one break, is not in the text. Fixes are applied by the editor, so their ranges are checked
 * and applied with these lines, not with the engine's own line index.
 */
export class EditorText {
  /** Offset at which each line starts, and (one more entry) the text's length. */
  private readonly lineStarts: number[] = [0];
  /** Length of each line without its line break. */
  private readonly lineLengths: number[] = [];

  /** `lineBreak` other than the editor's is for asking how the engine, which breaks lines at `\n` only, reads a position. */
  constructor(
    readonly text: string,
    lineBreak: RegExp = EDITOR_LINE_BREAK,
  ) {
    let start = 0;
    for (const match of text.matchAll(lineBreak)) {
      this.lineLengths.push(match.index - start);
      start = match.index + match[0].length;
      this.lineStarts.push(start);
    }
    this.lineLengths.push(text.length - start);
  }

  get lineCount(): number {
    return this.lineLengths.length;
  }

  /** Why a position is not in the text, or undefined when it is. */
  positionProblem(position: Position): string | undefined {
    const { line, character } = position;
    if (!Number.isInteger(line) || !Number.isInteger(character)) return `line ${line}, character ${character} is not a whole position`;
    if (line < 0 || line >= this.lineCount) return `line ${line} is outside the text's ${this.lineCount} lines`;
    if (character < 0 || character > this.lineLengths[line]) return `character ${character} is outside line ${line}, which is ${this.lineLengths[line]} long`;
    return undefined;
  }

  /** Why a range is not in the text (missing, either end outside, its end before its start), or undefined when it is. */
  rangeProblem(range: Range | undefined): string | undefined {
    if (!range?.start || !range.end) return `the range is ${JSON.stringify(range)}`;
    const problem = this.positionProblem(range.start) ?? this.positionProblem(range.end);
    if (problem) return problem;
    return this.offsetAt(range.end) < this.offsetAt(range.start) ? 'the range ends before it starts' : undefined;
  }

  /** The offset of a valid position. */
  offsetAt(position: Position): number {
    return this.lineStarts[position.line] + position.character;
  }

  /** Whether any two edits cover overlapping text (insertions at one point do not overlap, as for `applyEdits`). */
  editsOverlap(edits: readonly TextEdit[]): boolean {
    let reached = 0;
    for (const span of this.spans(edits)) {
      if (span.start < reached) return true;
      reached = Math.max(reached, span.end);
    }
    return false;
  }

  /** The text after the edits, applied at once as the editor applies a quick fix. Ranges must be valid and not overlap. */
  apply(edits: readonly TextEdit[]): string {
    let result = '';
    let cursor = 0;
    for (const span of this.spans(edits)) {
      result += this.text.slice(cursor, span.start) + span.newText;
      cursor = span.end;
    }
    return result + this.text.slice(cursor);
  }

  private spans(edits: readonly TextEdit[]) {
    return edits
      .map((edit) => ({ start: this.offsetAt(edit.range.start), end: this.offsetAt(edit.range.end), newText: edit.newText }))
      .sort((a, b) => a.start - b.start || a.end - b.end);
  }
}

/**
 * Checks ranges the engine computed for one text against the lines an editor sees (`\r\n`, `\n` and a
 * lone `\r` end a line). The engine's LineIndex lines texts up the same way, so a range outside a line
 * is a bug wherever it comes from.
 */
export class PlacementCheck {
  private readonly editor: EditorText;

  constructor(text: string) {
    this.editor = new EditorText(text);
  }

  /** Why an editor cannot place the range; undefined when it can. */
  misplacement(range: Range | undefined): string | undefined {
    return this.editor.rangeProblem(range);
  }
}
