import { sdkDefaultCap, type ProviderId } from '../../providers/providers';
import type { AgentLoop, Message, ModelReference, Position, TextEdit } from '../../types';
import type { CallSite, CodeEntry, CodeFile, CodeValue } from '../../codeModel/codeModel';
import { importMarkers, type SdkModule } from './sdkModule';
import {
  ContentBuilder,
  callFields,
  capInsertion,
  constructorCall,
  dynamicSegment,
  expressionText,
  historyMessage,
  entryOf,
  fieldsOf,
  importModule,
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
  textMessage,
  textSegments,
  toolSegments,
  valueOf,
  type Fields,
  type SdkSite,
  tokenCount,
  geminiThinkingBudget,
} from './siteParts';
import { editSource, entryHolder, providerCacheInsertion, providerCacheRemoval, systemMessageInsertion, type EditSource, type Holder } from './cacheEdits';
import { own } from '../../records';
import { SUGGESTED_TURNS, defaultLimit, limitEntryEdit, statedLimit, turnCount } from './agentLimits';

const FUNCTIONS = new Set(['generateText', 'streamText', 'generateObject', 'streamObject']);
/** What a model id looks like when the provider around it is unknown: a prefix, or a model family's name. */
const MODEL_ID = /[/:]|gpt|claude|gemini|gemma|llama|mistral|mixtral|codestral|deepseek|grok|qwen|phi-|command|nova|titan|sonar|kimi|glm|^o\d/i;
const MEDIA_PARTS = new Set(['image', 'file']);
/** The methods that run an agent class. */
const AGENT_METHODS = new Set(['generate', 'stream']);
/** The agent classes of `ai` and the steps a run takes when the definition sets no `stopWhen` (see `classLimit`). */
const AGENT_DEFAULT_STEPS: Readonly<Record<string, number>> = { ToolLoopAgent: 20, Agent: 20, Experimental_Agent: 1 };
/** `stepCountIs(n)` (AI SDK 5, 6) and its AI SDK 7 name. */
const STEP_COUNTERS = new Set(['stepCountIs', 'isStepCount']);

/** Provider packages and the provider their models are priced under. */
const PROVIDER_PACKAGES: Readonly<Record<string, ProviderId>> = {
  '@ai-sdk/openai': 'openai',
  '@ai-sdk/anthropic': 'anthropic',
  '@ai-sdk/google': 'google',
  '@ai-sdk/google-vertex': 'google',
  '@ai-sdk/google-vertex/anthropic': 'anthropic',
  '@ai-sdk/azure': 'azure',
  '@ai-sdk/amazon-bedrock': 'aws',
  '@ai-sdk/mistral': 'mistral',
  '@ai-sdk/groq': 'groq',
  '@ai-sdk/xai': 'x-ai',
  '@ai-sdk/deepseek': 'deepseek',
  '@ai-sdk/togetherai': 'together',
  '@ai-sdk/fireworks': 'fireworks',
  '@ai-sdk/cohere': 'cohere',
  '@ai-sdk/perplexity': 'perplexity',
  '@openrouter/ai-sdk-provider': 'openrouter',
};

/**
 * The Vercel AI SDK (`ai`): `generateText`, `streamText`, `generateObject`, `streamObject`, with the
 * model from a provider package (`openai('gpt-4o')`, `anthropic('…')`, `azure('<deployment>')`,
 * providers made by `createOpenAI(...)`) or a `provider/model` string for the AI Gateway.
 */
export const aiSdk: SdkModule = {
  id: 'ai-sdk',
  markers: importMarkers({ js: /ai/ }),
  extract(site: CallSite, file: CodeFile): SdkSite | undefined {
    const { call } = site;
    const name = qualifiedName(call);
    if (!name || importModule(call) !== 'ai' || !FUNCTIONS.has(name.slice('ai.'.length))) return agentRun(site, file);
    const result = sdkSite('ai-sdk', site, file);
    const fields = callFields(call, site.language);
    if (!fields) {
      const options = call.args.positional[0];
      if (options) result.messages = [{ role: 'user', segments: [dynamicSegment(options, 'history')], range: options.range }];
      return result;
    }
    readSettings(result, fields, file);
    readPrompt(result, fields, file, settingsModel(fields));
    const agent = entryOf(fields, 'tools') ? callLimit(fields) : undefined;
    if (agent) result.options.agent = agent;
    return result;
  },
};

