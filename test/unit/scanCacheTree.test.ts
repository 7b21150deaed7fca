import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { treeState } from '../../src/core/workspace/scanCache';

describe("the scan cache's walk of the tree", () => {
  let root: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'promptcost-tree-'));
    const hourAgo = new Date(Date.now() - 3_600_000);
    for (let folder = 0; folder < 6; folder++) {
      fs.mkdirSync(path.join(root, `f${folder}`));
      for (let file = 0; file < 3; file++) {
        const full = path.join(root, `f${folder}`, `p${file}.prompty`);
        fs.writeFileSync(full, `user:\nHello ${folder}/${file}\n`);
        fs.utimesSync(full, hourAgo, hourAgo);
      }
    }
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('gives the thread back between folders once it has held it long enough, and finds the same tree', async () => {
    const now = Date.now();
    const whole = await treeState(root, undefined, now);
    // Asked to give way at every folder: other work (a ticker asking for one turn after another) runs meanwhile.
    let turns = 0;
    let walking = true;
    const tick = () => {
      turns++;
      if (walking) setImmediate(tick);
    };
    setImmediate(tick);
    const stepped = await treeState(root, undefined, now, -1);
    walking = false;
    // The root and its six folders: a turn before each.
    assert.ok(turns >= 7, `${turns} turns`);
    assert.strictEqual(stepped.fingerprint, whole.fingerprint);
    assert.deepStrictEqual([...stepped.settled.keys()].sort(), [...whole.settled.keys()].sort());
    assert.strictEqual(stepped.settled.size, 18);
  });
});
