/**
 * Decoding of string-literal bodies, keeping where each decoded character came from so that text
 * cut out later (dedent, strip, placeholders) still maps back to exact source ranges.
 */

/** Decoded text; `offsets[i]` is the source offset of character `i` (length + 1 entries), absent when the text is the source as is. */
export interface Decoded {
  text: string;
  offsets?: number[];
}

export type EscapeStyle = 'js' | 'python' | 'raw';

const SIMPLE_JS: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' };
const SIMPLE_PY: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', a: '\x07', '\\': '\\', "'": "'", '"': '"' };

/**
 * Decodes `raw` (a literal's body without its quotes) that starts at source offset `start`.
 * `braces` also turns the `{{` / `}}` of f-strings and `.format` receivers into single braces.
 */
export function decodeLiteral(raw: string, start: number, style: EscapeStyle, braces = false): Decoded {
  if (!/[\\\r]/.test(raw) && !(braces && /\{\{|\}\}/.test(raw))) return { text: raw };
  let text = '';
  const offsets: number[] = [];
  const emit = (value: string, at: number) => {
    // An astral character is two UTF-16 units; both map to the escape that produced them.
    for (let k = 0; k < value.length; k++) offsets.push(start + at);
    text += value;
  };
  let i = 0;
  while (i < raw.length) {
    const ch = raw[i];
    if (ch === '\r' && raw[i + 1] === '\n') {
      // Both languages read CRLF inside a literal as LF.
      emit('\n', i);
      i += 2;
      continue;
    }
    if (braces && (ch === '{' || ch === '}') && raw[i + 1] === ch) {
      emit(ch, i);
      i += 2;
      continue;
    }
    if (ch !== '\\' || style === 'raw' || i + 1 >= raw.length) {
      emit(ch, i);
      i++;
      continue;
    }
    const [value, length] = style === 'js' ? jsEscape(raw, i) : pythonEscape(raw, i);
    emit(value, i);
    i += length;
  }
  offsets.push(start + raw.length);
  return { text, offsets };
}

/** The escape at `raw[i] === '\\'`: its value and its length in source characters. */
function jsEscape(raw: string, i: number): [string, number] {
  const next = raw[i + 1];
  if (next === '\r') return ['', raw[i + 2] === '\n' ? 3 : 2];
  if (next === '\n' || next === '\u2028' || next === '\u2029') return ['', 2];
  if (next in SIMPLE_JS && !(next === '0' && /[0-9]/.test(raw[i + 2] ?? ''))) return [SIMPLE_JS[next], 2];
  if (next === 'x') {
    const hex = raw.slice(i + 2, i + 4);
    if (/^[0-9a-fA-F]{2}$/.test(hex)) return [String.fromCharCode(parseInt(hex, 16)), 4];
  }
  if (next === 'u') {
    if (raw[i + 2] === '{') {
      const close = raw.indexOf('}', i + 3);
      const hex = close > 0 ? raw.slice(i + 3, close) : '';
      if (/^[0-9a-fA-F]{1,6}$/.test(hex) && parseInt(hex, 16) <= 0x10ffff) return [String.fromCodePoint(parseInt(hex, 16)), close - i + 1];
    } else {
      const hex = raw.slice(i + 2, i + 6);
      if (/^[0-9a-fA-F]{4}$/.test(hex)) return [String.fromCharCode(parseInt(hex, 16)), 6];
    }
  }
  // `\q` is `q`; a malformed `\x`/`\u` is kept as its letter too (it is a syntax error anyway).
  const codePoint = raw.codePointAt(i + 1) ?? 0;
  const value = String.fromCodePoint(codePoint);
  return [value, 1 + value.length];
}

function pythonEscape(raw: string, i: number): [string, number] {
  const next = raw[i + 1];
  if (next === '\r') return ['', raw[i + 2] === '\n' ? 3 : 2];
  if (next === '\n') return ['', 2];
  if (next in SIMPLE_PY) return [SIMPLE_PY[next], 2];
  const octal = /^[0-7]{1,3}/.exec(raw.slice(i + 1, i + 4));
  if (octal) return [String.fromCharCode(parseInt(octal[0], 8)), 1 + octal[0].length];
  const widths: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };
  const width = widths[next];
  if (width !== undefined) {
    const hex = raw.slice(i + 2, i + 2 + width);
    if (hex.length === width && /^[0-9a-fA-F]+$/.test(hex) && parseInt(hex, 16) <= 0x10ffff) return [String.fromCodePoint(parseInt(hex, 16)), 2 + width];
  }
  // Unknown escapes (`\d` in a regex, `\N{…}`) keep their backslash, as Python does.
  return ['\\', 1];
}
