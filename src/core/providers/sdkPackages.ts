/**
 * The packages of LLM SDKs, by the name code imports them under (npm or Python), and the method
 * names that generate text. Used to point at calls Prompt Cost did not read: a call on one of these
 * packages, with one of these verbs, that no SDK module claimed is most likely a shape it does not
 * know yet (`promptcost estimate --explain-misses`).
 */
const SDK_PACKAGES: ReadonlyArray<[RegExp, string]> = [
  [/^openai(?:\/|$)/, 'openai'],
  [/^@anthropic-ai\/(?:sdk|bedrock-sdk|vertex-sdk)(?:\/|$)|^anthropic(?:\.|$)/, 'anthropic'],
  [/^@google\/(?:genai|generative-ai)(?:\/|$)|^google\.(?:genai|generativeai)(?:\.|$)|^vertexai(?:\.|$)/, 'google'],
  [/^ai$|^@ai-sdk\//, 'ai-sdk'],
  [/^@?langchain(?:[/._-]|$)/, 'langchain'],
  [/^litellm(?:\.|$)/, 'litellm'],
  [/^@aws-sdk\/client-bedrock-runtime$/, 'bedrock'],
  [/^@mistralai\/mistralai(?:-azure|-gcp)?(?:\/|$)|^mistralai(?:_azure|_gcp)?(?:\.|$)/, 'mistral'],
  [/^groq-sdk$|^groq$/, 'groq'],
  [/^together-ai$|^together$/, 'together'],
  [/^cohere-ai$|^cohere(?:\.|$)/, 'cohere'],
  [/^ollama(?:\/|$)/, 'ollama'],
  [/^@cerebras\/cerebras_cloud_sdk$|^cerebras\.cloud\.sdk$/, 'cerebras'],
];

/**
 * An SDK package's entry file named as a subpath (`openai/index`, `@anthropic-ai/sdk/index.js`): the
 * same module as the bare package name, which is how the SDK modules recognise it.
 */
const INDEX_SUBPATH = /\/index(?:\.[cm]?[jt]s)?$/;

/**
 * The name an import of an LLM SDK is known by: the package itself for its entry file
 * (`openai/index` is `openai`); any other module name unchanged.
 */
export function sdkImportName(module: string): string {
  const stripped = module.replace(INDEX_SUBPATH, '');
  if (stripped === module || llmSdkOf(stripped) === undefined) return module;
  // Only the package's own entry file: `openai/resources/index` is a subpath module, not the client.
  const packageSegments = stripped.startsWith('@') ? 2 : 1;
  return stripped.split('/').length === packageSegments ? stripped : module;
}

/** The SDK a module name belongs to; undefined for any other module. */
export function llmSdkOf(module: string): string | undefined {
  return SDK_PACKAGES.find(([pattern]) => pattern.test(module))?.[1];
}

/**
 * Method names that send a prompt. Embeddings, files, images, audio and the like are not text
 * generation (and not sites), so they are not reported as missed.
 */
export const GENERATION_VERBS =
  /^(?:create|stream|parse|complete|complete_?async|stream_?async|completion|acompletion|text_completion|generate\w*|invoke|ainvoke|batch|abatch|send_?message\w*|converse\w*|invoke_?model\w*|chat|predict)$/i;

/** Members on the way to a method that say it is not text generation (`chats.create` opens a chat; its `sendMessage` sends). */
export const NOT_GENERATION =
  /^(?:chats|embeddings?|embed\w*|images?|audio|speech|transcriptions?|moderations?|files|uploads|fine_?tuning|vector_?stores|models|count_?tokens|countTokens)$/i;
