import * as vscode from 'vscode';
import { lensDeltaSuffix, type FileAnalysis } from '../../core';
import { toRange } from '../convert';
import { COST_FILE_SELECTOR } from '../promptFiles';
import type { Services } from '../services';
import { siteSummary, taskSummary } from '../siteText';

/** How long the first analyses may take, once a tokenizer table is built, before their sites show "counting…" instead of nothing. */
const PLACEHOLDER_AFTER_MS = 300;

/** The title of a lens whose figures are still being computed: a label, never a number. */
const COUNTING_TITLE = '$(sync~spin) Prompt Cost: counting tokens…';

/** A CodeLens at the top of each prompt with its tokens, cost per call and per month (click for actions), and over each task's entry function. */
export class PromptCodeLensProvider implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  /** Whether the session's first request was logged: its time says how much of a slow first lens is Prompt Cost's. */
  private firstLogged = false;

  constructor(private readonly services: Services) {}

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    if (!this.services.settings.value.codeLensEnabled) return [];
    const asked = Date.now();
    const pending = this.services.analyses.analyze(document);
    const early = this.services.analyses.warm ? undefined : await this.countingLenses(document, pending);
    if (!this.firstLogged) {
      this.firstLogged = true;
      const file = vscode.workspace.asRelativePath(document.uri, false);
      const answer = early ? `${early.length} "counting…" lenses` : 'its figures or none';
      this.services.logger.info(`First CodeLens request (${file}) answered with ${answer} in ${Date.now() - asked} ms.`);
    }
    if (early) {
      // The figures replace the placeholders as soon as they are in (a failure is logged by the cache).
      pending.then(
        () => this.refresh(),
        () => this.refresh(),
      );
      return token.isCancellationRequested ? [] : early;
    }
    const analysis = await pending;
    if (!analysis || token.isCancellationRequested) return [];
    return this.lenses(document, analysis);
  }

  /**
   * Right after start the first analysis waits for the tokenizer table (a second or two): each site
   * the outline found gets a "counting…" lens at once while no table is built yet, and past a short
   * wait once one is (the analysis may then be about to come). Undefined when the analysis came
   * first, or the outline found nothing to show.
   */
  private async countingLenses(document: vscode.TextDocument, pending: Promise<FileAnalysis | undefined>): Promise<vscode.CodeLens[] | undefined> {
    const analysed = pending.then(
      () => 'analysed' as const,
      () => 'analysed' as const,
    );
    // In a fresh window VS Code asks for lenses a second or two after the file opens, the outline long
    // since in: waiting here only delayed the first lens (by 290 of 2,370 ms in the E2E harness).
    if (this.services.engine.loadedEncodings().length > 0) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const waited = new Promise<'waited'>((resolve) => (timer = setTimeout(() => resolve('waited'), PLACEHOLDER_AFTER_MS)));
      const first = await Promise.race([analysed, waited]);
      clearTimeout(timer);
      if (first === 'analysed') return undefined;
    }
    const outline = await Promise.race([analysed, this.services.analyses.outline(document)]);
    if (outline === 'analysed' || !outline || outline.length === 0) return undefined;
    return outline.map(
      (site) =>
        new vscode.CodeLens(toRange(site.range), {
          title: COUNTING_TITLE,
          tooltip: 'Prompt Cost is building its tokenizer (once per session); the tokens and cost of this prompt follow in a moment.',
          command: '',
        }),
    );
  }

  private lenses(document: vscode.TextDocument, analysis: FileAnalysis): vscode.CodeLens[] {
    // Against the base branch, once it is analysed (the comparison refreshes the lenses then).
    const base = this.services.comparison.siteDiffs(document, analysis);
    const delta = (siteId: string) => {
      const diff = base?.sites.get(siteId);
      return diff ? lensDeltaSuffix(diff, base!.label) : '';
    };
    const sites = analysis.sites.map(
      (reportSite) =>
        new vscode.CodeLens(toRange(reportSite.site.range), {
          title: siteSummary(reportSite) + delta(reportSite.site.id),
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
    services.comparison.onDidChange(() => provider.refresh()),
  );
}
