import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { ACTION_METADATA_FILE, actionMetadataText } from '../../scripts/actionMetadata';
import { ACTION_INPUTS, inputValue, readInputs } from '../../src/action/actionInputs';

describe('action.yml', () => {
  const committed = fs.readFileSync(path.resolve(__dirname, '../..', ACTION_METADATA_FILE), 'utf8');

  it('is what the Action reads: generated from its inputs and outputs', () => {
    assert.strictEqual(committed, actionMetadataText(), `${ACTION_METADATA_FILE} is out of date: run \`npm run generate:action\` and commit the file.`);
  });

  it('runs the bundled Action on node24, with the token of the run by default', () => {
    const metadata = parse(committed);
    assert.deepStrictEqual(metadata.runs, { using: 'node24', main: 'dist/action.js' });
    assert.strictEqual(metadata.inputs['github-token'].default, '${{ github.token }}');
    assert.deepStrictEqual(Object.keys(metadata.inputs), Object.keys(ACTION_INPUTS));
    assert.deepStrictEqual(Object.keys(metadata.outputs), ['monthly-cost', 'monthly-diff', 'report-path']);
  });

  it('reads inputs as the runner passes them (INPUT_ and the name in capitals, hyphens kept), and rejects a bad comment mode', () => {
    const env = { 'INPUT_FAIL-ON': ' warning ', INPUT_PATHS: 'src\nprompts  lib', INPUT_COMMENT: '' };
    assert.strictEqual(inputValue(env, 'fail-on'), 'warning');
    assert.deepStrictEqual(readInputs(env), {
      paths: ['src', 'prompts', 'lib'],
      base: undefined,
      comment: 'update',
      sarif: undefined,
      failOn: 'warning',
      maxMonthlyIncrease: undefined,
      token: undefined,
    });
    assert.throws(() => readInputs({ INPUT_COMMENT: 'sticky' }), /the comment input must be one of update, new, off, not 'sticky'/);
  });
});
