/**
 * The SheetView's merge index (one list of merges a run of rows, shared): the merge at every cell is the one a plain
 * cell-by-cell index gives (clipped to the grid, absurd merges ignored, a later merge over the same cell winning).
 */
import fc from 'fast-check';
import type { CellRange, CellValue, SheetSnapshot } from '../../src/engine/snapshot';
import { SheetView } from '../../src/engine/tables/sheetView';

/** The index as it was: an array of cells for each merged row, each cell its merge. */
function reference(sheet: SheetSnapshot, rowCount: number, colCount: number): (r: number, c: number) => CellRange | undefined {
  const byCell: (CellRange[] | undefined)[] = [];
  for (const m of sheet.merges) {
    const bottom = Math.min(m.bottom, rowCount - 1);
    const right = Math.min(m.right, colCount - 1);
    if (bottom - m.top > 5000 || right - m.left > 500) continue;
    for (let r = m.top; r <= bottom; r++) {
      const row = (byCell[r] ??= []);
      for (let c = m.left; c <= right; c++) row[c] = m;
    }
  }
  return (r, c) => byCell[r]?.[c];
}

function sheetOf(rows: number, cols: number, merges: CellRange[]): SheetSnapshot {
  const grid: CellValue[][] = [];
  for (let r = 0; r < rows; r++) grid.push(Array.from({ length: cols }, (_, c) => `${r}:${c}`));
  return { name: 'S', rows: grid, merges };
}

function checkAll(sheet: SheetSnapshot): void {
  const view = new SheetView(sheet);
  const ref = reference(sheet, view.rowCount, view.colCount);
  for (let r = -1; r <= view.rowCount + 1; r++)
    for (let c = -1; c <= view.colCount + 1; c++) {
      if (view.mergeAt(r, c) !== ref(r, c)) throw new Error(`mergeAt(${r}, ${c}) differs`);
      const m = ref(r, c);
      expect(view.shown(r, c)).toBe(m ? view.get(m.top, m.left) : view.get(r, c));
    }
}

describe('SheetView merge index', () => {
  it('merges down, across, overlapping, beyond the grid, absurd, and with gaps between them', () => {
    checkAll(
      sheetOf(40, 6, [
        { top: 0, left: 0, bottom: 0, right: 5 }, // a title across
        { top: 1, left: 0, bottom: 2, right: 1 },
        { top: 3, left: 0, bottom: 7, right: 0 }, // a goal down five rows
        { top: 3, left: 1, bottom: 7, right: 1 },
        { top: 5, left: 1, bottom: 6, right: 3 }, // overlapping the one above: the later wins
        { top: 20, left: 4, bottom: 1048575, right: 16383 }, // to the sheet's end: clipped
        { top: 30, left: 2, bottom: 30, right: 2 }, // one cell
        { top: 50, left: 0, bottom: 60, right: 2 }, // below the grid
        { top: 10, left: 8, bottom: 12, right: 9 }, // right of the grid
        { top: 0, left: 0, bottom: 39, right: 0 }, // over everything, last
      ]),
    );
    const tall: SheetSnapshot = sheetOf(6000, 2, [{ top: 0, left: 0, bottom: 5999, right: 0 }]); // absurd: 6,000 rows
    expect(new SheetView(tall).mergeAt(10, 0)).toBeUndefined();
  });

  it('rows covered by the same merges share one list', () => {
    const merges: CellRange[] = [];
    for (let top = 1; top < 1000; top += 5) merges.push({ top, left: 0, bottom: top + 4, right: 0 }, { top, left: 1, bottom: top + 4, right: 1 });
    const view = new SheetView(sheetOf(1001, 3, merges));
    const lists = new Set((view as unknown as { mergesByRow: unknown[] }).mergesByRow.filter((x) => x !== undefined));
    expect(lists.size).toBe(200);
    checkAll(sheetOf(1001, 3, merges));
  });

  it('random merges: the same merge at every cell as a cell-by-cell index', () => {
    const range = fc.record({ top: fc.nat(24), left: fc.nat(9), h: fc.nat(8), w: fc.nat(5) }).map(({ top, left, h, w }) => ({ top, left, bottom: top + h, right: left + w }));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 8 }), fc.array(range, { maxLength: 25 }), (rows, cols, merges) => {
        checkAll(sheetOf(rows, cols, merges));
      }),
      { numRuns: 300 },
    );
  });
});
