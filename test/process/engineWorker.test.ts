import * as assert from 'assert';
import { requireBundledWorker, WORKER_SCRIPT } from './bundledWorker';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { InProcessEncoder } from '../../src/core/tokens/inProcessEncoder';
import { DEFAULT_WORKER_HEAP_MB, EngineWorker, WORKER_YOUNG_GENERATION_MB } from '../../src/core/worker/engineWorker';
import { EMPTY_PROJECT_CONFIG } from '../../src/core/volume/projectConfig';
import { generatedTypeScript } from '../unit/codeGenerated';
import { createEngine } from '../../src/core/engine';

describe('EngineWorker', function () {
  this.timeout(60_000);
  before(requireBundledWorker);

  // Tests that are not about starting, stopping or failing a worker share one, as the extension does.
  let shared: EngineWorker;
  before(() => (shared = new EngineWorker(WORKER_SCRIPT)));
  after(() => shared?.dispose());

  it('starts no thread until the first count, then counts exactly like the in-process encoder', async () => {
    const encoder = new EngineWorker(WORKER_SCRIPT);
    try {
      assert.strictEqual(encoder.isRunning(), false);
      const texts = ['The quick brown fox jumps over the lazy dog.', '<|endoftext|>', 'お誕生日おめでとう', ''];
      const fromWorker = await encoder.count('o200k_base', texts);
      assert.strictEqual(encoder.isRunning(), true);
      assert.deepStrictEqual(
        fromWorker.map((count) => count.tokens),
        [10, 7, 8, 0],
      );
      assert.deepStrictEqual(fromWorker, new InProcessEncoder().countSync('o200k_base', texts));
      assert.deepStrictEqual(encoder.loadedEncodings(), ['o200k_base']);
    } finally {
      encoder.dispose();
    }
  });

  it('leaves the calling thread free while the worker builds its table', async () => {
    const encoder = new EngineWorker(WORKER_SCRIPT);
    try {
      // Building cl100k takes hundreds of milliseconds of CPU. Had it run on this thread, the
      // immediate callback below could only run after the count had settled.
      const order: string[] = [];
      const counted = encoder.count('cl100k_base', ['hello world']).then(() => order.push('counted'));
      await new Promise<void>((resolve) => setImmediate(() => resolve(void order.push('main thread ran'))));
      await counted;
      assert.deepStrictEqual(order, ['main thread ran', 'counted']);
    } finally {
      encoder.dispose();
    }
  });

  it('answers concurrent requests each with its own counts', async () => {
    const encoder = shared;
    const [a, b] = await Promise.all([encoder.count('o200k_base', ['2 + 2 = 4']), encoder.count('cl100k_base', ['tiktoken is great!'])]);
    assert.deepStrictEqual(a, [{ tokens: 7, longestSplitRun: 0 }]);
    assert.deepStrictEqual(b, [{ tokens: 6, longestSplitRun: 0 }]);
    assert.deepStrictEqual(encoder.loadedEncodings().sort(), ['cl100k_base', 'o200k_base']);
  });

  it('counts 1 MB without a break quickly, with the same count and approximation as in process', async () => {
    const texts = ['a'.repeat(1_000_000), 'あ'.repeat(1_000_000), 'Short text.'];
    for (const encoding of ['o200k_base', 'cl100k_base'] as const) {
      const fromWorker = await shared.count(encoding, texts);
      assert.deepStrictEqual(fromWorker, [
        { tokens: 125_000, longestSplitRun: 1_000_000 },
        { tokens: 1_000_000, longestSplitRun: 1_000_000 },
        { tokens: 3, longestSplitRun: 0 },
      ]);
      assert.deepStrictEqual(fromWorker, new InProcessEncoder().countSync(encoding, texts));
    }
  });

  it('rejects counts after dispose and fails pending ones', async () => {
    const encoder = new EngineWorker(WORKER_SCRIPT);
    const pending = encoder.count('o200k_base', ['pending']);
    encoder.dispose();
    await assert.rejects(pending, /shut down/);
    await assert.rejects(encoder.count('o200k_base', ['late']), /shut down/);
  });

  it('reports a worker that cannot start instead of hanging', async () => {
    const encoder = new EngineWorker(path.join(__dirname, 'no-such-worker.js'));
    try {
      await assert.rejects(encoder.count('o200k_base', ['text']), /Cannot find module/);
      assert.strictEqual(encoder.isRunning(), false);
    } finally {
      encoder.dispose();
    }
  });

  it('gives up a file that takes longer than its time budget, with a finding, and analyses the others in a new worker', async () => {
    // 100,000 lines with 50,000 calls take many seconds; a 4 s budget gives up on them long before.
    const worker = new EngineWorker(WORKER_SCRIPT, undefined, 4_000);
    const settings = { project: EMPTY_PROJECT_CONFIG, defaultModel: 'gpt-4o-mini', monthlyCalls: 10_000 };
    try {
      const slow = worker.analyze(generatedTypeScript(100_000).text, 'src/huge.ts', settings);
      const quick = worker.analyze('---\nmodel: gpt-4o\n---\nuser:\nHello\n', 'prompts/hello.prompty', settings);
      const [gaveUp, done] = await Promise.all([slow, quick]);
      assert.deepStrictEqual(gaveUp, {
        sites: [],
        findings: [
          {
            rule: 'analysis-timeout',
            severity: 'warning',
            message: "Prompt Cost gave up on this file after 4 s, so its prompts are not estimated. This is a bug in Prompt Cost; the log has the file's name.",
            // The generated file's first line: `import OpenAI from 'openai';`.
            range: { start: { line: 0, character: 0 }, end: { line: 0, character: 28 } },
            fixes: [],
          },
        ],
      });
      assert.deepStrictEqual(
        done?.sites.map(({ estimate }) => [estimate.model.id, estimate.tokens.input]),
        [['gpt-4o', 8]],
      );
    } finally {
      worker.dispose();
    }
  });

  it("analyses one file at a time, each announced as it starts (its time budget its own), the editor's before a scan's", async () => {
    const thread = new Worker(WORKER_SCRIPT);
    try {
      const settings = { project: EMPTY_PROJECT_CONFIG, defaultModel: 'gpt-4o-mini', monthlyCalls: 10_000 };
      const seen: string[] = [];
      const answered = new Promise<void>((resolve) =>
        thread.on('message', (message: { type?: string; id: number }) => {
          if (message.type === 'log') return;
          seen.push(`${message.type ?? 'answer'} ${message.id}`);
          if (seen.length === 8) resolve();
        }),
      );
      // Three files of a scan, then the file being edited: it goes before the scan's two still waiting.
      for (const id of [1, 2, 3, 4]) {
        thread.postMessage({
          id,
          type: 'analyze',
          text: generatedTypeScript(300).text,
          file: `src/f${id}.ts`,
          settings,
          ...(id < 4 ? { background: true } : {}),
        });
      }
      await answered;
      assert.deepStrictEqual(seen, ['started 1', 'answer 1', 'started 4', 'answer 4', 'started 2', 'answer 2', 'started 3', 'answer 3']);
    } finally {
      await thread.terminate();
    }
  });

  it('sends what a crashed worker left unanswered to a new one, once: one bad file costs only itself', async () => {
    // A stand-in worker that speaks the protocol: it answers every file but one, on which it exits,
    // as the engine worker does after a fault in its parser.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'promptcost-worker-'));
    const script = path.join(dir, 'crashingWorker.js');
    fs.writeFileSync(
      script,
      [
        "const { parentPort } = require('worker_threads');",
        'parentPort.on("message", (request) => {',
        '  parentPort.postMessage({ type: "started", id: request.id });',
        '  if (request.file === "crash.ts") process.exit(70);',
        // The analysis packed as analysisPayload.ts packs it: a file of no sites has no detail bytes.
        '  const none = { shapes: [], shapeOf: new Uint32Array(0), numbers: new Float64Array(0), stringIndexes: new Uint32Array(0), strings: [], shared: new Uint32Array(0), others: [] };',
        '  const analysis = { analysis: { findings: [] }, sites: none, bytes: new Uint8Array(0), spans: new Uint32Array(0) };',
        '  parentPort.postMessage({ id: request.id, ok: true, analysis, loadedEncodings: [] });',
        '});',
      ].join('\n'),
    );
    const worker = new EngineWorker(script);
    const settings = { project: EMPTY_PROJECT_CONFIG, defaultModel: 'gpt-4o-mini', monthlyCalls: 10_000 };
    try {
      const crash = worker.analyze('x', 'crash.ts', settings);
      const after = worker.analyze('y', 'fine.ts', settings);
      const [crashed, fine] = await Promise.allSettled([crash, after]);
      assert.deepStrictEqual(
        [crashed.status, crashed.status === 'rejected' && String(crashed.reason.message)],
        ['rejected', 'The engine worker stopped (exit code 70).'],
      );
      assert.deepStrictEqual(fine, { status: 'fulfilled', value: { sites: [], findings: [] } });
    } finally {
      worker.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('starts its thread with a 12 MB young generation and the heap cap, as V8 reports them', async () => {
    // V8's default young generation is 48 MB, and a scan kept it full (engineWorker.ts).
    const lines: string[] = [];
    const logger = { debug: (line: string) => lines.push(line), info: () => undefined, warn: () => undefined, error: () => undefined };
    const worker = new EngineWorker(WORKER_SCRIPT, logger);
    try {
      assert.deepStrictEqual(await worker.count('o200k_base', ['hello world']), [{ tokens: 2, longestSplitRun: 0 }]);
      assert.deepStrictEqual(
        lines.filter((line) => line.startsWith('Engine worker heap')),
        [`Engine worker heap: young generation ${WORKER_YOUNG_GENERATION_MB} MB, old generation ${DEFAULT_WORKER_HEAP_MB} MB.`],
      );
    } finally {
      worker.dispose();
    }
  });

  it('starts a worker that used up its heap cap again with twice the cap, and answers as an uncapped one', async () => {
    // 16 MB cannot hold the o200k table: the cap doubles until a worker can (64 MB on Node 20).
    const lines: string[] = [];
    const logger = { debug: () => undefined, info: (line: string) => lines.push(line), warn: () => undefined, error: () => undefined };
    const capped = new EngineWorker(WORKER_SCRIPT, logger, undefined, 16);
    const root = path.resolve(__dirname, '../fixtures/workspace');
    const options = { project: EMPTY_PROJECT_CONFIG, defaultModel: 'gpt-4o-mini', monthlyCalls: 10_000, workspaceRoot: root };
    const file = 'src/supportBot/draftReply.ts';
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    try {
      const [fromCapped, fromShared] = await Promise.all([capped.analyze(text, file, options), shared.analyze(text, file, options)]);
      assert.deepStrictEqual(fromCapped, fromShared);
      const raised: string[] = [];
      for (let cap = 16; cap < capped.heapLimit!; cap *= 2) raised.push(`The engine worker used all of its ${cap} MB heap; started again with ${cap * 2} MB.`);
      assert.ok(raised.length > 0, 'a 16 MB worker ran out of heap');
      assert.deepStrictEqual(
        lines.filter((line) => line.includes('heap')),
        raised,
      );
    } finally {
      capped.dispose();
    }
  });

  it('analyses prompt files and code off the calling thread, with the same figures as in process', async () => {
    const worker = shared;
    const root = path.resolve(__dirname, '../fixtures/workspace');
    const project = { defaults: {}, sites: {}, deployments: {}, prices: {}, rules: {}, env: {}, tasks: {} };
    const options = { project, defaultModel: 'gpt-4o-mini', monthlyCalls: 10_000, workspaceRoot: root };
    const prompt = await worker.analyze(fs.readFileSync(path.join(root, 'prompts/support-reply.prompty'), 'utf8'), 'prompts/support-reply.prompty', options);
    assert.deepStrictEqual(
      prompt!.sites.map((s) => [s.site.id, s.estimate.tokens.input, s.estimate.cost.perCall?.toFixed(8)]),
      [['prompts/support-reply.prompty#Support reply', 143, '0.00014145']],
    );
    // The drafter's system prompt is imported from prompts.ts: the worker reads it from the workspace root.
    const code = await worker.analyze(fs.readFileSync(path.join(root, 'src/supportBot/draftReply.ts'), 'utf8'), 'src/supportBot/draftReply.ts', options);
    assert.deepStrictEqual(
      code!.sites.map((s) => [s.site.id, s.site.sdk, s.estimate.model.id, s.estimate.tokens.static]),
      [['src/supportBot/draftReply.ts#draftReply', 'anthropic.messages', 'claude-sonnet-4-5', 1503]],
    );
    assert.strictEqual(await worker.analyze('just notes', 'docs/notes.md', options), undefined);
  });
  it('hands the main thread every site of an analysis as the engine in process has it, details included', async () => {
    const root = path.resolve(__dirname, '../fixtures/workspace');
    const project = { defaults: {}, sites: {}, deployments: {}, prices: {}, rules: {}, env: {}, tasks: {} };
    const options = { project, defaultModel: 'gpt-4o-mini', monthlyCalls: 10_000, workspaceRoot: root };
    const inProcess = createEngine();
    try {
      for (const file of ['prompts/ticket-triage.prompt', 'src/supportBot/draftReply.ts', 'jobs/nightly_summaries.py']) {
        const text = fs.readFileSync(path.join(root, file), 'utf8');
        const crossed = await shared.analyze(text, file, options);
        assert.deepStrictEqual(crossed, await inProcess.analyze(text, file, options), file);
        assert.ok(
          crossed!.sites.every((site) => site.estimate.assumptions.length > 0 && site.site.file === file),
          file,
        );
      }
    } finally {
      inProcess.dispose();
    }
  });

  it('answers the outline before an analysis asked for first builds the tokenizer table', async () => {
    const worker = new EngineWorker(WORKER_SCRIPT);
    try {
      const { text } = generatedTypeScript(200);
      const order: string[] = [];
      // As the CodeLens provider does on a file's first show: the analysis, then the outline for the "counting…" lenses.
      const settings = { project: EMPTY_PROJECT_CONFIG, defaultModel: 'gpt-4o-mini', monthlyCalls: 10_000 };
      const analysed = worker.analyze(text, 'src/generated.ts', settings).then((analysis) => (order.push('analysed'), analysis));
      const outline = await worker.outline(text, 'src/generated.ts');
      order.push('outlined');
      // The table (a second or more of work the outline does not need) was not built before the outline came back.
      assert.deepStrictEqual(worker.loadedEncodings(), []);
      assert.strictEqual((await analysed)?.sites.length, 18);
      assert.deepStrictEqual(order, ['outlined', 'analysed']);
      assert.strictEqual(outline?.length, 18);
    } finally {
      worker.dispose();
    }
  });

  it("outlines a file's sites while its warm-up is still to build the tokenizer table, which it then builds", async () => {
    const worker = new EngineWorker(WORKER_SCRIPT);
    try {
      const { text } = generatedTypeScript(200);
      const order: string[] = [];
      // The warm-up is asked for first, as the editor does when a file is shown; the outline must not wait for its table.
      const warmed = worker.warmUp('src/generated.ts', 'gpt-4o-mini').then(() => order.push('warmed up'));
      const outline = await worker.outline(text, 'src/generated.ts');
      order.push('outlined');
      assert.deepStrictEqual(worker.loadedEncodings(), []);
      await warmed;
      assert.deepStrictEqual(order, ['outlined', 'warmed up']);
      assert.deepStrictEqual(worker.loadedEncodings(), ['o200k_base']);
      assert.strictEqual(outline?.length, 18);
      assert.deepStrictEqual(outline[0], { id: 'src/generated.ts#handler0', range: { start: { line: 11, character: 23 }, end: { line: 15, character: 4 } } });
    } finally {
      worker.dispose();
    }
  });
});
