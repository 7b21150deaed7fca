import { sdkDefaultCap, type ProviderId } from '../../providers/providers';
import type { Message, ModelReference, Range, Role, Segment } from '../../types';
import { replaceInStatic } from '../../resolve/segments';
import { lineIndexOf } from '../../text/lineIndex';
import type { CallSite, CodeCall, CodeFile, CodeValue } from '../../codeModel/codeModel';
import { importMarkers, type SdkModule } from './sdkModule';
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
/** The legacy `LLMChain` also runs by these, with the template's variables as keyword arguments. */
const LEGACY_CHAIN_METHODS = new Set(['run', 'predict', 'arun', 'apredict']);
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

/**
 * How a class is read beyond its table row: Azure names a deployment, Anthropic takes cache marks,
 * `init_chat_model` names its provider at the call; the rest are plain.
 */
type Family = 'azure' | 'anthropic' | 'init' | 'plain';

/** A LangChain model class: how it is read, the provider its models are priced under, and the cap its constructor takes. */
interface ModelClass {
  family: Family;
  /** Absent when the call names it (`init_chat_model`) or the class serves deployments (Azure). */
  provider?: ProviderId;
  /** The cap keys as JS and Python spell them; the first is the one a fix inserts. */
  cap: { js: string[]; python: string[] };
  /** A plain text-completion LLM rather than a chat model: LangChain's legacy chains pick their non-chat prompts for it. */
  completion?: true;
}

const MAX_TOKENS = { js: ['maxTokens'], python: ['max_tokens'] };
const OPENAI_CAP = { js: ['maxTokens', 'maxCompletionTokens'], python: ['max_tokens', 'max_completion_tokens'] };
const GOOGLE_CAP = { js: ['maxOutputTokens'], python: ['max_output_tokens', 'max_tokens'] };

/**
 * The chat (and plain LLM) model classes of the LangChain integrations, by class name, imported
 * from a LangChain package (`@langchain/*`, `langchain_*`). A provider the price data does not
 * have (Ollama, run locally) leaves its calls unpriced.
 */
const MODEL_CLASSES: Readonly<Record<string, ModelClass>> = {
  ChatOpenAI: { family: 'plain', provider: 'openai', cap: OPENAI_CAP },
  OpenAI: { family: 'plain', provider: 'openai', cap: MAX_TOKENS, completion: true },
  AzureChatOpenAI: { family: 'azure', cap: OPENAI_CAP },
  AzureOpenAI: { family: 'azure', cap: MAX_TOKENS, completion: true },
  ChatAnthropic: {
    family: 'anthropic',
    provider: 'anthropic',
    cap: { js: ['maxTokens', 'maxTokensToSample'], python: ['max_tokens', 'max_tokens_to_sample'] },
  },
  ChatGoogleGenerativeAI: { family: 'plain', provider: 'google', cap: GOOGLE_CAP },
  ChatVertexAI: { family: 'plain', provider: 'google', cap: GOOGLE_CAP },
  VertexAI: { family: 'plain', provider: 'google', cap: GOOGLE_CAP, completion: true },
  ChatMistralAI: { family: 'plain', provider: 'mistral', cap: MAX_TOKENS },
  ChatGroq: { family: 'plain', provider: 'groq', cap: MAX_TOKENS },
  ChatOllama: { family: 'plain', provider: 'ollama', cap: { js: ['numPredict'], python: ['num_predict'] } },
  ChatBedrock: { family: 'plain', provider: 'aws', cap: MAX_TOKENS },
  ChatBedrockConverse: { family: 'plain', provider: 'aws', cap: MAX_TOKENS },
  ChatDeepSeek: { family: 'plain', provider: 'deepseek', cap: MAX_TOKENS },
  ChatXAI: { family: 'plain', provider: 'x-ai', cap: MAX_TOKENS },
  ChatCohere: { family: 'plain', provider: 'cohere', cap: MAX_TOKENS },
  ChatFireworks: { family: 'plain', provider: 'fireworks', cap: MAX_TOKENS },
  ChatTogetherAI: { family: 'plain', provider: 'together', cap: MAX_TOKENS },
  ChatTogether: { family: 'plain', provider: 'together', cap: MAX_TOKENS },
  init_chat_model: { family: 'init', cap: MAX_TOKENS },
  initChatModel: { family: 'init', cap: MAX_TOKENS },
};

