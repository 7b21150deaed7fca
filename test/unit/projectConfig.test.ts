import * as assert from 'assert';
import { setEnvValue, setSiteField } from '../../src/core/volume/editProjectConfig';
import { parseProjectConfig } from '../../src/core/volume/projectConfig';

describe('promptcost.yaml', () => {
  it('reads defaults, sites, deployments and prices', () => {
    const { config, findings } = parseProjectConfig(
      [
        'defaults: { monthlyCalls: 30000, outputTokens: 400 }',
        'sites:',
        '  prompts/support.prompty: { monthlyCalls: 90000, outputTokens: 250, variables: { context: 1800 } }',
        'deployments: { my-gpt4o: gpt-4o }',
        'prices: { my-finetune: { input: 3.0, output: 12.0 } }   # USD per million tokens',
        'rules: { missing-max-tokens: error, cheaper-model: off }',
      ].join('\n'),
    );
    assert.deepStrictEqual(findings, []);
    assert.deepStrictEqual(config, {
      defaults: { monthlyCalls: 30000, outputTokens: 400 },
      sites: { 'prompts/support.prompty': { monthlyCalls: 90000, outputTokens: 250, variables: { context: 1800 } } },
      deployments: { 'my-gpt4o': 'gpt-4o' },
      prices: { 'my-finetune': { input: 3, output: 12 } },
      rules: { 'missing-max-tokens': 'error', 'cheaper-model': 'off' },
      env: {},
      tasks: {},
    });
  });

  it('reports each schema error at its key or value and keeps everything valid', () => {
    const text = [
      'defaults: { monthlyCalls: 30000 }',
      'sites:',
      '  prompts/good.prompty: { monthlyCalls: 10 }',
      '  prompts/bad.prompty:',
      '    monthlyCalls: lots',
      '    colour: blue',
      'deployments: { ok: gpt-4o, broken: 12 }',
      'prices: { cheap: { input: -1, output: 1 } }',
      'extra: 1',
      'rules: { missing-max-tokens: loud, no-such-rule: off }',
    ].join('\n');
    const { config, findings } = parseProjectConfig(text);
    assert.deepStrictEqual(config, {
      defaults: { monthlyCalls: 30000 },
      // The bad entry keeps what is valid in it (here: nothing).
      sites: { 'prompts/good.prompty': { monthlyCalls: 10 }, 'prompts/bad.prompty': {} },
      deployments: { ok: 'gpt-4o' },
      prices: {},
      rules: {},
      env: {},
      tasks: {},
      // The bad site entry leaves that prompt on defaults, which its estimate will say.
      invalid: { sites: ['prompts/bad.prompty'], defaults: false, all: false },
    });
    assert.deepStrictEqual(
      findings.map((f) => [f.rule, f.severity, f.message, f.range.start.line, f.range.start.character, f.range.end.character]),
      [
        [
          'invalid-config',
          'error',
          'Unknown key "extra": promptcost.yaml takes defaults, sites, deployments, prices, rules, env, tasks, policy, thresholds.',
          8,
          0,
          5,
        ],
        ['invalid-config', 'error', 'sites."prompts/bad.prompty".monthlyCalls: monthlyCalls must be a number.', 4, 18, 22],
        ['invalid-config', 'error', 'Unknown key "colour" in sites."prompts/bad.prompty".', 5, 4, 10],
        ['invalid-config', 'error', 'deployments.broken: a deployment must map to a model id such as "gpt-4o".', 6, 35, 37],
        ['invalid-config', 'error', 'prices.cheap.input: input cannot be negative.', 7, 26, 28],
        ['invalid-config', 'error', 'rules.missing-max-tokens: a rule severity must be one of off, hint, info, warning, error.', 9, 29, 33],
        [
          'invalid-config',
          'error',
          'Unknown rule "no-such-rule": rules: takes unpriced-model, context-overflow, cap-above-model-max, deprecated-max-tokens, missing-max-tokens, uncacheable-prefix, missing-cache-breakpoint, cache-below-minimum, cheaper-model, unbounded-agent-loop, growing-history, batch-candidate.',
          9,
          35,
          47,
        ],
      ],
    );
  });

  it('names the nearest known key of an unknown one: in an entry, at the top level and under rules:', () => {
    const text = [
      'task:',
      '  t: { entry: src/a.ts#run }',
      'sites:',
      '  prompts/x.prompty: { montlyCalls: 100, variable: { a: 1 }, colour: blue }',
      'defaults: { outputToken: 300 }',
      'prices: { m: { input: 1, output: 2, cacheread: 0.1 } }',
      'thresholds: { cheaperModel: 5 }',
      'rules: { missing-max-token: off, unknown-thing: off }',
    ].join('\n');
    assert.deepStrictEqual(
      parseProjectConfig(text).findings.map((finding) => `${finding.range.start.line}:${finding.range.start.character} ${finding.message}`),
      [
        '0:0 Unknown key "task": promptcost.yaml takes defaults, sites, deployments, prices, rules, env, tasks, policy, thresholds. Did you mean "tasks"?',
        '4:12 Unknown key "outputToken" in defaults. Did you mean "outputTokens"?',
        '3:23 Unknown key "montlyCalls" in sites."prompts/x.prompty". Did you mean "monthlyCalls"?',
        '3:41 Unknown key "variable" in sites."prompts/x.prompty". Did you mean "variables"?',
        '3:61 Unknown key "colour" in sites."prompts/x.prompty".',
        '5:36 Unknown key "cacheread" in prices.m. Did you mean "cacheRead"?',
        '7:9 Unknown rule "missing-max-token": rules: takes unpriced-model, context-overflow, cap-above-model-max, deprecated-max-tokens, missing-max-tokens, uncacheable-prefix, missing-cache-breakpoint, cache-below-minimum, cheaper-model, unbounded-agent-loop, growing-history, batch-candidate. Did you mean "missing-max-tokens"?',
        '7:33 Unknown rule "unknown-thing": rules: takes unpriced-model, context-overflow, cap-above-model-max, deprecated-max-tokens, missing-max-tokens, uncacheable-prefix, missing-cache-breakpoint, cache-below-minimum, cheaper-model, unbounded-agent-loop, growing-history, batch-candidate.',
        '6:14 Unknown key "cheaperModel" in thresholds. Did you mean "cheaperModelMonthly"?',
      ],
    );
  });

  it('keeps the valid fields of an entry with an invalid one', () => {
    const { config } = parseProjectConfig('sites:\n  a.prompty: { monthlyCalls: lots, outputTokens: 250, variables: { context: 1800 } }\n');
    assert.deepStrictEqual(config.sites, { 'a.prompty': { outputTokens: 250, variables: { context: 1800 } } });
  });

  it('turns broken YAML into a finding instead of throwing', () => {
    const { config, findings } = parseProjectConfig('sites: [unclosed\n');
    assert.deepStrictEqual(config.sites, {});
    assert.strictEqual(findings[0].rule, 'invalid-yaml');
    assert.strictEqual(findings[0].severity, 'error');
  });

  it('reads env: values (numbers and booleans as the text a variable holds) and reports bad ones at their key', () => {
    const text = 'env:\n  SUMMARY_MODEL: claude-sonnet-4-5\n  SUMMARY_CAP: 500\n  STREAM: true\n  EMPTY: ""\n  LIST: [a, b]\n';
    const { config, findings } = parseProjectConfig(text);
    assert.deepStrictEqual(config.env, {
      SUMMARY_MODEL: { value: 'claude-sonnet-4-5', from: 'promptcost.yaml' },
      SUMMARY_CAP: { value: '500', from: 'promptcost.yaml' },
      STREAM: { value: 'true', from: 'promptcost.yaml' },
    });
    assert.deepStrictEqual(
      findings.map((finding) => `${finding.range.start.line}:${finding.range.start.character} ${finding.message}`),
      [
        '4:9 env.EMPTY: an env value cannot be empty.',
        '5:8 env.LIST: an env value must be the text the variable holds, e.g. SUMMARY_MODEL: claude-sonnet-4-5.',
      ],
    );
  });

  it('defaults.model is one id or one per provider; an unknown provider is reported', () => {
    assert.deepStrictEqual(parseProjectConfig('defaults:\n  model: gpt-4.1-mini\n').config.defaults, { model: 'gpt-4.1-mini' });
    const perProvider = parseProjectConfig('defaults:\n  model:\n    openai: gpt-4.1-mini\n    anthropic: claude-haiku-4-5\n');
    assert.deepStrictEqual(perProvider.config.defaults, { model: { openai: 'gpt-4.1-mini', anthropic: 'claude-haiku-4-5' } });
    assert.deepStrictEqual(perProvider.findings, []);
    const typo = parseProjectConfig('defaults:\n  monthlyCalls: 100\n  model:\n    antropic: claude-haiku-4-5\n');
    assert.deepStrictEqual(typo.config.defaults, { monthlyCalls: 100 });
    assert.deepStrictEqual(
      typo.findings.map((finding) => `${finding.range.start.line}:${finding.range.start.character} ${finding.message}`),
      ['3:4 defaults.model: model must be a model id such as "gpt-4o-mini", or a mapping of providers to model ids.'],
    );
  });

  it('reads thresholds: (USD a month) and reports a bad one at its value, keeping the rest', () => {
    assert.deepStrictEqual(parseProjectConfig('thresholds: { cheaperModelMonthly: 12.5 }\n'), {
      config: { defaults: {}, sites: {}, deployments: {}, prices: {}, rules: {}, env: {}, tasks: {}, thresholds: { cheaperModelMonthly: 12.5 } },
      findings: [],
    });
    const bad = parseProjectConfig('thresholds:\n  cheaperModelMonthly: -1\n  other: 2\n');
    assert.deepStrictEqual(
      bad.findings.map((finding) => [finding.message, finding.range.start.line]),
      [
        ['thresholds.cheaperModelMonthly: cheaperModelMonthly cannot be negative.', 1],
        ['Unknown key "other" in thresholds.', 2],
      ],
    );
    assert.deepStrictEqual(bad.config.thresholds, {});
  });

  it('an empty file is an empty configuration', () => {
    assert.deepStrictEqual(parseProjectConfig(''), {
      config: { defaults: {}, sites: {}, deployments: {}, prices: {}, rules: {}, env: {}, tasks: {} },
      findings: [],
    });
  });

  it('writes a site field keeping comments and layout', () => {
    assert.strictEqual(setSiteField('', 'prompts/a.prompty', 'monthlyCalls', 50000), 'sites:\n  prompts/a.prompty:\n    monthlyCalls: 50000\n');
    assert.strictEqual(
      setSiteField(
        '# cost model\ndefaults: { monthlyCalls: 30000 }\nsites:\n  prompts/b.prompty: { monthlyCalls: 100 } # hot path\n',
        'prompts/b.prompty',
        'monthlyCalls',
        5000,
      ),
      '# cost model\ndefaults: { monthlyCalls: 30000 }\nsites:\n  prompts/b.prompty: { monthlyCalls: 5000 } # hot path\n',
    );
    assert.strictEqual(
      setSiteField('defaults:\n  monthlyCalls: 30000\n', 'p.prompt', 'model', 'gpt-4o'),
      'defaults:\n  monthlyCalls: 30000\nsites:\n  p.prompt:\n    model: gpt-4o\n',
    );
    // The file Open promptcost.yaml creates: `sites:` holds only commented-out entries, which stay.
    assert.strictEqual(
      setSiteField('# Prompt Cost\nsites:\n  # "a.prompty": { monthlyCalls: 10000 }   # now $1.00/month\n', 'a.prompty', 'monthlyCalls', 50000),
      '# Prompt Cost\nsites:\n  # "a.prompty": { monthlyCalls: 10000 }   # now $1.00/month\n  a.prompty:\n    monthlyCalls: 50000\n',
    );
    assert.throws(() => setSiteField('sites: [broken', 'x', 'monthlyCalls', 1), /promptcost\.yaml has YAML errors/);
    assert.throws(() => setSiteField('sites: [a, b]\n', 'x', 'model', 'gpt-4o'), /^Error: sites: in promptcost\.yaml must be a mapping\.$/);
    assert.throws(() => setSiteField('sites:\n  x: 5\n', 'x', 'model', 'gpt-4o'), /^Error: sites\."x" in promptcost\.yaml must be a mapping\.$/);
  });

  it('sets an env value, adding the section when missing and keeping what is there', () => {
    assert.strictEqual(setEnvValue('', 'SUMMARY_MODEL', 'claude-haiku-4-5'), 'env:\n  SUMMARY_MODEL: claude-haiku-4-5\n');
    assert.strictEqual(
      setEnvValue('# costs\ndefaults: { monthlyCalls: 100 }\nenv:\n  A: x # keep\n', 'SUMMARY_MODEL', 'gpt-4.1-mini'),
      '# costs\ndefaults: { monthlyCalls: 100 }\nenv:\n  A: x # keep\n  SUMMARY_MODEL: gpt-4.1-mini\n',
    );
    assert.strictEqual(setEnvValue('env:\n  SUMMARY_MODEL: gpt-4o\n', 'SUMMARY_MODEL', 'gpt-4o-mini'), 'env:\n  SUMMARY_MODEL: gpt-4o-mini\n');
    assert.throws(() => setEnvValue('env: [a]\n', 'X', 'y'), /^Error: env: in promptcost\.yaml must be a mapping\.$/);
  });
});
