import type { ServiceTier } from '../providers/providers';
import type { OutputCap, PromptSite, TaskVolume } from '../types';
import type { ProjectConfig, SiteVolume, VolumeDefaults } from '../volume/projectConfig';
import type { ExpectedReasoning } from '../models/reasoningTokens';
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
  /** Output tokens expected, all billed as output: the visible reply plus hidden reasoning, never above the cap. */
  expected: number;
  /** The visible reply expected: what was asked for (or half a small cap), in what the cap leaves after reasoning. */
  reply: number;
  /** Hidden reasoning tokens expected within `expected`; 0 when the call does not reason. */
  reasoning: number;
  /** Why the call is expected to reason that much; undefined when nothing suggests it reasons. */
  reasoningFrom?: ExpectedReasoning;
  /** What was asked for before the cap applied. */
  wanted: number;
  wantedSource: SettingSource;
  /** Nothing says how long the reply is and the call's cap is small: half the cap is expected instead of the default. */
  halfCap?: boolean;
  /** The reply at its longest: the cap, the SDK's own default cap, or the model's maximum; undefined when none is known. */
  max?: number;
  /** The call's own cap, when it sets one. */
  cap?: OutputCap & { value: number };
  /** The cap an SDK fills in when the call sets none. */
  sdkDefault?: { value: number; source: string };
}

/**
 * Expected output: the visible reply (a promptcost comment, promptcost.yaml, its defaults, else 300 or
 * half a smaller cap) plus the hidden reasoning expected, together never above the output cap, which
 * bounds both (OpenAI's caps, Anthropic's max_tokens, Gemini's maxOutputTokens). The worst case is the
 * cap, or the SDK's default cap, or the model's maximum output.
 */
export function outputBudget(
  site: PromptSite,
  volume: SiteVolume | undefined,
  defaults: VolumeDefaults,
  modelMaxOutput: number | undefined,
  reasoningFrom?: ExpectedReasoning,
): OutputBudget {
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
  // The built-in 300 is a guess: a call capped at 200 tokens says its replies are short, so half its
  // cap is a better guess than the cap itself. A length someone stated is kept.
  const halfCap = wantedSource === 'default' && cap !== undefined && Math.ceil(cap.value / 2) < wanted;
  const replyWanted = halfCap ? Math.ceil(cap.value / 2) : wanted;
  // Reasoning comes before the reply, so a cap it fills leaves no room for one (and is still paid).
  const reasoningWanted = reasoningFrom?.tokens ?? 0;
  const reasoning = effectiveCap !== undefined ? Math.min(reasoningWanted, effectiveCap) : reasoningWanted;
  const reply = effectiveCap !== undefined ? Math.min(replyWanted, effectiveCap - reasoning) : replyWanted;
  const budget: OutputBudget = {
    expected: reply + reasoning,
    reply,
    reasoning,
    wanted,
    wantedSource,
    max: effectiveCap ?? modelMaxOutput,
    cap,
    sdkDefault,
  };
  if (reasoningFrom) budget.reasoningFrom = reasoningFrom;
  if (halfCap) budget.halfCap = true;
  return budget;
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
