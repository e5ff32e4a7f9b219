/**
 * A strict stand-in for the Office.js Excel API over an in-memory workbook.
 *
 * What it is for: running the add-in's Office host (src/hosts/office) in tests and in a browser page without
 * Excel, and failing where real Excel would fail. Pure TypeScript, no Node API (it is bundled for the browser).
 *
 * How it behaves (modelled on the office.js runtime, @microsoft/office-js, and the ExcelApi documentation):
 * - Every API object is a JS Proxy. Reading a scalar property that was neither loaded-and-synced nor set on this
 *   proxy throws `PropertyNotLoaded` (as office.js does, a value set on the proxy reads back as set). Reading any
 *   member the stand-in does not implement throws `ApiNotFound` ("… is not implemented by the stand-in").
 * - Members are tagged with their ExcelApi requirement set; using one above `options.excelApi` throws `ApiNotFound`
 *   at once (as office.js does for methods and navigation properties).
 * - Setting properties and calling methods queue operations; `context.sync()` serializes them like the real
 *   request body (`{AutoKeepReference, Actions, ObjectPaths}`, every object creation being an Instantiate action and
 *   every Range/RangeAreas a `_KeepReference` action, as in Excel.run), measures its UTF-8 size, refuses it above
 *   `maxRequestBytes` (nothing applied), then applies the operations in order. Loads are evaluated at their place in
 *   the queue and delivered only when the whole batch succeeded.
 * - When an operation fails, the sync rejects with an OfficeExtension.Error-like error, and — like Excel — the
 *   operations before it in that batch HAVE been applied; nothing after it is.
 * - `Excel.run` syncs what is still queued when its callback resolves, and invalidates its objects afterwards
 *   (using one later throws `InvalidObjectPath`).
 *
 * Modelled beyond the brief, each a documented Excel rule or limit (see the README-style notes at each place):
 * strings written to a cell not formatted as text are parsed as Excel parses typed input (formulas, numbers,
 * percentages, booleans, ISO dates); merging keeps only the top-left value; getMergedAreasOrNullObject returns only
 * areas whose top-left cell is inside the range and fails above 512 areas; list validation sources are limited to
 * 255 characters, prompts to 255/32 and error alerts to 225/32 characters; the response is capped like the request.
 */
import type { CellRange, CellValue, SheetSnapshot, WorkbookSnapshot } from '../../src/engine/snapshot';

/* eslint-disable @typescript-eslint/no-explicit-any */

// ---------------------------------------------------------------------------------------------------------------
// Options, errors
// ---------------------------------------------------------------------------------------------------------------

export interface StandInOptions {
  /** Highest ExcelApi minor version supported, e.g. 18 → 1.18 (default 18). isSetSupported('ExcelApi', v) answers from it, and calling an API of a newer set throws ApiNotFound. */
  excelApi?: number;
  /** Request payload cap in bytes (default 5 * 1024 * 1024, as Excel on the web): a sync whose serialized queued operations exceed it throws RequestPayloadSizeLimitExceeded and applies nothing. */
  maxRequestBytes?: number;
  /** Response payload cap in bytes (default 5 MB, as Excel on the web): loads whose results exceed it make the sync throw ResponsePayloadSizeLimitExceeded (the batch's writes are applied, no load is delivered). */
  maxResponseBytes?: number;
  displayLanguage?: string; // default 'zh-TW'
  readOnly?: boolean;
  cellEditMode?: boolean; // every sync throws InvalidOperationInCellEditMode
  workbookProtected?: boolean;
  /** Called at every sync with the request's size and what it holds (for tests that look at batching). */
  onRequest?: (request: RequestSummary) => void;
}

/** A request as sent: its size and, per kind of action (`Range.values`, `Worksheet.getRangeByIndexes`, …), how many and their bytes. */
export interface RequestSummary {
  bytes: number;
  actions: Record<string, { count: number; bytes: number }>;
}

const DEFAULTS: Required<StandInOptions> = {
  excelApi: 18,
  maxRequestBytes: 5 * 1024 * 1024,
  maxResponseBytes: 5 * 1024 * 1024,
  displayLanguage: 'zh-TW',
  readOnly: false,
  cellEditMode: false,
  workbookProtected: false,
  onRequest: () => undefined,
};

const MESSAGES: Record<string, string> = {
  AccessDenied: 'You cannot perform the requested operation.',
  ApiNotFound: "The API you are trying to use could not be found. It may be available in a newer version of Excel.",
  GeneralException: 'An internal error has occurred while processing the request.',
  InvalidArgument: 'The argument is invalid or missing or has an incorrect format.',
  InvalidCellAddress: 'The cell address is invalid or is not a single cell.',
  InvalidObjectPath:
    'The object path isn\'t working for what you\'re trying to do. If you\'re using the object across multiple "context.sync" calls and outside the sequential execution of a ".run" batch, please use the "context.trackedObjects.add()" and "context.trackedObjects.remove()" methods to manage the object\'s lifetime.',
  InvalidOperation: 'The operation is invalid for the object.',
  InvalidOperationInCellEditMode: 'Excel is in cell-editing mode. Please exit the edit mode by pressing ENTER or TAB or selecting another cell, and then try again.',
  ItemAlreadyExists: 'The resource with the same name or identifier already exists.',
  ItemNotFound: "The requested resource doesn't exist.",
  RangeExceedsLimit: 'The cell count in the range has exceeded the maximum supported number.',
  RequestPayloadSizeLimitExceeded: 'The request payload size has exceeded the limit. See https://learn.microsoft.com/office/dev/add-ins/concepts/resource-limits-and-performance-optimization#excel-add-ins for more information.',
  ResponsePayloadSizeLimitExceeded: 'The response payload size has exceeded the limit. See https://learn.microsoft.com/office/dev/add-ins/concepts/resource-limits-and-performance-optimization#excel-add-ins for more information.',
  RunMustReturnPromise: 'The batch function passed to the ".run" method didn\'t return a promise. The function must return a promise, so that any automatically-tracked objects can be released at the completion of the batch operation.',
  CannotUpdateReadOnlyProperty: 'The property is read-only and it cannot be set.',
};

/** An error shaped like OfficeExtension.Error. */
export class StandInError extends Error {
  readonly code: string;
  readonly debugInfo: { code: string; message: string; errorLocation?: string; statement?: string };
  readonly traceMessages: string[] = [];
  readonly innerError: unknown = null;
  readonly httpStatusCode: number;
  constructor(code: string, message?: string, errorLocation?: string, httpStatusCode = 400) {
    const msg = message ?? MESSAGES[code] ?? code;
    super(msg);
    this.name = 'RichApi.Error';
    this.code = code;
    this.httpStatusCode = httpStatusCode;
    this.debugInfo = { code, message: msg, ...(errorLocation ? { errorLocation } : {}) };
  }
  override toString(): string {
    return `${this.name}: ${this.message}`;
  }
}

function fail(code: string, loc?: string, message?: string): never {
  throw new StandInError(code, message, loc);
}

function notLoaded(prop: string, typeName: string | null): StandInError {
  return new StandInError(
    'PropertyNotLoaded',
    `The property '${prop}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
    typeName ? `${typeName}.${prop}` : undefined,
  );
}

function notImplemented(typeName: string, member: string): StandInError {
  return new StandInError('ApiNotFound', `${typeName}.${member} is not implemented by the stand-in.`, `${typeName}.${member}`, 404);
}

// ---------------------------------------------------------------------------------------------------------------
// Addresses
// ---------------------------------------------------------------------------------------------------------------

export const MAX_ROWS = 1048576;
export const MAX_COLUMNS = 16384;

export function columnLetters(col: number): string {
  let n = col + 1;
  let s = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

function columnNumber(letters: string): number {
  let col = 0;
  for (const ch of letters.toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
  return col - 1;
}

/** A1-style text of a range: `A1`, `A1:B2`, whole rows `1:3`, whole columns `A:C`. */
export function a1(r: CellRange): string {
  const wholeRows = r.left === 0 && r.right === MAX_COLUMNS - 1;
  const wholeCols = r.top === 0 && r.bottom === MAX_ROWS - 1;
  if (wholeRows && !wholeCols) return `${r.top + 1}:${r.bottom + 1}`;
  if (wholeRows && wholeCols) return `1:${MAX_ROWS}`;
  if (wholeCols) return `${columnLetters(r.left)}:${columnLetters(r.right)}`;
  const p = columnLetters(r.left) + (r.top + 1);
  const q = columnLetters(r.right) + (r.bottom + 1);
  return p === q ? p : `${p}:${q}`;
}

/** `A1`, `$A$1:B2`, `A:C`, `3:5` → a range; null when it is not a valid reference inside the sheet. */
export function parseA1(text: string): CellRange | null {
  const s = text.trim().replace(/\$/g, '');
  const cell = /^([A-Za-z]{1,3})(\d{1,7})$/;
  const parts = s.split(':');
  if (parts.length > 2 || !parts[0]) return null;
  const one = (p: string) => {
    const m = cell.exec(p);
    if (!m) return null;
    const row = parseInt(m[2], 10) - 1;
    const col = columnNumber(m[1]);
    if (row < 0 || row >= MAX_ROWS || col < 0 || col >= MAX_COLUMNS) return null;
    return { row, col };
  };
  if (parts.length === 2) {
    if (/^[A-Za-z]{1,3}$/.test(parts[0]) && /^[A-Za-z]{1,3}$/.test(parts[1])) {
      const a = columnNumber(parts[0]);
      const b = columnNumber(parts[1]);
      if (a >= MAX_COLUMNS || b >= MAX_COLUMNS) return null;
      return { top: 0, bottom: MAX_ROWS - 1, left: Math.min(a, b), right: Math.max(a, b) };
    }
    if (/^\d{1,7}$/.test(parts[0]) && /^\d{1,7}$/.test(parts[1])) {
      const a = parseInt(parts[0], 10) - 1;
      const b = parseInt(parts[1], 10) - 1;
      if (a < 0 || b < 0 || a >= MAX_ROWS || b >= MAX_ROWS) return null;
      return { top: Math.min(a, b), bottom: Math.max(a, b), left: 0, right: MAX_COLUMNS - 1 };
    }
  }
  const p = one(parts[0]);
  const q = parts.length === 2 ? one(parts[1]) : p;
  if (!p || !q) return null;
  return { top: Math.min(p.row, q.row), bottom: Math.max(p.row, q.row), left: Math.min(p.col, q.col), right: Math.max(p.col, q.col) };
}

/** Whether Excel quotes a sheet name in a reference (spaces, punctuation, a leading digit, a name like a cell). */
export function sheetNeedsQuotes(name: string): boolean {
  if (!/^[A-Za-z_\u00C0-\u2FFF\u3040-\uFEFF][A-Za-z0-9_.\u00C0-\u2FFF\u3040-\uFEFF]*$/.test(name)) return true;
  if (/^[A-Za-z]{1,3}\d+$/.test(name)) return true;
  if (/^[Rr]\d*([Cc]\d*)?$/.test(name) || /^[Cc]\d*$/.test(name)) return true;
  return false;
}

export function sheetRef(name: string): string {
  return sheetNeedsQuotes(name) ? `'${name.replace(/'/g, "''")}'` : name;
}

/** `'My sheet'!A1` / `Sheet1!A1:B2` / `A1` → sheet name (or null) and the reference. Null when malformed. */
export function splitSheetAddress(address: string): { sheet: string | null; ref: string } | null {
  const s = address.trim();
  if (s.startsWith("'")) {
    let i = 1;
    let name = '';
    for (; i < s.length; i++) {
      if (s[i] === "'") {
        if (s[i + 1] === "'") {
          name += "'";
          i++;
          continue;
        }
        break;
      }
      name += s[i];
    }
    if (s[i] !== "'" || s[i + 1] !== '!') return null;
    return { sheet: name, ref: s.slice(i + 2) };
  }
  const bang = s.lastIndexOf('!');
  if (bang < 0) return { sheet: null, ref: s };
  const name = s.slice(0, bang);
  if (!name || /['!]/.test(name)) return null;
  return { sheet: name, ref: s.slice(bang + 1) };
}

/** `A1:B2, C3; 'x,y'!D4` → the parts (commas and semicolons outside quotes). */
function splitAddressList(list: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < list.length; i++) {
    const ch = list[i];
    if (ch === "'") quoted = !quoted;
    if (!quoted && (ch === ',' || ch === ';')) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  out.push(cur.trim());
  return out;
}

function intersects(a: CellRange, b: CellRange): boolean {
  return a.left <= b.right && b.left <= a.right && a.top <= b.bottom && b.top <= a.bottom;
}

function contains(outer: CellRange, inner: CellRange): boolean {
  return outer.top <= inner.top && outer.left <= inner.left && outer.bottom >= inner.bottom && outer.right >= inner.right;
}

function areaSize(r: CellRange): number {
  return (r.bottom - r.top + 1) * (r.right - r.left + 1);
}

// ---------------------------------------------------------------------------------------------------------------
// The in-memory model
// ---------------------------------------------------------------------------------------------------------------

export type Visibility = 'Visible' | 'Hidden' | 'VeryHidden';
export interface BorderLine {
  style: string;
  color: string;
  weight: string;
}
const CELL_EDGES = ['EdgeTop', 'EdgeBottom', 'EdgeLeft', 'EdgeRight', 'DiagonalDown', 'DiagonalUp'] as const;

export const DEFAULT_FONT_SIZE = 11;
export const DEFAULT_COLUMN_WIDTH = 48; // points (8.43 characters)

/** One cell: what the user sees and how it is formatted. */
export class StandInCell {
  /** The value (for a formula, its computed value: a placeholder, 0, since the stand-in does not calculate). */
  value: string | number | boolean | null = null;
  /** `=…` when the cell holds a formula. */
  formula: string | null = null;
  /** The value is an Excel error such as `#N/A`. */
  error = false;
  /** A formula from the snapshot whose result was not cached: toSnapshot gives `{ formula }`. */
  uncached = false;
  numberFormat = 'General';
  /** `#RRGGBB`, or null for no fill. */
  fill: string | null = null;
  bold = false;
  italic = false;
  fontSize = DEFAULT_FONT_SIZE;
  fontColor = '#000000';
  wrap = false;
  horizontal = 'General';
  vertical = 'Bottom';
  /** Border lines by cell edge (`EdgeTop`, `EdgeBottom`, `EdgeLeft`, `EdgeRight`, `DiagonalDown`, `DiagonalUp`). */
  edges: Partial<Record<string, BorderLine>> = {};
  /** The cell's link (ExcelApi 1.7 RangeHyperlink: address, documentReference, screenTip, textToDisplay). */
  hyperlink: { address?: string; documentReference?: string; screenTip?: string; textToDisplay?: string } | null = null;

  /** The edges that have a line. */
  get borders(): string[] {
    return CELL_EDGES.filter((e) => this.edges[e] && this.edges[e]!.style !== 'None');
  }
  get hasContent(): boolean {
    return this.value !== null || this.formula !== null;
  }
  get hasFormat(): boolean {
    return (
      this.numberFormat !== 'General' ||
      this.fill !== null ||
      this.bold ||
      this.italic ||
      this.fontSize !== DEFAULT_FONT_SIZE ||
      this.fontColor !== '#000000' ||
      this.wrap ||
      this.horizontal !== 'General' ||
      this.vertical !== 'Bottom' ||
      this.borders.length > 0
    );
  }
  clearContents(): void {
    this.value = null;
    this.formula = null;
    this.error = false;
    this.uncached = false;
  }
  clearFormats(): void {
    this.numberFormat = 'General';
    this.fill = null;
    this.bold = false;
    this.italic = false;
    this.fontSize = DEFAULT_FONT_SIZE;
    this.fontColor = '#000000';
    this.wrap = false;
    this.horizontal = 'General';
    this.vertical = 'Bottom';
    this.edges = {};
  }
}

/** A data validation as set on a range (cells point at it; `range` is where it was set). */
export interface StandInValidation {
  range: CellRange;
  rule: any | null;
  prompt: any | null;
  errorAlert: any | null;
  ignoreBlanks: boolean;
}

export class StandInNote {
  constructor(
    /** @internal */ public sheetRef: StandInSheet,
    public row: number,
    public col: number,
    public content: string,
    public authorName = 'Stand-in',
  ) {}
  get sheet(): string {
    return this.sheetRef.name;
  }
  /** `D9` */
  get address(): string {
    return columnLetters(this.col) + (this.row + 1);
  }
}

export class StandInComment {
  constructor(
    public readonly id: string,
    /** @internal */ public sheetRef: StandInSheet,
    public row: number,
    public col: number,
    public content: string,
    public authorName = 'Stand-in',
  ) {}
  get sheet(): string {
    return this.sheetRef.name;
  }
  get address(): string {
    return columnLetters(this.col) + (this.row + 1);
  }
}

export const DEFAULT_ROW_HEIGHT = 15;

/** A sheet's page layout as Excel keeps it (margins in points). */
export interface StandInPageLayout {
  orientation: 'Portrait' | 'Landscape';
  paperSize: string;
  zoom: { scale?: number; horizontalFitToPages?: number; verticalFitToPages?: number };
  centerHorizontally: boolean;
  centerVertically: boolean;
  leftMargin: number;
  rightMargin: number;
  topMargin: number;
  bottomMargin: number;
  headerMargin: number;
  footerMargin: number;
  /** A1 address (no sheet name) of the print area, null for none. */
  printArea: string | null;
  printTitleRows: string | null;
  footers: { leftFooter: string; centerFooter: string; rightFooter: string; leftHeader: string; centerHeader: string; rightHeader: string };
}

function defaultPageLayout(): StandInPageLayout {
  return {
    orientation: 'Portrait',
    paperSize: 'Letter',
    zoom: { scale: 100 },
    centerHorizontally: false,
    centerVertically: false,
    leftMargin: 51,
    rightMargin: 51,
    topMargin: 54,
    bottomMargin: 54,
    headerMargin: 21.6,
    footerMargin: 21.6,
    printArea: null,
    printTitleRows: null,
    footers: { leftFooter: '', centerFooter: '', rightFooter: '', leftHeader: '', centerHeader: '', rightHeader: '' },
  };
}

export class StandInSheet {
  visibility: Visibility = 'Visible';
  /** Sheet protection (settable by tests): every write to the sheet fails with AccessDenied. */
  protected = false;
  merges: CellRange[] = [];
  frozenRows = 0;
  frozenColumns = 0;
  /** Column widths in points, by 0-based column; missing = the default. */
  columnWidths: Record<number, number> = {};
  /** The last selection on this sheet (A1 style, no sheet name). */
  selectedAddress = 'A1';
  /** Row heights in points, by 0-based row; missing = the default (15). */
  rowHeights: Record<number, number> = {};
  /** How the sheet prints (Worksheet.pageLayout, ExcelApi 1.9). */
  pageLayout: StandInPageLayout = defaultPageLayout();
  /** Manual page breaks: a printed page starts at each of these 0-based rows (Worksheet.horizontalPageBreaks, 1.9). */
  rowBreaks: number[] = [];
  /** @internal */ readonly cells = new Map<number, Map<number, StandInCell>>();
  /** @internal */ readonly validationAt = new Map<string, StandInValidation>();
  /** @internal */ deleted = false;

  constructor(
    /** @internal */ readonly book: StandInWorkbook,
    public name: string,
    public readonly id: string,
  ) {}

  /** The cell (0-based), created empty when missing. */
  cell(row: number, col: number): StandInCell {
    if (!Number.isInteger(row) || !Number.isInteger(col) || row < 0 || col < 0 || row >= MAX_ROWS || col >= MAX_COLUMNS) {
      throw new RangeError(`cell(${row}, ${col}) is outside the sheet`);
    }
    let r = this.cells.get(row);
    if (!r) this.cells.set(row, (r = new Map()));
    let c = r.get(col);
    if (!c) r.set(col, (c = new StandInCell()));
    return c;
  }

  /** The cell if it exists (never creates one). */
  peek(row: number, col: number): StandInCell | undefined {
    return this.cells.get(row)?.get(col);
  }

  /** Notes on this sheet: address (`D9`) → content. */
  get notes(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const n of this.book.notes) if (n.sheetRef === this) out[n.address] = n.content;
    return out;
  }

  /** Threaded comments on this sheet: address → content. */
  get comments(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const c of this.book.comments) if (c.sheetRef === this) out[c.address] = c.content;
    return out;
  }

  /** The data validations still applying to at least one cell. */
  get validations(): StandInValidation[] {
    return [...new Set(this.validationAt.values())];
  }

  /** Calls fn for every existing cell inside the area. */
  eachCell(area: CellRange, fn: (cell: StandInCell, row: number, col: number) => void): void {
    const rows = area.bottom - area.top + 1;
    if (rows <= this.cells.size) {
      for (let r = area.top; r <= area.bottom; r++) {
        const row = this.cells.get(r);
        if (row) for (const [c, cell] of row) if (c >= area.left && c <= area.right) fn(cell, r, c);
      }
    } else {
      for (const [r, row] of this.cells) {
        if (r < area.top || r > area.bottom) continue;
        for (const [c, cell] of row) if (c >= area.left && c <= area.right) fn(cell, r, c);
      }
    }
  }

  /** Count of existing cells inside the area. */
  countCells(area: CellRange): number {
    let n = 0;
    this.eachCell(area, () => n++);
    return n;
  }

  /** The used range: cells with values (valuesOnly) or also with formats; null for an empty sheet. */
  usedRange(valuesOnly: boolean): CellRange | null {
    let top = Infinity;
    let left = Infinity;
    let bottom = -1;
    let right = -1;
    for (const [r, row] of this.cells) {
      for (const [c, cell] of row) {
        if (!(cell.hasContent || (!valuesOnly && cell.hasFormat))) continue;
        if (r < top) top = r;
        if (r > bottom) bottom = r;
        if (c < left) left = c;
        if (c > right) right = c;
      }
    }
    return bottom < 0 ? null : { top, left, bottom, right };
  }
}

