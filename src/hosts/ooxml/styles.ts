/**
 * `xl/styles.xml`: new fonts, fills, borders, number formats and cell formats (xf) are appended, equal
 * ones are reused, existing entries are never changed. A cell's new style is a copy of its current xf with
 * the plan's format on top, the way the ExcelJS host builds it from the cell's style.
 */
import type { CellFormat } from '../../engine/writePlan';
import { PackageError } from './opc';
import { canonical, childrenOf, El, escapeAttr, localName, parseTree, prefixOf, rootElement, serializeTree, startTag, XNode } from './xml';

/** Excel's built-in number formats, by format code. */
const BUILTIN_NUMFMTS: Record<string, number> = {
  General: 0,
  '0': 1,
  '0.00': 2,
  '#,##0': 3,
  '#,##0.00': 4,
  '0%': 9,
  '0.00%': 10,
  '0.00E+00': 11,
  '# ?/?': 12,
  '# ??/??': 13,
  'mm-dd-yy': 14,
  'd-mmm-yy': 15,
  'd-mmm': 16,
  'mmm-yy': 17,
  'h:mm AM/PM': 18,
  'h:mm:ss AM/PM': 19,
  'h:mm': 20,
  'h:mm:ss': 21,
  'm/d/yy h:mm': 22,
  '#,##0 ;(#,##0)': 37,
  '#,##0 ;[Red](#,##0)': 38,
  '#,##0.00;(#,##0.00)': 39,
  '#,##0.00;[Red](#,##0.00)': 40,
  'mm:ss': 45,
  '[h]:mm:ss': 46,
  'mmss.0': 47,
  '##0.0E+0': 48,
  '@': 49,
};

/** The order of the stylesheet's children (CT_Stylesheet). */
const ORDER = ['numFmts', 'fonts', 'fills', 'borders', 'cellStyleXfs', 'cellXfs', 'cellStyles', 'dxfs', 'tableStyles', 'colors', 'extLst'];

/** Canonical child order of a font (CT_Font is a choice, Excel writes this order). */
const FONT_ORDER = ['b', 'i', 'strike', 'condense', 'extend', 'outline', 'shadow', 'u', 'vertAlign', 'sz', 'color', 'name', 'family', 'charset', 'scheme'];

/** Attribute order of an xf as Excel writes it. */
const XF_ORDER = ['numFmtId', 'fontId', 'fillId', 'borderId', 'xfId', 'quotePrefix', 'pivotButton', 'applyNumberFormat', 'applyFont', 'applyFill', 'applyBorder', 'applyAlignment', 'applyProtection'];

const THIN_GREY = 'FFBFBFBF';

