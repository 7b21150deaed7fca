import type { Range } from '../text/positions';
import type { Finding } from './finding';
import { FINDING_CODES, type FindingCode } from './findingCodes';

/** A finding about the input itself, at the code's default severity; such findings carry no fixes. */
export function problem(code: FindingCode, message: string, range: Range): Finding {
  return { rule: code, severity: FINDING_CODES[code].defaultSeverity, message, range, fixes: [] };
}
