import * as vscode from 'vscode';
import { describeSplitRun, describeTokenizer, formatCount, formatMonthly, formatTokens, MAX_COUNTABLE_CHARS, isCostFile, TextTooLargeError } from '../../core';
import { isCountable, textToCount } from '../activeText';
import { debounce } from '../debounce';
import type { Services } from '../services';
import { siteSummary } from '../siteText';

/** Edits and selection changes settle for this long before a recount. */
const RECOUNT_DELAY_MS = 250;

/** What the status bar item shows, readable by tests through the extension's exports. */
export interface StatusBarView {
  visible: boolean;
  text: string;
  tooltip: string;
  /** The command a click runs. */
  command?: string;
}

/**
 * The token count of the selection, or of the whole document, for the default model:
 * `$(symbol-numeric) 1,234 tok · gpt-4o-mini`, with "≈" where the count is an estimate; clicking
 * opens the model picker. For a prompt file with nothing selected: its monthly cost instead,
 * `$(symbol-numeric) $2.01/mo · gpt-4o-mini`, and a click offers the prompt's actions.
 */
export class TokenCountStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly recount = debounce(() => void this.update(), RECOUNT_DELAY_MS);
  /** Results of superseded counts are dropped: only the latest request may write the item. */
  private generation = 0;
  private view: StatusBarView = { visible: false, text: '', tooltip: '' };

  constructor(private readonly services: Services) {
    this.item = vscode.window.createStatusBarItem('promptcost.tokenCount', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'Prompt Cost: Token Count';
    this.item.command = 'promptcost.selectModel';
    this.disposables.push(
      this.item,
      vscode.window.onDidChangeActiveTextEditor(() => this.recount.schedule()),
      vscode.window.onDidChangeTextEditorSelection((event) => {
        if (event.textEditor === vscode.window.activeTextEditor) this.recount.schedule();
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document === vscode.window.activeTextEditor?.document) this.recount.schedule();
      }),
      services.settings.onDidChange(() => this.recount.schedule()),
      services.analyses.onDidInvalidate(() => this.recount.schedule()),
    );
    // The first count waits like any other, so activation itself does no tokenizer work.
    this.recount.schedule();
  }

  current(): StatusBarView {
    return { ...this.view };
  }

  private async update(): Promise<void> {
    const generation = ++this.generation;
    const editor = vscode.window.activeTextEditor;
    const { defaultModel, statusBarEnabled } = this.services.settings.value;
    if (!statusBarEnabled || !isCountable(editor)) {
      this.render({ visible: false, text: '', tooltip: '' });
      return;
    }
    const target = textToCount(editor);
    if (target.scope === 'document' && isCostFile(editor.document.uri.path)) {
      if (await this.showPromptFileCost(editor.document, generation)) return;
    }
    const length = target.texts.reduce((sum, text) => sum + text.length, 0);
    if (length > MAX_COUNTABLE_CHARS) {
      this.render({
        visible: true,
        text: `$(symbol-numeric) too large · ${defaultModel}`,
        tooltip: new TextTooLargeError(length).message,
      });
      return;
    }
    if (!this.view.visible) this.render({ visible: true, text: `$(sync~spin) counting… · ${defaultModel}`, tooltip: 'Prompt Cost is counting tokens.' });
    try {
      const count = await this.services.count(target, defaultModel);
      if (generation !== this.generation) return;
      const where = target.scope === 'selection' ? 'the selection' : 'this file';
      this.render({
        visible: true,
        text: `$(symbol-numeric) ${formatTokens(count.tokens, count.exact)} tok · ${defaultModel}`,
        tooltip: [
          `Prompt Cost: ${formatTokens(count.tokens, count.exact)} tokens in ${where} for ${defaultModel}${rangeText(count.range, count.tokens)}.`,
          describeTokenizer(count.tokenizer),
          ...(count.longestSplitRun > 0 ? [describeSplitRun(count.longestSplitRun)] : []),
          'Click to choose another model.',
        ].join('\n\n'),
      });
    } catch (error) {
      if (generation !== this.generation) return;
      this.render({
        visible: true,
        text: `$(warning) tokens unavailable · ${defaultModel}`,
        tooltip: `Prompt Cost could not count tokens: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  }

  /** Shows a prompt file's monthly cost; false when the file yields no site (then tokens are shown). */
  private async showPromptFileCost(document: vscode.TextDocument, generation: number): Promise<boolean> {
    // A failed analysis is logged by the analysis cache; the token count is shown instead.
    const analysis = await this.services.analyses.analyze(document).catch(() => undefined);
    if (generation !== this.generation) return true;
    const sites = analysis?.sites ?? [];
    if (sites.length === 0) return false;
    const priced = sites.filter((site) => site.estimate.cost.priced);
    const monthly = priced.reduce((sum, site) => sum + (site.estimate.cost.monthly ?? 0), 0);
    const models = [...new Set(sites.map((site) => site.estimate.model.id ?? 'no model'))].join(', ');
    const cost = priced.length === 0 ? 'unpriced' : `${formatMonthly(monthly)}/mo${priced.length < sites.length ? ' + unpriced' : ''}`;
    this.render({
      visible: true,
      text: `$(symbol-numeric) ${cost} · ${models}`,
      tooltip: [`Prompt Cost: ${sites.map(siteSummary).join('\n')}`, "Select text to count its tokens. Click for this prompt's actions."].join('\n\n'),
      command: sites.length === 1 ? 'promptcost.siteActions' : 'promptcost.selectModel',
      arguments: sites.length === 1 ? [document.uri, sites[0].site.id] : undefined,
    });
    return true;
  }

  private render(view: StatusBarView & { arguments?: unknown[] }): void {
    this.view = { visible: view.visible, text: view.text, tooltip: view.tooltip, command: view.command ?? 'promptcost.selectModel' };
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    this.item.command = { title: 'Prompt Cost', command: view.command ?? 'promptcost.selectModel', arguments: view.arguments };
    if (view.visible) this.item.show();
    else this.item.hide();
  }

  dispose(): void {
    this.recount.cancel();
    this.generation++;
    for (const disposable of this.disposables) disposable.dispose();
  }
}

/** ` (between 299 and 312 by the kind of text)` where the estimate allows a range (Claude), else nothing. */
function rangeText([low, high]: [number, number], tokens: number): string {
  return low === tokens && high === tokens ? '' : ` (between ${formatCount(low)} and ${formatCount(high)} by the kind of text)`;
}
