/**
 * Office.js host, writing: applies the engine's write plan inside Excel in one batch (plus one read of
 * the marked cells' fills and notes before it), with calculation and screen updating suspended, text
 * written as text, and cells of one format coloured with one call. A batch is split only when it nears
 * the request size cap of Excel on the web.
 */
import { cellAddress, rangeAddress } from '../../engine/address';
import { metaRows } from '../../engine/meta';
import { ownNameRef } from '../../engine/fill';
import type { CellRange } from '../../engine/snapshot';
import type { CellFormat, MarkRecord, NoteState, RangeFormat, SheetWrite, WritePlan, WriteStep } from '../../engine/writePlan';
import { linkLocation, META_SHEET, runWriteSteps, WRITE_STEPS } from '../../engine/writePlan';
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
  /** What this Excel could not set (no page layout below ExcelApi 1.9): the sheet is written all the same. */
  notSet: { sheet: string; what: 'pageLayout' }[];
}


function quoteSheet(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

export function fullAddress(sheet: string, row: number, col: number): string {
  return `${quoteSheet(sheet)}!${cellAddress(row, col)}`;
}

/** The parts of a write, in the engine's order: a write stopped by Excel says which were sent and which were not. */
export type { WriteStep };

/** Excel stopped a write part way: the steps before `step` were written, `step` and after were not (all or part). */
export class WriteInterruptedError extends Error {
  constructor(
    readonly done: WriteStep[],
    readonly step: WriteStep,
    override readonly cause: unknown,
  ) {
    super(`write interrupted at ${step}`);
  }
}

class Batch {
  bytes = 0;
  largest = 0;
  syncs = 0;
  /** The step being queued, and the steps whose operations have all been sent. */
  step: WriteStep = 'unmark';
  /** Steps with operations in the batch not yet sent. */
  private queued = new Set<WriteStep>();
  /** Reads queued in this batch: run after the sync that answers them. */
  private readonly after: (() => void)[] = [];
  constructor(
    private readonly context: Excel.RequestContext,
    private readonly max: number,
  ) {}
  async add(bytes: number): Promise<void> {
    if (this.bytes > 0 && this.bytes + bytes > this.max) await this.sync();
    this.bytes += bytes;
    this.queued.add(this.step);
  }
  /** Moves on to the next step of the write. */
  begin(step: WriteStep): void {
    this.step = step;
  }
  afterSync(f: () => void): void {
    this.after.push(f);
  }
  async sync(): Promise<void> {
    this.largest = Math.max(this.largest, this.bytes);
    this.bytes = 0;
    this.syncs++;
    try {
      await this.context.sync();
    } catch (e) {
      // Every step before the first one in this batch went through in earlier syncs; from it on, not (or in part).
      const order = WRITE_STEPS;
      const first = order.find((s) => this.queued.has(s)) ?? this.step;
      throw new WriteInterruptedError(
        order.filter((s) => order.indexOf(s) < order.indexOf(first)),
        first,
        e,
      );
    }
    this.queued = new Set();
    for (const f of this.after.splice(0)) f();
  }
}

/**
 * Bytes of one operation's envelope in a request (object path, action, ids), measured against the stand-in's
 * real request shape and rounded up: an estimate must never be below what is sent.
 */
const OP = 400;
/** A format applied to a range created for it: the range, its format object, and the property set. */
const FORMAT_OP = 900;

const utf8 = new TextEncoder();

/** The UTF-8 size of a value in a request (CJK text is three bytes a character). */
export function bytesOf(x: unknown): number {
  return utf8.encode(JSON.stringify(x)).length;
}

function sizeOf(x: unknown): number {
  return bytesOf(x) + OP;
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
    let top = Infinity;
    let bottom = -Infinity;
    let left = Infinity;
    let right = -Infinity;
    for (const c of group) {
      if (c.row < top) top = c.row;
      if (c.row > bottom) bottom = c.row;
      if (c.col < left) left = c.col;
      if (c.col > right) right = c.col;
    }
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

/**
 * The number formats of a sheet's formats, in their order (a later one over an earlier one wins), as few blocks
 * of one call each: a column's `0.0%` and the capped rates' `≥0.0%` cells among it are one call, not one a cell.
 * The blocks are the formats' columns side by side, cut by rows to fit a request; a cell no format covers is left
 * as it is (null). Formats far apart (a block would be mostly empty) are set range by range.
 */
async function writeNumberFormats(ws: Excel.Worksheet, formats: RangeFormat[], batch: Batch, maxBytes: number): Promise<void> {
  const list = formats.filter((f) => f.format.numberFormat !== undefined && f.range.bottom >= f.range.top && f.range.right >= f.range.left);
  if (!list.length) return;
  let top = Infinity;
  let bottom = -1;
  let left = Infinity;
  let right = -1;
  let area = 0;
  for (const { range: r } of list) {
    top = Math.min(top, r.top);
    bottom = Math.max(bottom, r.bottom);
    left = Math.min(left, r.left);
    right = Math.max(right, r.right);
    area += (r.bottom - r.top + 1) * (r.right - r.left + 1);
  }
  const width = right - left + 1;
  const height = bottom - top + 1;
  if (width * height > Math.max(4 * area, 64)) {
    for (const f of list) {
      const r = f.range;
      const rows = r.bottom - r.top + 1;
      const cols = r.right - r.left + 1;
      await batch.add(FORMAT_OP + rows * cols * (f.format.numberFormat!.length + 3));
      ws.getRangeByIndexes(r.top, r.left, rows, cols).numberFormat = Array.from({ length: rows }, () => new Array(cols).fill(f.format.numberFormat));
    }
    return;
  }
  const grid: (string | null)[][] = Array.from({ length: height }, () => new Array(width).fill(null));
  for (const f of list) {
    const r = f.range;
    for (let row = r.top; row <= r.bottom; row++) {
      const line = grid[row - top];
      for (let col = r.left; col <= r.right; col++) line[col - left] = f.format.numberFormat!;
    }
  }
  const total = sizeOf(grid);
  const parts = Math.max(1, Math.ceil(total / (maxBytes / 2)));
  const step = Math.ceil(height / parts);
  for (let k = 0; k < height; k += step) {
    const rows = grid.slice(k, k + step);
    await batch.add(FORMAT_OP + sizeOf(rows));
    ws.getRangeByIndexes(top + k, left, rows.length, width).numberFormat = rows as string[][];
  }
}

/** Few large format calls: every range of one format in one call where Excel can (getRanges, 1.9). */
async function writeFormats(ws: Excel.Worksheet, formats: RangeFormat[], batch: Batch, features: ExcelFeatures, maxBytes: number): Promise<void> {
  await writeNumberFormats(ws, formats, batch, maxBytes);
  const byFormat = new Map<string, CellRange[]>();
  for (const f of formats) {
    // Number formats are written above, in blocks.
    const { numberFormat: _numberFormat, ...rest } = f.format;
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
      await batch.add(FORMAT_OP * 2);
      applyFormat({ format: ws.getRangeByIndexes(r.top, r.left, r.bottom - r.top + 1, r.right - r.left + 1).format }, f, false);
    }
    if (features.rangeAreas) {
      for (let k = 0; k < singles.length; k += 150) {
        const addresses = singles.slice(k, k + 150).map(rangeAddress).join(',');
        await batch.add(addresses.length * 2 + FORMAT_OP * 2);
        applyFormat(ws.getRanges(addresses), f, true);
      }
    } else {
      for (const r of singles) {
        await batch.add(FORMAT_OP * 2);
        applyFormat(ws.getRangeByIndexes(r.top, r.left, 1, 1), f, true);
      }
    }
  }
}

async function writeSheet(ws: Excel.Worksheet, s: SheetWrite, batch: Batch, options: ApplyOptions, maxBytes: number, notSet: ApplyResult['notSet']): Promise<void> {
  for (const w of s.columnWidths) {
    await batch.add(FORMAT_OP);
    ws.getRangeByIndexes(0, w.col, 1, 1).format.columnWidth = Math.round(w.width * 6);
  }
  await writeCells(ws, s, batch, maxBytes);
  const cellFormats: RangeFormat[] = s.cells
    .filter((c) => c.format)
    .map((c) => ({ range: { top: c.row, left: c.col, bottom: c.row, right: c.col }, format: c.format! }));
  await writeFormats(ws, [...s.formats, ...cellFormats], batch, options.features, maxBytes);
  for (const m of s.merges) {
    await batch.add(FORMAT_OP);
    ws.getRangeByIndexes(m.top, m.left, m.bottom - m.top + 1, m.right - m.left + 1).merge(false);
  }
  if (options.features.validation) {
    for (const v of s.validations) {
      await batch.add(FORMAT_OP * 3 + bytesOf(v));
      const r = v.range;
      const dv = ws.getRangeByIndexes(r.top, r.left, r.bottom - r.top + 1, r.right - r.left + 1).dataValidation;
      dv.rule = { list: { inCellDropDown: true, source: v.values.join(',') } };
      if (v.prompt) dv.prompt = { showPrompt: true, message: v.prompt, title: '' };
      if (v.error) dv.errorAlert = { showAlert: true, message: v.error, title: '', style: 'Stop' };
    }
  }
  if (s.freeze) {
    await batch.add(FORMAT_OP);
    if (s.freeze.rows) ws.freezePanes.freezeRows(s.freeze.rows);
  }
  await writePrinting(ws, s, batch, options, notSet);
}

/** Row heights, links and page layout: queued in the write's batch, no sync of their own. */
async function writePrinting(ws: Excel.Worksheet, s: SheetWrite, batch: Batch, options: ApplyOptions, notSet: ApplyResult['notSet']): Promise<void> {
  // Rows of one height side by side: one call.
  const heights = [...(s.rowHeights ?? [])].sort((a, b) => a.row - b.row);
  for (let k = 0; k < heights.length; ) {
    let j = k;
    while (j + 1 < heights.length && heights[j + 1].row === heights[j].row + 1 && heights[j + 1].height === heights[k].height) j++;
    await batch.add(FORMAT_OP);
    ws.getRangeByIndexes(heights[k].row, 0, j - k + 1, 1).format.rowHeight = heights[k].height;
    k = j + 1;
  }
  if (s.hyperlinks?.length) {
    const textAt = new Map<string, string>();
    for (const c of s.cells) if (c.value && 'text' in c.value) textAt.set(`${c.row},${c.col}`, c.value.text);
    for (const l of s.hyperlinks) {
      const link: Excel.RangeHyperlink = { documentReference: linkLocation(l.sheet, l.cell), textToDisplay: textAt.get(`${l.row},${l.col}`) ?? l.cell };
      if (l.tip) link.screenTip = l.tip;
      await batch.add(FORMAT_OP + bytesOf(link));
      ws.getRangeByIndexes(l.row, l.col, 1, 1).hyperlink = link;
    }
  }
  const ps = s.pageSetup;
  if (!ps) return;
  if (!options.features.pageLayout) {
    notSet.push({ sheet: s.sheet, what: 'pageLayout' });
    return;
  }
  await batch.add(FORMAT_OP * 6 + (ps.footer?.length ?? 0) * 3);
  const pl = ws.pageLayout;
  pl.orientation = ps.orientation === 'landscape' ? 'Landscape' : 'Portrait';
  pl.paperSize = 'A4';
  pl.zoom = ps.scale !== undefined ? { scale: ps.scale } : { horizontalFitToPages: ps.fitWidth, verticalFitToPages: ps.fitHeight };
  if (ps.centerHorizontally) pl.centerHorizontally = true;
  if (ps.margins) {
    // Points (72 a inch).
    pl.leftMargin = ps.margins.left * 72;
    pl.rightMargin = ps.margins.right * 72;
    pl.topMargin = ps.margins.top * 72;
    pl.bottomMargin = ps.margins.bottom * 72;
    pl.headerMargin = ps.margins.header * 72;
    pl.footerMargin = ps.margins.footer * 72;
  }
  pl.setPrintArea(rangeAddress(ps.printArea));
  if (ps.titleRows) pl.setPrintTitleRows(`$${ps.titleRows.top + 1}:$${ps.titleRows.bottom + 1}`);
  if (ps.footer) pl.headersFooters.defaultForAllPages.centerFooter = ps.footer;
  for (const r of ps.rowBreaks ?? []) {
    await batch.add(FORMAT_OP);
    // A break above the row: the page starts there.
    ws.horizontalPageBreaks.add(cellAddress(r, 0));
  }
}

export interface MarkState {
  /** Current fill of each cell to be marked (RRGGBB or null), and whether it already has a note or a comment. */
  originals: Map<string, { fill: string | null; hasNote: boolean; hasComment: boolean }>;
  /** Notes and comments the add-in added on earlier marks that still exist, to delete. */
  ownNotes: Set<string>;
  ownComments: Map<string, Excel.Comment>;
  /** The add-in's defined names now in the workbook (deleted before this run's are added). */
  ownNames?: string[];
}

const key = (sheet: string, row: number, col: number) => `${sheet}\u0000${row}\u0000${col}`;

/**
 * The read before the write: what the cells about to be marked look like once the earlier marks are taken
 * away, which cells hold a user's note or comment (the add-in never writes over one), and which of the
 * add-in's own notes and comments from the earlier run are still there. One sync for most workbooks; more
 * only when the marks would not fit one request.
 */
export async function readMarkState(
  context: Excel.RequestContext,
  plan: WritePlan,
  features: ExcelFeatures,
  maxRequestBytes = DEFAULT_MAX_REQUEST_BYTES,
): Promise<{ state: MarkState; syncs: number }> {
  const state: MarkState = { originals: new Map(), ownNotes: new Set(), ownComments: new Map() };
  const old = new Map(plan.unmark.map((m) => [key(m.sheet, m.row, m.col), m] as const));
  const oldWithNote = plan.unmark.filter((m) => m.note === 'added');
  const oldWithComment = plan.unmark.filter((m) => m.note === 'comment');
  if (!plan.marks.length && !oldWithNote.length && !oldWithComment.length) return { state, syncs: 0 };
  const batch = new Batch(context, maxRequestBytes);
  const wb = context.workbook;

  // Comments and where they are (a note is not put on a cell with a comment, nor a comment on a noted cell).
  const commentAt = new Map<string, Excel.Comment>();
  if (features.comments) {
    await batch.add(FORMAT_OP);
    wb.comments.load('items/content');
    await batch.sync();
    if (wb.comments.items.length) {
      const locations = [];
      for (const c of wb.comments.items) {
        await batch.add(FORMAT_OP);
        const loc = c.getLocation();
        loc.load('address');
        locations.push({ c, loc });
      }
      await batch.sync();
      for (const { c, loc } of locations) commentAt.set(loc.address.replace(/\$/g, ''), c);
    }
  }
  const findComment = (sheet: string, row: number, col: number) =>
    commentAt.get(`${quoteSheet(sheet)}!${cellAddress(row, col)}`) ?? commentAt.get(`${sheet}!${cellAddress(row, col)}`);

  for (const m of plan.marks) {
    const k = key(m.sheet, m.row, m.col);
    const before = old.get(k);
    await batch.add(FORMAT_OP * 2 + bytesOf(m.sheet) * 2);
    const range = wb.worksheets.getItem(m.sheet).getRangeByIndexes(m.row, m.col, 1, 1);
    range.format.fill.load(features.rangeAreas ? 'color,pattern' : 'color');
    const note = features.notes ? wb.notes.getItemOrNullObject(fullAddress(m.sheet, m.row, m.col)) : null;
    if (note) note.load('content');
    batch.afterSync(() => {
      const fill = range.format.fill;
      const none = features.rangeAreas ? fill.pattern === 'None' : !fill.color || fill.color.toUpperCase() === '#FFFFFF';
      const comment = findComment(m.sheet, m.row, m.col);
      state.originals.set(k, {
        // A cell marked last time keeps what it had before that mark.
        fill: before ? before.fill : none ? null : fill.color.replace(/^#/, '').toUpperCase(),
        hasNote: !!note && !note.isNullObject && before?.note !== 'added',
        hasComment: !!comment && before?.note !== 'comment',
      });
    });
  }
  for (const m of oldWithNote) {
    if (!features.notes) break;
    await batch.add(FORMAT_OP + bytesOf(m.sheet));
    const note = wb.notes.getItemOrNullObject(fullAddress(m.sheet, m.row, m.col));
    note.load('content');
    batch.afterSync(() => {
      if (!note.isNullObject) state.ownNotes.add(key(m.sheet, m.row, m.col));
    });
  }
  await batch.sync();
  for (const m of oldWithComment) {
    const c = findComment(m.sheet, m.row, m.col);
    if (c) state.ownComments.set(key(m.sheet, m.row, m.col), c);
  }
  return { state, syncs: batch.syncs };
}


/** Applies a write plan, in the engine's order of steps. The caller has checked protection; `markState` comes from readMarkState. */
export async function applyWritePlan(context: Excel.RequestContext, plan: WritePlan, markState: MarkState, options: ApplyOptions): Promise<ApplyResult> {
  const maxBytes = options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES;
  const batch = new Batch(context, maxBytes);
  const wb = context.workbook;
  const notSet: ApplyResult['notSet'] = [];
  context.application.suspendApiCalculationUntilNextSync();
  if (options.features.screenUpdating) context.application.suspendScreenUpdatingUntilNextSync();
  const notes: { m: (typeof plan.marks)[number]; kind: 'note' | 'comment' }[] = [];
  let activate: Excel.Worksheet | null = null;
  const recordsExisting = plan.metaSheet ? plan.metaSheet.existing : options.metaExists ? META_SHEET : null;

  await runWriteSteps(
    {
      // 1. Take away the marks of the earlier run: the fill they replaced, and the add-in's own notes.
      unmark: async () => {
        const restoreByColour = new Map<string, { sheet: string; row: number; col: number }[]>();
        for (const m of plan.unmark) {
          const k = m.fill ?? 'none';
          if (!restoreByColour.has(k)) restoreByColour.set(k, []);
          restoreByColour.get(k)!.push(m);
          const mk = key(m.sheet, m.row, m.col);
          if (markState.ownNotes.has(mk)) {
            await batch.add(FORMAT_OP);
            wb.notes.getItem(fullAddress(m.sheet, m.row, m.col)).delete();
          }
          const c = markState.ownComments.get(mk);
          if (c) {
            await batch.add(FORMAT_OP);
            c.delete();
          }
        }
        for (const [colour, cells] of restoreByColour) {
          for (const [sheet, list] of groupBySheet(cells)) {
            const ws = wb.worksheets.getItem(sheet);
            const ranges = list.map((c) => ({ top: c.row, left: c.col, bottom: c.row, right: c.col }));
            await eachRangeGroup(ws, ranges, batch, options.features, (target) => {
              if (colour === 'none') target.format.fill.clear();
              else target.format.fill.color = '#' + colour;
            });
          }
        }
      },
      // 2. Clear the add-in's own cells of the earlier run (only those still holding what it wrote).
      clear: async () => {
        for (const c of plan.clear) {
          await batch.add(FORMAT_OP);
          const r = c.range;
          wb.worksheets.getItem(c.sheet).getRangeByIndexes(r.top, r.left, r.bottom - r.top + 1, r.right - r.left + 1).clear('All');
        }
      },
      // 3. Delete its sheets of the earlier run.
      deleteSheets: async () => {
        for (const name of plan.deleteSheets) {
          await batch.add(FORMAT_OP);
          wb.worksheets.getItem(name).delete();
        }
      },
      // 4. The record of what this run writes, before it writes it: if Excel stops in the middle, the next run
      //    knows what to replace. (A template makes none: the add-in does not own it.)
      record: async () => {
        const records: MarkRecord[] = [...plan.keepMarks];
        for (const m of plan.marks) {
          const before = markState.originals.get(key(m.sheet, m.row, m.col)) ?? { fill: null, hasNote: false, hasComment: false };
          let note: NoteState = before.hasNote || before.hasComment ? 'user' : 'none';
          if (options.features.notes && !before.hasNote && !before.hasComment) {
            note = 'added';
            notes.push({ m, kind: 'note' });
          } else if (!options.features.notes && options.features.comments && !before.hasComment && !before.hasNote) {
            note = 'comment';
            notes.push({ m, kind: 'comment' });
          }
          records.push({ sheet: m.sheet, row: m.row, col: m.col, fill: before.fill, note, ...(m.id ? { id: m.id } : {}) });
        }
        const meta = { ...plan.meta, marks: records };
        if (recordsExisting || meta.ranges.length || meta.sheets.length || meta.marks.length) {
          const rows = metaRows(meta);
          const width = rows[0].length;
          await batch.add(sizeOf(rows) * 2 + FORMAT_OP * 3);
          let ws: Excel.Worksheet;
          if (!recordsExisting) {
            ws = wb.worksheets.add(plan.metaSheet?.name ?? META_SHEET);
            ws.visibility = 'VeryHidden';
          } else {
            ws = wb.worksheets.getItem(recordsExisting);
            ws.getRange().clear('All');
          }
          const range = ws.getRangeByIndexes(0, 0, rows.length, width);
          range.numberFormat = rows.map((r) => r.map(() => '@'));
          range.values = rows;
        }
        // The add-in's defined names: the earlier run's go, this run's are added (the user's stay as they are).
        if (plan.names) {
          for (const name of markState.ownNames ?? []) {
            await batch.add(FORMAT_OP);
            wb.names.getItem(name).delete();
          }
        }
      },
      // 5. Write: sheets the add-in creates, and its columns beside the user's tables.
      sheets: async () => {
        const created = new Map<string, Excel.Worksheet>();
        for (const s of plan.sheets) {
          await batch.add(FORMAT_OP);
          const ws = s.create ? wb.worksheets.add(s.sheet) : wb.worksheets.getItem(s.sheet);
          if (s.create) created.set(s.sheet, ws);
          if (s.visibility === 'veryHidden') ws.visibility = 'VeryHidden';
          await writeSheet(ws, s, batch, options, maxBytes, notSet);
          if (s.activate) activate = ws;
        }
      },
      // 6. Mark the problem cells: one fill call per colour, and a note (or a comment) with the messages. The
      //    names that find the output again go on last, once every sheet they name exists.
      marks: async () => {
        const markByColour = new Map<string, { sheet: string; row: number; col: number }[]>();
        for (const m of plan.marks) {
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
        for (const { m, kind } of notes) {
          await batch.add(bytesOf(m.note) + FORMAT_OP);
          if (kind === 'note') wb.notes.add(fullAddress(m.sheet, m.row, m.col), m.note);
          else wb.comments.add(fullAddress(m.sheet, m.row, m.col), m.note);
        }
        for (const n of plan.names ?? []) {
          await batch.add(FORMAT_OP + bytesOf(n.sheet));
          await batch.add(bytesOf(ownNameRef(n)));
          const item = wb.names.add(n.name, '=' + ownNameRef(n));
          item.visible = false;
        }
      },
    },
    (step) => batch.begin(step),
  );
  const shown = activate as Excel.Worksheet | null;
  if (shown) shown.activate();
  await batch.sync();
  return { syncs: batch.syncs, largestBatch: batch.largest, notSet };
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
      await batch.add(addresses.length * 2 + FORMAT_OP);
      apply(ws.getRanges(addresses));
    }
  } else {
    for (const r of ranges) {
      await batch.add(FORMAT_OP);
      apply(ws.getRangeByIndexes(r.top, r.left, r.bottom - r.top + 1, r.right - r.left + 1));
    }
  }
}
