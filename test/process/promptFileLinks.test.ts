import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';

const CLI = path.resolve(__dirname, '../../dist/cli.js');

/** A small app whose code runs its prompt files instead of writing prompts inline. */
function app(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'promptcost-links-'));
  const support = fs.readFileSync(path.join(__dirname, '../fixtures/workspace/prompts/support-reply.prompty'), 'utf8');
  const triage = fs.readFileSync(path.join(__dirname, '../fixtures/workspace/prompts/ticket-triage.prompt'), 'utf8');
  fs.mkdirSync(path.join(root, 'app'));
  fs.mkdirSync(path.join(root, 'prompts'));
  fs.writeFileSync(path.join(root, 'prompts/support-reply.prompty'), support);
  fs.writeFileSync(path.join(root, 'prompts/ticketTriage.prompt'), triage);
  fs.writeFileSync(
    path.join(root, 'app/reply.py'),
    ['import prompty', '', 'def reply(ticket):', '    return prompty.execute("../prompts/support-reply.prompty", inputs={"ticket": ticket})', ''].join('\n'),
  );
  fs.writeFileSync(
    path.join(root, 'app/triage.ts'),
    ["import { genkit } from 'genkit';", '', 'const ai = genkit({});', "export const triage = ai.prompt('ticketTriage');", ''].join('\n'),
  );
  fs.writeFileSync(path.join(root, 'app/missing.py'), 'import prompty\n\nprompty.load("nowhere.prompty")\n');
  return root;
}

interface Site {
  file: string;
  sdk: string;
  model: string | null;
  promptFile?: string;
  tokens: { input: number };
  cost: { monthly: number | null };
  findings: Array<{ rule: string }>;
}

describe('calls that run a prompt file (prompty.execute, Genkit ai.prompt)', () => {
  it("take the prompt file's prompt and model, and are counted once, at the file", () => {
    const root = app();
    try {
      const run = spawnSync(process.execPath, [CLI, 'estimate', root, '--format', 'json'], { encoding: 'utf8' });
      const json = JSON.parse(run.stdout) as { sites: Site[]; total: { sites: number; monthlyCost: number } };
      const byFile = (file: string) => json.sites.find((site) => site.file === file)!;
      const reply = byFile('app/reply.py');
      assert.deepStrictEqual([reply.sdk, reply.promptFile, reply.model], ['prompty', 'prompts/support-reply.prompty', 'gpt-4o-mini']);
      // The same tokens and cost as the prompt file itself.
      assert.deepStrictEqual(
        [reply.tokens.input, reply.cost.monthly],
        [byFile('prompts/support-reply.prompty').tokens.input, byFile('prompts/support-reply.prompty').cost.monthly],
      );
      const triage = byFile('app/triage.ts');
      assert.deepStrictEqual([triage.sdk, triage.promptFile, triage.model], ['dotprompt', 'prompts/ticketTriage.prompt', 'gemini-2.5-flash']);
      assert.deepStrictEqual(
        byFile('app/missing.py').findings.map((f) => f.rule),
        ['prompt-file-not-found'],
      );
      // Five sites listed; the two linked calls are not counted a second time.
      assert.strictEqual(json.sites.length, 5);
      assert.strictEqual(json.total.sites, 3);
      const files = json.sites.filter((site) => site.file.startsWith('prompts/')).reduce((sum, site) => sum + (site.cost.monthly ?? 0), 0);
      assert.strictEqual(json.total.monthlyCost, Math.round(files * 100) / 100);
      const table = spawnSync(process.execPath, [CLI, 'estimate', root], { encoding: 'utf8' }).stdout;
      assert.match(table, /^Total: \$[\d.,]+\/month for 3 sites, 1 unpriced and not in the total; 2 calls running a prompt file counted at the file$/m);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
