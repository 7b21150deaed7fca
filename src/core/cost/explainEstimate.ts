import { formatMonthly, formatPerCall } from '../format';
import type { ReasoningBasis } from '../models/reasoningTokens';
import { PRICE_DATA } from '../pricing/priceData';
import { priceSourceText } from '../pricing/priceSource';
import { describeSplitRun, describeTokenizer } from '../tokens/describeTokenizer';
import type { AgentRun, TaskVolume, VariableEstimate } from '../types';
import type { CacheRules } from './cacheRules';
import { DEFAULT_DYNAMIC_TOKENS } from './dynamicSizes';
import type { EstimateFacts } from './estimateFacts';
import type { ModelProvenance } from './siteModel';
import type { SettingSource } from './siteVolume';

const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const tokensText = (n: number) => `${whole.format(n)} token${n === 1 ? '' : 's'}`;
const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 0 });

/**
 * The assumptions behind an estimate, in the order a reader needs them: where the prompt and the
 * model come from, how tokens were counted and sized, output, volume, cache, tier and prices.
 * Only words: every number here was computed by the estimate's steps.
 */
export function explainEstimate(facts: EstimateFacts): string[] {
  const { site } = facts;
  const lines: string[] = [];
  if (facts.configErrors) lines.push(CONFIG_ERRORS[facts.configErrors]);
  if (site.promptFile) {
    lines.push(`Prompt: ${site.promptFile}, the prompt file this call runs. Its cost is counted once, at the file, in workspace totals.`);
  }
  lines.push(...explainModel(facts.model.provenance, facts.countingModel));
  if (facts.tools > 0) lines.push(`Tools: ${tokensText(facts.tools)} for the tool definitions, counted as their JSON text.`);
  lines.push(describeTokenizer(facts.tokenizer));
  if (facts.longestSplitRun > 0) lines.push(describeSplitRun(facts.longestSplitRun));
  lines.push(...explainVariables(facts.variables, site.file));
  lines.push(explainOutput(facts));
  const reasoning = explainReasoning(facts);
  if (reasoning) lines.push(reasoning);
  if (facts.agent) lines.push(...explainRun(facts.agent, facts));
  else lines.push(`Volume: ${whole.format(facts.volume.calls)} calls a month (${volumeSource(facts.volume)}).`);
  if (site.options.conversation) {
    lines.push(
      'This is one turn of a chat session: each send carries the conversation so far (sized as history above), so later turns cost more than early ones.',
    );
  }
  if (site.options.inLoop && !facts.agent) {
    lines.push('This call runs inside a loop: each iteration is one call, so count iterations in its monthly calls (promptcost.yaml or a promptcost comment).');
  }
  lines.push(describeCacheRules(facts.cache.rules, site.options.cacheTtl));
  if (facts.cache.rules.mode !== 'none') lines.push(explainCache(facts));
  lines.push(...explainPrice(facts));
  return lines;
}

