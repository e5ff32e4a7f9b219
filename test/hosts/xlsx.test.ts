/**
 * The package layer's reader (src/hosts/xlsx): what a real .xlsx cell becomes in the snapshot, Excel tables
 * (ListObjects), and workbooks of every producer: ExcelJS, LibreOffice, openpyxl, .NET prefixed parts, Numbers-like
 * absolute targets, sheets not named sheetN.xml, no styles / shared strings / theme, Strict Open XML, whole-sheet
 * ranges. The files are built here (LibreOffice and openpyxl when installed, as .ci/run does).
 */
import { spawnSync } from 'child_process';
import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import JSZip from 'jszip';
import * as os from 'os';
import * as path from 'path';
import { validate } from '../../src/engine';
import { percentText, readWorkbook, XlsxError } from '../../src/hosts/xlsx';
import { inflateZlib } from '../../src/hosts/node/files';

/** ExcelJS writes; the package layer reads (with pako, as in the browser). */
async function roundTrip(wb: ExcelJS.Workbook) {
  const buf = new Uint8Array(await wb.xlsx.writeBuffer());
  return readWorkbook(buf).snapshot;
}
const workbookSnapshot = <T>(x: T) => x;

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

// ----- producers ---------------------------------------------------------------------------------

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';
const STRICT = 'http://purl.oclc.org/ooxml/spreadsheetml/main';
const STRICT_R = 'http://purl.oclc.org/ooxml/officeDocument/relationships';

interface Spec {
  main?: string;
  rel?: string;
  prefix?: string;
  sheetPath?: string;
  absolute?: boolean;
  sheetXml?: string;
  workbookPr?: string;
  sst?: string;
  styles?: string;
}

