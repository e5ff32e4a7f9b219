/**
 * This year against last year's workbook (src/engine/previousYear.ts), on the pair built from the seeds
 * (test/fixtures/yearPairs.ts): risks renumbered, renamed, added and closed; a lowered target; budget changes.
 */
import { comparisonRows, fill, validate } from '../../src/engine';
import { matchRisks, movementMark } from '../../src/engine/previousYear';
import type { SheetWrite } from '../../src/engine/writePlan';
import { seedWorkbook } from '../fixtures/seedPlans';
import { CURRENT_MAP_TOP, mapCellOf } from '../../src/engine/heatmap';
import { DEFAULT_SETTINGS } from '../../src/engine/settings';
import { SHEET_000_PLAN, SHEET_000_RISK, SHEET_002_BUDGET, SHEET_002_TARGET, SHEET_110_TARGET, yearPair } from '../fixtures/yearPairs';
import { clone, issuesOf } from '../helpers';

function cellText(s: SheetWrite, row: number, col: number): string {
  const c = s.cells.find((x) => x.row === row && x.col === col);
  return c && c.value && typeof c.value === 'object' && 'text' in c.value ? c.value.text : '';
}

describe('risks: matched by ID, by name when renumbered', () => {
  const { previous, current } = yearPair();
  const report = validate(current, { lang: 'en', previous });
  const risks = report.comparison!.risks;
  const row = (id: string, movement?: string) => risks.find((r) => r.id === id && (!movement || r.movement === movement))!;

  test('every risk has its movement', () => {
    expect(risks.map((r) => [r.id, r.previousId, r.matchedBy, r.movement, r.previousScore, r.score])).toEqual([
      ['P1', 'P1', 'id', 'up', 1, 2],
      ['P2', 'P4', 'name', 'same', 6, 6],
      ['P3', 'P2', 'name', 'down', 6, 4],
      ['P4', null, null, 'new', null, 3],
      ['P5', 'P5', 'id', 'same', 2, 2],
      ['P3', 'P3', null, 'closed', 4, null],
    ]);
  });

  test('cells of both years are given', () => {
    expect(row('P3', 'down')).toMatchObject({ sheet: SHEET_000_RISK, cell: 'B5', previousSheet: SHEET_000_RISK, previousCell: 'B4' });
    expect(row('P3', 'closed')).toMatchObject({ sheet: null, cell: null, previousCell: 'B5' });
  });

  test('R ≥ 6 two years running with last year\'s countermeasure: a warning at this year\'s 新增風險對策, naming last year\'s', () => {
    const [w] = issuesOf(report, 'PREV_RISK_STILL_HIGH');
    expect(w).toMatchObject({ severity: 'warning', sheet: SHEET_000_RISK, cell: 'H4' });
    expect(w.message).toContain('P2');
    expect(w.message).toContain(`last year's "${SHEET_000_RISK}" H6`);
    expect(issuesOf(report, 'PREV_RISK_STILL_HIGH')).toHaveLength(1);
  });

  test('a new countermeasure this year ends the warning', () => {
    const pair = yearPair();
    pair.current.sheets[1].rows[3][7] = '結合社政單位建立通報群組';
    expect(issuesOf(validate(pair.current, { previous: pair.previous }), 'PREV_RISK_STILL_HIGH')).toEqual([]);
  });

  test('renumbered both ways (P1 ↔ P2 swapped) is matched by name, not by ID', () => {
    const rec = (id: string, name: string) => ({ id, name, idMissing: false }) as Parameters<typeof matchRisks>[0][number];
    const a = [rec('P1', 'P1 婦幼案件通報及查訪延遲'), rec('P2', 'P2 重要路口監視系統建置與汰舊工程延誤')];
    const b = [rec('P1', 'P1 重要路口監視系統建置與汰舊工程延誤'), rec('P2', 'P2 婦幼案件通報及查訪延遲')];
    expect(matchRisks(a, b).map((m) => [m.cur.id, m.prev.id, m.by])).toEqual([
      ['P1', 'P2', 'name'],
      ['P2', 'P1', 'name'],
    ]);
  });

  test('the marks', () => {
    expect(['up', 'down', 'same', 'new'].map((m) => movementMark(m as never, 'zh-TW'))).toEqual(['↑', '↓', '→', '(新)']);
    expect(movementMark('new', 'en')).toBe('(new)');
  });
});

