import type { ContentClass } from '../providers/estimateRatios';

/*
 * What kind of text a prompt part is, as far as an estimated tokenizer cares: published comparisons
 * between tokenizers differ most between English prose, source code, JSON and CJK text (a model's
 * vocabulary favours some of them), so an estimate uses the factor measured for the kind at hand.
 */

/** Below this many non-space characters a part is too short to tell: prose, the common case. */
const MIN_CLASSIFIED_CHARS = 40;
/** A text whose letters are this much Chinese, Japanese or Korean counts as CJK. */
const CJK_SHARE = 0.3;
/** Brackets, semicolons and operators per non-space character above which a text reads as code. */
const CODE_SYMBOL_SHARE = 0.06;
/** Lines shaped like code (a statement's end, a keyword's start) above which a text reads as code. */
const CODE_LINE_SHARE = 0.4;

const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f]/gu;
const CODE_SYMBOLS = /[{}()[\];=<>]/g;
const CODE_LINE = /(?:[;{}]\s*$)|^\s*(?:def|class|function|const|let|var|import|from|return|if|for|while|public|private|fn|func|package|#include)\b/;

/**
 * Kinds already worked out, by text: an estimated count asks for every text it scales, and a scan
 * counts the same prompts again for each file whose tasks or callers reach them (the count itself
 * comes from a cache; telling the kind took 0.6 s of the 11,000-file bench tree's cold scan).
 * Bounded in entries and characters, and emptied when full, as texts come and go with edits.
 */
const KNOWN_CLASSES = new Map<string, ContentClass>();
const MAX_KNOWN_CLASSES = 2_000;
const MAX_KNOWN_CHARS = 1_000_000;
let knownChars = 0;

/** The kind of a text: CJK, JSON, code or (by default, and for short parts) prose. */
export function contentClass(text: string): ContentClass {
  let kind = KNOWN_CLASSES.get(text);
  if (kind === undefined) {
    kind = classify(text);
    // A text longer than the whole bound is told again next time rather than emptying the rest for it.
    if (text.length <= MAX_KNOWN_CHARS) {
      if (KNOWN_CLASSES.size >= MAX_KNOWN_CLASSES || knownChars + text.length > MAX_KNOWN_CHARS) {
        KNOWN_CLASSES.clear();
        knownChars = 0;
      }
      KNOWN_CLASSES.set(text, kind);
      knownChars += text.length;
    }
  }
  return kind;
}

/** How many texts' kinds are held, and their length: for tests. */
export function knownContentClasses(): { texts: number; chars: number } {
  return { texts: KNOWN_CLASSES.size, chars: knownChars };
}

/** Lets go of every kind held: for tests, which start from nothing held. */
export function forgetContentClasses(): void {
  KNOWN_CLASSES.clear();
  knownChars = 0;
}

function classify(text: string): ContentClass {
  const visible = text.replace(/\s+/g, '');
  if (visible.length < MIN_CLASSIFIED_CHARS) return 'prose';
  const cjk = visible.match(CJK)?.length ?? 0;
  if (cjk / visible.length >= CJK_SHARE) return 'cjk';
  if (looksLikeJson(text)) return 'json';
  const symbols = visible.match(CODE_SYMBOLS)?.length ?? 0;
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  const codeLines = lines.filter((line) => CODE_LINE.test(line)).length;
  if (symbols / visible.length >= CODE_SYMBOL_SHARE && (lines.length < 3 || codeLines / lines.length >= CODE_LINE_SHARE)) return 'code';
  return 'prose';
}

/** An object or array that parses, or one cut short (a prompt's JSON example around a variable) dense with `"key":`. */
function looksLikeJson(text: string): boolean {
  const trimmed = text.trim();
  if (!/^[[{]/.test(trimmed)) return false;
  try {
    JSON.parse(trimmed);
    return true;
  } catch {
    const keys = trimmed.match(/"[^"\n]{1,64}"\s*:/g)?.length ?? 0;
    return keys * 40 >= trimmed.length;
  }
}
