import { boundFindings } from '../findings/boundFindings';
import { z } from 'zod';
import { setOwn } from '../records';
import { errorMessage } from '../log/logger';
import { LineIndex } from '../text/lineIndex';
import type { Finding } from '../types';
import { isMap, isScalar, keyRangeAt, nodeAt, parseYaml, rangeOf, type PlacedYaml } from '../extract/promptFiles/yamlSupport';
import type { PriceOverride } from '../pricing/priceBook';
import type { EnvValue } from './envValues';
import { isProviderId, PROVIDER_IDS, SERVICE_TIERS } from '../providers/providers';
import { isRuleId, RULE_IDS, SEVERITY_SETTINGS, type RuleId, type SeveritySetting } from '../findings/findingCodes';

/** The project cost model file, shared by the editor, the CLI and CI. */
export const PROJECT_CONFIG_FILE = 'promptcost.yaml';

const wholeNumber = (what: string) => z.number({ error: `${what} must be a number` }).int({ error: `${what} must be a whole number` });
const tokens = (what: string) => wholeNumber(what).min(0, { error: `${what} cannot be negative` });
const tier = z.enum(SERVICE_TIERS, { error: `tier must be one of ${SERVICE_TIERS.join(', ')}` });

const modelId = z.string({ error: 'model must be a model id such as "gpt-4o-mini"' }).min(1, { error: 'model cannot be empty' });
const volumeFields = {
  monthlyCalls: tokens('monthlyCalls').optional(),
  outputTokens: tokens('outputTokens').optional(),
  /** An agent site: the turns a run is expected to make, and what each turn adds besides the reply. */
  turns: wholeNumber('turns').min(1, { error: 'turns must be at least 1' }).optional(),
  toolResultTokens: tokens('toolResultTokens').optional(),
  model: modelId.optional(),
  batch: z.boolean({ error: 'batch must be true or false' }).optional(),
  tier: tier.optional(),
  variables: z.record(z.string(), tokens('a variable size (tokens)'), { error: 'variables must map variable names to token counts' }).optional(),
};

