/** Read access to one sheet of a snapshot: ragged rows, merges, and cells hidden from the reader. */
import type { CellRange, CellValue, SheetSnapshot } from '../snapshot';
import { cellText, isEmptyCell } from '../snapshot';

export class SheetView {
  readonly name: string;
  readonly rowCount: number;
  readonly colCount: number;
  /** The merge of each merged cell, by row then column (arrays: no boxed number key a cell). */
  private readonly mergeByCell: (CellRange[] | undefined)[] = [];
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
    for (const m of sheet.merges) {
      // Only cells inside the grid matter; a merge reaching to row 1,048,576 is clipped.
      const bottom = Math.min(m.bottom, this.rowCount - 1);
      const right = Math.min(m.right, this.colCount - 1);
      if (bottom - m.top > 5000 || right - m.left > 500) continue; // absurd merges: ignore, the top-left value stays where it is
      for (let r = m.top; r <= bottom; r++) {
        const row = (this.mergeByCell[r] ??= []);
        for (let c = m.left; c <= right; c++) row[c] = m;
      }
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
    return this.mergeByCell[r]?.[c];
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
