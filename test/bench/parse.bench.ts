/**
 * What parsing source code costs: starting web-tree-sitter, loading a grammar, and parsing plus
 * resolving every call of a generated 5,000-line file. Prints a table; nothing here asserts timings
 * (machines differ).
 */
import { performance } from 'perf_hooks';
import { parseCode } from '../../src/core/extract/code/parseCode';
import { NO_OTHER_FILES } from '../../src/core/codeModel/sourceReader';
import { initTreeSitter, loadLanguage } from '../../src/core/extract/code/treeSitter';
import { generatedPython, generatedTypeScript } from '../unit/codeGenerated';

const RUNS = 5;

async function time(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main(): Promise<void> {
  const rows: Array<[string, string]> = [];
  rows.push(['web-tree-sitter init', `${(await time(initTreeSitter)).toFixed(0)} ms`]);
  for (const grammar of ['typescript', 'python'] as const) {
    rows.push([`grammar load: ${grammar}`, `${(await time(() => loadLanguage(grammar))).toFixed(0)} ms`]);
  }
  for (const [file, generate] of [
    ['generated.ts', generatedTypeScript],
    ['generated.py', generatedPython],
  ] as const) {
    const { text, calls } = generate(5000);
    const runs: number[] = [];
    let found = 0;
    for (let run = 0; run < RUNS; run++) {
      runs.push(
        await time(async () => {
          found = (await parseCode(text, file, NO_OTHER_FILES))?.calls.length ?? 0;
        }),
      );
    }
    rows.push([
      `parse + walk + resolve: ${file} (5,000 lines, ${calls} calls${found === calls ? '' : `, found ${found}`})`,
      `first ${runs[0].toFixed(0)} ms, median of ${RUNS} ${median(runs).toFixed(0)} ms`,
    ]);
  }
  const width = Math.max(...rows.map(([label]) => label.length));
  for (const [label, value] of rows) console.log(`${label.padEnd(width)}  ${value}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
