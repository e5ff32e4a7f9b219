/**
 * The Office.js host against the strict Excel stand-in: the same cells, values and colours as the
 * ExcelJS host, round trips that do not grow with the rows, protection, text kept as text, Clear marks,
 * fallbacks for older Excel, and writes split only near the request cap.
 */
import ExcelJS from 'exceljs';
import { fill as engineFill } from '../../src/engine';
import type { CellValue, WorkbookSnapshot } from '../../src/engine/snapshot';
import { META_SHEET } from '../../src/engine/writePlan';
import { applyWritePlan } from '../../src/hosts/exceljs/apply';
import { workbookSnapshot } from '../../src/hosts/exceljs/snapshot';
import { PlanActions, type OfficeEnv } from '../../src/hosts/office/actions';
import { SHEET_000_RISK, SHEET_001_KPI, seed000RiskTable, seedWorkbook, sheet } from '../fixtures/seedPlans';
import { snapshotToWorkbook } from '../fixtures/xlsx';
import { clone, setCell, workbook } from '../helpers';
import { createStandIn, type StandIn, type StandInOptions, officeEnvOf } from '../standin';

const envOf = officeEnvOf;

function setup(snapshot: WorkbookSnapshot, options: StandInOptions = {}, maxRequestBytes?: number, readCellsPerSync?: number) {
  const standIn = createStandIn(clone(snapshot), options);
  const actions = new PlanActions(envOf(standIn), { maxRequestBytes, readCellsPerSync });
  return { standIn, actions };
}

/** Every cell's value and fill colour, sheet by sheet (the meta sheet left out: its host data differ). */
type Dump = Record<string, { value: CellValue; fill: string | null }>;

function dumpStandIn(s: StandIn): Dump {
  const out: Dump = {};
  const snap = s.workbook.toSnapshot();
  for (const sh of snap.sheets) {
    if (sh.name === META_SHEET) continue;
    const model = s.workbook.sheet(sh.name);
    const width = Math.max(0, ...sh.rows.map((r) => r.length)) + 1;
    for (let r = 0; r < sh.rows.length + 1; r++) {
      for (let c = 0; c < width; c++) {
        const cell = model.cell(r, c);
        const value = sh.rows[r]?.[c] ?? null;
        const f = cell.fill ? cell.fill.toUpperCase() : null;
        if (value !== null || f) out[`${sh.name}!${r},${c}`] = { value, fill: f };
      }
    }
  }
  return out;
}

function dumpExcelJs(wb: ExcelJS.Workbook): Dump {
  const out: Dump = {};
  const snap = workbookSnapshot(wb);
  for (const sh of snap.sheets) {
    if (sh.name === META_SHEET) continue;
    const ws = wb.getWorksheet(sh.name)!;
    const width = Math.max(0, ...sh.rows.map((r) => r.length)) + 1;
    for (let r = 0; r < sh.rows.length + 1; r++) {
      for (let c = 0; c < width; c++) {
        const cell = ws.findCell(r + 1, c + 1);
        const fill = cell?.fill as ExcelJS.FillPattern | undefined;
        const argb = fill && fill.pattern === 'solid' ? fill.fgColor?.argb : undefined;
        const value = sh.rows[r]?.[c] ?? null;
        const f = argb ? '#' + argb.slice(2).toUpperCase() : null;
        if (value !== null || f) out[`${sh.name}!${r},${c}`] = { value, fill: f };
      }
    }
  }
  return out;
}

