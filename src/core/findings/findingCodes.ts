/**
 * Every code a finding can carry — the diagnostic code users see, the `rule` field of the CLI's
 * JSON — written once, here. Lists that used to be kept by hand (rule ids, parse problems, the
 * findings a model pick resolves) derive from this table, and so do the `promptcost.rules.*`
 * settings in package.json (`npm run generate:settings`).
 *
 * Deliberately free of the rules' code: settings, promptcost.yaml validation and the editor's
 * diagnostics read it without loading the rules, which run in the engine worker.
 */

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** What a rule's severity may be set to in settings and promptcost.yaml `rules:`; `off` silences it. */
export type SeveritySetting = Severity | 'off';

export const SEVERITY_SETTINGS: readonly SeveritySetting[] = ['off', 'hint', 'info', 'warning', 'error'];

/**
 * rule: a cost rule (src/core/rules), whose severity users set;
 * parse: the file cannot be read as written (what follows the problem may be missed);
 * input: a value in the file is wrong or missing, and is skipped or assumed;
 * config: promptcost.yaml is wrong;
 * model: the model of a call cannot be known from the code, or makes no text;
 * internal: Prompt Cost itself failed on the file (a bug to report, never the user's mistake).
 */
export type FindingKind = 'rule' | 'parse' | 'input' | 'config' | 'model' | 'internal';

export interface FindingCodeInfo {
  kind: FindingKind;
  defaultSeverity: Severity;
  /** One line for settings, the README and hovers. */
  summary: string;
  /** Whether picking a priced model (the CodeLens, a quick fix) resolves the finding. */
  resolvedByModelPick?: boolean;
  /** Whether the rule's fix moves text around, so it is also offered in the refactor preview. */
  fixMovesText?: boolean;
}

/** Where the README explains the codes: rules each in a section of their own, the other codes in one table. */
export const DOCUMENTATION_URL = 'https://github.com/promptcost/promptcost/blob/main/README.md';
const PROBLEMS_ANCHOR = 'problems-in-the-input';

