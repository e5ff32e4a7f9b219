/**
 * Last year's workbook, picked by the user in the task pane (`<input type="file">`): its bytes are read in the
 * browser, nothing is uploaded, and the file is never written. `readPreviousWorkbook` turns the .xlsx bytes into
 * the engine's snapshot.
 *
 * A minimal reading of the package with JSZip: the workbook's sheets (names, hidden), shared and inline strings,
 * numbers (a percentage format gives the text the user sees, `1.36%`, as the ExcelJS host does), booleans, errors,
 * dates, formulas with and without a saved result, merges. This is the one function the pane calls; at merge it is
 * meant to be pointed at the package layer's browser-capable reader (src/hosts/xlsx).
 */
import JSZip from 'jszip';
import type { CellRange, CellValue, SheetSnapshot, WorkbookSnapshot } from '../engine/snapshot';
import { parseCellAddress, parseRangeAddress } from '../engine/address';

export type PreviousProblem = 'not_xlsx' | 'encrypted_or_xls' | 'damaged' | 'too_large' | 'too_many_cells';

export class PreviousWorkbookError extends Error {
  constructor(readonly problem: PreviousProblem) {
    super(problem);
  }
}

/** The same limits as the command line's reader. */
export const MAX_PREVIOUS_BYTES = 200 * 1024 * 1024;
const MAX_CELLS = 2_000_000;
const MAX_UNPACKED_PART = 512 * 1024 * 1024;

const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);/g;
function decode(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(ENTITY, (_, e: string) => {
    if (e[0] === '#') {
      const n = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(n) && n >= 0 && n <= 0x10ffff ? String.fromCodePoint(n) : '';
    }
    return { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }[e] ?? '';
  });
}

/** `x:` or any other prefix before an element name. */
const P = '(?:[A-Za-z_][\\w.-]*:)?';

function attrs(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /([A-Za-z_][\w.:-]*)\s*=\s*("([^"]*)"|'([^']*)')/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(tag))) {
    out[m[1]] = decode(m[3] ?? m[4] ?? '');
  }
  return out;
}

function attr(a: Record<string, string>, local: string): string | undefined {
  if (a[local] !== undefined) return a[local];
  for (const k of Object.keys(a)) if (k.endsWith(':' + local) && !k.startsWith('xmlns')) return a[k];
  return undefined;
}

/** The text of every `<t>` inside `xml` (phonetic runs `<rPh>` left out). */
function textOf(xml: string): string {
  const body = xml.replace(new RegExp(`<${P}rPh\\b[\\s\\S]*?</${P}rPh>`, 'g'), '');
  let out = '';
  const re = new RegExp(`<${P}t(?:\\s[^>]*)?>([\\s\\S]*?)</${P}t>`, 'g');
  let m: RegExpExecArray | null;
  while ((m = re.exec(body))) out += decode(m[1]);
  return out;
}

