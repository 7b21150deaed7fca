/**
 * The engine's data: what extractors produce (PromptSite), what estimation produces (Estimate),
 * and what rules produce (Finding). Positions are 0-based line/character, as in LSP; adapters convert.
 */
import type { Finding, FindingCode, Fix, Severity } from './findings/finding';
import type { ProviderId } from './providers/providers';
import type { Position, Range, TextEdit } from './text/positions';

export type { Finding, FindingCode, Fix, Position, ProviderId, Range, Severity, TextEdit };

/**
 * A piece of a message. Static text is sent as written; a dynamic segment is filled in at run time
 * (`{{var}}`, `${input:x}`, a partial, a loop) and its size comes from promptcost.yaml or a default.
 */
export interface Segment {
  kind: 'static' | 'dynamic';
  /** Static: the text sent. Dynamic: the placeholder as written, e.g. `{{articles}}`. */
  text: string;
  range: Range;
  /** Dynamic only: the variable's name (`articles`), or a label for non-variables (`> partial`, `history`). */
  name?: string;
  /** Dynamic only: what fills it in, which decides its default size. */
  dynamicKind?: DynamicKind;
}

/**
 * variable: a template variable; history: earlier conversation turns; media: an image or file;
 * partial: another template included here; control: a loop or condition tag (adds no text itself);
 * reference: an editor/tool reference resolved by the host (Copilot `${selection}`, `#tool:x`).
 */
export type DynamicKind = 'variable' | 'history' | 'media' | 'partial' | 'control' | 'reference';

export type Role = 'system' | 'developer' | 'user' | 'assistant' | 'tool';

export interface Message {
  role: Role;
  segments: Segment[];
  /** The whole message, role marker included, for hovers and inlay hints. */
  range: Range;
  /** Where the role marker is (inlay hints go at its end); absent when the role is implicit. */
  roleRange?: Range;
  /** Anthropic `cache_control` (or equivalent) on this message: the cache breakpoint ends here. */
  cacheBreakpoint?: boolean;
  /**
   * Edits that put a cache breakpoint on this message's last block, in the SDK's own shape
   * (`cache_control`, AI SDK `providerOptions.anthropic.cacheControl`, Bedrock `cachePoint`).
   * Set by the extractor when it can write one; absent when the message already has one.
   */
  cacheBreakpointInsertion?: TextEdit[];
  /** Edits that take this message's cache breakpoint away again (only when it has one). */
  cacheBreakpointRemoval?: TextEdit[];
}

export interface ModelReference {
  /** The id as written in the file (`openai/gpt-4o-mini`, an Azure deployment name, …), or its normalised form (see `written`). */
  id: string;
  /** The text in the file, when `id` normalises it (a Copilot picker name `GPT-4o` is `gpt-4o`). */
  written?: string;
  range?: Range;
  /** False when the id names something that is not a model, such as an Azure deployment. */
  resolved: boolean;
  /** Set when the id is an Azure deployment name, to be mapped through `deployments:` in promptcost.yaml. */
  deployment?: string;
  /** Provider named next to the id (Prompty v2 `provider:`, an SDK's provider package), when the id itself has no prefix. */
  provider?: ProviderId;
  /**
   * Where code got the id, when it was not a literal: `DRAFT_MODEL` for `process.env.DRAFT_MODEL ?? '…'`,
   * with `envSetIn` when promptcost.yaml `env:` or an env file gives the variable's value,
   * a constant's name (and the workspace file it is imported from), the parameter whose default it
   * is (`model` in `def ask(q, model="…")`) with `callers` when the calls of the function in the file
   * say what it gets, the attribute it is read from (`self.model`).
   */
  from?: {
    envVariable?: string;
    envSetIn?: EnvSource;
    constant?: string;
    parameter?: string;
    callers?: number;
    /** The files of those calls, when every file that could call the function was read (absent: other files were not searched). */
    callerFiles?: string[];
    attribute?: string;
    importedFrom?: string;
    /** The LiteLLM Router name (`model="fast"`) whose `model_list` entry gives the model. */
    routerAlias?: string;
  };
  /** Several models the callers of the function pass for it (`id` is the first): the site is priced with each. */
  passedModels?: string[];
}

