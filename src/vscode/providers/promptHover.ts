import * as vscode from 'vscode';
import { findingsMarkdown, siteBreakdownMarkdown, taskBreakdownMarkdown } from '../../core';
import { rangeContains } from '../convert';
import { COST_FILE_SELECTOR } from '../promptFiles';
import type { Services } from '../services';

/**
 * Hovering a prompt's first line, model, a message or a variable shows the full cost breakdown,
 * then the site's findings with what each fix would save. Hovering a task's entry function (its
 * first line) shows the task's steps, their shares and its cost per task, day and month.
 */
export class PromptHoverProvider implements vscode.HoverProvider {
  constructor(private readonly services: Services) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    const analysis = await this.services.analyses.analyze(document);
    if (!analysis || token.isCancellationRequested) return undefined;
    for (const reportSite of analysis.sites) {
      const { site, estimate } = reportSite;
      const focus = estimate.variables.find((variable) => rangeContains(variable.range, position));
      const inSite =
        focus !== undefined ||
        rangeContains(site.range, position) ||
        (site.model?.range !== undefined && rangeContains(site.model.range, position)) ||
        site.messages.some((message) => rangeContains(message.range, position));
      if (!inSite) continue;
      // The findings get a section of their own (rule, link, saving) instead of the breakdown's plain list.
      const breakdown = new vscode.MarkdownString(siteBreakdownMarkdown({ ...reportSite, findings: [] }, reportSite.alternatives, focus));
      const findings = findingsMarkdown(reportSite.findings);
      return new vscode.Hover(findings ? [breakdown, new vscode.MarkdownString(findings)] : breakdown);
    }
    // A task's entry: its first line.
    const task = analysis.tasks?.find((candidate) => candidate.range.start.line === position.line);
    return task ? new vscode.Hover(new vscode.MarkdownString(taskBreakdownMarkdown(task))) : undefined;
  }
}

export function registerPromptHover(services: Services): vscode.Disposable {
  return vscode.languages.registerHoverProvider(COST_FILE_SELECTOR, new PromptHoverProvider(services));
}
