import { SILENT_LOGGER } from '../../src/core/log/logger';
import { PriceBook } from '../../src/core/pricing/priceBook';
import { TokenCounter } from '../../src/core/tokens/tokenCounter';
import { EMPTY_PROJECT_CONFIG } from '../../src/core/volume/projectConfig';
import { analyzeFile } from '../../src/core/workspace/analyzeFile';
import type { Report } from '../../src/core/workspace/report';
import { scanFiles } from '../../src/core/workspace/scan';
import { sharedEncoder } from './sharedEncoder';

const context = {
  counter: new TokenCounter(sharedEncoder),
  prices: new PriceBook(),
  project: EMPTY_PROJECT_CONFIG,
  defaultModel: 'gpt-4o-mini',
  monthlyCalls: 10_000,
  offerFixes: false,
  logger: SILENT_LOGGER,
};

/** A scan of files held in memory (path → text), as the CLI scans: no fixes, gpt-4o-mini by default, 10,000 calls a month. */
export function scanInMemory(files: Record<string, string>): Promise<Report> {
  return scanFiles(
    Object.entries(files).map(([path, text]) => ({ path, read: async () => new TextEncoder().encode(text) })),
    { analyze: (text, file) => analyzeFile(text, file, context) },
  );
}

/** A TypeScript file with one OpenAI chat call in function `fn`: the model, the system message, an optional max_tokens. */
export const openaiCall = (fn: string, model: string, system: string, cap?: number) =>
  [
    "import OpenAI from 'openai';",
    'const client = new OpenAI();',
    `export async function ${fn}(question: string) {`,
    '  return client.chat.completions.create({',
    `    model: '${model}',`,
    `    messages: [{ role: 'system', content: '${system}' }, { role: 'user', content: question }],`,
    ...(cap === undefined ? [] : [`    max_tokens: ${cap},`]),
    '  });',
    '}',
    '',
  ].join('\n');
