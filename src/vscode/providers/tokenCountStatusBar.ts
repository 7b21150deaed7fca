import * as vscode from 'vscode';
import { describeTokenizer, formatTokens, MAX_COUNTABLE_CHARS, TextTooLargeError } from '../../core';
import { isCountable, textToCount } from '../activeText';
import { debounce } from '../debounce';
import type { Services } from '../services';

/** Edits and selection changes settle for this long before a recount. */
const RECOUNT_DELAY_MS = 250;

/** What the status bar item shows, readable by tests through the extension's exports. */
export interface StatusBarView {
  visible: boolean;
  text: string;
  tooltip: string;
}

/**
 * The token count of the selection, or of the whole document, for the default model:
 * `$(symbol-numeric) 1,234 tok · gpt-4o-mini`, with "≈" where the count is an estimate.
 * Clicking it opens the model picker.
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
          `Prompt Cost: ${formatTokens(count.tokens, count.exact)} tokens in ${where} for ${defaultModel}.`,
          describeTokenizer(count.tokenizer),
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

  private render(view: StatusBarView): void {
    this.view = view;
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    if (view.visible) this.item.show();
    else this.item.hide();
  }

  dispose(): void {
    this.recount.cancel();
    this.generation++;
    for (const disposable of this.disposables) disposable.dispose();
  }
}
