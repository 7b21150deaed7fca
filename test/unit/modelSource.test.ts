import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import { mergeEnv } from '../../src/core/volume/envValues';
import type { ProjectConfig } from '../../src/core/volume/projectConfig';
import type { FileAnalysis } from '../../src/core/workspace/analyzeFile';
import { toJsonReport } from '../../src/core/report/jsonReport';
import { PRICE_DATA } from '../../src/core/pricing/priceData';
import { roundCents } from '../../src/core/format';
import { folderReader, indexedFolderReader } from './codeHelpers';
import { analyze } from './ruleHelpers';

const FOLDER = path.join(__dirname, '..', 'fixtures', 'code', 'models');
const reader = folderReader('models');
const source = (file: string) => readFileSync(path.join(FOLDER, file), 'utf8');

/** Per site: line, canonical model, modelSource, output cap, $/month (10,000 calls), finding rules. */
function summary(analysis: FileAnalysis): string[] {
  return analysis.sites.map(({ site, estimate, findings }) =>
    [
      `${site.id.split('#')[1]}:${site.range.start.line + 1}`,
      estimate.model.canonical ?? '-',
      estimate.model.origin,
      String(estimate.tokens.outputMax ?? '-'),
      estimate.cost.monthly === undefined ? 'unpriced' : `$${roundCents(estimate.cost.monthly).toFixed(2)}`,
      findings.map((finding) => finding.rule).join(',') || '-',
    ].join(' '),
  );
}

const modelLine = (analysis: FileAnalysis, name: string) =>
  analysis.sites.find(({ site }) => site.id.endsWith(`#${name}`))?.estimate.assumptions.find((line) => line.startsWith('Model:'));

