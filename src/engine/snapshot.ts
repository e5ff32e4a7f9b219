/**
 * The workbook snapshot: what a host reads and hands to the engine.
 * Pure data, no Office.js and no Node API: sheets as grids of values, with merges.
 */

/** An Excel error value such as `#DIV/0!` or `#N/A`. */
export interface CellError {
  error: string;
}

/** A formula whose result was not cached in the file (nothing to read). */
export interface CellFormula {
  formula: string;
}

/** A date cell (ISO date string, `2022-01-01`). */
export interface CellDate {
  date: string;
}

export type CellValue = string | number | boolean | null | CellError | CellFormula | CellDate;

/** A rectangle of cells, 0-based and inclusive. */
export interface CellRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface SheetSnapshot {
  name: string;
  /** rows[r][c] is the cell at row r+1, column c+1 (A1 is rows[0][0]). Rows may be ragged or missing. */
  rows: CellValue[][];
  merges: CellRange[];
  hidden?: boolean;
  /** The sheet is protected: a host must not write to it. */
  protected?: boolean;
}

/**
 * A workbook-level defined name as the host read it. `ref` is its reference text without `=`
 * (`'Sheet 1'!$H$3:$J$9`, `#REF!$A$1` once Excel has deleted what it pointed at).
 */
export interface DefinedNameRef {
  name: string;
  ref: string;
}

export interface WorkbookSnapshot {
  sheets: SheetSnapshot[];
  /**
   * The settings kept in the workbook, as the host found them (raw JSON text or its parsed value); the engine
   * checks and merges them (settingsFromJson), so both hosts read a workbook alike.
   */
  settings?: unknown;
  /**
   * The workbook's defined names that are the add-in's own (`_plancheck_…`); absent when the host does not
   * read names (the records' addresses are used as they are).
   */
  names?: DefinedNameRef[];
}

export function isCellError(v: CellValue): v is CellError {
  return typeof v === 'object' && v !== null && 'error' in v;
}
export function isCellFormula(v: CellValue): v is CellFormula {
  return typeof v === 'object' && v !== null && 'formula' in v;
}
export function isCellDate(v: CellValue): v is CellDate {
  return typeof v === 'object' && v !== null && 'date' in v;
}

/** True when the cell holds nothing (null, undefined or only whitespace). */
export function isEmptyCell(v: CellValue | undefined): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v === 'string') return v.trim() === '';
  return false;
}

/** The cell as display text ('' for empty). */
export function cellText(v: CellValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (isCellError(v)) return v.error;
  if (isCellDate(v)) return v.date;
  return '';
}
