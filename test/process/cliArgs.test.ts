import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist/cli.js');

function promptcost(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A usage error: our sentence, the pointer to --help, nothing on stdout, exit 2. */
const usage = (message: string) => ({ code: 2, stdout: '', stderr: `promptcost: ${message}\nRun 'promptcost --help' for usage.\n` });

describe('promptcost arguments (CLI)', () => {
  it('suggests the command meant by a typo, a swap or a prefix', () => {
    assert.deepStrictEqual(promptcost('estimat'), usage('Unknown command "estimat". Did you mean "estimate"?'));
    assert.deepStrictEqual(promptcost('chekc', '.'), usage('Unknown command "chekc". Did you mean "check"?'));
    assert.deepStrictEqual(promptcost('cont', 'x'), usage('Unknown command "cont". Did you mean "count"?'));
    assert.deepStrictEqual(promptcost('--hlep'), usage('Unknown option --hlep. Did you mean --help?'));
    // Nothing close: the message as before.
    assert.deepStrictEqual(promptcost('frobnicate'), usage("unknown command 'frobnicate'"));
  });

  it("suggests the option meant, in our words rather than Node's", () => {
    assert.deepStrictEqual(promptcost('estimate', '--formt', 'json'), usage('Unknown option --formt. Did you mean --format?'));
    assert.deepStrictEqual(promptcost('check', '--max', '5'), usage('Unknown option --max. Did you mean --max-monthly?'));
    assert.deepStrictEqual(promptcost('estimate', '--explain-miss'), usage('Unknown option --explain-miss. Did you mean --explain-misses?'));
    assert.deepStrictEqual(promptcost('count', 'x', '--bogus'), usage('Unknown option --bogus.'));
    assert.deepStrictEqual(promptcost('estimate', '-x'), usage('Unknown option -x.'));
    assert.deepStrictEqual(promptcost('count', 'x', '--calls', '5'), usage('count has no option --calls: it is an option of estimate, check and diff.'));
  });

  it('says what an option without its value needs, and that a flag takes none', () => {
    assert.deepStrictEqual(promptcost('estimate', '--format'), usage('--format needs a value: table, json, markdown, csv, sarif or github'));
    assert.deepStrictEqual(promptcost('estimate', '--format', '--verbose'), usage('--format needs a value: table, json, markdown, csv, sarif or github'));
    assert.deepStrictEqual(promptcost('check', '--format'), usage('--format needs a value: text, json, sarif or github'));
    assert.deepStrictEqual(promptcost('count', 'x', '--format'), usage('--format needs a value: table or json'));
    assert.deepStrictEqual(promptcost('check', '--fail-on'), usage('--fail-on needs a value: warning or error'));
    assert.deepStrictEqual(promptcost('estimate', '--model'), usage('--model needs a value: a model id, e.g. gpt-4o-mini'));
    assert.deepStrictEqual(promptcost('estimate', '--top'), usage('--top needs a value: how many sites to show, such as 10'));
    assert.deepStrictEqual(promptcost('estimate', '--verbose=yes'), usage('--verbose takes no value'));
  });

  it('--help says estimate reads code as well as prompt files, and what count counts', () => {
    const help = promptcost('estimate', '--help');
    assert.strictEqual(help.code, 0);
    const lines = help.stdout.split('\n');
    assert.ok(lines.includes('      and every LLM call in TypeScript, JavaScript and Python code (OpenAI, Anthropic, Google, AWS'), help.stdout);
    assert.ok(lines.includes("      Tokens in each file's raw text and the total, for one model (default gpt-4o-mini): every"), help.stdout);
    assert.ok(lines.includes('      and framing), use estimate.'), help.stdout);
  });
});
