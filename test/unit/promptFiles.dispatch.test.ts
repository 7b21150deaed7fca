import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import { extractPromptFile, promptFileFormat } from '../../src/core/extract/promptFiles';
import type { PromptFormat } from '../../src/core/types';
import { assertInsertionReparses, onlySite, range } from './promptFileHelpers';
import { sharedEncoder } from './sharedEncoder';

const WORKSPACE = path.join(__dirname, '..', 'fixtures', 'workspace');
const readWorkspace = (file: string) => readFileSync(path.join(WORKSPACE, file), 'utf8');

describe('prompt file dispatch', () => {
  const names: Array<[string, PromptFormat | undefined]> = [
    ['prompts/support-reply.prompty', 'prompty'],
    ['prompts/ticket-triage.prompt', 'dotprompt'],
    ['prompts/summarize-thread.prompt.yml', 'github-models'],
    ['prompts/Summarize.Prompt.YAML', 'github-models'],
    ['.github/prompts/review-reply.prompt.md', 'copilot-prompt'],
    ['prompts\\windows.prompt', 'dotprompt'],
    ['review-reply.prompt.md', 'copilot-prompt'],
    // Genkit partials (`{{> priorityRules}}`) are parts of other prompts, not prompts.
    ['prompts/_priorityRules.prompt', undefined],
    ['_notes.prompt.md', 'copilot-prompt'],
    ['.prompt', undefined],
    ['prompts/.prompty', undefined],
    ['notes.prompty.md', undefined],
    ['config.yml', undefined],
    ['a.prompt.json', undefined],
    ['a.prompts', undefined],
    ['a.prompt.yml.bak', undefined],
    ['README.md', undefined],
  ];
  for (const [file, format] of names) {
    it(`${file} → ${format ?? 'not a prompt file'}`, () => assert.strictEqual(promptFileFormat(file), format));
  }

  it('returns undefined for other files instead of extracting', () => {
    assert.strictEqual(extractPromptFile('# Notes', 'README.md'), undefined);
  });

  it('runs the right extractor for each format', () => {
    const sdks = [
      extractPromptFile('---\nmodel: gpt-4o\n---\nHi', 'a.prompty'),
      extractPromptFile('Hi {{name}}', 'a.prompt'),
      extractPromptFile('model: openai/gpt-4o\nmessages:\n  - role: user\n    content: Hi', 'a.prompt.yaml'),
      extractPromptFile('Hi ${selection}', 'a.prompt.md'),
    ].map((result) => onlySite(result!).sdk);
    assert.deepStrictEqual(sdks, ['prompty', 'dotprompt', 'github-models', 'copilot-prompt']);
  });
});

describe('sample app prompt files', () => {
  const files = [
    'prompts/support-reply.prompty',
    'prompts/kb-answer.prompty',
    'prompts/legacy-escalation.prompty',
    'prompts/ticket-triage.prompt',
    'prompts/summarize-thread.prompt.yml',
    '.github/prompts/review-reply.prompt.md',
  ];
  const extract = (file: string) => extractPromptFile(readWorkspace(file), file)!;

  it('all parse without findings', () => {
    assert.deepStrictEqual(
      files.map((file) => [file, extract(file).findings]),
      files.map((file) => [file, []]),
    );
  });

  it('name each site, its model and its output cap', () => {
    assert.deepStrictEqual(
      files.map((file) => {
        const site = onlySite(extract(file));
        return [site.id, site.sdk, site.model?.id, site.model?.resolved, site.outputCap?.param, site.outputCap?.value];
      }),
      [
        ['prompts/support-reply.prompty#Support reply', 'prompty', 'gpt-4o-mini', true, 'parameters.max_tokens', 400],
        ['prompts/kb-answer.prompty#Knowledge base answer', 'prompty', 'claude-sonnet-4-5', true, 'options.maxOutputTokens', 700],
        ['prompts/legacy-escalation.prompty#Escalation summary', 'prompty', 'support-gpt4o', false, 'parameters.max_tokens', 350],
        ['prompts/ticket-triage.prompt#ticketTriage', 'dotprompt', 'googleai/gemini-2.5-flash', true, 'config.maxOutputTokens', 256],
        ['prompts/summarize-thread.prompt.yml#Summarize support thread', 'github-models', 'openai/gpt-4o-mini', true, undefined, undefined],
        ['.github/prompts/review-reply.prompt.md#review-reply', 'copilot-prompt', 'gpt-4o', true, undefined, undefined],
      ],
    );
  });

  it('kb-answer.prompty opens with a static system prompt long enough to cache, then dynamic content', () => {
    const system = onlySite(extract('prompts/kb-answer.prompty')).messages[0];
    assert.strictEqual(system.role, 'system');
    assert.deepStrictEqual(
      system.segments.map((segment) => segment.kind),
      ['static', 'dynamic'],
    );
    const [{ tokens }] = sharedEncoder.countSync('o200k_base', [system.segments[0].text]);
    // Above Anthropic's 1,024-token minimum for claude-sonnet-4-5 even before the Claude tokenizer ratio.
    assert.strictEqual(tokens, 1352);
  });

  it('legacy-escalation.prompty names an Azure deployment to map in promptcost.yaml', () => {
    const site = onlySite(extract('prompts/legacy-escalation.prompty'));
    assert.deepStrictEqual(site.model, { id: 'support-gpt4o', range: range(10, 22, 10, 35), resolved: false, deployment: 'support-gpt4o', provider: 'azure' });
  });

  it('summarize-thread.prompt.yml has no maxTokens, and its fix inserts one inside modelParameters', () => {
    const file = 'prompts/summarize-thread.prompt.yml';
    const site = onlySite(extract(file));
    assert.deepStrictEqual(site.outputCapInsertion, { param: 'modelParameters.maxTokens', range: range(4, 0, 4, 0), template: '  maxTokens: {value}\n' });
    assertInsertionReparses((source, name) => extractPromptFile(source, name)!, readWorkspace(file), file);
  });

  it('review-reply.prompt.md is a chat-only prompt with references', () => {
    const site = onlySite(extract('.github/prompts/review-reply.prompt.md'));
    assert.deepStrictEqual(site.options, { chatOnly: true });
    assert.deepStrictEqual(
      site.messages[0].segments.filter((segment) => segment.kind === 'dynamic').map((segment) => [segment.dynamicKind, segment.name]),
      [
        ['reference', 'selection'],
        ['reference', 'file:docs/tone-guide.md'],
        ['reference', 'file:prompts/kb-answer.prompty'],
        ['variable', 'plan'],
      ],
    );
  });
});
