import { formatMonthly } from '../format';
import { problem } from '../findings/problem';
import { parseModelId } from '../models/modelId';
import { expectedReasoning } from '../models/reasoningTokens';
import type { ModelPricing, PriceBook } from '../pricing/priceBook';
import { PRICE_DATA } from '../pricing/priceData';
import { modelLimits } from '../pricing/modelLimits';
import type { TokenCounter } from '../tokens/tokenCounter';
import { chooseTokenizer, tokenizerId } from '../tokens/tokenizerChoice';
import { isTextCompletionApi, type AgentLoop, type Estimate, type Finding, type PromptSite, type TaskVolume } from '../types';
import type { ProjectConfig, SiteVolume, VolumeDefaults } from '../volume/projectConfig';
import { agentRun } from './agentRun';
import { cacheRulesFor, type CacheRules } from './cacheRules';
import type { ServiceTier } from '../providers/providers';
import { canonicalModelId } from './canonicalModel';
import { callerPlaces, explainEstimate } from './explainEstimate';
import { countPromptTokens, inputTokens, type PromptTokens } from './promptTokens';
import type { EstimateFacts } from './estimateFacts';
import { estimateCache } from './siteCache';
import { chooseModel, modelSourceOf, type DefaultModelFrom, type ModelChoice } from './siteModel';
import { priceSite } from './sitePrice';
import { residencyRule } from '../pricing/priceModifiers';
import { monthlyVolume, outputBudget, serviceTier, siteVolume, type OutputBudget } from './siteVolume';

export interface EstimateContext {
  counter: TokenCounter;
  prices: PriceBook;
  project: ProjectConfig;
  /** `promptcost.defaultModel` (editor setting or CLI --model). */
  defaultModel: string;
  /** Where `defaultModel` was set, as assumptions name it: the setting (the default) or `--model`. */
  defaultModelFrom?: DefaultModelFrom;
  /** `promptcost.monthlyCalls` (editor setting or CLI --calls). */
  monthlyCalls: number;
  /** Calls a month the tasks of promptcost.yaml give the sites they reach, by site id. */
  taskVolumes?: ReadonlyMap<string, TaskVolume>;
}

export interface SiteEstimate {
  estimate: Estimate;
  /** Problems the estimate found (a call whose model cannot be known). */
  findings: Finding[];
}

/**
 * What one prompt site costs per call and per month, in steps: the model, the prompt's tokens, the
 * output budget, the volume, the cache, the price. Every assumption behind the figures is listed in
 * `estimate.assumptions`.
 */
export async function estimateSite(site: PromptSite, context: EstimateContext): Promise<SiteEstimate> {
  const passed = site.model?.passedModels;
  return passed && passed.length > 1 ? estimatePassedModels(site, passed, context) : estimateOneModel(site, context);
}

/**
 * A site whose function's callers pass several models: priced with each; the costliest priced one
 * is the site's estimate (what the totals and budgets count), and `models` lists them all.
 */
async function estimatePassedModels(site: PromptSite, passed: readonly string[], context: EstimateContext): Promise<SiteEstimate> {
  const each = await Promise.all(passed.map((id) => estimateOneModel({ ...site, model: { ...site.model!, id, passedModels: undefined } }, context)));
  const costliest = each.reduce((most, candidate) => ((candidate.estimate.cost.monthly ?? -1) > (most.estimate.cost.monthly ?? -1) ? candidate : most));
  const models = each.map(({ estimate }) => ({
    model: estimate.model.canonical ?? estimate.model.id ?? '',
    priced: estimate.cost.priced,
    perCall: estimate.cost.perCall,
    monthly: estimate.cost.monthly,
  }));
  const estimate: Estimate = { ...costliest.estimate, models };
  const priced = (model: (typeof models)[number]) => (model.monthly === undefined ? 'unpriced' : `${formatMonthly(model.monthly)}/month`);
  const [, ...rest] = costliest.estimate.assumptions;
  const eachModel = models.map((model) => `${model.model} ${priced(model)}`).join(', ');
  const costliestId = estimate.model.canonical ?? estimate.model.id;
  const from = site.model?.from;
  const parameter = from?.parameter ?? 'the model';
  const files = from?.callerFiles?.map((file) => (file === site.file ? 'this file' : file));
  estimate.assumptions = [
    from?.routerAlias !== undefined
      ? `Model: the LiteLLM Router spreads "${from.routerAlias}" over ${passed.length} models: ${eachModel}. The figures here are the costliest, ${costliestId}.`
      : files
        ? `Model: the calls of this function (${callerPlaces(files)}) pass ${passed.length} models for ${parameter}: ${eachModel}. The figures here are the costliest, ${costliestId}.`
        : `Model: the calls of this function in the file pass ${passed.length} models for ${parameter}: ${eachModel}. The figures here are the costliest, ${costliestId}; calls from other files are not followed.`,
    ...rest,
  ];
  return { estimate, findings: costliest.findings };
}

