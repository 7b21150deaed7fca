import { parseModelId } from '../models/modelId';
import { describeTokenizer } from '../tokens/describeTokenizer';
import type { TokenCounter } from '../tokens/tokenCounter';
import { REPLY_PRIMING_TOKENS, TOKENS_PER_MESSAGE } from '../tokens/chatFraming';
import { PRICE_DATA } from '../pricing/priceData';
import type { PriceBook } from '../pricing/priceBook';
import { modelLimits } from '../pricing/modelLimits';
import { tierRule, type ServiceTier } from '../pricing/serviceTiers';
import type { ProjectConfig, RuleSeveritySetting, SiteVolume } from '../volume/projectConfig';
import type { Estimate, Finding, MessageEstimate, PromptSite, VariableEstimate } from '../types';
import { cachedLength, cacheHitRate, cacheRulesFor } from './cacheRules';
import { DEFAULT_DYNAMIC_TOKENS, DEFAULT_OUTPUT_TOKENS } from './dynamicSizes';

export interface EstimateContext {
  counter: TokenCounter;
  prices: PriceBook;
  project: ProjectConfig;
  /** `promptcost.defaultModel` (editor setting or CLI --model). */
  defaultModel: string;
  /** `promptcost.monthlyCalls` (editor setting or CLI --calls). */
  monthlyCalls: number;
  /** `promptcost.rules.<id>` editor settings; they win over promptcost.yaml `rules:`. */
  ruleSeverities?: Readonly<Record<string, RuleSeveritySetting>>;
}

export interface SiteEstimate {
  estimate: Estimate;
  /** Problems the estimate found (unmapped deployment, unknown price). */
  findings: Finding[];
}

const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const tokensText = (n: number) => `${whole.format(n)} token${n === 1 ? '' : 's'}`;
const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 0 });

/**
 * What one prompt site costs per call and per month: tokens (static, dynamic, framing), the
 * cacheable prefix and the provider's cache rules, expected and worst-case output, price and tier.
 * Every figure's assumptions are listed in `estimate.assumptions`.
 */