describe('the Excel host writes what the ExcelJS host writes', () => {
  test('seed plans: Fill in results + Generate risk sheet = plancheck fill', async () => {
    const snapshot = seedWorkbook();
    const { standIn, actions } = setup(snapshot);
    const filled = await actions.fill();
    expect(filled.error).toBeUndefined();
    expect(filled.ok).toBe(true);
    const generated = await actions.generateRiskSheet();
    expect(generated.ok).toBe(true);

    const wb = await snapshotToWorkbook(clone(snapshot));
    applyWritePlan(wb, engineFill(workbookSnapshot(wb), { lang: 'zh-TW' }).plan);

    const office = dumpStandIn(standIn);
    const exceljs = dumpExcelJs(wb);
    expect(Object.keys(office).sort()).toEqual(Object.keys(exceljs).sort());
    for (const k of Object.keys(exceljs)) expect([k, office[k]]).toEqual([k, exceljs[k]]);
    // The same sheets; the add-in's two are in the order the actions wrote them (Fill writes 檢核結果 first).
    expect(standIn.workbook.sheetNames().filter((n) => n !== META_SHEET).sort()).toEqual(wb.worksheets.map((w) => w.name).filter((n) => n !== META_SHEET).sort());
    expect(standIn.workbook.sheet(META_SHEET).visibility).toBe('VeryHidden');
    expect(standIn.workbook.activeSheet).toBe('風險圖像');
  });

  test('the report in the task pane is the report of the command line', async () => {
    const { actions } = setup(seedWorkbook());
    const result = await actions.validate();
    const { report } = engineFill(seedWorkbook(), { lang: 'zh-TW' });
    expect(result.report).toEqual(report);
  });
});

/** A plan with n indicator rows and n risk rows. */
function bigPlan(n: number): WorkbookSnapshot {
  const kpi: (string | null)[][] = [['衡量指標', '年度目標值', '實際值']];
  const risks: (string | null)[][] = [['風險項目', '可能性 (L)', '影響程度 (I)', '風險值 (R)', '新增風險對策']];
  for (let k = 1; k <= n; k++) {
    kpi.push([`指標${k}`, '80%', k % 3 === 0 ? '70%' : '85%']);
    const l = (k % 3) + 1;
    const i = ((k + 1) % 3) + 1;
    risks.push([`R${k} 風險${k}`, String(l), String(i), String(k % 7 === 0 ? l * i + 1 : l * i), l * i >= 6 ? '加強' : '']);
  }
  return workbook(sheet('指標', kpi), sheet('風險', risks));
}

describe('round trips', () => {
  test('context.sync() calls per action are the same for 10 and 10,000 rows', async () => {
    const counts = [];
    const fullRequests: number[] = [];
    for (const n of [10, 10000]) {
      const { actions, standIn } = setup(bigPlan(n));
      const v = await actions.validate();
      standIn.stats.reset();
      const f = await actions.fill();
      // The findings sheet lists every problem (thousands here): its values and links are more than one request
      // holds, so the write is split, and only at the cap.
      // (The host's size estimate errs high, about twice what is sent: a request split at the cap is over 1 MB.)
      fullRequests.push(standIn.stats.requests.filter((b) => b > 1024 * 1024).length);
      const g = await actions.generateRiskSheet();
      const c = await actions.clearMarks();
      expect([f.ok, g.ok, c.ok]).toEqual([true, true, true]);
      expect(f.report!.summary.errors).toBeGreaterThan(0);
      counts.push([v.syncs, f.syncs, g.syncs, c.syncs]);
    }
    expect(fullRequests[0]).toBe(0);
    expect(counts[1][1] - counts[0][1]).toBeLessThanOrEqual(fullRequests[1]);
    expect([counts[1][0], counts[1][2], counts[1][3]]).toEqual([counts[0][0], counts[0][2], counts[0][3]]);
    // validate: the sheet list, the sheets' sizes, their values, the formats of the columns holding numbers
    expect(counts[0][0]).toBe(4);
  });

  test('a write near the request cap is split, and no request goes over it', async () => {
    // The stand-in refuses anything above the cap the host plans for: an estimate below the real size fails.
    const cap = 256 * 1024;
    const { standIn, actions } = setup(bigPlan(3000), { maxRequestBytes: cap }, cap);
    const f = await actions.fill();
    expect(f.error).toBeUndefined();
    expect(f.ok).toBe(true);
    expect(standIn.stats.largestRequest).toBeLessThanOrEqual(cap);
    const { actions: roomy } = setup(bigPlan(3000));
    const unsplit = await roomy.fill();
    expect(f.syncs).toBeGreaterThan(unsplit.syncs);
  });
});

