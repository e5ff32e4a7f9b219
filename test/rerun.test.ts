/**
 * Running again after the user edited the workbook, in both hosts: the Office host over the strict stand-in, and
 * the package host over real .xlsx bytes (the edits made by the stand-in acting as Excel: rows and columns inserted
 * and deleted move cells and defined names as Excel does; the edited workbook written back as a file).
 *
 * What plancheck wrote is found again by its defined names and checked cell by cell: a user's cell is never
 * cleared or overwritten, a sheet plancheck did not create is never replaced, the output is not written twice.
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { fill as engineFill } from '../src/engine';
import { parseNameRef, splitUnion } from '../src/engine/meta';
import type { Report } from '../src/engine/report';
import type { CellValue, WorkbookSnapshot } from '../src/engine/snapshot';
import { isOwnName } from '../src/engine/writePlan';
import { workbookSnapshot } from '../src/hosts/exceljs/snapshot';
import { PlanActions } from '../src/hosts/office/actions';
import { applyPlanToPackage, readOwnNames } from '../src/hosts/ooxml';
import { Workbook as PackageWorkbook } from '../src/hosts/ooxml/workbook';
import { SHEET_000_RISK, SHEET_001_KPI, seedWorkbook } from './fixtures/seedPlans';
import { snapshotToWorkbook } from './fixtures/xlsx';
import { clone } from './helpers';
import { createStandIn, officeEnvOf, type StandIn } from './standin';

type Edit = (context: Excel.RequestContext) => Promise<void>;

interface Host {
  name: string;
  /** Fill in results and the risk map. */
  fill(): Promise<Report>;
  /** The user's edit, made in Excel (the stand-in). */
  edit(e: Edit): Promise<void>;
  snapshot(): Promise<WorkbookSnapshot>;
}

class OfficeHost implements Host {
  name = 'Office host';
  readonly standIn: StandIn;
  private readonly actions: PlanActions;
  constructor(snapshot: WorkbookSnapshot) {
    this.standIn = createStandIn(clone(snapshot));
    this.actions = new PlanActions(officeEnvOf(this.standIn));
  }
  async fill(): Promise<Report> {
    const a = await this.actions.fill();
    if (!a.ok) throw new Error(a.error?.message);
    const b = await this.actions.generateRiskSheet();
    if (!b.ok) throw new Error(b.error?.message);
    // One report of both actions (the map's issues come with Generate risk sheet).
    const seen = new Set(a.report!.issues.map((i) => `${i.code} ${i.sheet} ${i.cell}`));
    return { ...a.report!, issues: [...a.report!.issues, ...b.report!.issues.filter((i) => !seen.has(`${i.code} ${i.sheet} ${i.cell}`))] };
  }
  async edit(e: Edit): Promise<void> {
    await this.standIn.Excel.run(async (context: Excel.RequestContext) => {
      await e(context);
      await context.sync();
    });
  }
  async snapshot(): Promise<WorkbookSnapshot> {
    return this.standIn.workbook.toSnapshot();
  }
}

async function snapshotOfBytes(bytes: Buffer): Promise<WorkbookSnapshot> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const names = await readOwnNames(bytes);
  return { ...workbookSnapshot(wb), ...(names.length ? { names } : {}) };
}

/** The workbook as a file with the given defined names (what Excel saves after the user's edit). */
async function bytesOf(snapshot: WorkbookSnapshot): Promise<Buffer> {
  const wb = await snapshotToWorkbook(snapshot);
  const bytes = Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file('xl/workbook.xml')!.async('string');
  const book = new PackageWorkbook(xml, 'xl/workbook.xml');
  book.setOwnNames(isOwnName, (snapshot.names ?? []).map((n) => ({ name: n.name, ref: n.ref })));
  zip.file('xl/workbook.xml', book.serialize());
  return zip.generateAsync({ type: 'nodebuffer' });
}

class PackageHost implements Host {
  name = 'package host';
  private bytes: Buffer = Buffer.alloc(0);
  static async create(snapshot: WorkbookSnapshot): Promise<PackageHost> {
    const h = new PackageHost();
    h.bytes = await bytesOf(snapshot);
    return h;
  }
  async fill(): Promise<Report> {
    const { report, plan } = engineFill(await snapshotOfBytes(this.bytes), { lang: 'zh-TW' });
    this.bytes = (await applyPlanToPackage(this.bytes, plan)).bytes;
    return report;
  }
  async edit(e: Edit): Promise<void> {
    const s = createStandIn(await snapshotOfBytes(this.bytes));
    await s.Excel.run(async (context: Excel.RequestContext) => {
      await e(context);
      await context.sync();
    });
    this.bytes = await bytesOf(s.workbook.toSnapshot());
  }
  async snapshot(): Promise<WorkbookSnapshot> {
    return snapshotOfBytes(this.bytes);
  }
}

