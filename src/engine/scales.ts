/**
 * The agency's own risk matrix, read from the workbook: the likelihood definition table (風險可能性評量表:
 * 等級 | 可能性 | 詳細描述), the impact definition table (風險影響程度評量標準表: 等級 | 影響程度 | …) and the level
 * lines under the map (`極度風險(R=15~25)：…`, `低度風險(R=1~4)：…`). When present they decide the scale (3, 4
 * or 5), the level names and the bands; otherwise the settings do.
 */
import { cellAddress } from './address';
import { Issue, makeIssue } from './issues';
import { CellValue, cellText, WorkbookSnapshot } from './snapshot';
import { RiskBand, RiskLevel, RISK_LEVELS, Settings } from './settings';
import { isWhiteSpaceCode, normalizeLabel, toHalfWidth } from './text';

export interface WorkbookScales {
  /** What was found, for the report; the settings they make. */
  settings: Partial<Settings>;
  likelihood: { sheet: string; cell: string; levels: number } | null;
  impact: { sheet: string; cell: string; levels: number } | null;
  bands: { sheet: string; cell: string } | null;
}

const LIKELIHOOD_WORD = /likelihood/i;
const IMPACT_WORD = /impact/i;

const BAND_LINE = /(極度|高度|中度|低度)風險\s*[(（]\s*R\s*[=＝]\s*(\d{1,2})\s*(?:[~～\-－至到]\s*(\d{1,2}))?\s*[)）]/g;
/** The shortest text BAND_LINE matches: `極度風險(R=1)` (shorter cells, most of a plan's, are not searched). */
const SHORTEST_BAND_LINE = 9;
const LEVEL_OF: Record<string, RiskLevel> = { 極度: 'extreme', 高度: 'high', 中度: 'medium', 低度: 'low' };

/**
 * Whether a text may normalize to a short label (at most `max` characters): it has no more than `max` characters
 * that are not white space. Errs on the side of yes (more characters are taken for white space than
 * normalizeLabel removes), so that a long prose cell is passed over without normalizing it.
 */
function mayBeShortLabel(v: string, max: number): boolean {
  let n = 0;
  for (let k = 0; k < v.length; k++) {
    const c = v.charCodeAt(k);
    const space = c <= 32 || (c >= 0x7f && c <= 0xa0) || c === 0x1680 || (c >= 0x2000 && c <= 0x200d) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
    if (!space && ++n > max) return false;
  }
  return true;
}

const LEVEL_HEADERS = ['等級', '等級(分數)', '分數', 'level'];
/** A cell readDefinition takes for the level column's header. */
function isLevelHeader(v: string): boolean {
  // Every level header starts with 等, 分 or the l of `level` (l, L or their full-width forms), and normalizeLabel
  // only takes white space away before it: one character decides for almost every cell of a workbook.
  const first = firstNonWhiteSpace(v);
  if (first < 0 || LEVEL_HEADER_START[first] === 0) return false;
  // The longest level header (`等級(分數)`) has 6 characters, none of them white space.
  // Each has 等 or 分, or the l of `level`: other short cells are not normalized.
  return mayBeShortLabel(v, LONGEST_LEVEL_HEADER) && (v.indexOf('等') >= 0 || v.indexOf('分') >= 0 || hasLetterL(v)) && LEVEL_HEADERS.includes(normalizeLabel(v));
}
/**
 * The first characters a level header may be written with (what normalizeLabel turns into them): as listed, in
 * capitals, full width; 1 in a table of every UTF-16 code (one look-up a cell of the workbook).
 */
const LEVEL_HEADER_START = new Uint8Array(0x10000);
for (const h of LEVEL_HEADERS) {
  for (const c of [h[0], h[0].toUpperCase()]) {
    const code = c.charCodeAt(0);
    LEVEL_HEADER_START[code] = 1;
    if (code >= 0x21 && code <= 0x7e) LEVEL_HEADER_START[code + 0xfee0] = 1; // its full-width form
  }
}
/** The code of a text's first character that is not white space (isWhiteSpaceCode), or -1. */
function firstNonWhiteSpace(v: string): number {
  for (let k = 0; k < v.length; k++) {
    const c = v.charCodeAt(k);
    if (!isWhiteSpaceCode(c)) return c;
  }
  return -1;
}
function hasLetterL(v: string): boolean {
  for (let k = 0; k < v.length; k++) {
    const c = v.charCodeAt(k);
    if (c === 108 || c === 76 || c === 0xff4c || c === 0xff2c) return true;
  }
  return false;
}
const LONGEST_LEVEL_HEADER = 6;
/** The longest header readDefinition looks for (`likelihood`), with room to spare. */
const SHORT_HEADER = 16;

/** A sheet's row as texts (null for empty cells), made when asked for. */
type RowAt = (r: number) => (string | null)[];

/** A definition table: a header row `等級 | 可能性 …` (or `影響程度`), then rows `3 | 非常可能 | …`. */
function readDefinition(rowAt: RowAt, count: number, r: number, which: 'likelihood' | 'impact'): { names: Map<number, string>; col: number } | null {
  const cells = rowAt(r);
  // The level and name headers are short: long cells (a register's prose) are not normalized to look for them.
  const short = (v: string | null) => (v && mayBeShortLabel(v, SHORT_HEADER) ? normalizeLabel(v) : '');
  const levelCol = cells.findIndex((v) => LEVEL_HEADERS.includes(short(v)));
  if (levelCol < 0) return null;
  const word = which === 'likelihood' ? /^(可能性|發生可能性|likelihood)$/ : /^(影響程度|影響|impact)$/;
  const nameCol = cells.findIndex((v) => word.test(short(v)));
  if (levelCol < 0 || nameCol < 0) return null;
  const header = cells.map((v) => (v ? normalizeLabel(v) : ''));
  // Not the register: it has 風險項目 beside these.
  if (header.some((h) => /風險項目|風險情境|風險值/.test(h))) return null;
  const names = new Map<number, string>();
  for (let k = r + 1; k < count && k <= r + 8; k++) {
    const row = rowAt(k);
    const level = toHalfWidth(row[levelCol] ?? '').trim();
    if (!/^[1-9]$/.test(level)) {
      if (names.size) break;
      continue;
    }
    names.set(Number(level), (row[nameCol] ?? '').trim());
  }
  return names.size >= 3 ? { names, col: levelCol } : null;
}