describe('number formats', () => {
  test('a rate column and its capped cells among it: each cell its format, in few requests, however many rows', async () => {
    const plan = (n: number) => {
      const kpi: (string | null)[][] = [['衡量指標', '年度目標值', '實際值']];
      // Every third indicator is far over its target (capped: `≥120.0%`), the others under it.
      for (let k = 1; k <= n; k++) kpi.push([`指標${k}`, '50%', k % 3 === 0 ? '90%' : '40%']);
      return workbook(sheet('指標', kpi));
    };
    const formatCalls: number[] = [];
    for (const n of [30, 3000]) {
      let calls = 0;
      const standIn = createStandIn(plan(n), {
        onRequest: (r) => {
          for (const [kind, a] of Object.entries(r.actions)) if (kind === 'Range.numberFormat') calls += a.count;
        },
      });
      const actions = new PlanActions(envOf(standIn));
      const f = await actions.fill();
      expect(f.ok).toBe(true);
      formatCalls.push(calls);
      const ws = standIn.workbook.sheet('指標');
      // The rate column: right of the table (its header says 達成率).
      let col = 3;
      while (!String(ws.cell(0, col).value ?? '').includes('達成率')) col++;
      for (let k = 1; k <= n; k++) expect([k, ws.cell(k, col).numberFormat]).toEqual([k, k % 3 === 0 ? '"≥"0.0%' : '0.0%']);
      // The findings sheet's rates (uncapped), cell by cell in the plan: each with its format.
      const findings = standIn.workbook.list.find((s) => s.name !== '指標' && [...s.cells.values()].some((row) => [...row.values()].some((c) => c.value === 1.8 || c.value === 0.8)))!;
      const rates = [...findings.cells.values()].flatMap((row) => [...row.values()]).filter((c) => typeof c.value === 'number' && (c.value === 1.8 || c.value === 0.8));
      expect(rates.length).toBe(n);
      for (const c of rates) expect(c.numberFormat).toBe('0.0%');
    }
    // Not a call a cell: as many number format calls for 3,000 rows as for 30.
    expect(formatCalls[1]).toBe(formatCalls[0]);
    expect(formatCalls[0]).toBeLessThan(12);
  });
});

describe('reading a sheet too large for one answer', () => {
  test('read in chunks: the same report, more syncs', async () => {
    const whole = setup(bigPlan(2000));
    const chunked = setup(bigPlan(2000), {}, undefined, 1500);
    const a = await whole.actions.validate();
    const b = await chunked.actions.validate();
    expect(b.report).toEqual(a.report);
    expect(b.syncs).toBeGreaterThan(a.syncs);
  });

  test('an answer over the response cap is asked for again in halves', async () => {
    const small = setup(bigPlan(3000), { maxResponseBytes: 200 * 1024 });
    const big = setup(bigPlan(3000));
    const r = await small.actions.validate();
    expect(r.error).toBeUndefined();
    expect(r.report).toEqual((await big.actions.validate()).report);
  });
});

describe('a write that cannot finish does not start', () => {
  test('a protected sheet: a message naming it, nothing written', async () => {
    const { standIn, actions } = setup(seedWorkbook());
    standIn.workbook.sheet(SHEET_001_KPI).protected = true;
    const before = JSON.stringify(standIn.workbook.toSnapshot());
    const r = await actions.fill();
    expect(r.ok).toBe(false);
    expect(r.error!.code).toBe('protected_sheet');
    expect(r.error!.message).toContain(SHEET_001_KPI);
    expect(r.error!.message).not.toMatch(/RichApi/);
    expect(JSON.stringify(standIn.workbook.toSnapshot())).toBe(before);
  });

  test('a protected workbook structure stops Generate risk sheet', async () => {
    const { standIn, actions } = setup(seedWorkbook(), { workbookProtected: true });
    const r = await actions.generateRiskSheet();
    expect(r.error!.code).toBe('protected_workbook');
    expect(standIn.workbook.sheetNames()).not.toContain('風險圖像');
  });

  test('a cell in edit mode and a read-only workbook: plain messages', async () => {
    const edit = setup(seedWorkbook(), { cellEditMode: true, displayLanguage: 'en-US' });
    const r = await edit.actions.fill();
    expect(r.error!.code).toBe('cell_edit_mode');
    expect(r.error!.message).toBe('A cell is being edited. Press Enter or Esc to finish editing, then try again.');
    const ro = setup(seedWorkbook(), { readOnly: true });
    expect((await ro.actions.fill()).error!.code).toBe('read_only');
    expect(ro.standIn.stats.syncs).toBe(0);
  });
});

