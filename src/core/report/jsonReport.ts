import { roundCents, roundPerCall } from '../format';
import type { Finding, TaskEstimate } from '../types';
import type { Report, ReportSite } from '../workspace/report';

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
    sites: report.sites.map(jsonSite),
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

/** One site as the JSON lists it. */
function jsonSite({ site, estimate, findings }: ReportSite): object {
  return {
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
    // Prompt Cost's own multipliers on those prices (a tier, US-only inference), each with its source page and the day it was read.
    ...(estimate.cost.modifiers ? { priceModifiers: estimate.cost.modifiers.map((modifier) => ({ ...modifier })) } : {}),
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
      // Claude's estimate: the lowest and highest input the published tokenizer figures allow.
      ...(estimate.tokens.inputRange ? { inputRange: estimate.tokens.inputRange } : {}),
    },
    // What counted the tokens: `o200k_base`, `cl100k_base`, or `estimate:<family>`.
    tokenizer: estimate.tokens.tokenizer ?? null,
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
      // Claude's estimate: the month at each end of tokens.inputRange.
      ...(estimate.cost.monthlyRange ? { monthlyRange: estimate.cost.monthlyRange.map((usd) => roundCents(usd)) } : {}),
    },
    findings: findings.map(jsonFinding),
    assumptions: estimate.assumptions,
  };
}

/** Stands for the sites while the rest of the report is laid out: a string no JSON text of a report contains. */
const SITES_GO_HERE = '\u0000sites\u0000';

/**
 * The text of `JSON.stringify({ ...toJsonReport(report), ...extra }, null, 2)`, in pieces: the sites
 * one at a time, so that a report of ten thousand sites is never held whole, as objects or as one
 * string (at that size they were most of the CLI's memory at its peak).
 */
export function* jsonReportText(report: Report, extra: Readonly<Record<string, unknown>> = {}): Generator<string> {
  const frame = JSON.stringify({ ...toJsonReport({ ...report, sites: [] }), sites: SITES_GO_HERE, ...extra }, null, 2);
  // The first occurrence is the sites' own: they come third, before anything taken from the files.
  const marker = JSON.stringify(SITES_GO_HERE);
  const at = frame.indexOf(marker);
  yield frame.slice(0, at);
  if (report.sites.length === 0) yield '[]';
  else {
    yield '[\n';
    for (let i = 0; i < report.sites.length; i++) {
      // An element of an array that is a value of the top-level object: indented by two levels.
      yield JSON.stringify(jsonSite(report.sites[i]), null, 2).replace(/^/gm, '    ');
      yield i < report.sites.length - 1 ? ',\n' : '\n';
    }
    yield '  ]';
  }
  yield frame.slice(at + marker.length);
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
