/**
 * Texts without a break, each one pre-token to the encodings' regexes, that used to freeze
 * counting: js-tiktoken's merge is quadratic in one pre-token. Shared by the unit tests and
 * `npm run bench`.
 */
export const RUNS_WITHOUT_BREAK: ReadonlyArray<{ name: string; of: (length: number) => string }> = [
  { name: 'a run of `a`', of: (length) => 'a'.repeat(length) },
  { name: 'a run of `{`', of: (length) => '{'.repeat(length) },
  { name: 'a run of spaces', of: (length) => ' '.repeat(length) },
  { name: 'a run of kana', of: (length) => 'あ'.repeat(length) },
];

/**
 * Base64 of pseudo-random bytes, as a data URL or an embedded file holds it (the same text on every
 * run). The regexes break it at every digit, `+` and `/`, so it is no run, but 1 MB of it took a second.
 */
export function base64Blob(length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let state = 12345;
  let blob = '';
  while (blob.length < length) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    blob += alphabet[(state >> 8) % 64];
  }
  return blob;
}
