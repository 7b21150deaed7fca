import type { CallSite, CodeCall, CodeFile } from '../../codeModel/codeModel';
import type { UnreadCall } from '../../types';
import { GENERATION_RESOURCES, GENERATION_VERBS, llmSdkOf, RESOURCE_GENERATION_VERBS } from '../../providers/sdkPackages';

/**
 * The calls of a file that were not read as sites but go to an LLM SDK with a verb that generates
 * text: the shapes Prompt Cost is most likely missing. A client built here and used elsewhere, a
 * constructor, an embeddings call are not listed.
 */
export function unreadCalls(calls: readonly CallSite[], claimed: ReadonlySet<CallSite>, file: CodeFile): UnreadCall[] {
  const unread: UnreadCall[] = [];
  for (const callSite of calls) {
    if (claimed.has(callSite)) continue;
    const { call } = callSite;
    const verb = call.chain.at(-1) ?? '';
    // A constructor (`new ConverseCommand(…)`, Python's `Router(…)`) builds a request or a client; the call that sends it is elsewhere.
    if (call.isNew || /^[A-Z]/.test(verb)) continue;
    if (!GENERATION_VERBS.test(verb) && !RESOURCE_GENERATION_VERBS.test(verb)) continue;
    const sdk = sdkOfCall(call, file, 0);
    if (sdk && generates(call, verb, sdk)) unread.push({ callee: call.callee, sdk, range: call.range });
  }
  return unread;
}

/** Python's views of a resource that return the raw HTTP response; the resource is the one they view. */
const RESPONSE_VIEWS = new Set(['with_raw_response', 'with_streaming_response']);

/**
 * Whether a call's shape is text generation: a verb that generates on whatever it is called on
 * (`llm.invoke`, `litellm.completion`, `model.generate_content`, `generateText`), or a create /
 * stream / parse / complete on a generation resource of a client (`client.beta.messages.create`, not
 * `client.beta.vaults.create`) or straight on a value of the SDK (`ollama.generate`, a LangChain
 * runnable's `stream`). A `parse()` with nothing to parse reads a raw HTTP response
 * (`raw_response.parse()`) whose request was sent elsewhere.
 */
function generates(call: CodeCall, verb: string, sdk: string): boolean {
  if (GENERATION_VERBS.test(verb)) return true;
  if (verb === 'parse' && call.args.positional.length === 0 && call.args.named.length === 0) return false;
  // A LangChain runnable streams wherever it is kept (`self.llm.stream(…)`); it has no resources.
  if (sdk === 'langchain') return true;
  // `client.chat.completions.create` is [client, chat, completions, create]: the resource is the member
  // before the verb, past Python's raw-response views (`audio.speech.with_streaming_response.create`).
  const path = call.chain.filter((member) => !RESPONSE_VIEWS.has(member));
  return path.length <= 2 || GENERATION_RESOURCES.test(path[path.length - 2]);
}

function bedrockService(call: CodeCall): boolean {
  const service = call.args.positional[0] ?? call.args.named.find((entry) => entry.key === 'service_name')?.value;
  return service?.kind === 'string' && service.segments.some((segment) => segment.kind === 'static' && /bedrock/.test(segment.text));
}

/** The SDK a call's receiver comes from: an import of its package, or a value built from one (`router = Router(...)`). */
function sdkOfCall(call: CodeCall, file: CodeFile, depth: number): string | undefined {
  const root = call.root;
  if (!root || depth > 4) return undefined;
  if (root.type === 'import') {
    // boto3 is every AWS service: only its Bedrock runtime clients (`boto3.client("bedrock-runtime")`) send prompts.
    if (root.module === 'boto3') return bedrockService(call) ? 'bedrock' : undefined;
    return llmSdkOf(root.module);
  }
  return root.value.kind === 'call' ? sdkOfCall(root.value.call, file, depth + 1) : undefined;
}
