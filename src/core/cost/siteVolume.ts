import type { ServiceTier } from '../providers/providers';
import type { OutputCap, PromptSite, TaskVolume } from '../types';
import type { ProjectConfig, SiteVolume, VolumeDefaults } from '../volume/projectConfig';
import { DEFAULT_OUTPUT_TOKENS } from './dynamicSizes';
import { own } from '../records';

/** What promptcost.yaml says about one site: keyed by its id, or by the prompt file's path. */
export function siteVolume(site: PromptSite, project: ProjectConfig): SiteVolume | undefined {
  return own(project.sites, site.id) ?? own(project.sites, site.file);
}

/** Where a figure the user can set came from, most specific first. */
export type SettingSource = 'comment' | 'promptcost.yaml' | 'promptcost.yaml defaults' | 'default';

/** Where a site's monthly calls came from: a setting, or the tasks of promptcost.yaml that reach it. */
export type VolumeSource = SettingSource | 'task';

export interface OutputBudget {
  /** Reply tokens expected: what was asked for, never above the cap. */
  expected: number;
  /** What was asked for before the cap applied. */
  wanted: number;
  wantedSource: SettingSource;
  /** The reply at its longest: the cap, the SDK's own default cap, or the model's maximum; undefined when none is known. */
  max?: number;
  /** The call's own cap, when it sets one. */
  cap?: OutputCap & { value: number };
  /** The cap an SDK fills in when the call sets none. */
  sdkDefault?: { value: number; source: string };
}

/**
 * Expected reply length (a promptcost comment, promptcost.yaml, its defaults, else 300) capped by the
 * output cap; the worst case is the cap, or the SDK's default cap, or the model's maximum output.
 */
export function outputBudget(site: PromptSite, volume: SiteVolume | undefined, defaults: VolumeDefaults, modelMaxOutput: number | undefined): OutputBudget {
  const inline = site.options.inlineVolume?.outputTokens;
  const [wanted, wantedSource] = firstSet(
    [
      [inline, 'comment'],
      [volume?.outputTokens, 'promptcost.yaml'],
      [defaults.outputTokens, 'promptcost.yaml defaults'],
    ],
    DEFAULT_OUTPUT_TOKENS,
  );
  const capValue = site.outputCap?.value;
  const cap = capValue !== undefined ? { ...site.outputCap!, value: capValue } : undefined;
  // With no cap of its own the call still has one: the SDK's default if it sets one, else the model's maximum.
  const sdkDefault = cap === undefined ? site.defaultOutputCap : undefined;
  const effectiveCap = cap?.value ?? sdkDefault?.value;
  return {
    expected: effectiveCap !== undefined ? Math.min(wanted, effectiveCap) : wanted,
    wanted,
    wantedSource,
    max: effectiveCap ?? modelMaxOutput,
    cap,
    sdkDefault,
  };
}

/**
 * Calls a month: a promptcost comment, promptcost.yaml `sites:`, the tasks that reach the site, the
 * defaults, else the setting (or CLI --calls). `task` is kept when a more specific setting wins, so
 * that the explanation can say which did.
 */
export function monthlyVolume(
  site: PromptSite,
  volume: SiteVolume | undefined,
  defaults: VolumeDefaults,
  setting: number,
  task?: TaskVolume,
): { calls: number; source: VolumeSource; task?: TaskVolume } {
  const [calls, source] = firstSet<VolumeSource>(
    [
      [site.options.inlineVolume?.monthlyCalls, 'comment'],
      [volume?.monthlyCalls, 'promptcost.yaml'],
      [task?.monthlyCalls, 'task'],
      [defaults.monthlyCalls, 'promptcost.yaml defaults'],
    ],
    setting,
  );
  return task ? { calls, source, task } : { calls, source };
}

/** The billing tier: promptcost.yaml for the site, a batch call in code, then promptcost.yaml defaults. */
export function serviceTier(site: PromptSite, volume: SiteVolume | undefined, defaults: VolumeDefaults): ServiceTier {
  if (volume?.tier) return volume.tier;
  if (volume?.batch || site.options.batch) return 'batch';
  if (defaults.tier) return defaults.tier;
  if (defaults.batch) return 'batch';
  return 'standard';
}

/** The first value that is set, with its source; else the fallback, from the 'default' source. */
function firstSet<Source extends string = SettingSource>(
  candidates: ReadonlyArray<readonly [number | undefined, Source]>,
  fallback: number,
): [number, Source | 'default'] {
  for (const [value, source] of candidates) if (value !== undefined) return [value, source];
  return [fallback, 'default'];
}