const HOSTS: [string, (s: WorkbookSnapshot) => Promise<Host>][] = [
  ['Office host', async (s) => new OfficeHost(s)],
  ['package host', (s) => PackageHost.create(s)],
];

const text = (v: CellValue | undefined) => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

function cellsOf(s: WorkbookSnapshot, sheet: string): Map<string, string> {
  const out = new Map<string, string>();
  const sh = s.sheets.find((x) => x.name === sheet);
  sh?.rows.forEach((row, r) => row?.forEach((v, c) => text(v) !== '' && out.set(`${r},${c}`, text(v))));
  return out;
}

/** The cells the add-in's range names cover now, on a sheet. */
function ownCells(s: WorkbookSnapshot, sheet: string): Set<string> {
  const out = new Set<string>();
  for (const n of s.names ?? []) {
    if (!/_r\d+$/i.test(n.name)) continue;
    for (const a of splitUnion(n.ref)) {
      const p = parseNameRef(a);
      if (!p || p === 'gone' || p.sheet !== sheet) continue;
      for (let r = p.range.top; r <= p.range.bottom; r++) for (let c = p.range.left; c <= p.range.right; c++) out.add(`${r},${c}`);
    }
  }
  return out;
}

function count(s: WorkbookSnapshot, sheet: string, value: string): number {
  return [...cellsOf(s, sheet).values()].filter((v) => v === value).length;
}

/** Every cell of the user's (outside the add-in's named output) is the same after the second run. */
async function expectUserCellsKept(host: Host, sheet: string, run: () => Promise<unknown>): Promise<void> {
  const before = await host.snapshot();
  const own = ownCells(before, sheet);
  const user = [...cellsOf(before, sheet)].filter(([k]) => !own.has(k));
  await run();
  const after = cellsOf(await host.snapshot(), sheet);
  for (const [k, v] of user) expect([sheet, k, after.get(k)]).toEqual([sheet, k, v]);
}

const ROW = (n: number) => `${n}:${n}`;
const COL = (c: string) => `${c}:${c}`;

// The seed: the risk register on 伍 整體風險管理 (rows 16–22, A:L; its output M:P); the KPI table on
// 107關鍵績效指標 (its output J:L, rows 3–10).
const edits: [string, string, Edit][] = (
  [
  ['a row inserted before the tables', SHEET_000_RISK, async (c) => c.workbook.worksheets.getItem(SHEET_000_RISK).getRange(ROW(1)).insert('Down')],
  ['a row inserted inside the risk register', SHEET_000_RISK, async (c) => c.workbook.worksheets.getItem(SHEET_000_RISK).getRange(ROW(19)).insert('Down')],
  ['a row inserted after the tables', SHEET_000_RISK, async (c) => c.workbook.worksheets.getItem(SHEET_000_RISK).getRange(ROW(40)).insert('Down')],
  ['a data row of the risk register deleted', SHEET_000_RISK, async (c) => c.workbook.worksheets.getItem(SHEET_000_RISK).getRange(ROW(22)).delete('Up')],
  ['a row of the KPI table deleted', SHEET_001_KPI, async (c) => c.workbook.worksheets.getItem(SHEET_001_KPI).getRange(ROW(6)).delete('Up')],
  ['a column inserted before the tables', SHEET_000_RISK, async (c) => c.workbook.worksheets.getItem(SHEET_000_RISK).getRange(COL('A')).insert('Right')],
  ['a column inserted before the risk register’s output (the user’s own column)', SHEET_000_RISK, async (c) => {
    const ws = c.workbook.worksheets.getItem(SHEET_000_RISK);
    ws.getRange(COL('M')).insert('Right');
  }],
  ['a column inserted inside the output columns', SHEET_000_RISK, async (c) => c.workbook.worksheets.getItem(SHEET_000_RISK).getRange(COL('N')).insert('Right')],
  ['a column inserted after the output columns', SHEET_000_RISK, async (c) => c.workbook.worksheets.getItem(SHEET_000_RISK).getRange(COL('R')).insert('Right')],
  ['an output column deleted', SHEET_000_RISK, async (c) => c.workbook.worksheets.getItem(SHEET_000_RISK).getRange(COL('N')).delete('Left')],
  ['a column inside the KPI table deleted', SHEET_001_KPI, async (c) => c.workbook.worksheets.getItem(SHEET_001_KPI).getRange(COL('H')).delete('Left')],
  ] as [string, string, (c: Excel.RequestContext) => unknown][]
).map(([a, b, f]) => [a, b, async (c: Excel.RequestContext) => void (await f(c))]);

