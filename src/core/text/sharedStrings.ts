/**
 * One copy of each short string a thread keeps many of: the model ids and kinds of decoded sites on
 * the main thread, the names and module paths of held call graphs in the worker. Bounded, and only
 * short ones: the strings worth sharing (a model id, `once`, `getLogger`, a module a whole folder
 * imports) are short and come back with every file, while a file's long texts come once.
 */
const SHARED = new Map<string, string>();
const MAX_SHARED_STRINGS = 10_000;
const MAX_SHARED_STRING_LENGTH = 64;

/**
 * The copy of `text` kept before, else `text` itself, kept from now on. `text` is kept as it is:
 * pass a string of its own, not one cut out of a larger text (V8's sliced strings keep all of it).
 */
export function sharedString(text: string): string {
  if (text.length > MAX_SHARED_STRING_LENGTH) return text;
  const known = SHARED.get(text);
  if (known !== undefined) return known;
  if (SHARED.size >= MAX_SHARED_STRINGS) SHARED.clear();
  SHARED.set(text, text);
  return text;
}
