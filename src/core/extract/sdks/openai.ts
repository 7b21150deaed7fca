import type { AgentLoop, CallApi, Message, ProviderId } from '../../types';
import type { CallSite, CodeCall, CodeFile, CodeValue } from '../../codeModel/codeModel';
import { importMarkers, type SdkModule } from './sdkModule';
import {
  ContentBuilder,
  callFields,
  capInsertion,
  chainEndsWith,
  constructorCall,
  dynamicSegment,
  entryOf,
  expressionText,
  fieldsOf,
  fileImports,
  historyMessage,
  importModule,
  lastName,
  looksLikeHistory,
  messageList,
  messagesOf,
  methodOf,
  modelReference,
  modalitiesOf,
  providerInto,
  modelVariableInto,
  outputCapOf,
  qualifiedName,
  receiverValue,
  roleOf,
  sdkSite,
  staticText,
  textMessage,
  textSegments,
  toolSegments,
  valueOf,
  type Fields,
  type SdkSite,
  readContentParts,
} from './siteParts';
import { COMPATIBLE_SDK_MARKERS, providerOfBaseUrl, providerOfCompatibleClient } from './openaiCompatible';
import { SUGGESTED_TURNS, defaultLimit, statedLimit, limitEntryEdit, turnCount } from './agentLimits';
import { cacheControlInsertion, cacheControlRemoval, entryHolder, type EditSource, type Holder } from './cacheEdits';

const CLIENT_CLASSES = new Set(['OpenAI', 'AzureOpenAI', 'AsyncOpenAI', 'AsyncAzureOpenAI']);
const MEDIA_PARTS = new Set(['image_url', 'input_image', 'image', 'file', 'input_file', 'input_audio', 'audio']);
const TEXT_PARTS = new Set(['text', 'input_text', 'output_text']);

type Endpoint = 'chat' | 'responses' | 'completions';

const API_OF: Readonly<Record<Endpoint, CallApi>> = { chat: 'openai.chat', responses: 'openai.responses', completions: 'openai.completions' };

/** The output cap each endpoint takes, the one to write first. */
const CAP_KEYS: Readonly<Record<Endpoint, readonly string[]>> = {
  chat: ['max_completion_tokens', 'max_tokens'],
  responses: ['max_output_tokens'],
  completions: ['max_tokens'],
};

/**
 * Python's views of a resource that return the raw HTTP response or stream it
 * (`client.with_raw_response.chat.completions.create`, `client.chat.completions.with_streaming_response.create`):
 * the request sent is the same.
 */
const RESPONSE_VIEWS = new Set(['with_raw_response', 'with_streaming_response']);

/**
 * OpenAI's SDKs (`openai` on npm and PyPI): Chat Completions (`chat.completions.create/parse/stream`,
 * `beta.chat.completions.parse`) and Responses (`responses.create/stream/parse`), on `OpenAI` and
 * `AzureOpenAI` clients and their async variants, and the legacy Completions API
 * (`completions.create`, a plain text prompt); Python's `with_raw_response` /
 * `with_streaming_response` views included. Retrieving or resuming a response, images, embeddings,
 * audio and moderations send no chat prompt and are left alone. A client pointed at another
 * provider's compatible server, and the clients of SDKs that copy OpenAI's (Groq, Together,
 * Cerebras), call that provider (openaiCompatible.ts).
 */