describe.each(HOSTS)('%s: running again after the user’s edits', (_name, make) => {
  test.each(edits)('%s: the user’s cells are kept, the output is written once', async (_what, sheet, edit) => {
    const host = await make(seedWorkbook());
    await host.fill();
    const header = sheet === SHEET_000_RISK ? '殘餘風險等級' : '達成率';
    const once = count(await host.snapshot(), sheet, header);
    await host.edit(edit);
    let report: Report | null = null;
    await expectUserCellsKept(host, sheet, async () => (report = await host.fill()));
    const after = await host.snapshot();
    expect(count(after, sheet, header)).toBe(once);
    expect(report!.issues.filter((i) => i.code === 'WRITE_OUTPUT_KEPT')).toEqual([]);
    // A third run gives the same workbook again.
    const again = await host.snapshot();
    await host.fill();
    expect(cellsOf(await host.snapshot(), sheet)).toEqual(cellsOf(again, sheet));
  });

  test('a user column inserted right of the register keeps its text (issue 11: 負責單位 overwritten)', async () => {
    const host = await make(seedWorkbook());
    await host.fill();
    const once = count(await host.snapshot(), SHEET_000_RISK, '殘餘風險等級');
    // The user inserts a column before the register and types their own column right of it, where the output was.
    await host.edit(async (c) => {
      const ws = c.workbook.worksheets.getItem(SHEET_000_RISK);
      ws.getRange(COL('A')).insert('Right');
    });
    const s = await host.snapshot();
    const own = ownCells(s, SHEET_000_RISK);
    expect([...own].some((k) => k.endsWith(',13'))).toBe(true); // the output moved from M to N with the insert
    // The register's own 負責單位 column is now M, where the output was: it keeps the user's text.
    const before = cellsOf(s, SHEET_000_RISK);
    expect(before.get('15,12')).toBe('負責單位');
    await host.fill();
    const after = cellsOf(await host.snapshot(), SHEET_000_RISK);
    for (let r = 15; r < 40; r++) expect([r, after.get(`${r},12`)]).toEqual([r, before.get(`${r},12`)]);
    expect(count(await host.snapshot(), SHEET_000_RISK, '殘餘風險等級')).toBe(once);
  });

  test('an output cell the user changed is kept and reported; the new output goes beside it', async () => {
    const host = await make(seedWorkbook());
    await host.fill();
    const s = await host.snapshot();
    const own = [...ownCells(s, SHEET_001_KPI)].map((k) => k.split(',').map(Number)).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const [r, c] = own[own.length - 1];
    await host.edit(async (ctx) => {
      ctx.workbook.worksheets.getItem(SHEET_001_KPI).getRangeByIndexes(r, c, 1, 1).values = [['我改的']];
    });
    const report = await host.fill();
    const after = await host.snapshot();
    expect(cellsOf(after, SHEET_001_KPI).get(`${r},${c}`)).toBe('我改的');
    const kept = report.issues.filter((i) => i.code === 'WRITE_OUTPUT_KEPT');
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({ severity: 'warning', sheet: SHEET_001_KPI });
    // The new output is right of the kept cell, once; the old one is gone but for the kept cell.
    expect(count(after, SHEET_001_KPI, '達成率')).toBe(1);
    const header = [...cellsOf(after, SHEET_001_KPI)].find(([, v]) => v === '達成率')![0];
    expect(Number(header.split(',')[1])).toBeGreaterThan(c);
  });

  test('the map sheet renamed by the user is still the add-in’s: replaced, not added again', async () => {
    const host = await make(seedWorkbook());
    await host.fill();
    await host.edit(async (c) => void (c.workbook.worksheets.getItem('風險圖像').name = '我的風險圖'));
    await host.fill();
    const names = (await host.snapshot()).sheets.map((s) => s.name);
    expect(names).toContain('風險圖像');
    expect(names).not.toContain('我的風險圖');
    expect(names.filter((n) => n.startsWith('風險圖像'))).toEqual(['風險圖像']);
  });

  test('the map sheet deleted and a sheet of the user’s named 風險圖像: theirs is kept, the map goes beside', async () => {
    const host = await make(seedWorkbook());
    await host.fill();
    await host.edit(async (c) => {
      c.workbook.worksheets.getItem('風險圖像').delete();
      const mine = c.workbook.worksheets.add('風險圖像');
      mine.getRange('A1').values = [['我的風險圖像']];
    });
    const report = await host.fill();
    const s = await host.snapshot();
    expect(cellsOf(s, '風險圖像').get('0,0')).toBe('我的風險圖像');
    expect(s.sheets.map((x) => x.name)).toContain('風險圖像 (2)');
    expect(report.issues.some((i) => i.code === 'WRITE_MAP_SHEET_RENAMED')).toBe(true);
  });

  test('the map sheet deleted: a new one is written, nothing of the user’s is touched', async () => {
    const host = await make(seedWorkbook());
    await host.fill();
    await host.edit(async (c) => c.workbook.worksheets.getItem('風險圖像').delete());
    await host.fill();
    expect((await host.snapshot()).sheets.filter((x) => x.name.startsWith('風險圖像')).map((x) => x.name)).toEqual(['風險圖像']);
  });

  test('a user’s sheet named _plancheck, and one named _PLANCHECK, stay the user’s; the records go beside', async () => {
    for (const mine of ['_plancheck', '_PLANCHECK']) {
      const seed = seedWorkbook();
      seed.sheets.push({ name: mine, rows: [['我的工作表', 123]], merges: [] });
      const host = await make(seed);
      await host.fill();
      const once = count(await host.snapshot(), SHEET_000_RISK, '殘餘風險等級');
      await host.fill();
      const s = await host.snapshot();
      const sheet = s.sheets.find((x) => x.name === mine)!;
      expect([mine, text(sheet.rows[0][0]), text(sheet.rows[0][1]), !!sheet.hidden]).toEqual([mine, '我的工作表', '123', false]);
      const names = s.sheets.map((x) => x.name.toLowerCase());
      expect(new Set(names).size).toBe(names.length); // no two names differing only in case
      expect(s.sheets.some((x) => x.name === '_plancheck (2)')).toBe(true);
      expect(count(s, SHEET_000_RISK, '殘餘風險等級')).toBe(once);
    }
  });
});

