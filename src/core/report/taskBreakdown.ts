import { escapeMarkdown, inlineCode } from './markdownText';
import { formatCount, formatMonthly, formatPerCall } from '../format';
import type { TaskEstimate, TaskStep } from '../types';
import { perTaskText, shareText, stepCalls } from './taskRows';

/** What a step's monthly calls rest on, when the task does not set them. */
const VOLUME_WINNERS: Readonly<Record<string, string>> = {
  comment: 'a promptcost comment above the call',
  'promptcost.yaml': 'promptcost.yaml sites:',
  'promptcost.yaml defaults': 'promptcost.yaml defaults',
  default: 'the promptcost.monthlyCalls setting',
};

/** `: 0.74 calls per task, so the task's month is what its steps' months add up to`. */
function ownRate(step: TaskStep): string {
  if (step.callsFromVolume === undefined) return '';
  const rate = step.callsFromVolume.toLocaleString('en-US', { maximumFractionDigits: 2 });
  return `: the task counts it at ${rate} ${step.agent ? 'runs' : 'calls'} per task, so its month is what its steps' months add up to`;
}

/**
 * The Markdown a hover over a task's entry shows: each step with its calls per task, cost and share,
 * the task's cost per task, day and month, and what the figures assume.
 */
export function taskBreakdownMarkdown(task: TaskEstimate): string {
  const name = task.configured ? `task ${inlineCode(task.id)}` : 'task';
  const lines = [`**Prompt Cost** · ${name} · ${inlineCode(task.entry)}`, ''];
  if (task.problem) {
    lines.push(escapeMarkdown(task.problem), '');
    return lines.join('\n');
  }
  lines.push('| step | model | per task | cost | share |', '|---|---|---:|---:|---:|');
  for (const step of [...task.steps].sort((a, b) => (b.costPerTask ?? -1) - (a.costPerTask ?? -1))) {
    const cost = step.costPerTask === undefined ? 'unpriced' : formatPerCall(step.costPerTask);
    lines.push(
      `| ${inlineCode(`${step.file}:${step.range.start.line + 1}`)} | ${escapeMarkdown(step.model ?? 'unknown')} | ${stepCalls(step)} | ${cost} | ${shareText(step.share)} |`,
    );
  }
  lines.push('');
  const retries = task.retryRate > 0 ? ` (one pass ${formatPerCall(task.costPerPass ?? 0)} + ${formatCount(Math.round(task.retryRate * 100))}% retries)` : '';
  lines.push(`**${perTaskText(task)}/task**${retries} · ${formatCount(task.callsPerTask)} LLM calls · ${task.models.map(escapeMarkdown).join(', ')}`);
  if (task.perDay !== null && task.costPerDay !== undefined && task.monthly !== undefined) {
    lines.push(
      '',
      `**${formatMonthly(task.monthly)}/month** · ${formatMonthly(task.costPerDay)}/day at ${task.perDay.toLocaleString('en-US')} tasks a day (promptcost.yaml tasks:, a month = 30 days)`,
    );
  } else {
    lines.push(
      '',
      `No volume: name this task under ${inlineCode('tasks:')} in promptcost.yaml with its ${inlineCode('entry')} and ${inlineCode('perDay')} to see its month; its steps then take that volume.`,
    );
  }
  lines.push('', 'Assumptions:');
  if (task.steps.some((step) => step.callsFromVolume === undefined)) {
    lines.push("- Each call on the way counts once per task, whichever branch runs it; a call in a loop counts the loop's stated count.");
  }
  if (task.assumed) lines.push('- A loop on the way does not show its count: 3 iterations are assumed.');
  if (task.steps.some((step) => step.agent)) lines.push('- An agent step counts its runs, each priced turn by turn (its own hover shows the run).');
  const own = task.steps.filter((step) => step.volumeSource !== 'task');
  if (task.perDay !== null && own.length > 0) {
    for (const step of own) {
      lines.push(
        `- ${inlineCode(`${step.file}:${step.range.start.line + 1}`)} keeps its own ${formatCount(Math.round(step.monthlyCalls))} calls a month from ${VOLUME_WINNERS[step.volumeSource] ?? step.volumeSource}, which wins over the task's volume${ownRate(step)}.`,
      );
    }
  }
  if (task.unpricedSteps > 0) lines.push(`- ${formatCount(task.unpricedSteps)} step(s) have no price and are left out of the cost (never counted as $0).`);
  return lines.join('\n');
}
