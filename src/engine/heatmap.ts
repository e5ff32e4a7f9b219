/**
 * The risk map (風險圖像) as Excel cells: a current-risk and a residual-risk grid, impact rows from the
 * highest at the top, likelihood columns from 1 at the left, each cell listing its risks' IDs and its R,
 * filled with its level's colour; under them the legend and the count and share of each level. Colours alone
 * hide ties, so each cell writes out its IDs and its R; each risk's L, I, R and level are in the columns the
 * add-in fills in beside the register itself.
 */
import type { RiskRecord, RiskAssessment } from './risk';
import { countLevels } from './risk';
import { Lang, TEXT, joinList, levelCount, levelName, levelRange } from './messages';
import { RISK_LEVELS, RiskLevel, Settings, bandOf, levelOf } from './settings';
import { CellWrite, RangeFormat, SheetWrite, WriteValue, cellTextValue, emptySheetWrite, levelFillFormats, sharedTextValue } from './writePlan';
import { pageSetupFor, rowHeightsOf } from './printLayout';
import { MAP_TEXT } from './sheetText';

const LIST_HEADER_FILL = 'DDEBF7';

const GRID_COL_WIDTH = 22;

const text = cellTextValue;

/** A grid cell lists its risks' IDs; past this many, it gives the count (the register's columns have every risk's R and level). */
const MAX_IDS_IN_CELL = 50;

/** IDs are separated by a comma and a space: a line breaks between two IDs, never inside one. */
const ID_SEPARATOR = ', ';

function idList(ids: string[], lang: Lang): string {
  if (ids.length <= MAX_IDS_IN_CELL) return ids.join(ID_SEPARATOR);
  const shown = ids.slice(0, MAX_IDS_IN_CELL).join(ID_SEPARATOR);
  return lang === 'zh-TW' ? `${shown}…（共 ${ids.length} 項）` : `${shown}… (${ids.length} in all)`;
}

/** Columns of the risk list under the maps: ID, risk, current R and level, residual R and level, owner, new countermeasure. */
const LIST_COLUMNS = 6;

/**
 * Last year's comparison on the map (previousYear.ts): `mark(risk)` is written right after each ID in the current
 * grid (`P1↑`, `P4(新)`); `notes` are lines added under the counts (the marks' legend, the closed risks).
 */
export interface MapComparison {
  mark: (risk: RiskRecord) => string;
  notes: string[];
}