function explainModel(provenance: ModelProvenance, countingModel: string): string[] {
  switch (provenance.kind) {
    case 'promptcost.yaml':
      return [`Model: ${provenance.id} (set for this prompt in promptcost.yaml).`];
    case 'deployment':
      return provenance.mapped
        ? [`Model: deployment "${provenance.deployment}" is ${provenance.mapped} (deployments: in promptcost.yaml).`]
        : [`Model: deployment "${provenance.deployment}" is not mapped to a model (deployments: in promptcost.yaml); tokens are counted for ${countingModel}.`];
    case 'env-default':
      return [
        `Model: ${provenance.id}, the default of the environment variable ${provenance.variable}; if it is set to another model where this runs, pick that model for this call (saved in promptcost.yaml).`,
      ];
    case 'written': {
      const lines = [`Model: ${provenance.id} (${writtenWhere(provenance)}).`];
      if (provenance.chatOnly) lines.push("Copilot chat prompt: priced as if sent to the model's API; in Copilot itself your plan bills it.");
      return lines;
    }
    case 'env-map':
      return [
        `Model: ${provenance.id}, the value of the environment variable ${provenance.variable} ${provenance.setIn === 'promptcost.yaml' ? 'set under env: in promptcost.yaml' : `in ${provenance.setIn}`}.`,
      ];
    case 'callers': {
      const calls = provenance.calls === 1 ? 'the one call' : `all ${provenance.calls} calls`;
      const pass = provenance.calls === 1 ? 'passes' : 'pass';
      return [
        provenance.files
          ? `Model: ${provenance.id}, what ${calls} of this function ${pass} for ${provenance.parameter} (${callerPlaces(provenance.files)}).`
          : `Model: ${provenance.id}, what ${calls} of this function in the file ${pass} for ${provenance.parameter}; calls from other files are not followed.`,
      ];
    }
    case 'parameter-default':
      return [
        `Model: ${provenance.id}, the default of the parameter ${provenance.parameter}${provenance.constant ? ` (the constant ${provenance.constant})` : ''}; a caller that passes another model pays that model's prices.`,
      ];
    case 'prompt-file-unread':
      return [`Model: unknown until ${provenance.promptFile} can be read. Tokens are counted for ${countingModel}.`];
    case 'unknown-in-code':
      return [
        `Model: not determined from the code (a variable or parameter); pick one for this call — it is saved in promptcost.yaml. Tokens are counted for ${countingModel}.`,
      ];
    case 'copilot-chat':
      return [`Model: none named. Copilot chat prompts are billed by your Copilot plan, not per token: tokens only (counted for ${countingModel}).`];
    case 'default':
      return provenance.inCode
        ? [
            `Model: assumed ${provenance.id} (${provenance.from}): the code does not say which model this call uses. Pick the real one for this call — it is saved in promptcost.yaml.`,
          ]
        : [`Model: none named in the file; assumed ${provenance.id} (${provenance.from}).`];
    case 'no-default-for-provider':
      return [
        `Model: not determined from the code, and no default is set for ${provenance.provider} (defaults: { model: { ${provenance.provider}: <model> } } in promptcost.yaml); pick one for this call. Tokens are counted for ${countingModel}.`,
      ];
  }
}

function writtenWhere(provenance: Extract<ModelProvenance, { kind: 'written' }>): string {
  if (provenance.attribute) return `the attribute ${provenance.attribute}, as the class sets it`;
  if (provenance.routerAlias) return `the LiteLLM Router's model_list entry "${provenance.routerAlias}"`;
  if (provenance.importedFrom) return `the constant ${provenance.constant} of ${provenance.importedFrom}`;
  return provenance.constant ? `the constant ${provenance.constant}` : 'named in the file';
}

function explainVariables(variables: readonly VariableEstimate[], file: string): string[] {
  const lines: string[] = [];
  const seen = new Set<string>();
  // Variables sized by the same default are one line naming them all: nine "100 tokens assumed" lines read as noise.
  const assumed = new Map<string, { labels: string[]; variable: VariableEstimate }>();
  for (const variable of variables) {
    if (seen.has(variable.name) || variable.kind === 'control') continue;
    seen.add(variable.name);
    const label = variable.kind === 'variable' ? variable.written : variable.name;
    if (variable.source === 'promptcost.yaml') lines.push(`${label}: ${tokensText(variable.tokens)} (promptcost.yaml).`);
    else if (variable.source === 'sample') lines.push(`${label}: ${tokensText(variable.tokens)}, the size of the example value in the file.`);
    else {
      const key = `${variable.kind}:${variable.tokens}`;
      const group = assumed.get(key);
      if (group) group.labels.push(label);
      else assumed.set(key, { labels: [label], variable });
    }
  }
  for (const { labels, variable } of assumed.values()) {
    const why = DEFAULT_DYNAMIC_TOKENS[variable.kind].why;
    const declare = `declare ${labels.length === 1 ? 'its size' : 'their sizes'} under sites: "${file}": variables: in promptcost.yaml.`;
    if (labels.length === 1) lines.push(`${labels[0]}: ${tokensText(variable.tokens)} assumed (${why}); ${declare}`);
    else lines.push(`${labels.join(', ')} (${labels.length} parts): ${tokensText(variable.tokens)} each assumed (${why}); ${declare}`);
  }
  return lines;
}

