import { formatCount, formatMonthly, formatPerCall } from '../format';
import type { TaskEstimate, TaskStep } from '../types';
import type { Report } from '../workspace/report';

/** One display row per task: the table, Markdown and the webview show exactly these strings. */
export interface TaskRow {
  task: string;
  entry: string;
  calls: string;
  models: string;
  perTask: string;
  perDay: string;
  costPerDay: string;
  monthly: string;
}

export const TASK_COLUMNS: ReadonlyArray<[keyof TaskRow, string]> = [
  ['task', 'task'],
  ['entry', 'entry'],
  ['calls', 'LLM calls'],
  ['models', 'models'],
  ['perTask', '$/task'],
  ['perDay', 'tasks/day'],
  ['costPerDay', '$/day'],
  ['monthly', '$/month'],
];

export const NUMERIC_TASK_COLUMNS: ReadonlySet<keyof TaskRow> = new Set(['calls', 'models', 'perTask', 'perDay', 'costPerDay', 'monthly']);

/** What a figure shows when promptcost.yaml gives the task no volume. */
export const NO_VOLUME = '—';

/** The line above the tasks: what their figures mean. */
export const TASKS_NOTE = '$/task is one pass through its steps plus its retries; a month is 30 days; tasks/day comes from promptcost.yaml tasks:.';

export function taskRows(report: Report): TaskRow[] {
  return (report.tasks ?? []).map((task) => ({
    task: task.configured ? task.id : task.entry.slice(task.entry.lastIndexOf('#') + 1),
    entry: `${task.file}:${task.range.start.line + 1}`,
    calls: task.problem ? NO_VOLUME : `${formatCount(task.callsPerTask)}${task.assumed ? ' (assumed loops)' : ''}`,
    models: formatCount(task.models.length),
    perTask: perTaskText(task),
    perDay: task.perDay === null ? NO_VOLUME : task.perDay.toLocaleString('en-US', { maximumFractionDigits: 2 }),
    costPerDay: task.costPerDay === undefined ? NO_VOLUME : formatMonthly(task.costPerDay),
    monthly: task.monthly === undefined ? NO_VOLUME : formatMonthly(task.monthly),
  }));
}

/** `$0.0162`, with the steps left out when some are unpriced; `unpriced` when none is priced. */
export function perTaskText(task: TaskEstimate): string {
  if (task.problem) return NO_VOLUME;
  if (task.costPerTask === undefined) return 'unpriced';
  const unpriced = task.unpricedSteps > 0 ? ` + ${task.unpricedSteps} unpriced` : '';
  return `${formatPerCall(task.costPerTask)}${unpriced}`;
}

/** One step as the table, Markdown and the webview list it. */
export interface TaskStepLine {
  share: string;
  at: string;
  model: string;
  calls: string;
  cost: string;
}

/** A task's steps, costliest first and the unpriced last (ties keep the task's order); none for a task with a problem. */
export function stepsByCost(task: TaskEstimate): TaskStep[] {
  if (task.problem) return [];
  // Array.prototype.sort is stable: steps of equal cost keep the order they are reached in.
  return [...task.steps].sort((a, b) => (b.costPerTask ?? -1) - (a.costPerTask ?? -1));
}

/** One line per step, costliest share first: `81%  src/steps/reply.ts:17  gpt-4o  1 call  $0.0122`. */
export function taskStepLines(task: TaskEstimate): TaskStepLine[] {
  return stepsByCost(task).map(taskStepLine);
}

/** The strings of one step's line. */
export function taskStepLine(step: TaskStep): TaskStepLine {
  return {
    share: shareText(step.share),
    at: `${step.file}:${step.range.start.line + 1}`,
    model: step.model ?? 'unknown model',
    calls: stepCalls(step),
    cost: step.costPerTask === undefined ? 'unpriced' : formatPerCall(step.costPerTask),
  };
}

/** `1 call`, `3 calls (assumed loop count)`, `1 run` for an agent step; `1 call (0.51 at its own volume)` when its own volume sets the rate. */
export function stepCalls(step: TaskStep): string {
  const unit = step.agent ? 'run' : 'call';
  const count = `${formatCount(step.callsPerTask)} ${unit}${step.callsPerTask === 1 ? '' : 's'}`;
  const notes = [
    ...(step.assumed ? ['assumed loop count'] : []),
    ...(step.callsFromVolume !== undefined ? [`${step.callsFromVolume.toLocaleString('en-US', { maximumFractionDigits: 2 })} at its own volume`] : []),
  ];
  return notes.length > 0 ? `${count} (${notes.join('; ')})` : count;
}

/** `81%`; `<1%` for a step that costs something but rounds to nothing. */
export function shareText(share: number | undefined): string {
  if (share === undefined) return 'unpriced';
  return share > 0 && share < 0.005 ? '<1%' : `${Math.round(share * 100)}%`;
}