const siteSchema = z.strictObject(volumeFields);
/** `model: { openai: gpt-4.1-mini, anthropic: claude-haiku-4-5 }`: a default per provider. */
const perProviderModels = z.partialRecord(z.string().refine(isProviderId, { error: `a provider must be one of ${PROVIDER_IDS.join(', ')}` }), modelId, {
  error: 'model must be a model id, or a mapping of providers to model ids',
});
const defaultsSchema = z.strictObject({
  ...volumeFields,
  model: z.union([modelId, perProviderModels], { error: 'model must be a model id such as "gpt-4o-mini", or a mapping of providers to model ids' }).optional(),
  variableTokens: tokens('variableTokens').optional(),
});
const priceSchema = z.strictObject({
  input: z.number({ error: 'input must be USD per million tokens' }).min(0, { error: 'input cannot be negative' }),
  output: z.number({ error: 'output must be USD per million tokens' }).min(0, { error: 'output cannot be negative' }),
  cacheRead: z.number({ error: 'cacheRead must be USD per million tokens' }).min(0).optional(),
  cacheWrite: z.number({ error: 'cacheWrite must be USD per million tokens' }).min(0).optional(),
});
const ruleSeveritySchema = z.enum(SEVERITY_SETTINGS, { error: `a rule severity must be one of ${SEVERITY_SETTINGS.join(', ')}` });
/** What code reading the variable gets: YAML may type `MAX_TOKENS: 500` as a number, which env values never are. */
const envValueSchema = z.union([z.string().min(1, { error: 'an env value cannot be empty' }), z.number(), z.boolean()], {
  error: 'an env value must be the text the variable holds, e.g. SUMMARY_MODEL: claude-sonnet-4-5',
});
/** `support-ticket: { entry: src/ticket.ts#handleTicket, perDay: 300, retryRate: 0.08 }`. */
const taskSchema = z.strictObject({
  entry: z
    .string({ error: 'entry must name a function as <file>#<function>, e.g. src/ticket.ts#handleTicket' })
    .regex(/^[^#\s][^#]*#[^#\s]+$/, { error: 'entry must name a function as <file>#<function>, e.g. src/ticket.ts#handleTicket' }),
  perDay: z.number({ error: 'perDay must be a number of tasks a day' }).min(0, { error: 'perDay cannot be negative' }).optional(),
  retryRate: z
    .number({ error: 'retryRate must be a share of tasks run again, e.g. 0.08' })
    .min(0, { error: 'retryRate cannot be negative' })
    .max(10, { error: 'retryRate is a share (0.08 = 8%), at most 10' })
    .optional(),
});
/**
 * `thresholds: { cheaperModelMonthly: 5 }`: below what a rule stays quiet. A top-level section of its
 * own: `defaults:` holds volumes and `rules:` maps a rule to its severity, and neither shape takes a
 * dollar figure without changing what its entries mean.
 */
const thresholdsSchema = z.strictObject({
  cheaperModelMonthly: z
    .number({ error: 'cheaperModelMonthly must be USD a month, e.g. 5' })
    .min(0, { error: 'cheaperModelMonthly cannot be negative' })
    .optional(),
});
const deploymentSchema = z.string({ error: 'a deployment must map to a model id such as "gpt-4o"' }).min(1);

export type SiteVolume = z.infer<typeof siteSchema>;
export type VolumeDefaults = z.infer<typeof defaultsSchema>;
export type TaskConfig = z.infer<typeof taskSchema>;
export type ThresholdSettings = z.infer<typeof thresholdsSchema>;

export interface ProjectConfig {
  defaults: VolumeDefaults;
  /** Keyed by site id or by the prompt file's relative path. */
  sites: Record<string, SiteVolume>;
  /** Azure (and other) deployment names → model ids. */
  deployments: Record<string, string>;
  prices: Record<string, PriceOverride>;
  /** Rule id → severity (`off` silences it), shared by the editor, the CLI and CI. */
  rules: Partial<Record<RuleId, SeveritySetting>>;
  /**
   * Environment variable → the value code reading it gets (`env:`, then the env files at the root:
   * see envValues.ts): one line sets the model of every call that reads `SUMMARY_MODEL`.
   */
  env: Record<string, EnvValue>;
  /** Named tasks: an entry function and how many run a day; their volume flows to every LLM site they reach. */
  tasks: Record<string, TaskConfig>;
  /** `thresholds:` as written (absent when the file has none); the rules' defaults fill in the rest. */
  thresholds?: ThresholdSettings;
  /**
   * Where the file has errors that change figures: the `sites:` keys with a bad entry, whether
   * `defaults:` has one, whether nothing in the file could be used. Absent when it has none. A site
   * estimated with defaults because of them says so (never silently).
   */
  invalid?: InvalidConfig;
}

export interface InvalidConfig {
  sites: string[];
  defaults: boolean;
  /** The file as a whole could not be read (broken YAML, not a mapping): every figure uses defaults. */
  all: boolean;
}

export const EMPTY_PROJECT_CONFIG: ProjectConfig = { defaults: {}, sites: {}, deployments: {}, prices: {}, rules: {}, env: {}, tasks: {} };

const TOP_LEVEL_KEYS = ['defaults', 'sites', 'deployments', 'prices', 'rules', 'env', 'tasks', 'thresholds'];

/**
 * Reads promptcost.yaml. Each section and each entry is validated on its own, so one bad entry
 * costs only itself: the rest still applies, and every problem is a finding at its key or value.
 */
export function parseProjectConfig(text: string): { config: ProjectConfig; findings: Finding[] } {
  const { config, findings } = readProjectConfig(text);
  const invalid = invalidParts(findings);
  if (invalid) config.invalid = invalid;
  return { config, findings: boundFindings(findings) };
}

/**
 * The parts of the file its problems make unusable, read from where each problem is (its message
 * starts with, or names, the key path: `sites."prompts/a.prompty".monthlyCalls: …`, `Unknown key "x"
 * in defaults.`); a problem with no section in its message is the file's as a whole.
 */
function invalidParts(findings: readonly Finding[]): InvalidConfig | undefined {
  if (findings.length === 0) return undefined;
  const invalid: InvalidConfig = { sites: [], defaults: false, all: false };
  for (const { message } of findings) {
    const site = /(?:^|in )sites\.(?:"([^"]+)"|([^.\s:"]+))/.exec(message);
    if (site && !invalid.sites.includes(site[1] ?? site[2])) invalid.sites.push(site[1] ?? site[2]);
    else if (site) continue;
    else if (/(?:^|in )defaults\b/.test(message)) invalid.defaults = true;
    else if (/^promptcost\.yaml (?:must be|cannot be read)|^(?!(?:deployments|prices|rules|env|tasks|thresholds)\b)(?!Unknown (?:key|rule)\b)/.test(message))
      invalid.all = true;
  }
  return invalid.sites.length > 0 || invalid.defaults || invalid.all ? invalid : undefined;
}

