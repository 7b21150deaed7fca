// Pure on purpose (no `vscode` import) so that it is unit-tested in plain node.

/** Settings under `promptcost.*`, mirroring package.json `contributes.configuration`. */
export interface PromptCostConfig {
  /** Model used to count and price when a prompt names none. */
  defaultModel: string;
  /** Whether the status bar shows the token count of the active editor. */
  statusBarEnabled: boolean;
}

export const DEFAULT_CONFIG: PromptCostConfig = {
  defaultModel: 'gpt-4o-mini',
  statusBarEnabled: true,
};

/** A problem found in the user's settings, shown once as a warning. */
export type ConfigProblem = string;

/** Reads settings through any `get`; never throws: a bad value falls back to its default and is reported. */
export function parseConfig(get: (key: string) => unknown): { config: PromptCostConfig; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const rawModel = get('defaultModel');
  let defaultModel = DEFAULT_CONFIG.defaultModel;
  if (typeof rawModel === 'string' && rawModel.trim() !== '') {
    defaultModel = rawModel.trim();
  } else if (rawModel !== undefined) {
    problems.push(`promptcost.defaultModel must be a model id such as "gpt-4o-mini"; using "${DEFAULT_CONFIG.defaultModel}".`);
  }
  const rawStatusBar = get('statusBar.enabled');
  let statusBarEnabled = DEFAULT_CONFIG.statusBarEnabled;
  if (typeof rawStatusBar === 'boolean') {
    statusBarEnabled = rawStatusBar;
  } else if (rawStatusBar !== undefined) {
    problems.push('promptcost.statusBar.enabled must be true or false; using true.');
  }
  return { config: { defaultModel, statusBarEnabled }, problems };
}
