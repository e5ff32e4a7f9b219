/** The tables of one workbook against each other (src/engine/plan): tolerant plan names, amounts, notes. */
import { validate } from '../../src/engine';
import { nameKey, nameScore, pairByName } from '../../src/engine/plan/names';
import { SHEET_000_PLAN, SHEET_000_RISK, seed000PlanTable, seed000RiskTable, seedWorkbook, sheet } from '../fixtures/seedPlans';
import { issuesOf, setCell, workbook } from '../helpers';

const XT = /^XT_/;

describe('plan names are matched tolerantly', () => {
  test('pasted spaces, numbering and a trailing 計畫/專案 do not matter', () => {
    expect(nameKey('一、 治安防治 專案-重要路口 錄影監視系統 計畫：')).toBe('治安防治專案-重要路口錄影監視系統');
    expect(nameKey('（二）賡續推動「社會安全網」計畫')).toBe('賡續推動社會安全網');
    expect(nameKey('1. 落實婦幼安全保護專案')).toBe('落實婦幼安全保護');
    expect(nameKey('(3)積極查緝犯罪，確保社會安寧(25%)')).toBe('積極查緝犯罪確保社會安寧');
    expect(nameKey('P1 重要路口監視系統建置與汰舊工程延誤')).toBe('重要路口監視系統建置與汰舊工程延誤');
    expect(nameScore('二、 賡續推動 「社會安全 網」：', '賡續推動社會安全網計畫')).toBe(1);
  });

  test('seed 000: the risk project names the plan after its dash (治安防治專案-…)', () => {
    expect(nameScore('一、 治安防治 專案-重要路口 錄影監視系統 計畫：', '重要路口錄影監視系統計畫')).toBeGreaterThanOrEqual(0.9);
  });

  test('different plans do not match', () => {
    expect(nameScore('四、 落實婦幼 安全保護：', '強化婦幼安全維護工作執行計畫')).toBeLessThan(0.72);
    expect(nameScore('犯罪預防宣導活動', '擴大少年預防犯罪宣導活動')).toBeLessThan(0.72);
    expect(nameScore('專案', '計畫')).toBeLessThan(0.72);
  });

  test('pairing takes the best pairs first, each item once', () => {
    const pairs = pairByName(['落實婦幼安全保護', '積極防處少年事件'], ['積極防處少年事件計畫', '（一）落實婦幼安全保護'], (x) => x, (x) => x);
    expect(pairs.map((p) => [p.a, p.b])).toEqual([
      ['落實婦幼安全保護', '（一）落實婦幼安全保護'],
      ['積極防處少年事件', '積極防處少年事件計畫'],
    ]);
  });
});

/** A budget table of seed 000's plans, as finance staff keep it apart from the indicator table. */
function budgetOf000(rows: [string, string][]) {
  return sheet('預算表', [['計畫名稱', '預算金額 (千元)'], ...rows.map(([a, b]) => [a, b])]);
}

/** Seed 000 肆 without its 預算金額 column: an indicator table whose plans need the budget table. */
function plansWithoutAmounts() {
  const s = seed000PlanTable();
  return { ...s, rows: s.rows.map((r) => r.slice(0, 3)) };
}

