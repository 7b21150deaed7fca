import { MODULE_FUNCTION } from '../extract/code/callGraph';
import type { FileCallGraph, Range, TaskEstimate, TaskStep, TaskVolume } from '../types';
import type { TaskConfig } from '../volume/projectConfig';
import { functionKey, isTestFile, type CallGraphWalk, type FunctionRef, type ReachedSite } from './taskGraph';
import { DAYS_PER_MONTH, entryRef } from './taskVolumes';

/** What a task needs to know of one of its sites, as the site is estimated. */
export interface StepFigures {
  file: string;
  range: Range;
  model?: string;
  agent: boolean;
  /** USD per call, per run for an agent site; absent when unpriced. */
  perCall?: number;
  monthlyCalls: number;
  volumeSource: string;
}

export type SiteFigures = (site: string) => Promise<StepFigures | undefined>;

/**
 * The tasks whose entry is in this file: those promptcost.yaml `tasks:` names here, and the named
 * functions from which at least two LLM sites are reached through calls of other workspace functions
 * and which no other named function calls (outside tests). A function found that way but reaching a
 * task promptcost.yaml names is left out: the named task is the unit the user chose. One walk serves
 * the whole file; tasks are computed one after another (the walk is not shared between callers).
 */
export async function tasksInFile(
  graph: FileCallGraph,
  configured: Readonly<Record<string, TaskConfig>>,
  walk: CallGraphWalk,
  figures: SiteFigures,
  volumes: ReadonlyMap<string, TaskVolume> = new Map(),
): Promise<TaskEstimate[]> {
  const tasks: TaskEstimate[] = [];
  const configuredEntries = new Set<string>();
  for (const config of Object.values(configured)) {
    const ref = entryRef(config.entry);
    if (ref) configuredEntries.add(functionKey(ref));
  }
  for (const [id, config] of Object.entries(configured)) {
    const ref = entryRef(config.entry);
    if (ref?.file !== graph.file) continue;
    const fn = graph.functions.find((candidate) => candidate.name === ref.name);
    if (!fn) {
      tasks.push(missingEntry(id, config, graph.file, `${graph.file} has no function ${ref.name}`));
      continue;
    }
    tasks.push(await buildTask(id, ref, fn.range, config, await walk.reach(ref), figures, volumes));
  }
  if (isTestFile(graph.file)) return tasks;
  const callers = new Set(graph.edges.map((edge) => edge.from));
  for (const fn of graph.functions) {
    const ref = { file: graph.file, name: fn.name };
    const key = functionKey(ref);
    if (fn.name === MODULE_FUNCTION || !callers.has(fn.name) || configuredEntries.has(key)) continue;
    const reached = await walk.reach(ref);
    const paths = [...reached.values()].map((site) => site.path);
    if (reached.size < 2 || !paths.some((path) => path.length > 1)) continue;
    if (paths.some((path) => path.some((step) => configuredEntries.has(step)))) continue;
    if (await walk.isCalled(ref)) continue;
    tasks.push(await buildTask(key, ref, fn.range, undefined, reached, figures, volumes));
  }
  return tasks;
}

/** A task promptcost.yaml names whose entry function is not there: listed, with the reason, and no cost. */
export function missingEntry(id: string, config: TaskConfig, file: string, problem: string): TaskEstimate {
  const start = { line: 0, character: 0 };
  return {
    id,
    entry: config.entry,
    file,
    range: { start, end: start },
    configured: true,
    perDay: config.perDay ?? null,
    retryRate: config.retryRate ?? 0,
    steps: [],
    callsPerTask: 0,
    models: [],
    unpricedSteps: 0,
    assumed: false,
    problem,
  };
}

