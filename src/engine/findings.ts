/**
 * The 檢核結果 (Findings) sheet: what the report says, inside the workbook, so that whoever receives the
 * workbook (研考, 主計) or its printout sees it. The summary (counts by severity, the tables found and their
 * ranges), every problem with its severity, sheet, cell (a link that selects the cell), message and code, and
 * every indicator's achievement with its uncapped rate. It prints A4 landscape, fitted to the page width, its
 * problems' header row repeated on every page; it is replaced on every run.
 */
import type { Analysis } from './analysis';
import { cellAddress, parseCellAddress } from './address';
import type { Lang } from './messages';
import { explanationsOf } from './explain';
import { issueMessage, severityName, statusName } from './messages';
import { fittedPageSetup, rowHeightsOf } from './printLayout';
import { FINDINGS_TEXT, STATUS_FILL, STATUS_FONT, STATUS_LEGEND } from './sheetText';
import { tableAddress, tableRange } from './tables/reader';
import { CellFormat, CellWrite, SheetWrite, cellTextValue, emptySheetWrite, fillFormat, sharedTextValue } from './writePlan';

const KIND_NAMES: Record<string, Record<Lang, string>> = {
  indicators: { 'zh-TW': '衡量指標表', en: 'Indicators' },
  budget: { 'zh-TW': '預算表', en: 'Budget' },
  risks: { 'zh-TW': '風險評估表', en: 'Risk register' },
};

const HEADER_FILL = 'DDEBF7';
const SEVERITY_FILL = { error: 'FFC7CE', warning: 'FFEB9C', info: 'FFFFFF' } as const;
export const FINDINGS_COLUMN_WIDTHS = [12, 20, 10, 54, 22, 18, 18];
const LAST = FINDINGS_COLUMN_WIDTHS.length - 1;
const LINK_FONT = '0563C1';
const LINK_FORMAT: CellFormat = Object.freeze({ fontColor: LINK_FONT });
const RATE_FORMAT: CellFormat = Object.freeze({ numberFormat: '0.0%' });
const STATUS_FORMAT: Record<'not_met' | 'unknown', CellFormat> = {
  not_met: Object.freeze({ fill: STATUS_FILL.not_met, fontColor: STATUS_FONT.not_met }),
  unknown: Object.freeze({ fill: STATUS_FILL.unknown, fontColor: STATUS_FONT.unknown }),
};

const text = cellTextValue;
/**
 * An address as cellAddress writes it: 1 to 3 capital letters, then a row number of 1 to 7 digits without a
 * leading zero (`^[A-Z]{1,3}[1-9][0-9]{0,6}$`, by char codes: one a problem and one an indicator of a large plan).
 */
