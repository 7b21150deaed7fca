import * as assert from 'assert';
import Ajv from 'ajv';
import { readFileSync } from 'fs';
import * as path from 'path';
import { RULE_IDS } from '../../src/core/findings/findingCodes';
import { reportSarifFindings, toSarifReport } from '../../src/core/report/sarifReport';
import { scanInMemory } from './scanInMemory';

/**
 * The OASIS SARIF 2.1.0 schema (errata 01), vendored. It is written for JSON Schema draft-04, which
 * Ajv 8 reads once its draft-04 spellings are renamed (`id` → `$id`; it uses no other draft-04 form).
 */
function sarifValidator() {
  const schema = JSON.parse(readFileSync(path.join(__dirname, '..', 'fixtures', 'sarif', 'sarif-schema-2.1.0.json'), 'utf8'));
  delete schema.$schema;
  schema.$id = schema.id;
  delete schema.id;
  return new Ajv({ allErrors: true, strict: false }).compile(schema);
}

const scan = scanInMemory;

const UNCAPPED = [
  "import OpenAI from 'openai';",
  'const client = new OpenAI();',
  'export async function answer(question: string) {',
  "  return client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: question }] });",
  '}',
  '',
].join('\n');

describe('SARIF', () => {
  it('validates against the SARIF 2.1.0 schema, with one rule per cost rule and each result placed and priced', async () => {
    const report = await scan({ 'src/answer.ts': UNCAPPED, 'prompts/broken.prompt.yml': 'name: [unclosed\n' });
    const sarif = toSarifReport(reportSarifFindings(report), { version: '1.2.3' }) as {
      runs: Array<{
        tool: { driver: { rules: Array<{ id: string; helpUri: string; defaultConfiguration: { level: string } }> } };
        results: Array<Record<string, unknown>>;
      }>;
    };
    const validate = sarifValidator();
    assert.ok(validate(sarif), JSON.stringify(validate.errors, null, 2));
    const [run] = sarif.runs;
    assert.deepStrictEqual(
      run.tool.driver.rules.map(({ id }) => id),
      [...RULE_IDS, 'invalid-yaml', 'invalid-messages'],
    );
    const missingCap = run.tool.driver.rules.find(({ id }) => id === 'missing-max-tokens')!;
    assert.deepStrictEqual([missingCap.helpUri.endsWith('#missing-max-tokens'), missingCap.defaultConfiguration.level], [true, 'warning']);
    const result = run.results.find((entry) => entry.ruleId === 'missing-max-tokens')!;
    assert.deepStrictEqual(result.locations, [
      { physicalLocation: { artifactLocation: { uri: 'src/answer.ts' }, region: { startLine: 4, startColumn: 10, endLine: 4, endColumn: 110 } } },
    ]);
    assert.match((result.message as { text: string }).text, /\(this call costs \$\d+\.\d\d\/month\)$/);
    assert.deepStrictEqual(
      run.results.map(({ ruleId, level }) => `${ruleId} ${level}`),
      ['invalid-yaml error', 'invalid-messages error', 'missing-max-tokens warning', 'cheaper-model note', 'missing-max-tokens warning'],
    );
  });

  it("keeps a result's fingerprint through edits elsewhere in the file, and changes it with the call", async () => {
    const fingerprintOf = async (text: string) => {
      const sarif = toSarifReport(reportSarifFindings(await scan({ 'src/answer.ts': text })), { version: '1.2.3' }) as {
        runs: Array<{ results: Array<{ ruleId: string; partialFingerprints: Record<string, string> }> }>;
      };
      return sarif.runs[0].results.find(({ ruleId }) => ruleId === 'missing-max-tokens')!.partialFingerprints['promptcostFingerprint/v1'];
    };
    const original = await fingerprintOf(UNCAPPED);
    assert.match(original, /^[0-9a-f]{32}$/);
    // Lines added above move the call: the same alert.
    assert.strictEqual(await fingerprintOf(`// A helper for the billing page.\n\n${UNCAPPED}`), original);
    // Another prompt: another alert.
    assert.notStrictEqual(await fingerprintOf(UNCAPPED.replace('content: question', "content: 'Be brief. ' + question")), original);
  });
});
