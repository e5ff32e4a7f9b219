/** The ExcelJS host: what a real .xlsx cell becomes in the snapshot, and Excel tables (ListObjects). */
import ExcelJS from 'exceljs';
import { validate } from '../../src/engine';
import { workbookSnapshot, percentText } from '../../src/hosts/exceljs/snapshot';

async function roundTrip(wb: ExcelJS.Workbook): Promise<ExcelJS.Workbook> {
  const buf = await wb.xlsx.writeBuffer();
  const back = new ExcelJS.Workbook();
  await back.xlsx.load(buf);
  return back;
}

test('cell values as the user sees them', async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('S');
  ws.getCell('A1').value = 14000;
  ws.getCell('A2').value = 0.0136;
  ws.getCell('A2').numFmt = '0.00%';
  ws.getCell('A3').value = { formula: 'A1*2', result: 28000 };
  ws.getCell('A4').value = { formula: 'A1*3' } as ExcelJS.CellFormulaValue;
  ws.getCell('A5').value = { error: '#DIV/0!' } as ExcelJS.CellErrorValue;
  ws.getCell('A6').value = { richText: [{ text: '中央：' }, { text: '5,033', font: { bold: true } }] };
  ws.getCell('A7').value = new Date(Date.UTC(2022, 0, 1));
  ws.getCell('A8').value = true;
  ws.getCell('B1').value = '合併';
  ws.mergeCells('B1:C2');
  const snap = workbookSnapshot(await roundTrip(wb));
  const rows = snap.sheets[0].rows;
  expect(rows.map((r) => r[0])).toEqual([14000, '1.36%', 28000, { formula: '=A1*3' }, { error: '#DIV/0!' }, '中央：5,033', { date: '2022-01-01' }, true]);
  // A merge's value only at its top-left cell.
  expect(rows[0][1]).toBe('合併');
  expect(rows[0][2] ?? null).toBeNull();
  expect(rows[1][1] ?? null).toBeNull();
  expect(snap.sheets[0].merges).toEqual([{ top: 0, left: 1, bottom: 1, right: 2 }]);
  expect(percentText(-0.005)).toBe('-0.5%');
  expect(percentText(0.8)).toBe('80%');
});

test('an Excel table (ListObject) is found by its headers', async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('風險清單');
  ws.getCell('A1').value = '風險登錄（Excel 表格）';
  ws.addTable({
    name: 'Risks',
    ref: 'B3',
    headerRow: true,
    columns: [{ name: '風險編號' }, { name: '風險項目' }, { name: '可能性 (L)' }, { name: '影響程度 (I)' }, { name: '新增風險對策' }],
    rows: [
      ['R1', '系統延誤', 3, 3, '加派人力'],
      ['R2', '經費不足', 2, 1, ''],
    ],
  });
  const report = validate(workbookSnapshot(await roundTrip(wb)), { lang: 'en' });
  expect(report.tables).toEqual([{ sheet: '風險清單', kind: 'risks', range: 'B3:F5' }]);
  expect(report.risks.map((r) => [r.id, r.score, r.level])).toEqual([
    ['R1', 9, 'extreme'],
    ['R2', 2, 'low'],
  ]);
  expect(report.issues).toEqual([]);
});

test('percent-formatted numbers are read as percentages by the engine', async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('KPI');
  ws.addRow(['衡量指標', '年度目標值', '實際值']);
  ws.addRow(['完成率', 0.8, 0.75]);
  ws.getCell('B2').numFmt = '0%';
  ws.getCell('C2').numFmt = '0%';
  const report = validate(workbookSnapshot(await roundTrip(wb)), { lang: 'en' });
  expect(report.indicators[0]).toMatchObject({ target: '80%', actual: '75%', status: 'not_met', achievementRate: 0.9375 });
});
