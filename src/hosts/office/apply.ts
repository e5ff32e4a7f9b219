/**
 * Office.js host, writing: applies the engine's write plan inside Excel in one batch (plus one read of
 * the marked cells' fills and notes before it), with calculation and screen updating suspended, text
 * written as text, and cells of one format coloured with one call. A batch is split only when it nears
 * the request size cap of Excel on the web.
 */
import { cellAddress, rangeAddress } from '../../engine/address';
import { metaRows } from '../../engine/meta';
import type { CellRange } from '../../engine/snapshot';
import type { CellFormat, MarkRecord, RangeFormat, SheetWrite, WritePlan } from '../../engine/writePlan';
import { META_SHEET } from '../../engine/writePlan';
import type { ExcelFeatures } from './features';

/** Excel on the web refuses requests above 5 MB; a batch is sent before it reaches this. */
export const DEFAULT_MAX_REQUEST_BYTES = 4 * 1024 * 1024;

export interface ApplyOptions {
  features: ExcelFeatures;
  maxRequestBytes?: number;
  /** The meta sheet exists already (from the read). */
  metaExists: boolean;
}

export interface ApplyResult {
  syncs: number;
  /** Bytes of the largest batch, as estimated before it was sent. */
  largestBatch: number;
}

/** What a mark replaced, kept in the meta sheet so that Clear marks can put it back. */
interface Original {
  fill: string | null;
  note?: 'added';
  comment?: 'added';
}

