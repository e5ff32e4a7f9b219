/**
 * Issues: every finding has a stable code, a severity, the sheet and cell it is about,
 * and parameters from which the message is written in the user's language (see messages.ts).
 */
import { parseCellAddress } from './address';

export type Severity = 'error' | 'warning' | 'info';

export type IssueParams = Record<string, string | number>;

export interface Issue {
  code: IssueCode;
  severity: Severity;
  sheet: string;
  /** A1 address of the cell the issue is about ('' when it is about the workbook). */
  cell: string;
  params: IssueParams;
}

/** Every rule's code and severity. Codes are stable: other tools read them. */
export const ISSUE_SEVERITY = {
  // reading
  READ_UNREADABLE_NUMBER: 'error',
  READ_ERROR_VALUE: 'error',
  READ_FORMULA_WITHOUT_VALUE: 'warning',
  TABLE_DUPLICATE_COLUMN: 'warning',
  TABLE_NONE_FOUND: 'warning',
  TABLE_NO_DATA: 'warning',
  TABLE_UNKNOWN_COLUMN: 'info',
  // indicators
  IND_WEIGHT_SUM: 'error',
  IND_GOAL_WEIGHT_TOTAL: 'warning',
  IND_TARGET_MISSING: 'error',
  IND_TARGET_UNSTATED: 'warning',
  NUMBERING_GAP: 'warning',
  NUMBERING_REPEAT: 'warning',
  IND_TARGET_STEP: 'error',
  IND_ACHIEVEMENT_UNKNOWN: 'info',
  PROSE_TARGET_STEP: 'warning',
  PROSE_DIFFERENCE: 'warning',
  // budget
  BUD_ROW_TOTAL: 'error',
  BUD_COLUMN_TOTAL: 'error',
  BUD_TEXT_AMOUNT: 'error',
  BUD_SUBTOTAL: 'error',
  BUD_REPEATED_AMOUNT: 'info',
  BUD_UNIT_CONFLICT: 'warning',
  // risks
  RISK_LIKELIHOOD_RANGE: 'error',
  RISK_IMPACT_RANGE: 'error',
  RISK_VALUE_MISSING: 'error',
  RISK_SCORE_MISMATCH: 'error',
  RISK_LEVEL_MISMATCH: 'error',
  RISK_ID_DUPLICATE: 'error',
  RISK_ID_MISSING: 'warning',
  RISK_RESIDUAL_ABOVE_CURRENT: 'error',
  RISK_NEEDS_COUNTERMEASURE: 'error',
  RISK_RESIDUAL_ABOVE_TOLERANCE: 'warning',
  RISK_SCALE_MISMATCH: 'warning',
  SETTINGS_IGNORED: 'warning',
  // across tables (plan/crossTables.ts)
  XT_RISK_PLAN_UNMATCHED: 'warning',
  XT_AMOUNT_MISMATCH: 'error',
  XT_BUDGET_WITHOUT_INDICATOR: 'info',
  XT_INDICATOR_WITHOUT_BUDGET: 'info',
  // against last year's workbook (previousYear.ts)
  PREV_RISK_STILL_HIGH: 'warning',
  PREV_TARGET_BELOW_ACTUAL: 'warning',
  PREV_TARGET_BELOW_TARGET: 'warning',
  // writing
  WRITE_MAP_SHEET_RENAMED: 'info',
  WRITE_FINDINGS_SHEET_RENAMED: 'info',
  WRITE_OUTPUT_KEPT: 'warning',
  WRITE_NO_ROOM: 'warning',
} as const satisfies Record<string, Severity>;

export type IssueCode = keyof typeof ISSUE_SEVERITY;

export function makeIssue(code: IssueCode, sheet: string, cell: string, params: IssueParams = {}): Issue {
  return { code, severity: ISSUE_SEVERITY[code], sheet, cell, params };
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Issues in a stable order: by sheet order, then row, then column, then severity. */
export function sortIssues(issues: Issue[], sheetOrder: string[]): Issue[] {
  const sheetIndex = new Map(sheetOrder.map((s, i) => [s, i]));
  const key = (i: Issue) => {
    const a = parseCellAddress(i.cell);
    return [sheetIndex.get(i.sheet) ?? -1, a ? a.row : -1, a ? a.col : -1, SEVERITY_ORDER[i.severity]];
  };
  return issues
    .map((issue, n) => ({ issue, k: key(issue), n }))
    .sort((a, b) => {
      for (let j = 0; j < a.k.length; j++) if (a.k[j] !== b.k[j]) return a.k[j] - b.k[j];
      return a.n - b.n;
    })
    .map((x) => x.issue);
}
