/**
 * A worksheet part edited in place. The top-level elements are kept as their own text; only the ones the
 * plan needs are rebuilt (sheetData rows that change, dimension, cols, mergeCells, dataValidations,
 * sheetViews, legacyDrawing), and new ones go where the schema puts them. Rows and cells that do not
 * change keep their text; rows and cells stay in order.
 */
import type { CellRange } from '../../engine/snapshot';
import type { Hyperlink, PageSetup, Validation, WriteValue } from '../../engine/writePlan';
import { linkLocation } from '../../engine/writePlan';
import type { BuiltRows } from './newSheet';
import { NS, PackageError } from './opc';
import { relPrefixOf, setElementInOrder } from './parts';
import {
  attr,
  attrList,
  attrR,
  childrenOf,
  El,
  escapeAttr,
  escapeSmlText,
  localName,
  needsPreserve,
  prefixOf,
  rootElement,
  scanChildren,
  scanFlatChildren,
  setAttr,
  startTag,
  unescapeSmlText,
  unescapeXml,
  XmlError,
} from './xml';

/** The plan writes a value into a cell that holds one: the engine never does this, so it is a bug. */
export class PlanConflictError extends Error {
  constructor(
    readonly sheet: string,
    readonly cell: string,
  ) {
    super(`internal error: the write plan writes cell ${cell} of sheet "${sheet}", which holds a value; nothing was written`);
  }
}

/** CT_Worksheet's children in schema order. */
const ORDER = [
  'sheetPr',
  'dimension',
  'sheetViews',
  'sheetFormatPr',
  'cols',
  'sheetData',
  'sheetCalcPr',
  'sheetProtection',
  'protectedRanges',
  'scenarios',
  'autoFilter',
  'sortState',
  'dataConsolidate',
  'customSheetViews',
  'mergeCells',
  'phoneticPr',
  'conditionalFormatting',
  'dataValidations',
  'hyperlinks',
  'printOptions',
  'pageMargins',
  'pageSetup',
  'headerFooter',
  'rowBreaks',
  'colBreaks',
  'customProperties',
  'cellWatches',
  'ignoredErrors',
  'smartTags',
  'drawing',
  'legacyDrawing',
  'legacyDrawingHF',
  'drawingHF',
  'picture',
  'oleObjects',
  'controls',
  'webPublishItems',
  'tableParts',
  'extLst',
];

/** Column letters made so far, by column index (a sheet names few columns, over and over). */
const COL_NAMES: string[] = [];

export function colName(c: number): string {
  const known = COL_NAMES[c];
  if (known !== undefined) return known;
  const name = colLetters(c);
  if (c >= 0 && c < 16384 && Number.isInteger(c)) COL_NAMES[c] = name;
  return name;
}

function colLetters(c: number): string {
  let s = '';
  let n = c + 1;
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function cellRef(row: number, col: number): string {
  return `${colName(col)}${row + 1}`;
}

export function rangeRef(r: CellRange): string {
  const a = cellRef(r.top, r.left);
  return r.top === r.bottom && r.left === r.right ? a : `${a}:${cellRef(r.bottom, r.right)}`;
}

/** `AB12` → 0-based row and column. */
export function parseRef(ref: string): { row: number; col: number } | null {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(ref.trim());
  if (!m) return null;
  let col = 0;
  for (const ch of m[1].toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]) - 1, col: col - 1 };
}

export function parseRangeRef(ref: string): CellRange | null {
  const [a, b] = ref.split(':');
  const p = parseRef(a);
  const q = b === undefined ? p : parseRef(b);
  if (!p || !q) return null;
  return { top: Math.min(p.row, q.row), left: Math.min(p.col, q.col), bottom: Math.max(p.row, q.row), right: Math.max(p.col, q.col) };
}

function colOfRef(ref: string): number {
  let col = 0;
  for (let k = 0; k < ref.length; k++) {
    const ch = ref.charCodeAt(k);
    if (ch >= 65 && ch <= 90) col = col * 26 + (ch - 64);
    else if (ch >= 97 && ch <= 122) col = col * 26 + (ch - 96);
    else if (ch !== 36) break;
  }
  return col - 1;
}

const inside = (r: CellRange, row: number, col: number) => row >= r.top && row <= r.bottom && col >= r.left && col <= r.right;
const within = (a: CellRange, b: CellRange) => a.top >= b.top && a.bottom <= b.bottom && a.left >= b.left && a.right <= b.right;
const overlaps = (a: CellRange, b: CellRange) => !(a.bottom < b.top || a.top > b.bottom || a.right < b.left || a.left > b.right);

/** A cell of a row being edited; its attributes are read only when asked for. */
class CellSlot {
  private parsed: [string, string][] | null;
  /**
   * The value the plan wrote (its XML is made when the cell is written out, not kept: the plan holds the value
   * anyway); undefined for a cell whose content is `innerText`.
   */
  value: WriteValue | undefined = undefined;
  private innerText: string;
  constructor(
    public col: number,
    /** The cell's text as read, while it is unchanged. */
    public raw: string | null,
    public name: string,
    private readonly tag: string,
    attrs: [string, string][] | null,
    inner: string,
  ) {
    this.parsed = attrs;
    this.innerText = inner;
  }
  /**
   * The content's XML (`prefix`: the sheet's namespace prefix, for a written value). With `texts`, a written text is
   * left out (a NUL, which XML never holds, in its place) and put in `texts` as it is: a sealed row keeps its
   * markup apart from the texts, which the plan holds anyway.
   */
  innerXml(prefix: string, texts?: string[]): string {
    const v = this.value;
    if (v === undefined) return this.innerText;
    if (v === null) return '';
    const q = (l: string) => (prefix ? `${prefix}:${l}` : l);
    if ('text' in v) {
      let t: string;
      if (texts) {
        texts.push(v.text);
        t = '\u0000';
      } else t = escapeSmlText(v.text);
      return `<${q('is')}><${q('t')}${needsPreserve(v.text) ? ' xml:space="preserve"' : ''}>${t}</${q('t')}></${q('is')}>`;
    }
    return Number.isFinite(v.number) ? `<${q('v')}>${numberText(v.number)}</${q('v')}>` : '';
  }
  /** Whether the cell has content (a value or anything else inside it). */
  get hasInner(): boolean {
    const v = this.value;
    if (v === undefined) return this.innerText !== '';
    return v !== null && ('text' in v || Number.isFinite(v.number));
  }
  get inner(): string {
    return this.innerXml('');
  }
  set inner(xml: string) {
    this.value = undefined;
    this.innerText = xml;
  }
  /**
   * A cell this writer made whose only attribute is its style: the style index (no attribute list kept); -1 for
   * any other cell (its attributes are a list, read from its tag when asked for).
   */
  simple = -1;
  /** Written by this run's sheet writes (Worksheet.trackWrites). */
  written = false;
  get attrs(): [string, string][] {
    if (this.simple >= 0) {
      this.parsed = this.simple ? [['s', String(this.simple)]] : [];
      this.simple = -1;
    }
    if (!this.parsed) this.parsed = attrList(this.tag);
    return this.parsed;
  }
  set attrs(v: [string, string][]) {
    this.simple = -1;
    this.parsed = v;
  }
  /** The style index (0 when it has none). */
  get style(): number {
    if (this.simple >= 0) return this.simple;
    const s = this.attrs.find(([k]) => k === 's')?.[1];
    return s === undefined ? 0 : Number(s) || 0;
  }
  set style(s: number) {
    if (this.simple >= 0) {
      this.simple = s;
      return;
    }
    const a = this.attrs;
    const k = a.findIndex(([n]) => n === 's');
    if (s === 0) {
      if (k >= 0) a.splice(k, 1);
    } else if (k >= 0) a[k][1] = String(s);
    else a.push(['s', String(s)]);
  }
  /** Whether it has an attribute besides its reference and a style (0 counts as one). */
  get bare(): boolean {
    if (this.simple >= 0) return this.simple === 0;
    return !this.attrs.some(([k]) => k !== 'r' && k !== 's') && !this.attrs.some(([k, v]) => k === 's' && v !== '0');
  }
}

