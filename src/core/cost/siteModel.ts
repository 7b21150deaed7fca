import type { EnvSource, Estimate, ModelSource, PromptSite } from '../types';
import type { ProjectConfig, SiteVolume } from '../volume/projectConfig';
import { own } from '../records';
import { parseModelId } from '../models/modelId';
import { providerOfModelName, type ProviderId } from '../providers/providers';

/** Where the model of a site came from: what the assumptions say about it. */
export type ModelProvenance =
  | { kind: 'promptcost.yaml'; id: string }
  | { kind: 'deployment'; deployment: string; mapped?: string }
  | { kind: 'env-default'; id: string; variable: string }
  /** `process.env.SUMMARY_MODEL` with its value in promptcost.yaml `env:` or an env file. */
  | { kind: 'env-map'; id: string; variable: string; setIn: EnvSource }
  | { kind: 'written'; id: string; constant?: string; importedFrom?: string; attribute?: string; routerAlias?: string; chatOnly: boolean }
  /** What every call of the function passes for the parameter the model is read from; `files` when all that could call it were read. */
  | { kind: 'callers'; id: string; parameter: string; calls: number; files?: string[] }
  /** `def ask(q, model="gpt-4o")`: the default a caller that passes no model gets. */
  | { kind: 'parameter-default'; id: string; parameter: string; constant?: string }
  /** A call that runs a prompt file that could not be read. */
  | { kind: 'prompt-file-unread'; promptFile: string }
  /** A call whose model is a parameter or a variable. */
  | { kind: 'unknown-in-code' }
  /** A Copilot chat prompt naming no model: billed by the plan, not per token. */
  | { kind: 'copilot-chat' }
  /** No model named: a default is assumed, and said to be (`defaults.model` in promptcost.yaml, or the setting / `--model`). */
  | { kind: 'default'; id: string; from: AssumedFrom; inCode: boolean }
  /** A call whose provider is known but no default of that provider is set: nothing can be assumed. */
  | { kind: 'no-default-for-provider'; provider: ProviderId };

/** Where an assumed model comes from, as the assumptions name it. */
export type AssumedFrom = 'promptcost.yaml defaults' | `promptcost.yaml defaults for ${string}` | DefaultModelFrom;

/** Where the default model outside promptcost.yaml was set: the editor setting, or the CLI's option. */
export type DefaultModelFrom = 'promptcost.defaultModel setting' | '--model';

/** The one word for a provenance. */
export function modelSourceOf(provenance: ModelProvenance): ModelSource {
  switch (provenance.kind) {
    case 'promptcost.yaml':
      return 'promptcost.yaml';
    case 'deployment':
      return provenance.mapped ? 'promptcost.yaml' : 'unknown';
    case 'env-default':
      return 'env-default';
    case 'env-map':
      return 'env-map';
    case 'parameter-default':
      return 'parameter-default';
    case 'callers':
      return 'callers';
    case 'written':
      if (provenance.attribute) return 'attribute';
      if (provenance.importedFrom) return 'import';
      return provenance.constant ? 'constant' : 'literal';
    case 'default':
      return 'assumed';
    default:
      return 'unknown';
  }
}

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
export function chooseModel(
  site: PromptSite,
  volume: SiteVolume | undefined,
  project: ProjectConfig,
  defaultModel: string,
  defaultModelFrom: DefaultModelFrom = 'promptcost.defaultModel setting',
): ModelChoice {
  if (volume?.model) return { id: volume.model, source: 'promptcost.yaml', provenance: { kind: 'promptcost.yaml', id: volume.model } };
  const written = site.model;
  if (written?.deployment !== undefined) {
    const mapped = own(project.deployments, written.deployment);
    const provenance: ModelProvenance = { kind: 'deployment', deployment: written.deployment, mapped };
    if (!mapped) return { source: 'deployment', provenance };
    return { id: mapped, source: 'deployment', provider: written.provider === 'azure' ? 'azure' : undefined, provenance };
  }
  if (written) return { id: written.id, source: 'file', provider: written.provider, provenance: writtenProvenance(written, site) };
  if (site.kind === 'sdk-call' && site.promptFile) return { source: 'default', provenance: { kind: 'prompt-file-unread', promptFile: site.promptFile } };
  if (site.options.chatOnly) return { source: 'default', provenance: { kind: 'copilot-chat' } };
  const inCode = site.kind === 'sdk-call';
  const assumed = assumedModel(site.provider, project, { id: defaultModel, from: defaultModelFrom });
  if (!assumed)
    return { source: 'default', provenance: site.provider ? { kind: 'no-default-for-provider', provider: site.provider } : { kind: 'unknown-in-code' } };
  return { id: assumed.id, source: 'default', provider: site.provider, provenance: { kind: 'default', ...assumed, inCode } };
}

/** Where a model the file names came from: an env value or default, the callers, a parameter's default, the code as written. */
function writtenProvenance(written: NonNullable<PromptSite['model']>, site: PromptSite): ModelProvenance {
  const { id, from = {} } = written;
  if (from.envVariable && from.envSetIn) return { kind: 'env-map', id, variable: from.envVariable, setIn: from.envSetIn };
  if (from.envVariable) return { kind: 'env-default', id, variable: from.envVariable };
  if (from.parameter && from.callers !== undefined)
    return {
      kind: 'callers',
      id,
      parameter: from.parameter,
      calls: from.callers,
      files: from.callerFiles?.map((file) => (file === site.file ? 'this file' : file)),
    };
  if (from.parameter) return { kind: 'parameter-default', id, parameter: from.parameter, constant: from.constant };
  const { constant, importedFrom, attribute, routerAlias } = from;
  return { kind: 'written', id, constant, importedFrom, attribute, routerAlias, chatOnly: site.options.chatOnly === true };
}

/**
 * The model assumed for a site that names none: the default promptcost.yaml sets for the call's
 * provider, else the one default (promptcost.yaml `defaults.model`, else the setting or `--model`) —
 * unless the call's provider is known and that default is another provider's model: an OpenAI model
 * says nothing about what an Anthropic call costs.
 */
function assumedModel(
  provider: ProviderId | undefined,
  project: ProjectConfig,
  setting: { id: string; from: DefaultModelFrom },
): { id: string; from: AssumedFrom } | undefined {
  const configured = project.defaults.model;
  if (typeof configured === 'object') {
    const forProvider = provider === undefined ? undefined : own(configured, provider);
    if (forProvider) return { id: forProvider, from: `promptcost.yaml defaults for ${provider}` };
  }
  const single: { id: string; from: AssumedFrom } = typeof configured === 'string' ? { id: configured, from: 'promptcost.yaml defaults' } : setting;
  if (provider !== undefined && modelProvider(single.id) !== provider) return undefined;
  return single;
}

/** The provider a model id names, by its prefix or its name. */
function modelProvider(id: string): ProviderId | undefined {
  const parsed = parseModelId(id);
  return parsed.provider ?? providerOfModelName(parsed.name);
}
