import type { CallSite, CodeCall, CodeFile } from '../../codeModel/codeModel';
import type { AgentLoop, Segment } from '../../types';
import type { CodeValue } from '../../codeModel/codeModel';
import { decoratedToolSegments, namedToolSegment } from './pythonToolFunctions';
import { importMarkers, type SdkModule } from './sdkModule';
import { agentTools, defaultLimit, entryEdit, instructionMessages, inputMessages, pythonImportEdit, writtenLimit } from './agentRuns';
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

const KIND = 'pydantic-ai';

const PACKAGE = /^pydantic_ai(?:\.|$)/;

/** The methods that run an agent: each run is one site. */
const RUN_METHODS = new Set(['run', 'run_sync', 'run_stream', 'run_stream_events', 'iter']);

/**
 * The requests a run may make when it sets no `request_limit`: `UsageLimits.request_limit: int | None = 50`
 * in pydantic_ai_slim/pydantic_ai/usage.py ("The maximum number of requests allowed to the model"),
 * applied to every run that passes no `usage_limits`. One request is one model turn.
 */
const DEFAULT_REQUEST_LIMIT = 50;

/**
 * Pydantic AI: one site per run (`agent.run_sync(prompt)`, `await agent.run(prompt)`,
 * `agent.run_stream(prompt)`), the model (`'openai:gpt-4o'`: the prefix names the provider),
 * system prompts / instructions, tools and output cap (`model_settings`) from the `Agent(...)` it
 * runs on; the limit from `usage_limits=UsageLimits(request_limit=n)`.
 */
export const pydanticAiSdk: SdkModule = {
  id: KIND,
  markers: importMarkers({ python: /pydantic_ai/ }),
  extract(site: CallSite, file: CodeFile): SdkSite | undefined {
    const { call } = site;
    if (site.language !== 'python' || !RUN_METHODS.has(methodOf(call)) || call.chain.length < 2) return undefined;
    const agent = constructorCall(receiverValue(call), (name, candidate) => lastName(name) === 'Agent' && PACKAGE.test(importModule(candidate) ?? ''));
    if (!agent) return undefined;
    const fields = keywordFields(agent);
    const runFields = keywordFields(call);
    const result = sdkSite('pydantic-ai', site, file);
    readModelInto(result, valueOf(runFields, 'model') ?? valueOf(fields, 'model') ?? agent.args.positional[0]);
    result.messages.push(...instructionMessages(valueOf(fields, 'system_prompt')), ...instructionMessages(valueOf(fields, 'instructions')));
    result.messages.push(...inputMessages(call.args.positional[0] ?? valueOf(runFields, 'user_prompt')));
    const tools = agentToolSegments(call, file, valueOf(fields, 'tools'));
    if (tools.length > 0) result.tools = tools;
    readCap(result, entryOf(runFields, 'model_settings') ? runFields : fields);
    result.options.agent = limit(call, file);
    return result;
  },
};

/**
 * The agent's tools as the model gets them: `tools=[…]` (a function of the file by its schema, else
 * a default size) and the functions the file decorates with `@<agent>.tool` / `@<agent>.tool_plain`.
 */
function agentToolSegments(call: CodeCall, file: CodeFile, listed: CodeValue | undefined): Segment[] {
  const text = file.text;
  const given = (agentTools(listed) ?? []).map((segment) =>
    segment.kind === 'dynamic' && segment.name !== undefined && text !== undefined ? (namedToolSegment(text, segment.name) ?? segment) : segment,
  );
  return text === undefined ? given : [...given, ...decoratedToolSegments(text, call.chain[0])];
}

/** `model_settings={'max_tokens': n}` / `ModelSettings(max_tokens=n)` on the run, else on the agent. */
function readCap(site: SdkSite, fields: ReturnType<typeof keywordFields>): void {
  const cap = nestedCap(fields, entryOf(fields, 'model_settings'), ['max_tokens'], { capKey: 'max_tokens', containerKey: 'model_settings' });
  if (cap.outputCap) site.outputCap = { ...cap.outputCap, param: 'max_tokens' };
  else if (cap.insertion) site.outputCapInsertion = cap.insertion;
}

function limit(call: CodeCall, file: CodeFile): AgentLoop {
  const runFields = keywordFields(call);
  const usage = entryOf(runFields, 'usage_limits');
  const limits = usage?.value.kind === 'call' || usage?.value.kind === 'object' ? fieldsOf(usage.value) : undefined;
  const written = entryOf(limits, 'request_limit');
  if (written) return writtenLimit(KIND, written, '=');
  const text = `request_limit default ${DEFAULT_REQUEST_LIMIT} (pydantic_ai.UsageLimits)`;
  if (usage)
    return defaultLimit(
      KIND,
      DEFAULT_REQUEST_LIMIT,
      text,
      usage.value.kind === 'call' ? entryEdit(limits, 'request_limit', '10', 'request_limit=10') : undefined,
    );
  return defaultLimit(KIND, DEFAULT_REQUEST_LIMIT, text, usageLimitsEdit(call, file));
}

/** `usage_limits=UsageLimits(request_limit=10)` on the run, importing `UsageLimits` when the file does not. */
function usageLimitsEdit(call: CodeCall, file: CodeFile): AgentLoop['limitEdit'] | undefined {
  const bound = Object.entries(file.imports).find(([, binding]) => PACKAGE.test(binding.module) && binding.name === 'UsageLimits')?.[0];
  const name = bound ?? 'UsageLimits';
  const imports = bound ? [] : pythonImportEdit(file, 'pydantic_ai', name);
  const edit = entryEdit(keywordFields(call), 'usage_limits', `${name}(request_limit=10)`, 'usage_limits=UsageLimits(request_limit=10)');
  return edit && imports && { ...edit, edits: [...imports, ...edit.edits] };
}
