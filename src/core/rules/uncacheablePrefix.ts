import { cacheName } from '../providers/providers';
import { lineIndexOf } from '../text/lineIndex';
import type { Fix, Message, Segment, TextEdit } from '../types';
import type { Rule } from './rule';
import { atVolume, formatCount, formatMonthly, formatPercent, monthlySaving } from './ruleSupport';

/**
 * Providers cache only a prefix that is identical between calls. A date, a name or a request id
 * early in the prompt ends that prefix, so the fixed instructions after it are paid in full on every
 * call. With automatic caching (OpenAI, Gemini, DeepSeek) the fix moves the lines with the variable
 * parts to the end of their message, after the fixed text, and is offered only when the edited file
 * parses again and caches more. Anthropic needs the fixed text in a block of its own with a
 * breakpoint: the finding says so, with the saving, and offers no edit.
 */
export const uncacheablePrefix: Rule = {
  async check(site, estimate, context) {
    if (estimate.cache.mode === 'none' || (site.tools ?? []).some((tool) => tool.kind === 'dynamic')) return [];
    const explicit = estimate.cache.mode === 'explicit';
    // A prompt file cannot write an Anthropic breakpoint (see missing-cache-breakpoint): nothing to advise there.
    if (explicit && site.kind !== 'sdk-call') return [];
    // All the fixed text together is below the minimum: no order of it could be cached.
    if (estimate.tokens.static + estimate.tokens.tools + estimate.tokens.framing < estimate.cache.minTokens) return [];
    const at = site.messages.findIndex((message) => message.segments.some((segment) => segment.kind === 'dynamic'));
    if (at < 0) return [];
    const message = site.messages[at];
    const first = message.segments.findIndex((segment) => segment.kind === 'dynamic');
    const { start, tokens } = await largestStaticRun(message.segments, first, context.count);
    if (start < 0) return [];
    // For Anthropic, what a breakpoint on the fixed messages before this one would cache already is
    // missing-cache-breakpoint's saving: this rule counts only what moving text adds to it.
    const baseline =
      explicit && at > 0 && !site.messages.some((m) => m.cacheBreakpoint)
        ? await context.estimate({ ...site, messages: site.messages.map((m, i) => (i === at - 1 ? { ...m, cacheBreakpoint: true } : m)) })
        : estimate;
    // Only text that is worth caching on its own, or that lifts a prefix over the minimum, counts.
    if (tokens < estimate.cache.minTokens && baseline.tokens.cached > 0) return [];
    // What the provider would cache with the run first: reorder the segments and estimate again.
    // Anthropic caches only up to a breakpoint on a block nothing variable precedes, so there the
    // run becomes a block of its own, with the breakpoint, and the rest follows in a second block.
    let end = start;
    while (end < message.segments.length && message.segments[end].kind === 'static') end++;
    const rest = [...message.segments.slice(0, start), ...message.segments.slice(end)];
    const reordered: Message[] = explicit
      ? [
          { ...message, segments: message.segments.slice(start, end), cacheBreakpoint: true },
          { ...message, segments: rest },
        ]
      : [{ ...message, segments: [...message.segments.slice(start), ...message.segments.slice(0, start)] }];
    const variant = await context.estimate({ ...site, messages: site.messages.flatMap((m, i) => (i === at ? reordered : [m])) });
    if (variant.tokens.cached <= baseline.tokens.cached) return [];

    let after = variant;
    const fixes: Fix[] = [];
    // Splitting a string into two blocks with a breakpoint is a change to the call's shape, not a
    // move of text: for Anthropic the finding says what to do and offers no edit.
    const edits = explicit ? undefined : moveLinesEdit(context.text, message, start);
    if (edits) {
      const fixed = await context.afterEdits(edits);
      if (fixed && fixed.estimate.tokens.cached > estimate.tokens.cached) {
        after = fixed.estimate;
        fixes.push({ title: `Move ${describeMoved(message.segments.slice(0, start))} after the fixed text`, edits, preferred: true });
      }
    }
    const saving = monthlySaving(baseline, after);
    const dynamic = message.segments[first];
    return [
      {
        message: `${dynamic.text} changes between calls and comes before ${formatCount(tokens)} tokens of fixed text, so ${providerName(estimate.model.provider)} can never serve that text from its prompt cache. ${
          explicit
            ? 'With the fixed text first, in a block of its own with cache_control, and the variable part in a block after it'
            : 'With the variable part after it'
        }, ${formatCount(after.tokens.cached)} tokens would be cached (expected hit rate ${formatPercent(after.cache.hitRate)} ${atVolume(estimate)})${saving !== undefined ? `: ${formatMonthly(saving)}/month less` : ''}.`,
        range: dynamic.range,
        monthlySavings: saving,
        fixes,
      },
    ];
  },
};

