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