describe('the same mark record in every host (issue 10, deliverable 4)', () => {
  /** The user's own fill on a problem cell. */
  const USER_FILL = '00B0F0';

  async function packageBytesWithUserFill(): Promise<{ bytes: Buffer; cell: { sheet: string; row: number; col: number } }> {
    const seed = seedWorkbook();
    const { plan } = engineFill(seed, { lang: 'zh-TW' });
    const m = plan.marks.find((x) => x.sheet === SHEET_001_KPI)!;
    const wb = await snapshotToWorkbook(seed);
    wb.getWorksheet(m.sheet)!.getCell(m.row + 1, m.col + 1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF' + USER_FILL } };
    return { bytes: Buffer.from(await wb.xlsx.writeBuffer()), cell: m };
  }

  /** The package's fills and notes, copied onto a stand-in loaded from it (Excel opening the file). */
  async function standInOf(bytes: Buffer): Promise<StandIn> {
    const s = createStandIn(await snapshotOfBytes(bytes));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    wb.eachSheet((ws) => {
      if (!s.workbook.hasSheet(ws.name)) return;
      const model = s.workbook.sheet(ws.name);
      ws.eachRow({ includeEmpty: false }, (row, r) =>
        row.eachCell({ includeEmpty: true }, (cell, c) => {
          const f = cell.fill as ExcelJS.FillPattern | undefined;
          if (f && f.pattern === 'solid' && f.fgColor?.argb) model.cell(r - 1, c - 1).fill = '#' + f.fgColor.argb.slice(2);
        }),
      );
    });
    return s;
  }

  test('a CLI fill, then Clear marks in the Office host: the user’s fills come back', async () => {
    const { bytes, cell } = await packageBytesWithUserFill();
    const { plan } = engineFill(await snapshotOfBytes(bytes), { lang: 'zh-TW' });
    const out = (await applyPlanToPackage(bytes, plan)).bytes;
    const s = await standInOf(out);
    expect(s.workbook.sheet(cell.sheet).cell(cell.row, cell.col).fill?.toUpperCase()).not.toBe('#' + USER_FILL);
    const actions = new PlanActions(officeEnvOf(s));
    const r = await actions.clearMarks();
    expect(r.ok).toBe(true);
    expect(s.workbook.sheet(cell.sheet).cell(cell.row, cell.col).fill?.toUpperCase()).toBe('#' + USER_FILL);
    // A problem cell that had no fill has none again.
    const other = plan.marks.find((m) => !(m.sheet === cell.sheet && m.row === cell.row && m.col === cell.col))!;
    expect(s.workbook.sheet(other.sheet).cell(other.row, other.col).fill).toBeNull();
  });

  test('a fill in the Office host, then Clear marks through the package host: the user’s fills come back, no note says “added”', async () => {
    const seed = seedWorkbook();
    const s = createStandIn(clone(seed));
    const { plan: first } = engineFill(seed, { lang: 'zh-TW' });
    const m = first.marks.find((x) => x.sheet === SHEET_001_KPI)!;
    s.workbook.sheet(m.sheet).cell(m.row, m.col).fill = '#' + USER_FILL;
    expect((await new PlanActions(officeEnvOf(s)).fill()).ok).toBe(true);
    expect(s.workbook.sheet(m.sheet).cell(m.row, m.col).fill?.toUpperCase()).not.toBe('#' + USER_FILL);
    // Excel saves the workbook: values, fills, names.
    const snap = s.workbook.toSnapshot();
    const wb = await snapshotToWorkbook(snap);
    for (const sh of s.workbook.sheetNames()) {
      const model = s.workbook.sheet(sh);
      for (const [r, row] of model.cells) for (const [c, cell] of row) if (cell.fill) wb.getWorksheet(sh)!.getCell(r + 1, c + 1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF' + cell.fill.slice(1).toUpperCase() } };
    }
    const saved = Buffer.from(await wb.xlsx.writeBuffer());
    const zip = await JSZip.loadAsync(saved);
    const book = new PackageWorkbook(await zip.file('xl/workbook.xml')!.async('string'), 'xl/workbook.xml');
    book.setOwnNames(isOwnName, (snap.names ?? []).map((n) => ({ name: n.name, ref: n.ref })));
    zip.file('xl/workbook.xml', book.serialize());
    const bytes = await zip.generateAsync({ type: 'nodebuffer' });
    const { plan } = engineFill(await snapshotOfBytes(bytes), { lang: 'zh-TW', parts: { columns: false, marks: 'clear', map: false } });
    const out = (await applyPlanToPackage(bytes, plan)).bytes;
    const back = new ExcelJS.Workbook();
    await back.xlsx.load(out as unknown as ArrayBuffer);
    const f = back.getWorksheet(m.sheet)!.getCell(m.row + 1, m.col + 1).fill as ExcelJS.FillPattern;
    expect(f.fgColor?.argb).toBe('FF' + USER_FILL);
    back.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => expect(String(cell.note ?? '')).not.toBe('added'))));
  });
});

