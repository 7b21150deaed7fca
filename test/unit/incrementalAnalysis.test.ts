import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import type { Logger } from '../../src/core/log/logger';
import { TokenCounter } from '../../src/core/tokens/tokenCounter';
import { parseProjectConfig } from '../../src/core/volume/projectConfig';
import { FileAnalyzer, type AnalysisSettings } from '../../src/core/workspace/fileAnalyzer';
import { generatedPython, generatedTypeScript } from './codeGenerated';
import { sharedEncoder } from './sharedEncoder';

const ROOT = path.join(__dirname, '..', 'fixtures', 'workspace');
const counter = new TokenCounter(sharedEncoder);

/** A logger that keeps the incremental re-analyses' lines, to know which edits took the short way. */
function recordingLogger(lines: string[]): Logger {
  const keep = (message: string) => void lines.push(message);
  return { debug: keep, info: keep, warn: keep, error: (message, error) => void lines.push(`${message}: ${String(error)}`) };
}

/** A seeded generator, so that a failure names an edit sequence that can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Mostly what typing inside a prompt or an argument does (letters, digits, spaces, a new line), sometimes a quote or a bracket, sometimes a deletion. */
function randomEdit(text: string, next: () => number): string {
  const at = Math.floor(next() * text.length);
  const roll = next();
  if (roll < 0.2) return text.slice(0, at) + text.slice(at + 1);
  const typed = roll < 0.75 ? 'abcxyz019 '[Math.floor(next() * 10)] : roll < 0.9 ? '\n' : '\'")}{(=,'[Math.floor(next() * 8)];
  return text.slice(0, at) + typed + text.slice(at);
}

interface Case {
  file: string;
  text: string;
  settings: AnalysisSettings;
}

const noTasks = parseProjectConfig('').config;
const sampleConfig = parseProjectConfig(readFileSync(path.join(ROOT, 'promptcost.yaml'), 'utf8')).config;
const settingsWith = (project = noTasks): AnalysisSettings => ({
  project,
  defaultModel: 'gpt-4o-mini',
  monthlyCalls: 10_000,
  workspaceRoot: ROOT,
  workspaceVersion: 1,
});
const fixture = (file: string, project = noTasks): Case => ({ file, text: readFileSync(path.join(ROOT, file), 'utf8'), settings: settingsWith(project) });

/**
 * Runs `edits` random edits one after another through one analyser (which re-analyses incrementally)
 * and compares each result with a fresh analyser's full analysis of the same text. An edit that
 * leaves the file with a problem of its own (a syntax error) is compared, then undone, as a typist
 * would: the next edit starts from the last clean text. Returns how many edits took the incremental way.
 */
async function compareOverEdits({ file, text, settings }: Case, edits: number, seed: number): Promise<number> {
  const lines: string[] = [];
  const editing = new FileAnalyzer(counter, recordingLogger(lines));
  await editing.analyze(text, file, settings);
  const next = random(seed);
  let current = text;
  let incremental = 0;
  for (let edit = 0; edit < edits; edit++) {
    const edited = randomEdit(current, next);
    const before = lines.length;
    const quick = await editing.analyze(edited, file, settings);
    const full = await new FileAnalyzer(counter, recordingLogger([])).analyze(edited, file, settings);
    assert.deepStrictEqual(quick, full, `${file}, seed ${seed}, edit ${edit + 1}`);
    if (full?.findings.length === 0) current = edited;
    if (lines.slice(before).some((line) => line.startsWith('Re-analysed '))) incremental++;
    assert.ok(!lines.slice(before).some((line) => line.includes('failed')), lines.slice(before).join('\n'));
  }
  return incremental;
}

describe('incremental re-analysis after an edit', function () {
  this.timeout(120_000);

  it('gives what a full analysis gives, edit after edit, in a generated TypeScript file', async () => {
    const { text } = generatedTypeScript(200);
    const incremental = await compareOverEdits({ file: 'src/generated.ts', text, settings: settingsWith() }, 40, 7);
    assert.ok(incremental >= 10, `only ${incremental} of 40 edits were re-analysed incrementally`);
  });

  it('gives what a full analysis gives, edit after edit, in a generated Python file', async () => {
    const { text } = generatedPython(200);
    const incremental = await compareOverEdits({ file: 'src/generated.py', text, settings: settingsWith() }, 40, 11);
    assert.ok(incremental >= 10, `only ${incremental} of 40 edits were re-analysed incrementally`);
  });

  for (const file of [
    'src/supportBot/draftReply.ts',
    'src/supportBot/pipeline.ts',
    'src/supportBot/prompts.ts',
    'agents/research_agent.py',
    'jobs/weekly_insights.py',
    'jobs/nightly_summaries.py',
    'scripts/backfill_tags.ts',
  ]) {
    it(`gives what a full analysis gives in the sample app's ${file}`, async () => {
      // Small files whose functions call each other: most edits here are analysed in full (tasks, a change to most of the file).
      await compareOverEdits(fixture(file), 30, file.length);
    });
  }

  it("falls back to full analyses under promptcost.yaml's tasks, with the same results", async () => {
    const incremental = await compareOverEdits(fixture('src/supportBot/draftReply.ts', sampleConfig), 10, 3);
    assert.strictEqual(incremental, 0);
  });
});

describe('incremental re-analysis: edits that reach other functions', function () {
  this.timeout(60_000);
  const settings = settingsWith();

  /** Analyses `before`, then `after` through the same analyser, and compares with a fresh full analysis of `after`. */
  async function sameAsFull(file: string, before: string, after: string): Promise<void> {
    const editing = new FileAnalyzer(counter, recordingLogger([]));
    await editing.analyze(before, file, settings);
    const quick = await editing.analyze(after, file, settings);
    assert.deepStrictEqual(quick, await new FileAnalyzer(counter, recordingLogger([])).analyze(after, file, settings));
  }

  const callerAndCallee = (model: string) =>
    [
      "import OpenAI from 'openai';",
      'const client = new OpenAI();',
      'async function ask(model: string, question: string) {',
      "  return client.chat.completions.create({ model, messages: [{ role: 'user', content: question }] });",
      '}',
      'export async function main() {',
      `  return ask('${model}', 'Summarise the ticket.');`,
      '}',
      '',
    ].join('\n');

  it('re-prices a function whose caller now passes another model', async () => {
    await sameAsFull('src/ask.ts', callerAndCallee('gpt-4o'), callerAndCallee('gpt-4.1-nano'));
  });

  const withConstant = (prompt: string) =>
    [
      'from openai import OpenAI',
      'client = OpenAI()',
      `SYSTEM = "${prompt}"`,
      '',
      'def first(text):',
      '    return client.chat.completions.create(model="gpt-4o", messages=[{"role": "system", "content": SYSTEM}, {"role": "user", "content": text}])',
      '',
      'def second(text):',
      '    return client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "system", "content": SYSTEM}, {"role": "user", "content": text}])',
      '',
    ].join('\n');

  it('re-counts every function that reads a constant that changed', async () => {
    await sameAsFull('src/two.py', withConstant('Be brief.'), withConstant('Be brief and cite the policy section you used, word for word.'));
  });

  it('moves the sites below an edit that adds lines, and keeps those above', async () => {
    const before = withConstant('Be brief.');
    const after = before.replace('def first(text):\n', 'def first(text):\n    # a note\n    # another\n');
    await sameAsFull('src/two.py', before, after);
  });
});
