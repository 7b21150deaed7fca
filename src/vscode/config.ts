import * as vscode from 'vscode';
import type { Logger } from '../core';
import { parseConfig, type PromptCostConfig } from './parseConfig';

export type { PromptCostConfig } from './parseConfig';

/** The current settings, re-read only when a `promptcost.*` setting changes. */
export class Settings implements vscode.Disposable {
  private current: PromptCostConfig;
  private readonly changed = new vscode.EventEmitter<PromptCostConfig>();
  private readonly subscription: vscode.Disposable;
  readonly onDidChange = this.changed.event;

  constructor(private readonly logger: Logger) {
    this.current = this.read();
    this.subscription = vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration('promptcost')) return;
      this.current = this.read();
      this.changed.fire(this.current);
    });
  }

  get value(): PromptCostConfig {
    return this.current;
  }

  /** Writes the default model where the user keeps it: the workspace if it is set there, else user settings. */
  async setDefaultModel(model: string): Promise<void> {
    const section = vscode.workspace.getConfiguration('promptcost');
    const inspected = section.inspect<string>('defaultModel');
    const target = inspected?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    await section.update('defaultModel', model, target);
    // Do not wait for the change event: callers read the new value right away.
    this.current = this.read();
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  private read(): PromptCostConfig {
    const section = vscode.workspace.getConfiguration('promptcost');
    const { config, problems } = parseConfig((key) => section.get(key));
    const calls = section.inspect('monthlyCalls');
    // get() answers with package.json's default when nobody set it; only inspect() tells the two apart.
    config.monthlyCallsAssumed = [calls?.globalValue, calls?.workspaceValue, calls?.workspaceFolderValue].every((value) => value === undefined);
    for (const problem of problems) {
      this.logger.warn(`Settings: ${problem}`);
      void vscode.window.showWarningMessage(`Prompt Cost: ${problem}`);
    }
    return config;
  }
}
