/**
 * `npm test`: lint, type check, build, then the four test layers — unit (in process, plain node), process
 * (the built CLI and engine worker, started as child processes and worker threads), integration (a
 * real VS Code extension host) and E2E (the real workbench in headless Chromium). Every layer runs
 * even when an earlier one failed, each prints its own counts, and the last line is the total:
 * "N passed, M failed, K skipped" (a test skips itself only on a platform that lacks what it
 * tests; the count shows it rather than letting it pass unseen). Exits non-zero if anything failed.
 */
import { spawn } from 'child_process';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');
const bin = (name: string) => path.join(ROOT, 'node_modules', '.bin', name);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

interface Step {
  name: string;
  command: string;
  args: string[];
  /** Counts come from the runner's own summary; steps without tests count as one check. */
  counts: (output: string) => Counts | undefined;
}

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

const mochaCounts = (output: string): Counts | undefined => {
  const passing = /^\s*(\d+) passing/m.exec(output);
  const failing = /^\s*(\d+) failing/m.exec(output);
  const pending = /^\s*(\d+) pending/m.exec(output);
  if (!passing && !failing) return undefined;
  return { passed: Number(passing?.[1] ?? 0), failed: Number(failing?.[1] ?? 0), skipped: Number(pending?.[1] ?? 0) };
};

const STEPS: Step[] = [
  // ESLint (the architecture's boundaries, complexity), Prettier, import and folder cycles, dead code.
  { name: 'lint', command: npm, args: ['run', '--silent', 'lint'], counts: () => undefined },
  { name: 'typecheck', command: bin('tsc'), args: ['--noEmit', '-p', ROOT], counts: () => undefined },
  { name: 'build', command: process.execPath, args: [path.join(ROOT, 'esbuild.js')], counts: () => undefined },
  { name: 'unit', command: bin('mocha'), args: [], counts: mochaCounts },
  // The mutation fuzzer on its fixed CI budget (seed 1): no input may crash, hang or corrupt a number.
  { name: 'fuzz', command: bin('tsx'), args: [path.join(ROOT, 'test/fuzz/ci.ts')], counts: () => undefined },
  { name: 'process', command: bin('mocha'), args: ['--config', path.join(ROOT, 'test/process/.mocharc.json')], counts: mochaCounts },
  {
    name: 'integration',
    command: bin('tsx'),
    args: [path.join(ROOT, 'test/integration/run.ts')],
    counts: (output) => {
      const line = /^integration: (\d+) passed, (\d+) failed, (\d+) skipped$/m.exec(output);
      return line ? { passed: Number(line[1]), failed: Number(line[2]), skipped: Number(line[3]) } : undefined;
    },
  },
  { name: 'e2e', command: bin('mocha'), args: ['--config', path.join(ROOT, 'test/e2e/.mocharc.json')], counts: mochaCounts },
];

function runStep(step: Step): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    console.log(`\n━━ ${step.name} ━━`);
    const child = spawn(step.command, step.args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      process.stdout.write(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      process.stderr.write(chunk);
    });
    child.on('error', (error) => resolve({ code: 1, output: `${output}\n${error.message}` }));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

async function main(): Promise<number> {
  const summary: string[] = [];
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  let broken = false;
  for (const step of STEPS) {
    const started = Date.now();
    const { code, output } = await runStep(step);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const counts = step.counts(output);
    if (counts) {
      passed += counts.passed;
      failed += counts.failed;
      skipped += counts.skipped;
      const skips = counts.skipped > 0 ? `, ${counts.skipped} skipped` : '';
      summary.push(`${step.name.padEnd(12)} ${counts.passed} passed, ${counts.failed} failed${skips}${code === 0 ? '' : ` (exit ${code})`}  ${seconds} s`);
    } else {
      summary.push(`${step.name.padEnd(12)} ${code === 0 ? 'ok' : `FAILED (exit ${code})`}  ${seconds} s`);
    }
    if (code !== 0) broken = true;
    // Nothing can be tested without a build.
    if (code !== 0 && step.name === 'build') break;
  }
  console.log('\n━━ summary ━━');
  for (const line of summary) console.log(line);
  console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
  return broken || failed > 0 ? 1 : 0;
}

main().then((code) => process.exit(code));
