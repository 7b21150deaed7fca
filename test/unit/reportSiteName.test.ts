import * as assert from 'assert';
import { siteName } from '../../src/core/report/siteName';

describe('report site names', () => {
  const code = (id: string, file: string) => siteName({ id, file, kind: 'sdk-call' });
  const promptFile = (id: string, file: string) => siteName({ id, file, kind: 'prompt-file' });

  it("names a call by its file's base name and its function", () => {
    assert.strictEqual(code('src/supportBot/draftReply.ts#draftReply', 'src/supportBot/draftReply.ts'), 'draftReply.ts › draftReply');
    assert.strictEqual(code('agents/research_agent.py#ResearchAgent.run', 'agents/research_agent.py'), 'research_agent.py › ResearchAgent.run');
    assert.strictEqual(code('main.ts#handle', 'main.ts'), 'main.ts › handle');
  });

  it('numbers the second and later calls of one function', () => {
    assert.strictEqual(code('jobs/nightly_summaries.py#summarize.2', 'jobs/nightly_summaries.py'), 'nightly_summaries.py › summarize (call 2)');
    assert.strictEqual(code('jobs/nightly_summaries.py#Job.summarize.12', 'jobs/nightly_summaries.py'), 'nightly_summaries.py › Job.summarize (call 12)');
  });

  it('names a call outside any function top level', () => {
    assert.strictEqual(code('scripts/backfill_tags.ts#<module>', 'scripts/backfill_tags.ts'), 'backfill_tags.ts › top level');
    assert.strictEqual(code('scripts/backfill_tags.ts#<module>.3', 'scripts/backfill_tags.ts'), 'backfill_tags.ts › top level (call 3)');
  });

  it('names a prompt file by its prompt, or by the file alone when the prompt has no name of its own', () => {
    assert.strictEqual(promptFile('prompts/support-reply.prompty#Support reply', 'prompts/support-reply.prompty'), 'support-reply.prompty › Support reply');
    assert.strictEqual(promptFile('prompts/ticket-triage.prompt#ticket-triage', 'prompts/ticket-triage.prompt'), 'ticket-triage.prompt');
    assert.strictEqual(promptFile('.github/prompts/review-reply.prompt.md#review-reply', '.github/prompts/review-reply.prompt.md'), 'review-reply.prompt.md');
    // A prompt's name is free text: a trailing `.2` is part of it, not a call number.
    assert.strictEqual(promptFile('p/triage.prompt.yml#Triage v1.2', 'p/triage.prompt.yml'), 'triage.prompt.yml › Triage v1.2');
  });

  it('keeps a # in the file name, and falls back to the id when it does not start with its file', () => {
    assert.strictEqual(code('src/c#/bot.ts#reply', 'src/c#/bot.ts'), 'bot.ts › reply');
    assert.strictEqual(code('other#thing', 'src/bot.ts'), 'other#thing');
  });
});
