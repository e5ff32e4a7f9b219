/**
 * The package (OPC) layer: zip entries, content types and relationships. An entry the writer does not
 * edit keeps its compressed bytes (copied raw from the input by the writer's own zip writer, zipWrite.ts), its
 * name, its method, its date and its place in the zip.
 */
import { inflateZlib } from '../node/files';
import { XlsxPackage } from '../xlsx/read';
import { readZipDirectory, type ZipEntry } from '../xlsx/zip';
import { writeZipPieces, ZipWriteError, type ZipItem, type ZipSource } from './zipWrite';
import { attrsOf, childrenOf, El, escapeAttr, localName, rootElement, startTag, XmlError } from './xml';

/** A package the writer cannot edit safely: the caller falls back or stops, it never guesses. */
export class PackageError extends Error {
  constructor(
    readonly reason: string,
    readonly part = '',
  ) {
    super(part ? `${part}: ${reason}` : reason);
  }
}

export const NS = {
  main: 'http://schemas.openxmlformats.org/spreadsheetml/2006/main',
  rel: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
  pkgRel: 'http://schemas.openxmlformats.org/package/2006/relationships',
  strictMain: 'http://purl.oclc.org/ooxml/spreadsheetml/main',
  strictRel: 'http://purl.oclc.org/ooxml/officeDocument/relationships',
};

export const REL = {
  officeDocument: `${NS.rel}/officeDocument`,
  worksheet: `${NS.rel}/worksheet`,
  styles: `${NS.rel}/styles`,
  sharedStrings: `${NS.rel}/sharedStrings`,
  comments: `${NS.rel}/comments`,
  vmlDrawing: `${NS.rel}/vmlDrawing`,
  threadedComment: 'http://schemas.microsoft.com/office/2017/10/relationships/threadedComment',
};

export const CT = {
  worksheet: 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml',
  comments: 'application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml',
  vml: 'application/vnd.openxmlformats-officedocument.vmlDrawing',
  styles: 'application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml',
};

const utf8 = new TextDecoder('utf-8', { fatal: true });
const utf8enc = new TextEncoder();

/** What an entry of the output holds when it is not the input's entry as it was. */
type Content =
  | { kind: 'text'; text: string }
  /** A part made piece by piece (a sheet's rows): packed as it is made, never joined into one text. */
  | { kind: 'chunks'; chunks: () => Iterable<string> }
  | { kind: 'bytes'; bytes: Uint8Array };

interface Item {
  name: string;
  /** The input's entry (null for a part this run adds). */
  entry: ZipEntry | null;
  /** Null: the input's entry, copied as packed. */
  content: Content | null;
}

export class Package {
  private readonly byLower = new Map<string, Item>();
  /** Entries in zip order (removed ones taken out). */
  private items: Item[] = [];
  private readonly texts = new Map<string, string>();
  /** The shared strings the reader parsed, by part name. */
  private readonly sharedStrings = new Map<string, string[]>();
  private readonly boms = new Set<string>();
  /** Parts written by this run, in the order they were first added. */
  readonly added: string[] = [];
  readonly removed: string[] = [];
  readonly edited = new Set<string>();

  /** The package as the reader read it: its bytes and zip directory; parts are unpacked by it, within its limits. */
  private constructor(
    private readonly read: XlsxPackage,
    /** Loaded here from bytes (not handed over by the reader): a part that does not unpack is a package error. */
    private readonly loaded = false,
  ) {
    for (const e of read.entries) {
      const item: Item = { name: e.name, entry: e, content: null };
      this.items.push(item);
      this.byLower.set(e.name.toLowerCase(), item);
    }
  }

  static async load(bytes: Uint8Array): Promise<Package> {
    let entries: ZipEntry[];
    try {
      entries = readZipDirectory(bytes);
    } catch (e) {
      throw new PackageError(`not a readable zip (${(e as Error).message})`);
    }
    return new Package(new XlsxPackage(bytes, entries, inflateZlib), true);
  }

  /**
   * The package the reader parsed (src/hosts/xlsx): the same zip directory, and a part is unpacked by the reader
   * (within its limits) or taken from the texts it already decoded.
   */
  static async fromRead(read: XlsxPackage): Promise<Package> {
    const pkg = new Package(read);
    for (const [name, t] of read.texts) {
      pkg.texts.set(name, t.text);
      if (t.bom) pkg.boms.add(name);
    }
    for (const [name, items] of read.sharedStrings) pkg.sharedStrings.set(name, items);
    // Held here only from now on: a text the writer replaces is then free.
    read.texts.clear();
    read.sharedStrings.clear();
    return pkg;
  }

  /** The shared strings of a part as the reader parsed them, or null (then the writer parses the part itself). */
  parsedSharedStrings(part: string): string[] | null {
    const name = this.find(part);
    return (name ? this.sharedStrings.get(name) : undefined) ?? null;
  }

