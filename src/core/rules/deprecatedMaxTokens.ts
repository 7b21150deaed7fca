import { lineIndexOf } from '../text/lineIndex';
import type { Range } from '../types';
import type { Rule } from './rule';
import { isOpenAiReasoningModel, siteAnchor } from './ruleSupport';

/**
 * OpenAI Chat Completions rejects `max_tokens` on reasoning models (o-series, GPT-5): the cap is
 * `max_completion_tokens` there, which also bounds the hidden reasoning tokens.
 */
export const deprecatedMaxTokens: Rule = {
  check(site, estimate, context) {
    if (site.sdk !== 'openai.chat' || site.outputCap?.param !== 'max_tokens' || !isOpenAiReasoningModel(estimate.model.id)) return [];
    const key = keyBefore(context.text, site.outputCap.range, 'max_tokens');
    return [
      {
        message: `${estimate.model.id} is a reasoning model: Chat Completions rejects max_tokens for it ("not compatible with o-series models"); use max_completion_tokens, which also bounds its reasoning tokens.`,
        range: key ?? site.outputCap.range ?? siteAnchor(site, context.text),
        fixes: key
          ? [
              {
                title: 'Rename max_tokens to max_completion_tokens',
                edits: [{ range: key, newText: 'max_completion_tokens' }],
                preferred: true,
                expect: (after) => after.site.outputCap?.param === 'max_completion_tokens' && after.site.outputCap.value === site.outputCap?.value,
              },
            ]
          : [],
      },
    ];
  },
};

/** The parameter's key written just before its value (`max_tokens: 500`, `max_tokens=500`, `"max_tokens": 500`). */
function keyBefore(text: string, value: Range | undefined, name: string): Range | undefined {
  if (!value) return undefined;
  const index = lineIndexOf(text);
  const end = index.offsetAt(value.start);
  const before = text.slice(Math.max(0, end - 200), end);
  const match = new RegExp(`\\b${name}\\b["']?\\s*[:=]\\s*$`).exec(before);
  if (!match) return undefined;
  const start = end - before.length + match.index;
  return index.range(start, start + name.length);
}
