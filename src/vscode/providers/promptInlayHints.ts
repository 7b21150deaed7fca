import * as vscode from 'vscode';
import { formatTokens } from '../../core';
import { toPosition, toRange } from '../convert';
import { COST_FILE_SELECTOR } from '../promptFiles';
import type { Services } from '../services';

const SOURCES = {
  'promptcost.yaml': 'declared in promptcost.yaml',
  sample: 'the size of the example value in the file',
  default: 'a default: declare it in promptcost.yaml',
};

/** Tokens per message at each role marker, and each variable's assumed size after it. */
export class PromptInlayHintsProvider implements vscode.InlayHintsProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeInlayHints = this.changed.event;

  constructor(private readonly services: Services) {}

  async provideInlayHints(document: vscode.TextDocument, range: vscode.Range, token: vscode.CancellationToken): Promise<vscode.InlayHint[]> {
    const analysis = await this.services.analyses.analyze(document);
    if (!analysis || token.isCancellationRequested) return [];
    const hints: vscode.InlayHint[] = [];
    for (const { estimate } of analysis.sites) {
      const exact = estimate.tokens.exact;
      for (const message of estimate.messages) {
        const at = message.roleRange ?? message.range;
        if (!range.contains(toRange(at))) continue;
        const hint = new vscode.InlayHint(toPosition(at.end), `${formatTokens(message.tokens, exact)} tok`, vscode.InlayHintKind.Type);
        hint.paddingLeft = true;
        hint.tooltip = `${message.role} message: ${formatTokens(message.tokens, exact)} tokens, chat framing and variable sizes included`;
        hints.push(hint);
      }
      for (const variable of estimate.variables) {
        if (variable.kind === 'control' || !range.contains(toRange(variable.range))) continue;
        const hint = new vscode.InlayHint(toPosition(variable.range.end), `≈${formatTokens(variable.tokens, true)} tok`, vscode.InlayHintKind.Type);
        hint.paddingLeft = true;
        hint.tooltip = `${variable.name}: ${formatTokens(variable.tokens, true)} tokens assumed — ${SOURCES[variable.source]}`;
        hints.push(hint);
      }
    }
    return hints;
  }

  refresh(): void {
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export function registerPromptInlayHints(services: Services): vscode.Disposable {
  const provider = new PromptInlayHintsProvider(services);
  return vscode.Disposable.from(
    provider,
    vscode.languages.registerInlayHintsProvider(COST_FILE_SELECTOR, provider),
    services.analyses.onDidInvalidate(() => provider.refresh()),
  );
}
