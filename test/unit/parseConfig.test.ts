import * as assert from 'assert';
import { parseConfig } from '../../src/vscode/parseConfig';

describe('parseConfig', () => {
  const from = (values: Record<string, unknown>) => parseConfig((key) => values[key]);
  const defaults = { defaultModel: 'gpt-4o-mini', statusBarEnabled: true, monthlyCalls: 10_000, exclude: [] };

  it('uses the defaults when nothing is set', () => {
    assert.deepStrictEqual(from({}), { config: defaults, problems: [] });
  });

  it('takes valid values, trimming the model id and dropping empty patterns', () => {
    assert.deepStrictEqual(from({ defaultModel: '  claude-haiku-4-5 ', 'statusBar.enabled': false, monthlyCalls: 250, exclude: ['**/legacy/**', ' '] }), {
      config: { defaultModel: 'claude-haiku-4-5', statusBarEnabled: false, monthlyCalls: 250, exclude: ['**/legacy/**'] },
      problems: [],
    });
  });

  it('falls back and explains when a value has the wrong type', () => {
    assert.deepStrictEqual(from({ defaultModel: 42, 'statusBar.enabled': 'yes', monthlyCalls: -5, exclude: 'legacy' }), {
      config: defaults,
      problems: [
        'promptcost.defaultModel must be a model id such as "gpt-4o-mini"; using "gpt-4o-mini".',
        'promptcost.statusBar.enabled must be true or false; using true.',
        'promptcost.monthlyCalls must be a whole number of calls a month; using 10,000.',
        'promptcost.exclude must be a list of glob patterns; ignoring it.',
      ],
    });
    assert.deepStrictEqual(from({ defaultModel: '   ' }).config.defaultModel, 'gpt-4o-mini');
    assert.deepStrictEqual(from({ monthlyCalls: 1.5 }).config.monthlyCalls, 10_000);
  });
});
