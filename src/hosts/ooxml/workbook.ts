/**
 * `xl/workbook.xml` edited in place: `<sheet>` entries taken out or added at the end, the active tab, and
 * sheet-local defined names of removed sheets. Everything else (defined names, pivot caches, external
 * references, calculation properties, extensions) keeps its text.
 */
import { NS, PackageError } from './opc';
import { relPrefixOf, setElementInOrder } from './parts';
import { attr, attrList, childrenOf, El, escapeAttr, escapeText, localName, prefixOf, rootElement, setAttr, startTag, unescapeXml, XmlError } from './xml';

export interface SheetEntry {
  name: string;
  sheetId: number;
  rId: string;
  state: string;
  /** Index in the original `<sheets>`; -1 for a sheet added by this run. */
  original: number;
  raw: string;
}

const ORDER = [
  'fileVersion',
  'fileSharing',
  'workbookPr',
  'AlternateContent',
  'revisionPtr',
  'workbookProtection',
  'bookViews',
  'sheets',
  'functionGroups',
  'externalReferences',
  'definedNames',
  'calcPr',
  'oleSize',
  'customWorkbookViews',
  'pivotCaches',
  'smartTagPr',
  'smartTagTypes',
  'webPublishing',
  'fileRecoveryPr',
  'webPublishObjects',
  'extLst',
];

interface Part {
  local: string;
  raw: string;
}

export class Workbook {
  private head: string;
  private readonly tail: string;
  private readonly parts: Part[] = [];
  readonly prefix: string;
  readonly sheets: SheetEntry[] = [];
  private readonly removedIndexes: number[] = [];
  private sheetsDirty = false;
  private activeTab: number | null = null;
  dirty = false;

  constructor(
    xml: string,
    readonly part: string,
  ) {
    let root: El;
    try {
      root = rootElement(xml);
      let at = root.openEnd;
      for (const k of childrenOf(xml, root)) {
        this.parts.push({ local: localName(k.name), raw: xml.slice(at, k.end) });
        at = k.end;
      }
      this.head = xml.slice(0, root.openEnd);
      this.tail = xml.slice(at);
    } catch (e) {
      if (e instanceof XmlError) throw new PackageError(`malformed XML (${e.message})`, part);
      throw e;
    }
    this.prefix = prefixOf(root.name);
    const ns = attrList(startTag(xml, root)).find(([k]) => k === (this.prefix ? `xmlns:${this.prefix}` : 'xmlns'))?.[1];
    if (ns === NS.strictMain) throw new PackageError('Strict Open XML', part);
    if (ns !== NS.main) throw new PackageError(`unknown namespace ${ns}`, part);
    const sheets = this.find('sheets');
    if (!sheets) throw new PackageError('no <sheets>', part);
    const { xml: sx, el } = elOf(sheets);
    childrenOf(sx, el).forEach((k, i) => {
      const tag = startTag(sx, k);
      const a = attrList(tag);
      const rid = a.find(([n]) => localName(n) === 'id' && n.includes(':'))?.[1] ?? '';
      this.sheets.push({
        name: a.find(([n]) => n === 'name')?.[1] ?? '',
        sheetId: Number(a.find(([n]) => n === 'sheetId')?.[1] ?? 0),
        rId: rid,
        state: a.find(([n]) => n === 'state')?.[1] ?? 'visible',
        original: i,
        raw: sx.slice(k.start, k.end),
      });
    });
  }

  private q(local: string): string {
    return this.prefix ? `${this.prefix}:${local}` : local;
  }

  private find(local: string): Part | undefined {
    return this.parts.find((p) => p.local === local);
  }

  private setPart(local: string, xml: string | null): void {
    this.dirty = true;
    setElementInOrder(this.parts, ORDER, local, xml);
  }


  private relPrefix(): string {
    const { prefix, head } = relPrefixOf(this.head);
    if (head !== this.head) {
      this.head = head;
      this.dirty = true;
    }
    return prefix;
  }


  removeSheet(name: string): SheetEntry | null {
    const k = this.sheets.findIndex((s) => s.name === name);
    if (k < 0) return null;
    const [s] = this.sheets.splice(k, 1);
    if (s.original >= 0) this.removedIndexes.push(s.original);
    this.sheetsDirty = true;
    return s;
  }

