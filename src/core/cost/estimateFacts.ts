import type { ModelPricing } from '../pricing/priceBook';
import type { ServiceTier } from '../providers/providers';
import type { PriceModifier } from '../pricing/priceModifiers';
import type { TokenizerChoice } from '../tokens/tokenizerChoice';
import type { AgentRun, PromptSite, TaskVolume, VariableEstimate } from '../types';
import type { CacheEstimate } from './siteCache';
import type { ModelChoice } from './siteModel';
import type { OutputBudget, VolumeSource } from './siteVolume';

/**
 * Every fact an estimate rests on and where it came from: the numbers are computed from these,
 * and the assumptions users read are written from them (explainEstimate), never the other way round.
 */
export interface EstimateFacts {
  site: PromptSite;
  model: ModelChoice;
  /** The model whose tokenizer counts the prompt (the default model when none is known). */
  countingModel: string;
  tokenizer: TokenizerChoice;
  /** Characters in the longest run of the prompt counted in pieces (approximately); 0 when none was. */
  longestSplitRun: number;
  tools: number;
  variables: VariableEstimate[];
  output: OutputBudget;
  volume: { calls: number; source: VolumeSource; task?: TaskVolume };
  /** promptcost.yaml errors that leave the site on defaults (see Estimate.configErrors). */
  configErrors?: 'site' | 'defaults' | 'file';
  cache: CacheEstimate;
  /** The prefix the cache rules were applied to. */
  prefix: number;
  pricing?: ModelPricing;
  tier: ServiceTier;
  /** Undefined when the provider has no such tier (standard rates apply). */
  tierRule?: PriceModifier;
  /** Anthropic's US-only inference surcharge (`inference_geo: "us"`), when the call asks for it. */
  residencyRule?: PriceModifier;
  /** An agent site: its run, turn by turn. */
  agent?: AgentRun;
}