async function estimateOneModel(site: PromptSite, context: EstimateContext): Promise<SiteEstimate> {
  const volume = siteVolume(site, context.project);
  const defaults = context.project.defaults;
  const model = chooseModel(site, volume, context.project, context.defaultModel, context.defaultModelFrom);
  const countingModel = model.id ?? context.defaultModel;
  // A provider named beside the id (Prompty `provider:`, v1 `type: openai`, a client's base URL) guides
  // the price lookup, unless the id names one itself; `meta-llama/…` and `llama3.2:3b` do not.
  const priceId = model.id && model.provider && parseModelId(model.id).provider === undefined ? `${model.provider}/${model.id}` : model.id;
  const pricing = priceId ? context.prices.lookup(priceId) : undefined;

  // Any part counted in pieces makes the whole prompt's count approximate.
  let longestSplitRun = 0;
  const count = async (text: string) => {
    const counted = await context.counter.countText(text, countingModel);
    longestSplitRun = Math.max(longestSplitRun, counted.longestSplitRun);
    return counted.tokens;
  };
  const prompt = await countPromptTokens(site, volume, defaults, count);
  const tokenizer = chooseTokenizer(countingModel);
  const bounds = await promptBounds(site, volume, defaults, context.counter, countingModel);
  const limits = model.id ? modelLimits(model.id) : {};
  const output = outputBudget(site, volume, defaults, limits.maxOutput, expectedReasoning(model.id, site.options));
  const calls = monthlyVolume(site, volume, defaults, context.monthlyCalls, context.taskVolumes?.get(site.id));
  // A text-completion API caches nothing, whoever's model it runs.
  const rules = isTextCompletionApi(site.sdk)
    ? { mode: 'none' as const, minTokens: 0, ttlSeconds: 0 }
    : cacheRulesFor(pricing?.providerId ?? model.provider, countingModel, site.options.cacheTtl);
  const cache = estimateCache(site, prompt, rules, calls.calls);
  const tier = serviceTier(site, volume, defaults);
  const input = inputTokens(prompt);

  const estimate: Estimate = {
    model: {
      id: model.id,
      canonical: priceId ? canonicalModelId(priceId, pricing, context.prices) : undefined,
      source: model.source,
      origin: modelSourceOf(model.provenance),
      provider: pricing?.providerId ?? model.provider,
      pricedAs: pricing && pricing.pricedAs !== parseModelId(model.id ?? '').name ? pricing.pricedAs : undefined,
    },
    tokens: {
      input,
      static: prompt.static,
      dynamic: prompt.dynamic,
      framing: prompt.framing,
      tools: prompt.tools,
      cacheablePrefix: prompt.prefix,
      cached: cache.cached,
      ...outputTokens(output),
      exact: tokenizer.exact && longestSplitRun === 0,
      tokenizer: tokenizerId(tokenizer),
    },
    messages: prompt.messages,
    variables: prompt.variables,
    cache: { mode: rules.mode, minTokens: rules.minTokens, hitRate: cache.hitRate, ttlSeconds: rules.ttlSeconds },
    cost: { priced: false, pricesAsOf: PRICE_DATA.asOf, tier },
    monthlyCalls: calls.calls,
    volumeSource: calls.source,
    outputSource: output.wantedSource,
    contextWindow: pricing?.contextWindow ?? limits.contextWindow,
    assumptions: [],
  };
  const facts: EstimateFacts = {
    site,
    model,
    countingModel,
    tokenizer,
    longestSplitRun,
    tools: prompt.tools,
    variables: prompt.variables,
    output,
    volume: calls,
    cache,
    prefix: prompt.prefix,
    tier,
    ...residencyOf(site, pricing, priceId),
  };
  const configErrors = configErrorsFor(site, context.project, calls.source, output.wantedSource, model.source);
  if (configErrors) estimate.configErrors = facts.configErrors = configErrors;

  if (model.id && priceId && pricing) {
    const price = priceSite(context.prices, priceId, pricing, {
      input,
      outputExpected: output.expected,
      outputMax: output.max,
      cache,
      monthlyCalls: calls.calls,
      tier,
      residency: facts.residencyRule,
    });
    estimate.cost = { priced: true, pricesAsOf: PRICE_DATA.asOf, priceSource: pricing.priceSource, tier, ...price.cost };
    facts.pricing = pricing;
    facts.tierRule = price.tierRule;
    Object.assign(estimate.cost, appliedModifiers(facts));
  }
  if (site.options.agent) priceRun(site.options.agent, estimate, facts, { volume, defaults, prices: context.prices, priceId, pricing });
  addRanges(estimate, bounds, site, { rules, output, calls: calls.calls, tier, volume, defaults }, context.prices, priceId, pricing, facts);
  estimate.assumptions = explainEstimate(facts);
  return { estimate, findings: modelFindings(site, model) };
}

