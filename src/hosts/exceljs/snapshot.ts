/** ExcelJS host, reading: an ExcelJS workbook → the engine's snapshot. */
import type ExcelJS from 'exceljs';
import type { CellRange, CellValue, SheetSnapshot, WorkbookSnapshot } from '../../engine/snapshot';

/** `0.0136` shown as a percentage becomes the text `1.36%`, as the user sees it. */
export function percentText(v: number): string {
  const p = Number((v * 100).toPrecision(12));
  return `${p}%`;
}

function isPercentFormat(numFmt: string | undefined): boolean {
  if (!numFmt) return false;
  // A % outside quotes and escapes.
  return /%/.test(numFmt.replace(/"[^"]*"/g, '').replace(/\\./g, ''));
}

function toDateString(d: Date): string {
  return Number.isNaN(d.getTime()) ? '' : d.toISOString().slice(0, 10);
}

export function cellValueOf(cell: ExcelJS.Cell): CellValue {
  const v = cell.value as unknown;
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return isPercentFormat(cell.numFmt) ? percentText(v) : v;
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v;
  if (v instanceof Date) return { date: toDateString(v) };
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('error' in o) return { error: String(o.error) };
    if ('richText' in o && Array.isArray(o.richText)) return (o.richText as { text: string }[]).map((t) => t.text).join('');
    if ('formula' in o || 'sharedFormula' in o) {
      const result = o.result as unknown;
      if (result === undefined || result === null) return { formula: '=' + String(o.formula ?? o.sharedFormula ?? '') };
      if (typeof result === 'number') return isPercentFormat(cell.numFmt) ? percentText(result) : result;
      if (typeof result === 'string' || typeof result === 'boolean') return result;
      if (result instanceof Date) return { date: toDateString(result) };
      if (typeof result === 'object' && result && 'error' in result) return { error: String((result as { error: unknown }).error) };
      return null;
    }
    if ('text' in o) {
      const t = o.text as unknown;
      if (typeof t === 'string') return t;
      if (t && typeof t === 'object' && 'richText' in (t as object)) return ((t as { richText: { text: string }[] }).richText ?? []).map((x) => x.text).join('');
    }
  }
  return String(v);
}

export function sheetSnapshot(ws: ExcelJS.Worksheet): SheetSnapshot {
  const rows: CellValue[][] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const out: CellValue[] = [];
    row.eachCell({ includeEmpty: false }, (cell, colNumber) => {
      // Cells inside a merge show the merge's value: the engine wants it only at the top-left.
      if (cell.isMerged && cell.master && cell.master.address !== cell.address) return;
      const v = cellValueOf(cell);
      if (v !== null) out[colNumber - 1] = v;
    });
    for (let c = 0; c < out.length; c++) if (out[c] === undefined) out[c] = null;
    rows[rowNumber - 1] = out;
  });
  for (let r = 0; r < rows.length; r++) if (!rows[r]) rows[r] = [];
  const merges: CellRange[] = [];
  const internal = (ws as unknown as { _merges: Record<string, { model: { top: number; left: number; bottom: number; right: number } }> })._merges ?? {};
  for (const m of Object.values(internal)) {
    if (!m) continue;
    const d = m.model;
    merges.push({ top: d.top - 1, left: d.left - 1, bottom: d.bottom - 1, right: d.right - 1 });
  }
  const protection = (ws as unknown as { sheetProtection?: { sheet?: boolean } | null }).sheetProtection;
  return {
    name: ws.name,
    rows,
    merges,
    hidden: ws.state !== 'visible',
    protected: !!(protection && protection.sheet),
  };
}

export function workbookSnapshot(wb: ExcelJS.Workbook): WorkbookSnapshot {
  return { sheets: wb.worksheets.map(sheetSnapshot) };
}