/** `owners`: each risk's owner (負責單位), in the order of `risks`. */
export function riskMapSheet(name: string, risks: RiskRecord[], settings: Settings, lang: Lang, owners?: readonly string[], comparison?: MapComparison): SheetWrite {
  const sheet = emptySheetWrite(name, true);
  sheet.activate = true;
  const n = settings.scale;
  /** The sheet's printed columns: the grid's, and at least the risk list's. */
  const width = Math.max(n + 1, LIST_COLUMNS);
  const last = width - 1;
  const cells = sheet.cells;
  const formats = sheet.formats;
  const put = (row: number, col: number, value: CellWrite['value'], format?: CellWrite['format']) => cells.add(row, col, value, format);
  const blocks: { top: number; bottom: number }[] = [];

  put(0, 0, text(TEXT.mapTitle[lang]), { bold: true, fontSize: 16 });
  sheet.merges.push({ top: 0, left: 0, bottom: 0, right: last });
  const sheetsUsed = [...new Set(risks.map((r) => r.sheet))];
  put(1, 0, text(`${TEXT.source[lang]}${lang === 'zh-TW' ? '：' : ': '}${joinList(sheetsUsed, lang)}`), { italic: true, fontColor: '595959', wrap: true });
  sheet.merges.push({ top: 1, left: 0, bottom: 1, right: last });

  const drawMap = (top: number, title: string, pick: (r: RiskRecord) => RiskAssessment | null, mark: (r: RiskRecord) => string = () => '') => {
    put(top, 0, text(title), { bold: true, fontSize: 13 });
    sheet.merges.push({ top, left: 0, bottom: top, right: n });
    // Keyed by the cell's L and I (as text only when they are not small whole numbers: no string a risk).
    const inCell = new Map<number | string, string[]>();
    const cellKey = (l: number, i: number): number | string => (Number.isInteger(l) && Number.isInteger(i) && l >= 0 && i >= 0 && l < 1000 && i < 1000 ? l * 1000 + i : `${l},${i}`);
    for (const r of risks) {
      const a = pick(r);
      if (!a || a.likelihood === null || a.impact === null) continue;
      const key = cellKey(a.likelihood, a.impact);
      let ids = inCell.get(key);
      if (!ids) inCell.set(key, (ids = []));
      ids.push(r.id + mark(r));
    }
    for (let k = 0; k < n; k++) {
      const impact = n - k;
      const row = top + 1 + k;
      put(row, 0, text(`${settings.impactNames[lang][impact - 1] ?? ''} (${impact})`.trim()), { bold: true, horizontal: 'center', vertical: 'middle' });
      for (let l = 1; l <= n; l++) {
        const score = l * impact;
        const ids = inCell.get(cellKey(l, impact)) ?? [];
        put(row, l, text(ids.length ? `${idList(ids, lang)}\nR=${score}` : `R=${score}`));
      }
    }
    // One format call per level band (few large format calls, not cell by cell).
    for (let k = 0; k < n; k++) {
      const impact = n - k;
      for (let l = 1; l <= n; l++) {
        const band = bandOf(levelOf(l * impact, settings), settings);
        formats.push({ range: { top: top + 1 + k, left: l, bottom: top + 1 + k, right: l }, format: { fill: band.color } });
      }
    }
    const axis = top + 1 + n;
    put(axis, 0, text(TEXT.corner[lang]), { bold: true, horizontal: 'center', wrap: true });
    for (let l = 1; l <= n; l++) put(axis, l, text(`${settings.likelihoodNames[lang][l - 1] ?? ''} (${l})`.trim()), { bold: true, horizontal: 'center', wrap: true });
    formats.push({
      range: { top: top + 1, left: 0, bottom: axis, right: n },
      format: { border: true, wrap: true, horizontal: 'center', vertical: 'middle' },
    });
    // The title, the grid and its axis print on one page.
    blocks.push({ top, bottom: axis });
    return axis + 2;
  };

  let row = drawMap(CURRENT_MAP_TOP, TEXT.currentMap[lang], (r) => r.current, comparison?.mark);
  row = drawMap(row, TEXT.residualMap[lang], (r) => r.residual);

  // Legend (what each level requires) at the left, the count and share of each level at the right, side by side.
  const legendTop = row;
  const countCol = Math.min(3, last - 1);
  put(row, 0, text(TEXT.legend[lang]), { bold: true, fontSize: 13 });
  if (countCol - 1 > 0) sheet.merges.push({ top: row, left: 0, bottom: row, right: countCol - 1 });
  const current = countLevels(risks.map((r) => r.current));
  const residual = countLevels(risks.map((r) => r.residual));
  const totalCurrent = RISK_LEVELS.reduce((a, l) => a + current[l], 0);
  const totalResidual = RISK_LEVELS.reduce((a, l) => a + residual[l], 0);
  // The counts' heads say what they count (評估結果: 現有 / 殘餘); each level's count is on its legend row.
  put(row, countCol, text(`${TEXT.results[lang]}\n${TEXT.currentMap[lang]}`), { bold: true, wrap: true });
  put(row, countCol + 1, text(TEXT.residualMap[lang]), { bold: true, wrap: true });
  row++;
  const levels = [...RISK_LEVELS].reverse();
  levels.forEach((level, k) => {
    const band = bandOf(level, settings);
    put(row + k, 0, text(levelName(level, lang)), { fill: band.color, horizontal: 'center', vertical: 'middle', border: true });
    put(row + k, 1, text(levelRange(level, band.min, band.max, lang)), { wrap: true, vertical: 'top' });
    if (countCol - 1 > 1) sheet.merges.push({ top: row + k, left: 1, bottom: row + k, right: countCol - 1 });
    put(row + k, countCol, text(levelCount(level, current[level], totalCurrent, lang)), { wrap: true, vertical: 'top' });
    put(row + k, countCol + 1, text(levelCount(level, residual[level], totalResidual, lang)), { wrap: true, vertical: 'top' });
  });
  row += levels.length;
  if (!risks.length) {
    put(row, 0, text(TEXT.noRisks[lang]));
    row++;
  }
  blocks.push({ top: legendTop, bottom: row - 1 });
  row++;
  for (const line of comparison?.notes ?? []) {
    put(row, 0, text(line), { wrap: true });
    sheet.merges.push({ top: row, left: 0, bottom: row, right: last });
    row++;
  }

  // The risk list: each risk's ID, name, current and residual R and level, owner and new countermeasure, so that
  // the printed page stands on its own (colours alone hide ties).
  if (risks.length) {
    const listTop = row;
    put(row, 0, text(MAP_TEXT.listTitle[lang]), { bold: true, fontSize: 13 });
    sheet.merges.push({ top: row, left: 0, bottom: row, right: last });
    row++;
    const headers = MAP_TEXT.listHeaders[lang];
    headers.forEach((h, k) => put(row, k, text(h), { bold: true, wrap: true, fill: LIST_HEADER_FILL }));
    const headerRow = row;
    row++;
    // `6 高度`: the grid alone writes `R=6`. A few scores and levels repeat down the list: each whole score's
    // value is made once a level, not a text a risk.
    const assessedText = (a: RiskAssessment | null) => (a && a.score !== null ? `${a.score}${a.level ? ` ${levelName(a.level, lang)}` : ''}` : '—');
    const assessedValues = new Map<RiskLevel | null, WriteValue[]>();
    const assessed = (a: RiskAssessment | null): WriteValue => {
      if (!a || a.score === null || !Number.isInteger(a.score) || a.score < 0 || a.score > 1000) return sharedTextValue(assessedText(a));
      let byScore = assessedValues.get(a.level);
      if (!byScore) assessedValues.set(a.level, (byScore = []));
      return (byScore[a.score] ??= sharedTextValue(assessedText(a)));
    };
    const fillOf = levelFillFormats(settings);
    const levelFormat = (level: RiskLevel | null | undefined) => (level ? fillOf(level) : undefined);
    for (let k = 0; k < risks.length; k++) {
      const r = risks[k];
      put(row, 0, text(`${r.id}${comparison?.mark(r) ?? ''}`));
      put(row, 1, text(r.name || '—'));
      put(row, 2, assessed(r.current), levelFormat(r.current.level));
      put(row, 3, assessed(r.residual), levelFormat(r.residual?.level));
      put(row, 4, sharedTextValue(owners?.[k] || '—'));
      put(row, 5, sharedTextValue(r.newControl || '—'));
      row++;
    }
    formats.push({ range: { top: headerRow, left: 0, bottom: row - 1, right: LIST_COLUMNS - 1 }, format: { border: true, wrap: true, vertical: 'top' } });
    // The list's title, header and first rows stay together.
    blocks.push({ top: listTop, bottom: Math.min(row - 1, headerRow + 1) });
  }

  sheet.columnWidths.push({ col: 0, width: 20 });
  for (let l = 1; l <= last; l++) sheet.columnWidths.push({ col: l, width: GRID_COL_WIDTH });
  sheet.rowHeights = rowHeightsOf(sheet);
  const area = { top: 0, left: 0, bottom: Math.max(row - 1, 1), right: last };
  sheet.pageSetup = pageSetupFor(sheet, area, blocks, { titleRows: { top: 0, bottom: 1 } });
  return sheet;
}

/** The grid cell of a risk in a map drawn by riskMapSheet (0-based), for tests and the task pane. */
export function mapCellOf(top: number, settings: Settings, likelihood: number, impact: number): { row: number; col: number } {
  return { row: top + 1 + (settings.scale - impact), col: likelihood };
}

/** The row of the current-risk map's title (0-based); the residual map follows it. */
export const CURRENT_MAP_TOP = 3;

export type { RangeFormat };