async function part(zip: JSZip, name: string): Promise<string | null> {
  const f = zip.file(name) ?? zip.file(name.replace(/^\//, ''));
  if (!f) return null;
  const size = (f as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize;
  if (typeof size === 'number' && size > MAX_UNPACKED_PART) throw new PreviousWorkbookError('too_large');
  return f.async('string');
}

function resolve(base: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = base.split('/');
  parts.pop();
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/');
}

/** Which style indexes show numbers as percentages or as dates. */
function numberStyles(xml: string | null): { percent: Set<number>; date: Set<number> } {
  const percent = new Set<number>();
  const date = new Set<number>();
  if (!xml) return { percent, date };
  const custom = new Map<number, string>();
  for (const m of xml.matchAll(new RegExp(`<${P}numFmt\\b([^>]*?)/?>`, 'g'))) {
    const a = attrs(m[1]);
    custom.set(Number(a.numFmtId), a.formatCode ?? '');
  }
  const xfs = new RegExp(`<${P}cellXfs\\b[^>]*>([\\s\\S]*?)</${P}cellXfs>`).exec(xml);
  if (!xfs) return { percent, date };
  let k = 0;
  for (const m of xfs[1].matchAll(new RegExp(`<${P}xf\\b([^>]*?)(/>|>)`, 'g'))) {
    const id = Number(attrs(m[1]).numFmtId ?? 0);
    const code = (custom.get(id) ?? '').replace(/"[^"]*"/g, '').replace(/\\./g, '').replace(/\[[^\]]*\]/g, '');
    if (id === 9 || id === 10 || /%/.test(code)) percent.add(k);
    else if ((id >= 14 && id <= 22) || (id >= 45 && id <= 47) || (custom.has(id) && /[ymd]/i.test(code) && !/[0#?]/.test(code))) date.add(k);
    k++;
  }
  return { percent, date };
}

function percentText(v: number): string {
  return `${Number((v * 100).toPrecision(12))}%`;
}

function serialDate(v: number): string {
  const ms = Math.round((v - 25569) * 86400000);
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString().slice(0, 10);
}

function readSheet(name: string, xml: string, strings: string[], styles: { percent: Set<number>; date: Set<number> }, budget: { cells: number }): SheetSnapshot {
  const rows: CellValue[][] = [];
  const merges: CellRange[] = [];
  for (const m of xml.matchAll(new RegExp(`<${P}mergeCell\\b([^>]*?)/?>`, 'g'))) {
    const r = parseRangeAddress((attrs(m[1]).ref ?? '').replace(/\$/g, ''));
    if (r) merges.push(r);
  }
  const data = new RegExp(`<${P}sheetData\\b[^>]*>([\\s\\S]*?)</${P}sheetData>`).exec(xml);
  const body = data ? data[1] : '';
  const rowRe = new RegExp(`<${P}row\\b([^>]*?)(?:/>|>([\\s\\S]*?)</${P}row>)`, 'g');
  const cellRe = new RegExp(`<${P}c\\b([^>]*?)(?:/>|>([\\s\\S]*?)</${P}c>)`, 'g');
  const vRe = new RegExp(`<${P}v(?:\\s[^>]*)?>([\\s\\S]*?)</${P}v>`);
  const fRe = new RegExp(`<${P}f\\b[^>]*?(?:/>|>([\\s\\S]*?)</${P}f>)`);
  const isRe = new RegExp(`<${P}is\\b[^>]*>([\\s\\S]*?)</${P}is>`);
  let rowIndex = -1;
  for (const rm of body.matchAll(rowRe)) {
    const ra = attrs(rm[1]);
    rowIndex = ra.r ? Number(ra.r) - 1 : rowIndex + 1;
    if (!Number.isInteger(rowIndex) || rowIndex < 0) continue;
    const out: CellValue[] = rows[rowIndex] ?? [];
    let col = -1;
    for (const cm of (rm[2] ?? '').matchAll(cellRe)) {
      const ca = attrs(cm[1]);
      const at = ca.r ? parseCellAddress(ca.r.replace(/\$/g, '')) : null;
      col = at ? at.col : col + 1;
      const inner = cm[2] ?? '';
      const t = ca.t ?? 'n';
      const v = vRe.exec(inner);
      const f = fRe.exec(inner);
      const raw = v ? decode(v[1]) : null;
      let value: CellValue = null;
      if (t === 'inlineStr') {
        const is = isRe.exec(inner);
        value = is ? textOf(is[1]) : null;
      } else if (raw === null) {
        value = f ? { formula: '=' + decode(f[1] ?? '') } : null;
      } else if (t === 's') value = strings[Number(raw)] ?? '';
      else if (t === 'str') value = raw;
      else if (t === 'b') value = raw.trim() === '1' || raw.trim().toLowerCase() === 'true';
      else if (t === 'e') value = { error: raw };
      else if (t === 'd') value = { date: raw.slice(0, 10) };
      else {
        const n = Number(raw);
        const s = Number(ca.s ?? 0);
        if (!Number.isFinite(n)) value = raw;
        else if (styles.percent.has(s)) value = percentText(n);
        else if (styles.date.has(s)) value = { date: serialDate(n) };
        else value = n;
      }
      if (value === null || value === '') continue;
      if (++budget.cells > MAX_CELLS) throw new PreviousWorkbookError('too_many_cells');
      out[col] = value;
    }
    for (let c = 0; c < out.length; c++) if (out[c] === undefined) out[c] = null;
    rows[rowIndex] = out;
  }
  for (let r = 0; r < rows.length; r++) if (!rows[r]) rows[r] = [];
  // Only a merge's top-left cell holds its value (as the other hosts give it).
  for (const m of merges) {
    for (let r = m.top; r <= m.bottom && r < rows.length; r++) {
      for (let c = m.left; c <= m.right && c < rows[r].length; c++) if (r !== m.top || c !== m.left) rows[r][c] = null;
    }
  }
  const protection = new RegExp(`<${P}sheetProtection\\b([^>]*?)/?>`).exec(xml);
  const sheetProtected = !!protection && ['1', 'true'].includes(attrs(protection[1]).sheet ?? '');
  return { name, rows, merges, protected: sheetProtected };
}

/** Last year's .xlsx (its bytes) as a snapshot; throws PreviousWorkbookError for a file that is not one. */
export async function readPreviousWorkbook(bytes: Uint8Array): Promise<WorkbookSnapshot> {
  if (bytes.length > MAX_PREVIOUS_BYTES) throw new PreviousWorkbookError('too_large');
  if (bytes.length >= 4 && bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) throw new PreviousWorkbookError('encrypted_or_xls');
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) throw new PreviousWorkbookError('not_xlsx');
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch {
    throw new PreviousWorkbookError('damaged');
  }
  try {
    const workbook = await part(zip, 'xl/workbook.xml');
    if (!workbook) throw new PreviousWorkbookError('not_xlsx');
    const rels = (await part(zip, 'xl/_rels/workbook.xml.rels')) ?? '';
    const targets = new Map<string, { target: string; type: string }>();
    for (const m of rels.matchAll(new RegExp(`<${P}Relationship\\b([^>]*?)/?>`, 'g'))) {
      const a = attrs(m[1]);
      if (a.Id && a.Target) targets.set(a.Id, { target: resolve('xl/workbook.xml', a.Target), type: a.Type ?? '' });
    }
    const sharedPart = [...targets.values()].find((t) => /\/sharedStrings$/.test(t.type))?.target ?? 'xl/sharedStrings.xml';
    const stylesPart = [...targets.values()].find((t) => /\/styles$/.test(t.type))?.target ?? 'xl/styles.xml';
    const sharedXml = await part(zip, sharedPart);
    const strings: string[] = [];
    if (sharedXml) for (const m of sharedXml.matchAll(new RegExp(`<${P}si\\b[^>]*?(?:/>|>([\\s\\S]*?)</${P}si>)`, 'g'))) strings.push(textOf(m[1] ?? ''));
    const styles = numberStyles(await part(zip, stylesPart));
    const sheets: SheetSnapshot[] = [];
    const budget = { cells: 0 };
    for (const m of workbook.matchAll(new RegExp(`<${P}sheet\\b([^>]*?)/?>`, 'g'))) {
      const a = attrs(m[1]);
      const rid = attr(a, 'id');
      const target = rid ? targets.get(rid) : undefined;
      const xml = target ? await part(zip, target.target) : null;
      if (xml === null || !/\/worksheet$/.test(target!.type)) continue; // chart sheets, dialog sheets: no cells
      const sheet = readSheet(a.name ?? '', xml, strings, styles, budget);
      if (a.state === 'hidden' || a.state === 'veryHidden') sheet.hidden = true;
      sheets.push(sheet);
    }
    return { sheets };
  } catch (e) {
    if (e instanceof PreviousWorkbookError) throw e;
    throw new PreviousWorkbookError('damaged');
  }
}
