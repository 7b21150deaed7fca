import type { ProviderId } from '../../providers/providers';
import { importMarkers } from './sdkModule';

/**
 * Servers and SDKs that speak OpenAI's API. An `OpenAI` client given one of these servers as its
 * base URL, or a client made by one of these SDKs (which copy `chat.completions.create`), sends its
 * calls to that provider: its model ids are that provider's, and so are the prices.
 */

/** Hosts of OpenAI-compatible endpoints; a host stands for itself and its subdomains. */
const SERVERS: ReadonlyArray<{ host: string; provider: ProviderId }> = [
  { host: 'api.openai.com', provider: 'openai' },
  { host: 'api.groq.com', provider: 'groq' },
  { host: 'api.together.xyz', provider: 'together' },
  { host: 'api.together.ai', provider: 'together' },
  { host: 'api.deepseek.com', provider: 'deepseek' },
  { host: 'openrouter.ai', provider: 'openrouter' },
  { host: 'api.fireworks.ai', provider: 'fireworks' },
  { host: 'api.x.ai', provider: 'x-ai' },
  { host: 'api.mistral.ai', provider: 'mistral' },
  { host: 'generativelanguage.googleapis.com', provider: 'google' },
  { host: 'api.cerebras.ai', provider: 'cerebras' },
  { host: 'api.perplexity.ai', provider: 'perplexity' },
];

/** Ollama's default port: a server on it, on whatever host (localhost, a container, a LAN machine), is Ollama. */
const OLLAMA_PORT = '11434';

/** Scheme, credentials, host and port of a URL; the scheme is optional (`localhost:11434/v1`). */
const URL_HEAD = /^(?:[a-z][a-z\d+.-]*:\/\/)?(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)(?::(\d+))?/i;

/** The provider a base URL points at; undefined for a server not listed (a proxy, a gateway, Azure). */
export function providerOfBaseUrl(url: string): ProviderId | undefined {
  const [, host = '', port] = URL_HEAD.exec(url.trim()) ?? [];
  if (port === OLLAMA_PORT) return 'ollama';
  const lower = host.toLowerCase();
  return SERVERS.find((server) => lower === server.host || lower.endsWith(`.${server.host}`))?.provider;
}

/**
 * SDKs shaped like OpenAI's, by package: npm (whose default export is the client) and PyPI, and
 * their client classes.
 */
const COMPATIBLE_SDKS: ReadonlyArray<{ modules: readonly string[]; classes: readonly string[]; provider: ProviderId }> = [
  { modules: ['groq-sdk', 'groq'], classes: ['Groq', 'AsyncGroq'], provider: 'groq' },
  { modules: ['together-ai', 'together'], classes: ['Together', 'AsyncTogether'], provider: 'together' },
  { modules: ['@cerebras/cerebras_cloud_sdk', 'cerebras.cloud.sdk'], classes: ['Cerebras', 'AsyncCerebras'], provider: 'cerebras' },
];

/**
 * The provider of a compatible SDK's client, from the constructor's qualified name: the npm package
 * itself for its default export (`groq-sdk`), or a class of the package (`groq.Groq`,
 * `cerebras.cloud.sdk.AsyncCerebras`).
 */
export function providerOfCompatibleClient(qualifiedName: string): ProviderId | undefined {
  return COMPATIBLE_SDKS.find(
    (sdk) => sdk.modules.includes(qualifiedName) || sdk.modules.some((module) => sdk.classes.some((name) => qualifiedName === `${module}.${name}`)),
  )?.provider;
}

function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** The pre-filter's markers for these SDKs: each package in a TS/JS import or require, or a Python import. */
export const COMPATIBLE_SDK_MARKERS: readonly RegExp[] = COMPATIBLE_SDKS.flatMap((sdk) =>
  sdk.modules.flatMap((module) => importMarkers({ js: new RegExp(escaped(module)), python: new RegExp(escaped(module)) })),
);
