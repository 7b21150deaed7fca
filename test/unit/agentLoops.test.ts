import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import { extractCodeSites } from '../../src/core/extract/code/extractCode';
import type { SourceReader } from '../../src/core/codeModel/sourceReader';
import { fileSourceReader } from '../../src/core/workspace/fileSourceReader';
import type { AgentLoop, ExtractResult } from '../../src/core/types';
import { analyze } from './ruleHelpers';
import { at, siteById } from './sdkHelpers';

const ROOT = path.join(__dirname, '..', 'fixtures', 'code');
const WORKSPACE = path.join(__dirname, '..', 'fixtures', 'workspace');

const reader: SourceReader = {
  read: async (relative) => {
    try {
      return readFileSync(path.join(ROOT, relative), 'utf8');
    } catch {
      return undefined;
    }
  },
};

const text = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

async function extract(file: string): Promise<ExtractResult> {
  const result = await extractCodeSites(text(file), file, reader);
  assert.ok(result, `${file} is read as code`);
  assert.deepStrictEqual(result.findings, []);
  return result;
}

/** The agent a loop whose header is `header` makes, bounded by `limit` (inside the header, or the `occurrence`-th `limit` of the file). */
function loopAgent(source: string, header: string, maxTurns: number | null, limit?: { text: string; inHeader: boolean }): AgentLoop {
  const agent: AgentLoop = { kind: 'loop', maxTurns, loopRange: at(source, header) };
  if (limit) {
    agent.limitText = limit.text;
    agent.limitRange = limit.inHeader ? at(source, header, 1, limit.text) : at(source, limit.text);
  }
  return agent;
}

describe('agent loops', () => {
  describe('TypeScript', () => {
    const file = 'agents/loops.ts';
    const source = text(file);
    let result: ExtractResult;
    before(async () => {
      result = await extract(file);
    });
    const agentOf = (fn: string) => siteById(result, `${file}#${fn}`).options.agent;

    it('reads a counting for loop: `turn < 6` is six turns', () => {
      assert.deepStrictEqual(agentOf('counted'), loopAgent(source, 'for (let turn = 0; turn < 6; turn++) {', 6, { text: 'turn < 6', inHeader: true }));
    });

    it('reads `turn <= 5` as six turns', () => {
      assert.deepStrictEqual(agentOf('inclusive'), loopAgent(source, 'for (let turn = 0; turn <= 5; turn++) {', 6, { text: 'turn <= 5', inHeader: true }));
    });

    it('evaluates a constant bound, and sees the history grow through a spread and a reassignment', () => {
      assert.deepStrictEqual(
        agentOf('constant'),
        loopAgent(source, 'for (let turn = 0; turn < MAX_TURNS; turn++) {', 8, { text: 'turn < MAX_TURNS', inHeader: true }),
      );
    });

    it('reads `while (true)` with a counter checked by `if (turns >= MAX_TURNS) throw`', () => {
      assert.deepStrictEqual(agentOf('checked'), loopAgent(source, 'while (true) {', 8, { text: 'turns >= MAX_TURNS', inHeader: false }));
    });

    it('reads `for (;;)` with `if (attempt > 4) break` as five turns', () => {
      assert.deepStrictEqual(agentOf('forever'), loopAgent(source, 'for (;;) {', 5, { text: 'attempt > 4', inHeader: false }));
    });

    it('reads a while condition on a counter starting at 1: `attempt <= 3` is three turns', () => {
      assert.deepStrictEqual(agentOf('conditioned'), loopAgent(source, 'while (attempt <= 3) {', 3, { text: 'attempt <= 3', inHeader: true }));
    });

    it('reads a do…while on the Responses input list', () => {
      assert.deepStrictEqual(agentOf('responses'), loopAgent(source, 'do {', 5, { text: 'turns < 5', inHeader: false }));
    });

    it('leaves the limit unknown when only the model stops the loop', () => {
      const unboundedHeader = at(source, 'while (true) {', 2);
      assert.deepStrictEqual(agentOf('unbounded'), { kind: 'loop', maxTurns: null, loopRange: unboundedHeader });
    });

    it('takes the innermost loop of nested loops', () => {
      assert.deepStrictEqual(agentOf('nested'), loopAgent(source, 'for (let step = 0; step < 4; step++) {', 4, { text: 'step < 4', inHeader: true }));
    });

    it('does not make an agent of a batch whose messages are built afresh each time', () => {
      const site = siteById(result, `${file}#batch`);
      assert.strictEqual(site.options.inLoop, true);
      assert.strictEqual(site.options.agent, undefined);
    });

    it('does not make an agent of a call whose list grew outside its own loop', () => {
      for (const fn of ['grownBefore', 'grownInOuter']) {
        const site = siteById(result, `${file}#${fn}`);
        assert.strictEqual(site.options.inLoop, true, fn);
        assert.strictEqual(site.options.agent, undefined, fn);
      }
    });

    it('does not read a break of a loop nested in the agent loop as its limit', () => {
      assert.deepStrictEqual(agentOf('innerBreak'), { kind: 'loop', maxTurns: null, loopRange: at(source, 'while (true) {', 3) });
    });

    it('gives no number for a bound it cannot evaluate (a parameter)', () => {
      assert.deepStrictEqual(agentOf('parameterLimit'), { kind: 'loop', maxTurns: null, loopRange: at(source, 'for (let turn = 0; turn < limit; turn++) {') });
    });
  });

  describe('Python', () => {
    const file = 'agents/loops.py';
    const source = text(file);
    let result: ExtractResult;
    before(async () => {
      result = await extract(file);
    });
    const agentOf = (fn: string) => siteById(result, `${file}#${fn}`).options.agent;

    it('reads `range(5)`', () => {
      assert.deepStrictEqual(agentOf('ranged'), loopAgent(source, 'for attempt in range(5):', 5, { text: 'range(5)', inHeader: true }));
    });

    it('reads `range(1, 6)` as five turns, the list growing by `+=`', () => {
      assert.deepStrictEqual(agentOf('ranged_from_one'), loopAgent(source, 'for attempt in range(1, 6):', 5, { text: 'range(1, 6)', inHeader: true }));
    });

    it('evaluates `range(MAX_RETRIES)`, the list growing by `messages = messages + [...]`', () => {
      assert.deepStrictEqual(agentOf('retries'), loopAgent(source, 'for attempt in range(MAX_RETRIES):', 3, { text: 'range(MAX_RETRIES)', inHeader: true }));
    });

    it('reads `while True` with `attempt = attempt + 1` and `if attempt >= MAX_TURNS or …: return` (Gemini contents)', () => {
      assert.deepStrictEqual(agentOf('checked'), loopAgent(source, 'while True:', 7, { text: 'attempt >= MAX_TURNS', inHeader: false }));
    });

    it('reads `while turns < MAX_TURNS`', () => {
      assert.deepStrictEqual(agentOf('conditioned'), loopAgent(source, 'while turns < MAX_TURNS:', 7, { text: 'turns < MAX_TURNS', inHeader: true }));
    });

    it('leaves the limit unknown for `while True` stopped by the model alone', () => {
      assert.deepStrictEqual(agentOf('unbounded'), { kind: 'loop', maxTurns: null, loopRange: at(source, 'while True:', 2) });
    });

    it('does not make an agent of a batch', () => {
      const site = siteById(result, `${file}#batch`);
      assert.strictEqual(site.options.inLoop, true);
      assert.strictEqual(site.options.agent, undefined);
    });

    it('does not make an agent of a call whose text (not a list) grows in its loop', () => {
      const site = siteById(result, `${file}#refine`);
      assert.strictEqual(site.options.inLoop, true);
      assert.strictEqual(site.options.agent, undefined);
    });

    it('takes the innermost loop of nested loops', () => {
      assert.deepStrictEqual(agentOf('nested'), loopAgent(source, 'for step in range(4):', 4, { text: 'range(4)', inHeader: true }));
    });
  });

  describe('the sample workspace', () => {
    it('reads the research agent: `while True`, `turns += 1`, `if turns >= MAX_TURNS: raise`', async () => {
      const file = 'agents/research_agent.py';
      const source = readFileSync(path.join(WORKSPACE, file), 'utf8');
      const analysis = await analyze(file, source, { reader: fileSourceReader(WORKSPACE) });
      assert.strictEqual(analysis.sites.length, 1);
      const { agent } = analysis.sites[0].site.options;
      assert.deepStrictEqual(agent, loopAgent(source, 'while True:', 10, { text: 'turns >= MAX_TURNS', inHeader: false }));
    });
  });
});