interface RowModel {
  r: number;
  gap: string;
  tag: string;
  name: string;
  cells: CellSlot[];
  /**
   * The row's own cells, not modelled: their text as read, spliced back unchanged. The cells the plan writes after
   * them (output columns) are in `cells`; a cell at or before `prefixLast` is asked for, and only then, the prefix
   * is parsed into `cells` (materialize).
   */
  prefix: string;
  /** The column of the prefix's last cell (-1: no prefix). */
  prefixLast: number;
  /** Content after the cells (a row's extLst), kept as it was. */
  tail: string;
  /** Changed: written again rather than copied. */
  dirty: boolean;
}

interface RowSlot {
  r: number;
  raw: string;
  model: RowModel | null;
  deleted: boolean;
  /** A changed row kept as its text, its model let go (sealRow); made a model again when asked for. */
  sealed?: SealedRow;
}

/** A changed row as text: its own cells as read (a slice of the part), then the cells written, as one text. */
interface SealedRow {
  gap: string;
  tag: string;
  name: string;
  prefix: string;
  prefixLast: number;
  /** The written cells' markup, a NUL where each written text goes (`texts`, in order, unescaped). */
  cells: string;
  texts: string[] | null;
  tail: string;
  /** The columns of the row's cells (left -1: none). */
  left: number;
  right: number;
  /** A cell of the written ones was written by this run's sheet writes (trackWrites). */
  written: boolean;
}

interface Part {
  local: string;
  raw: string;
  /** The part's text (its gap, then the element), made when it is written rather than kept (a long list of links). */
  lazy?: () => Iterable<string>;
}

export interface SheetContext {
  /** The text of shared string `i` (read only when a cell the plan writes holds one). */
  sharedString(i: number): string | undefined;
}

export class Worksheet {
  private head: string;
  private readonly tail: string;
  private readonly parts: Part[] = [];
  readonly prefix: string;
  private rows: RowSlot[] | null = null;
  private readonly addedRows = new Map<number, RowModel>();
  private sheetDataDirty = false;
  /** The rows of a created sheet, made from the plan when they are written (newSheet.ts). */
  private built: BuiltRows | null = null;
  private colsModel: { tag: string; items: { min: number; max: number; attrs: [string, string][]; raw: string | null }[] } | null = null;
  dirty = false;

  constructor(
    xml: string,
    readonly name: string,
    readonly part: string,
    private readonly ctx: SheetContext,
  ) {
    let root: El;
    try {
      const flat = new Set(['sheetData']);
      root = rootElement(xml, flat);
      if (root.selfClosing) throw new XmlError('empty worksheet');
      const kids = scanChildren(xml, root.openEnd, flat).kids;
      let at = root.openEnd;
      for (const k of kids) {
        this.parts.push({ local: localName(k.name), raw: xml.slice(at, k.end) });
        at = k.end;
      }
      this.head = xml.slice(0, root.openEnd);
      this.tail = xml.slice(at);
    } catch (e) {
      if (e instanceof XmlError) throw new PackageError(`malformed XML (${e.message})`, part);
      throw e;
    }
    if (localName(root.name) !== 'worksheet') throw new PackageError(`not a worksheet (${root.name})`, part);
    this.prefix = prefixOf(root.name);
    const ns = attrList(startTag(xml, root)).find(([k]) => k === (this.prefix ? `xmlns:${this.prefix}` : 'xmlns'))?.[1];
    if (ns !== NS.main) throw new PackageError(ns === NS.strictMain ? 'Strict Open XML' : `unknown namespace ${ns}`, part);
  }

  private q(local: string): string {
    return this.prefix ? `${this.prefix}:${local}` : local;
  }

  private findPart(local: string): Part | undefined {
    return this.parts.find((p) => p.local === local);
  }

  /** The element of a part's raw text (after its leading gap): the part is that one element, so its end is the text's. */
  private elOf(p: Part): { xml: string; el: El } {
    const xml = p.raw.slice(p.raw.indexOf('<'));
    return { xml, el: wholeElement(xml) };
  }

  private gapOf(p: Part): string {
    return p.raw.slice(0, p.raw.indexOf('<'));
  }

  private setPart(local: string, xml: string | null): void {
    this.dirty = true;
    setElementInOrder(this.parts, ORDER, local, xml);
    const p = this.findPart(local);
    if (p) p.lazy = undefined;
  }


  /** The prefix bound to the relationships namespace on the root, declared when missing. */
  private relPrefix(): string {
    const { prefix, head } = relPrefixOf(this.head);
    if (head !== this.head) {
      this.head = head;
      this.dirty = true;
    }
    return prefix;
  }


  // ----- protection, drawings -----------------------------------------------------------------

  isProtected(): boolean {
    const p = this.findPart('sheetProtection');
    if (!p) return false;
    const v = attr(this.elOf(p).xml, 'sheet');
    return v === '1' || v === 'true';
  }

  /** The relationship id of the sheet's legacy drawing (notes' shapes), if any. */
  legacyDrawingId(): string | null {
    const p = this.findPart('legacyDrawing');
    if (!p) return null;
    const { xml } = this.elOf(p);
    const a = attrList(xml).find(([k]) => localName(k) === 'id');
    return a ? a[1] : null;
  }

  setLegacyDrawing(rId: string | null): void {
    if (rId === null) {
      if (this.findPart('legacyDrawing')) this.setPart('legacyDrawing', null);
      return;
    }
    const r = this.relPrefix();
    this.setPart('legacyDrawing', `<${this.q('legacyDrawing')} ${r}:id="${escapeAttr(rId)}"/>`);
  }

  // ----- rows and cells -----------------------------------------------------------------------

  /**
   * A created sheet's rows, given as made from the plan (no row or cell model): written as the part is packed.
   * An edit of its rows after this reads them from their text.
   */
  setBuiltRows(b: BuiltRows): void {
    if (this.rows || this.addedRows.size || this.built) throw new Error('internal error: built rows on a sheet with rows');
    this.sheetData();
    this.built = b;
    this.dirty = true;
    const dim = this.findPart('dimension');
    if (dim) {
      const { xml, el } = this.elOf(dim);
      this.setPart('dimension', setAttr(xml.slice(el.start, el.end), 'ref', b.used ? rangeRef(b.used) : 'A1'));
    }
  }

  private builtPieces(p: Part, b: BuiltRows): Generator<string> {
    const gap = this.gapOf(p);
    const sd = this.q('sheetData');
    return (function* () {
      let first = true;
      for (const row of b.rows()) {
        if (first) yield `${gap}<${sd}>`;
        first = false;
        yield row;
      }
      yield first ? `${gap}<${sd}/>` : `</${sd}>`;
    })();
  }

