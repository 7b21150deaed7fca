import type { CallApi, Message } from '../../types';
import type { CallSite, CodeFile, CodeValue } from '../../codeModel/codeModel';
import type { SdkModule } from './sdkModule';
import {
  ContentBuilder,
  callFields,
  capInsertion,
  constructorCall,
  dynamicSegment,
  entryOf,
  fieldsOf,
  fileImports,
  importModule,
  messageList,
  messagesOf,
  methodOf,
  nestedCap,
  outputCapOf,
  readContentParts,
  readModelInto,
  receiverValue,
  roleOf,
  sdkSite,
  staticText,
  textMessage,
  textSegments,
  valueOf,
  type Fields,
  type SdkSite,
} from './siteParts';
import { isBedrockClient, sendCommandFields } from './bedrock';

const COMMANDS = new Set(['InvokeModelCommand', 'InvokeModelWithResponseStreamCommand']);
const METHODS = new Set(['invoke_model', 'invoke_model_with_response_stream']);
const MEDIA_BLOCKS = ['image', 'document', 'video', 'image_url'];
/** Models InvokeModel serves that generate no text (embeddings, images, video, reranking): the call sends no prompt. */
const NOT_TEXT_MODEL = /embed|image|canvas|reel|stability|rerank/i;
/** Families whose native body is one prompt string (`prompt`, `inputText`), sent as written. */
const TEXT_BODY_MODEL = /(?:^|\.)(?:meta|amazon\.titan|mistral|cohere\.command-text|cohere\.command-light)/i;

/**
 * AWS Bedrock's InvokeModel: `client.send(new InvokeModelCommand({ modelId, body: JSON.stringify({...}) }))`
 * and `boto3.client("bedrock-runtime").invoke_model(modelId=..., body=json.dumps({...}))`. The body is
 * the model family's own request: messages (Anthropic, Nova) or one prompt string (Llama, Titan, Mistral).
 */
