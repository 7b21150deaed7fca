import * as assert from 'assert';
import { parseProjectConfig } from '../../src/core/volume/projectConfig';
import { projectConfigTemplate } from '../../src/core/volume/projectConfigTemplate';

describe('a first promptcost.yaml', () => {
  it("lists the workspace's sites most expensive first, commented, and reads as a valid file with only the defaults set", () => {
    const text = projectConfigTemplate(
      [
        { id: 'src/bot.ts#reply', monthlyCalls: 10_000, monthly: 12.5 },
        { id: 'jobs/local.py#run', monthlyCalls: 10_000 },
        { id: 'prompts/support.prompty', monthlyCalls: 10_000, monthly: 103.27 },
      ],
      10_000,
    );
    const sites = text.split('\n').filter((line) => line.startsWith('  # "'));
    assert.deepStrictEqual(sites, [
      '  # "prompts/support.prompty": { monthlyCalls: 10000 }   # now $103.27/month',
      '  # "src/bot.ts#reply": { monthlyCalls: 10000 }   # now $12.50/month',
      '  # "jobs/local.py#run": { monthlyCalls: 10000 }   # now unpriced',
    ]);
    const { config, findings } = parseProjectConfig(text);
    assert.deepStrictEqual(findings, []);
    assert.deepStrictEqual([config.defaults, config.sites], [{ monthlyCalls: 10_000 }, {}]);
    // Uncommenting an entry makes it a valid entry for that site.
    const uncommented = parseProjectConfig(text.replace('  # "src/bot.ts#reply": { monthlyCalls: 10000 }', '  "src/bot.ts#reply": { monthlyCalls: 25000 }'));
    assert.deepStrictEqual([uncommented.findings, uncommented.config.sites], [[], { 'src/bot.ts#reply': { monthlyCalls: 25_000 } }]);
  });
});
