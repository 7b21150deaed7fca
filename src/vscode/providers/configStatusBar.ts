import * as vscode from 'vscode';
import { PROJECT_CONFIG_FILE } from '../../core';
import type { Services } from '../services';

/**
 * A warning in the status bar while promptcost.yaml has errors: whatever it set for the broken
 * entries falls back to defaults, which nothing else on screen says when the file is not open.
 * Clicking opens the file (its diagnostics are at the offending keys).
 */
export class ConfigStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];
  /** Only the latest check may write the item. */
  private generation = 0;

  constructor(private readonly services: Services) {
    this.item = vscode.window.createStatusBarItem('promptcost.configErrors', vscode.StatusBarAlignment.Right, 101);
    this.item.name = 'Prompt Cost: promptcost.yaml errors';
    this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    this.disposables.push(
      this.item,
      services.project.onDidChange(() => void this.update()),
    );
    void this.update();
  }

  private shown = false;

  /** What the item shows now, for tests: undefined when hidden. */
  text(): string | undefined {
    return this.shown ? this.item.text : undefined;
  }

  private async update(): Promise<void> {
    const generation = ++this.generation;
    const errors = await this.services.project.errorCount();
    if (generation !== this.generation) return;
    const uri = this.services.project.uri;
    if (errors === 0 || !uri) {
      this.item.hide();
      this.shown = false;
      return;
    }
    this.item.text = `$(warning) ${PROJECT_CONFIG_FILE}: ${errors} error${errors === 1 ? '' : 's'}`;
    this.item.tooltip = `${PROJECT_CONFIG_FILE} has ${errors} error${errors === 1 ? '' : 's'}: the entries they are in use defaults until they are fixed. Click to open it.`;
    this.item.command = { title: 'Open promptcost.yaml', command: 'vscode.open', arguments: [uri] };
    this.item.show();
    this.shown = true;
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
