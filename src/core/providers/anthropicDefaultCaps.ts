/**
 * Anthropic's Messages API requires `max_tokens`, so the SDKs that wrap it send one of their own
 * when a call sets none. The worst case of such a call is that cap, not the model's maximum (or
 * it is the model's maximum, where that is what the SDK sends). Each function takes the model id as
 * the call writes it and returns the cap and a sentence on where it comes from.
 */
import type { SdkDefaultCaps } from './sdkDefaultCaps';
import { own } from '../records';

const tokens = (value: number) => value.toLocaleString('en-US');

/** `@ai-sdk/anthropic` (its `getModelCapabilities`): the model's maximum output, 4,096 for models it does not know. */
function aiSdkCap(modelId: string): number {
  const id = modelId.toLowerCase().replace(/\./g, '-');
  if (/claude-(?:opus-4-[6-9]|opus-5|sonnet-4-6|sonnet-5)/.test(id)) return 128_000;
  if (/claude-(?:sonnet|opus|haiku)-4-5/.test(id)) return 64_000;
  if (/claude-opus-4-1/.test(id)) return 32_000;
  if (/claude-sonnet-4|claude-3-7-sonnet/.test(id)) return 64_000;
  if (/claude-opus-4/.test(id)) return 32_000;
  if (/claude-3-5-haiku/.test(id)) return 8_192;
  return 4_096;
}

/** `@langchain/anthropic` 1.5.4's default `maxTokens`: 16,384 for Claude 4.x and 5, 8,192 for 3.5 and 3.7, 4,096 otherwise. */
function langchainJsCap(modelId: string): number {
  const id = modelId.replace(/^anthropic:/, '').toLowerCase();
  if (/^claude-(?:opus|sonnet|haiku|fable|mythos)-[45]/.test(id)) return 16_384;
  if (/^claude-3-[57]/.test(id)) return 8_192;
  return 4_096;
}

const LANGCHAIN_PYTHON_CAPS: Readonly<Record<string, number>> = {
  'claude-3-haiku': 4_096,
  'claude-3-5-haiku': 8_192,
  'claude-3-7-sonnet': 64_000,
  'claude-sonnet-4': 64_000,
  'claude-opus-4': 32_000,
  'claude-opus-4-1': 32_000,
  'claude-sonnet-4-5': 64_000,
  'claude-haiku-4-5': 64_000,
};

/**
 * `langchain_anthropic`'s `_default_max_tokens_for`: the model's maximum output, looked up by the id
 * without its last `-` part (`claude-sonnet-4-5-20250929` → `claude-sonnet-4-5`), 4,096 for anything else.
 */
function langchainPythonCap(modelId: string): number {
  const id = modelId.replace(/^anthropic:/, '');
  if (!id) return 4_096;
  const parts = id.split('-');
  const family = parts.length > 1 ? parts.slice(0, -1).join('-') : id;
  return own(LANGCHAIN_PYTHON_CAPS, family) ?? 4_096;
}

export const ANTHROPIC_DEFAULT_CAPS: SdkDefaultCaps = {
  'ai-sdk': (modelId) => {
    const value = aiSdkCap(modelId);
    return { value, source: `the AI SDK's Anthropic provider sends max_tokens ${tokens(value)} (the model's maximum output) when maxOutputTokens is not set` };
  },
  'langchain-js': (modelId) => {
    const value = langchainJsCap(modelId);
    return { value, source: `@langchain/anthropic's ChatAnthropic sends max_tokens ${tokens(value)} for this model when maxTokens is not set` };
  },
  'langchain-python': (modelId) => {
    const value = langchainPythonCap(modelId);
    return { value, source: `langchain_anthropic's ChatAnthropic sends max_tokens ${tokens(value)} for this model when max_tokens is not set` };
  },
  // LiteLLM's DEFAULT_ANTHROPIC_CHAT_MAX_TOKENS, whatever the model.
  litellm: () => ({ value: 4_096, source: 'LiteLLM sends max_tokens 4,096 (DEFAULT_ANTHROPIC_CHAT_MAX_TOKENS) to Claude when the call sets none' }),
};
