import { isMap, isScalar, parseDocument } from 'yaml';

/**
 * Sets `sites.<site>.<field>` in promptcost.yaml text and returns the new text, keeping the
 * user's comments, order and other keys. Creates the file's structure when the text is empty.
 * Throws when the existing text is not valid YAML, so that a broken file is never overwritten.
 */
export function setSiteField(yamlText: string, site: string, field: 'monthlyCalls' | 'outputTokens' | 'model', value: number | string): string {
  return setAt(yamlText, ['sites', site], field, value);
}

/** Sets `env.<variable>` in promptcost.yaml text: the value every call reading that variable gets. The same care as setSiteField. */
export function setEnvValue(yamlText: string, variable: string, value: string): string {
  return setAt(yamlText, ['env'], variable, value);
}

/** Sets `key` in the mapping at `path` (created when missing), refusing to touch a file YAML cannot read. */
function setAt(yamlText: string, path: string[], key: string, value: number | string): string {
  // Warnings would go to the console, which belongs to the CLI's output or the extension host.
  const doc = parseDocument(yamlText.trim() === '' ? '{}' : yamlText, { logLevel: 'error' });
  if (doc.errors.length > 0) throw new Error(`promptcost.yaml has YAML errors (${doc.errors[0].message.split('\n')[0]}); fix them first.`);
  if (doc.contents !== null && !isMap(doc.contents)) throw new Error('promptcost.yaml must be a mapping.');
  for (let depth = 1; depth <= path.length; depth++) {
    const node = doc.getIn(path.slice(0, depth), true);
    // `sites:` with nothing under it but comments (the file Open promptcost.yaml creates) is an empty section: it gets its first entry.
    if (isScalar(node) && node.value === null) {
      const section = doc.createNode({});
      // Its comments (the template's commented-out entries) stay, above the entries.
      section.commentBefore = node.comment;
      doc.setIn(path.slice(0, depth), section);
      continue;
    }
    if (node !== undefined && node !== null && !isMap(node)) throw new Error(`${describe(path.slice(0, depth))} in promptcost.yaml must be a mapping.`);
  }
  doc.setIn([...path, key], value);
  if (yamlText.trim() === '') {
    // A new file: block style reads better than the flow style `{}` it started from.
    const contents = doc.contents;
    if (isMap(contents)) contents.flow = false;
  }
  return doc.toString({ lineWidth: 0 });
}

/** `sites:`, `sites."prompts/a.prompty"`: how the messages name a section or an entry. */
function describe(path: string[]): string {
  return path.length === 1 ? `${path[0]}:` : [path[0], ...path.slice(1).map((part) => `"${part}"`)].join('.');
}
