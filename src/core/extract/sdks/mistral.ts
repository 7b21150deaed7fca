import type { Message, ProviderId, Role } from '../../types';
import type { CallSite, CodeCall, CodeFile, CodeValue } from '../../codeModel/codeModel';
import { own } from '../../records';
import { importMarkers, type SdkModule } from './sdkModule';
import {
  ContentBuilder,
  callFields,
  capInsertion,
  chainEndsWith,
  constructorCall,
  dynamicSegment,
  entryAnyCase,
  entryOf,
  fieldsOf,
  fileImports,
  lastName,
  messageList,
  messagesOf,
  methodOf,
  outputCapOf,
  qualifiedName,
  readContentParts,
  readModelInto,
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
} from './siteParts';

/** `@mistralai/mistralai` on npm; `mistralai` on PyPI, whose v2 moved the client to `mistralai.client`. */
const MODULES = new Set(['@mistralai/mistralai', 'mistralai', 'mistralai.client']);

/**
 * The clients for Mistral models served by a cloud, by module: `MistralAzure` (Azure AI) and
 * `MistralGCP` / `MistralGoogleCloud` (Vertex AI), in PyPI's v2 subpackages, the v1 packages
 * `mistralai_azure` / `mistralai_gcp` and their npm twins. They copy the `Mistral` client's `chat`.
 */
const CLOUD_MODULES = new Set([
  'mistralai.azure.client',
  'mistralai_azure',
  '@mistralai/mistralai-azure',
  'mistralai.gcp.client',
  'mistralai_gcp',
  '@mistralai/mistralai-gcp',
]);
const CLOUD_CLIENTS: Readonly<Record<string, ProviderId>> = {
  // Azure bills its Mistral deployments itself.
  MistralAzure: 'azure',
  // genai-prices prices Mistral's models under mistral only (its google-vertex entry has none), and
  // Vertex AI charges Mistral's list prices for them.
  MistralGCP: 'mistral',
  MistralGoogleCloud: 'mistral',
};

/**
 * The Chat Completions methods of `client.chat`: `parse` is `complete` with a schema as the response
 * format; Python adds `_async` twins (`complete_async`, `stream_async`, `parse_stream_async`…).
 */
const CHAT_METHODS = new Set([
  'complete',
  'stream',
  'parse',
  'parseStream',
  'complete_async',
  'stream_async',
  'parse_async',
  'parse_stream',
  'parse_stream_async',
]);

/** Fill-in-the-middle (code completion with Codestral) on `client.fim`: a prompt and an optional suffix, no chat. */
const FIM_METHODS = new Set(['complete', 'stream', 'complete_async', 'stream_async']);

/** Python's message classes (`UserMessage(content=…)`): the class says the role. */
const MESSAGE_CLASSES: Readonly<Record<string, Role>> = { SystemMessage: 'system', UserMessage: 'user', AssistantMessage: 'assistant', ToolMessage: 'tool' };

/** Content chunks that are not text, by `type` and by Python class. */
const MEDIA_CHUNKS = new Set(['image_url', 'document_url', 'input_audio', 'file']);
const MEDIA_CHUNK_CLASSES = new Set(['ImageURLChunk', 'DocumentURLChunk', 'AudioChunk', 'FileChunk']);

/**
 * Mistral's SDKs (`@mistralai/mistralai`, `mistralai` on PyPI): `client.chat.complete` / `stream` /
 * `parse` and fill-in-the-middle `client.fim.complete` / `stream`, with their Python `_async`
 * variants, on a `Mistral` client or its Azure and Google Cloud twins. Options are camelCase in
 * TypeScript (`maxTokens`) and snake_case in Python (`max_tokens`).
 */
