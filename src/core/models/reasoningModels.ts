import { parseModelId } from './modelId';

/**
 * OpenAI reasoning models (o-series, GPT-5 family): they bill hidden reasoning tokens as output,
 * and their output cap bounds those tokens too.
 */
export function isOpenAiReasoningModel(modelId: string | undefined): boolean {
  return modelId !== undefined && /^(o\d|gpt-5)/.test(parseModelId(modelId).name.toLowerCase());
}
