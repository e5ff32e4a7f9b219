/**
 * The settings panel in a real headless Chromium-family browser over the strict Excel stand-in (page.ts): the risk
 * matrix size and its bands, and the agency's own column headers, edited in the pane, saved into the workbook's
 * settings part, and used by the next action.
 *
 * The workbook has a 5-level risk (L 5 × I 4: possible on a 5 × 5 matrix only) and an indicator table whose
 * actual column is headed 執行成果 (a header the vocabulary does not know). Before the settings, Validate reports
 * both; after them, neither, and the rate is computed.
 */
import type { Page } from 'playwright-core';
import type { WorkbookSnapshot } from '../../src/engine/snapshot';
import { levelName } from '../../src/engine/messages';
import { settingsFromPartXml } from '../../src/engine/settingsPart';
import { UI_TEXT } from '../../src/engine/uiText';
import { NOTHING_WRONG, openSettings, runAction, axeViolations, closePane, openPane, startPane, type Opened, type Pane } from './page';

jest.setTimeout(60_000);

let pane: Pane;
let current: Opened | null = null;

beforeAll(async () => {
  pane = await startPane();
}, 60_000);

afterAll(async () => {
  await pane?.stop();
});

afterEach(async () => {
  if (!current) return;
  const wrong = await closePane(current);
  current = null;
  expect(wrong).toEqual(NOTHING_WRONG);
});

const RISK_HEAD = ['風險項目', '可能性 (L)', '影響程度 (I)', '風險值 (R)', '風險等級', '新增風險對策', '殘餘可能性 (L)', '殘餘影響程度 (I)', '殘餘風險值 (R)'];

function workbook(): WorkbookSnapshot {
  return {
    sheets: [
      {
        name: '衡量指標',
        rows: [
          ['衡量指標', '年度目標值', '執行成果'],
          ['刑案破獲率', '80%', '88%'],
        ],
        merges: [],
      },
      {
        name: '風險評估',
        rows: [RISK_HEAD, ['R1 詐騙案件增加', '5', '4', '20', '極度', '加強宣導', '2', '2', '4']],
        merges: [],
      },
    ],
  };
}

async function open(lang: 'zh-TW' | 'en-US', snapshot: WorkbookSnapshot = workbook()): Promise<Page> {
  current = await openPane(pane, { snapshot, options: { displayLanguage: lang } });
  return current.page;
}

/** The codes and cells of the problems the pane lists. */
function problems(page: Page): Promise<string[]> {
  return page.$$eval('[data-testid="problem"]', (els) => els.map((e) => `${e.getAttribute('data-code')} ${e.getAttribute('data-sheet')}!${e.getAttribute('data-cell')}`));
}

/** The achievement counts the summary shows, by status. */
function achievementCounts(page: Page): Promise<Record<string, string>> {
  return page.$$eval('[data-testid="achievement"] [data-status]', (els) => Object.fromEntries(els.map((e) => [e.getAttribute('data-status'), e.getAttribute('data-count')])));
}

/** The settings part the stand-in's workbook holds, as the engine reads it. */
async function savedPart(page: Page): Promise<Record<string, unknown> | null> {
  const xml: string[] = await page.evaluate(() => (window as any).__standIn.workbook.customXmlParts.map((p: { xml: string }) => p.xml));
  const found = xml.map((x) => settingsFromPartXml(x)).find((x) => x !== null);
  return found ? JSON.parse(found) : null;
}

