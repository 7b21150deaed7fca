import { boundFindings } from '../findings/boundFindings';
import { z } from 'zod';
import { setOwn } from '../records';
import { errorMessage } from '../log/logger';
import { LineIndex } from '../text/lineIndex';
import { nearest } from '../text/suggest';
import type { Finding } from '../types';
import { isMap, isScalar, keyRangeAt, nodeAt, parseYaml, rangeOf, type PlacedYaml } from '../extract/promptFiles/yamlSupport';
import type { PriceOverride } from '../pricing/priceBook';
import type { EnvValue } from './envValues';
import { isProviderId, PROVIDER_IDS, SERVICE_TIERS } from '../providers/providers';
import { FINDING_CODES, isRuleId, RULE_IDS, SEVERITY_SETTINGS, type RuleId, type SeveritySetting } from '../findings/findingCodes';

/** The project cost model file, shared by the editor, the CLI and CI. */
export const PROJECT_CONFIG_FILE = 'promptcost.yaml';

/**
 * What the YAML extension shows for a key in completions and hovers (schemas/promptcost.schema.json,
 * generated from these schemas by `npm run generate:schema`): plain text, and Markdown where code helps.
 */
function doc(description: string, markdownDescription?: string): { description: string; markdownDescription?: string } {
  return markdownDescription === undefined ? { description } : { description, markdownDescription };
}

const wholeNumber = (what: string) => z.number({ error: `${what} must be a number` }).int({ error: `${what} must be a whole number` });
const tokens = (what: string) => wholeNumber(what).min(0, { error: `${what} cannot be negative` });
const tier = z.enum(SERVICE_TIERS, { error: `tier must be one of ${SERVICE_TIERS.join(', ')}` });

const modelId = z.string({ error: 'model must be a model id such as "gpt-4o-mini"' }).min(1, { error: 'model cannot be empty' });
const volumeFields = {
  monthlyCalls: tokens('monthlyCalls')
    .optional()
    .meta(
      doc(
        'Calls a month (a whole number, at least 0); for an agent, runs a month. Example: 90000.',
        'Calls a month (a whole number, at least 0); for an agent, **runs** a month. Under `defaults:` it applies to every site with no value of its own (else the `promptcost.monthlyCalls` setting, 10000).\n\nExample: `monthlyCalls: 90000`',
      ),
    ),
  outputTokens: tokens('outputTokens')
    .optional()
    .meta(
      doc(
        "Tokens the visible reply is expected to have (a whole number, at least 0): the monthly cost uses it instead of the output cap. A reasoning model's expected hidden reasoning is added on top. Example: 250.",
        "Tokens the visible reply is expected to have (a whole number, at least 0): the monthly cost uses it instead of the output cap (`max_tokens`). A reasoning model's expected hidden reasoning is added on top, both within the cap.\n\nExample: `outputTokens: 250`",
      ),
    ),
  /** An agent site: the turns a run is expected to make, and what each turn adds besides the reply. */
  turns: wholeNumber('turns')
    .min(1, { error: 'turns must be at least 1' })
    .optional()
    .meta(
      doc(
        'An agent: model turns a run is expected to make (a whole number, at least 1). Example: 4.',
        'An agent: model turns a run is expected to make (a whole number, at least 1); each later turn re-sends the earlier replies and tool results.\n\nExample: `turns: 4`',
      ),
    ),
  toolResultTokens: tokens('toolResultTokens')
    .optional()
    .meta(
      doc(
        'An agent: tokens a tool result adds to each turn besides the reply (a whole number, at least 0). Example: 900.',
        'An agent: tokens a tool result (or an error fed back) adds to each turn besides the reply (a whole number, at least 0).\n\nExample: `toolResultTokens: 900`',
      ),
    ),
  model: modelId
    .optional()
    .meta(
      doc(
        'Model id that prices this prompt or call, overriding the one in code or the prompt file. Example: gpt-4o-mini.',
        'Model id that prices this prompt or call, overriding the one in code or the prompt file, e.g. `gpt-4o-mini`, `claude-sonnet-4-5`, `gemini-2.5-flash`.\n\nExample: `model: gpt-4o-mini`',
      ),
    ),
  batch: z
    .boolean({ error: 'batch must be true or false' })
    .optional()
    .meta(
      doc(
        'true: the calls go through the batch API and are priced at the batch tier (same as tier: batch). Example: true.',
        '`true`: the calls go through the batch API and are priced at the batch tier (the same as `tier: batch`).\n\nExample: `batch: true`',
      ),
    ),
  tier: tier
    .optional()
    .meta(
      doc(
        `Service tier the calls are priced at: ${SERVICE_TIERS.join(', ')}. Example: batch.`,
        `Service tier the calls are priced at: ${SERVICE_TIERS.map((name) => `\`${name}\``).join(', ')} (the provider's tier discount or surcharge applies).\n\nExample: \`tier: batch\``,
      ),
    ),
  variables: z
    .record(z.string(), tokens('a variable size (tokens)'), { error: 'variables must map variable names to token counts' })
    .optional()
    .meta(
      doc(
        'Typical size in tokens of each variable part of the prompt, by variable name ({{context}}, ${ticket}, a function argument). Example: { context: 1800 }.',
        'Typical size in tokens (a whole number, at least 0) of each variable part of the prompt, by variable name (`{{context}}`, `${ticket}`, a function argument).\n\nExample: `variables: { context: 1800, question: 80 }`',
      ),
    ),
};