export const openaiSdk: SdkModule = {
  id: 'openai',
  markers: [
    // The package, or its entry file named as a subpath (`openai/index`).
    ...importMarkers({ js: /openai(?:\/index(?:\.[cm]?[jt]s)?)?/, python: /openai/ }),
    /\.chat\.completions\.|\.responses\.(?:with_(?:raw|streaming)_response\.)?(?:create|stream|parse)\b/,
    ...COMPATIBLE_SDK_MARKERS,
  ],
  extract(site: CallSite, file: CodeFile): SdkSite | SdkSite[] | undefined {
    const { call } = site;
    const endpoint = endpointOf(call);
    if (!endpoint) return undefined;
    const fields = callFields(call, site.language);
    // `responses.stream({ response_id, starting_after })` resumes a response already made: no new prompt is sent.
    if (entryOf(fields, 'response_id', 'starting_after')) return [];
    const client = clientOf(call);
    if (!client && !untracedClientIsOurs(call, file, fields, endpoint)) return undefined;

    const result = sdkSite(API_OF[endpoint], site, file);
    const azure = client?.azure ?? false;
    const modelValue = valueOf(fields, 'model');
    result.model = modelReference(modelValue, { provider: client?.provider, deployment: azure }) ?? (azure ? azureDeployment(client?.built) : undefined);
    providerInto(result, client?.provider);
    modelVariableInto(result, modelValue);

    if (!fields) {
      const options = call.args.positional[0];
      if (options) result.messages = [{ role: 'user', segments: [dynamicSegment(options, 'history')], range: options.range }];
      return result;
    }

    readRequest(result, fields, endpoint);
    if (methodOf(call) === 'runTools') result.options.agent = runToolsLimit(call);
    return result;
  },
};

/**
 * `chat.completions.runTools(params, options)` (openai-node) calls the model until it stops calling
 * tools, at most `options.maxChatCompletions` times, 10 when not set: openai-node
 * src/lib/AbstractChatCompletionRunner.ts, `const DEFAULT_MAX_CHAT_COMPLETIONS = 10;` ("How many
 * requests to make before canceling. Default 10.").
 */
function runToolsLimit(call: CodeCall): AgentLoop {
  const options = callFields(call, 'typescript', 1);
  const entry = entryOf(options, 'maxChatCompletions');
  if (entry) {
    const turns = turnCount(entry.value) ?? null;
    return statedLimit('openai-runtools', entry, turns, `maxChatCompletions: ${turns ?? expressionText(entry.value)}`);
  }
  const value = String(SUGGESTED_TURNS);
  const edit = options ? limitEntryEdit(options, 'maxChatCompletions', value) : optionsArgumentEdit(call, value);
  return defaultLimit('openai-runtools', 10, "maxChatCompletions: 10, runTools' default", edit);
}

/** A second argument `{ maxChatCompletions: n }` after the request, when the call has none and the request is written here. */
function optionsArgumentEdit(call: CodeCall, value: string): AgentLoop['limitEdit'] {
  const [request, second] = call.args.positional;
  if (!request || second || !capInsertion('maxChatCompletions', fieldsOf(request), 'maxChatCompletions')) return undefined;
  const at = request.range.end;
  const sets = `maxChatCompletions: ${value}`;
  return { edits: [{ range: { start: at, end: at }, newText: `, { ${sets} }` }], sets, turns: SUGGESTED_TURNS };
}

/** Messages, tools, output cap and reasoning effort of a request whose options are spelled out. */
function readRequest(result: SdkSite, fields: Fields, endpoint: Endpoint): void {
  result.messages = endpoint === 'chat' ? chatMessages(fields) : endpoint === 'responses' ? responsesMessages(fields) : promptMessages(fields);
  const tools = [...(toolSegments(valueOf(fields, 'tools')) ?? []), ...(toolSegments(valueOf(fields, 'functions')) ?? [])];
  if (tools.length > 0) result.tools = tools;

  const capKeys = CAP_KEYS[endpoint];
  const capEntry = entryOf(fields, ...capKeys);
  if (capEntry) result.outputCap = outputCapOf(capEntry, capEntry.key);
  else result.outputCapInsertion = capInsertion(capKeys[0], fields, capKeys[0]);

  const effort = staticText(valueOf(fields, 'reasoning_effort')) ?? staticText(valueOf(fieldsOf(valueOf(fields, 'reasoning')), 'effort'));
  if (effort) result.options.reasoningEffort = effort;
  const modalities = modalitiesOf(valueOf(fields, 'modalities'));
  if (modalities) result.options.outputModalities = modalities;
}

