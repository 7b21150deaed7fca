import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { RULE_IDS } from '../../src/core/findings/findingCodes';
import { DEFAULT_CONFIG, parseConfig } from '../../src/vscode/parseConfig';
import { ruleSettingProperties } from '../../scripts/ruleSettings';

const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, unknown> } };
};
const properties = manifest.contributes.configuration.properties;

describe('promptcost.rules.* settings', () => {
  it('package.json has exactly the settings generated from the finding-code registry (npm run generate:settings)', () => {
    const declared = Object.fromEntries(Object.entries(properties).filter(([key]) => key.startsWith('promptcost.rules.')));
    assert.deepStrictEqual(declared, ruleSettingProperties());
  });

  it('one per rule, unset by default, with the five severities and the rule’s own default in the text', () => {
    const generated = ruleSettingProperties();
    assert.deepStrictEqual(
      Object.keys(generated),
      RULE_IDS.map((id) => `promptcost.rules.${id}`),
    );
    assert.deepStrictEqual(generated['promptcost.rules.cheaper-model'], {
      type: ['string', 'null'],
      enum: [null, 'off', 'hint', 'info', 'warning', 'error'],
      enumItemLabels: ['(not set)', 'off', 'hint', 'info', 'warning', 'error'],
      default: null,
      markdownDescription:
        '[`cheaper-model`](https://github.com/promptcost/promptcost/blob/main/README.md#cheaper-model): A model of the same provider costs at least 40% less for this prompt. Severity in this editor; `off` silences the rule. Not set: `rules:` in `promptcost.yaml` decides (shared with the CLI and CI), else `info`.',
    });
  });

  it('what VS Code returns for the contributed defaults parses to no overrides', () => {
    const rules = Object.fromEntries(RULE_IDS.map((id) => [id, null]));
    assert.deepStrictEqual(
      parseConfig((key) => (key === 'rules' ? rules : undefined)),
      {
        config: DEFAULT_CONFIG,
        problems: [],
      },
    );
  });

  it('a setting for a rule that does not exist, or a severity that does not, is reported and ignored', () => {
    assert.deepStrictEqual(
      parseConfig((key) => (key === 'rules' ? { 'missing-max-tokens': 'error', 'no-such-rule': 'off', 'cheaper-model': 'loud' } : undefined)),
      {
        config: { ...DEFAULT_CONFIG, ruleSeverities: { 'missing-max-tokens': 'error' } },
        problems: [
          'promptcost.rules.no-such-rule is not a Prompt Cost rule; ignoring it.',
          'promptcost.rules.cheaper-model must be off, hint, info, warning or error; ignoring it.',
        ],
      },
    );
  });
});
