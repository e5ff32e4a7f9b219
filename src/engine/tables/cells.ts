/** Reading the cells of one role in one row of a table. */
import { cellAddress } from '../address';
import { CellValue, cellText, isCellError, isCellFormula, isEmptyCell } from '../snapshot';
import { cleanText } from '../text';
import type { Table } from './reader';
import type { Role } from './vocabulary';

export interface CellRef {
  row: number;
  col: number;
  value: CellValue;
  address: string;
}

/** The non-empty cells of a role in row r (a role may span several columns). */
export function roleCells(t: Table, r: number, role: Role): CellRef[] {
  const cols = t.columns[role];
  if (!cols) return [];
  const out: CellRef[] = [];
  for (const c of cols) {
    const v = t.view.get(r, c);
    if (!isEmptyCell(v)) out.push({ row: r, col: c, value: v, address: cellAddress(r, c) });
  }
  return out;
}

/** The first non-empty cell of a role in row r, or null. */
export function roleCell(t: Table, r: number, role: Role): CellRef | null {
  const cols = t.columns[role];
  if (!cols) return null;
  for (const c of cols) {
    const v = t.view.get(r, c);
    if (!isEmptyCell(v)) return { row: r, col: c, value: v, address: cellAddress(r, c) };
  }
  return null;
}

/** The address of a role's first column in row r (where a missing value should be). */
export function roleAddress(t: Table, r: number, role: Role): string | null {
  const cols = t.columns[role];
  return cols ? cellAddress(r, cols[cols.length - 1]) : null;
}

/** The text of a role in row r, cells joined, whitespace cleaned. */
export function roleText(t: Table, r: number, role: Role): string {
  return roleCells(t, r, role)
    .map((c) => cleanText(cellText(c.value)))
    .filter((s) => s !== '')
    .join(' ');
}

export function hasRole(t: Table, role: Role): boolean {
  return !!t.columns[role];
}

/** Excel error values and formulas without a cached value cannot be read. */
export function unreadableCell(v: CellValue): 'error' | 'formula' | null {
  if (isCellError(v)) return 'error';
  if (isCellFormula(v)) return 'formula';
  return null;
}