async function buildTask(
  id: string,
  ref: FunctionRef,
  range: Range,
  config: TaskConfig | undefined,
  reached: ReadonlyMap<string, ReachedSite>,
  figures: SiteFigures,
  volumes: ReadonlyMap<string, TaskVolume>,
): Promise<TaskEstimate> {
  const steps: TaskStep[] = [];
  for (const site of reached.values()) {
    const figure = await figures(site.site);
    if (!figure) continue;
    const step: TaskStep = {
      site: site.site,
      file: figure.file,
      range: figure.range,
      path: site.path,
      callsPerTask: site.calls,
      assumed: site.assumed,
      agent: figure.agent,
      monthlyCalls: figure.monthlyCalls,
      volumeSource: figure.volumeSource,
    };
    if (figure.model !== undefined) step.model = figure.model;
    const fromVolume = config && figure.volumeSource !== 'task' ? callsFromOwnVolume(id, config, figure.monthlyCalls, volumes.get(site.site)) : undefined;
    if (fromVolume !== undefined) step.callsFromVolume = fromVolume;
    if (figure.perCall !== undefined) {
      step.perCall = figure.perCall;
      step.costPerTask = figure.perCall * (fromVolume ?? site.calls);
    }
    steps.push(step);
  }
  const priced = steps.filter((step) => step.costPerTask !== undefined);
  const costPerPass = priced.reduce((sum, step) => sum + step.costPerTask!, 0);
  for (const step of priced) step.share = costPerPass > 0 ? step.costPerTask! / costPerPass : 0;
  const retryRate = config?.retryRate ?? 0;
  const perDay = config?.perDay ?? null;
  const task: TaskEstimate = {
    id,
    entry: functionKey(ref),
    file: ref.file,
    range,
    configured: config !== undefined,
    perDay,
    retryRate,
    steps,
    callsPerTask: steps.reduce((sum, step) => sum + step.callsPerTask, 0),
    models: modelsByCost(steps),
    unpricedSteps: steps.length - priced.length,
    assumed: steps.some((step) => step.assumed),
  };
  if (steps.length === 0) task.problem = `${task.entry} reaches no LLM call`;
  if (priced.length > 0) {
    task.costPerPass = costPerPass;
    task.costPerTask = costPerPass * (1 + retryRate);
    if (perDay !== null) {
      task.costPerDay = task.costPerTask * perDay;
      task.monthly = task.costPerDay * DAYS_PER_MONTH;
    }
  }
  return task;
}

/**
 * The calls per pass of task `id` that a step's own monthly volume implies: the share of that volume
 * this task would have given it (its part of what the tasks reaching it give), over the task's passes
 * a month. Undefined when the task gives no volume.
 */
function callsFromOwnVolume(id: string, config: TaskConfig, ownMonthly: number, volume: TaskVolume | undefined): number | undefined {
  const passes = (config.perDay ?? 0) * DAYS_PER_MONTH * (1 + (config.retryRate ?? 0));
  if (!volume || volume.monthlyCalls <= 0 || passes <= 0) return undefined;
  const given = (from: TaskVolume['from'][number]) => from.perDay * DAYS_PER_MONTH * from.callsPerTask * (1 + from.retryRate);
  const mine = volume.from.filter((from) => from.task === id).reduce((sum, from) => sum + given(from), 0);
  return (ownMonthly * (mine / volume.monthlyCalls)) / passes;
}

/** Each model once, the one whose steps cost most first. */
function modelsByCost(steps: readonly TaskStep[]): string[] {
  const byModel = new Map<string, number>();
  for (const step of steps) if (step.model !== undefined) byModel.set(step.model, (byModel.get(step.model) ?? 0) + (step.costPerTask ?? 0));
  // A stable sort: models of equal cost (the unpriced ones) keep the order of their steps.
  return [...byModel].sort((a, b) => b[1] - a[1]).map(([model]) => model);
}

/**
 * The tasks a scan found, with those promptcost.yaml names that no scanned file defined: listed with
 * why (their entry file was not scanned, or has no such function), never silently dropped.
 */
export function withUnfoundTasks(
  found: readonly TaskEstimate[],
  configured: Readonly<Record<string, TaskConfig>>,
  scanned: ReadonlySet<string>,
): TaskEstimate[] {
  const named = new Set(found.filter((task) => task.configured).map((task) => task.id));
  const unfound = Object.entries(configured)
    .filter(([id]) => !named.has(id))
    .map(([id, config]) => {
      const ref = entryRef(config.entry);
      const file = ref?.file ?? config.entry;
      const why = scanned.has(file) ? `${file} has no function ${ref?.name ?? ''} that Prompt Cost can follow` : `${file} is not among the scanned files`;
      return missingEntry(id, config, file, why);
    });
  return [...found, ...unfound];
}
