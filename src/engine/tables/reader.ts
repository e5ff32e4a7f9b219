/**
 * Finds the plan's tables on every sheet by their headers: title rows above, one- or two-row headers
 * with merged cells, headers repeated after a page break, continuation rows, extra columns, any order.
 */
import { cellAddress, rangeAddress } from '../address';
import type { CellRange, SheetSnapshot } from '../snapshot';
import { normalizeLabel } from '../text';
import { SheetView } from './sheetView';
import { MAX_HEADER_LABEL, Role, TableKind, isHeaderWord, kindsOf, roleOf } from './vocabulary';

export interface Table {
  sheet: string;
  view: SheetView;
  kinds: TableKind[];
  /** First and last header row (0-based). */
  headerTop: number;
  headerBottom: number;
  left: number;
  right: number;
  /** Last row of the table (0-based): the last data row. */
  bottom: number;
  /** Columns of each role; several columns when a header cell spans them (`衡量指標` over number and name). */
  columns: Partial<Record<Role, number[]>>;
  /** Header text of each role, as written. */
  headers: Partial<Record<Role, string>>;
  /** Rows holding data, in order, without blank rows and repeated headers. */
  dataRows: number[];
  /** Columns that were named twice: the later ones are ignored. */
  duplicateColumns: { col: number; role: Role }[];
}

export function tableRange(t: Table): CellRange {
  return { top: t.headerTop, left: t.left, bottom: Math.max(t.bottom, t.headerBottom), right: t.right };
}

export function tableAddress(t: Table): string {
  return rangeAddress(tableRange(t));
}

/** Normalized header label at (r, c), the merge's value when the cell is inside a merge. */
function labelAt(view: SheetView, r: number, c: number): string {
  const v = view.shown(r, c);
  if (typeof v !== 'string') return typeof v === 'number' ? String(v) : '';
  if (v.length > MAX_HEADER_LABEL * 2) return '';
  return normalizeLabel(v);
}

function shortTextAt(view: SheetView, r: number, c: number): boolean {
  const v = view.shown(r, c);
  return typeof v === 'string' && v.trim() !== '' && v.length <= MAX_HEADER_LABEL * 2;
}

/**
 * Quick test: could the row start a header? It holds a header word and at least two filled cells
 * (a title row such as `第二部分：關鍵績效指標` is one cell).
 */
function rowHasHeaderWord(view: SheetView, r: number): boolean {
  const w = view.width(r);
  let word = false;
  let filled = 0;
  for (let c = 0; c < w; c++) {
    const v = view.get(r, c);
    if (v === null || (typeof v === 'string' && v.trim() === '')) continue;
    filled++;
    if (!word && typeof v === 'string' && v.length <= MAX_HEADER_LABEL * 2 && isHeaderWord(normalizeLabel(v))) word = true;
    if (word && filled >= 2) return true;
  }
  return false;
}

interface HeaderGuess {
  top: number;
  bottom: number;
  left: number;
  right: number;
  columns: Partial<Record<Role, number[]>>;
  headers: Partial<Record<Role, string>>;
  kinds: TableKind[];
  duplicateColumns: { col: number; role: Role }[];
  /** Normalized labels of each header row, by column, to recognise the header when it is repeated. */
  labels: string[][];
}

function guessHeader(view: SheetView, r: number, rows: 1 | 2): HeaderGuess | null {
  const bottomRow = r + rows - 1;
  if (bottomRow >= view.rowCount) return null;
  const width = Math.max(view.width(r), view.width(bottomRow), view.colCount);
  const columns: Partial<Record<Role, number[]>> = {};
  const headers: Partial<Record<Role, string>> = {};
  const duplicateColumns: { col: number; role: Role }[] = [];
  const lastColOfRole = new Map<Role, number>();
  let left = -1;
  let right = -1;
  for (let c = 0; c < width; c++) {
    let top = labelAt(view, r, c);
    let bottom = '';
    if (rows === 2) {
      const mTop = view.mergeAt(r, c);
      const mBottom = view.mergeAt(bottomRow, c);
      if (!(mTop && mBottom && mTop === mBottom)) bottom = labelAt(view, bottomRow, c);
      if (!top && bottom) {
        top = bottom;
        bottom = '';
      }
    }
    if (!top) continue;
    const role = roleOf(top, bottom);
    if (!role) {
      if (left >= 0) right = c;
      continue;
    }
    const prev = lastColOfRole.get(role);
    if (prev !== undefined && prev !== c - 1) {
      duplicateColumns.push({ col: c, role });
      continue;
    }
    lastColOfRole.set(role, c);
    (columns[role] ??= []).push(c);
    if (headers[role] === undefined) {
      const m = view.mergeAt(bottomRow, c);
      const raw = rows === 2 && bottom ? view.shown(bottomRow, c) : view.shown(r, c);
      headers[role] = typeof raw === 'string' ? raw.replace(/\s+/g, ' ').trim() : String(raw ?? '');
      void m;
    }
    if (left < 0) left = c;
    right = c;
  }
  const kinds = kindsOf(new Set(Object.keys(columns) as Role[]));
  if (!kinds.length) return null;
  const labels: string[][] = [];
  for (let rr = r; rr <= bottomRow; rr++) {
    const row: string[] = [];
    for (let c = left; c <= right; c++) row.push(view.isEmpty(rr, c) ? '' : labelAt(view, rr, c));
    labels.push(row);
  }
  return { top: r, bottom: bottomRow, left, right, columns, headers, kinds, duplicateColumns, labels };
}