function endpointOf(call: CodeCall): Endpoint | undefined {
  const request = { ...call, chain: call.chain.filter((part, i) => i === 0 || !RESPONSE_VIEWS.has(part)) };
  const method = methodOf(request);
  // The Python SDK before 1.0 (2023 code, still common): `openai.ChatCompletion.create(…)`, `openai.Completion.acreate(…)`.
  if ((method === 'create' || method === 'acreate') && importModule(call) === 'openai') {
    if (chainEndsWith(request, 'ChatCompletion', method)) return 'chat';
    if (chainEndsWith(request, 'Completion', method)) return 'completions';
  }
  // `runTools` (openai-node): a loop of Chat Completions requests that runs the tools the model calls.
  if (method === 'runTools' && chainEndsWith(request, 'chat', 'completions', method)) return 'chat';
  if (!['create', 'parse', 'stream'].includes(method)) return undefined;
  if (chainEndsWith(request, 'chat', 'completions', method)) return 'chat';
  if (chainEndsWith(request, 'responses', method)) return 'responses';
  if (method === 'create' && chainEndsWith(request, 'completions', 'create')) return 'completions';
  return undefined;
}

function isClientClass(name: string): boolean {
  // `import OpenAI from 'openai'` qualifies as the bare module name.
  return name === 'openai' || (name.startsWith('openai.') && CLIENT_CLASSES.has(lastName(name)));
}

/**
 * The client a call is made on, and the provider its calls go to: OpenAI itself, the server its
 * base URL points at (Groq, DeepSeek, Ollama…), or the provider of a compatible SDK's client. A base
 * URL the analysis cannot read or does not know names no provider: its model ids are not OpenAI's.
 */
function clientOf(call: CodeCall): { azure: boolean; provider?: ProviderId; built?: CodeCall } | undefined {
  // Python's module-level client: `import openai; openai.chat.completions.create(...)`.
  if (importModule(call) === 'openai') return { azure: false, provider: 'openai' };
  const constructor = constructorCall(receiverValue(call), (name) => isClientClass(name) || providerOfCompatibleClient(name) !== undefined);
  if (!constructor) return undefined;
  const compatible = providerOfCompatibleClient(qualifiedName(constructor) ?? constructor.callee);
  if (compatible) return { azure: false, provider: compatible, built: constructor };
  const azure = lastName(constructor.callee).includes('Azure');
  if (azure) return { azure, built: constructor };
  const baseUrl = valueOf(constructorOptions(constructor), 'baseURL', 'base_url');
  if (!baseUrl) return { azure, provider: 'openai', built: constructor };
  const url = staticText(baseUrl);
  return { azure, provider: url === undefined ? undefined : providerOfBaseUrl(url), built: constructor };
}

/** `new AzureOpenAI({ deployment })` / `AzureOpenAI(azure_deployment=…)`: the deployment calls go to when they name no model. */
function azureDeployment(constructor: CodeCall | undefined): ReturnType<typeof modelReference> {
  if (!constructor) return undefined;
  const options = constructorOptions(constructor);
  return modelReference(valueOf(options, 'deployment', 'azure_deployment', 'deploymentName'), { deployment: true });
}

function constructorOptions(constructor: CodeCall): Fields | undefined {
  return fieldsOf({ kind: 'call', call: constructor, range: constructor.range });
}

/**
 * Whether a call on a client the analysis cannot trace (a parameter, a client made in another
 * package) is OpenAI's: when the file imports openai or the call has the shape of one;
 * OpenAI-compatible SDKs (Groq's, Together's) share the shape. Anthropic's legacy Text Completions
 * share `completions.create({ model, prompt })`, so there the file must import openai and the client
 * must not be traced to another package.
 */
function untracedClientIsOurs(call: CodeCall, file: CodeFile, fields: Fields | undefined, endpoint: Endpoint): boolean {
  const importsOpenai = fileImports(file, (module) => module === 'openai');
  if (endpoint !== 'completions') return importsOpenai || looksLikeCall(fields, endpoint);
  // A client made by another package's constructor; one a method of the app returns (`self.get_client()`) is not traced anywhere.
  const receiver = receiverValue(call);
  const tracedElsewhere = call.root?.type === 'import' || (receiver?.kind === 'call' && importModule(receiver.call) !== undefined);
  return importsOpenai && !tracedElsewhere;
}

function looksLikeCall(fields: Fields | undefined, endpoint: Exclude<Endpoint, 'completions'>): boolean {
  if (!entryOf(fields, 'model')) return false;
  return endpoint === 'chat' ? entryOf(fields, 'messages') !== undefined : entryOf(fields, 'input', 'instructions') !== undefined;
}

