import * as assert from 'assert';
import type { CodeValue } from '../../src/core/codeModel/codeModel';
import type { SourceReader } from '../../src/core/codeModel/sourceReader';
import { parseCode } from '../../src/core/extract/code/parseCode';
import type { Logger } from '../../src/core/log/logger';
import { callTo, locate, str, text } from './codeHelpers';

/** A workspace held in memory, remembering every path asked for. */
function workspace(files: Record<string, string>): SourceReader & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    async read(path) {
      reads.push(path);
      return Object.prototype.hasOwnProperty.call(files, path) ? files[path] : undefined;
    },
  };
}

/** The arguments of the first `probe(...)` call in `source`, placed at `file`. */
async function probe(source: string, file: string, reader: SourceReader, logger?: Logger): Promise<CodeValue[]> {
  const code = await parseCode(source, file, reader, logger);
  assert.ok(code, `${file} parses`);
  return callTo(code, 'probe').call.args.positional;
}

/** An imported constant as resolution places it: its text at the use site, its origin the module it came from. */
function imported(source: string, name: string, value: string, file: string, occurrence = 1): CodeValue {
  const at = locate(source, name, occurrence);
  return str([text(value, at)], at, { type: 'constant', name, file });
}

function unknownImport(source: string, name: string): CodeValue {
  return { kind: 'unknown', text: name, range: locate(source, name, 1), name };
}

const AI_MODULE = "export const SYSTEM_PROMPT = 'You are terse.';\nexport const DEFAULT_MODEL = 'gpt-4.1-mini';\n";

