import type { AgentLoop, Message, Segment, TextEdit } from '../../types';
import type { CodeCall, CodeEntry, CodeFile, CodeValue } from '../../codeModel/codeModel';
import { lineIndexOf } from '../../text/lineIndex';
import {
  capInsertion,
  entryOf,
  expressionText,
  fieldsOf,
  historyMessage,
  looksLikeHistory,
  messageList,
  roleOf,
  textMessage,
  textSegments,
  toolSegments,
  type Fields,
} from './siteParts';

/**
 * Shared reading for agent frameworks whose whole run is one site (OpenAI Agents SDK, Pydantic AI,
 * LangChain / LangGraph agents): the agent's instructions as the system message, what the run is
 * given as the user's turn, its tools, and the turn limit the run sets, the framework's default, or
 * the edit that sets one.
 */

/** The turns a run of the framework's limit allows, when the limit set for a fix is this many turns. */
export const LIMIT_EDIT_TURNS = 10;

/** The instructions (system prompt) of an agent definition, as the run's first message. */
export function instructionMessages(value: CodeValue | undefined): Message[] {
  if (!value || value.kind === 'null') return [];
  // Pydantic AI takes a sequence of system prompts; each is sent.
  if (value.kind === 'array') return value.items.map((item) => textMessage('system', item, item.range));
  return [textMessage('system', value, value.range)];
}

/** What a run is given: a string is the user's turn; a list is messages (or history when it cannot be read). */
export function inputMessages(value: CodeValue | undefined): Message[] {
  if (!value || value.kind === 'null') return [];
  if (value.kind === 'array') return messageList(value, messageItem);
  if (looksLikeHistory(value)) return [historyMessage(value)];
  return [textMessage('user', value, value.range)];
}

/** One message of a list: `{ role, content }`, a `("user", text)` pair, or a string. */
function messageItem(item: CodeValue): Message[] | undefined {
  if (item.kind === 'string') return [textMessage('user', item, item.range)];
  if (item.kind === 'array' && item.items.length === 2) {
    const [role, content] = item.items;
    return [{ role: roleOf(role), segments: textSegments(content), range: item.range, roleRange: role.range }];
  }
  const fields = item.kind === 'object' ? fieldsOf(item) : undefined;
  const role = entryOf(fields, 'role');
  const content = entryOf(fields, 'content');
  if (!role || !content) return undefined;
  return [{ role: roleOf(role.value), segments: textSegments(content.value), range: item.range, roleRange: role.value.range }];
}

/** The tools an agent is given, one segment each (a function tool is known by name only). */
export function agentTools(value: CodeValue | undefined): Segment[] | undefined {
  return toolSegments(value);
}

/** The limit a run sets: a whole number of `unit`s, turned into model turns by `turns`. */
export function writtenLimit(kind: string, entry: CodeEntry, separator: ': ' | '=', turns: (limit: number) => number = (limit) => limit): AgentLoop {
  const { value } = entry;
  const limit = value.kind === 'number' && Number.isSafeInteger(value.value) && value.value > 0 ? turns(value.value) : null;
  return { kind, maxTurns: limit, limitText: `${entry.key}${separator}${expressionText(value)}`, limitRange: entry.range };
}

/** The framework's default limit, which the code does not set, with the edit that sets one of its own. */
export function defaultLimit(kind: string, turns: number | null, limitText: string, edit: AgentLoop['limitEdit'] | undefined): AgentLoop {
  const agent: AgentLoop = { kind, maxTurns: turns, limitText, limitIsDefault: true };
  if (edit) agent.limitEdit = edit;
  return agent;
}

/** The edit that writes `key` (with `value`) into `fields`; undefined when they cannot take an entry. */
export function entryEdit(fields: Fields | undefined, key: string, value: string, sets: string, turns = LIMIT_EDIT_TURNS): AgentLoop['limitEdit'] | undefined {
  const insertion = capInsertion(key, fields, key, value);
  return insertion && { edits: [{ range: insertion.range, newText: insertion.template }], sets, turns };
}

/** The edit that adds `text` as a new last positional argument of a call (`run(agent, input)` → `run(agent, input, { maxTurns: 10 })`). */
export function appendArgumentEdit(call: CodeCall, text: string, sets: string, turns = LIMIT_EDIT_TURNS): AgentLoop['limitEdit'] | undefined {
  const last = call.args.positional[call.args.positional.length - 1];
  if (!last || (call.args.unresolvedSpreads ?? 0) > 0) return undefined;
  const at = last.range.end;
  return { edits: [{ range: { start: at, end: at }, newText: `, ${text}` }], sets, turns };
}

/**
 * An edit that imports `name` from `module` at the top of a Python file (after `from __future__`
 * imports, which must come first); none when the file already binds the name.
 */
export function pythonImportEdit(file: CodeFile, module: string, name: string): TextEdit[] | undefined {
  if (file.imports[name]) return [];
  if (file.text === undefined) return undefined;
  const index = lineIndexOf(file.text);
  let line = 0;
  const lines = file.text.split(/\r?\n/);
  lines.forEach((text, at) => {
    if (/^from\s+__future__\s+import\b/.test(text)) line = at + 1;
  });
  const position = index.positionAt(index.offsetAt({ line, character: 0 }));
  return [{ range: { start: position, end: position }, newText: `from ${module} import ${name}\n` }];
}
