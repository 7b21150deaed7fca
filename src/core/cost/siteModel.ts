import type { Estimate, PromptSite } from '../types';
import type { ProjectConfig, SiteVolume } from '../volume/projectConfig';
import { own } from '../records';

/** Where the model of a site came from: what the assumptions say about it. */
export type ModelProvenance =
  | { kind: 'promptcost.yaml'; id: string }
  | { kind: 'deployment'; deployment: string; mapped?: string }
  | { kind: 'env-default'; id: string; variable: string }
  | { kind: 'written'; id: string; constant?: string; chatOnly: boolean }
  /** A call that runs a prompt file that could not be read. */
  | { kind: 'prompt-file-unread'; promptFile: string }
  /** A call whose model is a parameter or a variable. */
  | { kind: 'unknown-in-code' }
  /** A Copilot chat prompt naming no model: billed by the plan, not per token. */
  | { kind: 'copilot-chat' }
  | { kind: 'default'; id: string; from: 'promptcost.yaml defaults' | 'promptcost.defaultModel setting' };

export interface ModelChoice {
  /** The model to price, after promptcost.yaml and deployment mapping; absent when none can be known. */
  id?: string;
  source: Estimate['model']['source'];
  /** A provider named beside the id (Prompty `provider:`, an Azure deployment). */
  provider?: string;
  provenance: ModelProvenance;
}

/**
 * Which model a site is priced with: promptcost.yaml for the site first, then what the file says
 * (a deployment mapped under `deployments:`, an env default, a literal or a constant), then the
 * defaults. A call whose model cannot be known gets none (it is unpriced until one is picked).
 */
export function chooseModel(site: PromptSite, volume: SiteVolume | undefined, project: ProjectConfig, defaultModel: string): ModelChoice {
  if (volume?.model) return { id: volume.model, source: 'promptcost.yaml', provenance: { kind: 'promptcost.yaml', id: volume.model } };
  const written = site.model;
  if (written?.deployment !== undefined) {
    const mapped = own(project.deployments, written.deployment);
    const provenance: ModelProvenance = { kind: 'deployment', deployment: written.deployment, mapped };
    if (!mapped) return { source: 'deployment', provenance };
    return { id: mapped, source: 'deployment', provider: written.provider === 'azure' ? 'azure' : undefined, provenance };
  }
  if (written?.from?.envVariable) {
    return {
      id: written.id,
      source: 'file',
      provider: written.provider,
      provenance: { kind: 'env-default', id: written.id, variable: written.from.envVariable },
    };
  }
  if (written) {
    const provenance: ModelProvenance = { kind: 'written', id: written.id, constant: written.from?.constant, chatOnly: site.options.chatOnly === true };
    return { id: written.id, source: 'file', provider: written.provider, provenance };
  }
  if (site.kind === 'sdk-call') {
    const provenance: ModelProvenance = site.promptFile ? { kind: 'prompt-file-unread', promptFile: site.promptFile } : { kind: 'unknown-in-code' };
    return { source: 'default', provenance };
  }
  if (site.options.chatOnly) return { source: 'default', provenance: { kind: 'copilot-chat' } };
  const fallback = project.defaults.model ?? defaultModel;
  return {
    id: fallback,
    source: 'default',
    provenance: { kind: 'default', id: fallback, from: project.defaults.model ? 'promptcost.yaml defaults' : 'promptcost.defaultModel setting' },
  };
}
