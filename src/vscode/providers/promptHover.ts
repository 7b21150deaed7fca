import * as vscode from 'vscode';
import {
  assumedDefaults,
  escapeMarkdown,
  findingsMarkdown,
  hoverDeltaLine,
  siteBreakdownMarkdown,
  siteHeadline,
  taskBreakdownMarkdown,
  type AssumedDefault,
  type FileAnalysis,
  type ReportSite,
} from '../../core';
import { rangeContains } from '../convert';
import { COST_FILE_SELECTOR } from '../promptFiles';
import type { Services } from '../services';

/**
 * Hovering a prompt's first line, model, a message or a variable shows the answer (the month, the
 * call, the tokens, the model), the site's findings with what each fix would save, then the breakdown. Hovering a task's entry function (its
 * first line) shows the task's steps, their shares and its cost per task, day and month.
 */
export class PromptHoverProvider implements vscode.HoverProvider {
  constructor(private readonly services: Services) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    if (!this.services.settings.value.hoverEnabled) return undefined;
    const analysis = await this.services.analyses.analyze(document);
    if (!analysis || token.isCancellationRequested) return undefined;
    for (const reportSite of analysis.sites) {
      const { site, estimate } = reportSite;
      const focus = estimate.variables.find((variable) => rangeContains(variable.range, position));
      if (focus === undefined && !overSite(site, position)) continue;
      // The answer first, then what would save money, then how the figure is made.
      const findings = findingsMarkdown(reportSite.findings);
      const head = [siteHeadline(reportSite), ...this.baseNote(document, analysis, site.id), ...this.assumedNotes(reportSite, document.uri)].join('\n\n');
      const answer = new vscode.MarkdownString(findings ? `${head}\n\n${findings}` : head, true);
      // Only the commands its links name may run from it.
      answer.isTrusted = {
        enabledCommands: ['promptcost.setSiteMonthlyCalls', 'promptcost.setSiteOutputTokens', 'promptcost.openProjectConfig', 'vscode.open'],
      };
      const breakdown = new vscode.MarkdownString(siteBreakdownMarkdown({ ...reportSite, findings: [] }, reportSite.alternatives, focus));
      return new vscode.Hover([answer, breakdown]);
    }
    // A task's entry: its first line.
    const task = analysis.tasks?.find((candidate) => candidate.range.start.line === position.line);
    return task ? new vscode.Hover(new vscode.MarkdownString(taskBreakdownMarkdown(task))) : undefined;
  }

  /** Right under the answer: what changed against the base branch and why (`vs main: +$12.30/month — model gpt-4o → gpt-4.1`). */
  private baseNote(document: vscode.TextDocument, analysis: FileAnalysis, siteId: string): string[] {
    const base = this.services.comparison.siteDiffs(document, analysis);
    const diff = base?.sites.get(siteId);
    const line = diff ? hoverDeltaLine(diff, base!.label) : undefined;
    return line ? [`$(git-compare) ${escapeMarkdown(line)}`] : [];
  }

  /**
   * Under the answer, what it rests on that nobody set: promptcost.yaml errors that leave the prompt
   * on defaults, then the defaults that drive most of its cost (the volume, the reply length, the
   * variables' sizes) — each with the click that sets it in promptcost.yaml.
   */
  private assumedNotes({ site, estimate }: ReportSite, uri: vscode.Uri): string[] {
    const notes: string[] = [];
    const yaml = this.services.project.uri;
    if (estimate.configErrors) {
      const open = yaml ? ` ([open promptcost.yaml](command:vscode.open?${encodeURIComponent(JSON.stringify([yaml]))}))` : '';
      notes.push(`$(warning) promptcost.yaml has errors — this prompt uses defaults for what they would set until they are fixed${open}.`);
    }
    const defaults = assumedDefaults({ estimate });
    if (defaults.length > 0) notes.push(`Assumed: ${defaults.map((assumed) => `${assumed.text} — ${setLink(assumed, uri, site.id)}`).join(' · ')}`);
    return notes;
  }
}

/** The one click that replaces a default with the user's own figure in promptcost.yaml. */
function setLink(assumed: AssumedDefault, uri: vscode.Uri, siteId: string): string {
  const args = encodeURIComponent(JSON.stringify([uri, siteId]));
  switch (assumed.kind) {
    case 'monthlyCalls':
      return `[set calls](command:promptcost.setSiteMonthlyCalls?${args})`;
    case 'outputTokens':
      return `[set reply length](command:promptcost.setSiteOutputTokens?${args})`;
    case 'variables':
      return '[declare sizes](command:promptcost.openProjectConfig)';
  }
}

/**
 * Where a site's hover shows: a prompt file anywhere in the prompt; a call on its first line (where
 * its CodeLens is), its model and its messages — not on every key or method name inside the call,
 * where the language's own hover belongs.
 */
function overSite(site: ReportSite['site'], position: vscode.Position): boolean {
  const onPrompt =
    (site.model?.range !== undefined && rangeContains(site.model.range, position)) || site.messages.some((message) => rangeContains(message.range, position));
  return onPrompt || (site.kind === 'prompt-file' ? rangeContains(site.range, position) : position.line === site.range.start.line);
}

export function registerPromptHover(services: Services): vscode.Disposable {
  return vscode.languages.registerHoverProvider(COST_FILE_SELECTOR, new PromptHoverProvider(services));
}
