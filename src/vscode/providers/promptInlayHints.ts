import * as vscode from 'vscode';
import { formatTokens, type Range } from '../../core';
import { toPosition, toRange } from '../convert';
import { COST_FILE_SELECTOR } from '../promptFiles';
import type { Services } from '../services';

const SOURCES = {
  'promptcost.yaml': 'promptcost.yaml',
  sample: 'the example value in the file',
  default: 'assumed; declare it in promptcost.yaml',
};

/**
 * One hint per message, at its role marker: the message's tokens, its variable parts' sizes in the
 * tooltip (a hint after every `${…}` pushed the code off-screen). A message two calls share is
 * hinted once.
 */
export class PromptInlayHintsProvider implements vscode.InlayHintsProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeInlayHints = this.changed.event;

  constructor(private readonly services: Services) {}

  async provideInlayHints(document: vscode.TextDocument, range: vscode.Range, token: vscode.CancellationToken): Promise<vscode.InlayHint[]> {
    if (!this.services.settings.value.inlayHintsEnabled) return [];
    const analysis = await this.services.analyses.analyze(document);
    if (!analysis || token.isCancellationRequested) return [];
    const hints: vscode.InlayHint[] = [];
    const placed = new Set<string>();
    for (const { estimate } of analysis.sites) {
      const exact = estimate.tokens.exact;
      for (const message of estimate.messages) {
        const at = message.roleRange ?? message.range;
        const key = `${at.end.line}:${at.end.character}`;
        if (placed.has(key) || !range.contains(toRange(at))) continue;
        placed.add(key);
        const hint = new vscode.InlayHint(toPosition(at.end), `${formatTokens(message.tokens, exact)} tok`, vscode.InlayHintKind.Type);
        hint.paddingLeft = true;
        const parts = estimate.variables.filter((variable) => variable.kind !== 'control' && within(variable.range, message.range));
        const sizes = parts.map((variable) => `${variable.name} ≈${formatTokens(variable.tokens, true)} (${SOURCES[variable.source]})`);
        hint.tooltip = `${message.role} message: ${formatTokens(message.tokens, exact)} tokens, chat framing included${sizes.length > 0 ? `; variable parts: ${sizes.join(', ')}` : ''}`;
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

/** Whether `inner` lies inside `outer` (positions compared line, then character). */
function within(inner: Range, outer: Range): boolean {
  const before = (a: Range['start'], b: Range['start']) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}