export interface OutputCap {
  /** The parameter as the format or SDK spells it: `max_tokens`, `maxOutputTokens`, … */
  param: string;
  /** A positive whole number of tokens; absent when the cap is not a literal (a variable) or not valid. */
  value?: number;
  range?: Range;
  /** The number as written when it is no valid cap (`-5`, `1e999`, `2.5`): a finding, and priced as if uncapped. */
  invalid?: string;
}

/**
 * How to add an output cap where there is none: replace `range` (empty = insert) with `template`
 * after substituting `{value}`. Computed by the extractor, which knows the file's indentation.
 */
export interface OutputCapInsertion {
  param: string;
  range: Range;
  template: string;
}

export type SiteKind = 'prompt-file' | 'sdk-call';

/** Where the value of an environment variable was taken from: promptcost.yaml `env:` or an env file at the root. */
export type EnvSource = 'promptcost.yaml' | '.env' | '.env.example' | '.env.sample' | '.env.template';

export type PromptFormat = 'prompty' | 'dotprompt' | 'github-models' | 'copilot-prompt';

/** The API a call in code goes through: one SDK module (src/core/extract/sdks) reads each. */
export type CallApi =
  | 'openai.chat'
  | 'openai.responses'
  | 'openai.completions'
  | 'anthropic.messages'
  | 'anthropic.completions'
  | 'google.genai'
  | 'ai-sdk'
  | 'langchain'
  | 'pydantic-ai'
  | 'litellm'
  | 'bedrock.converse'
  | 'bedrock.invoke'
  | 'bedrock.invoke-text'
  | 'mistral.chat'
  | 'mistral.fim';

/**
 * Text-completion APIs: one prompt string, sent as written (`\n\nHuman: …\n\nAssistant:`); the legacy
 * Completions APIs, Bedrock InvokeModel bodies with a `prompt` / `inputText` (Llama, Titan, Mistral),
 * and Mistral's fill-in-the-middle (code before and after the gap).
 * No chat framing is added to it, nothing of it is cached (prompt caching came with the chat APIs),
 * and it serves only its own models (legacy ones, or the family whose body it is), so no other model can be
 * written in its place.
 */
const TEXT_COMPLETION_APIS: ReadonlySet<SiteSdk> = new Set<CallApi>(['openai.completions', 'anthropic.completions', 'bedrock.invoke-text', 'mistral.fim']);

export function isTextCompletionApi(sdk: SiteSdk): boolean {
  return TEXT_COMPLETION_APIS.has(sdk);
}

/** What a site is written in: a prompt file's format, or the API of a call in code (a call that runs a prompt file has the file's format). */
export type SiteSdk = PromptFormat | CallApi;

export interface PromptSite {
  /** Stable: `<relative path>#<prompt or function name>[.<n>]`. */
  id: string;
  kind: SiteKind;
  sdk: SiteSdk;
  /** Path relative to the workspace root, `/` separators. */
  file: string;
  /** Where the site is: a prompt file's first line, or the call expression. */
  range: Range;
  name?: string;
  model?: ModelReference;
  /**
   * The provider a call goes to when the code shows it but not the model (an Anthropic client, the
   * AI SDK's `openai(modelVariable)`): which per-provider default model may be assumed for it.
   */
  provider?: ProviderId;
  /**
   * The environment variable the model is read from when its value is not known
   * (`model: process.env.SUMMARY_MODEL`): picking a model for the call sets it under `env:`.
   */
  modelVariable?: string;
  messages: Message[];
  tools?: Segment[];
  outputCap?: OutputCap;
  outputCapInsertion?: OutputCapInsertion;
  /**
   * The cap an SDK applies by itself when the call sets none (AI SDK's Anthropic provider,
   * LangChain's ChatAnthropic, LiteLLM for Anthropic): the worst case uses it.
   */
  defaultOutputCap?: { value: number; source: string };
  /**
   * A call that runs a prompt file (`prompty.execute('support.prompty')`, Genkit `ai.prompt('triage')`):
   * the file's path relative to the workspace root. The prompt, model and cap come from that file,
   * and its cost is counted once, at the prompt file's own site.
   */
  promptFile?: string;
  options: SiteOptions;
  /**
   * Example values of variables written in the file itself (Prompty `sample`, GitHub Models
   * `testData`, Dotprompt `input.default`): better size estimates than a blanket default.
   */
  samples?: Record<string, string>;
}