const siteSchema = z
  .strictObject(volumeFields)
  .meta(
    doc('Volume and sizes of one prompt file or LLM call: monthlyCalls, outputTokens, variables, model, tier, and for an agent turns and toolResultTokens.'),
  );
/** `model: { openai: gpt-4.1-mini, anthropic: claude-haiku-4-5 }`: a default per provider. */
const perProviderModels = z.partialRecord(z.string().refine(isProviderId, { error: `a provider must be one of ${PROVIDER_IDS.join(', ')}` }), modelId, {
  error: 'model must be a model id, or a mapping of providers to model ids',
});
const defaultsSchema = z
  .strictObject({
    ...volumeFields,
    model: z
      .union([modelId, perProviderModels], { error: 'model must be a model id such as "gpt-4o-mini", or a mapping of providers to model ids' })
      .optional()
      // JSON Schema cannot say "a key must be a provider id" (a refinement): the description does.
      .meta(
        doc(
          `Model assumed for a prompt or call that names none: one model id, or one per provider (keys: ${PROVIDER_IDS.join(', ')}). Example: gpt-4.1-mini.`,
          `Model assumed for a prompt or call that names none (instead of the \`promptcost.defaultModel\` setting): one model id, or one per provider, keyed by ${PROVIDER_IDS.map((id) => `\`${id}\``).join(', ')}.\n\nExamples: \`model: gpt-4.1-mini\`, \`model: { openai: gpt-4.1-mini, anthropic: claude-haiku-4-5 }\``,
        ),
      ),
    variableTokens: tokens('variableTokens')
      .optional()
      .meta(
        doc(
          'Tokens assumed for a variable part of a prompt that variables: and samples do not size (a whole number, at least 0). Example: 200.',
          'Tokens assumed for a variable part of a prompt that no `variables:` entry or sample sizes (a whole number, at least 0).\n\nExample: `variableTokens: 200`',
        ),
      ),
  })
  .meta(doc('Values for every site that sets none of its own.'));
const usdPerMillion = (what: string) => z.number({ error: `${what} must be USD per million tokens` });
const priceSchema = z
  .strictObject({
    input: usdPerMillion('input')
      .min(0, { error: 'input cannot be negative' })
      .meta(
        doc(
          'Price of input tokens, in USD per million tokens (at least 0). Example: 3.0.',
          'Price of input tokens, in **USD per million tokens** (at least 0).\n\nExample: `input: 3.0`',
        ),
      ),
    output: usdPerMillion('output')
      .min(0, { error: 'output cannot be negative' })
      .meta(
        doc(
          'Price of output tokens, in USD per million tokens (at least 0). Example: 12.0.',
          'Price of output tokens, in **USD per million tokens** (at least 0).\n\nExample: `output: 12.0`',
        ),
      ),
    cacheRead: usdPerMillion('cacheRead')
      .min(0)
      .optional()
      .meta(
        doc(
          'Price of input tokens read from the prompt cache, in USD per million tokens (at least 0). Example: 0.3.',
          'Price of input tokens read from the prompt cache, in **USD per million tokens** (at least 0).\n\nExample: `cacheRead: 0.3`',
        ),
      ),
    cacheWrite: usdPerMillion('cacheWrite')
      .min(0)
      .optional()
      .meta(
        doc(
          'Price of input tokens written to the prompt cache, in USD per million tokens (at least 0). Example: 3.75.',
          'Price of input tokens written to the prompt cache, in **USD per million tokens** (at least 0).\n\nExample: `cacheWrite: 3.75`',
        ),
      ),
  })
  .meta(doc('Prices of one model, in USD per million tokens: input and output, and optionally cacheRead and cacheWrite.'));
