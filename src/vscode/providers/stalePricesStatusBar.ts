import * as vscode from 'vscode';
import { stalePricesNote } from '../../core';
import type { Services } from '../services';

/** How long after activation the first check waits. */
const FIRST_CHECK_MS = 1_000;

/**
 * A warning in the status bar while the prices in use (the bundled price data, or the price file
 * `promptcost.pricesFile` names) are more than 90 days old: every figure on screen rests on them.
 * Clicking runs "Use a Price File…". `today` is injected so that tests can pin the day.
 */
export class StalePricesStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];
  private shown = false;

  constructor(
    private readonly services: Services,
    private readonly today: () => Date = () => new Date(),
  ) {
    this.item = vscode.window.createStatusBarItem('promptcost.stalePrices', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'Prompt Cost: stale prices';
    this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    this.item.command = { title: 'Use a Price File…', command: 'promptcost.usePricesFile' };
    this.disposables.push(
      this.item,
      services.pricesFile.onDidChange(() => this.update()),
      services.settings.onDidChange(() => this.update()),
      // A window left open for days can cross the 90th.
      vscode.window.onDidChangeWindowState((state) => state.focused && this.update()),
    );
    // Not during activation: with a price file set, the first check reads and validates it.
    const first = setTimeout(() => this.update(), FIRST_CHECK_MS);
    this.disposables.push({ dispose: () => clearTimeout(first) });
  }

  /** What the item shows now, for tests: undefined when hidden. */
  text(): string | undefined {
    return this.shown ? this.item.text : undefined;
  }

  private update(): void {
    const note = stalePricesNote(this.services.pricesFile.asOf(), this.today());
    this.shown = note !== undefined;
    if (!note) {
      this.item.hide();
      return;
    }
    this.item.text = `$(warning) ${note.label}`;
    this.item.tooltip = `${note.sentence} Click to choose one.`;
    this.item.show();
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
