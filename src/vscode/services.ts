import * as path from 'path';
import * as vscode from 'vscode';
import { TokenCounter, EngineWorker, chooseTokenizer } from '../core';
import type { AnalyzeOptions, TokenCount } from '../core';
import { TextToCount } from './activeText';
import { AnalysisCache, workspaceRoot } from './analysisCache';
import { Settings } from './config';
import { ProjectConfigStore } from './projectConfigStore';

/**
 * What providers and commands share: settings, promptcost.yaml, one token counter whose worker
 * starts on first use, and the per-document analysis cache.
 */
export class Services implements vscode.Disposable {
  readonly settings = new Settings();
  readonly project = new ProjectConfigStore();
  /** Counts tokens and analyses files off the main thread. */
  readonly encoder: EngineWorker;
  readonly counter: TokenCounter;
  readonly analyses: AnalysisCache;

  constructor(readonly extensionUri: vscode.Uri) {
    this.encoder = new EngineWorker(path.join(extensionUri.fsPath, 'dist', 'engineWorker.js'));
    this.counter = new TokenCounter(this.encoder);
    this.analyses = new AnalysisCache(this);
  }

  /** Counts the selections (summed) or the document for a model. */
  async count(target: TextToCount, model: string): Promise<TokenCount> {
    const counts = await Promise.all(target.texts.map((text) => this.counter.countText(text, model)));
    const tokens = counts.reduce((sum, count) => sum + count.tokens, 0);
    const tokenizer = counts[0]?.tokenizer ?? chooseTokenizer(model);
    return { tokens, exact: tokenizer.exact, tokenizer };
  }

  /** What the worker needs besides a file's text: promptcost.yaml and the settings that change numbers and findings. */
  async analyzeOptions(): Promise<AnalyzeOptions> {
    const { defaultModel, monthlyCalls, ruleSeverities } = this.settings.value;
    return { project: await this.project.config(), defaultModel, monthlyCalls, ruleSeverities, workspaceRoot: workspaceRoot() };
  }

  dispose(): void {
    this.analyses.dispose();
    this.encoder.dispose();
    this.project.dispose();
    this.settings.dispose();
  }
}
