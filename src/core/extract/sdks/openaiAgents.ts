import type { CallSite, CodeCall, CodeFile, CodeValue } from '../../codeModel/codeModel';
import type { AgentLoop } from '../../types';
import { importMarkers, type SdkModule } from './sdkModule';
import { agentTools, appendArgumentEdit, defaultLimit, entryEdit, instructionMessages, inputMessages, writtenLimit } from './agentRuns';
import {
  constructorCall,
  entryOf,
  fieldsOf,
  importModule,
  keywordFields,
  lastName,
  methodOf,
  nestedCap,
  readModelInto,
  receiverValue,
  sdkSite,
  valueOf,
  type SdkSite,
} from './siteParts';

const KIND = 'openai-agents';

/** `@openai/agents` (and its `-core` / `-openai` packages), Python `agents`. */
const PACKAGE = /^@openai\/agents(?:-[a-z]+)?(?:\/|$)|^agents(?:\.|$)/;

/**
 * The runner's turn limit when the run sets none: `DEFAULT_MAX_TURNS = 10` in openai-agents-python's
 * src/agents/run.py (its tests: "DEFAULT_MAX_TURNS is 10"), and `DEFAULT_MAX_TURNS = 10` in
 * openai-agents-js's packages/agents-core/src/runner/constants.ts, the `maxTurns` default.
 */
const DEFAULT_MAX_TURNS = 10;

const PYTHON_RUNS = new Set(['run', 'run_sync', 'run_streamed']);

/**
 * The OpenAI Agents SDK: one site per run (`run(agent, input, { maxTurns })`, `new Runner().run(…)`;
 * Python `Runner.run` / `run_sync` / `run_streamed`). The instructions, model, tools and output cap
 * come from the `Agent` the run starts with. An agent with no `model` runs on the SDK's default
 * model, which changes between releases and can be set by `OPENAI_DEFAULT_MODEL`: the site keeps
 * the model unknown with provider `openai`, so the per-provider default is assumed and said to be.
 */
export const openaiAgentsSdk: SdkModule = {
  id: KIND,
  markers: importMarkers({ js: /@openai\/agents(?:-[a-z]+)?(?:\/[^'"]*)?/, python: /agents/ }),
  extract(site: CallSite, file: CodeFile): SdkSite | undefined {
    const { call } = site;
    const python = site.language === 'python';
    if (!(python ? isPythonRun(call) : isTsRun(call))) return undefined;
    const fields = python ? keywordFields(call) : undefined;
    const agentValue = call.args.positional[0] ?? valueOf(fields, 'starting_agent', 'agent');
    const input = call.args.positional[1] ?? valueOf(fields, 'input');
    const result = sdkSite('openai.responses', site, file);
    readAgent(agentValue, file, result);
    result.messages.push(...inputMessages(input));
    result.options.agent = python ? pythonLimit(call) : tsLimit(call);
    return result;
  },
};

/** `run(agent, input)` imported from the SDK, or `.run(…)` on a `new Runner()`. */
function isTsRun(call: CodeCall): boolean {
  if (call.chain.length === 1) return call.callee === 'run' && PACKAGE.test(importModule(call) ?? '');
  if (methodOf(call) !== 'run' || call.chain.length !== 2) return false;
  return runnerCall(receiverValue(call)) !== undefined;
}

/** `Runner.run(…)` with `Runner` from `agents`, or a method of a `Runner()` instance. */
function isPythonRun(call: CodeCall): boolean {
  if (!PYTHON_RUNS.has(methodOf(call)) || call.chain.length !== 2) return false;
  const root = call.root;
  if (root?.type === 'import') return PACKAGE.test(root.module) && root.name === 'Runner' && call.chain[0] !== root.module;
  return runnerCall(receiverValue(call)) !== undefined;
}

function runnerCall(value: CodeValue | undefined): CodeCall | undefined {
  return constructorCall(value, (name, call) => lastName(name) === 'Runner' && PACKAGE.test(importModule(call) ?? ''));
}

/** The `Agent` a run starts with: its instructions, model, tools and output cap. */
function readAgent(value: CodeValue | undefined, file: CodeFile, site: SdkSite): void {
  const agent = constructorCall(value, (name, call) => lastName(name) === 'Agent' && PACKAGE.test(importModule(call) ?? ''));
  const python = file.language === 'python';
  const fields = agent ? fieldsOf({ kind: 'call', call: agent, range: agent.range }) : undefined;
  const model = valueOf(fields, 'model');
  // A model object (`OpenAIChatCompletionsModel`, `LitellmModel`) names no id here, nor surely OpenAI.
  readModelInto(site, model, model?.kind === 'call' ? {} : { provider: 'openai' });
  site.messages.push(...instructionMessages(valueOf(fields, 'instructions')));
  const tools = agentTools(valueOf(fields, 'tools'));
  if (tools) site.tools = tools;
  if (!fields) return;
  const settings = entryOf(fields, python ? 'model_settings' : 'modelSettings');
  // Python's `ModelSettings` is a dataclass: a cap goes into one written as a call, never a new dict.
  if (python && settings?.value.kind !== 'call') return;
  const key = python ? 'max_tokens' : 'maxTokens';
  const cap = nestedCap(fields, settings, [key], { capKey: key, containerKey: 'modelSettings' });
  if (cap.outputCap) site.outputCap = { ...cap.outputCap, param: key };
  else if (cap.insertion) site.outputCapInsertion = cap.insertion;
}

function tsLimit(call: CodeCall): AgentLoop {
  const options = call.args.positional[2];
  const fields = options?.kind === 'object' ? fieldsOf(options) : undefined;
  const written = entryOf(fields, 'maxTurns');
  if (written) return writtenLimit(KIND, written, ': ');
  const edit = fields
    ? entryEdit(fields, 'maxTurns', '10', 'maxTurns: 10')
    : options
      ? undefined
      : appendArgumentEdit(call, '{ maxTurns: 10 }', 'maxTurns: 10');
  return defaultLimit(KIND, DEFAULT_MAX_TURNS, `maxTurns default ${DEFAULT_MAX_TURNS} (DEFAULT_MAX_TURNS in @openai/agents-core)`, edit);
}

function pythonLimit(call: CodeCall): AgentLoop {
  const fields = keywordFields(call);
  const written = entryOf(fields, 'max_turns');
  if (written) return writtenLimit(KIND, written, '=');
  const edit = entryEdit(fields, 'max_turns', '10', 'max_turns=10');
  return defaultLimit(KIND, DEFAULT_MAX_TURNS, `max_turns default ${DEFAULT_MAX_TURNS} (agents.run.DEFAULT_MAX_TURNS)`, edit);
}
