import type { PromptSite } from '../../types';
import type { CallSite, CodeFile } from '../../codeModel/codeModel';

/**
 * One LLM SDK (both languages where it has both): which calls are its calls, and where their
 * model, messages, tools, output cap and cache breakpoints live.
 */
export interface SdkModule {
  /** `openai`, `anthropic`, `mistral`, `google-genai`, `ai-sdk`, `langchain`, `litellm`, `bedrock`, and the agent
   * frameworks whose run is one site: `openai-agents`, `pydantic-ai`, `langchain-agent`. */
  id: string;
  /** Text that shows a file may use this SDK (package names in imports, telltale method chains). */
  markers: RegExp[];
  /**
   * The prompt site of a call this SDK owns, or undefined. A call that sends several prompts (an
   * Anthropic message batch) gives one site per prompt; an empty list claims a call that sends no
   * prompt (resuming a response), so it is not listed as unread. Sites have no `id`: the caller
   * assigns stable ids (`<file>#<function>[.n]`).
   */
  extract(site: CallSite, file: CodeFile): Omit<PromptSite, 'id'> | Array<Omit<PromptSite, 'id'>> | undefined;
}