export function isPlainAddress(s: string): boolean {
  const n = s.length;
  let k = 0;
  while (k < n && k < 3 && s.charCodeAt(k) >= 65 && s.charCodeAt(k) <= 90) k++;
  if (k === 0 || k >= n) return false;
  const first = s.charCodeAt(k);
  if (first < 49 || first > 57) return false;
  const digits = n - k;
  if (digits > 7) return false;
  for (let j = k + 1; j < n; j++) {
    const c = s.charCodeAt(j);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
/** Texts that repeat down the sheet (a status, a sheet's name, a target): one value object each. */
const shared = sharedTextValue;

/** The findings sheet for an analysis (run after the fill plan has added its own notes to the issues). */
export function findingsSheet(name: string, a: Analysis, lang: Lang, displayCap?: number): SheetWrite {
  const sheet = emptySheetWrite(name, true);
  const hyperlinks: NonNullable<SheetWrite['hyperlinks']> = [];
  sheet.hyperlinks = hyperlinks;
  const put = (row: number, col: number, value: CellWrite['value'], format?: CellFormat) => sheet.cells.add(row, col, value, format);
  /** A cell that selects `cell` of `target` when clicked (only for sheets of this workbook). */
  const link = (row: number, col: number, target: string, cell: string, label: string) => {
    const exists = a.sheetNames.includes(target);
    const colon = cell.indexOf(':');
    const at = parseCellAddress(colon < 0 ? cell : cell.slice(0, colon));
    put(row, col, text(label), exists && at ? LINK_FORMAT : undefined);
    // A plain address (`B5`, the usual one) is the link's cell as it is; other forms (`$B$5`, `b5`) are written again.
    if (exists && at) hyperlinks.push({ row, col, sheet: target, cell: colon < 0 && isPlainAddress(cell) ? cell : cellAddress(at.row, at.col), tip: FINDINGS_TEXT.linkTip[lang] });
  };
  const header = (row: number, labels: string[]) => {
    labels.forEach((h, k) => put(row, k, text(h), { bold: true, wrap: true }));
    sheet.formats.push({ range: { top: row, left: 0, bottom: row, right: labels.length - 1 }, format: { fill: HEADER_FILL, border: true, vertical: 'middle' } });
  };
  const section = (row: number, title: string) => {
    put(row, 0, text(title), { bold: true, fontSize: 13 });
    sheet.merges.push({ top: row, left: 0, bottom: row, right: LAST });
  };

  const count = (s: string) => a.issues.filter((i) => i.severity === s).length;
  put(0, 0, text(FINDINGS_TEXT.title[lang]), { bold: true, fontSize: 16 });
  sheet.merges.push({ top: 0, left: 0, bottom: 0, right: LAST });
  let row = 2;
  section(row++, FINDINGS_TEXT.summary[lang]);
  put(row, 0, text(FINDINGS_TEXT.counts[lang](count('error'), count('warning'), count('info'))));
  sheet.merges.push({ top: row, left: 0, bottom: row, right: LAST });
  row += 2;

  // The tables found, with their ranges.
  section(row++, FINDINGS_TEXT.tables[lang]);
  header(row++, FINDINGS_TEXT.tableHeaders[lang]);
  const tablesTop = row;
  for (const t of a.tables) {
    for (const kind of t.kinds) {
      put(row, 0, text(KIND_NAMES[kind]?.[lang] ?? kind));
      put(row, 1, text(t.sheet));
      const r = tableRange(t);
      link(row, 2, t.sheet, cellAddress(r.top, r.left), tableAddress(t));
      row++;
    }
  }
  if (!a.tables.length) put(row++, 0, text(FINDINGS_TEXT.noTables[lang]));
  if (row > tablesTop) sheet.formats.push({ range: { top: tablesTop, left: 0, bottom: row - 1, right: 2 }, format: { border: true, vertical: 'top' } });
  row++;

  // Every problem of the report, in the report's order.
  section(row++, FINDINGS_TEXT.problems[lang]);
  const problemsHeader = row;
  header(row++, FINDINGS_TEXT.problemHeaders[lang]);
  const problemsTop = row;
  for (const i of a.issues) {
    put(row, 0, shared(severityName(i.severity, lang)), i.severity === 'info' ? undefined : fillFormat(SEVERITY_FILL[i.severity]));
    put(row, 1, shared(i.sheet || FINDINGS_TEXT.workbook[lang]));
    if (i.cell) link(row, 2, i.sheet, i.cell, i.cell);
    put(row, 3, text(issueMessage(i.code, i.params, lang)));
    put(row, 4, shared(i.code));
    row++;
  }
  if (!a.issues.length) put(row++, 0, text(FINDINGS_TEXT.noProblems[lang]));
  if (row > problemsTop) sheet.formats.push({ range: { top: problemsTop, left: 0, bottom: row - 1, right: 4 }, format: { border: true, wrap: true, vertical: 'top' } });
  row++;

  // Every indicator's achievement, the rate uncapped (the table's column shows it capped).
  section(row++, FINDINGS_TEXT.achievement[lang]);
  header(row++, FINDINGS_TEXT.achievementHeaders[lang]);
  const indTop = row;
  let any = false;
  for (const it of a.indicatorTables) {
    const explanations = explanationsOf(it.result.indicators, lang, displayCap);
    it.result.indicators.forEach((ind, k) => {
      any = true;
      const st = ind.achievement.status;
      put(row, 0, shared(statusName(st, lang)), st === 'met' ? undefined : STATUS_FORMAT[st]);
      put(row, 1, shared(ind.sheet));
      link(row, 2, ind.sheet, ind.nameCell, ind.nameCell);
      // How the rate was computed, with its numbers, or why it could not be.
      put(row, 3, text(`${ind.name}\n${explanations[k]}`));
      const rate = ind.achievement.rate;
      if (rate !== null && Number.isFinite(rate)) put(row, 4, { number: rate }, RATE_FORMAT);
      else put(row, 4, shared('—'));
      put(row, 5, shared(ind.targetText || '—'));
      put(row, 6, text(ind.actualText || '—'));
      row++;
    });
  }
  if (!any) put(row++, 0, text(FINDINGS_TEXT.noIndicators[lang]));
  if (row > indTop) sheet.formats.push({ range: { top: indTop, left: 0, bottom: row - 1, right: LAST }, format: { border: true, wrap: true, vertical: 'top' } });
  row++;

  // What the colours mean.
  section(row++, FINDINGS_TEXT.legend[lang]);
  for (const st of ['not_met', 'unknown'] as const) {
    put(row, 0, text(statusName(st, lang)), { fill: STATUS_FILL[st], fontColor: STATUS_FONT[st], border: true });
    put(row, 1, text(STATUS_LEGEND[st][lang]));
    sheet.merges.push({ top: row, left: 1, bottom: row, right: 3 });
    row++;
  }
  for (const sev of ['error', 'warning'] as const) {
    put(row, 0, text(severityName(sev, lang)), { fill: SEVERITY_FILL[sev], border: true });
    put(row, 1, text(FINDINGS_LEGEND[sev][lang]));
    sheet.merges.push({ top: row, left: 1, bottom: row, right: 3 });
    row++;
  }

  FINDINGS_COLUMN_WIDTHS.forEach((width, col) => sheet.columnWidths.push({ col, width }));
  sheet.rowHeights = rowHeightsOf(sheet);
  // Fitted to the page width, as many pages tall as it takes (no manual breaks: a list breaks anywhere); the
  // problems' header row repeats on every page.
  sheet.pageSetup = fittedPageSetup({ top: 0, left: 0, bottom: row - 1, right: LAST }, 1, 0, { top: problemsHeader, bottom: problemsHeader });
  return sheet;
}

const FINDINGS_LEGEND = {
  error: { 'zh-TW': '錯誤：須修正；計畫表上的儲存格以相同底色標示', en: 'Error: must be fixed; the cell in the plan has the same fill' },
  warning: { 'zh-TW': '警告：請確認；計畫表上的儲存格以相同底色標示', en: 'Warning: please check; the cell in the plan has the same fill' },
} as const;
