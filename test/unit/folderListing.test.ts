import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { listFolder, RACY_MS } from '../../src/core/workspace/folderListing';

describe('listing a folder (both walks of a scan)', () => {
  let folder: string;
  const names = (entries: readonly fs.Dirent[]) => entries.map((entry) => `${entry.name}${entry.isDirectory() ? '/' : ''}`);
  /** Dates the folder back, as a checkout's folders are by the time anyone scans them. */
  const age = () => {
    const minuteAgo = new Date(Date.now() - 60_000);
    fs.utimesSync(folder, minuteAgo, minuteAgo);
  };
  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'promptcost-listing-'));
    for (const name of ['b.ts', 'a.py', 'Z.prompty']) fs.writeFileSync(path.join(folder, name), '');
    fs.mkdirSync(path.join(folder, 'src'));
  });
  afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('gives the entries sorted by code unit, with their types', () => {
    assert.deepStrictEqual(names(listFolder(folder)), ['Z.prompty', 'a.py', 'b.ts', 'src/']);
  });

  it('answers from memory while the folder is as it was, and lists it again once an entry comes or goes', () => {
    age();
    const first = listFolder(folder);
    assert.strictEqual(listFolder(folder), first);
    fs.writeFileSync(path.join(folder, 'c.ts'), '');
    const after = listFolder(folder);
    assert.notStrictEqual(after, first);
    assert.deepStrictEqual(names(after), ['Z.prompty', 'a.py', 'b.ts', 'c.ts', 'src/']);
    fs.rmSync(path.join(folder, 'a.py'));
    assert.deepStrictEqual(names(listFolder(folder)), ['Z.prompty', 'b.ts', 'c.ts', 'src/']);
  });

  it('lists again a folder whose time was put back after an entry was added (its change time moved)', () => {
    age();
    const { atime, mtime, mtimeMs } = fs.statSync(folder);
    listFolder(folder);
    fs.writeFileSync(path.join(folder, 'c.ts'), '');
    fs.utimesSync(folder, atime, mtime);
    // Compared with the stat's own figure: a Date holds whole milliseconds, mtimeMs the file system's fraction of one.
    assert.strictEqual(fs.statSync(folder).mtimeMs, mtimeMs);
    assert.deepStrictEqual(names(listFolder(folder)), ['Z.prompty', 'a.py', 'b.ts', 'c.ts', 'src/']);
  });

  it(`keeps nothing of a folder changed within ${RACY_MS} ms: an entry added in the same tick would not change its time`, () => {
    const first = listFolder(folder);
    assert.notStrictEqual(listFolder(folder), first);
    // The same folder, listed as if RACY_MS later: now remembered.
    const later = Date.now() + RACY_MS + 1_000;
    const remembered = listFolder(folder, later);
    assert.strictEqual(listFolder(folder, later), remembered);
  });

  it('throws as readdirSync does for what cannot be listed', () => {
    assert.throws(() => listFolder(path.join(folder, 'missing')), { code: 'ENOENT' });
    assert.throws(() => listFolder(path.join(folder, 'b.ts')), { code: 'ENOTDIR' });
  });
});