describe('tsconfig / jsconfig import aliases', () => {
  it('resolves constants imported through a `paths` pattern, re-exports through one included', async () => {
    const reader = workspace({
      'tsconfig.json': '{ "compilerOptions": { "paths": { "@/*": ["./src/*"] } } }',
      'src/lib/ai.ts': AI_MODULE,
      'src/lib/index.ts': "export { DEFAULT_MODEL as INDEX_MODEL } from '@/lib/ai';\n",
    });
    const source =
      "import { SYSTEM_PROMPT, DEFAULT_MODEL } from '@/lib/ai';\nimport { INDEX_MODEL } from '@/lib';\nprobe(DEFAULT_MODEL, SYSTEM_PROMPT, INDEX_MODEL);";
    const [model, prompt, viaIndex] = await probe(source, 'src/app/api/chat/route.ts', reader);
    assert.deepStrictEqual(model, imported(source, 'DEFAULT_MODEL', 'gpt-4.1-mini', 'src/lib/ai.ts'));
    assert.deepStrictEqual(prompt, imported(source, 'SYSTEM_PROMPT', 'You are terse.', 'src/lib/ai.ts'));
    assert.deepStrictEqual(viaIndex, imported(source, 'INDEX_MODEL', 'gpt-4.1-mini', 'src/lib/ai.ts'));
  });

  it('tries the exact key first, then the longest prefix, each target in order; a path out of the workspace is never read', async () => {
    const reader = workspace({
      'tsconfig.json': JSON.stringify({
        compilerOptions: {
          paths: {
            '@/*': ['./src/*'],
            '@/lib/*': ['./vendor/missing/*', './lib/*'],
            settings: ['./config/settings.ts'],
            'outside/*': ['../elsewhere/*'],
          },
        },
      }),
      'src/lib/ai.ts': "export const DEFAULT_MODEL = 'from src';\n",
      'lib/ai.ts': "export const DEFAULT_MODEL = 'from lib';\n",
      'config/settings.ts': "export const CAP = 'from settings';\n",
    });
    const source = [
      "import { DEFAULT_MODEL } from '@/lib/ai';",
      "import { CAP } from 'settings';",
      "import { AWAY } from 'outside/x';",
      'probe(DEFAULT_MODEL, CAP, AWAY);',
    ].join('\n');
    const [model, cap, away] = await probe(source, 'app/main.ts', reader);
    assert.deepStrictEqual(model, imported(source, 'DEFAULT_MODEL', 'from lib', 'lib/ai.ts'));
    assert.deepStrictEqual(cap, imported(source, 'CAP', 'from settings', 'config/settings.ts'));
    assert.deepStrictEqual(away, unknownImport(source, 'AWAY'));
    assert.deepStrictEqual(
      reader.reads.filter((path) => path.includes('elsewhere') || path.startsWith('..')),
      [],
    );
  });

  it('reads bare imports from `baseUrl`, which `paths` targets are then relative to', async () => {
    const reader = workspace({
      'tsconfig.json': '{ "compilerOptions": { "baseUrl": "src", "paths": { "~/*": ["lib/*"] } } }',
      'src/lib/ai.ts': AI_MODULE,
    });
    const source = "import { DEFAULT_MODEL } from 'lib/ai';\nimport { SYSTEM_PROMPT } from '~/ai';\nprobe(DEFAULT_MODEL, SYSTEM_PROMPT);";
    const [model, prompt] = await probe(source, 'src/routes/chat.ts', reader);
    assert.deepStrictEqual(model, imported(source, 'DEFAULT_MODEL', 'gpt-4.1-mini', 'src/lib/ai.ts'));
    assert.deepStrictEqual(prompt, imported(source, 'SYSTEM_PROMPT', 'You are terse.', 'src/lib/ai.ts'));
  });

  it('follows a relative `extends` (paths relative to the config that sets them), cut where it cycles', async () => {
    const reader = workspace({
      'tsconfig.json': '{ "extends": "./configs/tsconfig.base", "compilerOptions": { "strict": true } }',
      'configs/tsconfig.base.json':
        '{ "extends": ["@tsconfig/node20/tsconfig.json", "../tsconfig.json"], "compilerOptions": { "paths": { "@shared/*": ["../shared/*"] } } }',
      'shared/ai.ts': AI_MODULE,
    });
    const source = "import { DEFAULT_MODEL } from '@shared/ai';\nprobe(DEFAULT_MODEL);";
    const [model] = await probe(source, 'web/page.tsx', reader);
    assert.deepStrictEqual(model, imported(source, 'DEFAULT_MODEL', 'gpt-4.1-mini', 'shared/ai.ts'));
    assert.ok(!reader.reads.some((path) => path.includes('@tsconfig')), 'a package config is not looked for in the workspace');
  });

  it('reads a config with comments and trailing commas, and a jsconfig.json for JavaScript', async () => {
    const jsonc = ['{', '  // Next.js aliases', '  "compilerOptions": {', '    /* app code */', '    "paths": { "@/*": ["./src/*",], },', '  },', '}'].join(
      '\n',
    );
    const source = "import { DEFAULT_MODEL } from '@/lib/ai';\nprobe(DEFAULT_MODEL);";
    const [fromTsconfig] = await probe(source, 'src/app/page.tsx', workspace({ 'tsconfig.json': jsonc, 'src/lib/ai.ts': AI_MODULE }));
    assert.deepStrictEqual(fromTsconfig, imported(source, 'DEFAULT_MODEL', 'gpt-4.1-mini', 'src/lib/ai.ts'));
    const [fromJsconfig] = await probe(source, 'src/app/page.js', workspace({ 'jsconfig.json': jsonc, 'src/lib/ai.js': AI_MODULE }));
    assert.deepStrictEqual(fromJsconfig, imported(source, 'DEFAULT_MODEL', 'gpt-4.1-mini', 'src/lib/ai.js'));
  });

  it('still analyses a file under a broken tsconfig, its aliased constants unknown, and says why once', async () => {
    const reader = workspace({
      'tsconfig.json': '{ "compilerOptions": { "paths": { "@/*": ["./src/*"] }',
      'src/lib/ai.ts': AI_MODULE,
    });
    const warnings: string[] = [];
    const logger: Logger = { debug: () => undefined, info: () => undefined, warn: (message) => warnings.push(message), error: () => undefined };
    const source = "import { DEFAULT_MODEL } from '@/lib/ai';\nprobe(DEFAULT_MODEL, 'literal');";
    const [model, literal] = await probe(source, 'src/app/page.ts', reader, logger);
    assert.deepStrictEqual(model, unknownImport(source, 'DEFAULT_MODEL'));
    assert.deepStrictEqual(literal, str([text('literal', locate(source, 'literal'))], locate(source, "'literal'"), { type: 'literal' }));
    assert.deepStrictEqual(warnings, ['tsconfig.json is not valid JSON (CloseBraceExpected): its import aliases are not applied.']);
  });

  it('leaves a package import a package: nothing of it is looked for in the workspace', async () => {
    const reader = workspace({ 'tsconfig.json': '{ "compilerOptions": { "paths": { "@/*": ["./src/*"] } } }' });
    const source = "import { MODEL } from '@anthropic-ai/sdk';\nimport { OTHER } from 'openai';\nprobe(MODEL, OTHER);";
    const [model, other] = await probe(source, 'src/app/page.ts', reader);
    assert.deepStrictEqual(model, unknownImport(source, 'MODEL'));
    assert.deepStrictEqual(other, unknownImport(source, 'OTHER'));
    assert.deepStrictEqual(reader.reads, ['src/app/tsconfig.json', 'src/app/jsconfig.json', 'src/tsconfig.json', 'src/jsconfig.json', 'tsconfig.json']);
  });

  it('lets the nearest tsconfig of a sub-package govern its files, over the root one', async () => {
    const reader = workspace({
      'tsconfig.json': '{ "compilerOptions": { "paths": { "@/*": ["./src/*"] } } }',
      'src/ai.ts': "export const DEFAULT_MODEL = 'root model';\n",
      'packages/api/tsconfig.json': '{ "compilerOptions": { "paths": { "@/*": ["./lib/*"] } } }',
      'packages/api/lib/ai.ts': "export const DEFAULT_MODEL = 'api model';\n",
    });
    const source = "import { DEFAULT_MODEL } from '@/ai';\nprobe(DEFAULT_MODEL);";
    const [inPackage] = await probe(source, 'packages/api/handlers/chat.ts', reader);
    assert.deepStrictEqual(inPackage, imported(source, 'DEFAULT_MODEL', 'api model', 'packages/api/lib/ai.ts'));
    const [atRoot] = await probe(source, 'src/routes/chat.ts', reader);
    assert.deepStrictEqual(atRoot, imported(source, 'DEFAULT_MODEL', 'root model', 'src/ai.ts'));
  });
});
