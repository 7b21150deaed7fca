/** Pieces are joined up to about this many characters per write: one write per site would be thousands of calls. */
const BATCH_CHARS = 64 * 1024;

/**
 * Writes a text given in pieces to standard output, followed by a line break (as `console.log`), in
 * batches, waiting whenever the stream's buffer is full: a slow reader of a pipe must not make the
 * whole text pile up in memory, which is what writing it in pieces is for.
 */
export async function printPieces(pieces: Iterable<string>, output: NodeJS.WritableStream = process.stdout): Promise<void> {
  let batch = '';
  const flush = async () => {
    if (batch === '') return;
    const full = !output.write(batch);
    batch = '';
    if (full) await new Promise<void>((resolve) => output.once('drain', resolve));
  };
  for (const piece of pieces) {
    batch += piece;
    if (batch.length >= BATCH_CHARS) await flush();
  }
  batch += '\n';
  await flush();
}
