import type { Message, Role } from '../../types';
import type { CallSite, CodeCall, CodeFile, CodeValue } from '../../codeModel/codeModel';
import { own } from '../../records';
import type { SdkModule } from './sdkModule';
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
  readContentParts,
  readModelInto,
  receiverValue,
  roleOf,
  sdkSite,
  staticText,
  textSegments,
  toolSegments,
  valueOf,
  type Fields,
  type SdkSite,
} from './siteParts';

/** `@mistralai/mistralai` on npm; `mistralai` on PyPI, whose v2 moved the client to `mistralai.client`. */
const MODULES = new Set(['@mistralai/mistralai', 'mistralai', 'mistralai.client']);

/**
 * The Chat Completions methods of `client.chat`: `parse` is `complete` with a schema as the response
 * format; Python adds `_async` twins (`complete_async`, `stream_async`, `parse_stream_async`…).
 */
const METHODS = new Set(['complete', 'stream', 'parse', 'parseStream', 'complete_async', 'stream_async', 'parse_async', 'parse_stream', 'parse_stream_async']);

/** Python's message classes (`UserMessage(content=…)`): the class says the role. */
const MESSAGE_CLASSES: Readonly<Record<string, Role>> = { SystemMessage: 'system', UserMessage: 'user', AssistantMessage: 'assistant', ToolMessage: 'tool' };

/** Content chunks that are not text, by `type` and by Python class. */
const MEDIA_CHUNKS = new Set(['image_url', 'document_url', 'input_audio', 'file']);
const MEDIA_CHUNK_CLASSES = new Set(['ImageURLChunk', 'DocumentURLChunk', 'AudioChunk', 'FileChunk']);

/**
 * Mistral's SDKs (`@mistralai/mistralai`, `mistralai` on PyPI): `client.chat.complete` / `stream` /
 * `parse` and their Python `_async` variants, on a `Mistral` client. Options are camelCase in
 * TypeScript (`maxTokens`) and snake_case in Python (`max_tokens`).
 */
export const mistralSdk: SdkModule = {
  id: 'mistral',
  markers: [/@mistralai\/mistralai/, /^\s*(?:from|import)\s+mistralai\b/m],
  extract(site: CallSite, file: CodeFile): SdkSite | undefined {
    const { call } = site;
    const method = methodOf(call);
    if (!METHODS.has(method) || !chainEndsWith(call, 'chat', method)) return undefined;
    // A client traced to another constructor is not Mistral's; an untraced one (a parameter, the
    // target of `with Mistral(...) as client`) is when the file imports the SDK.
    const traced = receiverValue(call)?.kind === 'call';
    if (!isMistralClient(call) && (traced || !fileImports(file, (module) => MODULES.has(module)))) return undefined;

    const result = sdkSite('mistral.chat', site, file);
    const fields = callFields(call, site.language);
    readModelInto(result, valueOf(fields, 'model'), { provider: 'mistral' });
    if (!fields) {
      const options = call.args.positional[0];
      if (options) result.messages = [{ role: 'user', segments: [dynamicSegment(options, 'history')], range: options.range }];
      return result;
    }
    const messages = valueOf(fields, 'messages');
    if (messages) result.messages = messageList(messages, readMessage);
    const tools = toolSegments(valueOf(fields, 'tools'));
    if (tools) result.tools = tools;

    // The TS SDK drops keys it does not know, so there only `maxTokens` caps the reply.
    const capKey = site.language === 'python' ? 'max_tokens' : 'maxTokens';
    const cap = entryOf(fields, capKey);
    if (cap) result.outputCap = outputCapOf(cap, capKey);
    else result.outputCapInsertion = capInsertion(capKey, fields, capKey);
    return result;
  },
};

function isClientClass(name: string): boolean {
  // `import Mistral from '@mistralai/mistralai'` qualifies as the bare module name.
  return name === '@mistralai/mistralai' || [...MODULES].some((module) => name === `${module}.Mistral`);
}

/** Whether the call is made on a `Mistral` client the analysis can trace. */
function isMistralClient(call: CodeCall): boolean {
  return constructorCall(receiverValue(call), isClientClass) !== undefined;
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
