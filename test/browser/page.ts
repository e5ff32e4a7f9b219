/**
 * The page setup every task-pane browser test shares: the production build (dist-web/) served from 127.0.0.1, a
 * Chromium-family browser already on the machine (findBrowser.ts; never a browser download), and a page per test
 * with the strict Excel stand-in answered in place of office.js, every request leaving the machine aborted and
 * recorded, console and page errors recorded, and CSP violations recorded by an init script.
 *
 * The checks themselves stay in the tests: `closePane(opened)` gives what the page did that it must not, and the
 * tests compare it with `NOTHING_WRONG`.
 */
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { WorkbookSnapshot } from '../../src/engine/snapshot';
import type { StandInOptions } from '../standin';
import { findBrowser, noBrowserMessage } from './findBrowser';

export const ROOT = path.join(__dirname, '..', '..');
export const WEB_DIR = path.join(ROOT, 'dist-web');
export const TASKPANE_HTML = path.join(WEB_DIR, 'taskpane.html');
export const STANDIN_JS = path.join(ROOT, 'dist-test', 'standin.js');
export const OFFICE_JS = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
export const VIEWPORT = { width: 420, height: 900 };

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.map': 'application/json; charset=utf-8',
};

/** What the page is opened over: the workbook the stand-in holds and its options (display language, …). */
export interface Fixture {
  snapshot: WorkbookSnapshot;
  options: StandInOptions;
}

/** The served build and the launched browser, for one test file. */
export interface Pane {
  origin: string;
  browser: Browser;
  stop: () => Promise<void>;
}

/** One page of the task pane and what it did that it must not. */
export interface Opened {
  context: BrowserContext;
  page: Page;
  /** Requests to anywhere but 127.0.0.1/localhost (aborted). */
  outside: string[];
  consoleErrors: string[];
  pageErrors: string[];
}

/** A tiny static server for a folder (GET/HEAD only, nothing outside the folder). */
export function serve(dir: string): Promise<http.Server> {
  const root = path.resolve(dir);
  const s = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let file: string;
    try {
      file = path.resolve(root, '.' + decodeURIComponent(url.pathname));
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    if (file !== root && !file.startsWith(root + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'taskpane.html');
    if (!fs.existsSync(file)) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found');
      return;
    }
    const body = fs.readFileSync(file);
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': body.length,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  return new Promise((resolve, reject) => {
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => resolve(s));
  });
}

let standInScript = '';

/** Checks the builds are there, serves dist-web/ and launches the browser (call in beforeAll; `stop` in afterAll). */
export async function startPane(): Promise<Pane> {
  const missing = [TASKPANE_HTML, STANDIN_JS].filter((f) => !fs.existsSync(f)).map((f) => path.relative(ROOT, f));
  if (missing.length) {
    throw new Error(`Missing ${missing.join(' and ')}: run \`npm run build:web && npm run build:standin\` first (\`npm test\` does it in pretest).`);
  }
  const found = findBrowser();
  if (!found.path) throw new Error(noBrowserMessage(found));
  standInScript = fs.readFileSync(STANDIN_JS, 'utf8');
  const server = await serve(WEB_DIR);
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath: found.path,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const stop = async (): Promise<void> => {
    await browser.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { origin, browser, stop };
}

/**
 * A fresh context and page with the task pane loaded over the fixture's workbook; resolves once `readySelector`
 * is on the page. The stand-in answers the office.js URL; any other request leaving the machine is aborted and
 * recorded in `outside`.
 */
export async function openPane(pane: Pane, f: Fixture, readySelector = '[data-testid="action-validate"]'): Promise<Opened> {
  const context = await pane.browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1, locale: f.options.displayLanguage });
  const page = await context.newPage();
  const o: Opened = { context, page, outside: [], consoleErrors: [], pageErrors: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') o.consoleErrors.push(`${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => o.pageErrors.push(String(e?.stack ?? e)));
  await page.route('**/*', async (route) => {
    const url = route.request().url();
    if (url === OFFICE_JS) {
      await route.fulfill({ status: 200, contentType: 'text/javascript; charset=utf-8', body: standInScript });
      return;
    }
    let host = '';
    try {
      host = new URL(url).hostname;
    } catch {
      /* recorded below */
    }
    if (host === '127.0.0.1' || host === 'localhost') {
      await route.continue();
      return;
    }
    o.outside.push(url);
    await route.abort('blockedbyclient');
  });
  await page.addInitScript((fx) => {
    const w = window as unknown as Record<string, unknown>;
    w.__PLANCHECK_FIXTURE__ = fx;
    const violations: string[] = [];
    w.__cspViolations = violations;
    document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  }, f);
  await page.goto(`${pane.origin}/taskpane.html`);
  await page.waitForSelector(readySelector);
  return o;
}