/** One area of a defined name: a range of a sheet; `#REF!` once what it named was deleted (as Excel). */
export interface StandInNameArea {
  /** @internal */ sheetRef: StandInSheet | null;
  range: CellRange | null;
}

/** A workbook-level defined name: one area, or a union of areas. */
export class StandInName {
  constructor(
    public name: string,
    readonly areas: StandInNameArea[],
    public visible = true,
  ) {}
  /** The formula Excel shows: `=Sheet1!$A$1:$B$2,Sheet1!$D$9`; a deleted area reads `#REF!`. */
  get formula(): string {
    const abs = (r: CellRange) => a1(r).replace(/([A-Z]+)(\d+)/g, '$$$1$$$2');
    return '=' + this.areas.map((x) => (!x.range || !x.sheetRef ? '#REF!' : `${sheetRef(x.sheetRef.name)}!${abs(x.range)}`)).join(',');
  }
}

/** Where a line of cells goes when lines are inserted or deleted before it (-1: deleted). */
function shiftIndex(i: number, at: number, count: number): number {
  if (count >= 0) return i >= at ? i + count : i;
  const n = -count;
  if (i < at) return i;
  if (i < at + n) return -1;
  return i - n;
}

/** A range's lines [lo, hi] after lines were inserted (count > 0) or deleted (count < 0) at `at`; null: all deleted. */
function shiftSpan(lo: number, hi: number, at: number, count: number): [number, number] | null {
  if (count >= 0) {
    if (at <= lo) return [lo + count, hi + count];
    if (at <= hi) return [lo, hi + count];
    return [lo, hi];
  }
  const n = -count;
  const end = at + n - 1;
  if (end < lo) return [lo - n, hi - n];
  if (at > hi) return [lo, hi];
  const keptBefore = Math.max(0, at - lo);
  const keptAfter = Math.max(0, hi - end);
  if (keptBefore + keptAfter === 0) return null;
  const nlo = at <= lo ? at : lo;
  return [nlo, nlo + keptBefore + keptAfter - 1];
}

export class StandInWorkbook {
  /** Workbook-level defined names (Excel moves them with inserted and deleted rows and columns). */
  readonly names: StandInName[] = [];
  /** Workbook structure protection (settable by tests): adding, deleting, hiding or renaming sheets fails with AccessDenied. */
  protected = false;
  /** Notes (ExcelApi 1.18), workbook-wide. */
  readonly notes: StandInNote[] = [];
  /** Threaded comments (ExcelApi 1.10), workbook-wide. */
  readonly comments: StandInComment[] = [];
  /** The document's saved settings (Office.context.document.settings after saveAsync). */
  settings: Record<string, unknown> = {};
  /** Custom XML parts (ExcelApi 1.5): each with its id, its root element's namespace and its XML. */
  readonly customXmlParts: { id: string; namespaceUri: string; xml: string }[] = [];
  /** @internal */ nextXmlPartId = 1;
  /** The selection: sheet and A1 address (no sheet name). */
  selection: { sheet: string; address: string } | null = null;
  /** @internal */ readonly list: StandInSheet[] = [];
  /** @internal */ active: StandInSheet | null = null;
  /** @internal */ nextSheetId = 1;
  /** @internal */ nextCommentId = 1;

  sheetNames(): string[] {
    return this.list.map((s) => s.name);
  }

  /** The sheet of that name (case-insensitive, as Excel); throws when missing. */
  sheet(name: string): StandInSheet {
    const s = this.find(name);
    if (!s) throw new Error(`no sheet named ${JSON.stringify(name)} (sheets: ${this.sheetNames().join(', ')})`);
    return s;
  }

  hasSheet(name: string): boolean {
    return !!this.find(name);
  }

  /** @internal */
  find(name: string): StandInSheet | undefined {
    const k = name.toLowerCase();
    return this.list.find((s) => s.name.toLowerCase() === k);
  }

  get activeSheet(): string {
    return this.active ? this.active.name : '';
  }
  set activeSheet(name: string) {
    const s = this.sheet(name);
    this.active = s;
    this.selection = { sheet: s.name, address: s.selectedAddress };
  }

  /** @internal */
  addSheet(name: string): StandInSheet {
    const s = new StandInSheet(this, name, `{${String(this.nextSheetId++).padStart(8, '0')}-0000-4000-8000-000000000000}`);
    this.list.push(s);
    return s;
  }

  /** @internal */
  removeSheet(s: StandInSheet): void {
    const i = this.list.indexOf(s);
    if (i < 0) return;
    this.list.splice(i, 1);
    s.deleted = true;
    for (const n of this.names) for (const x of n.areas) if (x.sheetRef === s) x.sheetRef = null;
    for (let k = this.notes.length - 1; k >= 0; k--) if (this.notes[k].sheetRef === s) this.notes.splice(k, 1);
    for (let k = this.comments.length - 1; k >= 0; k--) if (this.comments[k].sheetRef === s) this.comments.splice(k, 1);
    if (this.active === s) {
      const next = this.list.slice(i).find((x) => x.visibility === 'Visible') ?? [...this.list.slice(0, i)].reverse().find((x) => x.visibility === 'Visible') ?? null;
      this.active = next;
      this.selection = next ? { sheet: next.name, address: next.selectedAddress } : null;
    }
  }

  /**
   * Rows (dim 'row') or columns inserted (count > 0) or deleted (count < 0) at index `at` of a sheet, as Excel
   * does: cells, merges, notes, comments and validations move; defined names move, grow, shrink or become `#REF!`.
   */
  shiftLines(sheet: StandInSheet, dim: 'row' | 'col', at: number, count: number): void {
    const moved = new Map<number, Map<number, StandInCell>>();
    for (const [r, row] of sheet.cells) {
      for (const [c, cell] of row) {
        const nr = dim === 'row' ? shiftIndex(r, at, count) : r;
        const nc = dim === 'col' ? shiftIndex(c, at, count) : c;
        if (nr < 0 || nc < 0 || nr >= MAX_ROWS || nc >= MAX_COLUMNS) continue;
        if (!moved.has(nr)) moved.set(nr, new Map());
        moved.get(nr)!.set(nc, cell);
      }
    }
    sheet.cells.clear();
    for (const [r, row] of moved) sheet.cells.set(r, row);
    const span = (x: CellRange): CellRange | null => {
      const sp = dim === 'row' ? shiftSpan(x.top, x.bottom, at, count) : shiftSpan(x.left, x.right, at, count);
      if (!sp) return null;
      return dim === 'row' ? { ...x, top: sp[0], bottom: sp[1] } : { ...x, left: sp[0], right: sp[1] };
    };
    sheet.merges = sheet.merges.map(span).filter((m): m is CellRange => !!m && areaSize(m) > 1);
    const point = <T extends { row: number; col: number }>(x: T): boolean => {
      const i = dim === 'row' ? shiftIndex(x.row, at, count) : shiftIndex(x.col, at, count);
      if (i < 0) return false;
      if (dim === 'row') x.row = i;
      else x.col = i;
      return true;
    };
    for (let k = this.notes.length - 1; k >= 0; k--) if (this.notes[k].sheetRef === sheet && !point(this.notes[k])) this.notes.splice(k, 1);
    for (let k = this.comments.length - 1; k >= 0; k--) if (this.comments[k].sheetRef === sheet && !point(this.comments[k])) this.comments.splice(k, 1);
    const vals = [...sheet.validationAt.entries()];
    sheet.validationAt.clear();
    for (const [key, v] of vals) {
      const [r, c] = key.split(',').map(Number);
      const x = { row: r, col: c };
      if (point(x)) sheet.validationAt.set(`${x.row},${x.col}`, v);
    }
    for (const n of this.names) for (const x of n.areas) if (x.sheetRef === sheet && x.range) x.range = span(x.range);
  }

  /** The workbook as the engine reads it: values as the user sees them (see cellAsSeen), merges, hidden, protected. */
  toSnapshot(): WorkbookSnapshot {
    // The add-in's own names, as the Office host reads them.
    const names = this.names.filter((n) => /^_plancheck_/i.test(n.name)).map((n) => ({ name: n.name, ref: n.formula.slice(1) }));
    return { sheets: this.list.map(sheetSnapshotOf), ...(names.length ? { names } : {}) };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Values: what Excel stores for what is written, and what the user sees
// ---------------------------------------------------------------------------------------------------------------

const ERROR_TEXT = /^#(DIV\/0!|N\/A|NAME\?|NULL!|NUM!|REF!|VALUE!|SPILL!|CALC!|FIELD!|BLOCKED!|CONNECT!|BUSY!|UNKNOWN!|GETTING_DATA)$/;
const MAX_CELL_TEXT = 32767;
const MAX_FORMULA = 8192;

function isPercentFormat(f: string): boolean {
  return /%/.test(f.replace(/"[^"]*"/g, '').replace(/\\./g, ''));
}

function isDateFormat(f: string): boolean {
  if (f === 'General' || f === '@') return false;
  const bare = f.replace(/"[^"]*"/g, '').replace(/\\./g, '').replace(/\[[^\]]*\]/g, '');
  return /[ymd]/i.test(bare) && !/[#0?]/.test(bare);
}

/** ISO date → Excel serial (1900 system). */
function dateToSerial(iso: string): number | null {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(iso) ?? /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/.exec(iso);
  if (!m) return null;
  const y = +m[1];
  const mo = +m[2];
  const d = +m[3];
  const ms = Date.UTC(y, mo - 1, d);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || y < 1900) return null;
  return Math.round((ms - Date.UTC(1899, 11, 30)) / 86400000);
}

function serialToIso(serial: number): string {
  const d = new Date(Date.UTC(1899, 11, 30) + Math.round(serial * 86400000));
  return Number.isNaN(d.getTime()) ? '' : d.toISOString().slice(0, 10);
}

function percentText(v: number): string {
  return `${Number((v * 100).toPrecision(12))}%`;
}

/** A plain number as Excel parses typed input: `12`, `-1.5`, `1,234`, `1e3`, ` 7 `. */
function parseNumber(s: string): number | null {
  const t = s.trim();
  if (!/^[+-]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?([eE][+-]?\d+)?$/.test(t) || !/\d/.test(t)) return null;
  const n = Number(t.replace(/,/g, ''));
  return Number.isFinite(n) ? n : null;
}

/** Parentheses and double quotes balance: a formula Excel can parse at all. */
function formulaParses(f: string): boolean {
  let depth = 0;
  let quoted = false;
  for (const ch of f) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '(') depth++;
    else if (!quoted && ch === ')') {
      depth--;
      if (depth < 0) return false;
    }
  }
  return depth === 0 && !quoted && f.length > 1;
}

type Written =
  | { kind: 'text'; text: string }
  | { kind: 'number'; value: number; format?: string }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'formula'; formula: string };

/**
 * What Excel stores when `values` writes x into a cell whose number format is fmt. Text in a text-formatted (`@`)
 * cell stays text. Otherwise a string is parsed as typed input: `=…` (and `+…`, `-…`, `@…` that are not plain
 * numbers) become formulas; numbers, percentages, TRUE/FALSE and ISO dates become values; a leading apostrophe
 * forces text. Throws InvalidArgument for what Excel refuses.
 */
function interpret(x: unknown, fmt: string, loc: string): Written {
  if (typeof x === 'number') {
    if (!Number.isFinite(x)) fail('InvalidArgument', loc, `The value ${x} is not a number Excel can store.`);
    return { kind: 'number', value: x };
  }
  if (typeof x === 'boolean') return { kind: 'boolean', value: x };
  if (typeof x !== 'string') fail('InvalidArgument', loc, `A cell value must be a string, number or boolean, not ${x === null ? 'null' : typeof x}.`);
  const s = x as string;
  if (s.length > MAX_CELL_TEXT) fail('InvalidArgument', loc, `A cell holds at most ${MAX_CELL_TEXT} characters (got ${s.length}).`);
  if (fmt === '@') return { kind: 'text', text: s };
  if (s.startsWith("'")) return { kind: 'text', text: s.slice(1) };
  const first = s[0];
  if (first === '=' && s.length > 1) {
    if (!formulaParses(s) || s.length > MAX_FORMULA) fail('InvalidArgument', loc, `Excel cannot parse the formula ${JSON.stringify(s.slice(0, 80))}.`);
    return { kind: 'formula', formula: s };
  }
  if ((first === '+' || first === '-') && s.length > 1) {
    const n = parseNumber(s);
    if (n !== null) return { kind: 'number', value: n };
    const f = '=' + s;
    if (!formulaParses(f)) fail('InvalidArgument', loc, `Excel cannot parse the formula ${JSON.stringify(f.slice(0, 80))}.`);
    return { kind: 'formula', formula: f };
  }
  if (first === '@' && s.length > 1) {
    const f = '=' + s;
    if (!formulaParses(f)) fail('InvalidArgument', loc, `Excel cannot parse the formula ${JSON.stringify(f.slice(0, 80))}.`);
    return { kind: 'formula', formula: f };
  }
  const n = parseNumber(s);
  if (n !== null) return { kind: 'number', value: n };
  const pct = /^\s*([+-]?\d+(?:\.(\d+))?)\s*%\s*$/.exec(s);
  if (pct) return { kind: 'number', value: Number(pct[1]) / 100, format: pct[2] ? `0.${'0'.repeat(pct[2].length)}%` : '0%' };
  if (/^(true|false)$/i.test(s.trim())) return { kind: 'boolean', value: s.trim().toLowerCase() === 'true' };
  const serial = dateToSerial(s.trim());
  if (serial !== null) return { kind: 'number', value: serial, format: 'yyyy/m/d' };
  return { kind: 'text', text: s };
}

