import { REPLY_PRIMING_TOKENS, TOKENS_PER_MESSAGE } from '../tokens/chatFraming';
import { isTextCompletionApi, type MessageEstimate, type PromptSite, type VariableEstimate } from '../types';
import type { VolumeDefaults, SiteVolume } from '../volume/projectConfig';
import { DEFAULT_DYNAMIC_TOKENS } from './dynamicSizes';
import { own } from '../records';

/** The input of one call, counted part by part in the order the provider reads it. */
export interface PromptTokens {
  static: number;
  dynamic: number;
  framing: number;
  tools: number;
  /** Fixed tokens from the start up to the first part that varies, framing included. */
  prefix: number;
  messages: MessageEstimate[];
  variables: VariableEstimate[];
}

type Count = (text: string) => Promise<number>;

/**
 * Tokens of a site's prompt: tool definitions first (tools → system → messages, the provider's
 * order), then each message's framing, fixed text and variable parts at their declared or assumed
 * sizes. The cacheable prefix ends at the first part that varies between calls. A plain text
 * prompt (legacy Completions) has no framing.
 */
export async function countPromptTokens(site: PromptSite, volume: SiteVolume | undefined, defaults: VolumeDefaults, count: Count): Promise<PromptTokens> {
  // A text-completion prompt is sent as written: no role markers, no reply priming.
  const chat = !isTextCompletionApi(site.sdk);
  const replyPriming = chat ? REPLY_PRIMING_TOKENS : 0;
  const tokens: PromptTokens = { static: 0, dynamic: 0, framing: replyPriming, tools: 0, prefix: 0, messages: [], variables: [] };
  let prefixOpen = true;
  // Prompt files list tool names, not schemas, so only calls' tools are counted.
  if (site.kind === 'sdk-call') {
    for (const tool of site.tools ?? []) {
      if (tool.kind === 'static') {
        tokens.tools += await count(tool.text);
      } else {
        tokens.tools += DEFAULT_DYNAMIC_TOKENS.variable.tokens;
        prefixOpen = false;
      }
    }
  }
  tokens.prefix = tokens.tools;
  for (const message of site.messages) {
    const messageFraming = chat ? TOKENS_PER_MESSAGE + (await count(message.role)) : 0;
    tokens.framing += messageFraming;
    let messageTokens = messageFraming;
    if (prefixOpen) tokens.prefix += messageFraming;
    for (const segment of message.segments) {
      if (segment.kind === 'static') {
        const size = await count(segment.text);
        tokens.static += size;
        messageTokens += size;
        if (prefixOpen) tokens.prefix += size;
        continue;
      }
      const kind = segment.dynamicKind ?? 'variable';
      const size = await dynamicSize(segment.name ?? '', kind, volume, defaults, site.samples, count);
      tokens.variables.push({
        name: segment.name ?? segment.text,
        written: segment.text,
        kind,
        tokens: size.tokens,
        source: size.source,
        range: segment.range,
      });
      tokens.dynamic += size.tokens;
      messageTokens += size.tokens;
      // Control tags add no text, but what follows them varies between calls all the same.
      prefixOpen = false;
    }
    tokens.messages.push({ role: message.role, tokens: messageTokens, range: message.range, roleRange: message.roleRange });
  }
  if (prefixOpen) tokens.prefix += replyPriming;
  return tokens;
}

/** All input tokens of a call: fixed and variable text, chat framing and tool definitions. */
export function inputTokens(tokens: PromptTokens): number {
  return tokens.static + tokens.dynamic + tokens.framing + tokens.tools;
}

/** A variable part's size: declared in promptcost.yaml, else an example in the file, else a default by kind. */
async function dynamicSize(
  name: string,
  kind: VariableEstimate['kind'],
  volume: SiteVolume | undefined,
  defaults: VolumeDefaults,
  samples: Record<string, string> | undefined,
  count: Count,
): Promise<{ tokens: number; source: VariableEstimate['source'] }> {
  const declared = own(volume?.variables, name) ?? own(defaults.variables, name);
  if (declared !== undefined) return { tokens: declared, source: 'promptcost.yaml' };
  const sample = own(samples, name);
  if (sample !== undefined && kind === 'variable') return { tokens: await count(sample), source: 'sample' };
  if (kind === 'variable' && defaults.variableTokens !== undefined) return { tokens: defaults.variableTokens, source: 'promptcost.yaml' };
  return { tokens: DEFAULT_DYNAMIC_TOKENS[kind].tokens, source: 'default' };
}
