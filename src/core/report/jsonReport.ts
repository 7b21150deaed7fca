import { roundCents, roundPerCall } from '../format';
import type { Finding, TaskEstimate } from '../types';
import type { Report } from '../workspace/report';

/**
 * The CLI's JSON, a contract CI scripts parse (DESIGN.md): fields may be added, never renamed.
 * `line`/`column` are 1-based; money is USD; an unpriced site has `priced: false` and null costs.
 * `model` is the canonical id the price came from (`gpt-4o`), `modelAsWritten` the text in the file,
 * `modelSource` where it came from (`literal`, `constant`, `parameter-default`, `assumed`, …).
 * An agent site has `agent` (its run: turns, the expected run's tokens and cost, the worst case or
 * null when unbounded) and its `monthlyCalls` counts runs.
 * A priced site has `priceSource`: the price data (package, version, date), promptcost.yaml
 * `prices:`, or the price file given (its path as given, its date).
 * `opportunities` lists the findings that save money, largest first; they add up to `total.monthlySavings`.
 */
export function toJsonReport(report: Report): object {
  return {
    version: 1,
    pricesAsOf: report.pricesAsOf,
    sites: report.sites.map(({ site, estimate, findings }) => ({
      id: site.id,
      file: site.file,
      line: site.range.start.line + 1,
      column: site.range.start.character + 1,
      kind: site.kind,
      sdk: site.sdk,
      provider: estimate.model.provider ?? null,
      model: estimate.model.canonical ?? null,
      modelAsWritten: site.model?.written ?? site.model?.id ?? null,
      modelSource: estimate.model.origin,
      ...(estimate.models ? { models: estimate.models.map(({ model, priced, monthly }) => ({ model, priced, monthly: money(monthly, roundCents) })) } : {}),
      priced: estimate.cost.priced,
      // Where the price came from: { kind: 'price-data', package, version, asOf } | { kind: 'override', file } | { kind: 'prices-file', file, asOf }; none when unpriced.
      ...(estimate.cost.priced && estimate.cost.priceSource ? { priceSource: { ...estimate.cost.priceSource } } : {}),
      tier: estimate.cost.tier,
      ...(site.promptFile ? { promptFile: site.promptFile } : {}),
      tokens: {
        input: estimate.tokens.input,
        cacheablePrefix: estimate.tokens.cacheablePrefix,
        cached: estimate.tokens.cached,
        outputExpected: estimate.tokens.outputExpected,
        // Of outputExpected, the hidden reasoning a reasoning model is expected to bill as output.
        ...(estimate.tokens.reasoningExpected ? { reasoningExpected: estimate.tokens.reasoningExpected } : {}),
        outputMax: estimate.tokens.outputMax ?? null,
        exact: estimate.tokens.exact,
      },
      monthlyCalls: estimate.monthlyCalls,
      // An agent site: monthlyCalls counts runs; tokens and cost.perCall are its first turn, agent.perRun the expected run.
      ...(estimate.agent
        ? {
            agent: {
              kind: estimate.agent.kind,
              maxTurns: estimate.agent.maxTurns,
              expectedTurns: estimate.agent.expectedTurns,
              perRun: {
                inputTokens: estimate.agent.perRun.inputTokens,
                outputTokens: estimate.agent.perRun.outputTokens,
                cost: money(estimate.agent.perRun.cost, roundPerCall),
                costWorstCase: money(estimate.agent.perRun.costWorstCase ?? undefined, roundPerCall),
              },
            },
          }
        : {}),
      cost: {
        perCall: money(estimate.cost.perCall, roundPerCall),
        perCallWorstCase: money(estimate.cost.perCallWorstCase, roundPerCall),
        monthly: money(estimate.cost.monthly, roundCents),
        monthlyWorstCase: money(estimate.cost.monthlyWorstCase, roundCents),
      },
      findings: findings.map(jsonFinding),
      assumptions: estimate.assumptions,
    })),
    // Problems of a file as a whole (a syntax error, broken YAML), once per file rather than on each of its sites.
    fileFindings: report.fileFindings.flatMap(({ file, findings }) => findings.map((finding) => ({ file, ...jsonFinding(finding) }))),
    skipped: report.skipped,
    // Largest saving first; they add up to total.monthlySavings (sites counted at a prompt file are left out, as in the total).
    opportunities: report.totals.opportunities.map((o) => ({
      siteId: o.siteId,
      file: o.file,
      line: o.line,
      column: o.character + 1,
      rule: o.rule,
      severity: o.severity,
      message: o.message,
      monthlySavings: o.monthlySavings,
    })),
    // A task's cost is one pass through its steps × (1 + retryRate); perDay is tasks a day (null when promptcost.yaml names none), a month 30 days.
    tasks: (report.tasks ?? []).map(jsonTask),
    total: {
      sites: report.totals.sites,
      unpricedSites: report.totals.unpricedSites,
      monthlyCost: report.totals.monthlyCost,
      monthlySavings: report.totals.monthlySavings,
      ...(report.totals.linkedSites > 0 ? { linkedSites: report.totals.linkedSites } : {}),
    },
    ...(report.cancelled ? { cancelled: true } : {}),
  };
}

function jsonTask(task: TaskEstimate): object {
  return {
    id: task.id,
    entry: task.entry,
    file: task.file,
    line: task.range.start.line + 1,
    configured: task.configured,
    sites: task.steps.map((step) => step.site),
    callsPerTask: task.callsPerTask,
    models: task.models,
    costPerTask: money(task.costPerTask, roundPerCall),
    perDay: task.perDay,
    retryRate: task.retryRate,
    costPerDay: money(task.costPerDay, roundCents),
    monthly: money(task.monthly, roundCents),
    unpricedSteps: task.unpricedSteps,
    steps: task.steps.map((step) => ({
      site: step.site,
      callsPerTask: step.callsPerTask,
      // The calls per task the step's own monthly volume implies, which its cost uses; null when the task's volume is its volume.
      callsFromVolume: step.callsFromVolume === undefined ? null : Math.round(step.callsFromVolume * 10_000) / 10_000,
      assumed: step.assumed,
      model: step.model ?? null,
      costPerTask: money(step.costPerTask, roundPerCall),
      share: step.share === undefined ? null : Math.round(step.share * 10_000) / 10_000,
      monthlyCalls: step.monthlyCalls,
      volumeSource: step.volumeSource,
    })),
    ...(task.problem ? { problem: task.problem } : {}),
  };
}

function jsonFinding(finding: Finding): object {
  return {
    rule: finding.rule,
    severity: finding.severity,
    line: finding.range.start.line + 1,
    column: finding.range.start.character + 1,
    message: finding.message,
    ...(finding.monthlySavings !== undefined ? { monthlySavings: roundCents(finding.monthlySavings) } : {}),
  };
}

function money(value: number | undefined, round: (usd: number) => number): number | null {
  return value === undefined ? null : round(value);
}
