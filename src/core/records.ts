/**
 * Name-keyed look-ups for records whose keys come from the user's files (variable names, model ids,
 * deployment names, roles, import paths). A plain `record[key]` finds `Object.prototype`'s members
 * too — `{{constructor}}` would be sized as a function — so every such look-up goes through here.
 */

/** The record's own value for `key`, or undefined: never an inherited member such as `constructor` or `__proto__`. */
export function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/**
 * Sets a record's own entry, also for the key `__proto__`, which a plain assignment would turn into
 * a change of the record's prototype instead of an entry.
 */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}
