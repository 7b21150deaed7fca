import { nodeAt, parseYaml, rangeOf } from '../extract/promptFiles/yamlSupport';
import { isCodeFile } from '../extract/code/extractCode';
import { LineIndex } from '../text/lineIndex';
import type { Finding } from '../types';
import type { ProjectConfig } from '../volume/projectConfig';
import { entryRef } from './taskVolumes';

/**
 * Checks that each task promptcost.yaml names points at something: a code file of the workspace
 * (`read` gives its text) that defines the function (a `def`, a `function`, a method or a function
 * assigned to the name). A warning at the `entry:` value when not — a mistyped path or name would
 * otherwise leave the task silently empty. `read` resolves paths from the workspace root.
 */
export async function taskEntryFindings(text: string, config: ProjectConfig, read: (file: string) => Promise<string | undefined>): Promise<Finding[]> {
  const names = Object.keys(config.tasks);
  if (names.length === 0) return [];
  const { yaml } = parseYaml(text, 0, new LineIndex(text));
  const findings: Finding[] = [];
  for (const name of names) {
    const entry = config.tasks[name].entry;
    const ref = entryRef(entry);
    if (!ref) continue;
    const problem = !isCodeFile(ref.file)
      ? `${ref.file} is not a TypeScript, JavaScript or Python file: a task starts at a function in code.`
      : await missingFunction(ref.file, ref.name, read);
    if (!problem) continue;
    const range = rangeOf(yaml, nodeAt(yaml, ['tasks', name, 'entry'])) ?? rangeOf(yaml, nodeAt(yaml, ['tasks', name]));
    if (range) findings.push({ rule: 'invalid-config', severity: 'warning', message: `tasks.${name}.entry: ${problem}`, range, fixes: [] });
  }
  return findings;
}

async function missingFunction(file: string, name: string, read: (file: string) => Promise<string | undefined>): Promise<string | undefined> {
  const text = await read(file);
  if (text === undefined) return `${file} is not a file of this workspace (paths are relative to the folder promptcost.yaml is in).`;
  const own = name.split('.').pop() ?? name;
  return definesFunction(text, own) ? undefined : `${file} defines no function ${name}.`;
}

/** `def name(`, `function name(`, `name(…) {` (a method), `name = (…) =>` / `name: function`: written as code defines it. */
function definesFunction(text: string, name: string): boolean {
  if (!/^[A-Za-z_$][\w$]*$/.test(name)) return false;
  const word = name.replace(/\$/g, '\\$');
  return new RegExp(
    `\\b(?:def|function\\*?)\\s+${word}\\s*[(<]|^[ \\t]*(?:(?:public|private|protected|static|async|override|get)\\s+)*\\*?${word}\\s*[(<]|(?<![\\w$.])${word}\\s*[=:]\\s*(?:async\\b|function\\b|\\(|[A-Za-z_$][\\w$]*\\s*=>)`,
    'm',
  ).test(text);
}
