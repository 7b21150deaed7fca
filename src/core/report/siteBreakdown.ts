import { escapeMarkdown, inlineCode } from './markdownText';
import { formatCount, formatMonthly, formatPerCall, formatTokens } from '../format';
import type { Alternative } from '../pricing/alternatives';
import { priceSourceText } from '../pricing/priceSource';
import type { AgentRun, VariableEstimate } from '../types';
import type { ReportSite } from '../workspace/report';

const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 0 });

/**
 * The hover's first line, the answer: `**$1,029.78/mo** · $0.011/call · ≈2,414 tok · claude-sonnet-4-5`
 * (per run for an agent site; `unpriced` when no price is known, never $0).
 */
export function siteHeadline({ estimate }: ReportSite): string {
  const tokens = `${formatTokens(estimate.tokens.input, estimate.tokens.exact)} tok${tokenRangeText(estimate)}`;
  const model = escapeMarkdown(estimate.model.canonical ?? estimate.model.id ?? 'no model');
  const { cost } = estimate;
  if (!cost.priced || cost.monthly === undefined) return `**unpriced** · ${tokens} · ${model}`;
  const perRun = estimate.agent?.perRun.cost;
  const unit = perRun !== undefined ? `${formatPerCall(perRun)}/run` : `${formatPerCall(cost.perCall ?? 0)}/call`;
  return `**${formatMonthly(cost.monthly)}/mo** · ${unit} · ${tokens} · ${model}`;
}

/**
 * The Markdown breakdown a hover shows under its headline and findings: tokens per message, the cacheable prefix, what one call
 * costs by part, the month, cheaper options, and every assumption. `focus` puts the hovered
 * variable first.
 */
export function siteBreakdownMarkdown({ site, estimate, findings }: ReportSite, alternatives: readonly Alternative[], focus?: VariableEstimate): string {
  const exact = estimate.tokens.exact;
  const tok = (n: number) => formatTokens(n, exact);
  const lines: string[] = [];
  const model = estimate.model.id ?? 'no model';
  const provider = estimate.model.provider ? ` (${escapeMarkdown(estimate.model.provider)})` : '';
  const pricedAs = estimate.model.pricedAs ? ` — priced as ${escapeMarkdown(estimate.model.pricedAs)}` : '';
  lines.push(`**Prompt Cost** · ${inlineCode(site.file)} · ${escapeMarkdown(model)}${provider}${pricedAs}`, '');
  if (focus) {
    const source =
      focus.source === 'promptcost.yaml'
        ? 'declared in promptcost.yaml'
        : focus.source === 'sample'
          ? 'the size of the example value in the file'
          : 'a default; declare its size in promptcost.yaml';
    lines.push(`${inlineCode(focus.name)}: ≈${formatCount(focus.tokens)} tokens — ${source}.`, '');
  }

  lines.push('| tokens | |', '|---|---:|');
  for (const message of estimate.messages) lines.push(`| ${message.role} message | ${tok(message.tokens)} |`);
  lines.push(`| reply priming | 3 |`);
  lines.push(`| **input** | **${tok(estimate.tokens.input)}**${tokenRangeText(estimate)} |`);
  lines.push(
    `| of which static / variable / framing | ${tok(estimate.tokens.static)} / ${formatCount(estimate.tokens.dynamic)} / ${formatCount(estimate.tokens.framing)} |`,
  );
  const cacheNote =
    estimate.tokens.cached > 0 ? `${tok(estimate.tokens.cached)} cacheable, ${percent.format(estimate.cache.hitRate)} expected hits` : 'not cached';
  lines.push(`| cacheable prefix | ${tok(estimate.tokens.cacheablePrefix)} (${cacheNote}) |`);
  lines.push(`| output expected / worst case | ${outputText(estimate)} |`);
  lines.push('');

  if (estimate.cost.priced && estimate.cost.breakdown && estimate.cost.perCall !== undefined && estimate.cost.monthly !== undefined) {
    const b = estimate.cost.breakdown;
    lines.push('| per call | |', '|---|---:|');
    lines.push(`| input | ${formatPerCall(b.uncachedInput)} |`);
    // A cache row of $0 (nothing cached) says nothing the "not cached" above does not.
    if (b.cacheRead > 0) lines.push(`| cache read | ${formatPerCall(b.cacheRead)} |`);
    if (b.cacheWrite > 0) lines.push(`| cache write | ${formatPerCall(b.cacheWrite)} |`);
    lines.push(`| output | ${formatPerCall(b.output)} |`);
    lines.push(`| **total** | **${formatPerCall(estimate.cost.perCall)}** |`);
    if (estimate.cost.perCallWorstCase !== undefined) lines.push(`| worst case | ${formatPerCall(estimate.cost.perCallWorstCase)} |`);
    lines.push('');
    if (estimate.agent) lines.push(...agentRunTable(estimate.agent));
    lines.push(monthText(estimate, estimate.cost.monthly), '');
    // Other models are compared call by call; an agent's month is runs, which that comparison does not price.
    if (alternatives.length > 0 && !estimate.agent) {
      lines.push(
        `Cheaper options at the same token counts: ${alternatives.map((a) => `${escapeMarkdown(a.model)} ${formatMonthly(a.monthly)}/mo (−${percent.format(a.saving)})`).join(' · ')}`,
        '',
      );
    }
  } else {
    lines.push('**Unpriced**: no price is known for this model, so no cost is shown (never $0).', '');
  }

  if (findings.length > 0) {
    lines.push('Findings:');
    for (const finding of findings) lines.push(`- ${finding.severity}: ${escapeMarkdown(finding.message.split('\n')[0])}`);
    lines.push('');
  }
  lines.push('Assumptions:');
  for (const assumption of estimate.assumptions) lines.push(`- ${escapeMarkdown(assumption)}`);
  lines.push('', pricesLine(estimate));
  return lines.join('\n');
}

