/**
 * How deep brackets nest in source code, before tree-sitter sees it. Its error recovery recurses per
 * level of unclosed nesting, and the WebAssembly stack it recurses on is small: about 2,000 unclosed
 * `{a: ` overflow it, which corrupts the parser's memory for every file after (measured with
 * tree-sitter-typescript 0.25). Real code nests a few dozen levels; past this, the file is read up
 * to the line where it gets too deep.
 */
export const MAX_CODE_NESTING = 256;

/**
 * The offset of the start of the line where brackets (`(`, `[`, `{`) first nest deeper than `limit`;
 * undefined when they never do. Brackets in strings and comments count too: deciding what is a string
 * takes the parser this guards, and a string or comment that opens hundreds of brackets it does not
 * close is no more real code than the rest.
 */
export function tooDeepLineStart(text: string, limit = MAX_CODE_NESTING): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x28 /* ( */ || code === 0x5b /* [ */ || code === 0x7b /* { */) {
      if (++depth > limit) return Math.max(text.lastIndexOf('\n', i), text.lastIndexOf('\r', i)) + 1;
    } else if ((code === 0x29 /* ) */ || code === 0x5d /* ] */ || code === 0x7d) /* } */ && depth > 0) {
      depth--;
    }
  }
  return undefined;
}