/** The static run after the first dynamic segment with the most tokens: the text worth caching. */
async function largestStaticRun(
  segments: Segment[],
  firstDynamic: number,
  count: (text: string) => Promise<number>,
): Promise<{ start: number; tokens: number }> {
  let best = { start: -1, tokens: 0 };
  for (let i = firstDynamic + 1; i < segments.length; i++) {
    if (segments[i].kind !== 'static' || segments[i - 1].kind === 'static') continue;
    let text = '';
    for (let j = i; j < segments.length && segments[j].kind === 'static'; j++) text += segments[j].text;
    const tokens = await count(text);
    if (tokens > best.tokens) best = { start: i, tokens };
  }
  return best;
}

/**
 * Moves the source lines before the static run to the end of the message: `A␤␤B` becomes `B␤␤A`.
 * Works on the source, so escapes and indentation stay as written; the cut is at the start of the
 * first non-blank line inside the run, so a run that starts mid-line (`.␤␤You are…`) moves its
 * line ending along with the variable part. Undefined when the message's text is not one
 * contiguous piece of source or the run has no line of its own (a one-line string).
 */
function moveLinesEdit(text: string, message: Message, runStart: number): TextEdit[] | undefined {
  const index = lineIndexOf(text);
  const segments = message.segments;
  const offsets = segments.map((segment) => {
    const start = index.offsetAt(segment.range.start);
    const end = index.offsetAt(segment.range.end);
    // A constant's text sits at its name: `${NAME}` / `{NAME}` — the braces move with it.
    const opener = text.slice(Math.max(0, start - 2), start);
    if (segment.kind === 'static' && text[end] === '}') {
      if (opener === '${') return { start: start - 2, end: end + 1 };
      if (opener.endsWith('{')) return { start: start - 1, end: end + 1 };
    }
    return { start, end };
  });
  for (let i = 1; i < offsets.length; i++) if (offsets[i].start !== offsets[i - 1].end) return undefined;
  const contentStart = offsets[0].start;
  const contentEnd = offsets[offsets.length - 1].end;
  // The first line that starts inside the run, after any blank lines, at its first non-blank character.
  const runOffset = offsets[runStart].start;
  const lineStart = text.lastIndexOf('\n', runOffset - 1) + 1;
  let cut: number;
  if (lineStart > contentStart && /^[ \t]*$/.test(text.slice(lineStart, runOffset))) {
    cut = runOffset;
  } else {
    const line = /\r?\n(?:[ \t]*\r?\n)*([ \t]*)(?=\S)/.exec(text.slice(runOffset, contentEnd));
    if (!line) return undefined;
    cut = runOffset + line.index + line[0].length;
  }
  const moved = text.slice(contentStart, cut);
  const kept = text.slice(cut, contentEnd);
  const movedCore = moved.replace(/\s+$/, '');
  const separator = moved.slice(movedCore.length);
  const keptCore = kept.replace(/\s+$/, '');
  const keptTail = kept.slice(keptCore.length);
  if (!movedCore || !keptCore) return undefined;
  return [{ range: index.range(contentStart, contentEnd), newText: `${keptCore}${separator}${movedCore}${keptTail}` }];
}

function describeMoved(segments: Segment[]): string {
  const names = segments.filter((segment) => segment.kind === 'dynamic').map((segment) => segment.text);
  if (names.length <= 2) return names.join(' and ');
  return `${names[0]} and ${names.length - 1} other variable parts`;
}

function providerName(provider: string | undefined): string {
  return cacheName(provider) ?? 'the provider';
}
