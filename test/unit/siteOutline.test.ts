import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import { createEngine } from '../../src/core/engine';
import { parseProjectConfig } from '../../src/core/volume/projectConfig';

const ROOT = path.join(__dirname, '..', 'fixtures', 'workspace');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

describe('what the engine knows before it counts: outline and warm-up', () => {
  const engine = createEngine();
  after(() => engine.dispose());

  it('outlines the sites of a prompt file and TypeScript at the places and ids the analysis gives them', async () => {
    const { config } = parseProjectConfig(read('promptcost.yaml'));
    const settings = { project: config, defaultModel: 'gpt-4o-mini', monthlyCalls: 30_000, workspaceRoot: ROOT };
    for (const file of ['prompts/support-reply.prompty', 'src/supportBot/draftReply.ts']) {
      const analysis = await engine.analyze(read(file), file, settings);
      assert.deepStrictEqual(
        await engine.outline(read(file), file),
        analysis!.sites.map(({ site }) => ({ id: site.id, range: site.range })),
        file,
      );
    }
    assert.deepStrictEqual(await engine.outline(read('src/supportBot/draftReply.ts'), 'src/supportBot/draftReply.ts'), [
      { id: 'src/supportBot/draftReply.ts#draftReply', range: { start: { line: 14, character: 24 }, end: { line: 34, character: 4 } } },
    ]);
  });

  it('outlines the three calls of a Python job at the lines their CodeLenses show', async () => {
    const outline = await engine.outline(read('jobs/nightly_summaries.py'), 'jobs/nightly_summaries.py');
    assert.deepStrictEqual(
      outline?.map((site) => site.range.start.line),
      [73, 86, 100],
    );
  });

  it('outlines no site in code without an LLM call, and nothing at all for a file that is not a cost file', async () => {
    assert.deepStrictEqual(await engine.outline(read('src/supportBot/retrieve.ts'), 'src/supportBot/retrieve.ts'), []);
    assert.strictEqual(await engine.outline('# notes', 'docs/tone-guide.md'), undefined);
  });

  it("warms up the tokenizer of the file's model before any count", async () => {
    const fresh = createEngine();
    try {
      assert.deepStrictEqual(fresh.loadedEncodings(), []);
      await fresh.warmUp('src/supportBot/draftReply.ts', 'gpt-4o-mini');
      assert.deepStrictEqual(fresh.loadedEncodings(), ['o200k_base']);
      await fresh.warmUp('prompts/support-reply.prompty', 'gpt-4');
      assert.deepStrictEqual(fresh.loadedEncodings(), ['o200k_base', 'cl100k_base']);
    } finally {
      fresh.dispose();
    }
  });
});
