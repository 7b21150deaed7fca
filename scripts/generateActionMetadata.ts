/**
 * `npm run generate:action`: writes action.yml, the GitHub Action's metadata, from the inputs and
 * outputs its code reads (src/action/actionInputs.ts). test/unit/actionMetadata.test.ts fails while
 * the committed file is out of date.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ACTION_METADATA_FILE, actionMetadataText } from './actionMetadata';

fs.writeFileSync(path.resolve(__dirname, '..', ACTION_METADATA_FILE), actionMetadataText());
console.log(`${ACTION_METADATA_FILE} written.`);