/**
 * `agent.generate({ prompt })` / `agent.stream(...)` on `new ToolLoopAgent({ model, instructions,
 * tools, stopWhen })` (AI SDK 6; `Agent` in 5.1, `Experimental_Agent` in 5.0): the site is the run,
 * its model, system prompt, tools, cap and step limit from the definition, its prompt from the call.
 */
function agentRun(site: CallSite, file: CodeFile): SdkSite | undefined {
  const { call } = site;
  if (!AGENT_METHODS.has(methodOf(call))) return undefined;
  let className = '';
  const created = constructorCall(receiverValue(call), (name, candidate) => {
    className = name.slice('ai.'.length);
    return candidate.isNew && importModule(candidate) === 'ai' && own(AGENT_DEFAULT_STEPS, className) !== undefined;
  });
  if (!created) return undefined;
  const result = sdkSite('ai-sdk', site, file);
  const settings = fieldsOf(created.args.positional[0]);
  if (settings) readSettings(result, settings, file);
  const request = callFields(call, site.language);
  if (request) readPrompt(result, request, file, settingsModel(settings));
  else if (call.args.positional[0]) result.messages.push(historyMessage(call.args.positional[0]));
  const agent = classLimit(settings, className, file);
  if (agent) result.options.agent = agent;
  return result;
}

function settingsModel(settings: Fields | undefined): ReturnType<typeof readModel> {
  return readModel(valueOf(settings, 'model'));
}

/** What a call or an agent definition sets up: the model, the system prompt, tools, the output cap, provider options. */
function readSettings(result: SdkSite, fields: Fields, file: CodeFile): void {
  const model = settingsModel(fields);
  result.model = model.reference;
  providerInto(result, model.provider);
  const cacheTtl = { oneHour: false };
  // Breakpoints are Anthropic's `cacheControl` provider option: new ones only for its models.
  const cache: CacheEditing = { source: editSource(file), insert: model.anthropic, ttl: cacheTtl };
  // `instructions` is the agent classes' name for it (AI SDK 6).
  const system = entryOf(fields, 'system', 'instructions');
  if (system) result.messages.push(...systemMessages(fields, system, cache));
  if (cacheTtl.oneHour) result.options.cacheTtl = '1h';

  result.tools = toolSegments(valueOf(fields, 'tools'));
  if (!result.tools) delete result.tools;

  const cap = entryOf(fields, 'maxOutputTokens', 'maxTokens');
  if (cap) result.outputCap = outputCapOf(cap, cap.key);
  else {
    result.outputCapInsertion = capInsertion('maxOutputTokens', fields, 'maxOutputTokens');
    if (model.anthropic) result.defaultOutputCap = sdkDefaultCap('anthropic', 'ai-sdk', model.reference?.id ?? '');
  }
  readProviderOptions(fieldsOf(valueOf(fields, 'providerOptions', 'providerMetadata', 'experimental_providerMetadata')), result);
}

/** The `messages` and `prompt` of a request. */
function readPrompt(result: SdkSite, fields: Fields, file: CodeFile, model: { anthropic: boolean }): void {
  const cacheTtl = { oneHour: result.options.cacheTtl === '1h' };
  const cache: CacheEditing = { source: editSource(file), insert: model.anthropic, ttl: cacheTtl };
  const messages = valueOf(fields, 'messages');
  if (messages) result.messages.push(...messageList(messages, (item) => readMessage(item, cache)));
  const prompt = valueOf(fields, 'prompt');
  if (prompt?.kind === 'array') result.messages.push(...messageList(prompt, (item) => readMessage(item, cache)));
  else if (prompt) result.messages.push({ role: 'user', segments: textSegments(prompt), range: prompt.range });
  if (cacheTtl.oneHour) result.options.cacheTtl = '1h';
}

/**
 * The step limit of `generateText` / `streamText` with tools: `stopWhen: stepCountIs(n)` (AI SDK 5+)
 * or `maxSteps: n` (4). With neither the call makes one step, so it is no agent: `stopWhen` defaults to
 * `stepCountIs(1)` (https://ai-sdk.dev/docs/reference/ai-sdk-core/generate-text, "stopWhen ... Default:
 * stepCountIs(1)"), `maxSteps` to 1 (https://v4.ai-sdk.dev/docs/reference/ai-sdk-core/generate-text).
 */
