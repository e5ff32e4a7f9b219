/**
 * The fill write plan: computed columns beside each table, problem cells marked, the risk map sheet,
 * and the record of what was written. Input cells are never written; the previous run's output is
 * cleared and written again, so a second run gives the same workbook.
 */
import type { Analysis } from './analysis';
import { displayRate, isCapped } from './achievement';
import { explanationsOf } from './explain';
import { cellAddress, parseCellAddress, rangeAddress } from './address';
import { Issue } from './issues';
import { Lang, TEXT, issueMessage, levelName, statusName } from './messages';
import { riskMapSheet } from './heatmap';
import { MOVEMENT_HEADER, mapComparison, riskMovementCell } from './comparisonRows';
import type { Settings } from './settings';
import type { CellRange } from './snapshot';
import { SheetView } from './tables/sheetView';
import { roleText } from './tables/cells';
import type { RiskRecord } from './risk';
import type { AchievementStatus } from './achievement';
import { findingsSheet } from './findings';
import { FINDINGS_TEXT, STATUS_FILL, STATUS_FONT, STATUS_LEGEND } from './sheetText';
import type { Table } from './tables/reader';
import { freeSheetName, nameRef, rangeCheck } from './meta';
import { CellFormat, Mark, MARKS_PER_NAME, META_SHEET, MetaState, NAME_PREFIX, OwnName, SheetWrite, WritePlan, cellTextValue, emptySheetWrite, levelFillFormats, markName, sharedNumberValue, sharedTextValue, WriteValue } from './writePlan';

const CAPPED_FORMAT = Object.freeze({ numberFormat: '"≥"0.0%' });

const HEADER_FILL = 'DDEBF7';
const ERROR_FILL = 'FFC7CE';
const WARNING_FILL = 'FFEB9C';

/** 未達成 and 無法計算 stand out: a fill and a font colour (the findings sheet's legend says what they mean). */
function statusFormat(status: AchievementStatus): CellFormat | undefined {
  return status === 'met' ? undefined : status === 'not_met' ? NOT_MET_FORMAT : UNKNOWN_FORMAT;
}
const NOT_MET_FORMAT = Object.freeze({ fill: STATUS_FILL.not_met, fontColor: STATUS_FONT.not_met });
const UNKNOWN_FORMAT = Object.freeze({ fill: STATUS_FILL.unknown, fontColor: STATUS_FONT.unknown });

/** Excel's last column (XFD) is 16,384. */
const EXCEL_COLUMNS = 16384;

/**
 * The first block of `width` columns right of the table that is empty on every row of the table, and outside
 * the user's merged cells (writing a cell of a merge writes the merge's value: the user's); -1 when no such
 * block fits before Excel's last column.
 */
function freeColumns(view: SheetView, t: Table, width: number, taken: CellRange[]): number {
  const top = t.headerTop;
  const bottom = Math.max(t.bottom, t.headerBottom);
  const merges = view.sheet.merges.filter(
    (m) => (m.bottom > m.top || m.right > m.left) && m.top <= bottom && m.bottom >= top && m.right > t.right,
  );
  let c = t.right + 1;
  while (c + width <= EXCEL_COLUMNS) {
    // The last column known not to be free, if any: the next block to try starts after it.
    let blocked = -1;
    outer: for (let cc = c; cc < c + width; cc++) {
      for (const x of taken) if (cc >= x.left && cc <= x.right && !(bottom < x.top || top > x.bottom)) { blocked = x.right; break outer; }
      for (const m of merges) if (cc >= m.left && cc <= m.right && m.top <= m.bottom) { blocked = m.right; break outer; }
      for (let r = top; r <= bottom; r++) {
        if (!view.isEmpty(r, cc)) {
          blocked = cc;
          break outer;
        }
      }
    }
    if (blocked < 0) return c;
    c = blocked + 1;
  }
  return -1;
}

/** Puts a value in column `k` of an output block, on a row of the sheet (the table's row). */
type PutOutput = (row: number, k: number, value: WriteValue, format?: CellFormat) => void;

/**
 * Writes an output block right of a table: its headers, the cells `writeRows` puts (row by row, in column order),
 * its formats and widths, and the record of what it holds. Returns its first column, or -1 when no block fits
 * (`writeRows` is then not called).
 */
