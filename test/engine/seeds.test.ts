/** The four seed plans' tables, pasted as they are: what the engine finds and computes. */
import { fill, validate } from '../../src/engine';
import {
  SHEET_000_PLAN,
  SHEET_000_RISK,
  SHEET_001_KPI,
  SHEET_002_BUDGET,
  SHEET_002_TARGET,
  SHEET_003_BUDGET,
  seed000PlanTable,
  seed000RiskTable,
  seed001IndicatorTable,
  seed002BudgetTable,
  seed002TargetTable,
  seed003BudgetTable,
  seedWorkbook,
} from '../fixtures/seedPlans';
import { errorsOf, issuesOf, workbook } from '../helpers';

// Which tables are found, and that the seeds raise no error, is in reader.test.ts ('the seed workbook').
describe('seed plans pasted as they are', () => {
  const report = validate(seedWorkbook(), { lang: 'en' });

  test('the odd parts of the plans are warnings and notes', () => {
    const codes = report.issues.map((i) => `${i.severity} ${i.code} ${i.sheet}!${i.cell}`);
    expect(codes).toEqual([
      `info BUD_REPEATED_AMOUNT ${SHEET_000_PLAN}!D8`,
      `warning IND_GOAL_WEIGHT_TOTAL ${SHEET_001_KPI}!B5`,
      `warning NUMBERING_GAP ${SHEET_001_KPI}!D9`,
    ]);
    expect(issuesOf(report, 'IND_GOAL_WEIGHT_TOTAL')[0].message).toContain('70%');
    expect(issuesOf(report, 'NUMBERING_GAP')[0].message).toContain('三');
  });
});

describe('seed 001: achievement of the 107 indicators', () => {
  const report = validate(workbook(seed001IndicatorTable()), { lang: 'en' });
  const byName = (n: string) => report.indicators.find((i) => i.name === n)!;

  test('six indicators with their goals, weights stripped from names', () => {
    expect(report.indicators.map((i) => [i.row, i.name, i.goal])).toEqual([
      [5, '每十萬人刑事案件發生率', '積極查緝犯罪，確保社會安寧'],
      [6, '刑案破獲率', '積極查緝犯罪，確保社會安寧'],
      [7, '易肇事路口改善完成率', '精進交通執法，促進交通順暢'],
      [8, '取締重大違規停車成長率', '精進交通執法，促進交通順暢'],
      [9, '道路違規施工查察取締案件數下降率', '精進交通執法，促進交通順暢'],
      [10, '投訴案件數下降率', '重視民眾感受，精進服務效能'],
    ]);
  });

  test('change targets: actual change ÷ target change, in the target direction', () => {
    expect(byName('取締重大違規停車成長率')).toMatchObject({ target: '+1.50%', actual: '1.36%', targetKind: 'change', status: 'not_met' });
    expect(byName('取締重大違規停車成長率').achievementRate).toBeCloseTo(0.9067, 4);
    expect(byName('每十萬人刑事案件發生率')).toMatchObject({ targetKind: 'change', direction: 'lower', status: 'met' });
    expect(byName('每十萬人刑事案件發生率').achievementRate).toBeCloseTo(12.3, 6);
    expect(byName('道路違規施工查察取締案件數下降率').achievementRate).toBeCloseTo(67.6 / 30, 6);
    expect(byName('投訴案件數下降率').achievementRate).toBeCloseTo(1.02, 6);
    expect(byName('投訴案件數下降率').status).toBe('met');
  });

  test('level target: 20 of 25 places improved against 80% is 100%', () => {
    expect(byName('易肇事路口改善完成率')).toMatchObject({ targetKind: 'level', direction: 'higher', achievementRate: 1, status: 'met' });
  });

  test('summary counts', () => {
    expect(report.summary.achievement).toEqual({ met: 5, not_met: 1, unknown: 0 });
  });
});

