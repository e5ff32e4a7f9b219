/**
 * The task pane in a real headless Chromium-family browser (CHROME_PATH, or Chromium, Chrome or Edge where Linux,
 * macOS or Windows put them: findBrowser.ts; driven by playwright-core; never a browser download), with the strict
 * Excel stand-in served in place of office.js.
 *
 * - The page is the production build (dist-web/, `npm run build:web`) served from 127.0.0.1; the stand-in is
 *   dist-test/standin.js (`npm run build:standin`). `npm test` builds both first (pretest).
 * - Every request that is not to 127.0.0.1/localhost is aborted and recorded: the add-in makes none (the office.js
 *   CDN URL is answered with the stand-in). Console errors, page errors and CSP violations fail the test.
 * - What the page shows is checked against what the Office host returns for the same workbook in Node (the same
 *   PlanActions over the same stand-in), and what it writes is checked in the stand-in's model.
 * - Screenshots: test-output/taskpane-zh-TW.png, test-output/taskpane-en.png, and docs/taskpane.png (zh-TW).
 * - The server, the browser and the page setup (stand-in, request blocking, CSP record) are page.ts's.
 */
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import type { Page } from 'playwright-core';
import type { WorkbookSnapshot } from '../../src/engine/snapshot';
import { SWATCHES, UI_TEXT } from '../../src/engine/uiText';
import { levelName } from '../../src/engine/messages';
import { PlanActions, type ActionResult, type OfficeEnv } from '../../src/hosts/office/actions';
import { userError } from '../../src/hosts/office/errors';
import { stepText, writtenLines, type ActionKey } from '../../src/taskpane/text';
import { SHEET_000_PLAN, SHEET_000_RISK, SHEET_001_KPI, SHEET_002_BUDGET, SHEET_002_TARGET, seed000RiskTable, seedWorkbook } from '../fixtures/seedPlans';
import { clone, setCell } from '../helpers';
import { createStandIn, type StandIn, officeEnvOf } from '../standin';
import { NOTHING_WRONG, openSettings, settingsOpened, runAction, OFFICE_JS, axeViolations, ROOT, STANDIN_JS, WEB_DIR, closePane, openPane, startPane, type Fixture, type Opened, type Pane } from './page';

jest.setTimeout(60_000);

const OUTPUT_DIR = path.join(ROOT, 'test-output');
const DOCS_SCREENSHOT = path.join(ROOT, 'docs', 'taskpane.png');
const XSS_RISK = '<img src=x onerror="window.__xss=1">';
const XSS_SHEET = '<img src=x onerror=__xss=2>';

// ---------------------------------------------------------------------------------------------------------------
// The server, the browser, a page per test (page.ts)
// ---------------------------------------------------------------------------------------------------------------

let pane: Pane;
let origin = '';