describe('settings panel: matrix size, bands and column headers', () => {
  test('a 5 × 5 matrix and 執行成果 as the actual column, saved in the workbook and used by Validate and the risk map', async () => {
    const page = await open('zh-TW');
    await runAction(page, 'validate');
    const before = await problems(page);
    expect(before).toEqual(expect.arrayContaining(['RISK_LIKELIHOOD_RANGE 風險評估!B2', 'TABLE_UNKNOWN_COLUMN 衡量指標!C1']));
    expect(await achievementCounts(page)).toEqual({ met: '0', not_met: '0', unknown: '1' });

    await openSettings(page);
    const size = page.getByRole('combobox', { name: UI_TEXT.scaleLabel['zh-TW'] });
    expect(await size.inputValue()).toBe('3');
    // The 3 × 3 bands as the seeds have them.
    expect(await page.textContent('[data-testid="settings-bands"]')).toBe(UI_TEXT.bandsHint['zh-TW']('低度 1–2、中度 3–4、高度 6、極度 9'));

    // 5 × 5: the bands and lines become that size's defaults.
    await size.selectOption('5');
    expect(await page.getByRole('spinbutton', { name: UI_TEXT.bandFromLabel['zh-TW'](levelName('medium', 'zh-TW')) }).inputValue()).toBe('5');
    expect(await page.getByRole('spinbutton', { name: UI_TEXT.bandFromLabel['zh-TW'](levelName('high', 'zh-TW')) }).inputValue()).toBe('10');
    expect(await page.getByRole('spinbutton', { name: UI_TEXT.bandFromLabel['zh-TW'](levelName('extreme', 'zh-TW')) }).inputValue()).toBe('15');
    expect(await page.textContent('[data-testid="settings-bands"]')).toBe(UI_TEXT.bandsHint['zh-TW']('低度 1–4、中度 5–9、高度 10–12、極度 15–25'));
    expect(await page.inputValue('[data-testid="settings-tolerance"]')).toBe('9');
    expect(await page.inputValue('[data-testid="settings-threshold"]')).toBe('10');

    // Bands that do not rise are refused, and nothing is saved.
    await page.fill('[data-testid="settings-min-high"]', '4');
    expect(await page.textContent('[data-testid="settings"]')).toContain(UI_TEXT.bandsInvalid['zh-TW'](25));
    await page.click('[data-testid="settings-save"]');
    await page.waitForSelector('[data-testid="settings-message"]');
    expect(await page.textContent('[data-testid="settings-message"]')).toBe(UI_TEXT.settingsInvalid['zh-TW']);
    expect(await savedPart(page)).toBeNull();
    await page.fill('[data-testid="settings-min-high"]', '12');
    expect(await page.textContent('[data-testid="settings-bands"]')).toBe(UI_TEXT.bandsHint['zh-TW']('低度 1–4、中度 5–10、高度 12、極度 15–25'));

    // 執行成果 is the actual column. A second row with the same header is refused until it is removed.
    await page.click('[data-testid="settings-role-add"]');
    await page.fill('[data-testid="settings-role-header-0"]', '執行成果');
    await page.selectOption('[data-testid="settings-role-0"]', 'actual');
    await page.click('[data-testid="settings-role-add"]');
    await page.fill('[data-testid="settings-role-header-1"]', '執行成果');
    expect(await page.textContent('[data-testid="settings"]')).toContain(UI_TEXT.roleHeaderInvalid['zh-TW']);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: UI_TEXT.roleRemove['zh-TW'](2) }).click();
    expect(await page.$$('[data-testid="settings-role-row"]')).toHaveLength(1);

    await page.click('[data-testid="settings-save"]');
    await page.waitForFunction((text) => document.querySelector('[data-testid="settings-message"]')?.textContent === text, UI_TEXT.settingsSaved['zh-TW']);
    const part = await savedPart(page);
    expect(part).toMatchObject({
      scale: 5,
      bands: [
        { level: 'low', min: 1, max: 4 },
        { level: 'medium', min: 5, max: 10 },
        { level: 'high', min: 12, max: 12 },
        { level: 'extreme', min: 15, max: 25 },
      ],
      tolerance: 9,
      actionThreshold: 10,
      columnRoles: { 執行成果: 'actual' },
    });
    expect((part!.likelihoodNames as { 'zh-TW': string[] })['zh-TW']).toHaveLength(5);

    // The next Validate reads with them: L 5 is in range, 執行成果 is read as the actual.
    await runAction(page, 'validate');
    const after = await problems(page);
    expect(after.filter((p) => p.startsWith('RISK_LIKELIHOOD_RANGE') || p.startsWith('TABLE_UNKNOWN_COLUMN'))).toEqual([]);
    expect(await achievementCounts(page)).toEqual({ met: '1', not_met: '0', unknown: '0' });

    // The risk map is drawn 5 × 5: the likelihood names of a 5-level scale are on it.
    await runAction(page, 'generate');
    const map: string[] = await page.evaluate(() => {
      const wb = (window as any).__standIn.workbook;
      const snap = wb.toSnapshot();
      const sheet = snap.sheets.find((s: { name: string }) => s.name === '風險圖像');
      return sheet ? sheet.rows.flat().filter((v: unknown) => typeof v === 'string') : [];
    });
    expect(map).toEqual(expect.arrayContaining(['非常嚴重 (5)', '極輕微 (1)', 'R=25']));
    expect(map.some((v) => v.includes('幾乎確定'))).toBe(true);
    expect(map.some((v) => v.includes('極不可能'))).toBe(true);
  });

  test('English: the size offered with its scores, Reset puts the 3 × 3 defaults back and saves them', async () => {
    const page = await open('en-US');
    await openSettings(page);
    const size = page.getByRole('combobox', { name: UI_TEXT.scaleLabel.en });
    expect(await size.locator('option').allTextContents()).toEqual([UI_TEXT.scaleOption.en(3), UI_TEXT.scaleOption.en(4), UI_TEXT.scaleOption.en(5)]);
    await size.selectOption('4');
    expect(await page.textContent('[data-testid="settings-bands"]')).toBe(UI_TEXT.bandsHint.en('Low 1–2, Medium 3–4, High 6–8, Extreme 9–16'));
    await page.fill('[data-testid="settings-tolerance"]', '17');
    expect(await page.textContent('[data-testid="settings"]')).toContain(UI_TEXT.numberInvalid.en(16));
    await page.click('[data-testid="settings-reset"]');
    await page.waitForFunction((text) => document.querySelector('[data-testid="settings-message"]')?.textContent === text, UI_TEXT.settingsWereReset.en);
    expect(await size.inputValue()).toBe('3');
    expect(await savedPart(page)).toMatchObject({ scale: 3, tolerance: 4, actionThreshold: 6, columnRoles: {} });
  });

  test('a workbook with its own 5-level likelihood and impact tables: after Validate the panel says they decide the matrix', async () => {
    const own: WorkbookSnapshot = {
      sheets: [
        {
          name: '風險評估',
          rows: [
            ['等級', '可能性', '詳細描述'],
            ...['幾乎確定', '很可能', '可能', '不太可能', '極不可能'].map((n, k) => [String(5 - k), n, '']),
            [],
            ['等級', '影響程度', '說明'],
            ...['非常嚴重', '嚴重', '中度', '輕微', '極輕微'].map((n, k) => [String(5 - k), n, '']),
            [],
            RISK_HEAD,
            ['R1 詐騙案件增加', '5', '4', '20', '極度', '加強宣導', '2', '2', '4'],
          ],
          merges: [],
        },
      ],
    };
    const page = await open('zh-TW', own);
    await openSettings(page);
    // Before any check the pane does not know the workbook's tables.
    expect(await page.$('[data-testid="settings-own-matrix"]')).toBeNull();
    await runAction(page, 'validate');
    expect((await problems(page)).filter((p) => p.startsWith('RISK_LIKELIHOOD_RANGE'))).toEqual([]);
    await page.waitForSelector('[data-testid="settings-own-matrix"]');
    expect(await page.textContent('[data-testid="settings-own-matrix"]')).toBe(
      UI_TEXT.ownMatrix['zh-TW'](5, `${UI_TEXT.ownMatrixLikelihood['zh-TW']('風險評估!A1')}、${UI_TEXT.ownMatrixImpact['zh-TW']('風險評估!A8')}`),
    );
    // The panel still shows (and saves) the stored 3 × 3: it is what workbooks without such tables use.
    expect(await page.getByRole('combobox', { name: UI_TEXT.scaleLabel['zh-TW'] }).inputValue()).toBe('3');
    expect(await axeViolations(page)).toEqual([]);
  });
});
