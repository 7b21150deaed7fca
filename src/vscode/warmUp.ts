import * as vscode from 'vscode';
import { isCostFile, errorMessage } from '../core';
import type { Services } from './services';

/**
 * Starts the engine's warm-up (parser, grammar, price data, tokenizer table, all in the worker) as
 * soon as a cost file — a prompt file or TS/JS/Python — is opened or shown, never for activation
 * alone, which must stay free of that work (the worker starts only for a file). Once per kind of file and default model: warming
 * up again would find everything built.
 */
export function registerWarmUp(services: Services): vscode.Disposable {
  const warmed = new Set<string>();
  const warm = (document: vscode.TextDocument) => {
    if (!isCostFile(document.uri.path)) return;
    // The outline first (only asked for until the first analysis is back): the worker finds the
    // file's sites, for the "counting…" lenses, before the warm-up holds its thread building the table.
    void services.analyses.outline(document);
    const model = services.settings.value.defaultModel;
    const key = `${/\.[^./]+$/.exec(document.uri.path)?.[0] ?? ''} ${model}`;
    if (warmed.has(key)) return;
    warmed.add(key);
    const file = vscode.workspace.asRelativePath(document.uri, false);
    // Only a head start: the analysis builds whatever this did not, and reports its own failures.
    services.engine.warmUp(file, model).catch((error: unknown) => services.logger.warn(`Warming up for ${file} failed: ${errorMessage(error)}`));
  };
  // Activated by opening a cost file (package.json's onLanguage events), that file is already shown.
  for (const editor of vscode.window.visibleTextEditors) warm(editor.document);
  return vscode.Disposable.from(
    vscode.workspace.onDidOpenTextDocument(warm),
    vscode.window.onDidChangeVisibleTextEditors((editors) => editors.forEach((editor) => warm(editor.document))),
  );
}