function callLimit(fields: Fields): AgentLoop | undefined {
  const stop = entryOf(fields, 'stopWhen');
  if (stop) return stopWhenLimit('ai-sdk', stop);
  const steps = entryOf(fields, 'maxSteps');
  if (!steps) return undefined;
  const turns = turnCount(steps.value) ?? null;
  return statedLimit('ai-sdk', steps, turns, `maxSteps: ${turns ?? expressionText(steps.value)}`);
}

/**
 * The step limit of an agent class: its `stopWhen`, else the class's default. `ToolLoopAgent` (AI
 * SDK 6) and `Agent` (5.1) stop after 20 steps: https://ai-sdk.dev/docs/agents/loop-control, "By
 * default, agents stop after 20 steps using stepCountIs(20)" (ai@5.1.0-beta.19: "set default
 * stopWhen on Agent to stepCountIs(20)"). `Experimental_Agent` (AI SDK 5.0) stops after one:
 * https://v5.ai-sdk.dev/docs/agents/loop-control, "By default, agents stop after a single step using
 * stepCountIs(1)", so with no `stopWhen` it is no agent.
 */
function classLimit(settings: Fields | undefined, className: string, file: CodeFile): AgentLoop | undefined {
  const stop = entryOf(settings, 'stopWhen');
  if (stop) return stopWhenLimit('ai-sdk-agent', stop);
  const steps = own(AGENT_DEFAULT_STEPS, className) ?? 1;
  if (steps <= 1) return undefined;
  const counter = stepCounterName(file);
  const edit = counter ? limitEntryEdit(settings, 'stopWhen', `${counter.name}(${SUGGESTED_TURNS})`, counter.importEdit) : undefined;
  return defaultLimit('ai-sdk-agent', steps, `stepCountIs(${steps}), the ${className} class's default`, edit);
}

/**
 * `stopWhen: stepCountIs(n)` (`isStepCount` in AI SDK 7), or a list of conditions, any of which stops
 * the run: the smallest step count among them. No step count (`hasToolCall('done')` alone): no limit
 * but the model.
 */
function stopWhenLimit(kind: string, stop: CodeEntry): AgentLoop {
  const conditions = stop.value.kind === 'array' ? stop.value.items : [stop.value];
  let best: { turns: number | null; value: CodeValue; text: string } | undefined;
  for (const condition of conditions) {
    if (condition.kind !== 'call' || !STEP_COUNTERS.has(methodOf(condition.call))) continue;
    const count = condition.call.args.positional[0];
    const turns = turnCount(count) ?? null;
    const text = `${methodOf(condition.call)}(${turns ?? (count ? expressionText(count) : '')})`;
    if (!best || (turns !== null && (best.turns === null || turns < best.turns))) best = { turns, value: condition, text };
  }
  if (!best) return statedLimit(kind, stop, null, `stopWhen: ${expressionText(stop.value)}`);
  return statedLimit(kind, stop, best.turns, best.text, best.value.range);
}

/**
 * The name `stepCountIs` has in the file, and the edit that imports it when it is not imported yet:
 * the name it is imported as, `ai.stepCountIs` under `import * as ai from 'ai'`, else added to the
 * file's `import { … } from 'ai'`, else a new import after the file's last import. Undefined when the
 * file's text is not known.
 */
