import type { Position, Range } from './positions';

/**
 * Converts between string offsets and 0-based line/character positions of one text. Lines end at
 * `\n`, `\r\n` or a lone `\r`, as in VS Code and LSP, so positions land where the editor shows them
 * whatever the file's line endings.
 */
export class LineIndex {
  /** Offset at which each line starts. */
  private readonly lineStarts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code === 10 /* \n */ || (code === 13 /* \r */ && text.charCodeAt(i + 1) !== 10)) this.lineStarts.push(i + 1);
    }
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    // An offset inside a line break (between \r and \n) is where no editor can place a cursor: the line's end.
    return { line: low, character: Math.min(clamped - this.lineStarts[low], this.lineLength(low)) };
  }

  /** The line's length without its line break. */
  private lineLength(line: number): number {
    const start = this.lineStarts[line];
    let end = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] : this.text.length;
    if (end > start && this.text.charCodeAt(end - 1) === 10 /* \n */) end--;
    if (end > start && this.text.charCodeAt(end - 1) === 13 /* \r */) end--;
    return end - start;
  }

  offsetAt(position: Position): number {
    if (position.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[Math.max(0, position.line)];
    const end = position.line + 1 < this.lineStarts.length ? this.lineStarts[position.line + 1] : this.text.length;
    return Math.min(start + Math.max(0, position.character), end);
  }

  range(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** The line's text without its line break (`\n`, `\r\n` or `\r`). */
  lineText(line: number): string {
    const start = this.lineStarts[line] ?? this.text.length;
    const next = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] : this.text.length;
    return this.text.slice(start, next).replace(/\r?\n$|\r$/, '');
  }
}

let lastIndex: LineIndex | undefined;

/**
 * The LineIndex of a text, reused while the same text is asked for again: the rules look at one
 * file's text for every finding, and indexing a 5,000-line file each time would cost more than the rules.
 */
export function lineIndexOf(text: string): LineIndex {
  if (lastIndex?.text !== text) lastIndex = new LineIndex(text);
  return lastIndex;
}