export interface SiteOptions {
  batch?: boolean;
  /** As the call writes it: `reasoning_effort`, `reasoning.effort`, Anthropic `effort`, Gemini `thinkingLevel`. */
  reasoningEffort?: string;
  /** Anthropic `budget_tokens`, Gemini `thinkingBudget` (-1: dynamic, the model decides). */
  thinkingBudget?: number;
  cacheTtl?: '5m' | '1h';
  /** Anthropic `inference_geo` as the call writes it (`us`: US-only inference, a surcharge; `global`: the default). */
  inferenceGeo?: string;
  /** Copilot prompt files run in chat, not through a billed API call, unless a priced model is named. */
  chatOnly?: boolean;
  /** The call sits in a loop (`for`, `while`, `.map`…): its per-call cost repeats per iteration. */
  inLoop?: boolean;
  /** A send of a chat session: it carries the conversation so far, which grows with every turn. */
  conversation?: boolean;
  /** `// promptcost: monthlyCalls=50000 outputTokens=300` above the call: overrides promptcost.yaml. */
  inlineVolume?: { monthlyCalls?: number; outputTokens?: number };
  /** The call is the model call of an agent: each run makes several turns, re-sending the history grown so far. */
  agent?: AgentLoop;
  /** What the call asks to get back, upper case (`TEXT`, `IMAGE`, `AUDIO`), when it says: Gemini's `responseModalities`, OpenAI's `modalities`. */
  outputModalities?: string[];
}

/**
 * How an agent site runs: a hand-written loop (`kind: 'loop'`) whose messages grow inside it, or a
 * framework's run (its id). `maxTurns` is the limit the code states (a loop bound, a counter checked
 * against a constant, the framework's option or documented default); null when nothing stops it but
 * the model.
 */
export interface AgentLoop {
  kind: string;
  maxTurns: number | null;
  /** The code that sets the limit (`turns >= MAX_TURNS`, `range(5)`, `maxTurns: 8`), for the hover. */
  limitText?: string;
  /** Where that code is: the limiting expression (the comparison, `range(…)`) or the option. */
  limitRange?: Range;
  /** Where the loop starts (its first line), where a fix that bounds it goes. */
  loopRange?: Range;
  /** The limit is the framework's documented default, the code sets none (`limitText` names the default). */
  limitIsDefault?: boolean;
  /** A loop over items (`for x of turns`) whose count the code does not show: the data ends it, not the model. */
  perItem?: boolean;
  /**
   * For a framework run with no limit of its own in the code: the edit that sets the framework's
   * own limit (`stopWhen: stepCountIs(10)`, `maxTurns: 10`, `max_turns=10`) and what it sets.
   */
  limitEdit?: { edits: TextEdit[]; sets: string; turns: number };
}

/** One turn of a run: what it sends and gets back, and what that costs. */
export interface AgentTurn {
  turn: number;
  input: number;
  /** Input tokens read from the provider's cache (a share of the first turn's prefix, then what the turn before sent). */
  cacheRead: number;
  cacheWrite: number;
  output: number;
  /** USD; absent when the model is not priced. */
  cost?: number;
}

