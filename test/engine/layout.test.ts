/** Layouts found in agencies' workbooks beyond the seeds. */
import { validate } from '../../src/engine';
import { seed002TargetTable, sheet } from '../fixtures/seedPlans';
import { setCell, workbook } from '../helpers';

test('two tables side by side on the same rows are two tables', () => {
  const s = sheet('並列', [
    ['衡量指標', '年度目標值', '實際值', null, '計畫名稱', '預算金額 (千元)'],
    ['破獲率', '80%', '85%', null, '甲', '100'],
    ['完成率', '90%', '80%', null, '乙', '200'],
  ]);
  const report = validate(workbook(s), { lang: 'en' });
  expect(report.tables).toEqual([
    { sheet: '並列', kind: 'indicators', range: 'A1:C3' },
    { sheet: '並列', kind: 'budget', range: 'E1:F3' },
  ]);
  expect(report.indicators.map((i) => i.status)).toEqual(['met', 'not_met']);
  expect(report.budgets[0].total).toBe(300);
});

test('a （續） line between a page break and the repeated header does not split the table', () => {
  const s = sheet('續表', [
    ['計畫名稱', '預算金額 (千元)'],
    ['甲', '100'],
    [null, null],
    ['預算表（續）', null],
    ['計畫名稱', '預算金額 (千元)'],
    ['乙', '200'],
    ['總計', '300'],
  ]);
  const report = validate(workbook(s), { lang: 'en' });
  expect(report.tables).toEqual([{ sheet: '續表', kind: 'budget', range: 'A1:B7' }]);
  expect(report.issues).toEqual([]);
  setCell(s, 'B7', '310');
  expect(validate(workbook(s)).issues.map((i) => `${i.code} ${i.cell}`)).toEqual(['BUD_COLUMN_TOTAL B7']);
});

test('seed 002: 逐年降低1% makes the ATM withdrawals target lower-is-better', () => {
  const s = seed002TargetTable();
  const row = s.rows.findIndex((r) => r.includes('2,028次'));
  const actualCol = s.rows[2].indexOf('實際值');
  s.rows[row][actualCol] = '2,000次';
  const report = validate(workbook(s), { lang: 'en' });
  const atm = report.indicators.find((i) => i.target === '2,028次')!;
  expect(atm).toMatchObject({ direction: 'lower', status: 'met' });
  expect(atm.achievementRate).toBeCloseTo(2028 / 2000, 6);
});

test('a group row merged across the table names the goal of the rows under it', () => {
  const s = sheet(
    '分組',
    [
      ['衡量指標', '衡量標準', '年度目標值', '實際值'],
      ['一、積極查緝犯罪(25%)', null, null, null],
      ['刑案破獲率(15%)', '', '80%', '85%'],
      ['發生率(10%)', '', '-0.5%', '-1%'],
      ['二、精進交通執法(75%)', null, null, null],
      ['改善完成率(70%)', '', '80%', '80%'],
    ],
    ['A2:D2', 'A5:D5'],
  );
  const report = validate(workbook(s), { lang: 'en' });
  expect(report.indicators.map((i) => [i.row, i.goal])).toEqual([
    [3, '積極查緝犯罪'],
    [4, '積極查緝犯罪'],
    [6, '精進交通執法'],
  ]);
  expect(report.issues.map((i) => `${i.code} ${i.cell}`)).toEqual(['IND_WEIGHT_SUM A5']);
});
