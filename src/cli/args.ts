import { parseArgs } from 'util';
import { UsageError } from './exitCodes';
import { nearest } from '../core';

/** One option of a command: a flag, or one that takes a value, and what that value is (for the error when it is missing). */
export type OptionSpec = { type: 'boolean'; short?: string } | { type: 'string'; short?: string; value: string };

export type CommandOptions = Readonly<Record<string, OptionSpec>>;

/**
 * Parses a command's arguments with our own sentences for every mistake, instead of Node's
 * parseArgs text: an unknown option (with the nearest known one, or the commands that take it),
 * an option without its value, a value given to a flag.
 */
export function parseCommand(
  command: string,
  args: string[],
  options: CommandOptions,
  /** Every command's options, to say which take an option this command does not. */
  others: Readonly<Record<string, CommandOptions>> = {},
): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  const { tokens, positionals } = parseArgs({ args, options, strict: false, allowPositionals: true, tokens: true });
  const values: Record<string, string | boolean | undefined> = {};
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const spec = Object.hasOwn(options, token.name) ? options[token.name] : undefined;
    if (spec === undefined) throw new UsageError(unknownOption(command, token.rawName, options, others));
    if (spec.type === 'boolean') {
      if (token.value !== undefined) throw new UsageError(`${token.rawName} takes no value`);
      values[token.name] = true;
      continue;
    }
    // `--format --verbose`: the next word is another option, not the value.
    const missing = token.value === undefined || (!token.inlineValue && token.value.startsWith('--'));
    if (missing) throw new UsageError(`${token.rawName} needs a value: ${spec.value}`);
    values[token.name] = token.value;
  }
  return { values, positionals };
}

function unknownOption(command: string, rawName: string, options: CommandOptions, others: Readonly<Record<string, CommandOptions>>): string {
  if (!rawName.startsWith('--')) return `Unknown option ${rawName}.`;
  const name = rawName.slice(2);
  const takenBy = Object.keys(others).filter((other) => other !== command && Object.hasOwn(others[other], name));
  const listed = takenBy.length > 1 ? `${takenBy.slice(0, -1).join(', ')} and ${takenBy[takenBy.length - 1]}` : takenBy[0];
  if (takenBy.length > 0) return `${command} has no option ${rawName}: it is an option of ${listed}.`;
  const suggestion = nearest(name, Object.keys(options));
  return suggestion === undefined ? `Unknown option ${rawName}.` : `Unknown option ${rawName}. Did you mean --${suggestion}?`;
}