/** What one run of an agent site costs: its expected turns one by one, their sum, and the worst case. */
export interface AgentRun {
  kind: string;
  maxTurns: number | null;
  limitText?: string;
  /** The run is a loop over items whose count the code does not show (bounded, not by a number). */
  perItem?: boolean;
  expectedTurns: number;
  expectedTurnsSource: 'promptcost.yaml' | 'promptcost.yaml defaults' | 'default';
  toolResultTokens: number;
  toolResultSource: 'promptcost.yaml' | 'promptcost.yaml defaults' | 'default';
  /** The expected run, turn by turn. */
  turns: AgentTurn[];
  perRun: {
    inputTokens: number;
    outputTokens: number;
    /** USD for the expected run; absent when the model is not priced. */
    cost?: number;
    /** USD for a run of `maxTurns` turns at the output cap with no cache hits at all; null when the run has no limit (or no cap is known). */
    costWorstCase?: number | null;
  };
  /**
   * Anthropic caches only up to its breakpoints: what a `cache_control` breakpoint on the last
   * message, moved each turn, would save per expected run (absent when it saves nothing).
   */
  movingBreakpointSaving?: number;
  /**
   * What sending only the last turns' history plus a summary (HISTORY_WINDOW in agentRun.ts) would
   * save per expected run, with the tokens the last turn then sends; absent when the run is too
   * short to drop anything.
   */
  historyWindow?: { keepTurns: number; summaryTokens: number; savingPerRun: number; lastTurnInput: number };
}

/**
 * How often a call runs each time the function around it runs: once, the count its loop states
 * (`range(5)`, `i < 3`), or an assumed count for a loop whose count the code does not show.
 */
export interface Repeat {
  times: number;
  source: 'once' | 'loop' | 'assumed';
}

/**
 * A call from one function to another, as far as the file shows: a function of the same file, or
 * an export of a workspace module (the files the import may name, most likely first). `member`
 * is a method of the exported class (`new Planner().plan()`, `Planner.plan`).
 */
export type CallTarget = { file: string; name: string } | { modules: string[]; name: string; member?: string };

/**
 * One code file's part of the workspace's call graph: its named functions, the calls between them
 * and into other files' exports, and which function each LLM site is in. Tasks are read from it.
 */
export interface FileCallGraph {
  file: string;
  /** Named functions and methods as site ids name them, with the first line of each. */
  functions: Array<{ name: string; range: Range }>;
  /** Exported name → the function or class it names in this file (TS/JS `export`; Python's top-level names export themselves). */
  exports: Record<string, string>;
  edges: Array<{ from: string; to: CallTarget[]; repeat: Repeat; line: number }>;
  /** Each site of the file, the function it is in and how often it runs per call of that function. */
  sites: Array<{ id: string; from: string; repeat: Repeat }>;
}

/** What an extractor returns for one file: the sites it found and what was wrong with the input. */
export interface ExtractResult {
  sites: PromptSite[];
  findings: Finding[];
  /** Code files: the calls between functions, for tasks. */
  graph?: FileCallGraph;
  /** Calls on an LLM SDK that look like text generation but that no SDK module read: shapes Prompt Cost may be missing. */
  unreadCalls?: UnreadCall[];
}

/** A call on an LLM SDK that looks like text generation but was not read as a site. */
export interface UnreadCall {
  /** As written: `chat.sendMessage`, `router.completion`. */
  callee: string;
  /** The SDK it goes to (`google`, `litellm`), by the package its receiver comes from. */
  sdk: string;
  range: Range;
}

/** Tokens of one message, for inlay hints at its role marker and for hovers. */
export interface MessageEstimate {
  role: Role;
  tokens: number;
  range: Range;
  roleRange?: Range;
}

/** The size used for one dynamic segment, and where that size came from. */
export interface VariableEstimate {
  name: string;
  /** The placeholder as written: `{{articles}}`, `${ticket.body}`, `{question}`. */
  written: string;
  kind: DynamicKind;
  tokens: number;
  source: 'promptcost.yaml' | 'sample' | 'default';
  range: Range;
}

/**
 * Where a site's model came from, in one word: the JSON's `modelSource`. `assumed` is a default
 * applied because nothing said which model (labelled so everywhere); `unknown` is no model at all.
 */
export type ModelSource =
  'literal' | 'constant' | 'import' | 'parameter-default' | 'callers' | 'attribute' | 'env-map' | 'env-default' | 'promptcost.yaml' | 'assumed' | 'unknown';