describe('Agent loops over items', () => {
  const code = [
    'from mistralai import Mistral',
    '',
    'client = Mistral()',
    'TURNS = ["Plan the trip.", "Now the budget.", "Now the packing list."]',
    '',
    '',
    'def scripted():',
    '    messages = []',
    '    for i, user_text in enumerate(TURNS, start=1):',
    '        messages.append({"role": "user", "content": user_text})',
    '        response = client.chat.complete(model="mistral-small-latest", max_tokens=300, messages=messages)',
    '        messages.append(response.choices[0].message)',
    '',
    '',
    'def interview(questions):',
    '    messages = []',
    '    for question in questions:',
    '        messages.append({"role": "user", "content": question})',
    '        response = client.chat.complete(model="mistral-small-latest", max_tokens=300, messages=messages)',
    '        messages.append(response.choices[0].message)',
    '',
  ].join('\n');

  it('a list the code spells out bounds the run by its length; a list passed in bounds it by its items, not the model', async () => {
    const result = await extractCodeSites(code, 'agents/turns.py', reader);
    assert.ok(result);
    assert.deepStrictEqual(siteById(result, 'agents/turns.py#scripted').options.agent, {
      kind: 'loop',
      maxTurns: 3,
      limitText: 'TURNS',
      limitRange: at(code, 'enumerate(TURNS', 1, 'TURNS'),
      loopRange: at(code, 'for i, user_text in enumerate(TURNS, start=1):'),
    });
    assert.deepStrictEqual(siteById(result, 'agents/turns.py#interview').options.agent, {
      kind: 'loop',
      maxTurns: null,
      perItem: true,
      limitText: 'one turn per item of questions',
      limitRange: at(code, 'for question in questions:', 1, 'questions'),
      loopRange: at(code, 'for question in questions:'),
    });
    // Neither is an agent nothing but the model stops.
    const analysis = await analyze('agents/turns.py', code);
    assert.deepStrictEqual(
      analysis.sites.map(({ findings }) => findings.filter((finding) => finding.rule === 'unbounded-agent-loop').length),
      [0, 0],
    );
  });
});