describe('Where a call’s model comes from', () => {
  const env = { SUMMARY_MODEL: { value: 'gpt-4.1', from: 'promptcost.yaml' as const }, SUMMARY_CAP: { value: '250', from: 'promptcost.yaml' as const } };

  it('TypeScript: literal, constant, import, parameter default, env default, env: value, assumed, unknown, attribute', async () => {
    const analysis = await analyze('models.ts', source('models.ts'), { project: { env }, reader });
    assert.deepStrictEqual(summary(analysis), [
      'literal:10 gpt-4o literal 100 $7.68 cheaper-model',
      'constant:14 gpt-4.1-mini constant 100 $1.23 -',
      'imported:18 gpt-4.1-nano import 100 $0.31 -',
      'parameter:22 gpt-4o parameter-default 100 $7.68 cheaper-model',
      'envDefault:26 gpt-4o env-default 100 $7.68 cheaper-model',
      'envMapped:30 gpt-4.1 env-map 100 $6.14 -',
      // The official OpenAI client and no model: the default setting (gpt-4o-mini), said to be assumed.
      'assumed:34 gpt-4o-mini assumed 100 $0.46 unknown-model',
      // An Anthropic call and only an OpenAI default: nothing can be assumed.
      'unknownAnthropic:38 - unknown 100 unpriced unknown-model',
      'Writer.write:44 gpt-4o-mini attribute 100 $0.46 -',
    ]);
    assert.strictEqual(modelLine(analysis, 'imported'), 'Model: gpt-4.1-nano (the constant FAST_MODEL of config.ts).');
    assert.strictEqual(
      modelLine(analysis, 'parameter'),
      "Model: gpt-4o, the default of the parameter model; a caller that passes another model pays that model's prices.",
    );
    assert.strictEqual(
      modelLine(analysis, 'envMapped'),
      'Model: gpt-4.1, the value of the environment variable SUMMARY_MODEL set under env: in promptcost.yaml.',
    );
    assert.strictEqual(
      modelLine(analysis, 'assumed'),
      'Model: assumed gpt-4o-mini (promptcost.defaultModel setting): the code does not say which model this call uses. Pick the real one for this call — it is saved in promptcost.yaml.',
    );
    assert.strictEqual(modelLine(analysis, 'Writer.write'), 'Model: gpt-4o-mini (the attribute model, as the class sets it).');
    const assumedFinding = analysis.sites.find(({ site }) => site.id.endsWith('#assumed'))?.findings[0];
    assert.strictEqual(
      assumedFinding?.message,
      'The model of this call is not known from the code; it is priced as gpt-4o-mini, an assumed model (promptcost.defaultModel setting). Pick the real one from the CodeLens (saved in promptcost.yaml for this call).',
    );
    const unknownFinding = analysis.sites.find(({ site }) => site.id.endsWith('#unknownAnthropic'))?.findings[0];
    assert.strictEqual(
      unknownFinding?.message,
      'The model of this call is not known from the code, so it is unpriced. Pick one from the CodeLens (saved in promptcost.yaml for this call), or set a default for anthropic under defaults.model in promptcost.yaml.',
    );
  });

  it('Python: parameter defaults (model and cap), env: values (model and cap), assumed, unknown, attribute', async () => {
    const analysis = await analyze('models.py', source('models.py'), { project: { env }, reader });
    assert.deepStrictEqual(summary(analysis), [
      'parameter:13 gpt-4o parameter-default 400 $22.68 cheaper-model',
      'env_mapped:17 gpt-4.1 env-map 250 $12.14 cheaper-model',
      'assumed:23 gpt-4o-mini assumed 100 $0.46 unknown-model',
      'unknown_anthropic:27 - unknown 100 unpriced unknown-model',
      'Writer.write:36 claude-haiku-4-5 attribute 100 $3.57 -',
    ]);
  });

  it('a default per provider prices the Anthropic call, and an assumed model gets no cheaper-model advice', async () => {
    const defaults: ProjectConfig['defaults'] = { model: { anthropic: 'claude-sonnet-4-5', openai: 'gpt-4o' } };
    const analysis = await analyze('models.ts', source('models.ts'), { project: { env, defaults }, reader });
    const lines = summary(analysis);
    assert.strictEqual(lines[6], 'assumed:34 gpt-4o assumed 100 $7.68 unknown-model');
    assert.strictEqual(lines[7], 'unknownAnthropic:38 claude-sonnet-4-5 assumed 100 $10.71 unknown-model');
    assert.strictEqual(modelLine(analysis, 'unknownAnthropic')?.startsWith('Model: assumed claude-sonnet-4-5 (promptcost.yaml defaults for anthropic)'), true);
    // One default id applies to a call of its own provider only.
    const single = await analyze('models.ts', source('models.ts'), { project: { env, defaults: { model: 'claude-haiku-4-5' } }, reader });
    assert.deepStrictEqual(summary(single).slice(6, 8), [
      'assumed:34 - unknown 100 unpriced unknown-model',
      'unknownAnthropic:38 claude-haiku-4-5 assumed 100 $3.57 unknown-model',
    ]);
  });

  it('an env read with no value anywhere keeps its variable, where picking a model will set it', async () => {
    const ts = await analyze('models.ts', source('models.ts'), { reader });
    const py = await analyze('models.py', source('models.py'), { reader });
    const variables = (analysis: FileAnalysis) =>
      analysis.sites.filter(({ site }) => site.modelVariable).map(({ site, estimate }) => [site.id, site.modelVariable, estimate.model.origin]);
    assert.deepStrictEqual(variables(ts), [['models.ts#envMapped', 'SUMMARY_MODEL', 'assumed']]);
    assert.deepStrictEqual(variables(py), [['models.py#env_mapped', 'SUMMARY_MODEL', 'assumed']]);
  });

  it('a parameter takes what the calls of its function in the file pass: one model, or several priced each', async () => {
    const py = await analyze('callers.py', source('callers.py'), { reader });
    assert.deepStrictEqual(summary(py), [
      // classify passes gpt-4.1-nano with a cap of 5, draft passes gpt-4o and leaves the cap at its default 200.
      '_ask:7 gpt-4o callers 200 $12.68 -',
      // hello leaves the model at its default, bye passes the same one.
      'Bot._send:20 gpt-4o-mini callers 100 $0.46 -',
    ]);
    assert.deepStrictEqual(py.sites[0].estimate.models, [
      { model: 'gpt-4.1-nano', priced: true, perCall: py.sites[0].estimate.models?.[0].perCall, monthly: py.sites[0].estimate.models?.[0].monthly },
      { model: 'gpt-4o', priced: true, perCall: py.sites[0].estimate.cost.perCall, monthly: py.sites[0].estimate.cost.monthly },
    ]);
    assert.strictEqual(roundCents(py.sites[0].estimate.models?.[0].monthly ?? 0), 0.51);
    assert.strictEqual(
      py.sites[0].estimate.assumptions[0],
      // No other file of the fixture folder imports callers.py.
      'Model: the calls of this function (in this file) pass 2 models for model: gpt-4.1-nano $0.51/month, gpt-4o $12.68/month. The figures here are the costliest, gpt-4o.',
    );
    assert.strictEqual(
      modelLine(py, 'Bot._send'),
      // A method: no other file can call it, so its calls are all here.
      'Model: gpt-4o-mini, what all 2 calls of this function pass for model (in this file).',
    );
    // TypeScript, an options object destructured in the signature: the model and the largest cap the callers pass.
    const ts = await analyze('callers.ts', source('callers.ts'), { reader });
    assert.deepStrictEqual(summary(ts), ['complete:5 gpt-4.1-mini callers 300 $2.83 -']);
  });

  it('follows an exported function into the workspace files that import it', async () => {
    // TypeScript: routes.ts calls draft by a named and a namespace import, with a literal and an imported constant.
    const ts = await analyze('drafting.ts', source('drafting.ts'), { reader });
    assert.deepStrictEqual(summary(ts), [
      // Two models passed: priced with each, the costliest counted, and no cheaper-model advice for one of them.
      'draft:6 gpt-4.1-mini callers 400 $3.65 -',
      // routes.ts passes polish a parameter of its own, whose callers are unknown: polish keeps its default.
      'polish:10 gpt-4o parameter-default 400 $22.78 cheaper-model',
    ]);
    assert.deepStrictEqual(ts.sites[0].site.model?.passedModels, ['gpt-4.1-mini', 'gpt-4.1-nano']);
    assert.strictEqual(
      ts.sites[0].estimate.assumptions[0],
      'Model: the calls of this function (in routes.ts) pass 2 models for model: gpt-4.1-mini $3.65/month, gpt-4.1-nano $0.91/month. The figures here are the costliest, gpt-4.1-mini.',
    );
    // Python: jobs.py calls write by `from writer import write` with a model and a cap, and by `import writer as w` with neither.
    const py = await analyze('writer.py', source('writer.py'), { reader });
    assert.deepStrictEqual(summary(py), ['write:7 gpt-4o-mini callers 200 $0.76 -']);
    assert.deepStrictEqual(py.sites[0].site.model?.passedModels, ['gpt-4.1-nano', 'gpt-4o-mini']);
    assert.deepStrictEqual(py.sites[0].site.model?.from, { parameter: 'model', callers: 2, callerFiles: ['jobs.py'] });
    // Without a way to search the workspace, only the file's own calls are read, and the assumptions say so.
    const alone = await analyze('writer.py', source('writer.py'), { reader: { read: reader.read } });
    assert.deepStrictEqual(summary(alone), ['write:7 gpt-4o-mini parameter-default 200 $0.76 -']);
  });

  it("follows callers with the index's list of files naming the module: the same figures, and only the files it lists", async () => {
    const indexed = indexedFolderReader('models');
    const py = await analyze('writer.py', source('writer.py'), { reader: indexed });
    assert.deepStrictEqual(summary(py), ['write:7 gpt-4o-mini callers 200 $0.76 -']);
    assert.deepStrictEqual(py.sites[0].site.model?.from, { parameter: 'model', callers: 2, callerFiles: ['jobs.py'] });
    assert.ok(indexed.asked.includes('writer'), `asked: ${indexed.asked.join(', ')}`);
    // An index that lists no file naming the module: jobs.py is not read, and the default stands.
    const none = indexedFolderReader('models', () => new Set());
    const unread = await analyze('writer.py', source('writer.py'), { reader: none });
    assert.deepStrictEqual(summary(unread), ['write:7 gpt-4o-mini parameter-default 200 $0.76 -']);
  });

  it('reads the model a factory function returns, in the file or imported, and the options a helper returns', async () => {
    const ts = await analyze('factories.ts', source('factories.ts'), { reader });
    assert.deepStrictEqual(summary(ts), [
      'fast:22 gpt-4.1-nano literal 100 $0.31 -',
      'smart:23 claude-sonnet-4-5 literal 100 $10.71 cheaper-model',
      // providers.ts returns a mock under a test flag first; its last return is the model the app runs.
      'artifact:24 claude-haiku-4-5 literal 100 $3.57 -',
      'tags:25 gpt-4.1-mini literal 20 $0.60 -',
      'essay:27 gpt-4.1-nano literal 100 $0.31 -',
    ]);
    // The options object tagParams returns: its fixed text counts; a returned text stays one value of unknown size.
    assert.deepStrictEqual(
      ts.sites.map(({ site }) => site.messages.map((message) => message.segments.map((segment) => segment.kind).join('+'))),
      [['dynamic'], ['dynamic'], ['dynamic'], ['static+dynamic'], ['dynamic']],
    );
    const py = await analyze('factories.py', source('factories.py'), { reader });
    assert.deepStrictEqual(summary(py), [
      'local_answer:14 gpt-4o-mini literal 200 $0.76 -',
      // build_llm is imported from llm_factory.py, with its cap.
      'shared_answer:18 claude-haiku-4-5 literal 400 $11.07 -',
    ]);
  });

  it("reads the options a method returns and an instance's config object (`self.config = config or ModelConfig()`)", async () => {
    const py = await analyze('agent.py', source('agent.py'), { reader });
    assert.deepStrictEqual(summary(py), [
      // `**self._params(question)`: model and cap from the dataclass defaults the instance holds.
      'Agent.ask:21 claude-sonnet-4-5 constant 800 $48.21 cheaper-model',
      'Agent.quick:24 claude-sonnet-4-5 constant 50 $6.96 -',
    ]);
    const ts = await analyze('agent.ts', source('agent.ts'), { reader });
    assert.deepStrictEqual(summary(ts), ['Summarizer.summarize:11 gpt-4.1-mini literal 300 $2.84 -']);
    assert.deepStrictEqual(
      ts.sites[0].site.messages[0].segments.map((segment) => [segment.kind, segment.text]),
      [
        ['static', 'Summarise:\n'],
        ['dynamic', '${text}'],
      ],
    );
  });

  it('reads a file with no SDK import of its own when it imports a module that calls one: an agent or a model built there', async () => {
    // agentRoute.ts runs the ToolLoopAgent researcher.ts builds; answers.py invokes the model llm_factory.py builds.
    const route = await analyze('agentRoute.ts', source('agentRoute.ts'), { reader });
    assert.deepStrictEqual(
      route.sites.map(({ site, estimate }) => [
        site.id,
        estimate.model.canonical,
        site.options.agent?.kind,
        site.options.agent?.maxTurns,
        estimate.tokens.outputMax,
      ]),
      [['agentRoute.ts#POST', 'gpt-4.1-mini', 'ai-sdk-agent', 6, 400]],
    );
    const answers = await analyze('answers.py', source('answers.py'), { reader });
    assert.deepStrictEqual(summary(answers), ['answer:8 claude-haiku-4-5 literal 400 $11.07 -']);
    // Without the workspace's LLM modules known, neither file is read: it names no SDK.
    const alone = { read: reader.read };
    assert.deepStrictEqual((await analyze('agentRoute.ts', source('agentRoute.ts'), { reader: alone })).sites, []);
    assert.deepStrictEqual((await analyze('answers.py', source('answers.py'), { reader: alone })).sites, []);
  });

  it('reads models from enums, frozen and `as const` objects, class attributes and dataclass / pydantic defaults', async () => {
    const ts = await analyze('enums.ts', source('enums.ts'), { reader });
    assert.deepStrictEqual(summary(ts), [
      'a:12 gpt-4o-mini literal 10 $0.19 -',
      'b:15 gpt-4.1-mini literal 300 $2.83 -',
      'c:18 gpt-4.1-nano literal 10 $0.13 -',
    ]);
    const py = await analyze('enums.py', source('enums.py'), { reader });
    assert.deepStrictEqual(summary(py), [
      // `Models.FAST.value` of a str Enum.
      'a:34 gpt-4o-mini constant 10 $0.19 -',
      'b:38 gpt-4o constant 10 $3.18 -',
      // A plain class attribute.
      'c:42 gpt-4.1-mini constant 10 $0.51 -',
      // `llm = LLMSettings()`: the dataclass's defaults, the cap too.
      'd:46 gpt-4.1-nano constant 250 $0.61 -',
      // `settings = Settings()` of a pydantic BaseSettings.
      'e:50 claude-haiku-4-5 constant 10 $1.32 -',
    ]);
    // pydantic-settings takes a field from the environment variable of its name: SUMMARY_MODEL for summary_model.
    const fromEnv = await analyze('enums.py', source('enums.py'), {
      project: { env: { SUMMARY_MODEL: { value: 'gpt-4.1-mini', from: '.env.example' } } },
      reader,
    });
    assert.deepStrictEqual(summary(fromEnv).slice(3), ['d:46 gpt-4.1-nano constant 250 $0.61 -', 'e:50 gpt-4.1-mini env-map 10 $0.51 -']);
    assert.strictEqual(modelLine(fromEnv, 'e'), 'Model: gpt-4.1-mini, the value of the environment variable SUMMARY_MODEL in .env.example.');
  });

  it('follows a package a workspace module passes on (`from llm import litellm`, llm.py doing `import litellm`)', async () => {
    const analysis = await analyze('reexport.py', source('reexport.py'), { reader });
    assert.deepStrictEqual(summary(analysis), ['summarise:5 claude-haiku-4-5 literal 200 $6.07 -']);
    // Without the module to read, `llm.litellm` is nothing Prompt Cost knows.
    const alone = await analyze('reexport.py', source('reexport.py'));
    assert.deepStrictEqual(summary(alone), []);
  });

  it('the JSON says where each model came from (modelSource)', async () => {
    const analysis = await analyze('models.ts', source('models.ts'), { project: { env }, reader });
    const json = toJsonReport({
      pricesAsOf: PRICE_DATA.asOf,
      sites: analysis.sites,
      fileFindings: [],
      skipped: [],
      totals: { sites: 0, priced: 0, monthly: 0, byModel: [], byFile: [], opportunities: [], savings: 0 },
    } as never) as { sites: Array<{ modelSource: string }> };
    assert.deepStrictEqual(
      json.sites.map((site) => site.modelSource),
      ['literal', 'constant', 'import', 'parameter-default', 'env-default', 'env-map', 'assumed', 'unknown', 'attribute'],
    );
  });
});

describe('Environment values', () => {
  it('promptcost.yaml env: wins, then .env, then the examples in order; empty values set nothing', () => {
    const merged = mergeEnv({ A: { value: 'from-yaml', from: 'promptcost.yaml' } }, [
      { name: '.env.template', text: 'A=t\nB=t\nC=t\nD=template' },
      { name: '.env.example', text: '# comment\nexport A=e\nB="example"\nC=\nE=\'quoted value\'' },
      { name: '.env', text: 'B=dot\nconstructor=c' },
    ]);
    assert.deepStrictEqual(
      Object.entries(merged).map(([name, value]) => `${name}=${value.value} (${value.from})`),
      [
        'A=from-yaml (promptcost.yaml)',
        'B=dot (.env)',
        'constructor=c (.env)',
        'E=quoted value (.env.example)',
        'C=t (.env.template)',
        'D=template (.env.template)',
      ],
    );
    assert.strictEqual(Object.getPrototypeOf(merged), Object.prototype);
  });
});
