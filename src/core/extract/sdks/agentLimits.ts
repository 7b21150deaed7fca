import type { AgentLoop, TextEdit } from '../../types';
import type { CodeEntry, CodeValue } from '../../codeModel/codeModel';
import { capInsertion, type Fields } from './siteParts';

/** The turns the edit that sets a framework's own limit writes, where the code sets none. */
export const SUGGESTED_TURNS = 10;

/** A framework run whose limit the code states in `entry` (a number, or null when it is not a literal). */
export function statedLimit(kind: string, entry: CodeEntry, turns: number | null, limitText: string, limitRange = entry.value.range): AgentLoop {
  return { kind, maxTurns: turns, limitText, limitRange };
}

/** A framework run with no limit in the code: the library's default (`null` when it has none), named in `limitText`. */
export function defaultLimit(kind: string, turns: number | null, limitText: string, limitEdit: AgentLoop['limitEdit']): AgentLoop {
  const agent: AgentLoop = { kind, maxTurns: turns, limitText, limitIsDefault: true };
  if (limitEdit) agent.limitEdit = limitEdit;
  return agent;
}

/**
 * The edit writing `key: <value>` (`key=<value>` in Python) into `fields`, plus `extra` edits (an
 * import it needs); undefined when the fields cannot take a new entry.
 */
export function limitEntryEdit(fields: Fields | undefined, key: string, value: string, extra: TextEdit[] = []): AgentLoop['limitEdit'] {
  const insertion = capInsertion(key, fields, key, value);
  if (!insertion) return undefined;
  const sets = fields?.insertion?.style === 'kwargs' ? `${key}=${value}` : `${key}: ${value}`;
  return { edits: [{ range: insertion.range, newText: insertion.template }, ...extra], sets, turns: SUGGESTED_TURNS };
}

/** A whole number of turns written as a literal (or a constant the resolver follows); undefined otherwise. */
export function turnCount(value: CodeValue | undefined): number | undefined {
  return value?.kind === 'number' && Number.isSafeInteger(value.value) && value.value >= 0 ? value.value : undefined;
}
