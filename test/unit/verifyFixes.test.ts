import * as assert from 'assert';
import { verifyCodeFixes, type PendingFix, type Reanalyse } from '../../src/core/rules/verifyFixes';
import type { RuleFix, SiteAfterFix } from '../../src/core/rules/rule';
import type { TextEdit } from '../../src/core/types';
import type { FileAnalysis } from '../../src/core/workspace/analyzeFile';
import { analyze } from './ruleHelpers';

/** An insertion at the start of a line: what a cap or breakpoint fix looks like. */
const insertAt = (line: number, newText: string): TextEdit => ({ range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText });

/** A fix whose check holds when the edited "file" (here: the list of inserted texts) contains its text. */
function fix(title: string, line: number): RuleFix {
  return { title, edits: [insertAt(line, title)], expect: (after) => (after.site.id as string).includes(title) };
}

/**
 * A stand-in for analysing the edited file again: every site id in `sites` is found, and each
 * "shows" the texts inserted (joined into its id), unless the edits contain `breaks`, which makes
 * the file fail to parse. Records each call, so the tests see how many analyses were needed.
 */
function reanalyser(sites: string[], breaks?: string): { reanalyse: Reanalyse; calls: string[][] } {
  const calls: string[][] = [];
  const reanalyse: Reanalyse = async (edits) => {
    const inserted = edits.map((edit) => edit.newText);
    calls.push(inserted);
    if (breaks && inserted.includes(breaks)) return undefined;
    return new Map(sites.map((id) => [id, { site: { id: `${id}:${inserted.join('|')}` }, estimate: {} } as unknown as SiteAfterFix]));
  };
  return { reanalyse, calls };
}

describe('verifyCodeFixes', () => {
  it('checks fixes of different sites together: one analysis per fix a site has, not per fix', async () => {
    const pending: PendingFix[] = [
      { siteId: 'a', fix: fix('cap-a', 1) },
      { siteId: 'a', fix: fix('model-a', 2) },
      { siteId: 'b', fix: fix('cap-b', 10) },
      { siteId: 'b', fix: fix('model-b', 11) },
      { siteId: 'c', fix: fix('cap-c', 20) },
    ];
    const { reanalyse, calls } = reanalyser(['a', 'b', 'c']);
    const held = await verifyCodeFixes(pending, reanalyse);
    assert.deepStrictEqual(
      [...held].map((held) => held.title),
      ['cap-a', 'cap-b', 'cap-c', 'model-a', 'model-b'],
    );
    assert.deepStrictEqual(calls, [
      ['cap-a', 'cap-b', 'cap-c'],
      ['model-a', 'model-b'],
    ]);
  });

  it('never applies two fixes whose edits touch in one analysis', async () => {
    // Two calls sharing one options object get the same insertion: applied together they would overlap.
    const pending: PendingFix[] = [
      { siteId: 'a', fix: fix('shared', 5) },
      { siteId: 'b', fix: fix('shared', 5) },
    ];
    const { reanalyse, calls } = reanalyser(['a', 'b']);
    assert.strictEqual((await verifyCodeFixes(pending, reanalyse)).size, 2);
    assert.deepStrictEqual(calls, [['shared'], ['shared']]);
  });

  it('drops a fix that breaks the file, that loses its site or whose site does not show what it promised, and keeps the others of its batch', async () => {
    const broken = fix('breaks', 1);
    const lost: RuleFix = { ...fix('lost', 10) };
    const unkept: RuleFix = { ...fix('unkept', 20), expect: () => false };
    const good = fix('good', 30);
    const pending: PendingFix[] = [
      { siteId: 'a', fix: broken },
      { siteId: 'gone', fix: lost },
      { siteId: 'c', fix: unkept },
      { siteId: 'd', fix: good },
    ];
    const { reanalyse, calls } = reanalyser(['a', 'c', 'd'], 'breaks');
    const held = await verifyCodeFixes(pending, reanalyse);
    assert.deepStrictEqual([...held], [good]);
    // The batch failed as a whole (a parse error), so each fix was checked again on its own.
    assert.deepStrictEqual(calls, [['breaks', 'lost', 'unkept', 'good'], ['breaks'], ['lost'], ['unkept'], ['good']]);
  });

  it('leaves fixes that change no cost (no check) to the caller, and analyses nothing for them', async () => {
    const { reanalyse, calls } = reanalyser(['a']);
    const silence: RuleFix = { title: 'Ignore here', edits: [insertAt(0, '// promptcost-ignore')] };
    assert.deepStrictEqual([...(await verifyCodeFixes([{ siteId: 'a', fix: silence }], reanalyse))], []);
    assert.deepStrictEqual(calls, []);
  });
});

describe('offerFixes: false', () => {
  const CALL =
    "import OpenAI from 'openai';\nconst openai = new OpenAI();\nawait openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Summarise the ticket.' }] });\n";
  const PROMPT = '---\nmodel:\n  api: chat\n  configuration:\n    type: openai\n    name: gpt-4o\n---\nuser:\nSummarise the ticket.\n';

  for (const [file, text] of [
    ['src/summarise.ts', CALL],
    ['prompts/summarise.prompty', PROMPT],
  ]) {
    it(`gives ${file} the same findings and figures, without fixes`, async () => {
      const offered = await analyze(file, text);
      const bare = await analyze(file, text, { offerFixes: false });
      const rules = (analysis: FileAnalysis) => analysis.sites.flatMap((entry) => entry.findings.map((finding) => `${finding.rule}: ${finding.message}`));
      assert.deepStrictEqual(rules(bare), rules(offered));
      assert.ok(
        rules(offered).some((rule) => rule.startsWith('missing-max-tokens')),
        'the call has no cap',
      );
      assert.ok(
        offered.sites.every((entry) => entry.findings.every((finding) => finding.fixes.length > 0)),
        'each finding offers fixes by default',
      );
      assert.deepStrictEqual(
        bare.sites.flatMap((entry) => entry.findings.flatMap((finding) => finding.fixes)),
        [],
      );
      assert.deepStrictEqual(
        bare.sites.map((entry) => entry.estimate.cost.monthly),
        offered.sites.map((entry) => entry.estimate.cost.monthly),
      );
    });
  }
});
