import * as path from 'path';
import * as vscode from 'vscode';
import { TokenCounter, WorkerEncoder, chooseTokenizer } from '../core';
import type { TokenCount } from '../core';
import { Settings } from './config';
import { TextToCount } from './activeText';

/** What providers and commands share: settings and one token counter whose worker starts on first use. */
export class Services implements vscode.Disposable {
  readonly settings = new Settings();
  readonly encoder: WorkerEncoder;
  readonly counter: TokenCounter;

  constructor(extensionPath: string) {
    this.encoder = new WorkerEncoder(path.join(extensionPath, 'dist', 'tokenizerWorker.js'));
    this.counter = new TokenCounter(this.encoder);
  }

  /** Counts the selections (summed) or the document for a model. */
  async count(target: TextToCount, model: string): Promise<TokenCount> {
    const counts = await Promise.all(target.texts.map((text) => this.counter.countText(text, model)));
    const tokens = counts.reduce((sum, count) => sum + count.tokens, 0);
    const tokenizer = counts[0]?.tokenizer ?? chooseTokenizer(model);
    return { tokens, exact: tokenizer.exact, tokenizer };
  }

  dispose(): void {
    this.encoder.dispose();
    this.settings.dispose();
  }
}
