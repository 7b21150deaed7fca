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
  const width = Math.max(...rows.map(([label]) => label.length));
  for (const [label, value] of rows) console.log(`${label.padEnd(width)}  ${value}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