/** A package written by hand, the way the producer writes it. */
async function pkg(o: Spec = {}): Promise<Uint8Array> {
  const main = o.main ?? MAIN;
  const rel = o.rel ?? R;
  const p = o.prefix ? `${o.prefix}:` : '';
  const ns = o.prefix ? `xmlns:${o.prefix}="${main}"` : `xmlns="${main}"`;
  const sheetPath = o.sheetPath ?? 'worksheets/sheet1.xml';
  const target = o.absolute ? `/xl/${sheetPath}` : sheetPath;
  const relType = rel === STRICT_R ? STRICT_R : `${R}`;
  const zip = new JSZip();
  zip.file('[Content_Types].xml', `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>`);
  zip.file('_rels/.rels', `<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${relType}/officeDocument" Target="${o.absolute ? '/xl/workbook.xml' : 'xl/workbook.xml'}"/></Relationships>`);
  zip.file(
    'xl/workbook.xml',
    `<?xml version="1.0" encoding="UTF-8"?><${p}workbook ${ns} xmlns:rr="${rel}">${o.workbookPr ?? ''}<${p}sheets><${p}sheet name="計畫" sheetId="1" rr:id="rId1"/><${p}sheet name="隱藏" sheetId="2" state="hidden" rr:id="rId2"/></${p}sheets></${p}workbook>`,
  );
  let rels = `<Relationship Id="rId1" Type="${relType}/worksheet" Target="${target}"/><Relationship Id="rId2" Type="${relType}/worksheet" Target="${o.absolute ? '/xl/' : ''}worksheets/other.xml"/>`;
  if (o.sst) {
    rels += `<Relationship Id="rId3" Type="${relType}/sharedStrings" Target="strings.xml"/>`;
    zip.file('xl/strings.xml', o.sst);
  }
  if (o.styles) {
    rels += `<Relationship Id="rId4" Type="${relType}/styles" Target="styles.xml"/>`;
    zip.file('xl/styles.xml', o.styles);
  }
  zip.file('xl/_rels/workbook.xml.rels', `<Relationships xmlns="${PKG}">${rels}</Relationships>`);
  zip.file(
    `xl/${sheetPath}`,
    o.sheetXml ??
      `<${p}worksheet ${ns}><${p}sheetData><${p}row r="1"><${p}c r="A1" t="inlineStr"><${p}is><${p}t>衡量指標</${p}t></${p}is></${p}c><${p}c r="B1"><${p}v>12</${p}v></${p}c></${p}row></${p}sheetData><${p}mergeCells><${p}mergeCell ref="C1:D2"/></${p}mergeCells><${p}sheetProtection sheet="1"/></${p}worksheet>`,
  );
  zip.file('xl/worksheets/other.xml', `<worksheet xmlns="${main}"><sheetData/></worksheet>`);
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

describe('every producer’s valid workbook is read', () => {
  const expectPlain = (s: ReturnType<typeof readWorkbook>['snapshot']) => {
    expect(s.sheets.map((x) => [x.name, !!x.hidden])).toEqual([
      ['計畫', false],
      ['隱藏', true],
    ]);
    expect(s.sheets[0].rows[0]).toEqual(['衡量指標', 12]);
    expect(s.sheets[0].merges).toEqual([{ top: 0, left: 2, bottom: 1, right: 3 }]);
    expect(s.sheets[0].protected).toBe(true);
  };

  test('namespaces declared below the root, redeclared, and the word xmlns in a text: each element in its own scope', async () => {
    // The root has another default namespace; SpreadsheetML's is declared on sheetData (prefix s) and, for one
    // row, as the default again; a cell's text says "xmlns"; a foreign element uses the prefix s for another URI.
    const sheetXml =
      `<worksheet xmlns="urn:other" xmlns:s="${MAIN}"><s:sheetData>` +
      `<s:row r="1"><s:c r="A1" t="inlineStr"><s:is><s:t>xmlns="urn:x" 衡量指標</s:t></s:is></s:c></s:row>` +
      `<row xmlns="${MAIN}" r="2"><c r="A2"><v>7</v></c></row>` +
      `<s:row r="3"><foreign xmlns:s="urn:not-sheet"><s:c r="B3"><s:v>99</s:v></s:c></foreign><s:c r="C3"><s:v>5</s:v></s:c></s:row>` +
      `</s:sheetData><s:mergeCells><s:mergeCell ref="D1:E2"/></s:mergeCells></worksheet>`;
    const s = readWorkbook(await pkg({ sheetXml })).snapshot.sheets[0];
    expect(s.rows[0]).toEqual(['xmlns="urn:x" 衡量指標']);
    expect(s.rows[1]).toEqual([7]);
    // B3 is in another namespace (the prefix redeclared), so it is no cell; C3 is.
    expect(s.rows[2]).toEqual([null, null, 5]);
    expect(s.merges).toEqual([{ top: 0, left: 3, bottom: 1, right: 4 }]);
  });

  test('.NET style prefixed parts (<x:workbook>), another prefix for r:, no styles, no shared strings, no theme', async () => {
    expectPlain(readWorkbook(await pkg({ prefix: 'x' })).snapshot);
    expectPlain(readWorkbook(await pkg({ prefix: 'ss' }), { inflate: inflateZlib }).snapshot);
  });

  test('Numbers-like absolute targets and sheets not named sheetN.xml', async () => {
    expectPlain(readWorkbook(await pkg({ absolute: true, sheetPath: 'worksheets/計畫 data.xml' })).snapshot);
  });

  test('Strict Open XML: its namespaces, ISO date cells', async () => {
    const sheetXml = `<worksheet xmlns="${STRICT}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>衡量指標</t></is></c><c r="B1"><v>12</v></c><c r="C1" t="d"><v>2024-03-05T00:00:00</v></c></row></sheetData><sheetProtection sheet="1"/></worksheet>`;
    const s = readWorkbook(await pkg({ main: STRICT, rel: STRICT_R, sheetXml })).snapshot;
    expect(s.sheets[0].rows[0]).toEqual(['衡量指標', 12, { date: '2024-03-05' }]);
    expect(s.sheets[0].protected).toBe(true);
  });

  test('shared strings with rich text and phonetic runs; percentages, 1900 and 1904 dates, formulas, errors, booleans', async () => {
    const sst = `<sst xmlns="${MAIN}"><si><t>計畫</t></si><si><r><rPr><b/></rPr><t>中央：</t></r><r><t xml:space="preserve">5,033 </t></r><rPh sb="0" eb="1"><t>ケイカク</t></rPh></si><si><t>a_x000D_b</t></si></sst>`;
    const styles = `<styleSheet xmlns="${MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy/m/d;@"/></numFmts><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="10"/><xf numFmtId="164"/><xf numFmtId="14"/></cellXfs></styleSheet>`;
    const sheetXml = `<worksheet xmlns="${MAIN}"><sheetData><row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c><c r="C2" s="1"><v>0.0136</v></c><c r="D2" s="2"><v>44562</v></c><c r="E2"><f>1/0</f></c><c r="F2" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="G2" t="b"><v>1</v></c><c r="H2" t="str"><f>"x"</f><v>x</v></c><c r="I2" t="s"><v>2</v></c></row><row><c s="3"><v>0</v></c></row></sheetData></worksheet>`;
    const s1900 = readWorkbook(await pkg({ sst, styles, sheetXml })).snapshot;
    expect(s1900.sheets[0].rows[1]).toEqual(['計畫', '中央：5,033 ', '1.36%', { date: '2022-01-01' }, { formula: '=1/0' }, { error: '#DIV/0!' }, true, 'x', 'a\rb']);
    expect(s1900.sheets[0].rows[2]).toEqual([{ date: '1899-12-30' }]);
    const s1904 = readWorkbook(await pkg({ sst, styles, sheetXml, workbookPr: '<workbookPr date1904="1"/>' })).snapshot;
    expect(s1904.sheets[0].rows[1][3]).toEqual({ date: '2026-01-02' });
  });

  test('whole-column and whole-sheet validations, conditional formats and names stay symbolic (read at once)', async () => {
    const sheetXml = `<worksheet xmlns="${MAIN}"><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData><conditionalFormatting sqref="A:XFD"><cfRule type="expression" priority="1"><formula>TRUE</formula></cfRule></conditionalFormatting><dataValidations count="2"><dataValidation type="whole" sqref="A1:XFD1048576"><formula1>0</formula1></dataValidation><dataValidation type="whole" sqref="B:B 1:1"><formula1>0</formula1></dataValidation></dataValidations></worksheet>`;
    const t0 = Date.now();
    const s = readWorkbook(await pkg({ sheetXml })).snapshot;
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(s.sheets[0].rows).toEqual([[1]]);
  });

  test('malformed XML is a damaged file with the part and line, in the user’s language', async () => {
    const bytes = await pkg({ sheetXml: `<worksheet xmlns="${MAIN}"><sheetData><row></sheetData></worksheet>` });
    let err: unknown = null;
    try {
      readWorkbook(bytes);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(XlsxError);
    expect((err as XlsxError).detail('en')).toMatch(/^xl\/worksheets\/sheet1\.xml has malformed XML at line 1$/);
    expect((err as XlsxError).detail('zh-TW')).toMatch(/^xl\/worksheets\/sheet1\.xml 第 1 行的 XML 格式錯誤$/);
  });
});

const has = (cmd: string, args: string[]) => spawnSync(cmd, args, { encoding: 'utf8' }).status === 0;

describe('workbooks saved by other programs', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'plancheck-producers-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // Debian's python3 (where .ci/run installs python3-openpyxl), else the one on the PATH.
  const python = has('/usr/bin/python3', ['-c', 'import openpyxl']) ? '/usr/bin/python3' : 'python3';
  const openpyxl = has(python, ['-c', 'import openpyxl']);
  (openpyxl ? test : test.skip)('openpyxl, with one note, a merge and a percentage (python3-openpyxl)', () => {
    const out = path.join(dir, 'openpyxl.xlsx');
    const py = `
import openpyxl, sys
from openpyxl.comments import Comment
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "衡量指標"
ws.append(["衡量指標", "年度目標值", "實際值"])
ws.append(["完成率", 0.8, 0.75])
ws["B2"].number_format = "0%"
ws["C2"].number_format = "0%"
ws["A1"].comment = Comment("備註", "planner")
ws.merge_cells("E1:F2")
wb.save(sys.argv[1])
`;
    expect(spawnSync(python, ['-c', py, out], { encoding: 'utf8' }).status).toBe(0);
    const s = readWorkbook(readFileSync(out), { inflate: inflateZlib }).snapshot;
    expect(s.sheets[0].rows[1]).toEqual(['完成率', '80%', '75%']);
    expect(s.sheets[0].merges).toEqual([{ top: 0, left: 4, bottom: 1, right: 5 }]);
    const report = validate(s, { lang: 'en' });
    expect(report.indicators[0]).toMatchObject({ target: '80%', actual: '75%' });
  });

  const soffice = has('soffice', ['--version']);
  (soffice ? test : test.skip)(
    'LibreOffice Calc (soffice --headless --convert-to xlsx)',
    () => {
      const csv = path.join(dir, 'lo.csv');
      writeFileSync(csv, '衡量指標,年度目標值,實際值\n完成率,80%,75%\n');
      const r = spawnSync('soffice', ['--headless', `-env:UserInstallation=file://${dir}/lo-profile`, '--infilter=CSV:44,34,76,1', '--convert-to', 'xlsx', '--outdir', dir, csv], { encoding: 'utf8', timeout: 120_000 });
      expect(r.status).toBe(0);
      const s = readWorkbook(readFileSync(path.join(dir, 'lo.xlsx')), { inflate: inflateZlib }).snapshot;
      expect(s.sheets[0].rows[0]).toEqual(['衡量指標', '年度目標值', '實際值']);
      expect(s.sheets[0].rows[1]).toEqual(['完成率', '80%', '75%']);
    },
    150_000,
  );
});

test('the package layer is pure: no Node module, no Buffer (the task pane reads a picked workbook with it)', () => {
  const dir = path.join(__dirname, '..', '..', 'src', 'hosts', 'xlsx');
  for (const f of ['read.ts', 'zip.ts', 'errors.ts', 'index.ts']) {
    const src = readFileSync(path.join(dir, f), 'utf8');
    expect([f, /from '(fs|zlib|path|crypto|os|buffer|stream|worker_threads|child_process)'|node:|\bBuffer\b|\bprocess\./.test(src)]).toEqual([f, false]);
  }
});

test('fill of a .NET-style prefixed, Numbers-like package: written, and read back by the same layer', async () => {
  const { main } = await import('../../src/cli/main');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'plancheck-prefixed-'));
  try {
    const sheetXml = `<x:worksheet xmlns:x="${MAIN}"><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>風險編號</x:t></x:is></x:c><x:c r="B1" t="inlineStr"><x:is><x:t>風險項目</x:t></x:is></x:c><x:c r="C1" t="inlineStr"><x:is><x:t>可能性 (L)</x:t></x:is></x:c><x:c r="D1" t="inlineStr"><x:is><x:t>影響程度 (I)</x:t></x:is></x:c></x:row><x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t>R1</x:t></x:is></x:c><x:c r="B2" t="inlineStr"><x:is><x:t>系統延誤</x:t></x:is></x:c><x:c r="C2"><x:v>3</x:v></x:c><x:c r="D2"><x:v>3</x:v></x:c></x:row></x:sheetData></x:worksheet>`;
    const input = path.join(dir, 'in.xlsx');
    const output = path.join(dir, 'out.xlsx');
    writeFileSync(input, await pkg({ prefix: 'x', absolute: true, sheetPath: 'worksheets/風險 data.xml', sheetXml }));
    const err: string[] = [];
    const code = await main(['fill', input, '-o', output, '--lang', 'en'], { out: () => undefined, err: (s) => err.push(s), env: { LANG: 'C' } });
    expect(err).toEqual([]);
    expect([0, 1]).toContain(code);
    const back = readWorkbook(readFileSync(output)).snapshot;
    expect(back.sheets.map((s) => s.name)).toEqual(expect.arrayContaining(['計畫', '隱藏', '風險圖像']));
    expect(back.sheets[0].rows[1].slice(0, 4)).toEqual(['R1', '系統延誤', 3, 3]);
    expect(back.sheets[0].rows[1]).toContain(9);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