describe('seed 000: targets read from the standard text', () => {
  const report = validate(workbook(seed000PlanTable()), { lang: 'en' });
  test('bounded quantities, change rates and lower-is-better limits', () => {
    expect(report.indicators.map((i) => [i.targetKind, i.direction, i.target])).toEqual([
      ['level', 'higher', '建置及汰舊 200 支以上之錄影監視器'],
      ['change', 'lower', '1. 降低全般刑案發生數 0.1%'],
      ['level', 'higher', '預防犯罪宣導人次(含網路參與)達 1 萬人以上'],
      ['level', 'higher', '預防犯罪宣導人次(含網路宣導)達 1 萬人以上'],
      ['change', 'higher', '較去年度平均值增加 1%'],
      ['level', 'lower', '降低執法錯誤率於 0.2% 以下'],
    ]);
    expect(report.indicators.every((i) => i.status === 'unknown' && i.reason === 'no_actual')).toBe(true);
  });

  test('the budget repeated on the continuation row counts once', () => {
    expect(report.budgets[0].total).toBeCloseTo(14000 + 14782 + 326.8 + 75 + 7165, 6);
  });
});

describe('seed 002 and 003 budgets', () => {
  test('seed 002: 中央 110,774 + 本府 237,250 = 348,024, rows and 總計 agree', () => {
    const report = validate(workbook(seed002BudgetTable()), { lang: 'en' });
    expect(errorsOf(report)).toEqual([]);
    expect(report.budgets[0]).toMatchObject({ total: 348024, central: 110774, city: 237250 });
    expect(report.budgets[0].bySource).toEqual({ 本府: 237250, 中央: 110774 });
  });

  test('seed 003: amounts in 千元 with decimals, sums by funding source', () => {
    const report = validate(workbook(seed003BudgetTable()), { lang: 'en' });
    expect(errorsOf(report)).toEqual([]);
    const b = report.budgets[0];
    const cityBudget = 800 + 367.75 + 16520 + 11500 + 47160 + 83250 * 3 + 129924.342 + 61380 + 651.6 + 37000 + 4686;
    expect(b.bySource['市預算']).toBeCloseTo(cityBudget, 6);
    expect(b.bySource['公彩預算']).toBeCloseTo(669 + 1700 + 340, 6);
    expect(b.bySource['中央對地方一般性補助款']).toBe(120000);
    expect(b.total).toBeCloseTo(cityBudget + 669 + 1700 + 340 + 120000, 6);
  });

  test('seed 002 targets follow their baselines and yearly steps (2,098 × 1.01 → 2,119; 99.3% + 0.1 → 99.4%)', () => {
    const report = validate(workbook(seed002TargetTable()), { lang: 'en' });
    expect(issuesOf(report, 'IND_TARGET_STEP')).toEqual([]);
    expect(report.indicators).toHaveLength(7);
  });
});

describe('seed 000 risk register and map', () => {
  test('P1: L 1 × I 1 = 1, low, residual low; the page-break continuation is not a second risk', () => {
    const report = validate(workbook(seed000RiskTable()), { lang: 'en' });
    expect(report.risks).toEqual([
      {
        sheet: SHEET_000_RISK,
        row: 18,
        id: 'P1',
        name: 'P1 重要路口監視系統建置與汰舊工程延誤',
        likelihood: 1,
        impact: 1,
        score: 1,
        level: 'low',
        residual: { likelihood: 1, impact: 1, score: 1, level: 'low' },
      },
    ]);
    expect(report.summary.riskLevels).toEqual({ low: 1, medium: 0, high: 0, extreme: 0 });
  });

  test('the map sheet: P1 in the bottom-left cell, green, with 低度風險：1項(100.0%)', () => {
    const { plan } = fill(workbook(seed000RiskTable()), { lang: 'zh-TW' });
    const map = plan.sheets.find((s) => s.sheet === '風險圖像')!;
    const at = (row: number, col: number) => map.cells.find((c) => c.row === row && c.col === col)?.value;
    expect(at(6, 1)).toEqual({ text: 'P1\nR=1' });
    expect(at(4, 0)).toEqual({ text: '嚴重 (3)' });
    expect(at(7, 1)).toEqual({ text: '不太可能 (1)' });
    expect(map.formats).toContainEqual({ range: { top: 6, left: 1, bottom: 6, right: 1 }, format: { fill: '92D050' } });
    expect(map.formats).toContainEqual({ range: { top: 4, left: 3, bottom: 4, right: 3 }, format: { fill: 'FF0000' } });
    expect(map.cells.some((c) => c.value && 'text' in c.value && c.value.text === '低度風險：1項(100.0%)')).toBe(true);
  });
});
