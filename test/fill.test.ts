/** `plancheck fill` end to end through real .xlsx files, read back with ExcelJS. */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../src/cli/main';
import { SHEET_000_RISK, SHEET_001_KPI, seed000RiskTable, seedWorkbook, sheet } from './fixtures/seedPlans';
import { snapshotToWorkbook, writeSnapshotXlsx } from './fixtures/xlsx';
import { setCell, workbook } from './helpers';

let dir: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'plancheck-fill-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const quiet = { out: () => undefined, err: () => undefined, env: { LANG: 'C' } };
async function runFill(input: string, output: string, lang = 'zh-TW') {
  const err: string[] = [];
  const code = await main(['fill', input, '-o', output, '--lang', lang], { ...quiet, err: (s) => err.push(s) });
  return { code, err: err.join('\n') };
}

async function load(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

const fillOf = (c: ExcelJS.Cell) => {
  const f = c.fill as ExcelJS.FillPattern | undefined;
  return f && f.pattern === 'solid' ? (f.fgColor?.argb ?? null) : null;
};

/** Every cell of every sheet: value, fill and note, for comparing two workbooks. */
function dump(wb: ExcelJS.Workbook) {
  const out: Record<string, string> = {};
  for (const ws of wb.worksheets) {
    out[`${ws.name}#state`] = ws.state;
    ws.eachRow({ includeEmpty: false }, (row, r) =>
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        out[`${ws.name}!${r},${c}`] = JSON.stringify([cell.value, fillOf(cell), cell.note ?? null, cell.numFmt ?? null]);
      }),
    );
  }
  return out;
}

