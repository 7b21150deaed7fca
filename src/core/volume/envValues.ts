import { parse } from 'dotenv';
import { setOwn } from '../records';
import type { EnvSource } from '../types';

/** The value code reading an environment variable is assumed to get, and where that was said. */
export interface EnvValue {
  value: string;
  from: EnvSource;
}

/**
 * Files at the workspace root whose values stand for the environment, in the order they are
 * trusted: the documented examples a project keeps in git. `.env` holds secrets and is read only
 * when the user says so (the `promptcost.readDotEnv` setting, the CLI's `--read-dotenv`); it then
 * wins over the examples, and promptcost.yaml `env:` wins over all.
 */
export const ENV_EXAMPLE_FILES = ['.env.example', '.env.sample', '.env.template'] as const;
export const DOT_ENV_FILE = '.env';

/** An env file's text, read: its name and content. */
export interface EnvFileText {
  name: (typeof ENV_EXAMPLE_FILES)[number] | typeof DOT_ENV_FILE;
  text: string;
}

/**
 * The variables of env files (dotenv syntax: `KEY=value`, `export KEY=value`, quotes, comments),
 * the first file to set a variable winning; `env` (promptcost.yaml's) wins over them all. An empty
 * value (`OPENAI_MODEL=` in an example) sets nothing.
 */
export function mergeEnv(env: Readonly<Record<string, EnvValue>>, files: readonly EnvFileText[]): Record<string, EnvValue> {
  const merged: Record<string, EnvValue> = {};
  for (const [name, value] of Object.entries(env)) setOwn(merged, name, value);
  for (const file of orderedByTrust(files)) {
    for (const [name, value] of Object.entries(parse(file.text))) {
      if (value.trim() === '' || Object.hasOwn(merged, name)) continue;
      setOwn(merged, name, { value: value.trim(), from: file.name });
    }
  }
  return merged;
}

function orderedByTrust(files: readonly EnvFileText[]): EnvFileText[] {
  const rank = (file: EnvFileText) => (file.name === DOT_ENV_FILE ? -1 : ENV_EXAMPLE_FILES.indexOf(file.name));
  return [...files].sort((a, b) => rank(a) - rank(b));
}
