/** ExcelJS host, writing: applies the engine's write plan to an ExcelJS workbook. */
import type ExcelJS from 'exceljs';
import { rangeAddress } from '../../engine/address';
import { metaRows } from '../../engine/meta';
import type { CellFormat, MarkRecord, SheetWrite, WritePlan } from '../../engine/writePlan';
import { isOwnName, META_SHEET, runWriteStepsSync } from '../../engine/writePlan';
import { ownNameRef } from '../../engine/fill';

import { ProtectedSheetError } from '../protection';
export { ProtectedSheetError };

const argb = (rgb: string) => 'FF' + rgb.toUpperCase();
const THIN = { style: 'thin' as const, color: { argb: 'FFBFBFBF' } };

/**
 * Cells with the same style and the same format get the same new style object: ExcelJS shares style objects
 * between cells, so none is ever changed in place, and a large output does not make a style per cell.
 */
const styleCache = new WeakMap<object, Map<string, ExcelJS.Style>>();
const EMPTY_STYLE = {};

function restyle(cell: ExcelJS.Cell, f: CellFormat): void {
  const base = cell.style && Object.keys(cell.style).length ? cell.style : EMPTY_STYLE;
  const key = JSON.stringify(f);
  let byFormat = styleCache.get(base);
  if (!byFormat) styleCache.set(base, (byFormat = new Map()));
  const hit = byFormat.get(key);
  if (hit) {
    cell.style = hit;
    return;
  }
  const style = newStyle(base as Partial<ExcelJS.Style>, f);
  byFormat.set(key, style);
  cell.style = style;
}

function newStyle(base: Partial<ExcelJS.Style>, f: CellFormat): ExcelJS.Style {
  const style: Partial<ExcelJS.Style> = { ...base };
  if (f.fill) style.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: argb(f.fill) } };
  if (f.bold !== undefined || f.italic !== undefined || f.fontSize !== undefined || f.fontColor !== undefined) {
    style.font = { ...(style.font ?? {}) };
    if (f.bold !== undefined) style.font.bold = f.bold;
    if (f.italic !== undefined) style.font.italic = f.italic;
    if (f.fontSize !== undefined) style.font.size = f.fontSize;
    if (f.fontColor !== undefined) style.font.color = { argb: argb(f.fontColor) };
  }
  if (f.numberFormat !== undefined) style.numFmt = f.numberFormat;
  if (f.wrap !== undefined || f.horizontal || f.vertical) {
    style.alignment = { ...(style.alignment ?? {}) };
    if (f.wrap !== undefined) style.alignment.wrapText = f.wrap;
    if (f.horizontal) style.alignment.horizontal = f.horizontal;
    if (f.vertical) style.alignment.vertical = f.vertical;
  }
  if (f.border) style.border = { top: THIN, left: THIN, bottom: THIN, right: THIN };
  return style as ExcelJS.Style;
}

function writeSheet(ws: ExcelJS.Worksheet, s: SheetWrite): void {
  for (const w of s.columnWidths) ws.getColumn(w.col + 1).width = w.width;
  for (const m of s.merges) ws.mergeCells(m.top + 1, m.left + 1, m.bottom + 1, m.right + 1);
  for (const c of s.cells) {
    const cell = ws.getCell(c.row + 1, c.col + 1);
    // Text stays text: a string value is never parsed as a formula by ExcelJS.
    cell.value = c.value === null ? null : 'text' in c.value ? c.value.text : c.value.number;
    if (c.format) restyle(cell, c.format);
    if (c.note) cell.note = c.note;
  }
  for (const f of s.formats) {
    for (let r = f.range.top; r <= f.range.bottom; r++) for (let c = f.range.left; c <= f.range.right; c++) restyle(ws.getCell(r + 1, c + 1), f.format);
  }
  for (const v of s.validations) {
    const dv: ExcelJS.DataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: [`"${v.values.join(',')}"`],
      showErrorMessage: !!v.error,
      error: v.error,
      showInputMessage: !!v.prompt,
      prompt: v.prompt,
    };
    for (let r = v.range.top; r <= v.range.bottom; r++) for (let c = v.range.left; c <= v.range.right; c++) ws.getCell(r + 1, c + 1).dataValidation = dv;
  }
  if (s.freeze) ws.views = [{ state: 'frozen', xSplit: s.freeze.cols, ySplit: s.freeze.rows }];
  writePrinting(ws, s);
}