describe('indicators: matched by name and goal', () => {
  const { previous, current } = yearPair();
  const report = validate(current, { lang: 'en', previous });
  const ind = (name: string) => report.comparison!.indicators.find((i) => i.name === name)!;

  test("last year's target and actual beside this year's target", () => {
    expect(ind('查緝逃犯數')).toMatchObject({ status: 'matched', target: '2,119人', previousTarget: '2,150人', previousActual: '2,098人', cell: 'E6', previousSheet: SHEET_110_TARGET, previousCell: 'E6' });
    // Renumbered (三 ↔ 四) in the plan table: matched by name.
    expect(ind('積極防處少年事件，辦理預防少年犯罪宣導教育工作。')).toMatchObject({ sheet: SHEET_000_PLAN, cell: 'B6', previousCell: 'B5' });
    // Plan 五's first indicator was closed.
    expect(report.comparison!.indicators.filter((i) => i.status === 'closed').map((i) => i.name)).toEqual([
      '加強「闖紅燈」、「嚴重超速 40 公里以上」、「酒後駕車」及「併排停車」4 項違規執法取締。',
    ]);
  });

  test('a target below last year\'s actual; below last year\'s target where the plan says 逐年增加; lower is better respected', () => {
    const w = report.issues.filter((i) => i.code.startsWith('PREV_TARGET')).map((i) => `${i.code} ${i.sheet}!${i.cell}`);
    expect(w).toEqual([
      `PREV_TARGET_BELOW_ACTUAL ${SHEET_002_TARGET}!E5`,
      `PREV_TARGET_BELOW_TARGET ${SHEET_002_TARGET}!E6`,
      `PREV_TARGET_BELOW_ACTUAL ${SHEET_002_TARGET}!E10`,
    ]);
    const [below] = issuesOf(report, 'PREV_TARGET_BELOW_ACTUAL');
    expect(below.message).toBe(`The target 240人 of "治平專案檢肅人數" is below last year's actual 247人 (last year's "${SHEET_110_TARGET}" F5). Check whether the target should be raised.`);
    expect(issuesOf(report, 'PREV_TARGET_BELOW_ACTUAL')[1].message).toContain('lower-is-better');
    expect(issuesOf(report, 'PREV_TARGET_BELOW_TARGET')[0].message).toContain('逐年增加');
  });

  test('a lower-is-better target below last year\'s actual is no warning', () => {
    const pair = yearPair();
    pair.current.sheets[2].rows[9][4] = '2,028次';
    const r = validate(pair.current, { previous: pair.previous });
    expect(r.issues.filter((i) => i.cell === 'E10' && i.code.startsWith('PREV_'))).toEqual([]);
  });
});

describe('budget per plan and per source', () => {
  const { previous, current } = yearPair();
  const b = validate(current, { lang: 'en', previous }).comparison!.budgets;

  test('per plan: last year, this year, change in %; renamed plans matched, new and closed ones shown', () => {
    const plan = (name: string) => b.plans.find((p) => p.name === name)!;
    expect(plan('重要路口錄影監視系統建置計畫')).toMatchObject({ previous: 14000, current: 15400, changePercent: 10, cell: 'D3', previousCell: 'D3' });
    expect(plan('落實婦幼安全保護')).toMatchObject({ previous: 75, current: 75, changePercent: 0, cell: 'D5', previousCell: 'D6' });
    expect(plan('提升交通執法品質')).toMatchObject({ previous: null, current: 3000, changePercent: null });
    expect(plan('賡續執行「嚴懲重大交通違規」專案執法')).toMatchObject({ previous: 7165, current: null, previousCell: 'D7' });
    expect(plan('警察勤務—警察行政業務')).toMatchObject({ previous: 1990, current: 2135, changePercent: 7.29, sheet: SHEET_002_BUDGET });
  });

  test('per source and the total', () => {
    expect(b.sources).toEqual([
      expect.objectContaining({ name: '本府', previous: 237250, current: 237395, changePercent: 0.06 }),
      expect.objectContaining({ name: '中央', previous: 110774, current: 110774, changePercent: 0 }),
    ]);
    expect(b.total).toMatchObject({ previous: 348024, current: 348169 });
  });
});

