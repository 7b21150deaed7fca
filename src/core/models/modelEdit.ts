import { providerOfModelName } from '../providers/providers';
import { lineIndexOf } from '../text/lineIndex';
import { isTextCompletionApi, type Estimate, type PromptSite, type Range, type TextEdit } from '../types';
import { parseModelId } from './modelId';

/**
 * The edit that makes a site use another model, written where the model is: its id's own characters
 * in the file (a YAML value, a string literal, the default in `process.env.MODEL ?? 'gpt-4o'`).
 * A provider prefix as written is kept when the new model is of the same provider
 * (`openai/gpt-4o` → `openai/gpt-4o-mini`, LangChain `openai:gpt-4o` → `openai:gpt-4o-mini`).
 *
 * Undefined when the model in effect is not a literal in the file — set in promptcost.yaml, a
 * deployment, a constant built from parts — or is not written as a price-data id (Bedrock ids,
 * Copilot's picker names), or the call goes through a text-completion API, which takes none of the
 * current models: then promptcost.yaml is the place to say which model the site uses.
 * Shared by the cheaper-model fix and the editor's "Change model…".
 */
export function modelEdit(text: string, site: PromptSite, estimate: Estimate, model: string): TextEdit | undefined {
  const written = site.model;
  if (!written || estimate.model.source !== 'file' || written.deployment !== undefined) return undefined;
  if (site.sdk === 'copilot-prompt' || site.sdk === 'bedrock.converse' || site.sdk === 'bedrock.invoke' || isTextCompletionApi(site.sdk)) return undefined;
  const range = literalRange(text, written.range, written.id);
  return range ? { range, newText: withPrefixOf(written.id, model) } : undefined;
}

/** The id's characters without their quotes, when the range holds the id as a plain literal. */
function literalRange(text: string, range: Range | undefined, id: string): Range | undefined {
  if (!range || range.start.line !== range.end.line) return undefined;
  const index = lineIndexOf(text);
  const start = index.offsetAt(range.start);
  const written = text.slice(start, index.offsetAt(range.end));
  if (written === id) return range;
  // The literal itself, or the default in `process.env.MODEL ?? 'gpt-4o'` / `os.getenv("MODEL", "gpt-4o")`.
  const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const last = [...written.matchAll(new RegExp(`(['"\`])${escaped}\\1`, 'g'))].at(-1);
  return last ? index.range(start + last.index + 1, start + last.index + 1 + id.length) : undefined;
}

function withPrefixOf(original: string, model: string): string {
  const prefix = /^(.*\/|[a-z][\w-]*:)/.exec(original)?.[0];
  if (!prefix || /[/:]/.test(model)) return model;
  const originalProvider = parseModelId(original).provider;
  const newProvider = parseModelId(model).provider ?? providerOfModelName(model);
  return originalProvider !== undefined && originalProvider === newProvider ? `${prefix}${model}` : model;
}
