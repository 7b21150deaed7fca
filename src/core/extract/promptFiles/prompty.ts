import { isPositiveTokenCount } from '../../numbers';
import { own, setOwn } from '../../records';
import { providerOfAlias } from '../../providers/providers';
import { problem } from '../../findings/problem';
import { LineIndex } from '../../text/lineIndex';
import type { ExtractResult, Finding, Message, ModelReference, OutputCap, OutputCapInsertion, PromptSite, Range, Role } from '../../types';
import { splitFrontMatter } from './frontMatter';
import { ROLE_NAMES, nearestRole } from './roles';
import { segmentTemplate, type TemplateSyntax } from './templateSegments';
import { fileStem, firstLineEnd, readFrontMatter } from './siteSupport';
import { lineBreakOf } from '../../text/applyEdits';
import { insertIntoMapping, isMap, isScalar, keyRangeAt, nodeAt, numberAt, offsetsOf, rangeOf, stringAt, type PlacedYaml } from './yamlSupport';

/** Prompty's role lines: `system:` alone on a line, optionally after `#`. */
const ROLE_LINE = /^[ \t]*#?[ \t]*(system|developer|user|assistant|tool|function)[ \t]*:[ \t]*$/gim;
/** A line that looks like a role line, to catch misspelt roles. */
const ROLE_LIKE_LINE = /^[ \t]*#?[ \t]*([A-Za-z]+)[ \t]*:[ \t]*$/gm;
const PROMPTY_ROLES = ['system', 'developer', 'user', 'assistant', 'tool', 'function'];
/** Providers whose `id` is a deployment name rather than a model id. */
const DEPLOYMENT_PROVIDERS = new Set(['foundry', 'azure', 'azure_openai', 'azureopenai']);
/** Keys only a v1 `model:` has; their presence means the cap is `parameters.max_tokens`. */
const V1_MODEL_KEYS = ['api', 'configuration', 'parameters'];

/**
 * Microsoft Prompty (`.prompty`): YAML front matter, then a body of `role:` lines and `{{var}}`
 * placeholders. Reads v2 (`model: id` or `model: { id, provider, options: { maxOutputTokens } }`)
 * and v1 (`model: { configuration: { type, name | azure_deployment }, parameters: { max_tokens } }`).
 */
export function extractPrompty(text: string, file: string): ExtractResult {
  const index = new LineIndex(text);
  const eol = lineBreakOf(text);
  const findings: Finding[] = [];
  const frontMatter = splitFrontMatter(text);
  if (!frontMatter) {
    findings.push(
      problem(
        'missing-front-matter',
        'A .prompty file starts with YAML front matter between --- lines; none was found, so the model and output cap are unknown.',
        index.range(0, firstLineEnd(text)),
      ),
    );
  }
  const { yaml, bodyStart } = readFrontMatter(frontMatter, index, findings);

  const name = yaml ? stringAt(yaml, ['name'])?.value : undefined;
  const model = yaml ? readModel(yaml, findings) : undefined;
  const cap = yaml ? readOutputCap(yaml, findings) : {};
  const syntax = yaml ? templateSyntax(yaml) : 'jinja';
  const messages = readMessages(text, bodyStart, index, syntax, findings);

  const site: PromptSite = {
    id: `${file}#${name ?? baseName(file)}`,
    kind: 'prompt-file',
    sdk: 'prompty',
    file,
    range: index.range(0, firstLineEnd(text)),
    name,
    model,
    messages,
    outputCap: cap.outputCap,
    outputCapInsertion: cap.outputCap || !yaml ? undefined : capInsertion(yaml, eol),
    options: {},
    samples: yaml ? readSamples(yaml) : undefined,
  };
  return { sites: [site], findings };
}

