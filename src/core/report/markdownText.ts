/**
 * Text from the user's workspace (file names, model ids, variable names, messages quoting them) put
 * into Markdown: in a hover or a pull-request comment it must stay text. Unescaped, a model id such as
 * `![x](https://example.com/pixel.png)` would add a remote image to the hover.
 */

/** Escapes what would start a link, an image, an HTML tag, emphasis, code or a table cell (`_` inside words is no emphasis, so ids keep it). */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*[\]<>|]/g, '\\$&').replace(/\r?\n|\r/g, ' ');
}

/** Text as an inline code span, fenced with more backticks than it contains, so nothing inside it is Markdown. */
export function inlineCode(text: string): string {
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const padding = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${padding}${text.replace(/\r?\n|\r/g, ' ')}${padding}${fence}`;
}