describe('a write Excel stops part way', () => {
  test('the message says what was and was not written, and running again repairs it', async () => {
    const snapshot = bigPlan(2000);
    const small = 64 * 1024;
    let writes = 0;
    const standIn = createStandIn(clone(snapshot), {
      displayLanguage: 'en-US',
      onRequest: (r) => {
        if (Object.keys(r.actions).some((a) => a.startsWith('Range.values')) && ++writes === 1) standIn.options.cellEditMode = true; // edit mode, once
      },
    });
    const actions = new PlanActions(envOf(standIn), { maxRequestBytes: small });
    const broken = await actions.fill();
    expect(broken.ok).toBe(false);
    expect(broken.error!.code).toBe('interrupted');
    expect(broken.error!.message).toMatch(/done: .*; not done: /);
    standIn.options.cellEditMode = false;
    const repaired = await actions.fill();
    expect(repaired.ok).toBe(true);
    const clean = setup(snapshot, { displayLanguage: 'en-US' }, small);
    await clean.actions.fill();
    expect(dumpStandIn(standIn)).toEqual(dumpStandIn(clean.standIn));
  });
});

describe('the user keeps their workbook', () => {
  test('risk IDs are written as text, never as formulas', async () => {
    const ids = ['=HYPERLINK("http://example.invalid","x")', "+cmd|' /C calc'!A0", '-1+1', '@SUM(1)'];
    const s = sheet('風險', [
      ['風險編號', '風險項目', '可能性 (L)', '影響程度 (I)', '風險值 (R)', '新增風險對策'],
      ...ids.map((id, k) => [id, `風險${k + 1}`, String((k % 3) + 1), '1', String((k % 3) + 1), '-']),
    ]);
    const { standIn, actions } = setup(workbook(s));
    expect((await actions.generateRiskSheet()).ok).toBe(true);
    const map = standIn.workbook.sheet('風險圖像');
    const texts: string[] = [];
    for (let r = 0; r < 40; r++) {
      for (let c = 0; c < 8; c++) {
        const cell = map.cell(r, c);
        expect([r, c, cell.formula]).toEqual([r, c, null]);
        if (typeof cell.value === 'string') texts.push(cell.value);
      }
    }
    for (const id of ids) expect(texts.join('\n')).toContain(id);
  });

  test('Clear marks restores the fills and takes away only the add-in’s notes', async () => {
    const { standIn, actions } = setup(seedWorkbook());
    const kpi = standIn.workbook.sheet(SHEET_001_KPI);
    const f = await actions.fill();
    expect(f.written.find((w) => w.what === 'marks')).toMatchObject({ sheet: SHEET_001_KPI, count: 2 });
    expect(kpi.cell(8, 3).fill!.toUpperCase()).toBe('#FFEB9C');
    expect(Object.keys(kpi.notes).length).toBe(2);
    const c = await actions.clearMarks();
    expect(c.ok).toBe(true);
    expect(kpi.cell(8, 3).fill).toBeNull();
    expect(kpi.cell(4, 1).fill).toBeNull();
    expect(Object.keys(kpi.notes).length).toBe(0);
    expect(kpi.cell(3, 9).value).toBe('達成率'); // the columns stay
  });

  test('a second Fill replaces the first: the same workbook, the same notes', async () => {
    const { standIn, actions } = setup(seedWorkbook());
    await actions.fill();
    await actions.generateRiskSheet();
    const once = dumpStandIn(standIn);
    const notes = { ...standIn.workbook.sheet(SHEET_001_KPI).notes };
    await actions.fill();
    await actions.generateRiskSheet();
    expect(dumpStandIn(standIn)).toEqual(once);
    expect(standIn.workbook.sheet(SHEET_001_KPI).notes).toEqual(notes);
  });

  test("the user's own fill survives Fill, Fill, Clear marks", async () => {
    const { standIn, actions } = setup(seedWorkbook());
    await standIn.Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem(SHEET_001_KPI).getRange('D9').format.fill.color = '#123456';
      await ctx.sync();
    });
    await actions.fill();
    await actions.fill();
    expect(standIn.workbook.sheet(SHEET_001_KPI).cell(8, 3).fill!.toUpperCase()).toBe('#FFEB9C');
    await actions.clearMarks();
    expect(standIn.workbook.sheet(SHEET_001_KPI).cell(8, 3).fill!.toUpperCase()).toBe('#123456');
  });

  test("a user's comment on a problem cell: the cell is coloured, no note is added, nothing fails", async () => {
    const { standIn, actions } = setup(seedWorkbook());
    await standIn.Excel.run(async (ctx) => {
      ctx.workbook.comments.add(`'${SHEET_001_KPI}'!D9`, '請承辦人確認');
      await ctx.sync();
    });
    const f = await actions.fill();
    expect(f.error).toBeUndefined();
    const kpi = standIn.workbook.sheet(SHEET_001_KPI);
    expect(kpi.cell(8, 3).fill!.toUpperCase()).toBe('#FFEB9C');
    expect(Object.keys(kpi.notes)).toHaveLength(1);
    await actions.clearMarks();
    expect(standIn.workbook.comments.length).toBe(1);
  });
});

