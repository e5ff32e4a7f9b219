/**
 * The write plan: what a host writes into the workbook. The engine decides every cell, format and sheet;
 * hosts (ExcelJS for .xlsx files, Office.js inside Excel) only apply it.
 *
 * Rules every host keeps:
 * - `text` values are written as text, never as a formula, even when they start with `=`, `+`, `-` or `@`.
 * - `clear` ranges and `deleteSheets` are the add-in's own output from an earlier run (read from the meta sheet).
 * - `unmark` restores what a problem-cell mark replaced; `marks` are applied after, remembering what they replace.
 */
import type { CellRange } from './snapshot';
import { bandOf, type RiskLevel, type Settings } from './settings';
import { CellList } from './cellList';

export { CellList };

export type WriteValue = { text: string } | { number: number } | null;

/** Excel holds at most 32,767 characters in a cell (and in a note). */
export const MAX_CELL_TEXT = 32767;

/** Text for a cell, cut to what Excel can hold. */
export function cellTextValue(s: string): { text: string } {
  return { text: s.length > MAX_CELL_TEXT ? s.slice(0, MAX_CELL_TEXT - 1) + '…' : s };
}

/**
 * One value object for the cells written with the same short text (a status, a level, a sheet's name, `—`): a
 * plan of 100,000 rows holds a few hundred of them rather than a new object a cell. Hosts only read a plan's
 * values; the objects given here must not be changed.
 */
export function sharedTextValue(s: string): { text: string } {
  if (s.length > SHARED_TEXT_LENGTH) return cellTextValue(s);
  let v = sharedTexts.get(s);
  if (v === undefined) {
    v = { text: s };
    if (sharedTexts.size < SHARED_TEXTS) sharedTexts.set(s, v);
  }
  return v;
}
const SHARED_TEXT_LENGTH = 64;
const SHARED_TEXTS = 5000;
const sharedTexts = new Map<string, { text: string }>();

/** The same for small whole numbers (risk scores). */
export function sharedNumberValue(n: number): { number: number } {
  if (!Number.isInteger(n) || n < 0 || n > 1000 || Object.is(n, -0)) return { number: n };
  return (sharedNumbers[n] ??= { number: n });
}
const sharedNumbers: { number: number }[] = [];

export interface CellFormat {
  /** Fill colour RRGGBB. */
  fill?: string;
  bold?: boolean;
  italic?: boolean;
  fontSize?: number;
  fontColor?: string;
  /** Excel number format, e.g. `0.0%`. */
  numberFormat?: string;
  wrap?: boolean;
  horizontal?: 'left' | 'center' | 'right';
  vertical?: 'top' | 'middle' | 'bottom';
  border?: boolean;
}

/** The format of a cell filled with one colour (RRGGBB), shared. */
export function fillFormat(color: string): CellFormat {
  let f = fillFormats.get(color);
  if (f === undefined) {
    f = Object.freeze({ fill: color }) as CellFormat;
    if (fillFormats.size < 1000) fillFormats.set(color, f);
  }
  return f;
}
const fillFormats = new Map<string, CellFormat>();

/** Each risk level's fill format under `settings` (its band's colour), found once a level, not a search of the bands a cell. */
export function levelFillFormats(settings: Settings): (level: RiskLevel) => CellFormat {
  const byLevel = new Map<RiskLevel, CellFormat>();
  return (level) => {
    let f = byLevel.get(level);
    if (!f) byLevel.set(level, (f = fillFormat(bandOf(level, settings).color)));
    return f;
  };
}

export interface CellWrite {
  row: number;
  col: number;
  value: WriteValue;
  format?: CellFormat;
  /** A note on the add-in's own cell (e.g. the display cap on the 達成率 header). */
  note?: string;
}

/**
 * A cell to write, its format left out when it has none: a smaller object (a plan of 100,000 rows holds some
 * 700,000 cells, most of them without a format of their own).
 */
export function cellWrite(row: number, col: number, value: WriteValue, format?: CellFormat): CellWrite {
  return format === undefined ? { row, col, value } : { row, col, value, format };
}

export interface RangeFormat {
  range: CellRange;
  format: CellFormat;
}

