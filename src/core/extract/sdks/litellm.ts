import { sdkDefaultCap } from '../../providers/providers';
import type { ModelReference } from '../../types';
import type { CallSite, CodeCall, CodeFile, CodeValue } from '../../codeModel/codeModel';
import { importMarkers, type SdkModule } from './sdkModule';
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
  receiverValue,
  sdkSite,
  staticText,
  toolSegments,
  valueOf,
  type SdkSite,
  tokenCount,
} from './siteParts';

const FUNCTIONS = new Set(['litellm.completion', 'litellm.acompletion']);
const ROUTER_METHODS = new Set(['completion', 'acompletion']);

/**
 * LiteLLM (Python): `completion(...)` / `acompletion(...)` with a `provider/model` id and OpenAI's
 * message shape. For Claude models LiteLLM fills in an output cap of its own when the call sets none.
 */
export const litellmSdk: SdkModule = {
  id: 'litellm',
  markers: importMarkers({ python: /litellm/ }),
  extract(site: CallSite, file: CodeFile): SdkSite | undefined {
    const { call } = site;
    const router = site.language === 'python' ? routerOf(call) : undefined;
    if (site.language !== 'python' || (!router && !FUNCTIONS.has(qualifiedName(call) ?? ''))) return undefined;
    const fields = callFields(call, site.language)!;
    const result = sdkSite('litellm', site, file);
    const modelValue = valueOf(fields, 'model') ?? call.args.positional[0];
    result.model = router ? routedModel(router, modelValue) : readModel(modelValue);
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

/** The `Router(model_list=[…])` a `router.completion(…)` / `router.acompletion(…)` is called on. */
function routerOf(call: CodeCall): CodeCall | undefined {
  if (call.chain.length !== 2 || !ROUTER_METHODS.has(call.chain[1])) return undefined;
  const receiver = receiverValue(call);
  return receiver?.kind === 'call' && qualifiedName(receiver.call) === 'litellm.Router' ? receiver.call : undefined;
}

/**
 * The model behind a Router alias: the `litellm_params.model` of the `model_list` entries named so.
 * Several deployments under one name (load balancing) with different models are each priced; an
 * alias the list does not name is taken as a model id, as a call of `litellm.completion` would.
 */
function routedModel(router: CodeCall, aliasValue: CodeValue | undefined): ModelReference | undefined {
  const alias = staticText(aliasValue);
  const list = valueOf(callFields(router, 'python'), 'model_list');
  if (alias === undefined || list?.kind !== 'array') return readModel(aliasValue);
  const deployments = list.items.filter((item) => staticText(valueOf(fieldsOf(item), 'model_name')) === alias);
  const models = deployments.map((item) => readModel(valueOf(fieldsOf(valueOf(fieldsOf(item), 'litellm_params')), 'model')));
  if (models.length === 0) return readModel(aliasValue);
  if (models.some((model) => model === undefined)) return undefined;
  const ids = [...new Set(models.map((model) => model!.id))];
  const model: ModelReference = { ...models[0]!, from: { routerAlias: alias } };
  if (ids.length > 1) model.passedModels = ids;
  return model;
}

/** `azure/<deployment>` names a deployment, not a model; other ids carry their provider prefix. */
function readModel(value: CodeValue | undefined): ModelReference | undefined {
  const model = modelReference(value);
  if (!model || !model.id.startsWith('azure/')) return model;
  return { ...model, resolved: false, deployment: model.id.slice('azure/'.length), provider: 'azure' };
}