/** The first assumption when promptcost.yaml's errors leave the site on defaults: never silent. */
const CONFIG_ERRORS: Readonly<Record<NonNullable<EstimateFacts['configErrors']>, string>> = {
  site: "promptcost.yaml has errors in this prompt's entry under sites: — using defaults for what it could not read until they are fixed.",
  defaults: 'promptcost.yaml has errors under defaults: — this prompt uses the built-in defaults for what they would set until they are fixed.',
  file: 'promptcost.yaml has errors and could not be read — every figure here uses the built-in defaults until it is fixed.',
};

const OUTPUT_SOURCES: Readonly<Record<SettingSource, string>> = {
  comment: 'promptcost comment above the call',
  'promptcost.yaml': 'promptcost.yaml',
  'promptcost.yaml defaults': 'promptcost.yaml defaults',
  default: 'default; set outputTokens in promptcost.yaml',
};

const VOLUME_SOURCES: Readonly<Record<SettingSource, string>> = {
  comment: 'promptcost comment above the call',
  'promptcost.yaml': 'promptcost.yaml',
  'promptcost.yaml defaults': 'promptcost.yaml defaults',
  default: 'promptcost.monthlyCalls setting',
};

/**
 * Where the monthly calls came from, in words: a setting, or the tasks that reach the site (each
 * task's arithmetic); when a setting wins over a task's volume, both, and which won.
 */
function volumeSource(volume: EstimateFacts['volume']): string {
  const task = volume.task;
  if (volume.source !== 'task') {
    const setting = VOLUME_SOURCES[volume.source];
    if (!task) return setting;
    return `${setting}, which wins over the ${whole.format(task.monthlyCalls)} a month ${taskNames(task)} would give`;
  }
  const each = task!.from.map((from) => {
    const retries = from.retryRate > 0 ? ` × ${trimmed(1 + from.retryRate)} for retries` : '';
    const calls = from.callsPerTask === 1 ? '1 call' : `${trimmed(from.callsPerTask)} calls`;
    return `task ${from.task}: ${trimmed(from.perDay)} a day × 30 days × ${calls} per task${retries}`;
  });
  return `${each.join(' + ')}; sites: in promptcost.yaml would win`;
}

function taskNames(task: TaskVolume): string {
  const names = task.from.map((from) => from.task);
  return `${names.length === 1 ? 'task' : 'tasks'} ${names.join(', ')}`;
}

/** A number as people write it: grouped, and with no trailing zeros (1.08, 4,000, 2.5). */
function trimmed(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 4 });
}

const RUN_SETTING_SOURCES: Readonly<Record<AgentRun['expectedTurnsSource'], string>> = {
  'promptcost.yaml': 'promptcost.yaml',
  'promptcost.yaml defaults': 'promptcost.yaml defaults',
  default: 'default',
};

/**
 * An agent site: how its runs grow and what bounds them. The figures above are its first turn; the
 * month is runs × the expected run.
 */
