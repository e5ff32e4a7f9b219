/**
 * The package host: applies the engine's write plan to the workbook's original package bytes, editing only
 * the parts the plan needs (the sheets it writes to, styles, workbook, relationships, content types) and
 * adding its own (new sheets, notes). Every other zip entry is copied as it was: charts, drawings, pivot
 * tables, slicers, media, custom XML, macros, printer settings, external links, threaded comments.
 *
 * The order of the steps is the ExcelJS host's: take the old marks away, clear the add-in's old cells,
 * delete its old sheets, write the sheets, mark the problem cells, record it all in the meta sheet.
 */
import { createHash } from 'crypto';
import { rangeAddress } from '../../engine/address';
import { metaRows } from '../../engine/meta';
import { ownNameRef } from '../../engine/fill';
import type { CellRange } from '../../engine/snapshot';
import type { MarkRecord, SheetWrite, WritePlan } from '../../engine/writePlan';
import { isOwnName, META_SHEET, runWriteSteps } from '../../engine/writePlan';
import { ProtectedSheetError } from '../protection';
import { blocksNeeded, commentsXml, editForeignComments, editForeignVml, Note, readComments, vmlBlocks, vmlXml } from './comments';
import { checked, ContentTypes, CT, Package, PackageError, REL, Rels, relsPathOf } from './opc';
import { MINIMAL_STYLES, solidFillXml, StyleBook } from './styles';
import { childrenOf, localName, rootElement, unescapeSmlText, unescapeXml, XmlError } from './xml';
import { blankWorksheet, colName, parseRangeRef, Worksheet } from './worksheet';
import { buildRows, planRows } from './newSheet';
import { SheetEntry, Workbook } from './workbook';
import { XlsxPackage } from '../xlsx/read';
import { trace } from '../node/trace';

export interface PackageResult {
  /** The output package (joined from `pieces` when first asked for). */
  readonly bytes: Buffer;
  /** The output package as the zip writer made it, in pieces (to write to a file without joining them). */
  pieces: Uint8Array[];
  /** Sheets whose notes were left out (colour only) because the sheet has the user's own comments. */
  notesSkipped: { sheet: string; notes: number }[];
  /** Parts removed with an old sheet of the add-in that are not its usual parts (sheet, notes): the caller says so. */
  removedOther: string[];
  edited: string[];
  added: string[];
  removed: string[];
  /** The package holds macros (its main part is macro-enabled). */
  macros: boolean;
}

/** What the meta sheet records for the package host, besides the engine's records. */
interface NotesRecord {
  sheet: string;
  comments: string;
  vml: string;
  sha1: string;
}

const PART_KIND = 'part';
const STYLE_KIND = 'style';
const MAGIC = 'plancheck-meta';

const key = (row: number, col: number) => `${row},${col}`;
const inRange = (r: CellRange, row: number, col: number) => row >= r.top && row <= r.bottom && col >= r.left && col <= r.right;

/** A cell's shared string: from the reader's own parse when it gave one, or parsed here from the part when first asked. */
class SharedStrings {
  constructor(
    private readonly xml: string | null,
    private items: string[] | null = null,
  ) {}
  get(i: number): string | undefined {
    if (this.items) return this.items[i];
    if (this.xml === null) return undefined;
    const xml = this.xml;
    const items: string[] = [];
    for (const si of childrenOf(xml, rootElement(xml))) {
      if (localName(si.name) !== 'si') continue;
      let text = '';
      for (const k of childrenOf(xml, si)) {
        const ln = localName(k.name);
        if (ln === 't') text += unescapeXml(xml.slice(k.openEnd, k.closeStart));
        else if (ln === 'r') for (const t of childrenOf(xml, k)) if (localName(t.name) === 't') text += unescapeXml(xml.slice(t.openEnd, t.closeStart));
      }
      items.push(unescapeSmlText(text));
    }
    this.items = items;
    return items[i];
  }
}

/** A mark record (engine/meta.ts) as this host restores it: the fill to put back and what to do with the note. */
interface Restore {
  style: { s: number } | { fill: string | null };
  note: 'remove' | 'keep' | { text: string };
}

function restoreOf(m: MarkRecord): Restore {
  const style = m.fill === null && typeof m.style === 'number' ? { s: m.style } : { fill: m.fill ? solidFillXml(m.fill) : null };
  const note: Restore['note'] = m.noteText !== undefined ? { text: m.noteText } : m.note === 'added' ? 'remove' : 'keep';
  return { style, note };
}

