import { errorMessage } from './logger';

/** Errors reading a file that a later try may not meet. */
const TRANSIENT_ERRNO_CODES: ReadonlySet<string> = new Set(['EMFILE', 'ENFILE', 'EAGAIN', 'EBUSY', 'EINTR', 'ENOMEM']);

/**
 * A part of Prompt Cost itself did not load: a file of its install is missing or damaged. Neither a
 * bug in its code nor a problem of the user's file; the message says what did not load and why, and
 * ends with what fixes it.
 */
export class BrokenInstallError extends Error {
  /**
   * Whether trying again may succeed: reading the file failed for want of a resource (too many open
   * files, …). Otherwise the file is missing or its content at fault and every try fails the same
   * way, so the failure is kept rather than paid for again on each of a scan's files.
   */
  readonly mayPass: boolean;

  constructor(what: string, cause: unknown, reason = errorMessage(cause)) {
    super(`${what}: ${reason.replace(/\.$/, '')}. Reinstalling Prompt Cost should fix it.`);
    this.name = new.target.name;
    this.mayPass = TRANSIENT_ERRNO_CODES.has(String((cause as NodeJS.ErrnoException | undefined)?.code));
  }
}
