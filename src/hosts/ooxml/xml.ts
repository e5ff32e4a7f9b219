/**
 * A small XML scanner for editing package parts in place: it finds elements by their offsets, so that
 * everything the writer does not change is copied as the very same characters.
 * No DTDs, no entities beyond the five predefined ones and character references (OOXML has neither).
 */

export class XmlError extends Error {}

/** An element found in a string: offsets of its start tag, its content and its end. */
export interface El {
  /** The name as written, with its prefix (`x:row`). */
  name: string;
  /** Index of `<`. */
  start: number;
  /** Index just after the start tag's `>`. */
  openEnd: number;
  /** Index of `</` (equal to openEnd for an empty element). */
  closeStart: number;
  /** Index just after the element. */
  end: number;
  selfClosing: boolean;
}

export function localName(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

export function prefixOf(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? '' : name.slice(0, i);
}

/** Index just after the `>` of the tag that starts at `lt` (quotes respected). */
function tagEnd(xml: string, lt: number): number {
  let quote = 0;
  for (let k = lt + 1; k < xml.length; k++) {
    const ch = xml.charCodeAt(k);
    if (quote) {
      if (ch === quote) quote = 0;
    } else if (ch === 34 || ch === 39) quote = ch;
    else if (ch === 62) return k + 1;
  }
  throw new XmlError('unterminated tag');
}

function tagName(xml: string, lt: number): string {
  let k = lt + 1;
  while (k < xml.length) {
    const ch = xml.charCodeAt(k);
    if (ch === 32 || ch === 9 || ch === 10 || ch === 13 || ch === 47 || ch === 62) break;
    k++;
  }
  return xml.slice(lt + 1, k);
}

/**
 * The child elements of the element whose start tag ends at `from`, and where that element closes.
 * One pass over the content: grandchildren are skipped by depth.
 */
export function scanChildren(xml: string, from: number, flat?: Set<string>): { kids: El[]; closeStart: number; end: number } {
  const kids: El[] = [];
  let i = from;
  let depth = 0;
  let cur: El | null = null;
  for (;;) {
    const lt = xml.indexOf('<', i);
    if (lt < 0) throw new XmlError('unclosed element');
    const c1 = xml.charCodeAt(lt + 1);
    if (c1 === 33 /* ! */) {
      if (xml.startsWith('<!--', lt)) {
        const e = xml.indexOf('-->', lt + 4);
        if (e < 0) throw new XmlError('unclosed comment');
        i = e + 3;
      } else if (xml.startsWith('<![CDATA[', lt)) {
        const e = xml.indexOf(']]>', lt + 9);
        if (e < 0) throw new XmlError('unclosed CDATA');
        i = e + 3;
      } else i = tagEnd(xml, lt);
      continue;
    }
    if (c1 === 63 /* ? */) {
      const e = xml.indexOf('?>', lt + 2);
      if (e < 0) throw new XmlError('unclosed processing instruction');
      i = e + 2;
      continue;
    }
    if (c1 === 47 /* / */) {
      const gt = xml.indexOf('>', lt);
      if (gt < 0) throw new XmlError('unterminated end tag');
      if (depth === 0) return { kids, closeStart: lt, end: gt + 1 };
      depth--;
      if (depth === 0 && cur) {
        cur.closeStart = lt;
        cur.end = gt + 1;
        kids.push(cur);
        cur = null;
      }
      i = gt + 1;
      continue;
    }
    const te = tagEnd(xml, lt);
    const self = xml.charCodeAt(te - 2) === 47;
    if (depth === 0) {
      const el: El = { name: tagName(xml, lt), start: lt, openEnd: te, closeStart: te, end: te, selfClosing: self };
      if (self) kids.push(el);
      else if (flat && flat.has(localName(el.name))) {
        // An element that holds no element of its own name (sheetData): its end is one search away.
        const close = xml.indexOf(`</${el.name}`, te);
        const gt = close < 0 ? -1 : xml.indexOf('>', close);
        if (gt < 0) throw new XmlError(`unclosed <${el.name}>`);
        el.closeStart = close;
        el.end = gt + 1;
        kids.push(el);
        i = gt + 1;
        continue;
      } else {
        cur = el;
        depth = 1;
      }
    } else if (!self) depth++;
    i = te;
  }
}

/** The document element, with its extent (children named in `flat` are skipped with one search each). */
export function rootElement(xml: string, flat?: Set<string>): El {
  let i = 0;
  for (;;) {
    const lt = xml.indexOf('<', i);
    if (lt < 0) throw new XmlError('no root element');
    const c1 = xml.charCodeAt(lt + 1);
    if (c1 === 63) {
      i = xml.indexOf('?>', lt) + 2;
      if (i < 2) throw new XmlError('unclosed declaration');
      continue;
    }
    if (c1 === 33) {
      if (xml.startsWith('<!--', lt)) {
        const e = xml.indexOf('-->', lt + 4);
        if (e < 0) throw new XmlError('unclosed comment');
        i = e + 3;
      } else i = tagEnd(xml, lt);
      continue;
    }
    const te = tagEnd(xml, lt);
    const self = xml.charCodeAt(te - 2) === 47;
    const el: El = { name: tagName(xml, lt), start: lt, openEnd: te, closeStart: te, end: te, selfClosing: self };
    if (!self) {
      const s = scanChildren(xml, te, flat);
      el.closeStart = s.closeStart;
      el.end = s.end;
    }
    return el;
  }
}

/** Children of an element (none for an empty one). */
export function childrenOf(xml: string, el: El): El[] {
  if (el.selfClosing) return [];
  return scanChildren(xml, el.openEnd).kids;
}

const ATTR = /([^\s=<>/"']+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** The attributes of a start tag, decoded, in their order. */
export function attrList(tag: string): [string, string][] {
  const out: [string, string][] = [];
  const gt = tag.indexOf('>');
  const body = tag.slice(0, gt < 0 ? tag.length : gt);
  const sp = body.search(/[\s/]/);
  if (sp < 0) return out;
  ATTR.lastIndex = sp;
  for (let m = ATTR.exec(body); m; m = ATTR.exec(body)) out.push([m[1], unescapeXml(m[2] ?? m[3] ?? '')]);
  return out;
}

export function attrsOf(tag: string): Map<string, string> {
  return new Map(attrList(tag));
}

const attrRes = new Map<string, RegExp>();
const attrSource = (n: string) => `\\s${n}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`;

/**
 * An attribute's pattern, made once a name and kept in `memo` (attr and setAttr run on every row a fill changes):
 * `source` gives it from the name as it stands in a regular expression.
 */
function patternOf(memo: Map<string, RegExp>, name: string, source: (escaped: string) => string): RegExp {
  let re = memo.get(name);
  if (!re) {
    re = new RegExp(source(name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    if (memo.size < 256) memo.set(name, re);
  }
  return re;
}

/** The `r` attribute of a row or cell start tag (the common spelling first, then any). */
export function attrR(tag: string): string | undefined {
  const k = tag.indexOf(' r="');
  if (k >= 0) {
    const gt = tag.indexOf('>');
    if (gt < 0 || k < gt) return tag.slice(k + 4, tag.indexOf('"', k + 4));
  }
  return attr(tag, 'r');
}

/** One attribute of the start tag at the beginning of `tag`. */
export function attr(tag: string, name: string): string | undefined {
  const gt = tag.indexOf('>');
  const body = gt < 0 ? tag : tag.slice(0, gt);
  const re = patternOf(attrRes, name, attrSource);
  const m = re.exec(body);
  return m ? unescapeXml(m[1] ?? m[2] ?? '') : undefined;
}

/**
 * Children of an element whose children never contain an element of their own name (rows in sheetData,
 * cells in a row): each child's end is found with one search for its end tag.
 */
export function scanFlatChildren(xml: string, from: number): { kids: El[]; closeStart: number; end: number } {
  const kids: El[] = [];
  let i = from;
  for (;;) {
    const lt = xml.indexOf('<', i);
    if (lt < 0) throw new XmlError('unclosed element');
    const c1 = xml.charCodeAt(lt + 1);
    if (c1 === 47 /* / */) {
      const gt = xml.indexOf('>', lt);
      if (gt < 0) throw new XmlError('unterminated end tag');
      return { kids, closeStart: lt, end: gt + 1 };
    }
    if (c1 === 33 || c1 === 63) {
      // A comment, CDATA or processing instruction between children: the general scanner handles them.
      return scanChildren(xml, from);
    }
    const te = tagEnd(xml, lt);
    const name = tagName(xml, lt);
    if (xml.charCodeAt(te - 2) === 47) {
      kids.push({ name, start: lt, openEnd: te, closeStart: te, end: te, selfClosing: true });
      i = te;
      continue;
    }
    const close = xml.indexOf(`</${name}`, te);
    if (close < 0) throw new XmlError(`unclosed <${name}>`);
    const gt = xml.indexOf('>', close);
    kids.push({ name, start: lt, openEnd: te, closeStart: close, end: gt + 1, selfClosing: false });
    i = gt + 1;
  }
}

const setAttrRes = new Map<string, RegExp>();
const setAttrSource = (n: string) => `(\\s+)${n}\\s*=\\s*(?:"[^"]*"|'[^']*')`;

/** The start tag with one attribute set (added at the end when new) or removed (`null`). */
export function setAttr(tag: string, name: string, value: string | null): string {
  const gt = tag.indexOf('>');
  const re = patternOf(setAttrRes, name, setAttrSource);
  const head = tag.slice(0, gt + 1);
  const rest = tag.slice(gt + 1);
  const m = re.exec(head);
  if (m) {
    if (value === null) return head.slice(0, m.index) + head.slice(m.index + m[0].length) + rest;
    return head.slice(0, m.index) + `${m[1]}${name}="${escapeAttr(value)}"` + head.slice(m.index + m[0].length) + rest;
  }
  if (value === null) return tag;
  const selfClose = head.endsWith('/>');
  const cut = selfClose ? head.length - 2 : head.length - 1;
  let before = head.slice(0, cut);
  let trail = '';
  const ws = /\s+$/.exec(before);
  if (ws) {
    trail = ws[0];
    before = before.slice(0, ws.index);
  }
  return `${before} ${name}="${escapeAttr(value)}"${trail}${head.slice(cut)}${rest}`;
}

/** The start tag of an element found in `xml`. */
export function startTag(xml: string, el: El): string {
  return xml.slice(el.start, el.openEnd);
}

/** The content between the start and end tags. */
export function inner(xml: string, el: El): string {
  return el.selfClosing ? '' : xml.slice(el.openEnd, el.closeStart);
}

const TEXT_SPECIAL = /[&<>]/;
const ATTR_SPECIAL = /[&<>"\n\r\t]/;
/** What escapeSmlText changes: an `_x…_` escape's start, control characters, surrogates (paired or not). */
const SML_SPECIAL = /_x|[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uD800-\uDFFF]/;

export function escapeText(s: string): string {
  if (!TEXT_SPECIAL.test(s)) return s;
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeAttr(s: string): string {
  if (!ATTR_SPECIAL.test(s)) return s;
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}

export function unescapeXml(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);/g, (_, e: string) => {
    if (e === 'lt') return '<';
    if (e === 'gt') return '>';
    if (e === 'amp') return '&';
    if (e === 'quot') return '"';
    if (e === 'apos') return "'";
    const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return String.fromCodePoint(code);
  });
}

/**
 * Text for a SpreadsheetML string (`<t>`): characters XML 1.0 cannot hold are written as `_xHHHH_`, and a
 * literal `_xHHHH_` is escaped as `_x005F_xHHHH_`, the way Excel does.
 */
export function escapeSmlText(s: string): string {
  if (!SML_SPECIAL.test(s)) return escapeText(s);
  const t = s
    .replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1')
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`)
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
  return escapeText(t);
}

/** Reads back what escapeSmlText wrote. */
export function unescapeSmlText(s: string): string {
  if (s.indexOf('_x') < 0) return s;
  return s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** `xml:space="preserve"` is needed when Excel would otherwise trim or fold the whitespace. */
export function needsPreserve(s: string): boolean {
  return /^\s|\s$|[\n\r\t]| {2}/.test(s);
}

/** A small tree of an element, for comparing and rebuilding short fragments (style entries). */
export interface XNode {
  name: string;
  attrs: [string, string][];
  kids: XNode[];
  text: string;
}

export function parseTree(xml: string, el: El = rootElement(xml)): XNode {
  const node: XNode = { name: el.name, attrs: attrList(startTag(xml, el)), kids: [], text: '' };
  if (el.selfClosing) return node;
  const kids = scanChildren(xml, el.openEnd).kids;
  node.kids = kids.map((k) => parseTree(xml, k));
  if (!kids.length) node.text = unescapeXml(xml.slice(el.openEnd, el.closeStart));
  return node;
}

export function serializeTree(n: XNode): string {
  const a = n.attrs.map(([k, v]) => ` ${k}="${escapeAttr(v)}"`).join('');
  if (!n.kids.length && !n.text) return `<${n.name}${a}/>`;
  return `<${n.name}${a}>${n.kids.map(serializeTree).join('')}${escapeText(n.text)}</${n.name}>`;
}

/** A form of the tree that is equal for equal content: attributes sorted, blank text dropped. */
export function canonical(n: XNode): string {
  const a = [...n.attrs].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0)).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return `<${n.name} ${a.join(' ')}>${n.kids.map(canonical).join('')}${n.text.trim() ? JSON.stringify(n.text) : ''}</>`;
}