  addSheet(name: string, rId: string, veryHidden: boolean): SheetEntry {
    const sheetId = Math.max(0, ...this.sheets.map((s) => s.sheetId)) + 1;
    const r = this.relPrefix();
    const raw = `<${this.q('sheet')} name="${escapeAttr(name)}" sheetId="${sheetId}"${veryHidden ? ' state="veryHidden"' : ''} ${r}:id="${escapeAttr(rId)}"/>`;
    const s: SheetEntry = { name, sheetId, rId, state: veryHidden ? 'veryHidden' : 'visible', original: -1, raw };
    this.sheets.push(s);
    this.sheetsDirty = true;
    return s;
  }

  /** The active tab as the file has it (0 when none is written). */
  currentActiveTab(): number {
    const p = this.find('bookViews');
    if (!p) return 0;
    const { xml, el } = elOf(p);
    const v = childrenOf(xml, el)[0];
    return v ? Number(attr(startTag(xml, v), 'activeTab') ?? 0) || 0 : 0;
  }

  setActiveTab(index: number): void {
    this.activeTab = index;
  }

  /** Print names to add: `_xlnm.Print_Area` and `_xlnm.Print_Titles` of a sheet, written with its final index. */
  private readonly printNames: { sheet: string; name: string; value: string }[] = [];

  /** A sheet-local built-in name (`_xlnm.Print_Area`, `_xlnm.Print_Titles`) for `sheet`, replacing one of the same name. */
  setSheetName(sheet: string, name: string, value: string): void {
    this.printNames.push({ sheet, name, value });
  }

  private writePrintNames(): void {
    if (!this.printNames.length) return;
    const p = this.find('definedNames');
    const items: { name: string; local: string | undefined; raw: string }[] = [];
    let tag = `<${this.q('definedNames')}>`;
    let close = `</${this.q('definedNames')}>`;
    if (p) {
      const { xml, el } = elOf(p);
      tag = startTag(xml, el).replace(/\s*\/>$/, '>');
      close = `</${el.name}>`;
      for (const d of el.selfClosing ? [] : childrenOf(xml, el)) {
        const t = startTag(xml, d);
        items.push({ name: attr(t, 'name') ?? '', local: attr(t, 'localSheetId'), raw: xml.slice(d.start, d.end) });
      }
    }
    for (const n of this.printNames) {
      const index = this.sheets.findIndex((s) => s.name === n.sheet);
      if (index < 0) continue;
      const local = String(index);
      const same = items.findIndex((x) => x.name.toLowerCase() === n.name.toLowerCase() && x.local === local);
      const raw = `<${this.q('definedName')} name="${n.name}" localSheetId="${local}">${escapeAttr(n.value)}</${this.q('definedName')}>`;
      if (same >= 0) items[same] = { name: n.name, local, raw };
      else items.push({ name: n.name, local, raw });
    }
    this.setPart('definedNames', `${tag}${items.map((x) => x.raw).join('')}${close}`);
  }

  serialize(): string {
    if (this.sheetsDirty) {
      const p = this.find('sheets')!;
      const { xml, el } = elOf(p);
      const tag = startTag(xml, el).replace(/\s*\/>$/, '>');
      this.setPart('sheets', `${tag}${this.sheets.map((s) => s.raw).join('')}</${el.name}>`);
      this.fixDefinedNames();
    }
    this.writePrintNames();
    const count = this.sheets.length;
    const visible = (i: number) => i >= 0 && i < count && this.sheets[i].state !== 'hidden' && this.sheets[i].state !== 'veryHidden';
    const firstVisible = Math.max(0, this.sheets.findIndex((_, i) => visible(i)));
    const p = this.find('bookViews');
    if (p) {
      const { xml, el } = elOf(p);
      let changed = false;
      let out = '';
      let at = el.openEnd;
      out += xml.slice(0, el.openEnd);
      for (const v of childrenOf(xml, el)) {
        let tag = startTag(xml, v);
        const cur = Number(attr(tag, 'activeTab') ?? 0) || 0;
        const want = this.activeTab ?? (visible(cur) ? cur : firstVisible);
        if (want !== cur) tag = setAttr(tag, 'activeTab', String(want));
        const first = Number(attr(tag, 'firstSheet') ?? 0) || 0;
        if (first >= count) tag = setAttr(tag, 'firstSheet', '0');
        else if (this.activeTab !== null && first > want) tag = setAttr(tag, 'firstSheet', String(want));
        if (tag !== startTag(xml, v)) changed = true;
        out += xml.slice(at, v.start) + tag + xml.slice(v.openEnd, v.end);
        at = v.end;
      }
      out += xml.slice(at);
      if (changed) this.setPart('bookViews', out);
    } else if (this.activeTab !== null && this.activeTab > 0) {
      this.setPart('bookViews', `<${this.q('bookViews')}><${this.q('workbookView')} activeTab="${this.activeTab}"/></${this.q('bookViews')}>`);
    }
    return this.head + this.parts.map((x) => x.raw).join('') + this.tail;
  }

