/** `plancheck template`: a blank plan the engine reads back, with dropdowns for L and I. */
import ExcelJS from 'exceljs';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../src/cli/main';
import { validate } from '../src/engine';
import { workbookSnapshot } from '../src/hosts/exceljs/snapshot';

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'plancheck-template-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const io = { out: () => undefined, err: () => undefined, env: {} };

let made = 0;
async function template(lang: string): Promise<ExcelJS.Workbook> {
  const file = path.join(dir, `template-${lang}-${++made}.xlsx`);
  expect(await main(['template', file, '--lang', lang], io)).toBe(0);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

test('zh-TW template: sheets, headers, formats and L/I dropdowns', async () => {
  const wb = await template('zh-TW');
  expect(wb.worksheets.map((w) => w.name)).toEqual(['衡量指標', '預算', '風險評估', '使用說明']);
  const risks = wb.getWorksheet('風險評估')!;
  expect(risks.getCell('F2').value).toBe('現有可能性 (L)');
  expect(risks.getCell('G2').value).toBe('現有影響程度 (I)');
  for (const a of ['F3', 'G3', 'J3', 'K3', 'F201']) {
    expect(risks.getCell(a).dataValidation).toMatchObject({ type: 'list', formulae: ['"1,2,3"'] });
  }
  expect(risks.getCell('E3').dataValidation).toBeUndefined();
  const kpi = wb.getWorksheet('衡量指標')!;
  expect(kpi.getCell('E2').value).toBe('年度目標值');
  expect(kpi.getCell('E3').numFmt).toBe('@'); // -0.5% and +1.50% stay as written
  expect(wb.getWorksheet('預算')!.getCell('D3').numFmt).toBe('#,##0.###');
  // An empty template has tables with headers only.
  const report = validate(workbookSnapshot(wb), { lang: 'en' });
  expect(report.tables.map((t) => `${t.sheet} ${t.kind}`)).toEqual(['衡量指標 indicators', '預算 budget', '風險評估 risks']);
  expect(report.issues.map((i) => i.code)).toEqual(['TABLE_NO_DATA', 'TABLE_NO_DATA', 'TABLE_NO_DATA']);
});

test('a template filled in is read back: indicators, budget and risks', async () => {
  for (const lang of ['zh-TW', 'en']) {
    const wb = await template(lang);
    const [kpi, budget, risks] = wb.worksheets;
    kpi.getRow(3).values = ['一、治安(100%)', '刑案破獲率(100%)', '前10年平均為基準', '', '+0.5%', '+1%'];
    budget.getRow(3).values = ['一、甲', '項目', '共計 140 萬元', 0, 1400, 1400];
    budget.getRow(4).values = ['總計', '', '', 0, 1400, 1400];
    risks.getRow(3).values = ['甲計畫', 'P1', '延誤', '情境', '對策', 3, 2, 6, '加派人力', 1, 2, 2, '保安科'];
    const report = validate(workbookSnapshot(wb), { lang: 'en' });
    expect([lang, report.issues]).toEqual([lang, []]);
    expect(report.indicators[0]).toMatchObject({ name: '刑案破獲率', status: 'met', achievementRate: 2 });
    expect(report.budgets[0]).toMatchObject({ total: 1400, central: 0, city: 1400 });
    expect(report.risks[0]).toMatchObject({ id: 'P1', score: 6, level: 'high', residual: { score: 2, level: 'low' } });
  }
});

test('English template headers', async () => {
  const wb = await template('en');
  expect(wb.worksheets.map((w) => w.name)).toEqual(['Indicators', 'Budget', 'Risks', 'Guide']);
  expect(wb.getWorksheet('Risks')!.getCell('L2').value).toBe('Residual risk score (R)');
});
