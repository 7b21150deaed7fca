import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { discoverCostFiles } from '../../src/core/workspace/discover';
import { readRegularFile } from '../../src/core/workspace/diskFile';
import { fileSourceReader } from '../../src/core/workspace/fileSourceReader';

const PROMPT = '---\nname: Hello\nmodel: gpt-4o-mini\n---\nuser:\nSay hello.\n';

/**
 * Makes a named pipe. The suite runs where `npm test` runs, a Debian-like Linux (its editor layers
 * install Debian packages): a missing mkfifo fails the test rather than let the named-pipe checks go unrun.
 */
function mkfifo(file: string): void {
  execFileSync('mkfifo', [file]);
}

/** What discoverCostFiles lists: each path, and for the entries it did not read, why. */
async function listing(root: string): Promise<Array<string | [string, string]>> {
  const entries: Array<string | [string, string]> = [];
  for (const file of discoverCostFiles(root)) {
    const read = await file.read();
    entries.push(ArrayBuffer.isView(read) ? file.path : [file.path, `${read.cause}: ${read.reason}`]);
  }
  return entries;
}

describe('files on disk', () => {
  let dir: string;
  let outside: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'promptcost-disk-'));
    outside = fs.mkdtempSync(path.join(os.tmpdir(), 'promptcost-outside-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(outside, { recursive: true, force: true });
  });
  const write = (file: string, text: string | Buffer) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  };

  describe('readRegularFile', () => {
    it('reads a regular file up to the limit, byte for byte', async () => {
      write('a.prompty', PROMPT);
      assert.strictEqual(Buffer.from((await readRegularFile(path.join(dir, 'a.prompty'), PROMPT.length)) as Uint8Array).toString(), PROMPT);
      assert.deepStrictEqual(await readRegularFile(path.join(dir, 'a.prompty'), PROMPT.length - 1), {
        cause: 'too-large',
        reason: `larger than ${PROMPT.length - 1} bytes; not parsed`,
      });
      write('empty.prompty', '');
      assert.strictEqual(((await readRegularFile(path.join(dir, 'empty.prompty'), 10)) as Uint8Array).byteLength, 0);
    });

    it('says what is not a regular file without waiting on it: a named pipe, a device, a folder', async function () {
      mkfifo(path.join(dir, 'pipe.prompty'));
      assert.deepStrictEqual(await readRegularFile(path.join(dir, 'pipe.prompty'), 1_000_000), {
        cause: 'not-a-file',
        reason: 'not a regular file (a named pipe); skipped',
      });
      if (fs.existsSync('/dev/zero')) {
        assert.deepStrictEqual(await readRegularFile('/dev/zero', 1_000_000), {
          cause: 'not-a-file',
          reason: 'not a regular file (a character device); skipped',
        });
      }
      assert.deepStrictEqual(await readRegularFile(dir, 1_000_000), { cause: 'not-a-file', reason: 'not a regular file (a folder); skipped' });
    });

    it('refuses a 50 MB file from its size, and says what is missing', async () => {
      write('huge.prompty', '');
      // Sparse: no 50 MB written to make it, and none read to refuse it.
      fs.truncateSync(path.join(dir, 'huge.prompty'), 50 * 1024 * 1024);
      assert.deepStrictEqual(await readRegularFile(path.join(dir, 'huge.prompty'), 1_000_000), {
        cause: 'too-large',
        reason: 'larger than 1,000,000 bytes; not parsed',
      });
      assert.deepStrictEqual(await readRegularFile(path.join(dir, 'gone.prompty'), 1_000_000), { cause: 'unreadable', reason: 'no such file or folder' });
    });
  });

  describe('discoverCostFiles', () => {
    it('lists a named pipe with a prompt file name as skipped, and ignores other pipes', async function () {
      write('a.prompty', PROMPT);
      mkfifo(path.join(dir, 'pipe.prompty'));
      mkfifo(path.join(dir, 'notes.fifo'));
      assert.deepStrictEqual(await listing(dir), ['a.prompty', ['pipe.prompty', 'not-a-file: not a regular file (a named pipe); skipped']]);
    });

    it('ends on link loops: a link to the root, two links to each other', async () => {
      write('prompts/a.prompty', PROMPT);
      fs.symlinkSync('.', path.join(dir, 'self'));
      fs.symlinkSync('..', path.join(dir, 'prompts', 'up'));
      fs.symlinkSync('loop-b', path.join(dir, 'loop-a'));
      fs.symlinkSync('loop-a', path.join(dir, 'loop-b'));
      fs.symlinkSync('b.prompty', path.join(dir, 'c.prompty'));
      fs.symlinkSync('c.prompty', path.join(dir, 'b.prompty'));
      assert.deepStrictEqual(await listing(dir), [
        ['b.prompty', 'broken-link: a link that leads back to itself (a loop); not followed'],
        ['c.prompty', 'broken-link: a link that leads back to itself (a loop); not followed'],
        'prompts/a.prompty',
      ]);
    });

    it('does not follow links out of the folder, and lists them', async () => {
      write('a.prompty', PROMPT);
      fs.writeFileSync(path.join(outside, 'secret.prompty'), PROMPT);
      fs.writeFileSync(path.join(outside, 'notes.txt'), 'not a prompt');
      fs.symlinkSync(outside, path.join(dir, 'shared'));
      fs.symlinkSync(path.join(outside, 'secret.prompty'), path.join(dir, 'secret.prompty'));
      // Neither a folder nor a prompt or source file: nothing is missed by not following it.
      fs.symlinkSync(path.join(outside, 'notes.txt'), path.join(dir, 'notes.txt'));
      const outsideLink = 'outside-link: a link to a path outside the scanned folder; not followed';
      assert.deepStrictEqual(await listing(dir), ['a.prompty', ['secret.prompty', outsideLink], ['shared', outsideLink]]);
    });

    it('follows links inside the folder, reading each real file once, under its own path', async () => {
      write('prompts/v2.prompty', PROMPT);
      write('build/generated/g.prompty', PROMPT);
      fs.symlinkSync('v2.prompty', path.join(dir, 'prompts', 'current.prompty'));
      fs.symlinkSync('prompts', path.join(dir, 'alias'));
      // build/ is never walked, but a link to a folder in it is followed.
      fs.symlinkSync(path.join('build', 'generated'), path.join(dir, 'generated'));
      fs.symlinkSync('missing.prompty', path.join(dir, 'dangling.prompty'));
      assert.deepStrictEqual(await listing(dir), [
        ['dangling.prompty', 'broken-link: a link to a path that does not exist; not followed'],
        'generated/g.prompty',
        'prompts/v2.prompty',
      ]);
    });
  });

  describe('fileSourceReader', () => {
    it('reads inside the root only, after resolving links', async () => {
      write('src/prompts.ts', 'export const A = 1;\n');
      fs.writeFileSync(path.join(outside, 'secret.ts'), 'export const SECRET = 1;\n');
      fs.symlinkSync(outside, path.join(dir, 'src', 'shared'));
      fs.symlinkSync(path.join(outside, 'secret.ts'), path.join(dir, 'src', 'secret.ts'));
      fs.symlinkSync('prompts.ts', path.join(dir, 'src', 'alias.ts'));
      const reader = fileSourceReader(dir);
      assert.strictEqual(await reader.read('src/prompts.ts'), 'export const A = 1;\n');
      assert.strictEqual(await reader.read('src/alias.ts'), 'export const A = 1;\n');
      assert.strictEqual(await reader.read('src/shared/secret.ts'), undefined);
      assert.strictEqual(await reader.read('src/secret.ts'), undefined);
      assert.strictEqual(await reader.read(`../${path.basename(outside)}/secret.ts`), undefined);
    });

    it('reads no named pipe, no binary file and nothing over 1 MB', async function () {
      mkfifo(path.join(dir, 'pipe.md'));
      write('bin.md', Buffer.from([0x61, 0, 0x62]));
      write('big.md', '');
      fs.truncateSync(path.join(dir, 'big.md'), 2_000_000);
      const reader = fileSourceReader(dir);
      assert.deepStrictEqual([await reader.read('pipe.md'), await reader.read('bin.md'), await reader.read('big.md')], [undefined, undefined, undefined]);
    });
  });
});