describe('defined names as Excel keeps them', () => {
  test('references are written and read back, quoted or not, unions, #REF!', () => {
    const { nameRef } = jest.requireActual('../src/engine/meta') as typeof import('../src/engine/meta');
    expect(nameRef("It's 1", { top: 2, left: 9, bottom: 9, right: 11 })).toBe("'It''s 1'!$J$3:$L$10");
    expect(parseNameRef("'It''s 1'!$J$3:$L$10")).toEqual({ sheet: "It's 1", range: { top: 2, left: 9, bottom: 9, right: 11 } });
    expect(parseNameRef('=Sheet1!$B$5')).toEqual({ sheet: 'Sheet1', range: { top: 4, left: 1, bottom: 4, right: 1 } });
    expect(parseNameRef('#REF!$A$1')).toBe('gone');
    expect(splitUnion("'a, b'!$B$5,'a, b'!$D$9")).toEqual(["'a, b'!$B$5", "'a, b'!$D$9"]);
  });

  test('the stand-in moves, grows, shrinks and breaks names as Excel does', async () => {
    const s = createStandIn({ sheets: [{ name: 'S', rows: [['a']], merges: [] }] });
    await s.Excel.run(async (c: Excel.RequestContext) => {
      c.workbook.names.add('_plancheck_r1', '=S!$C$3:$D$5');
      c.workbook.names.add('_plancheck_m1', '=S!$B$2,S!$E$9');
      await c.sync();
      const ws = c.workbook.worksheets.getItem('S');
      ws.getRange('1:1').insert('Down'); // C4:D6; B3, E10
      ws.getRange('5:5').insert('Down'); // inside: C4:D7; E11
      ws.getRange('C:C').delete('Left'); // C4:C7; B3, D11
      ws.getRange('3:3').delete('Up'); // C3:C6; the mark B3 gone, D10
      await c.sync();
    });
    expect(s.workbook.names.map((n) => [n.name, n.formula])).toEqual([
      ['_plancheck_r1', '=S!$C$3:$C$6'],
      ['_plancheck_m1', '=#REF!,S!$D$10'],
    ]);
    await s.Excel.run(async (c: Excel.RequestContext) => {
      c.workbook.worksheets.getItem('S').name = 'T';
      await c.sync();
    });
    expect(s.workbook.names[0].formula).toBe('=T!$C$3:$C$6');
  });
});