  private sheetData(): { xml: string; el: El; part: Part } {
    let p = this.findPart('sheetData');
    if (!p) {
      this.setPart('sheetData', `<${this.q('sheetData')}/>`);
      p = this.findPart('sheetData')!;
    }
    if (this.built) {
      const b = this.built;
      this.built = null;
      p.raw = [...this.builtPieces(p, b)].join('');
    }
    const { xml, el } = this.elOf(p);
    return { xml, el, part: p };
  }

  private loadRows(): RowSlot[] {
    if (this.rows) return this.rows;
    const { xml, el } = this.sheetData();
    const rows: RowSlot[] = [];
    if (!el.selfClosing) {
      let at = el.openEnd;
      let last = 0;
      let kids: El[];
      try {
        kids = scanFlatChildren(xml, el.openEnd).kids;
      } catch (e) {
        throw new PackageError(`malformed XML (${(e as Error).message})`, this.part);
      }
      for (const k of kids) {
        let raw = xml.slice(at, k.end);
        at = k.end;
        if (localName(k.name) !== 'row') throw new PackageError(`unexpected <${k.name}> in sheetData`, this.part);
        const rAttr = attrR(startTag(xml, k));
        let r = rAttr === undefined ? last + 1 : Number(rAttr);
        if (!Number.isInteger(r) || r < 1) throw new PackageError(`bad row number ${rAttr}`, this.part);
        if (rAttr === undefined) {
          // A row without its number: the number is written, so that rows added before it cannot move it.
          const lt = raw.indexOf('<');
          const gt = k.openEnd - k.start + lt;
          raw = raw.slice(0, lt) + setAttr(raw.slice(lt, gt), 'r', String(r)) + raw.slice(gt);
          this.sheetDataDirty = true;
        }
        if (r <= last) throw new PackageError(`rows out of order at row ${r}`, this.part);
        last = r;
        rows.push({ r, raw, model: null, deleted: false });
      }
    }
    this.rows = rows;
    this.forgetLastRow();
    return rows;
  }

  private findRowSlot(r: number): RowSlot | undefined {
    const rows = this.loadRows();
    let lo = 0;
    let hi = rows.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (rows[mid].r === r) return rows[mid];
      if (rows[mid].r < r) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  private parseRow(slot: RowSlot): RowModel {
    if (slot.model) return slot.model;
    if (slot.sealed) return this.unseal(slot, slot.sealed);
    const lt = slot.raw.indexOf('<');
    const xml = slot.raw.slice(lt);
    const te = xml.indexOf('>') + 1;
    const self = xml.charCodeAt(te - 2) === 47;
    const el: El = { name: xml.slice(1, xml.search(/[\s/>]/)), start: 0, openEnd: te, closeStart: self ? te : xml.lastIndexOf('</'), end: xml.length, selfClosing: self };
    const model: RowModel = { r: slot.r, gap: slot.raw.slice(0, lt), tag: startTag(xml, el), name: el.name, cells: [], prefix: '', prefixLast: -1, tail: '', dirty: false };
    slot.model = model;
    if (!el.selfClosing) {
      // The row's cells stay one text: only where its last cell is, is read (its column). A row that holds
      // anything else (a comment, an extLst) or whose last cell has no reference is parsed cell by cell.
      const last = lastCellOf(xml, te, el.closeStart, prefixOf(el.name) ? `${prefixOf(el.name)}:c` : 'c');
      if (last !== null) {
        model.prefix = xml.slice(te, last.end);
        model.prefixLast = last.col;
        return model;
      }
      this.parseCells(model, xml, el);
    }
    return model;
  }

  /**
   * Keeps a changed row as its text and lets its model go: the plan writes a sheet row by row, and a row done is
   * not asked for again (when it is, it is made a model again from the text). A row whose own cells were read
   * into models (a mark, a cell cleared) is kept as it is.
   */
  sealRow(row: number): void {
    const slot = this.findRowSlot(row + 1);
    const m = slot?.model;
    if (!slot || slot.deleted || !m || !m.dirty) return;
    const pieces: string[] = new Array(m.cells.length);
    const texts = this.sealTexts;
    texts.length = 0;
    let written = false;
    for (let k = 0; k < m.cells.length; k++) {
      pieces[k] = this.serializeCell(m.cells[k], m.r, texts);
      if (m.cells[k].written) written = true;
    }
    const used = { top: Infinity, left: Infinity, bottom: -1, right: -1 };
    if (m.prefix) prefixColumns(m.prefix, m.prefixLast, used);
    if (m.cells.length) {
      if (m.cells[0].col < used.left) used.left = m.cells[0].col;
      if (m.cells[m.cells.length - 1].col > used.right) used.right = m.cells[m.cells.length - 1].col;
    }
    slot.sealed = {
      gap: m.gap,
      tag: m.tag,
      name: m.name,
      prefix: m.prefix,
      prefixLast: m.prefixLast,
      // One text (joined, not a string a cell); its texts apart (the plan's own strings, not copied into it).
      cells: pieces.join(''),
      // An array of its length (a growing one would hold room for 16 more a row).
      texts: texts.length ? texts.slice() : null,
      tail: m.tail,
      left: used.right < 0 ? -1 : used.left,
      right: used.right,
      written,
    };
    slot.model = null;
    if (this.lastModel === m) this.forgetLastRow();
  }

  private readonly sealTexts: string[] = [];

  /** A sealed row's model again: its own cells still one text, the written ones read from theirs. */
  private unseal(slot: RowSlot, s: SealedRow): RowModel {
    slot.sealed = undefined;
    const model: RowModel = { r: slot.r, gap: s.gap, tag: s.tag, name: s.name, cells: [], prefix: s.prefix, prefixLast: s.prefixLast, tail: s.tail, dirty: true };
    if (s.cells) {
      this.readCells(model, sealedCellsXml(s));
      model.tail = s.tail;
      for (const c of model.cells) c.written = s.written;
    }
    slot.model = model;
    return model;
  }

  /** The text of a sealed row, in pieces (the row's own cells as read are not copied). */
  private *sealedPieces(s: SealedRow, r: number): Generator<string> {
    const tag = rowOpenTag(s.tag, r);
    if (!s.prefix && !s.cells && !s.tail) {
      yield s.gap + tag.replace(/>$/, '/>');
      return;
    }
    yield s.gap + tag;
    if (s.prefix) yield s.prefix;
    if (s.texts) {
      let at = 0;
      for (const t of s.texts) {
        const k = s.cells.indexOf('\u0000', at);
        yield s.cells.slice(at, k);
        yield escapeSmlText(t);
        at = k + 1;
      }
      yield s.cells.slice(at);
    } else if (s.cells) yield s.cells;
    yield `${s.tail}</${s.name}>`;
  }

  /** The prefix's cells as models (a cell in it is read or edited). */
  private materialize(m: RowModel): void {
    if (m.prefixLast < 0) return;
    const after = m.cells;
    m.cells = [];
    const prefix = m.prefix;
    m.prefix = '';
    m.prefixLast = -1;
    this.readCells(m, prefix);
    // Anything in the row after its cells that is not one (parseCells keeps it as the row's tail) stays after them.
    for (const c of after) m.cells.push(c);
  }

  /** Reads cells' text (one after the other, nothing else) into `m.cells`, after the ones it holds. */
  private readCells(m: RowModel, cells: string): void {
    const xml = `<x>${cells}</x>`;
    this.parseCells(m, xml, { name: 'x', start: 0, openEnd: 3, closeStart: xml.length - 4, end: xml.length, selfClosing: false });
  }

  private parseCells(model: RowModel, xml: string, el: El): void {
    {
      let col = -1;
      let tailStart = -1;
      let at = el.openEnd;
      let kids: El[];
      try {
        kids = scanFlatChildren(xml, el.openEnd).kids;
      } catch (e) {
        throw new PackageError(`malformed XML (${(e as Error).message})`, this.part);
      }
      for (const k of kids) {
        const raw = xml.slice(at, k.end);
        at = k.end;
        if (localName(k.name) !== 'c') {
          if (tailStart < 0) tailStart = k.start;
          continue;
        }
        const tag = startTag(xml, k);
        const ref = attrR(tag);
        col = ref === undefined ? col + 1 : colOfRef(ref);
        const innerXml = k.selfClosing ? '' : xml.slice(k.openEnd, k.closeStart);
        model.cells.push(new CellSlot(col, ref === undefined ? null : raw, k.name, tag, null, innerXml));
        if (ref === undefined) model.dirty = true;
      }
      model.tail = tailStart >= 0 ? xml.slice(tailStart, el.closeStart) : xml.slice(at, el.closeStart).trim() ? xml.slice(at, el.closeStart) : '';
    }
  }

  /** The row asked for last (the plan writes row by row: most asks are for the same row). */
  private lastRow = -1;
  private lastModel: RowModel | null = null;

  private rowModel(row: number, create: boolean): RowModel | null {
    if (row === this.lastRow && this.lastModel) return this.lastModel;
    const m = this.findRowModel(row, create);
    if (m) {
      this.lastRow = row;
      this.lastModel = m;
    }
    return m;
  }

  private forgetLastRow(): void {
    this.lastRow = -1;
    this.lastModel = null;
  }

  private findRowModel(row: number, create: boolean): RowModel | null {
    const r = row + 1;
    const slot = this.findRowSlot(r);
    if (slot) {
      if (slot.deleted) {
        if (!create) return null;
        slot.deleted = false;
        slot.model = { r, gap: '', tag: `<${this.q('row')} r="${r}">`, name: this.q('row'), cells: [], prefix: '', prefixLast: -1, tail: '', dirty: true };
      }
      return this.parseRow(slot);
    }
    const added = this.addedRows.get(r);
    if (added) return added;
    if (!create) return null;
    const m: RowModel = { r, gap: '', tag: `<${this.q('row')} r="${r}">`, name: this.q('row'), cells: [], prefix: '', prefixLast: -1, tail: '', dirty: true };
    this.addedRows.set(r, m);
    this.sheetDataDirty = true;
    return m;
  }

  private findCell(m: RowModel, col: number): { slot: CellSlot | null; index: number } {
    if (col <= m.prefixLast) this.materialize(m);
    let lo = 0;
    let hi = m.cells.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const c = m.cells[mid].col;
      if (c === col) return { slot: m.cells[mid], index: mid };
      if (c < col) lo = mid + 1;
      else hi = mid - 1;
    }
    return { slot: null, index: lo };
  }