export interface Validation {
  range: CellRange;
  /** A dropdown list of allowed values. */
  type: 'list';
  values: string[];
  prompt?: string;
  error?: string;
}

export interface SheetWrite {
  sheet: string;
  /** A sheet the add-in creates (and replaces on the next run). */
  create: boolean;
  /** Where a created sheet goes: after this sheet, or at the end. */
  after?: string;
  visibility?: 'visible' | 'veryHidden';
  activate?: boolean;
  /** The cells written, in a compact list (cellList.ts). */
  cells: CellList;
  /** Few large format calls rather than one per cell. */
  formats: RangeFormat[];
  merges: CellRange[];
  columnWidths: { col: number; width: number }[];
  validations: Validation[];
  freeze?: { rows: number; cols: number };
  /** Row heights in points (rows sized for the lines they hold); hosts set them (Office: or autofit where they cannot). */
  rowHeights?: RowHeight[];
  /** How the sheet prints. */
  pageSetup?: PageSetup;
  /** Cells that link to a cell of the workbook (clicking selects it). */
  hyperlinks?: Hyperlink[];
}

export interface RowHeight {
  row: number;
  /** Points. */
  height: number;
}

/** How a sheet prints: what a host writes as its page setup and its print names (_xlnm.Print_Area, _xlnm.Print_Titles). */
export interface PageSetup {
  orientation: 'landscape' | 'portrait';
  paper: 'A4';
  /** Fit to this many pages wide (1) and tall (0: as many as it takes); used when `scale` is not given. */
  fitWidth: number;
  fitHeight: number;
  /**
   * Print at this scale (percent) instead of fitting: the engine gives it with `rowBreaks`, as Excel ignores
   * manual page breaks on a sheet fitted to pages. The engine works it out so that the width fits one page.
   */
  scale?: number;
  printArea: CellRange;
  /** Rows repeated at the top of every printed page. */
  titleRows?: { top: number; bottom: number };
  /** A printed page starts at each of these rows (manual page breaks, 0-based rows). */
  rowBreaks?: number[];
  centerHorizontally?: boolean;
  /** The footer of every page, in Excel's header and footer codes (`&A` the sheet's name, `&P` the page number). */
  footer?: string;
  /** Margins in inches. */
  margins?: { left: number; right: number; top: number; bottom: number; header: number; footer: number };
}

/** An internal link: the cell at row/col selects `cell` (A1) on `sheet`. */
export interface Hyperlink {
  row: number;
  col: number;
  sheet: string;
  cell: string;
  tip?: string;
}

/** Excel's internal link location `'Sheet'!A1` (the quotes doubled inside the name). */
export function linkLocation(sheet: string, cell: string): string {
  return `'${sheet.replace(/'/g, "''")}'!${cell}`;
}

export interface Mark {
  sheet: string;
  row: number;
  col: number;
  severity: 'error' | 'warning';
  /** The note put on the cell: the issue messages. */
  note: string;
  fill: string;
  /** The mark's defined name (markName). */
  id?: string;
}

/**
 * What a mark replaced: the one record every host reads and writes (the engine owns its form, meta.ts).
 * - `fill`: the cell's fill before the mark, as RRGGBB, or null for none;
 * - `note`: the note state before the mark — `added`: there was none and the mark added a note (it goes with
 *   the mark); `comment`: the host had no notes and the mark added a comment; `user`: the cell had the
 *   user's own note or comment (never written over, kept); `none`: there was none and none was added;
 * - `style`: a host's style index from records of older versions (the package host's), read only;
 * - `noteText`: a user's note an older version wrote over, to put back (read only).
 */
export type NoteState = 'added' | 'comment' | 'user' | 'none';

export interface MarkOriginal {
  fill: string | null;
  note: NoteState;
  style?: number;
  noteText?: string;
}

/** A mark, as the meta sheet recorded it. */
export interface MarkRecord extends MarkOriginal {
  sheet: string;
  row: number;
  col: number;
  /** The defined name that follows the cell when rows or columns are inserted or deleted. */
  id?: string;
}

