import * as assert from 'assert';
import { SILENT_LOGGER } from '../../src/core/log/logger';
import { PriceBook } from '../../src/core/pricing/priceBook';
import { TokenCounter } from '../../src/core/tokens/tokenCounter';
import { EMPTY_PROJECT_CONFIG } from '../../src/core/volume/projectConfig';
import { analyzeFile } from '../../src/core/workspace/analyzeFile';
import { scanFiles, type WorkspaceFile } from '../../src/core/workspace/scan';
import { costFileGlobs } from '../../src/core/workspace/discover';
import { sharedEncoder } from './sharedEncoder';
import { summarizeSites, withSitesOnRead } from '../../src/core/workspace/sitesOnRead';

const estimateContext = {
  counter: new TokenCounter(sharedEncoder),
  prices: new PriceBook(),
  project: EMPTY_PROJECT_CONFIG,
  defaultModel: 'gpt-4o-mini',
  monthlyCalls: 10_000,
  logger: SILENT_LOGGER,
};
const analyze = (text: string, file: string) => analyzeFile(text, file, estimateContext);
const file = (path: string, text: string | Uint8Array): WorkspaceFile => ({
  path,
  read: async () => (typeof text === 'string' ? new TextEncoder().encode(text) : text),
});
const prompt = (n: number) => file(`prompts/p${n}.prompty`, `---\nname: P${n}\nmodel: gpt-4o-mini\n---\nuser:\nSay hello ${n} times.\n`);

