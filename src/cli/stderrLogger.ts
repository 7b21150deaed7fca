import { errorDetail, SILENT_LOGGER, type Logger } from '../core';

/**
 * The engine's log on stderr, under --verbose: what was analysed and how long it took, skipped files,
 * and failures with their stacks. stdout stays the report alone, so `--format json` remains parseable.
 */
export function stderrLogger(verbose: boolean): Logger {
  if (!verbose) return SILENT_LOGGER;
  const write = (level: string, message: string) => process.stderr.write(`promptcost [${level}] ${message}\n`);
  return {
    debug: (message) => write('debug', message),
    info: (message) => write('info', message),
    warn: (message) => write('warn', message),
    error: (message, error) => write('error', error === undefined ? message : `${message}: ${errorDetail(error)}`),
  };
}