  /** The workbook-level defined names (not sheet-local ones): name and reference text. */
  definedNames(): { name: string; ref: string }[] {
    const p = this.find('definedNames');
    if (!p) return [];
    const { xml, el } = elOf(p);
    const out: { name: string; ref: string }[] = [];
    for (const d of childrenOf(xml, el)) {
      const tag = startTag(xml, d);
      if (attr(tag, 'localSheetId') !== undefined) continue;
      out.push({ name: attr(tag, 'name') ?? '', ref: unescapeXml(xml.slice(d.openEnd, d.closeStart)) });
    }
    return out;
  }

  /**
   * The add-in's own defined names replaced by `names` (hidden, workbook-level): every other name — the user's,
   * Excel's `_xlnm.` print areas and titles, sheet-local ones — keeps its text.
   */
  setOwnNames(isOwn: (name: string) => boolean, names: { name: string; ref: string }[]): void {
    const p = this.find('definedNames');
    const kept: string[] = [];
    let open = `<${this.q('definedNames')}>`;
    let close = `</${this.q('definedNames')}>`;
    let removed = 0;
    let tagName = this.q('definedName');
    if (p) {
      const { xml, el } = elOf(p);
      open = startTag(xml, el).replace(/\s*\/>$/, '>');
      close = `</${el.name}>`;
      for (const d of childrenOf(xml, el)) {
        const tag = startTag(xml, d);
        tagName = d.name;
        if (isOwn(attr(tag, 'name') ?? '')) {
          removed++;
          continue;
        }
        kept.push(xml.slice(d.start, d.end));
      }
    }
    if (!removed && !names.length) return;
    const ours = names.map((n) => `<${tagName} name="${escapeAttr(n.name)}" hidden="1">${escapeText(n.ref)}</${tagName}>`);
    const all = [...kept, ...ours];
    this.setPart('definedNames', all.length ? `${open}${all.join('')}${close}` : null);
  }

  /** Sheet-local names of removed sheets go with them; the others follow their sheet's new index. */
  private fixDefinedNames(): void {
    if (!this.removedIndexes.length) return;
    const p = this.find('definedNames');
    if (!p) return;
    const { xml, el } = elOf(p);
    const removed = new Set(this.removedIndexes);
    let out = xml.slice(0, el.openEnd);
    let at = el.openEnd;
    let kept = 0;
    let changed = false;
    for (const d of childrenOf(xml, el)) {
      const tag = startTag(xml, d);
      const local = attr(tag, 'localSheetId');
      out += xml.slice(at, d.start);
      at = d.end;
      if (local === undefined) {
        out += xml.slice(d.start, d.end);
        kept++;
        continue;
      }
      const i = Number(local);
      if (removed.has(i)) {
        changed = true;
        continue;
      }
      const shift = this.removedIndexes.filter((x) => x < i).length;
      kept++;
      if (!shift) out += xml.slice(d.start, d.end);
      else {
        changed = true;
        out += setAttr(tag, 'localSheetId', String(i - shift)) + xml.slice(d.openEnd, d.end);
      }
    }
    out += xml.slice(at);
    if (!changed) return;
    this.setPart('definedNames', kept ? out : null);
  }
}

function elOf(p: Part): { xml: string; el: El } {
  const xml = p.raw.slice(p.raw.indexOf('<'));
  return { xml, el: rootElement(xml) };
}
