/**
 * Office.js host, reading: every sheet's used range (values and number formats), its merges and its
 * protection, in one batch after the sheet list: two context.sync() calls whatever the size.
 */
import { parseRangeAddress } from '../../engine/address';
import type { CellRange, CellValue, SheetSnapshot, WorkbookSnapshot } from '../../engine/snapshot';
import type { ExcelFeatures } from './features';

const ERROR_VALUE = /^#(DIV\/0!|N\/A|NAME\?|NULL!|NUM!|REF!|VALUE!|SPILL!|CALC!|FIELD!|BLOCKED!|CONNECT!|BUSY!|UNKNOWN!|GETTING_DATA)$/;

export interface ReadResult {
  snapshot: WorkbookSnapshot;
  /** The workbook's structure is protected: sheets cannot be added or deleted. */
  structureProtected: boolean;
  syncs: number;
}

function isPercentFormat(f: unknown): boolean {
  return typeof f === 'string' && /%/.test(f.replace(/"[^"]*"/g, '').replace(/\\./g, ''));
}

function isDateFormat(f: unknown): boolean {
  if (typeof f !== 'string' || f === 'General' || f === '@') return false;
  const bare = f.replace(/"[^"]*"/g, '').replace(/\\./g, '').replace(/\[[^\]]*\]/g, '');
  return /[ymd]/i.test(bare) && !/[#0?]/.test(bare);
}

/** An Excel date serial as an ISO date (1 = 1900-01-01, with Excel's 1900 leap-year quirk). */
export function serialToDate(serial: number): string {
  const ms = Date.UTC(1899, 11, 30) + Math.round(serial * 86400000);
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString().slice(0, 10);
}

/** A cell as the engine reads it, from its value and number format. */
export function toCellValue(v: unknown, format: unknown): CellValue {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'number') {
    if (isPercentFormat(format)) return `${Number((v * 100).toPrecision(12))}%`;
    if (isDateFormat(format)) return { date: serialToDate(v) };
    return v;
  }
  if (typeof v === 'boolean') return v;
  const s = String(v);
  if (ERROR_VALUE.test(s)) return { error: s };
  return s;
}

/** `Sheet1!A1:B2, 'My sheet'!C3` → the ranges (sheet names may hold commas inside quotes). */
export function parseAreas(address: string): CellRange[] {
  const out: CellRange[] = [];
  const re = /(?:'(?:[^']|'')*'|[^,!']+)!(\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?)/g;
  for (let m = re.exec(address); m; m = re.exec(address)) {
    const r = parseRangeAddress(m[1].replace(/\$/g, ''));
    if (r) out.push(r);
  }
  return out;
}

export async function readWorkbook(context: Excel.RequestContext, features: ExcelFeatures): Promise<ReadResult> {
  const sheets = context.workbook.worksheets;
  sheets.load('items/name,items/visibility');
  const wbProtection = context.workbook.protection;
  wbProtection.load('protected');
  await context.sync();

  const parts = sheets.items.map((ws) => {
    const used = ws.getUsedRangeOrNullObject(true);
    used.load('values,numberFormat,rowIndex,columnIndex');
    ws.protection.load('protected');
    let merged: Excel.RangeAreas | null = null;
    if (features.merges) {
      merged = ws.getRange().getMergedAreasOrNullObject();
      merged.load('address');
    }
    return { ws, used, merged };
  });
  await context.sync();

  const out: SheetSnapshot[] = parts.map(({ ws, used, merged }) => {
    const rows: CellValue[][] = [];
    if (!used.isNullObject) {
      const values = used.values;
      const formats = used.numberFormat;
      for (let r = 0; r < used.rowIndex; r++) rows.push([]);
      for (let r = 0; r < values.length; r++) {
        const row: CellValue[] = [];
        for (let c = 0; c < used.columnIndex; c++) row.push(null);
        const vs = values[r];
        const fs = formats[r];
        for (let c = 0; c < vs.length; c++) row.push(toCellValue(vs[c], fs ? fs[c] : undefined));
        let end = row.length;
        while (end > 0 && row[end - 1] === null) end--;
        row.length = end;
        rows.push(row);
      }
    }
    const merges = merged && !merged.isNullObject ? parseAreas(merged.address) : [];
    return {
      name: ws.name,
      rows,
      merges,
      hidden: ws.visibility !== 'Visible',
      protected: ws.protection.protected,
    };
  });
  return { snapshot: { sheets: out }, structureProtected: wbProtection.protected, syncs: 2 };
}