export async function estimateSite(site: PromptSite, context: EstimateContext): Promise<SiteEstimate> {
  const assumptions: string[] = [];
  const findings: Finding[] = [];
  const volume = siteVolume(site, context.project);
  const defaults = context.project.defaults;

  if (site.promptFile) {
    assumptions.push(`Prompt: ${site.promptFile}, the prompt file this call runs. Its cost is counted once, at the file, in workspace totals.`);
  }
  const model = resolveModel(site, volume, context, assumptions, findings);
  const countingModel = model.id ?? context.defaultModel;
  // A provider named beside the id (Prompty `provider:`, v1 `type: openai`) guides the price lookup.
  const priceId = model.id && model.provider && !/[/:]/.test(model.id) ? `${model.provider}/${model.id}` : model.id;
  const pricing = priceId ? context.prices.lookup(priceId) : undefined;

  // Tokens, message by message, in the order the provider reads them.
  const count = async (text: string) => (await context.counter.countText(text, countingModel)).tokens;
  let staticTokens = 0;
  let dynamicTokens = 0;
  let framing = REPLY_PRIMING_TOKENS;
  // Tool definitions come first in the provider's order (tools → system → messages). Prompt files
  // list tool names, not schemas, so only calls' tools are counted.
  let toolTokens = 0;
  let prefixOpen = true;
  if (site.kind === 'sdk-call') {
    for (const tool of site.tools ?? []) {
      if (tool.kind === 'static') toolTokens += await count(tool.text);
      else {
        toolTokens += DEFAULT_DYNAMIC_TOKENS.variable.tokens;
        prefixOpen = false;
      }
    }
  }
  let prefix = toolTokens;
  const messages: MessageEstimate[] = [];
  const variables: VariableEstimate[] = [];
  for (const message of site.messages) {
    const messageFraming = TOKENS_PER_MESSAGE + (await count(message.role));
    framing += messageFraming;
    let messageTokens = messageFraming;
    if (prefixOpen) prefix += messageFraming;
    for (const segment of message.segments) {
      if (segment.kind === 'static') {
        const tokens = await count(segment.text);
        staticTokens += tokens;
        messageTokens += tokens;
        if (prefixOpen) prefix += tokens;
        continue;
      }
      const size = await dynamicSize(
        segment.name ?? '',
        segment.dynamicKind ?? 'variable',
        volume,
        defaults.variableTokens,
        defaults.variables,
        site.samples,
        count,
      );
      variables.push({
        name: segment.name ?? segment.text,
        written: segment.text,
        kind: segment.dynamicKind ?? 'variable',
        tokens: size.tokens,
        source: size.source,
        range: segment.range,
      });
      dynamicTokens += size.tokens;
      messageTokens += size.tokens;
      // Control tags add no text, but what follows them varies between calls all the same.
      prefixOpen = false;
    }
    messages.push({ role: message.role, tokens: messageTokens, range: message.range, roleRange: message.roleRange });
  }
  if (prefixOpen) prefix += REPLY_PRIMING_TOKENS;
  const input = staticTokens + dynamicTokens + framing + toolTokens;
  if (toolTokens > 0) assumptions.push(`Tools: ${tokensText(toolTokens)} for the tool definitions, counted as their JSON text.`);
  const tokenizer = (await context.counter.countText('', countingModel)).tokenizer;
  assumptions.push(describeTokenizer(tokenizer));
  describeVariables(variables, site, assumptions);

  // Output: expected from promptcost.yaml or the default, never above the cap; worst case at the cap.
  const limits = model.id ? modelLimits(model.id) : {};
  const cap = site.outputCap?.value;
  const wantedOutput = site.options.inlineVolume?.outputTokens ?? volume?.outputTokens ?? defaults.outputTokens ?? DEFAULT_OUTPUT_TOKENS;
  // With no cap of its own the call still has one: the SDK's default if it sets one, else the model's maximum.
  const sdkDefault = cap === undefined ? site.defaultOutputCap : undefined;
  const effectiveCap = cap ?? sdkDefault?.value;
  const outputExpected = effectiveCap !== undefined ? Math.min(wantedOutput, effectiveCap) : wantedOutput;
  const outputMax = effectiveCap ?? limits.maxOutput;
  const outputSource =
    site.options.inlineVolume?.outputTokens !== undefined
      ? 'promptcost comment above the call'
      : volume?.outputTokens !== undefined
        ? 'promptcost.yaml'
        : defaults.outputTokens !== undefined
          ? 'promptcost.yaml defaults'
          : 'default; set outputTokens in promptcost.yaml';
  assumptions.push(
    `Output: ${whole.format(outputExpected)} tokens expected (${outputSource}${cap !== undefined && wantedOutput > cap ? `, capped by ${site.outputCap!.param}` : ''}); worst case ${
      outputMax === undefined
        ? "unknown (no output cap, and the model's maximum is not known)"
        : `${whole.format(outputMax)} (${cap !== undefined ? site.outputCap!.param : sdkDefault ? `no cap: ${sdkDefault.source}` : "no cap: the model's maximum output"})`
    }.`,
  );

  const inlineCalls = site.options.inlineVolume?.monthlyCalls;
  const monthlyCalls = inlineCalls ?? volume?.monthlyCalls ?? defaults.monthlyCalls ?? context.monthlyCalls;
  const volumeSource =
    inlineCalls !== undefined
      ? 'promptcost comment above the call'
      : volume?.monthlyCalls !== undefined
        ? 'promptcost.yaml'
        : defaults.monthlyCalls !== undefined
          ? 'promptcost.yaml defaults'
          : 'promptcost.monthlyCalls setting';
  assumptions.push(`Volume: ${whole.format(monthlyCalls)} calls a month (${volumeSource}).`);
  if (site.options.inLoop) {
    assumptions.push(
      'This call runs inside a loop: each iteration is one call, so count iterations in its monthly calls (promptcost.yaml or a promptcost comment).',
    );
  }

  // Cache: what the provider would cache of the prefix, and how often it would still be there.
  const rules = cacheRulesFor(pricing?.providerId ?? model.provider, countingModel, site.options.cacheTtl);
  let cached = 0;
  if (rules.mode === 'automatic') {
    cached = cachedLength(prefix, rules);
  } else if (rules.mode === 'explicit') {
    const breakpoint = explicitPrefix(site, messages, toolTokens);
    cached = breakpoint === undefined ? 0 : cachedLength(breakpoint, rules);
  }
  const hitRate = cached > 0 ? cacheHitRate(monthlyCalls, rules.ttlSeconds) : 0;
  assumptions.push(rules.description);
  if (rules.mode !== 'none')
    assumptions.push(
      describeCache(
        prefix,
        cached,
        hitRate,
        rules.mode,
        rules.minTokens,
        site.messages.some((m) => m.cacheBreakpoint),
      ),
    );

  const tier = resolveTier(site, volume, defaults);
  const estimate: Estimate = {
    model: {
      id: model.id,
      source: model.source,
      provider: pricing?.providerId ?? model.provider,
      pricedAs: pricing && pricing.pricedAs !== parseModelId(model.id ?? '').name ? pricing.pricedAs : undefined,
    },
    tokens: {
      input,
      static: staticTokens,
      dynamic: dynamicTokens,
      framing,
      tools: toolTokens,
      cacheablePrefix: prefix,
      cached,
      outputExpected,
      outputMax,
      exact: tokenizer.exact,
    },
    messages,
    variables,
    cache: { mode: rules.mode, minTokens: rules.minTokens, hitRate, ttlSeconds: rules.ttlSeconds },
    cost: { priced: false, pricesAsOf: PRICE_DATA.asOf, tier },
    monthlyCalls,
    contextWindow: pricing?.contextWindow ?? limits.contextWindow,
    assumptions,
  };

  if (!model.id || !priceId || !pricing) {
    if (model.id) {
      assumptions.push(`No price is known for ${model.id}: the site is unpriced. Add it under prices: in promptcost.yaml (USD per million tokens).`);
    }
    return { estimate, findings };
  }

  const rule = tierRule(pricing.providerId, tier);
  const multiplier = rule?.multiplier ?? 1;
  if (tier !== 'standard') {
    assumptions.push(rule ? `Tier: ${tier} — ${rule.source}.` : `Tier: ${pricing.providerName} has no ${tier} tier; standard rates are used.`);
  }
  const reads = hitRate * cached;
  const writes = pricing.chargesCacheWrites ? (1 - hitRate) * cached : 0;
  const expected = context.prices.quote(priceId, { input, cacheRead: reads, cacheWrite: writes, output: outputExpected })!;
  const worst =
    outputMax === undefined
      ? undefined
      : context.prices.quote(priceId, { input, cacheRead: 0, cacheWrite: pricing.chargesCacheWrites ? cached : 0, output: outputMax });
  const scale = (usd: number) => usd * multiplier;
  estimate.cost = {
    priced: true,
    pricesAsOf: PRICE_DATA.asOf,
    tier,
    perCall: scale(expected.total),
    perCallWorstCase: worst ? scale(worst.total) : undefined,
    monthly: scale(expected.total) * monthlyCalls,
    monthlyWorstCase: worst ? scale(worst.total) * monthlyCalls : undefined,
    breakdown: {
      uncachedInput: scale(expected.uncachedInput),
      cacheRead: scale(expected.cacheRead),
      cacheWrite: scale(expected.cacheWrite),
      output: scale(expected.output),
    },
    rates: pricing.rates,
  };
  assumptions.push(
    `Prices: ${pricing.providerName} ${pricing.pricedAs}${pricing.source === 'promptcost.yaml' ? ' from promptcost.yaml' : ''} — $${pricing.rates.input} in / $${pricing.rates.output} out per million tokens (${PRICE_DATA.package} ${PRICE_DATA.version}, ${PRICE_DATA.asOf}).`,
  );
  return { estimate, findings };
}

