/**
 * YAML front matter between `---` lines at the top of a file (Prompty, Dotprompt, Copilot prompt files).
 */
export interface FrontMatter {
  /** The YAML between the fences. */
  yaml: string;
  /** Offset of the YAML's first character in the file. */
  yamlStart: number;
  /** Offset where the body starts (after the closing fence's line break). */
  bodyStart: number;
  /** Offsets of the opening fence, for messages about it. */
  openStart: number;
  openEnd: number;
  /** False when no closing `---` was found: the whole rest of the file was taken as YAML. */
  closed: boolean;
}

// Lines end at \n, \r\n or a lone \r, as in the editor.
const OPENING = /^\uFEFF?---[ \t]*(\r\n|\n|\r)/;
const CLOSING = /^---[ \t]*(\r\n|\n|\r|$)/m;

/** Splits off front matter; undefined when the file does not start with `---`. */
export function splitFrontMatter(text: string): FrontMatter | undefined {
  const opening = OPENING.exec(text);
  if (!opening) return undefined;
  const yamlStart = opening[0].length;
  const openStart = opening[0].startsWith('\uFEFF') ? 1 : 0;
  const openEnd = openStart + 3;
  const rest = text.slice(yamlStart);
  const closing = CLOSING.exec(rest);
  if (!closing) {
    return { yaml: rest, yamlStart, bodyStart: text.length, openStart, openEnd, closed: false };
  }
  return {
    yaml: rest.slice(0, closing.index),
    yamlStart,
    bodyStart: yamlStart + closing.index + closing[0].length,
    openStart,
    openEnd,
    closed: true,
  };
}