function explainRun(run: AgentRun, facts: EstimateFacts): string[] {
  const kind = run.kind === 'loop' ? 'a loop in the code that re-sends its growing history' : run.kind;
  const limit =
    run.maxTurns !== null
      ? `at most ${whole.format(run.maxTurns)} turns${run.limitText ? ` (${run.limitText})` : ''}`
      : run.perItem
        ? `${run.limitText ?? 'one turn per item'}, however many that is`
        : 'no turn limit: nothing but the model stops a run';
  const lines = [
    `Agent: ${kind}, ${limit}. The figures above are its first turn; each later turn also sends every earlier reply and a tool result of ${tokensText(run.toolResultTokens)} (${RUN_SETTING_SOURCES[run.toolResultSource]}; toolResultTokens in promptcost.yaml).`,
    `Volume: ${whole.format(facts.volume.calls)} runs a month (${volumeSource(facts.volume)}) of ${whole.format(run.expectedTurns)} turns each (${RUN_SETTING_SOURCES[run.expectedTurnsSource]}; turns in promptcost.yaml): ${tokensText(run.perRun.inputTokens)} in and ${tokensText(run.perRun.outputTokens)} out per run.`,
  ];
  if (run.perRun.cost !== undefined) {
    const worst =
      run.perRun.costWorstCase === null || run.perRun.costWorstCase === undefined
        ? run.maxTurns === null
          ? run.perItem
            ? 'its worst case is not known (how many items there are)'
            : 'its worst case is unbounded'
          : 'its worst case is not known (no output cap)'
        : `at worst ${formatPerCall(run.perRun.costWorstCase)} (${whole.format(run.maxTurns!)} turns at the output cap, no cache hits)`;
    lines.push(
      `Per run: ${formatPerCall(run.perRun.cost)} for ${whole.format(run.expectedTurns)} turns, ${formatMonthly(run.perRun.cost * facts.volume.calls)} a month; ${worst}.`,
    );
  }
  if (run.movingBreakpointSaving !== undefined) {
    lines.push(
      `A cache_control breakpoint on the last message, moved each turn, would cache the growing history too: ${formatPerCall(run.movingBreakpointSaving)} less per run.`,
    );
  }
  return lines;
}

function explainOutput({ output }: EstimateFacts): string {
  const replyWanted = output.halfCap ? Math.ceil(output.cap!.value / 2) : output.wanted;
  const bothBound = output.reasoning > 0 ? ', which bounds reasoning and reply together' : '';
  const capped = output.cap !== undefined && output.reply < replyWanted ? `, capped by ${output.cap.param}${bothBound}` : '';
  const source = output.halfCap
    ? `half its ${whole.format(output.cap!.value)}-token cap, assumed; set outputTokens in promptcost.yaml`
    : OUTPUT_SOURCES[output.wantedSource];
  const worstFrom = output.cap ? output.cap.param : output.sdkDefault ? `no cap: ${output.sdkDefault.source}` : "no cap: the model's maximum output";
  const worst = output.max === undefined ? "unknown (no output cap, and the model's maximum is not known)" : `${whole.format(output.max)} (${worstFrom})`;
  const expected =
    output.reasoning > 0
      ? `${tokensText(output.expected)} expected: a ${whole.format(output.reply)}-token reply (${source}${capped}) and ${whole.format(output.reasoning)} of hidden reasoning`
      : `${whole.format(output.expected)} tokens expected (${source}${capped})`;
  return `Output: ${expected}; worst case ${worst}.`;
}

/**
 * Hidden reasoning, billed as output: how much, and why — the effort the call sets or the model's
 * default, or a share of its thinking budget. Tokens per effort level and the budget share are
 * Prompt Cost's assumptions, so every sentence that uses them says so.
 */
function explainReasoning({ output }: EstimateFacts): string | undefined {
  const from = output.reasoningFrom;
  if (!from) return undefined;
  const basis = from.basis;
  if (from.tokens === 0) {
    if (basis.kind === 'default-effort')
      return `Reasoning: none expected (effort none, the default for ${basis.model}; a call that sets reasoning effort pays for reasoning as output).`;
    if (basis.kind === 'budget') return 'Reasoning: none (the call sets a thinking budget of 0, which turns thinking off).';
    return 'Reasoning: none (the call sets reasoning effort none).';
  }
  const cut = output.reasoning < from.tokens ? `; the output cap leaves room for ${tokensText(output.reasoning)} of it` : '';
  return `Reasoning: ≈${tokensText(from.tokens)} of hidden reasoning billed as output (${reasoningWhy(basis)})${cut}. It comes on top of the visible reply, which is what outputTokens in promptcost.yaml sets.`;
}

