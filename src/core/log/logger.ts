/**
 * Where the engine says what it did and what went wrong: the extension writes to its "Prompt Cost"
 * output channel, the CLI to stderr under --verbose, tests to nowhere. The engine never writes to
 * the console itself.
 */
export interface Logger {
  /** Routine progress: an analysis and how long it took. */
  debug(message: string): void;
  info(message: string): void;
  /** Something the user may want to fix or know: a skipped file, a config problem. */
  warn(message: string): void;
  /** A failure inside Prompt Cost, with the error whose stack is logged. */
  error(message: string, error?: unknown): void;
}

export type LogLevel = keyof Logger;

/** Discards everything: the default where nobody listens. */
export const SILENT_LOGGER: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** An error's message for a one-line report. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** An error's stack (or message) for the log. */
export function errorDetail(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