function readModel(yaml: PlacedYaml, findings: Finding[]): ModelReference | undefined {
  const node = nodeAt(yaml, ['model']);
  if (node === undefined || (isScalar(node) && node.value === null)) return undefined;
  if (isScalar(node)) {
    if (typeof node.value === 'string' && node.value.trim() !== '') return { id: node.value.trim(), range: rangeOf(yaml, node), resolved: true };
    findings.push(
      problem('invalid-model', `model must be a model id such as "gpt-4o-mini", or a mapping; found ${JSON.stringify(node.value)}.`, rangeOf(yaml, node)!),
    );
    return undefined;
  }
  if (!isMap(node)) {
    findings.push(
      problem('invalid-model', 'model must be a model id such as "gpt-4o-mini", or a mapping with id (v2) or configuration (v1).', rangeOf(yaml, node)!),
    );
    return undefined;
  }
  // v2: model.id with an optional provider.
  const id = stringAt(yaml, ['model', 'id']);
  if (id) {
    const named = stringAt(yaml, ['model', 'provider'])?.value?.toLowerCase();
    // Any provider name goes, but only the ones Prompt Cost knows help the price look-up.
    const provider = named === undefined ? undefined : providerOfAlias(named);
    const reference: ModelReference =
      named && DEPLOYMENT_PROVIDERS.has(named)
        ? { id: id.value, range: id.range, resolved: false, deployment: id.value }
        : { id: id.value, range: id.range, resolved: true };
    if (provider) reference.provider = provider;
    return reference;
  }
  // v1: model.configuration.{type, name | azure_deployment}.
  const type = stringAt(yaml, ['model', 'configuration', 'type'])?.value?.toLowerCase();
  const deployment = stringAt(yaml, ['model', 'configuration', 'azure_deployment']);
  if (deployment && (type === undefined || type.startsWith('azure'))) {
    return { id: deployment.value, range: deployment.range, resolved: false, deployment: deployment.value, provider: 'azure' };
  }
  const named = stringAt(yaml, ['model', 'configuration', 'name']) ?? stringAt(yaml, ['model', 'configuration', 'model']);
  if (named) return { id: named.value, range: named.range, resolved: true, provider: type === 'openai' ? 'openai' : undefined };
  const idNode = nodeAt(yaml, ['model', 'id']);
  if (idNode) findings.push(problem('invalid-model', 'model.id must be a string such as "gpt-4o-mini".', rangeOf(yaml, idNode)!));
  return undefined;
}

/** v2 `model.options.maxOutputTokens`, v1 `model.parameters.max_tokens`. */
function readOutputCap(yaml: PlacedYaml, findings: Finding[]): { outputCap?: OutputCap } {
  for (const path of [
    ['model', 'options', 'maxOutputTokens'],
    ['model', 'parameters', 'max_tokens'],
  ]) {
    const node = nodeAt(yaml, path);
    if (node === undefined) continue;
    const param = path.slice(1).join('.');
    const value = numberAt(yaml, path);
    if (value && isPositiveTokenCount(value.value)) return { outputCap: { param, value: value.value, range: value.range } };
    findings.push(problem('invalid-output-cap', `${path.join('.')} must be a positive whole number of tokens.`, rangeOf(yaml, node)!));
    return { outputCap: { param, range: rangeOf(yaml, node) } };
  }
  return {};
}

/** Where `max_tokens` / `maxOutputTokens` would go, indented like the keys around it. */
function capInsertion(yaml: PlacedYaml, eol: string): OutputCapInsertion | undefined {
  const model = nodeAt(yaml, ['model']);
  if (isScalar(model) && typeof model.value === 'string') {
    // v2 shorthand `model: gpt-4o` becomes a mapping with the id (as written, quotes kept) and the cap.
    const key = keyRangeAt(yaml, ['model']);
    const value = rangeOf(yaml, model);
    const offsets = offsetsOf(yaml, model);
    if (!key || !value || !offsets) return undefined;
    const indent = ' '.repeat(key.start.character + 2);
    return {
      param: 'options.maxOutputTokens',
      range: { start: key.end, end: value.end },
      template: `:${eol}${indent}id: ${yaml.index.text.slice(offsets[0], offsets[1])}${eol}${indent}options:${eol}${indent}  maxOutputTokens: {value}`,
    };
  }
  if (!isMap(model)) return undefined;
  const v1 = V1_MODEL_KEYS.some((key) => nodeAt(yaml, ['model', key]) !== undefined);
  const [parentKey, capKey] = v1 ? ['parameters', 'max_tokens'] : ['options', 'maxOutputTokens'];
  // An existing but empty `parameters:` gets the cap inside it; adding a second `parameters:` would be a duplicate key.
  const insertion =
    nodeAt(yaml, ['model', parentKey]) !== undefined
      ? insertIntoMapping(yaml, ['model', parentKey], [capKey], eol)
      : insertIntoMapping(yaml, ['model'], [parentKey, capKey], eol);
  return insertion && { param: `${parentKey}.${capKey}`, ...insertion };
}