function store(cell: StandInCell, w: Written): void {
  cell.clearContents();
  switch (w.kind) {
    case 'text':
      cell.value = w.text === '' ? null : w.text;
      return;
    case 'number':
      cell.value = w.value;
      if (w.format && cell.numberFormat === 'General') cell.numberFormat = w.format;
      return;
    case 'boolean':
      cell.value = w.value;
      return;
    case 'formula':
      cell.formula = w.formula;
      cell.value = 0; // the stand-in does not calculate: a placeholder result
      return;
  }
}

/** What `range.values` reads for a cell. */
function rawValue(cell: StandInCell | undefined): string | number | boolean {
  if (!cell || cell.value === null) return cell && cell.formula !== null ? 0 : '';
  return cell.value;
}

/** A cell as the user sees it, in the engine's terms (percent formats as `12.5%`, date formats as `{date}`). */
export function cellAsSeen(cell: StandInCell | undefined): CellValue {
  if (!cell) return null;
  if (cell.formula !== null && cell.uncached) return { formula: cell.formula };
  const v = cell.value;
  if (v === null || v === '') return null;
  if (cell.error && typeof v === 'string') return { error: v };
  if (typeof v === 'number') {
    if (isPercentFormat(cell.numberFormat)) return percentText(v);
    if (isDateFormat(cell.numberFormat)) return { date: serialToIso(v) };
    return v;
  }
  return v;
}

function sheetSnapshotOf(s: StandInSheet): SheetSnapshot {
  const rows: CellValue[][] = [];
  let last = -1;
  for (const [r, row] of s.cells) for (const cell of row.values()) if (cell.hasContent && r > last) last = r;
  for (let r = 0; r <= last; r++) {
    const src = s.cells.get(r);
    const out: CellValue[] = [];
    if (src) {
      let width = 0;
      for (const [c, cell] of src) if (cell.hasContent && c + 1 > width) width = c + 1;
      for (let c = 0; c < width; c++) out.push(cellAsSeen(src.get(c)));
      while (out.length && out[out.length - 1] === null) out.pop();
    }
    rows.push(out);
  }
  return { name: s.name, rows, merges: s.merges.map((m) => ({ ...m })), hidden: s.visibility !== 'Visible', protected: s.protected };
}

/** Loads a snapshot cell into a model cell, as a workbook holding it would. */
function loadCell(cell: StandInCell, v: CellValue): void {
  if (v === null || v === undefined) return;
  if (typeof v === 'number' || typeof v === 'boolean') {
    cell.value = v;
    return;
  }
  if (typeof v === 'string') {
    if (v === '') return;
    // A percentage the engine reads as `12.5%` is a number formatted as a percentage in a real workbook.
    const pct = /^(-?\d+(?:\.(\d+))?)%$/.exec(v);
    if (pct && percentText(Number(pct[1]) / 100) === v) {
      cell.value = Number(pct[1]) / 100;
      cell.numberFormat = pct[2] ? `0.${'0'.repeat(pct[2].length)}%` : '0%';
      return;
    }
    cell.value = v;
    return;
  }
  if ('error' in v) {
    cell.value = v.error;
    cell.error = true;
    return;
  }
  if ('date' in v) {
    const serial = dateToSerial(v.date);
    if (serial === null) {
      cell.value = v.date;
      return;
    }
    cell.value = serial;
    cell.numberFormat = 'yyyy-mm-dd';
    return;
  }
  if ('formula' in v) {
    cell.formula = v.formula.startsWith('=') ? v.formula : '=' + v.formula;
    cell.value = 0;
    cell.uncached = true;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Checks used by the operations
// ---------------------------------------------------------------------------------------------------------------

const NAMED_COLOURS: Record<string, string> = {
  black: '#000000', white: '#FFFFFF', red: '#FF0000', green: '#008000', blue: '#0000FF', yellow: '#FFFF00',
  orange: '#FFA500', gray: '#808080', grey: '#808080', silver: '#C0C0C0', purple: '#800080', lime: '#00FF00',
  navy: '#000080', teal: '#008080', maroon: '#800000', olive: '#808000', aqua: '#00FFFF', fuchsia: '#FF00FF',
  lightgray: '#D3D3D3', lightgrey: '#D3D3D3', darkgray: '#A9A9A9', darkgrey: '#A9A9A9', pink: '#FFC0CB',
};

function colourOf(v: unknown, loc: string): string {
  if (typeof v !== 'string') fail('InvalidArgument', loc, `${loc} must be a colour string (#RRGGBB or a colour name), not ${v === null ? 'null' : typeof v}.`);
  const s = (v as string).trim();
  const hex = /^#?([0-9A-Fa-f]{6})$/.exec(s);
  if (hex) return '#' + hex[1].toUpperCase();
  const named = NAMED_COLOURS[s.toLowerCase()];
  if (named) return named;
  return fail('InvalidArgument', loc, `${JSON.stringify(v)} is not a colour Excel accepts (#RRGGBB or an HTML colour name).`);
}

function boolOf(v: unknown, loc: string): boolean {
  if (typeof v !== 'boolean') fail('InvalidArgument', loc, `${loc} must be a boolean, not ${v === null ? 'null' : typeof v}.`);
  return v as boolean;
}

function numberOf(v: unknown, loc: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) fail('InvalidArgument', loc, `${loc} must be a number from ${min} to ${max}, not ${JSON.stringify(v)}.`);
  return v as number;
}

function enumOf(v: unknown, allowed: readonly string[], loc: string): string {
  if (typeof v !== 'string' || !allowed.includes(v)) fail('InvalidArgument', loc, `${loc} must be one of ${allowed.join(', ')}, not ${JSON.stringify(v)}.`);
  return v as string;
}

function textOf(v: unknown, loc: string, max: number, what: string): string {
  if (v === undefined) return '';
  if (typeof v !== 'string') fail('InvalidArgument', loc, `${what} must be a string.`);
  if ((v as string).length > max) fail('InvalidArgument', loc, `${what} is limited to ${max} characters in Excel (got ${(v as string).length}).`);
  return v as string;
}

const H_ALIGN = ['General', 'Left', 'Center', 'Right', 'Fill', 'Justify', 'CenterAcrossSelection', 'Distributed'] as const;
const V_ALIGN = ['Top', 'Center', 'Bottom', 'Justify', 'Distributed'] as const;
const BORDER_INDEX = ['EdgeTop', 'EdgeBottom', 'EdgeLeft', 'EdgeRight', 'InsideVertical', 'InsideHorizontal', 'DiagonalDown', 'DiagonalUp'] as const;
const BORDER_STYLE = ['None', 'Continuous', 'Dash', 'DashDot', 'DashDotDot', 'Dot', 'Double', 'SlantDashDot'] as const;
const BORDER_WEIGHT = ['Hairline', 'Thin', 'Medium', 'Thick'] as const;
const MAX_WRITE_CELLS = 5_000_000;

/** A sheet name Excel accepts: 1–31 characters, none of : \ / ? * [ ], no leading/trailing apostrophe, not History. */
function checkSheetName(name: unknown, loc: string): string {
  if (typeof name !== 'string') return fail('InvalidArgument', loc, 'A sheet name must be a string.');
  if (!name.trim() || name.length > 31 || /[:\\/?*[\]]/.test(name) || name.startsWith("'") || name.endsWith("'") || name.toLowerCase() === 'history') {
    fail('InvalidArgument', loc, `${JSON.stringify(name)} is not a valid sheet name (1–31 characters, none of : \\ / ? * [ ], no apostrophe at either end, not "History").`);
  }
  return name;
}

// ---------------------------------------------------------------------------------------------------------------
// Targets: what an API object stands for once resolved (at the sync)
// ---------------------------------------------------------------------------------------------------------------

/** A range or range areas: a sheet and rectangles. */
interface Areas {
  sheet: StandInSheet;
  areas: CellRange[];
}
interface BorderTarget extends Areas {
  edge: string;
}

// ---------------------------------------------------------------------------------------------------------------
// The runtime: requests, operations, proxies
// ---------------------------------------------------------------------------------------------------------------

interface PathInfo {
  Id: number;
  ObjectPathType: number; // 1 global, 3 method, 4 property, 5 indexer
  Name: string;
  ParentObjectPathId?: number;
  ArgumentInfo?: { Arguments?: unknown[] };
}

interface ActionInfo {
  Id: number;
  ActionType: number; // 1 instantiate, 2 query, 3 method, 4 set property
  Name: string;
  ObjectPathId: number;
  ArgumentInfo?: { Arguments?: unknown[] };
  QueryInfo?: { Select?: string[]; Expand?: string[] };
}

interface Op {
  node: Node;
  info: ActionInfo;
  run(p: Pending): void;
}

interface PropDef {
  api: number;
  /** The value a load reads (at its place in the batch). */
  get: (t: any, rt: Runtime, loc: string) => unknown;
  /** Applies a set (at the sync). Missing: read-only. */
  set?: (t: any, v: unknown, rt: Runtime, loc: string) => void;
}

interface NavDef {
  api: number;
  type: string;
  name: string;
  resolve: (t: any, rt: Runtime, loc: string) => any;
}

interface MethodDef {
  api: number;
  /** Returns an API object of this type; `resolve` finds (or makes) its target at the sync, null for a null object. */
  returns?: string;
  resolve?: (t: any, args: unknown[], rt: Runtime, loc: string) => any;
  /** Indexer path (getItem), for the request's shape. */
  indexer?: boolean;
  /** Acts at the sync. */
  apply?: (t: any, args: unknown[], rt: Runtime, loc: string) => void;
  /** Returns a ClientResult: its `value` is there only after the sync (read before it fails). */
  value?: (t: any, args: unknown[], rt: Runtime, loc: string) => unknown;
}

interface TypeDef {
  name: string;
  props: Record<string, PropDef>;
  navs: Record<string, NavDef>;
  methods: Record<string, MethodDef>;
  /** Range and RangeAreas: Excel.run keeps a reference to each (a `_KeepReference` action). */
  keepReference?: boolean;
  collection?: { itemType: string; items: (t: any, rt: Runtime) => any[]; itemKey: (item: any) => unknown };
}

const NODE = Symbol('standin.node');

class Node {
  readonly id: number;
  readonly path: PathInfo;
  target: any = undefined;
  resolved = false;
  /** isNullObject as delivered by a successful sync (undefined before). */
  nullDelivered: boolean | undefined = undefined;
  /** Property values as office.js keeps them: set locally, or delivered by a load. */
  readonly fields = new Map<string, unknown>();
  items: any[] | undefined = undefined;
  readonly navCache = new Map<string, any>();
  readonly proxy: any;

  constructor(
    readonly ctx: Ctx,
    readonly type: TypeDef,
    readonly parent: Node | null,
    path: Omit<PathInfo, 'Id'>,
    readonly resolver: ((parentTarget: any) => any) | null,
  ) {
    this.id = ctx.nextId++;
    this.path = { Id: this.id, ...path, ...(parent ? { ParentObjectPathId: parent.id } : {}) };
    this.proxy = makeProxy(this);
  }
}

/** What a sync delivers when it succeeds. */
class Pending {
  loads: { node: Node; values: Map<string, unknown> | null; items?: { target: any; values: Map<string, unknown> }[] }[] = [];
  /** ClientResult values, delivered when the sync succeeds. */
  results: { box: { delivered: boolean; value: unknown }; value: unknown }[] = [];
  responseBytes = 0;
}

export interface StandInStats {
  syncs: number;
  /** Request payload bytes of each sync. */
  requests: number[];
  largestRequest: number;
  reset(): void;
}

class Runtime {
  readonly stats: StandInStats;
  constructor(
    readonly model: StandInWorkbook,
    readonly options: Required<StandInOptions>,
  ) {
    const stats: StandInStats = {
      syncs: 0,
      requests: [],
      largestRequest: 0,
      reset() {
        stats.syncs = 0;
        stats.requests = [];
        stats.largestRequest = 0;
      },
    };
    this.stats = stats;
  }

  requireApi(minor: number, member: string): void {
    if (minor > this.options.excelApi) {
      throw new StandInError(
        'ApiNotFound',
        `The method or property ${member} is part of the ExcelApi 1.${minor} requirement set, which is not available in your version of Excel.`,
        member,
        404,
      );
    }
  }

  /** A write to the sheet: refused on a protected sheet or a read-only document. */
  writable(sheet: StandInSheet, loc: string): void {
    this.live(sheet, loc);
    if (this.options.readOnly) fail('AccessDenied', loc, 'The document is read-only.');
    if (sheet.protected) fail('AccessDenied', loc, `The sheet '${sheet.name}' is protected: ${MESSAGES.AccessDenied}`);
  }

  /** A change to the workbook's structure (add, delete, hide, rename sheets). */
  structure(loc: string): void {
    if (this.options.readOnly) fail('AccessDenied', loc, 'The document is read-only.');
    if (this.model.protected) fail('AccessDenied', loc, `The workbook structure is protected: ${MESSAGES.AccessDenied}`);
  }

  live(sheet: StandInSheet, loc: string): StandInSheet {
    if (sheet.deleted) fail('ItemNotFound', loc, `The sheet '${sheet.name}' has been deleted.`);
    return sheet;
  }
}

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

function serializableArgs(args: unknown[]): unknown[] {
  return args.map((a) => (isApiObject(a) ? { _ObjectPathId: (a as any)[NODE].id } : a));
}

function isApiObject(x: unknown): boolean {
  return typeof x === 'object' && x !== null && !!(x as any)[NODE];
}

class Ctx {
  nextId = 1;
  queue: Op[] = [];
  ended = false;
  readonly proxy: any;
  readonly root: Node;
  private app: Node | null = null;

  constructor(readonly rt: Runtime) {
    this.root = new Node(this, TYPES.Workbook, null, { ObjectPathType: 1, Name: '' }, null);
    this.root.target = rt.model;
    this.root.resolved = true;
    this.root.nullDelivered = false;
    this.proxy = makeContextProxy(this);
  }

  get application(): any {
    if (!this.app) this.app = this.newNode(TYPES.Application, this.root, { ObjectPathType: 4, Name: 'Application' }, (t) => t);
    return this.app.proxy;
  }

  usable(node: Node): void {
    if (this.ended) {
      throw new StandInError('InvalidObjectPath', undefined, `${node.type.name} (used after its Excel.run finished)`);
    }
  }

  /** A new API object: queued for instantiation, as office.js does for every object it creates in a batch. */
  newNode(type: TypeDef, parent: Node, path: Omit<PathInfo, 'Id'>, resolver: (parentTarget: any) => any): Node {
    this.usable(parent);
    const node = new Node(this, type, parent, path, resolver);
    this.queue.push({ node, info: { Id: this.nextId++, ActionType: 1, Name: '', ObjectPathId: node.id }, run: () => this.resolve(node) });
    if (type.keepReference) {
      this.queue.push({ node, info: { Id: this.nextId++, ActionType: 3, Name: '_KeepReference', ObjectPathId: node.id, ArgumentInfo: {} }, run: () => undefined });
    }
    return node;
  }

  /** The node's target, found now (at its place in the batch) if it was not yet. */
  resolve(node: Node): any {
    if (node.resolved) return node.target;
    const parentTarget = node.parent ? this.resolve(node.parent) : null;
    node.target = node.parent && parentTarget === null ? null : node.resolver!(parentTarget);
    node.resolved = true;
    return node.target;
  }

  push(node: Node, info: Omit<ActionInfo, 'Id' | 'ObjectPathId'>, run: (p: Pending) => void): void {
    this.usable(node);
    this.queue.push({ node, info: { Id: this.nextId++, ObjectPathId: node.id, ...info }, run });
  }

  async sync<T>(passThrough?: T): Promise<T | undefined> {
    const ops = this.queue;
    this.queue = [];
    const rt = this.rt;
    const bytes = ops.length ? requestBytes(ops) : 0;
    if (ops.length && rt.options.onRequest !== DEFAULTS.onRequest) rt.options.onRequest({ bytes, actions: summarize(ops) });
    rt.stats.syncs++;
    rt.stats.requests.push(bytes);
    rt.stats.largestRequest = Math.max(rt.stats.largestRequest, bytes);
    await Promise.resolve();
    if (rt.options.cellEditMode) throw new StandInError('InvalidOperationInCellEditMode');
    if (bytes > rt.options.maxRequestBytes) {
      throw new StandInError('RequestPayloadSizeLimitExceeded', `${MESSAGES.RequestPayloadSizeLimitExceeded} (request: ${bytes} bytes, limit: ${rt.options.maxRequestBytes})`, undefined, 413);
    }
    const pending = new Pending();
    for (const op of ops) op.run(pending); // throws at the first failing operation: those before it stay applied
    if (pending.responseBytes > rt.options.maxResponseBytes) {
      throw new StandInError('ResponsePayloadSizeLimitExceeded', `${MESSAGES.ResponsePayloadSizeLimitExceeded} (response: ${pending.responseBytes} bytes, limit: ${rt.options.maxResponseBytes})`);
    }
    // Deliver: isNullObject of every object the batch touched, loaded values, collection items.
    const touched = new Set<Node>();
    for (const op of ops) for (let n: Node | null = op.node; n && !touched.has(n); n = n.parent) touched.add(n);
    for (const n of touched) if (n.resolved) n.nullDelivered = n.target === null;
    for (const r of pending.results) {
      r.box.value = r.value;
      r.box.delivered = true;
    }
    for (const l of pending.loads) {
      if (l.values) for (const [k, v] of l.values) l.node.fields.set(k, v);
      if (l.items) {
        const def = l.node.type.collection!;
        const itemType = TYPES[def.itemType];
        l.node.items = l.items.map(({ target, values }) => {
          const n = new Node(this, itemType, l.node, { ObjectPathType: 5, Name: '', ArgumentInfo: { Arguments: [def.itemKey(target)] } }, null);
          n.target = target;
          n.resolved = true;
          n.nullDelivered = false;
          for (const [k, v] of values) n.fields.set(k, v);
          return n.proxy;
        });
      }
    }
    return passThrough;
  }
}

function summarize(ops: Op[]): RequestSummary['actions'] {
  const out: RequestSummary['actions'] = {};
  const seen = new Set<number>();
  for (const op of ops) {
    const n = op.node;
    const camel = (x: string) => (x.startsWith('_') ? x : x.charAt(0).toLowerCase() + x.slice(1));
    const kind =
      op.info.ActionType === 1
        ? `${n.parent ? n.parent.type.name + '.' : ''}${n.path.Name ? camel(n.path.Name) : 'getItem'} (new ${n.type.name})`
        : op.info.ActionType === 2
          ? `${n.type.name}.load`
          : `${n.type.name}.${camel(op.info.Name)}`;
    let b = utf8Length(JSON.stringify(op.info)) + 1;
    if (op.info.ActionType === 1 && !seen.has(n.id)) {
      seen.add(n.id);
      b += utf8Length(JSON.stringify(n.path)) + String(n.id).length + 4;
    }
    const e = (out[kind] ??= { count: 0, bytes: 0 });
    e.count++;
    e.bytes += b;
  }
  return out;
}

function requestBytes(ops: Op[]): number {
  const paths: Record<string, PathInfo> = {};
  let keep = false;
  for (const op of ops) {
    if (op.info.Name === '_KeepReference') keep = true;
    for (let n: Node | null = op.node; n && !paths[n.id]; n = n.parent) paths[n.id] = n.path;
  }
  const body = { AutoKeepReference: keep, Actions: ops.map((o) => o.info), ObjectPaths: paths };
  return utf8Length(JSON.stringify(body));
}

// Keys that JS machinery and test tooling probe on any object (promise resolution, pretty printers).
const PROBES = new Set(['then', 'asymmetricMatch', '$$typeof', 'nodeType', 'tagName', '@@__IMMUTABLE_ITERABLE__@@', '@@__IMMUTABLE_RECORD__@@', '_isMockFunction', 'constructor']);

function makeProxy(node: Node): any {
  return new Proxy(Object.create(null), {
    get(_t, key) {
      if (key === NODE) return node;
      if (typeof key === 'symbol') return undefined;
      return getMember(node, key);
    },
    set(_t, key, value) {
      if (typeof key === 'symbol') throw notImplemented(node.type.name, String(key));
      setMember(node, key, value);
      return true;
    },
    has(_t, key) {
      if (typeof key === 'symbol') return false;
      const d = node.type;
      return key in d.props || key in d.navs || key in d.methods || ['context', 'load', 'isNullObject', 'toJSON', 'track', 'untrack'].includes(key) || (!!d.collection && key === 'items');
    },
    defineProperty() {
      throw notImplemented(node.type.name, 'defineProperty');
    },
    deleteProperty(_t, key) {
      throw notImplemented(node.type.name, `delete ${String(key)}`);
    },
  });
}

function toJSON(node: Node): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of node.fields) out[k] = v;
  if (node.items) out.items = node.items.map((p) => toJSON(p[NODE]));
  return out;
}

