import type { CallSite, CodeCall, CodeFile, CodeValue } from '../../codeModel/codeModel';
import type { AgentLoop, Message } from '../../types';
import { importMarkers, type SdkModule } from './sdkModule';
import { agentTools, appendArgumentEdit, defaultLimit, entryEdit, instructionMessages, inputMessages, writtenLimit } from './agentRuns';
import { langchainChatModel, langchainTemplateMessages } from './langchain';
import {
  capInsertion,
  entryOf,
  fieldsOf,
  importModule,
  keywordFields,
  lastName,
  methodOf,
  outputCapOf,
  qualifiedName,
  readModelInto,
  providerInto,
  receiverValue,
  sdkSite,
  textMessage,
  valueOf,
  type Fields,
  type SdkSite,
} from './siteParts';

const KIND = 'langchain-agent';

/** Methods that run a graph agent or an `AgentExecutor` (`run` / `arun` are the executor's legacy ones). */
const RUN_METHODS = new Set(['invoke', 'ainvoke', 'stream', 'astream', 'run', 'arun']);

/**
 * LangGraph's recursion limit when the run sets none: "By default this value is set to 25 steps"
 * (LangGraph docs, concepts/low_level.md#recursion-limit; `recursion_limit` in the run's config).
 */
const DEFAULT_RECURSION_LIMIT = 25;

/**
 * `AgentExecutor.max_iterations: Optional[int] = 15` (langchain/agents/agent.py; JS `maxIterations = 15`):
 * one iteration is one model call and the tools it asks for.
 */
const DEFAULT_MAX_ITERATIONS = 15;

/**
 * The recursion limit counts graph steps: a ReAct agent alternates a model step and a tools step,
 * so a limit of n allows about floor(n / 2) model turns (the last turn answering without tools).
 */
function graphTurns(limit: number): number {
  return Math.floor(limit / 2);
}

/** Builders of graph agents (LangChain v1 `createAgent` / `create_agent`, LangGraph's prebuilt ReAct agent). */
const GRAPH_AGENTS = new Set(['createAgent', 'create_agent', 'createReactAgent', 'create_react_agent']);

/** The agents an `AgentExecutor` runs: each takes the model, tools and prompt (`(llm, tools, prompt)`). */
const EXECUTOR_AGENTS = new Set([
  'create_tool_calling_agent',
  'create_openai_tools_agent',
  'create_openai_functions_agent',
  'create_structured_chat_agent',
  'create_react_agent',
  'createToolCallingAgent',
  'createOpenAIToolsAgent',
  'createOpenAIFunctionsAgent',
  'createStructuredChatAgent',
  'createReactAgent',
]);

const FRAMEWORK = /langchain|langgraph/;

/**
 * LangChain agents, one site per run: `agent.invoke({ messages }, { recursionLimit })` / `.stream`
 * on `createAgent({ model, tools, systemPrompt })` or LangGraph's `createReactAgent({ llm, tools, prompt })`
 * (Python `create_agent(model, tools, system_prompt=…)`, `create_react_agent(model, tools, prompt=…)`),
 * and `AgentExecutor(agent=…, tools=…, max_iterations=n).invoke(…)`. The model is a
 * `provider:model` string or a LangChain chat model (read as the langchain module reads it).
 */
