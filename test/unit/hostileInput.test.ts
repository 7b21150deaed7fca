import * as assert from 'assert';
import { grammarForFile } from '../../src/core/extract/code/treeSitter';
import { applyEdits } from '../../src/core/text/applyEdits';
import { LineIndex } from '../../src/core/text/lineIndex';
import { parseProjectConfig } from '../../src/core/volume/projectConfig';
import { siteBreakdownMarkdown } from '../../src/core/report/siteBreakdown';
import { toMarkdownReport } from '../../src/core/report/markdownReport';
import { computeTotals } from '../../src/core/workspace/report';
import { analyze, onlySite } from './ruleHelpers';

/**
 * Inputs a user can type that once crashed or corrupted a number (found by fuzzing): each case
 * is a minimised reproducer with the exact result it must give now.
 */
describe('hostile input', () => {
  it('a negative or huge output cap in code is a finding, and the call is priced as uncapped', async () => {
    const file = (cap: string) =>
      `from openai import OpenAI\nc = OpenAI()\nc.chat.completions.create(model="gpt-4o", max_tokens=${cap}, messages=[{"role": "user", "content": "hi"}])\n`;
    for (const [cap, shown] of [
      ['-5', '-5'],
      ['2.5', '2.5'],
      ['99999999999999999999', '100000000000000000000'],
    ]) {
      const analysis = await analyze('app/call.py', file(cap));
      assert.deepStrictEqual(
        analysis.findings.map((finding) => [finding.rule, finding.message]),
        [['invalid-output-cap', `max_tokens must be a positive whole number of tokens, not ${shown}: the call is priced as if it had no cap.`]],
      );
      const { estimate } = onlySite(analysis);
      assert.deepStrictEqual([estimate.tokens.outputExpected, estimate.tokens.outputMax, estimate.cost.monthlyWorstCase! > 0], [300, 16_384, true]);
    }
  });

  it('a Python file with CR-only line endings is not taken for a broken one, and lines are where the editor shows them', async () => {
    const analysis = await analyze(
      'app/call.py',
      'from openai import OpenAI\rc = OpenAI()\rc.chat.completions.create(model="gpt-4o", max_tokens=50, messages=[{"role": "user", "content": "hi"}])\r',
    );
    assert.deepStrictEqual(analysis.findings, []);
    const { site, estimate } = onlySite(analysis);
    assert.deepStrictEqual([site.range.start, estimate.tokens.outputMax], [{ line: 2, character: 0 }, 50]);
    assert.deepStrictEqual(new LineIndex('a\rb\r\nc\nd').range(0, 8), { start: { line: 0, character: 0 }, end: { line: 3, character: 1 } });
    assert.strictEqual(new LineIndex('a\rb').lineText(0), 'a');
    // An offset between \r and \n is the line's end: an editor has no position inside a line break.
    assert.deepStrictEqual(new LineIndex(':\r\nx').positionAt(2), { line: 0, character: 1 });
  });

  it('variables named like Object members are sized like any other variable', async () => {
    const prompty = onlySite(
      await analyze(
        'prompts/p.prompty',
        '---\nname: x\nmodel: gpt-4o\nsample:\n  constructor: hello there\n---\nuser:\n{{constructor}} {{hasOwnProperty}} {{__proto__}}\n',
      ),
    );
    assert.deepStrictEqual(
      prompty.estimate.variables.map((variable) => [variable.name, variable.tokens, variable.source]),
      [
        ['constructor', 2, 'sample'],
        ['hasOwnProperty', 100, 'default'],
        ['__proto__', 100, 'default'],
      ],
    );
    const yml = onlySite(await analyze('prompts/p.prompt.yml', 'model: openai/gpt-4o\nmessages:\n  - role: user\n    content: "{{toString}} {{valueOf}}"\n'));
    assert.deepStrictEqual(
      yml.estimate.variables.map((variable) => [variable.name, variable.tokens]),
      [
        ['toString', 100],
        ['valueOf', 100],
      ],
    );
  });

  it('names from the file that match Object members are not found in tables: a deployment, a role, a file extension', async () => {
    const deployment = onlySite(
      await analyze(
        'prompts/d.prompty',
        '---\nmodel:\n  api: chat\n  configuration:\n    type: azure_openai\n    azure_deployment: constructor\n---\nuser:\nhi\n',
      ),
    );
    assert.deepStrictEqual([deployment.estimate.model.id, deployment.estimate.cost.priced], [undefined, false]);
    const role = onlySite(
      await analyze(
        'src/role.ts',
        "import OpenAI from 'openai';\nconst c = new OpenAI();\nc.chat.completions.create({ model: 'gpt-4o', max_tokens: 9, messages: [{ role: 'constructor', content: 'hi' }] });\n",
      ),
    );
    assert.deepStrictEqual(
      role.site.messages.map((message) => message.role),
      ['user'],
    );
    assert.strictEqual(grammarForFile('notes.constructor'), undefined);
  });

  it('promptcost.yaml keys named __proto__ or constructor are entries like any other', () => {
    const { config, findings } = parseProjectConfig(
      'sites:\n  __proto__: { monthlyCalls: 5 }\n  constructor: { monthlyCalls: 7 }\ndeployments:\n  toString: gpt-4o\n',
    );
    assert.deepStrictEqual(findings, []);
    assert.deepStrictEqual(Object.entries(config.sites), [
      ['__proto__', { monthlyCalls: 5 }],
      ['constructor', { monthlyCalls: 7 }],
    ]);
    assert.strictEqual(Object.getPrototypeOf(config.sites), Object.prototype);
    assert.deepStrictEqual(Object.entries(config.deployments), [['toString', 'gpt-4o']]);
  });

  it('YAML nested thousands of levels deep is read up to where it gets too deep: one finding, the rest still estimated', async () => {
    const flow = await analyze('prompts/deep.prompty', `---\nmodel: gpt-4o\nmetadata: ${'['.repeat(100_000)}\n---\nuser:\nHi\n`);
    assert.deepStrictEqual(
      flow.findings.map((finding) => [finding.rule, finding.message, finding.range.start]),
      [['invalid-yaml', 'YAML nested more than 64 levels deep: it is read up to this line, and nothing after it is used.', { line: 2, character: 73 }]],
    );
    assert.deepStrictEqual(onlySite(flow).estimate.model.id, 'gpt-4o');
    const block = Array.from({ length: 5_000 }, (_, depth) => `${' '.repeat(depth)}k${depth}:`).join('\n');
    const blocks = await analyze('prompts/deep.prompt.yml', `${block}\n`);
    assert.deepStrictEqual(
      blocks.findings.map((finding) => [finding.rule, finding.range.start]),
      [
        ['invalid-yaml', { line: 64, character: 0 }],
        // What was read has no messages: k0 … k63, nested mappings.
        ['invalid-messages', { line: 0, character: 0 }],
      ],
    );
  });

  it('a file of YAML errors gives twenty findings and a count of the rest', async function () {
    // 500 broken lines take the YAML parser about a second alone; a loaded machine (CI beside other work) needs more than mocha's default 5 s.
    this.timeout(30_000);
    const analysis = await analyze('prompts/errors.prompt.yml', `model: openai/gpt-4o\n${'a: [\n'.repeat(2)}${'x: : : y\n'.repeat(500)}`);
    const yaml = analysis.findings.filter((finding) => finding.rule === 'invalid-yaml');
    assert.strictEqual(yaml.length, 21);
    assert.match(yaml[20].message, /^\d+ more YAML errors after these are not listed\.$/);
  });

  it('an alias bomb, or more than 100 aliases, in promptcost.yaml is a finding, not a crash', () => {
    const many = `defaults: &d { monthlyCalls: 5 }\nsites:\n${Array.from({ length: 150 }, (_, i) => `  s${i}: *d`).join('\n')}\n`;
    const { config, findings } = parseProjectConfig(many);
    assert.deepStrictEqual(
      findings.map((finding) => [finding.rule, finding.message, finding.range.start]),
      [
        [
          'invalid-config',
          'promptcost.yaml cannot be read: Excessive alias count indicates a resource exhaustion attack. Nothing in it is used.',
          { line: 0, character: 0 },
        ],
      ],
    );
    assert.deepStrictEqual(config.sites, {});
  });

  it('text from the workspace stays text in the hover and in Markdown reports: no image, link or tag gets through', async () => {
    const analysis = await analyze(
      'prompts/`x`|.prompt.yml',
      'model: "![x](https://example.com/p.png)<img src=y>"\nmessages:\n  - role: user\n    content: "{{a}}"\n',
    );
    const site = onlySite(analysis);
    const hover = siteBreakdownMarkdown(site, []);
    assert.strictEqual(hover.split('\n')[0], '**Prompt Cost** · ``prompts/`x`|.prompt.yml`` · !\\[x\\](https://example.com/p.png)\\<img src=y\\>');
    assert.ok(!/!\[x\]\(|<img/.test(hover.replace(/\\[[\]<]/g, '')), hover);
    const report = { pricesAsOf: '2026-09-23', sites: [site], fileFindings: [], skipped: [], cancelled: false, totals: computeTotals([site]) };
    const row = toMarkdownReport(report)
      .split('\n')
      .find((line) => line.startsWith('| prompts/'));
    assert.strictEqual(
      row,
      '| prompts/\\`x\\`\\|.prompt.yml:1 | !\\[x\\](https://example.com/p.png)\\<img src=y\\> | ≈107 | unpriced | unpriced | 10,000 | — |',
    );
  });

  describe('fixes on prompt files', () => {
    const fixesOf = async (file: string, text: string) =>
      (await analyze(file, text)).sites.flatMap(({ findings }) =>
        findings.flatMap((finding) => finding.fixes.map((fix) => [fix.title, applyEdits(text, fix.edits)])),
      );

    it('after a byte-order mark: the cap goes at the keys’ indentation and the comment after the mark', async () => {
      const text = '\uFEFFmodel: openai/gpt-4o\nmessages:\n  - role: user\n    content: hi\n';
      const fixes = await fixesOf('prompts/bom.prompt.yml', text);
      assert.deepStrictEqual(fixes.slice(0, 2), [
        ['Add modelParameters.maxTokens: 400', '\uFEFFmodel: openai/gpt-4o\nmodelParameters:\n  maxTokens: 400\nmessages:\n  - role: user\n    content: hi\n'],
        [
          'Ignore missing-max-tokens here (promptcost-ignore comment)',
          '\uFEFF# promptcost-ignore missing-max-tokens\nmodel: openai/gpt-4o\nmessages:\n  - role: user\n    content: hi\n',
        ],
      ]);
    });

    it('with CR-only line endings: the file is read, and what a fix inserts ends its lines with CR', async () => {
      const text = '---\rmodel: gpt-4o\r---\ruser:\rhi {{x}}\r';
      const analysis = await analyze('prompts/mac.prompty', text);
      assert.deepStrictEqual(analysis.findings, []);
      const fixes = await fixesOf('prompts/mac.prompty', text);
      assert.deepStrictEqual(fixes[0], [
        'Add options.maxOutputTokens: 400',
        '---\rmodel:\r  id: gpt-4o\r  options:\r    maxOutputTokens: 400\r---\ruser:\rhi {{x}}\r',
      ]);
    });

    it('on a file whose front matter has YAML errors, none is offered: a hidden key would get a duplicate', async () => {
      const text = '---\nmodel: googleai/gemini-2.5-flash\nconfig:\n  temperature: 0.3\n  bad: [unclosed\n---\nhi {{x}}\n';
      const analysis = await analyze('prompts/broken.prompt', text);
      assert.deepStrictEqual(
        analysis.sites[0].findings.map((finding) => [finding.rule, finding.fixes.length]),
        [
          ['missing-max-tokens', 0],
          ['cheaper-model', 0],
        ],
      );
    });
  });

  it('brackets nested thousands deep are not handed to the parser: the file is read up to that line', async () => {
    // 5,000 unclosed `{a: ` overflowed tree-sitter's WebAssembly stack and broke every parse after it.
    const text = `import OpenAI from 'openai';\nconst c = new OpenAI();\nc.chat.completions.create({ model: 'gpt-4o', max_tokens: 9, messages: [] });\nnested: ${'{a: '.repeat(5_000)}\n`;
    const analysis = await analyze('src/deep.ts', text);
    assert.deepStrictEqual(
      analysis.findings.map((finding) => [finding.rule, finding.range.start]),
      [['nesting-too-deep', { line: 3, character: 0 }]],
    );
    assert.deepStrictEqual(
      analysis.sites.map(({ site }) => site.range.start),
      [{ line: 2, character: 0 }],
    );
    const next = await analyze(
      'src/next.ts',
      "import OpenAI from 'openai';\nnew OpenAI().chat.completions.create({ model: 'gpt-4o', max_tokens: 9, messages: [] });\n",
    );
    assert.deepStrictEqual([next.findings, next.sites.length], [[], 1]);
  });

  it('a promptcost.yaml problem at a key YAML cannot name is placed at the nearest key that has a place', () => {
    const { findings } = parseProjectConfig('sites: {{');
    assert.deepStrictEqual(findings.at(-1), {
      rule: 'invalid-config',
      severity: 'error',
      message: 'sites."{}": Invalid input: expected object, received null.',
      range: { start: { line: 0, character: 7 }, end: { line: 0, character: 9 } },
      fixes: [],
    });
  });

  it('a promptcost.yaml of thousands of bad entries lists a hundred problems and a count of the rest', () => {
    const text = `prices:\n${Array.from({ length: 3000 }, (_, i) => `  m${i}: { input: -1, output: 1 }`).join('\n')}\n`;
    const { config, findings } = parseProjectConfig(text);
    assert.strictEqual(findings.length, 101);
    assert.deepStrictEqual([findings[99].message, findings[99].range.start.line], ['prices.m99.input: input cannot be negative.', 100]);
    assert.deepStrictEqual(findings[100], {
      rule: 'invalid-config',
      severity: 'error',
      message: '2900 more problems in this file are not listed: fix the ones above first.',
      range: findings[100].range,
      fixes: [],
    });
    assert.strictEqual(findings[100].range.start.line, 101);
    assert.deepStrictEqual(config.prices, {});
  });
});