function readProjectConfig(text: string): { config: ProjectConfig; findings: Finding[] } {
  const index = new LineIndex(text);
  const { yaml, findings } = parseYaml(text, 0, index);
  const config: ProjectConfig = { defaults: {}, sites: {}, deployments: {}, prices: {}, rules: {}, env: {}, tasks: {} };
  const root = yaml.doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) return { config, findings };
  if (!isMap(root)) {
    findings.push(
      problem(
        'promptcost.yaml must be a mapping with defaults, sites, deployments, prices, rules, env, tasks and thresholds.',
        rangeOf(yaml, root as never) ?? index.range(0, 0),
      ),
    );
    return { config, findings };
  }
  for (const item of root.items) {
    const key = isScalar(item.key) ? String(item.key.value) : undefined;
    if (key !== undefined && !TOP_LEVEL_KEYS.includes(key)) {
      findings.push(problem(`Unknown key "${key}": promptcost.yaml takes ${TOP_LEVEL_KEYS.join(', ')}.`, placeOf(yaml, [], rangeOf(yaml, item.key as never))));
    }
  }
  let data: Record<string, unknown>;
  try {
    // An alias bomb (an alias expanding to billions of nodes) stops here instead of filling the heap.
    data = yaml.doc.toJS({ maxAliasCount: 100 }) as Record<string, unknown>;
  } catch (error) {
    findings.push(problem(`promptcost.yaml cannot be read: ${errorMessage(error)}. Nothing in it is used.`, index.range(0, 0)));
    return { config, findings };
  }

  if (data.defaults !== undefined) {
    const parsed = check(defaultsSchema, data.defaults, ['defaults'], yaml, findings);
    if (parsed) config.defaults = parsed;
  }
  for (const [name, value] of entries(data.sites, ['sites'], yaml, findings)) {
    const parsed = check(siteSchema, value, ['sites', name], yaml, findings);
    // Keys are the user's: set as own entries, `__proto__` included.
    if (parsed) setOwn(config.sites, name, parsed);
  }
  readSection(data.deployments, 'deployments', deploymentSchema, config.deployments, yaml, findings);
  readSection(data.prices, 'prices', priceSchema, config.prices, yaml, findings);
  for (const [name, value] of entries(data.rules, ['rules'], yaml, findings)) {
    if (!isRuleId(name)) {
      findings.push(problem(`Unknown rule "${name}": rules: takes ${RULE_IDS.join(', ')}.`, placeOf(yaml, ['rules'], keyRangeAt(yaml, ['rules', name]))));
      continue;
    }
    const parsed = check(ruleSeveritySchema, value, ['rules', name], yaml, findings);
    if (parsed) setOwn(config.rules, name, parsed);
  }
  for (const [name, value] of entries(data.env, ['env'], yaml, findings)) {
    const parsed = check(envValueSchema, value, ['env', name], yaml, findings);
    if (parsed !== undefined) setOwn(config.env, name, { value: String(parsed), from: 'promptcost.yaml' });
  }
  readSection(data.tasks, 'tasks', taskSchema, config.tasks, yaml, findings);
  if (data.thresholds !== undefined && data.thresholds !== null) {
    const parsed = check(thresholdsSchema, data.thresholds, ['thresholds'], yaml, findings);
    if (parsed) config.thresholds = parsed;
  }
  return { config, findings };
}