describe('across tables in one workbook', () => {
  test('the seed workbook (four agencies) gets no cross-table finding: tables that share no plan are not compared', () => {
    expect(validate(seedWorkbook()).issues.filter((i) => XT.test(i.code))).toEqual([]);
  });

  test('seed 000: the risk P1 names plan 一 of the indicator table', () => {
    const r = validate(workbook(seed000PlanTable(), seed000RiskTable()), { lang: 'en' });
    expect(r.issues.filter((i) => XT.test(i.code))).toEqual([]);
  });

  test('a risk whose 重要計畫項目 names no plan: a warning at its cell naming the tables searched', () => {
    const risks = seed000RiskTable();
    setCell(risks, 'A18', '智慧交通號誌計畫');
    const r = validate(workbook(seed000PlanTable(), risks), { lang: 'en' });
    const [w] = issuesOf(r, 'XT_RISK_PLAN_UNMATCHED');
    expect(w).toMatchObject({ severity: 'warning', sheet: SHEET_000_RISK, cell: 'A18' });
    expect(w.message).toContain('智慧交通號誌計畫');
    expect(w.message).toContain(`${SHEET_000_PLAN}!A2:D8`);
  });

  test("a plan's amount in the indicator table against the budget table: the error names both cells", () => {
    const budget = budgetOf000([
      ['（一）重要路口錄影監視系統計畫', '14,000'],
      ['（二）賡續推動社會安全網', '14,000'],
      ['（三）積極防處少年事件，強化預防宣（輔）導作為', '326.8'],
      ['（四）落實婦幼安全保護', '75'],
      ['（五）賡續執行「嚴懲重大交通違規」專案執法', '7,165'],
    ]);
    const r = validate(workbook(seed000PlanTable(), budget), { lang: 'en' });
    const xt = r.issues.filter((i) => XT.test(i.code));
    expect(xt.map((i) => `${i.code} ${i.sheet}!${i.cell}`)).toEqual([`XT_AMOUNT_MISMATCH ${SHEET_000_PLAN}!D4`]);
    expect(xt[0].severity).toBe('error');
    expect(xt[0].message).toContain('14,782');
    expect(xt[0].message).toContain('14,000');
    expect(xt[0].message).toContain('"預算表" B3');
  });

  test('the repeated 7,165 of plan 五 is counted once, so it agrees with the budget table', () => {
    const budget = budgetOf000([['五、賡續執行「嚴懲重大交通違規」專案執法', '7,165']]);
    const r = validate(workbook(seed000PlanTable(), budget));
    expect(issuesOf(r, 'XT_AMOUNT_MISMATCH')).toEqual([]);
  });

  test('a plan with a budget and no indicator, an indicator whose plan has no budget: notes naming the other table', () => {
    const budget = budgetOf000([
      ['一、重要路口錄影監視系統', '14,000'],
      ['二、賡續推動「社會安全網」', '14,782'],
      ['三、積極防處少年事件，強化預防宣(輔)導作為', '326.8'],
      ['四、智慧警政雲端平臺建置計畫', '5,000'],
    ]);
    const r = validate(workbook(plansWithoutAmounts(), budget), { lang: 'en' });
    const xt = r.issues.filter((i) => XT.test(i.code)).map((i) => `${i.severity} ${i.code} ${i.sheet}!${i.cell}`);
    expect(xt).toEqual([
      `info XT_INDICATOR_WITHOUT_BUDGET ${SHEET_000_PLAN}!A6`,
      `info XT_INDICATOR_WITHOUT_BUDGET ${SHEET_000_PLAN}!A7`,
      'info XT_BUDGET_WITHOUT_INDICATOR 預算表!A5',
    ]);
    const [noBudget] = issuesOf(r, 'XT_INDICATOR_WITHOUT_BUDGET');
    expect(noBudget.message).toContain('落實婦幼安全保護');
    expect(noBudget.message).toContain('預算表!A1:B5');
    const [noIndicator] = issuesOf(r, 'XT_BUDGET_WITHOUT_INDICATOR');
    expect(noIndicator.message).toContain('智慧警政雲端平臺建置計畫');
    expect(noIndicator.message).toContain(`${SHEET_000_PLAN}!A2:C8`);
  });

  test('zh-TW messages name both places', () => {
    const budget = budgetOf000([['二、賡續推動「社會安全網」', '14,000']]);
    const [e] = issuesOf(validate(workbook(seed000PlanTable(), budget)), 'XT_AMOUNT_MISMATCH');
    expect(e.message).toBe('計畫「賡續推動「社會安全網」」在本表的預算金額為 14,782 千元，但在「預算表」B2 為 14,000 千元。請更正其中一處，使兩表一致。');
  });
});