/** The CSP violations the init script recorded on the page (none if the page is gone). */
export async function cspViolations(page: Page): Promise<string[]> {
  if (page.isClosed()) return [];
  return page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations).catch(() => ['(page gone)']);
}

/** Reads the CSP record, closes the page's context and returns everything the page must not have done. */
export async function closePane(o: Opened): Promise<{ outside: string[]; consoleErrors: string[]; pageErrors: string[]; cspViolations: string[] }> {
  const csp = await cspViolations(o.page);
  await o.context.close();
  return { outside: o.outside, consoleErrors: o.consoleErrors, pageErrors: o.pageErrors, cspViolations: csp };
}

/** What `closePane` gives for a page that behaved: compare with toEqual. */
export const NOTHING_WRONG = { outside: [], consoleErrors: [], pageErrors: [], cspViolations: [] };

const AXE_JS = require.resolve('axe-core/axe.min.js');

/** What axe-core finds on the page now (WCAG 2.1 A and AA, best practices). */
export async function axeViolations(page: Page): Promise<{ id: string; impact: string | null; targets: string[] }[]> {
  // Evaluated through the debugging protocol, not as a <script>: the page's CSP stays as it is.
  await page.evaluate(fs.readFileSync(AXE_JS, 'utf8'));
  return page.evaluate(async () => {
    const axe = (window as any).axe;
    // Tabster's focus sentinels (<i tabindex=0 aria-hidden data-tabster-dummy>, at the ends of the swatch rows) pass
    // focus on as soon as they get it: never a stop for a keyboard or a screen reader, so not checked.
    const r = await axe.run({ exclude: [['[data-tabster-dummy]']] }, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }, resultTypes: ['violations'] });
    return r.violations.map((v: any) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n: any) => String(n.target)) }));
  });
}

/** Clicks an action's button and waits until it has run (the stand-in saw an Excel.run, the status is idle, the message is there). */
export async function runAction(page: Page, action: string): Promise<void> {
  const before = await page.evaluate(() => (window as unknown as { __standInRuns: number }).__standInRuns);
  await page.click(`[data-testid="action-${action}"]`);
  await page.waitForFunction(
    ({ before, action }) => {
      const runs = (window as unknown as { __standInRuns: number }).__standInRuns;
      const status = document.querySelector('[data-testid="status"]');
      const message = document.querySelector('[data-testid="result-message"]');
      return runs > before && status?.getAttribute('data-running') === 'false' && message?.getAttribute('data-action') === action;
    },
    { before, action },
  );
}

/**
 * Waits until the settings panel is open and has stopped moving. The panel opens with a 200 ms height motion, and
 * the test acts faster than that: a click while it grows can press on Save and let go beside it once the panel has
 * grown or scrolled (no click, nothing saved), as a loaded machine showed.
 */
export async function settingsOpened(page: Page): Promise<void> {
  await page.waitForSelector('[data-testid="settings"]');
  await page.waitForFunction(() => {
    const panel = document.querySelector('[data-testid="settings"]')?.closest('.fui-AccordionPanel');
    return !!panel && panel.getAnimations({ subtree: true }).every((a) => a.playState === 'finished');
  });
}

/** Clicks the settings' toggle and waits until the panel is open and still (settingsOpened). */
export async function openSettings(page: Page): Promise<void> {
  await page.click('[data-testid="settings-toggle"]');
  await settingsOpened(page);
}
