/**
 * Office.js host, reading: every sheet's used range (values and number formats), its merges and its
 * protection, in one batch after the sheet list: two context.sync() calls whatever the size.
 */
import { parseRangeAddress } from '../../engine/address';
import type { CellRange, CellValue, DefinedNameRef, SheetSnapshot, WorkbookSnapshot } from '../../engine/snapshot';
import { findRecordsSheet, isRecordsSheetName, readMeta } from '../../engine/meta';
import { isOwnName } from '../../engine/writePlan';
import { SETTINGS_NAMESPACE, settingsFromPartXml } from '../../engine/settingsPart';
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

/** How much one read may ask for: cells of values per sync (halved while Excel answers that it is too much). */
export const DEFAULT_CELLS_PER_SYNC = 150000;
/** Merged areas are asked for in bands of rows, so that no single answer grows with the sheet. */
const MERGE_BAND_ROWS = 200;

const TOO_LARGE = /ResponsePayloadSizeLimitExceeded|RequestPayloadSizeLimitExceeded|PayloadTooLarge/;

export interface ReadOptions {
  cellsPerSync?: number;
}

interface Chunk {
  sheet: number;
  top: number;
  rows: number;
}

export async function readWorkbook(context: Excel.RequestContext, features: ExcelFeatures, options: ReadOptions = {}): Promise<ReadResult> {
  let syncs = 0;
  const sheets = context.workbook.worksheets;
  sheets.load('items/name,items/visibility');
  const wbProtection = context.workbook.protection;
  wbProtection.load('protected');
  // The settings kept in the workbook (a custom XML part, ExcelApi 1.5), read in the same batches.
  const settingsParts = context.workbook.customXmlParts.getByNamespace(SETTINGS_NAMESPACE);
  settingsParts.load('items/id');
  // The add-in's defined names (loaded in the same sync as the settings parts): Excel keeps them on its output
  // through inserted and deleted rows and columns.
  const names = context.workbook.names;
  names.load('items/name,items/formula');
  await context.sync();
  syncs++;
  // The parts' XML is asked for once their items are loaded, and comes back with the next batch.
  const settingsXml = settingsParts.items.map((p) => p.getXml());
  const ownNames: DefinedNameRef[] = names.items.filter((n) => isOwnName(n.name)).map((n) => ({ name: n.name, ref: String(n.formula ?? '').replace(/^=/, '') }));

  // The size of each sheet's used range, its protection, and the add-in's own record (small: read whole).
  const shapes = sheets.items.map((ws) => {
    const used = ws.getUsedRangeOrNullObject(true);
    used.load(isRecordsSheetName(ws.name) ? 'rowIndex,columnIndex,rowCount,columnCount,values' : 'rowIndex,columnIndex,rowCount,columnCount');
    ws.protection.load('protected');
    return { ws, used };
  });
  await context.sync();
  syncs++;
  const storedSettings = settingsXml.map((x) => settingsFromPartXml(x.value)).find((x) => x !== null) ?? undefined;
  // The add-in's own sheets (the risk map) are not read: only their names matter.
  // The records sheet: a sheet with one of its names whose first cell says so (a user's `_plancheck` is read as theirs).
  const candidates = shapes.map(({ ws, used }) => ({
    name: ws.name,
    rows: isRecordsSheetName(ws.name) && !used.isNullObject ? used.values.map((row) => [...new Array(used.columnIndex).fill(null), ...row.map((v) => toCellValue(v, '@'))]) : [],
    merges: [],
  }));
  for (const c of candidates) {
    const k = candidates.indexOf(c);
    const used = shapes[k].used;
    if (!used.isNullObject && c.rows.length) c.rows = [...new Array(used.rowIndex).fill([]), ...c.rows];
  }
  const records = findRecordsSheet({ sheets: candidates });
  const metaIndex = records ? candidates.indexOf(records as (typeof candidates)[number]) : -1;
  const metaRows: CellValue[][] = records ? records.rows : [];
  const owned = new Set(readMeta({ sheets: candidates, names: ownNames }).sheets);
  if (records) owned.add(records.name);

  const grids: CellValue[][][] = shapes.map(() => []);
  const merges: CellRange[][] = shapes.map(() => []);
  // Values and number formats in chunks of rows; as many chunks in one sync as the budget allows.
  let budget = options.cellsPerSync ?? DEFAULT_CELLS_PER_SYNC;
  const chunksFor = (cells: number): Chunk[] => {
    const out: Chunk[] = [];
    shapes.forEach(({ ws, used }, sheet) => {
      if (used.isNullObject || owned.has(ws.name)) return;
      const rowsPer = Math.max(1, Math.floor(cells / Math.max(1, used.columnCount)));
      const end = used.rowIndex + used.rowCount;
      for (let top = used.rowIndex; top < end; top += rowsPer) {
        out.push({ sheet, top, rows: Math.min(rowsPer, end - top) });
      }
    });
    return out;
  };
  let pending = chunksFor(budget);
  const read: { c: Chunk; values: unknown[][]; numeric: number[] }[] = [];
  while (pending.length) {
    // One sync: chunks up to the budget of cells.
    const batch: Chunk[] = [];
    let cells = 0;
    while (pending.length) {
      const c = pending[0];
      const size = c.rows * Math.max(1, shapes[c.sheet].used.columnCount);
      if (batch.length && cells + size > budget) break;
      batch.push(pending.shift()!);
      cells += size;
    }
    const loads = batch.map((c) => {
      const { ws, used } = shapes[c.sheet];
      const range = ws.getRangeByIndexes(c.top, used.columnIndex, c.rows, used.columnCount);
      range.load('values');
      const bands: Excel.RangeAreas[] = [];
      if (features.merges) {
        for (let b = c.top; b < c.top + c.rows; b += MERGE_BAND_ROWS) {
          const band = ws.getRangeByIndexes(b, 0, Math.min(MERGE_BAND_ROWS, c.top + c.rows - b), used.columnIndex + used.columnCount).getMergedAreasOrNullObject();
          band.load('address');
          bands.push(band);
        }
      }
      return { c, range, bands };
    });
    try {
      await context.sync();
      syncs++;
    } catch (e) {
      syncs++;
      const code = String((e as { code?: string }).code ?? '') + ' ' + String((e as Error).message ?? '');
      if (!TOO_LARGE.test(code) || budget <= 500) throw e;
      // Too much for one answer: ask again for the same rows, in halves.
      budget = Math.floor(budget / 2);
      const redo = batch.flatMap((c) => {
        const rowsPer = Math.max(1, Math.floor(budget / Math.max(1, shapes[c.sheet].used.columnCount)));
        const parts: Chunk[] = [];
        for (let top = c.top; top < c.top + c.rows; top += rowsPer) parts.push({ sheet: c.sheet, top, rows: Math.min(rowsPer, c.top + c.rows - top) });
        return parts;
      });
      pending = [...redo, ...pending];
      continue;
    }
    for (const { c, range, bands } of loads) {
      const { used } = shapes[c.sheet];
      const values = range.values;
      // Numbers need their format (a percentage, a date): those columns are asked for after the values.
      const numeric = new Set<number>();
      for (const vs of values) for (let k = 0; k < vs.length; k++) if (typeof vs[k] === 'number') numeric.add(k);
      read.push({ c, values, numeric: [...numeric] });
      for (const band of bands) if (!band.isNullObject) for (const m of parseAreas(band.address)) merges[c.sheet].push(m);
      void used;
    }
  }

  // The number formats of the columns that hold numbers, in one more sync (more only for huge sheets).
  const formatLoads: { c: Chunk; col: number; range: Excel.Range; values: unknown[][] }[] = [];
  let formatCells = 0;
  for (const { c, values, numeric } of read) {
    const { ws, used } = shapes[c.sheet];
    for (const k of numeric) {
      if (formatCells + c.rows > budget * 2 && formatLoads.length) {
        await context.sync();
        syncs++;
        formatCells = 0;
      }
      const range = ws.getRangeByIndexes(c.top, used.columnIndex + k, c.rows, 1);
      range.load('numberFormat');
      formatLoads.push({ c, col: k, range, values });
      formatCells += c.rows;
    }
  }
  if (formatCells) {
    await context.sync();
    syncs++;
  }
  const formatOf = new Map<string, unknown[][]>();
  for (const f of formatLoads) formatOf.set(`${f.c.sheet},${f.c.top},${f.col}`, f.range.numberFormat);
  for (const { c, values, numeric } of read) {
    const { used } = shapes[c.sheet];
    const grid = grids[c.sheet];
    const formats = numeric.map((k) => [k, formatOf.get(`${c.sheet},${c.top},${k}`)] as const);
    for (let r = 0; r < values.length; r++) {
      const row: CellValue[] = [];
      for (let k = 0; k < used.columnIndex; k++) row.push(null);
      const vs = values[r];
      for (let k = 0; k < vs.length; k++) row.push(toCellValue(vs[k], undefined));
      for (const [k, f] of formats) if (typeof vs[k] === 'number') row[used.columnIndex + k] = toCellValue(vs[k], f ? f[r]?.[0] : undefined);
      let end = row.length;
      while (end > 0 && row[end - 1] === null) end--;
      row.length = end;
      grid[c.top + r] = row;
    }
  }
  if (metaIndex >= 0) {
    const used = shapes[metaIndex].used;
    const rows = grids[metaIndex];
    if (!used.isNullObject) metaRows.forEach((row, r) => (rows[r] = row));
  }

  const out: SheetSnapshot[] = shapes.map(({ ws, used }, k) => {
    const rows = grids[k];
    const height = used.isNullObject ? 0 : used.rowIndex + used.rowCount;
    for (let r = 0; r < height; r++) if (!rows[r]) rows[r] = [];
    return {
      name: ws.name,
      rows,
      merges: merges[k],
      hidden: ws.visibility !== 'Visible',
      protected: ws.protection.protected,
    };
  });
  const snapshot: WorkbookSnapshot = { sheets: out, ...(ownNames.length ? { names: ownNames } : {}) };
  if (storedSettings !== undefined) snapshot.settings = storedSettings;
  return { snapshot, structureProtected: wbProtection.protected, syncs };
}
