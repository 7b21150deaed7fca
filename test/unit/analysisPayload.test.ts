import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import { deserialize, serialize } from 'v8';
import { createEngine } from '../../src/core/engine';
import { parseProjectConfig } from '../../src/core/volume/projectConfig';
import { packAnalysis, payloadBuffers, unpackAnalysis, type PackedSite } from '../../src/core/worker/analysisPayload';
import { decodeShaped } from '../../src/core/worker/shapedValues';
import { siteSummary, whenSitesBuilt } from '../../src/core/workspace/sitesOnRead';
import type { FileAnalysis } from '../../src/core/workspace/analyzeFile';
import type { AnalysisSettings } from '../../src/core/workspace/fileAnalyzer';
import { generatedTypeScript } from './codeGenerated';

const ROOT = path.join(__dirname, '..', 'fixtures', 'workspace');
const SAMPLE_FILES = [
  'prompts/support-reply.prompty',
  'prompts/ticket-triage.prompt',
  'prompts/summarize-thread.prompt.yml',
  'src/supportBot/draftReply.ts',
  'src/supportBot/pipeline.ts',
  'jobs/nightly_summaries.py',
  'agents/research_agent.py',
];

function sampleSettings(): AnalysisSettings {
  const { config } = parseProjectConfig(readFileSync(path.join(ROOT, 'promptcost.yaml'), 'utf8'));
  return { project: config, defaultModel: 'gpt-4o-mini', monthlyCalls: 30_000, workspaceRoot: ROOT };
}

/** What the editor's main thread gets: packed in the worker, its buffers handed over by postMessage, unpacked. */
function crossed(analysis: FileAnalysis): FileAnalysis {
  const payload = packAnalysis(analysis);
  return unpackAnalysis(structuredClone(payload, { transfer: payloadBuffers(payload) }));
}

