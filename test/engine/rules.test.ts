/** Deliberately broken copies of the seed tables, and each rule on a small table of its own. */
import { validate } from '../../src/engine';
import {
  SHEET_000_RISK,
  SHEET_001_KPI,
  SHEET_002_BUDGET,
  SHEET_002_TARGET,
  seed000RiskTable,
  seed001IndicatorTable,
  seed002BudgetTable,
  seed002TargetTable,
  seedWorkbook,
  sheet,
} from '../fixtures/seedPlans';
import { errorsOf, getCell, issuesOf, setCell, workbook } from '../helpers';

const codes = (r: ReturnType<typeof validate>) => r.issues.filter((i) => i.severity !== 'info').map((i) => `${i.code} ${i.sheet}!${i.cell}`);

describe('broken copies of the seed plans', () => {
  test('one wrong 合計 (seed 002, 1,455 → 1,545): the row and the 總計 column both disagree', () => {
    const s = seed002BudgetTable();
    setCell(s, 'D4', '中央：0\n本府：1,455\n合計：1,545');
    const report = validate(workbook(s), { lang: 'en' });
    expect(codes(report)).toEqual([`BUD_ROW_TOTAL ${SHEET_002_BUDGET}!D4`, `BUD_COLUMN_TOTAL ${SHEET_002_BUDGET}!D55`]);
    expect(issuesOf(report, 'BUD_ROW_TOTAL')[0].message).toBe('中央 0 + 本府 1,455 = 1,455, but 合計 (total) says 1,545 (千元). Correct the total or the amounts.');
    expect(issuesOf(report, 'BUD_COLUMN_TOTAL')[0].message).toContain('348,114');
  });

  test('one R ≠ L × I (seed 000, P1 R written 2)', () => {
    const s = seed000RiskTable();
    setCell(s, 'G18', '2');
    const report = validate(workbook(s), { lang: 'zh-TW' });
    expect(codes(report)).toEqual([`RISK_SCORE_MISMATCH ${SHEET_000_RISK}!G18`]);
    expect(report.issues[0].message).toBe('現有風險值寫的是 2，但 L × I = 1 × 1 = 1。請更正風險值。');
  });

  test('one missing target (seed 001, 易肇事路口改善完成率)', () => {
    const s = seed001IndicatorTable();
    setCell(s, 'H7', null);
    const report = validate(workbook(s), { lang: 'en' });
    expect(codes(report)).toContain(`IND_TARGET_MISSING ${SHEET_001_KPI}!H7`);
    expect(errorsOf(report)).toHaveLength(1);
    expect(report.indicators.find((i) => i.row === 7)).toMatchObject({ status: 'unknown', reason: 'no_target', achievementRate: null });
  });

  test('one amount in the text that disagrees (seed 002, 共計 140 萬元 → 150 萬元)', () => {
    const s = seed002BudgetTable();
    const text = getCell(s, 'C7') as string;
    setCell(s, 'C7', text.replace('共計 140 萬元', '共計 150 萬元'));
    const report = validate(workbook(s), { lang: 'en' });
    expect(codes(report)).toEqual([`BUD_TEXT_AMOUNT ${SHEET_002_BUDGET}!D7`]);
    expect(report.issues[0].message).toContain('2,700');
    expect(report.issues[0].message).toContain('2,600');
  });

  test('a target off its baseline and yearly step (2,098 × 1.01 = 2,118.98, written 2,130)', () => {
    const s = seed002TargetTable();
    const row = s.rows.findIndex((r) => r.some((v) => v === '2,119人'));
    const col = s.rows[row].indexOf('2,119人');
    s.rows[row][col] = '2,130人';
    const report = validate(workbook(s), { lang: 'en' });
    const step = issuesOf(report, 'IND_TARGET_STEP');
    expect(step).toHaveLength(1);
    expect(step[0].sheet).toBe(SHEET_002_TARGET);
    expect(step[0].message).toContain('expected 2,119');
  });

  test('the whole seed workbook with all four breaks: four errors and more, each at its cell', () => {
    const wb = seedWorkbook();
    const find = (name: string) => wb.sheets.find((x) => x.name === name)!;
    setCell(find(SHEET_002_BUDGET), 'D4', '中央：0\n本府：1,455\n合計：1,545');
    setCell(find(SHEET_000_RISK), 'G18', '2');
    setCell(find(SHEET_001_KPI), 'H7', null);
    const report = validate(wb, { lang: 'en' });
    expect(report.summary.errors).toBe(4);
  });
});