const ruleSeveritySchema = z.enum(SEVERITY_SETTINGS, { error: `a rule severity must be one of ${SEVERITY_SETTINGS.join(', ')}` });
/** What code reading the variable gets: YAML may type `MAX_TOKENS: 500` as a number, which env values never are. */
const envValueSchema = z
  .union([z.string().min(1, { error: 'an env value cannot be empty' }), z.number(), z.boolean()], {
    error: 'an env value must be the text the variable holds, e.g. SUMMARY_MODEL: claude-sonnet-4-5',
  })
  .meta(doc('The text the environment variable holds (a number or true/false is read as its text). Example: claude-sonnet-4-5.'));
const TASK_ENTRY_ERROR = 'entry must name a function as <file>#<function>, e.g. src/ticket.ts#handleTicket';
/** `support-ticket: { entry: src/ticket.ts#handleTicket, perDay: 300, retryRate: 0.08 }`. */
const taskSchema = z
  .strictObject({
    entry: z
      .string({ error: TASK_ENTRY_ERROR })
      .regex(/^[^#\s][^#]*#[^#\s]+$/, { error: TASK_ENTRY_ERROR })
      .meta(
        doc(
          'The function one task starts at, as <file>#<function> (the file relative to the workspace root). Required. Example: src/ticket.ts#handleTicket.',
          'The function one task starts at, as `<file>#<function>` (the file relative to the workspace root). **Required.**\n\nExample: `entry: src/ticket.ts#handleTicket`',
        ),
      ),
    perDay: z
      .number({ error: 'perDay must be a number of tasks a day' })
      .min(0, { error: 'perDay cannot be negative' })
      .optional()
      .meta(
        doc(
          'Tasks run a day (at least 0); a month is 30 days. Example: 300.',
          'Tasks run **a day** (at least 0); a month is 30 days.\n\nExample: `perDay: 300`',
        ),
      ),
    retryRate: z
      .number({ error: 'retryRate must be a share of tasks run again, e.g. 0.08' })
      .min(0, { error: 'retryRate cannot be negative' })
      .max(10, { error: 'retryRate is a share (0.08 = 8%), at most 10' })
      .optional()
      .meta(
        doc(
          'Share of tasks run again (0.08 = 8%; from 0 to 10). Example: 0.08.',
          'Share of tasks run again, e.g. retries and redeliveries (`0.08` = 8%; from 0 to 10).\n\nExample: `retryRate: 0.08`',
        ),
      ),
  })
  .meta(doc('One task: the function it starts at (entry), how many run a day (perDay) and how many run again (retryRate).'));
/**
 * `thresholds: { cheaperModelMonthly: 5 }`: below what a rule stays quiet. A top-level section of its
 * own: `defaults:` holds volumes and `rules:` maps a rule to its severity, and neither shape takes a
 * dollar figure without changing what its entries mean.
 */
const thresholdsSchema = z.strictObject({
  cheaperModelMonthly: z
    .number({ error: 'cheaperModelMonthly must be USD a month, e.g. 5' })
    .min(0, { error: 'cheaperModelMonthly cannot be negative' })
    .optional()
    .meta(
      doc(
        'cheaper-model suggests another model only where the switch saves at least this many USD a month (at least 0; default 5). Example: 5.',
        '`cheaper-model` suggests another model only where the switch saves at least this many **USD a month** (at least 0; default 5). The `promptcost.cheaperModel.minMonthlySaving` setting overrides it in the editor.\n\nExample: `cheaperModelMonthly: 5`',
      ),
    ),
});
/** A non-negative amount of USD a month, for the policy's budgets. */
const usdMonthly = (name: string, example: number) =>
  z
    .number({ error: `${name} must be USD a month, e.g. ${example}` })
    .min(0, { error: `${name} cannot be negative` })
    .optional();
/**
 * `policy:` — what `promptcost check` and `promptcost diff` fail on (exit 1) in CI. The CLI's own
 * flags (`--max-monthly`, `--fail-on`) win over it.
 */
const policySchema = z.strictObject({
  maxMonthly: usdMonthly('maxMonthly', 2000).meta(
    doc(
      'Fail when the monthly total is over this many USD. Example: 2000.',
      'Fail when the monthly total is over this many **USD a month** (`check` and `diff`).\n\nExample: `maxMonthly: 2000`',
    ),
  ),
  maxMonthlyIncrease: usdMonthly('maxMonthlyIncrease', 100).meta(
    doc(
      'diff: fail when a change adds more than this many USD a month. Example: 100.',
      '`diff`: fail when a change adds more than this many **USD a month**.\n\nExample: `maxMonthlyIncrease: 100`',
    ),
  ),
  maxIncreasePercent: z
    .number({ error: 'maxIncreasePercent must be a percentage, e.g. 10' })
    .min(0, { error: 'maxIncreasePercent cannot be negative' })
    .optional()
    .meta(
      doc(
        'diff: fail when a change raises the monthly total by more than this percentage. Example: 10.',
        '`diff`: fail when a change raises the monthly total by more than this **percentage**.\n\nExample: `maxIncreasePercent: 10`',
      ),
    ),
  maxSiteMonthly: usdMonthly('maxSiteMonthly', 500).meta(
    doc(
      'Fail when one prompt or call costs more than this many USD a month (diff: sites the change adds or changes). Example: 500.',
      'Fail when one prompt or call costs more than this many **USD a month** (`diff`: only the sites the change adds or changes).\n\nExample: `maxSiteMonthly: 500`',
    ),
  ),
  blockUnknownModels: z
    .boolean({ error: 'blockUnknownModels is true or false' })
    .optional()
    .meta(
      doc(
        'Fail on a prompt or call whose model has no known price (diff: sites the change adds or changes). Example: true.',
        'Fail on a prompt or call whose model has no known price, so that nothing is waved through at an unknown cost (`diff`: only the sites the change adds or changes).\n\nExample: `blockUnknownModels: true`',
      ),
    ),
  failOn: z
    .enum(['warning', 'error'], { error: 'failOn is warning or error' })
    .optional()
    .meta(
      doc(
        'Fail on findings at or above this severity (diff: findings the change adds); --fail-on wins. Example: error.',
        'Fail on findings at or above this severity: `warning` or `error` (`diff`: only the findings the change adds). `--fail-on` wins.\n\nExample: `failOn: warning`',
      ),
    ),
});
const deploymentSchema = z
  .string({ error: 'a deployment must map to a model id such as "gpt-4o"' })
  .min(1)
  .meta(doc('The model id the deployment runs. Example: gpt-4o.'));
/** `rules:` as one object for the JSON Schema (each id completes and hovers); parsing checks each entry on its own. */
const rulesSchema = z.strictObject(
  Object.fromEntries(
    RULE_IDS.map((id) => [
      id,
      ruleSeveritySchema
        .optional()
        .meta(
          doc(
            `${FINDING_CODES[id].summary} Severity: ${SEVERITY_SETTINGS.join(', ')} (off silences the rule); default ${FINDING_CODES[id].defaultSeverity}.`,
            `${FINDING_CODES[id].summary}\n\nSeverity: ${SEVERITY_SETTINGS.map((setting) => `\`${setting}\``).join(', ')} (\`off\` silences the rule); default \`${FINDING_CODES[id].defaultSeverity}\`. The \`promptcost.rules.${id}\` setting overrides it in the editor.`,
          ),
        ),
    ]),
  ),
);
/** A section of named entries; an empty section (`sites:` with nothing under it) is no entries. */
const section = <T extends z.ZodType>(entry: T) => z.record(z.string(), entry).nullable();

/**
 * The whole of promptcost.yaml as one schema, for schemas/promptcost.schema.json (scripts/generateConfigSchema.ts).
 * Reading the file does not parse it at once: each section and entry is checked on its own (readProjectConfig).
 */
export const projectConfigSchema = z
  .strictObject({
    defaults: defaultsSchema
      .optional()
      .meta(
        doc(
          'Values for every site that sets none of its own: monthlyCalls, outputTokens, model (one id or one per provider), tier, variableTokens, turns, toolResultTokens. Example: { monthlyCalls: 30000, outputTokens: 400 }.',
          'Values for every site that sets none of its own: `monthlyCalls`, `outputTokens`, `model` (one id or one per provider), `tier`, `variableTokens`, and for agents `turns` and `toolResultTokens`.\n\nExample: `defaults: { monthlyCalls: 30000, outputTokens: 400 }`',
        ),
      ),
    sites: section(siteSchema)
      .optional()
      .meta(
        doc(
          'Volumes and sizes per prompt or call, keyed by the prompt file path relative to the workspace root, a code file, or a site id (<file>#<function>). Example: prompts/support.prompty: { monthlyCalls: 90000 }.',
          'Volumes and sizes per prompt or call, keyed by the prompt file path relative to the workspace root, a code file, or a site id (`<file>#<function>`).\n\nExample:\n```yaml\nsites:\n  prompts/support.prompty: { monthlyCalls: 90000, outputTokens: 250, variables: { context: 1800 } }\n```',
        ),
      ),
    deployments: section(deploymentSchema)
      .optional()
      .meta(
        doc(
          'Deployment names (Azure OpenAI and others) mapped to the model id each runs, so their calls are priced. Example: my-gpt4o: gpt-4o.',
          'Deployment names (Azure OpenAI and others) mapped to the model id each runs, so that calls naming the deployment are priced.\n\nExample: `deployments: { my-gpt4o: gpt-4o }`',
        ),
      ),
    prices: section(priceSchema)
      .optional()
      .meta(
        doc(
          'Prices of models the bundled price data lacks or that you pay differently for (fine-tunes, negotiated rates), in USD per million tokens, keyed by model id. Example: my-finetune: { input: 3.0, output: 12.0 }.',
          'Prices of models the bundled price data lacks or that you pay differently for (fine-tunes, negotiated rates), in **USD per million tokens**, keyed by model id.\n\nExample: `prices: { my-finetune: { input: 3.0, output: 12.0 } }`',
        ),
      ),
    rules: rulesSchema
      .nullable()
      .optional()
      .meta(
        doc(
          `Severity of each cost rule (${SEVERITY_SETTINGS.join(', ')}; off silences it), shared by the editor, the CLI and CI; the promptcost.rules.* settings override it in the editor. Example: cheaper-model: off.`,
          `Severity of each cost rule (${SEVERITY_SETTINGS.map((setting) => `\`${setting}\``).join(', ')}; \`off\` silences it), shared by the editor, the CLI and CI; the \`promptcost.rules.*\` settings override it in the editor.\n\nExample: \`rules: { cheaper-model: off, missing-max-tokens: error }\``,
        ),
      ),
    env: section(envValueSchema)
      .optional()
      .meta(
        doc(
          'Values of environment variables code reads (process.env.X, os.getenv("X")), e.g. the model of every call reading SUMMARY_MODEL; wins over .env.example and .env. Example: SUMMARY_MODEL: claude-sonnet-4-5.',
          'Values of environment variables code reads (`process.env.X`, `os.getenv("X")`): one line sets the model of every call that reads `SUMMARY_MODEL`. Wins over `.env.example`, `.env.sample`, `.env.template` and `.env`.\n\nExample: `env: { SUMMARY_MODEL: claude-sonnet-4-5, SUMMARY_CAP: 800 }`',
        ),
      ),
    tasks: section(taskSchema)
      .optional()
      .meta(
        doc(
          'Named tasks: the function one run starts at (entry) and how many run a day; their volume flows to every LLM call they reach. Example: support-ticket: { entry: src/ticket.ts#handleTicket, perDay: 300 }.',
          'Named tasks: the function one run starts at (`entry`) and how many run a day; their volume flows to every LLM call they reach, and each task shows what one run costs end to end.\n\nExample:\n```yaml\ntasks:\n  support-ticket: { entry: src/ticket.ts#handleTicket, perDay: 300, retryRate: 0.08 }\n```',
        ),
      ),
    policy: policySchema
      .nullable()
      .optional()
      .meta(
        doc(
          'What promptcost check and promptcost diff fail on in CI: maxMonthly, maxMonthlyIncrease, maxIncreasePercent, maxSiteMonthly, blockUnknownModels, failOn. Example: { maxMonthlyIncrease: 100, blockUnknownModels: true }.',
          'What `promptcost check` and `promptcost diff` fail on (exit 1) in CI: `maxMonthly`, `maxMonthlyIncrease`, `maxIncreasePercent`, `maxSiteMonthly`, `blockUnknownModels`, `failOn`.\n\nExample: `policy: { maxMonthlyIncrease: 100, maxIncreasePercent: 10, blockUnknownModels: true }`',
        ),
      ),
    thresholds: thresholdsSchema
      .nullable()
      .optional()
      .meta(
        doc(
          'Below what a rule stays quiet: cheaperModelMonthly (USD a month). Example: { cheaperModelMonthly: 5 }.',
          'Below what a rule stays quiet: `cheaperModelMonthly` (USD a month).\n\nExample: `thresholds: { cheaperModelMonthly: 5 }`',
        ),
      ),
  })
  .meta({
    title: 'promptcost.yaml',
    ...doc(
      'The project cost model of Prompt Cost, read by the editor, the CLI and CI: volumes, sizes, models, prices, rule severities, env values and tasks.',
      'The project cost model of [Prompt Cost](https://github.com/promptcost/promptcost#promptcostyaml), read by the editor, the CLI and CI: volumes, sizes, models, prices, rule severities, env values and tasks. Every key is optional.',
    ),
  });

