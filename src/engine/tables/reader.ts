/**
 * Finds the plan's tables on every sheet by their headers: title rows above, one- or two-row headers
 * with merged cells, headers repeated after a page break, continuation rows, extra columns, any order.
 */
import { cellAddress, rangeAddress } from '../address';
import type { CellRange, SheetSnapshot } from '../snapshot';
import { cellText } from '../snapshot';
import { normalizeLabel } from '../text';
import { SheetView } from './sheetView';
import { MAX_HEADER_LABEL, Role, SUB_HEADER, TableKind, isHeaderWord, kindsOf, roleOf } from './vocabulary';

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
  /** Rows holding data, in order, without blank rows, group rows and repeated headers. */
  dataRows: number[];
  /** Group rows inside the table: one cell merged across its columns (`一、積極查緝犯罪(25%)`). */
  groupRows: number[];
  /** Columns that were named twice: the later ones are ignored. */
  duplicateColumns: { col: number; role: Role }[];
  /** `(單位：千元)` rows inside the table: not data. */
  unitRows: number[];
  /** Texts that may state the table's unit: title rows above the header, unit rows, the header cells. */
  unitTexts: { text: string; row: number; col: number; where: 'title' | 'unitRow' | 'header' }[];
  /** Columns inside the table whose header is not a known word (the header as written). */
  unknownColumns: { col: number; header: string }[];
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
 * Quick test: could the row start a header? It holds at least two header words, from `fromCol` on
 * (a title row such as `第二部分：關鍵績效指標 | 單位：%` holds none).
 */
