import { formatCompact, formatMonthly, formatPerCall, formatTokens, modelLabel, type ReportSite, type TaskEstimate } from '../core';

/**
 * The one-line summary of a site, shared by CodeLens and the status bar:
 * `1,234 tok · $0.0031/call · $93.00/mo @ 30k calls · gpt-4o-mini`; for an agent site, per run:
 * `agent · ≤10 turns · ≈$0.041/run · $1,230/mo @ 30k runs · claude-haiku-4-5`.
 */
export function siteSummary(reportSite: ReportSite): string {
  const summary = summaryText(reportSite);
  // Never silent: figures that fall back to defaults because promptcost.yaml is broken say so.
  return reportSite.estimate.configErrors ? `${summary} · ⚠ promptcost.yaml errors` : summary;
}

function summaryText({ site, estimate }: ReportSite): string {
  const tokens = `${formatTokens(estimate.tokens.input, estimate.tokens.exact)} tok`;
  const model = modelLabel(estimate.model, 'priced') ?? (site.model?.deployment ? `deployment ${site.model.deployment}` : 'no model');
  if (!estimate.cost.priced) {
    if (site.options.chatOnly && !estimate.model.id) return `${tokens} · Copilot chat prompt (billed by plan)`;
    if (site.kind === 'sdk-call' && !estimate.model.id) return `${tokens} · model unknown — click to pick one`;
    return `${tokens} · unpriced · ${model}`;
  }
  if (estimate.agent?.perRun.cost !== undefined) {
    const { maxTurns, perItem } = estimate.agent;
    const limit = maxTurns !== null ? `≤${maxTurns} turns` : perItem ? 'a turn per item' : 'no turn limit';
    const assumedRuns = estimate.volumeSource === 'default' ? ' (default)' : '';
    return `agent · ${limit} · ≈${formatPerCall(estimate.agent.perRun.cost)}/run · ${formatMonthly(estimate.cost.monthly ?? 0)}/mo @ ${formatCompact(estimate.monthlyCalls)} runs${assumedRuns} · ${model}`;
  }
  const range = monthlyRange(estimate.models);
  if (range) return `${tokens} · ${range}/mo @ ${formatCompact(estimate.monthlyCalls)} calls · ${estimate.models!.length} models from the callers`;
  // A volume nobody set (the promptcost.monthlyCalls setting's default) is marked as such.
  const assumedVolume = estimate.volumeSource === 'default' ? ' (default)' : '';
  return `${tokens} · ${formatPerCall(estimate.cost.perCall ?? 0)}/call · ${formatMonthly(estimate.cost.monthly ?? 0)}/mo @ ${formatCompact(estimate.monthlyCalls)} calls${assumedVolume} · ${model}`;
}

/** `$0.91–$22.68` for a site priced with each model its callers pass; undefined for one model. */
function monthlyRange(models: ReportSite['estimate']['models']): string | undefined {
  const monthly = (models ?? []).flatMap((model) => (model.monthly === undefined ? [] : [model.monthly]));
  if (monthly.length < 2) return undefined;
  return `${formatMonthly(Math.min(...monthly))}–${formatMonthly(Math.max(...monthly))}`;
}

/**
 * The CodeLens over a task's entry function: `task · 4 LLM calls · 2 models · $0.016/task`, and its
 * month when promptcost.yaml gives it a volume (`· $145.92/mo @ 300/day`).
 */
export function taskSummary(task: TaskEstimate): string {
  if (task.problem) return `task ${task.id} · ${task.problem}`;
  const calls = `${task.callsPerTask} LLM call${task.callsPerTask === 1 ? '' : 's'}`;
  const models = `${task.models.length} model${task.models.length === 1 ? '' : 's'}`;
  const unpriced = task.unpricedSteps > 0 ? ` + ${task.unpricedSteps} unpriced` : '';
  const cost = task.costPerTask === undefined ? 'unpriced' : `${formatPerCall(task.costPerTask)}/task${unpriced}`;
  const month = task.monthly !== undefined && task.perDay !== null ? ` · ${formatMonthly(task.monthly)}/mo @ ${formatCompact(task.perDay)}/day` : '';
  return `task · ${calls} · ${models} · ${cost}${month}`;
}
