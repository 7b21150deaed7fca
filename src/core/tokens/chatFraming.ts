import type { SiteSdk } from '../types';

/**
 * Tokens the chat format adds around messages, from OpenAI's cookbook "How to count tokens with
 * tiktoken" (gpt-3.5-turbo-0125 and later, gpt-4, gpt-4o): each message is wrapped as
 * `<|start|>{role}<|message|>{content}<|end|>` and the reply is primed with
 * `<|start|>assistant<|message|>`. The cookbook calls the result an estimate, not a guarantee.
 */
export const TOKENS_PER_MESSAGE = 3;
/** A `name` field costs its own tokens plus this one. */
export const TOKENS_PER_NAME = 1;
export const REPLY_PRIMING_TOKENS = 3;

/** APIs that send the prompt as plain text, with none of the chat format around it: OpenAI's legacy Completions. */
const PLAIN_TEXT_APIS: ReadonlySet<SiteSdk> = new Set<SiteSdk>(['openai.completions']);

/** Whether a site's prompt goes out as chat messages, framed as above. */
export function usesChatFormat(sdk: SiteSdk): boolean {
  return !PLAIN_TEXT_APIS.has(sdk);
}