function rowHasHeaderWord(view: SheetView, r: number, fromCol = 0, overrides?: Map<string, Role>): boolean {
  const w = view.width(r);
  let words = 0;
  for (let c = fromCol; c < w; c++) {
    const v = view.get(r, c);
    if (typeof v !== 'string' || v.length > MAX_HEADER_LABEL * 2) continue;
    const label = normalizeLabel(v);
    if ((isHeaderWord(label) || (overrides !== undefined && overrides.has(label))) && ++words >= 2) return true;
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

function guessHeader(view: SheetView, r: number, rows: 1 | 2, fromCol = 0, overrides?: Map<string, Role>): HeaderGuess | null {
  const bottomRow = r + rows - 1;
  if (bottomRow >= view.rowCount) return null;
  const width = Math.max(view.width(r), view.width(bottomRow), view.colCount);
  const columns: Partial<Record<Role, number[]>> = {};
  const headers: Partial<Record<Role, string>> = {};
  const duplicateColumns: { col: number; role: Role }[] = [];
  const lastColOfRole = new Map<Role, number>();
  let left = -1;
  let right = -1;
  let previousTop = '';
  const shiftAt = rows === 2 ? pastedShift(view, r, bottomRow, fromCol, width) : -1;
  for (let c = fromCol; c < width; c++) {
    let top = labelAt(view, r, c);
    let bottom = '';
    let inherited = false;
    if (rows === 2) {
      const mTop = view.mergeAt(r, c);
      const mBottom = view.mergeAt(bottomRow, c);
      if (shiftAt >= 0 && c >= shiftAt) bottom = labelAt(view, bottomRow, c - 1);
      else if (!(mTop && mBottom && mTop === mBottom)) bottom = labelAt(view, bottomRow, c);
      // A group header pasted without its merge (`現有風險等級` over L and I, `策略績效目標` over number and
      // name): an empty top cell takes the label on its left when its column has a label or data below.
      if (!top && !mTop && previousTop && (bottom || !view.isEmpty(bottomRow + 1, c))) {
        top = previousTop;
        inherited = !bottom;
      }
      previousTop = top;
      if (!top && bottom) {
        top = bottom;
        bottom = '';
      }
    }
    if (!top) {
      // An empty header column after the table's columns ends it: a table beside it is another table.
      if (left >= 0 && Object.keys(columns).length) break;
      continue;
    }
    const role = overrides ? overrides.get(normalizeLabel(bottom || top)) ?? roleOf(top, bottom) : roleOf(top, bottom);
    if (!role) {
      if (left >= 0) right = c;
      continue;
    }
    const prev = lastColOfRole.get(role);
    // A column whose own header cells are empty, under a group label that ended before it, is not a
    // second column of that role: an empty header cell is no duplicate.
    if (inherited && prev !== undefined && prev !== c - 1) {
      right = c;
      continue;
    }
    // The same role again: one header spanning both columns (a merge, or a group pasted without its merge)
    // is one column group; the same header written twice is a duplicate.
    if (prev !== undefined && (prev !== c - 1 || writtenAgain(view, r, bottomRow, c))) {
      duplicateColumns.push({ col: c, role });
      continue;
    }
    lastColOfRole.set(role, c);
    (columns[role] ??= []).push(c);
    if (headers[role] === undefined) {
      const m = view.mergeAt(bottomRow, c);
      const raw = rows === 2 && bottom ? view.shown(bottomRow, shiftAt >= 0 && c >= shiftAt ? c - 1 : c) : view.shown(r, c);
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

/**
 * A sub-header row pasted without its merges (seed 001 pasted as text: `衡量指標` spanned the number and the name
 * columns; pasted, every sub-label after it moved one column left). Recognised only when: the group's first
 * sub-label repeats the group label (`衡量指標` under `衡量指標`), the column after it has no header of its own and
 * holds the names, its own column holds short numbers (一, 二), and every data row below fills one column past the
 * last sub-label. Returns the first column whose sub-label is to be taken from the column on its left, or -1.
 */
function pastedShift(view: SheetView, top: number, bottom: number, fromCol: number, width: number): number {
  if (view.sheet.merges.length) return -1; // merges kept: nothing was lost
  let last = -1;
  for (let c = fromCol; c < width; c++) if (!view.isEmpty(bottom, c)) last = c;
  if (last < 0 || !view.isEmpty(top, last + 1) || !view.isEmpty(bottom, last + 1)) return -1;
  const data: number[] = [];
  for (let rr = bottom + 1; rr < view.rowCount && data.length < 3; rr++) if (!view.rowIsEmpty(rr)) data.push(rr);
  if (!data.length || !data.every((rr) => !view.isEmpty(rr, last + 1))) return -1;
  for (let g = fromCol; g < last; g++) {
    const label = labelAt(view, top, g);
    if (!label || label !== labelAt(view, bottom, g) || !view.isEmpty(top, g + 1) || view.isEmpty(bottom, g + 1)) continue;
    const numbersHere = data.every((rr) => view.isEmpty(rr, g) || view.text(rr, g).trim().length <= 3);
    const namesNext = data.every((rr) => view.text(rr, g + 1).trim().length > 3);
    if (numbersHere && namesNext) return g + 1;
  }
  return -1;
}

/** Column c's own header cell repeats column c-1's: both written, not one merged or group cell over both. */
function writtenAgain(view: SheetView, top: number, bottom: number, c: number): boolean {
  const own = (r: number) => {
    if (view.isEmpty(r, c) || view.isEmpty(r, c - 1)) return false;
    const m = view.mergeAt(r, c);
    return !(m && m === view.mergeAt(r, c - 1));
  };
  const label = (r: number, col: number) => normalizeLabel(cellText(view.get(r, col)));
  for (let r = bottom; r >= top; r--) if (own(r)) return label(r, c) === label(r, c - 1);
  return false;
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
    if (!isHeaderWord(label) && !SUB_HEADER.test(label)) return false;
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
      // The first filled cells decide quickly: a row that starts unlike the header is data.
      else if (filled >= 2 && same === 0) return false;
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

const SECTION_TITLE = /^\s*(第.{1,4}部分|[壹貳參肆伍陸柒捌玖拾]+\s*[、.．]|[一二三四五六七八九十]+\s*[、.．])|[：:]\s*$/;
const FOOTNOTE = /^\s*(註|附註|備註|資料來源|說明|note|source)\s*[0-9一二三四五六七八九十]*\s*[：:.、]/i;
const CONTINUED = /[(（]\s*續\s*[)）]|續表|續前頁|\(cont/i;

type SingleCellRow = 'group' | 'end' | 'continued' | null;

/**
 * A row with one filled cell: a group row inside the table (merged across its columns, `一、積極查緝犯罪`),
 * a section title or a footnote that ends it (`四、現有風險圖像`, `註：…`), a `（續）` line before the header
 * repeats; null when the row has more cells or its one cell is data (a continuation row).
 */
function singleCellRow(view: SheetView, r: number, h: HeaderGuess): SingleCellRow {
  let filled = -1;
  const w = Math.max(view.width(r), h.right + 1);
  for (let c = 0; c < w; c++) {
    if (view.isEmpty(r, c)) continue;
    const m = view.mergeAt(r, c);
    if (m && (m.top < r || m.left < c)) continue;
    if (filled >= 0) return null;
    filled = c;
  }
  if (filled < 0) return null;
  const t = view.text(r, filled);
  if (t.length > 200) return null;
  if (CONTINUED.test(t) && t.length <= 40) return 'continued';
  if (FOOTNOTE.test(t)) return 'end';
  const m = view.mergeAt(r, filled);
  if (m && Math.min(m.right, h.right) - Math.max(m.left, h.left) >= 1) {
    // A group row is followed by the table's data; a title merged across (`四、現有風險圖像`) is not.
    return nextIsData(view, m.bottom + 1, h) ? 'group' : 'end';
  }
  if (filled <= h.left && SECTION_TITLE.test(t)) return 'end';
  return null;
}

/** The columns that hold a table's data proper: a data row has something in one of them. */
const KEY_ROLES: Record<TableKind, Role[]> = {
  indicators: ['target', 'actual', 'standard', 'baseline'],
  budget: ['amount', 'central', 'city', 'total', 'content', 'item'],
  risks: ['likelihood', 'impact', 'score', 'resLikelihood', 'resImpact'],
};

function nextIsData(view: SheetView, from: number, h: HeaderGuess): boolean {
  for (let r = from; r < view.rowCount && r < from + 3; r++) {
    if (view.rowIsEmpty(r, h.left, h.right)) continue;
    for (const kind of h.kinds) for (const role of KEY_ROLES[kind]) for (const c of h.columns[role] ?? []) if (!view.isEmpty(r, c)) return true;
    return false;
  }
  return false;
}

/**
 * The tables of a sheet. `columnRoles` maps header words the vocabulary does not know to a role
 * (settings: `{"執行成果": "actual"}`), matched after normalizeLabel.
 */
export function readTables(sheet: SheetSnapshot, masks: CellRange[] = [], columnRoles?: Record<string, Role>): Table[] {
  const view = new SheetView(sheet, masks);
  const overrides = columnRoles && Object.keys(columnRoles).length ? new Map(Object.entries(columnRoles).map(([k, v]) => [normalizeLabel(k), v] as [string, Role])) : undefined;
  const tables: Table[] = [];
  let r = 0;
  while (r < view.rowCount) {
    if (!rowHasHeaderWord(view, r, 0, overrides)) {
      r++;
      continue;
    }
    // Tables side by side start on the same row: read them left to right.
    let next = r + 1;
    let fromCol = 0;
    while (fromCol < view.width(r) && rowHasHeaderWord(view, r, fromCol, overrides)) {
      let best = guessHeader(view, r, 1, fromCol, overrides);
      if (isSecondHeaderRow(view, r)) {
        const two = guessHeader(view, r, 2, fromCol, overrides);
        if (two && (!best || score(two) >= score(best))) best = two;
      }
      if (!best) break;
      const table = readBody(view, best);
      tables.push(table);
      next = Math.max(next, table.bottom + 1, best.bottom + 1);
      fromCol = best.right + 1;
    }
    r = next;
  }
  return tables;
}

const AMOUNT_IN_TEXT = /\d[,，]\d{3}/;

/**
 * Two or more filled cells, every one a short text that does not start like a number nor hold an amount
 * (`14,000`): only such a row can be a header. A data row has a number, an amount or a long text.
 */
function looksLikeHeaderRow(view: SheetView, r: number, h: HeaderGuess): boolean {
  const end = Math.min(view.width(r) - 1, Math.max(h.right, view.width(r) - 1));
  let texts = 0;
  for (let c = 0; c <= end; c++) {
    const v = view.get(r, c);
    if (v === null) continue;
    if (typeof v !== 'string') return false;
    if (v.length > MAX_HEADER_LABEL) return false;
    const t = v.trim();
    if (t === '') continue;
    const ch = t.charCodeAt(0);
    if ((ch >= 48 && ch <= 57) || ch === 43 || ch === 45 || (ch >= 0xff10 && ch <= 0xff19) || ch === 0xff0b || ch === 0xff0d) return false;
    if (AMOUNT_IN_TEXT.test(t)) return false;
    texts++;
  }
  return texts >= 2;
}

/** `----`, `====`, `＿＿＿`: a row of only rule characters separates, it holds no data. */
const SEPARATOR = /^[\s\-－—–─━=＝_＿~～*＊.。·…|｜+]+$/;
/** `(單位：千元)`, `單位：新臺幣元`: a row that only states the unit. */
const UNIT_ROW = /^\s*[(（]?\s*(金額)?單位\s*[:：]/;

function isSeparatorRow(view: SheetView, r: number, h: HeaderGuess): boolean {
  let any = false;
  for (let c = h.left; c <= Math.max(h.right, view.width(r) - 1); c++) {
    if (view.isEmpty(r, c)) continue;
    const v = view.get(r, c);
    if (typeof v !== 'string' || !SEPARATOR.test(v) || !/[-－—–─━=＝_＿~～]/.test(v)) return false;
    any = true;
  }
  return any;
}

function unitRowText(view: SheetView, r: number, h: HeaderGuess): string | null {
  let text: string | null = null;
  for (let c = 0; c <= Math.max(h.right, view.width(r) - 1); c++) {
    if (view.isEmpty(r, c)) continue;
    const m = view.mergeAt(r, c);
    if (m && (m.top < r || m.left < c)) continue;
    const t = view.text(r, c);
    if (text !== null || t.length > 40 || !UNIT_ROW.test(t)) return null;
    text = t;
  }
  return text;
}

/** Texts above the header (up to three rows) that state a unit: `（單位：新臺幣元）`, `金額單位：千元`. */
function titleUnitTexts(view: SheetView, h: HeaderGuess): Table['unitTexts'] {
  const out: Table['unitTexts'] = [];
  for (let r = h.top - 1; r >= 0 && r >= h.top - 3; r--) {
    for (let c = 0; c < view.width(r); c++) {
      if (view.isEmpty(r, c)) continue;
      const t = view.text(r, c);
      if (t.length <= 60 && /單位|新臺幣|新台幣|元/.test(t)) out.push({ text: t, row: r, col: c, where: 'title' });
    }
  }
  return out;
}

function readBody(view: SheetView, h: HeaderGuess): Table {
  const dataRows: number[] = [];
  const groupRows: number[] = [];
  const unitRows: number[] = [];
  const unitTexts: Table['unitTexts'] = titleUnitTexts(view, h);
  let r = h.bottom + 1;
  let last = h.bottom;
  while (r < view.rowCount) {
    if (view.rowIsEmpty(r, h.left, h.right)) {
      // A blank row ends the table unless the header follows again (a page break, maybe after a `（續）` line).
      let next = r + 1;
      while (next < view.rowCount && next - r < 4 && (view.rowIsEmpty(next, h.left, h.right) || singleCellRow(view, next, h) === 'continued')) next++;
      if (next < view.rowCount && repeatsHeader(view, next, h)) {
        r = next;
        continue;
      }
      break;
    }
    // Only a row of short texts can be a header (repeated, or another table's): a data row has a number
    // or a long text, and is not looked at again.
    const headerLike = looksLikeHeaderRow(view, r, h);
    const repeated = headerLike ? repeatsHeader(view, r, h) : 0;
    if (repeated) {
      r += repeated;
      continue;
    }
    if (isSeparatorRow(view, r, h)) {
      r++;
      continue;
    }
    const unitText = unitRowText(view, r, h);
    if (unitText !== null) {
      unitRows.push(r);
      unitTexts.push({ text: unitText, row: r, col: h.left, where: 'unitRow' });
      r++;
      continue;
    }
    const single = singleCellRow(view, r, h);
    if (single === 'end') break;
    if (single === 'continued') {
      r++;
      continue;
    }
    if (single === 'group') {
      groupRows.push(r);
      last = r;
      r++;
      continue;
    }
    if (headerLike && rowHasHeaderWord(view, r)) {
      // Another table's header starts here.
      const other = guessHeader(view, r, 1) ?? (isSecondHeaderRow(view, r) ? guessHeader(view, r, 2) : null);
      if (other && other.kinds.some((k) => !h.kinds.includes(k)) && Object.keys(other.columns).length >= 3) break;
    }
    dataRows.push(r);
    last = r;
    r++;
  }
  for (const [role, header] of Object.entries(h.headers)) {
    const col = h.columns[role as Role]?.[0];
    if (header && col !== undefined && /單位|元/.test(header)) unitTexts.push({ text: header, row: h.bottom, col, where: 'header' });
  }
  // Columns inside the table with a header the vocabulary does not know (and no role), that hold values.
  const known = new Set<number>();
  for (const cols of Object.values(h.columns)) for (const c of cols ?? []) known.add(c);
  for (const d of h.duplicateColumns) known.add(d.col);
  const unknownColumns: Table['unknownColumns'] = [];
  for (let c = h.left; c <= h.right; c++) {
    if (known.has(c)) continue;
    const m = view.mergeAt(h.bottom, c);
    if (m && m.left < c) continue;
    const own = view.text(h.bottom, c) || (h.bottom > h.top ? view.text(h.top, c) : '');
    const header = own.replace(/\s+/g, ' ').trim();
    if (!header || header.length > MAX_HEADER_LABEL) continue;
    if (!dataRows.some((rr) => !view.isEmpty(rr, c))) continue;
    unknownColumns.push({ col: c, header });
  }
  return {
    sheet: view.name,
    view,
    kinds: h.kinds,
    unitRows,
    unitTexts,
    unknownColumns,
    headerTop: h.top,
    headerBottom: h.bottom,
    left: h.left,
    right: h.right,
    bottom: last,
    columns: h.columns,
    headers: h.headers,
    dataRows,
    groupRows,
    duplicateColumns: h.duplicateColumns,
  };
}

/** The A1 address of (r, c). */
export const addressOf = cellAddress;