describe('indicator rules', () => {
  const header = ['策略績效目標', '衡量指標', '年度目標值', '實際值'];
  test('indicator weights must add up to their goal weight', () => {
    const s = sheet('KPI', [header, ['一、治安(25%)', '1.破獲率(10%)', '80%', '85%'], [null, '2.發生率(10%)', '-1%', '-2%']], ['A2:A3']);
    const report = validate(workbook(s), { lang: 'en' });
    expect(codes(report)).toContain('IND_WEIGHT_SUM KPI!A2');
    expect(issuesOf(report, 'IND_WEIGHT_SUM')[0].message).toContain('25%');
    expect(issuesOf(report, 'IND_WEIGHT_SUM')[0].message).toContain('20%');
  });

  test('goal weights at 100% give no warning', () => {
    const s = sheet('KPI', [header, ['一、治安(60%)', '破獲率(60%)', '80%', ''], ['二、交通(40%)', '改善率(40%)', '80%', '']]);
    expect(validate(workbook(s)).issues).toEqual([]);
  });

  test('a repeated number and an unreadable actual', () => {
    const s = sheet('KPI', [header, ['一、治安', '1.破獲率', '80%', '八成'], [null, '1.發生率', '-1%', '#N/A']]);
    s.rows[2][3] = { error: '#N/A' };
    const report = validate(workbook(s), { lang: 'en' });
    expect(codes(report)).toEqual(['READ_UNREADABLE_NUMBER KPI!D2', 'NUMBERING_REPEAT KPI!B3', 'READ_ERROR_VALUE KPI!D3']);
  });
});

describe('budget rules', () => {
  test('separate 中央 / 本府 / 合計 columns, a 總計 row, money compared within half the last shown digit', () => {
    const s = sheet('預算', [
      ['計畫名稱', '實施內容', '中央 (千元)', '本府 (千元)', '合計 (千元)'],
      ['一、甲', '共計 1 億 2,992 萬 4,342 元', '0', '129,924.342', '129,924.342'],
      ['二、乙', '', '10.5', '20', '30.5'],
      ['總計', '', '10.5', '129,944.342', '129,954.84'],
    ]);
    const report = validate(workbook(s), { lang: 'en' });
    // 129,954.842 shown as 129,954.84 agrees: the sum is known to 0.1 (30.5), so the tolerance is 0.05.
    expect(report.issues).toEqual([]);
    setCell(s, 'E4', '129,954.80');
    expect(validate(workbook(s)).issues).toEqual([]);
    setCell(s, 'E4', '129,954.74');
    expect(codes(validate(workbook(s)))).toEqual(['BUD_ROW_TOTAL 預算!E4', 'BUD_COLUMN_TOTAL 預算!E4']);
  });

  test('numbers as Excel numbers work like text numbers', () => {
    const s = sheet('預算', [
      ['計畫名稱', '中央', '本府', '合計'],
      ['甲', 100, 200, 300],
      ['乙', 1, 2, 4],
    ]);
    expect(codes(validate(workbook(s)))).toEqual(['BUD_ROW_TOTAL 預算!D3']);
  });

  test('an unreadable amount is an issue at its cell, not a crash', () => {
    const s = sheet('預算', [
      ['計畫名稱', '預算金額 (千元)'],
      ['甲', '約一千'],
    ]);
    expect(codes(validate(workbook(s)))).toEqual(['READ_UNREADABLE_NUMBER 預算!B2']);
  });
});

describe('risk rules', () => {
  const head = ['風險項目', '可能性 (L)', '影響程度 (I)', '風險值 (R)', '風險等級', '新增風險對策', '殘餘可能性 (L)', '殘餘影響程度 (I)', '殘餘風險值 (R)'];
  const table = (...rows: (string | null)[][]) => sheet('風險', [head, ...rows]);

  test('each rule at its cell', () => {
    const s = table(
      ['P1 甲', '4', '1', '4', '中度', '', '1', '1', '1'], // L out of range
      ['P2 乙', '2', '3', '6', '高度', '-', '1', '2', '2'], // R 6 without a new countermeasure
      ['P3 丙', '3', '3', '9', '高度', '加強', '2', '3', '6'], // written level wrong; residual above tolerance
      ['P3 丁', '1', '2', '2', '低度', '', '2', '2', '4'], // duplicate ID; residual above current
      ['無編號', '1', null, '1', '低度', '', null, null, null], // no ID; I missing
    );
    const report = validate(workbook(s), { lang: 'en' });
    expect(codes(report)).toEqual([
      'RISK_LIKELIHOOD_RANGE 風險!B2',
      'RISK_NEEDS_COUNTERMEASURE 風險!F3',
      'RISK_LEVEL_MISMATCH 風險!E4',
      'RISK_RESIDUAL_ABOVE_TOLERANCE 風險!I4',
      'RISK_ID_DUPLICATE 風險!A5',
      'RISK_RESIDUAL_ABOVE_CURRENT 風險!I5',
      'RISK_ID_MISSING 風險!A6',
      'RISK_VALUE_MISSING 風險!C6',
    ]);
    expect(report.risks.map((r) => [r.id, r.score, r.level, r.residual?.level ?? null])).toEqual([
      ['P1', null, null, 'low'],
      ['P2', 6, 'high', 'low'],
      ['P3', 9, 'extreme', 'high'],
      ['P3', 2, 'low', 'medium'],
      ['#6', null, null, null],
    ]);
    expect(report.summary.riskLevels).toEqual({ low: 1, medium: 0, high: 1, extreme: 1 });
  });
});
