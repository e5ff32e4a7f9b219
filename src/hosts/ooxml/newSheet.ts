/**
 * The rows of a sheet the add-in creates, written straight from the plan as text, in row order: no model of its
 * cells is made or kept. The same walk runs twice: once when the plan is applied (the styles are derived, a cell
 * written twice is caught, the used range is found), and once more when the zip writer packs the part (the row
 * texts, made one by one and packed as they come; every style is then already derived, so the stylesheet written
 * before it is complete).
 *
 * What comes out is what the worksheet editor made of a blank sheet: for each cell its value, then its format,
 * then the plan's formats in their order over it; a cell left with neither value nor style is left out; a row
 * takes its height from the plan.
 */
import type { CellRange } from '../../engine/snapshot';
import type { CellFormat, RangeFormat, SheetWrite } from '../../engine/writePlan';
import { escapeSmlText, needsPreserve } from './xml';
import { cellRef, colName, numberText, PlanConflictError } from './worksheet';

export type Derive = (base: number, f: CellFormat) => number;

interface Slot {
  col: number;
  s: number;
  /** `t` attribute (inlineStr) or ''. */
  t: string;
  inner: string;
  holds: boolean;
}

export interface BuiltRows {
  /** The used range (null: no cell). */
  used: CellRange | null;
  /** The rows' texts, one piece per row, made as they are asked for. */
  rows: () => Generator<string>;
}

/** Walks the plan's rows once (checking, deriving styles), and gives the rows' texts for later. */
export function buildRows(s: SheetWrite, derive: Derive): BuiltRows {
  const used = { top: Infinity, left: Infinity, bottom: -1, right: -1 };
  for (const _ of walk(s, derive, false, used));
  return { used: used.bottom < 0 ? null : used, rows: () => walk(s, derive, true, null) };
}

/** A row of a sheet write as the writers walk it: the object is the same from row to row (read it before the next). */
export interface PlanRow {
  row: number;
  /** The row's cells, as indices into the plan's cells, in the plan's order. */
  cells: number[];
  /** The plan's formats over the row, in the plan's order. */
  formats: readonly RangeFormat[];
  /** The row's height from the plan, if it gives one. */
  height: number | undefined;
}

/**
 * The rows of a sheet write that have anything (a cell, a format, a height), in row order, with what each gets:
 * the one walk of the plan that both the new sheets' rows and the edits of a user's sheet are made from.
 */
export function* planRows(s: SheetWrite): Generator<PlanRow> {
  const cells = s.cells;
  const n = cells.length;
  // The plan's cells in row order (they come so; sorted, stably, when they do not).
  let order: number[] | null = null;
  for (let i = 1; i < n; i++) {
    if (cells.row(i) < cells.row(i - 1)) {
      order = Array.from({ length: n }, (_, k) => k).sort((a, b) => cells.row(a) - cells.row(b) || a - b);
      break;
    }
  }
  const at = (i: number) => (order ? order[i] : i);
  const byTop = s.formats
    .map((f, k) => ({ range: f.range, format: f.format, k }))
    .filter((f) => f.range.bottom >= f.range.top && f.range.right >= f.range.left)
    .sort((a, b) => a.range.top - b.range.top || a.k - b.k);
  // The heights by row (an array: rows are small integers; a row given twice has its last height), and their rows.
  const heightOf: number[] = [];
  const heightRows: number[] = [];
  for (const h of s.rowHeights ?? []) {
    if (heightOf[h.row] === undefined) heightRows.push(h.row);
    heightOf[h.row] = h.height;
  }
  heightRows.sort((a, b) => a - b);

  let ci = 0;
  let fi = 0;
  let hi = 0;
  let active: typeof byTop = [];
  let prevRow = -1;
  const out: PlanRow = { row: -1, cells: [], formats: active, height: undefined };
  for (;;) {
    // The next row that has anything: a cell, a format, a height.
    let r = Infinity;
    if (ci < n) r = Math.min(r, cells.row(at(ci)));
    if (fi < byTop.length) r = Math.min(r, byTop[fi].range.top);
    if (hi < heightRows.length) r = Math.min(r, heightRows[hi]);
    if (active.length) r = Math.min(r, prevRow + 1);
    if (r === Infinity) return;
    prevRow = r;
    // The formats over the row in the plan's order: sorted when one joins (the ones that stay keep their order).
    let joined = false;
    while (fi < byTop.length && byTop[fi].range.top <= r) {
      active.push(byTop[fi++]);
      joined = true;
    }
    if (active.some((f) => f.range.bottom < r)) active = active.filter((f) => f.range.bottom >= r);
    if (joined && active.length > 1) active.sort((a, b) => a.k - b.k);
    while (hi < heightRows.length && heightRows[hi] <= r) hi++;
    out.row = r;
    out.cells.length = 0;
    for (; ci < n && cells.row(at(ci)) === r; ci++) out.cells.push(at(ci));
    out.formats = active;
    out.height = r < heightOf.length ? heightOf[r] : undefined;
    yield out;
  }
}

