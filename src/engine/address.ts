/** A1-style addressing. Rows and columns are 0-based inside the engine. */
import type { CellRange } from './snapshot';

export function columnName(col: number): string {
  let n = col + 1;
  let s = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** `cellAddress(0, 0)` is `A1`. */
export function cellAddress(row: number, col: number): string {
  return columnName(col) + (row + 1);
}

export function rangeAddress(r: CellRange): string {
  const a = cellAddress(r.top, r.left);
  const b = cellAddress(r.bottom, r.right);
  return a === b ? a : `${a}:${b}`;
}

/** `parseCellAddress('B3')` is `{ row: 2, col: 1 }`; null when it is not an address inside Excel's grid. */
export function parseCellAddress(a: string): { row: number; col: number } | null {
  // The usual form (`D12`: capital letters, then digits without a leading zero) by char codes.
  const fast = plainAddress(a);
  if (fast !== undefined) return fast;
  const m = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/.exec(a.trim());
  if (!m) return null;
  let col = 0;
  for (const ch of m[1].toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
  const row = parseInt(m[2], 10);
  // Excel's grid is A1:XFD1048576: `XFE1` and `A1048577` are not cells.
  if (row < 1 || row > 1048576 || col > 16384) return null;
  return { row: row - 1, col: col - 1 };
}

/** `A1`-style with capital letters and no `$`, spaces or leading zero: its cell (null outside the grid); undefined for any other text. */
function plainAddress(a: string): { row: number; col: number } | null | undefined {
  let k = 0;
  let col = 0;
  for (; k < a.length && k < 4; k++) {
    const c = a.charCodeAt(k);
    if (c < 65 || c > 90) break;
    col = col * 26 + (c - 64);
  }
  if (k === 0 || k > 3 || k === a.length) return undefined;
  let row = 0;
  const digits = k;
  for (; k < a.length; k++) {
    const c = a.charCodeAt(k);
    if (c < 48 || c > 57 || (k === digits && c === 48)) return undefined;
    row = row * 10 + (c - 48);
  }
  if (k - digits > 7) return undefined;
  if (row < 1 || row > 1048576 || col > 16384) return null;
  return { row: row - 1, col: col - 1 };
}

/** `parseRangeAddress('A1:B2')`; a single cell gives a one-cell range. */
export function parseRangeAddress(a: string): CellRange | null {
  const parts = a.split(':');
  if (parts.length > 2) return null;
  const p = parseCellAddress(parts[0]);
  const q = parts.length === 2 ? parseCellAddress(parts[1]) : p;
  if (!p || !q) return null;
  return {
    top: Math.min(p.row, q.row),
    left: Math.min(p.col, q.col),
    bottom: Math.max(p.row, q.row),
    right: Math.max(p.col, q.col),
  };
}