/** One short line: where the site's price came from (the date alone when it is unpriced). */
function pricesLine({ cost }: ReportSite['estimate']): string {
  const source = cost.priced ? cost.priceSource : undefined;
  return source ? `_Prices: ${escapeMarkdown(priceSourceText(source))}._` : `_Prices as of ${cost.pricesAsOf}._`;
}

/** `3,300 (3,000 reasoning) / 25,000`: the reply expected, the hidden reasoning in it, and the worst case. */
function outputText({ tokens }: ReportSite['estimate']): string {
  const reasoning = tokens.reasoningExpected ? ` (${formatCount(tokens.reasoningExpected)} reasoning)` : '';
  return `${formatCount(tokens.outputExpected)}${reasoning} / ${tokens.outputMax === undefined ? 'unknown' : formatCount(tokens.outputMax)}`;
}

/** An agent's expected run, turn by turn, and its sum: the input grows with every reply and tool result. */
function agentRunTable(run: AgentRun): string[] {
  const lines = ['| turn | input | cached | output | cost |', '|---:|---:|---:|---:|---:|'];
  for (const turn of run.turns) {
    lines.push(
      `| ${turn.turn} | ${formatCount(turn.input)} | ${formatCount(Math.round(turn.cacheRead))} | ${formatCount(turn.output)} | ${turn.cost === undefined ? '—' : formatPerCall(turn.cost)} |`,
    );
  }
  const cost = run.perRun.cost === undefined ? '—' : formatPerCall(run.perRun.cost);
  lines.push(`| **run** | **${formatCount(run.perRun.inputTokens)}** | | **${formatCount(run.perRun.outputTokens)}** | **${cost}** |`);
  const worst =
    run.perRun.costWorstCase === null || run.perRun.costWorstCase === undefined
      ? run.maxTurns === null
        ? run.perItem
          ? 'one turn per item'
          : 'no limit'
        : 'unknown'
      : `${formatPerCall(run.perRun.costWorstCase)} (${formatCount(run.maxTurns!)} turns)`;
  lines.push(`| worst case | | | | ${worst} |`, '');
  return lines;
}

/** `**$1,029.78/month** ($1,026.27–$1,043.55 over the token range) at 90,000 calls · worst case $2,034.18` */
function monthText(estimate: ReportSite['estimate'], monthly: number): string {
  const worst = monthlyWorstText(estimate);
  const tier = estimate.cost.tier === 'standard' ? '' : ` (${estimate.cost.tier} tier)`;
  const volume = estimate.agent ? `${formatCount(estimate.monthlyCalls)} runs` : `${formatCount(estimate.monthlyCalls)} calls`;
  const range = estimate.cost.monthlyRange;
  const spread = range && range[0] !== range[1] ? ` (${formatMonthly(range[0])}–${formatMonthly(range[1])} over the token range)` : '';
  return `**${formatMonthly(monthly)}/month**${spread} at ${volume}${tier}${worst}`;
}

/** ` (2,380–2,497)`: the input's range where the tokenizer's factor allows one (Claude), else nothing. */
function tokenRangeText(estimate: ReportSite['estimate']): string {
  const range = estimate.tokens.inputRange;
  return range && range[0] !== range[1] ? ` (${formatCount(range[0])}–${formatCount(range[1])})` : '';
}

/** ` · worst case $X` for the month, or that an agent without a turn limit has none. */
function monthlyWorstText(estimate: ReportSite['estimate']): string {
  if (estimate.cost.monthlyWorstCase !== undefined) return ` · worst case ${formatMonthly(estimate.cost.monthlyWorstCase)}`;
  return estimate.agent?.maxTurns === null && !estimate.agent.perItem ? ' · worst case unbounded (no turn limit)' : '';
}
