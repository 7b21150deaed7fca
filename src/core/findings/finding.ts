import type { Range, TextEdit } from '../text/positions';
import type { FindingCode, Severity } from './findingCodes';

export type { FindingCode, Severity };

/** A quick fix: edits to the file the finding is in. */
export interface Fix {
  title: string;
  edits: TextEdit[];
  preferred?: boolean;
}

/** What a rule, an extractor or the estimate found: a diagnostic in the editor, a line in the CLI. */
export interface Finding {
  /** The finding's code (a rule id, a parse problem…), from the finding-code registry; the diagnostic code. */
  rule: FindingCode;
  severity: Severity;
  message: string;
  range: Range;
  monthlySavings?: number;
  fixes: Fix[];
}