/**
 * Where a site's price came from: the bundled price data (package, version, date), a `prices:`
 * entry of promptcost.yaml, or a price file the user gave (`--prices`, `promptcost.pricesFile`,
 * named as given, dated by its last change). The CLI's JSON prints it as is (`priceSource`), so its
 * fields are a contract: added, never renamed.
 */
export type PriceSource =
  | { kind: 'price-data'; package: string; version: string; asOf: string }
  | { kind: 'override'; file: 'promptcost.yaml' }
  | { kind: 'prices-file'; file: string; asOf: string };

export interface Estimate {
  model: {
    /** The model that was priced, after defaults and deployment mapping; absent when none could be determined. */
    id?: string;
    /**
     * The one id the model goes by in reports, whatever its spelling in the file (the price data's
     * id: `gpt-4o`, not `openai/gpt-4o`); the JSON `model`, and what "By model" groups on.
     */
    canonical?: string;
    source: 'file' | 'promptcost.yaml' | 'deployment' | 'default';
    /** Where the model came from, in one word (the JSON's `modelSource`). */
    origin: ModelSource;
    /**
     * The provider the price came from, as the price data names it: one of the registry's
     * `ProviderId`s for the providers Prompt Cost knows, or any other provider of the price data
     * (and `promptcost-yaml` for prices declared in promptcost.yaml), hence a string.
     */
    provider?: string;
    /** The price data's model id when it differs from `id` (aliases, dated ids). */
    pricedAs?: string;
  };
  /**
   * An agent site (`site.options.agent`): what one run costs, turn by turn. `cost.monthly` is then
   * the expected run × runs a month (monthly calls count runs); `cost.perCall` stays the first turn.
   */
  agent?: AgentRun;
  /**
   * When the callers of the site's function pass several models: each, with its cost. The rest of
   * the estimate is the costliest priced one, which is what totals and budgets count.
   */
  models?: Array<{ model: string; priced: boolean; perCall?: number; monthly?: number }>;
  tokens: {
    input: number;
    static: number;
    dynamic: number;
    framing: number;
    tools: number;
    /** Static tokens from the start of the prompt up to the first dynamic part, framing included. */
    cacheablePrefix: number;
    /** The part of the prefix the provider would cache (minimums and steps applied). */
    cached: number;
    /** Output tokens expected, all billed as output: the visible reply plus `reasoningExpected`. */
    outputExpected: number;
    /** Hidden reasoning tokens expected within `outputExpected`; absent when none are expected. */
    reasoningExpected?: number;
    outputMax?: number;
    exact: boolean;
    /**
     * The input's lowest and highest count the published tokenizer figures allow, where they allow a
     * range (Claude: the factor depends on the kind of text); absent for an exact count or one ratio.
     */
    inputRange?: [low: number, high: number];
    /** What counted the tokens: `o200k_base`, `cl100k_base`, `gemma3`, `llama3`, `qwen3` or `estimate:<family>` (tokenizerChoice.ts). */
    tokenizer?: string;
  };
  messages: MessageEstimate[];
  variables: VariableEstimate[];
  cache: { mode: 'automatic' | 'explicit' | 'none'; minTokens: number; hitRate: number; ttlSeconds: number };
  cost: {
    priced: boolean;
    pricesAsOf: string;
    /** Where the price came from (the price data, promptcost.yaml `prices:`, a price file); absent when unpriced. */
    priceSource?: PriceSource;
    tier: 'standard' | 'batch' | 'flex' | 'priority';
    /** USD per call at expected output and cache hit rate. */
    perCall?: number;
    /** USD per call with no cache hits and the output at its cap (or the model's maximum). */
    perCallWorstCase?: number;
    monthly?: number;
    monthlyWorstCase?: number;
    /**
     * Multipliers on the price data's rates that are Prompt Cost's own rules (a tier, US-only
     * inference), each with its source page and the day it was read; absent when none applies.
     */
    modifiers?: Array<{ id: string; multiplier: number; source: string; url: string; checked: string }>;
    /** `monthly` at each end of `tokens.inputRange` (the same calls, output and cache rules). */
    monthlyRange?: [low: number, high: number];
    /** USD per call, split by what is billed. */
    breakdown?: { uncachedInput: number; cacheRead: number; cacheWrite: number; output: number };
    /** Base rates in USD per million tokens. */
    rates?: { input: number; output: number; cacheRead?: number; cacheWrite?: number };
  };
  monthlyCalls: number;
  /**
   * promptcost.yaml has errors that leave this site on defaults: in its own `sites:` entry, in
   * `defaults:` it takes a figure from, or in the file as a whole. The assumptions say which.
   */
  configErrors?: 'site' | 'defaults' | 'file';
  /** Where monthlyCalls came from: a promptcost comment, promptcost.yaml `sites:`, a task, the defaults, the setting. */
  volumeSource?: 'comment' | 'promptcost.yaml' | 'task' | 'promptcost.yaml defaults' | 'default';
  /** Where the expected reply length came from: a promptcost comment, promptcost.yaml, its defaults, or the built-in default. */
  outputSource?: 'comment' | 'promptcost.yaml' | 'promptcost.yaml defaults' | 'default';
  contextWindow?: number;
  /** Every assumption behind the numbers, in the order a reader needs them. */
  assumptions: string[];
}