type PromptBounds = { low: PromptTokens; high: PromptTokens };

/**
 * Where the tokenizer's factor depends on the kind of text (Claude), the prompt counted at each end
 * of its range: the encoder's counts come from the cache, only the factors differ. Undefined elsewhere.
 */
async function promptBounds(
  site: PromptSite,
  volume: SiteVolume | undefined,
  defaults: VolumeDefaults,
  counter: TokenCounter,
  countingModel: string,
): Promise<PromptBounds | undefined> {
  const tokenizer = chooseTokenizer(countingModel);
  if (tokenizer.exact || !tokenizer.classRatios) return undefined;
  const countAt = (end: 0 | 1) => async (text: string) => (await counter.countText(text, countingModel)).range[end];
  return { low: await countPromptTokens(site, volume, defaults, countAt(0)), high: await countPromptTokens(site, volume, defaults, countAt(1)) };
}

/** The input's range where the tokenizer gives one, and the month at each end of it where the site is priced. */
function addRanges(
  estimate: Estimate,
  bounds: PromptBounds | undefined,
  site: PromptSite,
  usage: RangeUsage,
  prices: PriceBook,
  priceId: string | undefined,
  pricing: ModelPricing | undefined,
  facts: EstimateFacts,
): void {
  if (!bounds) return;
  estimate.tokens.inputRange = [inputTokens(bounds.low), inputTokens(bounds.high)];
  if (!priceId || !pricing || estimate.cost.monthly === undefined) return;
  const range = monthlyRange(bounds, site, usage, prices, priceId, pricing, facts);
  if (range) estimate.cost.monthlyRange = range;
}

interface RangeUsage {
  rules: CacheRules;
  output: OutputBudget;
  calls: number;
  tier: ServiceTier;
  volume: SiteVolume | undefined;
  defaults: VolumeDefaults;
}

/** The month at each end of the input's range: the same calls, output, cache rules and tier (and, for an agent, the same turns). */
function monthlyRange(
  bounds: PromptBounds,
  site: PromptSite,
  usage: RangeUsage,
  prices: PriceBook,
  priceId: string,
  pricing: ModelPricing,
  facts: EstimateFacts,
): [number, number] | undefined {
  const monthlyAt = (bound: PromptTokens): number | undefined => {
    const cache = estimateCache(site, bound, usage.rules, usage.calls);
    const call = { input: inputTokens(bound), outputExpected: usage.output.expected, outputMax: usage.output.max };
    if (site.options.agent) {
      const runPrice = { prices, priceId, pricing, multiplier: priceMultiplier(facts) };
      const run = agentRun(site.options.agent, usage.volume, usage.defaults, { ...call, reply: usage.output.reply }, cache, runPrice);
      return run.perRun.cost === undefined ? undefined : run.perRun.cost * usage.calls;
    }
    return priceSite(prices, priceId, pricing, { ...call, cache, monthlyCalls: usage.calls, tier: usage.tier }).cost.monthly;
  };
  const [low, high] = [monthlyAt(bounds.low), monthlyAt(bounds.high)];
  return low === undefined || high === undefined ? undefined : [low, high];
}

/** Anthropic's US-only inference surcharge, where the call asks for it on a model that has it. */
function residencyOf(site: PromptSite, pricing: ModelPricing | undefined, priceId: string | undefined): Pick<EstimateFacts, 'residencyRule'> {
  const rule = pricing && priceId ? residencyRule(pricing.providerId, priceId, site.options.inferenceGeo) : undefined;
  return rule ? { residencyRule: rule } : {};
}

