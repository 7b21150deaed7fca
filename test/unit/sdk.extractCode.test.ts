import * as assert from 'assert';
import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import { extractCodeSites, importsLlmModule, inlineVolume, isCodeFile, mayContainLlmCalls, SDK_MODULES } from '../../src/core/extract/code/extractCode';
import { llmModulesOf } from '../../src/core/resolve/importedModules';
import { NO_OTHER_FILES } from '../../src/core/codeModel/sourceReader';
import { assertInsertionReparses, extractFixture, source } from './sdkHelpers';

describe('Code extraction glue', () => {
  it('lists one module per SDK in the order calls are offered to them', () => {
    assert.deepStrictEqual(
      SDK_MODULES.map((module) => module.id),
      [
        'prompt-file-loaders',
        'openai',
        'anthropic',
        'mistral',
        'google-genai',
        'ai-sdk',
        'openai-agents',
        'pydantic-ai',
        'langchain-agent',
        'langchain',
        'litellm',
        'bedrock',
        'bedrock-invoke',
      ],
    );
  });

  it('reads only TS/JS/Python source, not declaration files or prompt files', async () => {
    assert.deepStrictEqual(['a.ts', 'a.tsx', 'a.mjs', 'a.cjs', 'a.jsx', 'a.py', 'a.d.ts', 'a.prompty', 'a.md'].map(isCodeFile), [
      true,
      true,
      true,
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
    assert.strictEqual(await extractCodeSites('model: gpt-4o', 'a.prompty', NO_OTHER_FILES), undefined);
  });

  it('skips a file with no LLM SDK without parsing it', async () => {
    const text = source('code/plain.ts');
    // The pre-filter is what decides: when it fails, extractCodeSites returns before parseCode.
    assert.strictEqual(mayContainLlmCalls(text), false);
    assert.deepStrictEqual(await extractCodeSites(text, 'code/plain.ts', NO_OTHER_FILES), { sites: [], findings: [] });
    // Not even a half-written file is parsed: text that would make the parser report errors gives none.
    assert.deepStrictEqual(await extractCodeSites('export function broken( {', 'code/half.ts', NO_OTHER_FILES), { sites: [], findings: [] });
  });

  it('recognises each SDK by its markers', () => {
    assert.deepStrictEqual(
      [
        "import OpenAI from 'openai'",
        'from anthropic import Anthropic',
        "import { GoogleGenAI } from '@google/genai'",
        "import { generateText } from 'ai'",
        'from langchain_core.runnables import RunnableLambda',
        'import litellm',
        'boto3.client("bedrock-runtime")',
        "const ai = require('./ai')",
      ].map(mayContainLlmCalls),
      [true, true, true, true, true, true, true, false],
    );
  });

  it('answers as the markers one by one do, over every code fixture', () => {
    // The pre-filter joins the markers into one pattern: a marker that only matches mid-file (a
    // Python import after other lines) or a lost flag would show here.
    const root = path.join(__dirname, '..', 'fixtures');
    const files = (readdirSync(root, { recursive: true }) as string[]).filter((file) => isCodeFile(file));
    const oneByOne = (text: string) => SDK_MODULES.some((module) => module.markers.some((marker) => marker.test(text)));
    const texts = files.map((file) => readFileSync(path.join(root, file), 'utf8'));
    const passing = texts.filter(mayContainLlmCalls).length;
    assert.deepStrictEqual(texts.map(mayContainLlmCalls), texts.map(oneByOne));
    // Both answers occur, so the comparison says something.
    assert.ok(passing > 50 && passing < texts.length - 10, `${passing} of ${texts.length}`);
  });

  it('lets a file through on an import of each SDK family, in each way TS/JS and Python import one', () => {
    const imports = [
      // TS/JS: import … from, a bare import, import(), require(), export … from, a subpath.
      "import OpenAI from 'openai';",
      "import Anthropic from '@anthropic-ai/sdk';",
      "import { GoogleGenAI } from '@google/genai';",
      "import '@mistralai/mistralai';",
      "const { generateText } = await import('ai');",
      "const { ChatOpenAI } = require('@langchain/openai');",
      "export { createReactAgent } from '@langchain/langgraph/prebuilt';",
      "import { Agent } from '@openai/agents';",
      "import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';",
      "import { genkit } from 'genkit';",
      "import Groq from 'groq-sdk';",
      // Python: from x import, from x.y import, import x, import x.y, import x as y, after other names.
      'from openai import OpenAI',
      'import anthropic',
      'import google.genai as genai',
      'from google import genai',
      'from mistralai.client import Mistral',
      'import os, litellm',
      'from langchain_core.messages import HumanMessage',
      'from langgraph.prebuilt import create_react_agent',
      'from pydantic_ai import Agent',
      'from agents import Agent, Runner',
      'import prompty.azure',
      'from groq import AsyncGroq',
    ];
    assert.deepStrictEqual(
      imports.filter((text) => !mayContainLlmCalls(text)),
      [],
    );
  });

  it('lets a file through on a known call chain without an import', () => {
    assert.deepStrictEqual(
      [
        'const reply = await client.chat.completions.create({ model, messages });',
        'message = client.messages.create(model=MODEL, max_tokens=100, messages=messages)',
        'response = client.models.generate_content(model="gemini-2.5-flash", contents=text)',
        'bedrock = boto3.client("bedrock-runtime")',
        'body = runtime.invoke_model(modelId=MODEL, body=payload)',
      ].map(mayContainLlmCalls),
      [true, true, true, true, true],
    );
  });

  it('does not parse a file that names an SDK only in a comment, a string or a list', async () => {
    const texts = [
      "// The chains are built with langchain in the worker.\nexport const PROVIDERS = ['openai', 'anthropic', 'litellm', 'genkit'];\n",
      "export const PACKAGE = '@langchain/openai';\nexport const openaiModel = 'gpt-4o';\n",
      '# Models go through litellm and pydantic_ai elsewhere.\nPROVIDER = "openai"\nLIBRARIES = ["langchain", "langgraph", "prompty"]\n',
      "/* See the InvokeModel notes. */\nmodule.exports = { runtime: 'bedrock-runtime', sdk: 'openai' };\n",
      'import openai_helpers\nfrom myapp.openai import settings\n',
    ];
    assert.deepStrictEqual(texts.map(mayContainLlmCalls), [false, false, false, false, false]);
    // Not parsed: a syntax error the parser would report gives no finding.
    assert.deepStrictEqual(await extractCodeSites('// langchain\nexport function broken( {', 'code/half.ts', NO_OTHER_FILES), { sites: [], findings: [] });
  });

  it("reads a file that imports one of the workspace's LLM modules, in each way code imports one, and only that module", () => {
    const modules = llmModulesOf(['src/lib/agent.ts', 'src/lib/llm.ts', 'src/lib/utils.ts', 'src/ai/index.ts', 'app/llm.py']);
    const importing: Array<[string, string]> = [
      ["import { researcher } from '../lib/agent';", 'src/routes/chat.ts'],
      ["import researcher from './agent.js';", 'src/lib/run.ts'],
      ["const { ask } = require('./llm');", 'src/lib/x.js'],
      ["import { clamp } from './utils';", 'src/lib/x.ts'],
      ["import { model } from '../ai';", 'src/pages/a.ts'],
      ["const mod = await import('@/lib/llm');", 'src/pages/a.ts'],
      ['from app.llm import ask', 'jobs/run.py'],
      ['from app import llm, other', 'jobs/run.py'],
      ['from . import (\n    llm,\n)', 'app/jobs.py'],
      ['import app.llm as model', 'main.py'],
    ];
    for (const [text, file] of importing) assert.strictEqual(importsLlmModule(text, file, modules), true, text);
    const notImporting: Array<[string, string]> = [
      ["import { agentTools } from './agentTools';", 'src/lib/run.ts'],
      // Another folder's module of the same name: a library's every folder has its `./utils`.
      ["import { clamp } from './utils';", 'pkgs/zod/src/helpers.ts'],
      ["import { ask } from '../other/llm';", 'src/lib/x.ts'],
      ["import { x } from './index';", 'src/other/y.ts'],
      ['from app.llms import ask', 'main.py'],
      ['import llmish', 'main.py'],
      ["// see './llm'", 'src/lib/x.ts'],
    ];
    for (const [text, file] of notImporting) assert.strictEqual(importsLlmModule(text, file, modules), false, text);
    assert.strictEqual(importsLlmModule("import { ask } from './llm';", 'src/lib/x.ts', undefined), false);
  });

  it('lists generation calls no SDK module read, on a client resource, a runnable or the module itself', async () => {
    const src = [
      'import openai',
      'from anthropic import Anthropic',
      'from langchain_core.runnables import RunnableLambda',
      'client = Anthropic()',
      'class Agent:',
      '    def __init__(self):',
      '        self.step = RunnableLambda(summarise)',
      '    def run(self, messages, connection):',
      '        openai.batches.create(input_file_id="file-1", endpoint="/v1/chat/completions", completion_window="24h")',
      '        client.beta.agents.create(name="a", model="claude-sonnet-4-5")',
      '        client.beta.vaults.create(name="v")',
      '        for chunk in self.step.stream(messages):',
      '            print(chunk)',
    ].join('\n');
    const result = await extractFixture('code/unread.py', src);
    assert.deepStrictEqual(
      result.unreadCalls?.map((call) => [call.callee, call.sdk, call.range.start.line]),
      [
        ['openai.batches.create', 'openai', 8],
        ['self.step.stream', 'langchain', 11],
      ],
    );
  });

  it('leaves alone calls shaped like LLM calls that are not (Twilio messages, Lambda invoke, a local generateText)', async () => {
    for (const file of ['code/lookalikes.ts', 'code/lookalikes.py']) {
      assert.strictEqual(mayContainLlmCalls(source(file)), true, `${file} passes the pre-filter, so its calls are offered to every SDK`);
      assert.deepStrictEqual(await extractFixture(file), { sites: [], findings: [] }, file);
    }
  });

  it('still yields the calls that parse in a file with a syntax error, and says calls may be missed', async () => {
    const result = await extractFixture('code/broken.py');
    assert.deepStrictEqual(
      result.findings.map((finding) => [finding.rule, finding.severity]),
      [['syntax-error', 'info']],
    );
    assert.deepStrictEqual(result.findings[0].range, { start: { line: 0, character: 0 }, end: { line: 0, character: 25 } });
    const good = result.sites.find((site) => site.id === 'code/broken.py#good');
    assert.ok(good, result.sites.map((site) => site.id).join(', '));
    assert.strictEqual(good.model?.id, 'gpt-4o-mini');
    assert.strictEqual(good.outputCap?.value, 100);
  });

  it('reads promptcost volume comments', () => {
    assert.deepStrictEqual(inlineVolume('// promptcost: monthlyCalls=50000 outputTokens=300'), { monthlyCalls: 50000, outputTokens: 300 });
    assert.deepStrictEqual(inlineVolume('# promptcost: monthlyCalls=1_200_000'), { monthlyCalls: 1200000 });
    assert.deepStrictEqual(inlineVolume('// the nightly job\n// promptcost: outputTokens=80'), { outputTokens: 80 });
    assert.strictEqual(inlineVolume('// promptcost-ignore missing-max-tokens'), undefined);
    assert.strictEqual(inlineVolume(undefined), undefined);
  });

  const FIXTURES = [
    'openai/chat.ts',
    'openai/responses.ts',
    'openai/assistant.js',
    'openai/chat.py',
    'anthropic/messages.ts',
    'anthropic/messages.py',
    'googleGenai/generate.ts',
    'googleGenai/generate.py',
    'aiSdk/generate.ts',
    'langchain/chains.ts',
    'langchain/chains.py',
    'litellm/complete.py',
    'bedrock/converse.ts',
    'bedrock/converse.py',
  ];

  for (const file of FIXTURES) {
    it(`every cap insertion in ${file} applies cleanly and is read back as the cap`, async () => {
      const result = await extractFixture(file);
      assert.deepStrictEqual(result.findings, []);
      const offered = result.sites.filter((site) => site.outputCapInsertion);
      assert.ok(offered.length > 0 || file === 'openai/assistant.js', `${file} has a call without a cap`);
      for (const site of offered) await assertInsertionReparses(file, site.id);
    });
  }
});
