import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ALL_RULES } from '../../src/core/rules/allRules';
import { ruleDocumentation } from '../../src/core/rules/runRules';
import { parseConfig } from '../../src/vscode/parseConfig';

const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, { type: string[]; enum: unknown[]; default: unknown; markdownDescription: string }> } };
};
const properties = manifest.contributes.configuration.properties;

describe('promptcost.rules.* settings', () => {
  it('package.json has one per rule, unset by default, with the five severities', () => {
    const ruleSettings = Object.keys(properties).filter((key) => key.startsWith('promptcost.rules.'));
    assert.deepStrictEqual(ruleSettings.sort(), ALL_RULES.map((rule) => `promptcost.rules.${rule.id}`).sort());
    for (const rule of ALL_RULES) {
      const setting = properties[`promptcost.rules.${rule.id}`];
      assert.deepStrictEqual(
        [setting.type, setting.enum, setting.default],
        [['string', 'null'], [null, 'off', 'hint', 'info', 'warning', 'error'], null],
        rule.id,
      );
      // The description states the rule's own default, so it must follow the rule.
      assert.ok(setting.markdownDescription.endsWith(`else \`${rule.defaultSeverity}\`.`), setting.markdownDescription);
      assert.ok(setting.markdownDescription.startsWith(`[\`${rule.id}\`](${ruleDocumentation(rule.id)}): `), setting.markdownDescription);
    }
  });

  it('what VS Code returns for the contributed defaults parses to no overrides', () => {
    const rules = Object.fromEntries(ALL_RULES.map((rule) => [rule.id, null]));
    assert.deepStrictEqual(
      parseConfig((key) => (key === 'rules' ? rules : undefined)),
      {
        config: { defaultModel: 'gpt-4o-mini', statusBarEnabled: true, monthlyCalls: 10_000, exclude: [], ruleSeverities: {} },
        problems: [],
      },
    );
  });
});
