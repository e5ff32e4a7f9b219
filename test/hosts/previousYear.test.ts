/**
 * "Compare with last year's workbook" in Excel: the task pane reads the picked file's bytes (previousWorkbook.ts,
 * no upload) and the actions compare with it, against the strict Excel stand-in.
 */
import { fill as engineFill } from '../../src/engine';
import { workbookSnapshot } from '../../src/hosts/exceljs/snapshot';
import { PlanActions } from '../../src/hosts/office/actions';
import { PreviousWorkbookError, readPreviousWorkbook } from '../../src/taskpane/previousWorkbook';
import { seedWorkbook, sheet } from '../fixtures/seedPlans';
import { SHEET_000_RISK, yearPair } from '../fixtures/yearPairs';
import { snapshotToWorkbook } from '../fixtures/xlsx';
import { clone } from '../helpers';
import { createStandIn, officeEnvOf } from '../standin';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';

async function xlsxBytes(snapshot: Parameters<typeof snapshotToWorkbook>[0]): Promise<Uint8Array> {
  const wb = await snapshotToWorkbook(snapshot);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** Rows and merges, as the engine reads them (the hidden/protected flags are host details). */
function cells(s: { sheets: { name: string; rows: unknown[][]; merges: unknown[] }[] }) {
  return s.sheets.map((x) => ({ name: x.name, rows: x.rows, merges: x.merges.map((m) => JSON.stringify(m)).sort() }));
}

describe('reading last year\'s .xlsx in the pane', () => {
  test('the same snapshot as the command line reads: seed workbook, percentages, booleans, dates, rich text, formulas', async () => {
    const wb = await snapshotToWorkbook(seedWorkbook());
    const ws = wb.addWorksheet('odd');
    ws.getCell('A1').value = 0.0136;
    ws.getCell('A1').numFmt = '0.00%';
    ws.getCell('B1').value = true;
    ws.getCell('C1').value = { formula: 'A1*2', result: 3 } as ExcelJS.CellFormulaValue;
    ws.getCell('D1').value = new Date('2022-01-05T00:00:00Z');
    ws.getCell('E1').value = { richText: [{ text: '中央：' }, { text: '5,033 <&>' }] };
    ws.getCell('F1').value = { formula: 'B2+1' } as ExcelJS.CellFormulaValue;
    ws.getCell('G1').value = { error: '#N/A' } as ExcelJS.CellErrorValue;
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const mine = await readPreviousWorkbook(bytes);
    const back = new ExcelJS.Workbook();
    await back.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    expect(cells(mine)).toEqual(cells(workbookSnapshot(back)));
    expect(mine.sheets[6].rows[0]).toEqual(['1.36%', true, 3, { date: '2022-01-05' }, '中央：5,033 <&>', { formula: '=B2+1' }, { error: '#N/A' }]);
  });

  test('a workbook written by another producer (inline strings, x: prefixes, no r attributes)', async () => {
    const zip = new JSZip();
    zip.file('[Content_Types].xml', '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>');
    zip.file('xl/workbook.xml', '<x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><x:sheets><x:sheet name="風險" sheetId="1" r:id="rId1"/></x:sheets></x:workbook>');
    zip.file('xl/_rels/workbook.xml.rels', '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>');
    zip.file(
      'xl/worksheets/sheet1.xml',
      '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row><x:c t="inlineStr"><x:is><x:t>風險項目</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t>可能性 (L)</x:t></x:is></x:c></x:row><x:row><x:c t="inlineStr"><x:is><x:t xml:space="preserve">P1 工程延誤</x:t></x:is></x:c><x:c><x:v>2</x:v></x:c></x:row></x:sheetData><x:mergeCells count="0"/></x:worksheet>',
    );
    const s = await readPreviousWorkbook(await zip.generateAsync({ type: 'uint8array' }));
    expect(s.sheets).toEqual([{ name: '風險', rows: [['風險項目', '可能性 (L)'], ['P1 工程延誤', 2]], merges: [], hidden: false, protected: false }]);
  });

  test('not a workbook: a clear problem, not a stack trace', async () => {
    const problem = (b: Uint8Array) => readPreviousWorkbook(b).then(() => 'read', (e) => (e instanceof PreviousWorkbookError ? e.problem : String(e)));
    expect(await problem(new TextEncoder().encode('計畫名稱,預算金額\n'))).toBe('not_xlsx');
    expect(await problem(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).toBe('encrypted_or_xls');
    expect(await problem(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))).toBe('damaged');
    const zip = new JSZip();
    zip.file('word/document.xml', '<w:document/>');
    expect(await problem(await zip.generateAsync({ type: 'uint8array' }))).toBe('not_xlsx');
  });
});

describe('the Office host compares with last year\'s workbook', () => {
  test('Validate against last year: the report is the command line\'s; Generate risk sheet writes the movement; last year\'s snapshot is unchanged', async () => {
    const { previous: prevSnapshot, current } = yearPair();
    const previous = await readPreviousWorkbook(await xlsxBytes(prevSnapshot));
    const kept = clone(previous);
    const standIn = createStandIn(clone(current));
    const actions = new PlanActions(officeEnvOf(standIn));

    const compared = await actions.compareWithPrevious(previous, '110.xlsx');
    expect(compared.ok).toBe(true);
    expect(actions.previousName()).toBe('110.xlsx');
    const expected = engineFill(clone(current), { lang: actions.lang, previous, previousFile: '110.xlsx' }).report;
    expect(compared.report).toEqual(expected);
    expect(compared.report!.comparison!.risks.map((r) => `${r.id}${r.movement}`)).toEqual(['P1up', 'P2same', 'P3down', 'P4new', 'P5same', 'P3closed']);

    const generated = await actions.generateRiskSheet();
    expect(generated.ok).toBe(true);
    const map = standIn.workbook.toSnapshot().sheets.find((s) => s.name === '風險圖像')!;
    const texts = map.rows.flat().filter((v): v is string => typeof v === 'string');
    expect(texts).toEqual(expect.arrayContaining(['P1↑\nR=2', 'P2→\nR=6', 'P3↓\nR=4', 'P5→\nR=2']));
    expect(texts.some((t) => t.startsWith('P4('))).toBe(true);

    const filled = await actions.fill();
    expect(filled.ok).toBe(true);
    const risks = standIn.workbook.toSnapshot().sheets.find((s) => s.name === SHEET_000_RISK)!;
    expect(risks.rows.flat()).toEqual(expect.arrayContaining([expect.stringMatching(/^↑ .*P1 R=1/)]));
    expect(previous).toEqual(kept);

    // Stop comparing: the next report has no comparison.
    actions.setPrevious(null);
    expect((await actions.validate()).report!.comparison).toBeUndefined();
  });

  test('the round trips do not grow with the comparison', async () => {
    const { previous, current } = yearPair();
    const plain = new PlanActions(officeEnvOf(createStandIn(clone(current))));
    const comparing = new PlanActions(officeEnvOf(createStandIn(clone(current))));
    const a = await plain.validate();
    const b = await comparing.compareWithPrevious(previous, 'last.xlsx');
    expect(b.syncs).toBe(a.syncs);
  });
});

test('a one-sheet workbook compared with an empty one: every risk is new', async () => {
  const { current } = yearPair();
  const standIn = createStandIn({ sheets: [current.sheets[1]] });
  const actions = new PlanActions(officeEnvOf(standIn));
  const r = await actions.compareWithPrevious({ sheets: [sheet('空白', [])] }, 'empty.xlsx');
  expect(r.report!.comparison!.risks.every((x) => x.movement === 'new')).toBe(true);
});
