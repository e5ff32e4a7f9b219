/**
 * The 檢核結果 (findings) sheet and the print setup `fill` writes into the .xlsx: every problem of the report
 * with a link that selects its cell, the summary, the uncapped rates; A4 landscape, print area and titles as
 * the workbook's built-in names; rows sized for their lines; replaced on every run, in the run's language.
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fill } from '../src/engine';
import { heightFor, linesIn } from '../src/engine/printLayout';
import { seedWorkbook, sheet } from './fixtures/seedPlans';
import { workbook, runCli } from './helpers';

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'plancheck-findings-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const example = path.join(__dirname, '..', 'examples', 'plan.xlsx');

const run = (args: string[]) => runCli(args);

/** Sheet name → its part's XML, and the workbook's XML. */
async function parts(file: string): Promise<{ workbook: string; sheets: Map<string, string> }> {
  const zip = await JSZip.loadAsync(await fs.readFile(file));
  const wb = await zip.file('xl/workbook.xml')!.async('string');
  const rels = await zip.file('xl/_rels/workbook.xml.rels')!.async('string');
  const sheets = new Map<string, string>();
  for (const m of wb.matchAll(/<sheet [^>]*name="([^"]+)"[^>]*r:id="([^"]+)"/g)) {
    const target = new RegExp(`Id="${m[2]}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="${m[2]}"`).exec(rels)!;
    sheets.set(m[1].replace(/&apos;/g, "'").replace(/&amp;/g, '&'), await zip.file('xl/' + (target[1] ?? target[2]).replace(/^\/?xl\//, ''))!.async('string'));
  }
  return { workbook: wb, sheets };
}

const unesc = (s: string) => s.replace(/&apos;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

describe('fill on the example plan', () => {
  let output: string;
  let report: { issues: { sheet: string; cell: string; code: string; message: string; severity: string }[]; indicators: { achievementRate: number | null; status: string }[] };
  beforeAll(async () => {
    output = path.join(dir, 'example-checked.xlsx');
    expect((await run(['fill', example, '-o', output, '--lang', 'zh-TW'])).code).toBeLessThan(2);
    report = JSON.parse((await run(['validate', example, '--json', '--lang', 'zh-TW'])).out);
  });

  test('檢核結果 lists every problem of the report, each cell a link that selects it', async () => {
    const { sheets } = await parts(output);
    const xml = sheets.get('檢核結果')!;
    expect(xml).toBeDefined();
    const links = [...xml.matchAll(/<hyperlink ref="([A-Z]+\d+)" location="([^"]+)"/g)].map((m) => ({ ref: m[1], location: unesc(m[2]) }));
    // No external relationship: an internal location link.
    expect(xml).not.toMatch(/<hyperlink [^>]*r:id=/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(output);
    const ws = wb.getWorksheet('檢核結果')!;
    const rows: string[][] = [];
    ws.eachRow((row, r) => (rows[r] = (row.values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v)))));
    for (const i of report.issues) {
      const r = rows.findIndex((row) => row && row[3] === i.message && row[4] === i.code);
      expect([i.code, r > 0]).toEqual([i.code, true]);
      if (!i.cell) continue;
      const link = links.find((l) => l.ref === `C${r}`);
      expect([i.code, link?.location]).toEqual([i.code, `'${i.sheet.replace(/'/g, "''")}'!${i.cell}`]);
      // The link points at a cell of a sheet that exists.
      expect(wb.getWorksheet(i.sheet)).toBeDefined();
    }
    // The summary counts, and every indicator's uncapped rate.
    const all = rows.flat();
    expect(all).toContain(`錯誤 ${report.issues.filter((i) => i.severity === 'error').length} 項、警告 ${report.issues.filter((i) => i.severity === 'warning').length} 項、說明 ${report.issues.filter((i) => i.severity === 'info').length} 項`);
    const rates: number[] = [];
    ws.eachRow((row) => row.eachCell((c) => typeof c.value === 'number' && rates.push(c.value)));
    for (const ind of report.indicators) if (ind.achievementRate !== null) expect(rates).toContainEqual(expect.closeTo(ind.achievementRate, 6));
  });

  test('both sheets print A4 landscape, with a print area and print titles; the map fits one page', async () => {
    const { workbook: wbXml, sheets } = await parts(output);
    const names = [...wbXml.matchAll(/<definedName name="([^"]+)" localSheetId="(\d+)">([^<]+)<\/definedName>/g)].map((m) => [m[1], Number(m[2]), unesc(m[3])]);
    const order = [...wbXml.matchAll(/<sheet [^>]*name="([^"]+)"/g)].map((m) => m[1]);
    const at = (n: string) => order.indexOf(n);
    expect(names).toContainEqual(['_xlnm.Print_Area', at('風險圖像'), expect.stringMatching(/^'風險圖像'!\$A\$1:\$F\$\d+$/)]);
    expect(names).toContainEqual(['_xlnm.Print_Titles', at('風險圖像'), "'風險圖像'!$1:$2"]);
    expect(names).toContainEqual(['_xlnm.Print_Area', at('檢核結果'), expect.stringMatching(/^'檢核結果'!\$A\$1:\$G\$\d+$/)]);
    expect(names).toContainEqual(['_xlnm.Print_Titles', at('檢核結果'), expect.stringMatching(/^'檢核結果'!\$(\d+):\$\1$/)]);
    const map = sheets.get('風險圖像')!;
    expect(map).toContain('<pageSetUpPr fitToPage="1"/>');
    expect(map).toMatch(/<pageSetup paperSize="9" fitToWidth="1" fitToHeight="1" orientation="landscape"\/>/);
    const findings = sheets.get('檢核結果')!;
    expect(findings).toMatch(/<pageSetup paperSize="9" fitToWidth="1" fitToHeight="0" orientation="landscape"\/>/);
    // Rows with two lines (`P1` / `R=1`) are taller than the default.
    expect(map).toMatch(/<row r="\d+" ht="(?:[3-9]\d|\d{3})(?:\.\d+)?" customHeight="1"/);
  });

  test('a second fill replaces the findings sheet; in English it is Findings', async () => {
    const again = path.join(dir, 'again.xlsx');
    expect((await run(['fill', output, '-o', again, '--lang', 'en'])).code).toBeLessThan(2);
    const { workbook: wbXml } = await parts(again);
    const order = [...wbXml.matchAll(/<sheet [^>]*name="([^"]+)"/g)].map((m) => m[1]);
    expect(order.filter((n) => /檢核結果|Findings/.test(n))).toEqual(['Findings']);
    expect(order.filter((n) => n.startsWith('風險圖像'))).toEqual(['風險圖像']);
    // Each sheet has one print area.
    expect([...wbXml.matchAll(/name="_xlnm\.Print_Area" localSheetId="(\d+)"/g)].map((m) => order[Number(m[1])]).sort()).toEqual(['Findings', '風險圖像']);
  });

  test('未達成 and 無法計算 stand out beside the indicators', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(output);
    let seen = 0;
    wb.eachSheet((ws) => {
      if (ws.name === '檢核結果' || ws.name === '風險圖像') return;
      ws.eachRow((row) =>
        row.eachCell((c) => {
          if (c.value !== '無法計算' && c.value !== '未達成') return;
          seen++;
          const f = c.fill as ExcelJS.FillPattern;
          expect([c.address, f?.pattern]).toEqual([c.address, 'solid']);
        }),
      );
    });
    expect(seen).toBeGreaterThan(0);
  });
});

describe('the engine lays the sheets out for print', () => {
  test('a grid cell with 40 risks is as tall as its lines', () => {
    const rows = [['風險項目', '可能性 (L)', '影響程度 (I)', '風險值 (R)', '新增風險對策']];
    for (let k = 1; k <= 40; k++) rows.push([`RK${k} 風險 ${k}`, '3', '3', '9', '加強']);
    const { plan } = fill(workbook(sheet('風險', rows)));
    const map = plan.sheets.find((s) => s.sheet === '風險圖像')!;
    const cell = map.cells.find((c) => c.value && 'text' in c.value && c.value.text.includes('RK40'))!;
    const height = map.rowHeights!.find((h) => h.row === cell.row)!.height;
    const text = (cell.value as { text: string }).text;
    expect(height).toBe(heightFor(linesIn(text, 22)));
    expect(linesIn(text, 22)).toBeGreaterThanOrEqual(text.split('\n').length + 5);
  });

  test('wrapping: CJK counts two, a word is not cut, explicit breaks are lines', () => {
    expect(linesIn('P1\nR=1', 22)).toBe(2);
    expect(linesIn('一二三四五六七八九十', 11)).toBe(2);
    expect(linesIn('alpha beta gamma', 11)).toBe(2);
  });

  test('the findings sheet is recorded in the meta and replaced, not added again', () => {
    const first = fill(seedWorkbook()).plan;
    expect(first.meta.findingsSheets).toEqual(['檢核結果']);
    expect(first.meta.sheets).toEqual(['風險圖像', '檢核結果']);
    // Generate risk sheet alone keeps the findings sheet of the last Fill.
    const mapOnly = fill(seedWorkbook(), { parts: { columns: false, marks: false, map: true } }).plan;
    expect(mapOnly.sheets.filter((s) => s.create).map((s) => s.sheet)).toEqual(['風險圖像']);
  });
});
