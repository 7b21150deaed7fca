/**
 * What the cost rules add to a file's analysis: the sample app and a generated 5,000-line file,
 * analysed with every rule on and with every rule off. The difference is the rules' share (a fix
 * that changes cost re-extracts the file once to check itself). Prints a table; nothing here
 * asserts timings (machines differ).
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { analyzeFile } from '../../src/core/workspace/analyzeFile';
import { discoverCostFiles } from '../../src/core/workspace/discover';
import { fileSourceReader } from '../../src/core/workspace/fileSourceReader';
import { parseProjectConfig, type ProjectConfig } from '../../src/core/volume/projectConfig';
import { PriceBook } from '../../src/core/pricing/priceBook';
import { TokenCounter } from '../../src/core/tokens/tokenCounter';
import { InProcessEncoder } from '../../src/core/tokens/inProcessEncoder';
import { isRuleId, RULE_IDS } from '../../src/core/findings/findingCodes';
import { SILENT_LOGGER } from '../../src/core/log/logger';
import { generatedTypeScript } from '../unit/codeGenerated';

const ROOT = path.join(__dirname, '..', 'fixtures', 'workspace');
const RUNS = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main(): Promise<void> {
  const { config } = parseProjectConfig(readFileSync(path.join(ROOT, 'promptcost.yaml'), 'utf8'));
  const counter = new TokenCounter(new InProcessEncoder());
  const reader = fileSourceReader(ROOT);
  const files = discoverCostFiles(ROOT).map((file) => ({ file: file.path, text: readFileSync(path.join(ROOT, file.path), 'utf8') }));
  const generated = generatedTypeScript(5000);
  const allOff: ProjectConfig = { ...config, rules: Object.fromEntries(RULE_IDS.map((id) => [id, 'off' as const])) };
  const rows: Array<[string, string]> = [];
  for (const [label, inputs] of [
    [`sample app (${files.length} files)`, files],
    [`generated.ts (5,000 lines, ${generated.calls} calls)`, [{ file: 'src/generated.ts', text: generated.text }]],
  ] as const) {
    // The editor's analysis of a document offers fixes, each checked by analysing the edited file;
    // a scan (the CLI, the report) skips them; and the rules off show what extraction and pricing cost.
    const modes = [
      { label: 'rules on, fixes checked (editor)', project: config, offerFixes: true },
      { label: 'rules on, no fixes (scan, CLI)', project: config, offerFixes: false },
      { label: 'rules off', project: allOff, offerFixes: false },
    ];
    const timings = modes.map(() => [] as number[]);
    let findings = 0;
    const analyse = (file: string, text: string, { project, offerFixes }: (typeof modes)[number]) =>
      analyzeFile(
        text,
        file,
        { counter, prices: new PriceBook(project.prices), project, defaultModel: 'gpt-4o-mini', monthlyCalls: 10_000, offerFixes, logger: SILENT_LOGGER },
        reader,
      );
    // One untimed pass loads the tokenizer tables and grammars.
    for (const mode of modes) for (const { file, text } of inputs) await analyse(file, text, mode);
    for (let run = 0; run < RUNS; run++) {
      for (const [index, mode] of modes.entries()) {
        const started = performance.now();
        let found = 0;
        for (const { file, text } of inputs) {
          const analysis = await analyse(file, text, mode);
          found += analysis?.sites.reduce((sum, site) => sum + site.findings.filter((finding) => isRuleId(finding.rule)).length, 0) ?? 0;
        }
        timings[index].push(performance.now() - started);
        if (index === 0) findings = found;
      }
    }
    for (const [index, mode] of modes.entries())
      rows.push([`${label}: ${mode.label}${index === 0 ? ` (${findings} findings)` : ''}`, `median of ${RUNS} ${median(timings[index]).toFixed(0)} ms`]);
  }
  rows.push(...quoteRows());
  const width = Math.max(...rows.map(([label]) => label.length));
  for (const [label, value] of rows) console.log(`${label.padEnd(width)}  ${value}`);
}

/**
 * Pricing: every site's usage is quoted (the total, and the rates of uncached input, cache reads
 * and cache writes at the request's tier: two to four of the library's calculations), and the
 * cheaper-model rule quotes each alternative. A fresh book each run, so that nothing is served from
 * its held quotes. The reference is the same calculations as the library answers them when asked
 * by provider id (it then tests the provider's models one by one).
 */
function quoteRows(): Array<[string, string]> {
  const { calcPrice } = require('@pydantic/genai-prices') as typeof import('@pydantic/genai-prices');
  const models: Array<[string, string]> = [
    ['gpt-4o', 'openai'],
    ['gpt-4.1-mini', 'openai'],
    ['claude-sonnet-4-5', 'anthropic'],
    ['claude-haiku-4-5', 'anthropic'],
    ['gemini-2.5-flash', 'google'],
    ['gemini-2.5-pro', 'google'],
  ];
  const usages = Array.from({ length: 3000 }, (_, i) => ({
    input: 1000 + i * 7,
    cacheRead: i % 3 === 0 ? 500 : 0,
    cacheWrite: i % 5 === 0 ? 200 : 0,
    output: 300 + i,
  }));
  const quotes = models.length * usages.length;
  const book: number[] = [];
  const library: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const prices = new PriceBook();
    let started = performance.now();
    for (const usage of usages) for (const [model] of models) prices.quote(model, usage);
    book.push(performance.now() - started);
    started = performance.now();
    for (const { input, cacheRead, cacheWrite, output } of usages)
      for (const [model, providerId] of models) {
        calcPrice({ input_tokens: input, cache_read_tokens: cacheRead, cache_write_tokens: cacheWrite, output_tokens: output }, model, { providerId });
        calcPrice({ input_tokens: input, output_tokens: 0 }, model, { providerId });
        if (cacheRead > 0) calcPrice({ input_tokens: input, cache_read_tokens: input, output_tokens: 0 }, model, { providerId });
        if (cacheWrite > 0) calcPrice({ input_tokens: input, cache_write_tokens: input, output_tokens: 0 }, model, { providerId });
      }
    library.push(performance.now() - started);
  }
  const perQuote = (ms: number) => `${((ms * 1000) / quotes).toFixed(1)} µs a quote`;
  return [
    [
      `price quotes: ${quotes.toLocaleString('en-US')} usages over ${models.length} models`,
      `median of ${RUNS} ${median(book).toFixed(0)} ms, ${perQuote(median(book))}`,
    ],
    [
      `  the same calculations, the library asked by provider id (reference)`,
      `median of ${RUNS} ${median(library).toFixed(0)} ms, ${perQuote(median(library))}`,
    ],
  ];
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