function outputBlock(
  sheet: SheetWrite,
  meta: MetaState,
  taken: CellRange[],
  t: Table,
  headers: string[],
  headerNotes: (string | undefined)[],
  numberFormats: (string | undefined)[],
  issues: Issue[],
  writeRows: (put: PutOutput) => void,
): number {
  const left = freeColumns(t.view, t, headers.length, taken);
  if (left < 0) {
    // No room right of the table: the report has the results, and says why they are not in the sheet.
    issues.push({ code: 'WRITE_NO_ROOM', severity: 'warning', sheet: t.sheet, cell: cellAddress(t.headerBottom, t.left), params: { columns: headers.join('、'), count: headers.length } });
    return -1;
  }
  const right = left + headers.length - 1;
  const top = t.headerTop;
  const bottom = Math.max(t.bottom, t.headerBottom);
  const range = { top, left, bottom, right };
  taken.push(range);
  // The record: where, and what each cell holds (checked on the next run before anything is cleared).
  // A grid of the range, row by row (no map, no string a cell); a cell written twice holds its last value.
  const width = right - left + 1;
  const written: (WriteValue | undefined)[] = new Array((bottom - top + 1) * width);
  const cells = sheet.cells;
  const put: PutOutput = (row, k, value, format) => {
    cells.add(row, left + k, value, format);
    if (row >= top && row <= bottom) written[(row - top) * width + k] = value;
  };
  headers.forEach((h, k) => {
    const value = { text: h };
    cells.push({ row: t.headerBottom, col: left + k, value, note: headerNotes[k] });
    written[(t.headerBottom - top) * width + k] = value;
  });
  sheet.formats.push({ range: { top, left, bottom: t.headerBottom, right }, format: { bold: true, fill: HEADER_FILL, wrap: true, border: true, vertical: 'middle', horizontal: 'center' } });
  writeRows(put);
  if (bottom > t.headerBottom) {
    sheet.formats.push({ range: { top: t.headerBottom + 1, left, bottom, right }, format: { border: true, vertical: 'top', wrap: true } });
    numberFormats.forEach((nf, k) => {
      if (nf) sheet.formats.push({ range: { top: t.headerBottom + 1, left: left + k, bottom, right: left + k }, format: { numberFormat: nf } });
    });
  }
  for (let k = 0; k < headers.length; k++) sheet.columnWidths.push({ col: left + k, width: k === 2 && headers.length === 3 ? 30 : 14 });
  const id = `${NAME_PREFIX}r${meta.ranges.length + 1}`;
  meta.ranges.push({ sheet: t.sheet, range, id, check: rangeCheck(range, t.headerBottom, written) });
  return left;
}

/**
 * What a run writes: the computed columns, the problem-cell marks, the risk map. A part left out keeps
 * what an earlier run wrote for it (`marks: 'clear'` takes the marks away and writes none).
 */
export interface FillParts {
  columns: boolean;
  marks: boolean | 'clear';
  map: boolean;
  /** The 檢核結果 (findings) sheet; when not given, it is written by a run that writes the columns or the marks. */
  findings?: boolean;
}

export const ALL_PARTS: FillParts = { columns: true, marks: true, map: true, findings: true };

/** Whether a run writes the findings sheet. */
export function writesFindings(parts: FillParts): boolean {
  return parts.findings ?? (parts.columns || parts.marks === true);
}

