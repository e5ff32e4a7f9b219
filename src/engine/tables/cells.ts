/** Reading the cells of one role in one row of a table. */
import { cellAddress } from '../address';
import { CellValue, cellText, isCellError, isCellFormula, isEmptyCell } from '../snapshot';
import { cleanText, cleanTextOnce } from '../text';
import { Issue, makeIssue } from '../issues';
import type { Table } from './reader';
import type { Role } from './vocabulary';

export interface CellRef {
  row: number;
  col: number;
  value: CellValue;
  readonly address: string;
}

/** A cell of a row; its A1 address is made only when asked for (most cells never are), and then once. */
class Ref implements CellRef {
  private addressText: string | undefined = undefined;
  constructor(
    readonly row: number,
    readonly col: number,
    readonly value: CellValue,
  ) {}
  get address(): string {
    return (this.addressText ??= cellAddress(this.row, this.col));
  }
}

/** The non-empty cells of a role in row r (a role may span several columns). */
export function roleCells(t: Table, r: number, role: Role): CellRef[] {
  const cols = t.columns[role];
  if (!cols) return [];
  // Counted first, so that the list is made at its size (a list grown by push holds room for 16 cells).
  let n = 0;
  for (const c of cols) if (!isEmptyCell(t.view.get(r, c))) n++;
  const out: CellRef[] = new Array(n);
  let k = 0;
  for (const c of cols) {
    const v = t.view.get(r, c);
    if (!isEmptyCell(v)) out[k++] = new Ref(r, c, v);
  }
  return out;
}

/** The first non-empty cell of a role in row r, or null. */
export function roleCell(t: Table, r: number, role: Role): CellRef | null {
  const cols = t.columns[role];
  if (!cols) return null;
  for (const c of cols) {
    const v = t.view.get(r, c);
    if (!isEmptyCell(v)) return new Ref(r, c, v);
  }
  return null;
}

/** Whether a role has a non-empty cell in row r (roleCell's test, without making a CellRef). */
export function roleHasValue(t: Table, r: number, role: Role): boolean {
  const cols = t.columns[role];
  if (!cols) return false;
  for (const c of cols) if (!isEmptyCell(t.view.get(r, c))) return true;
  return false;
}

/** The address of a role's first column in row r (where a missing value should be). */
export function roleAddress(t: Table, r: number, role: Role): string | null {
  const cols = t.columns[role];
  return cols ? cellAddress(r, cols[cols.length - 1]) : null;
}

/** The texts of a role's cells in row r joined by spaces, each through `each` (empty ones left out). */
function joinRole(t: Table, r: number, role: Role, each: (s: string) => string): string {
  const cols = t.columns[role];
  if (!cols) return '';
  let out = '';
  for (const c of cols) {
    const v = t.view.get(r, c);
    if (isEmptyCell(v)) continue;
    const s = each(cellText(v));
    if (s !== '') out = out ? out + ' ' + s : s;
  }
  return out;
}

/** The text of a role in row r, cells joined, whitespace cleaned. */
export function roleText(t: Table, r: number, role: Role): string {
  return joinRole(t, r, role, cleanText);
}

/**
 * roleText for a role whose texts differ row by row (a risk's name): cleaned without the memo (cleanTextOnce), the
 * cell's own text kept when it is already clean.
 */
export function roleTextOnce(t: Table, r: number, role: Role): string {
  return joinRole(t, r, role, cleanTextOnce);
}

/** The text of a role in row r as written (for scanning prose: no cleaning needed). */
export function roleRawText(t: Table, r: number, role: Role): string {
  return joinRole(t, r, role, (s) => s);
}

export function hasRole(t: Table, role: Role): boolean {
  return !!t.columns[role];
}

/** The issue for a cell that cannot be read: its Excel error value, or its formula without a saved result. */
export function unreadableIssue(sheet: string, ref: CellRef, bad: 'error' | 'formula'): Issue {
  return bad === 'error'
    ? makeIssue('READ_ERROR_VALUE', sheet, ref.address, { text: cellText(ref.value) })
    : makeIssue('READ_FORMULA_WITHOUT_VALUE', sheet, ref.address, { text: isCellFormula(ref.value) ? ref.value.formula : '' });
}

/** Excel error values and formulas without a cached value cannot be read. */
export function unreadableCell(v: CellValue): 'error' | 'formula' | null {
  if (isCellError(v)) return 'error';
  if (isCellFormula(v)) return 'formula';
  return null;
}