/** A workbook-level defined name the add-in keeps, so Excel moves it with the output. */
export interface OwnName {
  name: string;
  sheet: string;
  range: CellRange;
  /** More areas of the same sheet after `range` (a union: the marks of a sheet, up to MARKS_PER_NAME a name). */
  more?: CellRange[];
}

/** Marks named together in one union name (its reference stays far below Excel's 8,192 characters). */
export const MARKS_PER_NAME = 100;

export interface WritePlan {
  /** Sheets every write touches; a host stops before writing anything when one of them is protected. */
  touches: string[];
  clear: { sheet: string; range: CellRange }[];
  unmark: MarkRecord[];
  /** Marks of an earlier run that stay (this run does not redo the marks): the host keeps them in the meta sheet. */
  keepMarks: MarkRecord[];
  deleteSheets: string[];
  sheets: SheetWrite[];
  marks: Mark[];
  /** The meta sheet's records of the add-in's own output (the host adds the mark records). */
  meta: MetaState;
  /** The records sheet this run writes (a name free case-insensitively), and the one of an earlier run. */
  metaSheet?: { name: string; existing: string | null };
  /**
   * The add-in's defined names after this run (`_plancheck_…`, hidden): a host deletes every name of the add-in
   * it finds (isOwnName) and adds these, leaving the user's names and Excel's `_xlnm.` names as they are.
   * Marks get theirs from the host, with the mark records (markName).
   */
  names?: OwnName[];
}

/** The steps of a write, in the one order every host follows (a host implements each step). */
export type WriteStep = 'unmark' | 'clear' | 'deleteSheets' | 'record' | 'sheets' | 'marks';

/**
 * The order of the write steps, decided here for every host: take the old marks away (restoring what they
 * replaced), clear the add-in's own old cells, delete its old sheets, write the record of what this run writes
 * (before writing it: a write Excel stops part way is found again by the next run), write the sheets and
 * columns, mark the problem cells.
 */
export const WRITE_STEPS: readonly WriteStep[] = ['unmark', 'clear', 'deleteSheets', 'record', 'sheets', 'marks'];

/** Runs a host's implementation of each write step in the engine's order. */
export async function runWriteSteps(steps: Record<WriteStep, () => void | Promise<void>>, onStep?: (s: WriteStep) => void): Promise<void> {
  for (const s of WRITE_STEPS) {
    onStep?.(s);
    await steps[s]();
  }
}

/** Runs the steps synchronously (a host with nothing to wait for). */
export function runWriteStepsSync(steps: Record<WriteStep, () => void>): void {
  for (const s of WRITE_STEPS) steps[s]();
}

/** The prefix of the add-in's defined names. */
export const NAME_PREFIX = '_plancheck_';

export function isOwnName(name: string): boolean {
  return name.toLowerCase().startsWith(NAME_PREFIX);
}

/** The defined name of the marks of a run numbered k (0-based) on a sheet: a union name and the area in it. */
export function markName(group: number, area: number): string {
  return `${NAME_PREFIX}m${group + 1}#${area + 1}`;
}

export function emptySheetWrite(sheet: string, create: boolean): SheetWrite {
  return { sheet, create, cells: new CellList(), formats: [], merges: [], columnWidths: [], validations: [] };
}

/** The add-in's own output, kept in a very hidden sheet so that the next run replaces it instead of adding again. */
export const META_SHEET = '_plancheck';

/** A range of the add-in's output as recorded: where, its defined name, and what each cell held (meta.ts). */
export interface RangeRecord {
  sheet: string;
  range: CellRange;
  id?: string;
  /** Digests of what was written (meta.ts cellsCheck); absent in records of older versions. */
  check?: string;
}

export interface SheetRecord {
  name: string;
  id?: string;
}

export interface MetaState {
  version: 1 | 2;
  ranges: RangeRecord[];
  sheets: string[];
  /** The defined names of the sheets (by sheet name), when recorded. */
  sheetIds?: Record<string, string>;
  marks: MarkRecord[];
  /** Which of `sheets` are findings sheets (檢核結果); the others are risk maps. */
  findingsSheets?: string[];
}

export function emptyMeta(): MetaState {
  return { version: 2, ranges: [], sheets: [], marks: [] };
}