export const FINDING_CODES = {
  // Cost rules, in the order their findings are listed (and savings compound: prompt fixes, then the model, then the tier).
  'unpriced-model': {
    kind: 'rule',
    defaultSeverity: 'warning',
    summary: 'The model has no known price (unknown id, unmapped deployment).',
    resolvedByModelPick: true,
  },
  'context-overflow': { kind: 'rule', defaultSeverity: 'error', summary: "The input plus the output cap exceeds the model's context window." },
  'cap-above-model-max': { kind: 'rule', defaultSeverity: 'warning', summary: "The output cap is above the model's maximum output." },
  'deprecated-max-tokens': {
    kind: 'rule',
    defaultSeverity: 'warning',
    summary: 'OpenAI chat `max_tokens` on a reasoning model, where `max_completion_tokens` is required.',
  },
  'missing-max-tokens': {
    kind: 'rule',
    defaultSeverity: 'warning',
    summary: 'A call or prompt sets no output cap (`max_tokens` and its SDK-specific names).',
  },
  'uncacheable-prefix': {
    kind: 'rule',
    defaultSeverity: 'warning',
    summary: "Variable content comes before fixed text of at least the provider's cache minimum, so that text is never cached.",
    fixMovesText: true,
  },
  'missing-cache-breakpoint': {
    kind: 'rule',
    defaultSeverity: 'warning',
    summary: "An Anthropic prompt with a fixed prefix above the model's cache minimum and no `cache_control` breakpoint.",
  },
  'cache-below-minimum': {
    kind: 'rule',
    defaultSeverity: 'warning',
    summary: "A `cache_control` breakpoint on a prefix shorter than the model's minimum (never cached).",
  },
  'cheaper-model': { kind: 'rule', defaultSeverity: 'info', summary: 'A model of the same provider costs at least 40% less for this prompt.' },
  'unbounded-agent-loop': {
    kind: 'rule',
    defaultSeverity: 'warning',
    summary: 'An agent with no turn limit (or only a high framework default): nothing but the model ends a run.',
  },
  'growing-history': {
    kind: 'rule',
    defaultSeverity: 'info',
    summary: 'An agent re-sends its whole, growing history every turn: the last turns plus a summary would cost less.',
  },
  'batch-candidate': {
    kind: 'rule',
    defaultSeverity: 'hint',
    summary: 'A call in a loop in unattended code (scripts, jobs, batch/cron/worker paths) could use the batch API.',
  },

  // The file as written.
  'syntax-error': {
    kind: 'parse',
    defaultSeverity: 'info',
    summary: 'The source file has syntax errors: calls in the part that does not parse may be missed.',
  },
  'invalid-yaml': { kind: 'parse', defaultSeverity: 'error', summary: "A prompt file's front matter (or a .prompt.yml file) is not valid YAML." },
  'unclosed-front-matter': { kind: 'parse', defaultSeverity: 'error', summary: 'The front matter has no closing `---` line.' },
  'missing-front-matter': {
    kind: 'parse',
    defaultSeverity: 'warning',
    summary: 'A .prompty file without YAML front matter: its model and output cap are unknown.',
  },
  'nesting-too-deep': {
    kind: 'parse',
    defaultSeverity: 'warning',
    summary: 'Brackets in a source file nest more than 256 levels deep: it is read up to that line, and calls after it are missed.',
  },
  'invalid-model': { kind: 'input', defaultSeverity: 'error', summary: '`model:` is not a model id (a number, a list, an empty value).' },
  'invalid-output-cap': { kind: 'input', defaultSeverity: 'error', summary: 'The output cap is not a positive whole number of tokens.' },
  'invalid-messages': { kind: 'input', defaultSeverity: 'error', summary: 'A GitHub Models `messages:` list that is not a list of role/content mappings.' },
  'missing-content': { kind: 'input', defaultSeverity: 'warning', summary: 'A message with no content.' },
  'missing-role': { kind: 'input', defaultSeverity: 'warning', summary: 'A message with no role: it is counted as a user message.' },
  'unknown-role': {
    kind: 'input',
    defaultSeverity: 'warning',
    summary: 'A role marker the format does not know (a misspelt `sytem:`): read as the closest role, or as text.',
  },
  'prompt-file-not-found': { kind: 'input', defaultSeverity: 'warning', summary: 'A call runs a prompt file that cannot be read: its prompt is unknown.' },
  'invalid-config': {
    kind: 'config',
    defaultSeverity: 'error',
    summary: 'promptcost.yaml has an unknown key or a value of the wrong type; the rest of it still applies.',
  },
  'unknown-model': {
    kind: 'model',
    defaultSeverity: 'info',
    summary: 'The model of a call cannot be known from the code (a parameter, a variable): pick one, saved in promptcost.yaml.',
    resolvedByModelPick: true,
  },
  'non-text-output': {
    kind: 'model',
    defaultSeverity: 'hint',
    summary: 'A call that makes images, speech or video only: not text generation, so it is not estimated.',
  },
  'analysis-timeout': {
    kind: 'internal',
    defaultSeverity: 'warning',
    summary: 'Prompt Cost gave up on a file that took longer than its time budget (20 s): its prompts are not estimated. A bug in Prompt Cost.',
  },
  'internal-error': {
    kind: 'internal',
    defaultSeverity: 'warning',
    summary: 'Prompt Cost failed while analysing the file: a bug in Prompt Cost, not in the file. The Prompt Cost output channel has the details.',
  },
} as const satisfies Record<string, FindingCodeInfo>;

export type FindingCode = keyof typeof FINDING_CODES;

type CodesOfKind<Kind extends FindingKind> = { [Code in FindingCode]: (typeof FINDING_CODES)[Code]['kind'] extends Kind ? Code : never }[FindingCode];

/** The id of a cost rule: the diagnostic code, the key of `promptcost.rules.<id>` and of promptcost.yaml `rules:`. */
export type RuleId = CodesOfKind<'rule'>;

const ALL_CODES = Object.keys(FINDING_CODES) as FindingCode[];

/** Every rule id, in the order rules run and their findings are listed. */
export const RULE_IDS = ALL_CODES.filter((code): code is RuleId => FINDING_CODES[code].kind === 'rule');

export function isFindingCode(code: string): code is FindingCode {
  return Object.prototype.hasOwnProperty.call(FINDING_CODES, code);
}

export function isRuleId(code: string): code is RuleId {
  return isFindingCode(code) && FINDING_CODES[code].kind === 'rule';
}

export function findingCodeInfo(code: FindingCode): FindingCodeInfo {
  return FINDING_CODES[code];
}

/** Whether a finding means the file could not be read as written (a fix must never add one). */
export function isParseProblem(code: FindingCode): boolean {
  return FINDING_CODES[code].kind === 'parse';
}

/** Where a code is explained: a rule's own README section, or the table of problems in the input. */
export function findingDocumentation(code: FindingCode): string {
  return `${DOCUMENTATION_URL}#${FINDING_CODES[code].kind === 'rule' ? code : PROBLEMS_ANCHOR}`;
}
