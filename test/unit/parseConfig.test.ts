import * as assert from 'assert';
import * as path from 'path';
import { parseConfig, pricesFilePath, pricesFileSetting } from '../../src/vscode/parseConfig';

describe('parseConfig', () => {
  const from = (values: Record<string, unknown>) => parseConfig((key) => values[key]);
  const defaults = {
    defaultModel: 'gpt-4o-mini',
    statusBarEnabled: true,
    codeLensEnabled: true,
    inlayHintsEnabled: true,
    hoverEnabled: true,
    monthlyCalls: 10_000,
    exclude: [],
    ruleSeverities: {},
    readDotEnv: false,
    scanCache: true,
    compareTo: 'auto',
    pricesFile: '',
  };

  it('uses the defaults when nothing is set', () => {
    assert.deepStrictEqual(from({}), { config: defaults, problems: [] });
  });

  it('takes valid values, trimming the model id and dropping empty patterns', () => {
    assert.deepStrictEqual(from({ defaultModel: '  claude-haiku-4-5 ', 'statusBar.enabled': false, monthlyCalls: 250, exclude: ['**/legacy/**', ' '] }), {
      config: {
        ...defaults,
        defaultModel: 'claude-haiku-4-5',
        statusBarEnabled: false,
        monthlyCalls: 250,
        exclude: ['**/legacy/**'],
        ruleSeverities: {},
        readDotEnv: false,
      },
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
    assert.deepStrictEqual(from({ readDotEnv: 'yes' }), { config: defaults, problems: ['promptcost.readDotEnv must be true or false; .env is not read.'] });
    assert.strictEqual(from({ readDotEnv: true }).config.readDotEnv, true);
    assert.deepStrictEqual(from({ scanCache: 'no' }), { config: defaults, problems: ['promptcost.scanCache must be true or false; using true.'] });
    assert.strictEqual(from({ scanCache: false }).config.scanCache, false);
    assert.deepStrictEqual(from({ monthlyCalls: 1.5 }).config.monthlyCalls, 10_000);
  });

  it('takes promptcost.compareTo as auto, off or a ref (trimmed; empty is off), and reports one that is not text', () => {
    assert.strictEqual(from({ compareTo: ' origin/main ' }).config.compareTo, 'origin/main');
    assert.strictEqual(from({ compareTo: 'off' }).config.compareTo, 'off');
    assert.strictEqual(from({ compareTo: '  ' }).config.compareTo, 'off');
    assert.deepStrictEqual(from({ compareTo: false }), {
      config: defaults,
      problems: ['promptcost.compareTo must be auto, off, or a branch, tag or commit such as main; using auto.'],
    });
  });

  it('takes a cheaper-model threshold in USD a month, unset (null) by default, and reports one that is not a number', () => {
    assert.strictEqual(from({ 'cheaperModel.minMonthlySaving': null }).config.cheaperModelMinSaving, undefined);
    assert.strictEqual(from({ 'cheaperModel.minMonthlySaving': 20 }).config.cheaperModelMinSaving, 20);
    assert.deepStrictEqual(from({ 'cheaperModel.minMonthlySaving': -1 }), {
      config: defaults,
      problems: ['promptcost.cheaperModel.minMonthlySaving must be a number of USD a month, 0 or more; using promptcost.yaml thresholds:, else $5.'],
    });
  });

  it('turns each inline surface off on its own, and reports a value that is not true or false', () => {
    assert.deepStrictEqual(from({ 'codeLens.enabled': false, 'inlayHints.enabled': false, 'hover.enabled': false }), {
      config: { ...defaults, codeLensEnabled: false, inlayHintsEnabled: false, hoverEnabled: false },
      problems: [],
    });
    assert.deepStrictEqual(from({ 'hover.enabled': 'no' }), { config: defaults, problems: ['promptcost.hover.enabled must be true or false; using true.'] });
  });

  it('takes rule severities that are set, leaving unset (null) rules to promptcost.yaml', () => {
    // VS Code returns every contributed `promptcost.rules.<id>` under `rules`, null when not set.
    const rules = { 'missing-max-tokens': 'error', 'cheaper-model': 'off', 'batch-candidate': null, 'uncacheable-prefix': 'hint' };
    assert.deepStrictEqual(from({ rules }), {
      config: { ...defaults, ruleSeverities: { 'missing-max-tokens': 'error', 'cheaper-model': 'off', 'uncacheable-prefix': 'hint' } },
      problems: [],
    });
  });

  it('ignores a bad rule severity and says so, keeping the good ones', () => {
    assert.deepStrictEqual(from({ rules: { 'missing-max-tokens': 'loud', 'cheaper-model': 3, 'batch-candidate': 'info' } }), {
      config: { ...defaults, ruleSeverities: { 'batch-candidate': 'info' } },
      problems: [
        'promptcost.rules.missing-max-tokens must be off, hint, info, warning or error; ignoring it.',
        'promptcost.rules.cheaper-model must be off, hint, info, warning or error; ignoring it.',
      ],
    });
    assert.deepStrictEqual(from({ rules: 'off' }), {
      config: defaults,
      problems: ['promptcost.rules must map rule ids to off, hint, info, warning or error; ignoring it.'],
    });
  });

  it('takes promptcost.pricesFile as a trimmed path, and reports one that is not text', () => {
    assert.strictEqual(from({ pricesFile: ' config/prices.json ' }).config.pricesFile, 'config/prices.json');
    assert.deepStrictEqual(from({ pricesFile: 42 }), {
      config: defaults,
      problems: ['promptcost.pricesFile must be the path of a price file (JSON); using the bundled prices.'],
    });
  });

  it('resolves promptcost.pricesFile against the workspace folder, and writes a picked file relative to it when inside', () => {
    const folder = path.resolve('/work/app');
    assert.strictEqual(pricesFilePath('', folder), undefined);
    assert.strictEqual(pricesFilePath('config/prices.json', folder), path.join(folder, 'config', 'prices.json'));
    assert.strictEqual(pricesFilePath('config/prices.json', undefined), undefined);
    assert.strictEqual(pricesFilePath(path.resolve('/opt/prices.json'), folder), path.resolve('/opt/prices.json'));
    assert.strictEqual(pricesFileSetting(path.join(folder, 'config', 'prices.json'), folder), 'config/prices.json');
    assert.strictEqual(pricesFileSetting(path.resolve('/opt/prices.json'), folder), path.resolve('/opt/prices.json'));
    assert.strictEqual(pricesFileSetting(path.resolve('/work/application/prices.json'), folder), path.resolve('/work/application/prices.json'));
    assert.strictEqual(pricesFileSetting(path.resolve('/opt/prices.json'), undefined), path.resolve('/opt/prices.json'));
  });
});
