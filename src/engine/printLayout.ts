/**
 * How the add-in's sheets print, worked out in the engine so that every host prints them alike: the height of
 * each row from the lines its cells hold, the printed size of the sheet, and where its pages break.
 *
 * Measures are estimates made to err on the safe side: a CJK character is counted two character widths
 * (it is in every spreadsheet font), a line of 11 pt text is given 1.4 × 11 pt (the CJK fonts' line height),
 * and a column of width w holds w − 1 characters a line.
 */
import type { CellRange } from './snapshot';
import type { PageSetup, RowHeight, SheetWrite } from './writePlan';

/** Excel's default row height (points) for 11 pt text. */
export const DEFAULT_ROW_HEIGHT = 15;
/** Excel's row height limit (points). */
export const MAX_ROW_HEIGHT = 409;
const LINE_FACTOR = 1.4;
const PADDING = 4;

/** A4 landscape, in points, inside the margins below. */
export const MARGINS = { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 };
const A4_LANDSCAPE = { width: 11.69 * 72, height: 8.27 * 72 };
export const PRINTABLE = {
  width: A4_LANDSCAPE.width - (MARGINS.left + MARGINS.right) * 72,
  height: A4_LANDSCAPE.height - (MARGINS.top + MARGINS.bottom) * 72,
};

/** Width of a character in character units: 2 for CJK and full-width forms, 1 otherwise. */
function charWidth(code: number): number {
  if (code >= 0x1100 && (code <= 0x115f || (code >= 0x2e80 && code <= 0xa4cf) || (code >= 0xac00 && code <= 0xd7a3) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xfe30 && code <= 0xfe4f) || (code >= 0xff00 && code <= 0xff60) || (code >= 0xffe0 && code <= 0xffe6) || code >= 0x20000)) return 2;
  return 1;
}

export function textWidth(s: string): number {
  let w = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x1100) {
      w++;
      continue;
    }
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        w += charWidth(((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000);
        i++;
        continue;
      }
    }
    w += charWidth(c);
  }
  return w;
}

/** Lines a text takes in a column `width` characters wide (wrapped; explicit line breaks kept). */
export function linesIn(text: string, width: number, fontSize = 11): number {
  // Bigger text holds fewer characters a line.
  const usable = Math.max(1, ((width - 1) * 11) / fontSize);
  // One line of text that fits (most cells): every word fits too. A character is at most 2 wide.
  if (text.indexOf('\n') < 0 && (text.length * 2 <= usable || textWidth(text) <= usable)) return 1;
  let lines = 0;
  // Line by line: a line that fits (even were it all CJK) is one line, the others are wrapped word by word.
  for (let start = 0; start <= text.length; ) {
    let stop = text.indexOf('\n', start);
    if (stop < 0) stop = text.length;
    lines += (stop - start) * 2 <= usable ? 1 : wrappedLines(text, start, stop, usable);
    start = stop + 1;
  }
  return Math.max(1, lines);
}

/**
 * Lines that `text` from `start` to `stop` (one line of it) takes, wrapped at `usable` character widths. Its words
 * each end after a space or a list separator (、，,;；), the separator in the word. A word does not break inside
 * itself: the Latin words of a line each start on a line with room for them.
 */
function wrappedLines(text: string, start: number, stop: number, usable: number): number {
  let n = 1;
  let used = 0;
  let w = 0;
  for (let i = start; i <= stop; i++) {
    if (i < stop) {
      const c = text.charCodeAt(i);
      if (c < 0x80) {
        w++;
        // ASCII word ends: white space, `,` and `;`.
        if (!(c === 0x20 || c === 0x2c || c === 0x3b || (c >= 9 && c <= 13))) continue;
      } else {
        if (c < 0x1100) w++;
        else if (c >= 0xd800 && c <= 0xdbff && i + 1 < stop && text.charCodeAt(i + 1) >= 0xdc00 && text.charCodeAt(i + 1) <= 0xdfff) {
          w += charWidth(((c - 0xd800) << 10) + (text.charCodeAt(i + 1) - 0xdc00) + 0x10000);
          i++;
        } else w += charWidth(c);
        if (!isWordEnd(c)) continue;
      }
    } else if (w === 0) break;
    // The word just read: on this line if it fits, else on the next; a word longer than a line (CJK text has no
    // spaces) runs over as many lines as it needs.
    if (used + w <= usable) used += w;
    else {
      if (used > 0) n++;
      const extra = Math.ceil(w / usable) - 1;
      n += extra;
      used = w - extra * usable;
    }
    w = 0;
  }
  return n;
}

