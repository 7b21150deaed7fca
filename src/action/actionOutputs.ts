import { randomBytes } from 'crypto';
import * as fs from 'fs';
import type { OutputName } from './actionInputs';

/**
 * Sets a step output the way the runner reads them: appended to the file `$GITHUB_OUTPUT` names,
 * as `name<<delimiter` blocks (a value can never end the block early: the delimiter is random).
 * Outside a runner the value is printed instead.
 */
export function setOutput(name: OutputName, value: string): void {
  const file = process.env.GITHUB_OUTPUT;
  if (!file) {
    console.log(`${name}: ${value}`);
    return;
  }
  const delimiter = `promptcost_${randomBytes(12).toString('hex')}`;
  fs.appendFileSync(file, `${name}<<${delimiter}\n${value}\n${delimiter}\n`);
}