/** A section of named entries checked one by one against its schema: a bad entry costs only itself. */
function readSection<T>(section: unknown, name: string, schema: z.ZodType<T>, into: Record<string, T>, yaml: PlacedYaml, findings: Finding[]): void {
  for (const [key, value] of entries(section, [name], yaml, findings)) {
    const parsed = check(schema, value, [name, key], yaml, findings);
    // Keys are the user's: set as own entries, `__proto__` included.
    if (parsed) setOwn(into, key, parsed);
  }
}

function entries(section: unknown, path: string[], yaml: PlacedYaml, findings: Finding[]): Array<[string, unknown]> {
  if (section === undefined || section === null) return [];
  if (typeof section !== 'object' || Array.isArray(section)) {
    findings.push(problem(`${path.join('.')} must be a mapping.`, placeOf(yaml, path, rangeOf(yaml, nodeAt(yaml, path)) ?? keyRangeAt(yaml, path))));
    return [];
  }
  return Object.entries(section as Record<string, unknown>);
}

function check<T>(schema: z.ZodType<T>, value: unknown, path: string[], yaml: PlacedYaml, findings: Finding[]): T | undefined {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  report(result.error.issues, path, yaml, findings);
  // Keep the entry's valid fields: a typo in one must not silently drop the others.
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const bad = new Set<string>();
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys' && issue.path.length === 0) issue.keys.forEach((key) => bad.add(key));
    else if (issue.path.length > 0) bad.add(String(issue.path[0]));
  }
  const kept = Object.fromEntries(Object.entries(value as Record<string, unknown>).filter(([key]) => !bad.has(key)));
  const retry = schema.safeParse(kept);
  return retry.success ? retry.data : undefined;
}

function report(issues: z.core.$ZodIssue[], path: string[], yaml: PlacedYaml, findings: Finding[]): void {
  for (const issue of issues) {
    const issuePath = [...path, ...issue.path.map(String)];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const at = keyRangeAt(yaml, [...issuePath, key]);
        findings.push(problem(`Unknown key "${key}" in ${describe(issuePath)}.`, placeOf(yaml, issuePath, at)));
      }
      continue;
    }
    const at = placeOf(yaml, issuePath);
    findings.push(problem(`${describe(issuePath)}: ${issue.message}.`, at));
  }
}

function describe(path: string[]): string {
  return path.map((part, i) => (i > 0 && /[^\w-]/.test(part) ? `"${part}"` : part)).join('.');
}

function problem(message: string, range: Finding['range']): Finding {
  return { rule: 'invalid-config', severity: 'error', message, range, fixes: [] };
}

/**
 * Where a problem at a key path goes: the place given, else the node or key at the path, else at its
 * nearest ancestor that has one (a key YAML cannot name, such as `{}`, has no place of its own), else
 * the file's start.
 */
function placeOf(yaml: PlacedYaml, path: string[], given?: Finding['range']): Finding['range'] {
  if (given) return given;
  for (let length = path.length; length > 0; length--) {
    const prefix = path.slice(0, length);
    const found = rangeOf(yaml, nodeAt(yaml, prefix)) ?? keyRangeAt(yaml, prefix);
    if (found) return found;
  }
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}
