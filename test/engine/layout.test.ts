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

test('a 經費來源 column is the funding source, not an amount; 小計 rows are checked', () => {
  const s = sheet('預算', [
    ['計畫名稱', '預算金額 (千元)', '經費來源'],
    ['甲', '100', '市預算'],
    ['乙', '50', '中央補助'],
    ['小計', '150', null],
    ['丙', '30', '市預算'],
    ['小計', '31', null],
    ['總計', '180', null],
  ]);
  const report = validate(workbook(s), { lang: 'en' });
  expect(report.issues.map((i) => `${i.code} ${i.cell}`)).toEqual(['BUD_SUBTOTAL B6']);
  expect(report.budgets[0]).toMatchObject({ total: 180, bySource: { 市預算: 130, 中央補助: 50 } });
});

test('編號 | 名稱 under 衡量指標 are the number and the name of the indicator', () => {
  const s = sheet(
    'KPI',
    [
      ['衡量指標', null, '年度目標值', '實際值'],
      ['編號', '名稱', null, null],
      ['一', '破獲率', '80%', '80%'],
      ['三', '完成率', '90%', '95%'],
    ],
    ['A1:B1', 'C1:C2', 'D1:D2'],
  );
  const report = validate(workbook(s), { lang: 'en' });
  expect(report.tables).toEqual([{ sheet: 'KPI', kind: 'indicators', range: 'A1:D4' }]);
  expect(report.issues.map((i) => `${i.code} ${i.cell}`)).toEqual(['NUMBERING_GAP B4']);
});

test('a title merged across the table ends it: the pasted map under it is not read as risks', () => {
  const s = sheet(
    '風險',
    [
      ['風險項目', '可能性 (L)', '影響程度 (I)', '風險值 (R)'],
      ['P1 延誤', '1', '1', '1'],
      ['四、現有風險圖像', null, null, null],
      ['嚴重 (3)', null, null, null],
      ['輕微 (1)', 'P1', null, null],
      ['影響程度 可能性', '不太可能 (1)', '可能 (2)', '非常可能 (3)'],
    ],
    ['A3:D3'],
  );
  const report = validate(workbook(s), { lang: 'en' });
  expect(report.tables).toEqual([{ sheet: '風險', kind: 'risks', range: 'A1:D2' }]);
  expect(report.issues).toEqual([]);
});

test('targets: spaces inside words, and the 指標方向 column', () => {
  const s = sheet('KPI', [
    ['衡量指標', '年度目標值', '實際值', '指標方向'],
    ['錯誤率', '0.2% 以 下', '0.1%', null],
    ['肇事件數', '500件', '450件', '越低越好'],
  ]);
  const report = validate(workbook(s), { lang: 'en' });
  expect(report.indicators.map((i) => [i.direction, i.status])).toEqual([
    ['lower', 'met'],
    ['lower', 'met'],
  ]);
  expect(report.indicators[0].achievementRate).toBe(2);
  expect(report.indicators[1].achievementRate).toBeCloseTo(500 / 450, 6);
});

test('a table with headers only says so in the user language', () => {
  const s = sheet('空', [['計畫名稱', '預算金額 (千元)']]);
  expect(validate(workbook(s), { lang: 'zh-TW' }).issues[0].message).toBe('預算表只有表頭，沒有資料列。請在表頭下方填入資料。');
});

test('the seed plans pasted without their merges read the same (Excel before ExcelApi 1.13 cannot say where merges are)', () => {
  const { seedWorkbook } = jest.requireActual('../fixtures/seedPlans') as typeof import('../fixtures/seedPlans');
  const merged = validate(seedWorkbook(), { lang: 'en' });
  const flat = seedWorkbook();
  for (const s of flat.sheets) s.merges = [];
  const unmerged = validate(flat, { lang: 'en' });
  expect(unmerged.tables).toEqual(merged.tables);
  expect(unmerged.issues).toEqual(merged.issues);
  expect(unmerged.indicators.map((i) => [i.name, i.goal, i.status])).toEqual(merged.indicators.map((i) => [i.name, i.goal, i.status]));
  expect(unmerged.risks).toEqual(merged.risks);
});
