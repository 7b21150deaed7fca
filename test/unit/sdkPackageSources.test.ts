import * as assert from 'assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createEngine } from '../../src/core/engine';
import { SILENT_LOGGER } from '../../src/core/log/logger';
import { parseProjectConfig } from '../../src/core/volume/projectConfig';
import { fileSourceReader, forgetWorkspaceFiles } from '../../src/core/workspace/fileSourceReader';
import { packageJsonName, pyprojectName, sdkPackageName, SdkPackageSources } from '../../src/core/workspace/sdkPackageSources';

describe("An LLM SDK's own source", () => {
  describe('which packages are SDKs, by the name their manifest declares', () => {
    it('knows the SDKs by exact name and by their vendors’ npm scopes, in npm and PyPI spellings', () => {
      const names = [
        'openai',
        'ai',
        'langchain',
        '@langchain/openai',
        '@ai-sdk/anthropic',
        '@anthropic-ai/sdk',
        'langchain-openai',
        'Langchain_Core',
        'pydantic-ai-slim',
        'google.genai',
      ];
      assert.deepStrictEqual(
        names.map((name) => sdkPackageName(name)),
        names,
      );
    });

    it('takes an application named after an SDK for an application', () => {
      const names = ['langchain-rag-app', 'openai-demo', 'ai-chatbot', 'my-langchain', '@acme/openai', 'langchainjs', ''];
      assert.deepStrictEqual(
        names.map((name) => sdkPackageName(name)),
        names.map(() => undefined),
      );
    });

    it('reads the name of a package.json and of a pyproject.toml’s [project] or [tool.poetry] table, and none of a broken one', () => {
      assert.strictEqual(packageJsonName('{ "name": "@langchain/openai", "version": "1.0.0" }'), '@langchain/openai');
      assert.strictEqual(packageJsonName('{ "name": '), undefined);
      assert.strictEqual(packageJsonName('["openai"]'), undefined);
      assert.strictEqual(pyprojectName('[build-system]\nname = "hatchling"\n\n[project]\nname = "langchain-anthropic"\n'), 'langchain-anthropic');
      assert.strictEqual(pyprojectName("[tool.poetry]\nname = 'openai'\n"), 'openai');
      assert.strictEqual(pyprojectName('[tool.ruff]\nname = "openai"\n'), undefined);
    });
  });

  describe('which files are part of one', () => {
    const manifests: Record<string, string> = {
      'package.json': '{ "name": "langchainjs" }',
      'libs/providers/langchain-openai/package.json': '{ "name": "@langchain/openai" }',
      'libs/langchain-mcp-adapters/package.json': '{ "name": "@langchain/mcp-adapters" }',
      'examples/package.json': '{ "name": "examples" }',
      'python/langchain_anthropic/pyproject.toml': '[project]\nname = "langchain-anthropic"\n',
      'python/rag/pyproject.toml': '[project]\nname = "langchain-rag-app"\n',
    };
    const read: string[] = [];
    const sources = new SdkPackageSources((file) => {
      read.push(file);
      return manifests[file];
    });

    it('is a file of an SDK package’s implementation, the nearest manifest deciding', () => {
      const owners = {
        'libs/providers/langchain-openai/src/chat_models/completions.ts': '@langchain/openai',
        'libs/providers/langchain-openai/src/index.ts': '@langchain/openai',
        'python/langchain_anthropic/langchain_anthropic/chat_models.py': 'langchain-anthropic',
        'libs/langchain-mcp-adapters/src/client.ts': '@langchain/mcp-adapters',
        // Not an SDK: the repository's root package, an examples package, an application.
        'scripts/release.ts': undefined,
        'examples/src/createAgent/basic.ts': undefined,
        'python/rag/app/chain.py': undefined,
      };
      assert.deepStrictEqual(Object.fromEntries(Object.keys(owners).map((file) => [file, sources.owner(file)])), owners);
    });

    it('is not a test, a fixture or an example inside an SDK package: they call the API as its users do', () => {
      const files = [
        'libs/providers/langchain-openai/src/tests/chat_models.int.test.ts',
        'libs/providers/langchain-openai/src/chat_models/completions.test.ts',
        'libs/providers/langchain-openai/src/__tests__/helpers.ts',
        'libs/langchain-mcp-adapters/examples/langgraph_example.ts',
        'python/langchain_anthropic/tests/integration_tests/test_chat_models.py',
        'python/langchain_anthropic/langchain_anthropic/test_utils.py',
        'python/langchain_anthropic/conftest.py',
      ];
      assert.deepStrictEqual(
        files.map((file) => sources.owner(file)),
        files.map(() => undefined),
      );
    });

    it('reads each folder’s manifests once', () => {
      read.length = 0;
      sources.owner('libs/providers/langchain-openai/src/chat_models/responses.ts');
      sources.owner('libs/providers/langchain-openai/src/chat_models/responses.ts');
      assert.deepStrictEqual(read, []);
      sources.owner('libs/providers/langchain-openai/src/utils/tools.ts');
      assert.deepStrictEqual(read, ['libs/providers/langchain-openai/src/utils/package.json', 'libs/providers/langchain-openai/src/utils/pyproject.toml']);
    });
  });

  describe('in a workspace', () => {
    let root: string;
    const write = (file: string, text: string) => {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), text);
    };
    const logged: string[] = [];
    const engine = createEngine({ logger: { ...SILENT_LOGGER, debug: (message) => logged.push(message) } });
    const call = (model: string) =>
      `import OpenAI from 'openai';\nconst client = new OpenAI();\nexport async function ask(question: string) {\n  return client.chat.completions.create({ model: '${model}', max_tokens: 200, messages: [{ role: 'user', content: question }] });\n}\n`;

    before(() => {
      root = mkdtempSync(path.join(os.tmpdir(), 'promptcost-sdk-sources-'));
      write('promptcost.yaml', 'defaults:\n  monthlyCalls: 1000\n');
      write('package.json', '{ "name": "support-desk" }');
      write('vendor/langchain-openai/package.json', '{ "name": "@langchain/openai" }');
      write('vendor/langchain-openai/src/chat.ts', call('gpt-4o'));
      write('vendor/langchain-openai/src/tests/chat.int.test.ts', call('gpt-4o-mini'));
      write('src/llm.ts', call('gpt-4.1-mini'));
    });
    after(() => {
      engine.dispose();
      forgetWorkspaceFiles(root);
      rmSync(root, { recursive: true, force: true });
    });

    const analyse = async (file: string, text: string) => {
      const { config } = parseProjectConfig('defaults:\n  monthlyCalls: 1000\n');
      const analysis = await engine.analyze(text, file, { project: config, defaultModel: 'gpt-4o-mini', monthlyCalls: 1000, workspaceRoot: root });
      return analysis?.sites.map(({ site }) => `${site.id} ${site.model?.id}`);
    };

    it('prices the calls of the application and of the SDK’s tests, not those of the SDK itself, and logs why', async () => {
      assert.deepStrictEqual(await analyse('vendor/langchain-openai/src/chat.ts', call('gpt-4o')), []);
      assert.deepStrictEqual(
        logged.filter((message) => message.startsWith('Not reading')),
        ["Not reading vendor/langchain-openai/src/chat.ts for calls: it is part of the @langchain/openai package's own source."],
      );
      assert.deepStrictEqual(await analyse('vendor/langchain-openai/src/tests/chat.int.test.ts', call('gpt-4o-mini')), [
        'vendor/langchain-openai/src/tests/chat.int.test.ts#ask gpt-4o-mini',
      ]);
      assert.deepStrictEqual(await analyse('src/llm.ts', call('gpt-4.1-mini')), ['src/llm.ts#ask gpt-4.1-mini']);
    });

    it('outlines no site in the SDK’s own source when told the workspace', async () => {
      assert.deepStrictEqual(await engine.outline(call('gpt-4o'), 'vendor/langchain-openai/src/chat.ts', root), []);
      assert.deepStrictEqual(
        (await engine.outline(call('gpt-4o'), 'src/llm.ts', root))?.map((site) => site.id),
        ['src/llm.ts#ask'],
      );
    });

    it('lets no importer of the SDK’s own source through the pre-filter', async () => {
      const modules = await fileSourceReader(root).llmModules!();
      assert.deepStrictEqual([...(modules?.paths ?? [])].sort(), ['src/llm', 'vendor/langchain-openai/src/tests/chat.int.test']);
    });
  });
});
