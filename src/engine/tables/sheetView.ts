/** Read access to one sheet of a snapshot: ragged rows, merges, and cells hidden from the reader. */
import type { CellRange, CellValue, SheetSnapshot } from '../snapshot';
import { cellText, isEmptyCell } from '../snapshot';

export class SheetView {
  readonly name: string;
  readonly rowCount: number;
  readonly colCount: number;
  /**
   * The merges over each row (clipped to the grid), in the sheet's order; undefined where none. Rows that the same
   * merges cover share one list (a goal merged over five rows: one list for the five), so that the index costs a
   * slot a row, not an array a row.
   */
  private readonly mergesByRow: (readonly CellRange[] | undefined)[] = [];
  private readonly masks: CellRange[];

  constructor(readonly sheet: SheetSnapshot, masks: CellRange[] = []) {
    this.name = sheet.name;
    this.rowCount = sheet.rows.length;
    this.masks = masks;
    // The width of the grid: its longest row, up to the row's last value. Empty cells at the end of a row and the
    // add-in's own output (masked) do not widen it, so that a second run reads the sheet as the first did.
    let cols = 0;
    for (let r = 0; r < sheet.rows.length; r++) {
      const row = sheet.rows[r];
      if (!row || row.length <= cols) continue;
      let len = row.length;
      while (len > cols && (row[len - 1] === null || row[len - 1] === undefined || (masks.length && this.isMasked(r, len - 1)))) len--;
      cols = len;
    }
    this.colCount = cols;
    this.indexMerges(sheet.merges);
  }

  /** Fills mergesByRow: one sweep down the rows, a new list only where a merge starts or ends. */
  private indexMerges(merges: readonly CellRange[]): void {
    // Each merge clipped to the grid (a merge reaching to row 1,048,576 is clipped); absurd merges are ignored (the
    // top-left value stays where it is). Kept by number, in typed arrays: no object a merge.
    const bottoms = new Int32Array(merges.length);
    let n = 0;
    const kept = new Int32Array(merges.length);
    for (let k = 0; k < merges.length; k++) {
      const m = merges[k];
      const bottom = Math.min(m.bottom, this.rowCount - 1);
      const right = Math.min(m.right, this.colCount - 1);
      if (bottom - m.top > 5000 || right - m.left > 500) continue;
      if (bottom < m.top || right < m.left) continue; // no cell inside the grid
      bottoms[k] = bottom;
      kept[n++] = k;
    }
    if (!n) return;
    // By top row, then in the sheet's order.
    const order = kept.subarray(0, n).sort((a, b) => merges[a].top - merges[b].top || a - b);
    const rows = this.mergesByRow;
    // The merges over the current row, by number in the sheet's order (a later merge over the same cell wins).
    let active: number[] = [];
    let list: readonly CellRange[] | undefined = undefined;
    let next = 0;
    let lowest = Infinity; // the lowest bottom row of the active merges
    // Rows are set in order (a row without merges holds undefined), so that the list stays a dense array.
    while (rows.length < merges[order[0]].top) rows.push(undefined);
    for (let r = merges[order[0]].top; r < this.rowCount; r++) {
      let changed = false;
      if (r > lowest) {
        active = active.filter((k) => bottoms[k] >= r);
        lowest = Infinity;
        for (const k of active) if (bottoms[k] < lowest) lowest = bottoms[k];
        changed = true;
      }
      while (next < n && merges[order[next]].top === r) {
        const k = order[next++];
        let at = active.length;
        while (at > 0 && active[at - 1] > k) at--;
        active.splice(at, 0, k);
        if (bottoms[k] < lowest) lowest = bottoms[k];
        changed = true;
      }
      if (changed) list = active.length ? active.map((k) => merges[k]) : undefined;
      if (!active.length) {
        if (next >= n) break;
        // No merge until the next one starts: its rows stay undefined.
        const top = merges[order[next]].top;
        while (rows.length < top) rows.push(undefined);
        r = top - 1;
        continue;
      }
      rows[r] = list;
    }
  }

  /** The raw value at (r, c); null outside the grid or in a masked (add-in owned) cell. */
  get(r: number, c: number): CellValue {
    const row = this.sheet.rows[r];
    if (!row) return null;
    const v = row[c];
    if (v === undefined || v === null) return null;
    if (this.masks.length && this.isMasked(r, c)) return null;
    return v;
  }

  isMasked(r: number, c: number): boolean {
    for (const m of this.masks) if (r >= m.top && r <= m.bottom && c >= m.left && c <= m.right) return true;
    return false;
  }

  mergeAt(r: number, c: number): CellRange | undefined {
    const list = this.mergesByRow[r];
    if (list === undefined || c >= this.colCount) return undefined;
    for (let k = list.length - 1; k >= 0; k--) {
      const m = list[k];
      if (c >= m.left && c <= m.right) return m;
    }
    return undefined;
  }

  /** The value shown at (r, c): inside a merge, the merge's top-left value. */
  shown(r: number, c: number): CellValue {
    const m = this.mergeAt(r, c);
    if (m) return this.get(m.top, m.left);
    return this.get(r, c);
  }

  text(r: number, c: number): string {
    return cellText(this.get(r, c));
  }

  isEmpty(r: number, c: number): boolean {
    return isEmptyCell(this.get(r, c));
  }

  /** Number of cells in the row (ragged). */
  width(r: number): number {
    const row = this.sheet.rows[r];
    return row ? row.length : 0;
  }

  rowIsEmpty(r: number, left = 0, right = this.width(r) - 1): boolean {
    const row = this.sheet.rows[r];
    if (!row) return true;
    const end = Math.min(right, row.length - 1);
    for (let c = left; c <= end; c++) if (!isEmptyCell(this.get(r, c))) return false;
    return true;
  }
}
