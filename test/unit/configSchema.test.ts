import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { RULE_IDS, SEVERITY_SETTINGS } from '../../src/core/findings/findingCodes';
import { SERVICE_TIERS } from '../../src/core/providers/providers';
import { parseProjectConfig } from '../../src/core/volume/projectConfig';
import { CONFIG_SCHEMA_FILE, configJsonSchema } from '../../scripts/configSchema';

const root = path.resolve(__dirname, '../..');
type Schema = { [key: string]: unknown; properties?: Record<string, Schema>; anyOf?: Schema[]; additionalProperties?: Schema | boolean };
const committed = JSON.parse(fs.readFileSync(path.join(root, CONFIG_SCHEMA_FILE), 'utf8')) as Schema;

/** Ajv as the YAML extension validates: draft-07, every keyword known (`markdownDescription` is the editor's). */
function validator(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: true });
  ajv.addKeyword('markdownDescription');
  return ajv;
}

/** The object a section's entries take (the section is a mapping, or empty). */
function entryOf(section: Schema): Schema {
  const mapping = section.anyOf?.find((option) => option.type === 'object');
  return mapping?.additionalProperties as Schema;
}

describe('promptcost.yaml JSON Schema', () => {
  it('the committed schemas/promptcost.schema.json is what the zod schemas generate now', () => {
    assert.deepStrictEqual(committed, configJsonSchema(), `${CONFIG_SCHEMA_FILE} is out of date: run \`npm run generate:schema\` and commit the file.`);
  });

  it('package.json contributes it to the YAML extension, and the .vsix ships it', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { contributes: { yamlValidation: unknown } };
    assert.deepStrictEqual(manifest.contributes.yamlValidation, [{ fileMatch: 'promptcost.yaml', url: `./${CONFIG_SCHEMA_FILE}` }]);
    assert.ok(fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8').split('\n').includes(`!${CONFIG_SCHEMA_FILE}`));
  });

  it('the sample workspace’s promptcost.yaml is valid against it, as for the parser', () => {
    const text = fs.readFileSync(path.join(root, 'test/fixtures/workspace/promptcost.yaml'), 'utf8');
    const validate = validator().compile(committed);
    assert.strictEqual(validate(parse(text)), true, JSON.stringify(validate.errors));
    assert.deepStrictEqual(parseProjectConfig(text).findings, []);
  });

  it('rejects what the parser reports: an unknown key, a wrong tier, a task without entry, an unknown rule', () => {
    const validate = validator().compile(committed);
    const invalid = [
      { task: {} },
      { sites: { 'a.prompty': { montlyCalls: 5 } } },
      { sites: { 'a.prompty': { tier: 'cheap' } } },
      { sites: { 'a.prompty': { monthlyCalls: 1.5 } } },
      { tasks: { t: { perDay: 3 } } },
      { tasks: { t: { entry: 'src/ticket.ts' } } },
      { rules: { 'missing-max-token': 'off' } },
      { prices: { m: { input: 1 } } },
    ];
    for (const config of invalid) {
      assert.strictEqual(validate(config), false, JSON.stringify(config));
      assert.ok(parseProjectConfig(JSON.stringify(config)).findings.length > 0, JSON.stringify(config));
    }
    // Empty sections, as YAML reads `sites:` with nothing under it, are fine for both.
    const empty = { sites: null, deployments: null, prices: null, rules: null, env: null, tasks: null, thresholds: null };
    assert.strictEqual(validate(empty), true, JSON.stringify(validate.errors));
    assert.deepStrictEqual(parseProjectConfig(JSON.stringify(empty)).findings, []);
  });

  it('states the sections, the required entry, the tiers and the rule ids exactly', () => {
    const properties = committed.properties!;
    assert.deepStrictEqual(Object.keys(properties), ['defaults', 'sites', 'deployments', 'prices', 'rules', 'env', 'tasks', 'policy', 'thresholds']);
    assert.strictEqual(committed.additionalProperties, false);
    const task = entryOf(properties.tasks);
    assert.deepStrictEqual(task.required, ['entry']);
    assert.strictEqual(task.properties!.entry.pattern, '^[^#\\s][^#]*#[^#\\s]+$');
    assert.deepStrictEqual(entryOf(properties.sites).properties!.tier.enum, [...SERVICE_TIERS]);
    assert.deepStrictEqual(properties.defaults.properties!.tier.enum, ['standard', 'batch', 'flex', 'priority']);
    const rules = properties.rules.anyOf!.find((option) => option.type === 'object')!;
    assert.deepStrictEqual(Object.keys(rules.properties!), [...RULE_IDS]);
    assert.strictEqual(rules.additionalProperties, false);
    assert.deepStrictEqual(rules.properties!['cheaper-model'].enum, [...SEVERITY_SETTINGS]);
    assert.deepStrictEqual(entryOf(properties.prices).required, ['input', 'output']);
  });

  it('describes every section and every field, for hovers and completions', () => {
    const undescribed: string[] = [];
    const visit = (schema: Schema, at: string): void => {
      for (const [key, field] of Object.entries(schema.properties ?? {})) {
        if (typeof field.description !== 'string' || field.description.length < 20) undescribed.push(`${at}${key}`);
        visit(field, `${at}${key}.`);
        for (const option of field.anyOf ?? []) visit(typeof option.additionalProperties === 'object' ? option.additionalProperties : option, `${at}${key}.*.`);
        if (typeof field.additionalProperties === 'object') visit(field.additionalProperties, `${at}${key}.*.`);
      }
    };
    visit(committed, '');
    assert.deepStrictEqual(undescribed, []);
  });
});
