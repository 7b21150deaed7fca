import * as vscode from 'vscode';
import { errorDetail, type Logger } from '../core';

/** Lines kept in memory besides the channel, for the extension's API (tests read what was logged). */
const RECENT_LINES = 500;

export interface Log {
  channel: vscode.LogOutputChannel;
  logger: Logger;
  /** The last lines logged, oldest first, as `[level] message`. */
  recent(): string[];
}

/**
 * The "Prompt Cost" output channel (a log channel: levels, timestamps, and the level filter of
 * "Developer: Set Log Level…"), and the engine's Logger on top of it.
 */
export function createLog(): Log {
  const channel = vscode.window.createOutputChannel('Prompt Cost', { log: true });
  const recent: string[] = [];
  const keep = (level: string, message: string) => {
    recent.push(`[${level}] ${message}`);
    if (recent.length > RECENT_LINES) recent.shift();
  };
  const logger: Logger = {
    debug: (message) => {
      keep('debug', message);
      channel.debug(message);
    },
    info: (message) => {
      keep('info', message);
      channel.info(message);
    },
    warn: (message) => {
      keep('warn', message);
      channel.warn(message);
    },
    error: (message, error) => {
      const line = error === undefined ? message : `${message}: ${errorDetail(error)}`;
      keep('error', line);
      channel.error(line);
    },
  };
  return { channel, logger, recent: () => [...recent] };
}
