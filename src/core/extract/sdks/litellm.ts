import { sdkDefaultCap } from '../../providers/providers';
import type { ModelReference } from '../../types';
import type { CallSite, CodeFile, CodeValue } from '../../codeModel/codeModel';
import type { SdkModule } from './sdkModule';
import { editSource } from './cacheEdits';
import { chatMessages } from './openai';
import {
  callFields,
  capInsertion,
  entryOf,
  fieldsOf,
  modelReference,
  modelVariableInto,
  outputCapOf,
  qualifiedName,
  sdkSite,
  staticText,
  toolSegments,
  valueOf,
  type SdkSite,
  tokenCount,
} from './siteParts';

const FUNCTIONS = new Set(['litellm.completion', 'litellm.acompletion']);

/**
 * LiteLLM (Python): `completion(...)` / `acompletion(...)` with a `provider/model` id and OpenAI's
 * message shape. For Claude models LiteLLM fills in an output cap of its own when the call sets none.
 */
export const litellmSdk: SdkModule = {
  id: 'litellm',
  markers: [/\blitellm\b/],
  extract(site: CallSite, file: CodeFile): SdkSite | undefined {
    const { call } = site;
    if (site.language !== 'python' || !FUNCTIONS.has(qualifiedName(call) ?? '')) return undefined;
    const fields = callFields(call, site.language)!;
    const result = sdkSite('litellm', site, file);
    const modelValue = valueOf(fields, 'model') ?? call.args.positional[0];
    result.model = readModel(modelValue);
    modelVariableInto(result, modelValue);
    // LiteLLM passes `cache_control` on content blocks through to Claude (Anthropic, Bedrock, Vertex AI).
    result.messages = chatMessages(fields, { source: editSource(file), insert: result.model !== undefined && /claude/i.test(result.model.id) });
    result.tools = toolSegments(valueOf(fields, 'tools'));
    if (!result.tools) delete result.tools;

    const cap = entryOf(fields, 'max_tokens', 'max_completion_tokens');
    if (cap) result.outputCap = outputCapOf(cap, cap.key);
    else {
      result.outputCapInsertion = capInsertion('max_tokens', fields, 'max_tokens');
      if (result.model && /^(?:anthropic\/)?claude/.test(result.model.id)) result.defaultOutputCap = sdkDefaultCap('anthropic', 'litellm', result.model.id);
    }
    const effort = staticText(valueOf(fields, 'reasoning_effort')) ?? staticText(valueOf(fieldsOf(valueOf(fields, 'reasoning')), 'effort'));
    if (effort) result.options.reasoningEffort = effort;
    const budget = valueOf(fieldsOf(valueOf(fields, 'thinking')), 'budget_tokens');
    const thinking = tokenCount(budget);
    if (thinking !== undefined) result.options.thinkingBudget = thinking;
    return result;
  },
};

/** `azure/<deployment>` names a deployment, not a model; other ids carry their provider prefix. */
function readModel(value: CodeValue | undefined): ModelReference | undefined {
  const model = modelReference(value);
  if (!model || !model.id.startsWith('azure/')) return model;
  return { ...model, resolved: false, deployment: model.id.slice('azure/'.length), provider: 'azure' };
}
