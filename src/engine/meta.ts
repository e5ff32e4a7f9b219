/**
 * The records sheet (`_plancheck`, very hidden): one record per row, column A the kind of record, B the sheet,
 * C the range, D the mark's original state, E the record's defined name, F on the digests of what was written.
 * It tells the next run what the add-in wrote, and every host reads and writes it the same way.
 *
 * What the add-in wrote is found again by what it is, not only by where it was:
 * - each range, sheet and mark has a workbook-level defined name (`_plancheck_r1`, `_s1`, `_m1`), which Excel
 *   moves when rows and columns are inserted or deleted, follows when a sheet is renamed, and turns into
 *   `#REF!` when what it named is deleted;
 * - each cell of an output range is checked against a digest of what was written: a cell the user changed is
 *   not the add-in's any more (kept, reported, and the new output goes beside it).
 */
import { parseRangeAddress, rangeAddress } from './address';
import { cellText, CellRange, CellValue, DefinedNameRef, isCellDate, isCellError, SheetSnapshot, WorkbookSnapshot } from './snapshot';
import { remembered } from './memo';
import { isWhiteSpaceCode } from './text';
import { emptyMeta, MarkOriginal, META_SHEET, MetaState, NoteState, RangeRecord, WriteValue } from './writePlan';

export const MAGIC = 'plancheck-meta';
const VERSION = 2;
/** Column D of a sheet record: the sheet is a findings sheet (檢核結果); empty for a risk map. */
const FINDINGS_ROLE = 'findings';

/** Names the records sheet may have: `_plancheck`, or `_plancheck (2)`… when a user's sheet has the name. */
const RECORDS_NAME = /^_plancheck( \(\d+\))?$/i;

export function isRecordsSheetName(name: string): boolean {
  return RECORDS_NAME.test(name);
}

/** The add-in's records sheet: a sheet with one of its names whose A1 is the records' mark; null when none. */
export function findRecordsSheet(snapshot: WorkbookSnapshot): SheetSnapshot | null {
  const cands = snapshot.sheets.filter(isMetaSheet);
  return cands.find((s) => s.name === META_SHEET) ?? cands[0] ?? null;
}

/** Is the sheet the add-in's records sheet (by its name and its first cell)? */
export function isMetaSheet(s: SheetSnapshot): boolean {
  return isRecordsSheetName(s.name) && cellText(s.rows[0]?.[0]) === MAGIC;
}

/** `wanted`, or `wanted (2)`, `wanted (3)`… : the first not taken case-insensitively (Excel's rule for sheet names). */
export function freeSheetName(wanted: string, taken: Iterable<string>): string {
  const t = new Set([...taken].map((n) => n.toLowerCase()));
  let name = wanted;
  for (let k = 2; t.has(name.toLowerCase()); k++) name = `${wanted} (${k})`;
  return name;
}

// ----- defined names ------------------------------------------------------------------------------

/** A defined name's reference for a range of a sheet: `'Sheet 1'!$H$3:$J$9`. */
export function nameRef(sheet: string, range: CellRange, more: CellRange[] = []): string {
  if (more.length) return [range, ...more].map((r) => nameRef(sheet, r)).join(',');
  const abs = (a: string) => a.replace(/^([A-Z]+)(\d+)$/, '$$$1$$$2');
  const [p, q] = rangeAddress(range).split(':');
  return `'${sheet.replace(/'/g, "''")}'!${abs(p)}${q ? ':' + abs(q) : ''}`;
}

