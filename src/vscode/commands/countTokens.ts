import * as vscode from 'vscode';
import { formatTokens } from '../../core';
import { isCountable, textToCount } from '../activeText';
import type { Services } from '../services';

/** What the command returns (tests and other extensions call it through executeCommand). */
export interface CountTokensResult {
  tokens: number;
  exact: boolean;
  model: string;
  encoding: string;
  scope: 'selection' | 'document';
}

/** "Prompt Cost: Count Tokens": the selection's or the document's tokens, in a notification. */
export function registerCountTokensCommand(services: Services): vscode.Disposable {
  return vscode.commands.registerCommand('promptcost.countTokens', async (): Promise<CountTokensResult | undefined> => {
    const editor = vscode.window.activeTextEditor;
    if (!isCountable(editor)) {
      void vscode.window.showWarningMessage('Prompt Cost: open a file or select text to count its tokens.');
      return undefined;
    }
    const model = services.settings.value.defaultModel;
    const target = textToCount(editor);
    try {
      const count = await services.count(target, model);
      const where = target.scope === 'selection' ? 'the selection' : 'this file';
      const how = count.exact ? `exact, ${count.tokenizer.encoding}` : 'estimated';
      // Not awaited: the promise settles only when the notification is dismissed.
      void vscode.window.showInformationMessage(`Prompt Cost: ${formatTokens(count.tokens, count.exact)} tokens in ${where} · ${model} (${how})`);
      return { tokens: count.tokens, exact: count.exact, model, encoding: count.tokenizer.encoding, scope: target.scope };
    } catch (error) {
      void vscode.window.showErrorMessage(`Prompt Cost could not count tokens: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  });
}