function getMember(node: Node, key: string): unknown {
  const def = node.type;
  const ctx = node.ctx;
  switch (key) {
    case 'context':
      return ctx.proxy;
    case 'load':
      return (option?: unknown) => {
        load(node, option);
        return node.proxy;
      };
    case 'isNullObject':
      if (node.nullDelivered === undefined) throw notLoaded('isNullObject', null);
      return node.nullDelivered;
    case 'toJSON':
      return () => toJSON(node);
    case 'track':
    case 'untrack':
      return () => node.proxy;
  }
  if (PROBES.has(key)) return undefined;
  if (def.collection && key === 'items') {
    if (node.nullDelivered === true) return undefined;
    if (!node.items) throw notLoaded('items', def.name);
    return node.items;
  }
  const p = def.props[key];
  if (p) {
    ctx.rt.requireApi(p.api, `${def.name}.${key}`);
    if (node.fields.has(key)) return node.fields.get(key);
    if (node.nullDelivered === true) return undefined; // office.js: a null object's properties read as undefined
    throw notLoaded(key, def.name);
  }
  const n = def.navs[key];
  if (n) {
    ctx.rt.requireApi(n.api, `${def.name}.${key}`);
    let child = node.navCache.get(key);
    if (!child) {
      const loc = `${def.name}.${key}`;
      child = ctx.newNode(TYPES[n.type], node, { ObjectPathType: 4, Name: pascal(n.name) }, (t) => n.resolve(t, ctx.rt, loc)).proxy;
      node.navCache.set(key, child);
    }
    return child;
  }
  const m = def.methods[key];
  if (m) {
    ctx.rt.requireApi(m.api, `${def.name}.${key}`);
    return (...args: unknown[]) => callMethod(node, key, m, args);
  }
  throw notImplemented(def.name, key);
}

function setMember(node: Node, key: string, value: unknown): void {
  const def = node.type;
  const p = def.props[key];
  if (!p) {
    if (key in def.navs || key in def.methods || key === 'items') throw new StandInError('CannotUpdateReadOnlyProperty', `${def.name}.${key} cannot be assigned.`, `${def.name}.${key}`);
    throw notImplemented(def.name, key);
  }
  const loc = `${def.name}.${key}`;
  node.ctx.rt.requireApi(p.api, loc);
  if (!p.set) throw new StandInError('CannotUpdateReadOnlyProperty', `${MESSAGES.CannotUpdateReadOnlyProperty} (${loc})`, loc);
  node.ctx.usable(node);
  node.fields.set(key, value); // office.js keeps the value set on the proxy
  node.ctx.push(node, { ActionType: 4, Name: pascal(key), ArgumentInfo: { Arguments: [value] } }, () => {
    const t = node.ctx.resolve(node);
    if (t === null) return; // a null object: nothing to act on
    p.set!(t, value, node.ctx.rt, loc);
  });
}

function callMethod(node: Node, name: string, m: MethodDef, args: unknown[]): unknown {
  const ctx = node.ctx;
  const loc = `${node.type.name}.${name}`;
  ctx.usable(node);
  if (m.returns) {
    const path = m.indexer
      ? { ObjectPathType: 5, Name: '', ArgumentInfo: { Arguments: serializableArgs(args) } }
      : { ObjectPathType: 3, Name: pascal(name), ArgumentInfo: { Arguments: serializableArgs(args) } };
    return ctx.newNode(TYPES[m.returns], node, path, (t) => m.resolve!(t, args, ctx.rt, loc)).proxy;
  }
  if (m.value) {
    const box = { delivered: false, value: undefined as unknown };
    ctx.push(node, { ActionType: 3, Name: pascal(name), ArgumentInfo: { Arguments: serializableArgs(args) } }, (p) => {
      const t = ctx.resolve(node);
      if (t === null) fail('ItemNotFound', loc);
      const value = m.value!(t, args, ctx.rt, loc);
      p.results.push({ box, value });
      p.responseBytes += typeof value === 'string' ? utf8Length(value) : 8;
    });
    return {
      get value(): unknown {
        if (!box.delivered) throw new StandInError('PropertyNotLoaded', `${loc}: the ClientResult's value is read before context.sync().`, 'value');
        return box.value;
      },
    };
  }
  ctx.push(node, { ActionType: 3, Name: pascal(name), ArgumentInfo: { Arguments: serializableArgs(args) } }, () => {
    const t = ctx.resolve(node);
    if (t === null) return;
    m.apply!(t, args, ctx.rt, loc);
  });
  return undefined;
}

/** load('a,b') / load(['a','b']) / load('items/name') / load({select, expand}) / load(). */
function load(node: Node, option: unknown): void {
  const ctx = node.ctx;
  const def = node.type;
  ctx.usable(node);
  let names: string[] = [];
  if (option === undefined || option === null) names = [];
  else if (typeof option === 'string') names = option.split(',');
  else if (Array.isArray(option)) names = option.flatMap((x) => String(x).split(','));
  else if (typeof option === 'object') {
    const o = option as Record<string, unknown>;
    for (const k of Object.keys(o)) if (k !== 'select' && k !== 'expand') throw notImplemented(def.name, `load({${k}})`);
    const sel = o.select;
    if (typeof sel === 'string') names = sel.split(',');
    else if (Array.isArray(sel)) names = sel.map(String);
    else if (sel !== undefined) throw new StandInError('InvalidArgument', 'load({select}) takes a string or an array of strings.', `${def.name}.load`);
    if (o.expand !== undefined) {
      const ex = typeof o.expand === 'string' ? o.expand.split(',') : Array.isArray(o.expand) ? o.expand.map(String) : [];
      names.push(...ex.map((e) => `${e.trim()}`).filter(Boolean).map((e) => (e.includes('/') ? e : `${e}/*`)));
    }
  } else throw new StandInError('InvalidArgument', 'load() takes a string, an array of strings or {select, expand}.', `${def.name}.load`);
  names = names.map((s) => s.trim()).filter(Boolean);

  if (def.collection) {
    const itemType = TYPES[def.collection.itemType];
    const props: string[] = [];
    for (let n of names) {
      const low = n.toLowerCase();
      if (low === 'items' || low === 'items/' || low === '*') n = '*';
      else if (low.startsWith('items/') || low.startsWith('items.')) n = n.slice(6);
      if (n === '*') {
        props.push(...Object.keys(itemType.props).filter((k) => itemType.props[k].api <= ctx.rt.options.excelApi));
        continue;
      }
      if (n.includes('/')) throw notImplemented(itemType.name, `load('${n}') (nested loads on items)`);
      if (!itemType.props[n]) throw notImplemented(itemType.name, n);
      ctx.rt.requireApi(itemType.props[n].api, `${itemType.name}.${n}`);
      props.push(n);
    }
    if (!names.length) props.push(...Object.keys(itemType.props).filter((k) => itemType.props[k].api <= ctx.rt.options.excelApi));
    const uniq = [...new Set(props)];
    ctx.push(node, { ActionType: 2, Name: '', QueryInfo: { Select: uniq.map((p) => `items/${p}`) } }, (pending) => {
      const t = ctx.resolve(node);
      if (t === null) {
        pending.loads.push({ node, values: null });
        return;
      }
      const items = def.collection!.items(t, ctx.rt).map((target) => {
        const values = new Map<string, unknown>();
        for (const p of uniq) values.set(p, itemType.props[p].get(target, ctx.rt, `${itemType.name}.${p}`));
        return { target, values };
      });
      pending.responseBytes += utf8Length(JSON.stringify(items.map((i) => Object.fromEntries(i.values)))) + 40;
      pending.loads.push({ node, values: null, items });
    });
    return;
  }

  const own: string[] = [];
  const nested = new Map<string, string[]>();
  for (const n of names) {
    const slash = n.indexOf('/');
    if (slash >= 0) {
      const head = n.slice(0, slash);
      if (!def.navs[head]) throw notImplemented(def.name, head);
      if (!nested.has(head)) nested.set(head, []);
      nested.get(head)!.push(n.slice(slash + 1));
      continue;
    }
    if (n === '*') {
      own.push(...Object.keys(def.props).filter((k) => def.props[k].api <= ctx.rt.options.excelApi));
      continue;
    }
    if (!def.props[n]) {
      if (def.navs[n]) throw notImplemented(def.name, `load('${n}') (load a navigation property's own properties: '${n}/…')`);
      throw notImplemented(def.name, n);
    }
    ctx.rt.requireApi(def.props[n].api, `${def.name}.${n}`);
    own.push(n);
  }
  if (!names.length) own.push(...Object.keys(def.props).filter((k) => def.props[k].api <= ctx.rt.options.excelApi));
  for (const [head, rest] of nested) {
    const child = getMember(node, head) as any;
    load(child[NODE], rest.map((r) => (r === '*' ? '*' : r)));
  }
  if (!own.length) return;
  const uniq = [...new Set(own)];
  ctx.push(node, { ActionType: 2, Name: '', QueryInfo: { Select: uniq } }, (pending) => {
    const t = ctx.resolve(node);
    if (t === null) {
      pending.loads.push({ node, values: null });
      return;
    }
    const values = new Map<string, unknown>();
    for (const p of uniq) values.set(p, def.props[p].get(t, ctx.rt, `${def.name}.${p}`));
    pending.responseBytes += utf8Length(JSON.stringify(Object.fromEntries(values))) + 40;
    pending.loads.push({ node, values });
  });
}