export const langchainAgentsSdk: SdkModule = {
  id: KIND,
  markers: importMarkers({ js: /@?lang(?:chain|graph)[^'"]*/, python: /lang(?:chain|graph)\w*/ }),
  extract(site: CallSite, file: CodeFile): SdkSite | undefined {
    const { call } = site;
    if (!RUN_METHODS.has(methodOf(call)) || call.chain.length < 2) return undefined;
    const receiver = receiverValue(call);
    const builder = receiver?.kind === 'call' ? frameworkName(receiver.call) : undefined;
    if (!builder || receiver?.kind !== 'call') return undefined;
    if (builder === 'AgentExecutor') return executorRun(site, receiver.call, file);
    if (!GRAPH_AGENTS.has(builder) || methodOf(call) === 'run' || methodOf(call) === 'arun') return undefined;
    // `create_react_agent` from `langchain.agents` is the legacy agent an executor runs, not a graph.
    if (builder === 'create_react_agent' && !/langgraph/.test(importModule(receiver.call) ?? '')) return undefined;
    return graphRun(site, receiver.call, file);
  },
};

/** A LangChain / LangGraph function or class as the file names it; undefined when not imported from either. */
function frameworkName(call: CodeCall): string | undefined {
  const module = importModule(call);
  if (!module || !FRAMEWORK.test(module)) return undefined;
  return lastName(qualifiedName(call) ?? call.callee);
}

/** JS: the options object; Python: keyword arguments. */
function optionsOf(call: CodeCall, python: boolean): Fields | undefined {
  return python ? keywordFields(call) : fieldsOf(call.args.positional.find((arg) => arg.kind === 'object'));
}

function graphRun(site: CallSite, agent: CodeCall, file: CodeFile): SdkSite {
  const python = site.language === 'python';
  const fields = optionsOf(agent, python);
  const result = sdkSite('langchain', site, file);
  readAgentModel(result, valueOf(fields, 'model', 'llm') ?? (python ? agent.args.positional[0] : undefined), file);
  const prompt = valueOf(fields, 'systemPrompt', 'system_prompt', 'prompt', 'messageModifier', 'stateModifier', 'state_modifier');
  result.messages.push(...promptMessages(prompt));
  const tools = agentTools(valueOf(fields, 'tools') ?? (python ? agent.args.positional[1] : undefined));
  if (tools) result.tools = tools;
  const input = site.call.args.positional[0];
  const messages = input?.kind === 'object' ? valueOf(fieldsOf(input), 'messages') : undefined;
  result.messages.push(...inputMessages(messages ?? input));
  result.options.agent = graphLimit(site.call, python);
  return result;
}

/** A prompt given as text or a `SystemMessage(…)`: the system message. */
function promptMessages(value: CodeValue | undefined): Message[] {
  if (value?.kind === 'call' && lastName(value.call.callee) === 'SystemMessage') {
    const content = value.call.args.positional[0] ?? valueOf(fieldsOf(value), 'content');
    return content ? [textMessage('system', content, value.range)] : [];
  }
  return value?.kind === 'string' || value?.kind === 'unknown' ? instructionMessages(value) : [];
}

/** The model of an agent: a `provider:model` string, or a chat model built in the code (its cap with it). */
function readAgentModel(site: SdkSite, value: CodeValue | undefined, file: CodeFile): void {
  const chat = langchainChatModel(value, file);
  if (!chat) {
    readModelInto(site, value?.kind === 'call' ? undefined : value);
    return;
  }
  site.model = chat.model;
  providerInto(site, chat.provider);
  const cap = entryOf(chat.fields, ...chat.capKeys);
  if (cap) site.outputCap = outputCapOf(cap, cap.key);
  else site.outputCapInsertion = capInsertion(chat.capKeys[0], chat.fields, chat.capKeys[0]);
}

/** `{ recursionLimit }` (JS) / `config={"recursion_limit": n}` (Python) on the run, in graph steps. */
function graphLimit(call: CodeCall, python: boolean): AgentLoop {
  const key = python ? 'recursion_limit' : 'recursionLimit';
  const configValue = python ? (valueOf(keywordFields(call), 'config') ?? call.args.positional[1]) : call.args.positional[1];
  const config = configValue?.kind === 'object' ? fieldsOf(configValue) : undefined;
  const written = entryOf(config, key);
  if (written) return writtenLimit(KIND, written, ': ', graphTurns);
  const text = `${key} default ${DEFAULT_RECURSION_LIMIT} graph steps, about ${graphTurns(DEFAULT_RECURSION_LIMIT)} model turns (LangGraph's default recursion limit)`;
  const sets = python ? `"recursion_limit": 20` : 'recursionLimit: 20';
  let edit: AgentLoop['limitEdit'];
  if (config) edit = entryEdit(config, key, '20', sets);
  else if (!configValue)
    edit = python ? entryEdit(keywordFields(call), 'config', '{"recursion_limit": 20}', sets) : appendArgumentEdit(call, '{ recursionLimit: 20 }', sets);
  return defaultLimit(KIND, graphTurns(DEFAULT_RECURSION_LIMIT), text, edit);
}

/** `AgentExecutor(agent=create_tool_calling_agent(llm, tools, prompt), tools=…, max_iterations=n).invoke({"input": …})`. */
function executorRun(site: CallSite, executor: CodeCall, file: CodeFile): SdkSite | undefined {
  const python = site.language === 'python';
  const fields = optionsOf(executor, python);
  const agentValue = valueOf(fields, 'agent');
  const agent = agentValue?.kind === 'call' && EXECUTOR_AGENTS.has(frameworkName(agentValue.call) ?? '') ? agentValue.call : undefined;
  if (!agent) return undefined;
  const agentFields = optionsOf(agent, python);
  const result = sdkSite('langchain', site, file);
  readAgentModel(result, valueOf(agentFields, 'llm', 'model') ?? (python ? agent.args.positional[0] : undefined), file);
  const input = site.call.args.positional[0];
  const given = input?.kind === 'object' ? fieldsOf(input) : undefined;
  const prompt = valueOf(agentFields, 'prompt') ?? (python ? agent.args.positional[2] : undefined);
  result.messages = langchainTemplateMessages(prompt, given, file) ?? inputMessages(valueOf(given, 'input') ?? input);
  const tools = agentTools(valueOf(fields, 'tools') ?? valueOf(agentFields, 'tools') ?? (python ? agent.args.positional[1] : undefined));
  if (tools) result.tools = tools;
  const key = python ? 'max_iterations' : 'maxIterations';
  const written = entryOf(fields, key);
  const separator = python ? '=' : ': ';
  result.options.agent = written
    ? writtenLimit(KIND, written, separator)
    : defaultLimit(
        KIND,
        DEFAULT_MAX_ITERATIONS,
        `${key} default ${DEFAULT_MAX_ITERATIONS} (AgentExecutor)`,
        entryEdit(fields, key, '10', `${key}${separator}10`),
      );
  return result;
}
