/**
 * The Office.js host gives the printable sheets in the strict stand-in: the 風險圖像 rows sized for their lines,
 * its page layout (A4 landscape, print area, print titles, footer), the 檢核結果 sheet with a link on every
 * problem's cell, and the achievement status colours. Below ExcelApi 1.9 (no page layout) the sheets are written
 * all the same and the task pane is told what was not set; the round trips do not change.
 */
import { fill as engineFill } from '../../src/engine';
import { STATUS_FILL } from '../../src/engine/sheetText';
import { PlanActions } from '../../src/hosts/office/actions';
import { writtenLines } from '../../src/taskpane/text';
import { seedWorkbook, sheet } from '../fixtures/seedPlans';
import { clone, workbook } from '../helpers';
import { createStandIn, officeEnvOf, type StandInOptions } from '../standin';
import type { WorkbookSnapshot } from '../../src/engine/snapshot';

function setup(snapshot: WorkbookSnapshot, options: StandInOptions = {}) {
  const standIn = createStandIn(clone(snapshot), options);
  return { standIn, actions: new PlanActions(officeEnvOf(standIn)) };
}

describe('printable sheets in Excel', () => {
  test('Fill writes 檢核結果 with a link that selects each problem cell; Generate risk sheet lays the map out for print', async () => {
    const { standIn, actions } = setup(seedWorkbook());
    const filled = await actions.fill();
    expect(filled.ok).toBe(true);
    expect(filled.written.some((w) => w.what === 'findings' && w.sheet === '檢核結果')).toBe(true);
    const findings = standIn.workbook.sheet('檢核結果');
    const report = filled.report!;
    const links: { row: number; col: number; to: string; shown: unknown }[] = [];
    for (const [r, row] of findings.cells) for (const [c, cell] of row) if (cell.hyperlink) links.push({ row: r, col: c, to: cell.hyperlink.documentReference!, shown: cell.value });
    for (const i of report.issues.filter((x) => x.cell)) {
      const to = `'${i.sheet.replace(/'/g, "''")}'!${i.cell}`;
      expect(links.some((l) => l.to === to && l.shown === i.cell)).toBe(true);
    }
    // Every problem's message and code is on the sheet.
    const texts = [...findings.cells.values()].flatMap((row) => [...row.values()].map((c) => c.value));
    for (const i of report.issues) {
      expect(texts).toContain(i.message);
      expect(texts).toContain(i.code);
    }
    expect(findings.pageLayout.orientation).toBe('Landscape');
    expect(findings.pageLayout.paperSize).toBe('A4');
    expect(findings.pageLayout.zoom).toEqual({ horizontalFitToPages: 1, verticalFitToPages: 0 });
    expect(findings.pageLayout.printTitleRows).toMatch(/^\d+:\d+$/);
    expect(findings.pageLayout.footers.centerFooter).toBe('&A - &P');

    // 未達成 and 無法計算 stand out beside the indicator tables.
    const unknownFill = '#' + STATUS_FILL.unknown;
    const statusCells = standIn.workbook.list.flatMap((s) => [...s.cells.values()].flatMap((row) => [...row.values()])).filter((c) => c.value === '無法計算');
    expect(statusCells.length).toBeGreaterThan(0);
    for (const c of statusCells) expect(c.fill?.toUpperCase()).toBe(unknownFill);

    const generated = await actions.generateRiskSheet();
    expect(generated.ok).toBe(true);
    const map = standIn.workbook.sheet('風險圖像');
    const { plan } = engineFill(seedWorkbook(), { lang: 'zh-TW' });
    const planned = plan.sheets.find((s) => s.sheet === '風險圖像')!;
    expect(planned.rowHeights!.length).toBeGreaterThan(0);
    for (const h of planned.rowHeights!) expect([h.row, map.rowHeights[h.row]]).toEqual([h.row, h.height]);
    expect(map.pageLayout.orientation).toBe('Landscape');
    expect(map.pageLayout.printArea).toBe(`A1:F${planned.pageSetup!.printArea.bottom + 1}`);
    expect(map.pageLayout.printTitleRows).toBe('1:2');
    // The example fits one page.
    expect(map.pageLayout.zoom).toEqual({ horizontalFitToPages: 1, verticalFitToPages: 1 });
    // Replaced, not added again: one findings sheet after a second Fill.
    expect((await actions.fill()).ok).toBe(true);
    expect(standIn.workbook.sheetNames().filter((n) => n.startsWith('檢核結果'))).toEqual(['檢核結果']);
    expect(standIn.workbook.sheetNames().filter((n) => n.startsWith('風險圖像'))).toEqual(['風險圖像']);
  });

  test('a map on several pages: a scale and page breaks between its blocks', async () => {
    const rows: (string | null)[][] = [['風險項目', '可能性 (L)', '影響程度 (I)', '風險值 (R)', '新增風險對策']];
    for (let k = 1; k <= 60; k++) rows.push([`R${k} 很長的風險名稱，說明風險的情境與可能造成的影響，第 ${k} 項`, '3', '3', '9', '加強控管']);
    const { standIn, actions } = setup(workbook(sheet('風險', rows)));
    expect((await actions.generateRiskSheet()).ok).toBe(true);
    const map = standIn.workbook.sheet('風險圖像');
    expect(map.pageLayout.zoom.scale).toBeGreaterThanOrEqual(10);
    expect(map.pageLayout.zoom.horizontalFitToPages).toBeUndefined();
    expect(map.rowBreaks.length).toBeGreaterThan(0);
  });

  test('English: the findings sheet is written in the run language', async () => {
    const { standIn, actions } = setup(seedWorkbook(), { displayLanguage: 'en-US' });
    expect((await actions.fill()).ok).toBe(true);
    const texts = [...standIn.workbook.sheet('Findings').cells.values()].flatMap((row) => [...row.values()].map((c) => c.value));
    expect(texts).toContain('Findings');
    expect(texts).toContain('Problems');
  });

  test('ExcelApi 1.8 (no page layout): the sheets are written, the task pane says what was not set, no more round trips', async () => {
    const modern = setup(seedWorkbook());
    const old = setup(seedWorkbook(), { excelApi: 8 });
    const a = await modern.actions.fill();
    const b = await old.actions.fill();
    expect(b.ok).toBe(true);
    // (ExcelApi 1.8 has no notes or comments either: fewer reads before the write, never more round trips.)
    expect(b.syncs).toBeLessThanOrEqual(a.syncs);
    const findings = old.standIn.workbook.sheet('檢核結果');
    expect(findings.pageLayout.orientation).toBe('Portrait');
    // Links and row heights need no more than ExcelApi 1.7.
    expect([...findings.cells.values()].some((row) => [...row.values()].some((c) => c.hyperlink))).toBe(true);
    expect(Object.keys(findings.rowHeights).length).toBeGreaterThan(0);
    expect(b.written).toContainEqual({ what: 'notSet', sheet: '檢核結果' });
    expect(a.written.some((w) => w.what === 'notSet')).toBe(false);
    const lines = writtenLines(b.written, b.report, 'zh-TW');
    expect(lines.some((l) => l.includes('ExcelApi 1.9') && l.includes('檢核結果'))).toBe(true);
    const g = await old.actions.generateRiskSheet();
    expect(g.ok).toBe(true);
    expect(g.written).toContainEqual({ what: 'notSet', sheet: '風險圖像' });
  });

  test('the stand-in is strict about page layout: nothing read before a sync, nothing above the ExcelApi version', async () => {
    const s = createStandIn(clone(seedWorkbook()));
    await s.Excel.run(async (context: Excel.RequestContext) => {
      const ws = context.workbook.worksheets.getItem('107關鍵績效指標');
      const pl = ws.pageLayout;
      expect(() => pl.orientation).toThrow(/PropertyNotLoaded|not available/);
      const range = ws.getRange('A1');
      expect(() => range.format.rowHeight).toThrow(/not available/);
      expect(() => range.hyperlink).toThrow(/not available/);
      pl.load('orientation');
      range.format.load('rowHeight');
      await context.sync();
      expect(pl.orientation).toBe('Portrait');
      expect(range.format.rowHeight).toBe(15);
      // Not a place in this workbook: refused at the sync.
      range.hyperlink = { documentReference: "'No such sheet'!A1" };
      await expect(context.sync()).rejects.toMatchObject({ code: 'InvalidArgument' });
    });
    const old = createStandIn(clone(seedWorkbook()), { excelApi: 8 });
    await old.Excel.run(async (context: Excel.RequestContext) => {
      const ws = context.workbook.worksheets.getItem('107關鍵績效指標');
      expect(() => ws.pageLayout).toThrow(/ExcelApi 1.9/);
      expect(() => ws.horizontalPageBreaks).toThrow(/ExcelApi 1.9/);
      await context.sync();
    });
  });

  test('a protected workbook structure: Fill writes its columns and marks, leaves the findings sheet out and says so', async () => {
    const { standIn, actions } = setup(seedWorkbook(), { workbookProtected: true });
    // The meta sheet must exist for a write into a protected structure: a first Fill made it (before protection).
    standIn.workbook.protected = false;
    expect((await actions.generateRiskSheet()).ok).toBe(true);
    standIn.workbook.protected = true;
    const r = await actions.fill();
    expect(r.ok).toBe(true);
    expect(r.written).toContainEqual({ what: 'findingsSkipped', sheet: '' });
    expect(standIn.workbook.sheetNames()).not.toContain('檢核結果');
    expect(writtenLines(r.written, r.report, 'zh-TW').some((l) => l.includes('檢核結果工作表未寫入'))).toBe(true);
  });
});