  /** The style index a new cell here would show: the row's style, else the column's, else 0. */
  inheritedStyle(row: number, col: number): number {
    const slot = this.findRowSlot(row + 1);
    const model = slot && !slot.deleted ? slot.model : this.addedRows.get(row + 1);
    const tag = model ? model.tag : slot && !slot.deleted ? (slot.sealed ? slot.sealed.tag : slot.raw.slice(slot.raw.indexOf('<'), slot.raw.indexOf('>') + 1)) : null;
    if (tag && tag.indexOf('customFormat') >= 0) {
      const cf = attr(tag, 'customFormat');
      const s = attr(tag, 's');
      if ((cf === '1' || cf === 'true') && s !== undefined) return Number(s) || 0;
    }
    const cols = this.cols();
    for (const c of cols.items) {
      if (col + 1 >= c.min && col + 1 <= c.max) {
        const s = c.attrs.find(([k]) => k === 'style')?.[1];
        return s === undefined ? 0 : Number(s) || 0;
      }
    }
    return 0;
  }

  /** The style index of a cell: its own, or the one it would inherit. */
  styleOf(row: number, col: number): number {
    const m = this.rowModel(row, false);
    const slot = m ? this.findCell(m, col).slot : null;
    if (slot) return slot.style;
    return this.inheritedStyle(row, col);
  }

  /**
   * From when this is set, the cells written are told apart (userStyle): the plan's sheet writes. The steps before
   * them (marks taken away, old cells cleared) change cells that still count as the user's.
   */
  trackWrites = false;

  /** The style of a cell of the user's that this run's sheet writes have not written yet; null for none. */
  userStyle(row: number, col: number): number | null {
    const m = this.rowModel(row, false);
    const slot = m ? this.findCell(m, col).slot : null;
    if (!slot || slot.written) return null;
    return slot.style;
  }

  /** Whether a cell exists as its own element with its own style. */
  existingStyle(row: number, col: number): number | null {
    const m = this.rowModel(row, false);
    const slot = m ? this.findCell(m, col).slot : null;
    if (!slot) return null;
    return slot.style;
  }

  private ensureCell(row: number, col: number): CellSlot {
    const m = this.rowModel(row, true)!;
    const { slot, index } = this.findCell(m, col);
    if (slot) return slot;
    const s = this.inheritedStyle(row, col);
    const c = new CellSlot(col, null, this.q('c'), '', null, '');
    c.simple = s;
    // A new array of the exact length (a push would leave room for 16 more in every row).
    m.cells = index === m.cells.length ? [...m.cells, c] : [...m.cells.slice(0, index), c, ...m.cells.slice(index)];
    this.touch(m);
    return c;
  }

  private touch(m: RowModel): void {
    m.dirty = true;
    this.sheetDataDirty = true;
  }

  /** What a cell holds: its formula flag and its text (null for no value). */
  private valueOf(slot: CellSlot): { formula: boolean; text: string | null } {
    const w = slot.value;
    if (w !== undefined) {
      if (w === null) return { formula: false, text: null };
      if ('text' in w) return { formula: false, text: w.text };
      return { formula: false, text: Number.isFinite(w.number) ? numberText(w.number) : null };
    }
    if (slot.inner.indexOf('<') < 0) return { formula: false, text: null };
    const xml = `<c>${slot.inner}</c>`;
    let kids: El[];
    try {
      kids = scanChildren(xml, 3).kids;
    } catch {
      return { formula: true, text: null };
    }
    const t = slot.attrs.find(([k]) => k === 't')?.[1] ?? 'n';
    let text: string | null = null;
    let formula = false;
    for (const k of kids) {
      const ln = localName(k.name);
      if (ln === 'f') formula = true;
      if (ln === 'v') text = unescapeXml(xml.slice(k.openEnd, k.closeStart));
      if (ln === 'is') text = inlineText(xml.slice(k.start, k.end));
    }
    if (text !== null && t === 's') return { formula, text: this.ctx.sharedString(Number(text)) ?? '\u0000?' };
    if (text !== null && t === 'str') text = unescapeSmlText(text);
    return { formula, text };
  }

  /** Whether a cell holds a value: a formula, a number, a truth value, an error, or text that is not blank. */
  holdsValue(row: number, col: number): boolean {
    const m = this.rowModel(row, false);
    const slot = m ? this.findCell(m, col).slot : null;
    if (!slot) return false;
    const v = this.valueOf(slot);
    return v.formula || (v.text !== null && v.text.trim() !== '');
  }