/**
 * Cache breakpoint edits for callers whose messages reach Claude (LiteLLM): `cache_control` on
 * content blocks. `insert` says whether new breakpoints may be written (a Claude model).
 */
export interface CacheEditing {
  source: EditSource | undefined;
  insert: boolean;
}

/** `messages: [{ role, content }]` as Chat Completions (and LiteLLM) take them. */
export function chatMessages(fields: Fields, cache?: CacheEditing): Message[] {
  const messages = valueOf(fields, 'messages');
  return messages ? messageList(messages, (item) => readMessage(item, cache)) : [];
}

function responsesMessages(fields: Fields): Message[] {
  const messages: Message[] = [];
  const instructions = entryOf(fields, 'instructions');
  if (instructions) messages.push(textMessage('system', instructions.value, instructions.range, instructions.keyRange));
  const input = valueOf(fields, 'input');
  if (input?.kind === 'array') messages.push(...messageList(input, (item) => readMessage(item)));
  else if (input && looksLikeHistory(input)) messages.push(historyMessage(input));
  else if (input) messages.push(textMessage('user', input, input.range));
  return messages;
}

/**
 * A legacy Completions prompt: the text as it is sent, no roles. A list of prompts is one completion
 * each, all billed as input.
 */
function promptMessages(fields: Fields): Message[] {
  const prompt = valueOf(fields, 'prompt');
  if (!prompt) return [];
  if (prompt.kind === 'array') return messageList(prompt, (item) => [textMessage('user', item, item.range)]);
  return [textMessage('user', prompt, prompt.range)];
}

/** A chat message or a Responses input item: `{ role, content, name }`, or a tool call / tool output item. */
function readMessage(item: CodeValue, cache?: CacheEditing): Message[] | undefined {
  const fields = item.kind === 'object' ? fieldsOf(item) : undefined;
  if (!fields) return undefined;
  const roleEntry = entryOf(fields, 'role');
  const content = new ContentBuilder();
  if (!roleEntry) {
    const type = staticText(valueOf(fields, 'type'));
    if (type === 'function_call_output') {
      const output = valueOf(fields, 'output');
      if (output) content.add(textSegments(output));
      return messagesOf('tool', content, item.range);
    }
    if (type === 'function_call') {
      const args = valueOf(fields, 'arguments');
      if (args) content.add(textSegments(args));
      return messagesOf('assistant', content, item.range);
    }
    if (!entryOf(fields, 'content')) return undefined;
  }
  // The name is sent with the message and billed with it.
  const name = valueOf(fields, 'name');
  if (name) content.add(textSegments(name));
  const entry = entryOf(fields, 'content');
  const holder = entryHolder(fields, entry);
  if (entry) readContent(entry.value, content, cache, holder);
  const toolCalls = valueOf(fields, 'tool_calls');
  if (toolCalls) content.add(textSegments(toolCalls));
  // Tool calls are sent after the content: a marker on the content would not cover them.
  else if (cache?.insert && roleEntry) content.endInsertion(cacheControlInsertion(cache.source, holder));
  return messagesOf(roleOf(roleEntry?.value), content, item.range, roleEntry?.value.range);
}

function readContent(value: CodeValue, content: ContentBuilder, cache: CacheEditing | undefined, holder: Holder | undefined): void {
  readContentParts(value, content, (part, fields) => {
    const type = staticText(valueOf(fields, 'type'));
    if (type && TEXT_PARTS.has(type)) {
      const text = valueOf(fields, 'text');
      if (text) content.add(textSegments(text));
    } else if (type && MEDIA_PARTS.has(type)) {
      content.add([dynamicSegment(part, 'media', type)]);
    } else if (type === 'refusal') {
      const refusal = valueOf(fields, 'refusal');
      if (refusal) content.add(textSegments(refusal));
    } else {
      content.add(textSegments(part));
    }
    // Anthropic's marker, which LiteLLM passes through to Claude models.
    const cacheControl = valueOf(fields, 'cache_control');
    if (cacheControl && cacheControl.kind !== 'null') content.breakpoint(cache ? cacheControlRemoval(cache.source, holder, part) : undefined);
  });
}
