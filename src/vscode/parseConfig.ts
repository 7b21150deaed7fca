// Pure on purpose (no `vscode` import) so that it is unit-tested in plain node.
import * as path from 'path';
import { isRuleId, SEVERITY_SETTINGS, type RuleId, type SeveritySetting } from '../core';

/** Settings under `promptcost.*`, mirroring package.json `contributes.configuration`. */
export interface PromptCostConfig {
  /** Model used to count and price when a prompt names none. */
  defaultModel: string;
  /** Whether the status bar shows the token count (or a prompt file's monthly cost) of the active editor. */
  statusBarEnabled: boolean;
  /** Whether CodeLenses show each prompt's and task's cost. */
  codeLensEnabled: boolean;
  /** Whether inlay hints show each message's tokens. */
  inlayHintsEnabled: boolean;
  /** Whether hovers show a prompt's cost breakdown. */
  hoverEnabled: boolean;
  /** Calls a month for prompts promptcost.yaml says nothing about. */
  monthlyCalls: number;
  /** No settings file sets promptcost.monthlyCalls: the figure is Prompt Cost's default (set by Settings, which can tell). */
  monthlyCallsAssumed?: boolean;
  /** Glob patterns the workspace estimate skips, on top of files.exclude and search.exclude. */
  exclude: string[];
  /**
   * `promptcost.rules.<id>`: rule id → severity, only for the rules the user set. They win over
   * promptcost.yaml `rules:`; an unset rule keeps what promptcost.yaml or the rule itself says.
   */
  ruleSeverities: Partial<Record<RuleId, SeveritySetting>>;
  /** Whether `.env` (which holds secrets) is read for environment values, besides the example files. */
  readDotEnv: boolean;
  /** Whether the workspace estimate keeps its analyses in the extension's storage between scans. */
  scanCache: boolean;
  /** `promptcost.compareTo`: `auto` (the upstream's default branch), `off`, or a git ref to show each change against. */
  compareTo: string;
  /** `promptcost.pricesFile`: a price file in @pydantic/genai-prices' data.json format, as the user wrote it; '' for none. */
  pricesFile: string;
  /** `promptcost.cheaperModel.minMonthlySaving`: USD a month below which cheaper-model stays quiet; undefined = promptcost.yaml or the rule's own default. */
  cheaperModelMinSaving?: number;
}

export const DEFAULT_CONFIG: PromptCostConfig = {
  defaultModel: 'gpt-4o-mini',
  statusBarEnabled: true,
  codeLensEnabled: true,
  inlayHintsEnabled: true,
  hoverEnabled: true,
  monthlyCalls: 10_000,
  exclude: [],
  ruleSeverities: {},
  readDotEnv: false,
  scanCache: true,
  compareTo: 'auto',
  pricesFile: '',
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
  const surface = (key: string, fallback: boolean) => readBoolean(get, key, fallback, `using ${fallback}.`, problems);
  const statusBarEnabled = surface('statusBar.enabled', DEFAULT_CONFIG.statusBarEnabled);
  const codeLensEnabled = surface('codeLens.enabled', DEFAULT_CONFIG.codeLensEnabled);
  const inlayHintsEnabled = surface('inlayHints.enabled', DEFAULT_CONFIG.inlayHintsEnabled);
  const hoverEnabled = surface('hover.enabled', DEFAULT_CONFIG.hoverEnabled);
  const rawCalls = get('monthlyCalls');
  let monthlyCalls = DEFAULT_CONFIG.monthlyCalls;
  if (typeof rawCalls === 'number' && Number.isSafeInteger(rawCalls) && rawCalls >= 0) {
    monthlyCalls = rawCalls;
  } else if (rawCalls !== undefined) {
    problems.push(`promptcost.monthlyCalls must be a whole number of calls a month; using ${DEFAULT_CONFIG.monthlyCalls.toLocaleString('en-US')}.`);
  }
  const rawExclude = get('exclude');
  let exclude = DEFAULT_CONFIG.exclude;
  if (Array.isArray(rawExclude) && rawExclude.every((pattern) => typeof pattern === 'string')) {
    exclude = rawExclude.filter((pattern) => pattern.trim() !== '');
  } else if (rawExclude !== undefined) {
    problems.push('promptcost.exclude must be a list of glob patterns; ignoring it.');
  }
  const ruleSeverities = parseRuleSeverities(get('rules'), problems);
  const readDotEnv = readBoolean(get, 'readDotEnv', DEFAULT_CONFIG.readDotEnv, '.env is not read.', problems);
  const scanCache = readBoolean(get, 'scanCache', DEFAULT_CONFIG.scanCache, 'using true.', problems);
  const rawCompareTo = get('compareTo');
  let compareTo = DEFAULT_CONFIG.compareTo;
  // Empty is as good as off: nothing to compare with.
  if (typeof rawCompareTo === 'string') compareTo = rawCompareTo.trim() === '' ? 'off' : rawCompareTo.trim();
  else if (rawCompareTo !== undefined) problems.push('promptcost.compareTo must be auto, off, or a branch, tag or commit such as main; using auto.');
  const rawPricesFile = get('pricesFile');
  let pricesFile = DEFAULT_CONFIG.pricesFile;
  if (typeof rawPricesFile === 'string') pricesFile = rawPricesFile.trim();
  else if (rawPricesFile !== undefined && rawPricesFile !== null)
    problems.push('promptcost.pricesFile must be the path of a price file (JSON); using the bundled prices.');
  const config: PromptCostConfig = {
    defaultModel,
    statusBarEnabled,
    codeLensEnabled,
    inlayHintsEnabled,
    hoverEnabled,
    monthlyCalls,
    exclude,
    ruleSeverities,
    readDotEnv,
    scanCache,
    compareTo,
    pricesFile,
  };
  const rawSaving = get('cheaperModel.minMonthlySaving');
  if (typeof rawSaving === 'number' && Number.isFinite(rawSaving) && rawSaving >= 0) config.cheaperModelMinSaving = rawSaving;
  else if (rawSaving !== undefined && rawSaving !== null) {
    problems.push('promptcost.cheaperModel.minMonthlySaving must be a number of USD a month, 0 or more; using promptcost.yaml thresholds:, else $5.');
  }
  return { config, problems };
}