function makeContextProxy(ctx: Ctx): any {
  const trackedObjects = { add: (x: unknown) => x, remove: (x: unknown) => x };
  return new Proxy(Object.create(null), {
    get(_t, key) {
      if (typeof key === 'symbol') return undefined;
      switch (key) {
        case 'workbook':
          return ctx.root.proxy;
        case 'application':
          return ctx.application;
        case 'sync':
          return <T>(passThrough?: T) => ctx.sync(passThrough);
        case 'trackedObjects':
          return trackedObjects;
      }
      if (PROBES.has(key)) return undefined;
      throw notImplemented('RequestContext', key);
    },
    set(_t, key) {
      throw notImplemented('RequestContext', String(key));
    },
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The API: types, their members, requirement sets and semantics
// ---------------------------------------------------------------------------------------------------------------

function singleArea(t: Areas, loc: string): CellRange {
  if (t.areas.length !== 1) fail('InvalidOperation', loc, 'This operation needs a single rectangle.');
  return t.areas[0];
}

function guardSize(t: Areas, loc: string, max = MAX_WRITE_CELLS): void {
  let n = 0;
  for (const a of t.areas) n += areaSize(a);
  if (n > max) fail('RangeExceedsLimit', loc, `${MESSAGES.RangeExceedsLimit} (${n} cells; the stand-in handles up to ${max} here)`);
}

/** Every cell of the areas (created). */
function eachWriteCell(t: Areas, loc: string, fn: (cell: StandInCell, row: number, col: number) => void): void {
  guardSize(t, loc);
  for (const a of t.areas) for (let r = a.top; r <= a.bottom; r++) for (let c = a.left; c <= a.right; c++) fn(t.sheet.cell(r, c), r, c);
}

/** The value shared by every cell of the areas (missing cells have the default), null when they differ. */
function uniform<T>(t: Areas, f: (c: StandInCell) => T, dflt: T): T | null {
  const seen = new Set<T>();
  for (const a of t.areas) {
    let n = 0;
    t.sheet.eachCell(a, (cell) => {
      n++;
      seen.add(f(cell));
    });
    if (n < areaSize(a)) seen.add(dflt);
    if (seen.size > 1) return null;
  }
  return seen.size === 1 ? [...seen][0] : dflt;
}

/** A 2-D input for a range's values or number formats: exactly rows × columns (a single non-array value fills the range). */
function grid(v: unknown, area: CellRange, loc: string): unknown[][] {
  const rows = area.bottom - area.top + 1;
  const cols = area.right - area.left + 1;
  if (v === null || v === undefined) fail('InvalidArgument', loc, `${loc} cannot be set to ${v}.`);
  if (!Array.isArray(v)) {
    if (rows * cols > MAX_WRITE_CELLS) fail('RangeExceedsLimit', loc);
    return Array.from({ length: rows }, () => new Array(cols).fill(v));
  }
  if (v.length !== rows || v.some((row) => !Array.isArray(row) || row.length !== cols)) {
    const got = `${v.length} × ${Array.isArray(v[0]) ? v[0].length : '?'}`;
    fail('InvalidArgument', loc, `The number of rows or columns in the input array doesn't match the size or dimensions of the range (range: ${rows} × ${cols}, array: ${got}).`);
  }
  return v as unknown[][];
}

function setValues(t: Areas, v: unknown, rt: Runtime, loc: string): void {
  const area = singleArea(t, loc);
  const g = grid(v, area, loc);
  rt.writable(t.sheet, loc);
  // Parse everything first: an operation that fails changes nothing.
  const writes: [number, number, Written][] = [];
  for (let r = 0; r < g.length; r++) {
    for (let c = 0; c < g[r].length; c++) {
      const x = g[r][c];
      if (x === null || x === undefined) continue; // null leaves the cell as it is
      const row = area.top + r;
      const col = area.left + c;
      const fmt = t.sheet.peek(row, col)?.numberFormat ?? 'General';
      writes.push([row, col, x === '' ? { kind: 'text', text: '' } : interpret(x, fmt, loc)]);
    }
  }
  for (const [row, col, w] of writes) store(t.sheet.cell(row, col), w);
}

function setNumberFormats(t: Areas, v: unknown, rt: Runtime, loc: string): void {
  const area = singleArea(t, loc);
  const g = grid(v, area, loc);
  rt.writable(t.sheet, loc);
  for (const row of g) for (const x of row) if (x !== null && x !== undefined && typeof x !== 'string') fail('InvalidArgument', loc, `A number format must be a string, not ${typeof x}.`);
  for (let r = 0; r < g.length; r++) {
    for (let c = 0; c < g[r].length; c++) {
      const x = g[r][c];
      if (x === null || x === undefined) continue;
      t.sheet.cell(area.top + r, area.left + c).numberFormat = x as string;
    }
  }
}

function readGrid(t: Areas, loc: string, f: (c: StandInCell | undefined) => unknown): unknown[][] {
  const a = singleArea(t, loc);
  if (areaSize(a) > MAX_WRITE_CELLS) fail('ResponsePayloadSizeLimitExceeded', loc, `${MESSAGES.ResponsePayloadSizeLimitExceeded} (${areaSize(a)} cells)`);
  const out: unknown[][] = [];
  for (let r = a.top; r <= a.bottom; r++) {
    const row = t.sheet.cells.get(r);
    const line: unknown[] = [];
    for (let c = a.left; c <= a.right; c++) line.push(f(row?.get(c)));
    out.push(line);
  }
  return out;
}

function rangeAddress(t: Areas): string {
  return t.areas.map((a) => `${sheetRef(t.sheet.name)}!${a1(a)}`).join(',');
}

/** Resolves an address on a sheet (`A1:B2`, `Sheet1!A1`); InvalidArgument when it is not one. */
function areaOn(sheet: StandInSheet, address: string, loc: string): CellRange {
  if (typeof address !== 'string') fail('InvalidArgument', loc, 'An address must be a string.');
  const sp = splitSheetAddress(address);
  if (!sp) fail('InvalidArgument', loc, `${JSON.stringify(address)} is not a valid address.`);
  if (sp!.sheet !== null && sp!.sheet.toLowerCase() !== sheet.name.toLowerCase()) fail('InvalidArgument', loc, `${JSON.stringify(address)} is not on the sheet '${sheet.name}'.`);
  const r = parseA1(sp!.ref);
  if (!r) fail('InvalidArgument', loc, `${JSON.stringify(address)} is not a valid address.`);
  return r!;
}

/** A single cell given as a Range object or as an address with (or, when allowed, without) a sheet name. */
/** A Range object or a sheet-qualified address (`'Sheet 1'!$A$1:$B$2`, `=Sheet1!A1`) → one sheet's areas. */
function rangeArg(x: unknown, rt: Runtime, loc: string): Areas {
  if (isApiObject(x)) {
    const n: Node = (x as any)[NODE];
    const t = n.ctx.resolve(n) as Areas | null;
    if (!t || !t.areas) fail('InvalidArgument', loc, 'The reference must be a Range.');
    rt.live(t!.sheet, loc);
    return t!;
  }
  if (typeof x !== 'string') fail('InvalidArgument', loc, 'The reference must be a Range or an address string.');
  const sp = splitSheetAddress((x as string).replace(/^=/, ''));
  if (!sp || sp.sheet === null) fail('InvalidArgument', loc, `${JSON.stringify(x)} must name a sheet.`);
  const sheet = rt.model.find(sp!.sheet!);
  if (!sheet) fail('InvalidReference', loc, `There is no sheet for ${JSON.stringify(x)}.`);
  const area = parseA1(sp!.ref);
  if (!area) fail('InvalidArgument', loc, `${JSON.stringify(x)} is not a valid reference.`);
  return { sheet: sheet!, areas: [area!] };
}

function cellArg(x: unknown, rt: Runtime, loc: string, needSheet: boolean, code = 'InvalidArgument'): { sheet: StandInSheet; row: number; col: number } {
  let sheet: StandInSheet | undefined;
  let area: CellRange | null = null;
  if (isApiObject(x)) {
    const n: Node = (x as any)[NODE];
    const t = n.ctx.resolve(n) as Areas | null;
    if (!t || !t.areas) fail(code, loc, 'The cell must be a Range.');
    sheet = rt.live(t!.sheet, loc);
    area = t!.areas.length === 1 ? t!.areas[0] : null;
  } else if (typeof x === 'string') {
    const sp = splitSheetAddress(x);
    if (!sp) fail(code, loc, `${JSON.stringify(x)} is not a valid cell address.`);
    if (sp!.sheet === null) {
      if (needSheet) fail(code, loc, `The address ${JSON.stringify(x)} must include the sheet name.`);
      sheet = rt.model.active ?? undefined;
    } else sheet = rt.model.find(sp!.sheet);
    if (!sheet) fail('ItemNotFound', loc, `There is no sheet for the address ${JSON.stringify(x)}.`);
    area = parseA1(sp!.ref);
  } else fail(code, loc, 'The cell must be a Range or an address string.');
  if (!area || areaSize(area) !== 1) fail(code, loc, `${typeof x === 'string' ? JSON.stringify(x) : 'The range'} is not a single cell.`);
  return { sheet: sheet!, row: area!.top, col: area!.left };
}

function intArg(v: unknown, min: number, max: number, loc: string, what: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) fail('InvalidArgument', loc, `${what} must be a whole number from ${min} to ${max}, not ${JSON.stringify(v)}.`);
  return v as number;
}

function sheetOfAddress(rt: Runtime, address: string, loc: string): StandInSheet {
  const sp = splitSheetAddress(address);
  if (!sp) fail('InvalidArgument', loc, `${JSON.stringify(address)} is not a valid address.`);
  const s = sp!.sheet === null ? rt.model.active : rt.model.find(sp!.sheet);
  if (!s) fail('ItemNotFound', loc, `There is no sheet for ${JSON.stringify(address)}.`);
  return s!;
}

function findNote(rt: Runtime, key: unknown, loc: string): StandInNote | null {
  if (typeof key !== 'string') fail('InvalidArgument', loc, 'A note key is a cell address string.');
  const sheet = sheetOfAddress(rt, key as string, loc);
  const r = parseA1(splitSheetAddress(key as string)!.ref);
  if (!r || areaSize(r) !== 1) fail('InvalidArgument', loc, `${JSON.stringify(key)} is not a single cell.`);
  return rt.model.notes.find((n) => n.sheetRef === sheet && n.row === r!.top && n.col === r!.left) ?? null;
}

function mergedAreasIn(t: Areas): CellRange[] {
  // Excel returns the merged areas whose top-left cell is in the range (OfficeDev/office-js#3611).
  const out = t.sheet.merges.filter((m) => t.areas.some((a) => m.top >= a.top && m.top <= a.bottom && m.left >= a.left && m.left <= a.right));
  return out.sort((a, b) => a.top - b.top || a.left - b.left);
}

const MAX_MERGED_AREAS = 512;
const MAX_ADDRESS_LIST = 8192;

function applyBorder(t: BorderTarget, f: (line: BorderLine) => void): void {
  const set = (cell: StandInCell, edge: string) => {
    const line = cell.edges[edge] ?? { style: 'None', color: '#000000', weight: 'Thin' };
    f(line);
    cell.edges[edge] = line;
  };
  for (const a of t.areas) {
    switch (t.edge) {
      case 'EdgeTop':
        for (let c = a.left; c <= a.right; c++) set(t.sheet.cell(a.top, c), 'EdgeTop');
        break;
      case 'EdgeBottom':
        for (let c = a.left; c <= a.right; c++) set(t.sheet.cell(a.bottom, c), 'EdgeBottom');
        break;
      case 'EdgeLeft':
        for (let r = a.top; r <= a.bottom; r++) set(t.sheet.cell(r, a.left), 'EdgeLeft');
        break;
      case 'EdgeRight':
        for (let r = a.top; r <= a.bottom; r++) set(t.sheet.cell(r, a.right), 'EdgeRight');
        break;
      case 'InsideHorizontal':
        for (let r = a.top; r <= a.bottom; r++) {
          for (let c = a.left; c <= a.right; c++) {
            if (r < a.bottom) set(t.sheet.cell(r, c), 'EdgeBottom');
            if (r > a.top) set(t.sheet.cell(r, c), 'EdgeTop');
          }
        }
        break;
      case 'InsideVertical':
        for (let r = a.top; r <= a.bottom; r++) {
          for (let c = a.left; c <= a.right; c++) {
            if (c < a.right) set(t.sheet.cell(r, c), 'EdgeRight');
            if (c > a.left) set(t.sheet.cell(r, c), 'EdgeLeft');
          }
        }
        break;
      default:
        for (let r = a.top; r <= a.bottom; r++) for (let c = a.left; c <= a.right; c++) set(t.sheet.cell(r, c), t.edge);
    }
  }
}

function readBorder<T>(t: BorderTarget, f: (line: BorderLine | undefined) => T): T | null {
  const seen = new Set<T>();
  const look = (r: number, c: number, edge: string) => seen.add(f(t.sheet.peek(r, c)?.edges[edge]));
  for (const a of t.areas) {
    if (areaSize(a) > MAX_WRITE_CELLS) fail('RangeExceedsLimit', 'RangeBorder');
    for (let r = a.top; r <= a.bottom; r++) {
      for (let c = a.left; c <= a.right; c++) {
        if (t.edge === 'EdgeTop' && r === a.top) look(r, c, 'EdgeTop');
        else if (t.edge === 'EdgeBottom' && r === a.bottom) look(r, c, 'EdgeBottom');
        else if (t.edge === 'EdgeLeft' && c === a.left) look(r, c, 'EdgeLeft');
        else if (t.edge === 'EdgeRight' && c === a.right) look(r, c, 'EdgeRight');
        else if (t.edge === 'InsideHorizontal' && r < a.bottom) look(r, c, 'EdgeBottom');
        else if (t.edge === 'InsideVertical' && c < a.right) look(r, c, 'EdgeRight');
        else if (t.edge === 'DiagonalDown' || t.edge === 'DiagonalUp') look(r, c, t.edge);
      }
    }
  }
  if (seen.size === 0) return f(undefined);
  return seen.size === 1 ? [...seen][0] : null;
}

function validationsIn(t: Areas): (StandInValidation | undefined)[] {
  const out: (StandInValidation | undefined)[] = [];
  for (const a of t.areas) {
    if (areaSize(a) > MAX_WRITE_CELLS) fail('RangeExceedsLimit', 'DataValidation');
    for (let r = a.top; r <= a.bottom; r++) for (let c = a.left; c <= a.right; c++) out.push(t.sheet.validationAt.get(`${r},${c}`));
  }
  return out;
}

function ruleType(rule: any): string {
  if (!rule) return 'None';
  const k = Object.keys(rule)[0];
  return { list: 'List', wholeNumber: 'WholeNumber', decimal: 'Decimal', date: 'Date', time: 'Time', textLength: 'TextLength', custom: 'Custom' }[k as string] ?? 'None';
}

const RULE_KEYS = ['list', 'wholeNumber', 'decimal', 'date', 'time', 'textLength', 'custom'];

function checkRule(v: unknown, loc: string): any {
  if (typeof v !== 'object' || v === null) fail('InvalidArgument', loc, 'A data validation rule is an object such as {list: {inCellDropDown: true, source: "a,b"}}.');
  const keys = Object.keys(v as object).filter((k) => (v as any)[k] !== undefined);
  if (keys.length !== 1 || !RULE_KEYS.includes(keys[0])) fail('InvalidArgument', loc, `A data validation rule has exactly one of ${RULE_KEYS.join(', ')} (got ${keys.join(', ') || 'none'}).`);
  if (keys[0] === 'list') {
    const list = (v as any).list;
    if (typeof list !== 'object' || list === null) fail('InvalidArgument', loc, 'rule.list must be an object.');
    if (list.inCellDropDown !== undefined && typeof list.inCellDropDown !== 'boolean') fail('InvalidArgument', loc, 'rule.list.inCellDropDown must be a boolean.');
    const src = list.source;
    if (typeof src === 'string') {
      if (!src.trim()) fail('InvalidArgument', loc, 'rule.list.source is empty.');
      // Excel keeps a list of values as the rule's formula: at most 255 characters.
      if (!src.startsWith('=') && src.length > 255) fail('InvalidArgument', loc, `A list of values for data validation is limited to 255 characters in Excel (got ${src.length}).`);
    } else if (!isApiObject(src)) fail('InvalidArgument', loc, 'rule.list.source must be a string or a Range.');
  }
  return JSON.parse(JSON.stringify(v, (_k, x) => (isApiObject(x) ? `[Range]` : x)));
}

function setValidation(t: Areas, rt: Runtime, loc: string, change: (v: StandInValidation) => void, fresh: () => StandInValidation): void {
  rt.writable(t.sheet, loc);
  guardSize(t, loc);
  const changed = new Set<StandInValidation>();
  let created: StandInValidation | null = null;
  for (const a of t.areas) {
    for (let r = a.top; r <= a.bottom; r++) {
      for (let c = a.left; c <= a.right; c++) {
        const key = `${r},${c}`;
        const cur = t.sheet.validationAt.get(key);
        if (cur) {
          if (!changed.has(cur)) {
            change(cur);
            changed.add(cur);
          }
        } else {
          if (!created) {
            created = fresh();
            change(created);
          }
          t.sheet.validationAt.set(key, created);
        }
      }
    }
  }
}

const TYPES: Record<string, TypeDef> = {};

function defineTypes(): void {
  const rangeLike = (t: any): Areas => t as Areas;

  TYPES.Workbook = {
    name: 'Workbook',
    props: {},
    navs: {
      worksheets: { api: 1, type: 'WorksheetCollection', name: 'worksheets', resolve: (t) => t },
      protection: { api: 7, type: 'WorkbookProtection', name: 'protection', resolve: (t) => t },
      notes: { api: 18, type: 'NoteCollection', name: 'notes', resolve: (t) => t },
      names: { api: 1, type: 'NamedItemCollection', name: 'names', resolve: (t) => t },
      comments: { api: 10, type: 'CommentCollection', name: 'comments', resolve: (t) => t },
      customXmlParts: { api: 5, type: 'CustomXmlPartCollection', name: 'customXmlParts', resolve: (t) => t },
      application: { api: 1, type: 'Application', name: 'application', resolve: (t) => t },
    },
    methods: {},
  };

  TYPES.Application = {
    name: 'Application',
    props: {},
    navs: {},
    methods: {
      suspendApiCalculationUntilNextSync: { api: 6, apply: () => undefined },
      suspendScreenUpdatingUntilNextSync: { api: 9, apply: () => undefined },
    },
  };

  TYPES.WorkbookProtection = {
    name: 'WorkbookProtection',
    props: { protected: { api: 7, get: (wb: StandInWorkbook) => wb.protected } },
    navs: {},
    methods: {
      protect: { api: 7, apply: (wb: StandInWorkbook) => void (wb.protected = true) },
      unprotect: { api: 7, apply: (wb: StandInWorkbook) => void (wb.protected = false) },
    },
  };

  TYPES.WorksheetCollection = {
    name: 'WorksheetCollection',
    props: {},
    navs: {},
    collection: { itemType: 'Worksheet', items: (wb: StandInWorkbook) => [...wb.list], itemKey: (s: StandInSheet) => s.id },
    methods: {
      getItem: {
        api: 1,
        returns: 'Worksheet',
        indexer: true,
        resolve: (wb: StandInWorkbook, [key], _rt, loc) => {
          const s = typeof key === 'string' ? (wb.find(key) ?? wb.list.find((x) => x.id === key)) : undefined;
          if (!s) fail('ItemNotFound', loc, `The sheet ${JSON.stringify(key)} doesn't exist.`);
          return s;
        },
      },
      getItemOrNullObject: {
        api: 4,
        returns: 'Worksheet',
        resolve: (wb: StandInWorkbook, [key]) => (typeof key === 'string' ? (wb.find(key) ?? wb.list.find((x) => x.id === key) ?? null) : null),
      },
      getActiveWorksheet: {
        api: 1,
        returns: 'Worksheet',
        resolve: (wb: StandInWorkbook, _a, _rt, loc) => wb.active ?? fail('ItemNotFound', loc),
      },
      add: {
        api: 1,
        returns: 'Worksheet',
        resolve: (wb: StandInWorkbook, [name], rt, loc) => {
          rt.structure(loc);
          let n = name as string | undefined;
          if (n === undefined || n === null) {
            const base = /^zh/i.test(rt.options.displayLanguage) ? '工作表' : 'Sheet';
            let k = wb.list.length + 1;
            while (wb.find(`${base}${k}`)) k++;
            n = `${base}${k}`;
          }
          checkSheetName(n, loc);
          if (wb.find(n)) fail('ItemAlreadyExists', loc, `A sheet named ${JSON.stringify(n)} already exists.`);
          return wb.addSheet(n);
        },
      },
    },
  };

  TYPES.Worksheet = {
    name: 'Worksheet',
    props: {
      name: {
        api: 1,
        get: (s: StandInSheet) => s.name,
        set: (s: StandInSheet, v, rt, loc) => {
          rt.live(s, loc);
          rt.structure(loc);
          checkSheetName(v, loc);
          const other = rt.model.find(v as string);
          if (other && other !== s) fail('ItemAlreadyExists', loc);
          s.name = v as string;
          if (rt.model.selection && rt.model.active === s) rt.model.selection = { sheet: s.name, address: s.selectedAddress };
        },
      },
      id: { api: 1, get: (s: StandInSheet) => s.id },
      position: { api: 1, get: (s: StandInSheet) => s.book.list.indexOf(s) },
      visibility: {
        api: 1,
        get: (s: StandInSheet) => s.visibility,
        set: (s: StandInSheet, v, rt, loc) => {
          rt.live(s, loc);
          const vis = enumOf(v, ['Visible', 'Hidden', 'VeryHidden'], loc) as Visibility;
          if (vis === s.visibility) return;
          rt.structure(loc);
          if (vis !== 'Visible' && s.visibility === 'Visible' && !rt.model.list.some((x) => x !== s && x.visibility === 'Visible')) {
            fail('InvalidOperation', loc, 'A workbook must keep at least one visible sheet.');
          }
          s.visibility = vis;
          if (vis !== 'Visible' && rt.model.active === s) {
            const next = rt.model.list.find((x) => x.visibility === 'Visible')!;
            rt.model.active = next;
            rt.model.selection = { sheet: next.name, address: next.selectedAddress };
          }
        },
      },
    },
    navs: {
      protection: { api: 2, type: 'WorksheetProtection', name: 'protection', resolve: (s) => s },
      freezePanes: { api: 7, type: 'WorksheetFreezePanes', name: 'freezePanes', resolve: (s) => s },
      pageLayout: { api: 9, type: 'PageLayout', name: 'pageLayout', resolve: (s) => s },
      horizontalPageBreaks: { api: 9, type: 'PageBreakCollection', name: 'horizontalPageBreaks', resolve: (s) => s },
    },
    methods: {
      activate: {
        api: 1,
        apply: (s: StandInSheet, _a, rt, loc) => {
          rt.live(s, loc);
          if (s.visibility !== 'Visible') fail('InvalidOperation', loc, `The sheet '${s.name}' is hidden and cannot be activated.`);
          rt.model.active = s;
          rt.model.selection = { sheet: s.name, address: s.selectedAddress };
        },
      },
      delete: {
        api: 1,
        apply: (s: StandInSheet, _a, rt, loc) => {
          rt.live(s, loc);
          rt.structure(loc);
          if (s.visibility === 'Visible' && !rt.model.list.some((x) => x !== s && x.visibility === 'Visible')) {
            fail('InvalidOperation', loc, 'A workbook must contain at least one visible worksheet.');
          }
          rt.model.removeSheet(s);
        },
      },
      getRange: {
        api: 1,
        returns: 'Range',
        resolve: (s: StandInSheet, [address], rt, loc): Areas => {
          rt.live(s, loc);
          if (address === undefined || address === null || address === '') return { sheet: s, areas: [{ top: 0, left: 0, bottom: MAX_ROWS - 1, right: MAX_COLUMNS - 1 }] };
          return { sheet: s, areas: [areaOn(s, address as string, loc)] };
        },
      },
      getRangeByIndexes: {
        api: 7,
        returns: 'Range',
        resolve: (s: StandInSheet, [r, c, rc, cc], rt, loc): Areas => {
          rt.live(s, loc);
          const top = intArg(r, 0, MAX_ROWS - 1, loc, 'startRow');
          const left = intArg(c, 0, MAX_COLUMNS - 1, loc, 'startColumn');
          const rows = intArg(rc, 1, MAX_ROWS - top, loc, 'rowCount');
          const cols = intArg(cc, 1, MAX_COLUMNS - left, loc, 'columnCount');
          return { sheet: s, areas: [{ top, left, bottom: top + rows - 1, right: left + cols - 1 }] };
        },
      },
      getRanges: {
        api: 9,
        returns: 'RangeAreas',
        resolve: (s: StandInSheet, [address], rt, loc): Areas => {
          rt.live(s, loc);
          if (address === undefined || address === null || address === '') return { sheet: s, areas: [{ top: 0, left: 0, bottom: MAX_ROWS - 1, right: MAX_COLUMNS - 1 }] };
          if (typeof address !== 'string') fail('InvalidArgument', loc, 'getRanges takes a string of addresses.');
          // Excel refuses address lists longer than a formula (8,192 characters): OfficeDev/office-js#5198.
          if ((address as string).length > MAX_ADDRESS_LIST) fail('InvalidArgument', loc, `The address list is ${(address as string).length} characters long; Excel accepts up to ${MAX_ADDRESS_LIST}.`);
          const parts = splitAddressList(address as string);
          if (parts.some((p) => !p)) fail('InvalidArgument', loc, `${JSON.stringify(address)} has an empty address in its list.`);
          return { sheet: s, areas: parts.map((p) => areaOn(s, p, loc)) };
        },
      },
      getUsedRangeOrNullObject: {
        api: 4,
        returns: 'Range',
        resolve: (s: StandInSheet, [valuesOnly], rt, loc): Areas | null => {
          rt.live(s, loc);
          const u = s.usedRange(!!valuesOnly);
          return u ? { sheet: s, areas: [u] } : null;
        },
      },
      getUsedRange: {
        api: 1,
        returns: 'Range',
        resolve: (s: StandInSheet, [valuesOnly], rt, loc): Areas => {
          rt.live(s, loc);
          const u = s.usedRange(!!valuesOnly);
          return { sheet: s, areas: [u ?? { top: 0, left: 0, bottom: 0, right: 0 }] };
        },
      },
    },
  };

  TYPES.WorksheetProtection = {
    name: 'WorksheetProtection',
    props: { protected: { api: 2, get: (s: StandInSheet) => s.protected } },
    navs: {},
    methods: {
      protect: { api: 2, apply: (s: StandInSheet, _a, rt, loc) => void (rt.live(s, loc).protected = true) },
      unprotect: { api: 2, apply: (s: StandInSheet, _a, rt, loc) => void (rt.live(s, loc).protected = false) },
    },
  };

  TYPES.WorksheetFreezePanes = {
    name: 'WorksheetFreezePanes',
    props: {},
    navs: {},
    methods: {
      freezeRows: {
        api: 7,
        apply: (s: StandInSheet, [count], rt, loc) => {
          rt.live(s, loc);
          s.frozenRows = count === undefined ? 1 : intArg(count, 0, MAX_ROWS - 1, loc, 'count');
          s.frozenColumns = 0;
        },
      },
      freezeColumns: {
        api: 7,
        apply: (s: StandInSheet, [count], rt, loc) => {
          rt.live(s, loc);
          s.frozenColumns = count === undefined ? 1 : intArg(count, 0, MAX_COLUMNS - 1, loc, 'count');
          s.frozenRows = 0;
        },
      },
      unfreeze: {
        api: 7,
        apply: (s: StandInSheet, _a, rt, loc) => {
          rt.live(s, loc);
          s.frozenRows = 0;
          s.frozenColumns = 0;
        },
      },
    },
  };

  const rangeProps: Record<string, PropDef> = {
    address: { api: 1, get: (t: Areas) => rangeAddress(t) },
  };

  TYPES.Range = {
    name: 'Range',
    keepReference: true,
    props: {
      ...rangeProps,
      values: {
        api: 1,
        get: (t: Areas, _rt, loc) => readGrid(t, loc, rawValue),
        set: (t: Areas, v, rt, loc) => setValues(t, v, rt, loc),
      },
      numberFormat: {
        api: 1,
        get: (t: Areas, _rt, loc) => readGrid(t, loc, (c) => c?.numberFormat ?? 'General'),
        set: (t: Areas, v, rt, loc) => setNumberFormats(t, v, rt, loc),
      },
      formulas: {
        api: 1,
        get: (t: Areas, _rt, loc) => readGrid(t, loc, (c) => (c && c.formula !== null ? c.formula : rawValue(c))),
      },
      hyperlink: {
        api: 7,
        get: (t: Areas, _rt, loc) => {
          const a = singleArea(t, loc);
          return t.sheet.peek(a.top, a.left)?.hyperlink ?? null;
        },
        set: (t: Areas, v, rt, loc) => {
          if (typeof v !== 'object' || v === null) fail('InvalidArgument', loc, 'hyperlink is an object {address, documentReference, screenTip, textToDisplay}.');
          const h = v as Record<string, unknown>;
          for (const k of Object.keys(h)) if (!['address', 'documentReference', 'screenTip', 'textToDisplay'].includes(k)) fail('InvalidArgument', loc, `hyperlink has no property ${k}.`);
          for (const k of Object.keys(h)) if (typeof h[k] !== 'string') fail('InvalidArgument', loc, `hyperlink.${k} must be a string.`);
          if (h.documentReference !== undefined) {
            // A place in the workbook: 'Sheet'!A1 of a sheet that exists.
            const m = /^(?:'((?:[^']|'')+)'|([^'!]+))!(\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?)$/.exec(h.documentReference as string);
            const sheetName = m ? (m[1] ?? m[2]).replace(/''/g, "'") : null;
            if (!m || !rt.model.find(sheetName!) || !parseA1(m[3])) fail('InvalidArgument', loc, `${JSON.stringify(h.documentReference)} is not a place in this workbook.`);
          }
          rt.writable(t.sheet, loc);
          eachWriteCell(t, loc, (c) => {
            c.hyperlink = { ...(h as object) };
            // The cell shows textToDisplay.
            if (typeof h.textToDisplay === 'string') {
              c.clearContents();
              c.value = h.textToDisplay as string;
            }
          });
        },
      },
      rowIndex: { api: 1, get: (t: Areas) => t.areas[0].top },
      columnIndex: { api: 1, get: (t: Areas) => t.areas[0].left },
      rowCount: { api: 1, get: (t: Areas) => t.areas[0].bottom - t.areas[0].top + 1 },
      columnCount: { api: 1, get: (t: Areas) => t.areas[0].right - t.areas[0].left + 1 },
    },
    navs: {
      format: { api: 1, type: 'RangeFormat', name: 'format', resolve: rangeLike },
      dataValidation: { api: 8, type: 'DataValidation', name: 'dataValidation', resolve: rangeLike },
    },
    methods: {
      // Whole rows or columns inserted or deleted (Range.insert / Range.delete with entire rows or columns).
      insert: {
        api: 1,
        apply: (t: Areas, [shift], rt, loc) => {
          rt.writable(t.sheet, loc);
          const a = singleArea(t, loc);
          const rows = a.left === 0 && a.right === MAX_COLUMNS - 1;
          const cols = a.top === 0 && a.bottom === MAX_ROWS - 1;
          if (shift === 'Down' && rows) rt.model.shiftLines(t.sheet, 'row', a.top, a.bottom - a.top + 1);
          else if (shift === 'Right' && cols) rt.model.shiftLines(t.sheet, 'col', a.left, a.right - a.left + 1);
          else throw notImplemented('Range', `insert(${String(shift)}) of part of a row or column`);
        },
      },
      delete: {
        api: 1,
        apply: (t: Areas, [shift], rt, loc) => {
          rt.writable(t.sheet, loc);
          const a = singleArea(t, loc);
          const rows = a.left === 0 && a.right === MAX_COLUMNS - 1;
          const cols = a.top === 0 && a.bottom === MAX_ROWS - 1;
          if (shift === 'Up' && rows) rt.model.shiftLines(t.sheet, 'row', a.top, -(a.bottom - a.top + 1));
          else if (shift === 'Left' && cols) rt.model.shiftLines(t.sheet, 'col', a.left, -(a.right - a.left + 1));
          else throw notImplemented('Range', `delete(${String(shift)}) of part of a row or column`);
        },
      },
      merge: {
        api: 2,
        apply: (t: Areas, [across], rt, loc) => {
          rt.writable(t.sheet, loc);
          const a = singleArea(t, loc);
          const pieces: CellRange[] = across ? Array.from({ length: a.bottom - a.top + 1 }, (_, k) => ({ top: a.top + k, bottom: a.top + k, left: a.left, right: a.right })) : [a];
          for (const p of pieces) {
            if (areaSize(p) === 1) continue;
            const clash = t.sheet.merges.find((m) => intersects(m, p) && !contains(p, m));
            if (clash) fail('InvalidOperation', loc, `Cannot merge ${a1(p)}: it overlaps part of the merged cells ${a1(clash)}.`);
          }
          for (const p of pieces) {
            if (areaSize(p) === 1) continue;
            for (let k = t.sheet.merges.length - 1; k >= 0; k--) if (contains(p, t.sheet.merges[k])) t.sheet.merges.splice(k, 1);
            // Merging keeps only the upper-left value.
            t.sheet.eachCell(p, (cell, r, c) => {
              if (r !== p.top || c !== p.left) cell.clearContents();
            });
            t.sheet.merges.push({ ...p });
          }
        },
      },
      unmerge: {
        api: 2,
        apply: (t: Areas, _a, rt, loc) => {
          rt.writable(t.sheet, loc);
          const a = singleArea(t, loc);
          for (let k = t.sheet.merges.length - 1; k >= 0; k--) if (intersects(a, t.sheet.merges[k])) t.sheet.merges.splice(k, 1);
        },
      },
      clear: {
        api: 1,
        apply: (t: Areas, [applyTo], rt, loc) => {
          const what = applyTo === undefined ? 'All' : enumOf(applyTo, ['All', 'Formats', 'Contents', 'Hyperlinks', 'RemoveHyperlinks', 'ResetContents'], loc);
          rt.writable(t.sheet, loc);
          const contents = what === 'All' || what === 'Contents' || what === 'ResetContents';
          const formats = what === 'All' || what === 'Formats';
          const links = what === 'All' || what === 'Hyperlinks' || what === 'RemoveHyperlinks';
          for (const a of t.areas) {
            t.sheet.eachCell(a, (cell) => {
              if (contents) cell.clearContents();
              if (formats) cell.clearFormats();
              if (links) cell.hyperlink = null;
            });
            // Merging is a format: clearing formats unmerges (the whole merged area).
            if (formats) for (let k = t.sheet.merges.length - 1; k >= 0; k--) if (intersects(a, t.sheet.merges[k])) t.sheet.merges.splice(k, 1);
          }
        },
      },
      select: {
        api: 1,
        apply: (t: Areas, _a, rt, loc) => {
          const s = rt.live(t.sheet, loc);
          if (s.visibility !== 'Visible') fail('InvalidOperation', loc, `The sheet '${s.name}' is hidden: its cells cannot be selected.`);
          rt.model.active = s;
          s.selectedAddress = t.areas.map(a1).join(',');
          rt.model.selection = { sheet: s.name, address: s.selectedAddress };
        },
      },
      getMergedAreasOrNullObject: {
        api: 13,
        returns: 'RangeAreas',
        resolve: (t: Areas, _a, rt, loc): Areas | null => {
          rt.live(t.sheet, loc);
          const areas = mergedAreasIn(t);
          if (areas.length > MAX_MERGED_AREAS) fail('GeneralException', loc, `The range has ${areas.length} merged areas: Excel fails to return more than ${MAX_MERGED_AREAS}.`);
          return areas.length ? { sheet: t.sheet, areas } : null;
        },
      },
    },
  };

  TYPES.RangeAreas = {
    name: 'RangeAreas',
    keepReference: true,
    props: {
      ...rangeProps,
      areaCount: { api: 9, get: (t: Areas) => t.areas.length },
    },
    navs: {
      format: { api: 9, type: 'RangeFormat', name: 'format', resolve: rangeLike },
    },
    methods: {},
  };

  TYPES.RangeFormat = {
    name: 'RangeFormat',
    props: {
      wrapText: {
        api: 1,
        get: (t: Areas) => uniform(t, (c) => c.wrap, false),
        set: (t: Areas, v, rt, loc) => {
          const b = boolOf(v, loc);
          rt.writable(t.sheet, loc);
          eachWriteCell(t, loc, (c) => (c.wrap = b));
        },
      },
      horizontalAlignment: {
        api: 1,
        get: (t: Areas) => uniform(t, (c) => c.horizontal, 'General'),
        set: (t: Areas, v, rt, loc) => {
          const h = enumOf(v, H_ALIGN, loc);
          rt.writable(t.sheet, loc);
          eachWriteCell(t, loc, (c) => (c.horizontal = h));
        },
      },
      verticalAlignment: {
        api: 1,
        get: (t: Areas) => uniform(t, (c) => c.vertical, 'Bottom'),
        set: (t: Areas, v, rt, loc) => {
          const x = enumOf(v, V_ALIGN, loc);
          rt.writable(t.sheet, loc);
          eachWriteCell(t, loc, (c) => (c.vertical = x));
        },
      },
      rowHeight: {
        api: 2,
        get: (t: Areas) => {
          const seen = new Set<number>();
          for (const a of t.areas) for (let r = a.top; r <= Math.min(a.bottom, a.top + 100_000); r++) seen.add(t.sheet.rowHeights[r] ?? DEFAULT_ROW_HEIGHT);
          return seen.size === 1 ? [...seen][0] : null;
        },
        set: (t: Areas, v, rt, loc) => {
          // Excel's limit: 409 points.
          const h = numberOf(v, loc, 0, 409);
          rt.writable(t.sheet, loc);
          for (const a of t.areas) for (let r = a.top; r <= a.bottom; r++) t.sheet.rowHeights[r] = h;
        },
      },
      columnWidth: {
        api: 2,
        get: (t: Areas) => {
          const seen = new Set<number>();
          for (const a of t.areas) for (let c = a.left; c <= a.right; c++) seen.add(t.sheet.columnWidths[c] ?? DEFAULT_COLUMN_WIDTH);
          return seen.size === 1 ? [...seen][0] : null;
        },
        set: (t: Areas, v, rt, loc) => {
          const w = numberOf(v, loc, 0, 1790);
          rt.writable(t.sheet, loc);
          for (const a of t.areas) for (let c = a.left; c <= a.right; c++) t.sheet.columnWidths[c] = w;
        },
      },
    },
    navs: {
      fill: { api: 1, type: 'RangeFill', name: 'fill', resolve: rangeLike },
      font: { api: 1, type: 'RangeFont', name: 'font', resolve: rangeLike },
      borders: { api: 1, type: 'RangeBorderCollection', name: 'borders', resolve: rangeLike },
    },
    methods: {
      // Rows sized for what they hold: the stand-in gives each row the lines of its tallest wrapped cell.
      autofitRows: {
        api: 2,
        apply: (t: Areas, _a, rt, loc) => {
          rt.writable(t.sheet, loc);
          for (const a of t.areas) {
            for (let r = a.top; r <= Math.min(a.bottom, a.top + 100_000); r++) {
              let lines = 1;
              for (const [, cell] of t.sheet.cells.get(r) ?? []) if (typeof cell.value === 'string') lines = Math.max(lines, cell.value.split('\n').length);
              if (lines > 1) t.sheet.rowHeights[r] = lines * DEFAULT_ROW_HEIGHT;
              else delete t.sheet.rowHeights[r];
            }
          }
        },
      },
    },
  };

  TYPES.RangeFill = {
    name: 'RangeFill',
    props: {
      color: {
        api: 1,
        get: (t: Areas) => uniform(t, (c) => c.fill ?? '#FFFFFF', '#FFFFFF'),
        set: (t: Areas, v, rt, loc) => {
          const colour = colourOf(v, loc);
          rt.writable(t.sheet, loc);
          eachWriteCell(t, loc, (c) => (c.fill = colour));
        },
      },
      pattern: {
        api: 9,
        get: (t: Areas) => uniform(t, (c) => (c.fill === null ? 'None' : 'Solid'), 'None'),
        set: (t: Areas, v, rt, loc) => {
          const p = enumOf(v, ['None', 'Solid'], loc);
          rt.writable(t.sheet, loc);
          eachWriteCell(t, loc, (c) => {
            if (p === 'None') c.fill = null;
            else if (c.fill === null) c.fill = '#FFFFFF';
          });
        },
      },
    },
    navs: {},
    methods: {
      clear: {
        api: 1,
        apply: (t: Areas, _a, rt, loc) => {
          rt.writable(t.sheet, loc);
          for (const a of t.areas) t.sheet.eachCell(a, (c) => (c.fill = null));
        },
      },
    },
  };

  TYPES.RangeFont = {
    name: 'RangeFont',
    props: {
      bold: {
        api: 1,
        get: (t: Areas) => uniform(t, (c) => c.bold, false),
        set: (t: Areas, v, rt, loc) => {
          const b = boolOf(v, loc);
          rt.writable(t.sheet, loc);
          eachWriteCell(t, loc, (c) => (c.bold = b));
        },
      },
      italic: {
        api: 1,
        get: (t: Areas) => uniform(t, (c) => c.italic, false),
        set: (t: Areas, v, rt, loc) => {
          const b = boolOf(v, loc);
          rt.writable(t.sheet, loc);
          eachWriteCell(t, loc, (c) => (c.italic = b));
        },
      },
      size: {
        api: 1,
        get: (t: Areas) => uniform(t, (c) => c.fontSize, DEFAULT_FONT_SIZE),
        set: (t: Areas, v, rt, loc) => {
          const n = numberOf(v, loc, 1, 409);
          rt.writable(t.sheet, loc);
          eachWriteCell(t, loc, (c) => (c.fontSize = n));
        },
      },
      color: {
        api: 1,
        get: (t: Areas) => uniform(t, (c) => c.fontColor, '#000000'),
        set: (t: Areas, v, rt, loc) => {
          const colour = colourOf(v, loc);
          rt.writable(t.sheet, loc);
          eachWriteCell(t, loc, (c) => (c.fontColor = colour));
        },
      },
    },
    navs: {},
    methods: {},
  };

  TYPES.RangeBorderCollection = {
    name: 'RangeBorderCollection',
    props: {},
    navs: {},
    methods: {
      getItem: {
        api: 1,
        returns: 'RangeBorder',
        indexer: true,
        resolve: (t: Areas, [index], _rt, loc): BorderTarget => ({ ...t, edge: enumOf(index, BORDER_INDEX, loc) }),
      },
    },
  };

  TYPES.RangeBorder = {
    name: 'RangeBorder',
    props: {
      sideIndex: { api: 1, get: (t: BorderTarget) => t.edge },
      style: {
        api: 1,
        get: (t: BorderTarget) => readBorder(t, (l) => l?.style ?? 'None'),
        set: (t: BorderTarget, v, rt, loc) => {
          const s = enumOf(v, BORDER_STYLE, loc);
          rt.writable(t.sheet, loc);
          guardSize(t, loc);
          applyBorder(t, (l) => (l.style = s));
        },
      },
      color: {
        api: 1,
        get: (t: BorderTarget) => readBorder(t, (l) => l?.color ?? '#000000'),
        set: (t: BorderTarget, v, rt, loc) => {
          const colour = colourOf(v, loc);
          rt.writable(t.sheet, loc);
          guardSize(t, loc);
          applyBorder(t, (l) => (l.color = colour));
        },
      },
      weight: {
        api: 1,
        get: (t: BorderTarget) => readBorder(t, (l) => l?.weight ?? 'Thin'),
        set: (t: BorderTarget, v, rt, loc) => {
          const w = enumOf(v, BORDER_WEIGHT, loc);
          rt.writable(t.sheet, loc);
          guardSize(t, loc);
          applyBorder(t, (l) => (l.weight = w));
        },
      },
    },
    navs: {},
    methods: {},
  };

  const sameOrNull = (t: Areas, f: (v: StandInValidation | undefined) => unknown) => {
    const vals = validationsIn(t).map(f);
    const first = JSON.stringify(vals[0] ?? null);
    return vals.every((x) => JSON.stringify(x ?? null) === first) ? (vals[0] ?? null) : null;
  };
  const freshValidation = (t: Areas) => (): StandInValidation => ({ range: { ...t.areas[0] }, rule: null, prompt: null, errorAlert: null, ignoreBlanks: true });

  TYPES.DataValidation = {
    name: 'DataValidation',
    props: {
      rule: {
        api: 8,
        get: (t: Areas) => sameOrNull(t, (v) => v?.rule ?? null),
        set: (t: Areas, v, rt, loc) => {
          const rule = checkRule(v, loc);
          rt.writable(t.sheet, loc);
          guardSize(t, loc);
          // A new rule replaces the cells' validation (prompt and alert carried over from the first cell's).
          const before = t.sheet.validationAt.get(`${t.areas[0].top},${t.areas[0].left}`);
          const next: StandInValidation = { range: { ...t.areas[0] }, rule, prompt: before?.prompt ?? null, errorAlert: before?.errorAlert ?? null, ignoreBlanks: before?.ignoreBlanks ?? true };
          for (const a of t.areas) for (let r = a.top; r <= a.bottom; r++) for (let c = a.left; c <= a.right; c++) t.sheet.validationAt.set(`${r},${c}`, next);
        },
      },
      prompt: {
        api: 8,
        get: (t: Areas) => sameOrNull(t, (v) => v?.prompt ?? { showPrompt: false, message: '', title: '' }),
        set: (t: Areas, v, rt, loc) => {
          if (typeof v !== 'object' || v === null) fail('InvalidArgument', loc, 'prompt is an object {showPrompt, message, title}.');
          const p = v as any;
          if (p.showPrompt !== undefined) boolOf(p.showPrompt, loc);
          const prompt = { showPrompt: p.showPrompt ?? true, message: textOf(p.message, loc, 255, 'A validation input message'), title: textOf(p.title, loc, 32, 'A validation input title') };
          setValidation(t, rt, loc, (x) => (x.prompt = prompt), freshValidation(t));
        },
      },
      errorAlert: {
        api: 8,
        get: (t: Areas) => sameOrNull(t, (v) => v?.errorAlert ?? { showAlert: true, message: '', title: '', style: 'Stop' }),
        set: (t: Areas, v, rt, loc) => {
          if (typeof v !== 'object' || v === null) fail('InvalidArgument', loc, 'errorAlert is an object {showAlert, message, title, style}.');
          const e = v as any;
          if (e.showAlert !== undefined) boolOf(e.showAlert, loc);
          const alert = {
            showAlert: e.showAlert ?? true,
            message: textOf(e.message, loc, 225, 'A validation error message'),
            title: textOf(e.title, loc, 32, 'A validation error title'),
            style: e.style === undefined ? 'Stop' : enumOf(e.style, ['Stop', 'Warning', 'Information'], loc),
          };
          setValidation(t, rt, loc, (x) => (x.errorAlert = alert), freshValidation(t));
        },
      },
      ignoreBlanks: {
        api: 8,
        get: (t: Areas) => sameOrNull(t, (v) => v?.ignoreBlanks ?? true),
        set: (t: Areas, v, rt, loc) => {
          const b = boolOf(v, loc);
          setValidation(t, rt, loc, (x) => (x.ignoreBlanks = b), freshValidation(t));
        },
      },
      type: {
        api: 8,
        get: (t: Areas) => {
          const types = new Set(validationsIn(t).map((v) => ruleType(v?.rule)));
          return types.size === 1 ? [...types][0] : 'Inconsistent';
        },
      },
    },
    navs: {},
    methods: {
      clear: {
        api: 8,
        apply: (t: Areas, _a, rt, loc) => {
          rt.writable(t.sheet, loc);
          guardSize(t, loc);
          for (const a of t.areas) for (let r = a.top; r <= a.bottom; r++) for (let c = a.left; c <= a.right; c++) t.sheet.validationAt.delete(`${r},${c}`);
        },
      },
    },
  };

  const layoutProp = <K extends keyof StandInPageLayout>(key: K, check: (v: unknown, loc: string) => StandInPageLayout[K]): PropDef => ({
    api: 9,
    get: (s: StandInSheet) => s.pageLayout[key],
    set: (s: StandInSheet, v, rt, loc) => {
      const x = check(v, loc);
      rt.writable(s, loc);
      s.pageLayout[key] = x;
    },
  });
  const margin = (v: unknown, loc: string) => numberOf(v, loc, 0, 1000);
  const rowsAddress = (v: unknown, loc: string) => {
    if (typeof v !== 'string') fail('InvalidArgument', loc, 'The rows are given as an address such as $1:$2.');
    const r = parseA1(v as string);
    if (!r || r.left !== 0 || r.right !== MAX_COLUMNS - 1) fail('InvalidArgument', loc, `${JSON.stringify(v)} is not a range of whole rows.`);
    return a1(r);
  };

  TYPES.PageLayout = {
    name: 'PageLayout',
    props: {
      orientation: layoutProp('orientation', (v, loc) => enumOf(v, ['Portrait', 'Landscape'], loc) as 'Portrait' | 'Landscape'),
      paperSize: layoutProp('paperSize', (v, loc) => enumOf(v, ['Letter', 'Legal', 'A3', 'A4', 'A5', 'B4', 'B5', 'Executive', 'Tabloid'], loc)),
      centerHorizontally: layoutProp('centerHorizontally', (v, loc) => boolOf(v, loc)),
      centerVertically: layoutProp('centerVertically', (v, loc) => boolOf(v, loc)),
      leftMargin: layoutProp('leftMargin', margin),
      rightMargin: layoutProp('rightMargin', margin),
      topMargin: layoutProp('topMargin', margin),
      bottomMargin: layoutProp('bottomMargin', margin),
      headerMargin: layoutProp('headerMargin', margin),
      footerMargin: layoutProp('footerMargin', margin),
      zoom: layoutProp('zoom', (v, loc) => {
        if (typeof v !== 'object' || v === null) fail('InvalidArgument', loc, 'zoom is an object {scale} or {horizontalFitToPages, verticalFitToPages}.');
        const z = v as Record<string, unknown>;
        for (const k of Object.keys(z)) if (!['scale', 'horizontalFitToPages', 'verticalFitToPages'].includes(k)) fail('InvalidArgument', loc, `zoom has no property ${k}.`);
        // Excel: a scale of 10 to 400 percent, or fit to pages; not both.
        if (z.scale !== undefined && (z.horizontalFitToPages !== undefined || z.verticalFitToPages !== undefined)) fail('InvalidArgument', loc, 'zoom takes a scale or pages to fit to, not both.');
        const out: StandInPageLayout['zoom'] = {};
        if (z.scale !== undefined) out.scale = numberOf(z.scale, loc, 10, 400);
        if (z.horizontalFitToPages !== undefined) out.horizontalFitToPages = numberOf(z.horizontalFitToPages, loc, 0, 32767);
        if (z.verticalFitToPages !== undefined) out.verticalFitToPages = numberOf(z.verticalFitToPages, loc, 0, 32767);
        return out;
      }),
    },
    navs: {
      headersFooters: { api: 9, type: 'HeaderFooterGroup', name: 'headersFooters', resolve: (s) => s },
    },
    methods: {
      setPrintArea: {
        api: 9,
        apply: (s: StandInSheet, [address], rt, loc) => {
          if (typeof address !== 'string') fail('InvalidArgument', loc, 'setPrintArea takes an address (a Range is not implemented by the stand-in).');
          const r = areaOn(s, address as string, loc);
          rt.writable(s, loc);
          s.pageLayout.printArea = a1(r);
        },
      },
      setPrintTitleRows: {
        api: 9,
        apply: (s: StandInSheet, [address], rt, loc) => {
          const rows = rowsAddress(address, loc);
          rt.writable(s, loc);
          s.pageLayout.printTitleRows = rows;
        },
      },
    },
  };

  TYPES.NamedItemCollection = {
    name: 'NamedItemCollection',
    props: {},
    navs: {},
    collection: { itemType: 'NamedItem', items: (wb: StandInWorkbook) => [...wb.names], itemKey: (n: StandInName) => n.name },
    methods: {
      add: {
        api: 4,
        returns: 'NamedItem',
        resolve: (wb: StandInWorkbook, [name, reference], rt, loc) => {
          if (typeof name !== 'string' || !/^[A-Za-z_\\][A-Za-z0-9_.\\]*$/.test(name) || /^[A-Za-z]{1,3}\d+$/.test(name)) fail('InvalidArgument', loc, `${JSON.stringify(name)} is not a valid name.`);
          if (wb.names.some((n) => n.name.toLowerCase() === (name as string).toLowerCase())) fail('ItemAlreadyExists', loc, `The name ${JSON.stringify(name)} already exists.`);
          const parts = isApiObject(reference) ? [reference] : typeof reference === 'string' ? splitAddressList(reference.replace(/^=/, '')) : [reference];
          const areas = parts.map((x) => rangeArg(x, rt, loc)).flatMap((t) => t.areas.map((r) => ({ sheetRef: t.sheet, range: { ...r } })));
          const item = new StandInName(name as string, areas);
          wb.names.push(item);
          return item;
        },
      },
      getItem: {
        api: 1,
        returns: 'NamedItem',
        indexer: true,
        resolve: (wb: StandInWorkbook, [key], _rt, loc) =>
          wb.names.find((n) => typeof key === 'string' && n.name.toLowerCase() === key.toLowerCase()) ?? fail('ItemNotFound', loc, `There is no name ${JSON.stringify(key)}.`),
      },
      getItemOrNullObject: {
        api: 4,
        returns: 'NamedItem',
        resolve: (wb: StandInWorkbook, [key]) => wb.names.find((n) => typeof key === 'string' && n.name.toLowerCase() === key.toLowerCase()) ?? null,
      },
    },
  };

  TYPES.HeaderFooterGroup = {
    name: 'HeaderFooterGroup',
    props: {},
    navs: { defaultForAllPages: { api: 9, type: 'HeaderFooter', name: 'defaultForAllPages', resolve: (s) => s } },
    methods: {},
  };

  const footerProp = (key: keyof StandInPageLayout['footers']): PropDef => ({
    api: 9,
    get: (s: StandInSheet) => s.pageLayout.footers[key],
    set: (s: StandInSheet, v, rt, loc) => {
      // Excel: a header or footer section holds at most 255 characters.
      const x = textOf(v, loc, 255, 'A header or footer');
      rt.writable(s, loc);
      s.pageLayout.footers[key] = x;
    },
  });
  TYPES.HeaderFooter = {
    name: 'HeaderFooter',
    props: {
      leftFooter: footerProp('leftFooter'),
      centerFooter: footerProp('centerFooter'),
      rightFooter: footerProp('rightFooter'),
      leftHeader: footerProp('leftHeader'),
      centerHeader: footerProp('centerHeader'),
      rightHeader: footerProp('rightHeader'),
    },
    navs: {},
    methods: {},
  };

  TYPES.PageBreakCollection = {
    name: 'PageBreakCollection',
    props: {},
    navs: {},
    methods: {
      add: {
        api: 9,
        apply: (s: StandInSheet, [at], rt, loc) => {
          if (typeof at !== 'string') fail('InvalidArgument', loc, 'add takes an address (a Range is not implemented by the stand-in).');
          const r = areaOn(s, at as string, loc);
          rt.writable(s, loc);
          if (r.top > 0 && !s.rowBreaks.includes(r.top)) s.rowBreaks = [...s.rowBreaks, r.top].sort((a, b) => a - b);
        },
      },
      removePageBreaks: {
        api: 9,
        apply: (s: StandInSheet, _a, rt, loc) => {
          rt.writable(s, loc);
          s.rowBreaks = [];
        },
      },
    },
  };

  /** An object the request still holds that the workbook no longer has is ItemNotFound, as in Excel. */
  const alive = <T,>(items: readonly T[], x: T, loc: string, what: string): T => {
    if (!items.includes(x)) fail('ItemNotFound', loc, `The ${what} has been deleted.`);
    return x;
  };

  const liveName = (n: StandInName, rt: Runtime, loc: string) => alive(rt.model.names, n, loc, 'name');

  TYPES.NamedItem = {
    name: 'NamedItem',
    props: {
      name: { api: 1, get: (n: StandInName) => n.name },
      formula: { api: 7, get: (n: StandInName) => n.formula },
      type: { api: 1, get: (n: StandInName) => (n.areas.every((x) => x.range && x.sheetRef) ? 'Range' : 'Error') },
      visible: {
        api: 1,
        get: (n: StandInName) => n.visible,
        set: (n: StandInName, v, rt, loc) => {
          liveName(n, rt, loc);
          n.visible = boolOf(v, loc);
        },
      },
    },
    navs: {},
    methods: {
      delete: {
        api: 4,
        apply: (n: StandInName, _a, rt, loc) => {
          liveName(n, rt, loc);
          rt.model.names.splice(rt.model.names.indexOf(n), 1);
        },
      },
    },
  };

  TYPES.NoteCollection = {
    name: 'NoteCollection',
    props: {},
    navs: {},
    collection: { itemType: 'Note', items: (wb: StandInWorkbook) => [...wb.notes], itemKey: (n: StandInNote) => `${sheetRef(n.sheet)}!${n.address}` },
    methods: {
      add: {
        api: 18,
        returns: 'Note',
        resolve: (wb: StandInWorkbook, [cellAddress, content], rt, loc) => {
          const at = cellArg(cellAddress, rt, loc, false, 'InvalidCellAddress');
          if (typeof content !== 'string') fail('InvalidArgument', loc, 'A note\'s content must be a string.');
          rt.writable(at.sheet, loc);
          if (wb.notes.some((n) => n.sheetRef === at.sheet && n.row === at.row && n.col === at.col)) {
            fail('InvalidOperation', loc, `The cell ${sheetRef(at.sheet.name)}!${columnLetters(at.col)}${at.row + 1} already has a note: a cell holds one note.`);
          }
          if (wb.comments.some((c) => c.sheetRef === at.sheet && c.row === at.row && c.col === at.col)) {
            fail('InvalidOperation', loc, `The cell ${sheetRef(at.sheet.name)}!${columnLetters(at.col)}${at.row + 1} has a threaded comment: a cell holds a note or a comment, not both.`);
          }
          const note = new StandInNote(at.sheet, at.row, at.col, content as string);
          wb.notes.push(note);
          return note;
        },
      },
      getItem: {
        api: 18,
        returns: 'Note',
        resolve: (_wb, [key], rt, loc) => findNote(rt, key, loc) ?? fail('ItemNotFound', loc, `There is no note at ${JSON.stringify(key)}.`),
      },
      getItemOrNullObject: {
        api: 18,
        returns: 'Note',
        resolve: (_wb, [key], rt, loc) => findNote(rt, key, loc),
      },
    },
  };

  const liveNote = (n: StandInNote, rt: Runtime, loc: string) => alive(rt.model.notes, n, loc, 'note');

  TYPES.Note = {
    name: 'Note',
    props: {
      content: {
        api: 18,
        get: (n: StandInNote) => n.content,
        set: (n: StandInNote, v, rt, loc) => {
          liveNote(n, rt, loc);
          if (typeof v !== 'string') fail('InvalidArgument', loc, 'A note\'s content must be a string.');
          rt.writable(n.sheetRef, loc);
          n.content = v as string;
        },
      },
      authorName: { api: 18, get: (n: StandInNote) => n.authorName },
    },
    navs: {},
    methods: {
      delete: {
        api: 18,
        apply: (n: StandInNote, _a, rt, loc) => {
          liveNote(n, rt, loc);
          rt.writable(n.sheetRef, loc);
          rt.model.notes.splice(rt.model.notes.indexOf(n), 1);
        },
      },
      getLocation: {
        api: 18,
        returns: 'Range',
        resolve: (n: StandInNote, _a, rt, loc): Areas => ({ sheet: liveNote(n, rt, loc).sheetRef, areas: [{ top: n.row, left: n.col, bottom: n.row, right: n.col }] }),
      },
    },
  };

  /** The root element's namespace of an XML text (what Excel keys a custom XML part by). */
  const rootNamespace = (xml: unknown, loc: string): string => {
    if (typeof xml !== 'string' || xml.length > 1 << 22) fail('InvalidArgument', loc, 'The XML must be a string.');
    const m = /<([A-Za-z_][\w.-]*:)?[A-Za-z_][\w.-]*((?:\s+[^>]*?)?)\/?>/.exec((xml as string).replace(/<\?[\s\S]*?\?>/g, '').replace(/<!--[\s\S]*?-->/g, ''));
    if (!m) fail('InvalidArgument', loc, 'The XML is not well formed.');
    const prefix = m![1] ? m![1].slice(0, -1) : '';
    const ns = new RegExp(`xmlns${prefix ? ':' + prefix : ''}\\s*=\\s*["']([^"']*)["']`).exec(m![2] ?? '');
    return ns ? ns[1] : '';
  };
  const livePart = (p: { id: string }, rt: Runtime, loc: string) => alive(rt.model.customXmlParts, p as StandInWorkbook['customXmlParts'][number], loc, 'custom XML part');
  const partsWritable = (rt: Runtime, loc: string) => {
    if (rt.options.readOnly) fail('AccessDenied', loc, 'The document is read-only.');
  };

  TYPES.CustomXmlPartCollection = {
    name: 'CustomXmlPartCollection',
    props: {},
    navs: {},
    collection: { itemType: 'CustomXmlPart', items: (wb: StandInWorkbook) => [...wb.customXmlParts], itemKey: (p: { id: string }) => p.id },
    methods: {
      add: {
        api: 5,
        returns: 'CustomXmlPart',
        resolve: (wb: StandInWorkbook, [xml], rt, loc) => {
          partsWritable(rt, loc);
          const part = { id: `{PART-${wb.nextXmlPartId++}}`, namespaceUri: rootNamespace(xml, loc), xml: xml as string };
          wb.customXmlParts.push(part);
          return part;
        },
      },
      getByNamespace: {
        api: 5,
        returns: 'CustomXmlPartScopedCollection',
        resolve: (wb: StandInWorkbook, [ns], _rt, loc) => {
          if (typeof ns !== 'string') fail('InvalidArgument', loc, 'The namespace must be a string.');
          return { wb, ns };
        },
      },
      getItem: {
        api: 5,
        returns: 'CustomXmlPart',
        indexer: true,
        resolve: (wb: StandInWorkbook, [id], _rt, loc) => wb.customXmlParts.find((p) => p.id === id) ?? fail('ItemNotFound', loc),
      },
    },
  };

  TYPES.CustomXmlPartScopedCollection = {
    name: 'CustomXmlPartScopedCollection',
    props: {},
    navs: {},
    collection: {
      itemType: 'CustomXmlPart',
      items: (t: { wb: StandInWorkbook; ns: string }) => t.wb.customXmlParts.filter((p) => p.namespaceUri === t.ns),
      itemKey: (p: { id: string }) => p.id,
    },
    methods: {
      getCount: { api: 5, value: (t: { wb: StandInWorkbook; ns: string }) => t.wb.customXmlParts.filter((p) => p.namespaceUri === t.ns).length },
    },
  };

  TYPES.CustomXmlPart = {
    name: 'CustomXmlPart',
    props: {
      id: { api: 5, get: (p: { id: string }) => p.id },
      namespaceUri: { api: 5, get: (p: { namespaceUri: string }) => p.namespaceUri },
    },
    navs: {},
    methods: {
      getXml: { api: 5, value: (p: { id: string }, _a, rt, loc) => livePart(p, rt, loc).xml },
      setXml: {
        api: 5,
        apply: (p: { id: string }, [xml], rt, loc) => {
          partsWritable(rt, loc);
          const part = livePart(p, rt, loc);
          part.namespaceUri = rootNamespace(xml, loc);
          part.xml = xml as string;
        },
      },
      delete: {
        api: 5,
        apply: (p: { id: string }, _a, rt, loc) => {
          partsWritable(rt, loc);
          const part = livePart(p, rt, loc);
          rt.model.customXmlParts.splice(rt.model.customXmlParts.indexOf(part), 1);
        },
      },
    },
  };

  TYPES.CommentCollection = {
    name: 'CommentCollection',
    props: {},
    navs: {},
    collection: { itemType: 'Comment', items: (wb: StandInWorkbook) => [...wb.comments], itemKey: (c: StandInComment) => c.id },
    methods: {
      add: {
        api: 10,
        returns: 'Comment',
        resolve: (wb: StandInWorkbook, [cellAddress, content, contentType], rt, loc) => {
          const at = cellArg(cellAddress, rt, loc, true);
          if (typeof content !== 'string') {
            rt.requireApi(11, 'CommentCollection.add (rich content)');
            throw notImplemented('CommentCollection', 'add (rich content)');
          }
          if (contentType !== undefined && contentType !== 'Plain') throw notImplemented('CommentCollection', `add (contentType ${String(contentType)})`);
          rt.writable(at.sheet, loc);
          if (wb.comments.some((c) => c.sheetRef === at.sheet && c.row === at.row && c.col === at.col)) {
            fail('InvalidOperation', loc, `The cell ${sheetRef(at.sheet.name)}!${columnLetters(at.col)}${at.row + 1} already has a comment thread.`);
          }
          if (wb.notes.some((n) => n.sheetRef === at.sheet && n.row === at.row && n.col === at.col)) {
            fail('InvalidOperation', loc, `The cell ${sheetRef(at.sheet.name)}!${columnLetters(at.col)}${at.row + 1} has a note: a cell holds a note or a comment, not both.`);
          }
          const c = new StandInComment(`{comment-${wb.nextCommentId++}}`, at.sheet, at.row, at.col, content as string);
          wb.comments.push(c);
          return c;
        },
      },
      getItem: {
        api: 10,
        returns: 'Comment',
        resolve: (wb: StandInWorkbook, [id], _rt, loc) => wb.comments.find((c) => c.id === id) ?? fail('ItemNotFound', loc),
      },
      getItemByCell: {
        api: 10,
        returns: 'Comment',
        resolve: (wb: StandInWorkbook, [cellAddress], rt, loc) => {
          const at = cellArg(cellAddress, rt, loc, true);
          return wb.comments.find((c) => c.sheetRef === at.sheet && c.row === at.row && c.col === at.col) ?? fail('ItemNotFound', loc);
        },
      },
    },
  };

  const liveComment = (c: StandInComment, rt: Runtime, loc: string) => alive(rt.model.comments, c, loc, 'comment');

  TYPES.Comment = {
    name: 'Comment',
    props: {
      id: { api: 10, get: (c: StandInComment) => c.id },
      content: {
        api: 10,
        get: (c: StandInComment) => c.content,
        set: (c: StandInComment, v, rt, loc) => {
          liveComment(c, rt, loc);
          if (typeof v !== 'string') fail('InvalidArgument', loc, 'A comment\'s content must be a string.');
          rt.writable(c.sheetRef, loc);
          c.content = v as string;
        },
      },
      authorName: { api: 10, get: (c: StandInComment) => c.authorName },
    },
    navs: {},
    methods: {
      delete: {
        api: 10,
        apply: (c: StandInComment, _a, rt, loc) => {
          liveComment(c, rt, loc);
          rt.writable(c.sheetRef, loc);
          rt.model.comments.splice(rt.model.comments.indexOf(c), 1);
        },
      },
      getLocation: {
        api: 10,
        returns: 'Range',
        resolve: (c: StandInComment, _a, rt, loc): Areas => ({ sheet: liveComment(c, rt, loc).sheetRef, areas: [{ top: c.row, left: c.col, bottom: c.row, right: c.col }] }),
      },
    },
  };
}