function siteVolume(site: PromptSite, project: ProjectConfig): SiteVolume | undefined {
  return project.sites[site.id] ?? project.sites[site.file];
}

function resolveModel(
  site: PromptSite,
  volume: SiteVolume | undefined,
  context: EstimateContext,
  assumptions: string[],
  findings: Finding[],
): { id?: string; source: Estimate['model']['source']; provider?: string } {
  if (volume?.model) {
    assumptions.push(`Model: ${volume.model} (set for this prompt in promptcost.yaml).`);
    return { id: volume.model, source: 'promptcost.yaml' };
  }
  const written = site.model;
  if (written?.deployment !== undefined) {
    const mapped = context.project.deployments[written.deployment];
    if (mapped) {
      assumptions.push(`Model: deployment "${written.deployment}" is ${mapped} (deployments: in promptcost.yaml).`);
      return { id: mapped, source: 'deployment', provider: written.provider === 'azure' ? 'azure' : undefined };
    }
    assumptions.push(
      `Model: deployment "${written.deployment}" is not mapped to a model (deployments: in promptcost.yaml); tokens are counted for ${context.defaultModel}.`,
    );
    return { source: 'deployment' };
  }
  if (written?.from?.envVariable) {
    assumptions.push(
      `Model: ${written.id}, the default of the environment variable ${written.from.envVariable}; if it is set to another model where this runs, pick that model for this call (saved in promptcost.yaml).`,
    );
    return { id: written.id, source: 'file', provider: written.provider };
  }
  if (written) {
    assumptions.push(`Model: ${written.id} (${written.from?.constant ? `the constant ${written.from.constant}` : 'named in the file'}).`);
    if (site.options.chatOnly) assumptions.push("Copilot chat prompt: priced as if sent to the model's API; in Copilot itself your plan bills it.");
    return { id: written.id, source: 'file', provider: written.provider };
  }
  if (site.kind === 'sdk-call' && site.promptFile) {
    assumptions.push(`Model: unknown until ${site.promptFile} can be read. Tokens are counted for ${context.defaultModel}.`);
    return { source: 'default' };
  }
  if (site.kind === 'sdk-call') {
    assumptions.push(
      `Model: not determined from the code (a variable or parameter); pick one for this call — it is saved in promptcost.yaml. Tokens are counted for ${context.defaultModel}.`,
    );
    findings.push({
      rule: 'unknown-model',
      severity: 'info',
      message: 'The model of this call is not known from the code, so it is unpriced. Pick one from the CodeLens (saved in promptcost.yaml for this call).',
      range: site.range,
      fixes: [],
    });
    return { source: 'default' };
  }
  if (site.options.chatOnly) {
    assumptions.push(
      `Model: none named. Copilot chat prompts are billed by your Copilot plan, not per token: tokens only (counted for ${context.defaultModel}).`,
    );
    return { source: 'default' };
  }
  const fallback = context.project.defaults.model ?? context.defaultModel;
  assumptions.push(
    `Model: none named in the file; using ${fallback} (${context.project.defaults.model ? 'promptcost.yaml defaults' : 'promptcost.defaultModel setting'}).`,
  );
  return { id: fallback, source: 'default' };
}

