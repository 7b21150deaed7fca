import type { Message, OutputCap, OutputCapInsertion, Segment } from '../../types';
import type { CallSite, CodeCall, CodeEntry, CodeFile, CodeValue } from '../../codeModel/codeModel';
import { importMarkers, type SdkModule } from './sdkModule';
import {
  callFields,
  chainEndsWith,
  constructorCall,
  dynamicSegment,
  entryAnyCase,
  fieldsOf,
  fileImports,
  lastName,
  modalitiesOf,
  messageList,
  methodOf,
  readModelInto,
  nestedCap,
  outputCapOf,
  receiverValue,
  roleOf,
  sdkSite,
  staticText,
  textSegments,
  toolSegments,
  valueOf,
  type Fields,
  type SdkSite,
  geminiThinkingBudget,
} from './siteParts';

const GENERATE_METHODS = new Set(['generateContent', 'generateContentStream', 'generate_content', 'generate_content_stream']);
/** A chat session's send: each one is a call that carries the whole conversation so far. */
const SEND_METHODS = new Set(['sendMessage', 'sendMessageStream', 'send_message', 'send_message_stream']);
const NEW_SDK_MODULES = ['@google/genai', 'google.genai', 'google'];
const LEGACY_MODULES = ['@google/generative-ai', 'google.generativeai'];
const MEDIA_KEYS = ['inlineData', 'fileData'];

/**
 * Google's Gen AI SDKs (`@google/genai`, `google-genai`): `models.generateContent(Stream)` and the
 * Interactions API (`interactions.create`); and the legacy SDKs (`@google/generative-ai`,
 * `google-generativeai`), where the model, system instruction and generation config live on the
 * model object the call is made on.
 */