function httpGet(url: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

beforeAll(async () => {
  pane = await startPane();
  origin = pane.origin;
  fs.mkdirSync(OUTPUT_DIR, { recursive: true });
}, 60_000);

afterAll(async () => {
  await pane?.stop();
});

let current: Opened | null = null;

function fixture(lang: 'zh-TW' | 'en-US', snapshot: WorkbookSnapshot = seedWorkbook()): Fixture {
  return { snapshot, options: { displayLanguage: lang } };
}

/** A fresh context and page with the task pane loaded over the fixture's workbook. */
async function open(f: Fixture): Promise<Page> {
  current = await openPane(pane, f);
  return current.page;
}

afterEach(async () => {
  const o = current;
  current = null;
  if (!o) return;
  expect(await closePane(o)).toEqual(NOTHING_WRONG);
});

// ---------------------------------------------------------------------------------------------------------------
// Page helpers
// ---------------------------------------------------------------------------------------------------------------

/** Everything in the stand-in's model that an action could change: cells (values and formats), merges, sheets, notes, comments, settings, the active sheet. */
function dumpModel(page: Page): Promise<string> {
  return page.evaluate(() => {
    const wb = (window as any).__standIn.workbook;
    const sheets = wb.sheetNames().map((name: string) => {
      const s = wb.sheet(name);
      const cells: Record<string, unknown> = {};
      s.eachCell({ top: 0, left: 0, bottom: 1048575, right: 16383 }, (cell: any, r: number, c: number) => {
        if (cell.hasContent || cell.hasFormat) cells[`${r},${c}`] = cell;
      });
      return { name, visibility: s.visibility, protected: s.protected, merges: s.merges, cells, notes: s.notes, comments: s.comments, widths: s.columnWidths };
    });
    return JSON.stringify({ sheets, settings: wb.settings, active: wb.activeSheet, snapshot: wb.toSnapshot() });
  });
}

/** A cell of the model (0-based), without creating it. */
function cellOf(page: Page, sheet: string, row: number, col: number): Promise<{ value: unknown; formula: unknown; fill: string | null } | null> {
  return page.evaluate(
    ({ sheet, row, col }) => {
      const c = (window as any).__standIn.workbook.sheet(sheet).peek(row, col);
      return c ? { value: c.value, formula: c.formula, fill: c.fill } : null;
    },
    { sheet, row, col },
  );
}

function problems(page: Page): Promise<{ sheet: string | null; cell: string | null; code: string | null; severity: string | null; text: string; tag: string }[]> {
  return page.$$eval('[data-testid="problem"]', (els) =>
    els.map((e) => ({
      sheet: e.getAttribute('data-sheet'),
      cell: e.getAttribute('data-cell'),
      code: e.getAttribute('data-code'),
      severity: e.getAttribute('data-severity'),
      text: (e as HTMLElement).innerText,
      tag: e.tagName,
    })),
  );
}

function resultMessage(page: Page): Promise<{ intent: string | null; action: string | null; text: string }> {
  return page.$eval('[data-testid="result-message"]', (e) => ({
    intent: e.getAttribute('data-intent'),
    action: e.getAttribute('data-action'),
    text: (e as HTMLElement).innerText,
  }));
}

function buttonsDisabled(page: Page): Promise<boolean[]> {
  return page.$$eval('[data-testid^="action-"]', (els) => els.map((e) => (e as HTMLButtonElement).disabled));
}

// ---------------------------------------------------------------------------------------------------------------
// The oracle: the same Office host in Node over the same workbook
// ---------------------------------------------------------------------------------------------------------------

const envOf = officeEnvOf;

async function oracle(f: Fixture, ...actions: ActionKey[]): Promise<ActionResult[]> {
  const s = createStandIn(clone(f.snapshot), f.options);
  const a = new PlanActions(envOf(s));
  const out: ActionResult[] = [];
  for (const k of actions) {
    if (k === 'validate') out.push(await a.validate());
    else if (k === 'fill') out.push(await a.fill());
    else if (k === 'generate') out.push(await a.generateRiskSheet());
    else if (k === 'clear') out.push(await a.clearMarks());
    else out.push(await a.newPlanWorkbook());
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------------------------------------------

describe('task pane (zh-TW, seed workbook)', () => {
  test('Validate: the 7 tables, the seed problems, the message; the workbook is unchanged; screenshot', async () => {
    const f = fixture('zh-TW');
    const page = await open(f);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-TW');
    expect(await page.textContent('[data-testid="action-validate"]')).toBe(UI_TEXT.validate['zh-TW']);
    // Nothing to show before the first run.
    expect(await page.$('[data-testid="result-message"]')).toBeNull();
    expect(await page.$('[data-testid="problem"]')).toBeNull();

    const before = await dumpModel(page);
    await runAction(page, 'validate');
    expect(await dumpModel(page)).toBe(before);

    const [expected] = await oracle(f, 'validate');
    const report = expected.report!;
    expect(report.tables).toHaveLength(7);
    const tables = await page.$$eval('[data-testid="tables"] > li', (els) =>
      els.map((e) => ({ sheet: e.getAttribute('data-sheet'), kind: e.getAttribute('data-kind'), range: e.getAttribute('data-range') })),
    );
    expect(await page.getAttribute('[data-testid="tables"]', 'data-count')).toBe('7');
    expect(tables).toEqual(report.tables.map((t) => ({ sheet: t.sheet, kind: t.kind, range: t.range })));

    const shown = await problems(page);
    expect(shown.map((p) => [p.severity, p.code, p.sheet, p.cell]).sort()).toEqual(
      [
        ['info', 'BUD_REPEATED_AMOUNT', SHEET_000_PLAN, 'D8'],
        ['warning', 'IND_GOAL_WEIGHT_TOTAL', SHEET_001_KPI, 'B5'],
        ['warning', 'NUMBERING_GAP', SHEET_001_KPI, 'D9'],
      ].sort(),
    );
    for (const issue of report.issues) {
      const p = shown.find((x) => x.code === issue.code)!;
      expect(p.text).toContain(issue.message);
      expect(p.text).toContain(issue.cell);
      expect(p.tag).toBe('BUTTON');
    }
    expect(await page.getAttribute('[data-testid="filter-warning"]', 'aria-pressed')).toBe('true');
    expect(await page.textContent('[data-testid="filter-warning"]')).toContain('2');
    expect(await page.textContent('[data-testid="filter-info"]')).toContain('1');

    const msg = await resultMessage(page);
    expect(msg).toMatchObject({ action: 'validate', intent: 'warning' });
    expect(msg.text).toContain(UI_TEXT.doneValidate['zh-TW']);
    expect(msg.text).toContain(UI_TEXT.validateUnchanged['zh-TW']);
    expect(msg.text).toContain(UI_TEXT.foundCounts['zh-TW'](0, 2, 1));
    expect(await page.getAttribute('[data-testid="status"]', 'data-step')).toBe('done');
    expect(await page.textContent('[data-testid="status"]')).toBe(stepText('done', 'zh-TW'));
    // The summary counts.
    const counts = await page.$$eval('[data-testid="summary-counts"] > li', (els) => els.map((e) => [e.getAttribute('data-severity'), e.getAttribute('data-count')]));
    expect(counts).toEqual([
      ['error', '0'],
      ['warning', '2'],
      ['info', '1'],
    ]);

    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    const png = path.join(OUTPUT_DIR, 'taskpane-zh-TW.png');
    await page.screenshot({ path: png, fullPage: true });
    fs.mkdirSync(path.dirname(DOCS_SCREENSHOT), { recursive: true });
    fs.copyFileSync(png, DOCS_SCREENSHOT);
    expect(fs.statSync(png).size).toBeGreaterThan(10_000);
  });

  test('a problem selects its cell: by click, and by keyboard (Enter)', async () => {
    const page = await open(fixture('zh-TW'));
    await runAction(page, 'validate');
    const gap = '[data-testid="problem"][data-code="NUMBERING_GAP"]';
    const activeAndSelection = () =>
      page.evaluate(() => {
        const wb = (window as any).__standIn.workbook;
        return { active: wb.activeSheet as string, selection: wb.selection as { sheet: string; address: string } };
      });
    expect((await activeAndSelection()).active).toBe(SHEET_000_PLAN);

    await page.click(gap);
    await page.waitForFunction((sheet) => (window as any).__standIn.workbook.activeSheet === sheet, SHEET_001_KPI);
    expect(await activeAndSelection()).toEqual({ active: SHEET_001_KPI, selection: { sheet: SHEET_001_KPI, address: 'D9' } });

    // Back to another sheet, then the keyboard.
    await page.evaluate((sheet) => ((window as any).__standIn.workbook.activeSheet = sheet), SHEET_000_RISK);
    expect(await activeAndSelection()).toEqual({ active: SHEET_000_RISK, selection: { sheet: SHEET_000_RISK, address: 'A1' } });
    await page.focus(gap);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-code'))).toBe('NUMBERING_GAP');
    await page.keyboard.press('Enter');
    await page.waitForFunction((sheet) => (window as any).__standIn.workbook.activeSheet === sheet, SHEET_001_KPI);
    expect(await activeAndSelection()).toEqual({ active: SHEET_001_KPI, selection: { sheet: SHEET_001_KPI, address: 'D9' } });

    // And Space on another problem.
    await page.focus('[data-testid="problem"][data-code="BUD_REPEATED_AMOUNT"]');
    await page.keyboard.press('Space');
    await page.waitForFunction((sheet) => (window as any).__standIn.workbook.activeSheet === sheet, SHEET_000_PLAN);
    expect(await activeAndSelection()).toEqual({ active: SHEET_000_PLAN, selection: { sheet: SHEET_000_PLAN, address: 'D8' } });
    expect(await page.$('[data-testid="select-error"]')).toBeNull();
  });

  test('the severity filter hides and shows the warnings', async () => {
    const page = await open(fixture('zh-TW'));
    await runAction(page, 'validate');
    const bySeverity = async () => {
      const p = await problems(page);
      return { warning: p.filter((x) => x.severity === 'warning').length, info: p.filter((x) => x.severity === 'info').length };
    };
    expect(await bySeverity()).toEqual({ warning: 2, info: 1 });

    await page.click('[data-testid="filter-warning"]');
    await page.waitForFunction(() => !document.querySelector('[data-testid="problem"][data-severity="warning"]'));
    expect(await page.getAttribute('[data-testid="filter-warning"]', 'aria-pressed')).toBe('false');
    expect(await bySeverity()).toEqual({ warning: 0, info: 1 });

    // Both off: the "nothing shown" line.
    await page.click('[data-testid="filter-info"]');
    await page.waitForSelector('[data-testid="no-problems"]');
    expect(await page.textContent('[data-testid="no-problems"]')).toBe(UI_TEXT.noProblemsFiltered['zh-TW']);
    await page.click('[data-testid="filter-info"]');

    await page.click('[data-testid="filter-warning"]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="problem"][data-severity="warning"]').length === 2);
    expect(await page.getAttribute('[data-testid="filter-warning"]', 'aria-pressed')).toBe('true');
    expect(await bySeverity()).toEqual({ warning: 2, info: 1 });
  });

  test('while an action runs, the buttons are disabled and the status shows the step', async () => {
    const page = await open(fixture('zh-TW'));
    await page.evaluate(() => ((window as any).__standInDelay = 300));
    expect(await buttonsDisabled(page)).toEqual([false, false, false, false, false]);

    await page.click('[data-testid="action-fill"]');
    await page.waitForSelector('[data-testid="status"][data-running="true"]');
    expect(await buttonsDisabled(page)).toEqual([true, true, true, true, true]);
    expect(await page.$('[data-testid="result-message"]')).toBeNull();

    // A later step, still running: the words of that step, the buttons still disabled.
    await page.waitForSelector('[data-testid="status"][data-running="true"][data-step="writing"]');
    expect(await page.textContent('[data-testid="status"]')).toBe(stepText('writing', 'zh-TW'));
    expect(await buttonsDisabled(page)).toEqual([true, true, true, true, true]);
    // A click on a disabled button starts nothing.
    await page.click('[data-testid="action-validate"]', { force: true });

    await page.waitForSelector('[data-testid="status"][data-running="false"]', { timeout: 30_000 });
    expect(await page.getAttribute('[data-testid="status"]', 'data-step')).toBe('done');
    expect(await buttonsDisabled(page)).toEqual([false, false, false, false, false]);
    expect((await resultMessage(page)).action).toBe('fill');
    expect(await page.evaluate(() => (window as any).__standInRuns)).toBe(1);
    // The keyboard focus is back on the button that ran.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('action-fill');
  });

  test('Fill in results: the message names the columns and the 2 marked cells; the model has them', async () => {
    const f = fixture('zh-TW');
    const page = await open(f);
    await runAction(page, 'fill');
    const [expected] = await oracle(f, 'fill');
    const msg = await resultMessage(page);
    expect(msg.intent).toBe('warning');
    expect(msg.text).toContain(UI_TEXT.doneFill['zh-TW']);
    for (const line of writtenLines(expected.written, expected.report, 'zh-TW')) expect(msg.text).toContain(line);
    expect(msg.text).toContain(UI_TEXT.writtenColumnsAchievement['zh-TW'](SHEET_001_KPI, 'J3:L10'));
    expect(msg.text).toContain(UI_TEXT.writtenMarks['zh-TW'](SHEET_001_KPI, 2));

    expect((await cellOf(page, SHEET_001_KPI, 3, 9))?.value).toBe('達成率'); // J4
    expect((await cellOf(page, SHEET_001_KPI, 8, 3))?.fill?.toUpperCase()).toBe('#FFEB9C'); // D9
    // The report is shown too.
    expect((await problems(page)).length).toBe(3);
  });

  test('Generate risk sheet: 風險圖像, active, P1 in the bottom-left cell of the grid', async () => {
    const page = await open(fixture('zh-TW'));
    await runAction(page, 'generate');
    const msg = await resultMessage(page);
    expect(msg.intent).toBe('warning');
    expect(msg.text).toContain(UI_TEXT.writtenMap['zh-TW']('風險圖像'));
    expect(await page.evaluate(() => (window as any).__standIn.workbook.hasSheet('風險圖像'))).toBe(true);
    expect(await page.evaluate(() => (window as any).__standIn.workbook.activeSheet)).toBe('風險圖像');
    expect((await cellOf(page, '風險圖像', 6, 1))?.value).toBe('P1\nR=1');
    expect((await cellOf(page, '風險圖像', 6, 1))?.formula).toBeNull();
  });

  test('Clear marks: D9 has no fill again, the columns stay', async () => {
    const page = await open(fixture('zh-TW'));
    await runAction(page, 'fill');
    expect((await cellOf(page, SHEET_001_KPI, 8, 3))?.fill?.toUpperCase()).toBe('#FFEB9C');
    await runAction(page, 'clear');
    const msg = await resultMessage(page);
    expect(msg.text).toContain(UI_TEXT.doneClear['zh-TW']);
    expect(msg.text).toContain(UI_TEXT.writtenUnmarked['zh-TW'](SHEET_001_KPI, 2));
    expect((await cellOf(page, SHEET_001_KPI, 8, 3))?.fill ?? null).toBeNull();
    expect((await cellOf(page, SHEET_001_KPI, 3, 9))?.value).toBe('達成率');
    expect(await page.evaluate((s) => Object.keys((window as any).__standIn.workbook.sheet(s).notes).length, SHEET_001_KPI)).toBe(0);
  });

  test('New plan workbook: inserted once; a second click is refused (sheet_exists)', async () => {
    const page = await open(fixture('zh-TW'));
    await runAction(page, 'validate');
    await runAction(page, 'template');
    let msg = await resultMessage(page);
    expect(msg.intent).toBe('success');
    const names: string[] = await page.evaluate(() => (window as any).__standIn.workbook.sheetNames());
    const inserted = ['衡量指標', '預算', '風險評估', '使用說明'];
    expect(names).toEqual(expect.arrayContaining(inserted));
    expect(msg.text).toContain(UI_TEXT.writtenTemplate['zh-TW'](inserted));
    expect(await page.evaluate(() => (window as any).__standIn.workbook.activeSheet)).toBe('衡量指標');
    // The old report is gone: its cells may no longer hold what it says.
    expect(await page.$('[data-testid="problem"]')).toBeNull();

    const before = await dumpModel(page);
    await runAction(page, 'template');
    msg = await resultMessage(page);
    expect(msg.intent).toBe('error');
    expect(msg.text).toContain(UI_TEXT.failedTemplate['zh-TW']);
    expect(msg.text).toContain(userError('sheet_exists', 'zh-TW', inserted.join('、')).message);
    expect(await dumpModel(page)).toBe(before);
    expect(await page.getAttribute('[data-testid="status"]', 'data-step')).toBe('');
  });

  test('a protected sheet: an error naming it, no RichApi text, nothing written', async () => {
    const page = await open(fixture('zh-TW'));
    await page.evaluate((s) => ((window as any).__standIn.workbook.sheet(s).protected = true), SHEET_001_KPI);
    const before = await dumpModel(page);
    await runAction(page, 'fill');
    const msg = await resultMessage(page);
    expect(msg.intent).toBe('error');
    expect(msg.text).toContain(UI_TEXT.failedFill['zh-TW']);
    expect(msg.text).toContain(SHEET_001_KPI);
    expect(msg.text).toContain(userError('protected_sheet', 'zh-TW', SHEET_001_KPI).message);
    expect(msg.text).not.toMatch(/RichApi|AccessDenied|SheetProtected/);
    expect(await dumpModel(page)).toBe(before);
    expect(await buttonsDisabled(page)).toEqual([false, false, false, false, false]);
  });

  test('XSS: a risk name and a sheet name with HTML are shown as text, never run', async () => {
    const snapshot = seedWorkbook();
    setCell(snapshot.sheets.find((s) => s.name === SHEET_000_RISK)!, 'B18', XSS_RISK);
    snapshot.sheets.find((s) => s.name === SHEET_002_TARGET)!.name = XSS_SHEET;
    expect(seed000RiskTable().rows[17][1]).toMatch(/^P1 /); // the cell replaced is the risk name
    const page = await open(fixture('zh-TW', snapshot));

    await runAction(page, 'validate');
    const tables = await page.$$eval('[data-testid="tables"] > li', (els) => els.map((e) => ({ sheet: e.getAttribute('data-sheet'), text: (e as HTMLElement).innerText })));
    const row = tables.find((t) => t.sheet === XSS_SHEET);
    expect(row).toBeDefined();
    expect(row!.text).toContain(XSS_SHEET); // shown literally

    await runAction(page, 'generate');
    expect((await resultMessage(page)).intent).not.toBe('error');
    await runAction(page, 'fill');
    expect((await resultMessage(page)).text).toContain(XSS_SHEET);

    const seen = await page.evaluate((payload) => {
      const w = window as any;
      const texts: string[] = [];
      const formulas: unknown[] = [];
      const map = w.__standIn.workbook.sheet('風險圖像');
      map.eachCell({ top: 0, left: 0, bottom: 200, right: 50 }, (c: any) => {
        if (typeof c.value === 'string') texts.push(c.value);
        if (c.formula !== null) formulas.push(c.formula);
      });
      return {
        xss: w.__xss,
        injected: document.querySelectorAll('#root img').length,
        bodyHasLiteral: document.body.innerText.includes(payload),
        mapHasName: texts.some((t) => t.includes(payload)),
        mapFormulas: formulas.length,
        registerKeepsName: (() => {
          const c = w.__standIn.workbook.sheet('伍 整體風險管理').cell(17, 1);
          return c.value === payload && c.formula === null;
        })(),
      };
    }, XSS_RISK);
    expect(seen.xss).toBeUndefined();
    expect(seen.injected).toBe(0);
    // The map's risk list writes the name as text, never a formula.
    expect(seen.mapHasName).toBe(true);
    expect(seen.mapFormulas).toBe(0);
    expect(seen.registerKeepsName).toBe(true); // the user's cell is untouched: text, no formula
    // Whatever the pane shows of them is text: escaped in the markup, never an element.
    const html = await page.$eval('#root', (e) => e.innerHTML);
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain('&lt;img src=x onerror=__xss=2&gt;');
    if (html.includes('window.__xss=1')) expect(seen.bodyHasLiteral).toBe(true);
  });
});

describe('task pane (en-US)', () => {
  test('English labels and English problem messages; screenshot', async () => {
    const f = fixture('en-US');
    const page = await open(f);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    const labels = await page.$$eval('[data-testid^="action-"]', (els) => els.map((e) => (e as HTMLElement).innerText.trim()));
    expect(labels).toEqual([UI_TEXT.validate.en, UI_TEXT.fill.en, UI_TEXT.generate.en, UI_TEXT.clear.en, UI_TEXT.template.en]);
    expect(labels[0]).toBe('Validate plan');
    expect(await page.textContent('h1')).toBe(UI_TEXT.title.en);

    await runAction(page, 'validate');
    const [expected] = await oracle(f, 'validate');
    const shown = await problems(page);
    expect(shown).toHaveLength(3);
    for (const issue of expected.report!.issues) {
      const p = shown.find((x) => x.code === issue.code)!;
      expect(p.text).toContain(issue.message);
      expect(p.text).toContain(UI_TEXT.problemCell.en(issue.cell));
    }
    // The messages are English: no CJK outside the quoted sheet names and cell texts.
    const zh = await oracle(fixture('zh-TW'), 'validate');
    for (const issue of zh[0].report!.issues) expect(shown.map((p) => p.text).join('\n')).not.toContain(issue.message);
    const msg = await resultMessage(page);
    expect(msg.text).toContain(UI_TEXT.doneValidate.en);
    expect(msg.text).toContain(UI_TEXT.foundCounts.en(0, 2, 1));
    expect(await page.textContent('[data-testid="status"]')).toBe(stepText('done', 'en'));

    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    await page.screenshot({ path: path.join(OUTPUT_DIR, 'taskpane-en.png'), fullPage: true });
  });

  test('English error message for a protected sheet', async () => {
    const page = await open(fixture('en-US'));
    await page.evaluate((s) => ((window as any).__standIn.workbook.sheet(s).protected = true), SHEET_001_KPI);
    await runAction(page, 'fill');
    const msg = await resultMessage(page);
    expect(msg.intent).toBe('error');
    expect(msg.text).toContain(userError('protected_sheet', 'en', SHEET_001_KPI).message);
  });
});

describe('the served page', () => {
  test('taskpane.html has a Content-Security-Policy meta without unsafe-eval; the page runs under it', async () => {
    const res = await httpGet(`${origin}/taskpane.html`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    const meta = /<meta\s+http-equiv=["']?Content-Security-Policy["']?\s+content=("([^"]*)"|'([^']*)')/i.exec(res.body);
    expect(meta).not.toBeNull();
    const csp = meta![2] ?? meta![3];
    expect(csp).not.toContain('unsafe-eval');
    const scriptSrc = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src'));
    expect(scriptSrc).toBeDefined();
    expect(scriptSrc).not.toContain('unsafe-inline');
    expect(scriptSrc).toContain('https://appsforoffice.microsoft.com');
    expect(res.body).toContain(OFFICE_JS);
    // office.js comes before the bundle.
    expect(res.body.indexOf(OFFICE_JS)).toBeLessThan(res.body.indexOf('taskpane.js'));

    const page = await open(fixture('zh-TW'));
    expect(await page.$eval('meta[http-equiv="Content-Security-Policy"]', (e) => e.getAttribute('content'))).toBe(csp);
    await runAction(page, 'validate');
    // The bundles hold no eval.
    for (const f of [path.join(WEB_DIR, 'taskpane.js'), STANDIN_JS]) expect(fs.readFileSync(f, 'utf8')).not.toMatch(/\beval\(/);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// What happened, at a glance; colours by swatch; keyboard and screen readers
// ---------------------------------------------------------------------------------------------------------------

/** The seed plans with a budget row that does not add up: errors. */
function errorsWorkbook(): WorkbookSnapshot {
  const snapshot = seedWorkbook();
  setCell(snapshot.sheets.find((s) => s.name === SHEET_002_BUDGET)!, 'D4', '中央：0\n本府：1,455\n合計：1,545');
  return snapshot;
}

/** The seed plans without the KPI sheet (where both warnings are): all clear. */
function clearWorkbook(): WorkbookSnapshot {
  const snapshot = seedWorkbook();
  snapshot.sheets = snapshot.sheets.filter((s) => s.name !== SHEET_001_KPI);
  return snapshot;
}

/** axe-core's violations on the page as it is (WCAG 2.1 A/AA and best practices): rule, impact and the elements. */
describe('the message bar tells errors, warnings only and all clear apart', () => {
  test('errors / warnings only / all clear: intent, counts in the title, advice, and a different look', async () => {
    const cases = [
      { name: 'errors', snapshot: errorsWorkbook(), intent: 'error' },
      { name: 'warnings', snapshot: seedWorkbook(), intent: 'warning' },
      { name: 'clear', snapshot: clearWorkbook(), intent: 'success' },
    ];
    const looks: string[] = [];
    for (const c of cases) {
      const f = fixture('zh-TW', c.snapshot);
      const [expected] = await oracle(f, 'validate');
      const s = expected.report!.summary;
      // The fixtures are what they say.
      expect({ name: c.name, errors: s.errors > 0, warnings: s.warnings > 0 }).toEqual({ name: c.name, errors: c.name === 'errors', warnings: c.name !== 'clear' });
      const page = await open(f);
      await runAction(page, 'validate');
      const bar = page.locator('[data-testid="result-message"]');
      expect(await bar.getAttribute('data-intent')).toBe(c.intent);
      expect(await bar.getAttribute('data-outcome')).toBe(c.name);
      const title = UI_TEXT.titleCounts['zh-TW'](UI_TEXT.doneValidate['zh-TW'], s.errors, s.warnings);
      expect(await bar.innerText()).toContain(title);
      const advice = c.name === 'errors' ? UI_TEXT.adviceErrors : c.name === 'warnings' ? UI_TEXT.adviceWarnings : UI_TEXT.adviceClear;
      expect(await bar.innerText()).toContain(advice['zh-TW']);
      // The screen reader hears the title, and errors at once.
      expect(await bar.ariaSnapshot()).toContain(title);
      looks.push(await bar.evaluate((e) => getComputedStyle(e).backgroundColor));
      await page.screenshot({ path: path.join(OUTPUT_DIR, `taskpane-outcome-${c.name}.png`), fullPage: false });
      const o = current!;
      current = null;
      expect(await closePane(o)).toEqual(NOTHING_WRONG);
    }
    expect(new Set(looks).size).toBe(3);
    expect(UI_TEXT.titleCounts['zh-TW']('檢核完成', 5, 0)).toBe('檢核完成：5 個錯誤、0 個警告');
    expect(UI_TEXT.titleCounts.en('Plan checked', 1, 1)).toBe('Plan checked: 1 error, 1 warning');
    expect(UI_TEXT.titleCounts.en('Plan checked', 0, 0)).toBe('Plan checked: no errors or warnings');
  });

  test('English: the title counts with plurals', async () => {
    const f = fixture('en-US', errorsWorkbook());
    const [expected] = await oracle(f, 'validate');
    const s = expected.report!.summary;
    const page = await open(f);
    await runAction(page, 'validate');
    const msg = await resultMessage(page);
    expect(msg.intent).toBe('error');
    expect(msg.text).toContain(UI_TEXT.titleCounts.en(UI_TEXT.doneValidate.en, s.errors, s.warnings));
    expect(msg.text).not.toMatch(/\b1 (errors|warnings)\b/);
  });
});

describe('colour settings: swatches as well as hex codes', () => {
  test('a swatch by mouse and by keyboard sets the colour; it is saved with the workbook', async () => {
    const page = await open(fixture('zh-TW'));
    await openSettings(page);
    await page.waitForSelector('[data-testid="settings-swatches-low"]');
    const label = UI_TEXT.colourLabel['zh-TW'](levelName('low', 'zh-TW'));
    // The picker is a labelled radio group of named swatches; the current colour is the checked one.
    const group = page.getByRole('radiogroup', { name: UI_TEXT.swatchesLabel['zh-TW'](label) });
    expect(await group.count()).toBe(1);
    expect(await group.getByRole('radio').count()).toBe(SWATCHES.length);
    const lowGreen = group.getByRole('radio', { name: UI_TEXT.swatchNames['zh-TW']('92D050') });
    expect(await lowGreen.getAttribute('aria-checked')).toBe('true');
    const input = page.getByRole('textbox', { name: label });
    expect(await input.inputValue()).toBe('92D050');

    // Mouse: 綠色 (00B050).
    await group.getByRole('radio', { name: UI_TEXT.swatchNames['zh-TW']('00B050') }).click();
    expect(await input.inputValue()).toBe('00B050');
    expect(await group.getByRole('radio', { name: UI_TEXT.swatchNames['zh-TW']('00B050') }).getAttribute('aria-checked')).toBe('true');

    // Keyboard: from the checked swatch, an arrow to the next one and Space.
    await group.getByRole('radio', { name: UI_TEXT.swatchNames['zh-TW']('00B050') }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(UI_TEXT.swatchNames['zh-TW']('00B0F0'));
    await page.keyboard.press('Space');
    expect(await input.inputValue()).toBe('00B0F0');

    // Typing a hex code still works, and the swatch that matches is checked.
    await input.fill('#ffc000');
    expect(await group.getByRole('radio', { name: UI_TEXT.swatchNames['zh-TW']('FFC000') }).getAttribute('aria-checked')).toBe('true');
    await input.fill('00B0F0');

    await page.click('[data-testid="settings-save"]');
    await page.waitForSelector('[data-testid="settings-message"]');
    await page.screenshot({ path: path.join(OUTPUT_DIR, 'taskpane-settings.png'), fullPage: true });
    const saved = await page.evaluate(() => JSON.stringify((window as any).__standIn.workbook.settings));
    expect(saved).toContain('00B0F0');
  });
});

describe('keyboard and screen readers', () => {
  for (const lang of ['zh-TW', 'en-US'] as const) {
    test(`axe-core finds no violation (${lang}): before, after Validate with the problems shown, and with the settings open`, async () => {
      const page = await open(fixture(lang));
      expect(await axeViolations(page)).toEqual([]);
      await runAction(page, 'validate');
      expect(await axeViolations(page)).toEqual([]);
      await openSettings(page);
      await page.waitForSelector('[data-testid="settings-swatches-low"]');
      expect(await axeViolations(page)).toEqual([]);
      // The check can fail: a field without a label is found.
      await page.evaluate(() => document.getElementById('root')!.appendChild(Object.assign(document.createElement('input'), { type: 'text' })));
      expect((await axeViolations(page)).map((v) => v.id)).toContain('label');
    });
  }

  test('the keyboard alone: Tab reaches Validate, Enter runs it, the problems and the settings are reachable and named', async () => {
    const page = await open(fixture('en-US'));
    const l = 'en';
    // Every action button has its name for a screen reader.
    for (const a of ['validate', 'fill', 'generate', 'clear', 'template'] as const) expect(await page.getByRole('button', { name: UI_TEXT[a][l], exact: true }).count()).toBe(1);
    let found = false;
    for (let k = 0; k < 10 && !found; k++) {
      await page.keyboard.press('Tab');
      found = (await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))) === 'action-validate';
    }
    expect(found).toBe(true);
    const before = await page.evaluate(() => (window as any).__standInRuns);
    await page.keyboard.press('Enter');
    await page.waitForFunction((b) => (window as any).__standInRuns > b && document.querySelector('[data-testid="result-message"]'), before);
    await page.waitForSelector('[data-testid="status"][data-running="false"]');
    // The problems are buttons named by their message; the list and its groups are labelled.
    const tree = await page.locator('#root').ariaSnapshot();
    expect(tree).toContain(UI_TEXT.problemsHeading.en);
    expect(tree).toMatch(/button "[^"]*Numbering jumps/);
    // Tab on to the settings' toggle and open it with Enter; the colour fields are named textboxes.
    let onToggle = false;
    for (let k = 0; k < 40 && !onToggle; k++) {
      await page.keyboard.press('Tab');
      onToggle = (await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))) === 'settings-toggle';
    }
    expect(onToggle).toBe(true);
    await page.keyboard.press('Enter');
    await settingsOpened(page);
    await page.waitForSelector('[data-testid="settings-swatches-low"]');
    for (const level of ['low', 'medium', 'high', 'extreme'] as const) {
      const label = UI_TEXT.colourLabel.en(levelName(level, 'en'));
      expect(await page.getByRole('textbox', { name: label }).count()).toBe(1);
      expect(await page.getByRole('radiogroup', { name: UI_TEXT.swatchesLabel.en(label) }).count()).toBe(1);
    }
  });
});