async function dynamicSize(
  name: string,
  kind: VariableEstimate['kind'],
  volume: SiteVolume | undefined,
  defaultVariableTokens: number | undefined,
  defaultVariables: Record<string, number> | undefined,
  samples: Record<string, string> | undefined,
  count: (text: string) => Promise<number>,
): Promise<{ tokens: number; source: VariableEstimate['source'] }> {
  const declared = volume?.variables?.[name] ?? defaultVariables?.[name];
  if (declared !== undefined) return { tokens: declared, source: 'promptcost.yaml' };
  const sample = samples?.[name];
  if (sample !== undefined && kind === 'variable') return { tokens: await count(sample), source: 'sample' };
  if (kind === 'variable' && defaultVariableTokens !== undefined) return { tokens: defaultVariableTokens, source: 'promptcost.yaml' };
  return { tokens: DEFAULT_DYNAMIC_TOKENS[kind].tokens, source: 'default' };
}

function describeVariables(variables: VariableEstimate[], site: PromptSite, assumptions: string[]): void {
  const seen = new Set<string>();
  for (const variable of variables) {
    if (seen.has(variable.name) || variable.kind === 'control') continue;
    seen.add(variable.name);
    const label = variable.kind === 'variable' ? variable.written : variable.name;
    if (variable.source === 'promptcost.yaml') assumptions.push(`${label}: ${tokensText(variable.tokens)} (promptcost.yaml).`);
    else if (variable.source === 'sample') assumptions.push(`${label}: ${tokensText(variable.tokens)}, the size of the example value in the file.`);
    else {
      assumptions.push(
        `${label}: ${tokensText(variable.tokens)} assumed (${DEFAULT_DYNAMIC_TOKENS[variable.kind].why}); declare its size under sites: "${site.file}": variables: in promptcost.yaml.`,
      );
    }
  }
}

/**
 * Tokens up to and including the furthest cache breakpoint that nothing variable precedes (a
 * breakpoint after variable content caches a prefix that changes every call, so it never hits).
 */
function explicitPrefix(site: PromptSite, messages: MessageEstimate[], toolTokens: number): number | undefined {
  let best: number | undefined;
  for (let i = 0; i < site.messages.length; i++) {
    if (site.messages[i].segments.some((segment) => segment.kind === 'dynamic')) break;
    if (site.messages[i].cacheBreakpoint) best = i;
  }
  if (best === undefined) return undefined;
  return toolTokens + messages.slice(0, best + 1).reduce((sum, message) => sum + message.tokens, 0);
}

function describeCache(prefix: number, cached: number, hitRate: number, mode: 'automatic' | 'explicit', minTokens: number, hasBreakpoint: boolean): string {
  if (mode === 'explicit' && !hasBreakpoint)
    return `Cache: no cache_control breakpoint, so nothing is cached (the static prefix is ${whole.format(prefix)} tokens).`;
  if (cached === 0)
    return `Cache: the static prefix is ${whole.format(prefix)} tokens, below the ${whole.format(minTokens)}-token minimum, so nothing is cached.`;
  return `Cache: ${whole.format(cached)} of the ${whole.format(prefix)}-token static prefix is cacheable; expected hit rate ${percent.format(hitRate)} at this volume (P = 1 − e^(−calls/s × lifetime)).`;
}

function resolveTier(site: PromptSite, volume: SiteVolume | undefined, defaults: ProjectConfig['defaults']): ServiceTier {
  if (volume?.tier) return volume.tier;
  if (volume?.batch || site.options.batch) return 'batch';
  if (defaults.tier) return defaults.tier;
  if (defaults.batch) return 'batch';
  return 'standard';
}