export const googleGenaiSdk: SdkModule = {
  id: 'google-genai',
  markers: [
    ...importMarkers({ js: /@google\/(?:genai|generative-ai)(?:\/[^'"]*)?/, python: /google\.(?:genai|generativeai)/ }),
    /^[ \t]*from[ \t]+google[ \t]+import[ \t]+[^\n#]*\bgenai\b/m,
    /\.models\.generate_?[cC]ontent|\.interactions\.create\b/,
    /\.chats\.create\b|\.start_?[cC]hat\(/,
  ],
  extract(site: CallSite, file: CodeFile): SdkSite | [] | undefined {
    const { call } = site;
    const method = methodOf(call);
    if (GENERATE_METHODS.has(method) && chainEndsWith(call, 'models', method)) return generateContent(site, file);
    if (chainEndsWith(call, 'interactions', 'create')) return interaction(site, file);
    if (GENERATE_METHODS.has(method)) return legacyGenerateContent(site, file);
    if (SEND_METHODS.has(method)) return chatSend(site, file);
    return undefined;
  },
};

/** `snake_case` in Python and in the Interactions API, `camelCase` in JS. */
function spell(key: string, snake: boolean): string {
  return snake ? key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) : key;
}

function isNewClient(name: string): boolean {
  return name === '@google/genai.GoogleGenAI' || name === 'google.genai.Client' || name === 'google.genai.client.Client';
}

function isNewSdkCall(call: CodeCall, file: CodeFile, fields: Fields | undefined, shapeKey: string): boolean {
  if (constructorCall(receiverValue(call), isNewClient)) return true;
  const root = call.root;
  if (root?.type === 'import' && NEW_SDK_MODULES.some((module) => root.module === module)) return true;
  return (
    fileImports(file, (module) => NEW_SDK_MODULES.includes(module)) ||
    (entryAnyCase(fields, 'model') !== undefined && entryAnyCase(fields, shapeKey) !== undefined)
  );
}

function generateContent(site: CallSite, file: CodeFile): SdkSite | undefined {
  const fields = callFields(site.call, site.language);
  if (!isNewSdkCall(site.call, file, fields, 'contents')) return undefined;
  const result = sdkSite('google.genai', site, file);
  const snake = site.language === 'python';
  readModelInto(result, valueOf(fields, 'model'), { provider: 'google' });
  if (!fields) return result;

  const configEntry = entryAnyCase(fields, 'config');
  const config = fieldsOf(configEntry?.value);
  const system = entryAnyCase(config, 'systemInstruction');
  if (system) result.messages.push(systemMessage(system));
  const contents = valueOf(fields, 'contents');
  if (contents) result.messages.push(...contentsMessages(contents));
  result.tools = toolSegments(entryAnyCase(config, 'tools')?.value);
  if (!result.tools) delete result.tools;

  const cap = configCap(fields, configEntry, 'config', 'maxOutputTokens', snake);
  result.outputCap = cap.outputCap;
  result.outputCapInsertion = cap.insertion;
  readThinking(fieldsOf(entryAnyCase(config, 'thinkingConfig')?.value), result);
  const modalities = modalitiesOf(entryAnyCase(config, 'responseModalities')?.value);
  if (modalities) result.options.outputModalities = modalities;
  return result;
}

function interaction(site: CallSite, file: CodeFile): SdkSite | [] | undefined {
  const fields = callFields(site.call, site.language);
  if (!isNewSdkCall(site.call, file, fields, 'input')) return undefined;
  // `interactions.create({ agent: 'agents/…', input })` starts an agent run, which makes model calls
  // of its own choosing, not one prompt: claimed, so not listed as unread, but no site.
  if (entryAnyCase(fields, 'agent') && !entryAnyCase(fields, 'model')) return [];
  const result = sdkSite('google.genai', site, file);
  readModelInto(result, valueOf(fields, 'model'), { provider: 'google' });
  if (!fields) return result;

  const system = entryAnyCase(fields, 'systemInstruction');
  if (system) result.messages.push(systemMessage(system));
  const input = valueOf(fields, 'input');
  if (input?.kind === 'array') result.messages.push(...messageList(input, readTurn));
  else if (input) result.messages.push({ role: 'user', segments: textSegments(input), range: input.range });
  result.tools = toolSegments(valueOf(fields, 'tools'));
  if (!result.tools) delete result.tools;

  const generation = entryAnyCase(fields, 'generationConfig');
  // The Interactions API spells its fields in snake_case in both languages.
  const cap = configCap(fields, generation, 'generation_config', 'maxOutputTokens', true);
  result.outputCap = cap.outputCap;
  result.outputCapInsertion = cap.insertion;
  const level = staticText(entryAnyCase(fieldsOf(generation?.value), 'thinkingLevel')?.value);
  if (level) result.options.reasoningEffort = level;
  return result;
}

/**
 * `chat.sendMessage(…)` on `ai.chats.create({ model, config, history })` (or the legacy
 * `model.startChat({ history })`): the site is the send. Each send carries the conversation so
 * far, so its prompt is the session's system instruction and starting history, a history part
 * for the turns before it (sized like any conversation history), and the message.
 */
function chatSend(site: CallSite, file: CodeFile): SdkSite | undefined {
  const { call } = site;
  const session = receiverValue(call);
  const created = constructorCall(session, (_name, candidate) => chainEndsWith(candidate, 'chats', 'create'));
  const started = created ? undefined : constructorCall(session, (_name, candidate) => /^start_?[cC]hat$/.test(methodOf(candidate)));
  if (!created && !started) return undefined;
  const snake = site.language === 'python';
  const result = sdkSite('google.genai', site, file);
  const sessionFields = created ? callFields(created, site.language) : (fieldsOf(started!.args.positional[0]) ?? callFields(started!, site.language));
  const model = started ? legacyModel(receiverValue(started)) : undefined;
  const modelFields = model ? fieldsOf({ kind: 'call', call: model, range: model.range }) : undefined;
  readModelInto(result, valueOf(created ? sessionFields : modelFields, 'model', 'model_name') ?? (snake ? model?.args.positional[0] : undefined), {
    provider: 'google',
  });
  const configEntry = created ? entryAnyCase(sessionFields, 'config') : entryAnyCase(modelFields, 'generationConfig');
  const config = fieldsOf(configEntry?.value);
  const system = entryAnyCase(created ? config : modelFields, 'systemInstruction');
  if (system) result.messages.push(systemMessage(system));
  const history = valueOf(sessionFields, 'history');
  if (history) result.messages.push(...contentsMessages(history));
  result.messages.push({
    role: 'user',
    segments: [dynamicSegment({ kind: 'unknown', text: call.callee, range: call.range }, 'history', 'conversation')],
    range: call.range,
  });
  const message = sentMessage(call, site.language);
  if (message) result.messages.push({ role: 'user', segments: textSegments(message), range: message.range });
  const capKey = entryAnyCase(config, 'maxOutputTokens');
  if (capKey && configEntry) result.outputCap = outputCapOf(capKey, `${configEntry.key}.${capKey.key}`);
  // A session is one place for several sends: the cap belongs in its config, which a fix would edit there.
  result.options.conversation = true;
  // The session keeps the history: each send in a loop is one more turn of a growing conversation,
  // bounded by the loop (no limit when it states none). The library has no limit of its own to set.
  if (site.loop) result.options.agent = { ...site.loop, kind: 'google-chat' };
  return result;
}

/** What a send sends: `sendMessage({ message })` / `sendMessage('…')` in JS, `send_message('…')` / `message=` in Python. */
function sentMessage(call: CodeCall, language: CallSite['language']): CodeValue | undefined {
  const first = call.args.positional[0];
  if (language === 'python') return call.args.named.find((entry) => entry.key === 'message')?.value ?? first;
  return first?.kind === 'object' ? valueOf(fieldsOf(first), 'message') : first;
}

/** The legacy model object a call is made on: `genAI.getGenerativeModel({...})` or `genai.GenerativeModel(...)`. */
function legacyModel(value: CodeValue | undefined): CodeCall | undefined {
  return constructorCall(value, (name, call) => {
    if (methodOf(call) === 'getGenerativeModel') return true;
    if (lastName(name) !== 'GenerativeModel') return false;
    // An untraced `GenerativeModel` (a star import) counts; one from another package does not.
    return call.root?.type !== 'import' || LEGACY_MODULES.some((module) => name.startsWith(`${module}.`));
  });
}

function legacyGenerateContent(site: CallSite, file: CodeFile): SdkSite | undefined {
  const { call } = site;
  const model = legacyModel(receiverValue(call));
  if (!model && !fileImports(file, (module) => LEGACY_MODULES.includes(module))) return undefined;
  if (!model && site.call.chain.length < 2) return undefined;
  const result = sdkSite('google.genai', site, file);
  const python = site.language === 'python';
  const modelFields = model ? fieldsOf({ kind: 'call', call: model, range: model.range }) : undefined;
  readModelInto(result, valueOf(modelFields, 'model', 'model_name') ?? (python ? model?.args.positional[0] : undefined), { provider: 'google' });

  const system = entryAnyCase(modelFields, 'systemInstruction');
  if (system) result.messages.push(systemMessage(system));
  const request = call.args.positional[0];
  const requestFields = !python && request?.kind === 'object' ? fieldsOf(request) : undefined;
  const contents = requestFields ? valueOf(requestFields, 'contents') : request;
  if (contents) result.messages.push(...contentsMessages(contents));
  result.tools = toolSegments(entryAnyCase(modelFields, 'tools')?.value);
  if (!result.tools) delete result.tools;

  // A generation config on the call overrides the model's.
  const callConfig = python ? entryAnyCase(callFields(call, 'python'), 'generationConfig') : entryAnyCase(requestFields, 'generationConfig');
  const callCap = callConfig && entryAnyCase(fieldsOf(callConfig.value), 'maxOutputTokens');
  if (callCap && callConfig) {
    result.outputCap = outputCapOf(callCap, `${callConfig.key}.${callCap.key}`);
    return result;
  }
  const modelConfig = entryAnyCase(modelFields, 'generationConfig');
  const cap = configCap(modelFields, modelConfig, 'generationConfig', 'maxOutputTokens', python);
  result.outputCap = cap.outputCap;
  result.outputCapInsertion = cap.insertion;
  return result;
}

/** A cap in `config` / `generation_config` / `generationConfig`, spelt as the container's language spells keys. */
function configCap(
  fields: Fields | undefined,
  container: CodeEntry | undefined,
  containerKey: string,
  capKey: string,
  snake: boolean,
): { outputCap?: OutputCap; insertion?: OutputCapInsertion } {
  const inner = spell(capKey, snake || (container?.key.includes('_') ?? false));
  return nestedCap(fields, container, [capKey, spell(capKey, true)], { capKey: inner, containerKey: spell(containerKey, snake) });
}

function readThinking(thinking: Fields | undefined, result: SdkSite): void {
  const thinkingBudget = geminiThinkingBudget(entryAnyCase(thinking, 'thinkingBudget')?.value);
  if (thinkingBudget !== undefined) result.options.thinkingBudget = thinkingBudget;
  const level = staticText(entryAnyCase(thinking, 'thinkingLevel')?.value);
  if (level) result.options.reasoningEffort = level;
}

function systemMessage(entry: CodeEntry): Message {
  return { role: 'system', segments: partsSegments(contentParts(entry.value)), range: entry.range, roleRange: entry.keyRange };
}

/** `contents`: a string or parts (one user turn), or a list of turns (`{ role, parts }`, `types.Content(...)`). */
function contentsMessages(contents: CodeValue): Message[] {
  if (contents.kind === 'array' && contents.items.length > 0 && contents.items.every(isContent)) return messageList(contents, readContent);
  if (isContent(contents)) return readContent(contents) ?? [];
  return [{ role: 'user', segments: partsSegments(contents), range: contents.range }];
}

function isContent(value: CodeValue): boolean {
  if (value.kind === 'object') return value.entries.some((entry) => entry.key === 'parts' || entry.key === 'role');
  if (value.kind === 'call') return /(?:^|\.)(?:Content|UserContent|ModelContent|createUserContent|createModelContent)$/.test(value.call.callee);
  return false;
}

function readContent(value: CodeValue): Message[] | undefined {
  if (value.kind === 'call' && /create(?:User|Model)Content$/.test(value.call.callee)) {
    const role = /Model/.test(value.call.callee) ? 'assistant' : 'user';
    const parts = value.call.args.positional[0];
    return [{ role, segments: parts ? partsSegments(parts) : [], range: value.range }];
  }
  const fields = fieldsOf(value);
  if (!fields) return undefined;
  const role = entryAnyCase(fields, 'role');
  const parts = valueOf(fields, 'parts');
  const message: Message = {
    role: role ? roleOf(role.value) : /Model/.test(value.kind === 'call' ? value.call.callee : '') ? 'assistant' : 'user',
    segments: parts ? partsSegments(parts) : [],
    range: value.range,
  };
  if (role) message.roleRange = role.value.range;
  return [message];
}

/** A turn of the Interactions API: `{ role, content }`, content a string or typed parts. */
function readTurn(value: CodeValue): Message[] | undefined {
  const fields = value.kind === 'object' ? fieldsOf(value) : undefined;
  const role = entryAnyCase(fields, 'role');
  if (!fields || !role) return undefined;
  const content = valueOf(fields, 'content');
  const segments: Segment[] = [];
  if (content?.kind === 'array') {
    for (const part of content.items) {
      const text = valueOf(fieldsOf(part), 'text');
      segments.push(
        ...(text
          ? textSegments(text)
          : part.kind === 'object'
            ? [dynamicSegment(part, 'media', staticText(valueOf(fieldsOf(part), 'type')) ?? 'media')]
            : textSegments(part)),
      );
    }
  } else if (content) segments.push(...textSegments(content));
  return [{ role: roleOf(role.value), segments, range: value.range, roleRange: role.value.range }];
}

/** The parts of a `systemInstruction`: a string, a part, a list of parts, or a Content. */
function contentParts(value: CodeValue): CodeValue {
  if (value.kind === 'object' || (value.kind === 'call' && /Content$/.test(value.call.callee))) {
    const parts = valueOf(fieldsOf(value), 'parts');
    if (parts) return parts;
  }
  return value;
}

function partsSegments(parts: CodeValue): Segment[] {
  if (parts.kind !== 'array') return partSegments(parts);
  const segments = parts.items.flatMap(partSegments);
  if (parts.unresolvedSpreads > 0) segments.push(dynamicSegment(parts));
  return segments;
}

function partSegments(part: CodeValue): Segment[] {
  if (part.kind === 'call') {
    const callee = part.call.callee;
    if (/(?:from_text|fromText|createPartFromText)$/.test(callee)) {
      const text = valueOf(fieldsOf(part), 'text') ?? part.call.args.positional[0];
      return text ? textSegments(text) : [];
    }
    if (/(?:from_bytes|from_uri|fromUri|fromBytes|createPartFrom\w+)$/.test(callee)) return [dynamicSegment(part, 'media')];
    if (/(?:^|\.)Part$/.test(callee)) {
      const text = valueOf(fieldsOf(part), 'text');
      return text ? textSegments(text) : [dynamicSegment(part, 'media')];
    }
    return [dynamicSegment(part)];
  }
  if (part.kind === 'object') {
    const fields = fieldsOf(part);
    const text = valueOf(fields, 'text');
    if (text) return textSegments(text);
    const media = MEDIA_KEYS.flatMap((key) => [key, spell(key, true)]).find((key) => valueOf(fields, key));
    if (media) return [dynamicSegment(part, 'media', media)];
    return textSegments(part);
  }
  return textSegments(part);
}
