import type { AgentLoop, Message, Segment } from '../../types';
import { own } from '../../records';
import type { CallSite, CodeCall, CodeEntry, CodeFile, CodeValue } from '../../codeModel/codeModel';
import { importMarkers, type SdkModule } from './sdkModule';
import {
  ContentBuilder,
  breakpointOnLast,
  callFields,
  capInsertion,
  chainEndsWith,
  constructorCall,
  dynamicSegment,
  entryOf,
  expressionText,
  fieldsOf,
  fileImports,
  importModule,
  lastName,
  messageList,
  messagesOf,
  methodOf,
  readModelInto,
  outputCapOf,
  providerInto,
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
  tokenCount,
} from './siteParts';
import { SUGGESTED_TURNS, defaultLimit, limitEntryEdit, statedLimit, turnCount } from './agentLimits';
import { cacheControlInsertion, cacheControlRemoval, editSource, entryHolder, requestCacheControlRemoval, type EditSource, type Holder } from './cacheEdits';

const MODULES = new Set(['@anthropic-ai/sdk', '@anthropic-ai/bedrock-sdk', '@anthropic-ai/vertex-sdk', 'anthropic']);
const CLIENT_CLASSES = new Set(['Anthropic', 'AsyncAnthropic', 'AnthropicBedrock', 'AsyncAnthropicBedrock', 'AnthropicVertex', 'AsyncAnthropicVertex']);
const MEDIA_BLOCKS = new Set(['image', 'document', 'file', 'container_upload']);

/** What the cache markers of one request say. */
interface CacheMarks {
  oneHour: boolean;
}

/** The request methods of `messages` (and `beta.messages`): `parse` is `create` with structured output. */
const MESSAGE_METHODS = new Set(['create', 'stream', 'parse', 'toolRunner', 'tool_runner']);
/** `beta.messages.toolRunner(...)` (TS) / `tool_runner(...)` (Python): a loop of requests that runs the tools Claude calls. */
const TOOL_RUNNERS = new Set(['toolRunner', 'tool_runner']);
/**
 * Python's accessors for the raw HTTP response (`client.messages.with_raw_response.create(...)`,
 * `client.with_raw_response.messages.create(...)`): the same request, so the chain is read without them.
 */
const RESPONSE_ACCESSORS = new Set(['with_raw_response', 'with_streaming_response']);

type Endpoint = 'messages' | 'batch' | 'completions';

/** The turn markers both SDKs export for Text Completions prompts (`anthropic.HUMAN_PROMPT`, `AI_PROMPT`). */
const TURN_MARKERS: Readonly<Record<string, string>> = { HUMAN_PROMPT: '\n\nHuman:', AI_PROMPT: '\n\nAssistant:' };

/**
 * Anthropic's SDKs (`@anthropic-ai/sdk` and its Bedrock / Vertex clients, `anthropic` on PyPI):
 * `messages.create` / `stream` / `parse` (also under `beta.`, and through Python's
 * `with_raw_response` / `with_streaming_response`; TS `.withResponse()` chains after the call
 * itself), message batches (`messages.batches.create`, one site per request, priced as batch) and
 * the legacy Text Completions (`completions.create`, one text prompt).
 */
