import * as vscode from 'vscode';
import { toRange } from '../convert';
import { COST_FILE_SELECTOR } from '../promptFiles';
import type { Services } from '../services';
import { siteSummary, taskSummary } from '../siteText';

/** A CodeLens at the top of each prompt with its tokens, cost per call and per month (click for actions), and over each task's entry function. */
export class PromptCodeLensProvider implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly services: Services) {}

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    if (!this.services.settings.value.codeLensEnabled) return [];
    const analysis = await this.services.analyses.analyze(document);
    if (!analysis || token.isCancellationRequested) return [];
    const sites = analysis.sites.map(
      (reportSite) =>
        new vscode.CodeLens(toRange(reportSite.site.range), {
          title: siteSummary(reportSite),
          tooltip: 'Prompt Cost: change the model or the monthly calls, or see the breakdown',
          command: 'promptcost.siteActions',
          arguments: [document.uri, reportSite.site.id],
        }),
    );
    // A task's lens is a label (no command): its hover, over the same line, shows the steps.
    const tasks = (analysis.tasks ?? []).map(
      (task) =>
        new vscode.CodeLens(toRange(task.range), {
          title: taskSummary(task),
          tooltip: 'Prompt Cost: what one run of this function costs through every LLM call it reaches; hover its first line for the steps',
          command: '',
        }),
    );
    return [...tasks, ...sites];
  }

  refresh(): void {
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export function registerPromptCodeLens(services: Services): vscode.Disposable {
  const provider = new PromptCodeLensProvider(services);
  return vscode.Disposable.from(
    provider,
    vscode.languages.registerCodeLensProvider(COST_FILE_SELECTOR, provider),
    services.analyses.onDidInvalidate(() => provider.refresh()),
  );
}
