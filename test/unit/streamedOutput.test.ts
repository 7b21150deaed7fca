import * as assert from 'assert';
import { Writable } from 'stream';
import { printPieces } from '../../src/cli/streamedOutput';

/** A stream that takes one chunk at a time, slowly, and says how many writes found its buffer full. */
function slowReader(): { stream: Writable; chunks: string[]; full: () => number } {
  const chunks: string[] = [];
  let full = 0;
  const stream = new Writable({
    highWaterMark: 16,
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      setTimeout(done, 1);
    },
  });
  const write = stream.write.bind(stream);
  stream.write = ((chunk: string) => {
    const room = write(chunk);
    if (!room) full++;
    return room;
  }) as typeof stream.write;
  return { stream, chunks, full: () => full };
}

describe('printPieces (the CLI writing a large JSON report)', () => {
  it('writes every piece in order, batched to 64 K characters, and a line break, as console.log would', async () => {
    const { stream, chunks } = slowReader();
    const pieces = Array.from({ length: 3 }, (_, i) => String(i).repeat(40_000));
    await printPieces(pieces, stream);
    assert.deepStrictEqual(
      chunks.map((chunk) => chunk.length),
      [80_000, 40_001],
    );
    assert.strictEqual(chunks.join(''), `${pieces.join('')}\n`);
  });

  it('waits for a full stream to drain before writing more, so the text never piles up in memory', async () => {
    const { stream, chunks, full } = slowReader();
    let pulled = 0;
    function* pieces(): Generator<string> {
      for (let i = 0; i < 4; i++) {
        pulled++;
        yield 'x'.repeat(70_000);
      }
    }
    const done = printPieces(pieces(), stream);
    // The first batch filled the stream: nothing more is pulled until it drains.
    assert.strictEqual(pulled, 1);
    await done;
    assert.strictEqual(pulled, 4);
    // Each 70,000-character batch filled it; the final line break found room.
    assert.strictEqual(full(), 4);
    assert.strictEqual(chunks.join('').length, 4 * 70_000 + 1);
  });
});