export const bedrockInvokeSdk: SdkModule = {
  id: 'bedrock-invoke',
  markers: [/\bInvokeModel(?:WithResponseStream)?Command\(|\.invoke_model(?:_with_response_stream)?\(/],
  extract(site: CallSite, file: CodeFile): SdkSite | SdkSite[] | undefined {
    const fields = site.language === 'python' ? pythonInvoke(site, file) : sendCommandFields(site, file, COMMANDS);
    if (!fields) return undefined;
    const modelId = valueOf(fields, 'modelId');
    const probe: Pick<SdkSite, 'model' | 'provider' | 'modelVariable'> = {};
    readModelInto(probe, modelId, { provider: 'aws' });
    // An embeddings or image model answers with no text: claimed, so it is not listed as a missed call.
    if (probe.model && NOT_TEXT_MODEL.test(probe.model.id)) return [];
    const bodyValue = valueOf(fields, 'body');
    const body = bodyOf(bodyValue);
    const result = sdkSite(apiOf(body, probe.model?.id), site, file);
    Object.assign(result, probe);
    if (!body) {
      // A body built elsewhere still sends a prompt: one part of unknown size.
      const unread = jsonArgument(bodyValue) ?? bodyValue;
      if (unread) result.messages.push({ role: 'user', segments: [dynamicSegment(unread)], range: unread.range });
      return result;
    }
    const messages = valueOf(body, 'messages');
    if (messages) readChat(result, body, messages);
    else readText(result, body, probe.model?.id);
    return result;
  },
};

/**
 * `bedrock.invoke_model(...)` on a `boto3.client("bedrock-runtime")`; on a client the file does not
 * show, only with boto3 imported and `modelId` and `body` passed. A client the file shows to be
 * another service's (`boto3.client("sagemaker-runtime")`) is not Bedrock's.
 */
function pythonInvoke(site: CallSite, file: CodeFile): Fields | undefined {
  const { call } = site;
  if (!METHODS.has(methodOf(call)) || call.chain.length < 2) return undefined;
  const fields = callFields(call, 'python');
  const receiver = receiverValue(call);
  if (receiver?.kind === 'call') return constructorCall(receiver, (_, built) => isBedrockClient(built)) ? fields : undefined;
  const boto3 = fileImports(file, (module) => module === 'boto3' || module.startsWith('boto3.'));
  return boto3 && entryOf(fields, 'modelId') && entryOf(fields, 'body') ? fields : undefined;
}

/**
 * The value `JSON.stringify(x)` / `json.dumps(x)` serialises, looking through wrappers that take it
 * as their first argument (`Buffer.from(JSON.stringify(x))`, `new TextEncoder().encode(...)`).
 */
function jsonArgument(value: CodeValue | undefined, depth = 0): CodeValue | undefined {
  if (value?.kind !== 'call' || depth > 2) return undefined;
  const { call } = value;
  const inner = call.args.positional[0];
  if (call.callee === 'JSON.stringify' || (call.callee.endsWith('.dumps') && importModule(call) === 'json')) return inner;
  return jsonArgument(inner, depth + 1);
}

/** The body's fields, when it is JSON of an object the file spells out. */
function bodyOf(value: CodeValue | undefined): Fields | undefined {
  const json = jsonArgument(value);
  return json?.kind === 'object' ? fieldsOf(json) : undefined;
}

/** Messages make a chat request; a prompt string (or a text family's body not seen) is sent as written. */
function apiOf(body: Fields | undefined, model: string | undefined): CallApi {
  if (body) return entryOf(body, 'prompt', 'inputText') && !entryOf(body, 'messages') ? 'bedrock.invoke-text' : 'bedrock.invoke';
  return model !== undefined && TEXT_BODY_MODEL.test(model) ? 'bedrock.invoke-text' : 'bedrock.invoke';
}

/**
 * A messages body: Anthropic's (`system`, `messages`, `max_tokens`), Nova's (content `[{ text }]`,
 * `inferenceConfig.maxTokens` or `max_new_tokens`) or Mistral's chat body (`max_tokens`).
 */
function readChat(result: SdkSite, body: Fields, messages: CodeValue): void {
  const system = entryOf(body, 'system');
  if (system) {
    const content = new ContentBuilder();
    readBlocks(system.value, content);
    result.messages.push(...messagesOf('system', content, system.range, system.keyRange));
  }
  result.messages.push(...messageList(messages, readMessage));
  const inference = entryOf(body, 'inferenceConfig');
  const nova = inference !== undefined || /nova/i.test(result.model?.id ?? '');
  if (nova) {
    const cap = nestedCap(body, inference, ['maxTokens', 'max_new_tokens'], { containerKey: 'inferenceConfig', capKey: 'maxTokens' });
    result.outputCap = cap.outputCap;
    result.outputCapInsertion = cap.insertion;
  } else capEntry(result, body, 'max_tokens');
}

/** A prompt body: Llama (`prompt`, `max_gen_len`), Mistral (`prompt`, `max_tokens`), Titan (`inputText`, `textGenerationConfig.maxTokenCount`). */
function readText(result: SdkSite, body: Fields, model: string | undefined): void {
  const prompt = entryOf(body, 'prompt', 'inputText');
  if (prompt) result.messages.push(textMessage('user', prompt.value, prompt.range, prompt.keyRange));
  if (prompt?.key === 'inputText') {
    const cap = nestedCap(body, entryOf(body, 'textGenerationConfig'), ['maxTokenCount'], { containerKey: 'textGenerationConfig', capKey: 'maxTokenCount' });
    result.outputCap = cap.outputCap;
    result.outputCapInsertion = cap.insertion;
    return;
  }
  const written = entryOf(body, 'max_gen_len', 'max_tokens', 'max_tokens_to_sample');
  capEntry(result, body, written?.key ?? (model !== undefined && /meta/i.test(model) ? 'max_gen_len' : 'max_tokens'));
}

/** The cap under `key`, or where to write it. */
function capEntry(result: SdkSite, body: Fields, key: string): void {
  const cap = entryOf(body, key);
  if (cap) result.outputCap = outputCapOf(cap, key);
  else result.outputCapInsertion = capInsertion(key, body, key);
}

function readMessage(item: CodeValue): Message[] | undefined {
  const fields = item.kind === 'object' ? fieldsOf(item) : undefined;
  const role = entryOf(fields, 'role');
  if (!fields || !role) return undefined;
  const content = new ContentBuilder();
  const value = valueOf(fields, 'content');
  if (value) readBlocks(value, content);
  return messagesOf(roleOf(role.value), content, item.range, role.value.range);
}

/**
 * Content as a string or blocks: `{ text }` (Nova) or `{ type: 'text', text }` (Anthropic), media,
 * anything else as its JSON. `cache_control` on a block and Nova's `{ cachePoint }` end a cached prefix.
 */
function readBlocks(value: CodeValue, content: ContentBuilder): void {
  readContentParts(value, content, (block, fields) => {
    if (!fields) {
      content.add(textSegments(block));
      return;
    }
    if (entryOf(fields, 'cachePoint')) {
      content.breakpoint();
      return;
    }
    const text = valueOf(fields, 'text');
    const type = staticText(valueOf(fields, 'type'));
    const media = MEDIA_BLOCKS.find((key) => entryOf(fields, key) || type === key);
    if (text) content.add(textSegments(text));
    else if (media) content.add([dynamicSegment(block, 'media', media)]);
    else content.add(textSegments(block));
    if (entryOf(fields, 'cache_control')) content.breakpoint();
  });
}