/** Row heights and how the sheet prints (this host is the package host's fallback; links are left out here). */
function writePrinting(ws: ExcelJS.Worksheet, s: SheetWrite): void {
  for (const h of s.rowHeights ?? []) ws.getRow(h.row + 1).height = h.height;
  const ps = s.pageSetup;
  if (!ps) return;
  const a = ps.printArea;
  const fit = ps.scale === undefined;
  ws.pageSetup = {
    ...ws.pageSetup,
    paperSize: 9,
    orientation: ps.orientation,
    fitToPage: fit,
    ...(fit ? { fitToWidth: ps.fitWidth, fitToHeight: ps.fitHeight } : { scale: ps.scale }),
    horizontalCentered: !!ps.centerHorizontally,
    printArea: rangeAddress(a),
    ...(ps.titleRows ? { printTitlesRow: `${ps.titleRows.top + 1}:${ps.titleRows.bottom + 1}` } : {}),
    ...(ps.margins ? { margins: ps.margins } : {}),
  };
  if (ps.footer) ws.headerFooter = { ...ws.headerFooter, oddFooter: '&C' + ps.footer };
  // A break after the row above: the page starts at the row.
  for (const r of ps.rowBreaks ?? []) if (r > 0) ws.getRow(r).addPageBreak();
}

/** Takes a mark away as the record (engine/meta.ts) says: the fill it replaced, and its note if it added one. */
function restoreMark(wb: ExcelJS.Workbook, m: MarkRecord): void {
  const ws = wb.getWorksheet(m.sheet);
  if (!ws) return;
  const cell = ws.getCell(m.row + 1, m.col + 1);
  const style: Partial<ExcelJS.Style> = { ...cell.style };
  if (m.fill) style.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: argb(m.fill) } };
  else delete style.fill;
  cell.style = style as ExcelJS.Style;
  if (m.noteText !== undefined) cell.note = m.noteText;
  else if (m.note === 'added') (cell as unknown as { _comment?: unknown })._comment = undefined;
}

/** A cell's fill as the mark record holds it: RRGGBB or null. */
function fillRgb(fill: ExcelJS.Fill | undefined): string | null {
  if (!fill || fill.type !== 'pattern' || fill.pattern !== 'solid') return null;
  const a = fill.fgColor?.argb;
  const m = a ? /^(?:[0-9A-Fa-f]{2})?([0-9A-Fa-f]{6})$/.exec(a) : null;
  return m ? m[1].toUpperCase() : null;
}

function clearRange(ws: ExcelJS.Worksheet, range: { top: number; left: number; bottom: number; right: number }): void {
  const internal = (ws as unknown as { _merges: Record<string, { model: { top: number; left: number; bottom: number; right: number } }> })._merges ?? {};
  for (const [address, m] of Object.entries(internal)) {
    const d = m.model;
    if (d.top - 1 >= range.top && d.bottom - 1 <= range.bottom && d.left - 1 >= range.left && d.right - 1 <= range.right) ws.unMergeCells(address);
  }
  for (let r = range.top; r <= range.bottom; r++) {
    for (let c = range.left; c <= range.right; c++) {
      const cell = ws.getCell(r + 1, c + 1);
      cell.value = null;
      cell.style = {} as ExcelJS.Style;
      (cell as unknown as { _comment?: unknown })._comment = undefined;
    }
  }
}

