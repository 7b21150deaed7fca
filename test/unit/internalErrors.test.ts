import * as assert from 'assert';
import { openaiSdk } from '../../src/core/extract/sdks/openai';
import { extractCodeSites } from '../../src/core/extract/code/extractCode';
import { NO_OTHER_FILES } from '../../src/core/codeModel/sourceReader';
import type { Logger } from '../../src/core/log/logger';
import { PriceBook } from '../../src/core/pricing/priceBook';
import { RULES } from '../../src/core/rules/ruleRegistry';
import type { Rule } from '../../src/core/rules/rule';
import { InProcessEncoder } from '../../src/core/tokens/inProcessEncoder';
import { TokenCounter } from '../../src/core/tokens/tokenCounter';
import { EMPTY_PROJECT_CONFIG } from '../../src/core/volume/projectConfig';
import { analyzeFile } from '../../src/core/workspace/analyzeFile';

const BUG =
  'This is a bug in Prompt Cost, not a problem of this file; its stack is in the Prompt Cost log (the output channel in VS Code, --verbose in the CLI).';

/** A logger that keeps what it is told, errors with their error objects. */
function recordingLogger(): Logger & { errors: Array<[string, unknown]> } {
  const errors: Array<[string, unknown]> = [];
  return { debug: () => undefined, info: () => undefined, warn: () => undefined, error: (message, error) => errors.push([message, error]), errors };
}

const counter = new TokenCounter(new InProcessEncoder());
const context = (logger: Logger, prices = new PriceBook()) => ({
  counter,
  prices,
  project: EMPTY_PROJECT_CONFIG,
  defaultModel: 'gpt-4o-mini',
  monthlyCalls: 10_000,
  logger,
});

const CALLS = [
  "import OpenAI from 'openai';",
  "import Anthropic from '@anthropic-ai/sdk';",
  'const openai = new OpenAI();',
  'const anthropic = new Anthropic();',
  "export const a = () => openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] });",
  "export const b = () => anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }] });",
  '',
].join('\n');

describe('failures inside Prompt Cost', () => {
  it('a failure while analysing a file is an internal-error finding on the file, logged with its stack, never a syntax error', async () => {
    const logger = recordingLogger();
    // The price data failing on every look-up stands for any bug deep in the analysis.
    const broken = new (class extends PriceBook {
      override lookup(): never {
        throw new Error('price data unreadable');
      }
    })();
    const analysis = await analyzeFile('---\nmodel: gpt-4o\n---\nuser:\nHello\n', 'prompts/hello.prompty', context(logger, broken));
    assert.deepStrictEqual(analysis, {
      sites: [],
      findings: [
        {
          rule: 'internal-error',
          severity: 'warning',
          message: `Prompt Cost could not analyse this file: price data unreadable. ${BUG}`,
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } },
          fixes: [],
        },
      ],
    });
    assert.deepStrictEqual(
      logger.errors.map(([message, error]) => [message, (error as Error).message]),
      [['Analysing prompts/hello.prompty failed', 'price data unreadable']],
    );
  });

  it('a rule that fails loses only its own findings, and says so at the site', async () => {
    const logger = recordingLogger();
    const original = RULES['cheaper-model'];
    const failing: Rule = {
      check: () => {
        throw new Error('rule bug');
      },
    };
    (RULES as Record<string, Rule>)['cheaper-model'] = failing;
    try {
      const analysis = await analyzeFile(CALLS, 'src/calls.ts', context(logger));
      const [first] = analysis!.sites;
      assert.deepStrictEqual(
        first.findings.map((finding) => [finding.rule, finding.severity, finding.message.split(':')[0], finding.range.start.line]),
        [
          ['missing-max-tokens', 'warning', 'No output cap', 4],
          ['internal-error', 'warning', 'Prompt Cost could not run the cheaper-model rule here', 4],
        ],
      );
      assert.deepStrictEqual(analysis!.findings, []);
      assert.deepStrictEqual(
        logger.errors.map(([message]) => message),
        ['The cheaper-model rule failed on src/calls.ts#a', 'The cheaper-model rule failed on src/calls.ts#b'],
      );
    } finally {
      (RULES as Record<string, Rule>)['cheaper-model'] = original;
    }
  });

  it('an SDK module that fails on a call loses only that call, with an internal-error finding at it', async () => {
    const logger = recordingLogger();
    const original = openaiSdk.extract;
    openaiSdk.extract = (site, file) => {
      if (site.call.callee === 'openai.chat.completions.create') throw new Error('module bug');
      return original.call(openaiSdk, site, file);
    };
    try {
      const extracted = await extractCodeSites(CALLS, 'src/calls.ts', NO_OTHER_FILES, logger);
      assert.deepStrictEqual(
        extracted!.sites.map((site) => [site.id, site.sdk]),
        [['src/calls.ts#b', 'anthropic.messages']],
      );
      assert.deepStrictEqual(extracted!.findings, [
        {
          rule: 'internal-error',
          severity: 'warning',
          message: `Prompt Cost could not read this openai call: module bug. ${BUG}`,
          range: { start: { line: 4, character: 23 }, end: { line: 4, character: 119 } },
          fixes: [],
        },
      ]);
      assert.deepStrictEqual(
        logger.errors.map(([message]) => message),
        ['The openai module failed on openai.chat.completions.create in src/calls.ts'],
      );
    } finally {
      openaiSdk.extract = original;
    }
  });
});