describe('scanFiles', () => {
  it('estimates every file, in the order given, and reports progress', async () => {
    const progress: string[] = [];
    const report = await scanFiles([prompt(1), prompt(2), prompt(3)], {
      analyze,
      concurrency: 2,
      onProgress: (done, total) => progress.push(`${done}/${total}`),
    });
    assert.deepStrictEqual(
      report.sites.map((s) => s.site.id),
      ['prompts/p1.prompty#P1', 'prompts/p2.prompty#P2', 'prompts/p3.prompty#P3'],
    );
    assert.deepStrictEqual(progress, ['1/3', '2/3', '3/3']);
    assert.strictEqual(report.cancelled, false);
    assert.strictEqual(report.totals.sites, 3);
  });

  it('skips binary, huge and unreadable files with the reason and its cause, and goes on', async () => {
    const broken: WorkspaceFile = { path: 'prompts/gone.prompty', read: () => Promise.reject(new Error('EACCES: permission denied')) };
    // Text first, then a NUL at 20 KB: binary all the same (the whole file is looked at, not its first 8 KB).
    const lateNul = new Uint8Array(30_000).fill(0x61);
    lateNul[20 * 1024] = 0;
    const pipe: WorkspaceFile = {
      path: 'prompts/pipe.prompty',
      read: async () => ({ cause: 'not-a-file', reason: 'not a regular file (a named pipe); skipped' }),
    };
    const report = await scanFiles(
      [
        file('prompts/bin.prompty', new Uint8Array([1, 0, 2])),
        file('prompts/late.prompty', lateNul),
        file('prompts/huge.prompty', 'x'.repeat(1_000_001)),
        // Source files have a limit too: a bundle is not where prompts are written.
        file('dist.min.js', `import OpenAI from 'openai';${' '.repeat(1_000_000)}`),
        broken,
        pipe,
        prompt(1),
      ],
      { analyze },
    );
    assert.deepStrictEqual(report.skipped, [
      { file: 'dist.min.js', reason: 'larger than 1,000,000 bytes; not parsed', cause: 'too-large' },
      { file: 'prompts/bin.prompty', reason: 'looks binary; not parsed', cause: 'binary' },
      { file: 'prompts/gone.prompty', reason: 'could not be read: EACCES: permission denied', cause: 'unreadable' },
      { file: 'prompts/huge.prompty', reason: 'larger than 1,000,000 bytes; not parsed', cause: 'too-large' },
      { file: 'prompts/late.prompty', reason: 'looks binary; not parsed', cause: 'binary' },
      { file: 'prompts/pipe.prompty', reason: 'not a regular file (a named pipe); skipped', cause: 'not-a-file' },
    ]);
    assert.strictEqual(report.sites.length, 1);
  });

  it('lists a file whose analysis did not run at all (the worker stopped) as skipped', async () => {
    const report = await scanFiles([prompt(1)], { analyze: () => Promise.reject(new Error('the engine worker stopped')) });
    assert.deepStrictEqual(report.skipped, [
      { file: 'prompts/p1.prompty', reason: 'Prompt Cost failed on this file: the engine worker stopped', cause: 'analysis-failed' },
    ]);
  });

  it('reads invalid UTF-8 as the replacement character and estimates the rest', async () => {
    const text = new TextEncoder().encode('---\nname: Bad\nmodel: gpt-4o-mini\n---\nuser:\nCaf\u00e9 ');
    const bytes = new Uint8Array([...text, 0xff, 0xfe, 0xc3, 0x0a]);
    const report = await scanFiles([file('prompts/bad.prompty', bytes)], { analyze });
    assert.deepStrictEqual(report.skipped, []);
    const [site] = report.sites;
    assert.strictEqual(
      site.site.messages[0].segments.map((segment) => (segment.kind === 'static' ? segment.text : '')).join(''),
      'Caf\u00e9 \ufffd\ufffd\ufffd',
    );
    assert.ok(Number.isFinite(site.estimate.cost.monthly));
  });

  it('finds no site in an empty or blank prompt file, and no finding either', async () => {
    const report = await scanFiles([file('prompts/empty.prompt.yml', ''), file('prompts/blank.prompty', '\n  \n'), file('src/empty.ts', '')], { analyze });
    assert.deepStrictEqual([report.sites, report.fileFindings, report.skipped], [[], [], []]);
  });

  it('lets other work run while it answers files from the cache, and can be cancelled then', async () => {
    // Each file known without a read, as a scan cache answers an unchanged file: 3 ms of work each.
    const files = Array.from({ length: 60 }, (_, n) => ({ ...prompt(n), diskPath: () => `/disk/p${n}.prompty` }));
    const busy = (ms: number) => {
      for (const until = performance.now() + ms; performance.now() < until;);
    };
    const known = () => {
      busy(3);
      return { analysis: undefined };
    };
    // Other work (an input event, a timer) gets a turn every 16 ms or so: a ticker that asks for
    // one turn after another notes how many files were done between two of its turns. The eight
    // concurrent loops give way together, so a turn holds one loop's 16 ms (6 files at 3 ms) and at
    // most one file of each other loop: 13. Each loop giving way on its own held 8 × 16 ms (48).
    let done = 0;
    let finished = false;
    const perTurn: number[] = [];
    let seen = 0;
    const tick = () => {
      perTurn.push(done - seen);
      seen = done;
      if (!finished) setImmediate(tick);
    };
    setImmediate(tick);
    await scanFiles(files, { analyze, known, onProgress: (count) => (done = count) });
    finished = true;
    assert.strictEqual(done, files.length);
    assert.ok(perTurn.length >= 4, `${perTurn.length} turns`);
    assert.ok(Math.max(...perTurn, done - seen) <= 13, `files done between turns: ${[...perTurn, done - seen].join(', ')}`);
    // A cancellation asked for from outside (the editor's Cancel) is seen before every file is done.
    const abort = new AbortController();
    const progress: number[] = [];
    setImmediate(() => abort.abort());
    const cancelled = await scanFiles(files, { analyze, known, signal: abort.signal, onProgress: (done) => progress.push(done) });
    assert.strictEqual(cancelled.cancelled, true);
    assert.ok(progress.length > 0 && progress.length < files.length, `${progress.length} of ${files.length} files done`);
  });

  it('stops between files when cancelled and returns what it finished', async () => {
    const abort = new AbortController();
    const report = await scanFiles([prompt(1), prompt(2), prompt(3), prompt(4)], {
      analyze,
      concurrency: 1,
      signal: abort.signal,
      onProgress: (done) => {
        if (done === 2) abort.abort();
      },
    });
    assert.strictEqual(report.cancelled, true);
    assert.deepStrictEqual(
      report.sites.map((s) => s.site.id),
      ['prompts/p1.prompty#P1', 'prompts/p2.prompty#P2'],
    );
  });

  it('lets other work run while it builds the sites of the analyses for the report', async () => {
    const busy = (ms: number) => {
      for (const until = performance.now() + ms; performance.now() < until;);
    };
    // Sites built when read, as the worker's are: 3 ms of work each file.
    let built = 0;
    const deferred = async (text: string, path: string) => {
      const { sites, ...fileLevel } = (await analyze(text, path))!;
      return withSitesOnRead(fileLevel, summarizeSites(sites), () => {
        busy(3);
        built++;
        return sites;
      });
    };
    let reporting = false;
    const perTurn: number[] = [];
    let seen = 0;
    const tick = () => {
      if (reporting) {
        perTurn.push(built - seen);
        seen = built;
      }
      if (built < 40) setImmediate(tick);
    };
    setImmediate(tick);
    const files = Array.from({ length: 40 }, (_, n) => prompt(n));
    const report = await scanFiles(files, { analyze: deferred, beforeReport: async () => void (reporting = true) });
    assert.strictEqual(report.sites.length, 40);
    // A turn holds 16 ms, six files at 3 ms; all at once would be 40 files, 120 ms.
    assert.ok(perTurn.length >= 4, `${perTurn.length} turns`);
    assert.ok(Math.max(...perTurn, built - seen) <= 7, `files built between turns: ${[...perTurn, built - seen].join(', ')}`);
  });

  it("reads no analysis's sites before `beforeReport` is done, cancelled or not", async () => {
    for (const cancel of [false, true]) {
      const events: string[] = [];
      const abort = new AbortController();
      // Analyses whose sites are built when read, as the worker's are.
      const deferred = async (text: string, path: string) => {
        const analysis = await analyze(text, path);
        const { sites, ...fileLevel } = analysis!;
        events.push(`analysed ${path}`);
        if (cancel && events.length === 2) abort.abort();
        return withSitesOnRead(fileLevel, summarizeSites(sites), () => {
          events.push(`built ${path}`);
          return sites;
        });
      };
      const report = await scanFiles([prompt(1), prompt(2), prompt(3)], {
        analyze: deferred,
        concurrency: 1,
        signal: abort.signal,
        beforeReport: async () => {
          await new Promise((resolve) => setTimeout(resolve, 10));
          events.push('workers stopped');
        },
      });
      const analysed = cancel ? [1, 2] : [1, 2, 3];
      assert.deepStrictEqual(events, [
        ...analysed.map((n) => `analysed prompts/p${n}.prompty`),
        'workers stopped',
        ...analysed.map((n) => `built prompts/p${n}.prompty`),
      ]);
      assert.deepStrictEqual(
        report.sites.map((s) => s.site.id),
        analysed.map((n) => `prompts/p${n}.prompty#P${n}`),
      );
      assert.strictEqual(report.cancelled, cancel);
    }
  });
});

describe('cost file globs', () => {
  it('cover the prompt-file endings and code extensions the engine reads, as the editor searches for them', () => {
    assert.deepStrictEqual(costFileGlobs(), {
      prompt: '**/*.{prompty,prompt.yml,prompt.yaml,prompt.md,prompt}',
      code: '**/*.{ts,mts,cts,tsx,js,mjs,cjs,jsx,py}',
      all: '**/*.{prompty,prompt.yml,prompt.yaml,prompt.md,prompt,ts,mts,cts,tsx,js,mjs,cjs,jsx,py}',
    });
  });
});