function stepCounterName(file: CodeFile): { name: string; importEdit: TextEdit[] } | undefined {
  const imported = Object.entries(file.imports).find(([, binding]) => binding.module === 'ai' && STEP_COUNTERS.has(binding.name));
  if (imported) return { name: imported[0], importEdit: [] };
  const namespace = Object.entries(file.imports).find(([, binding]) => binding.module === 'ai' && binding.name === '*');
  if (namespace) return { name: `${namespace[0]}.stepCountIs`, importEdit: [] };
  const source = editSource(file);
  if (!source) return undefined;
  const named =
    [...source.text.matchAll(/import\s*(?:type\s+)?\{([^}]*)\}\s*from\s*['"]ai['"]/g)].find((match) => !/^\s*import\s+type\b/.test(match[0])) ??
    /(?:const|let|var)\s*\{([^}]*)\}\s*=\s*require\(\s*['"]ai['"]\s*\)/.exec(source.text) ??
    undefined;
  if (!named) return { name: 'stepCountIs', importEdit: [newImport(source.text, source.index)] };
  const inside = named[1];
  const trimmed = inside.replace(/[\s,]*$/, '');
  const at = named.index + named[0].indexOf('{') + 1 + trimmed.length;
  const position = source.index.positionAt(at);
  const newText = trimmed.trim() === '' ? ' stepCountIs ' : ', stepCountIs';
  return { name: 'stepCountIs', importEdit: [{ range: { start: position, end: position }, newText }] };
}

/**
 * `import { stepCountIs } from 'ai';` on a line of its own after the file's last import (or first,
 * when it has none); `const { stepCountIs } = require('ai');` in a CommonJS file.
 */
function newImport(text: string, index: { positionAt(offset: number): Position }): TextEdit {
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const commonJs = !/^import\b/m.test(text) && /\brequire\(/.test(text);
  const statement = commonJs ? /^(?:const|let|var)\b[^;\n]*=\s*require\([^)\n]*\)[ \t]*;?/gm : /^import\b[^;]*?(?:from\s*)?['"][^'"\n]+['"][ \t]*;?/gm;
  let end = -1;
  for (const match of text.matchAll(statement)) end = match.index + match[0].length;
  const line = commonJs ? "const { stepCountIs } = require('ai');" : "import { stepCountIs } from 'ai';";
  const at = index.positionAt(Math.max(end, 0));
  return { range: { start: at, end: at }, newText: end < 0 ? `${line}${newline}` : `${newline}${line}` };
}

/** The model and whether the Anthropic provider serves it (which fills in its own output cap). */
function readModel(value: CodeValue | undefined, depth = 0): { reference?: ModelReference; provider?: string; anthropic: boolean } {
  if (!value || depth > 3) return { anthropic: false };
  if (value.kind === 'string' || value.kind === 'unknown') {
    // A plain string goes to the AI Gateway: `anthropic/claude-sonnet-4-5`, priced by its prefix.
    const reference = modelReference(value);
    return { reference, anthropic: false };
  }
  if (value.kind !== 'call') return { anthropic: false };
  const { call } = value;
  const module = importModule(call);
  const method = methodOf(call);
  // `wrapLanguageModel({ model, middleware })` keeps the wrapped model's id and provider.
  if (module === 'ai' && method === 'wrapLanguageModel') return readModel(valueOf(fieldsOf(call.args.positional[0]), 'model'), depth + 1);
  const id = call.args.positional[0];
  if ((module === 'ai' || module === '@ai-sdk/gateway') && method === 'gateway') return { reference: modelReference(id), anthropic: false };
  const provider = providerPackage(call.root?.type === 'import' ? call.root.module : creatorModule(receiverValue(call)));
  if (!provider) {
    // A provider the analysis cannot trace (`registry.languageModel('openai:gpt-4o')`, a provider
    // made elsewhere) still names the model; a helper such as `getModel('fast')` does not.
    const reference = modelReference(id);
    return { reference: reference && MODEL_ID.test(reference.id) ? reference : undefined, anthropic: false };
  }
  const name = own(PROVIDER_PACKAGES, provider);
  if (name === 'azure') return { reference: modelReference(id, { deployment: true }), anthropic: false };
  return { reference: modelReference(id, { provider: name }), provider: name, anthropic: name === 'anthropic' };
}

/**
 * The package of a provider made by `createOpenAI(...)`, `createAnthropic(...)`, …; none when it is
 * pointed at another server (`createOpenAI({ baseURL })` for an OpenAI-compatible API), whose
 * models the package does not tell.
 */
function creatorModule(value: CodeValue | undefined): string | undefined {
  if (value?.kind !== 'call' || !/^create[A-Z]/.test(methodOf(value.call))) return undefined;
  if (valueOf(fieldsOf(value.call.args.positional[0]), 'baseURL', 'baseUrl') !== undefined) return undefined;
  return importModule(value.call);
}

function providerPackage(module: string | undefined): string | undefined {
  return module && own(PROVIDER_PACKAGES, module) !== undefined ? module : undefined;
}

interface CacheEditing {
  source: EditSource | undefined;
  /** Whether new breakpoints may be written (an Anthropic model). */
  insert: boolean;
  ttl: { oneHour: boolean };
}

/**
 * The `system` option: text, or (AI SDK 6) a system message or a list of them, which can carry
 * provider options such as Anthropic's `cacheControl`.
 */
function systemMessages(fields: Fields, system: CodeEntry, cache: CacheEditing): Message[] {
  const holder = entryHolder(fields, system);
  const { value } = system;
  if (value.kind === 'object') {
    const messages = readMessage(value, cache, holder);
    if (messages) {
      messages.forEach((message, i) => {
        message.range = system.range;
        if (i === 0) message.roleRange = system.keyRange;
      });
      return messages;
    }
  }
  if (value.kind === 'array') return messageList(value, (item) => readMessage(item, cache));
  const message = textMessage('system', value, system.range, system.keyRange);
  const insertion = cache.insert ? systemMessageInsertion(cache.source, holder) : undefined;
  if (insertion) message.cacheBreakpointInsertion = insertion;
  return [message];
}

/** A message; `systemOption` when it is the `system` option itself, which its removal may turn back into text. */
function readMessage(item: CodeValue, cache: CacheEditing, systemOption?: Holder): Message[] | undefined {
  const fields = item.kind === 'object' ? fieldsOf(item) : undefined;
  const roleEntry = entryOf(fields, 'role');
  if (!fields || !roleEntry) return undefined;
  const content = new ContentBuilder();
  const value = valueOf(fields, 'content');
  if (value?.kind === 'array') {
    for (const part of value.items) {
      const partFields = part.kind === 'object' ? fieldsOf(part) : undefined;
      const type = staticText(valueOf(partFields, 'type'));
      if (type === 'text' || type === 'reasoning') addValue(content, valueOf(partFields, 'text'));
      else if (type && MEDIA_PARTS.has(type)) content.add([dynamicSegment(part, 'media', type)]);
      else if (type === 'tool-call') addValue(content, valueOf(partFields, 'input', 'args'));
      else if (type === 'tool-result') addValue(content, valueOf(partFields, 'output', 'result'));
      else content.add(textSegments(part));
      if (partFields && cacheMarked(partFields, cache.ttl)) content.breakpoint(providerCacheRemoval(cache.source, partFields));
    }
    if (value.unresolvedSpreads > 0) content.add([dynamicSegment(value)]);
  } else if (value) {
    content.add(textSegments(value));
  }
  if (cache.insert) content.endInsertion(providerCacheInsertion(cache.source, fields));
  if (cacheMarked(fields, cache.ttl)) content.breakpoint(providerCacheRemoval(cache.source, fields, systemOption));
  return messagesOf(roleOf(roleEntry.value), content, item.range, roleEntry.value.range);
}

function addValue(content: ContentBuilder, value: CodeValue | undefined): void {
  if (value) content.add(textSegments(value));
}

/** `providerOptions: { anthropic: { cacheControl: { type: 'ephemeral', ttl? } } }` (v4: providerMetadata). */
function cacheMarked(fields: Fields, cacheTtl: { oneHour: boolean }): boolean {
  const options = fieldsOf(valueOf(fields, 'providerOptions', 'providerMetadata', 'experimental_providerMetadata'));
  const control = valueOf(fieldsOf(valueOf(options, 'anthropic')), 'cacheControl', 'cache_control');
  if (!control || control.kind === 'null') return false;
  if (staticText(valueOf(fieldsOf(control), 'ttl')) === '1h') cacheTtl.oneHour = true;
  return true;
}

function readProviderOptions(options: Fields | undefined, result: SdkSite): void {
  const effort = staticText(valueOf(fieldsOf(valueOf(options, 'openai')), 'reasoningEffort'));
  if (effort) result.options.reasoningEffort = effort;
  const anthropic = fieldsOf(valueOf(options, 'anthropic'));
  const budget = valueOf(fieldsOf(valueOf(anthropic, 'thinking')), 'budgetTokens');
  const thinking = tokenCount(budget);
  if (thinking !== undefined) result.options.thinkingBudget = thinking;
  const googleBudget = valueOf(fieldsOf(valueOf(fieldsOf(valueOf(options, 'google')), 'thinkingConfig')), 'thinkingBudget');
  const googleThinking = geminiThinkingBudget(googleBudget);
  if (googleThinking !== undefined) result.options.thinkingBudget = googleThinking;
}