export const MINIMAL_STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles><dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/></styleSheet>`;

/** Default contents of a section that the stylesheet lacks. */
const SECTION_DEFAULTS: Record<string, string[]> = {
  numFmts: [],
  fonts: ['<font><sz val="11"/><name val="Calibri"/></font>'],
  fills: ['<fill><patternFill patternType="none"/></fill>', '<fill><patternFill patternType="gray125"/></fill>'],
  borders: ['<border><left/><right/><top/><bottom/><diagonal/></border>'],
  cellXfs: ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'],
};

class Section {
  /** Entries as written (raw XML), the original ones first. */
  readonly raw: string[] = [];
  readonly originalCount: number;
  private keys: Map<string, number> | null = null;
  constructor(
    readonly name: string,
    readonly el: El | null,
    raw: string[],
  ) {
    this.raw.push(...raw);
    this.originalCount = raw.length;
  }
  get count(): number {
    return this.raw.length;
  }
  get appended(): string[] {
    return this.raw.slice(this.originalCount);
  }
  tree(k: number): XNode {
    return parseTree(this.raw[k]);
  }
  /** Index of an equal entry, or a new one appended. */
  findOrAdd(xml: string): number {
    if (!this.keys) {
      this.keys = new Map();
      this.raw.forEach((r, k) => {
        const key = canonical(parseTree(r));
        if (!this.keys!.has(key)) this.keys!.set(key, k);
      });
    }
    const key = canonical(parseTree(xml));
    const hit = this.keys.get(key);
    if (hit !== undefined) return hit;
    this.raw.push(xml);
    this.keys.set(key, this.raw.length - 1);
    return this.raw.length - 1;
  }
}

export function solidFillXml(rgb: string): string {
  return `<fill><patternFill patternType="solid"><fgColor rgb="FF${rgb.toUpperCase()}"/><bgColor indexed="64"/></patternFill></fill>`;
}

const FORMAT_FIELDS = new Set(['fill', 'bold', 'italic', 'fontSize', 'fontColor', 'numberFormat', 'wrap', 'horizontal', 'vertical', 'border']);

/** A format's fields as one text (equal formats, equal texts; cheaper than JSON.stringify, which a field it does not know falls back to). */
function formatKey(f: CellFormat): string {
  for (const k in f) if (!FORMAT_FIELDS.has(k)) return 'json:' + JSON.stringify(f);
  const nf = f.numberFormat === undefined ? '' : JSON.stringify(f.numberFormat);
  return `${f.fill}|${f.bold}|${f.italic}|${f.fontSize}|${f.fontColor}|${nf}|${f.wrap}|${f.horizontal}|${f.vertical}|${f.border}`;
}

export class StyleBook {
  private readonly sections = new Map<string, Section>();
  private readonly root: El;
  private readonly prefix: string;
  private readonly derived = new Map<string, number>();
  /** A number for each different format (equal formats, one number), by format object. */
  private readonly formatIds = new WeakMap<CellFormat, number>();
  private readonly formatIdsByText = new Map<string, number>();
  /** derive's results by format number and base (one number: no string made per call). */
  private readonly derivedById = new Map<number, number>();
  private customNumFmts = new Map<string, number>();
  private nextNumFmt = 164;

  constructor(
    private readonly xml: string,
    readonly part: string,
  ) {
    this.root = rootElement(xml);
    this.prefix = prefixOf(this.root.name);
    const kids = childrenOf(xml, this.root);
    for (const name of ['numFmts', 'fonts', 'fills', 'borders', 'cellXfs']) {
      const el = kids.find((k) => localName(k.name) === name) ?? null;
      const raw = el ? childrenOf(xml, el).map((c) => xml.slice(c.start, c.end)) : (SECTION_DEFAULTS[name] ?? []).map((r) => this.q(r));
      this.sections.set(name, new Section(name, el, raw));
    }
    for (const r of this.sec('numFmts').raw) {
      const t = parseTree(r);
      const id = Number(t.attrs.find(([k]) => k === 'numFmtId')?.[1]);
      const code = t.attrs.find(([k]) => k === 'formatCode')?.[1];
      if (Number.isFinite(id) && code !== undefined) {
        if (!this.customNumFmts.has(code)) this.customNumFmts.set(code, id);
        this.nextNumFmt = Math.max(this.nextNumFmt, id + 1);
      }
    }
  }

  /** Qualify a fragment with the stylesheet's prefix (almost always none). */
  private q(fragment: string): string {
    if (!this.prefix) return fragment;
    return fragment.replace(/<(\/?)([A-Za-z])/g, `<$1${this.prefix}:$2`);
  }

  private sec(name: string): Section {
    return this.sections.get(name)!;
  }

  get xfCount(): number {
    return this.sec('cellXfs').count;
  }

  private xf(index: number): XNode {
    const s = this.sec('cellXfs');
    return s.tree(index >= 0 && index < s.count ? index : 0);
  }

  private numFmtId(code: string): number {
    if (code in BUILTIN_NUMFMTS) return BUILTIN_NUMFMTS[code];
    const hit = this.customNumFmts.get(code);
    if (hit !== undefined) return hit;
    const id = this.nextNumFmt++;
    this.sec('numFmts').raw.push(this.q(`<numFmt numFmtId="${id}" formatCode="${escapeAttr(code)}"/>`));
    this.customNumFmts.set(code, id);
    return id;
  }

  /**
   * The fill of the xf `index` as the mark record holds it: RRGGBB for a solid fill of an RGB colour, null for
   * none; `undefined` when RGB cannot say it (a theme or indexed colour, a pattern, a gradient).
   */
  fillOf(index: number): string | null | undefined {
    const xf = this.xf(index);
    const fillId = Number(xf.attrs.find(([k]) => k === 'fillId')?.[1] ?? 0);
    const fills = this.sec('fills');
    if (!Number.isInteger(fillId) || fillId <= 0 || fillId >= fills.count) return null;
    const f = fills.tree(fillId);
    const pf = f.kids.find((k) => localName(k.name) === 'patternFill');
    if (!pf) return undefined;
    const type = pf.attrs.find(([k]) => k === 'patternType')?.[1];
    if (type === undefined || type === 'none') return null;
    if (type !== 'solid') return undefined;
    const fg = pf.kids.find((k) => localName(k.name) === 'fgColor');
    const rgb = fg?.attrs.find(([k]) => k === 'rgb')?.[1];
    const m = rgb ? /^(?:[0-9A-Fa-f]{2})?([0-9A-Fa-f]{6})$/.exec(rgb) : null;
    return m ? m[1].toUpperCase() : undefined;
  }

  /** The xf `base` with the format on top (cached: equal inputs give the same index). */
  derive(base: number, f: CellFormat): number {
    let id = this.formatIds.get(f);
    if (id === undefined) {
      const text = formatKey(f);
      id = this.formatIdsByText.get(text);
      if (id === undefined) this.formatIdsByText.set(text, (id = this.formatIdsByText.size));
      this.formatIds.set(f, id);
    }
    const nkey = id * 1048576 + base;
    const quick = Number.isInteger(base) && base >= 0 && base < 1048576 ? this.derivedById.get(nkey) : undefined;
    if (quick !== undefined) return quick;
    const index = this.deriveNew(base, f);
    if (Number.isInteger(base) && base >= 0 && base < 1048576) this.derivedById.set(nkey, index);
    return index;
  }

  private deriveNew(base: number, f: CellFormat): number {
    const key = `${base}|${JSON.stringify(f)}`;
    const hit = this.derived.get(key);
    if (hit !== undefined) return hit;
    const xf = this.xf(base);
    const set = (name: string, value: string) => {
      const a = xf.attrs.find(([k]) => k === name);
      if (a) a[1] = value;
      else xf.attrs.push([name, value]);
    };
    if (f.fill) {
      set('fillId', String(this.sec('fills').findOrAdd(this.q(solidFillXml(f.fill)))));
      set('applyFill', '1');
    }
    if (f.bold !== undefined || f.italic !== undefined || f.fontSize !== undefined || f.fontColor !== undefined) {
      const fonts = this.sec('fonts');
      const fontId = Number(xf.attrs.find(([k]) => k === 'fontId')?.[1] ?? 0);
      const font = fontId >= 0 && fontId < fonts.count ? fonts.tree(fontId) : parseTree(this.q('<font/>'));
      const kids = new Map(font.kids.map((k) => [localName(k.name), k] as const));
      const el = (name: string, attrs: [string, string][] = []): XNode => ({ name: this.prefix ? `${this.prefix}:${name}` : name, attrs, kids: [], text: '' });
      if (f.bold !== undefined) {
        if (f.bold) kids.set('b', el('b'));
        else kids.delete('b');
      }
      if (f.italic !== undefined) {
        if (f.italic) kids.set('i', el('i'));
        else kids.delete('i');
      }
      if (f.fontSize !== undefined) kids.set('sz', el('sz', [['val', String(f.fontSize)]]));
      if (f.fontColor !== undefined) kids.set('color', el('color', [['rgb', 'FF' + f.fontColor.toUpperCase()]]));
      const ordered = [...kids.entries()].sort((a, b) => rank(FONT_ORDER, a[0]) - rank(FONT_ORDER, b[0])).map(([, v]) => v);
      font.kids = ordered;
      set('fontId', String(fonts.findOrAdd(serializeTree(font))));
      set('applyFont', '1');
    }
    if (f.numberFormat !== undefined) {
      set('numFmtId', String(this.numFmtId(f.numberFormat)));
      set('applyNumberFormat', '1');
    }
    if (f.wrap !== undefined || f.horizontal || f.vertical) {
      let al = xf.kids.find((k) => localName(k.name) === 'alignment');
      if (!al) {
        al = { name: this.prefix ? `${this.prefix}:alignment` : 'alignment', attrs: [], kids: [], text: '' };
        xf.kids.unshift(al);
      }
      const setA = (name: string, value: string | null) => {
        const k = al!.attrs.findIndex(([n]) => n === name);
        if (value === null) {
          if (k >= 0) al!.attrs.splice(k, 1);
        } else if (k >= 0) al!.attrs[k][1] = value;
        else al!.attrs.push([name, value]);
      };
      if (f.horizontal) setA('horizontal', f.horizontal);
      if (f.vertical) setA('vertical', f.vertical === 'middle' ? 'center' : f.vertical);
      if (f.wrap !== undefined) setA('wrapText', f.wrap ? '1' : null);
      const alignOrder = ['horizontal', 'vertical', 'textRotation', 'wrapText', 'indent', 'relativeIndent', 'justifyLastLine', 'shrinkToFit', 'readingOrder'];
      al.attrs.sort((a, b) => rank(alignOrder, a[0]) - rank(alignOrder, b[0]));
      set('applyAlignment', '1');
    }
    if (f.border) {
      const side = (n: string) => `<${n} style="thin"><color rgb="${THIN_GREY}"/></${n}>`;
      set('borderId', String(this.sec('borders').findOrAdd(this.q(`<border>${side('left')}${side('right')}${side('top')}${side('bottom')}<diagonal/></border>`))));
      set('applyBorder', '1');
    }
    const index = this.addXf(xf);
    this.derived.set(key, index);
    return index;
  }

  /** The xf `base` with another fill: a fill part, or none (`null`). */
  withFill(base: number, fillXml: string | null): number {
    const key = `${base}|fill:${fillXml}`;
    const hit = this.derived.get(key);
    if (hit !== undefined) return hit;
    const xf = this.xf(base);
    const fillId = fillXml === null ? 0 : this.sec('fills').findOrAdd(this.q(fillXml));
    const a = xf.attrs.find(([k]) => k === 'fillId');
    if (a) a[1] = String(fillId);
    else xf.attrs.push(['fillId', String(fillId)]);
    const k = xf.attrs.findIndex(([n]) => n === 'applyFill');
    if (fillId === 0) {
      if (k >= 0) xf.attrs.splice(k, 1);
    } else if (k >= 0) xf.attrs[k][1] = '1';
    else xf.attrs.push(['applyFill', '1']);
    const index = this.addXf(xf);
    this.derived.set(key, index);
    return index;
  }

  private addXf(xf: XNode): number {
    xf.attrs.sort((a, b) => rank(XF_ORDER, a[0]) - rank(XF_ORDER, b[0]));
    const order = ['alignment', 'protection', 'extLst'];
    xf.kids.sort((a, b) => rank(order, localName(a.name)) - rank(order, localName(b.name)));
    return this.sec('cellXfs').findOrAdd(serializeTree(xf));
  }

  get changed(): boolean {
    return [...this.sections.values()].some((s) => s.appended.length > 0);
  }

  /** The stylesheet with the new entries appended and the counts updated; the old entries as they were. */
  serialize(): string {
    if (!this.changed) return this.xml;
    const xml = this.xml;
    const edits: { at: number; end: number; text: string }[] = [];
    const kids = childrenOf(xml, this.root);
    for (const name of ['numFmts', 'fonts', 'fills', 'borders', 'cellXfs']) {
      const s = this.sec(name);
      if (s.el) {
        if (!s.appended.length) continue;
        const el = s.el;
        let tag = startTag(xml, el);
        tag = setCount(tag, s.count);
        if (el.selfClosing) {
          const open = tag.replace(/\s*\/>$/, '>');
          edits.push({ at: el.start, end: el.end, text: `${open}${s.appended.join('')}</${el.name}>` });
        } else {
          edits.push({ at: el.start, end: el.openEnd, text: tag });
          edits.push({ at: el.closeStart, end: el.closeStart, text: s.appended.join('') });
        }
      } else if (s.appended.length > 0) {
        // A missing section: inserted (with its defaults) before the first child that comes after it.
        const after = kids.find((k) => rank(ORDER, localName(k.name)) > rank(ORDER, name));
        const at = after ? after.start : this.root.closeStart;
        const qn = this.prefix ? `${this.prefix}:${name}` : name;
        edits.push({ at, end: at, text: `<${qn} count="${s.count}">${s.raw.join('')}</${qn}>` });
      }
    }
    if (this.root.selfClosing) throw new PackageError('empty stylesheet', this.part);
    edits.sort((a, b) => a.at - b.at || a.end - b.end);
    let out = '';
    let at = 0;
    for (const e of edits) {
      out += xml.slice(at, e.at) + e.text;
      at = e.end;
    }
    return out + xml.slice(at);
  }
}

function rank(order: string[], name: string): number {
  const k = order.indexOf(name);
  return k < 0 ? order.length : k;
}

function setCount(tag: string, n: number): string {
  if (/\scount\s*=/.test(tag)) return tag.replace(/(\scount\s*=\s*)(?:"[^"]*"|'[^']*')/, `$1"${n}"`);
  return tag.replace(/(\s*\/?>)$/, ` count="${n}"$1`);
}
