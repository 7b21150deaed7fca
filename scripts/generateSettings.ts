/**
 * `npm run generate:settings`: writes the `promptcost.rules.*` settings into package.json from the
 * finding-code registry, replacing the ones there and keeping every other setting where it is.
 * test/unit/ruleSettings.test.ts fails while package.json is out of date.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ruleSettingProperties } from './ruleSettings';

const file = path.resolve(__dirname, '..', 'package.json');
const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as { contributes: { configuration: { properties: Record<string, unknown> } } };
const kept = Object.entries(manifest.contributes.configuration.properties).filter(([key]) => !key.startsWith('promptcost.rules.'));
manifest.contributes.configuration.properties = { ...Object.fromEntries(kept), ...ruleSettingProperties() };
fs.writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`package.json: ${Object.keys(ruleSettingProperties()).length} promptcost.rules.* settings written.`);