describe('fill on the seed plans', () => {
  let input: string;
  let output: string;
  let inWb: ExcelJS.Workbook;
  let outWb: ExcelJS.Workbook;

  beforeAll(async () => {
    input = path.join(dir, 'plan.xlsx');
    output = path.join(dir, 'checked.xlsx');
    await writeSnapshotXlsx(seedWorkbook(), input);
    const r = await runFill(input, output);
    expect(r).toEqual({ code: 0, err: '' });
    inWb = await load(input);
    outWb = await load(output);
  });

  test('achievement columns beside the indicator table: rate (capped at 120%), status, note', () => {
    const ws = outWb.getWorksheet(SHEET_001_KPI)!;
    expect(ws.getCell('J4').value).toBe('達成率');
    expect(ws.getCell('K4').value).toBe('達成狀態');
    expect(ws.getCell('L4').value).toBe('達成說明');
    expect(ws.getCell('J8').value as number).toBeCloseTo(1.36 / 1.5, 10);
    expect(ws.getCell('J8').numFmt).toBe('0.0%');
    expect(ws.getCell('K8').value).toBe('未達成');
    expect(ws.getCell('J5').value).toBe(1.2); // 1230% shown capped
    expect(ws.getCell('K5').value).toBe('達成');
    expect(ws.getCell('J7').value).toBe(1);
    expect(String(ws.getCell('J4').note)).toContain('120%');
  });

  test('risk columns beside the risk table, the level cell in its colour', () => {
    const ws = outWb.getWorksheet(SHEET_000_RISK)!;
    expect(['M17', 'N17', 'O17', 'P17'].map((a) => ws.getCell(a).value)).toEqual(['風險值 (R)', '風險等級', '殘餘風險值 (R)', '殘餘風險等級']);
    expect(ws.getCell('M18').value).toBe(1);
    expect(ws.getCell('N18').value).toBe('低度');
    expect(fillOf(ws.getCell('N18'))).toBe('FF92D050');
    expect(ws.getCell('P18').value).toBe('低度');
  });

  test('the 風險圖像 sheet: grid heads, P1 in its cell, colours by level, legend and counts', () => {
    const ws = outWb.getWorksheet('風險圖像')!;
    expect(ws).toBeDefined();
    expect(ws.getCell('A4').value).toBe('現有風險圖像');
    expect(['A5', 'A6', 'A7'].map((a) => ws.getCell(a).value)).toEqual(['嚴重 (3)', '中度 (2)', '輕微 (1)']);
    expect(['B8', 'C8', 'D8'].map((a) => ws.getCell(a).value)).toEqual(['不太可能 (1)', '可能 (2)', '非常可能 (3)']);
    expect(ws.getCell('B7').value).toBe('P1\nR=1');
    expect(ws.getCell('C7').value).toBe('R=2');
    const colours = ['B5', 'C5', 'D5', 'B6', 'C6', 'D6', 'B7', 'C7', 'D7'].map((a) => fillOf(ws.getCell(a)));
    expect(colours).toEqual(['FFFFFF00', 'FFFFC000', 'FFFF0000', 'FF92D050', 'FFFFFF00', 'FFFFC000', 'FF92D050', 'FF92D050', 'FFFFFF00']);
    expect(ws.getCell('A10').value).toBe('殘餘風險圖像');
    expect(ws.getCell('B13').value).toBe('P1\nR=1');
    const texts: string[] = [];
    ws.eachRow((row) => row.eachCell((c) => texts.push(String(c.value))));
    expect(texts).toContain('低度風險：1項(100.0%)');
    expect(texts).toContain('極度風險(R=9)：需立即採取處理行動消除或降低其風險。');
  });

  test('problem cells marked with a fill and a note', () => {
    const ws = outWb.getWorksheet(SHEET_001_KPI)!;
    expect(fillOf(ws.getCell('D9'))).toBe('FFFFEB9C');
    expect(String(ws.getCell('D9').note)).toContain('NUMBERING_GAP');
    expect(String(ws.getCell('D9').note)).toContain('編號由「二」跳到「四」');
  });

  test('every input cell keeps its value; only marked cells change their fill', () => {
    const marked = new Set([`${SHEET_001_KPI}!5,2`, `${SHEET_001_KPI}!9,4`]);
    for (const ws of inWb.worksheets) {
      const o = outWb.getWorksheet(ws.name)!;
      ws.eachRow({ includeEmpty: false }, (row, r) =>
        row.eachCell({ includeEmpty: true }, (cell, c) => {
          const after = o.getCell(r, c);
          expect([ws.name, r, c, after.value]).toEqual([ws.name, r, c, cell.value]);
          if (!marked.has(`${ws.name}!${r},${c}`)) expect([ws.name, r, c, fillOf(after)]).toEqual([ws.name, r, c, fillOf(cell)]);
        }),
      );
    }
    const inputMerges = inWb.worksheets.map((w) => Object.keys((w as unknown as { _merges: object })._merges).sort());
    const outputMerges = inWb.worksheets.map((w) => Object.keys((outWb.getWorksheet(w.name) as unknown as { _merges: object })._merges).sort());
    expect(outputMerges).toEqual(inputMerges);
  });

  test('the input file is not modified', async () => {
    const again = path.join(dir, 'plan-again.xlsx');
    await writeSnapshotXlsx(seedWorkbook(), again);
    expect(dump(await load(input))).toEqual(dump(await load(again)));
  });

  test('running fill on its own output gives the same workbook: no second columns, no second map', async () => {
    const second = path.join(dir, 'checked-twice.xlsx');
    expect((await runFill(output, second)).code).toBe(0);
    const twice = await load(second);
    expect(twice.worksheets.map((w) => w.name)).toEqual(outWb.worksheets.map((w) => w.name));
    expect(dump(twice)).toEqual(dump(outWb));
  });

  test('the record of what was written is a very hidden sheet', () => {
    const meta = outWb.getWorksheet('_plancheck')!;
    expect(meta.state).toBe('veryHidden');
    expect(meta.getCell('A1').value).toBe('plancheck-meta');
  });
});

/** Risk IDs that a spreadsheet would run as formulas if they were written as values. */
const HOSTILE_IDS = ['=HYPERLINK("http://example.invalid","x")', "+cmd|' /C calc'!A0", '-1+1', '@SUM(1)'];

function hostileRisks() {
  return sheet('風險', [
    ['風險編號', '風險項目', '可能性 (L)', '影響程度 (I)', '風險值 (R)', '新增風險對策'],
    ...HOSTILE_IDS.map((id, k) => [id, `風險${k + 1}`, String((k % 3) + 1), '1', String((k % 3) + 1), '-']),
  ]);
}