export function readWorkbookScales(snapshot: WorkbookSnapshot, skip: (sheet: string) => boolean = () => false): WorkbookScales {
  const out: WorkbookScales = { settings: {}, likelihood: null, impact: null, bands: null };
  let lNames: Map<number, string> | null = null;
  let iNames: Map<number, string> | null = null;
  const bands = new Map<RiskLevel, RiskBand>();
  for (const sheet of snapshot.sheets) {
    if (skip(sheet.name)) continue;
    // Rows as texts one at a time (not a copy of the sheet).
    const textOf = (v: CellValue | undefined) => (typeof v === 'string' ? v : v === null || v === undefined ? null : cellText(v));
    const rowAt: RowAt = (r) => (sheet.rows[r] ?? []).map(textOf);
    const count = sheet.rows.length;
    for (let r = 0; r < count; r++) {
      const cells = sheet.rows[r];
      if (!cells) continue;
      // The row's texts, looked at in place (no copy of the row): the band lines, and whether it may head a table.
      // A definition table's header row has a level header (等級, level): only such a row is read as one.
      let levelWord = false;
      for (let c = 0; c < cells.length; c++) {
        const v = textOf(cells[c]);
        if (!v) continue;
        if (!levelWord && (lNames === null || iNames === null) && isLevelHeader(v)) levelWord = true;
        if (v.length < SHORTEST_BAND_LINE || v.length > 400) continue;
        // The R first: most of a plan's long cells have no R, many of a register's have 風險.
        if (v.indexOf('R') >= 0 && v.indexOf('風險') >= 0) {
          BAND_LINE.lastIndex = 0;
          const half = toHalfWidth(v);
          for (let m = BAND_LINE.exec(half); m; m = BAND_LINE.exec(half)) {
            const level = LEVEL_OF[m[1]];
            const min = Number(m[2]);
            const max = m[3] ? Number(m[3]) : min;
            if (!bands.has(level) && min <= max) {
              bands.set(level, { level, min, max, color: '' });
              out.bands ??= { sheet: sheet.name, cell: cellAddress(r, c) };
            }
          }
        }
      }
      if (!levelWord) continue;
      const has = (word: (v: string) => boolean) => cells.some((x) => {
        const v = textOf(x);
        return !!v && word(v);
      });
      if (!lNames && levelWord && has((v) => v.indexOf('可能性') >= 0 || LIKELIHOOD_WORD.test(v))) {
        const d = readDefinition(rowAt, count, r, 'likelihood');
        if (d) {
          lNames = d.names;
          out.likelihood = { sheet: sheet.name, cell: cellAddress(r, d.col), levels: d.names.size };
        }
      }
      if (!iNames && levelWord && has((v) => v.indexOf('影響') >= 0 || IMPACT_WORD.test(v))) {
        const d = readDefinition(rowAt, count, r, 'impact');
        if (d) {
          iNames = d.names;
          out.impact = { sheet: sheet.name, cell: cellAddress(r, d.col), levels: d.names.size };
        }
      }
    }
  }
  const scale = Math.max(lNames?.size ?? 0, iNames?.size ?? 0);
  if (scale >= 3 && scale <= 5) {
    out.settings.scale = scale;
    const names = (m: Map<number, string> | null) => {
      if (!m || m.size !== scale) return undefined;
      const list = Array.from({ length: scale }, (_, k) => m.get(k + 1) ?? '');
      return list.every((x) => x) ? list : undefined;
    };
    const l = names(lNames);
    const i = names(iNames);
    if (l) out.settings.likelihoodNames = { 'zh-TW': l, en: l };
    if (i) out.settings.impactNames = { 'zh-TW': i, en: i };
  }
  if (bands.size === RISK_LEVELS.length) {
    const colours: Record<RiskLevel, string> = { low: '92D050', medium: 'FFFF00', high: 'FFC000', extreme: 'FF0000' };
    const list = RISK_LEVELS.map((level) => ({ ...bands.get(level)!, color: colours[level] })).sort((a, b) => a.min - b.min);
    const top = list[list.length - 1].max;
    // Bands that fit the scale (the top band reaches scale²) decide; a scale from them alone when no table gave it.
    const s = out.settings.scale ?? Math.round(Math.sqrt(top));
    if (s >= 3 && s <= 5 && top === s * s) {
      out.settings.bands = list;
      out.settings.scale ??= s;
    }
  }
  return out;
}

/** Warnings about the workbook's own matrix: L and I tables of different sizes, bands that do not fit the scale. */
export function scaleIssues(found: WorkbookScales, issues: Issue[]): void {
  if (found.likelihood && found.impact && found.likelihood.levels !== found.impact.levels) {
    issues.push(
      makeIssue('RISK_SCALE_MISMATCH', found.impact.sheet, found.impact.cell, { likelihood: found.likelihood.levels, impact: found.impact.levels }),
    );
  }
}
