import * as assert from 'assert';
import { decodeLikeScan, preview, splitChars, utf8 } from '../fuzz/bytes';
import { EditorText, PlacementCheck } from '../fuzz/editorText';
import { generateCase } from '../fuzz/fuzzCase';
import { deltaDebug, halveRuns, minimiseBudget, minimiseBytes } from '../fuzz/minimise';
import { MUTATORS, mutatorNamed } from '../fuzz/mutators';
import { checkNumbers, isEstimateInteger } from '../fuzz/numberChecks';
import { hashSeed, Random } from '../fuzz/random';
import { FUZZ_GROUPS, loadSeeds } from '../fuzz/seeds';
import { checkStrings } from '../fuzz/stringChecks';
import { topFrame } from '../fuzz/violations';

const seeds = loadSeeds();
const bytesOf = (text: string) => Buffer.from(text, 'latin1');
const textOf = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');
const mutate = (name: string, text: string, seed: number) => textOf(mutatorNamed(name).apply(bytesOf(text), { random: new Random(seed), donors: [] }));

describe('the fuzzer', () => {
  describe('its random numbers', () => {
    it('are the same sequence for the same seed, and another for another seed', () => {
      const draw = (seed: number) =>
        Array.from(
          { length: 5 },
          (
            (random) => () =>
              random.next()
          )(new Random(seed)),
        );
      assert.deepStrictEqual(draw(1), draw(1));
      assert.notDeepStrictEqual(draw(1), draw(2));
      assert.deepStrictEqual(
        draw(1).map((value) => value.toFixed(6)),
        ['0.627074', '0.002736', '0.527447', '0.981051', '0.968378'],
      );
    });

    it('stay in their ranges', () => {
      const random = new Random(hashSeed('ranges'));
      for (let i = 0; i < 1000; i++) {
        const value = random.between(3, 5);
        assert.ok(value >= 3 && value <= 5 && Number.isInteger(value));
        assert.ok(random.below(7) < 7);
      }
    });

    it('hash a run seed, group and case index to a stable seed', () => {
      assert.strictEqual(hashSeed(1, 'python', 0), hashSeed(1, 'python', 0));
      assert.notStrictEqual(hashSeed(1, 'python', 0), hashSeed(1, 'python', 1));
      assert.notStrictEqual(hashSeed(1, 'python', 10), hashSeed(11, 'python', 0));
    });
  });

  describe('its cases', () => {
    it('start from the fixtures of every group', () => {
      for (const group of FUZZ_GROUPS)
        assert.ok(
          seeds.some((seed) => seed.group === group),
          group,
        );
      assert.ok(seeds.some((seed) => seed.fixture === 'workspace/prompts/support-reply.prompty' && seed.file === 'prompts/support-reply.prompty'));
    });

    it('are rebuilt from the run seed, group and index alone, whatever was generated before', () => {
      const direct = generateCase(seeds, 1, 'typescript', 17);
      for (let index = 0; index < 17; index++) generateCase(seeds, 1, 'typescript', index);
      const again = generateCase(seeds, 1, 'typescript', 17);
      assert.deepStrictEqual(again, direct);
      assert.notDeepStrictEqual(generateCase(seeds, 1, 'typescript', 18).bytes, direct.bytes);
      assert.ok(direct.mutators.length >= 1 && direct.mutators.length <= 3);
    });

    it('mutate promptcost.yaml in the config group and analyse another file of its root', () => {
      const fuzzCase = generateCase(seeds, 1, 'config', 0);
      assert.strictEqual(fuzzCase.seed, 'workspace/promptcost.yaml');
      assert.notStrictEqual(fuzzCase.file, 'promptcost.yaml');
      assert.ok(fuzzCase.config);
    });
  });

  describe('its mutators', () => {
    it('give the same output for the same seed', () => {
      assert.strictEqual(mutate('weird-number', 'model: gpt-4o\nmax_tokens: 500\n', 3), 'model: gpt-4o\nmax_tokens: 1e-999\n');
      assert.strictEqual(mutate('prototype-variable', 'Hello {{name}}!\n', 8), 'Hello {{__proto__}}!\n');
      assert.strictEqual(mutate('cr-only-line-endings', 'a\r\nb\nc\r', 1), 'a\rb\rc\r');
    });

    it('each take an empty file and a one-byte file', () => {
      for (const mutator of MUTATORS) {
        for (const input of ['', 'x']) assert.ok(mutator.apply(bytesOf(input), { random: new Random(5), donors: [bytesOf('donor\n')] }) instanceof Uint8Array);
      }
    });

    it('show reproducers with control chars spelt out and long runs counted', () => {
      const bytes = Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8(`a\r\n\t${'#'.repeat(20)}\0`), 0xff, 0xef, 0xbb, 0xbf]);
      assert.strictEqual(preview(bytes), 'a\\r\n\\t«"#" × 20»\\0<U+FFFD><BOM>');
    });

    it('write invalid UTF-8 that the scan decodes to U+FFFD', () => {
      const mutated = mutatorNamed('invalid-utf8').apply(utf8('abc'), { random: new Random(9), donors: [] });
      assert.ok(decodeLikeScan(mutated).includes('\uFFFD'), decodeLikeScan(mutated));
    });
  });

  describe('its minimiser', () => {
    it('keeps only what the failure needs', async () => {
      const units = Array.from({ length: 100 }, (_, i) => i);
      const stats = { tries: 0 };
      const kept = await deltaDebug(units, async (candidate) => candidate.includes(13) && candidate.includes(42), minimiseBudget(1000, 60), stats);
      assert.deepStrictEqual(kept, [13, 42]);
      assert.ok(stats.tries < 200, `${stats.tries} tries`);
    });

    it('stops when its budget is spent, with what still reproduces', async () => {
      const stats = { tries: 0 };
      const kept = await deltaDebug([1, 2, 3, 4, 5, 6, 7, 8], async (candidate) => candidate.includes(8), minimiseBudget(2, 60), stats);
      assert.strictEqual(stats.tries, 2);
      assert.ok(kept.includes(8));
    });

    it('halves long runs of one char while the failure needs no more of them', async () => {
      const chars = splitChars(utf8(`x${'#'.repeat(1000)}y`));
      const kept = await halveRuns(chars, async (candidate) => candidate.length >= 300, minimiseBudget(1000, 60));
      assert.ok(kept.length >= 300 && kept.length < 600, `${kept.length} chars`);
      assert.strictEqual(decodeLikeScan(kept[kept.length - 1]), 'y');
    });

    it('shrinks bytes by lines, then by UTF-8 chars', async () => {
      const input = utf8('first line\nthe bad X here\nthird ✓ line\n');
      const kept = await minimiseBytes(input, async (candidate) => decodeLikeScan(candidate).includes('X'), minimiseBudget(1000, 60));
      assert.strictEqual(decodeLikeScan(kept), 'X');
      assert.deepStrictEqual(
        splitChars(utf8('a✓')).map((char) => char.length),
        [1, 3],
      );
    });
  });

  describe('its checks', () => {
    it('place positions on the lines an editor sees, lone CR included', () => {
      const editor = new EditorText('ab\rcd\r\nef');
      assert.strictEqual(editor.lineCount, 3);
      assert.strictEqual(editor.rangeProblem({ start: { line: 1, character: 0 }, end: { line: 1, character: 2 } }), undefined);
      assert.match(editor.rangeProblem({ start: { line: 0, character: 3 }, end: { line: 0, character: 3 } })!, /outside line 0/);
      assert.strictEqual(editor.apply([{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 1 } }, newText: 'E' }]), 'ab\rcd\r\nEf');
      const edit = (from: number, to: number) => ({ range: { start: { line: 2, character: from }, end: { line: 2, character: to } }, newText: '' });
      assert.ok(editor.editsOverlap([edit(0, 2), edit(1, 1)]));
      assert.ok(!editor.editsOverlap([edit(0, 1), edit(1, 2)]));
    });

    it('tell ranges an editor cannot place, with lines ending at \\r\\n, \\n or a lone \\r', () => {
      const at = (line: number, from: number, to: number) => ({ start: { line, character: from }, end: { line, character: to } });
      assert.strictEqual(new PlacementCheck('ab\rcd').misplacement(at(0, 4, 5)), 'character 4 is outside line 0, which is 2 long');
      assert.strictEqual(new PlacementCheck('ab\rcd\nef').misplacement(at(1, 0, 1)), undefined);
      assert.strictEqual(new PlacementCheck('ab\r\ncd').misplacement(at(1, 0, 2)), undefined);
      assert.strictEqual(new PlacementCheck('ab\r\ncd').misplacement(at(0, 3, 3)), 'character 3 is outside line 0, which is 2 long');
    });

    it('find leaked NaN and undefined, but not where the input itself says them', () => {
      const strings = (text: string) => [{ where: 'message', text }];
      assert.strictEqual(checkStrings(strings('Costs $NaN a month'), 'max_tokens: NaN').length, 1);
      assert.strictEqual(checkStrings(strings('model "undefined" is unknown'), 'model: undefined').length, 0);
      assert.deepStrictEqual(
        checkStrings(strings('model undefined is unknown'), 'model: gpt-4o').map((found) => found.signature),
        ['bad-string: undefined in message'],
      );
    });

    it('find numbers that are not finite, negative, or token counts that are not whole', () => {
      const found = checkNumbers('estimate', { tokens: { input: 1.5, cached: -1 }, cost: { perCall: NaN } }, isEstimateInteger);
      assert.deepStrictEqual(
        found.map((violation) => violation.signature),
        ['non-integer-tokens: estimate.tokens.input', 'negative-number: estimate.tokens.cached', 'non-finite-number: estimate.cost.perCall'],
      );
    });

    it("name the top frame of Prompt Cost's own code", () => {
      const error = new Error('boom');
      error.stack = 'Error: boom\n    at lib (node_modules/x/index.js:1:2)\n    at price (/somewhere/src/core/pricing/priceBook.ts:84:11)';
      assert.strictEqual(topFrame(error), 'price (/somewhere/src/core/pricing/priceBook.ts:84)');
    });
  });
});
