/** Exit codes are part of the CLI's contract with CI scripts. */
export const EXIT_OK = 0;
/** `promptcost check`: the budget is exceeded or a finding is at or above --fail-on. */
export const EXIT_CHECK_FAILED = 1;
/** Bad arguments, or an input that could not be read. */
export const EXIT_USAGE = 2;
/** A bug in promptcost itself: kept apart from 1 so that CI never reads a crash as a failed check. */
export const EXIT_INTERNAL_ERROR = 3;

/** An error in how the command was called; printed with a pointer to --help. */
export class UsageError extends Error {}