function templateSyntax(yaml: PlacedYaml): TemplateSyntax {
  const kind = (stringAt(yaml, ['template', 'format', 'kind']) ?? stringAt(yaml, ['template', 'format']) ?? stringAt(yaml, ['template']))?.value.toLowerCase();
  return kind === 'mustache' || kind === 'handlebars' ? 'mustache' : 'jinja';
}

function readSamples(yaml: PlacedYaml): Record<string, string> | undefined {
  const samples: Record<string, string> = {};
  const sample = nodeAt(yaml, ['sample']);
  if (isMap(sample)) {
    for (const item of sample.items) {
      if (isScalar(item.key) && isScalar(item.value)) setOwn(samples, String(item.key.value), String(item.value.value));
    }
  }
  // v2: inputs.<name>.sample or .default
  const inputs = nodeAt(yaml, ['inputs']);
  if (isMap(inputs)) {
    for (const item of inputs.items) {
      if (!isScalar(item.key) || !isMap(item.value)) continue;
      const name = String(item.key.value);
      const example = item.value.get('sample', true) ?? item.value.get('default', true);
      if (isScalar(example) && own(samples, name) === undefined && example.value !== null) setOwn(samples, name, String(example.value));
    }
  }
  return Object.keys(samples).length > 0 ? samples : undefined;
}

/** Splits the body at role lines; text before the first role line is a system message, as Prompty reads it. */
function readMessages(text: string, bodyStart: number, index: LineIndex, syntax: TemplateSyntax, findings: Finding[]): Message[] {
  const body = text.slice(bodyStart);
  const markers: Array<{ role: Role; start: number; end: number }> = [];
  ROLE_LINE.lastIndex = 0;
  for (let match = ROLE_LINE.exec(body); match; match = ROLE_LINE.exec(body)) {
    markers.push({ role: ROLE_NAMES[match[1].toLowerCase()], start: bodyStart + match.index, end: bodyStart + match.index + match[0].length });
  }
  ROLE_LIKE_LINE.lastIndex = 0;
  for (let match = ROLE_LIKE_LINE.exec(body); match; match = ROLE_LIKE_LINE.exec(body)) {
    const meant = nearestRole(match[1], PROMPTY_ROLES);
    // A heading such as "Tools:" or "Users:" is prose, not a misspelt role.
    if (!meant || match[1].toLowerCase() === `${meant}s`) continue;
    const wordStart = bodyStart + match.index + match[0].indexOf(match[1]);
    findings.push(
      problem(
        'unknown-role',
        `"${match[1]}:" is not a Prompty role (${PROMPTY_ROLES.join(', ')}); did you mean "${meant}:"? It is read as text.`,
        index.range(wordStart, wordStart + match[1].length),
      ),
    );
  }

  const messages: Message[] = [];
  const leadingEnd = markers[0]?.start ?? text.length;
  if (text.slice(bodyStart, leadingEnd).trim() !== '') messages.push(buildMessage('system', undefined, bodyStart, leadingEnd, text, index, syntax));
  markers.forEach((marker, i) => {
    const contentEnd = markers[i + 1]?.start ?? text.length;
    messages.push(buildMessage(marker.role, index.range(marker.start, marker.end), marker.end, contentEnd, text, index, syntax));
  });
  return messages;
}

function buildMessage(
  role: Role,
  roleRange: Range | undefined,
  contentStart: number,
  contentEnd: number,
  text: string,
  index: LineIndex,
  syntax: TemplateSyntax,
): Message {
  // Prompty strips the whitespace around each message's content.
  let start = contentStart;
  let end = contentEnd;
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return {
    role,
    roleRange,
    segments: segmentTemplate(text, start, end, index, syntax),
    range: index.range(roleRange ? index.offsetAt(roleRange.start) : contentStart, end),
  };
}

function baseName(file: string): string {
  return fileStem(file, /\.prompty$/i);
}
