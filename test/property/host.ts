/**
 * An in-memory host for the properties: applies a write plan to a snapshot (values, merges, sheets and the
 * meta sheet; no formats), in the order the ExcelJS host does (src/hosts/exceljs/apply.ts).
 */
import { metaRows } from '../../src/engine/meta';
import type { CellValue, SheetSnapshot, WorkbookSnapshot } from '../../src/engine/snapshot';
import { MarkRecord, META_SHEET, WritePlan } from '../../src/engine/writePlan';

function put(sheet: SheetSnapshot, r: number, c: number, v: CellValue): void {
  while (sheet.rows.length <= r) sheet.rows.push([]);
  const row = sheet.rows[r] ?? (sheet.rows[r] = []);
  while (row.length < c) row.push(null);
  row[c] = v;
}

export function applyPlan(snapshot: WorkbookSnapshot, plan: WritePlan): WorkbookSnapshot {
  let sheets: SheetSnapshot[] = structuredClone(snapshot.sheets);
  const find = (name: string) => sheets.find((s) => s.name === name);
  // The previous run's output: values cleared, merges wholly inside taken away.
  for (const c of plan.clear) {
    const s = find(c.sheet);
    if (!s) continue;
    const { top, left, bottom, right } = c.range;
    s.merges = s.merges.filter((m) => !(m.top >= top && m.bottom <= bottom && m.left >= left && m.right <= right));
    for (let r = top; r <= Math.min(bottom, s.rows.length - 1); r++) {
      const row = s.rows[r];
      if (!row) continue;
      for (let k = left; k <= Math.min(right, row.length - 1); k++) row[k] = null;
    }
  }
  const gone = new Set([...plan.deleteSheets, ...(plan.metaSheet?.existing ? [plan.metaSheet.existing] : [])]);
  sheets = sheets.filter((s) => !gone.has(s.name));
  for (const w of plan.sheets) {
    let s = find(w.sheet);
    if (!s) sheets.push((s = { name: w.sheet, rows: [], merges: [] }));
    s.merges.push(...w.merges);
    for (const c of w.cells) put(s, c.row, c.col, c.value === null ? null : 'text' in c.value ? c.value.text : c.value.number);
  }
  // Marks change fills and notes only; the host records them in the meta sheet.
  const marks: MarkRecord[] = plan.marks
    .filter((m) => find(m.sheet))
    .map((m) => ({ sheet: m.sheet, row: m.row, col: m.col, fill: null, note: 'added' as const }));
  const meta = { ...plan.meta, marks: [...plan.keepMarks, ...marks] };
  if (meta.ranges.length || meta.sheets.length || meta.marks.length) {
    sheets.push({ name: plan.metaSheet?.name ?? META_SHEET, rows: metaRows(meta), merges: [], hidden: true });
  }
  return { sheets };
}