/** Is row r+1 a second header row under row r (all its cells header words or merged down from r)? */
function isSecondHeaderRow(view: SheetView, r: number): boolean {
  const next = r + 1;
  if (next >= view.rowCount) return false;
  const w = Math.max(view.width(next), view.width(r));
  let words = 0;
  for (let c = 0; c < w; c++) {
    const m = view.mergeAt(next, c);
    if (m && m.top <= r) continue; // merged down from the row above
    if (view.isEmpty(next, c)) continue;
    if (!shortTextAt(view, next, c)) return false;
    const label = labelAt(view, next, c);
    if (!isHeaderWord(label)) return false;
    words++;
  }
  return words > 0;
}

function score(g: HeaderGuess): number {
  return g.kinds.length * 100 + Object.keys(g.columns).length;
}

/** Does row r repeat the header (a page break in the document)? Returns the number of header rows repeated. */
function repeatsHeader(view: SheetView, r: number, h: HeaderGuess): number {
  const matchRow = (rr: number, labels: string[]) => {
    let same = 0;
    let filled = 0;
    for (let c = h.left; c <= h.right; c++) {
      if (view.isEmpty(rr, c)) continue;
      filled++;
      if (labelAt(view, rr, c) === labels[c - h.left]) same++;
    }
    return filled > 0 && same >= Math.min(2, filled) && same / filled >= 0.6;
  };
  if (!matchRow(r, h.labels[0])) {
    // The second header row alone may be repeated.
    if (h.labels.length === 2 && matchRow(r, h.labels[1])) return 1;
    return 0;
  }
  if (h.labels.length === 2 && r + 1 < view.rowCount && matchRow(r + 1, h.labels[1])) return 2;
  return 1;
}

const SECTION_TITLE = /^\s*([壹貳參肆伍陸柒捌玖拾]+|[一二三四五六七八九十]+)\s*[、.．]|[：:]\s*$/;

/** A row that ends a table: a section title alone in the first column. */
function isSectionTitle(view: SheetView, r: number, h: HeaderGuess): boolean {
  let filled = -1;
  const w = Math.max(view.width(r), h.right + 1);
  for (let c = 0; c < w; c++) {
    if (view.isEmpty(r, c)) continue;
    if (view.mergeAt(r, c) && view.mergeAt(r, c)!.top < r) continue;
    if (filled >= 0) return false;
    filled = c;
  }
  if (filled < 0 || filled > h.left) return false;
  const t = view.text(r, filled);
  return t.length <= 80 && SECTION_TITLE.test(t);
}

export function readTables(sheet: SheetSnapshot, masks: CellRange[] = []): Table[] {
  const view = new SheetView(sheet, masks);
  const tables: Table[] = [];
  let r = 0;
  while (r < view.rowCount) {
    if (!rowHasHeaderWord(view, r)) {
      r++;
      continue;
    }
    let best = guessHeader(view, r, 1);
    if (isSecondHeaderRow(view, r)) {
      const two = guessHeader(view, r, 2);
      if (two && (!best || score(two) >= score(best))) best = two;
    }
    if (!best) {
      r++;
      continue;
    }
    const table = readBody(view, best);
    tables.push(table);
    r = Math.max(table.bottom, best.bottom) + 1;
  }
  return tables;
}

function readBody(view: SheetView, h: HeaderGuess): Table {
  const dataRows: number[] = [];
  let r = h.bottom + 1;
  let last = h.bottom;
  while (r < view.rowCount) {
    if (view.rowIsEmpty(r, h.left, h.right)) {
      // A blank row ends the table unless the header follows again (a page break).
      let next = r + 1;
      while (next < view.rowCount && view.rowIsEmpty(next, h.left, h.right) && next - r < 3) next++;
      if (next < view.rowCount && repeatsHeader(view, next, h)) {
        r = next;
        continue;
      }
      break;
    }
    const repeated = repeatsHeader(view, r, h);
    if (repeated) {
      r += repeated;
      continue;
    }
    if (isSectionTitle(view, r, h)) break;
    if (rowHasHeaderWord(view, r)) {
      // Another table's header starts here.
      const other = guessHeader(view, r, 1) ?? (isSecondHeaderRow(view, r) ? guessHeader(view, r, 2) : null);
      if (other && other.kinds.some((k) => !h.kinds.includes(k)) && Object.keys(other.columns).length >= 3) break;
    }
    dataRows.push(r);
    last = r;
    r++;
  }
  return {
    sheet: view.name,
    view,
    kinds: h.kinds,
    headerTop: h.top,
    headerBottom: h.bottom,
    left: h.left,
    right: h.right,
    bottom: last,
    columns: h.columns,
    headers: h.headers,
    dataRows,
    duplicateColumns: h.duplicateColumns,
  };
}

/** The A1 address of (r, c). */
export const addressOf = cellAddress;
