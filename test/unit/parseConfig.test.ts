import * as assert from 'assert';
import { parseConfig } from '../../src/vscode/parseConfig';

describe('parseConfig', () => {
  const from = (values: Record<string, unknown>) => parseConfig((key) => values[key]);

  it('uses the defaults when nothing is set', () => {
    assert.deepStrictEqual(from({}), { config: { defaultModel: 'gpt-4o-mini', statusBarEnabled: true }, problems: [] });
  });

  it('takes valid values, trimming the model id', () => {
    assert.deepStrictEqual(from({ defaultModel: '  claude-haiku-4-5 ', 'statusBar.enabled': false }), {
      config: { defaultModel: 'claude-haiku-4-5', statusBarEnabled: false },
      problems: [],
    });
  });

  it('falls back and explains when a value has the wrong type', () => {
    assert.deepStrictEqual(from({ defaultModel: 42, 'statusBar.enabled': 'yes' }), {
      config: { defaultModel: 'gpt-4o-mini', statusBarEnabled: true },
      problems: [
        'promptcost.defaultModel must be a model id such as "gpt-4o-mini"; using "gpt-4o-mini".',
        'promptcost.statusBar.enabled must be true or false; using true.',
      ],
    });
    assert.deepStrictEqual(from({ defaultModel: '   ' }).config.defaultModel, 'gpt-4o-mini');
  });
});
