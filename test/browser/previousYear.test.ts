/**
 * "Compare with last year's workbook" in the task pane, in headless Chromium (page.ts, as taskpane.test.ts: a browser
 * already on the machine, the production build, the strict Excel stand-in served in place of office.js, every
 * outside request aborted, console errors and CSP violations recorded).
 * The file is given to the pane's file input; its bytes are read in the page (nothing is uploaded).
 */
import type { Page } from 'playwright-core';
import { COMPARE_TEXT } from '../../src/engine/comparisonRows';
import { yearPair } from '../fixtures/yearPairs';
import { snapshotToWorkbook } from '../fixtures/xlsx';
import { NOTHING_WRONG, closePane, openPane, startPane, type Opened, type Pane } from './page';

jest.setTimeout(60_000);

let pane: Pane;
let lastYear: Buffer;

beforeAll(async () => {
  pane = await startPane();
  const wb = await snapshotToWorkbook(yearPair().previous);
  lastYear = Buffer.from(await wb.xlsx.writeBuffer());
}, 60_000);

afterAll(async () => {
  await pane?.stop();
});

/** The task pane over this year's workbook, in Chinese, ready once the compare button is there. */
async function open(): Promise<{ page: Page; opened: Opened }> {
  const opened = await openPane(pane, { snapshot: yearPair().current, options: { displayLanguage: 'zh-TW' } }, '[data-testid="compare-previous"]');
  return { page: opened.page, opened };
}

test("picking last year's workbook: the comparison is shown, and Generate risk sheet writes the movement; no request leaves the machine", async () => {
  const { page, opened } = await open();
  expect(await page.textContent('[data-testid="compare-previous"]')).toBe(COMPARE_TEXT.compareButton['zh-TW']);
  await page.setInputFiles('[data-testid="previous-file"]', { name: '110.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: lastYear });
  await page.waitForSelector('[data-testid="comparison"]', { timeout: 30_000 });
  expect(await page.textContent('[data-testid="comparing-with"]')).toContain('110.xlsx');
  const risks = await page.$$eval('[data-testid="comparison-0"] tbody tr', (rows) => rows.map((r) => Array.from(r.querySelectorAll('td')).map((td) => td.textContent)));
  expect(risks.map((r) => [r[0], r[5]])).toEqual([
    ['P1', '↑ 升高'],
    ['P2', '→ 持平（依名稱對應，編號已變更）'],
    ['P3', '↓ 降低（依名稱對應，編號已變更）'],
    ['P4', '新增'],
    ['P5', '→ 持平'],
    ['P3', '已結案'],
  ]);
  const budget = await page.$$eval('[data-testid="comparison-2"] tbody tr', (rows) => rows.map((r) => Array.from(r.querySelectorAll('td')).map((td) => td.textContent)));
  expect(budget).toContainEqual(['重要路口錄影監視系統建置計畫', '14,000', '15,400', '+10.0%']);
  // The lowered target is among the problems.
  expect(await page.$$eval('[data-testid="problem"][data-code="PREV_TARGET_BELOW_ACTUAL"]', (els) => els.length)).toBe(2);

  await page.click('[data-testid="action-generate"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="result-message"]')?.getAttribute('data-action') === 'generate', undefined, { timeout: 30_000 });
  const map = await page.evaluate(() => {
    const snap = (window as any).__standIn.workbook.toSnapshot();
    return snap.sheets.find((s: { name: string }) => s.name === '風險圖像').rows.flat().filter((v: unknown) => typeof v === 'string');
  });
  expect(map).toEqual(expect.arrayContaining(['P1↑\nR=2', 'P2→\nR=6', 'P3↓\nR=4', 'P4(新)\nR=3']));

  // Stop comparing: the comparison goes.
  await page.click('[data-testid="stop-compare"]');
  expect(await page.$('[data-testid="comparing-with"]')).toBeNull();
  expect(await closePane(opened)).toEqual(NOTHING_WRONG);
});

test('a file that is not a workbook: one line saying so, nothing compared', async () => {
  const { page, opened } = await open();
  await page.setInputFiles('[data-testid="previous-file"]', { name: '110.csv', mimeType: 'text/csv', buffer: Buffer.from('計畫名稱,預算金額\n') });
  await page.waitForSelector('[data-testid="previous-error"]');
  expect(await page.textContent('[data-testid="previous-error"]')).toContain(COMPARE_TEXT.notXlsx['zh-TW']);
  expect(await page.$('[data-testid="comparing-with"]')).toBeNull();
  expect(await closePane(opened)).toEqual(NOTHING_WRONG);
});