function* walk(s: SheetWrite, derive: Derive, emit: boolean, used: CellRange | null): Generator<string> {
  const cells = s.cells;
  // The row's cells by column: a slot a column, made once and reused row after row (`here` says which hold a cell
  // of this row), and the columns touched, in the order they were.
  const pool: (Slot | undefined)[] = [];
  const here: boolean[] = [];
  const touched: number[] = [];
  const slotAt = (col: number): Slot => {
    let slot = pool[col];
    if (slot === undefined) pool[col] = slot = { col, s: 0, t: '', inner: '', holds: false };
    if (!here[col]) {
      here[col] = true;
      slot.s = 0;
      slot.t = '';
      slot.inner = '';
      slot.holds = false;
      touched.push(col);
    }
    return slot;
  };
  const drop = (col: number) => {
    here[col] = false;
    const k = touched.indexOf(col);
    if (k >= 0) touched.splice(k, 1);
  };
  // The last style derived: cells side by side mostly get the same format over the same style.
  let lastBase = -1;
  let lastFormat: CellFormat | null = null;
  let lastStyle = 0;
  const derived = (base: number, f: CellFormat): number => {
    if (base !== lastBase || f !== lastFormat) {
      lastStyle = derive(base, f);
      lastBase = base;
      lastFormat = f;
    }
    return lastStyle;
  };
  const list: Slot[] = [];
  for (const pr of planRows(s)) {
    const r = pr.row;
    touched.length = 0;
    for (const k of pr.cells) {
      const col = cells.col(k);
      if (here[col] && pool[col]!.holds) {
        for (const c of touched) here[c] = false;
        throw new PlanConflictError(s.sheet, cellRef(r, col));
      }
      const slot = slotAt(col);
      const v = cells.raw(k);
      slot.t = '';
      slot.inner = '';
      slot.holds = false;
      if (typeof v === 'string') {
        slot.t = 'inlineStr';
        slot.holds = holdsText(v);
        if (emit) slot.inner = `<is><t${needsPreserve(v) ? ' xml:space="preserve"' : ''}>${escapeSmlText(v)}</t></is>`;
        else slot.inner = '<is/>';
      } else if (typeof v === 'number' && Number.isFinite(v)) {
        slot.holds = true;
        slot.inner = emit ? `<v>${numberText(v)}</v>` : '<v/>';
      }
      const format = cells.format(k);
      if (format) {
        slot.s = derived(slot.s, format);
        if (slot.s === 0 && !slot.inner && !slot.t) drop(col);
      }
    }
    for (const f of pr.formats) {
      for (let col = f.range.left; col <= f.range.right; col++) {
        const slot = slotAt(col);
        slot.s = derived(slot.s, f.format);
        if (slot.s === 0 && !slot.inner && !slot.t) drop(col);
      }
    }
    const h = pr.height;
    if (!touched.length && h === undefined) continue;
    list.length = touched.length;
    for (let k = 0; k < touched.length; k++) {
      list[k] = pool[touched[k]]!;
      here[touched[k]] = false;
    }
    if (list.length > 1) byColumn(list);
    if (used && list.length) {
      if (r < used.top) used.top = r;
      used.bottom = r;
      if (list[0].col < used.left) used.left = list[0].col;
      if (list[list.length - 1].col > used.right) used.right = list[list.length - 1].col;
    }
    if (!emit) continue;
    const n = r + 1;
    let out = h === undefined ? `<row r="${n}"` : `<row r="${n}" ht="${Math.round(h * 100) / 100}" customHeight="1"`;
    if (!list.length) {
      yield out + '/>';
      continue;
    }
    out += '>';
    for (const c of list) {
      out += `<c r="${colName(c.col)}${n}"${c.s ? ` s="${c.s}"` : ''}${c.t ? ` t="${c.t}"` : ''}`;
      out += c.inner ? `>${c.inner}</c>` : '/>';
    }
    yield out + '</row>';
  }
}

/**
 * Sorts a row's few slots by column, in place: they mostly come in column order already (checked first), else by
 * insertion (stable, as sort is; a comparator call a pair was a fifth of the walk).
 */
function byColumn(list: Slot[]): void {
  for (let k = 1; k < list.length; k++) {
    const x = list[k];
    if (x.col >= list[k - 1].col) continue;
    let j = k - 1;
    while (j >= 0 && list[j].col > x.col) {
      list[j + 1] = list[j];
      j--;
    }
    list[j + 1] = x;
  }
}

/** Whether a text has more than white space (`v.trim() !== ''`), known from its first character for most texts. */
function holdsText(v: string): boolean {
  if (v === '') return false;
  const c = v.charCodeAt(0);
  // Printable ASCII but the space, and the CJK and other characters after U+3000 but the BOM, are not white space.
  if ((c > 0x20 && c < 0x7f) || (c > 0x3000 && c !== 0xfeff)) return true;
  return v.trim() !== '';
}
