import { isMap, parseDocument } from 'yaml';

/**
 * Sets `sites.<site>.<field>` in promptcost.yaml text and returns the new text, keeping the
 * user's comments, order and other keys. Creates the file's structure when the text is empty.
 * Throws when the existing text is not valid YAML, so that a broken file is never overwritten.
 */
export function setSiteField(yamlText: string, site: string, field: 'monthlyCalls' | 'outputTokens' | 'model', value: number | string): string {
  // Warnings would go to the console, which belongs to the CLI's output or the extension host.
  const doc = parseDocument(yamlText.trim() === '' ? '{}' : yamlText, { logLevel: 'error' });
  if (doc.errors.length > 0) throw new Error(`promptcost.yaml has YAML errors (${doc.errors[0].message.split('\n')[0]}); fix them first.`);
  if (doc.contents !== null && !isMap(doc.contents)) throw new Error('promptcost.yaml must be a mapping.');
  const sites = doc.getIn(['sites'], true);
  if (sites !== undefined && !isMap(sites)) throw new Error('sites: in promptcost.yaml must be a mapping.');
  const entry = doc.getIn(['sites', site], true);
  if (entry !== undefined && entry !== null && !isMap(entry)) throw new Error(`sites."${site}" in promptcost.yaml must be a mapping.`);
  doc.setIn(['sites', site, field], value);
  if (yamlText.trim() === '') {
    // A new file: block style reads better than the flow style `{}` it started from.
    const contents = doc.contents;
    if (isMap(contents)) contents.flow = false;
  }
  return doc.toString({ lineWidth: 0 });
}
