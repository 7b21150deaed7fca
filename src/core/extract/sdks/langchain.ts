import { sdkDefaultCap, type ProviderId } from '../../providers/providers';
import type { Message, ModelReference, Role } from '../../types';
import type { CallSite, CodeCall, CodeFile, CodeValue } from '../../codeModel/codeModel';
import type { SdkModule } from './sdkModule';
import {
  ContentBuilder,
  capInsertion,
  dynamicSegment,
  entryOf,
  fieldsOf,
  fileImports,
  historyMessage,
  importModule,
  keywordFields,
  lastName,
  looksLikeHistory,
  messageList,
  messagesOf,
  methodOf,
  modelReference,
  providerInto,
  outputCapOf,
  qualifiedName,
  receiverValue,
  roleOf,
  sdkSite,
  staticText,
  textSegments,
  valueOf,
  type Fields,
  type SdkSite,
  readContentParts,
  tokenCount,
} from './siteParts';
import { cacheControlInsertion, cacheControlRemoval, editSource, entryHolder, type Holder } from './cacheEdits';
import type { CacheEditing } from './openai';
import { own } from '../../records';

const INVOKE_METHODS = new Set(['invoke', 'stream', 'batch', 'ainvoke', 'astream', 'abatch']);
/** Methods that return the same model with settings bound: the call is still the model's. */
const WRAPPERS = new Set([
  'bind',
  'bindTools',
  'bind_tools',
  'withStructuredOutput',
  'with_structured_output',
  'withConfig',
  'with_config',
  'withRetry',
  'with_retry',
  'withFallbacks',
  'with_fallbacks',
]);
const MESSAGE_CLASSES: Readonly<Record<string, Role>> = {
  SystemMessage: 'system',
  HumanMessage: 'user',
  AIMessage: 'assistant',
  ToolMessage: 'tool',
  FunctionMessage: 'tool',
};

type Family = 'openai' | 'azure' | 'anthropic' | 'google' | 'init';

const CLASSES: Readonly<Record<string, Family>> = {
  ChatOpenAI: 'openai',
  AzureChatOpenAI: 'azure',
  ChatAnthropic: 'anthropic',
  ChatGoogleGenerativeAI: 'google',
  ChatVertexAI: 'google',
  init_chat_model: 'init',
  initChatModel: 'init',
};

/** The cap each family's constructor takes, as JS and Python spell it; the first is the one a fix inserts. */
const CAP_KEYS: Readonly<Record<Family, { js: string[]; python: string[] }>> = {
  openai: { js: ['maxTokens', 'maxCompletionTokens'], python: ['max_tokens', 'max_completion_tokens'] },
  azure: { js: ['maxTokens', 'maxCompletionTokens'], python: ['max_tokens', 'max_completion_tokens'] },
  anthropic: { js: ['maxTokens', 'maxTokensToSample'], python: ['max_tokens', 'max_tokens_to_sample'] },
  google: { js: ['maxOutputTokens'], python: ['max_output_tokens', 'max_tokens'] },
  init: { js: ['maxTokens'], python: ['max_tokens'] },
};

const PROVIDERS: Readonly<Record<string, ProviderId>> = { openai: 'openai', anthropic: 'anthropic', google: 'google' };

/**
 * LangChain chat models (JS `@langchain/*`, Python `langchain_*`): the site is the `.invoke` /
 * `.stream` / `.batch` call (and their async forms) on a model built by `new ChatOpenAI(...)`,
 * `ChatAnthropic(...)`, `init_chat_model(...)`…; the model and cap come from that constructor.
 */
export const langchainSdk: SdkModule = {
  id: 'langchain',
  markers: [/langchain/],
  extract(site: CallSite, file: CodeFile): SdkSite | undefined {
    const { call } = site;
    if (!INVOKE_METHODS.has(methodOf(call)) || call.chain.length < 2) return undefined;
    const model = chatModel(receiverValue(call), file);
    if (!model) return undefined;
    const python = site.language === 'python';
    const result = sdkSite('langchain', site, file);
    const fields = constructorFields(model.call, python);
    const reference = readModel(model.call, model.family, fields);
    result.model = reference;
    providerInto(result, model.family === 'init' ? staticText(valueOf(fields, 'model_provider', 'modelProvider')) : PROVIDERS[model.family]);

    const input = call.args.positional[0];
    // ChatAnthropic reads `cache_control` on content blocks; other models have no use for it.
    const cache: CacheEditing = { source: editSource(file), insert: isAnthropic(model.family, reference, fields) };
    if (input) result.messages = inputMessages(input, cache);

    const keys = CAP_KEYS[model.family][python ? 'python' : 'js'];
    const cap = entryOf(fields, ...keys);
    if (cap) result.outputCap = outputCapOf(cap, cap.key);
    else {
      result.outputCapInsertion = capInsertion(keys[0], fields, keys[0]);
      if (isAnthropic(model.family, reference, fields)) {
        result.defaultOutputCap = sdkDefaultCap('anthropic', python ? 'langchain-python' : 'langchain-js', reference?.id ?? '');
      }
    }
    const effort = staticText(valueOf(fields, 'reasoningEffort', 'reasoning_effort', 'effort'));
    if (effort) result.options.reasoningEffort = effort;
    const budget = valueOf(fieldsOf(valueOf(fields, 'thinking')), 'budget_tokens', 'budgetTokens');
    const thinking = tokenCount(budget);
    if (thinking !== undefined) result.options.thinkingBudget = thinking;
    return result;
  },
};