interface SheetState {
  entry: SheetEntry;
  part: string;
  ws: Worksheet;
  rels: Rels | null;
  created: boolean;
  /** A created sheet nothing was written to yet: its rows are made straight from the plan (newSheet.ts). */
  fresh?: boolean;
  /** Notes: null when the sheet has the user's own comments (no notes added there). */
  notes: Map<string, Note> | null;
  notesProcessed: boolean;
  skipped: number;
}

/** `input`: the package as the reader parsed it (one parse for reading and writing), or a package's bytes. */
export async function applyPlanToPackage(input: Uint8Array | XlsxPackage, plan: WritePlan): Promise<PackageResult> {
  try {
    return await apply(input, plan);
  } catch (e) {
    // A part the scanner cannot read is a package the writer does not edit.
    if (e instanceof XmlError) throw new PackageError(`malformed XML (${e.message})`);
    throw e;
  }
}

async function apply(input: Uint8Array | XlsxPackage, plan: WritePlan): Promise<PackageResult> {
  const pkg = input instanceof XlsxPackage ? await Package.fromRead(input) : await Package.load(input);
  const text = async (part: string) => pkg.text(part);

  // ----- the package's structure --------------------------------------------------------------------
  const ctPart = '[Content_Types].xml';
  if (!pkg.has(ctPart)) throw new PackageError('missing part', ctPart);
  const contentTypes = await (async () => {
    const xml = await text(ctPart);
    return checked(ctPart, () => new ContentTypes(xml));
  })();
  if (!pkg.has('_rels/.rels')) throw new PackageError('missing part', '_rels/.rels');
  const pkgRels = await loadRels(pkg, '_rels/.rels');
  const officeRel = pkgRels!.rels.find((r) => r.type === REL.officeDocument) ?? pkgRels!.rels.find((r) => /\/officeDocument$/.test(r.type));
  if (!officeRel) {
    if (pkgRels!.rels.some((r) => r.type.startsWith('http://purl.oclc.org/'))) throw new PackageError('Strict Open XML', '_rels/.rels');
    throw new PackageError('no workbook relationship', '_rels/.rels');
  }
  const wbPart = pkgRels!.targetOf(officeRel);
  if (!pkg.has(wbPart)) throw new PackageError('missing part', wbPart);
  const wbXml = await text(wbPart);
  const workbook = new Workbook(wbXml, wbPart);
  const wbRelsPath = relsPathOf(wbPart);
  const wbRelsRead = await loadRels(pkg, wbRelsPath);
  if (!wbRelsRead) throw new PackageError('missing part', wbRelsPath);
  const wbRels: Rels = wbRelsRead;

  const stylesRel = wbRels.rels.find((r) => r.type === REL.styles);
  let stylesPart = stylesRel ? wbRels.targetOf(stylesRel) : null;
  let stylesNew = false;
  if (stylesPart && !pkg.has(stylesPart)) throw new PackageError('missing part', stylesPart);
  if (!stylesPart) {
    stylesPart = allocate(pkg, new Set(), 'xl/styles', '.xml');
    stylesNew = true;
  }
  const stylesXml = stylesNew ? MINIMAL_STYLES : await text(stylesPart);
  const styles = checked(stylesPart, () => new StyleBook(stylesXml, stylesPart!));

  const sstRel = wbRels.rels.find((r) => r.type === REL.sharedStrings);
  const sstPart = sstRel ? wbRels.targetOf(sstRel) : null;
  const parsedSst = sstPart ? pkg.parsedSharedStrings(sstPart) : null;
  // Read while the plan is written (a cell the plan writes must not hold a value); let go before the zip is packed.
  let sst: SharedStrings | null = parsedSst ? new SharedStrings(null, parsedSst) : new SharedStrings(sstPart && pkg.has(sstPart) ? await text(sstPart) : null);

  const partOfSheet = (e: SheetEntry): string => {
    const rel = wbRels.byId(e.rId);
    if (!rel) throw new PackageError(`no relationship ${e.rId} for sheet "${e.name}"`, wbRelsPath);
    const p = wbRels.targetOf(rel);
    if (!pkg.has(p)) throw new PackageError('missing part', p);
    return p;
  };
  // Every sheet's part must be there: a package with a missing part is not edited.
  for (const e of workbook.sheets) partOfSheet(e);

  const states = new Map<string, SheetState>();
  const reserved = new Set<string>();
  const loadSheet = async (name: string): Promise<SheetState | null> => {
    const hit = states.get(name);
    if (hit) return hit;
    const entry = workbook.sheets.find((s) => s.name === name);
    if (!entry) return null;
    const part = partOfSheet(entry);
    const ws = new Worksheet(await text(part), name, part, { sharedString: (i) => sst?.get(i) });
    const relsPath = relsPathOf(part);
    const rels = await loadRels(pkg, relsPath);
    const st: SheetState = { entry, part, ws, rels, created: false, notes: new Map(), notesProcessed: false, skipped: 0 };
    states.set(name, st);
    return st;
  };

  // ----- the meta sheet's records of this host ------------------------------------------------------
  const notesRecords: NotesRecord[] = [];
  const styleRecords = new Map<string, Map<string, number>>();
  // The records sheet of the earlier run (a user's sheet of the same name is not it), and this run's.
  const recordsExisting = plan.metaSheet ? plan.metaSheet.existing : workbook.sheets.some((s) => s.name === META_SHEET) ? META_SHEET : null;
  const recordsName = plan.metaSheet?.name ?? META_SHEET;
  if (recordsExisting && workbook.sheets.some((s) => s.name === recordsExisting)) {
    const meta = await loadSheet(recordsExisting);
    const grid = meta!.ws.texts();
    if (grid.get(0)?.get(0) === MAGIC) {
      for (const [r, row] of grid) {
        if (r === 0) continue;
        const kind = row.get(0);
        const sheet = row.get(1) ?? '';
        if (kind === PART_KIND && sheet) {
          try {
            const d = JSON.parse(row.get(3) ?? '') as Partial<NotesRecord>;
            if (typeof d.comments === 'string' && typeof d.vml === 'string' && typeof d.sha1 === 'string') notesRecords.push({ sheet, comments: d.comments, vml: d.vml, sha1: d.sha1 });
          } catch {
            // not a record of this host
          }
        } else if (kind === STYLE_KIND && sheet) {
          const range = parseRangeRef(row.get(2) ?? '');
          const s = Number(row.get(3));
          if (!range || !Number.isInteger(s) || s < 0) continue;
          if (!styleRecords.has(sheet)) styleRecords.set(sheet, new Map());
          for (let rr = range.top; rr <= range.bottom; rr++) for (let cc = range.left; cc <= range.right; cc++) styleRecords.get(sheet)!.set(key(rr, cc), s);
        }
      }
    }
  }

  // ----- protection: nothing is written when a sheet the plan touches is protected -----------------
  for (const name of plan.touches) {
    const st = await loadSheet(name);
    if (st && st.ws.isProtected()) throw new ProtectedSheetError(name);
  }

  // ----- notes already there: the add-in's own parts are taken away (and written again); the add-in's
  //       notes in a user's comments part are taken out of it -----------------------------------------
  const restores = new Map<string, Map<string, Restore>>();
  for (const m of plan.unmark) {
    if (!restores.has(m.sheet)) restores.set(m.sheet, new Map());
    restores.get(m.sheet)!.set(key(m.row, m.col), restoreOf(m));
  }
  const clears = new Map<string, CellRange[]>();
  for (const c of plan.clear) {
    if (!clears.has(c.sheet)) clears.set(c.sheet, []);
    clears.get(c.sheet)!.push(c.range);
  }
  const removedOther: string[] = [];
  const notesSkipped: { sheet: string; notes: number }[] = [];
  const oldSheets = [...plan.deleteSheets, ...(recordsExisting ? [recordsExisting] : [])];
  const deleting = new Set(oldSheets);
  for (const name of plan.touches) {
    if (deleting.has(name)) continue;
    const st = await loadSheet(name);
    if (!st) continue;
    await takeNotes(st);
  }

  async function takeNotes(st: SheetState): Promise<void> {
    st.notesProcessed = true;
    const rels = st.rels;
    const vmlId = st.ws.legacyDrawingId();
    const commentsRel = rels?.rels.find((r) => r.type === REL.comments);
    const vmlRel = vmlId ? rels?.byId(vmlId) : undefined;
    if (!commentsRel && !vmlId) return;
    const commentsPart = commentsRel ? rels!.targetOf(commentsRel) : null;
    const vmlPart = vmlRel ? rels!.targetOf(vmlRel) : null;
    const cleared = clears.get(st.entry.name) ?? [];
    const restore = restores.get(st.entry.name) ?? new Map<string, Restore>();
    const isOurs = (row: number, col: number) => cleared.some((r) => inRange(r, row, col)) || restore.get(key(row, col))?.note === 'remove';
    if (commentsPart && vmlPart && pkg.has(commentsPart) && pkg.has(vmlPart)) {
      const rec = notesRecords.find((r) => r.sheet === st.entry.name && same(r.comments, commentsPart) && same(r.vml, vmlPart));
      const cx = await text(commentsPart);
      const vx = await pkg.latin1(vmlPart);
      if (rec && rec.sha1 === hash(cx, vx)) {
        // The add-in's own parts: its notes are kept unless this run takes them away; the parts go.
        for (const c of readComments(cx)) if (!isOurs(c.row, c.col)) st.notes!.set(key(c.row, c.col), { row: c.row, col: c.col, text: c.text });
        dropNotesParts(st, commentsRel!.id, vmlId!, commentsPart, vmlPart);
        return;
      }
      // A user's comments part. The add-in's notes of an earlier run (from any host) are taken out, a
      // note a mark replaced is put back; the user's own notes are not changed.
      const threaded = rels!.rels.some((r) => r.type === REL.threadedComment || /\/threadedComment$/.test(r.type));
      if (!threaded) {
        const back = new Map<string, string>();
        for (const [k, r] of restore) if (typeof r.note === 'object') back.set(k, r.note.text);
        const c2 = editForeignComments(cx, isOurs, back);
        const v2 = editForeignVml(vx, isOurs);
        if (c2.left === 0 && v2.shapesLeft === 0) {
          dropNotesParts(st, commentsRel!.id, vmlId!, commentsPart, vmlPart);
          return;
        }
        if (c2.changed) pkg.setText(commentsPart, c2.xml);
        if (v2.vml !== vx) pkg.setLatin1(vmlPart, v2.vml);
      }
    }
    // Comments or note boxes that are not the add-in's: its notes are not added to this sheet.
    st.notes = null;
  }

  function dropNotesParts(st: SheetState, commentsId: string, vmlId: string, commentsPart: string, vmlPart: string): void {
    st.rels!.remove(commentsId);
    st.rels!.remove(vmlId);
    st.ws.setLegacyDrawing(null);
    for (const p of [commentsPart, vmlPart]) {
      pkg.remove(p);
      contentTypes.removeOverride(p);
    }
  }

  // ----- the write, in the engine's order of steps -------------------------------------------------
  const newSheetParts: { st: SheetState }[] = [];
  let activate: string | null = null;
  /** By sheet, by cell (row × 16384 + column: no string made per cell): the user's own style of a cell the plan writes. */
  const originalStyles = new Map<string, Map<number, number>>();
  const markRecords: MarkRecord[] = [];
  let records: SheetState | null = null as SheetState | null;
  let allRels: Map<string, Rels> | null = null;
  trace('writer: parts read');
  await runWriteSteps({ unmark, clear, deleteSheets, record, sheets: writeSheets, marks });
  trace('writer: write steps');
  // The package is written at once: the records sheet goes after the sheets this run adds (its place in the tabs).
  const anyRecord = plan.meta.ranges.length || plan.meta.sheets.length || plan.marks.length || plan.keepMarks.length || notesRecords.length || styleRecords.size;
  if (anyRecord) records = createSheet(recordsName, true);

  // ----- 1. the marks of the earlier run ----------------------------------------------------------
  async function unmark(): Promise<void> {
  for (const m of plan.unmark) {
    const st = deleting.has(m.sheet) ? null : await loadSheet(m.sheet);
    if (!st) continue;
    const r = restores.get(m.sheet)!.get(key(m.row, m.col))!;
    const cur = st.ws.styleOf(m.row, m.col);
    const s = 's' in r.style ? (Number.isInteger(r.style.s) && r.style.s >= 0 && r.style.s < styles.xfCount ? r.style.s : 0) : styles.withFill(cur, r.style.fill);
    if (s !== cur || st.ws.existingStyle(m.row, m.col) !== null) st.ws.setStyle(m.row, m.col, s);
  }
  }

  // ----- 2. the add-in's cells of the earlier run, and its sheets ----------------------------------
  async function clear(): Promise<void> {
  for (const c of plan.clear) {
    const st = deleting.has(c.sheet) ? null : await loadSheet(c.sheet);
    if (!st) continue;
    st.ws.clearRange(c.range, styleRecords.get(c.sheet) ?? new Map());
  }
  }
  async function deleteSheets(): Promise<void> {
  for (const name of oldSheets) {
    const entry = workbook.sheets.find((s) => s.name === name);
    if (!entry) continue;
    allRels ??= await relsIndex(pkg);
    const part = partOfSheet(entry);
    // The sheet, and every part only it points at (its notes; anything else is named to the user).
    const gone = new Set<string>([part.toLowerCase()]);
    const queue = [part];
    while (queue.length) {
      const p = queue.shift()!;
      const rels = allRels!.get(relsPathOf(p).toLowerCase());
      if (!rels) continue;
      for (const r of rels.rels) {
        if (r.external) continue;
        const t = rels.targetOf(r);
        if (gone.has(t.toLowerCase()) || !pkg.has(t)) continue;
        const others = [...allRels!.values()].some(
          (o) => !gone.has(o.source.toLowerCase()) && o.source.toLowerCase() !== p.toLowerCase() && o.rels.some((x) => !x.external && o.targetOf(x).toLowerCase() === t.toLowerCase()),
        );
        if (others) continue;
        gone.add(t.toLowerCase());
        queue.push(t);
      }
    }
    for (const g of gone) {
      const real = pkg.find(g)!;
      const isUsual = real === pkg.find(part) || /(^|\/)comments\d*\.xml$/i.test(real) || /\.vml$/i.test(real) || /printerSettings\d*\.bin$/i.test(real);
      if (!isUsual) removedOther.push(real);
      pkg.remove(real);
      contentTypes.removeOverride(real);
      const rp = relsPathOf(real);
      if (pkg.has(rp)) {
        pkg.remove(rp);
        allRels.delete(rp.toLowerCase());
      }
    }
    const rel = wbRels.byId(entry.rId);
    if (rel) wbRels.remove(rel.id);
    workbook.removeSheet(name);
    states.delete(name);
  }
  }

  // ----- 3. the record of what this run writes: the records sheet, and what each mark replaces -----
  async function record(): Promise<void> {
    for (const m of plan.marks) {
      const st = await loadSheet(m.sheet);
      if (!st) continue;
      if (!st.notesProcessed) await takeNotes(st);
      const cur = st.ws.styleOf(m.row, m.col);
      const fill = styles.fillOf(cur);
      // A note is added only where the sheet takes the add-in's notes and the cell has none of the user's.
      const note = st.notes ? 'added' : 'none';
      markRecords.push({ sheet: m.sheet, row: m.row, col: m.col, fill: fill ?? null, note, ...(fill === undefined ? { style: cur } : {}), ...(m.id ? { id: m.id } : {}) });
    }
  }

  // ----- 4. the sheets the plan writes ------------------------------------------------------------
  async function writeSheets(): Promise<void> {
  for (const s of plan.sheets) {
    let st = await loadSheet(s.sheet);
    if (!st) st = createSheet(s.sheet, s.visibility === 'veryHidden');
    if (!st.notesProcessed) await takeNotes(st);
    writeSheet(st, s);
    if (s.activate) activate = s.sheet;
  }
  }

  function createSheet(name: string, veryHidden: boolean): SheetState {
    const part = allocate(pkg, reserved, 'xl/worksheets/sheet', '.xml');
    const rId = wbRels!.add(REL.worksheet, part);
    const entry = workbook.addSheet(name, rId, veryHidden);
    const ws = new Worksheet(blankWorksheet(), name, part, { sharedString: () => undefined });
    const st: SheetState = { entry, part, ws, rels: null, created: true, fresh: true, notes: new Map(), notesProcessed: true, skipped: 0 };
    states.set(name, st);
    newSheetParts.push({ st });
    contentTypes.addOverride(part, CT.worksheet);
    return st;
  }

  function writeSheet(st: SheetState, s: SheetWrite): void {
    const ws = st.ws;
    if (st.fresh) {
      // A new sheet: its rows are written straight from the plan when the package is packed.
      st.fresh = false;
      for (const w of s.columnWidths) ws.setColumnWidth(w.col, w.width);
      for (const m of s.merges) ws.addMerge(m);
      ws.setBuiltRows(buildRows(s, (base, f) => styles.derive(base, f)));
      if (s.cells.hasNotes) for (let k = 0; k < s.cells.length; k++) {
        const note = s.cells.note(k);
        if (note) addNote(st, s.cells.row(k), s.cells.col(k), note);
      }
      for (const v of s.validations) ws.addValidation(v);
      if (s.freeze) ws.setFreeze(s.freeze.rows, s.freeze.cols);
      writePrinting(st, s);
      return;
    }
    const owned = plan.meta.ranges.filter((r) => r.sheet === s.sheet).map((r) => r.range);
    const remember = (row: number, col: number) => {
      if (st.created) return;
      if (!owned.some((r) => inRange(r, row, col))) return;
      let m = originalStyles.get(s.sheet);
      if (!m) originalStyles.set(s.sheet, (m = new Map()));
      const k = row * 16384 + col;
      if (m.has(k)) return;
      // A cell of the user's (not yet written by this run) with a style of its own (not the row's or column's):
      // put back on the next clear. A cell already written is past its first visit.
      const e = ws.userStyle(row, col);
      if (e !== null && e !== ws.inheritedStyle(row, col)) m.set(k, e);
    };
    ws.trackWrites = true;
    for (const w of s.columnWidths) ws.setColumnWidth(w.col, w.width);
    for (const m of s.merges) ws.addMerge(m);
    writeRows(st, s, remember);
    for (const v of s.validations) ws.addValidation(v);
    if (s.freeze) ws.setFreeze(s.freeze.rows, s.freeze.cols);
    writePrinting(st, s);
  }

  /**
   * The plan's cells, formats and row heights on a sheet of the user's, row by row in one pass: each cell gets its
   * value, then its own format, then the plan's formats over it in their order; each row, once done, is kept as
   * its text (Worksheet.sealRow), not as a model of its cells (at 100,000 rows the models of the rows written
   * were some 50 MB).
   */
  function writeRows(st: SheetState, s: SheetWrite, remember: (row: number, col: number) => void): void {
    const ws = st.ws;
    const cells = s.cells;
    for (const pr of planRows(s)) {
      const r = pr.row;
      for (const k of pr.cells) {
        const col = cells.col(k);
        remember(r, col);
        ws.setValue(r, col, cells.value(k));
        const f = cells.format(k);
        if (f) ws.setStyle(r, col, styles.derive(ws.styleOf(r, col), f));
        const note = cells.note(k);
        if (note) addNote(st, r, col, note);
      }
      for (const f of pr.formats) {
        for (let c = f.range.left; c <= f.range.right; c++) {
          remember(r, c);
          ws.setStyle(r, c, styles.derive(ws.styleOf(r, c), f.format));
        }
      }
      if (pr.height !== undefined) ws.setRowHeight(r, pr.height);
      ws.sealRow(r);
    }
  }

  /** Links, and how the sheet prints (its print area and titles are names of the workbook); row heights go with the rows. */
  function writePrinting(st: SheetState, s: SheetWrite): void {
    if (s.hyperlinks?.length) st.ws.setHyperlinks(s.hyperlinks);
    const ps = s.pageSetup;
    if (!ps) return;
    st.ws.setPageSetup(ps);
    const q = `'${s.sheet.replace(/'/g, "''")}'`;
    const a = ps.printArea;
    workbook.setSheetName(s.sheet, '_xlnm.Print_Area', `${q}!$${colName(a.left)}$${a.top + 1}:$${colName(a.right)}$${a.bottom + 1}`);
    if (ps.titleRows) workbook.setSheetName(s.sheet, '_xlnm.Print_Titles', `${q}!$${ps.titleRows.top + 1}:$${ps.titleRows.bottom + 1}`);
  }

  function addNote(st: SheetState, row: number, col: number, note: string): boolean {
    if (!st.notesProcessed) throw new Error('internal error: notes of a sheet not read before writing');
    if (!st.notes) {
      st.skipped++;
      return false;
    }
    st.notes.set(key(row, col), { row, col, text: note });
    return true;
  }

  // ----- 5. the problem cells ---------------------------------------------------------------------
  async function marks(): Promise<void> {
    for (const m of plan.marks) {
      const st = await loadSheet(m.sheet);
      if (!st) continue;
      const cur = st.ws.styleOf(m.row, m.col);
      st.ws.setStyle(m.row, m.col, styles.derive(cur, { fill: m.fill }));
      addNote(st, m.row, m.col, m.note);
    }
  }

  // ----- notes: the add-in's own comments and VML parts -----------------------------------------
  const usedBlocks = new Set<number>();
  for (const n of pkg.names()) if (/\.vml$/i.test(n)) for (const b of vmlBlocks(await pkg.latin1(n))) usedBlocks.add(b);
  const newNotesRecords: NotesRecord[] = [];
  const finalOrder = workbook.sheets.map((e) => e.name);
  for (const name of finalOrder) {
    const st = states.get(name);
    if (!st) continue;
    if (st.skipped) notesSkipped.push({ sheet: name, notes: st.skipped });
    if (!st.notes || !st.notes.size) continue;
    const notes = [...st.notes.values()];
    const blocks: number[] = [];
    for (let b = 1; blocks.length < blocksNeeded(notes.length); b++) if (!usedBlocks.has(b)) blocks.push(b);
    blocks.forEach((b) => usedBlocks.add(b));
    const cPart = allocate(pkg, reserved, 'xl/comments', '.xml');
    const vPart = allocate(pkg, reserved, 'xl/drawings/vmlDrawing', '.vml');
    const cx = commentsXml(notes);
    const vx = vmlXml(notes, blocks);
    pkg.add(cPart, cx);
    pkg.add(vPart, vx);
    contentTypes.addOverride(cPart, CT.comments);
    if (contentTypes.typeOf(vPart) !== CT.vml) contentTypes.addDefault('vml', CT.vml);
    if (!st.rels) st.rels = new Rels(relsPathOf(st.part), null);
    st.rels.add(REL.comments, cPart);
    const vId = st.rels.add(REL.vmlDrawing, vPart);
    st.ws.setLegacyDrawing(vId);
    newNotesRecords.push({ sheet: name, comments: cPart, vml: vPart, sha1: hash(cx, vx) });
  }
  // Records of sheets this run did not touch stay as they were (their parts did not change).
  for (const r of notesRecords) {
    if (states.get(r.sheet)?.notesProcessed) continue;
    if (!workbook.sheets.some((e) => e.name === r.sheet)) continue;
    newNotesRecords.push(r);
  }

  // ----- the records sheet's rows (the package is written at once: host records are known only now) --
  const meta = { ...plan.meta, marks: [...plan.keepMarks, ...markRecords] };
  const rows = metaRows(meta);
  for (const r of newNotesRecords) rows.push([PART_KIND, r.sheet, '', JSON.stringify({ comments: r.comments, vml: r.vml, sha1: r.sha1 })]);
  // Styles of the user's cells under the add-in's columns, to put back when the columns are cleared.
  const clearedNow = (sheet: string, row: number, col: number) => (clears.get(sheet) ?? []).some((r) => inRange(r, row, col));
  const styleOut = new Map<string, Map<string, number>>();
  for (const [sheet, m] of styleRecords) {
    if (!workbook.sheets.some((e) => e.name === sheet)) continue;
    for (const [k, s] of m) {
      const [row, col] = k.split(',').map(Number);
      if (clearedNow(sheet, row, col)) continue;
      if (!styleOut.has(sheet)) styleOut.set(sheet, new Map());
      styleOut.get(sheet)!.set(k, s);
    }
  }
  for (const [sheet, m] of originalStyles) {
    for (const [k, s] of m) {
      if (s < 0) continue;
      if (!styleOut.has(sheet)) styleOut.set(sheet, new Map());
      styleOut.get(sheet)!.set(key(Math.floor(k / 16384), k % 16384), s);
    }
  }
  for (const [sheet, m] of styleOut) for (const run of styleRuns(m)) rows.push([STYLE_KIND, sheet, rangeAddress(run.range), String(run.s)]);
  if (records) {
    const st: SheetState = records;
    rows.forEach((row, r) => row.forEach((v, c) => v !== '' && st.ws.setValue(r, c, { text: v })));
  }
  // The defined names that find the output again (Excel moves them with inserted and deleted rows and columns).
  if (plan.names) workbook.setOwnNames(isOwnName, plan.names.map((n) => ({ name: n.name, ref: ownNameRef(n) })));

  // ----- the workbook: active sheet ------------------------------------------------------------
  if (activate) {
    const index = workbook.sheets.findIndex((e) => e.name === activate);
    workbook.setActiveTab(index);
    // One selected tab: the sheet shown. Another selected tab would group the sheets.
    for (const e of workbook.sheets) {
      const st = e.name === activate ? await loadSheet(e.name) : states.get(e.name) ?? (await tabSelectedSheet(e));
      if (!st) continue;
      st.ws.setTabSelected(e.name === activate);
    }
  }

  async function tabSelectedSheet(e: SheetEntry): Promise<SheetState | null> {
    const p = partOfSheet(e);
    const head = await text(p);
    if (!/\btabSelected\s*=\s*["'](1|true)["']/.test(head)) return null;
    return loadSheet(e.name);
  }

  // ----- out --------------------------------------------------------------------------------------
  for (const st of states.values()) {
    if (st.created) continue;
    // The sheet's text is made as the zip writer packs it, row by row: never one string.
    if (st.ws.changed) {
      const ws = st.ws;
      pkg.setChunks(st.part, () => ws.chunks());
    }
  }
  for (const { st } of newSheetParts) {
    const ws = st.ws;
    pkg.setChunks(st.part, () => ws.chunks());
  }
  for (const name of workbook.sheets.map((e) => e.name)) {
    const st = states.get(name);
    if (!st || !st.rels) continue;
    const relsPath = relsPathOf(st.part);
    if (st.rels.empty) {
      if (pkg.has(relsPath)) pkg.remove(relsPath);
    } else if (st.rels.dirty) {
      if (pkg.has(relsPath)) pkg.setText(relsPath, st.rels.serialize());
      else pkg.add(relsPath, st.rels.serialize());
    }
  }
  if (styles.changed) {
    if (stylesNew) {
      pkg.add(stylesPart!, styles.serialize());
      wbRels.add(REL.styles, stylesPart!);
      contentTypes.addOverride(stylesPart!, CT.styles);
    } else pkg.setText(stylesPart!, styles.serialize());
  }
  const wbOut = workbook.serialize();
  if (wbOut !== wbXml) pkg.setText(wbPart, wbOut);
  if (wbRels.dirty) pkg.setText(wbRelsPath, wbRels.serialize());
  if (contentTypes.dirty) pkg.setText(ctPart, contentTypes.serialize());

  trace('writer: records, names, notes');
  sst = null;
  pkg.releaseTexts();
  const pieces = await pkg.generatePieces();
  trace('writer: zip packed');
  const macros = /macroEnabled/i.test(contentTypes.typeOf(wbPart) ?? '');
  let joined: Buffer | null = null;
  return {
    get bytes() {
      return (joined ??= Buffer.concat(pieces));
    },
    pieces,
    notesSkipped,
    removedOther,
    edited: [...pkg.edited],
    added: [...pkg.added],
    removed: [...pkg.removed],
    macros,
  };
}

function same(a: string, b: string): boolean {
  return a.replace(/^\//, '').toLowerCase() === b.replace(/^\//, '').toLowerCase();
}

function hash(comments: string, vml: string): string {
  return createHash('sha1').update(comments).update('\u0000').update(vml).digest('hex');
}

async function loadRels(pkg: Package, path: string): Promise<Rels | null> {
  if (!pkg.has(path)) return null;
  const xml = await pkg.text(path);
  return checked(path, () => new Rels(pkg.find(path)!, xml));
}

/** Every relationships part of the package, by lower-case name. */
async function relsIndex(pkg: Package): Promise<Map<string, Rels>> {
  const out = new Map<string, Rels>();
  for (const n of pkg.names()) {
    if (!/\.rels$/i.test(n)) continue;
    const r = await loadRels(pkg, n);
    if (r) out.set(n.toLowerCase(), r);
  }
  return out;
}

/** The first free part name `prefix{N}suffix` (N from 1; part names are case-insensitive). */
function allocate(pkg: Package, reserved: Set<string>, prefix: string, suffix: string): string {
  for (let n = 1; ; n++) {
    const name = `${prefix}${n}${suffix}`;
    if (!pkg.has(name) && !reserved.has(name.toLowerCase())) {
      reserved.add(name.toLowerCase());
      return name;
    }
  }
}

/** Cells with the same recorded style, as column runs (few meta rows for a whole column). */
function styleRuns(m: Map<string, number>): { range: CellRange; s: number }[] {
  const cells = [...m.entries()].map(([k, s]) => {
    const [row, col] = k.split(',').map(Number);
    return { row, col, s };
  });
  cells.sort((a, b) => a.col - b.col || a.row - b.row);
  const out: { range: CellRange; s: number }[] = [];
  for (const c of cells) {
    const last = out[out.length - 1];
    if (last && last.s === c.s && last.range.left === c.col && last.range.bottom === c.row - 1) last.range.bottom = c.row;
    else out.push({ range: { top: c.row, left: c.col, bottom: c.row, right: c.col }, s: c.s });
  }
  return out;
}

/**
 * The add-in's own workbook-level defined names in a package (`_plancheck_…`), for the engine's snapshot:
 * they find its output again after rows and columns were inserted or deleted. Empty when the package has none
 * or cannot be read this way (the reader says why).
 */
export async function readOwnNames(input: Uint8Array): Promise<{ name: string; ref: string }[]> {
  try {
    const pkg = await Package.load(input);
    const rels = await loadRels(pkg, '_rels/.rels');
    const rel = rels?.rels.find((r) => r.type === REL.officeDocument) ?? rels?.rels.find((r) => /\/officeDocument$/.test(r.type));
    if (!rels || !rel) return [];
    const part = rels.targetOf(rel);
    if (!pkg.has(part)) return [];
    return new Workbook(await pkg.text(part), part).definedNames().filter((n) => isOwnName(n.name));
  } catch {
    return [];
  }
}