  /** Entry names in zip order. */
  names(): string[] {
    return this.items.filter((i) => !i.name.endsWith('/')).map((i) => i.name);
  }

  /** The entry name of a part (part names are case-insensitive), or null. */
  find(part: string): string | null {
    return this.byLower.get(part.replace(/^\//, '').toLowerCase())?.name ?? null;
  }

  has(part: string): boolean {
    return this.find(part) !== null;
  }

  private item(part: string): Item {
    const it = this.byLower.get(part.replace(/^\//, '').toLowerCase());
    if (!it) throw new PackageError('missing part', part);
    return it;
  }

  async bytes(part: string): Promise<Uint8Array> {
    const it = this.item(part);
    const c = it.content;
    if (!c) {
      if (!this.loaded) return this.read.part(it.name);
      try {
        return this.read.part(it.name);
      } catch (e) {
        throw new PackageError(`not a readable zip (${(e as Error).message})`, it.name);
      }
    }
    if (c.kind === 'bytes') return c.bytes;
    const text = c.kind === 'text' ? c.text : [...c.chunks()].join('');
    return this.boms.has(it.name) ? concatBom(utf8enc.encode(text)) : utf8enc.encode(text);
  }

  /** A part as text (UTF-8; a UTF-16 part is refused rather than guessed). */
  async text(part: string): Promise<string> {
    const it = this.item(part);
    const name = it.name;
    const cached = this.texts.get(name);
    if (cached !== undefined) return cached;
    if (it.content?.kind === 'chunks') return [...it.content.chunks()].join('');
    const b = await this.bytes(name);
    let start = 0;
    if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) {
      start = 3;
      this.boms.add(name);
    } else if ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff)) throw new PackageError('UTF-16 part', part);
    let s: string;
    try {
      s = utf8.decode(b.subarray(start));
    } catch {
      throw new PackageError('not UTF-8', part);
    }
    const decl = /^<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']/.exec(s);
    if (decl && !/^utf-?8$/i.test(decl[1])) throw new PackageError(`encoding ${decl[1]}`, part);
    this.texts.set(name, s);
    return s;
  }

  /** A part's bytes as one character each (VML may be in a legacy code page: its bytes are kept). */
  async latin1(part: string): Promise<string> {
    return Buffer.from(await this.bytes(part)).toString('latin1');
  }

  setLatin1(part: string, s: string): void {
    const it = this.item(part);
    it.content = { kind: 'bytes', bytes: Buffer.from(s, 'latin1') };
    this.texts.delete(it.name);
    this.edited.add(it.name);
  }

  /** Replaces a part's text; its entry keeps its place, date and attributes. */
  setText(part: string, xml: string): void {
    const name = this.find(part);
    if (!name) return this.add(part, xml);
    if (this.texts.get(name) === xml) return;
    this.item(name).content = { kind: 'text', text: xml };
    this.texts.set(name, xml);
    this.edited.add(name);
  }

  /**
   * Replaces a part's text with one made piece by piece when the package is written (a sheet's rows): the pieces
   * are packed as they come. `chunks` may be called more than once (a later read of the part).
   */
  setChunks(part: string, chunks: () => Iterable<string>): void {
    const name = this.find(part);
    if (!name) {
      this.add(part, '');
      return this.setChunks(part, chunks);
    }
    this.item(name).content = { kind: 'chunks', chunks };
    this.texts.delete(name);
    this.edited.add(name);
  }

  /** A new part, at the end of the zip. */
  add(part: string, content: string): void {
    const name = part.replace(/^\//, '');
    if (this.find(name)) throw new PackageError('part exists', name);
    // No folder entries: Excel's own packages have none.
    const item: Item = { name, entry: null, content: { kind: 'text', text: content } };
    this.items.push(item);
    this.byLower.set(name.toLowerCase(), item);
    this.texts.set(name, content);
    this.added.push(name);
  }

  remove(part: string): void {
    const name = this.find(part);
    if (!name) return;
    const it = this.item(name);
    this.items = this.items.filter((x) => x !== it);
    this.byLower.delete(name.toLowerCase());
    this.texts.delete(name);
    this.boms.delete(name);
    const k = this.added.indexOf(name);
    if (k >= 0) this.added.splice(k, 1);
    else {
      this.removed.push(name);
      this.edited.delete(name);
    }
  }

  /**
   * Lets go of what was kept for reading (the texts of the parts not edited, which are copied packed, and the parsed
   * shared strings): a part read after this is unpacked again.
   */
  releaseTexts(): void {
    for (const it of this.items) if (!it.content) this.texts.delete(it.name);
    this.sharedStrings.clear();
  }

  /**
   * The package's bytes: an entry not edited is copied as packed in the input (its bytes, name, method, date and
   * attributes); an edited or new part is deflated (level 6) by Node's zlib.
   */
  async generate(): Promise<Buffer> {
    return Buffer.concat(await this.generatePieces());
  }

  /** The same as generate(), as the zip's pieces in order. */
  async generatePieces(): Promise<Uint8Array[]> {
    const items: ZipItem[] = this.items.map((it) => {
      const e = it.entry;
      const meta = e
        ? { modTime: e.modTime, modDate: e.modDate, versionMadeBy: e.versionMadeBy, internalAttrs: e.internalAttrs, externalAttrs: e.externalAttrs, utf8: (e.flags & 0x800) !== 0 }
        : {};
      const c = it.content;
      const bom = this.boms.has(it.name);
      let source: ZipSource;
      if (!c) source = { kind: 'raw', zip: this.read.bytes, entry: e! };
      else if (c.kind === 'bytes') source = { kind: 'bytes', data: c.bytes };
      else if (c.kind === 'text') source = { kind: 'text', chunks: [c.text], bom };
      else source = { kind: 'text', chunks: c.chunks(), bom };
      return { name: it.name, source, ...meta };
    });
    try {
      return await writeZipPieces(items);
    } catch (e) {
      if (e instanceof ZipWriteError) throw new PackageError(e.message);
      throw e;
    }
  }
}

function concatBom(b: Uint8Array): Uint8Array {
  const out = new Uint8Array(b.length + 3);
  out.set([0xef, 0xbb, 0xbf]);
  out.set(b, 3);
  return out;
}

/** `xl/worksheets/sheet1.xml` → `xl/worksheets/_rels/sheet1.xml.rels`. */
export function relsPathOf(part: string): string {
  const p = part.replace(/^\//, '');
  const slash = p.lastIndexOf('/');
  return `${p.slice(0, slash + 1)}_rels/${p.slice(slash + 1)}.rels`;
}

/** A relationship target resolved against its source part, as a part name without the leading `/`. */
export function resolveTarget(source: string, target: string): string {
  let t = target;
  try {
    t = decodeURI(target);
  } catch {
    // keep it as written
  }
  const parts = t.startsWith('/') ? [] : source.replace(/^\//, '').split('/').slice(0, -1);
  for (const seg of t.replace(/^\//, '').split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/');
}

/** A target for a new relationship from `source` to `part`, relative as Excel writes them. */
export function relativeTarget(source: string, part: string): string {
  const from = source.replace(/^\//, '').split('/').slice(0, -1);
  const to = part.replace(/^\//, '').split('/');
  let k = 0;
  while (k < from.length && k < to.length - 1 && from[k] === to[k]) k++;
  return [...from.slice(k).map(() => '..'), ...to.slice(k)].join('/');
}

export interface Rel {
  id: string;
  type: string;
  target: string;
  external: boolean;
  el: El;
}

/** A relationships part, edited in place: removed relationships cut out, new ones added before the end tag. */
export class Rels {
  rels: Rel[] = [];
  private xml: string;
  private readonly removedIds = new Set<string>();
  private readonly addedXml: string[] = [];
  dirty = false;

  constructor(
    readonly path: string,
    xml: string | null,
  ) {
    this.xml = xml ?? `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${NS.pkgRel}"></Relationships>`;
    if (xml === null) this.dirty = true;
    const root = rootElement(this.xml);
    for (const el of childrenOf(this.xml, root)) {
      if (localName(el.name) !== 'Relationship') continue;
      const a = attrsOf(startTag(this.xml, el));
      this.rels.push({ id: a.get('Id') ?? '', type: a.get('Type') ?? '', target: a.get('Target') ?? '', external: a.get('TargetMode') === 'External', el });
    }
  }

  /** The part this relationships part belongs to. */
  get source(): string {
    return this.path.replace(/(^|\/)_rels\/([^/]*)\.rels$/, '$1$2');
  }

  byId(id: string): Rel | undefined {
    return this.rels.find((r) => r.id === id);
  }

  targetOf(r: Rel): string {
    return resolveTarget(this.source, r.target);
  }

  remove(id: string): void {
    const k = this.rels.findIndex((r) => r.id === id);
    if (k < 0) return;
    const r = this.rels[k];
    this.rels.splice(k, 1);
    if (r.el.start >= 0) this.removedIds.add(id);
    else {
      const j = this.addedXml.findIndex((x) => x.includes(`Id="${id}"`));
      if (j >= 0) this.addedXml.splice(j, 1);
    }
    this.dirty = true;
  }

  add(type: string, part: string): string {
    const used = new Set(this.rels.map((r) => r.id));
    let n = 1;
    while (used.has(`rId${n}`)) n++;
    const id = `rId${n}`;
    const target = relativeTarget(this.source, part);
    const xml = `<Relationship Id="${id}" Type="${escapeAttr(type)}" Target="${escapeAttr(target)}"/>`;
    this.rels.push({ id, type, target, external: false, el: { name: 'Relationship', start: -1, openEnd: -1, closeStart: -1, end: -1, selfClosing: true } });
    this.addedXml.push(xml);
    this.dirty = true;
    return id;
  }

  get empty(): boolean {
    return this.rels.length === 0;
  }

  serialize(): string {
    if (!this.dirty) return this.xml;
    let xml = this.xml;
    let root = rootElement(xml);
    if (root.selfClosing) {
      xml = xml.slice(0, root.openEnd - 2) + `></${root.name}>` + xml.slice(root.end);
      root = rootElement(xml);
    }
    let out = '';
    let at = 0;
    for (const el of childrenOf(xml, root)) {
      if (localName(el.name) !== 'Relationship') continue;
      const id = attrsOf(startTag(xml, el)).get('Id') ?? '';
      if (!this.removedIds.has(id)) continue;
      out += xml.slice(at, el.start);
      at = el.end;
    }
    return out + xml.slice(at, root.closeStart) + this.addedXml.join('') + xml.slice(root.closeStart);
  }
}

/** `[Content_Types].xml`, edited in place. */
export class ContentTypes {
  private xml: string;
  private readonly defaults = new Map<string, string>();
  private readonly overrides = new Map<string, { raw: El | null; ct: string }>();
  private readonly removedStarts = new Set<number>();
  private readonly addedXml: { part: string; xml: string }[] = [];
  dirty = false;

  constructor(xml: string) {
    this.xml = xml;
    const root = rootElement(xml);
    for (const el of childrenOf(xml, root)) {
      const a = attrsOf(startTag(xml, el));
      if (localName(el.name) === 'Default') this.defaults.set((a.get('Extension') ?? '').toLowerCase(), a.get('ContentType') ?? '');
      else if (localName(el.name) === 'Override') this.overrides.set((a.get('PartName') ?? '').toLowerCase(), { raw: el, ct: a.get('ContentType') ?? '' });
    }
  }

  typeOf(part: string): string | undefined {
    const name = '/' + part.replace(/^\//, '');
    const o = this.overrides.get(name.toLowerCase());
    if (o) return o.ct;
    const ext = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
    return this.defaults.get(ext);
  }

  hasDefault(ext: string): boolean {
    return this.defaults.has(ext.toLowerCase());
  }

  addDefault(ext: string, ct: string): void {
    if (this.defaults.has(ext.toLowerCase())) return;
    this.defaults.set(ext.toLowerCase(), ct);
    this.addedXml.push({ part: '', xml: `<Default Extension="${escapeAttr(ext)}" ContentType="${escapeAttr(ct)}"/>` });
    this.dirty = true;
  }

  addOverride(part: string, ct: string): void {
    const name = '/' + part.replace(/^\//, '');
    const cur = this.overrides.get(name.toLowerCase());
    if (cur && cur.ct === ct) return;
    if (cur) this.removeOverride(part);
    this.overrides.set(name.toLowerCase(), { raw: null, ct });
    this.addedXml.push({ part: name.toLowerCase(), xml: `<Override PartName="${escapeAttr(name)}" ContentType="${escapeAttr(ct)}"/>` });
    this.dirty = true;
  }

  removeOverride(part: string): void {
    const name = ('/' + part.replace(/^\//, '')).toLowerCase();
    const cur = this.overrides.get(name);
    if (!cur) return;
    this.overrides.delete(name);
    if (cur.raw) this.removedStarts.add(cur.raw.start);
    else {
      const k = this.addedXml.findIndex((x) => x.part === name);
      if (k >= 0) this.addedXml.splice(k, 1);
    }
    this.dirty = true;
  }

  serialize(): string {
    if (!this.dirty) return this.xml;
    const root = rootElement(this.xml);
    let out = '';
    let at = 0;
    for (const el of childrenOf(this.xml, root)) {
      if (!this.removedStarts.has(el.start)) continue;
      out += this.xml.slice(at, el.start);
      at = el.end;
    }
    // Defaults go before the overrides (the schema allows any order; Excel writes them first).
    const defaults = this.addedXml.filter((x) => !x.part).map((x) => x.xml);
    const overrides = this.addedXml.filter((x) => x.part).map((x) => x.xml);
    let body = out + this.xml.slice(at, root.closeStart) + overrides.join('') + this.xml.slice(root.closeStart);
    if (defaults.length) {
      const r2 = rootElement(body);
      body = body.slice(0, r2.openEnd) + defaults.join('') + body.slice(r2.openEnd);
    }
    return body;
  }
}

/** Parses a part, turning a scanner error into a package error naming the part. */
export function checked<T>(part: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof XmlError) throw new PackageError(`malformed XML (${e.message})`, part);
    throw e;
  }
}
