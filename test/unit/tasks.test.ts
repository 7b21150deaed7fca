import * as assert from 'assert';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createEngine, type Engine } from '../../src/core/engine';
import { parseCode } from '../../src/core/extract/code/parseCode';
import { NO_OTHER_FILES } from '../../src/core/codeModel/sourceReader';
import { discoverCostFiles } from '../../src/core/workspace/discover';
import { fileSourceReader, forgetWorkspaceFiles } from '../../src/core/workspace/fileSourceReader';
import type { AnalysisSettings } from '../../src/core/workspace/fileAnalyzer';
import type { Report } from '../../src/core/workspace/report';
import { parseProjectConfig, type ProjectConfig } from '../../src/core/volume/projectConfig';
import { toJsonReport } from '../../src/core/report/jsonReport';
import { toTableReport } from '../../src/core/report/tableReport';
import { toMarkdownReport } from '../../src/core/report/markdownReport';
import type { CallTarget, FileCallGraph, TaskEstimate } from '../../src/core/types';
import { CallGraphWalk } from '../../src/core/tasks/taskGraph';
import type { SourceReader } from '../../src/core/codeModel/sourceReader';
import { SILENT_LOGGER } from '../../src/core/log/logger';
import { PriceBook } from '../../src/core/pricing/priceBook';
import { TokenCounter } from '../../src/core/tokens/tokenCounter';
import { WorkspaceTasks } from '../../src/core/workspace/workspaceTasks';
import { CODE_FIXTURES, indexedFolderReader } from './codeHelpers';
import { sharedEncoder } from './sharedEncoder';
import { taskBreakdownMarkdown } from '../../src/core/report/taskBreakdown';
import { shareText } from '../../src/core/report/taskRows';
import { taskEntryFindings } from '../../src/core/tasks/taskEntries';

const TASKS = path.join(__dirname, '..', 'fixtures', 'tasks');
const SUPPORT = path.join(TASKS, 'support');
const RESEARCH = path.join(TASKS, 'research');

function projectOf(root: string): ProjectConfig {
  const { config, findings } = parseProjectConfig(readFileSync(path.join(root, 'promptcost.yaml'), 'utf8'));
  assert.deepStrictEqual(findings, []);
  return config;
}

function settingsFor(root: string, project = projectOf(root)): AnalysisSettings {
  return { project, defaultModel: 'gpt-4o-mini', monthlyCalls: 1000, workspaceRoot: root, offerFixes: false };
}

const cents = (usd: number | undefined) => (usd === undefined ? undefined : Math.round(usd * 100) / 100);
const exact = (usd: number | undefined) => (usd === undefined ? undefined : Number(usd.toFixed(9)));

/** The figures a person checks: per task, per day and per month to the cent, and each step's calls and cost. */
function summary(task: TaskEstimate) {
  return {
    id: task.id,
    entry: task.entry,
    perDay: task.perDay,
    callsPerTask: task.callsPerTask,
    models: task.models,
    costPerTask: exact(task.costPerTask),
    costPerDay: cents(task.costPerDay),
    monthly: cents(task.monthly),
    steps: task.steps.map((step) => [step.site, step.callsPerTask, exact(step.costPerTask)]),
  };
}

/** An edge's first target, short: the file it is looked for in first, the name, the member. */
function shortTarget(target: CallTarget): string {
  if ('file' in target) return `${target.file}#${target.name}`;
  return `${target.modules[0]}:${target.name}${target.member ? `.${target.member}` : ''}`;
}

