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
  [/^@openai\/agents(?:-[a-z]+)?(?:\/|$)/, 'openai-agents'],
  [/^pydantic_ai(?:\.|$)/, 'pydantic-ai'],
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
 * Method names that send a prompt when called on a generation resource (`GENERATION_RESOURCES`) or
 * straight on an SDK value: the SDKs' create / stream / parse / complete / generate.
 */
export const RESOURCE_GENERATION_VERBS = /^(?:create|stream|stream_?async|parse|complete|complete_?async|generate)$/i;

/**
 * Method names that send a prompt whatever they are called on: model objects' `generateContent` /
 * `generate_content`, the AI SDK's `generateText` / `streamObject`, LangChain's runnables, LiteLLM's
 * functions, chat sends and Bedrock's converse / invoke. Only these spellings of generate are listed:
 * `generateId`, `generateToolResponse` and `generate_images` send no text prompt.
 */
export const GENERATION_VERBS =
  /^(?:completion|acompletion|text_completion|generate_?content(?:_?stream)?|(?:generate|stream)(?:Text|Object)|invoke|ainvoke|astream|batch|abatch|send_?message(?:_?stream)?|converse(?:_?stream)?|invoke_?model\w*|chat|predict)$/i;

/**
 * The resources a create / stream / parse is called on that generate, as the member right before
 * the verb (`chat.completions.create`, `messages.stream`, `fim.complete`, pre-1.0 OpenAI's
 * `ChatCompletion.create`, a batch of requests). Environments, vaults, skills, files, assistants and
 * agent sessions, images, audio, embeddings, moderations and the like are other resources of the
 * same clients: what they create or stream is no prompt to price (an agent run, an upload).
 */
export const GENERATION_RESOURCES = /^(?:completions?|chat|messages|responses|response|fim|interactions|ChatCompletion|Completion|batches)$/;