/** A word ends after white space (what `\s` matches, but the line break) or a list separator: 、，,;； */
function isWordEnd(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 9 && c <= 13);
  if (c < 0xa0) return c === 0x2c || c === 0x3b;
  return (
    c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f ||
    c === 0x3000 || c === 0xfeff || c === 0x3001 || c === 0xff0c || c === 0xff1b
  );
}

export function lineHeight(fontSize = 11): number {
  return fontSize * LINE_FACTOR;
}

/** Row height (points) for a number of lines of text. */
export function heightFor(lines: number, fontSize = 11): number {
  return Math.min(MAX_ROW_HEIGHT, Math.max(DEFAULT_ROW_HEIGHT, Math.ceil(lines * lineHeight(fontSize) + PADDING)));
}

/**
 * Column width (characters) → printed points. Excel gives a character of Calibri 11 7 px (5.25 pt); LibreOffice,
 * without Calibri's metrics, about 7 pt (measured on its PDF): the larger is taken, so that the width fits in both.
 */
export function columnPoints(width: number): number {
  return width * 7.1 + 4;
}

function widthsOf(sheet: SheetWrite): Map<number, number> {
  const m = new Map<number, number>();
  for (const w of sheet.columnWidths) m.set(w.col, w.width);
  return m;
}

const DEFAULT_COLUMN_WIDTH = 8.43;
const ONE_LINE_HEIGHT = heightFor(1, 11);

/**
 * Every row's height from what its cells hold: a cell's lines at its column's width (a merged cell's: the merge's
 * width) and its font size. Rows that hold one line of 11 pt text keep Excel's default and are not listed.
 */
export function rowHeightsOf(sheet: SheetWrite, rows?: { top: number; bottom: number }): RowHeight[] {
  // Column widths by column (an array: columns are small integers).
  const widths: number[] = [];
  for (const w of sheet.columnWidths) widths[w.col] = w.width;
  const widthOf = (c: number) => widths[c] ?? DEFAULT_COLUMN_WIDTH;
  // The merges by their top row (an array), then by their left column (no string, no boxed number a cell).
  const mergeAt: (Map<number, CellRange> | undefined)[] = [];
  for (const m of sheet.merges) {
    let byCol = mergeAt[m.top];
    if (!byCol) mergeAt[m.top] = byCol = new Map();
    byCol.set(m.left, m);
  }
  // The height each row needs, by row (rows are small integers: an array, read back in row order).
  const need: number[] = [];
  const cells = sheet.cells;
  for (let k = 0; k < cells.length; k++) {
    const row = cells.row(k);
    if (rows && (row < rows.top || row > rows.bottom)) continue;
    const text = cells.text(k);
    if (text === undefined) continue;
    const col = cells.col(k);
    // Merges are on few rows (a sheet's top): a row past the last of them is not looked up (no read past the array's end).
    const m = row < mergeAt.length ? mergeAt[row]?.get(col) : undefined;
    // A merge over several rows shares its height among them: not sized here.
    if (m && m.bottom > m.top) continue;
    let width = 0;
    for (let k = col; k <= (m ? m.right : col); k++) width += widthOf(k);
    const size = cells.format(k)?.fontSize ?? 11;
    const lines = linesIn(text, width, size);
    const h = lines === 1 && size === 11 ? ONE_LINE_HEIGHT : heightFor(lines, size);
    if (h > (need[row] ?? DEFAULT_ROW_HEIGHT)) need[row] = h;
  }
  const out: RowHeight[] = [];
  need.forEach((height, row) => out.push({ row, height }));
  return out;
}

/** The printed width of columns left … right (points). */
export function printedWidth(sheet: SheetWrite, left: number, right: number): number {
  const widths = widthsOf(sheet);
  let w = 0;
  for (let c = left; c <= right; c++) w += columnPoints(widths.get(c) ?? DEFAULT_COLUMN_WIDTH);
  return w;
}

