/**
 * The source of an LLM SDK or framework itself — the folder of a package whose manifest names it
 * `openai`, `@langchain/openai` or `langchain-anthropic` — calls the provider on its users' behalf:
 * `this.client.chat.completions.create(request)` inside `ChatOpenAI` runs with whatever model and
 * prompt the application passes in, at the application's volume. Priced where it is written, each
 * such call is a made-up model at a made-up volume (or an unpriced one), and the workspace of an SDK
 * (LangChain.js, the AI SDK) had most of its files parsed and resolved for them: 86% of LangChain.js's
 * code files passed the pre-filter, as nearly every one imports `@langchain/core`.
 *
 * So the calls in an SDK's own source are not read. Its tests and examples are (an integration test
 * calls the real API, with a model of its own): a file with a test or example folder, or a test
 * file's name, between it and its package's folder.
 */

/** The manifests that name a package, nearest first in each folder. */
const MANIFESTS = ['package.json', 'pyproject.toml'] as const;

/** Folders that hold a package's tests, fixtures or examples, not its implementation. */
const NOT_IMPLEMENTATION_FOLDER = /^(?:__)?(?:tests?|specs?|examples?|e2e|integration_tests|unit_tests|testfixtures|fixtures|testing)(?:__)?$/i;
/** `x.test.ts`, `x.int.test.ts`, `x.spec.js`, `test_x.py`, `x_test.py`, `conftest.py`. */
const TEST_FILE = /\.(?:test|spec)\.[cm]?[jt]sx?$|^test_[^/]*\.py$|_test\.py$|^conftest\.py$/i;

/** What a folder's manifest says: the package's name, or null when the folder has no manifest naming one. */
type FolderPackage = string | null;

/**
 * Answers, per workspace file, which LLM SDK's own source it is part of. `readText` reads a file
 * relative to the workspace root (undefined when there is none or it cannot be read); each folder's
 * manifests are read once.
 */
export class SdkPackageSources {
  private readonly packageByFolder = new Map<string, FolderPackage>();

  constructor(private readonly readText: (relativePath: string) => string | undefined) {}

  /**
   * The SDK package whose implementation `file` (relative to the root, `/` separators) is part of:
   * its nearest manifest names an LLM SDK and nothing between them marks a test or an example.
   * Undefined for every other file.
   */
  owner(file: string): string | undefined {
    const parts = file.split('/');
    const name = parts.pop() ?? '';
    if (TEST_FILE.test(name)) return undefined;
    for (let depth = parts.length; depth >= 0; depth--) {
      const folder = parts.slice(0, depth).join('/');
      const declared = this.packageIn(folder);
      if (declared === null) {
        if (depth > 0 && NOT_IMPLEMENTATION_FOLDER.test(parts[depth - 1])) return undefined;
        continue;
      }
      // The nearest package decides: an application inside an SDK's repository is its own package.
      return sdkPackageName(declared);
    }
    return undefined;
  }

  private packageIn(folder: string): FolderPackage {
    let known = this.packageByFolder.get(folder);
    if (known !== undefined) return known;
    known = null;
    for (const manifest of MANIFESTS) {
      const text = this.readText(folder === '' ? manifest : `${folder}/${manifest}`);
      if (text === undefined) continue;
      const name = manifest === 'package.json' ? packageJsonName(text) : pyprojectName(text);
      if (name !== undefined) {
        known = name;
        break;
      }
    }
    this.packageByFolder.set(folder, known);
    return known;
  }
}

/**
 * The packages that are LLM SDKs or frameworks, by the name their manifest declares (npm and PyPI
 * names, not import names): exact names and the vendors' npm scopes, never a prefix anyone's
 * application may start with (`langchain-rag-app` is an application, `langchain-openai` the SDK).
 */
const SDK_PACKAGE_NAMES = new Set([
  // npm
  'openai',
  'ai',
  'langchain',
  'groq-sdk',
  'together-ai',
  'cohere-ai',
  'ollama',
  '@aws-sdk/client-bedrock-runtime',
  '@google/genai',
  '@google/generative-ai',
  '@cerebras/cerebras_cloud_sdk',
  // PyPI, normalised (lower case, `_` and `.` as `-`)
  'anthropic',
  'google-genai',
  'google-generativeai',
  'langchain-core',
  'langchain-community',
  'langchain-classic',
  'langchain-openai',
  'langchain-anthropic',
  'langchain-google-genai',
  'langchain-google-vertexai',
  'langchain-aws',
  'langchain-mistralai',
  'langchain-groq',
  'langchain-ollama',
  'langchain-text-splitters',
  'langgraph',
  'pydantic-ai',
  'pydantic-ai-slim',
  'litellm',
  'mistralai',
  'groq',
  'together',
  'cohere',
  'cerebras-cloud-sdk',
  'openai-agents',
]);
const SDK_SCOPES = ['@langchain/', '@ai-sdk/', '@anthropic-ai/', '@mistralai/', '@openai/'];

/** The declared name when the package is an LLM SDK or framework; undefined for any other. */
export function sdkPackageName(declared: string): string | undefined {
  const name = declared.trim();
  const normalised = name.toLowerCase().replace(/[_.]+/g, '-');
  if (SDK_PACKAGE_NAMES.has(name) || SDK_PACKAGE_NAMES.has(normalised) || SDK_SCOPES.some((scope) => name.startsWith(scope))) return name;
  return undefined;
}

/** `"name"` of a package.json; undefined when the text is not JSON or names nothing. */
export function packageJsonName(text: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    const name = typeof parsed === 'object' && parsed !== null ? (parsed as { name?: unknown }).name : undefined;
    return typeof name === 'string' && name.trim() !== '' ? name : undefined;
  } catch {
    // A broken manifest names no package: the folder's files are read as any other.
    return undefined;
  }
}

/** `name = "…"` of a pyproject.toml's `[project]` or `[tool.poetry]` table. */
export function pyprojectName(text: string): string | undefined {
  let table = '';
  for (const line of text.split(/\r?\n/)) {
    const header = /^\s*\[\s*([^\]\s]+)\s*\]/.exec(line);
    if (header) {
      table = header[1];
      continue;
    }
    if (table !== 'project' && table !== 'tool.poetry') continue;
    const name = /^\s*name\s*=\s*(["'])([^"']+)\1/.exec(line);
    if (name) return name[2];
  }
  return undefined;
}