/** A true/false setting; anything else is reported (`promptcost.<key> must be true or false; <fallbackText>`) and falls back. */
function readBoolean(get: (key: string) => unknown, key: string, fallback: boolean, fallbackText: string, problems: ConfigProblem[]): boolean {
  const raw = get(key);
  if (typeof raw === 'boolean') return raw;
  if (raw !== undefined) problems.push(`promptcost.${key} must be true or false; ${fallbackText}`);
  return fallback;
}

/**
 * `get('rules')` gathers every `promptcost.rules.<id>` into one object (VS Code nests dotted keys);
 * null is "not set". A bad value is reported and ignored, leaving that rule as if unset.
 */
function parseRuleSeverities(raw: unknown, problems: ConfigProblem[]): Partial<Record<RuleId, SeveritySetting>> {
  const severities: Partial<Record<RuleId, SeveritySetting>> = {};
  if (raw === undefined || raw === null) return severities;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push('promptcost.rules must map rule ids to off, hint, info, warning or error; ignoring it.');
    return severities;
  }
  for (const [id, value] of Object.entries(raw)) {
    if (value === null || value === undefined) continue;
    if (!isRuleId(id)) problems.push(`promptcost.rules.${id} is not a Prompt Cost rule; ignoring it.`);
    else if (SEVERITY_SETTINGS.includes(value as SeveritySetting)) severities[id] = value as SeveritySetting;
    else problems.push(`promptcost.rules.${id} must be off, hint, info, warning or error; ignoring it.`);
  }
  return severities;
}

/**
 * Where `promptcost.pricesFile` points on disk: an absolute path as it is, a relative one (`~` is not
 * expanded) from the workspace folder; undefined when it is empty, or relative with no folder on disk.
 */
export function pricesFilePath(setting: string, folder: string | undefined): string | undefined {
  if (setting === '') return undefined;
  if (path.isAbsolute(setting)) return path.normalize(setting);
  return folder === undefined ? undefined : path.resolve(folder, setting);
}

/** What "Use a Price File…" writes to `promptcost.pricesFile` for a file picked: relative to the folder when inside it (`/` separators), else absolute. */
export function pricesFileSetting(file: string, folder: string | undefined): string {
  if (folder === undefined) return file;
  const relative = path.relative(folder, file);
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? file : relative.split(path.sep).join('/');
}