export const anthropicSdk: SdkModule = {
  id: 'anthropic',
  markers: [
    ...importMarkers({ js: /@anthropic-ai\/(?:sdk|bedrock-sdk|vertex-sdk)(?:\/[^'"]*)?/, python: /anthropic/ }),
    /\.messages\.(?:create|stream|parse|batches|with_raw_response|with_streaming_response)\b/,
    /\bmax_tokens_to_sample\b/,
  ],
  extract(site: CallSite, file: CodeFile): SdkSite | SdkSite[] | undefined {
    const { call } = site;
    const endpoint = endpointOf(call);
    if (!endpoint) return undefined;
    const fields = callFields(call, site.language);
    const client = clientOf(call);
    // Twilio's `client.messages.create({ body, to })` has the same chain, and OpenAI's legacy
    // `completions.create` the same name. A client traced to another constructor must show a model
    // and Anthropic's cap; an untraced one (a parameter) may also belong to a file that imports the SDK.
    const capKeys = endpoint === 'completions' ? ['max_tokens_to_sample'] : ['max_tokens', 'requests'];
    const shaped = entryOf(fields, 'model') !== undefined && entryOf(fields, ...capKeys) !== undefined;
    const traced = receiverValue(call)?.kind === 'call';
    if (!client && !shaped && (traced || !fileImports(file, (module) => MODULES.has(module)))) return undefined;
    const provider = client?.bedrock ? undefined : 'anthropic';
    // With no model to read, the call still goes to Claude: through Bedrock or straight to Anthropic,
    // whichever client it was made on (Anthropic's when that is not known), never to a default of another provider.
    const called = (result: SdkSite): SdkSite => {
      providerInto(result, client?.bedrock ? 'aws' : 'anthropic');
      return result;
    };

    if (endpoint === 'completions') {
      if (!fields) return called(unreadable(site, file, call.args.positional[0], undefined, 'anthropic.completions'));
      return called(readCompletion(site, file, fields, provider));
    }
    if (endpoint === 'messages') {
      const result = called(fields ? readRequest(site, file, fields, call.range, provider) : unreadable(site, file, call.args.positional[0]));
      if (TOOL_RUNNERS.has(methodOf(call))) result.options.agent = toolRunnerLimit(fields);
      return result;
    }
    const requests = valueOf(fields, 'requests');
    if (requests?.kind !== 'array') {
      // Requests built by a comprehension or `.map(...)`: one site for the lot, its prompts unknown.
      const result = called(unreadable(site, file, requests ?? call.args.positional[0], requests ? 'requests' : undefined));
      result.options.batch = true;
      return result;
    }
    const sites: SdkSite[] = [];
    for (const request of requests.items) {
      const params = valueOf(fieldsOf(request), 'params');
      const paramFields = fieldsOf(params);
      const result = called(paramFields ? readRequest(site, file, paramFields, params!.range, provider) : unreadable(site, file, params ?? request));
      result.options.batch = true;
      sites.push(result);
    }
    if (requests.unresolvedSpreads > 0 || sites.length === 0) {
      const result = called(unreadable(site, file, requests, 'requests'));
      result.options.batch = true;
      sites.push(result);
    }
    return sites;
  },
};

/**
 * The tool runner's limit: `max_iterations` (API requests), none by default. It loops until Claude
 * calls no tool: @anthropic-ai/sdk src/lib/tools/BetaToolRunner.ts stops early only `if
 * (this.#state.params.max_iterations && this.#iterationCount >= this.#state.params.max_iterations)`,
 * and anthropic (PyPI) src/anthropic/lib/tools/_beta_runner.py takes `max_iterations: int | None =
 * None` and stops only `if self._max_iterations is not None and ...`.
 */
function toolRunnerLimit(fields: Fields | undefined): AgentLoop {
  const entry = entryOf(fields, 'max_iterations');
  if (entry) {
    const turns = turnCount(entry.value) ?? null;
    const written = fields?.insertion?.style === 'kwargs' ? 'max_iterations=' : 'max_iterations: ';
    return statedLimit('anthropic-tool-runner', entry, turns, `${written}${turns ?? expressionText(entry.value)}`);
  }
  const edit = limitEntryEdit(fields, 'max_iterations', String(SUGGESTED_TURNS));
  return defaultLimit('anthropic-tool-runner', null, "no max_iterations: the tool runner's default is no limit", edit);
}

function endpointOf(call: CodeCall): Endpoint | undefined {
  const request = { ...call, chain: call.chain.filter((part) => !RESPONSE_ACCESSORS.has(part)) };
  const method = methodOf(request);
  if (chainEndsWith(request, 'messages', 'batches', 'create')) return 'batch';
  if (MESSAGE_METHODS.has(method) && chainEndsWith(request, 'messages', method)) return 'messages';
  // `client.chat.completions.create` is OpenAI's Chat Completions, never Anthropic's.
  if (chainEndsWith(request, 'completions', 'create') && !chainEndsWith(request, 'chat', 'completions', 'create')) return 'completions';
  return undefined;
}

function isClientClass(name: string): boolean {
  if (name === '@anthropic-ai/sdk' || name === '@anthropic-ai/bedrock-sdk' || name === '@anthropic-ai/vertex-sdk') return true;
  const dot = [...MODULES].some((module) => name.startsWith(`${module}.`));
  return dot && CLIENT_CLASSES.has(lastName(name));
}

/** The Anthropic client a call is made on; Bedrock's ids name their provider themselves. */
function clientOf(call: CodeCall): { bedrock: boolean } | undefined {
  const module = importModule(call);
  if (module && MODULES.has(module)) return { bedrock: module === '@anthropic-ai/bedrock-sdk' };
  const constructor = constructorCall(receiverValue(call), isClientClass);
  if (!constructor) return undefined;
  return { bedrock: lastName(constructor.callee).includes('Bedrock') || importModule(constructor) === '@anthropic-ai/bedrock-sdk' };
}

/** A call whose options the analysis cannot read: the model and prompt are unknown. */
function unreadable(
  site: CallSite,
  file: CodeFile,
  options: CodeValue | undefined,
  name?: string,
  api: 'anthropic.messages' | 'anthropic.completions' = 'anthropic.messages',
): SdkSite {
  const result = sdkSite(api, site, file, options?.range ?? site.call.range);
  if (options) result.messages = [{ role: 'user', segments: [dynamicSegment(options, 'history', name)], range: options.range }];
  return result;
}

function readRequest(site: CallSite, file: CodeFile, fields: Fields, range: CodeValue['range'], provider: string | undefined): SdkSite {
  const result = sdkSite('anthropic.messages', site, file, range);
  readModelInto(result, valueOf(fields, 'model'), { provider });
  const marks: CacheMarks = { oneHour: false };
  const source = editSource(file);

  const system = entryOf(fields, 'system');
  if (system) result.messages.push(...systemMessages(fields, system, marks, source));
  const messages = valueOf(fields, 'messages');
  if (messages) result.messages.push(...messageList(messages, (item) => readMessage(item, marks, source)));
  const automatic = entryOf(fields, 'cache_control');
  if (automatic && automatic.value.kind !== 'null') {
    breakpointOnLast(result.messages, requestCacheControlRemoval(source, fields, automatic));
    noteTtl(automatic.value, marks);
  }
  if (marks.oneHour) result.options.cacheTtl = '1h';

  result.tools = toolSegments(valueOf(fields, 'tools'));
  if (!result.tools) delete result.tools;

  const cap = entryOf(fields, 'max_tokens');
  if (cap) result.outputCap = outputCapOf(cap, 'max_tokens');
  else result.outputCapInsertion = capInsertion('max_tokens', fields, 'max_tokens');

  const budget = valueOf(fieldsOf(valueOf(fields, 'thinking')), 'budget_tokens');
  const thinking = tokenCount(budget);
  if (thinking !== undefined) result.options.thinkingBudget = thinking;
  const effort = staticText(valueOf(fieldsOf(valueOf(fields, 'output_config')), 'effort'));
  if (effort) result.options.reasoningEffort = effort;
  // Where the request may run (data residency): "us" is priced at 1.1× (pricing/priceModifiers.ts).
  const geo = staticText(valueOf(fields, 'inference_geo'));
  if (geo) result.options.inferenceGeo = geo;
  return result;
}

/**
 * A Text Completions request: the prompt is sent as written, its `\n\nHuman:` / `\n\nAssistant:`
 * turns included, so it is one message whose text is the whole prompt; the cap is required there too.
 */
function readCompletion(site: CallSite, file: CodeFile, fields: Fields, provider: string | undefined): SdkSite {
  const result = sdkSite('anthropic.completions', site, file);
  readModelInto(result, valueOf(fields, 'model'), { provider });
  const prompt = entryOf(fields, 'prompt');
  if (prompt) {
    const message = textMessage('user', prompt.value, prompt.range, prompt.keyRange);
    message.segments = message.segments.map((segment) => turnMarker(segment, file) ?? segment);
    result.messages.push(message);
  }
  const cap = entryOf(fields, 'max_tokens_to_sample');
  if (cap) result.outputCap = outputCapOf(cap, 'max_tokens_to_sample');
  else result.outputCapInsertion = capInsertion('max_tokens_to_sample', fields, 'max_tokens_to_sample');
  return result;
}

/** `${HUMAN_PROMPT}` / `{anthropic.AI_PROMPT}` as the text the SDK exports under that name, when it is the SDK's. */
function turnMarker(segment: Segment, file: CodeFile): Segment | undefined {
  if (segment.kind !== 'dynamic' || !segment.name) return undefined;
  const parts = segment.name.split('.');
  const binding = parts.length <= 2 ? own(file.imports, parts[0]) : undefined;
  if (!binding || !MODULES.has(binding.module)) return undefined;
  // `HUMAN_PROMPT` imported by name (maybe renamed), or `anthropic.HUMAN_PROMPT` / `Anthropic.HUMAN_PROMPT`.
  const text = own(TURN_MARKERS, parts[1] ?? binding.name);
  return text === undefined ? undefined : { kind: 'static', text, range: segment.range };
}

function systemMessages(fields: Fields, system: CodeEntry, marks: CacheMarks, source: EditSource | undefined): Message[] {
  const holder = entryHolder(fields, system);
  if (system.value.kind !== 'array') {
    const message = textMessage('system', system.value, system.range, system.keyRange);
    const insertion = cacheControlInsertion(source, holder);
    if (insertion) message.cacheBreakpointInsertion = insertion;
    return [message];
  }
  const content = new ContentBuilder();
  readBlocks(system.value, content, marks, source, holder);
  content.endInsertion(cacheControlInsertion(source, holder));
  return messagesOf('system', content, system.range, system.keyRange);
}

function readMessage(item: CodeValue, marks: CacheMarks, source: EditSource | undefined): Message[] | undefined {
  const fields = item.kind === 'object' ? fieldsOf(item) : undefined;
  const roleEntry = entryOf(fields, 'role');
  if (!fields || !roleEntry) return undefined;
  const content = new ContentBuilder();
  const entry = entryOf(fields, 'content');
  const holder = entryHolder(fields, entry);
  const value = entry?.value;
  if (value?.kind === 'array') readBlocks(value, content, marks, source, holder);
  else if (value) content.add(textSegments(value));
  content.endInsertion(cacheControlInsertion(source, holder));
  return messagesOf(roleOf(roleEntry.value), content, item.range, roleEntry.value.range);
}

/** Content blocks; a block with `cache_control` ends a cached prefix. `holder` is where the list is written. */
function readBlocks(
  blocks: CodeValue & { kind: 'array' },
  content: ContentBuilder,
  marks: CacheMarks,
  source: EditSource | undefined,
  holder: Holder | undefined,
): void {
  for (const block of blocks.items) {
    const fields = block.kind === 'object' || block.kind === 'call' ? fieldsOf(block) : undefined;
    const type = staticText(valueOf(fields, 'type'));
    if (!fields) {
      content.add(textSegments(block));
      continue;
    }
    if (type === 'text') addValue(content, valueOf(fields, 'text'));
    else if (type && MEDIA_BLOCKS.has(type)) content.add([dynamicSegment(block, 'media', type)]);
    else if (type === 'tool_use' || type === 'server_tool_use') addValue(content, valueOf(fields, 'input'));
    else if (type === 'tool_result') {
      const entry = entryOf(fields, 'content');
      if (entry?.value.kind === 'array') readBlocks(entry.value, content, marks, source, entryHolder(fields, entry));
      else addValue(content, entry?.value);
    } else if (type === 'thinking') addValue(content, valueOf(fields, 'thinking'));
    else content.add(textSegments(block));
    const cacheControl = valueOf(fields, 'cache_control');
    if (cacheControl && cacheControl.kind !== 'null') {
      content.breakpoint(cacheControlRemoval(source, holder, block));
      noteTtl(cacheControl, marks);
    }
  }
  if (blocks.unresolvedSpreads > 0) content.add([dynamicSegment(blocks)]);
}

function addValue(content: ContentBuilder, value: CodeValue | undefined): void {
  if (value) content.add(textSegments(value));
}

function noteTtl(cacheControl: CodeValue, marks: CacheMarks): void {
  if (staticText(valueOf(fieldsOf(cacheControl), 'ttl')) === '1h') marks.oneHour = true;
}