export const mistralSdk: SdkModule = {
  id: 'mistral',
  markers: importMarkers({ js: /@mistralai\/mistralai(?:-azure|-gcp)?(?:\/[^'"]*)?/, python: /mistralai(?:_azure|_gcp)?/ }),
  extract(site: CallSite, file: CodeFile): SdkSite | undefined {
    const { call } = site;
    const method = methodOf(call);
    const fim = FIM_METHODS.has(method) && chainEndsWith(call, 'fim', method);
    if (!fim && !(CHAT_METHODS.has(method) && chainEndsWith(call, 'chat', method))) return undefined;
    // A client traced to another constructor is not Mistral's; an untraced one (a parameter, the
    // target of `with Mistral(...) as client`) is when the file imports the SDK.
    const client = mistralClient(call);
    const traced = receiverValue(call)?.kind === 'call';
    if (!client && (traced || !fileImports(file, (module) => MODULES.has(module) || CLOUD_MODULES.has(module)))) return undefined;

    const fields = callFields(call, site.language);
    const result = sdkSite(fim ? 'mistral.fim' : 'mistral.chat', site, file);
    readModelInto(result, valueOf(fields, 'model'), { provider: client?.provider ?? importedClientProvider(file) });
    // The TS SDK drops keys it does not know, so there only `maxTokens` caps the reply.
    const capKey = site.language === 'python' ? 'max_tokens' : 'maxTokens';
    if (fim) {
      readFim(result, fields, capKey);
      return result;
    }
    if (!fields) {
      const options = call.args.positional[0];
      if (options) result.messages = [{ role: 'user', segments: [dynamicSegment(options, 'history')], range: options.range }];
      return result;
    }
    const messages = valueOf(fields, 'messages');
    if (messages) result.messages = messageList(messages, readMessage);
    const tools = toolSegments(valueOf(fields, 'tools'));
    if (tools) result.tools = tools;
    readCap(result, fields, capKey);
    return result;
  },
};

/**
 * A fill-in-the-middle request: the code before the gap (`prompt`) and after it (`suffix`), both
 * sent as written and billed as input.
 */
function readFim(result: SdkSite, fields: Fields | undefined, capKey: string): void {
  for (const key of ['prompt', 'suffix']) {
    const entry = entryOf(fields, key);
    if (entry && entry.value.kind !== 'null') result.messages.push(textMessage('user', entry.value, entry.value.range));
  }
  readCap(result, fields, capKey);
}

function readCap(result: SdkSite, fields: Fields | undefined, capKey: string): void {
  const cap = entryOf(fields, capKey);
  if (cap) result.outputCap = outputCapOf(cap, capKey);
  else result.outputCapInsertion = capInsertion(capKey, fields, capKey);
}

/** The provider a client class serves, by its qualified name; undefined for a class that is no Mistral client. */
function clientProvider(name: string): ProviderId | undefined {
  // `import Mistral from '@mistralai/mistralai'` qualifies as the bare module name.
  if (name === '@mistralai/mistralai' || [...MODULES].some((module) => name === `${module}.Mistral`)) return 'mistral';
  const dot = name.lastIndexOf('.');
  return CLOUD_MODULES.has(name.slice(0, dot)) ? own(CLOUD_CLIENTS, name.slice(dot + 1)) : undefined;
}

/**
 * The provider of an untraced client (a parameter): the cloud's when the file imports only one
 * cloud's client class (`def ask(client: MistralAzure)`), else Mistral's.
 */
function importedClientProvider(file: CodeFile): ProviderId {
  const providers = new Set(Object.values(file.imports).map((binding) => clientProvider(`${binding.module}.${binding.name}`)));
  providers.delete(undefined);
  return providers.size === 1 ? [...providers][0]! : 'mistral';
}

/** The Mistral client the call is made on, when the analysis can trace it, and the provider it calls. */
function mistralClient(call: CodeCall): { provider: ProviderId } | undefined {
  const constructor = constructorCall(receiverValue(call), (name) => clientProvider(name) !== undefined);
  const provider = constructor && clientProvider(qualifiedName(constructor) ?? constructor.callee);
  return provider && { provider };
}

/** `{ role, content }`, or Python's `UserMessage(content=…)` and its siblings. */
function readMessage(item: CodeValue): Message[] | undefined {
  let role: Role;
  let fields: Fields | undefined;
  if (item.kind === 'call') {
    const classRole = own(MESSAGE_CLASSES, lastName(item.call.callee));
    if (!classRole) return undefined;
    role = classRole;
    fields = fieldsOf(item);
  } else {
    fields = item.kind === 'object' ? fieldsOf(item) : undefined;
    if (!entryOf(fields, 'role')) return undefined;
    role = roleOf(valueOf(fields, 'role'));
  }
  const content = new ContentBuilder();
  const value = valueOf(fields, 'content');
  if (value) readContent(value, content);
  // An assistant turn's tool calls are sent back with it.
  const toolCalls = entryAnyCase(fields, 'tool_calls')?.value;
  if (toolCalls) content.add(textSegments(toolCalls));
  const roleEntry = entryOf(fields, 'role');
  return messagesOf(role, content, item.range, roleEntry?.value.range);
}

function readContent(value: CodeValue, content: ContentBuilder): void {
  readContentParts(value, content, (part, fields) => {
    const chunk = part.kind === 'call' ? lastName(part.call.callee) : undefined;
    const type = chunk === 'TextChunk' ? 'text' : staticText(valueOf(fields, 'type'));
    const partFields = fields ?? fieldsOf(part);
    if (type === 'text') {
      const text = valueOf(partFields, 'text');
      if (text) content.add(textSegments(text));
    } else if ((type && MEDIA_CHUNKS.has(type)) || (chunk && MEDIA_CHUNK_CLASSES.has(chunk))) {
      content.add([dynamicSegment(part, 'media', type ?? chunk)]);
    } else {
      content.add(textSegments(part));
    }
  });
}