describe('tasks', () => {
  let engine: Engine;
  before(() => {
    engine = createEngine({});
  });
  after(() => engine.dispose());

  const scan = (root: string, project?: ProjectConfig): Promise<Report> => engine.scan(discoverCostFiles(root), settingsFor(root, project));

  describe('the call graph of a file', () => {
    it('links a TypeScript entry to the functions it imports, in call order', async () => {
      const file = 'src/ticket.ts';
      const code = await parseCode(readFileSync(path.join(SUPPORT, file), 'utf8'), file, fileSourceReader(SUPPORT));
      assert.ok(code?.graph);
      assert.deepStrictEqual(
        code.graph.functions.map((fn) => [fn.name, fn.range.start.line]),
        [['handleTicket', 6]],
      );
      assert.deepStrictEqual(code.graph.exports, { handleTicket: 'handleTicket' });
      assert.deepStrictEqual(
        code.graph.edges.map((edge) => [edge.from, edge.to.map(shortTarget), edge.repeat, edge.line]),
        [
          ['handleTicket', ['src/steps/classify.ts:classify'], { times: 1, source: 'once' }, 7],
          ['handleTicket', ['src/steps/reply.ts:rewriteQuery'], { times: 1, source: 'once' }, 8],
          ['handleTicket', ['src/search.ts:searchArticles'], { times: 1, source: 'once' }, 9],
          ['handleTicket', ['src/steps/reply.ts:draftReply'], { times: 1, source: 'once' }, 10],
          ['handleTicket', ['src/steps/check.ts:checkReply'], { times: 1, source: 'once' }, 11],
        ],
      );
    });

    it('reads Python module imports, a loop count from range(), and top-level code as <module>', async () => {
      const file = 'research/pipeline.py';
      const code = await parseCode(readFileSync(path.join(RESEARCH, file), 'utf8'), file, fileSourceReader(RESEARCH));
      assert.ok(code?.graph);
      assert.deepStrictEqual(
        code.graph.edges.map((edge) => [edge.from, edge.to.map(shortTarget), edge.repeat.times, edge.repeat.source]),
        [
          ['write_report', ['research.py:steps.plan', 'research/steps.py:plan'], 1, 'once'],
          ['write_report', ['research.py:steps.read_source', 'research/steps.py:read_source'], 3, 'loop'],
          ['write_report', ['research.py:steps.synthesize', 'research/steps.py:synthesize'], 1, 'once'],
          ['write_report', ['research.py:steps.polish', 'research/steps.py:polish'], 1, 'once'],
          ['write_report', ['research.py:steps.critique', 'research/steps.py:critique'], 1, 'once'],
          ['<module>', ['research/pipeline.py#write_report'], 1, 'once'],
        ],
      );
    });
  });

  it('follows this.m() / self.m(), a namespace import, and methods of a class built in place or held in a variable', async () => {
    const edges = async (text: string, file: string) => {
      const code = await parseCode(text, file, NO_OTHER_FILES);
      assert.ok(code?.graph);
      return {
        functions: code.graph.functions.map((fn) => fn.name),
        edges: code.graph.edges
          .filter((edge) => edge.from !== '<module>')
          .map((edge) => [edge.from, edge.to.map(shortTarget), edge.repeat.times, edge.repeat.source]),
      };
    };
    const ts = [
      "import OpenAI from 'openai';",
      "import * as steps from './steps';",
      "import { Planner } from './planner';",
      'const client = new OpenAI();',
      'export class Bot {',
      '  async reply(text: string) {',
      '    const plan = await new Planner().plan(text);',
      '    await steps.classify(text);',
      '    for (let i = 0; i < 4; i++) await this.draft(plan);',
      '    return this.check(plan);',
      '  }',
      '  async draft(plan: string) {',
      "    return client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: plan }] });",
      '  }',
      '  check = async (plan: string) => plan;',
      '}',
    ].join('\n');
    assert.deepStrictEqual(await edges(ts, 'src/bot.ts'), {
      functions: ['Bot.reply', 'Bot.draft', 'Bot.check'],
      edges: [
        ['Bot.reply', ['src/planner.ts:Planner.plan'], 1, 'once'],
        ['Bot.reply', ['src/planner.ts:Planner'], 1, 'once'],
        ['Bot.reply', ['src/steps.ts:classify'], 1, 'once'],
        ['Bot.reply', ['src/bot.ts#Bot.draft'], 4, 'loop'],
        ['Bot.reply', ['src/bot.ts#Bot.check'], 1, 'once'],
      ],
    });
    const py = [
      'from openai import OpenAI',
      'from .agents import ResearchAgent',
      'client = OpenAI()',
      'class Desk:',
      '    def handle(self, ticket):',
      '        agent = ResearchAgent()',
      '        notes = agent.run(ticket)',
      '        for note in notes:',
      '            self.summarize(note)',
      '',
      '    def summarize(self, note):',
      '        return client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": note}])',
    ].join('\n');
    assert.deepStrictEqual(await edges(py, 'app/desk.py'), {
      functions: ['Desk.handle', 'Desk.summarize'],
      edges: [
        ['Desk.handle', ['app/agents.py:ResearchAgent'], 1, 'once'],
        ['Desk.handle', ['app/agents.py:ResearchAgent.run'], 1, 'once'],
        // A loop over items whose count the code does not show: 3 assumed.
        ['Desk.handle', ['app/desk.py#Desk.summarize'], 3, 'assumed'],
      ],
    });
  });

  describe('worked examples, to the cent', () => {
    it('a support pipeline: four calls on two tiers at 300 tickets a day with 8% retries', async () => {
      // By hand, at the prices of promptcost.yaml (gpt-4o-mini $0.50/$2, gpt-4o $5/$20 per million):
      //   classify      231 in × 0.5 +  10 out × 2  = $0.0001355
      //   rewriteQuery   23 in × 0.5 +  30 out × 2  = $0.0000715
      //   draftReply  1,239 in × 5   + 300 out × 20 = $0.012195
      //   checkReply    322 in × 5   +  50 out × 20 = $0.00261, but sites: gives it 5,000 calls a month of
      //                 the 9,720 passes (300 × 30 × 1.08): 0.5144 calls a pass, $0.00134259
      //   one pass $0.01374459 × 1.08 = $0.01484416 a task; × 300 = $4.45 a day; × 30 = $133.60 a month,
      //   which is what the four sites' months add up to ($1.32 + $0.69 + $118.54 + $13.05).
      const report = await scan(SUPPORT);
      assert.deepStrictEqual(report.tasks?.map(summary), [
        {
          id: 'support-ticket',
          entry: 'src/ticket.ts#handleTicket',
          perDay: 300,
          callsPerTask: 4,
          models: ['gpt-4o', 'gpt-4o-mini'],
          costPerTask: 0.01484416,
          costPerDay: 4.45,
          monthly: 133.6,
          steps: [
            ['src/steps/classify.ts#classify', 1, 0.0001355],
            ['src/steps/reply.ts#rewriteQuery', 1, 0.0000715],
            ['src/steps/reply.ts#draftReply', 1, 0.012195],
            ['src/steps/check.ts#checkReply', 1, 0.001342593],
          ],
        },
      ]);
      // The task's volume flows to its steps: 300 × 30 × 1 × 1.08 = 9,720 calls a month; checkReply's own
      // monthlyCalls in sites: win, and its assumptions say so.
      assert.deepStrictEqual(report.tasks![0].steps.at(-1)!.callsFromVolume, 5000 / 9720);
      const sites = new Map(report.sites.map((entry) => [entry.site.id, entry.estimate]));
      assert.deepStrictEqual(
        [...sites].map(([id, estimate]) => [id, estimate.monthlyCalls, estimate.volumeSource, cents(estimate.cost.monthly)]),
        [
          ['src/steps/check.ts#checkReply', 5000, 'promptcost.yaml', 13.05],
          ['src/steps/classify.ts#classify', 9720, 'task', 1.32],
          ['src/steps/reply.ts#rewriteQuery', 9720, 'task', 0.69],
          ['src/steps/reply.ts#draftReply', 9720, 'task', 118.54],
        ],
      );
      assert.ok(
        sites
          .get('src/steps/classify.ts#classify')!
          .assumptions.includes(
            'Volume: 9,720 calls a month (task support-ticket: 300 a day × 30 days × 1 call per task × 1.08 for retries; sites: in promptcost.yaml would win).',
          ),
      );
      assert.ok(
        sites
          .get('src/steps/check.ts#checkReply')!
          .assumptions.includes('Volume: 5,000 calls a month (promptcost.yaml, which wins over the 9,720 a month task support-ticket would give).'),
      );
    });

    it('a research agent of five steps, one of them three times, and a retry loop whose input grows', async () => {
      // research-report (50 a day): plan 39 in × 1 + 100 out × 4 = $0.000439; read_source ×3 (range(3))
      // 3 × (1,013 + 800) = $0.005439; synthesize 614 × 2 + 500 × 8 = $0.005228; polish 666 × 2 + 4,000
      // = $0.005332; critique 514 + 600 = $0.001114. $0.017552 a task, $0.88 a day, $26.33 a month.
      // answer (1,000 a day, 10% retries): the retry loop makes 2 turns (turns: 2), the second re-sending
      // the first reply and the error (40 tokens): 51 + (51 + 80 + 40) = 222 in, 160 out = $0.000862 a
      // run; plus plan $0.000439; × 1.1 = $0.0014311 a task, $1.43 a day, $42.93 a month.
      const report = await scan(RESEARCH);
      assert.deepStrictEqual(report.tasks?.map(summary), [
        {
          id: 'answer',
          entry: 'research/answer.py#answer_question',
          perDay: 1000,
          callsPerTask: 2,
          models: ['gpt-4o-mini'],
          costPerTask: 0.0014311,
          costPerDay: 1.43,
          monthly: 42.93,
          steps: [
            ['research/answer.py#answer_with_retries', 1, 0.000862],
            ['research/steps.py#plan', 1, 0.000439],
          ],
        },
        {
          id: 'research-report',
          entry: 'research/pipeline.py#write_report',
          perDay: 50,
          callsPerTask: 7,
          models: ['gpt-4.1', 'gpt-4o-mini'],
          costPerTask: 0.017552,
          costPerDay: 0.88,
          monthly: 26.33,
          steps: [
            ['research/steps.py#plan', 1, 0.000439],
            ['research/steps.py#read_source', 3, 0.005439],
            ['research/steps.py#synthesize', 1, 0.005228],
            ['research/steps.py#polish', 1, 0.005332],
            ['research/steps.py#critique', 1, 0.001114],
          ],
        },
      ]);
      const run = report.sites.find((entry) => entry.site.id === 'research/answer.py#answer_with_retries')!.estimate.agent!;
      assert.deepStrictEqual(
        run.turns.map((turn) => [turn.input, turn.output]),
        [
          [51, 80],
          [171, 80],
        ],
      );
      // Two tasks reach plan: 50 × 30 + 1,000 × 30 × 1.1 = 34,500 calls a month.
      const plan = report.sites.find((entry) => entry.site.id === 'research/steps.py#plan')!.estimate;
      assert.deepStrictEqual([plan.monthlyCalls, plan.volumeSource], [34500, 'task']);
    });
  });

  describe('entries found from the call graph', () => {
    it('starts a task where no other function calls it (tests and top-level code do not count), with no volume', async () => {
      const project = { ...projectOf(SUPPORT), tasks: {} };
      const report = await scan(SUPPORT, project);
      const tasks = report.tasks ?? [];
      // handleTicket is called by the webhook handler (its test's call does not count): the webhook is the entry.
      assert.deepStrictEqual(
        tasks.map((task) => [task.id, task.configured, task.perDay, task.callsPerTask, exact(task.costPerTask), task.costPerDay, task.monthly]),
        [['src/server.ts#onTicketWebhook', false, null, 4, 0.015012, undefined, undefined]],
      );
      assert.deepStrictEqual(tasks[0].steps[0].path, ['src/server.ts#onTicketWebhook', 'src/ticket.ts#handleTicket', 'src/steps/classify.ts#classify']);
      const json = toJsonReport(report) as { tasks: Array<Record<string, unknown>> };
      assert.deepStrictEqual(
        [json.tasks[0].perDay, json.tasks[0].monthly, json.tasks[0].costPerTask, json.tasks[0].sites],
        [
          null,
          null,
          0.015012,
          ['src/steps/classify.ts#classify', 'src/steps/reply.ts#rewriteQuery', 'src/steps/reply.ts#draftReply', 'src/steps/check.ts#checkReply'],
        ],
      );
    });

    it('sees a caller that imports the entry as ESM does (`./ticket.js`), and not a file that only names it', async () => {
      const root = mkdtempSync(path.join(os.tmpdir(), 'promptcost-tasks-'));
      try {
        cpSync(SUPPORT, root, { recursive: true });
        // The caller search reads a file's imports before building its graph: the `.js` of ticket.ts
        // must still lead there. relay.ts names a handleTicket of its own and imports nothing.
        writeFileSync(path.join(root, 'src/server.ts'), readFileSync(path.join(SUPPORT, 'src/server.ts'), 'utf8').replace("'./ticket'", "'./ticket.js'"));
        writeFileSync(
          path.join(root, 'src/relay.ts'),
          'function handleTicket(body: string): string {\n  return body;\n}\n\nexport function relay(body: string): string {\n  return handleTicket(body);\n}\n',
        );
        const tasks = (await scan(root, { ...projectOf(root), tasks: {} })).tasks ?? [];
        assert.deepStrictEqual(
          tasks.map((task) => [task.id, task.callsPerTask, exact(task.costPerTask)]),
          [['src/server.ts#onTicketWebhook', 4, 0.015012]],
        );
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    });

    it('builds the graph of no file that names the function but cannot load its file', async () => {
      const zero = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
      const once = { times: 1, source: 'once' as const };
      const graphs: Record<string, FileCallGraph> = {
        'a/run.ts': { file: 'a/run.ts', functions: [{ name: 'run', range: zero }], exports: { run: 'run' }, edges: [], sites: [] },
        'a/caller.ts': {
          file: 'a/caller.ts',
          functions: [{ name: 'go', range: zero }],
          exports: {},
          edges: [{ from: 'go', to: [{ modules: ['a/run.ts'], name: 'run' }], repeat: once, line: 1 }],
          sites: [],
        },
      };
      const built: string[] = [];
      const asked: Array<[readonly string[], string]> = [];
      const walk = new CallGraphWalk({
        graph: async (file) => (built.push(file), graphs[file]),
        filesMentioning: async () => ['b/run.ts', 'c/notes.ts', 'a/caller.ts', 'a/run.ts', 'a/run.test.ts'],
        filesThatMayImport: async (files, target) => (asked.push([files, target]), new Set(files.filter((file) => file === 'a/caller.ts'))),
      });
      assert.strictEqual(await walk.isCalled({ file: 'a/run.ts', name: 'run' }), true);
      assert.deepStrictEqual(built, ['a/run.ts', 'a/caller.ts', 'a/run.ts']);
      // One question for every candidate, the function's own file and its test left out.
      assert.deepStrictEqual(asked, [[['b/run.ts', 'c/notes.ts', 'a/caller.ts'], 'a/run.ts']]);
    });

    it("answers which files may import a function's file from the index's imports, in one question per target", async () => {
      const index = indexedFolderReader('ts');
      let lookups = 0;
      const reader: SourceReader = {
        ...index,
        heldCodeFile: () => assert.fail('each file asked of the index on its own'),
        filesImporting: (target) => (lookups++, index.filesImporting!(target)),
      };
      const context = emptyConfigContext();
      const own = 'hops/a1.ts';
      const session = new WorkspaceTasks().session(own, readFileSync(path.join(CODE_FIXTURES, 'ts', own), 'utf8'), context, reader);
      const candidates = ['hops/a2.ts', 'hops/a3.ts', 'hops/b1.ts', 'missing.ts', own];
      // a3 imports ./a4; a2 and b1 import other files; missing.ts is no file of the index; a1 (read from its own text) imports ./a2.
      assert.deepStrictEqual([...(await session.filesThatMayImport(candidates, 'hops/a4.ts'))], ['hops/a3.ts']);
      assert.deepStrictEqual([...(await session.filesThatMayImport(candidates, 'hops/a2.ts'))], [own]);
      assert.strictEqual(lookups, 2);
    });

    it('holds each call graph as a copy that shares the module lists and run counts of the graphs held before', async () => {
      const context = emptyConfigContext();
      const tasks = new WorkspaceTasks();
      const held = async (file: string, name: string) => {
        const text = [
          'import logging',
          'from openai import OpenAI',
          '',
          `def ${name}():`,
          '    logging.getLogger("x")',
          '    return OpenAI().chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "Hi"}])',
          '',
        ].join('\n');
        const extracted = (await tasks.extraction(file, text, context, NO_OTHER_FILES))?.graph;
        return { extracted, held: (await tasks.graph(file, text, context, NO_OTHER_FILES))! };
      };
      const first = await held('app/agents/first.py', 'first');
      const second = await held('app/agents/second.py', 'second');
      assert.deepStrictEqual(first.held, first.extracted);
      assert.notStrictEqual(first.held, first.extracted);
      const pathsOf = (module: string) => ['', 'app/agents/', 'app/'].flatMap((folder) => [`${folder}${module}.py`, `${folder}${module}/__init__.py`]);
      const once = { times: 1, source: 'once' };
      assert.deepStrictEqual(second.held.edges, [
        { from: 'second', to: [{ modules: pathsOf('logging'), name: 'getLogger' }], repeat: once, line: 4 },
        { from: 'second', to: [{ modules: pathsOf('openai'), name: 'OpenAI' }], repeat: once, line: 5 },
      ]);
      // Both files import `logging` from the same folder: one list of the paths it may be, one run count.
      assert.ok('modules' in first.held.edges[0].to[0] && 'modules' in second.held.edges[0].to[0]);
      assert.strictEqual(first.held.edges[0].to[0].modules, second.held.edges[0].to[0].modules);
      assert.strictEqual(first.held.edges[0].repeat, second.held.edges[0].repeat);
    });

    it('gives a step the new volume once another file of its task changed on disk and the editor said so', async () => {
      const root = mkdtempSync(path.join(os.tmpdir(), 'promptcost-tasks-'));
      try {
        cpSync(SUPPORT, root, { recursive: true });
        const file = 'src/steps/classify.ts';
        const text = readFileSync(path.join(root, file), 'utf8');
        const calls = async () =>
          (await engine.analyze(text, file, settingsFor(root)))?.sites.map((site) => [site.estimate.monthlyCalls, site.estimate.volumeSource]);
        const before = await calls();
        // The walk read ticket.ts from the reader's index of the workspace, which keeps no text: the
        // volumes held from that walk must still see the file change (the editor forgets the reader when one does).
        const ticket = path.join(root, 'src/ticket.ts');
        writeFileSync(
          ticket,
          readFileSync(ticket, 'utf8').replace('const label = await classify(body);', 'await classify(body);\n  const label = await classify(body);'),
        );
        const unchanged = await calls();
        forgetWorkspaceFiles(root);
        const after = await calls();
        // 300 tickets a day × 30 days × 1.08 for retries, once and then twice a ticket.
        assert.deepStrictEqual([before, unchanged, after], [[[9720, 'task']], [[9720, 'task']], [[19440, 'task']]]);
      } finally {
        forgetWorkspaceFiles(root);
        rmSync(root, { recursive: true, force: true });
      }
    });

    it('shows in the editor the same task, to the cent, as the scan, analysing the entry file alone', async () => {
      const file = 'src/ticket.ts';
      const analysis = await engine.analyze(readFileSync(path.join(SUPPORT, file), 'utf8'), file, settingsFor(SUPPORT));
      const scanned = await scan(SUPPORT);
      assert.deepStrictEqual(analysis?.tasks?.map(summary), scanned.tasks?.map(summary));
      assert.strictEqual(analysis?.graph, undefined, 'the call graph stays in the worker');
    });

    it('lists a task promptcost.yaml names whose entry is not there, with why, at no cost', async () => {
      const project = projectOf(SUPPORT);
      project.tasks = { ...project.tasks, ghost: { entry: 'src/ticket.ts#closeTicket', perDay: 10 }, elsewhere: { entry: 'src/missing.ts#run' } };
      const tasks = (await scan(SUPPORT, project)).tasks ?? [];
      assert.deepStrictEqual(
        tasks.map((task) => [task.id, task.steps.length, task.costPerTask, task.problem]),
        [
          ['support-ticket', 4, tasks[0].costPerTask, undefined],
          ['ghost', 0, undefined, 'src/ticket.ts has no function closeTicket'],
          ['elsewhere', 0, undefined, 'src/missing.ts is not among the scanned files'],
        ],
      );
    });
  });

  describe('reports', () => {
    it('prints each task with its steps, costliest share first, in the table and in Markdown', async () => {
      const report = await scan(SUPPORT);
      const table = toTableReport(report).split('\n');
      const start = table.findIndex((line) => line.startsWith('Tasks ('));
      assert.deepStrictEqual(table.slice(start + 1, start + 7), [
        'task            entry            LLM calls  models  $/task  tasks/day  $/day  $/month',
        'support-ticket  src/ticket.ts:7          4       2  $0.015        300  $4.45  $133.60',
        '   89%  src/steps/reply.ts:15  gpt-4o  1 call  $0.012',
        '   10%  src/steps/check.ts:6  gpt-4o  1 call (0.51 at its own volume)  $0.0013',
        '    1%  src/steps/classify.ts:6  gpt-4o-mini  1 call  $0.00014',
        '    1%  src/steps/reply.ts:6  gpt-4o-mini  1 call  $0.000072',
      ]);
      // A step that costs something never reads 0%.
      assert.deepStrictEqual([shareText(0.0048), shareText(0.005), shareText(0), shareText(undefined)], ['<1%', '1%', '0%', 'unpriced']);
      const markdown = toMarkdownReport(report);
      assert.ok(markdown.includes('| support-ticket | `src/ticket.ts:7` | 4 | 2 | $0.015 | 300 | $4.45 | $133.60 |'), markdown);
      assert.ok(markdown.includes('- 89% `src/steps/reply.ts:15` gpt-4o, 1 call, $0.012'), markdown);
    });
  });

  describe('the hover over an entry', () => {
    it('lists the steps by share, the cost per task, day and month, and which volume won', async () => {
      const task = (await scan(SUPPORT)).tasks![0];
      assert.strictEqual(
        taskBreakdownMarkdown(task),
        [
          '**Prompt Cost** · task `support-ticket` · `src/ticket.ts#handleTicket`',
          '',
          '| step | model | per task | cost | share |',
          '|---|---|---:|---:|---:|',
          '| `src/steps/reply.ts:15` | gpt-4o | 1 call | $0.012 | 89% |',
          '| `src/steps/check.ts:6` | gpt-4o | 1 call (0.51 at its own volume) | $0.0013 | 10% |',
          '| `src/steps/classify.ts:6` | gpt-4o-mini | 1 call | $0.00014 | 1% |',
          '| `src/steps/reply.ts:6` | gpt-4o-mini | 1 call | $0.000072 | 1% |',
          '',
          '**$0.015/task** (one pass $0.014 + 8% retries) · 4 LLM calls · gpt-4o, gpt-4o-mini',
          '',
          '**$133.60/month** · $4.45/day at 300 tasks a day (promptcost.yaml tasks:, a month = 30 days)',
          '',
          'Assumptions:',
          "- Each call on the way counts once per task, whichever branch runs it; a call in a loop counts the loop's stated count.",
          "- `src/steps/check.ts:6` keeps its own 5,000 calls a month from promptcost.yaml sites:, which wins over the task's volume: the task counts it at 0.51 calls per task, so its month is what its steps' months add up to.",
        ].join('\n'),
      );
    });
  });

  describe('promptcost.yaml tasks:', () => {
    it('warns at an entry that names no code file or no function of it, and finds functions however they are written', async () => {
      const text = [
        'tasks:',
        '  ok: { entry: src/ticket.ts#handleTicket, perDay: 20 }',
        '  typo-path: { entry: src/tickt.ts#handleTicket }',
        '  typo-name: { entry: src/ticket.ts#handleTickets }',
        '  prompt: { entry: prompts/reply.prompty#reply }',
        '  python: { entry: research/steps.py#plan }',
        '  arrow: { entry: src/arrow.ts#onEvent }',
        '  method: { entry: src/arrow.ts#Bot.reply }',
      ].join('\n');
      const files: Record<string, string> = {
        'src/ticket.ts': readFileSync(path.join(SUPPORT, 'src/ticket.ts'), 'utf8'),
        'research/steps.py': readFileSync(path.join(RESEARCH, 'research/steps.py'), 'utf8'),
        'src/arrow.ts': 'export const onEvent = async (event: string) => event;\nclass Bot {\n  async reply(text: string) {\n    return text;\n  }\n}\n',
      };
      const { config } = parseProjectConfig(text);
      const findings = await taskEntryFindings(text, config, async (file) => files[file]);
      assert.deepStrictEqual(
        findings.map((finding) => [finding.severity, finding.message, finding.range.start.line, finding.range.start.character]),
        [
          ['warning', 'tasks.typo-path.entry: src/tickt.ts is not a file of this workspace (paths are relative to the folder promptcost.yaml is in).', 2, 22],
          ['warning', 'tasks.typo-name.entry: src/ticket.ts defines no function handleTickets.', 3, 22],
          ['warning', 'tasks.prompt.entry: prompts/reply.prompty is not a TypeScript, JavaScript or Python file: a task starts at a function in code.', 4, 19],
        ],
      );
    });

    it('reports a malformed task at its key and keeps the valid ones', () => {
      const text = [
        'tasks:',
        '  ok: { entry: src/a.ts#run, perDay: 20, retryRate: 0.05 }',
        '  no-function: { entry: src/a.ts, perDay: 20 }',
        '  negative: { entry: src/a.ts#run, perDay: -1 }',
        '  typo: { entry: src/a.ts#run, perday: 5 }',
      ].join('\n');
      const { config, findings } = parseProjectConfig(text);
      assert.deepStrictEqual(config.tasks, {
        ok: { entry: 'src/a.ts#run', perDay: 20, retryRate: 0.05 },
        negative: { entry: 'src/a.ts#run' },
        typo: { entry: 'src/a.ts#run' },
      });
      assert.deepStrictEqual(
        findings.map((finding) => [finding.message, finding.range.start.line]),
        [
          ['tasks.no-function.entry: entry must name a function as <file>#<function>, e.g. src/ticket.ts#handleTicket.', 2],
          ['tasks.negative.perDay: perDay cannot be negative.', 3],
          ['Unknown key "perday" in tasks.typo. Did you mean "perDay"?', 4],
        ],
      );
    });
  });
});

/** What an analysis of a workspace without promptcost.yaml runs with, for WorkspaceTasks on its own. */
function emptyConfigContext() {
  const config = parseProjectConfig('').config;
  return {
    counter: new TokenCounter(sharedEncoder),
    prices: new PriceBook(config.prices),
    project: config,
    defaultModel: 'gpt-4o-mini',
    monthlyCalls: 1_000,
    logger: SILENT_LOGGER,
  };
}
