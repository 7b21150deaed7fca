import * as assert from 'assert';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { getHeapStatistics, setFlagsFromString } from 'v8';
import { runInNewContext } from 'vm';
import {
  filesContaining,
  filesMentioning,
  forgetCodeIndex,
  IndexedCodeFile,
  indexedFile,
  llmModules,
  workspaceCodeIndex,
} from '../../src/core/workspace/workspaceCodeIndex';

describe("The index of the workspace's code for caller searches", () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'promptcost-code-index-'));
    writeFileSync(path.join(root, 'a.ts'), 'export const a = 1;\n');
    writeFileSync(path.join(root, 'b.py'), 'B = 2\n');
  });
  afterEach(() => {
    forgetCodeIndex(root);
    rmSync(root, { recursive: true, force: true });
  });

  it('stays the same index when checked again and nothing changed, so what was worked out from it is kept', async () => {
    let now = 1_000_000;
    const first = await workspaceCodeIndex(root, () => now);
    now += 31_000;
    const second = await workspaceCodeIndex(root, () => now);
    assert.ok(first && second);
    assert.strictEqual(second, first);
    assert.deepStrictEqual(
      first.files.map((file) => file.path),
      ['a.ts', 'b.py'],
    );
  });

  it('is a new index with the new words once a file changed', async () => {
    let now = 1_000_000;
    const first = await workspaceCodeIndex(root, () => now);
    writeFileSync(path.join(root, 'a.ts'), 'export const renamed = 1;\n');
    // Another size and time, whatever the file system's clock resolution.
    utimesSync(path.join(root, 'a.ts'), new Date(2030, 0, 1), new Date(2030, 0, 1));
    now += 31_000;
    const second = await workspaceCodeIndex(root, () => now);
    assert.ok(first && second);
    assert.notStrictEqual(second, first);
    assert.deepStrictEqual(
      [first, second].map((index) => [filesMentioning(index, 'a'), filesMentioning(index, 'renamed')]),
      [
        [['a.ts'], []],
        [[], ['a.ts']],
      ],
    );
    // The unchanged file's entry is carried over, not read again.
    assert.strictEqual(second.files[1], first.files[1]);
    assert.strictEqual(indexedFile(second, 'c.ts'), undefined);
  });

  it('keeps the words of a file, not its text', () => {
    const text = '// Summarise the ticket for the support lead.\nconst summary = summarise(ticket, ticket.body);\n';
    const indexed = new IndexedCodeFile('a.ts', text);
    const held = JSON.stringify(indexed);
    assert.ok(!held.includes('Summarise the ticket'), held);
    assert.deepStrictEqual(
      ['ticket', 'body', 'summarise', 'Summarise', 'support lead', 'summ'].map((name) => indexed.mentions(name)),
      [true, true, true, true, false, false],
    );
  });

  it('answers every whole-word and fragment question as a search of the text would', () => {
    // Texts of identifier parts and the characters around them, including `$`, digits and a letter
    // outside ASCII, which the search's word boundaries treat as a separator.
    const pieces = ['a', 'b', 'ab', 'ba', '$', '_', '1', ' ', '.', '-', '\n', 'é', '/', "'"];
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
    const asked = ['a', 'b', 'ab', 'ba', 'aba', '$a', 'a$', '_b', 'a1', 'b_a', '$'];
    let disagreements = 0;
    let hits = 0;
    for (let run = 0; run < 400; run++) {
      const text = Array.from({ length: 1 + random(12) }, () => pieces[random(pieces.length)]).join('');
      const indexed = new IndexedCodeFile('t.ts', text);
      for (const name of asked) {
        const word = new RegExp(`(?<![\\w$])${name.replace(/\$/g, '\\$')}(?![\\w$])`).test(text);
        if (indexed.mentions(name) !== word || indexed.contains(name) !== text.includes(name)) disagreements++;
        if (word) hits++;
      }
    }
    assert.deepStrictEqual({ disagreements, someFound: hits > 100 }, { disagreements: 0, someFound: true });
  });

  it('cannot tell whether a fragment of other characters occurs: the caller reads the file', () => {
    const indexed = new IndexedCodeFile('a.ts', "import { x } from './my-client';\n");
    assert.deepStrictEqual([indexed.contains('my-client'), indexed.contains('client'), indexed.contains('server')], [undefined, true, false]);
  });

  it('lists the files containing a fragment as each file answers, once per index and fragment', () => {
    const texts: Record<string, string> = {
      'a/client.ts': "import OpenAI from 'openai';\nexport const client = new OpenAI();\n",
      'a/run.ts': "import { client } from './client';\nclient.chat;\n",
      'b/run.py': 'from app.clients import llm\nllm.invoke()\n',
      'b/notes.ts': 'export const note = "my-client";\n',
    };
    const index = { files: Object.entries(texts).map(([file, text]) => new IndexedCodeFile(file, text)) };
    const asked = ['client', 'clients', 'lient', 'llm', 'OpenAI', 'note', 'absent'];
    assert.deepStrictEqual(
      asked.map((fragment) => [...(filesContaining(index, fragment) ?? [])]),
      [
        ['a/client.ts', 'a/run.ts', 'b/run.py', 'b/notes.ts'],
        ['b/run.py'],
        ['a/client.ts', 'a/run.ts', 'b/run.py', 'b/notes.ts'],
        ['b/run.py'],
        ['a/client.ts'],
        ['b/notes.ts'],
        [],
      ],
    );
    // The same as each file's own answer, and as a search of its text.
    for (const fragment of asked) {
      for (const file of index.files) {
        assert.strictEqual(filesContaining(index, fragment)?.has(file.path), file.contains(fragment), `${file.path} / ${fragment}`);
        assert.strictEqual(file.contains(fragment), texts[file.path].includes(fragment), `${file.path} / ${fragment} in the text`);
      }
    }
    assert.strictEqual(filesContaining(index, 'client'), filesContaining(index, 'client'));
    // Characters the index does not keep: it cannot tell, and the caller reads the files.
    assert.strictEqual(filesContaining(index, 'my-client'), undefined);
    // Another index (files changed) is answered from its own files.
    const changed = { files: [new IndexedCodeFile('a/client.ts', 'export const other = 1;\n')] };
    assert.deepStrictEqual([...(filesContaining(changed, 'client') ?? [])], []);
  });

  it('finds the LLM modules and their importers from what it keeps of each file', () => {
    const index = {
      files: [
        new IndexedCodeFile('lib/llm.ts', "import OpenAI from 'openai';\nexport const client = new OpenAI();\n"),
        new IndexedCodeFile('lib/agent.ts', "import { client } from './llm';\nexport const run = () => client;\n"),
        new IndexedCodeFile('app/main.ts', "import { run } from '../lib/agent';\nrun();\n"),
        new IndexedCodeFile('app/other.ts', 'export const unrelated = 1;\n'),
      ],
    };
    const modules = llmModules(index);
    assert.deepStrictEqual(
      index.files.map((file) => file.callsLlm),
      [true, false, false, false],
    );
    assert.deepStrictEqual([...modules.paths].sort(), ['app/main', 'lib/agent', 'lib/llm']);
  });
  it("holds a file's imports in strings shared with the files held before it", () => {
    setFlagsFromString('--expose-gc');
    const collect = runInNewContext('gc') as () => void;
    const FILES = 2_000;
    // Each Python import lists a path in every folder above the file: 20 paths here, the same for every file of the folder.
    const text = 'import os\nimport json\nimport logging.handlers\n\nprint("hi")\n';
    collect();
    const before = getHeapStatistics().used_heap_size;
    const held = Array.from({ length: FILES }, (_, i) => new IndexedCodeFile(`services/billing/agents/tools/file${i}.py`, text));
    collect();
    const bytesPerFile = (getHeapStatistics().used_heap_size - before) / FILES;
    assert.strictEqual(held[FILES - 1].imports.paths.length, 20);
    assert.ok(held[FILES - 1].imports.paths.includes('services/billing/agents/tools/logging/handlers'));
    // 600 bytes a file measured; each with its own copies of the paths, 1,450.
    assert.ok(bytesPerFile < 900, `${bytesPerFile.toFixed(0)} bytes a file`);
  });
});
