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
  /** Text that shows a file may use this SDK: an import of its package (`importMarkers`) or a telltale call chain. */
  markers: RegExp[];
  /**
   * The prompt site of a call this SDK owns, or undefined. A call that sends several prompts (an
   * Anthropic message batch) gives one site per prompt; an empty list claims a call that sends no
   * prompt (resuming a response), so it is not listed as unread. Sites have no `id`: the caller
   * assigns stable ids (`<file>#<function>[.n]`).
   */
  extract(site: CallSite, file: CodeFile): Omit<PromptSite, 'id'> | Array<Omit<PromptSite, 'id'>> | undefined;
}

/**
 * The pre-filter's markers for a package: an import of it, not its name anywhere (a comment, a
 * string, a list of providers). `js` and `python` each match a whole module name. TS/JS:
 * `import … from '…'`, `import '…'`, `import('…')`, `require('…')`, `export … from '…'`. Python:
 * `from <module>[.sub] import …`, `import <module>[.sub]`, also after other names (`import os, <module>`).
 */
export function importMarkers({ js, python }: { js?: RegExp; python?: RegExp }): RegExp[] {
  const markers: RegExp[] = [];
  if (js) markers.push(new RegExp(`(?:\\bfrom|\\bimport|\\brequire)\\s*\\(?\\s*['"](?:${js.source})['"]`));
  if (python)
    markers.push(
      new RegExp(
        `^[ \\t]*(?:from[ \\t]+(?:${python.source})(?:\\.[\\w.]*)?[ \\t]+import\\b|import[ \\t]+(?:[\\w.]+(?:[ \\t]+as[ \\t]+\\w+)?[ \\t]*,[ \\t]*)*(?:${python.source})(?!\\w))`,
        'm',
      ),
    );
  return markers;
}