describe('the analysis a worker posts to the main thread', () => {
  const engine = createEngine();
  after(() => engine.dispose());

  it('reads, once unpacked, exactly as the worker had it: every site, estimate, finding, fix and task of the sample app', async () => {
    const settings = sampleSettings();
    let sites = 0;
    let fixes = 0;
    for (const file of SAMPLE_FILES) {
      const analysis = await engine.analyze(readFileSync(path.join(ROOT, file), 'utf8'), file, settings);
      assert.ok(analysis, file);
      const expected = structuredClone(analysis);
      assert.deepStrictEqual(crossed(analysis), expected, file);
      // Packing copies: what the worker holds for the next analyses is left whole.
      assert.deepStrictEqual(analysis, expected, file);
      sites += analysis.sites.length;
      fixes += analysis.sites.reduce((sum, site) => sum + site.findings.reduce((n, finding) => n + finding.fixes.length, 0), 0);
    }
    // The comparison covered sites with findings and fixes (prompt files, TypeScript, Python, an agent, a task).
    assert.strictEqual(sites, 8);
    assert.strictEqual(fixes, 15);
  });

  it('hands every array of the payload over instead of copying it, and nothing the worker goes on reading', async () => {
    const file = 'src/supportBot/draftReply.ts';
    const analysis = await engine.analyze(readFileSync(path.join(ROOT, file), 'utf8'), file, sampleSettings());
    const expected = structuredClone(analysis);
    const payload = packAnalysis(analysis!);
    const arrays = [
      payload.bytes,
      payload.groups,
      payload.spans,
      payload.sites.shapeOf,
      payload.sites.numbers,
      payload.sites.stringIndexes,
      payload.sites.shared,
    ];
    const lengths = arrays.map((array) => array.byteLength);
    const handedOver = payloadBuffers(payload);
    assert.deepStrictEqual(
      arrays.map((array) => handedOver.includes(array.buffer as ArrayBuffer)),
      [true, true, true, true, true, true, true],
    );
    // All of them in one buffer of their own, nothing else in it: one allocation and one transfer.
    assert.strictEqual(handedOver.length, 1);
    assert.strictEqual(
      handedOver[0].byteLength,
      lengths.reduce((sum, length) => sum + length, 0),
    );
    const received = structuredClone(payload, { transfer: handedOver });
    // Handed over: the sender's arrays are left empty, the receiver's hold what they held.
    assert.deepStrictEqual(
      arrays.map((array) => array.byteLength),
      [0, 0, 0, 0, 0, 0, 0],
    );
    const receivedArrays = [
      received.bytes,
      received.groups,
      received.spans,
      received.sites.shapeOf,
      received.sites.numbers,
      received.sites.stringIndexes,
      received.sites.shared,
    ];
    assert.deepStrictEqual(
      receivedArrays.map((array) => array.byteLength),
      lengths,
    );
    assert.ok(lengths[0] > 1_000, `the details' bytes: ${lengths[0]}`);
    // The worker's analysis, which later analyses of the scan read, shares none of them.
    assert.deepStrictEqual(analysis, expected);
    assert.deepStrictEqual(unpackAnalysis(received), expected);
  });

  it('sends each site without its messages, its assumptions, its alternatives or its fixes: they cross as bytes, decoded when read', async () => {
    const file = 'src/supportBot/draftReply.ts';
    const analysis = await engine.analyze(readFileSync(path.join(ROOT, file), 'utf8'), file, sampleSettings());
    const payload = packAnalysis(analysis!);
    const [site] = decodeShaped(payload.sites) as PackedSite[];
    assert.deepStrictEqual(Object.keys(site), ['site', 'estimate', 'findings']);
    assert.deepStrictEqual(Object.keys(site.site).sort(), ['file', 'id', 'kind', 'model', 'options', 'outputCap', 'range', 'sdk']);
    assert.deepStrictEqual(Object.keys(site.estimate).sort(), [
      'cache',
      'contextWindow',
      'cost',
      'model',
      'monthlyCalls',
      'outputSource',
      'tokens',
      'volumeSource',
    ]);
    assert.deepStrictEqual(
      site.findings.map((finding) => Object.keys(finding).sort()),
      [
        ['message', 'monthlySavings', 'range', 'rule', 'severity'],
        ['message', 'monthlySavings', 'range', 'rule', 'severity'],
      ],
    );
    // Three groups of details (what hints show; what hovers, fixes and reports read; the prompt), one
    // after another; the one site's part of each is the whole group.
    assert.strictEqual(payload.compressed, false);
    assert.deepStrictEqual([...payload.spans], [0, payload.groups[1], 0, payload.groups[3], 0, payload.groups[5]]);
    assert.strictEqual(payload.groups[0], 0);
    assert.strictEqual(payload.groups[2], payload.groups[1]);
    assert.strictEqual(payload.groups[4], payload.groups[2] + payload.groups[3]);
    assert.strictEqual(payload.groups[4] + payload.groups[5], payload.bytes.length);
    const group = (at: number) => JSON.stringify(deserialize(payload.bytes.subarray(payload.groups[at], payload.groups[at] + payload.groups[at + 1])));
    // The text the site's messages hold is neither in what is decoded on arrival nor in what a report reads.
    assert.strictEqual(JSON.stringify(analysis).includes('# Help-center articles'), true);
    assert.strictEqual(JSON.stringify(payload.sites).includes('# Help-center articles'), false);
    assert.strictEqual(group(2).includes('# Help-center articles'), false);
    assert.strictEqual(group(2).includes('"assumptions"'), true);
    assert.strictEqual(group(4).includes('# Help-center articles'), true);
  });

  it("sends a generated file's sites as 4 shapes and columns of their values, under 500 bytes a site (449 now)", async () => {
    const { text } = generatedTypeScript(1000);
    const settings = { project: parseProjectConfig('').config, defaultModel: 'gpt-4o-mini', monthlyCalls: 30_000 };
    const analysis = await engine.analyze(text, 'src/generated.ts', settings);
    const payload = packAnalysis(analysis!);
    assert.strictEqual(payload.sites.shapeOf.length, 98);
    // Four shapes (calls with and without an output cap, with and without findings), no object per site.
    assert.strictEqual(payload.sites.shapes.length, 4);
    // The file's name is one of them, written once however many sites it has.
    assert.strictEqual(payload.sites.strings.length, 127);
    assert.strictEqual(payload.sites.strings.filter((text) => text === 'src/generated.ts').length, 1);
    const arriving = serialize({ analysis: payload.analysis, sites: payload.sites }).length;
    assert.ok(arriving / 98 < 500, `${arriving} bytes`);
    // Sent whole, the same analysis is 4.5 KB a site, most of it decoded for nothing.
    assert.ok(serialize(analysis).length / 98 > 4000, `${serialize(analysis).length} bytes`);
    // Equal models, cache rules, price sources and rates cross once and arrive as one object, read-only.
    const arrived = unpackAnalysis(deserialize(serialize(payload)) as typeof payload);
    const onMini = arrived.sites.filter((site) => site.estimate.model.id === 'gpt-4o-mini' && site.estimate.model.origin === 'env-default');
    assert.strictEqual(onMini.length, 49);
    assert.deepStrictEqual(onMini[0].estimate.model, analysis!.sites.find((site) => site.estimate.model.origin === 'env-default')!.estimate.model);
    assert.strictEqual(new Set(onMini.map((site) => site.estimate.model)).size, 1);
    assert.strictEqual(new Set(arrived.sites.map((site) => site.estimate.cost.priceSource)).size, 1);
    assert.ok(new Set(arrived.sites.map((site) => site.estimate.cache)).size < 5);
  });

  it("deflates a scan's details, and reads every site of them as the worker had it, inflating the file's details once for all its sites", async () => {
    const { text } = generatedTypeScript(1000);
    const settings = { project: parseProjectConfig('').config, defaultModel: 'gpt-4o-mini', monthlyCalls: 30_000 };
    const analysis = (await engine.analyze(text, 'src/generated.ts', settings))!;
    const expected = structuredClone(analysis);
    const plain = packAnalysis(analysis);
    const deflated = packAnalysis(analysis, { compressDetails: true });
    assert.strictEqual(deflated.compressed, true);
    // The same groups and spans, in the details once inflated; the bytes a tenth of their size or less.
    assert.deepStrictEqual(deflated.spans, plain.spans);
    assert.deepStrictEqual(deflated.groups, plain.groups);
    assert.strictEqual(plain.groups[4] + plain.groups[5], plain.bytes.length);
    assert.ok(deflated.bytes.length / plain.bytes.length < 0.1, `${deflated.bytes.length} of ${plain.bytes.length} bytes`);
    const deflatedBytes = deflated.bytes.length;
    // Its buffer holds the deflated bytes, not room for them inflated.
    assert.strictEqual(payloadBuffers(deflated)[0].byteLength, deflated.bytes.byteOffset + deflatedBytes);

    const inflations: number[] = [];
    const zlib = require('zlib') as typeof import('zlib');
    const inflate = zlib.inflateRawSync;
    zlib.inflateRawSync = ((buffer: Uint8Array) => {
      inflations.push(buffer.length);
      return inflate(buffer);
    }) as typeof inflate;
    try {
      const arrived = unpackAnalysis(structuredClone(deflated, { transfer: payloadBuffers(deflated) }));
      assert.deepStrictEqual(inflations, [], 'nothing inflated before a detail is read');
      // A report reads one field of every site: the details are inflated once, not once a site.
      const assumptions = arrived.sites.map((site) => site.estimate.assumptions);
      assert.deepStrictEqual(inflations, [deflatedBytes]);
      assert.deepStrictEqual(
        assumptions,
        expected.sites.map((site) => site.estimate.assumptions),
      );
      // Comparing reads every other detail too, from the same inflated bytes.
      assert.deepStrictEqual(arrived, expected);
      assert.deepStrictEqual(inflations, [deflatedBytes]);
    } finally {
      zlib.inflateRawSync = inflate;
    }
  });

  it('keeps the details it inflated for the next read up to 1 MB, the least recently read given up first', async () => {
    const { text } = generatedTypeScript(1000);
    const settings = { project: parseProjectConfig('').config, defaultModel: 'gpt-4o-mini', monthlyCalls: 30_000 };
    const analysis = (await engine.analyze(text, 'src/generated.ts', settings))!;
    const deflated = packAnalysis(analysis, { compressDetails: true });
    const inflatedLength = packAnalysis(analysis).bytes.length;
    // Enough files that their details, all inflated, are over 1 MB by two files' worth.
    const files = Math.floor((1024 * 1024) / inflatedLength) + 2;
    const arrived = Array.from({ length: files }, () => unpackAnalysis(structuredClone(deflated)));
    let inflations = 0;
    const zlib = require('zlib') as typeof import('zlib');
    const inflate = zlib.inflateRawSync;
    zlib.inflateRawSync = ((buffer: Uint8Array) => {
      inflations++;
      return inflate(buffer);
    }) as typeof inflate;
    try {
      // Each read from a site not read before: a site keeps what it decoded.
      let site = 0;
      const read = (file: number) => arrived[file].sites[site++].estimate.assumptions;
      for (let file = 0; file < files; file++) read(file);
      assert.strictEqual(inflations, files);
      // The file read last is still inflated; the first two were given up to stay within 1 MB.
      read(files - 1);
      assert.strictEqual(inflations, files);
      read(2);
      assert.strictEqual(inflations, files);
      read(0);
      assert.strictEqual(inflations, files + 1);
    } finally {
      zlib.inflateRawSync = inflate;
    }
  });

  it('packs a file without sites, its details deflated or not', () => {
    const analysis: FileAnalysis = { sites: [], findings: [] };
    for (const compressDetails of [false, true]) {
      const payload = packAnalysis(analysis, { compressDetails });
      assert.deepStrictEqual([...payload.groups], [0, 0, 0, 0, 0, 0]);
      assert.deepStrictEqual(unpackAnalysis(structuredClone(payload, { transfer: payloadBuffers(payload) })), analysis);
    }
  });

  it('refuses to read the details of a deflated payload whose bytes are damaged', async () => {
    const file = 'src/supportBot/draftReply.ts';
    const analysis = await engine.analyze(readFileSync(path.join(ROOT, file), 'utf8'), file, sampleSettings());
    const damaged = packAnalysis(analysis!, { compressDetails: true });
    damaged.bytes.fill(0);
    const [site] = unpackAnalysis(damaged).sites;
    assert.strictEqual(site.estimate.cost.perCall, analysis!.sites[0].estimate.cost.perCall);
    assert.throws(() => site.estimate.assumptions, /invalid stored block lengths/);
    assert.throws(() => site.site.messages, /invalid stored block lengths/);
  });

  it("decodes a site's details only when one is read, and lets any detail be set like a plain field", async () => {
    const file = 'src/supportBot/draftReply.ts';
    const analysis = await engine.analyze(readFileSync(path.join(ROOT, file), 'utf8'), file, sampleSettings());
    const damaged = structuredClone(packAnalysis(analysis!));
    damaged.bytes.fill(0);
    const [site] = unpackAnalysis(damaged).sites;
    // What every site is shown with needs none of the detail bytes.
    assert.strictEqual(site.estimate.cost.perCall, analysis!.sites[0].estimate.cost.perCall);
    assert.strictEqual(site.findings.length, 2);
    assert.throws(() => site.site.messages);
    assert.throws(() => site.findings[1].fixes);

    const [whole] = unpackAnalysis(structuredClone(packAnalysis(analysis!))).sites;
    assert.strictEqual(whole.site.messages, whole.site.messages, 'decoded once, then the same array');
    assert.deepStrictEqual(whole.findings[1].fixes, analysis!.sites[0].findings[1].fixes);
    whole.estimate.assumptions = ['set by a caller'];
    whole.findings[0].fixes = [];
    assert.deepStrictEqual(whole.estimate.assumptions, ['set by a caller']);
    assert.deepStrictEqual(whole.findings[0].fixes, []);
    assert.deepStrictEqual(
      Object.keys(whole.estimate).filter((key) => key === 'assumptions'),
      ['assumptions'],
    );
    assert.deepStrictEqual(JSON.parse(JSON.stringify(whole.estimate)).assumptions, ['set by a caller']);
    // The other fields of the group are still the worker's.
    assert.deepStrictEqual(whole.alternatives, analysis!.sites[0].alternatives);
  });

  it('builds the sites only when they are first read, and says how many there are and what they found before then', async () => {
    const file = 'jobs/nightly_summaries.py';
    const analysis = await engine.analyze(readFileSync(path.join(ROOT, file), 'utf8'), file, sampleSettings());
    const expected = structuredClone(analysis!);
    const payload = packAnalysis(analysis!);
    const unpacked = unpackAnalysis(structuredClone(payload, { transfer: payloadBuffers(payload) }));
    const built = () => Object.getOwnPropertyDescriptor(unpacked, 'sites')?.get === undefined;
    const summary = { sites: 3, findings: 3, findingRules: ['missing-max-tokens', 'cheaper-model', 'batch-candidate'] };
    assert.deepStrictEqual(siteSummary(unpacked), summary);
    const order: string[] = [];
    whenSitesBuilt(unpacked, (sites) => order.push(`built ${sites.length}`));
    assert.strictEqual(built(), false, 'neither the summary nor a wait builds them');
    order.push('read');
    const sites = unpacked.sites;
    assert.deepStrictEqual(order, ['read', 'built 3']);
    assert.strictEqual(built(), true);
    assert.strictEqual(unpacked.sites, sites, 'built once, then the same array');
    assert.deepStrictEqual(unpacked, expected);
    // Built, they answer for themselves: the same summary, and a wait is answered at once.
    assert.deepStrictEqual(siteSummary(unpacked), summary);
    whenSitesBuilt(unpacked, (again) => order.push(`built ${again.length}`));
    assert.deepStrictEqual(order, ['read', 'built 3', 'built 3']);
    unpacked.sites = [];
    assert.deepStrictEqual(siteSummary(unpacked), { sites: 0, findings: 0, findingRules: [] });
  });
});