describe("last year's workbook is only read", () => {
  test('its own problems are not reported as this year\'s, and it is not changed', () => {
    const { previous, current } = yearPair();
    const before = clone(previous);
    expect(validate(previous).issues.some((i) => i.sheet === SHEET_110_TARGET)).toBe(true); // it has errors of its own
    const report = validate(current, { previous });
    expect(report.issues.filter((i) => i.sheet === SHEET_110_TARGET)).toEqual([]);
    expect(previous).toEqual(before);
    const { plan } = fill(current, { previous });
    expect(previous).toEqual(before);
    expect(plan.touches).not.toContain(SHEET_110_TARGET);
  });

  test('without --previous the report has no comparison and the seed workbook is as before', () => {
    const r = validate(seedWorkbook());
    expect(r.comparison).toBeUndefined();
    expect(comparisonRows(r, 'zh-TW')).toEqual([]);
  });

  test('the seed workbook compared with itself: every risk → and no warning from the comparison', () => {
    const r = validate(seedWorkbook(), { previous: seedWorkbook() });
    expect(r.comparison!.risks.map((x) => x.movement)).toEqual(['same']);
    expect(r.issues.filter((i) => i.code.startsWith('PREV_'))).toEqual([]);
    expect(r.comparison!.budgets.plans.every((p) => p.changePercent === 0)).toBe(true);
  });
});

describe('what fill writes', () => {
  const { previous, current } = yearPair();
  const { plan } = fill(current, { lang: 'zh-TW', previous });
  const map = plan.sheets.find((s) => s.sheet === '風險圖像')!;

  test('the map: the movement beside each ID in the current grid; the legend and the closed risks under it', () => {
    const at = (l: number, i: number) => {
      const c = mapCellOf(CURRENT_MAP_TOP, DEFAULT_SETTINGS, l, i);
      return cellText(map, c.row, c.col);
    };
    expect(at(2, 1)).toBe('P1↑\nR=2');
    expect(at(3, 2)).toBe('P2→\nR=6');
    expect(at(2, 2)).toBe('P3↓\nR=4');
    expect(at(1, 3)).toBe('P4(新)\nR=3');
    expect(at(1, 2)).toBe('P5→\nR=2');
    const texts = map.cells.map((c) => (c.value && typeof c.value === 'object' && 'text' in c.value ? c.value.text : ''));
    expect(texts).toContain('P3↓\nR=4');
    expect(texts.some((t) => t.startsWith('去年有、今年已結案的風險：P3 P3 少年事件預防宣導場次不足'))).toBe(true);
    expect(texts.some((t) => t.startsWith('編號旁的符號為與去年比較'))).toBe(true);
    // The residual grid has no marks (the movement is of the current R).
    expect(texts.filter((t) => /^P1/.test(t) && t.includes('\nR='))).toEqual(['P1↑\nR=2', 'P1\nR=1']);
    // The risk list under the maps carries the movement beside the ID too, the name in its own column.
    expect(texts.filter((t) => /^P1/.test(t) && !t.includes('\nR='))).toEqual(['P1↑', 'P1 重要路口監視系統建置與汰舊工程延誤']);
  });

  test('the risk columns: a 與去年比較 column beside the register', () => {
    const sheet = plan.sheets.find((s) => s.sheet === SHEET_000_RISK)!;
    const header = sheet.cells.find((c) => c.value && typeof c.value === 'object' && 'text' in c.value && c.value.text === '與去年比較')!;
    expect(header).toBeDefined();
    const col = header.col;
    expect(cellText(sheet, 2, col)).toBe('↑ 升高（去年 P1 R=1）');
    expect(cellText(sheet, 3, col)).toBe('→ 持平（去年 P4 R=6）');
    expect(cellText(sheet, 5, col)).toBe('新增');
  });

  test('the findings-sheet rows: header and rows per section', () => {
    const rows = comparisonRows(fill(current, { lang: 'en', previous }).report, 'en');
    expect(rows[0]).toEqual(['Compared with last year']);
    const header = rows.findIndex((r) => r[0] === 'ID');
    expect(rows[header]).toEqual(['ID', "Last year's ID", 'Risk', "Last year's R", "This year's R", 'Movement', 'Cell', "Last year's cell"]);
    expect(rows[header + 2]).toEqual(['P2', 'P4', 'P2 婦幼案件通報及查訪延遲', '6 high', '6 high', '→ same (matched by name; renumbered)', `${SHEET_000_RISK}!B4`, `${SHEET_000_RISK}!B6`]);
    expect(rows).toContainEqual(['重要路口錄影監視系統建置計畫', '14,000', '15,400', '+10.0%', `${SHEET_000_PLAN}!D3`, `${SHEET_000_PLAN}!D3`]);
    expect(rows).toContainEqual(['本府', '237,250', '237,395', '+0.06%', SHEET_002_BUDGET, SHEET_002_BUDGET]);
  });
});