export type SiteVolume = z.infer<typeof siteSchema>;
export type VolumeDefaults = z.infer<typeof defaultsSchema>;
export type TaskConfig = z.infer<typeof taskSchema>;
export type ThresholdSettings = z.infer<typeof thresholdsSchema>;
export type CostPolicy = z.infer<typeof policySchema>;

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
  /** `policy:` as written (absent when the file has none): what check and diff fail on. */
  policy?: CostPolicy;
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

const TOP_LEVEL_KEYS = Object.keys(projectConfigSchema.shape);

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
    else if (
      /^promptcost\.yaml (?:must be|cannot be read)|^(?!(?:deployments|prices|rules|env|tasks|policy|thresholds)\b)(?!Unknown (?:key|rule)\b)/.test(message)
    )
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
        'promptcost.yaml must be a mapping with defaults, sites, deployments, prices, rules, env, tasks, policy and thresholds.',
        rangeOf(yaml, root as never) ?? index.range(0, 0),
      ),
    );
    return { config, findings };
  }
  for (const item of root.items) {
    const key = isScalar(item.key) ? String(item.key.value) : undefined;
    if (key !== undefined && !TOP_LEVEL_KEYS.includes(key)) {
      const message = `Unknown key "${key}": promptcost.yaml takes ${TOP_LEVEL_KEYS.join(', ')}.${didYouMean(key, TOP_LEVEL_KEYS)}`;
      findings.push(problem(message, placeOf(yaml, [], rangeOf(yaml, item.key as never))));
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
      const message = `Unknown rule "${name}": rules: takes ${RULE_IDS.join(', ')}.${didYouMean(name, RULE_IDS)}`;
      findings.push(problem(message, placeOf(yaml, ['rules'], keyRangeAt(yaml, ['rules', name]))));
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
  const thresholds = optionalSection(data.thresholds, 'thresholds', thresholdsSchema, yaml, findings);
  if (thresholds) config.thresholds = thresholds;
  const policy = optionalSection(data.policy, 'policy', policySchema, yaml, findings);
  if (policy) config.policy = policy;
  return { config, findings };
}

/** A section that is one object (`thresholds:`, `policy:`), checked as a whole; absent or empty is none. */
function optionalSection<T>(section: unknown, name: string, schema: z.ZodType<T>, yaml: PlacedYaml, findings: Finding[]): T | undefined {
  return section === undefined || section === null ? undefined : check(schema, section, [name], yaml, findings);
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
  report(result.error.issues, schema, path, yaml, findings);
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

function report(issues: z.core.$ZodIssue[], schema: z.ZodType, path: string[], yaml: PlacedYaml, findings: Finding[]): void {
  for (const issue of issues) {
    const issuePath = [...path, ...issue.path.map(String)];
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeys(schema, issue.path);
      for (const key of issue.keys) {
        const at = keyRangeAt(yaml, [...issuePath, key]);
        findings.push(problem(`Unknown key "${key}" in ${describe(issuePath)}.${didYouMean(key, known)}`, placeOf(yaml, issuePath, at)));
      }
      continue;
    }
    const at = placeOf(yaml, issuePath);
    findings.push(problem(`${describe(issuePath)}: ${issue.message}.`, at));
  }
}

/** The keys the object at `path` in `schema` takes (none where that is no object). */
function knownKeys(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let at: unknown = schema;
  for (const part of path) {
    at = unwrapped(at);
    at = at instanceof z.ZodObject ? (at.shape as Record<PropertyKey, unknown>)[part] : undefined;
  }
  at = unwrapped(at);
  return at instanceof z.ZodObject ? Object.keys(at.shape) : [];
}

function unwrapped(schema: unknown): unknown {
  let at = schema;
  while (at instanceof z.ZodOptional || at instanceof z.ZodNullable) at = at.unwrap();
  return at;
}

/** ` Did you mean "monthlyCalls"?` for a near miss of a known key, else nothing. */
function didYouMean(key: string, known: readonly string[]): string {
  const suggestion = nearest(key, known);
  return suggestion === undefined ? '' : ` Did you mean "${suggestion}"?`;
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