  /** Every cell's text by row and column (for a small sheet: the meta sheet). */
  texts(): Map<number, Map<number, string>> {
    const out = new Map<number, Map<number, string>>();
    for (const slot of this.loadRows()) {
      const m = this.parseRow(slot);
      this.materialize(m);
      const row = new Map<number, string>();
      for (const c of m.cells) {
        const v = this.valueOf(c);
        if (v.text !== null) row.set(c.col, v.text);
      }
      out.set(slot.r - 1, row);
    }
    return out;
  }

  setStyle(row: number, col: number, s: number): void {
    const c = this.ensureCell(row, col);
    if (this.trackWrites) c.written = true;
    c.raw = null;
    this.touch(this.rowModel(row, false)!);
    c.style = s;
    this.dropIfBare(row, col);
  }

  /**
   * A cell with neither a value nor a style says nothing a missing cell does not, and ExcelJS reads it as a
   * merged cell: it is left out when a row or column style would not show instead.
   */
  private dropIfBare(row: number, col: number): void {
    const m = this.rowModel(row, false);
    if (!m) return;
    const { slot, index } = this.findCell(m, col);
    if (!slot || slot.hasInner || !slot.bare) return;
    if (this.inheritedStyle(row, col) !== 0) return;
    m.cells.splice(index, 1);
    this.touch(m);
  }

  /** Writes a value (text as an inline string, never a formula) into an empty cell. */
  setValue(row: number, col: number, value: WriteValue): void {
    if (this.holdsValue(row, col)) throw new PlanConflictError(this.name, cellRef(row, col));
    const c = this.ensureCell(row, col);
    if (this.trackWrites) c.written = true;
    c.raw = null;
    this.touch(this.rowModel(row, false)!);
    if (c.simple < 0 && c.attrs.some(([k]) => k === 't' || k === 'cm' || k === 'vm')) c.attrs = c.attrs.filter(([k]) => k !== 't' && k !== 'cm' && k !== 'vm');
    // The value's XML (and its t="inlineStr") is made when the cell is written out.
    c.value = value;
  }