defineTypes();

/** The ExcelApi version each implemented member needs, as `Type.member` → minor version (for documentation and tests). */
export function implementedMembers(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of Object.values(TYPES)) {
    for (const [k, p] of Object.entries(t.props)) out[`${t.name}.${k}`] = p.api;
    for (const [k, n] of Object.entries(t.navs)) out[`${t.name}.${k}`] = n.api;
    for (const [k, m] of Object.entries(t.methods)) out[`${t.name}.${k}`] = m.api;
    if (t.collection) out[`${t.name}.items`] = 1;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// The stand-in: Excel, Office, the model, the counters
// ---------------------------------------------------------------------------------------------------------------

export interface StandInSettings {
  get(k: string): unknown;
  set(k: string, v: unknown): void;
  remove(k: string): void;
  saveAsync(cb?: (r: { status: string; error?: unknown }) => void): void;
}

export interface StandInOffice {
  onReady(cb?: (info: { host: string; platform: string }) => void): Promise<{ host: string; platform: string }>;
  context: {
    requirements: { isSetSupported(name: string, version?: string): boolean };
    displayLanguage: string;
    document: { mode: string; settings: StandInSettings };
  };
  /** As office.js: the string values 'readOnly' / 'readWrite'. */
  DocumentMode: { ReadOnly: 'readOnly'; ReadWrite: 'readWrite' };
  AsyncResultStatus: { Succeeded: 'succeeded'; Failed: 'failed' };
  HostType: { Excel: 'Excel' };
}

export interface StandIn {
  Excel: { run<T>(cb: (ctx: any) => Promise<T>): Promise<T> } & Record<string, unknown>;
  Office: StandInOffice;
  /** The in-memory model, for tests to inspect and set up. */
  workbook: StandInWorkbook;
  stats: StandInStats;
  /** The options in force (mutable: e.g. set `cellEditMode` for the next sync). */
  options: Required<StandInOptions>;
}

function loadSnapshot(wb: StandInWorkbook, snapshot: WorkbookSnapshot): void {
  for (const sh of snapshot.sheets) {
    const s = wb.addSheet(sh.name);
    if (sh.hidden) s.visibility = 'Hidden';
    if (sh.protected) s.protected = true;
    sh.rows.forEach((row, r) => {
      (row ?? []).forEach((v, c) => {
        if (v === null || v === undefined || v === '') return;
        loadCell(s.cell(r, c), v);
      });
    });
    s.merges = (sh.merges ?? []).map((m) => ({ ...m }));
  }
  // Defined names (a workbook from a file keeps the add-in's names: `'Sheet'!$A$1`, unions, `#REF!`).
  for (const n of snapshot.names ?? []) {
    const areas = splitAddressList(n.ref.replace(/^=/, '')).map((a) => {
      const sp = /#REF!/i.test(a) ? null : splitSheetAddress(a);
      const sheet = sp && sp.sheet !== null ? wb.find(sp.sheet) ?? null : null;
      const range = sp ? parseA1(sp.ref) : null;
      return sheet && range ? { sheetRef: sheet, range } : { sheetRef: null, range: null };
    });
    wb.names.push(new StandInName(n.name, areas, false));
  }
  if (!wb.list.length) wb.addSheet('Sheet1');
  const first = wb.list.find((s) => s.visibility === 'Visible') ?? wb.list[0];
  if (first.visibility !== 'Visible') first.visibility = 'Visible';
  wb.active = first;
  wb.selection = { sheet: first.name, address: 'A1' };
}

export function createStandIn(snapshot: WorkbookSnapshot, options: StandInOptions = {}): StandIn {
  const opts: Required<StandInOptions> = { ...DEFAULTS };
  for (const [k, v] of Object.entries(options)) if (v !== undefined) (opts as any)[k] = v;
  const model = new StandInWorkbook();
  loadSnapshot(model, snapshot);
  model.protected = opts.workbookProtected;
  const rt = new Runtime(model, opts);

  const run = async <T>(cb: (ctx: any) => Promise<T>): Promise<T> => {
    if (typeof cb !== 'function') throw new StandInError('InvalidArgument', 'Excel.run takes a function.');
    const ctx = new Ctx(rt);
    try {
      const r = cb(ctx.proxy) as unknown;
      if (!r || typeof (r as any).then !== 'function') throw new StandInError('RunMustReturnPromise');
      const result = await (r as Promise<T>);
      if (ctx.queue.length) await ctx.sync(); // Excel.run sends what is still queued
      return result;
    } finally {
      ctx.ended = true;
    }
  };

  const excelTarget: Record<string, unknown> = { run };
  const Excel = new Proxy(excelTarget, {
    get(t, key) {
      if (typeof key === 'symbol') return undefined;
      if (key in t) return t[key];
      if (PROBES.has(key) || key === '__esModule' || key === 'default') return undefined;
      throw notImplemented('Excel', key);
    },
  }) as StandIn['Excel'];

  let pending: Record<string, unknown> = {};
  const clone = (v: unknown) => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));
  const settings: StandInSettings = {
    get: (k) => (k in pending ? clone(pending[k]) : null),
    set: (k, v) => {
      if (typeof k !== 'string' || !k) throw new Error('Office settings keys are non-empty strings.');
      pending[k] = clone(v);
    },
    remove: (k) => {
      delete pending[k];
    },
    saveAsync: (cb) => {
      const done = (r: { status: string; error?: unknown }) => Promise.resolve().then(() => cb?.(r));
      if (opts.readOnly) {
        void done({ status: 'failed', error: { name: 'Permission Denied', message: 'The document is read-only.', code: 5009 } });
        return;
      }
      model.settings = clone(pending) as Record<string, unknown>;
      void done({ status: 'succeeded' });
    },
  };
  pending = clone(model.settings) as Record<string, unknown>;

  const info = { host: 'Excel', platform: 'OfficeOnline' };
  const Office: StandInOffice = {
    onReady: (cb) => {
      if (cb) cb(info);
      return Promise.resolve(info);
    },
    context: {
      requirements: {
        isSetSupported(name: string, version?: string): boolean {
          if (typeof name !== 'string' || name.toLowerCase() !== 'excelapi') return false;
          if (version === undefined || version === null || version === '') return true;
          const m = /^(\d+)(?:\.(\d+))?$/.exec(String(version).trim());
          if (!m) return false;
          const major = +m[1];
          const minor = m[2] === undefined ? 0 : +m[2];
          return major < 1 || (major === 1 && minor <= opts.excelApi);
        },
      },
      get displayLanguage() {
        return opts.displayLanguage;
      },
      document: {
        get mode() {
          return opts.readOnly ? 'readOnly' : 'readWrite';
        },
        settings,
      },
    } as StandInOffice['context'],
    DocumentMode: { ReadOnly: 'readOnly', ReadWrite: 'readWrite' },
    AsyncResultStatus: { Succeeded: 'succeeded', Failed: 'failed' },
    HostType: { Excel: 'Excel' },
  };

  return { Excel, Office, workbook: model, stats: rt.stats, options: opts };
}

/** Installs Excel and Office (and OfficeExtension.Error) as globals, for the browser page and for code that uses the globals. */
export function installGlobals(s: StandIn, target: any = globalThis): void {
  target.Excel = s.Excel;
  target.Office = s.Office;
  target.OfficeExtension = { Error: StandInError };
}
