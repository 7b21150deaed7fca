import type { Message } from '../../types';
import type { CallSite, CodeCall, CodeFile, CodeValue } from '../../codeModel/codeModel';
import { importMarkers, type SdkModule } from './sdkModule';
import {
  ContentBuilder,
  callFields,
  constructorCall,
  dynamicSegment,
  entryOf,
  fieldsOf,
  fileImports,
  importModule,
  lastName,
  messageList,
  messagesOf,
  methodOf,
  readModelInto,
  nestedCap,
  receiverValue,
  roleOf,
  sdkSite,
  staticText,
  textSegments,
  toolSegments,
  valueOf,
  type Fields,
  type SdkSite,
  readContentParts,
  tokenCount,
} from './siteParts';
import { cachePointInsertion, cachePointRemoval, editSource, type EditSource } from './cacheEdits';

const BEDROCK_TS_MODULE = '@aws-sdk/client-bedrock-runtime';
const COMMANDS = new Set(['ConverseCommand', 'ConverseStreamCommand']);
const MEDIA_BLOCKS = ['image', 'document', 'video'];

/**
 * AWS Bedrock's Converse API: `client.send(new ConverseCommand({...}))` (`@aws-sdk/client-bedrock-runtime`)
 * and `boto3.client("bedrock-runtime").converse(...)`; `cachePoint` blocks mark cache breakpoints.
 */
export const bedrockSdk: SdkModule = {
  id: 'bedrock',
  markers: [
    ...importMarkers({ js: /@aws-sdk\/client-bedrock-runtime/ }),
    // boto3's client for the service: `boto3.client("bedrock-runtime")`, `session.client(service_name='bedrock-runtime')`.
    /\bclient\(\s*(?:service_name\s*=\s*)?['"]bedrock-runtime['"]/,
    /\.converse(?:_stream)?\(/,
  ],
  extract(site: CallSite, file: CodeFile): SdkSite | undefined {
    const fields = site.language === 'python' ? pythonConverse(site, file) : sendCommandFields(site, file, COMMANDS);
    if (!fields) return undefined;
    const result = sdkSite('bedrock.converse', site, file);
    readModelInto(result, valueOf(fields, 'modelId'), { provider: 'aws' });

    // Prompt caching on Bedrock is Claude's and Nova's: other models get no new cache points.
    const cache: CacheEditing = { source: editSource(file), insert: result.model !== undefined && /anthropic|claude|nova/i.test(result.model.id) };
    const system = entryOf(fields, 'system');
    if (system) {
      const content = new ContentBuilder();
      readBlocks(system.value, content, cache);
      result.messages.push(...messagesOf('system', content, system.range, system.keyRange));
    }
    const messages = valueOf(fields, 'messages');
    if (messages) result.messages.push(...messageList(messages, (item) => readMessage(item, cache)));
    result.tools = toolSegments(valueOf(fieldsOf(valueOf(fields, 'toolConfig')), 'tools'));
    if (!result.tools) delete result.tools;

    const cap = nestedCap(fields, entryOf(fields, 'inferenceConfig'), ['maxTokens'], { containerKey: 'inferenceConfig', capKey: 'maxTokens' });
    result.outputCap = cap.outputCap;
    result.outputCapInsertion = cap.insertion;

    const thinking = fieldsOf(valueOf(fieldsOf(valueOf(fields, 'additionalModelRequestFields')), 'thinking'));
    const budget = valueOf(thinking, 'budget_tokens');
    const thinkingBudget = tokenCount(budget);
    if (thinkingBudget !== undefined) result.options.thinkingBudget = thinkingBudget;
    return result;
  },
};

/**
 * `client.send(new ConverseCommand({...}))` (or another of `commands` of the Bedrock runtime client):
 * the command's options. Shared with the InvokeModel module, whose commands are sent the same way.
 */
export function sendCommandFields(site: CallSite, file: CodeFile, commands: ReadonlySet<string>): Fields | undefined {
  const { call } = site;
  if (methodOf(call) !== 'send' || call.chain.length < 2) return undefined;
  const command = call.args.positional[0];
  if (command?.kind !== 'call' || !commands.has(lastName(command.call.callee))) return undefined;
  const module = importModule(command.call);
  if (module ? module !== BEDROCK_TS_MODULE : !fileImports(file, (imported) => imported === BEDROCK_TS_MODULE)) return undefined;
  return fieldsOf(command);
}

/** `bedrock.converse(...)` on a `boto3.client("bedrock-runtime")` (or a client the file could have made so). */
function pythonConverse(site: CallSite, file: CodeFile): Fields | undefined {
  const { call } = site;
  const method = methodOf(call);
  if ((method !== 'converse' && method !== 'converse_stream') || call.chain.length < 2) return undefined;
  const fields = callFields(call, 'python');
  const client = constructorCall(receiverValue(call), (_, built) => isBedrockClient(built));
  if (
    !client &&
    !(fileImports(file, (module) => module === 'boto3' || module.startsWith('boto3.')) && entryOf(fields, 'modelId') && entryOf(fields, 'messages'))
  )
    return undefined;
  return fields;
}

/** `boto3.client("bedrock-runtime")` (or a session's `client(...)`): the client both Bedrock modules read calls on. */
export function isBedrockClient(call: CodeCall): boolean {
  if (methodOf(call) !== 'client') return false;
  const service = call.args.positional[0] ?? valueOf(callFields(call, 'python'), 'service_name');
  return staticText(service) === 'bedrock-runtime';
}

interface CacheEditing {
  source: EditSource | undefined;
  insert: boolean;
}

function readMessage(item: CodeValue, cache: CacheEditing): Message[] | undefined {
  const fields = item.kind === 'object' ? fieldsOf(item) : undefined;
  const role = entryOf(fields, 'role');
  if (!fields || !role) return undefined;
  const content = new ContentBuilder();
  const value = valueOf(fields, 'content');
  if (value) readBlocks(value, content, cache);
  return messagesOf(roleOf(role.value), content, item.range, role.value.range);
}

/**
 * Content blocks: `{ text }`, media, tool use / results, and `{ cachePoint }`, which caches what
 * came before it. A breakpoint is added as a `cachePoint` block at the end of the list.
 */
function readBlocks(value: CodeValue, content: ContentBuilder, cache: CacheEditing): void {
  readContentParts(value, content, (block, fields) => {
    if (!fields) {
      content.add(textSegments(block));
      return;
    }
    const text = valueOf(fields, 'text');
    const media = MEDIA_BLOCKS.find((key) => entryOf(fields, key));
    if (entryOf(fields, 'cachePoint')) content.breakpoint(cachePointRemoval(cache.source, value, block));
    else if (text) content.add(textSegments(text));
    else if (media) content.add([dynamicSegment(block, 'media', media)]);
    else {
      const tool = valueOf(fields, 'toolUse', 'toolResult');
      content.add(textSegments(tool ?? block));
    }
  });
  if (cache.insert) content.endInsertion(cachePointInsertion(cache.source, value));
}