  /** Takes cells out of a range (the add-in's own cells of an earlier run); `restore` puts a style back. */
  clearRange(range: CellRange, restore: Map<string, number>): void {
    const rows = this.loadRows();
    let lo = 0;
    let hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (rows[mid].r - 1 < range.top) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo; k < rows.length && rows[k].r - 1 <= range.bottom; k++) {
      if (rows[k].deleted) continue;
      const m = this.rowModel(rows[k].r - 1, false)!;
      if (m.prefixLast >= range.left) this.materialize(m);
      if (m.cells.length && m.cells[m.cells.length - 1].col >= range.left && m.cells[0].col <= range.right) this.clearInRow(m, range);
    }
    for (const m of this.addedRows.values()) if (m.r - 1 >= range.top && m.r - 1 <= range.bottom) this.clearInRow(m, range);
    for (const [key, s] of restore) {
      const [row, col] = key.split(',').map(Number);
      if (inside(range, row, col)) this.setStyle(row, col, s);
    }
    for (let r = range.top; r <= range.bottom; r++) this.dropEmptyRow(r);
    // Merges wholly inside the range were the add-in's.
    const merges = this.merges();
    const kept = merges.filter((m) => !within(m.range, range));
    if (kept.length !== merges.length) this.writeMerges(kept);
  }

  private clearInRow(m: RowModel, range: CellRange): void {
    const before = m.cells.length;
    m.cells = m.cells.filter((c) => c.col < range.left || c.col > range.right);
    if (m.cells.length !== before) this.touch(m);
  }

  /** A row left with no cells and nothing of its own (only its number) is taken away. */
  private dropEmptyRow(row: number): void {
    const r = row + 1;
    const slot = this.findRowSlot(r);
    const m = slot && !slot.deleted ? slot.model : this.addedRows.get(r);
    if (!m || m.cells.length || m.prefix || m.tail) return;
    if (attrList(m.tag).some(([k]) => k !== 'r' && k !== 'spans')) return;
    if (slot) slot.deleted = true;
    else this.addedRows.delete(r);
    this.forgetLastRow();
    this.sheetDataDirty = true;
  }

  private serializeRow(m: RowModel): string {
    const tag = rowOpenTag(m.tag, m.r);
    let cells = m.prefix;
    for (const c of m.cells) cells += this.serializeCell(c, m.r);
    if (!cells && !m.tail) return m.gap + tag.replace(/>$/, '/>');
    return `${m.gap}${tag}${cells}${m.tail}</${m.name}>`;
  }

  private serializeCell(c: CellSlot, r: number, texts?: string[]): string {
    if (c.raw !== null) return c.raw;
    const ref = `${colName(c.col)}${r}`;
    // r first, then s, then t, then the others in their order: no arrays made for it.
    let sa = c.simple > 0 ? ` s="${c.simple}"` : '';
    let ta = '';
    let oa = '';
    if (c.simple < 0) for (const [k, v] of c.attrs) {
      if (k === 'r') continue;
      const p = ` ${k}="${escapeAttr(v)}"`;
      if (k === 's') sa += p;
      else if (k === 't') ta += p;
      else oa += p;
    }
    if (c.value && 'text' in c.value) ta = ' t="inlineStr"';
    const a = `r="${ref}"${sa}${ta}${oa}`;
    const inner = c.innerXml(this.prefix, texts);
    return inner ? `<${c.name} ${a}>${inner}</${c.name}>` : `<${c.name} ${a}/>`;
  }

  /**
   * The rows of sheetData as text pieces, in row order: a row not changed is its text as read, a changed one is
   * written again (its own cells spliced in as read). Null when sheetData is not to be written again.
   */
  private sheetDataPieces(): { pieces: () => Generator<string>; used: CellRange | null } | null {
    if (!this.sheetDataDirty || !this.rows) return null;
    const rows = this.rows;
    const added = [...this.addedRows.values()].sort((a, b) => a.r - b.r);
    const { xml, el, part } = this.sheetData();
    const gap = this.gapOf(part);
    const tag = startTag(xml, el).replace(/\s*\/>$/, '>');
    let ws = el.closeStart;
    while (ws > el.openEnd && /\s/.test(xml[ws - 1])) ws--;
    const trailing = el.selfClosing ? '' : xml.slice(ws, el.closeStart);
    // The used range, row by row (for <dimension>), and whether any row is left.
    const used = { top: Infinity, left: Infinity, bottom: -1, right: -1 };
    let any = false;
    const take = (text: string) => {
      any = true;
      usedIn(text, used);
    };
    // A changed row: its own cells' references read from their text, the written ones' known.
    /** A row whose cells reach from column left to right. */
    const widen = (row: number, left: number, right: number) => {
      if (row < used.top) used.top = row;
      if (row > used.bottom) used.bottom = row;
      if (left < used.left) used.left = left;
      if (right > used.right) used.right = right;
    };
    const takeModel = (m: RowModel) => {
      take(m.prefix);
      const n = m.cells.length;
      if (n) widen(m.r - 1, m.cells[0].col, m.cells[n - 1].col);
    };
    const takeSealed = (row: number, s: SealedRow) => {
      any = true;
      if (s.left >= 0) widen(row, s.left, s.right);
    };
    let k = 0;
    for (const slot of rows) {
      while (k < added.length && added[k].r < slot.r) takeModel(added[k++]);
      if (slot.deleted) continue;
      if (slot.model && slot.model.dirty) takeModel(slot.model);
      else if (slot.sealed) takeSealed(slot.r - 1, slot.sealed);
      else take(slot.raw);
    }
    while (k < added.length) takeModel(added[k++]);
    const self = this;
    function* pieces(): Generator<string> {
      if (!any && !trailing) {
        yield gap + tag.replace(/>$/, '/>');
        return;
      }
      yield gap + tag;
      let j = 0;
      for (const slot of rows) {
        while (j < added.length && added[j].r < slot.r) yield self.serializeRow(added[j++]);
        if (slot.deleted) continue;
        if (slot.sealed) yield* self.sealedPieces(slot.sealed, slot.r);
        else yield slot.model && slot.model.dirty ? self.serializeRow(slot.model) : slot.raw;
      }
      while (j < added.length) yield self.serializeRow(added[j++]);
      yield `${trailing}</${el.name}>`;
    }
    return { pieces, used: used.bottom < 0 ? null : used };
  }

  /** The sheet's text as pieces (the rows one by one), for the zip writer: nothing is joined. */
  *chunks(): Generator<string> {
    const rows = this.sheetDataPieces();
    if (rows) {
      const dim = this.findPart('dimension');
      if (dim) {
        const { xml, el } = this.elOf(dim);
        const ref = rows.used ? rangeRef(rows.used) : 'A1';
        if (attr(startTag(xml, el), 'ref') !== ref) this.setPart('dimension', setAttr(xml.slice(el.start, el.end), 'ref', ref));
      }
    }
    yield this.head;
    for (const p of this.parts) {
      if (rows && p.local === 'sheetData') yield* rows.pieces();
      else if (this.built && p.local === 'sheetData') yield* this.builtPieces(p, this.built);
      else if (p.lazy) yield* p.lazy();
      else yield p.raw;
    }
    yield this.tail;
  }

  // ----- columns --------------------------------------------------------------------------------

  private cols() {
    if (this.colsModel) return this.colsModel;
    const p = this.findPart('cols');
    const model: NonNullable<Worksheet['colsModel']> = { tag: `<${this.q('cols')}>`, items: [] };
    if (p) {
      const { xml, el } = this.elOf(p);
      model.tag = startTag(xml, el).replace(/\s*\/>$/, '>');
      for (const k of childrenOf(xml, el)) {
        if (localName(k.name) !== 'col') continue;
        const attrs = attrList(startTag(xml, k));
        const min = Number(attrs.find(([n]) => n === 'min')?.[1]);
        const max = Number(attrs.find(([n]) => n === 'max')?.[1]);
        model.items.push({ min, max, attrs, raw: xml.slice(k.start, k.end) });
      }
    }
    this.colsModel = model;
    return model;
  }

  setColumnWidth(col: number, width: number): void {
    const cols = this.cols();
    const c = col + 1;
    const w = String(Math.round(width * 1e6) / 1e6);
    const mk = (base: [string, string][], min: number, max: number, setWidth: boolean) => {
      const attrs = base.map(([k, v]) => [k, v] as [string, string]).filter(([k]) => k !== 'min' && k !== 'max');
      attrs.unshift(['min', String(min)], ['max', String(max)]);
      if (setWidth) {
        const wi = attrs.findIndex(([k]) => k === 'width');
        if (wi >= 0) attrs[wi][1] = w;
        else attrs.splice(2, 0, ['width', w]);
        const ci = attrs.findIndex(([k]) => k === 'customWidth');
        if (ci >= 0) attrs[ci][1] = '1';
        else attrs.push(['customWidth', '1']);
      }
      return { min, max, attrs, raw: null };
    };
    const k = cols.items.findIndex((x) => c >= x.min && c <= x.max);
    if (k >= 0) {
      const x = cols.items[k];
      const cur = x.attrs.find(([n]) => n === 'width')?.[1];
      const custom = x.attrs.find(([n]) => n === 'customWidth')?.[1];
      if (cur === w && (custom === '1' || custom === 'true') && x.min === c && x.max === c) return;
      const pieces = [];
      if (x.min < c) pieces.push(mk(x.attrs, x.min, c - 1, false));
      pieces.push(mk(x.attrs, c, c, true));
      if (x.max > c) pieces.push(mk(x.attrs, c + 1, x.max, false));
      cols.items.splice(k, 1, ...pieces);
    } else {
      let at = cols.items.findIndex((x) => x.min > c);
      if (at < 0) at = cols.items.length;
      cols.items.splice(at, 0, mk([], c, c, true));
    }
    const body = cols.items
      .map((x) => x.raw ?? `<${this.q('col')} ${x.attrs.map(([n, v]) => `${n}="${escapeAttr(v)}"`).join(' ')}/>`)
      .join('');
    this.setPart('cols', `${cols.tag}${body}</${this.q('cols')}>`);
  }

  // ----- merges ---------------------------------------------------------------------------------

  private merges(): { range: CellRange; raw: string }[] {
    const p = this.findPart('mergeCells');
    if (!p) return [];
    const { xml, el } = this.elOf(p);
    const out: { range: CellRange; raw: string }[] = [];
    for (const k of childrenOf(xml, el)) {
      const ref = attr(startTag(xml, k), 'ref');
      const range = ref ? parseRangeRef(ref) : null;
      if (range) out.push({ range, raw: xml.slice(k.start, k.end) });
    }
    return out;
  }

  private writeMerges(list: { range: CellRange; raw: string }[]): void {
    if (!list.length) return this.setPart('mergeCells', null);
    const p = this.findPart('mergeCells');
    let tag = `<${this.q('mergeCells')}>`;
    if (p) {
      const { xml, el } = this.elOf(p);
      tag = startTag(xml, el).replace(/\s*\/>$/, '>');
    }
    tag = setAttr(tag, 'count', String(list.length));
    this.setPart('mergeCells', `${tag}${list.map((m) => m.raw).join('')}</${this.q('mergeCells')}>`);
  }

  addMerge(range: CellRange): void {
    const list = this.merges();
    if (list.some((m) => within(m.range, range) && within(range, m.range))) return;
    const clash = list.find((m) => overlaps(m.range, range));
    if (clash) throw new PlanConflictError(this.name, `${rangeRef(range)} (overlaps the merge ${rangeRef(clash.range)})`);
    list.push({ range, raw: `<${this.q('mergeCell')} ref="${rangeRef(range)}"/>` });
    this.writeMerges(list);
  }

  // ----- data validation ------------------------------------------------------------------------

  addValidation(v: Validation): void {
    const p = this.findPart('dataValidations');
    const items: string[] = [];
    let tag = `<${this.q('dataValidations')}>`;
    if (p) {
      const { xml, el } = this.elOf(p);
      tag = startTag(xml, el).replace(/\s*\/>$/, '>');
      for (const k of childrenOf(xml, el)) items.push(xml.slice(k.start, k.end));
    }
    const list = `"${v.values.map((x) => x.replace(/"/g, '""')).join(',')}"`;
    const a = [`type="list"`, `allowBlank="1"`];
    if (v.prompt) a.push(`showInputMessage="1"`);
    if (v.error) a.push(`showErrorMessage="1"`);
    if (v.error) a.push(`error="${escapeAttr(v.error)}"`);
    if (v.prompt) a.push(`prompt="${escapeAttr(v.prompt)}"`);
    a.push(`sqref="${rangeRef(v.range)}"`);
    const xml = `<${this.q('dataValidation')} ${a.join(' ')}><${this.q('formula1')}>${escapeAttr(list).replace(/&quot;/g, '"')}</${this.q('formula1')}></${this.q('dataValidation')}>`;
    if (items.includes(xml)) return;
    items.push(xml);
    tag = setAttr(tag, 'count', String(items.length));
    this.setPart('dataValidations', `${tag}${items.join('')}</${this.q('dataValidations')}>`);
  }

  // ----- views ----------------------------------------------------------------------------------

  private views(): { tag: string; views: { tag: string; inner: string; name: string }[] } {
    const p = this.findPart('sheetViews');
    if (!p) return { tag: `<${this.q('sheetViews')}>`, views: [] };
    const { xml, el } = this.elOf(p);
    return {
      tag: startTag(xml, el).replace(/\s*\/>$/, '>'),
      views: childrenOf(xml, el).map((k) => ({ tag: startTag(xml, k).replace(/\s*\/>$/, '>'), inner: k.selfClosing ? '' : xml.slice(k.openEnd, k.closeStart), name: k.name })),
    };
  }

  private writeViews(v: ReturnType<Worksheet['views']>): void {
    const body = v.views.map((x) => (x.inner ? `${x.tag}${x.inner}</${x.name}>` : x.tag.replace(/>$/, '/>'))).join('');
    this.setPart('sheetViews', `${v.tag}${body}</${this.q('sheetViews')}>`);
  }

  isTabSelected(): boolean {
    return this.views().views.some((x) => {
      const t = attr(x.tag, 'tabSelected');
      return t === '1' || t === 'true';
    });
  }

  setTabSelected(on: boolean): void {
    const v = this.views();
    if (!on) {
      if (!this.isTabSelected()) return;
      for (const x of v.views) x.tag = setAttr(x.tag, 'tabSelected', null);
      return this.writeViews(v);
    }
    if (!v.views.length) v.views.push({ tag: `<${this.q('sheetView')} workbookViewId="0">`, inner: '', name: this.q('sheetView') });
    const first = v.views.find((x) => attr(x.tag, 'workbookViewId') === '0') ?? v.views[0];
    if (attr(first.tag, 'tabSelected') === '1') return;
    first.tag = setAttr(first.tag, 'tabSelected', '1');
    this.writeViews(v);
  }

  setFreeze(rows: number, cols: number): void {
    const v = this.views();
    if (!v.views.length) v.views.push({ tag: `<${this.q('sheetView')} workbookViewId="0">`, inner: '', name: this.q('sheetView') });
    const view = v.views[0];
    const kept = (() => {
      if (!view.inner) return '';
      const xml = `<x>${view.inner}</x>`;
      return childrenOf(xml, rootElement(xml))
        .filter((k) => !['pane', 'selection'].includes(localName(k.name)))
        .map((k) => xml.slice(k.start, k.end))
        .join('');
    })();
    if (!rows && !cols) {
      view.inner = kept;
      return this.writeViews(v);
    }
    const pane = cols && rows ? 'bottomRight' : rows ? 'bottomLeft' : 'topRight';
    const topLeft = cellRef(rows, cols);
    const a = [cols ? `xSplit="${cols}"` : '', rows ? `ySplit="${rows}"` : '', `topLeftCell="${topLeft}"`, `activePane="${pane}"`, `state="frozen"`].filter(Boolean).join(' ');
    view.inner = `<${this.q('pane')} ${a}/><${this.q('selection')} pane="${pane}" activeCell="${topLeft}" sqref="${topLeft}"/>${kept}`;
    this.writeViews(v);
  }

  // ----- printing: row heights, page setup, page breaks, links ---------------------------------

  /** A row's height in points (a custom height: Excel and LibreOffice keep it). */
  setRowHeight(row: number, height: number): void {
    const m = this.rowModel(row, true)!;
    const h = String(Math.round(height * 100) / 100);
    let tag = setAttr(m.tag, 'ht', h);
    tag = setAttr(tag, 'customHeight', '1');
    if (tag === m.tag) return;
    m.tag = tag;
    this.touch(m);
  }

  /**
   * How the sheet prints: `<sheetPr><pageSetUpPr fitToPage>`, `<printOptions>`, `<pageMargins>`, `<pageSetup>`
   * and `<rowBreaks>`, each where the schema puts it. Print area and titles are defined names (the workbook's).
   */
  setPageSetup(ps: PageSetup): void {
    const fit = ps.scale === undefined;
    // sheetPr: its children are tabColor, outlinePr, pageSetUpPr, in that order; pageSetUpPr is the last.
    const sp = this.findPart('sheetPr');
    if (sp) {
      const { xml, el } = this.elOf(sp);
      const kids = el.selfClosing ? [] : childrenOf(xml, el);
      const kept = kids.filter((k) => localName(k.name) !== 'pageSetUpPr').map((k) => xml.slice(k.start, k.end));
      const old = kids.find((k) => localName(k.name) === 'pageSetUpPr');
      const pspr = setAttr(old ? xml.slice(old.start, old.end) : `<${this.q('pageSetUpPr')}/>`, 'fitToPage', fit ? '1' : null);
      const tag = startTag(xml, el).replace(/\s*\/>$/, '>');
      this.setPart('sheetPr', `${tag}${kept.join('')}${pspr}</${el.name}>`);
    } else if (fit) {
      this.setPart('sheetPr', `<${this.q('sheetPr')}><${this.q('pageSetUpPr')} fitToPage="1"/></${this.q('sheetPr')}>`);
    }
    this.setPart('printOptions', ps.centerHorizontally ? `<${this.q('printOptions')} horizontalCentered="1"/>` : null);
    const m = ps.margins ?? { left: 0.7, right: 0.7, top: 0.75, bottom: 0.75, header: 0.3, footer: 0.3 };
    this.setPart('pageMargins', `<${this.q('pageMargins')} left="${m.left}" right="${m.right}" top="${m.top}" bottom="${m.bottom}" header="${m.header}" footer="${m.footer}"/>`);
    const a = [`paperSize="9"`];
    if (!fit) a.push(`scale="${Math.round(ps.scale!)}"`);
    if (fit) a.push(`fitToWidth="${ps.fitWidth}"`, `fitToHeight="${ps.fitHeight}"`);
    a.push(`orientation="${ps.orientation}"`);
    this.setPart('pageSetup', `<${this.q('pageSetup')} ${a.join(' ')}/>`);
    this.setPart('headerFooter', ps.footer ? `<${this.q('headerFooter')}><${this.q('oddFooter')}>${escapeSmlText('&C' + ps.footer)}</${this.q('oddFooter')}></${this.q('headerFooter')}>` : null);
    const breaks = [...new Set(ps.rowBreaks ?? [])].filter((r) => r > 0).sort((x, y) => x - y);
    this.setPart(
      'rowBreaks',
      breaks.length
        ? `<${this.q('rowBreaks')} count="${breaks.length}" manualBreakCount="${breaks.length}">${breaks.map((r) => `<${this.q('brk')} id="${r}" max="16383" man="1"/>`).join('')}</${this.q('rowBreaks')}>`
        : null,
    );
  }

  /** Internal links (a location in this workbook; no relationship needed). Replaces the sheet's links. */
  setHyperlinks(links: Hyperlink[]): void {
    if (!links.length) return;
    const list = this.q('hyperlinks');
    const one = this.q('hyperlink');
    // In its place now; its text made link by link when the part is written (some 6 MB at 100,000 rows).
    this.setPart('hyperlinks', `<${list}/>`);
    const p = this.findPart('hyperlinks')!;
    const gap = this.gapOf(p);
    p.lazy = function* () {
      yield `${gap}<${list}>`;
      for (const l of links) {
        let a = `ref="${cellRef(l.row, l.col)}" location="${escapeAttr(linkLocation(l.sheet, l.cell))}"`;
        if (l.tip) a += ` tooltip="${escapeAttr(l.tip)}"`;
        yield `<${one} ${a} display="${escapeAttr(l.cell)}"/>`;
      }
      yield `</${list}>`;
    };
  }

  // ----- out ------------------------------------------------------------------------------------

  /** Whether the part must be written again. */
  get changed(): boolean {
    return this.dirty || this.sheetDataDirty;
  }

  /**
   * The sheet's text. Its rows are then its text: the row and cell models are free, and an edit after this reads
   * the rows again from the new text.
   */
  serialize(): string {
    if (this.built) this.sheetData();
    const rows = this.sheetDataDirty && this.rows ? this.sheetDataPieces() : null;
    if (rows) {
      const sd = this.findPart('sheetData')!;
      sd.raw = [...rows.pieces()].join('');
      this.sheetDataDirty = false;
      this.rows = null;
      this.addedRows.clear();
      this.forgetLastRow();
      this.dirty = true;
      const dim = this.findPart('dimension');
      if (dim) {
        const { xml, el } = this.elOf(dim);
        const ref = rows.used ? rangeRef(rows.used) : 'A1';
        if (attr(startTag(xml, el), 'ref') !== ref) this.setPart('dimension', setAttr(xml.slice(el.start, el.end), 'ref', ref));
      }
    }
    return this.head + this.parts.map((p) => (p.lazy ? [...p.lazy()].join('') : p.raw)).join('') + this.tail;
  }
}

