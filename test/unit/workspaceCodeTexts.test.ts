import * as assert from 'assert';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { forgetCodeTexts, heldText, workspaceCodeTexts } from '../../src/core/workspace/workspaceCodeTexts';

describe("The workspace's code held for caller searches", () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'promptcost-code-texts-'));
    writeFileSync(path.join(root, 'a.ts'), 'export const a = 1;\n');
    writeFileSync(path.join(root, 'b.py'), 'B = 2\n');
  });
  afterEach(() => {
    forgetCodeTexts(root);
    rmSync(root, { recursive: true, force: true });
  });

  it('stays the same copy when checked again and nothing changed, so what was worked out from it is kept', async () => {
    let now = 1_000_000;
    const first = await workspaceCodeTexts(root, () => now);
    now += 31_000;
    const second = await workspaceCodeTexts(root, () => now);
    assert.ok(first && second);
    assert.strictEqual(second, first);
    assert.deepStrictEqual(
      first.files.map((file) => file.path),
      ['a.ts', 'b.py'],
    );
  });

  it('is a new copy with the new text once a file changed', async () => {
    let now = 1_000_000;
    const first = await workspaceCodeTexts(root, () => now);
    writeFileSync(path.join(root, 'a.ts'), 'export const a = 22;\n');
    // Another size and time, whatever the file system's clock resolution.
    utimesSync(path.join(root, 'a.ts'), new Date(2030, 0, 1), new Date(2030, 0, 1));
    now += 31_000;
    const second = await workspaceCodeTexts(root, () => now);
    assert.ok(first && second);
    assert.notStrictEqual(second, first);
    assert.deepStrictEqual([heldText(first, 'a.ts'), heldText(second, 'a.ts')], ['export const a = 1;\n', 'export const a = 22;\n']);
    // The unchanged file's entry is carried over, not read again.
    assert.strictEqual(second.files[1], first.files[1]);
  });
});