/** The areas of a union reference (`'A'!$B$5,'A'!$D$9`), split at commas outside quotes. */
export function splitUnion(ref: string): string[] {
  const out: string[] = [];
  let cur = '';
  let q = false;
  for (const ch of ref.trim().replace(/^=/, '')) {
    if (ch === "'") q = !q;
    if (ch === ',' && !q) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/** Where a defined name points: a sheet and a range; 'gone' once what it named was deleted (`#REF!`); null when unreadable. */
export function parseNameRef(ref: string): { sheet: string; range: CellRange } | 'gone' | null {
  const s = ref.trim().replace(/^=/, '');
  if (/#REF!/i.test(s)) return 'gone';
  let sheet: string;
  let rest: string;
  if (s.startsWith("'")) {
    let k = 1;
    let name = '';
    for (; k < s.length; k++) {
      if (s[k] === "'") {
        if (s[k + 1] === "'") {
          name += "'";
          k++;
          continue;
        }
        break;
      }
      name += s[k];
    }
    if (s[k + 1] !== '!') return null;
    sheet = name;
    rest = s.slice(k + 2);
  } else {
    const bang = s.lastIndexOf('!');
    if (bang <= 0) return null;
    sheet = s.slice(0, bang);
    rest = s.slice(bang + 1);
  }
  const range = parseRangeAddress(rest.replace(/\$/g, ''));
  return range ? { sheet, range } : null;
}

// ----- digests of what was written ------------------------------------------------------------------

/**
 * A cell's content in one form for what was written and for what a host reads back: numbers by value (a number
 * shown as a percentage may be read back as its text `83.3%`), text as text, nothing as ''.
 */
function canonical(v: CellValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') {
    // A whole number of up to 9 digits: × 100 it is exact at 12 digits already (risk scores, counts).
    if (Number.isInteger(v) && Math.abs(v) < 1e9) return 'n' + (v * 100 || 0);
    return 'n' + Number((v * 100).toPrecision(12));
  }
  if (typeof v === 'string') {
    const m = v.indexOf('%') >= 0 ? /^(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)%$/.exec(v.trim()) : null;
    if (m) return 'n' + Number(Number(m[1]).toPrecision(12));
    return v === '' ? '' : 't' + v;
  }
  if (typeof v === 'boolean') return 'b' + v;
  if (isCellError(v)) return 'e' + v.error;
  if (isCellDate(v)) return 'd' + v.date;
  return 'f' + v.formula;
}

const DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** FNV-1a's offset basis, and its state after the `t` that starts a text's canonical form. */
const FNV_START = 0x811c9dc5;
const TEXT_START = fnv(FNV_START, 't');

/** FNV-1a (32 bits) over a string, on from the hash `h`. */
function fnv(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** The hash of an empty cell: its digest is `...`, not three digits. */
const NOTHING = -1;

/** The hash behind a content's digest (NOTHING for ''). */
function hashOf(s: string): number {
  return s === '' ? NOTHING : fnv(FNV_START, s);
}

/** Three characters (18 bits of FNV-1a) for a cell's content. */
function digest(s: string): string {
  return digestText(hashOf(s));
}

const DIGIT_CODES = Array.from(DIGITS, (c) => c.charCodeAt(0));
const DOT = 46;

/** The three characters of a hash (one string made, not three). */
function digestText(h: number): string {
  if (h === NOTHING) return '...';
  return String.fromCharCode(DIGIT_CODES[h & 63], DIGIT_CODES[(h >>> 6) & 63], DIGIT_CODES[(h >>> 12) & 63]);
}

/** The hashes of the whole numbers 0…1000 as written (risk scores, counts: the same few, over and over), made when first met. */
const wholeHashes: number[] = [];

/** The hash of what a host writes for a value: digest(canonical(value)), without making the canonical string where it can. */
function writeValueHash(v: WriteValue | undefined): number {
  if (!v) return NOTHING;
  if ('text' in v) {
    const t = v.text;
    if (t === '') return NOTHING;
    // A text's canonical form is 't' + the text, but for `83.3%`, which reads as the number: only a text that
    // ends with `%` once trimmed can be one (a 達成說明 note holds a % but ends with its status).
    const last = t.charCodeAt(t.length - 1);
    if ((last === 37 || isWhiteSpaceCode(last)) && t.indexOf('%') >= 0) {
      const c = canonical(t);
      if (c.charCodeAt(0) !== 116) return hashOf(c);
    }
    return fnv(TEXT_START, t);
  }
  const n = v.number;
  if (n >= 0 && n <= 1000 && Number.isInteger(n)) return (wholeHashes[n] ??= hashOf(canonical(n)));
  // Other numbers (achievement rates) repeat too (actuals and targets of few digits): their hashes are kept, by
  // value (a bounded memo; canonical's toPrecision and the text it makes cost more than the look-up).
  return remembered(numberHashes, 20000, n, numberHash);
}
const numberHash = (n: number): number => hashOf(canonical(n));
const numberHashes = new Map<number, number>();

export function writeValueDigest(v: WriteValue | undefined): string {
  return digestText(writeValueHash(v));
}

/** Digits written out a slice at a time (String.fromCharCode takes its codes as arguments). */
const SLICE = 3 * 4096;
const SLICE_CODES: number[] = Array.from({ length: SLICE }, () => 0);

/**
 * The check of an output range: its size, the row of its headers (offset in the range), and a digest per cell,
 * row by row. `written` holds what is written in the range, row by row (undefined: nothing).
 */
export function rangeCheck(range: CellRange, headerRow: number, written: ArrayLike<WriteValue | undefined>): string {
  const rows = range.bottom - range.top + 1;
  const cols = range.right - range.left + 1;
  const parts: string[] = [`${VERSION};${rows};${cols};${headerRow - range.top};`];
  // The digits of the cells, as character codes (no string a cell), a slice at a time in one buffer of codes
  // (an array emptied and grown again for each slice would be made anew each time: megabytes at 100,000 rows).
  const codes = SLICE_CODES;
  let n = 0;
  for (let k = 0; k < rows * cols; k++) {
    const h = writeValueHash(written[k]);
    if (h === NOTHING) {
      codes[n] = DOT;
      codes[n + 1] = DOT;
      codes[n + 2] = DOT;
    } else {
      codes[n] = DIGIT_CODES[h & 63];
      codes[n + 1] = DIGIT_CODES[(h >>> 6) & 63];
      codes[n + 2] = DIGIT_CODES[(h >>> 12) & 63];
    }
    n += 3;
    if (n >= SLICE) {
      parts.push(String.fromCharCode.apply(null, codes));
      n = 0;
    }
  }
  if (n) parts.push(String.fromCharCode.apply(null, codes.slice(0, n)));
  return parts.join('');
}

interface Check {
  rows: number;
  cols: number;
  header: number;
  cells: string[];
}

function parseCheck(s: string | undefined): Check | null {
  if (!s) return null;
  const m = /^2;(\d+);(\d+);(\d+);/.exec(s);
  if (!m) return null;
  const rows = Number(m[1]);
  const cols = Number(m[2]);
  const body = s.slice(m[0].length);
  if (body.length !== rows * cols * 3 || Number(m[3]) >= rows) return null;
  const cells: string[] = [];
  for (let k = 0; k < body.length; k += 3) cells.push(body.slice(k, k + 3));
  return { rows, cols, header: Number(m[3]), cells };
}

/**
 * Which cells of the range as it is now still hold what the add-in wrote. The range may have grown or shrunk
 * (rows or columns inserted or deleted inside it): columns are matched by their header, rows in order (an
 * empty new row was inserted; a row matching a later recorded row means rows were deleted).
 */
export function ownedCells(sheet: SheetSnapshot, now: CellRange, check: Check): boolean[][] {
  const R = now.bottom - now.top + 1;
  const C = now.right - now.left + 1;
  const cur = (i: number, j: number) => digest(canonical(sheet.rows[now.top + i]?.[now.left + j]));
  const rec = (i: number, j: number) => check.cells[i * check.cols + j];
  const owned: boolean[][] = Array.from({ length: R }, () => new Array<boolean>(C).fill(false));
  // Columns: recorded column j ↔ current column colOf[j] (-1: deleted).
  const colOf: number[] = new Array(check.cols).fill(-1);
  if (C === check.cols) for (let j = 0; j < C; j++) colOf[j] = j;
  else if (check.header < R) {
    let k = 0;
    for (let j = 0; j < check.cols; j++) {
      for (let kk = k; kk < C; kk++) {
        if (cur(check.header, kk) === rec(check.header, j) && rec(check.header, j) !== '...') {
          colOf[j] = kk;
          k = kk + 1;
          break;
        }
      }
    }
  }
  const cols = colOf.map((k, j) => [j, k]).filter(([, k]) => k >= 0);
  const rowKeyRec = (i: number) => cols.map(([j]) => rec(i, j)).join('');
  const rowKeyCur = (i: number) => cols.map(([, k]) => cur(i, k)).join('');
  const emptyKey = cols.map(() => '...').join('');
  const match = (i: number, ii: number) => {
    for (const [j, k] of cols) if (cur(ii, k) === rec(i, j)) owned[ii][k] = true;
  };
  if (R === check.rows) {
    for (let i = 0; i < R; i++) match(i, i);
    return owned;
  }
  let i = 0;
  for (let ii = 0; ii < R && i < check.rows; ii++) {
    const key = rowKeyCur(ii);
    if (key === rowKeyRec(i)) {
      match(i++, ii);
      continue;
    }
    if (key === emptyKey && R > check.rows) continue; // a row inserted inside
    let ahead = -1;
    for (let n = i + 1; n < Math.min(check.rows, i + 1 + Math.max(1, check.rows - R + 1)); n++) if (rowKeyRec(n) === key) ahead = n;
    if (ahead >= 0) {
      i = ahead;
      match(i++, ii);
      continue;
    }
    match(i++, ii); // the same row, with cells the user changed
  }
  return owned;
}

// ----- the records ----------------------------------------------------------------------------------

/** What the meta sheet says, resolved against the workbook as it is now. */
export interface MetaRead extends MetaState {
  /** The records sheet found (null: none). */
  recordsSheet: string | null;
  /** Cells still holding the add-in's output of the earlier run: cleared, and not read as the user's. */
  owned: { sheet: string; range: CellRange }[];
  /** Cells of the add-in's earlier output that the user changed: kept, reported. */
  kept: { sheet: string; range: CellRange; cells: { row: number; col: number }[] }[];
}

/** A mark's original state as recorded (column D), from this version or an older one of any host. */
export function parseMarkOriginal(s: string): MarkOriginal {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(s) as Record<string, unknown>;
    if (!o || typeof o !== 'object') throw new Error('not an object');
  } catch {
    return { fill: null, note: 'user' };
  }
  const rgb = (x: unknown) => {
    const m = typeof x === 'string' ? /^#?(?:FF)?([0-9A-Fa-f]{6})$/.exec(x) : null;
    return m ? m[1].toUpperCase() : null;
  };
  const NOTES: NoteState[] = ['added', 'comment', 'user', 'none'];
  // This version.
  if (o.v === VERSION) {
    const note = NOTES.includes(o.note as NoteState) ? (o.note as NoteState) : 'user';
    return { fill: rgb(o.fill), note, ...(typeof o.s === 'number' && o.fill === null ? { style: o.s } : {}) };
  }
  // The package host's: a style index.
  if (typeof o.s === 'number') return { fill: null, style: o.s, note: o.note === 'added' ? 'added' : 'user' };
  // The Office host's: "#RRGGBB" or null, a note or a comment it added.
  if (typeof o.fill === 'string' || (o.fill === null && (o.note === undefined || o.note === 'added' || 'comment' in o))) {
    if (o.note === 'added') return { fill: rgb(o.fill), note: 'added' };
    if (o.comment === 'added') return { fill: rgb(o.fill), note: 'comment' };
    return { fill: rgb(o.fill), note: 'user' };
  }
  // The ExcelJS host's: its fill object, and the note its mark's note replaced (null: none).
  const f = o.fill as { type?: string; pattern?: string; fgColor?: { argb?: string } } | null | undefined;
  const fill = f && f.type === 'pattern' && f.pattern === 'solid' ? rgb(f.fgColor?.argb) : null;
  const n = o.note;
  if (n === null || n === undefined || n === 'added') return { fill, note: 'added' };
  if (typeof n === 'string') return { fill, note: 'added', noteText: n };
  if (typeof n === 'object' && Array.isArray((n as { texts?: unknown }).texts)) {
    return { fill, note: 'added', noteText: ((n as { texts: { text?: unknown }[] }).texts ?? []).map((t) => String(t?.text ?? '')).join('') };
  }
  return { fill, note: 'user' };
}

export function markOriginalText(o: MarkOriginal): string {
  return JSON.stringify({ v: VERSION, fill: o.fill, note: o.note, ...(o.fill === null && typeof o.style === 'number' ? { s: o.style } : {}) });
}

/** The records of the meta sheet, resolved: where each thing is now (its defined name), and which cells are still the add-in's. */
export function readMeta(snapshot: WorkbookSnapshot): MetaRead {
  const meta: MetaRead = { ...emptyMeta(), recordsSheet: null, owned: [], kept: [] };
  const sheet = findRecordsSheet(snapshot);
  if (!sheet) return meta;
  meta.recordsSheet = sheet.name;
  const names = snapshot.names ? new Map(snapshot.names.map((n) => [n.name.toLowerCase(), n] as const)) : null;
  const sheets = new Map(snapshot.sheets.map((s) => [s.name, s] as const));
  const bySheetLower = new Map(snapshot.sheets.map((s) => [s.name.toLowerCase(), s.name] as const));
  /** Where the record is now: its name's target, 'gone', or the recorded place. */
  const where = (id: string, sheetName: string, range: CellRange | null): { sheet: string; range: CellRange | null } | null => {
    // `name#k`: the k-th area of a union name.
    const hash = id.indexOf('#');
    const n: DefinedNameRef | undefined = id ? names?.get((hash >= 0 ? id.slice(0, hash) : id).toLowerCase()) : undefined;
    const areas = n ? splitUnion(n.ref) : [];
    const k = hash >= 0 ? Number(id.slice(hash + 1)) - 1 : 0;
    if (n && hash >= 0 && !(k >= 0 && k < areas.length)) return null;
    if (n) {
      const p = parseNameRef(areas[k]);
      if (p === 'gone') return null;
      if (p) {
        const real = bySheetLower.get(p.sheet.toLowerCase());
        return real ? { sheet: real, range: p.range } : null;
      }
    }
    return sheets.has(sheetName) ? { sheet: sheetName, range } : null;
  };
  for (let r = 1; r < sheet.rows.length; r++) {
    const row = sheet.rows[r] ?? [];
    const kind = cellText(row[0]);
    const name = cellText(row[1]);
    const range = parseRangeAddress(cellText(row[2]));
    const id = cellText(row[4]);
    if (kind === 'range' && name && range) {
      const at = where(id, name, range);
      if (!at || !at.range) continue;
      const check = row.slice(5).map(cellText).join('');
      const rec: RangeRecord = { sheet: at.sheet, range: at.range, ...(id ? { id } : {}), ...(check ? { check } : {}) };
      meta.ranges.push(rec);
      resolveOwned(meta, sheets.get(at.sheet)!, at.range, parseCheck(check), !!check);
    } else if (kind === 'sheet' && name) {
      const at = where(id, name, null);
      if (!at || meta.sheets.includes(at.sheet)) continue;
      meta.sheets.push(at.sheet);
      if (id) (meta.sheetIds ??= {})[at.sheet] = id;
      if (cellText(row[3]) === FINDINGS_ROLE) (meta.findingsSheets ??= []).push(at.sheet);
    } else if (kind === 'mark' && name && range) {
      const at = where(id, name, range);
      if (!at || !at.range) continue;
      meta.marks.push({ sheet: at.sheet, row: at.range.top, col: at.range.left, ...parseMarkOriginal(cellText(row[3])), ...(id ? { id } : {}) });
    }
  }
  return meta;
}

function resolveOwned(meta: MetaRead, sheet: SheetSnapshot, range: CellRange, check: Check | null, hadCheck: boolean): void {
  if (!check) {
    // A record of an older version (no check): the range as recorded. A check that cannot be read: nothing is taken.
    if (!hadCheck) meta.owned.push({ sheet: sheet.name, range });
    return;
  }
  const owned = ownedCells(sheet, range, check);
  const kept: { row: number; col: number }[] = [];
  const H = range.bottom - range.top + 1;
  const W = range.right - range.left + 1;
  for (let j = 0; j < W; j++) {
    let start = -1;
    for (let i = 0; i <= H; i++) {
      const mine = i < H && owned[i][j];
      if (mine && start < 0) start = i;
      if (!mine && start >= 0) {
        meta.owned.push({ sheet: sheet.name, range: { top: range.top + start, bottom: range.top + i - 1, left: range.left + j, right: range.left + j } });
        start = -1;
      }
      if (i < H && !mine && cellText(sheet.rows[range.top + i]?.[range.left + j]).trim() !== '') kept.push({ row: range.top + i, col: range.left + j });
    }
  }
  if (kept.length) meta.kept.push({ sheet: sheet.name, range, cells: kept });
}

/** Excel holds at most 32,767 characters in a cell: long checks go on over more cells. */
const CHUNK = 32000;

/** The meta sheet's rows for a state: the engine's records and the hosts' mark records. */
export function metaRows(meta: MetaState): string[][] {
  const rows: string[][] = [[MAGIC, 'version', String(VERSION), 'This sheet records what the plancheck add-in wrote. Do not edit.']];
  for (const r of meta.ranges) {
    const row = ['range', r.sheet, rangeAddress(r.range), '', r.id ?? ''];
    for (let k = 0; r.check && k < r.check.length; k += CHUNK) row.push(r.check.slice(k, k + CHUNK));
    rows.push(row);
  }
  for (const s of meta.sheets) rows.push(['sheet', s, '', meta.findingsSheets?.includes(s) ? FINDINGS_ROLE : '', meta.sheetIds?.[s] ?? '']);
  for (const m of meta.marks) rows.push(['mark', m.sheet, rangeAddress({ top: m.row, left: m.col, bottom: m.row, right: m.col }), markOriginalText(m), m.id ?? '']);
  const width = Math.max(...rows.map((r) => r.length));
  for (const r of rows) while (r.length < width) r.push('');
  return rows;
}
