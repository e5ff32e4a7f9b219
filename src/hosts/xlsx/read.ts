/**
 * The .xlsx package layer, reading: bytes → the engine's snapshot, and the parsed package that `fill` edits.
 *
 * Pure (no Node API): the same code reads a workbook in Node and in the task pane. The zip is read once (zip.ts),
 * each part the snapshot needs is unpacked once, and every XML part is read by one streaming, namespace-aware
 * parser (saxes): elements and attributes are matched by namespace URI and local name, never by prefix text, so
 * `<x:workbook>` (.NET), Strict Open XML and any prefix read the same.
 *
 * The guard and the reader are one: the limits (entries, unpacked bytes, packing ratio, cells, ranges) are counted
 * by this parser over the bytes it reads, as it reads them. A file cannot pass the limits and then be read
 * differently, because there is no other reading. Ranges (merges, validations, conditional formats, names) stay
 * symbolic: a range is never expanded into cells, so a validation over a whole sheet costs what it is written in.
 */
import { settingsFromPartXml } from '../../engine/settingsPart';
import { SaxesParser, type SaxesTag } from 'saxes';
import type { CellRange, CellValue, DefinedNameRef, SheetSnapshot, WorkbookSnapshot } from '../../engine/snapshot';
import { isOwnName } from '../../engine/writePlan';
import { unescapeSmlText } from '../ooxml/xml';
import { XlsxError, type DetailKey } from './errors';
import { entryData, inflatePako, MAX_ENTRIES, readZipDirectory, TooLargeError, type Inflate, type ZipEntry } from './zip';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/** Files above this size are refused before they are unpacked. */
export const MAX_FILE_BYTES = 200 * MiB;
/** All parts together may unpack to at most this (declared by the zip directory, and then really unpacked). */
export const MAX_UNPACKED_BYTES = 1 * GiB;
/** A part that unpacks to more than PACKED_RATIO_MIN_BYTES may be packed at most MAX_PACKED_RATIO : 1. */
export const MAX_PACKED_RATIO = 200;
export const PACKED_RATIO_MIN_BYTES = 50 * MiB;
/**
 * Cells: the cells written in the sheets plus every cell of a merged range (the engine looks into merged areas),
 * counted as the sheets are parsed. The bench's 100,000 rows are about 770,000.
 */
export const MAX_CELLS = 2_000_000;
/**
 * Ranges: merged ranges, data validations, conditional formats and hyperlinks, counted one per range as written
 * (`sqref="A1:B2 D4"` is two). None is ever expanded into cells, so what they cover is not limited; their number is.
 */
export const MAX_RANGES = 1_000_000;

export const LIMITS = {
  fileBytes: MAX_FILE_BYTES,
  unpackedBytes: MAX_UNPACKED_BYTES,
  packedRatio: MAX_PACKED_RATIO,
  packedRatioMinBytes: PACKED_RATIO_MIN_BYTES,
  cells: MAX_CELLS,
  ranges: MAX_RANGES,
  entries: MAX_ENTRIES,
} as const;

export const NS = {
  main: 'http://schemas.openxmlformats.org/spreadsheetml/2006/main',
  strictMain: 'http://purl.oclc.org/ooxml/spreadsheetml/main',
  rel: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
  strictRel: 'http://purl.oclc.org/ooxml/officeDocument/relationships',
  pkgRel: 'http://schemas.openxmlformats.org/package/2006/relationships',
};
const isRel = (uri: string) => uri === NS.rel || uri === NS.strictRel;

export interface ReadOptions {
  /** A faster inflater than pako's (Node's zlib); it must stop at `max`. */
  inflate?: Inflate;
  /** Keep the text of each XML part read, for the writer (fill): each part is then unpacked and decoded once. */
  keepTexts?: boolean;
}

/** The package as read: its bytes, its zip entries, and the parts already unpacked. */
export class XlsxPackage {
  readonly byLower = new Map<string, ZipEntry>();
  /** Decoded UTF-8 texts of the parts read (when kept), with whether they had a byte order mark. */
  readonly texts = new Map<string, { text: string; bom: boolean }>();
  /**
   * The shared strings as read, by part name (when texts are kept): the writer looks a cell's text up in them
   * rather than keeping the part's text and parsing it again.
   */
  readonly sharedStrings = new Map<string, string[]>();
  private unpacked = 0;

  constructor(
    readonly bytes: Uint8Array,
    readonly entries: ZipEntry[],
    private readonly inflate: Inflate,
  ) {
    for (const e of entries) this.byLower.set(e.name.toLowerCase(), e);
  }

