/**
 * `npm run generate:schema`: writes schemas/promptcost.schema.json, the JSON Schema of promptcost.yaml,
 * from the zod schemas in src/core/volume/projectConfig.ts (the one source of what the file takes).
 * test/unit/configSchema.test.ts fails while the committed file is out of date.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CONFIG_SCHEMA_FILE, configSchemaText } from './configSchema';

const file = path.resolve(__dirname, '..', CONFIG_SCHEMA_FILE);
void configSchemaText(file).then((text) => {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  console.log(`${CONFIG_SCHEMA_FILE} written.`);
});