/** A changed row's start tag as written: its number, no `spans` (the row may reach further now), never self-closed. */
function rowOpenTag(tag: string, r: number): string {
  let t = tag.indexOf('spans') >= 0 ? setAttr(tag, 'spans', null) : tag;
  if (attrR(t) === undefined) t = setAttr(t, 'r', String(r));
  if (t.charCodeAt(t.length - 2) === 47) t = t.replace(/\s*\/>$/, '>');
  return t;
}

/** A sealed row's written cells as XML, their texts put back. */
function sealedCellsXml(s: SealedRow): string {
  if (!s.texts) return s.cells;
  let k = 0;
  const texts = s.texts;
  return s.cells.replace(/\u0000/g, () => escapeSmlText(texts[k++]));
}

const CELL_REF = /<(?:[A-Za-z_][\w.-]*:)?c\b[^>]*?\sr="\$?([A-Za-z]{1,3})\$?(\d+)"/g;

/** Widens `used` by the cells referenced in `xml` (a row's text). */
function usedIn(xml: string, used: CellRange): void {
  CELL_REF.lastIndex = 0;
  for (let m = CELL_REF.exec(xml); m; m = CELL_REF.exec(xml)) {
    const row = Number(m[2]) - 1;
    const col = colOfRef(m[1]);
    if (row < used.top) used.top = row;
    if (row > used.bottom) used.bottom = row;
    if (col < used.left) used.left = col;
    if (col > used.right) used.right = col;
  }
}

