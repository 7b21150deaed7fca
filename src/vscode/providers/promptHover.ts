import * as vscode from 'vscode';
import { findingsMarkdown, siteBreakdownMarkdown, siteHeadline, taskBreakdownMarkdown, type ReportSite } from '../../core';
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
      const answer = new vscode.MarkdownString(findings ? `${siteHeadline(reportSite)}\n\n${findings}` : siteHeadline(reportSite));
      const breakdown = new vscode.MarkdownString(siteBreakdownMarkdown({ ...reportSite, findings: [] }, reportSite.alternatives, focus));
      return new vscode.Hover([answer, breakdown]);
    }
    // A task's entry: its first line.
    const task = analysis.tasks?.find((candidate) => candidate.range.start.line === position.line);
    return task ? new vscode.Hover(new vscode.MarkdownString(taskBreakdownMarkdown(task))) : undefined;
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
