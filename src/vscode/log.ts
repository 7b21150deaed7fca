import * as vscode from 'vscode';
import { errorDetail, type Logger } from '../core';

/**
 * The "Prompt Cost" output channel (a log channel: levels, timestamps, and the level filter of
 * "Developer: Set Log Level…"), and the engine's Logger on top of it.
 */
export function createLog(): { channel: vscode.LogOutputChannel; logger: Logger } {
  const channel = vscode.window.createOutputChannel('Prompt Cost', { log: true });
  const logger: Logger = {
    debug: (message) => channel.debug(message),
    info: (message) => channel.info(message),
    warn: (message) => channel.warn(message),
    error: (message, error) => channel.error(error === undefined ? message : `${message}: ${errorDetail(error)}`),
  };
  return { channel, logger };
}