function quoteSheet(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

export function fullAddress(sheet: string, row: number, col: number): string {
  return `${quoteSheet(sheet)}!${cellAddress(row, col)}`;
}

/** Counts the estimated request size and sends the batch before it nears the cap. */
class Batch {
  bytes = 0;
  largest = 0;
  syncs = 0;
  constructor(
    private readonly context: Excel.RequestContext,
    private readonly max: number,
  ) {}
  async add(bytes: number): Promise<void> {
    if (this.bytes > 0 && this.bytes + bytes > this.max) await this.sync();
    this.bytes += bytes;
  }
  async sync(): Promise<void> {
    this.largest = Math.max(this.largest, this.bytes);
    this.bytes = 0;
    this.syncs++;
    await this.context.sync();
  }
}

const OP = 120; // bytes of one operation's envelope in a request, roughly

function sizeOf(x: unknown): number {
  return JSON.stringify(x).length + OP;
}

function applyFormat(target: { format: Excel.RangeFormat }, f: CellFormat, single: boolean): void {
  const fmt = target.format;
  if (f.fill) fmt.fill.color = '#' + f.fill;
  if (f.bold !== undefined) fmt.font.bold = f.bold;
  if (f.italic !== undefined) fmt.font.italic = f.italic;
  if (f.fontSize !== undefined) fmt.font.size = f.fontSize;
  if (f.fontColor !== undefined) fmt.font.color = '#' + f.fontColor;
  if (f.wrap !== undefined) fmt.wrapText = f.wrap;
  if (f.horizontal) fmt.horizontalAlignment = f.horizontal === 'left' ? 'Left' : f.horizontal === 'right' ? 'Right' : 'Center';
  if (f.vertical) fmt.verticalAlignment = f.vertical === 'top' ? 'Top' : f.vertical === 'bottom' ? 'Bottom' : 'Center';
  if (f.border) {
    const edges: ('EdgeTop' | 'EdgeBottom' | 'EdgeLeft' | 'EdgeRight' | 'InsideHorizontal' | 'InsideVertical')[] = ['EdgeTop', 'EdgeBottom', 'EdgeLeft', 'EdgeRight'];
    if (!single) edges.push('InsideHorizontal', 'InsideVertical');
    for (const e of edges) {
      const b = fmt.borders.getItem(e);
      b.style = 'Continuous';
      b.color = '#BFBFBF';
    }
  }
}

/** Cells in groups of neighbouring columns: each group is written as one block of values. */
function columnGroups<T extends { row: number; col: number }>(cells: T[]): T[][] {
  const sorted = [...cells].sort((a, b) => a.col - b.col);
  const groups: T[][] = [];
  for (const c of sorted) {
    const g = groups[groups.length - 1];
    if (g && c.col - g[g.length - 1].col <= 1) g.push(c);
    else groups.push([c]);
  }
  return groups;
}

async function writeCells(ws: Excel.Worksheet, s: SheetWrite, batch: Batch, maxBytes: number): Promise<void> {
  const cells = s.cells.filter((c) => c.value !== null);
  for (const group of columnGroups(cells)) {
    const top = Math.min(...group.map((c) => c.row));
    const bottom = Math.max(...group.map((c) => c.row));
    const left = Math.min(...group.map((c) => c.col));
    const right = Math.max(...group.map((c) => c.col));
    const width = right - left + 1;
    const values: (string | number | null)[][] = [];
    const formats: (string | null)[][] = [];
    for (let r = top; r <= bottom; r++) {
      values.push(new Array(width).fill(null));
      formats.push(new Array(width).fill(null));
    }
    for (const c of group) {
      const v = c.value!;
      if ('text' in v) {
        // Text stays text, even `=HYPERLINK(…)`, `+cmd|…`, `-1+1` or `@SUM(1)`: the cell is formatted as text first.
        formats[c.row - top][c.col - left] = '@';
        values[c.row - top][c.col - left] = v.text;
      } else {
        values[c.row - top][c.col - left] = v.number;
      }
    }
    // Split a block by rows only when it would not fit one request.
    const total = sizeOf(values) + sizeOf(formats);
    const parts = Math.max(1, Math.ceil(total / (maxBytes / 2)));
    const step = Math.ceil(values.length / parts);
    for (let k = 0; k < values.length; k += step) {
      const v = values.slice(k, k + step);
      const f = formats.slice(k, k + step);
      await batch.add(sizeOf(v) + sizeOf(f));
      const range = ws.getRangeByIndexes(top + k, left, v.length, width);
      range.numberFormat = f as string[][];
      range.values = v as (string | number)[][];
    }
  }
}

/** Few large format calls: every range of one format in one call where Excel can (getRanges, 1.9). */
async function writeFormats(ws: Excel.Worksheet, formats: RangeFormat[], batch: Batch, features: ExcelFeatures): Promise<void> {
  const byFormat = new Map<string, CellRange[]>();
  for (const f of formats) {
    const { numberFormat, ...rest } = f.format;
    if (numberFormat !== undefined) {
      await batch.add(OP);
      const r = f.range;
      const range = ws.getRangeByIndexes(r.top, r.left, r.bottom - r.top + 1, r.right - r.left + 1);
      range.numberFormat = Array.from({ length: r.bottom - r.top + 1 }, () => new Array(r.right - r.left + 1).fill(numberFormat));
    }
    if (!Object.keys(rest).length) continue;
    const key = JSON.stringify(rest);
    if (!byFormat.has(key)) byFormat.set(key, []);
    byFormat.get(key)!.push(f.range);
  }
  for (const [key, ranges] of byFormat) {
    const f = JSON.parse(key) as CellFormat;
    const singles = ranges.filter((r) => r.top === r.bottom && r.left === r.right);
    const blocks = ranges.filter((r) => !(r.top === r.bottom && r.left === r.right));
    for (const r of blocks) {
      await batch.add(OP * 2);
      applyFormat({ format: ws.getRangeByIndexes(r.top, r.left, r.bottom - r.top + 1, r.right - r.left + 1).format }, f, false);
    }
    if (features.rangeAreas) {
      for (let k = 0; k < singles.length; k += 150) {
        const addresses = singles.slice(k, k + 150).map(rangeAddress).join(',');
        await batch.add(addresses.length + OP * 2);
        applyFormat(ws.getRanges(addresses), f, true);
      }
    } else {
      for (const r of singles) {
        await batch.add(OP * 2);
        applyFormat(ws.getRangeByIndexes(r.top, r.left, 1, 1), f, true);
      }
    }
  }
}

async function writeSheet(ws: Excel.Worksheet, s: SheetWrite, batch: Batch, options: ApplyOptions, maxBytes: number): Promise<void> {
  for (const w of s.columnWidths) {
    await batch.add(OP);
    ws.getRangeByIndexes(0, w.col, 1, 1).format.columnWidth = Math.round(w.width * 6);
  }
  await writeCells(ws, s, batch, maxBytes);
  const cellFormats: RangeFormat[] = s.cells
    .filter((c) => c.format)
    .map((c) => ({ range: { top: c.row, left: c.col, bottom: c.row, right: c.col }, format: c.format! }));
  await writeFormats(ws, [...s.formats, ...cellFormats], batch, options.features);
  for (const m of s.merges) {
    await batch.add(OP);
    ws.getRangeByIndexes(m.top, m.left, m.bottom - m.top + 1, m.right - m.left + 1).merge(false);
  }
  if (options.features.validation) {
    for (const v of s.validations) {
      await batch.add(OP * 3);
      const r = v.range;
      const dv = ws.getRangeByIndexes(r.top, r.left, r.bottom - r.top + 1, r.right - r.left + 1).dataValidation;
      dv.rule = { list: { inCellDropDown: true, source: v.values.join(',') } };
      if (v.prompt) dv.prompt = { showPrompt: true, message: v.prompt, title: '' };
      if (v.error) dv.errorAlert = { showAlert: true, message: v.error, title: '', style: 'Stop' };
    }
  }
  if (s.freeze) {
    await batch.add(OP);
    if (s.freeze.rows) ws.freezePanes.freezeRows(s.freeze.rows);
  }
}

export interface MarkState {
  /** Current fill of each cell to be marked, and whether it already has a note or a comment. */
  originals: Map<string, { fill: string | null; hasNote: boolean; hasComment: boolean }>;
  /** Notes and comments the add-in added on earlier marks that still exist, to delete. */
  ownNotes: Set<string>;
  ownComments: Map<string, Excel.Comment>;
}

const key = (sheet: string, row: number, col: number) => `${sheet}\u0000${row}\u0000${col}`;

/**
 * The read before the write: what the cells about to be marked look like now, and which of the add-in's
 * notes and comments from earlier marks are still there. One or two syncs, whatever the number of marks.
 */
export async function readMarkState(context: Excel.RequestContext, plan: WritePlan, features: ExcelFeatures): Promise<{ state: MarkState; syncs: number }> {
  const state: MarkState = { originals: new Map(), ownNotes: new Set(), ownComments: new Map() };
  let syncs = 0;
  const oldWithNote = plan.unmark.filter((m) => parseOriginal(m.original).note === 'added');
  const oldWithComment = plan.unmark.filter((m) => parseOriginal(m.original).comment === 'added');
  if (!plan.marks.length && !oldWithNote.length && !oldWithComment.length) return { state, syncs };

  const wb = context.workbook;
  const fills = plan.marks.map((m) => {
    const range = wb.worksheets.getItem(m.sheet).getRangeByIndexes(m.row, m.col, 1, 1);
    range.format.fill.load(features.rangeAreas ? 'color,pattern' : 'color');
    const note = features.notes ? wb.notes.getItemOrNullObject(fullAddress(m.sheet, m.row, m.col)) : null;
    if (note) note.load('content');
    return { m, range, note };
  });
  const oldNotes = features.notes
    ? oldWithNote.map((m) => {
        const note = wb.notes.getItemOrNullObject(fullAddress(m.sheet, m.row, m.col));
        note.load('content');
        return { m, note };
      })
    : [];
  const useComments = !features.notes && features.comments;
  if (useComments) wb.comments.load('items/content');
  await context.sync();
  syncs++;

  const commentAt = new Map<string, Excel.Comment>();
  if (useComments && wb.comments.items.length) {
    const locations = wb.comments.items.map((c) => {
      const loc = c.getLocation();
      loc.load('address');
      return { c, loc };
    });
    await context.sync();
    syncs++;
    for (const { c, loc } of locations) commentAt.set(loc.address.replace(/\$/g, ''), c);
  }
  const commentKey = (sheet: string, row: number, col: number) => `${quoteSheet(sheet)}!${cellAddress(row, col)}`;
  const plainKey = (sheet: string, row: number, col: number) => `${sheet}!${cellAddress(row, col)}`;
  const findComment = (sheet: string, row: number, col: number) => commentAt.get(commentKey(sheet, row, col)) ?? commentAt.get(plainKey(sheet, row, col));

  for (const { m, range, note } of fills) {
    const fill = range.format.fill;
    const none = features.rangeAreas ? fill.pattern === 'None' : !fill.color || fill.color.toUpperCase() === '#FFFFFF';
    state.originals.set(key(m.sheet, m.row, m.col), {
      fill: none ? null : fill.color,
      hasNote: !!note && !note.isNullObject,
      hasComment: !!findComment(m.sheet, m.row, m.col),
    });
  }
  for (const { m, note } of oldNotes) if (!note.isNullObject) state.ownNotes.add(key(m.sheet, m.row, m.col));
  for (const m of oldWithComment) {
    const c = findComment(m.sheet, m.row, m.col);
    if (c) state.ownComments.set(key(m.sheet, m.row, m.col), c);
  }
  return { state, syncs };
}

function parseOriginal(s: string): Original {
  try {
    const o = JSON.parse(s) as Original;
    return { fill: typeof o.fill === 'string' && /^#[0-9A-Fa-f]{6}$/.test(o.fill) ? o.fill : null, note: o.note, comment: o.comment };
  } catch {
    return { fill: null };
  }
}

/** Applies a write plan. The caller has checked protection; `markState` comes from readMarkState. */
export async function applyWritePlan(context: Excel.RequestContext, plan: WritePlan, markState: MarkState, options: ApplyOptions): Promise<ApplyResult> {
  const maxBytes = options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES;
  const batch = new Batch(context, maxBytes);
  const wb = context.workbook;
  context.application.suspendApiCalculationUntilNextSync();
  if (options.features.screenUpdating) context.application.suspendScreenUpdatingUntilNextSync();

  // 1. Take away the marks of the earlier run: the fill they replaced, and the add-in's own notes.
  const restoreByColour = new Map<string, { sheet: string; row: number; col: number }[]>();
  for (const m of plan.unmark) {
    const o = parseOriginal(m.original);
    const k = o.fill ?? 'none';
    if (!restoreByColour.has(k)) restoreByColour.set(k, []);
    restoreByColour.get(k)!.push(m);
    const mk = key(m.sheet, m.row, m.col);
    if (markState.ownNotes.has(mk)) {
      await batch.add(OP);
      wb.notes.getItem(fullAddress(m.sheet, m.row, m.col)).delete();
    }
    const c = markState.ownComments.get(mk);
    if (c) {
      await batch.add(OP);
      c.delete();
    }
  }
  for (const [colour, cells] of restoreByColour) {
    for (const [sheet, list] of groupBySheet(cells)) {
      const ws = wb.worksheets.getItem(sheet);
      const ranges = list.map((c) => ({ top: c.row, left: c.col, bottom: c.row, right: c.col }));
      await eachRangeGroup(ws, ranges, batch, options.features, (target) => {
        if (colour === 'none') target.format.fill.clear();
        else target.format.fill.color = colour;
      });
    }
  }

  // 2. Clear the add-in's own columns of the earlier run, and delete its sheets.
  for (const c of plan.clear) {
    await batch.add(OP);
    const r = c.range;
    wb.worksheets.getItem(c.sheet).getRangeByIndexes(r.top, r.left, r.bottom - r.top + 1, r.right - r.left + 1).clear('All');
  }
  for (const name of plan.deleteSheets) {
    await batch.add(OP);
    wb.worksheets.getItem(name).delete();
  }

  // 3. Write: sheets the add-in creates, and its columns beside the user's tables.
  let activate: Excel.Worksheet | null = null;
  for (const s of plan.sheets) {
    await batch.add(OP);
    const ws = s.create ? wb.worksheets.add(s.sheet) : wb.worksheets.getItem(s.sheet);
    if (s.visibility === 'veryHidden') ws.visibility = 'VeryHidden';
    await writeSheet(ws, s, batch, options, maxBytes);
    if (s.activate) activate = ws;
  }

  // 4. Mark the problem cells, remembering what each mark replaces.
  const records: MarkRecord[] = [...plan.keepMarks];
  const markByColour = new Map<string, { sheet: string; row: number; col: number }[]>();
  for (const m of plan.marks) {
    const before = markState.originals.get(key(m.sheet, m.row, m.col)) ?? { fill: null, hasNote: false, hasComment: false };
    const original: Original = { fill: before.fill };
    if (options.features.notes && !before.hasNote) {
      await batch.add(m.note.length * 2 + OP);
      wb.notes.add(fullAddress(m.sheet, m.row, m.col), m.note);
      original.note = 'added';
    } else if (!options.features.notes && options.features.comments && !before.hasComment) {
      await batch.add(m.note.length * 2 + OP);
      wb.comments.add(fullAddress(m.sheet, m.row, m.col), m.note);
      original.comment = 'added';
    }
    records.push({ sheet: m.sheet, row: m.row, col: m.col, original: JSON.stringify(original) });
    if (!markByColour.has(m.fill)) markByColour.set(m.fill, []);
    markByColour.get(m.fill)!.push(m);
  }
  for (const [colour, cells] of markByColour) {
    for (const [sheet, list] of groupBySheet(cells)) {
      const ws = wb.worksheets.getItem(sheet);
      await eachRangeGroup(
        ws,
        list.map((c) => ({ top: c.row, left: c.col, bottom: c.row, right: c.col })),
        batch,
        options.features,
        (target) => (target.format.fill.color = '#' + colour),
      );
    }
  }

  // 5. The record of what the add-in wrote (none is made for a template, which the add-in does not own).
  const meta = { ...plan.meta, marks: records };
  if (!options.metaExists && !meta.ranges.length && !meta.sheets.length && !meta.marks.length) {
    if (activate) activate.activate();
    await batch.sync();
    return { syncs: batch.syncs, largestBatch: batch.largest };
  }
  const rows = metaRows(meta);
  await batch.add(sizeOf(rows) * 2);
  let ws: Excel.Worksheet;
  if (!options.metaExists) {
    ws = wb.worksheets.add(META_SHEET);
    ws.visibility = 'VeryHidden';
  } else {
    ws = wb.worksheets.getItem(META_SHEET);
    ws.getRange().clear('All');
  }
  const range = ws.getRangeByIndexes(0, 0, rows.length, 4);
  range.numberFormat = rows.map((r) => r.map(() => '@'));
  range.values = rows;
  if (activate) activate.activate();
  await batch.sync();
  return { syncs: batch.syncs, largestBatch: batch.largest };
}

function groupBySheet<T extends { sheet: string }>(xs: T[]): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) {
    if (!m.has(x.sheet)) m.set(x.sheet, []);
    m.get(x.sheet)!.push(x);
  }
  return m;
}

async function eachRangeGroup(
  ws: Excel.Worksheet,
  ranges: CellRange[],
  batch: Batch,
  features: ExcelFeatures,
  apply: (target: { format: Excel.RangeFormat }) => void,
): Promise<void> {
  if (features.rangeAreas) {
    for (let k = 0; k < ranges.length; k += 150) {
      const addresses = ranges.slice(k, k + 150).map(rangeAddress).join(',');
      await batch.add(addresses.length + OP);
      apply(ws.getRanges(addresses));
    }
  } else {
    for (const r of ranges) {
      await batch.add(OP);
      apply(ws.getRangeByIndexes(r.top, r.left, r.bottom - r.top + 1, r.right - r.left + 1));
    }
  }
}
