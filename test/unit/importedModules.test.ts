import * as assert from 'assert';
import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import { ImporterIndex, importedModules, mayLoad } from '../../src/core/resolve/importedModules';

describe('What a file imports, read from its text (the caller search of tasks)', () => {
  it('resolves TS/JS relative imports in every form, and keeps the others as parts', () => {
    const text = [
      "import { classify } from './steps/classify.js';",
      "import '../polyfill';",
      "export * from './types.d.ts';",
      "const llm = require('../../lib/llm');",
      "const lazy = await import('./lazy.mjs');",
      "import OpenAI from 'openai';",
      "import { ask } from '@/lib/ask';",
    ].join('\n');
    assert.deepStrictEqual(importedModules(text, 'apps/web/src/handler.ts'), {
      paths: ['apps/web/src/steps/classify', 'apps/web/polyfill', 'apps/web/src/types', 'apps/lib/llm', 'apps/web/src/lazy'],
      others: [['openai'], ['@', 'lib', 'ask']],
    });
  });

  it("gives Python imports the engine's candidates: relative from the package, absolute from each folder up", () => {
    const text = ['from .prompts import SYSTEM', 'from .. import shared', 'from agents.tools import (search,\n  fetch)', 'import os, app.llm'].join('\n');
    assert.deepStrictEqual(importedModules(text, 'svc/jobs/run.py').paths, [
      'svc/jobs/prompts',
      'svc/jobs/prompts/SYSTEM',
      'svc',
      'svc/shared',
      'agents/tools',
      'svc/jobs/agents/tools',
      'svc/agents/tools',
      'agents/tools/search',
      'svc/jobs/agents/tools/search',
      'svc/agents/tools/search',
      'agents/tools/fetch',
      'svc/jobs/agents/tools/fetch',
      'svc/agents/tools/fetch',
      'os',
      'svc/jobs/os',
      'svc/os',
      'app',
      'svc/jobs/app',
      'svc/app',
      'app/llm',
      'svc/jobs/app/llm',
      'svc/app/llm',
    ]);
  });

  it('may load a file it imports, a folder the file is in, or a module named like it; not a copy elsewhere', () => {
    const handler = importedModules("import { run } from '../pipeline';\nimport { api } from './api';\nimport x from 'pkg/llm';", 'app1/src/web/handler.ts');
    assert.deepStrictEqual(
      [
        'app1/src/pipeline.ts',
        'app1/src/web/api/index.ts',
        'app1/src/web/api/routes/ask.ts',
        'lib/llm.ts',
        'app2/src/pipeline.ts',
        'app1/src/web/other.ts',
        // A folder whose name starts like an imported one's is another folder.
        'app1/src/web/apis/index.ts',
        'app1/src/pipelines.ts',
      ].map((target) => mayLoad(handler, target)),
      [true, true, true, true, false, false, false, false],
    );
    // The package's __init__ runs too, but the walk looks SYSTEM up in prompts.py only: no call of __init__'s functions.
    const job = importedModules('from agents.prompts import SYSTEM\n', 'app1/jobs/nightly.py');
    assert.deepStrictEqual(
      ['app1/agents/prompts.py', 'app1/agents/__init__.py', 'agents/prompts.py', 'app2/agents/prompts.py', 'app1/jobs/nightly_other.py'].map((target) =>
        mayLoad(job, target),
      ),
      [true, false, true, false, false],
    );
  });

  it('finds the importers of a target by key exactly as mayLoad answers file by file', () => {
    // The sample app's code, plus imports of every kind mayLoad looks at: the root package
    // (`from . import`), a folder, a file, a name part, and a folder whose name only starts alike.
    const root = path.join(__dirname, '..', 'fixtures', 'workspace');
    const code = (readdirSync(root, { recursive: true }) as string[])
      .map((file) => file.split(path.sep).join('/'))
      .filter((file) => /\.(?:[cm]?[jt]sx?|py)$/.test(file))
      .map((file) => ({ path: file, text: readFileSync(path.join(root, file), 'utf8') }));
    const extra = [
      { path: 'top.py', text: 'from . import prompts\n' },
      { path: 'web/routes.ts', text: "import { run } from '../src/supportBot';\nimport x from 'agents';" },
      { path: 'web/alike.ts', text: "import { y } from '../src/support';" },
      { path: 'web/none.ts', text: 'export const none = 1;' },
    ];
    const files = [...code, ...extra].map(({ path: file, text }) => ({ path: file, imports: importedModules(text, file) }));
    const index = new ImporterIndex(files);
    const targets = [...files.map((file) => file.path), 'src/supportBot/deep/er/file.ts', 'agents/new.py', 'nowhere.ts'];
    let importers = 0;
    for (const target of targets) {
      const expected = files.filter((file) => mayLoad(file.imports, target)).map((file) => file.path);
      assert.deepStrictEqual([...index.importersOf(target)].sort(), expected.sort(), target);
      importers += expected.length;
    }
    assert.deepStrictEqual([files.length, targets.length, importers], [20, 23, 57]);
  });
});
