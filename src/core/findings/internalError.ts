import { BrokenInstallError } from '../log/brokenInstallError';
import { errorMessage } from '../log/logger';
import type { Range } from '../text/positions';
import type { Finding } from './finding';
import { FINDING_CODES } from './findingCodes';

/**
 * A failure inside Prompt Cost as the user sees it: said to be ours, with where to find the stack,
 * never worded as a problem of their file.
 */
export function internalError(what: string, error: unknown, range: Range): Finding {
  return {
    rule: 'internal-error',
    severity: FINDING_CODES['internal-error'].defaultSeverity,
    message:
      error instanceof BrokenInstallError
        ? `${what}: ${error.message}`
        : `${what}: ${errorMessage(error)}. This is a bug in Prompt Cost, not a problem of this file; its stack is in the Prompt Cost log (the output channel in VS Code, --verbose in the CLI).`,
    range,
    fixes: [],
  };
}
