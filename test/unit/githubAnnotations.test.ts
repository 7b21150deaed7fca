import * as assert from 'assert';
import { fitSummary } from '../../src/cli/githubOutput';
import { diffReports } from '../../src/core/report/costDiff';
import { diffAnnotations, toWorkflowCommands, workflowCommand, type Annotation } from '../../src/core/report/githubAnnotations';
import { openaiCall, scanInMemory } from './scanInMemory';

const warning = (file: string, weight: number): Annotation => ({
  level: 'warning',
  file,
  line: 1,
  title: 'Prompt Cost: missing-max-tokens',
  message: file,
  weight,
});

describe('GitHub annotations', () => {
  it('escapes what would end the command early or start another', () => {
    const line = workflowCommand({
      level: 'error',
      file: 'src/a,b:c.ts',
      line: 12,
      title: 'Prompt Cost: cap',
      message: '100% of it\n::add-mask::secret\r',
      weight: 0,
    });
    assert.strictEqual(line, '::error file=src/a%2Cb%3Ac.ts,line=12,title=Prompt Cost%3A cap::100%25 of it%0A::add-mask::secret%0D');
  });

  it('shows the most expensive first, 10 of a level, the last slot saying how many more', () => {
    const annotations = Array.from({ length: 12 }, (_, i) => warning(`src/f${i}.ts`, i));
    annotations.push({ level: 'notice', file: 'src/n.ts', line: 3, title: 'Prompt Cost: +$1.00/month', message: 'n', weight: 1 });
    annotations.push({ level: 'error', title: 'Prompt Cost: policy maxMonthly', message: 'over', weight: 0 });
    const lines = toWorkflowCommands(annotations);
    assert.deepStrictEqual(lines, [
      '::error title=Prompt Cost%3A policy maxMonthly::over',
      ...[11, 10, 9, 8, 7, 6, 5, 4, 3].map((i) => `::warning file=src/f${i}.ts,line=1,title=Prompt Cost%3A missing-max-tokens::src/f${i}.ts`),
      '::warning title=Prompt Cost::3 more warning annotations are not shown (GitHub shows 10 of a level per step): see the job summary.',
      '::notice file=src/n.ts,line=3,title=Prompt Cost%3A +$1.00/month::n',
    ]);
    // Exactly 10 of a level fit without the note.
    assert.strictEqual(toWorkflowCommands(annotations.slice(0, 10)).length, 10);
    assert.ok(!toWorkflowCommands(annotations.slice(0, 10)).some((line) => line.includes('more warning')));
  });

  it('annotates each site whose month moved, at its head line, and each new finding at its severity', async () => {
    const base = await scanInMemory({ 'src/answer.ts': openaiCall('answer', 'gpt-4o', 'You answer billing questions in two sentences.', 400) });
    const head = await scanInMemory({
      'src/answer.ts': openaiCall('answer', 'gpt-4.1', 'You answer billing questions in two sentences.'),
      'src/triage.ts': openaiCall('triage', 'gpt-4o-mini', 'Pick a queue.', 50),
    });
    const lines = toWorkflowCommands(diffAnnotations(diffReports(base, head, { base: 'main', head: 'working tree' })));
    assert.deepStrictEqual(lines, [
      // No cap on the head's call: a new warning finding.
      "::warning file=src/answer.ts,line=4,title=Prompt Cost%3A missing-max-tokens::No output cap: a reply can run to 32,768 tokens (the model's maximum output), up to $2,623.82/month at 10,000 calls a month; max_completion_tokens: 400 bounds it at $34.38/month (expected output 300 tokens).",
      // 10,000 calls of 119 input tokens: gpt-4o at $2.50/M in, 200 out at $10/M = $22.98; gpt-4.1 at $2/M in, 300 out at $8/M = $26.38.
      '::notice file=src/answer.ts,line=4,title=Prompt Cost%3A +$3.40/month::answer.ts › answer: $22.98 → $26.38 a month — model gpt-4o → gpt-4.1 · cap removed · expected reply 200 → 300 tokens',
      '::notice file=src/triage.ts,line=4,title=Prompt Cost%3A +$0.32/month::triage.ts › triage: new → $0.32 a month',
    ]);
  });

  it('cuts a summary over the limit at a line, saying so', () => {
    const markdown = ['# Title', 'a'.repeat(50), 'b'.repeat(150)].join('\n');
    assert.strictEqual(fitSummary(markdown, 1000), markdown);
    const cut = fitSummary(markdown, 200);
    assert.ok(cut.startsWith(`# Title\n${'a'.repeat(50)}\n\n_The rest is cut`), cut);
    assert.ok(Buffer.byteLength(cut) + 1 <= 200);
    assert.strictEqual(fitSummary(markdown, 10), '');
  });
});