describe('older Excel', () => {
  test.each([
    [17, 'notes missing: threaded comments'],
    [9, 'no notes, no comments: fill colour only'],
  ])('ExcelApi 1.%i (%s)', async (minor) => {
    const { standIn, actions } = setup(seedWorkbook(), { excelApi: minor });
    const f = await actions.fill();
    expect(f.error).toBeUndefined();
    const kpi = standIn.workbook.sheet(SHEET_001_KPI);
    expect(kpi.cell(8, 3).fill!.toUpperCase()).toBe('#FFEB9C');
    expect(Object.keys(kpi.notes)).toHaveLength(0);
    expect(standIn.workbook.comments.length).toBe(minor >= 10 ? 2 : 0);
    await actions.clearMarks();
    expect(kpi.cell(8, 3).fill).toBeNull();
    expect(standIn.workbook.comments.length).toBe(0);
  });

  test('ExcelApi 1.7: no merged areas to read, the tables are still found and filled', async () => {
    const { standIn, actions } = setup(seedWorkbook(), { excelApi: 7 });
    const v = await actions.validate();
    expect(v.ok).toBe(true);
    expect(v.report!.tables.map((t) => t.kind)).toEqual(expect.arrayContaining(['indicators', 'budget', 'risks']));
    expect((await actions.generateRiskSheet()).ok).toBe(true);
    expect(standIn.workbook.sheetNames()).toContain('風險圖像');
  });
});

describe('the other actions', () => {
  test('selecting a problem activates its sheet and selects its cell', async () => {
    const { standIn, actions } = setup(seedWorkbook());
    expect(await actions.selectCell(SHEET_000_RISK, 'G18')).toEqual({ ok: true });
    expect(standIn.workbook.activeSheet).toBe(SHEET_000_RISK);
    expect(standIn.workbook.selection).toEqual({ sheet: SHEET_000_RISK, address: 'G18' });
    const bad = await actions.selectCell('不存在', 'A1');
    expect(bad.ok).toBe(false);
    expect(bad.error!.message).not.toMatch(/RichApi/);
  });

  test('New plan workbook inserts the template once and refuses to overwrite', async () => {
    const { standIn, actions } = setup(workbook(sheet('工作表1', [])));
    const r = await actions.newPlanWorkbook();
    expect(r.ok).toBe(true);
    expect(standIn.workbook.sheetNames()).toEqual(['工作表1', '衡量指標', '預算', '風險評估', '使用說明']);
    expect(standIn.workbook.sheet('風險評估').cell(1, 5).value).toBe('現有可能性 (L)');
    expect(standIn.workbook.activeSheet).toBe('衡量指標');
    const again = await actions.newPlanWorkbook();
    expect(again.ok).toBe(false);
    expect(again.error!.code).toBe('sheet_exists');
    expect(again.error!.message).toContain('衡量指標');
  });

  test('settings are kept in the document and used by the next action', async () => {
    const { standIn, actions } = setup(workbook(seed000RiskTable()));
    await actions.saveSettings({ tolerance: 4, bands: actions.settings().bands.map((b) => (b.level === 'low' ? { ...b, color: '00B050' } : b)) });
    expect(JSON.parse(String(standIn.workbook.settings['plancheck.settings'])).bands[0].color).toBe('00B050');
    await actions.generateRiskSheet();
    expect(standIn.workbook.sheet('風險圖像').cell(6, 1).fill!.toUpperCase()).toBe('#00B050');
  });
});