describe('fill keeps the user in charge of the workbook', () => {
  test('text from cells is written as text, never as a formula', async () => {
    const s = hostileRisks();
    const input = path.join(dir, 'hostile.xlsx');
    const output = path.join(dir, 'hostile-out.xlsx');
    await writeSnapshotXlsx(workbook(s), input);
    expect((await runFill(input, output)).code).toBe(0);
    const zip = await JSZip.loadAsync(await fs.readFile(output));
    const sheets = Object.keys(zip.files).filter((f) => /^xl\/worksheets\/sheet\d+\.xml$/.test(f));
    for (const f of sheets) expect(await zip.file(f)!.async('string')).not.toContain('<f>');
    const ws = (await load(output)).getWorksheet('風險圖像')!;
    const values: unknown[] = [];
    ws.eachRow((row) => row.eachCell((c) => values.push(c.value)));
    expect(values.every((v) => v === null || typeof v !== 'object')).toBe(true);
    const texts = values.filter((v): v is string => typeof v === 'string').join('\n');
    for (const id of HOSTILE_IDS) expect(texts).toContain(id);
  });

  test('a protected sheet stops the fill before anything is written', async () => {
    const wb = await snapshotToWorkbook(seedWorkbook());
    await wb.getWorksheet(SHEET_001_KPI)!.protect('secret', {});
    const input = path.join(dir, 'protected.xlsx');
    const output = path.join(dir, 'protected-out.xlsx');
    await wb.xlsx.writeFile(input);
    const r = await runFill(input, output, 'en');
    expect(r.code).toBe(2);
    expect(r.err).toContain(`"${SHEET_001_KPI}" is protected`);
    await expect(fs.access(output)).rejects.toThrow();
  });

  test("a user's own 風險圖像 sheet is kept; the map goes to 風險圖像 (2)", async () => {
    const mine = sheet('風險圖像', [['我自己的風險圖像']]);
    const input = path.join(dir, 'own-map.xlsx');
    const output = path.join(dir, 'own-map-out.xlsx');
    await writeSnapshotXlsx(workbook(seed000RiskTable(), mine), input);
    expect((await runFill(input, output)).code).toBe(0);
    const wb = await load(output);
    expect(wb.getWorksheet('風險圖像')!.getCell('A1').value).toBe('我自己的風險圖像');
    expect(wb.getWorksheet('風險圖像 (2)')!.getCell('A4').value).toBe('現有風險圖像');
    const second = path.join(dir, 'own-map-twice.xlsx');
    expect((await runFill(output, second)).code).toBe(0);
    expect((await load(second)).worksheets.map((w) => w.name)).toEqual(wb.worksheets.map((w) => w.name));
  });

  test("computed columns go past the user's own cells to the right of a table", async () => {
    const s = seed000RiskTable();
    setCell(s, 'M18', '我的備註');
    const input = path.join(dir, 'beside.xlsx');
    const output = path.join(dir, 'beside-out.xlsx');
    await writeSnapshotXlsx(workbook(s), input);
    expect((await runFill(input, output)).code).toBe(0);
    const ws = (await load(output)).getWorksheet(SHEET_000_RISK)!;
    expect(ws.getCell('M18').value).toBe('我的備註');
    expect(ws.getCell('N17').value).toBe('風險值 (R)');
    expect(ws.getCell('N18').value).toBe(1);
  });
});

describe('parts of a fill: the add-in writes columns, marks and the map on separate buttons', () => {
  test('Clear marks removes only the marks; a map-only run keeps the columns', async () => {
    const { fill, clearMarks } = await import('../src/engine');
    const { applyWritePlan } = await import('../src/hosts/exceljs/apply');
    const { workbookSnapshot } = await import('../src/hosts/exceljs/snapshot');
    const wb = await snapshotToWorkbook(seedWorkbook());
    const kpi = wb.getWorksheet(SHEET_001_KPI)!;
    kpi.getCell('D9').fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF00B0F0' } }; // the user's own colour
    kpi.getCell('D9').note = '我的註記';
    applyWritePlan(wb, fill(workbookSnapshot(wb)).plan);
    expect(fillOf(kpi.getCell('D9'))).toBe('FFFFEB9C');
    // The user's note is never written over: the mark is the colour only, as in every host.
    expect(String(kpi.getCell('D9').note)).toBe('我的註記');
    expect(String(kpi.getCell('B5').note)).toContain('[');

    applyWritePlan(wb, clearMarks(workbookSnapshot(wb)));
    expect(fillOf(kpi.getCell('D9'))).toBe('FF00B0F0');
    expect(kpi.getCell('D9').note).toBe('我的註記');
    expect(fillOf(kpi.getCell('B5'))).toBeNull();
    expect(kpi.getCell('J4').value).toBe('達成率'); // the columns stay
    expect(wb.getWorksheet('風險圖像')).toBeDefined(); // and the map

    // A map-only run: the columns stay where they are, and are not written twice.
    applyWritePlan(wb, fill(workbookSnapshot(wb), { parts: { columns: false, marks: false, map: true } }).plan);
    expect(kpi.getCell('J4').value).toBe('達成率');
    expect(kpi.getCell('M4').value).toBeNull();
    expect(wb.worksheets.filter((w) => w.name.startsWith('風險圖像'))).toHaveLength(1);
    // A full run afterwards replaces, it does not add.
    applyWritePlan(wb, fill(workbookSnapshot(wb)).plan);
    expect(kpi.getCell('J4').value).toBe('達成率');
    expect(kpi.getCell('M4').value).toBeNull();
  });
});