  /** The entry of a part (part names are case-insensitive; folders are not parts). */
  entry(part: string): ZipEntry | undefined {
    const e = this.byLower.get(part.replace(/^\//, '').toLowerCase());
    return e && !e.name.endsWith('/') ? e : undefined;
  }

  has(part: string): boolean {
    return this.entry(part) !== undefined;
  }

  /** A part's bytes, unpacked within the limits: no more than the directory declares, no more than the total. */
  part(part: string): Uint8Array {
    const x = this.entry(part);
    if (!x) throw new XlsxError('damaged', 'missingPart', [part]);
    const data = entryData(this.bytes, x);
    let out: Uint8Array;
    if (x.method === 0) out = data;
    else {
      try {
        out = this.inflate(data, x.uncompressedSize);
      } catch (e) {
        if (e instanceof TooLargeError) throw new XlsxError('damaged', 'wrongSize', [x.name]);
        throw new XlsxError('damaged', 'inflate', [x.name]);
      }
    }
    if (out.length !== x.uncompressedSize) throw new XlsxError('damaged', 'wrongSize', [x.name]);
    this.unpacked += out.length;
    if (this.unpacked > MAX_UNPACKED_BYTES) throw new XlsxError('unpacked_too_large', 'bytesOver', [bytesText(this.unpacked), bytesText(MAX_UNPACKED_BYTES)]);
    return out;
  }

  /** A part as text: UTF-8 (with or without a byte order mark) or UTF-16 with its mark. */
  text(part: string, keep: boolean): string {
    const x = this.entry(part);
    if (!x) throw new XlsxError('damaged', 'missingPart', [part]);
    const hit = this.texts.get(x.name);
    if (hit) return hit.text;
    const b = this.part(part);
    let text: string;
    let bom = false;
    try {
      if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) {
        bom = true;
        text = new TextDecoder('utf-8', { fatal: true }).decode(b.subarray(3));
      } else if (b[0] === 0xff && b[1] === 0xfe) text = new TextDecoder('utf-16le', { fatal: true }).decode(b.subarray(2));
      else if (b[0] === 0xfe && b[1] === 0xff) text = new TextDecoder('utf-16be', { fatal: true }).decode(b.subarray(2));
      else text = new TextDecoder('utf-8', { fatal: true }).decode(b);
    } catch {
      throw new XlsxError('damaged', 'notUtf8', [x.name]);
    }
    // Only UTF-8 texts are handed to the writer (it refuses to edit other encodings and reads them itself).
    if (keep && !(b[0] === 0xff || b[0] === 0xfe)) this.texts.set(x.name, { text, bom });
    return text;
  }
}

// ---------------------------------------------------------------------------------------------
// Bytes → package
// ---------------------------------------------------------------------------------------------

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const EMPTY_ZIP = [0x50, 0x4b, 0x05, 0x06];
const CFB = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

const startsWith = (b: Uint8Array, sig: number[]) => sig.every((x, i) => b[i] === x);

function utf16Includes(b: Uint8Array, s: string): boolean {
  const pat = new Uint8Array(s.length * 2);
  for (let i = 0; i < s.length; i++) pat[2 * i] = s.charCodeAt(i);
  outer: for (let i = 0; i + pat.length <= b.length; i++) {
    if (b[i] !== pat[0]) continue;
    for (let j = 1; j < pat.length; j++) if (b[i + j] !== pat[j]) continue outer;
    return true;
  }
  return false;
}

export function bytesText(n: number): string {
  if (n >= GiB) return `${(n / GiB).toFixed(1)} GiB`;
  return `${Math.max(1, Math.round(n / MiB))} MiB`;
}

/** The zip of a workbook, checked: what it is, its directory, its declared sizes. */
export function openPackage(bytes: Uint8Array, options: ReadOptions = {}): XlsxPackage {
  if (bytes.length === 0) throw new XlsxError('empty_file');
  if (bytes.length > MAX_FILE_BYTES) throw new XlsxError('too_large', 'bytesOver', [bytesText(bytes.length), bytesText(MAX_FILE_BYTES)]);
  if (startsWith(bytes, CFB)) {
    // An OLE compound file: an encrypted .xlsx (its package inside EncryptedPackage), an old .xls, or a .doc/.ppt.
    if (utf16Includes(bytes, 'EncryptionInfo') || utf16Includes(bytes, 'EncryptedPackage')) throw new XlsxError('encrypted');
    if (utf16Includes(bytes, 'WordDocument')) throw new XlsxError('not_xlsx', null, [], 'doc');
    if (utf16Includes(bytes, 'PowerPoint Document')) throw new XlsxError('not_xlsx', null, [], 'ppt');
    throw new XlsxError('legacy_xls');
  }
  if (startsWith(bytes, EMPTY_ZIP)) throw new XlsxError('not_xlsx', null, [], 'emptyZip');
  if (!startsWith(bytes, ZIP)) throw new XlsxError('not_xlsx');
  const entries = readZipDirectory(bytes);
  const names = new Set(entries.map((e) => e.name.toLowerCase()));
  // A package whose root relationships or content types were left out by its generator still reads when its
  // workbook is where every producer puts it.
  if ((!names.has('_rels/.rels') || !names.has('[content_types].xml')) && !names.has('xl/workbook.xml')) {
    if (names.has('word/document.xml')) throw new XlsxError('not_xlsx', null, [], 'docx');
    if (names.has('ppt/presentation.xml')) throw new XlsxError('not_xlsx', null, [], 'pptx');
    if (names.has('content.xml') && names.has('mimetype')) throw new XlsxError('not_xlsx', null, [], 'odf');
    if (names.has('xl/workbook.bin')) throw new XlsxError('not_xlsx', null, [], 'xlsb');
    if ([...names].some((n) => n.startsWith('xl/'))) throw new XlsxError('damaged', 'noWorkbook');
    throw new XlsxError('not_xlsx', null, [], 'zip');
  }
  let declared = 0;
  for (const x of entries) {
    declared += x.uncompressedSize;
    if (declared > MAX_UNPACKED_BYTES) throw new XlsxError('unpacked_too_large', 'bytesOver', [bytesText(declared), bytesText(MAX_UNPACKED_BYTES)]);
    if (x.uncompressedSize > PACKED_RATIO_MIN_BYTES && x.uncompressedSize / Math.max(1, x.compressedSize) > MAX_PACKED_RATIO) {
      throw new XlsxError('packed_too_tightly', 'ratio', [x.name, bytesText(x.uncompressedSize), Math.round(x.uncompressedSize / Math.max(1, x.compressedSize)), MAX_PACKED_RATIO]);
    }
    if (x.name.endsWith('/')) continue;
    if (x.flags & 1) throw new XlsxError('damaged', 'encryptedEntry', [x.name]);
    if (x.method !== 0 && x.method !== 8) throw new XlsxError('damaged', 'method', [x.name, x.method]);
    if (x.method === 0 && x.compressedSize !== x.uncompressedSize) throw new XlsxError('damaged', 'wrongSize', [x.name]);
  }
  return new XlsxPackage(bytes, entries, options.inflate ?? inflatePako);
}

// ---------------------------------------------------------------------------------------------
// XML parts, one SAX pass each
// ---------------------------------------------------------------------------------------------

/**
 * An element as the handlers see it: its namespace URI and local name, whether that namespace is SpreadsheetML's
 * (transitional or strict), its attributes as written. One object is reused for every element of a part: a
 * handler reads it while it is called and keeps none of it.
 */
interface Tag {
  local: string;
  uri: string;
  main: boolean;
  attributes: Record<string, string>;
  /** The prefixes in scope (prefix → URI; '' for the default namespace). */
  scope: Record<string, string>;
}

interface Handlers {
  open(tag: Tag): void;
  close?(tag: Tag): void;
  text?(t: string): void;
}

function lineOf(message: string): number {
  // saxes: `LINE:COLUMN: message` (or `FILE:LINE:COLUMN: message`).
  const m = /^(?:[^:\d][^:]*:)?(\d+):\d+:/.exec(message);
  return m ? Number(m[1]) : 0;
}

const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/** A raw element name resolved in a scope. */
interface ResolvedName {
  local: string;
  uri: string;
  main: boolean;
}

/**
 * Parses a part with saxes, namespaces resolved here (cheaper than saxes's own resolution, which makes an object
 * per attribute): the scope changes only on an element that declares a prefix, and an element's URI is its
 * prefix's in scope. Each raw name is resolved once per scope (a part has few distinct names). An XlsxError thrown
 * by a handler stops it and goes out as is.
 */
function parse(part: string, xml: string, h: Handlers): void {
  const p = new SaxesParser({ position: true });
  let failure: unknown = null;
  p.on('error', (e) => {
    failure ??= new XlsxError('damaged', 'malformed', [part, lineOf(e.message)]);
  });
  const root: Record<string, string> = { xml: XML_NS, '': '' };
  let scope = root;
  let names = new Map<string, ResolvedName>();
  // Scopes left when the element that declared them closes: its depth, and the scope and names before it.
  const saved: { depth: number; scope: Record<string, string>; names: Map<string, ResolvedName> }[] = [];
  let depth = 0;
  const tag: Tag = { local: '', uri: '', main: false, attributes: root, scope };
  const resolve = (name: string): ResolvedName => {
    let n = names.get(name);
    if (n === undefined) {
      const colon = name.indexOf(':');
      const uri = scope[colon < 0 ? '' : name.slice(0, colon)];
      if (uri === undefined) {
        failure ??= new XlsxError('damaged', 'malformed', [part, p.line]);
        p.fail('unbound prefix');
      }
      const u = uri ?? '';
      n = { local: colon < 0 ? name : name.slice(colon + 1), uri: u, main: u === NS.main || u === NS.strictMain };
      names.set(name, n);
    }
    return n;
  };
  // Where the text `xmlns` is next, at or after the end of the last start tag: an element declares a prefix only
  // when it is inside its start tag, so the others' attributes are not looked through (a part has few such
  // elements; a text or a closing tag that holds the word only costs one look).
  let nextXmlns = xml.indexOf('xmlns');
  p.on('opentag', (raw: SaxesTag) => {
    depth++;
    const attributes = raw.attributes as Record<string, string>;
    let declared: Record<string, string> | null = null;
    const end = p.position;
    if (nextXmlns >= 0 && nextXmlns < end) {
      nextXmlns = xml.indexOf('xmlns', end);
      for (const k in attributes) {
        if (k.charCodeAt(0) !== 120 || !k.startsWith('xmlns')) continue;
        if (k === 'xmlns' || k.charCodeAt(5) === 58) {
          declared ??= Object.assign(Object.create(null) as Record<string, string>, scope);
          declared[k === 'xmlns' ? '' : k.slice(6)] = attributes[k];
        }
      }
    }
    if (declared) {
      saved.push({ depth, scope, names });
      scope = declared;
      names = new Map();
    }
    const n = resolve(raw.name);
    tag.local = n.local;
    tag.uri = n.uri;
    tag.main = n.main;
    tag.attributes = attributes;
    tag.scope = scope;
    h.open(tag);
  });
  p.on('closetag', (raw: SaxesTag) => {
    if (h.close) {
      const n = resolve(raw.name);
      tag.local = n.local;
      tag.uri = n.uri;
      tag.main = n.main;
      tag.attributes = raw.attributes as Record<string, string>;
      tag.scope = scope;
      h.close(tag);
    }
    if (saved.length && saved[saved.length - 1].depth === depth) {
      const s = saved.pop()!;
      scope = s.scope;
      names = s.names;
    }
    depth--;
  });
  if (h.text) {
    const text = h.text;
    p.on('text', text);
    p.on('cdata', text);
  }
  try {
    p.write(xml).close();
  } catch (e) {
    if (e instanceof XlsxError) throw e;
    throw failure ?? new XlsxError('damaged', 'malformed', [part, lineOf(String((e as Error)?.message ?? ''))]);
  }
  if (failure) throw failure;
}

/** The value of an attribute without a namespace (`name`, `r`, `t`…). */
function plain(tag: Tag, local: string): string | undefined {
  return tag.attributes[local];
}

/** The value of an attribute in the relationships namespace (`r:id` under any prefix). */
function relAttr(tag: Tag, local: string): string | undefined {
  for (const k in tag.attributes) {
    const colon = k.indexOf(':');
    if (colon < 0 || k.slice(colon + 1) !== local) continue;
    if (isRel(tag.scope[k.slice(0, colon)] ?? '')) return tag.attributes[k];
  }
  return undefined;
}

const truthy = (v: string | undefined) => v === '1' || v === 'true';

interface Rel {
  id: string;
  type: string;
  target: string;
  external: boolean;
}

/** `xl/worksheets/sheet1.xml` → `xl/worksheets/_rels/sheet1.xml.rels`. */
export function relsPathOf(part: string): string {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}

/** A relationship target resolved against its source part, as a part name without the leading `/`. */
export function resolveTarget(source: string, target: string): string {
  let t = target;
  try {
    t = decodeURI(target);
  } catch {
    // keep it as written
  }
  t = t.replace(/[?#].*$/, '');
  const parts = t.startsWith('/') ? [] : source.split('/').slice(0, -1);
  for (const seg of t.replace(/^\//, '').split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/');
}

function readRels(pkg: XlsxPackage, path: string, keep: boolean): Rel[] {
  if (!pkg.has(path)) return [];
  const rels: Rel[] = [];
  parse(path, pkg.text(path, keep), {
    open(t) {
      if (t.local !== 'Relationship') return;
      rels.push({ id: plain(t, 'Id') ?? '', type: plain(t, 'Type') ?? '', target: plain(t, 'Target') ?? '', external: plain(t, 'TargetMode') === 'External' });
    },
  });
  return rels;
}

const relOf = (rels: Rel[], kind: string) => rels.find((r) => !r.external && r.type.endsWith('/' + kind));

interface SheetEntry {
  name: string;
  rId: string;
  state: string;
}

function readWorkbookPart(part: string, xml: string): { sheets: SheetEntry[]; date1904: boolean; names: DefinedNameRef[] } {
  const sheets: SheetEntry[] = [];
  const names: DefinedNameRef[] = [];
  let date1904 = false;
  let root = true;
  // The add-in's own workbook-level defined names (`_plancheck_…`), which find its output again after edits.
  let own: DefinedNameRef | null = null;
  parse(part, xml, {
    open(t) {
      if (root) {
        root = false;
        if (!t.main || t.local !== 'workbook') throw new XlsxError('damaged', 'noWorkbook');
      }
      if (!t.main) return;
      if (t.local === 'workbookPr') date1904 = truthy(plain(t, 'date1904'));
      else if (t.local === 'sheet') sheets.push({ name: plain(t, 'name') ?? '', rId: relAttr(t, 'id') ?? '', state: plain(t, 'state') ?? 'visible' });
      else if (t.local === 'definedName') {
        const name = plain(t, 'name') ?? '';
        own = plain(t, 'localSheetId') === undefined && isOwnName(name) ? { name, ref: '' } : null;
      }
    },
    text(s) {
      if (own) own.ref += s;
    },
    close(t) {
      if (own && t.local === 'definedName') {
        own.ref = own.ref.trim().replace(/^=/, '');
        names.push(own);
        own = null;
      }
    },
  });
  return { sheets, date1904, names };
}

/** What a cell format tells the reader: a percentage, a date, or nothing it needs. */
type FormatKind = 0 | 1 | 2;
const PERCENT: FormatKind = 1;
const DATE: FormatKind = 2;

const BUILTIN_PERCENT = new Set([9, 10]);
const BUILTIN_DATE = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** A format code's kind: a % outside quotes and escapes; a date or time code (y m d h s outside quotes, colours, conditions). */
export function formatKind(code: string): FormatKind {
  const bare = code
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/_.|\*./g, '')
    .replace(/\[[^\]]*\]/g, (m) => (/^\[(h+|m+|s+)\]$/i.test(m) ? 'h' : ''));
  if (bare.includes('%')) return PERCENT;
  const first = bare.split(';')[0];
  if (/[ymdhs]/i.test(first) && !/^general$/i.test(first.trim())) return DATE;
  return 0;
}

function readStyles(part: string, xml: string): FormatKind[] {
  const codes = new Map<number, string>();
  const xfs: number[] = [];
  let inCellXfs = false;
  parse(part, xml, {
    open(t) {
      if (!t.main) return;
      if (t.local === 'numFmt') codes.set(Number(plain(t, 'numFmtId')), plain(t, 'formatCode') ?? '');
      else if (t.local === 'cellXfs') inCellXfs = true;
      else if (t.local === 'xf' && inCellXfs) xfs.push(Number(plain(t, 'numFmtId') ?? 0));
    },
    close(t) {
      if (t.local === 'cellXfs' && t.main) inCellXfs = false;
    },
  });
  return xfs.map((id) => {
    const code = codes.get(id);
    if (code !== undefined) return formatKind(code);
    if (BUILTIN_PERCENT.has(id)) return PERCENT;
    if (BUILTIN_DATE.has(id)) return DATE;
    return 0;
  });
}

/**
 * A text as a string of its own. The parser's texts are slices of the part's whole text, and one slice still held
 * (an indicator's name in the report, a risk's in the plan) keeps all of it: for the shared strings, some 13 MB at
 * 100,000 rows, held until the end of a fill. A copy holds only itself (V8 copies shorter slices anyway).
 */
function ownText(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

/** Shared strings: the text of each item, its runs joined, phonetic runs left out. */
function readSharedStrings(part: string, xml: string): string[] {
  const items: string[] = [];
  let cur: string | null = null;
  let inT = false;
  let phonetic = 0;
  parse(part, xml, {
    open(t) {
      if (!t.main) return;
      if (t.local === 'si') cur = '';
      else if (t.local === 'rPh') phonetic++;
      else if (t.local === 't' && cur !== null && !phonetic) inT = true;
    },
    close(t) {
      if (!t.main) return;
      if (t.local === 't') inT = false;
      else if (t.local === 'rPh') phonetic--;
      else if (t.local === 'si' && cur !== null) {
        items.push(ownText(unescapeSmlText(cur)));
        cur = null;
      }
    },
    text(s) {
      if (inT && cur !== null) cur += s;
    },
  });
  return items;
}

/** Where the last `scanRef` put the reference's row and column (0-based): no array made per cell. */
let refRow = 0;
let refCol = 0;

/** Reads `A1` (or `$A$1`) into refRow/refCol; false when it is not a cell reference. */
function scanRef(ref: string): boolean {
  let col = 0;
  let i = 0;
  let ch = ref.charCodeAt(0);
  if (ch === 36) ch = ref.charCodeAt(++i);
  for (; i < ref.length; i++) {
    ch = ref.charCodeAt(i);
    if (ch >= 65 && ch <= 90) col = col * 26 + ch - 64;
    else if (ch >= 97 && ch <= 122) col = col * 26 + ch - 96;
    else break;
  }
  if (ch === 36) i++;
  if (col === 0 || col > 16384 || i >= ref.length) return false;
  let row = 0;
  for (; i < ref.length; i++) {
    const d = ref.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    row = row * 10 + d;
  }
  if (row === 0 || row > 1048576) return false;
  refRow = row - 1;
  refCol = col - 1;
  return true;
}

/** `A1` → [row, col] 0-based, or null. */
function parseRef(ref: string): [number, number] | null {
  return scanRef(ref) ? [refRow, refCol] : null;
}

/** `A1:C3` (or `A1`) → a range, or null (whole rows and columns are not merges). */
export function parseRange(ref: string): CellRange | null {
  const [a, b] = ref.trim().split(':');
  const p = parseRef(a);
  const q = b === undefined ? p : parseRef(b);
  if (!p || !q) return null;
  return { top: Math.min(p[0], q[0]), left: Math.min(p[1], q[1]), bottom: Math.max(p[0], q[0]), right: Math.max(p[1], q[1]) };
}

/** `0.0136` shown as a percentage becomes the text `1.36%`, as the user sees it. */
export function percentText(v: number): string {
  const p = Number((v * 100).toPrecision(12));
  return `${p}%`;
}

/** A date serial as an ISO date (`2022-01-01`), in the workbook's date system. */
export function serialDate(v: number, date1904: boolean): string {
  const d = new Date(Math.round((v - 25569 + (date1904 ? 1462 : 0)) * 86400000));
  return Number.isNaN(d.getTime()) ? '' : d.toISOString().slice(0, 10);
}

interface Counters {
  cells: number;
  ranges: number;
}

interface SheetContext {
  name: string;
  part: string;
  shared: string[];
  kinds: FormatKind[];
  date1904: boolean;
  counters: Counters;
}

function countRanges(ctx: SheetContext, n: number): void {
  ctx.counters.ranges += n;
  if (ctx.counters.ranges > MAX_RANGES) throw new XlsxError('ranges_too_large', 'partOver', [ctx.part, ctx.counters.ranges, MAX_RANGES]);
}

function countCells(ctx: SheetContext, n: number): void {
  ctx.counters.cells += n;
  if (ctx.counters.cells > MAX_CELLS) throw new XlsxError('too_many_cells', 'partOver', [`${ctx.name} (${ctx.part})`, ctx.counters.cells, MAX_CELLS]);
}

const sqrefCount = (s: string | undefined) => (s ? s.trim().split(/\s+/).filter(Boolean).length : 0);

function readSheetPart(ctx: SheetContext, xml: string): SheetSnapshot {
  const rows: CellValue[][] = [];
  const merges: CellRange[] = [];
  let isProtected = false;
  let depth = 0;
  let sheetDataDepth = -1;
  let rowIndex = -1;
  let row: CellValue[] | null = null;
  let col = -1;
  // The cell being read.
  let cType = '';
  let cStyle = 0;
  let inCell = false;
  let field: 0 | 1 | 2 | 3 = 0; // 1 <v>, 2 <f>, 3 <is><t>
  let phonetic = 0;
  let v = '';
  let f = '';
  let hasF = false;
  let hasV = false;
  let is = '';
  let hasIs = false;
  parse(ctx.part, xml, {
    open(t) {
      depth++;
      if (!t.main) return;
      const ln = t.local;
      if (inCell) {
        if (ln === 'v') {
          field = 1;
          hasV = true;
        } else if (ln === 'f') {
          field = 2;
          hasF = true;
        } else if (ln === 'is') hasIs = true;
        else if (ln === 'rPh') phonetic++;
        else if (ln === 't' && hasIs && !phonetic) field = 3;
        return;
      }
      if (sheetDataDepth >= 0) {
        if (ln === 'row') {
          const r = plain(t, 'r');
          rowIndex = r !== undefined && /^\d+$/.test(r) ? Number(r) - 1 : rowIndex + 1;
          if (rowIndex < 0 || rowIndex >= 1048576) throw new XlsxError('damaged', 'malformed', [ctx.part, 0]);
          row = rows[rowIndex] ?? (rows[rowIndex] = []);
          col = -1;
        } else if (ln === 'c') {
          countCells(ctx, 1);
          const r = plain(t, 'r');
          if (r !== undefined && scanRef(r)) {
            if (refRow !== rowIndex) {
              rowIndex = refRow;
              row = rows[rowIndex] ?? (rows[rowIndex] = []);
            }
            col = refCol;
          } else col++;
          if (!row) {
            rowIndex = Math.max(rowIndex, 0);
            row = rows[rowIndex] ?? (rows[rowIndex] = []);
          }
          inCell = true;
          cType = plain(t, 't') ?? 'n';
          const s = plain(t, 's');
          cStyle = s ? Number(s) : 0;
          field = 0;
          v = f = is = '';
          hasF = hasV = hasIs = false;
          phonetic = 0;
        }
        return;
      }
      if (ln === 'sheetData') sheetDataDepth = depth;
      else if (ln === 'mergeCell') {
        countRanges(ctx, 1);
        const m = parseRange(plain(t, 'ref') ?? '');
        if (m && (m.bottom > m.top || m.right > m.left)) {
          countCells(ctx, (m.bottom - m.top + 1) * (m.right - m.left + 1) - 1);
          merges.push(m);
        }
      } else if (ln === 'sheetProtection') isProtected = truthy(plain(t, 'sheet'));
      else if (ln === 'dataValidation' || ln === 'conditionalFormatting') countRanges(ctx, sqrefCount(plain(t, 'sqref')));
      else if (ln === 'hyperlink') countRanges(ctx, 1);
    },
    close(t) {
      depth--;
      if (!t.main) return;
      const ln = t.local;
      if (inCell) {
        if (ln === 'c') {
          inCell = false;
          const value = cellValue(ctx, cType, cStyle, hasV ? v : null, hasF ? f : null, hasIs ? is : null);
          if (value !== null) row![col] = value;
        } else if (ln === 'rPh') phonetic--;
        else if (ln === 'v' || ln === 'f' || ln === 't') field = 0;
        return;
      }
      if (ln === 'sheetData' && depth + 1 === sheetDataDepth) sheetDataDepth = -1;
      else if (ln === 'row') row = null;
    },
    text(s) {
      if (field === 1) v += s;
      else if (field === 2) f += s;
      else if (field === 3) is += s;
    },
  });
  for (let r = 0; r < rows.length; r++) {
    const line = rows[r];
    if (!line) rows[r] = [];
    else {
      for (let c = 0; c < line.length; c++) if (line[c] === undefined) line[c] = null;
      // A row of its length: one grown cell by cell holds room for some 10 more (80 bytes a row, 8 MB at 100k rows).
      rows[r] = line.slice();
    }
  }
  // A merged area's value is its top-left cell's: the other cells of it are left empty, as Excel shows them.
  for (const m of merges) {
    for (let r = m.top; r <= m.bottom && r < rows.length; r++) {
      const line = rows[r];
      const end = Math.min(m.right, line.length - 1);
      for (let c = m.left; c <= end; c++) if (r !== m.top || c !== m.left) line[c] = null;
    }
  }
  return { name: ctx.name, rows, merges, hidden: false, protected: isProtected };
}

function numberValue(ctx: SheetContext, n: number, style: number): CellValue {
  const kind = ctx.kinds[style] ?? 0;
  if (kind === PERCENT) return percentText(n);
  if (kind === DATE) return { date: serialDate(n, ctx.date1904) };
  return n;
}

function cellValue(ctx: SheetContext, t: string, style: number, v: string | null, f: string | null, is: string | null): CellValue {
  switch (t) {
    case 's': {
      if (v === null) return null;
      const s = ctx.shared[Number(v)];
      return s === undefined ? null : s;
    }
    case 'inlineStr':
      if (is !== null) return unescapeSmlText(is);
      return v;
    case 'str':
      if (v !== null) return unescapeSmlText(v);
      break;
    case 'b':
      if (v !== null) return v.trim() === '1' || v.trim().toLowerCase() === 'true';
      break;
    case 'e':
      if (v !== null) return { error: v.trim() };
      break;
    case 'd':
      if (v !== null && v.trim()) {
        const d = new Date(v.trim().length <= 10 ? v.trim() + 'T00:00:00Z' : v.trim());
        return { date: Number.isNaN(d.getTime()) ? v.trim().slice(0, 10) : d.toISOString().slice(0, 10) };
      }
      break;
    default:
      if (v !== null && v.trim() !== '') {
        const n = Number(v);
        if (Number.isFinite(n)) return numberValue(ctx, n, style);
        return v;
      }
  }
  if (f !== null) return { formula: '=' + f };
  return null;
}

// ---------------------------------------------------------------------------------------------
// The workbook
// ---------------------------------------------------------------------------------------------

export interface ReadResult {
  snapshot: WorkbookSnapshot;
  package: XlsxPackage;
  /** Where each sheet of the snapshot is (its part), in the snapshot's order. */
  parts: string[];
}

/**
 * Reads a workbook from its bytes: the snapshot the engine checks and the package `fill` then edits (with
 * `keepTexts`, the texts of the parts read are kept in it, so that nothing is unpacked twice).
 */
export function readWorkbook(bytes: Uint8Array, options: ReadOptions = {}): ReadResult {
  const pkg = openPackage(bytes, options);
  const keep = !!options.keepTexts;
  const rootRels = readRels(pkg, '_rels/.rels', keep);
  const officeRel = relOf(rootRels, 'officeDocument');
  // A package without its root relationships (some generators leave them out) still has its workbook where
  // every producer puts it.
  if (!officeRel && !pkg.has('xl/workbook.xml')) throw new XlsxError('damaged', 'noWorkbook');
  const wbPart = officeRel ? resolveTarget('', officeRel.target) : 'xl/workbook.xml';
  if (!pkg.has(wbPart)) throw new XlsxError('damaged', 'missingPart', [wbPart]);
  const wb = readWorkbookPart(wbPart, pkg.text(wbPart, keep));
  const wbRels = readRels(pkg, relsPathOf(wbPart), keep);
  const stylesRel = relOf(wbRels, 'styles');
  const stylesPart = stylesRel ? resolveTarget(wbPart, stylesRel.target) : null;
  const kinds = stylesPart && pkg.has(stylesPart) ? readStyles(stylesPart, pkg.text(stylesPart, keep)) : [];
  const sstRel = relOf(wbRels, 'sharedStrings');
  const sstPart = sstRel ? resolveTarget(wbPart, sstRel.target) : null;
  const shared = sstPart && pkg.has(sstPart) ? readSharedStrings(sstPart, pkg.text(sstPart, false)) : [];
  if (keep && sstPart && pkg.has(sstPart)) pkg.sharedStrings.set(pkg.entry(sstPart)!.name, shared);
  const counters: Counters = { cells: 0, ranges: 0 };
  const sheets: SheetSnapshot[] = [];
  const parts: string[] = [];
  for (const e of wb.sheets) {
    const rel = wbRels.find((r) => r.id === e.rId);
    // Chart sheets, dialog sheets and macro sheets hold no cells the engine reads.
    if (!rel || rel.external || !rel.type.endsWith('/worksheet')) continue;
    const part = resolveTarget(wbPart, rel.target);
    if (!pkg.has(part)) throw new XlsxError('damaged', 'missingPart', [part]);
    const snap = readSheetPart({ name: e.name, part, shared, kinds, date1904: wb.date1904, counters }, pkg.text(part, keep));
    snap.hidden = e.state !== 'visible';
    sheets.push(snap);
    parts.push(part);
  }
  if (!sheets.length) throw new XlsxError('damaged', 'noSheets');
  const settings = readSettingsPart(pkg);
  const snapshot: WorkbookSnapshot = { sheets };
  if (wb.names.length) snapshot.names = wb.names;
  if (settings !== undefined) snapshot.settings = settings;
  return { snapshot, package: pkg, parts };
}

/**
 * The settings plancheck keeps in the workbook (a custom XML part, customXml/itemN.xml, as the task pane's
 * `customXmlParts.add()` makes it): the raw JSON text for the engine to check, or undefined.
 */
function readSettingsPart(pkg: XlsxPackage): string | undefined {
  const items = pkg.entries.filter((e) => /^customXml\/item\d+\.xml$/i.test(e.name)).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const e of items) {
    if (e.uncompressedSize > 1 << 20) continue; // not ours: ours is small
    let text: string;
    try {
      text = pkg.text(e.name, false);
    } catch {
      continue; // a part of someone else's that cannot be read is not plancheck's
    }
    const found = settingsFromPartXml(text);
    if (found !== null) return found;
  }
  return undefined;
}

export type { DetailKey };
