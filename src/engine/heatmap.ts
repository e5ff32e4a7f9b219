/**
 * The risk map (風險圖像) as Excel cells: a current-risk and a residual-risk grid, impact rows from the
 * highest at the top, likelihood columns from 1 at the left, each cell listing its risks' IDs and its R,
 * filled with its level's colour; under them the legend and the count and share of each level. Colours alone
 * hide ties, so each cell writes out its IDs and its R; each risk's L, I, R and level are in the columns the
 * add-in fills in beside the register itself.
 */
import type { RiskRecord, RiskAssessment } from './risk';
import { countLevels } from './risk';
import { Lang, TEXT, levelCount, levelName, levelRange } from './messages';
import { RISK_LEVELS, Settings, bandOf, levelOf } from './settings';
import { CellWrite, RangeFormat, SheetWrite, cellTextValue, emptySheetWrite } from './writePlan';

const GRID_COL_WIDTH = 22;

const text = cellTextValue;

/** A grid cell lists its risks' IDs; past this many, it gives the count (the register's columns have every risk's R and level). */
const MAX_IDS_IN_CELL = 50;

function idList(ids: string[], lang: Lang): string {
  if (ids.length <= MAX_IDS_IN_CELL) return ids.join('、');
  const shown = ids.slice(0, MAX_IDS_IN_CELL).join('、');
  return lang === 'zh-TW' ? `${shown}…（共 ${ids.length} 項）` : `${shown}… (${ids.length} in all)`;
}

/**
 * Last year's comparison on the map (previousYear.ts): `mark(risk)` is written right after each ID in the current
 * grid (`P1↑`, `P4(新)`); `notes` are lines added under the counts (the marks' legend, the closed risks).
 */
export interface MapComparison {
  mark: (risk: RiskRecord) => string;
  notes: string[];
}

export function riskMapSheet(name: string, risks: RiskRecord[], settings: Settings, lang: Lang, comparison?: MapComparison): SheetWrite {
  const sheet = emptySheetWrite(name, true);
  sheet.activate = true;
  const n = settings.scale;
  const cells = sheet.cells;
  const formats = sheet.formats;
  const put = (row: number, col: number, value: CellWrite['value'], format?: CellWrite['format']) => cells.push({ row, col, value, format });

  put(0, 0, text(TEXT.mapTitle[lang]), { bold: true, fontSize: 16 });
  sheet.merges.push({ top: 0, left: 0, bottom: 0, right: n });
  const sheetsUsed = [...new Set(risks.map((r) => r.sheet))];
  put(1, 0, text(`${TEXT.source[lang]}：${sheetsUsed.join('、')}`), { italic: true, fontColor: '595959' });
  sheet.merges.push({ top: 1, left: 0, bottom: 1, right: n });

  const drawMap = (top: number, title: string, pick: (r: RiskRecord) => RiskAssessment | null, mark: (r: RiskRecord) => string = () => '') => {
    put(top, 0, text(title), { bold: true, fontSize: 13 });
    sheet.merges.push({ top, left: 0, bottom: top, right: n });
    const inCell = new Map<string, string[]>();
    for (const r of risks) {
      const a = pick(r);
      if (!a || a.likelihood === null || a.impact === null) continue;
      const key = `${a.likelihood},${a.impact}`;
      if (!inCell.has(key)) inCell.set(key, []);
      inCell.get(key)!.push(r.id + mark(r));
    }
    for (let k = 0; k < n; k++) {
      const impact = n - k;
      const row = top + 1 + k;
      put(row, 0, text(`${settings.impactNames[lang][impact - 1] ?? ''} (${impact})`.trim()), { bold: true, horizontal: 'center', vertical: 'middle' });
      for (let l = 1; l <= n; l++) {
        const score = l * impact;
        const ids = inCell.get(`${l},${impact}`) ?? [];
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
    for (let l = 1; l <= n; l++) put(axis, l, text(`${settings.likelihoodNames[lang][l - 1] ?? ''} (${l})`.trim()), { bold: true, horizontal: 'center' });
    formats.push({
      range: { top: top + 1, left: 0, bottom: axis, right: n },
      format: { border: true, wrap: true, horizontal: 'center', vertical: 'middle' },
    });
    return axis + 2;
  };

  let row = drawMap(3, TEXT.currentMap[lang], (r) => r.current, comparison?.mark);
  row = drawMap(row, TEXT.residualMap[lang], (r) => r.residual);

  // Legend: what each level requires.
  put(row, 0, text(TEXT.legend[lang]), { bold: true, fontSize: 13 });
  row++;
  for (const level of [...RISK_LEVELS].reverse()) {
    const band = bandOf(level, settings);
    put(row, 0, text(levelName(level, lang)), { fill: band.color, horizontal: 'center', border: true });
    put(row, 1, text(levelRange(level, band.min, band.max, lang)));
    sheet.merges.push({ top: row, left: 1, bottom: row, right: Math.max(n, 4) });
    row++;
  }
  row++;

  // Counts and shares.
  put(row, 0, text(TEXT.results[lang]), { bold: true });
  row++;
  const current = countLevels(risks.map((r) => r.current));
  const residual = countLevels(risks.map((r) => r.residual));
  const totalCurrent = RISK_LEVELS.reduce((a, l) => a + current[l], 0);
  const totalResidual = RISK_LEVELS.reduce((a, l) => a + residual[l], 0);
  put(row, 0, text(TEXT.currentMap[lang]), { bold: true });
  put(row, 2, text(TEXT.residualMap[lang]), { bold: true });
  row++;
  for (const level of [...RISK_LEVELS].reverse()) {
    put(row, 0, text(levelCount(level, current[level], totalCurrent, lang)));
    put(row, 2, text(levelCount(level, residual[level], totalResidual, lang)));
    row++;
  }
  if (!risks.length) {
    put(row, 0, text(TEXT.noRisks[lang]));
    row++;
  }
  row++;
  for (const line of comparison?.notes ?? []) {
    put(row, 0, text(line));
    sheet.merges.push({ top: row, left: 0, bottom: row, right: Math.max(n, 4) });
    row++;
  }

  sheet.columnWidths.push({ col: 0, width: 20 });
  for (let l = 1; l <= Math.max(n, 4); l++) sheet.columnWidths.push({ col: l, width: GRID_COL_WIDTH });
  return sheet;
}

/** The grid cell of a risk in a map drawn by riskMapSheet (0-based), for tests and the task pane. */
export function mapCellOf(top: number, settings: Settings, likelihood: number, impact: number): { row: number; col: number } {
  return { row: top + 1 + (settings.scale - impact), col: likelihood };
}

export const CURRENT_MAP_TOP = 3;
export function residualMapTop(settings: Settings): number {
  return CURRENT_MAP_TOP + settings.scale + 3;
}

export type { RangeFormat };