/**
 * Widens `used` by the columns of a row's own cells, kept as text (`prefix`, its last cell in column `last`): a row's
 * cells are in column order, so its first reference is the leftmost and `last` the rightmost; only the first is read
 * (not every cell of a long row). Cells out of order are read one by one (usedIn).
 */
function prefixColumns(prefix: string, last: number, used: CellRange): void {
  CELL_REF.lastIndex = 0;
  const m = CELL_REF.exec(prefix);
  const first = m ? colOfRef(m[1]) : -1;
  if (first < 0 || last < 0 || first > last) {
    usedIn(prefix, used);
    return;
  }
  if (first < used.left) used.left = first;
  if (last > used.right) used.right = last;
}

/**
 * The last cell of a row whose content is `xml[from, to)`: its column and where it ends, when the content is
 * cells only (no comment, processing instruction or other element after them) and the last one has its
 * reference; null otherwise (the row is then parsed cell by cell).
 */
function lastCellOf(xml: string, from: number, to: number, cname: string): { col: number; end: number } | null {
  const body = xml.slice(from, to);
  if (body.indexOf('<!') >= 0 || body.indexOf('<?') >= 0 || body.indexOf('extLst') >= 0) return null;
  let k = to;
  for (;;) {
    k = xml.lastIndexOf(`<${cname}`, k - 1);
    if (k < from) return null;
    const ch = xml.charCodeAt(k + cname.length + 1);
    if (ch === 32 || ch === 9 || ch === 10 || ch === 13) break;
    if (ch === 47 || ch === 62) return null;
    if (k === from) return null;
  }
  const te = tagEndOf(xml.slice(k, to)) + k;
  const ref = attrR(xml.slice(k, te));
  if (ref === undefined) return null;
  let end = te;
  if (xml.charCodeAt(te - 2) !== 47) {
    const close = xml.indexOf(`</${cname}`, te);
    if (close < 0 || close >= to) return null;
    end = xml.indexOf('>', close) + 1;
    if (end <= 0 || end > to) return null;
  }
  if (xml.slice(end, to).trim()) return null;
  return { col: colOfRef(ref), end };
}

/** An element that is the whole of `xml` (a part of a sheet, cut out as it was found). */
function wholeElement(xml: string): El {
  const te = tagEndOf(xml);
  const self = xml.charCodeAt(te - 2) === 47;
  const name = xml.slice(1, xml.slice(1).search(/[\s/>]/) + 1);
  return { name, start: 0, openEnd: te, closeStart: self ? te : xml.lastIndexOf('</'), end: xml.length, selfClosing: self };
}

function tagEndOf(xml: string): number {
  let quote = 0;
  for (let k = 1; k < xml.length; k++) {
    const ch = xml.charCodeAt(k);
    if (quote) {
      if (ch === quote) quote = 0;
    } else if (ch === 34 || ch === 39) quote = ch;
    else if (ch === 62) return k + 1;
  }
  throw new PackageError('unterminated tag', '');
}

/** The text of an inline string (`<is>`): its `<t>` parts, phonetic runs left out. */
function inlineText(isXml: string): string {
  const el = rootElement(isXml);
  let out = '';
  const walk = (xml: string, e: El) => {
    for (const k of childrenOf(xml, e)) {
      const ln = localName(k.name);
      if (ln === 't') out += unescapeSmlText(unescapeXml(xml.slice(k.openEnd, k.closeStart)));
      else if (ln === 'r') walk(xml, k);
    }
  };
  walk(isXml, el);
  return out;
}

/** A number as Excel writes it in `<v>`. */
export function numberText(n: number): string {
  if (Object.is(n, -0)) return '0';
  return String(n).replace('e', 'E');
}

/** A new, empty worksheet part. */
export function blankWorksheet(): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<worksheet xmlns="${NS.main}" xmlns:r="${NS.rel}">` +
    '<dimension ref="A1"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/>' +
    '<sheetData/><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>'
  );
}
