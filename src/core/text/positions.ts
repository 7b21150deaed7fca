/** Places in a text, 0-based line and character as in LSP; adapters convert to their editor's types. */

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** A text replacement; an empty range inserts. */
export interface TextEdit {
  range: Range;
  newText: string;
}
