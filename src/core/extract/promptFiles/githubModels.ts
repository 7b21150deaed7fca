import { own, setOwn } from '../../records';
import { problem } from '../../findings/problem';
import type { Node, YAMLMap } from 'yaml';
import { LineIndex } from '../../text/lineIndex';
import type { ExtractResult, Finding, Message, OutputCapInsertion, PromptSite, Role } from '../../types';
import { ROLE_NAMES, nearestRole } from './roles';
import { segmentScalar } from './scalarSegments';
import { fileStem, firstLineEnd, readModelId, readOutputCap, roleWithArticle } from './siteSupport';
import { lineBreakOf } from '../../text/applyEdits';
import {
  insertIntoMapping,
  insertLineAfter,
  isMap,
  isScalar,
  isSeq,
  keyRangeAt,
  lastLineOfEntry,
  mapIndent,
  nodeAt,
  parseYaml,
  rangeOf,
  stringAt,
  trimmedRange,
  type PlacedYaml,
  type YamlInsertion,
} from './yamlSupport';

const GITHUB_MODELS_ROLES = ['system', 'developer', 'user', 'assistant'];
const CAP_PATH = ['modelParameters', 'maxTokens'];

/**
 * GitHub Models prompt files (`.prompt.yml` / `.prompt.yaml`, run by `gh models eval`): one YAML
 * document with `model`, `modelParameters.maxTokens`, `messages[{ role, content }]` whose content
 * holds Mustache `{{variables}}`, and `testData` whose first row serves as sample values.
 */
export function extractGithubModels(text: string, file: string): ExtractResult {
  const index = new LineIndex(text);
  const { yaml, findings } = parseYaml(text, 0, index);
  const name = stringAt(yaml, ['name'])?.value;
  const outputCap = readOutputCap(yaml, CAP_PATH, findings);

  const site: PromptSite = {
    id: `${file}#${name ?? fileStem(file, /\.prompt\.ya?ml$/i)}`,
    kind: 'prompt-file',
    sdk: 'github-models',
    file,
    range: index.range(0, firstLineEnd(text)),
    name,
    model: readModelId(yaml, 'openai/gpt-4o-mini', findings),
    messages: readMessages(yaml, text, findings),
    outputCap,
    outputCapInsertion: outputCap ? undefined : capInsertion(yaml, lineBreakOf(text)),
    options: {},
    samples: readSamples(yaml),
  };
  return { sites: [site], findings };
}

function readMessages(yaml: PlacedYaml, text: string, findings: Finding[]): Message[] {
  const list = nodeAt(yaml, ['messages']);
  if (!isSeq(list)) {
    const hasValue = list !== undefined && !(isScalar(list) && list.value === null);
    const range = (hasValue ? rangeOf(yaml, list) : undefined) ?? keyRangeAt(yaml, ['messages']) ?? yaml.index.range(0, firstLineEnd(text));
    const message =
      list === undefined
        ? 'A .prompt.yml file needs messages: a list of { role, content } entries; none was found.'
        : 'messages must be a list of { role, content } entries.';
    findings.push(problem('invalid-messages', message, range));
    return [];
  }
  const messages: Message[] = [];
  for (const item of list.items as Node[]) {
    if (!isMap(item)) {
      findings.push(problem('invalid-messages', 'Each message must be a mapping with role and content.', trimmedRange(yaml, item)!));
      continue;
    }
    const roleNode = item.get('role', true) as Node | undefined;
    const contentNode = item.get('content', true) as Node | undefined;
    const roleRange = rangeOf(yaml, roleNode);
    const role = readRole(yaml, item, roleNode, findings);
    const message: Message = { role, segments: [], range: trimmedRange(yaml, item)!, roleRange };
    if (isScalar(contentNode) && contentNode.value !== null && String(contentNode.value) !== '') {
      message.segments = segmentScalar(yaml, contentNode, 'mustache');
    } else if (contentNode !== undefined && !isScalar(contentNode)) {
      findings.push(problem('invalid-messages', 'content must be text, with {{variables}} where values go in.', trimmedRange(yaml, contentNode)!));
    } else {
      findings.push(problem('missing-content', `This ${role} message has no content.`, roleRange ?? message.range));
    }
    messages.push(message);
  }
  return messages;
}

function readRole(yaml: PlacedYaml, item: YAMLMap, roleNode: Node | undefined, findings: Finding[]): Role {
  if (!isScalar(roleNode) || typeof roleNode.value !== 'string' || roleNode.value.trim() === '') {
    // A written but unusable role (`role: 42`) is pointed at; an absent or empty one at the message's first key.
    const written = roleNode?.range && roleNode.range[1] > roleNode.range[0] ? rangeOf(yaml, roleNode) : undefined;
    const where = written ?? rangeOf(yaml, item.items[0]?.key as Node | undefined) ?? trimmedRange(yaml, item);
    findings.push(problem('missing-role', `This message has no role (${GITHUB_MODELS_ROLES.join(', ')}); it is counted as a user message.`, where!));
    return 'user';
  }
  const word = roleNode.value.trim();
  const lower = word.toLowerCase();
  if (GITHUB_MODELS_ROLES.includes(lower)) return ROLE_NAMES[lower];
  const meant = nearestRole(word, GITHUB_MODELS_ROLES);
  const role = (meant ? own(ROLE_NAMES, meant) : undefined) ?? own(ROLE_NAMES, lower) ?? 'user';
  findings.push(
    problem(
      'unknown-role',
      `"${word}" is not a GitHub Models role (${GITHUB_MODELS_ROLES.join(', ')})${meant ? `; did you mean "${meant}"?` : '.'} It is counted as ${roleWithArticle(role)} message.`,
      rangeOf(yaml, roleNode)!,
    ),
  );
  return role;
}

/** The first `testData` row: the values `gh models eval` fills in, so the best size estimates. */
function readSamples(yaml: PlacedYaml): Record<string, string> | undefined {
  const first = nodeAt(yaml, ['testData', 0]);
  if (!isMap(first)) return undefined;
  const samples: Record<string, string> = {};
  for (const pair of first.items) {
    if (isScalar(pair.key) && isScalar(pair.value) && pair.value.value !== null) setOwn(samples, String(pair.key.value), String(pair.value.value));
  }
  return Object.keys(samples).length > 0 ? samples : undefined;
}

/** Inside `modelParameters:` when there is one, else a new `modelParameters:` block right after `model:`. */
function capInsertion(yaml: PlacedYaml, eol: string): OutputCapInsertion | undefined {
  const param = CAP_PATH.join('.');
  const root = yaml.doc.contents as Node | null;
  const modelLine = lastLineOfEntry(yaml, ['model']);
  let insertion: YamlInsertion | undefined;
  if (nodeAt(yaml, ['modelParameters']) !== undefined) {
    insertion = insertIntoMapping(yaml, ['modelParameters'], ['maxTokens'], eol);
  } else if (isMap(root) && !root.flow && modelLine !== undefined) {
    const indent = mapIndent(yaml, root) ?? 0;
    insertion = insertLineAfter(yaml.index, modelLine, `${' '.repeat(indent)}modelParameters:${eol}${' '.repeat(indent + 2)}maxTokens: {value}`, eol);
  } else {
    insertion = insertIntoMapping(yaml, [], CAP_PATH, eol);
  }
  return insertion && { param, ...insertion };
}