/** The chat model constructor behind a value, through `bind_tools(...)` / `withStructuredOutput(...)`. */
function chatModel(value: CodeValue | undefined, file: CodeFile, depth = 0): { call: CodeCall; family: Family } | undefined {
  if (value?.kind !== 'call' || depth > 4) return undefined;
  const { call } = value;
  if (WRAPPERS.has(methodOf(call)) && call.chain.length >= 2) return chatModel(receiverValue(call), file, depth + 1);
  const name = lastName(qualifiedName(call) ?? call.callee);
  const family = own(CLASSES, name);
  if (!family) return undefined;
  const module = importModule(call);
  // A class of that name from elsewhere is not LangChain's; an untraced one is when the file uses LangChain.
  if (module ? !/langchain/.test(module) : !fileImports(file, (imported) => /langchain/.test(imported))) return undefined;
  return { call, family };
}

/** JS: the options object (after an optional model string); Python: keyword arguments. */
function constructorFields(call: CodeCall, python: boolean): Fields | undefined {
  if (python) return keywordFields(call);
  const options = call.args.positional.find((arg) => arg.kind === 'object');
  return fieldsOf(options);
}

function readModel(call: CodeCall, family: Family, fields: Fields | undefined): ModelReference | undefined {
  const positional = call.args.positional[0]?.kind === 'string' || call.args.positional[0]?.kind === 'unknown' ? call.args.positional[0] : undefined;
  if (family === 'azure') {
    const deployment =
      valueOf(fields, 'azure_deployment', 'deployment_name', 'azureOpenAIApiDeploymentName', 'deploymentName') ??
      valueOf(fields, 'model', 'modelName', 'model_name') ??
      positional;
    return modelReference(deployment, { deployment: true });
  }
  const value = valueOf(fields, 'model', 'modelName', 'model_name') ?? positional;
  if (family === 'init') return modelReference(value, { provider: staticText(valueOf(fields, 'model_provider', 'modelProvider')) });
  return modelReference(value, { provider: PROVIDERS[family] });
}

function isAnthropic(family: Family, model: ModelReference | undefined, fields: Fields | undefined): boolean {
  if (family === 'anthropic') return true;
  if (family !== 'init') return false;
  const provider = staticText(valueOf(fields, 'model_provider', 'modelProvider'));
  if (provider) return provider === 'anthropic';
  // init_chat_model infers Anthropic from `anthropic:` or a `claude` model name.
  return model !== undefined && /^(?:anthropic:)?claude/.test(model.id);
}

/** The invoke argument: a string, a list of messages (tuples, dicts, message objects), or something unknown. */
function inputMessages(input: CodeValue, cache: CacheEditing): Message[] {
  if (input.kind === 'array') return messageList(input, (item) => readMessage(item, cache));
  const message = readMessage(input, cache);
  if (message) return message;
  if (looksLikeHistory(input)) return [historyMessage(input)];
  return [{ role: 'user', segments: textSegments(input), range: input.range }];
}

function readMessage(item: CodeValue, cache: CacheEditing): Message[] | undefined {
  if (item.kind === 'string') return [{ role: 'user', segments: item.segments, range: item.range }];
  if (item.kind === 'array' && item.items.length === 2) {
    // `("system", "…")` / `['human', question]`
    const [role, content] = item.items;
    const builder = new ContentBuilder();
    readContent(content, builder, cache, { value: content, within: item.range });
    return messagesOf(roleOf(role), builder, item.range, role.range);
  }
  if (item.kind === 'object') {
    const fields = fieldsOf(item);
    const role = entryOf(fields, 'role');
    if (!role) return undefined;
    const builder = new ContentBuilder();
    const content = entryOf(fields, 'content');
    if (content) readContent(content.value, builder, cache, entryHolder(fields, content));
    return messagesOf(roleOf(role.value), builder, item.range, role.value.range);
  }
  if (item.kind === 'call') {
    const role = MESSAGE_CLASSES[lastName(item.call.callee)];
    if (!role) return undefined;
    const fields = fieldsOf(item);
    const entry = entryOf(fields, 'content');
    const positional = item.call.args.positional[0];
    const content = entry?.value ?? positional;
    const holder: Holder | undefined = entry ? entryHolder(fields, entry) : positional ? { value: positional, within: item.call.args.range } : undefined;
    const builder = new ContentBuilder();
    if (content && content.kind !== 'object') readContent(content, builder, cache, holder);
    return messagesOf(role, builder, item.range);
  }
  return undefined;
}

/**
 * Message content: a string, or content blocks (`cache_control` on a block marks a cache breakpoint
 * for ChatAnthropic). `holder` is where the content is written, for breakpoint edits.
 */
function readContent(value: CodeValue, content: ContentBuilder, cache: CacheEditing, holder: Holder | undefined): void {
  readContentParts(value, content, (block, fields) => {
    const type = staticText(valueOf(fields, 'type'));
    const text = valueOf(fields, 'text');
    if (text) content.add(textSegments(text));
    else if (type && type !== 'text') content.add([dynamicSegment(block, 'media', type)]);
    else content.add(textSegments(block));
    const cacheControl = valueOf(fields, 'cache_control');
    if (cacheControl && cacheControl.kind !== 'null') content.breakpoint(cacheControlRemoval(cache.source, holder, block));
  });
  if (cache.insert) content.endInsertion(cacheControlInsertion(cache.source, holder));
}
