/**
 * "Compare with last year's workbook" in the task pane, in headless Chromium (as taskpane.test.ts: Debian's chromium,
 * the production build, the strict Excel stand-in served in place of office.js, every outside request aborted).
 * The file is given to the pane's file input; its bytes are read in the page (nothing is uploaded).
 */
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { COMPARE_TEXT } from '../../src/engine/comparisonRows';
import { yearPair } from '../fixtures/yearPairs';
import { snapshotToWorkbook } from '../fixtures/xlsx';

jest.setTimeout(60_000);

const ROOT = path.join(__dirname, '..', '..');
const WEB_DIR = path.join(ROOT, 'dist-web');
const STANDIN_JS = path.join(ROOT, 'dist-test', 'standin.js');
const CHROMIUM = '/usr/bin/chromium';
const OFFICE_JS = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';

let server: http.Server;
let origin = '';
let browser: Browser;
let standInScript = '';
let lastYear: Buffer;

beforeAll(async () => {
  for (const f of [path.join(WEB_DIR, 'taskpane.html'), STANDIN_JS]) {
    if (!fs.existsSync(f)) throw new Error(`Missing ${path.relative(ROOT, f)}: run \`npm run build:web && npm run build:standin\` first (\`npm test\` does it in pretest).`);
  }
  standInScript = fs.readFileSync(STANDIN_JS, 'utf8');
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const file = path.resolve(WEB_DIR, '.' + decodeURIComponent(url.pathname));
    if (!file.startsWith(WEB_DIR + path.sep) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404).end();
      return;
    }
    const type = file.endsWith('.html') ? 'text/html; charset=utf-8' : file.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'application/octet-stream';
    res.writeHead(200, { 'Content-Type': type }).end(fs.readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  const wb = await snapshotToWorkbook(yearPair().previous);
  lastYear = Buffer.from(await wb.xlsx.writeBuffer());
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

async function open(): Promise<{ page: Page; outside: string[]; errors: string[]; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 420, height: 900 }, locale: 'zh-TW' });
  const page = await context.newPage();
  const outside: string[] = [];
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.route('**/*', async (route) => {
    const url = route.request().url();
    if (url === OFFICE_JS) return route.fulfill({ status: 200, contentType: 'text/javascript; charset=utf-8', body: standInScript });
    const host = new URL(url).hostname;
    if (host === '127.0.0.1' || host === 'localhost') return route.continue();
    outside.push(url);
    return route.abort('blockedbyclient');
  });
  await page.addInitScript((fx) => {
    const w = window as unknown as Record<string, unknown>;
    w.__PLANCHECK_FIXTURE__ = fx;
    const violations: string[] = [];
    w.__cspViolations = violations;
    document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  }, { snapshot: yearPair().current, options: { displayLanguage: 'zh-TW' } });
  await page.goto(`${origin}/taskpane.html`);
  await page.waitForSelector('[data-testid="compare-previous"]');
  return { page, outside, errors, close: () => context.close() };
}

test("picking last year's workbook: the comparison is shown, and Generate risk sheet writes the movement; no request leaves the machine", async () => {
  const { page, outside, errors, close } = await open();
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
  const csp = await page.evaluate(() => (window as any).__cspViolations);
  await close();
  expect({ outside, errors, csp }).toEqual({ outside: [], errors: [], csp: [] });
});

test('a file that is not a workbook: one line saying so, nothing compared', async () => {
  const { page, outside, errors, close } = await open();
  await page.setInputFiles('[data-testid="previous-file"]', { name: '110.csv', mimeType: 'text/csv', buffer: Buffer.from('計畫名稱,預算金額\n') });
  await page.waitForSelector('[data-testid="previous-error"]');
  expect(await page.textContent('[data-testid="previous-error"]')).toContain(COMPARE_TEXT.notXlsx['zh-TW']);
  expect(await page.$('[data-testid="comparing-with"]')).toBeNull();
  await close();
  expect({ outside, errors }).toEqual({ outside: [], errors: [] });
});