/** The modifiers a priced figure carries beyond the price data, for the JSON and the hover (none: no key). */
function appliedModifiers(facts: EstimateFacts): Pick<Estimate['cost'], 'modifiers'> {
  const applied: NonNullable<Estimate['cost']['modifiers']> = [];
  if (facts.tier !== 'standard' && facts.tierRule) applied.push({ id: facts.tier, ...facts.tierRule });
  if (facts.residencyRule) applied.push({ id: 'us-only-inference', ...facts.residencyRule });
  return applied.length > 0 ? { modifiers: applied } : {};
}

/** What the price data's rates are multiplied by: the tier's factor and a residency surcharge. */
function priceMultiplier(facts: EstimateFacts): number {
  return (facts.tierRule?.multiplier ?? 1) * (facts.residencyRule?.multiplier ?? 1);
}

/** The output figures an estimate shows; the reasoning part only when some is expected. */
function outputTokens(output: OutputBudget): Pick<Estimate['tokens'], 'outputExpected' | 'reasoningExpected' | 'outputMax'> {
  const tokens: Pick<Estimate['tokens'], 'outputExpected' | 'reasoningExpected' | 'outputMax'> = { outputExpected: output.expected, outputMax: output.max };
  if (output.reasoning > 0) tokens.reasoningExpected = output.reasoning;
  return tokens;
}

/**
 * Whether errors in promptcost.yaml leave this site on defaults: its own `sites:` entry is broken,
 * or it takes a figure from `defaults:` while that section is broken, or nothing in the file could be read.
 */
function configErrorsFor(
  site: PromptSite,
  project: EstimateContext['project'],
  volumeSource: string,
  outputSource: string,
  modelSource: string,
): Estimate['configErrors'] {
  const invalid = project.invalid;
  if (!invalid) return undefined;
  if (invalid.all) return 'file';
  if (invalid.sites.includes(site.id) || invalid.sites.includes(site.file)) return 'site';
  const usesDefaults =
    [volumeSource, outputSource].some((source) => source === 'default' || source === 'promptcost.yaml defaults') || modelSource === 'default';
  return invalid.defaults && usesDefaults ? 'defaults' : undefined;
}

/** An agent site: its run beside the first turn's figures, and the month as runs × the expected run (monthly calls count runs). */
function priceRun(
  agent: AgentLoop,
  estimate: Estimate,
  facts: EstimateFacts,
  {
    volume,
    defaults,
    prices,
    priceId,
    pricing,
  }: { volume: SiteVolume | undefined; defaults: VolumeDefaults; prices: PriceBook; priceId?: string; pricing?: ModelPricing },
): void {
  const price = estimate.cost.priced && priceId && pricing ? { prices, priceId, pricing, multiplier: priceMultiplier(facts) } : undefined;
  const first = { input: estimate.tokens.input, outputExpected: facts.output.expected, reply: facts.output.reply, outputMax: facts.output.max };
  const run = agentRun(agent, volume, defaults, first, facts.cache, price);
  estimate.agent = run;
  facts.agent = run;
  if (run.perRun.cost === undefined) return;
  estimate.cost.monthly = run.perRun.cost * facts.volume.calls;
  estimate.cost.monthlyWorstCase = run.perRun.costWorstCase == null ? undefined : run.perRun.costWorstCase * facts.volume.calls;
}

function modelFindings(site: PromptSite, model: ModelChoice): Finding[] {
  const { provenance } = model;
  if (provenance.kind === 'default' && provenance.inCode) {
    const message = `The model of this call is not known from the code; it is priced as ${provenance.id}, an assumed model (${provenance.from}). Pick the real one from the CodeLens (saved in promptcost.yaml for this call).`;
    return [problem('unknown-model', message, site.range)];
  }
  if (provenance.kind !== 'unknown-in-code' && provenance.kind !== 'no-default-for-provider') return [];
  const setDefault =
    provenance.kind === 'no-default-for-provider' ? `, or set a default for ${provenance.provider} under defaults.model in promptcost.yaml` : '';
  return [
    problem(
      'unknown-model',
      `The model of this call is not known from the code, so it is unpriced. Pick one from the CodeLens (saved in promptcost.yaml for this call)${setDefault}.`,
      site.range,
    ),
  ];
}