export function buildFillPlan(a: Analysis, settings: Settings, lang: Lang, parts: FillParts = ALL_PARTS): WritePlan {
  const meta: MetaState = { version: 2, ranges: [], sheets: [], marks: [] };
  const sheetWrites = new Map<string, SheetWrite>();
  const taken = new Map<string, CellRange[]>();
  const sheetOf = (name: string) => {
    if (!sheetWrites.has(name)) sheetWrites.set(name, emptySheetWrite(name, false));
    return sheetWrites.get(name)!;
  };
  const takenOf = (name: string) => {
    if (!taken.has(name)) taken.set(name, []);
    return taken.get(name)!;
  };

  for (const it of parts.columns ? a.indicatorTables : []) {
    if (!it.result.indicators.length) continue;
    const left = outputBlock(
      sheetOf(it.table.sheet),
      meta,
      takenOf(it.table.sheet),
      it.table,
      [TEXT.achievementRate[lang], TEXT.achievementStatus[lang], TEXT.achievementNote[lang]],
      [TEXT.capNote[lang](settings.displayCap), STATUS_LEGEND.note[lang]],
      ['0.0%', undefined, undefined],
      a.issues,
      (put) => {
        const notes = explanationsOf(it.result.indicators, lang, settings.displayCap);
        it.result.indicators.forEach((ind, k) => {
          const rate = displayRate(ind.achievement, settings.displayCap);
          const note = notes[k];
          if (rate !== null) put(ind.row, 0, { number: rate });
          put(ind.row, 1, sharedTextValue(statusName(ind.achievement.status, lang)), statusFormat(ind.achievement.status));
          if (note) put(ind.row, 2, { text: note });
        });
      },
    );
    // A rate above the cap is never shown as a bare 120%: its cell reads `≥120.0%` (the note has the rate).
    const sw = sheetOf(it.table.sheet);
    if (left >= 0) {
      for (const ind of it.result.indicators) {
        if (!isCapped(ind.achievement, settings.displayCap)) continue;
        const at = { top: ind.row, left, bottom: ind.row, right: left };
        sw.formats.push({ range: at, format: CAPPED_FORMAT });
      }
    }
  }

  for (const rt of parts.columns ? a.riskTables : []) {
    if (!rt.result.risks.length) continue;
    const withResidual = rt.result.risks.some((r) => r.residual) || !!rt.table.columns.resLikelihood;
    const headers: string[] = [TEXT.riskScore[lang], TEXT.riskLevel[lang]];
    if (withResidual) headers.push(TEXT.residualScore[lang], TEXT.residualLevel[lang]);
    if (a.comparison) headers.push(MOVEMENT_HEADER[lang]);
    const levelFormat = levelFillFormats(settings);
    outputBlock(sheetOf(rt.table.sheet), meta, takenOf(rt.table.sheet), rt.table, headers, [], headers.map(() => undefined), a.issues, (put) => {
      for (const risk of rt.result.risks) {
        const { current, residual } = risk;
        if (current.score !== null) put(risk.row, 0, sharedNumberValue(current.score));
        if (current.level) put(risk.row, 1, sharedTextValue(levelName(current.level, lang)), levelFormat(current.level));
        if (withResidual) {
          if (residual?.score != null) put(risk.row, 2, sharedNumberValue(residual.score));
          if (residual?.level) put(risk.row, 3, sharedTextValue(levelName(residual.level, lang)), levelFormat(residual.level));
        }
        // Last year's comparison, when there is one: the movement beside the risk (previousYear.ts).
        if (a.comparison) {
          const m = riskMovementCell(a.comparison, risk, lang);
          if (m) put(risk.row, withResidual ? 4 : 2, sharedTextValue(m));
        }
      }
    });
  }

  // Problem cells: a fill and a note with the messages (errors and warnings; info is in the report only).
  const marks: Mark[] = [];
  const byCell = new Map<string, Issue[]>();
  for (const issue of parts.marks === true ? a.issues : []) {
    if (issue.severity === 'info' || !issue.cell || !a.sheetNames.includes(issue.sheet)) continue;
    const key = `${issue.sheet}\u0000${issue.cell}`;
    if (!byCell.has(key)) byCell.set(key, []);
    byCell.get(key)!.push(issue);
  }
  for (const list of byCell.values()) {
    const first = list[0];
    const at = parseCellAddress(first.cell);
    if (!at) continue;
    const severity = list.some((i) => i.severity === 'error') ? 'error' : 'warning';
    marks.push({
      sheet: first.sheet,
      row: at.row,
      col: at.col,
      severity,
      fill: severity === 'error' ? ERROR_FILL : WARNING_FILL,
      note: cellTextValue(list.map((i) => `[${i.code}] ${issueMessage(i.code, i.params, lang)}`).join('\n')).text,
    });
  }

  // Each mark's defined name: the marks of a sheet in union names of MARKS_PER_NAME cells.
  const nameMarks = (ms: { sheet: string; row: number; col: number; id?: string }[], first: number): number => {
    let group = first;
    for (const [, list] of groupBy(ms, (m) => m.sheet)) {
      for (let k = 0; k < list.length; k += MARKS_PER_NAME) {
        list.slice(k, k + MARKS_PER_NAME).forEach((m, j) => (m.id = markName(group, j)));
        group++;
      }
    }
    return group;
  };
  const groupsUsed = nameMarks(marks, 0);
  const sheets = [...sheetWrites.values()];
  const present = <T extends { sheet: string }>(xs: T[]) => xs.filter((x) => a.sheetNames.includes(x.sheet));
  // Cells of the earlier output that the user changed: kept as they are, and said.
  if (parts.columns) {
    for (const k of a.meta.kept) {
      const cells = k.cells.slice(0, 20).map((c) => cellAddress(c.row, c.col));
      a.issues.push({
        code: 'WRITE_OUTPUT_KEPT',
        severity: 'warning',
        sheet: k.sheet,
        cell: cells[0],
        params: { cells: cells.join('、') + (k.cells.length > cells.length ? '…' : ''), count: k.cells.length, range: rangeAddress(k.range) },
      });
    }
  }
  if (!parts.columns) for (const r of present(a.meta.ranges)) meta.ranges.push(r);
  const findings = writesFindings(parts);
  const oldFindings = new Set(a.meta.findingsSheets ?? []);
  const oldSheets = a.meta.sheets.filter((s) => a.sheetNames.includes(s));
  // The add-in's sheets of an earlier run: the ones this run writes again are deleted, the others kept.
  const replaced = (s: string) => (oldFindings.has(s) ? findings : parts.map);
  const deleteSheets = oldSheets.filter(replaced);
  for (const s of oldSheets.filter((x) => !replaced(x))) {
    meta.sheets.push(s);
    const id = a.meta.sheetIds?.[s];
    if (id) (meta.sheetIds ??= {})[s] = id;
    if (oldFindings.has(s)) (meta.findingsSheets ??= []).push(s);
  }
  // The sheets the add-in adds (the risk map, the findings): a sheet it did not create is never replaced, and a
  // new sheet takes a name free case-insensitively, with a defined name no other record of this run has.
  const staying = a.sheetNames.filter((s) => !deleteSheets.includes(s));
  const idsUsed = new Set(Object.values(meta.sheetIds ?? {}));
  const addSheet = (wanted: string, code: 'WRITE_MAP_SHEET_RENAMED' | 'WRITE_FINDINGS_SHEET_RENAMED', build: (name: string) => SheetWrite) => {
    const name = freeSheetName(wanted, [...staying, ...sheets.filter((s) => s.create).map((s) => s.sheet)]);
    if (name !== wanted) a.issues.push({ code, severity: 'info', sheet: wanted, cell: '', params: { wanted, used: name } });
    const w = build(name);
    w.create = true;
    sheets.push(w);
    meta.sheets.push(name);
    let k = meta.sheets.length;
    while (idsUsed.has(`${NAME_PREFIX}s${k}`)) k++;
    idsUsed.add(`${NAME_PREFIX}s${k}`);
    (meta.sheetIds ??= {})[name] = `${NAME_PREFIX}s${k}`;
    return name;
  };
  if (parts.map && a.riskTables.length) {
    // Every register's risks, and beside each its owner (a list in the same order: no map keyed by risk).
    const risks: RiskRecord[] = [];
    const owners: string[] = [];
    for (const rt of a.riskTables) {
      for (const r of rt.result.risks) {
        risks.push(r);
        owners.push(roleText(rt.table, r.row, 'owner'));
      }
    }
    addSheet(TEXT.mapSheet[lang], 'WRITE_MAP_SHEET_RENAMED', (name) => riskMapSheet(name, risks, settings, lang, owners, mapComparison(a.comparison, lang)));
  }
  // The findings sheet, last: it lists every issue, the notes of this plan's own included.
  if (findings) {
    const name = addSheet(FINDINGS_TEXT.sheet[lang], 'WRITE_FINDINGS_SHEET_RENAMED', (name) => findingsSheet(name, a, lang, settings.displayCap));
    (meta.findingsSheets ??= []).push(name);
  }

  const clear = parts.columns ? present(a.meta.owned) : [];
  const unmark = parts.marks ? present(a.meta.marks) : [];
  const keepMarks = (parts.marks ? [] : present(a.meta.marks)).map((m) => ({ ...m }));
  nameMarks(keepMarks, groupsUsed);
  const touches = [
    ...new Set([...sheets.filter((s) => !s.create).map((s) => s.sheet), ...marks.map((m) => m.sheet), ...unmark.map((m) => m.sheet), ...clear.map((r) => r.sheet)]),
  ].filter((s) => a.sheetNames.includes(s));
  // The records sheet: the earlier one, or a name no sheet of the user's has (case-insensitively).
  const existing = a.meta.recordsSheet;
  const metaSheet = { name: existing ?? freeSheetName(META_SHEET, a.sheetNames), existing };
  // The defined names that find the output again on the next run.
  const names: OwnName[] = [];
  for (const r of meta.ranges) if (r.id) names.push({ name: r.id, sheet: r.sheet, range: r.range });
  for (const s of meta.sheets) {
    const id = meta.sheetIds?.[s];
    if (id) names.push({ name: id, sheet: s, range: { top: 0, left: 0, bottom: 0, right: 0 } });
  }
  const unions = new Map<string, OwnName>();
  for (const m of [...marks, ...keepMarks]) {
    if (!m.id) continue;
    const name = m.id.slice(0, m.id.indexOf('#'));
    const cell = { top: m.row, left: m.col, bottom: m.row, right: m.col };
    const u = unions.get(name);
    if (u) (u.more ??= []).push(cell);
    else unions.set(name, { name, sheet: m.sheet, range: cell });
  }
  names.push(...unions.values());
  return { touches, clear, unmark, keepMarks, deleteSheets, sheets, marks, meta, metaSheet, names };
}

/** A defined name's reference text (`'Sheet'!$A$1`), for hosts that write names as text. */
export function ownNameRef(n: OwnName): string {
  return nameRef(n.sheet, n.range, n.more);
}

function groupBy<T>(xs: T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    if (!m.has(k)) m.set(k, []);
    m.get(k)!.push(x);
  }
  return m;
}
