import { FINDING_CODES, findingDocumentation, RULE_IDS, SEVERITY_SETTINGS } from '../src/core/findings/findingCodes';

/** One `promptcost.rules.<id>` setting as package.json declares it. */
export interface RuleSettingSchema {
  type: ['string', 'null'];
  enum: Array<string | null>;
  enumItemLabels: string[];
  default: null;
  markdownDescription: string;
}

/**
 * The `promptcost.rules.<id>` settings, one per cost rule, written from the finding-code registry:
 * unset by default (promptcost.yaml `rules:` then decides, else the rule's default severity).
 */
export function ruleSettingProperties(): Record<string, RuleSettingSchema> {
  return Object.fromEntries(
    RULE_IDS.map((id) => [
      `promptcost.rules.${id}`,
      {
        type: ['string', 'null'],
        enum: [null, ...SEVERITY_SETTINGS],
        enumItemLabels: ['(not set)', ...SEVERITY_SETTINGS],
        default: null,
        markdownDescription: `[\`${id}\`](${findingDocumentation(id)}): ${FINDING_CODES[id].summary} Severity in this editor; \`off\` silences the rule. Not set: \`rules:\` in \`promptcost.yaml\` decides (shared with the CLI and CI), else \`${FINDING_CODES[id].defaultSeverity}\`.`,
      },
    ]),
  );
}
