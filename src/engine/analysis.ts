/**
 * The engine's core: snapshot in, analysis out. Reads the meta sheet, hides the add-in's own output
 * from the reader, finds the tables on every sheet and runs each kind's rules.
 */
import { readBudgetTable, BudgetTableResult } from './budget';
import { readIndicatorTable, IndicatorTableResult } from './indicators';
import { Issue, makeIssue, sortIssues } from './issues';
import { readMeta } from './meta';
import { checkRiskIds, readRiskTable, RiskTableResult } from './risk';
import { Settings } from './settings';
import { checkProse } from './prose';
import type { CellRange, WorkbookSnapshot } from './snapshot';
import { readTables, Table } from './tables/reader';
import { closestRole, ROLE_NAMES } from './tables/vocabulary';
import { cellAddress } from './address';
import { checkCrossTables } from './plan/crossTables';
import type { Comparison } from './previousYear';
import type { MetaRead } from './meta';

export interface Analysis {
  sheetNames: string[];
  meta: MetaRead;
  tables: Table[];
  indicatorTables: { table: Table; result: IndicatorTableResult }[];
  budgetTables: { table: Table; result: BudgetTableResult }[];
  riskTables: { table: Table; result: RiskTableResult }[];
  issues: Issue[];
  /** This year against last year's workbook, when one was given (previousYear.ts). */
  comparison?: Comparison;
}

/** `meta`: the add-in's records as read from this snapshot (readMeta), when the caller has read them already. */
export function analyze(snapshot: WorkbookSnapshot, settings: Settings, meta: MetaRead = readMeta(snapshot)): Analysis {
  const sheetNames = snapshot.sheets.map((s) => s.name);
  const issues: Issue[] = [];
  const tables: Table[] = [];
  const indicatorTables: Analysis['indicatorTables'] = [];
  const budgetTables: Analysis['budgetTables'] = [];
  const riskTables: Analysis['riskTables'] = [];

  for (const sheet of snapshot.sheets) {
    if (sheet.name === meta.recordsSheet || meta.sheets.includes(sheet.name)) continue;
    const masks: CellRange[] = meta.owned.filter((r) => r.sheet === sheet.name).map((r) => r.range);
    for (const t of readTables(sheet, masks, settings.columnRoles)) {
      tables.push(t);
      for (const u of t.unknownColumns) {
        const role = closestRole(u.header, t.kinds);
        issues.push(
          makeIssue('TABLE_UNKNOWN_COLUMN', t.sheet, cellAddress(t.headerBottom, u.col), {
            header: u.header,
            role: role ?? '',
            roleHeader: role ? ROLE_NAMES[role].header : '',
          }),
        );
      }
      for (const d of t.duplicateColumns) {
        issues.push(makeIssue('TABLE_DUPLICATE_COLUMN', t.sheet, cellAddress(t.headerBottom, d.col), { header: t.view.text(t.headerBottom, d.col) || t.view.text(t.headerTop, d.col) }));
      }
      if (!t.dataRows.length) {
        issues.push(makeIssue('TABLE_NO_DATA', t.sheet, cellAddress(t.headerTop, t.left), { kind: t.kinds[0] }));
        continue;
      }
      if (t.kinds.includes('risks')) riskTables.push({ table: t, result: readRiskTable(t, settings, issues) });
      if (t.kinds.includes('indicators')) indicatorTables.push({ table: t, result: readIndicatorTable(t, issues) });
      if (t.kinds.includes('budget')) budgetTables.push({ table: t, result: readBudgetTable(t, issues) });
    }
  }
  // Numbers in the prose: cells outside the table cells the rules above check (standards with a target
  // column are checked by IND_TARGET_STEP; budget text against its amount by BUD_TEXT_AMOUNT).
  for (const sheet of snapshot.sheets) {
    if (sheet.name === meta.recordsSheet || meta.sheets.includes(sheet.name)) continue;
    const own = indicatorTables.filter((x) => x.table.sheet === sheet.name && x.table.columns.target);
    const cols = own.map((x) => ({ t: x.table, cols: new Set(x.table.columns.standard ?? []) }));
    checkProse(sheet, (r, c) => cols.some(({ t, cols }) => cols.has(c) && r > t.headerBottom && r <= t.bottom), issues);
  }
  checkRiskIds(
    riskTables.flatMap((t) => t.result.risks),
    issues,
  );
  const partial = { sheetNames, meta, tables, indicatorTables, budgetTables, riskTables, issues };
  checkCrossTables(partial, issues);
  if (!tables.length) {
    const first = snapshot.sheets.find((s) => s.name !== meta.recordsSheet && !meta.sheets.includes(s.name));
    issues.push(makeIssue('TABLE_NONE_FOUND', first ? first.name : '', ''));
  }
  return { sheetNames, meta, tables, indicatorTables, budgetTables, riskTables, issues: dedupe(sortIssues(issues, sheetNames)) };
}

function dedupe(issues: Issue[]): Issue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = `${i.code}|${i.sheet}|${i.cell}|${JSON.stringify(i.params)}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