/** Stops before any write when a sheet the plan touches is protected: a write that cannot finish must not start. */
export function checkWritable(wb: ExcelJS.Workbook, plan: WritePlan): void {
  for (const name of plan.touches) {
    const ws = wb.getWorksheet(name);
    const p = ws && (ws as unknown as { sheetProtection?: { sheet?: boolean } | null }).sheetProtection;
    if (p && p.sheet) throw new ProtectedSheetError(name);
  }
}

export function applyWritePlan(wb: ExcelJS.Workbook, plan: WritePlan): void {
  checkWritable(wb, plan);
  const recordsExisting = plan.metaSheet ? plan.metaSheet.existing : wb.getWorksheet(META_SHEET) ? META_SHEET : null;
  let activate: ExcelJS.Worksheet | null = null;
  const markRecords: MarkRecord[] = [];
  let rows: string[][] | null = null as string[][] | null;
  runWriteStepsSync({
    unmark: () => plan.unmark.forEach((m) => restoreMark(wb, m)),
    clear: () => {
      for (const c of plan.clear) {
        const ws = wb.getWorksheet(c.sheet);
        if (ws) clearRange(ws, c.range);
      }
    },
    deleteSheets: () => {
      for (const name of [...plan.deleteSheets, ...(recordsExisting ? [recordsExisting] : [])]) {
        const ws = wb.getWorksheet(name);
        if (ws) wb.removeWorksheet(ws.id);
      }
    },
    record: () => {
      for (const m of plan.marks) {
        const ws = wb.getWorksheet(m.sheet);
        if (!ws) continue;
        const cell = ws.getCell(m.row + 1, m.col + 1);
        // A user's note is never written over: it stays, and the mark is the fill only.
        const note = cell.note ? 'user' : 'added';
        markRecords.push({ sheet: m.sheet, row: m.row, col: m.col, fill: fillRgb(cell.style.fill as ExcelJS.Fill | undefined), note, ...(m.id ? { id: m.id } : {}) });
      }
      const meta = { ...plan.meta, marks: [...plan.keepMarks, ...markRecords] };
      if (meta.ranges.length || meta.sheets.length || meta.marks.length) rows = metaRows(meta);
      if (plan.names) {
        const names = (wb as unknown as { definedNames: { model: { name: string }[]; remove?: (loc: string, name: string) => void } }).definedNames;
        const kept = names.model.filter((n) => !isOwnName(n.name));
        const ours = plan.names.map((n) => ({ name: n.name, ranges: [ownNameRef(n)] }));
        (names as unknown as { model: unknown }).model = [...kept, ...ours];
      }
    },
    sheets: () => {
      for (const s of plan.sheets) {
        let ws = wb.getWorksheet(s.sheet);
        if (s.create || !ws) ws = ws ?? wb.addWorksheet(s.sheet, { state: s.visibility === 'veryHidden' ? 'veryHidden' : 'visible' });
        writeSheet(ws, s);
        if (s.activate) activate = ws;
      }
    },
    marks: () => {
      plan.marks.forEach((m) => {
        const ws = wb.getWorksheet(m.sheet);
        if (!ws) return;
        const cell = ws.getCell(m.row + 1, m.col + 1);
        restyle(cell, { fill: m.fill });
        if (!cell.note) cell.note = m.note;
      });
    },
  });
  // The file is written at once: the records sheet goes after the sheets this run adds (its place in the tabs).
  if (rows) {
    const ws = wb.addWorksheet(plan.metaSheet?.name ?? META_SHEET, { state: 'veryHidden' });
    rows.forEach((row, r) => row.forEach((v, c) => v !== '' && (ws.getCell(r + 1, c + 1).value = v)));
  }
  const shown = activate as ExcelJS.Worksheet | null;
  if (shown) {
    const index = wb.worksheets.indexOf(shown);
    wb.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: Math.max(0, index), visibility: 'visible' }];
  }
}