function reasoningWhy(basis: ReasoningBasis): string {
  switch (basis.kind) {
    case 'stated-effort':
      return `effort ${basis.effort}, as the call sets it; the tokens per effort level are assumed`;
    case 'unknown-effort':
      return `effort "${basis.written}" is not a level Prompt Cost knows, priced as ${basis.effort} — assumed`;
    case 'default-effort':
      return `effort ${basis.effort}, the default for ${basis.model} — assumed`;
    case 'budget':
      return `${basis.share === 0.5 ? 'half' : percent.format(basis.share)} of the call's ${whole.format(basis.budget)}-token thinking budget — assumed`;
    case 'dynamic-budget':
      return `a dynamic thinking budget of -1, priced as effort ${basis.effort} — assumed`;
  }
}

/** One line on how a provider caches, for the assumptions list. */
function describeCacheRules(rules: CacheRules, cacheTtl: '5m' | '1h' | undefined): string {
  const minimum = rules.minTokens.toLocaleString('en-US');
  switch (rules.provider) {
    case 'anthropic':
      return `Anthropic caches only up to a cache_control breakpoint, from ${minimum} tokens for this model; entries live ${cacheTtl === '1h' ? '1 hour' : '5 minutes'} after last use.`;
    case 'openai':
      return 'OpenAI caches repeated prefixes of 1,024+ tokens automatically, in steps of 128; entries assumed to live 5 minutes (in-memory retention, the documented minimum).';
    case 'google':
      return rules.mode === 'none'
        ? 'No implicit caching is modelled for this Gemini model (Gemini 2.5 and later only).'
        : `Gemini caches repeated prefixes of ${minimum}+ tokens implicitly, without a guarantee; entries assumed to live 5 minutes.`;
    case 'deepseek':
      return 'DeepSeek caches repeated prefixes on disk in 64-token units; entries assumed to live 1 hour (documented: hours to days).';
    default:
      return 'No prompt caching is modelled for this provider.';
  }
}

function explainCache({ cache, prefix }: EstimateFacts): string {
  if (cache.rules.mode === 'explicit' && !cache.hasBreakpoint) {
    return `Cache: no cache_control breakpoint, so nothing is cached (the static prefix is ${whole.format(prefix)} tokens).`;
  }
  if (cache.cached === 0) {
    return `Cache: the static prefix is ${whole.format(prefix)} tokens, below the ${whole.format(cache.rules.minTokens)}-token minimum, so nothing is cached.`;
  }
  return `Cache: ${whole.format(cache.cached)} of the ${whole.format(prefix)}-token static prefix is cacheable; expected hit rate ${percent.format(cache.hitRate)} at this volume (P = 1 − e^(−calls/s × lifetime)).`;
}

function explainPrice({ model, pricing, tier, tierRule, residencyRule }: EstimateFacts): string[] {
  if (!pricing || !model.id) {
    return model.id ? [`No price is known for ${model.id}: the site is unpriced. Add it under prices: in promptcost.yaml (USD per million tokens).`] : [];
  }
  const lines: string[] = [];
  if (tier !== 'standard') {
    lines.push(
      tierRule
        ? `Tier: ${tier} — ${tierRule.source} (${tierRule.url}, read ${tierRule.checked}).`
        : `Tier: ${pricing.providerName} has no ${tier} tier; standard rates are used.`,
    );
  }
  if (residencyRule) lines.push(`Where it runs: ${residencyRule.source} (${residencyRule.url}, read ${residencyRule.checked}).`);
  const rates = `$${pricing.rates.input} in / $${pricing.rates.output} out per million tokens`;
  lines.push(
    pricing.source === 'prices file'
      ? `Prices: ${pricing.providerName} ${pricing.pricedAs} from ${priceSourceText(pricing.priceSource)} — ${rates}.`
      : `Prices: ${pricing.providerName} ${pricing.pricedAs}${pricing.source === 'promptcost.yaml' ? ' from promptcost.yaml' : ''} — ${rates} (${PRICE_DATA.package} ${PRICE_DATA.version}, ${PRICE_DATA.asOf}).`,
  );
  return lines;
}

/** Where the calls of a function are, for the assumptions: "in this file and app/routes.ts". */
export function callerPlaces(files: readonly string[]): string {
  if (files.length <= 1) return `in ${files[0] ?? 'this file'}`;
  return `in ${files.slice(0, -1).join(', ')} and ${files[files.length - 1]}`;
}
