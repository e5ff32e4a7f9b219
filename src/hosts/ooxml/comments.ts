/**
 * Notes as legacy comments: a comments part (the text) and a VML drawing (the note boxes). The add-in's own
 * parts are written whole; a user's comments part is only ever cut (the add-in's notes taken out of it,
 * when the meta sheet proves them the add-in's), never added to.
 */
import { NS } from './opc';
import { attr, childrenOf, El, escapeSmlText, localName, needsPreserve, rootElement, startTag, unescapeSmlText, unescapeXml } from './xml';
import { cellRef, parseRef } from './worksheet';

export interface Note {
  row: number;
  col: number;
  text: string;
}

export const AUTHOR = 'plancheck';

/** The comments in a comments part: cell and text. */
export function readComments(xml: string): { row: number; col: number; ref: string; el: El; text: string }[] {
  const root = rootElement(xml);
  const out: { row: number; col: number; ref: string; el: El; text: string }[] = [];
  for (const k of childrenOf(xml, root)) {
    if (localName(k.name) !== 'commentList') continue;
    for (const c of childrenOf(xml, k)) {
      if (localName(c.name) !== 'comment') continue;
      const ref = attr(startTag(xml, c), 'ref') ?? '';
      const at = parseRef(ref);
      if (!at) continue;
      out.push({ ...at, ref, el: c, text: textOf(xml, c) });
    }
  }
  return out;
}

function textOf(xml: string, el: El): string {
  let out = '';
  const walk = (e: El) => {
    for (const k of childrenOf(xml, e)) {
      const ln = localName(k.name);
      if (ln === 't') out += unescapeSmlText(unescapeXml(xml.slice(k.openEnd, k.closeStart)));
      else if (ln === 'text' || ln === 'r') walk(k);
    }
  };
  walk(el);
  return out;
}

function textXml(text: string): string {
  const sp = needsPreserve(text) ? ' xml:space="preserve"' : '';
  // One run without its own font, as the ExcelJS host writes it: ExcelJS reads it back as plain text.
  return `<text><r><t${sp}>${escapeSmlText(text)}</t></r></text>`;
}

/** The add-in's comments part. */
export function commentsXml(notes: Note[]): string {
  const sorted = [...notes].sort((a, b) => a.row - b.row || a.col - b.col);
  const list = sorted.map((n) => `<comment ref="${cellRef(n.row, n.col)}" authorId="0">${textXml(n.text)}</comment>`).join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<comments xmlns="${NS.main}"><authors><author>${AUTHOR}</author></authors><commentList>${list}</commentList></comments>`;
}

/** Shape id blocks (`o:idmap`) used by a VML drawing. */
export function vmlBlocks(vml: string): number[] {
  const out = new Set<number>();
  for (const m of vml.matchAll(/<o:idmap\b[^>]*\bdata="([^"]*)"/g)) for (const n of m[1].split(',')) if (/^\s*\d+\s*$/.test(n)) out.add(Number(n));
  for (const m of vml.matchAll(/\bid="_x0000_s(\d+)"/g)) out.add(Math.floor(Number(m[1]) / 1024));
  return [...out];
}

/** Lines a note box shows: its paragraphs, wrapped at about 34 narrow characters. */
function lines(text: string): number {
  let n = 0;
  for (const p of text.split('\n')) {
    let w = 0;
    for (const ch of p) w += (ch.codePointAt(0) ?? 0) >= 0x2e80 ? 2 : 1;
    n += Math.max(1, Math.ceil(w / 34));
  }
  return n;
}

/** The add-in's VML drawing: one hidden note box per note, shape ids from the given blocks. */
export function vmlXml(notes: Note[], blocks: number[]): string {
  const sorted = [...notes].sort((a, b) => a.row - b.row || a.col - b.col);
  const shapes = sorted.map((n, k) => {
    const block = blocks[Math.floor(k / 1023)];
    const id = block * 1024 + (k % 1023) + 1;
    const top = Math.max(0, n.row - 1);
    const rows = Math.min(20, Math.max(4, Math.ceil(lines(n.text) * 0.9)));
    const anchor = `${n.col + 1}, 15, ${top}, ${n.row === 0 ? 2 : 10}, ${n.col + 4}, 15, ${top + rows}, 4`;
    return (
      `<v:shape id="_x0000_s${id}" type="#_x0000_t202" style="position:absolute;margin-left:59.25pt;margin-top:1.5pt;width:180pt;height:${rows * 15}pt;z-index:${k + 1};visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto">` +
      '<v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/>' +
      '<v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>' +
      `<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>${anchor}</x:Anchor><x:AutoFill>False</x:AutoFill>` +
      `<x:Row>${n.row}</x:Row><x:Column>${n.col}</x:Column></x:ClientData></v:shape>`
    );
  });
  return (
    '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">' +
    `<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="${blocks.slice(0, Math.max(1, Math.ceil(sorted.length / 1023))).join(',')}"/></o:shapelayout>` +
    '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>' +
    shapes.join('') +
    '</xml>'
  );
}

export function blocksNeeded(count: number): number {
  return Math.max(1, Math.ceil(count / 1023));
}

/**
 * Takes comments out of a user's comments part and puts a recorded text back, cutting only those elements:
 * the rest of the part stays as it was.
 */
export function editForeignComments(xml: string, remove: (row: number, col: number) => boolean, restore: Map<string, string>): { xml: string; left: number; changed: boolean } {
  const list = readComments(xml);
  const edits: { at: number; end: number; text: string }[] = [];
  let left = 0;
  for (const c of list) {
    const key = `${c.row},${c.col}`;
    if (remove(c.row, c.col)) {
      edits.push({ at: c.el.start, end: c.el.end, text: '' });
      continue;
    }
    left++;
    const put = restore.get(key);
    if (put !== undefined && put !== c.text) {
      const text = childrenOf(xml, c.el).find((k) => localName(k.name) === 'text');
      const p = localName(c.el.name) === c.el.name ? '' : c.el.name.slice(0, c.el.name.indexOf(':') + 1);
      const rebuilt = textXml(put).replace(/<(\/?)([a-zA-Z])/g, `<$1${p}$2`);
      if (text) edits.push({ at: text.start, end: text.end, text: rebuilt });
    }
  }
  if (!edits.length) return { xml, left, changed: false };
  edits.sort((a, b) => a.at - b.at);
  let out = '';
  let at = 0;
  for (const e of edits) {
    out += xml.slice(at, e.at) + e.text;
    at = e.end;
  }
  return { xml: out + xml.slice(at), left, changed: true };
}

/** Takes the note boxes of some cells out of a VML drawing; other shapes (controls) stay. */
export function editForeignVml(vml: string, remove: (row: number, col: number) => boolean): { vml: string; shapesLeft: number } {
  let shapesLeft = 0;
  const out = vml.replace(/<v:shape\b[^>]*?(?:\/>|>[\s\S]*?<\/v:shape>)/g, (shape) => {
    const row = /<x:Row>\s*(\d+)\s*<\/x:Row>/.exec(shape);
    const col = /<x:Column>\s*(\d+)\s*<\/x:Column>/.exec(shape);
    const isNote = /ObjectType\s*=\s*["']Note["']/.test(shape);
    if (isNote && row && col && remove(Number(row[1]), Number(col[1]))) return '';
    shapesLeft++;
    return shape;
  });
  return { vml: out, shapesLeft };
}