/**
 * Calls a month a site gets from the tasks of promptcost.yaml that reach it: each task's tasks a
 * month (perDay × 30) × the site's calls per task × (1 + retryRate), added over the tasks.
 */
export interface TaskVolume {
  monthlyCalls: number;
  from: Array<{ task: string; perDay: number; callsPerTask: number; retryRate: number }>;
}

/** One LLM site a task reaches, and what it adds to one task. */
export interface TaskStep {
  site: string;
  file: string;
  /** The site's range in its file. */
  range: Range;
  /** The functions from the entry to the one the site is in, as `<file>#<function>`. */
  path: string[];
  /** Calls (runs, for an agent site) per task as the code makes them: the product of the loop counts on the way. */
  callsPerTask: number;
  /**
   * When the step keeps a monthly volume of its own (`sites:`, a comment) and the task has one too:
   * the calls per pass that volume implies (its monthly calls ÷ the task's passes a month, shared
   * among the tasks reaching it as their own volumes would be), which the cost uses, so that the
   * task's month is what its steps' months add up to. Absent otherwise.
   */
  callsFromVolume?: number;
  /** A loop count on the way is assumed (the code does not show it). */
  assumed: boolean;
  model?: string;
  agent: boolean;
  /** USD per call (per run for an agent site) as the site is estimated; absent when unpriced. */
  perCall?: number;
  /** perCall × (callsFromVolume ?? callsPerTask), one pass of the task without retries. */
  costPerTask?: number;
  /** Of the task's priced cost per pass. */
  share?: number;
  /** The site's own monthly calls and where they came from: the task's volume, or promptcost.yaml / a comment, which wins. */
  monthlyCalls: number;
  volumeSource: string;
}

/**
 * A task: a function from which several LLM sites are reached, through calls of the workspace's own
 * functions across files, or a function promptcost.yaml `tasks:` names. A month is 30 days.
 */
export interface TaskEstimate {
  /** The promptcost.yaml name, or the entry for a task found from the call graph. */
  id: string;
  /** `<file>#<function>`. */
  entry: string;
  file: string;
  /** The entry function's first line. */
  range: Range;
  configured: boolean;
  /** Tasks a day from promptcost.yaml; null when none is configured. */
  perDay: number | null;
  retryRate: number;
  steps: TaskStep[];
  callsPerTask: number;
  /** The models its steps run, canonical ids, costliest step first. */
  models: string[];
  /** Steps whose model has no price: the costs below leave them out and say so. */
  unpricedSteps: number;
  /** Some step's count rests on an assumed loop count. */
  assumed: boolean;
  /** USD, one pass through the steps. */
  costPerPass?: number;
  /** USD per task: one pass × (1 + retryRate). */
  costPerTask?: number;
  /** USD a day and a month (30 days), when perDay is configured. */
  costPerDay?: number;
  monthly?: number;
  /** Why a configured task has no steps (its entry function was not found). */
  problem?: string;
}
