import type { ExtractResult, PromptFormat } from '../../types';
import { extractCopilotPrompt } from './copilotPrompt';
import { extractDotprompt } from './dotprompt';
import { extractGithubModels } from './githubModels';
import { extractPrompty } from './prompty';

/** File-name endings of each format. `.prompt.yml` and `.prompt.md` also contain `.prompt`, so whole endings are compared. */
const SUFFIXES: ReadonlyArray<readonly [string, PromptFormat]> = [
  ['.prompty', 'prompty'],
  ['.prompt.yml', 'github-models'],
  ['.prompt.yaml', 'github-models'],
  ['.prompt.md', 'copilot-prompt'],
  ['.prompt', 'dotprompt'],
];

/** File-name endings of prompt files (`.prompty`, `.prompt.yml`, …). */
export const PROMPT_FILE_SUFFIXES: readonly string[] = SUFFIXES.map(([suffix]) => suffix);

const EXTRACTORS: Readonly<Record<PromptFormat, (text: string, file: string) => ExtractResult>> = {
  prompty: extractPrompty,
  dotprompt: extractDotprompt,
  'github-models': extractGithubModels,
  'copilot-prompt': extractCopilotPrompt,
};

/** The prompt-file format a file name (or path, `/` or `\` separated) belongs to; undefined for other files. */
export function promptFileFormat(file: string): PromptFormat | undefined {
  const base = file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1).toLowerCase();
  // A name that is only the ending (`.prompt`) is a dotfile, not a prompt.
  const format = SUFFIXES.find(([suffix]) => base.endsWith(suffix) && base.length > suffix.length)?.[1];
  // Genkit loads `_name.prompt` as the partial `{{> name}}`: part of other prompts, never called itself.
  if (format === 'dotprompt' && base.startsWith('_')) return undefined;
  return format;
}

/** Extracts the prompt site of a prompt file, or undefined when the name is not one of the four formats. */
export function extractPromptFile(text: string, file: string): ExtractResult | undefined {
  const format = promptFileFormat(file);
  return format ? EXTRACTORS[format](text, file) : undefined;
}
