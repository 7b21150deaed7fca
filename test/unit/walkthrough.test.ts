import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');

interface Step {
  id: string;
  title: string;
  description: string;
  media: { markdown: string };
  completionEvents?: string[];
}

describe('the getting-started walkthrough', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    contributes: { walkthroughs: Array<{ id: string; steps: Step[] }>; commands: Array<{ command: string }> };
  };
  const [walkthrough] = manifest.contributes.walkthroughs;
  const commands = new Set(manifest.contributes.commands.map((entry) => entry.command));

  it('walks from a prompt cost to volumes, a quick fix, the workspace report and CI', () => {
    assert.strictEqual(walkthrough.id, 'promptcost.gettingStarted');
    assert.deepStrictEqual(
      walkthrough.steps.map((step) => step.id),
      ['seeCost', 'setVolumes', 'quickFix', 'estimateWorkspace', 'ciCheck'],
    );
  });

  it('links and completes only on commands the extension contributes, and shows pages the .vsix ships', () => {
    const shipped = fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8').split('\n');
    assert.ok(shipped.includes('!media/walkthrough/*.md'));
    for (const step of walkthrough.steps) {
      const linked = [...step.description.matchAll(/\(command:([\w.]+)\)/g)].map((match) => match[1]);
      const completing = (step.completionEvents ?? []).map((event) => event.replace(/^onCommand:/, ''));
      for (const command of [...linked, ...completing]) assert.ok(commands.has(command), `${step.id} names ${command}, which package.json does not contribute`);
      assert.match(step.media.markdown, /^media\/walkthrough\/[\w-]+\.md$/);
      assert.ok(fs.statSync(path.join(ROOT, step.media.markdown)).size > 0, `${step.media.markdown} exists`);
    }
  });
});
