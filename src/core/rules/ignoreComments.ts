import { lineIndexOf } from '../text/lineIndex';
import { lineBreakOf } from '../text/applyEdits';
import type { Finding, Fix, Position, PromptSite } from '../types';

const IGNORE = /promptcost-ignore\b([^\n]*)/;
const COMMENT_LINE = /^\s*(\/\/|#|\/\*|\*)/;

/**
 * Rule ids silenced for a finding: `promptcost-ignore <id> [<id>…]` in the comment lines directly
 * above the site or the finding, or, in a prompt file, anywhere in its front matter.
 */
export function ignoredRules(text: string, site: PromptSite, finding: Finding): Set<string> {
  const index = lineIndexOf(text);
  const ids = new Set<string>();
  const collect = (line: string) => {
    const match = IGNORE.exec(line);
    if (match) for (const id of match[1].split(/[\s,]+/)) if (/^[a-z][a-z0-9-]*$/.test(id)) ids.add(id);
  };
  if (site.kind === 'prompt-file') {
    const bodyStart = site.messages[0]?.range.start.line ?? index.lineCount;
    for (let line = 0; line < Math.min(bodyStart, index.lineCount); line++) collect(index.lineText(line));
  }
  for (const start of [site.range.start.line, finding.range.start.line]) {
    for (let line = start - 1; line >= 0 && COMMENT_LINE.test(index.lineText(line)); line--) collect(index.lineText(line));
  }
  return ids;
}

/**
 * The fix that silences one rule at one site: a comment line above a call, or a YAML comment
 * at the top of a prompt file's front matter. Undefined where no comment can go (a Copilot
 * prompt without front matter, whose every line is sent to the model).
 */
export function ignoreFix(text: string, site: PromptSite, rule: string): Fix | undefined {
  const index = lineIndexOf(text);
  const eol = lineBreakOf(text);
  const title = `Ignore ${rule} here (promptcost-ignore comment)`;
  if (site.kind === 'prompt-file') {
    const first = index.lineText(0);
    if (/^---\s*$/.test(first)) {
      // A file that is only its opening `---` has no second line to put the comment on: start one.
      if (index.lineCount === 1) return insertion(title, { line: 0, character: first.length }, `${eol}# promptcost-ignore ${rule}`);
      return insertion(title, { line: 1, character: 0 }, `# promptcost-ignore ${rule}${eol}`);
    }
    // After a byte-order mark, which must stay the file's first character.
    if (site.sdk === 'github-models') return insertion(title, { line: 0, character: text.startsWith('\uFEFF') ? 1 : 0 }, `# promptcost-ignore ${rule}${eol}`);
    return undefined;
  }
  const line = site.range.start.line;
  const above = line > 0 ? index.lineText(line - 1) : '';
  if (IGNORE.test(above)) {
    return {
      title,
      edits: [{ range: { start: { line: line - 1, character: above.length }, end: { line: line - 1, character: above.length } }, newText: ` ${rule}` }],
    };
  }
  const indentation = /^\s*/.exec(index.lineText(line))![0];
  const marker = /\.py$/i.test(site.file) ? '#' : '//';
  return {
    title,
    edits: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${indentation}${marker} promptcost-ignore ${rule}${eol}` }],
  };
}

function insertion(title: string, at: Position, newText: string): Fix {
  return { title, edits: [{ range: { start: at, end: at }, newText }] };
}
