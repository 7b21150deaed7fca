/**
 * Runs inside the extension host (desktop VS Code through @vscode/test-electron, or code-server's
 * Node extension host): the standard `run()` contract of VS Code extension tests.
 */
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { WAIT_CEILING_MS } from './helpers';

export interface IntegrationResult {
  passes: number;
  failures: number;
  /** Tests that skipped themselves (a platform guard): counted, so that none is hidden in a pass. */
  pending: number;
  tests: Array<{ title: string; state: 'passed' | 'failed' | 'skipped'; error?: string }>;
  /** The extension host's process id and VS Code version: proof of where the tests ran. */
  pid: number;
  vscodeVersion: string;
  appHost: string;
}

export function run(): Promise<void> {
  // PROMPTCOST_TEST_GREP runs only the tests whose full title matches it (while working on one suite).
  // A test's waits each have a ceiling (WAIT_CEILING_MS in helpers.ts); the test's own time-out is a
  // few of them, so that a wait that fails reports what it saw before mocha's generic time-out could.
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 3 * WAIT_CEILING_MS, reporter: 'spec', grep: process.env.PROMPTCOST_TEST_GREP || undefined });
  const suiteDir = path.join(__dirname, 'suite');
  for (const file of fs
    .readdirSync(suiteDir)
    .filter((name) => name.endsWith('.test.js'))
    .sort()) {
    mocha.addFile(path.join(suiteDir, file));
  }
  const result: IntegrationResult = {
    passes: 0,
    failures: 0,
    pending: 0,
    tests: [],
    pid: process.pid,
    vscodeVersion: vscode.version,
    appHost: vscode.env.appHost,
  };
  console.log(`[integration] VS Code ${vscode.version} (${vscode.env.appHost}), extension host pid ${process.pid}`);
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const resultFile = process.env.PROMPTCOST_TEST_RESULT;
      if (resultFile) fs.writeFileSync(resultFile, JSON.stringify(result, null, 2));
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
      else resolve();
    });
    runner.on('pass', (test) => {
      result.passes++;
      result.tests.push({ title: test.fullTitle(), state: 'passed' });
    });
    runner.on('pending', (test) => {
      result.pending++;
      result.tests.push({ title: test.fullTitle(), state: 'skipped' });
    });
    runner.on('fail', (test, error: Error) => {
      result.failures++;
      result.tests.push({ title: test.fullTitle(), state: 'failed', error: error.stack ?? error.message });
    });
  });
}
