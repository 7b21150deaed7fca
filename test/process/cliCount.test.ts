import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist/cli.js');

/** Runs the built CLI from the repository root, as a user would. */
function promptcost(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('promptcost count (CLI)', () => {
  it('prints each file and the total for the default model', () => {
    const run = promptcost('count', 'test/fixtures/workspace/prompts/support-reply.prompty', 'test/fixtures/count/fox.txt');
    assert.strictEqual(run.stderr, '');
    assert.strictEqual(
      run.stdout,
      [
        'tokens  file',
        '   260  test/fixtures/workspace/prompts/support-reply.prompty',
        '    10  test/fixtures/count/fox.txt',
        '   270  total · gpt-4o-mini',
        'Exact: counted with o200k_base, the tokenizer gpt-4o-mini uses.',
        "Counted: each file's raw text, every character as one message, without chat framing. For a prompt as it is sent, run promptcost estimate.",
        '',
      ].join('\n'),
    );
    assert.strictEqual(run.code, 0);
  });

  it('marks estimated families with ≈ and says how the estimate is made', () => {
    const run = promptcost('count', 'test/fixtures/workspace/prompts/support-reply.prompty', '--model', 'claude-sonnet-4-5');
    const lines = run.stdout.split('\n');
    assert.strictEqual(lines[1], '≈302 (299–312)  test/fixtures/workspace/prompts/support-reply.prompty');
    assert.strictEqual(lines[2], '≈302 (299–312)  total · claude-sonnet-4-5');
    assert.match(
      lines[3],
      /^Estimated \(≈, estimate:claude\): Claude \(Anthropic\) has no public tokenizer, so the o200k_base count is multiplied by a factor for the kind of text, the range in brackets — prose 1\.16 \(1\.15–1\.20\), code 1\.30 \(1\.20–1\.30\), JSON 1\.21 \(1\.16–1\.30\), CJK 1\.30 \(1\.20–1\.40\);/,
    );
    const json = JSON.parse(
      promptcost('count', 'test/fixtures/workspace/prompts/support-reply.prompty', '--model', 'claude-sonnet-4-5', '--format', 'json').stdout,
    );
    assert.deepStrictEqual(json, {
      model: 'claude-sonnet-4-5',
      tokenizer: 'estimate:claude',
      encoding: 'o200k_base',
      exact: false,
      files: [{ file: 'test/fixtures/workspace/prompts/support-reply.prompty', tokens: 302, range: [299, 312] }],
      total: 302,
      totalRange: [299, 312],
    });
    assert.strictEqual(run.code, 0);
  });

  it('uses the encoding of the model: cl100k_base for gpt-4', () => {
    const run = promptcost('count', 'test/fixtures/count/special-tokens.txt', '--model', 'gpt-4', '--format', 'json');
    assert.deepStrictEqual(JSON.parse(run.stdout), {
      model: 'gpt-4',
      tokenizer: 'cl100k_base',
      encoding: 'cl100k_base',
      exact: true,
      // cl100k merges the final ".\n" into one token, so the trailing newline adds nothing here.
      files: [{ file: 'test/fixtures/count/special-tokens.txt', tokens: 17 }],
      total: 17,
    });
    assert.strictEqual(run.code, 0);
  });

  it('counts Gemini 2.5 exactly with the Gemma 3 vocabulary shipped beside the bundle, and says so', () => {
    const files = ['test/fixtures/workspace/prompts/support-reply.prompty', 'test/fixtures/count/fox.txt'];
    const lines = promptcost('count', ...files, '--model', 'gemini-2.5-flash').stdout.split('\n');
    // Hugging Face's tokenizers on the vocabulary's tokenizer.json count the same: 297 and 11.
    assert.deepStrictEqual(lines.slice(1, 5), [
      '   297  test/fixtures/workspace/prompts/support-reply.prompty',
      '    11  test/fixtures/count/fox.txt',
      '   308  total · gemini-2.5-flash',
      "Exact: counted with the Gemma 3 vocabulary (gemma3), which Google's own SDKs count gemini-2.5-flash with offline.",
    ]);
    const run = promptcost('count', ...files, '--model', 'gemini-2.5-flash', '--format', 'json');
    assert.deepStrictEqual(JSON.parse(run.stdout), {
      model: 'gemini-2.5-flash',
      tokenizer: 'gemma3',
      encoding: 'gemma3',
      exact: true,
      files: [
        { file: files[0], tokens: 297 },
        { file: files[1], tokens: 11 },
      ],
      total: 308,
    });
    assert.strictEqual(run.code, 0);
  });

  it('marks a count approximate and says why when a run without a break was counted in pieces', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'promptcost-count-'));
    try {
      const minified = path.join(dir, 'minified.txt');
      fs.writeFileSync(minified, `${'x'.repeat(5_000)}\n`);
      const table = promptcost('count', minified).stdout.split('\n');
      assert.strictEqual(table[2], '  ≈626  total · gpt-4o-mini');
      assert.strictEqual(table[3], 'Exact: counted with o200k_base, the tokenizer gpt-4o-mini uses.');
      assert.match(table[4], /^Approximate \(≈\): a run of 5,000 characters without a break/);
      assert.strictEqual(
        table[5],
        "Counted: each file's raw text, every character as one message, without chat framing. For a prompt as it is sent, run promptcost estimate.",
      );
      assert.strictEqual(JSON.parse(promptcost('count', minified, '--format', 'json').stdout).exact, false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports unreadable inputs on stderr, counts the rest and exits 2', () => {
    const run = promptcost('count', 'test/fixtures/count/fox.txt', 'test/fixtures/count/missing.txt', 'test/fixtures/count');
    assert.strictEqual(
      run.stderr,
      'promptcost: test/fixtures/count/missing.txt: no such file\npromptcost: test/fixtures/count: is a folder; count takes files\n',
    );
    assert.match(run.stdout, /^ {4}10 {2}test\/fixtures\/count\/fox\.txt$/m);
    assert.strictEqual(run.code, 2);
  });

  it('refuses binary files', () => {
    const run = promptcost('count', 'test/fixtures/count/binary.bin');
    assert.strictEqual(run.stderr, 'promptcost: test/fixtures/count/binary.bin: looks binary; only text files are counted\n');
    assert.strictEqual(run.code, 2);
  });

  it('exits 2 with a pointer to --help on bad arguments', () => {
    for (const args of [['count'], ['count', 'x', '--format', 'xml'], ['count', 'x', '--bogus'], ['frobnicate'], []]) {
      const run = promptcost(...args);
      assert.strictEqual(run.code, 2, `promptcost ${args.join(' ')}`);
    }
    assert.strictEqual(
      promptcost('count', 'x', '--format', 'xml').stderr,
      "promptcost: --format must be table or json, not 'xml'\nRun 'promptcost --help' for usage.\n",
    );
    assert.strictEqual(promptcost('frobnicate').stderr, "promptcost: unknown command 'frobnicate'\nRun 'promptcost --help' for usage.\n");
  });

  it('prints help and version with exit 0', () => {
    assert.match(promptcost('--help').stdout, /^promptcost — what your prompts and LLM calls cost/);
    assert.strictEqual(promptcost('--help').code, 0);
    assert.strictEqual(promptcost('--version').stdout, '0.1.0\n');
  });
});
