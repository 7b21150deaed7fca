import * as vscode from 'vscode';
import { registerCountTokensCommand } from './vscode/commands/countTokens';
import { registerSelectModelCommand } from './vscode/commands/selectModel';
import { TokenCountStatusBar, type StatusBarView } from './vscode/providers/tokenCountStatusBar';
import { Services } from './vscode/services';

/** What the extension exports, for integration tests and other extensions. */
export interface PromptCostApi {
  statusBar(): StatusBarView;
  /** Whether the tokenizer worker has been started (it must not be at activation). */
  tokenizerStarted(): boolean;
  loadedEncodings(): string[];
}

export function activate(context: vscode.ExtensionContext): PromptCostApi {
  const services = new Services(context.extensionPath);
  const statusBar = new TokenCountStatusBar(services);
  context.subscriptions.push(
    services,
    statusBar,
    registerCountTokensCommand(services),
    registerSelectModelCommand(services),
  );
  return {
    statusBar: () => statusBar.current(),
    tokenizerStarted: () => services.encoder.isRunning(),
    loadedEncodings: () => services.encoder.loadedEncodings(),
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