/** Heights of rows top … bottom (points), from the sheet's row heights. */
export function rowPoints(sheet: SheetWrite, top: number, bottom: number): number[] {
  // The heights given, by row (an array: rows are small integers; a row given twice has its last height).
  const hs: number[] = [];
  for (const r of sheet.rowHeights ?? []) hs[r.row] = r.height;
  const out: number[] = [];
  for (let r = top; r <= bottom; r++) out.push(hs[r] ?? DEFAULT_ROW_HEIGHT);
  return out;
}

/** A4 landscape, centred, fitted to `wide` × `tall` pages (0: as many as it takes), the footer naming sheet and page. */
export function fittedPageSetup(area: CellRange, wide: number, tall: number, titleRows?: { top: number; bottom: number }): PageSetup {
  const ps: PageSetup = {
    orientation: 'landscape',
    paper: 'A4',
    fitWidth: wide,
    fitHeight: tall,
    printArea: area,
    margins: { ...MARGINS },
    centerHorizontally: true,
    // Which sheet and which page: a printout of several sheets stays in order.
    footer: '&A - &P',
  };
  if (titleRows) ps.titleRows = titleRows;
  return ps;
}

/**
 * A4 landscape page setup for rows in blocks that must not be split over two pages (a map's grid, the legend):
 * - when everything fits one page at no less than `minOnePageScale`, it is fitted to one page;
 * - otherwise it is fitted to the page width by a scale worked out here (Excel ignores manual page breaks under
 *   "fit to", so the scale is given instead) and pages break before a block that would not fit what is left of
 *   a page; a block taller than a page starts a page of its own.
 */
export function pageSetupFor(
  sheet: SheetWrite,
  area: CellRange,
  blocks: { top: number; bottom: number }[],
  options: { titleRows?: { top: number; bottom: number }; minOnePageScale?: number } = {},
): PageSetup {
  const width = printedWidth(sheet, area.left, area.right);
  const heights = rowPoints(sheet, area.top, area.bottom);
  const total = heights.reduce((a, b) => a + b, 0);
  const widthScale = Math.min(1, PRINTABLE.width / width);
  const onePage = Math.min(widthScale, PRINTABLE.height / total);
  const base = fittedPageSetup(area, 1, 1, options.titleRows);
  if (onePage >= (options.minOnePageScale ?? 0.6)) return base;

  // Several pages: a scale that fits the width (a little under, as the measures are estimates), and breaks.
  const scale = Math.max(10, Math.min(100, Math.floor(widthScale * 100 * 0.97)));
  const pageHeight = PRINTABLE.height / (scale / 100);
  const titles = options.titleRows ? rowPoints(sheet, options.titleRows.top, options.titleRows.bottom).reduce((a, b) => a + b, 0) : 0;
  // The height of rows top … bottom of the area, added row by row (no array a block).
  const height = (top: number, bottom: number) => {
    let h = 0;
    for (let r = Math.max(top, area.top), last = Math.min(bottom, area.bottom); r <= last; r++) h += heights[r - area.top];
    return h;
  };
  const breaks: number[] = [];
  let used = 0;
  let pageStart = area.top;
  const room = (at: number) => pageHeight * 0.95 - (at > area.top && options.titleRows && at > options.titleRows.bottom ? titles : 0);
  const sorted = [...blocks].sort((a, b) => a.top - b.top);
  // Rows outside every block are blocks of one row.
  const units: { top: number; bottom: number }[] = [];
  let r = area.top;
  for (const b of sorted) {
    for (; r < b.top; r++) units.push({ top: r, bottom: r });
    units.push(b);
    r = b.bottom + 1;
  }
  for (; r <= area.bottom; r++) units.push({ top: r, bottom: r });
  for (const u of units) {
    const h = height(u.top, u.bottom);
    if (used > 0 && used + h > room(pageStart)) {
      breaks.push(u.top);
      pageStart = u.top;
      used = 0;
    }
    used += h;
  }
  return { ...base, fitWidth: 0, fitHeight: 0, scale, rowBreaks: breaks };
}