/**
 * LangChain chat models (JS `@langchain/*`, Python `langchain_*`): the site is the `.invoke` /
 * `.stream` / `.batch` call (and their async forms) on a model built by `new ChatOpenAI(...)`,
 * `ChatAnthropic(...)`, `init_chat_model(...)`…; the model and cap come from that constructor.
 */
export const langchainSdk: SdkModule = {
  id: 'langchain',
  markers: importMarkers({ js: /@?langchain[^'"]*/, python: /langchain\w*/ }),
  extract(site: CallSite, file: CodeFile): SdkSite | undefined {
    const { call } = site;
    // A bare `invoke(…)` is some other function; `(prompt | llm).invoke(…)` has a receiver but no name for it.
    const method = methodOf(call);
    if (!(INVOKE_METHODS.has(method) || LEGACY_CHAIN_METHODS.has(method)) || call.callee === method) return undefined;
    const receiver = receiverValue(call);
    const direct = INVOKE_METHODS.has(method) ? chatModel(receiver, file) : undefined;
    const chain = direct ? undefined : runnableChain(receiver, file, INVOKE_METHODS.has(method));
    const model = direct ?? chain?.model;
    if (!model) return undefined;
    const python = site.language === 'python';
    const result = sdkSite('langchain', site, file);
    const fields = constructorFields(model.call, python);
    const reference = readModel(model.call, model.modelClass, fields);
    result.model = reference;
    providerInto(result, model.family === 'init' ? staticText(valueOf(fields, 'model_provider', 'modelProvider')) : model.modelClass.provider);

    // ChatAnthropic reads `cache_control` on content blocks; other models have no use for it.
    const cache: CacheEditing = { source: editSource(file), insert: isAnthropic(model.family, reference, fields) };
    result.messages = runMessages(call, chain, file, cache);
    // Each run of a chain with memory carries the conversation so far, which grows turn by turn.
    if (chain?.conversation) result.options.conversation = true;

    const keys = model.modelClass.cap[python ? 'python' : 'js'];
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

/** A LangChain chat model a value is built by, for the agents built on one: its model, provider and output cap entries. */
export function langchainChatModel(
  value: CodeValue | undefined,
  file: CodeFile,
): { model?: ModelReference; provider?: string; fields?: Fields; capKeys: string[] } | undefined {
  const found = chatModel(value, file);
  if (!found) return undefined;
  const fields = constructorFields(found.call, file.language === 'python');
  const provider = found.family === 'init' ? staticText(valueOf(fields, 'model_provider', 'modelProvider')) : found.modelClass.provider;
  return {
    model: readModel(found.call, found.modelClass, fields),
    provider,
    fields,
    capKeys: found.modelClass.cap[file.language === 'python' ? 'python' : 'js'],
  };
}

/** The messages a prompt template sends, `input` filling its variables (`AgentExecutor`'s agent prompt); the scratchpad and chat history are history. */
export function langchainTemplateMessages(value: CodeValue | undefined, input: Fields | undefined, file: CodeFile): Message[] | undefined {
  const prompt = templateCall(value, file);
  if (!prompt) return undefined;
  const filler = templateFiller((variable) => valueOf(input, variable), new Set(['agent_scratchpad', 'chat_history']), file);
  return templateMessages(prompt, filler, file, { source: editSource(file), insert: false });
}

/** What a run sends: the chain's prompt with the input filled in, or the input itself when invoked on a model. */
function runMessages(call: CodeCall, chain: Chain | undefined, file: CodeFile, cache: CacheEditing): Message[] {
  const input = call.args.positional[0];
  const given = input?.kind === 'object' ? fieldsOf(input) : file.language === 'python' && !input ? keywordFields(call) : undefined;
  const filler = chain && templateFiller(chainInputs(chain, given, input), chain.historyVariables, file);
  if (chain?.builtIn && filler) return builtInMessages(chain.builtIn, filler);
  if (chain?.prompt && filler) return templateMessages(chain.prompt, filler, file, cache);
  return input ? inputMessages(input, cache) : [];
}

/** The chat model constructor behind a value, through `bind_tools(...)` / `withStructuredOutput(...)`. */
function chatModel(value: CodeValue | undefined, file: CodeFile, depth = 0): ChatModel | undefined {
  if (value?.kind !== 'call' || depth > 4) return undefined;
  const { call } = value;
  if (WRAPPERS.has(methodOf(call)) && call.chain.length >= 2) return chatModel(receiverValue(call), file, depth + 1);
  const name = lastName(qualifiedName(call) ?? call.callee);
  const modelClass = own(MODEL_CLASSES, name);
  if (!modelClass) return undefined;
  const module = importModule(call);
  // A class of that name from elsewhere is not LangChain's; an untraced one is when the file uses LangChain.
  if (module ? !/langchain/.test(module) : !fileImports(file, (imported) => /langchain/.test(imported))) return undefined;
  return { call, family: modelClass.family, modelClass };
}

/** A model built in the chain or for the call: the constructor call, and its class's row. */
interface ChatModel {
  call: CodeCall;
  family: Family;
  modelClass: ModelClass;
}

/** Methods that compose two runnables: JS `prompt.pipe(model)`, Python `prompt | model` (`prompt.__or__(model)`). */
const PIPE_METHODS = new Set(['pipe', '__or__']);

/**
 * A chain behind a value and what runs it: the chat model, and either the prompt template just
 * before that model in the code or a prompt LangChain builds in (`ConversationChain`, `RetrievalQA`).
 */
interface Chain {
  model: ChatModel;
  prompt?: CodeCall;
  builtIn?: BuiltInPrompt;
  /** The chain's one input key and the template variable it fills (`RetrievalQA`'s `query` fills `{question}`). */
  input?: { key: string; variable: string };
  /** Template variables memory fills with the conversation so far. */
  historyVariables?: ReadonlySet<string>;
  /** Runs with memory: each run carries the conversation so far. */
  conversation?: boolean;
}

/**
 * A runnable chain behind a value: its steps in order (through `.pipe`, `|`, `RunnableSequence`,
 * the legacy `LLMChain`), the chat model that runs it, and the prompt template just before that model;
 * or one of the legacy chains that bring their own prompt (`ConversationChain`, `RetrievalQA`).
 * Undefined when no step is a known chat model.
 */
function runnableChain(value: CodeValue | undefined, file: CodeFile, runnable: boolean): Chain | undefined {
  const name = value?.kind === 'call' ? langchainName(value.call, file) : undefined;
  if (value?.kind === 'call' && name && LEGACY_CHAINS.has(name)) return legacyChain(value.call, name, file);
  // `run` / `predict` belong to the legacy chains only.
  if (!runnable && name !== 'LLMChain') return undefined;
  const steps = chainSteps(value, file, 0);
  const modelAt = steps.findIndex((step) => chatModel(step, file));
  if (modelAt < 0) return undefined;
  const model = chatModel(steps[modelAt], file)!;
  // Only a template that feeds the model sets its prompt; one after it formats the model's output.
  const prompt = steps
    .slice(0, modelAt)
    .reverse()
    .find((step) => step.kind === 'call' && templateKind(step.call, file));
  return { model, prompt: prompt?.kind === 'call' ? prompt.call : undefined };
}

/** The legacy chains read with the prompt LangChain gives them (`LLMChain` is read as a chain step). */
const LEGACY_CHAINS = new Set(['ConversationChain', 'RetrievalQA', 'RetrievalQA.from_chain_type', 'RetrievalQA.from_llm']);

/** A prompt LangChain builds in: its messages as `[role, f-string template]`, placed at the call that chose it. */
interface BuiltInPrompt {
  messages: ReadonlyArray<readonly [Role, string]>;
  at: Range;
}

/**
 * `ConversationChain`'s default prompt: `DEFAULT_TEMPLATE` in LangChain's
 * libs/langchain/langchain/chains/conversation/prompt.py (the same text as langchain JS's
 * chains/conversation.ts). `{history}` is what the memory holds, `{input}` the new turn.
 */
const CONVERSATION_TEMPLATE =
  'The following is a friendly conversation between a human and an AI. The AI is talkative and provides lots of specific details from its context. If the AI does not know the answer to a question, it truthfully says it does not know.\n\nCurrent conversation:\n{history}\nHuman: {input}\nAI:';

/**
 * The "stuff" question-answering prompts `RetrievalQA.from_chain_type` / `from_llm` pick by the model
 * (`PROMPT_SELECTOR` in LangChain's libs/langchain/langchain/chains/question_answering/stuff_prompt.py,
 * which retrieval_qa/prompt.py repeats): `prompt_template` for a text-completion LLM, `CHAT_PROMPT`
 * (a system message with the documents, then the question) for a chat model. `{context}` is the
 * retrieved documents, `{question}` the query.
 */
const QA_COMPLETION_TEMPLATE =
  "Use the following pieces of context to answer the question at the end. If you don't know the answer, just say that you don't know, don't try to make up an answer.\n\n{context}\n\nQuestion: {question}\nHelpful Answer:";
const QA_CHAT_SYSTEM_TEMPLATE =
  "Use the following pieces of context to answer the user's question. \nIf you don't know the answer, just say that you don't know, don't try to make up an answer.\n----------------\n{context}";

/**
 * `ConversationChain(llm=…, memory=…, prompt=…)` and `RetrievalQA.from_chain_type(llm=…, chain_type="stuff", …)`,
 * `RetrievalQA.from_llm(llm=…)`, `RetrievalQA(combine_documents_chain=load_qa_chain(llm, …))`.
 * Undefined for a chain type other than "stuff": map-reduce and refine make several calls a run.
 */
function legacyChain(call: CodeCall, name: string, file: CodeFile): Chain | undefined {
  const fields = constructorFields(call, file.language === 'python');
  if (name === 'ConversationChain') {
    const model = chatModel(valueOf(fields, 'llm'), file);
    if (!model) return undefined;
    // The memory's key names the variable it fills; `ConversationBufferMemory`'s default is `history`.
    const memory = valueOf(fields, 'memory');
    const memoryKey =
      memory?.kind === 'call' ? staticText(valueOf(constructorFields(memory.call, file.language === 'python'), 'memory_key', 'memoryKey')) : undefined;
    const prompt = templateCall(valueOf(fields, 'prompt'), file);
    return {
      model,
      prompt,
      builtIn: prompt ? undefined : { messages: [['user', CONVERSATION_TEMPLATE]], at: call.range },
      input: { key: 'input', variable: 'input' },
      historyVariables: new Set([memoryKey ?? 'history']),
      conversation: true,
    };
  }
  const loader = name === 'RetrievalQA' ? qaLoader(valueOf(fields, 'combine_documents_chain', 'combineDocumentsChain'), file) : { call, fields };
  if (!loader) return undefined;
  const from = name === 'RetrievalQA.from_llm' ? undefined : (valueOf(loader.fields, 'chain_type') ?? loader.call.args.positional[1]);
  if (from && staticText(from) !== 'stuff') return undefined;
  const model = chatModel(valueOf(loader.fields, 'llm') ?? loader.call.args.positional[0], file);
  if (!model) return undefined;
  const chainTypeOptions = fieldsOf(valueOf(loader.fields, 'chain_type_kwargs'));
  const prompt = templateCall(valueOf(loader.fields, 'prompt') ?? valueOf(chainTypeOptions, 'prompt'), file);
  const messages: Array<readonly [Role, string]> = model.modelClass.completion
    ? [['user', QA_COMPLETION_TEMPLATE]]
    : [
        ['system', QA_CHAT_SYSTEM_TEMPLATE],
        ['user', '{question}'],
      ];
  return { model, prompt, builtIn: prompt ? undefined : { messages, at: loader.call.range }, input: { key: 'query', variable: 'question' } };
}

/** `load_qa_chain(llm, chain_type=…, prompt=…)` given as a `RetrievalQA`'s documents chain. */
function qaLoader(value: CodeValue | undefined, file: CodeFile): { call: CodeCall; fields: Fields | undefined } | undefined {
  if (value?.kind !== 'call' || langchainName(value.call, file) !== 'load_qa_chain') return undefined;
  return { call: value.call, fields: constructorFields(value.call, file.language === 'python') };
}

function templateCall(value: CodeValue | undefined, file: CodeFile): CodeCall | undefined {
  return value?.kind === 'call' && templateKind(value.call, file) ? value.call : undefined;
}

/**
 * Where each template variable's text comes from: the input object or keyword arguments by name;
 * for a chain with one input key, that key (or a lone positional argument, `qa.run(question)`) fills its variable.
 */
function chainInputs(chain: Chain, given: Fields | undefined, input: CodeValue | undefined): (variable: string) => CodeValue | undefined {
  if (!chain.input) return (variable) => valueOf(given, variable);
  const { key, variable } = chain.input;
  const value = given ? valueOf(given, key) : input;
  return (name) => (name === variable ? value : undefined);
}

/** The messages of a built-in prompt: its text sits at the call that chose it, since the file does not spell it. */
function builtInMessages(prompt: BuiltInPrompt, filler: TemplateFiller): Message[] {
  return prompt.messages.map(([role, template]) => ({ role, segments: filler.builtIn(template, prompt.at), range: prompt.at }));
}

function chainSteps(value: CodeValue | undefined, file: CodeFile, depth: number): CodeValue[] {
  if (!value) return [];
  if (value.kind !== 'call' || depth > 12) return [value];
  const { call } = value;
  const next = (step: CodeValue | undefined): CodeValue[] => chainSteps(step, file, depth + 1);
  if (PIPE_METHODS.has(methodOf(call)) && call.root?.type === 'value') return [...next(receiverValue(call)), ...next(call.args.positional[0])];
  const name = langchainName(call, file);
  if (name === 'RunnableSequence' || name === 'RunnableSequence.from') {
    // `RunnableSequence.from([a, b])`, Python `RunnableSequence(a, b)`, or `first` / `middle` / `last`.
    const fields = constructorFields(call, file.language === 'python');
    const listed = call.args.positional.flatMap((arg) => (arg.kind === 'array' ? arg.items : arg.kind === 'object' ? [] : [arg]));
    const middle = valueOf(fields, 'middle');
    const named = [valueOf(fields, 'first'), ...(middle?.kind === 'array' ? middle.items : []), valueOf(fields, 'last')];
    return [...listed, ...named].flatMap(next);
  }
  if (name === 'LLMChain') {
    const fields = constructorFields(call, file.language === 'python');
    return [...next(valueOf(fields, 'prompt')), ...next(valueOf(fields, 'llm'))];
  }
  return [value];
}

/**
 * A LangChain class or static method as the file names it (`ChatPromptTemplate.fromMessages`,
 * `LLMChain`), without its module; undefined when it is imported from outside LangChain, or is
 * not imported and the file uses no LangChain.
 */
function langchainName(call: CodeCall, file: CodeFile): string | undefined {
  const module = importModule(call);
  if (module ? !/langchain/.test(module) : !fileImports(file, (imported) => /langchain/.test(imported))) return undefined;
  const root = call.root?.type === 'import' ? call.root.name : undefined;
  const head = root === undefined || root === 'default' || root === '*' || root === '' || root === module ? call.chain : [root, ...call.chain.slice(1)];
  // A namespace or module prefix (`prompts.ChatPromptTemplate`) ends before the class name.
  const start = head.findIndex((part) =>
    /Template$|^RunnableSequence$|^LLMChain$|^MessagesPlaceholder$|^ConversationChain$|^RetrievalQA$|^load_qa_chain$/.test(part),
  );
  return start < 0 ? undefined : head.slice(start).join('.');
}

/**
 * How each prompt template builder takes its text: a message list, or one text (which a chat model
 * receives as one human message).
 */
const TEMPLATE_BUILDERS: Readonly<Record<string, 'messages' | 'text'>> = {
  'ChatPromptTemplate.fromMessages': 'messages',
  'ChatPromptTemplate.from_messages': 'messages',
  ChatPromptTemplate: 'messages',
  'ChatPromptTemplate.fromTemplate': 'text',
  'ChatPromptTemplate.from_template': 'text',
  'PromptTemplate.fromTemplate': 'text',
  'PromptTemplate.from_template': 'text',
  PromptTemplate: 'text',
};

/** Message templates inside `fromMessages([...])`, by the role they send. */
const MESSAGE_TEMPLATES: Readonly<Record<string, Role>> = {
  SystemMessagePromptTemplate: 'system',
  HumanMessagePromptTemplate: 'user',
  AIMessagePromptTemplate: 'assistant',
};

function templateKind(call: CodeCall, file: CodeFile): 'messages' | 'text' | undefined {
  const name = langchainName(call, file);
  return name === undefined ? undefined : own(TEMPLATE_BUILDERS, name);
}

/** The messages a prompt template sends, its `{variables}` filled from the run's input where known. */
function templateMessages(prompt: CodeCall, filler: TemplateFiller, file: CodeFile, cache: CacheEditing): Message[] {
  const python = file.language === 'python';
  const fields = constructorFields(prompt, python);
  const first = prompt.args.positional[0] ?? valueOf(fields, 'messages', 'promptMessages', 'template');
  if (!first) return [];
  const fill = filler.fill;
  if (templateKind(prompt, file) === 'text') return [{ role: 'user', segments: fill(first), range: first.range }];
  return messageList(first, (item) => templateMessage(item, fill, file) ?? readMessage(item, cache));
}

/** One entry of `fromMessages([...])`: a `[role, template]` pair, a message template, or a placeholder for history. */
function templateMessage(item: CodeValue, fill: (value: CodeValue) => Segment[], file: CodeFile): Message[] | undefined {
  if (item.kind === 'array' && item.items.length === 2) {
    const [role, content] = item.items;
    if (staticText(role) === 'placeholder') return [historyMessage(content, placeholderName(content))];
    return [{ role: roleOf(role), segments: fill(content), range: item.range, roleRange: role.range }];
  }
  if (item.kind !== 'call') return undefined;
  const name = langchainName(item.call, file) ?? '';
  const text = item.call.args.positional[0] ?? valueOf(keywordFields(item.call), 'template', 'variable_name');
  if (name === 'MessagesPlaceholder') return [historyMessage(text ?? item, text ? staticText(text) : undefined)];
  const role = own(MESSAGE_TEMPLATES, name.split('.')[0]);
  return role && text ? [{ role, segments: fill(text), range: item.range }] : undefined;
}

function placeholderName(content: CodeValue): string | undefined {
  return staticText(content)?.replace(/^\{|\}$/g, '');
}

/** LangChain's default f-string templates: `{name}` is a variable, `{{` and `}}` are braces. */
const TEMPLATE_FIELD = /\{\{|\}\}|\{([^{}]*)\}/g;

/** Turns template text into segments: `fill` a template written in the file, `builtIn` one LangChain supplies. */
interface TemplateFiller {
  fill: (value: CodeValue) => Segment[];
  builtIn: (template: string, at: Range) => Segment[];
}

/**
 * Each `{variable}` takes the text the run's input gives it when that is a string, and is dynamic
 * otherwise: history when memory fills it, a variable else.
 */
function templateFiller(given: (variable: string) => CodeValue | undefined, historyVariables: ReadonlySet<string> | undefined, file: CodeFile): TemplateFiller {
  const field = (placeholder: string, rawName: string, range: Range): Segment[] => {
    const name = rawName.trim();
    const known = given(name);
    if (known?.kind === 'string') return known.segments;
    const dynamicKind = historyVariables?.has(name) ? 'history' : 'variable';
    return [{ kind: 'dynamic', text: placeholder, range, name, dynamicKind }];
  };
  const index = file.text === undefined ? undefined : lineIndexOf(file.text);
  const fill = (value: CodeValue): Segment[] => {
    const segments = textSegments(value);
    if (!index) return segments;
    return replaceInStatic(segments, TEMPLATE_FIELD, index, (match, piece) => {
      if (match[1] === undefined) {
        const brace = piece(match[0][0]);
        return brace ? [brace] : [];
      }
      return field(match[0], match[1], piece()?.range ?? value.range);
    });
  };
  const builtIn = (template: string, at: Range): Segment[] => {
    const segments: Segment[] = [];
    const addStatic = (text: string) => {
      if (text) segments.push({ kind: 'static', text, range: at });
    };
    let cursor = 0;
    for (const match of template.matchAll(TEMPLATE_FIELD)) {
      addStatic(template.slice(cursor, match.index));
      if (match[1] === undefined) addStatic(match[0][0]);
      else segments.push(...field(match[0], match[1], at));
      cursor = match.index + match[0].length;
    }
    addStatic(template.slice(cursor));
    return segments;
  };
  return { fill, builtIn };
}

/** JS: the options object (after an optional model string); Python: keyword arguments. */
function constructorFields(call: CodeCall, python: boolean): Fields | undefined {
  if (python) return keywordFields(call);
  const options = call.args.positional.find((arg) => arg.kind === 'object');
  return fieldsOf(options);
}

function readModel(call: CodeCall, { family, provider }: ModelClass, fields: Fields | undefined): ModelReference | undefined {
  const positional = call.args.positional[0]?.kind === 'string' || call.args.positional[0]?.kind === 'unknown' ? call.args.positional[0] : undefined;
  if (family === 'azure') {
    const deployment =
      valueOf(fields, 'azure_deployment', 'deployment_name', 'azureOpenAIApiDeploymentName', 'deploymentName') ??
      valueOf(fields, 'model', 'modelName', 'model_name') ??
      positional;
    return modelReference(deployment, { deployment: true });
  }
  const value = valueOf(fields, 'model', 'modelName', 'model_name', 'model_id', 'modelId') ?? positional;
  if (family === 'init') return modelReference(value, { provider: staticText(valueOf(fields, 'model_provider', 'modelProvider')) });
  return modelReference(value, { provider });
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
