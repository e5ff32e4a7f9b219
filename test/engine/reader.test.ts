/**
 * Table finding: where the reader finds the plan's tables on a sheet, through the public `validate`
 * (report.tables, report.indicators, report.risks, report.budgets, report.issues) and, where the
 * column map or the data rows matter, through `readTables`.
 *
 * Rows in comments are 1-based, as Excel shows them; `readTables` rows are 0-based.
 */
import { validate } from '../../src/engine';
import type { Report } from '../../src/engine';
import type { SheetSnapshot, WorkbookSnapshot } from '../../src/engine/snapshot';
import { readTables, tableAddress } from '../../src/engine/tables/reader';
import {
  FixtureCell,
  seed000RiskTable,
  seed002BudgetTable,
  seedWorkbook,
  sheet,
  SHEET_000_PLAN,
  SHEET_000_RISK,
  SHEET_001_KPI,
  SHEET_002_BUDGET,
  SHEET_002_TARGET,
  SHEET_003_BUDGET,
} from '../fixtures/seedPlans';

const wb = (...sheets: SheetSnapshot[]): WorkbookSnapshot => ({ sheets });
const run = (...sheets: SheetSnapshot[]): Report => validate(wb(...sheets), { lang: 'en' });
const codes = (r: Report): string[] => r.issues.map((i) => i.code);
const errors = (r: Report) => r.issues.filter((i) => i.severity === 'error');
/** 0-based data rows → 1-based worksheet rows. */
const rows1 = (rows: number[]) => rows.map((r) => r + 1);

// The two-row risk header of the seeds (現有風險等級 over 可能性 (L) | 影響程度 (I)), at 1-based row r.
const RISK_TOP: FixtureCell[] = [
  '重要計畫項目', '風險項目', '風險情境', '現有風險對策', '現有風險等級', null,
  '現有風險值 (R)=(L)×(I)', '新增風險對策', '殘餘風險等級', null, '殘餘風險值 (R)=(L)×(I)', '負責單位',
];
const RISK_SUB: FixtureCell[] = [null, null, null, null, '可能性 (L)', '影響程度 (I)', null, null, '可能性 (L)', '影響程度 (I)', null, null];
function riskMerges(r: number): string[] {
  const s = r + 1;
  return [`A${r}:A${s}`, `B${r}:B${s}`, `C${r}:C${s}`, `D${r}:D${s}`, `E${r}:F${r}`, `G${r}:G${s}`, `H${r}:H${s}`, `I${r}:J${r}`, `K${r}:K${s}`, `L${r}:L${s}`];
}

// -------------------------------------------------------------------------------------------------
// A header in the middle of a sheet, title rows above, other text around
// -------------------------------------------------------------------------------------------------

describe('a header in the middle of a sheet', () => {
  const sh = sheet('KPI', [
    ['臺中市政府警察局 107 年度施政計畫'], // 1
    ['第二部分：關鍵績效指標'], // 2
    [null, null, null, null, null, null, '單位：%'], // 3  a note far to the right
    [], // 4
    [null, '策略績效目標', '衡量指標', '年度目標值', '實際值'], // 5  header B5:E5
    [null, '積極查緝犯罪，確保社會安寧', '刑案破獲率', '80%', '85%', null, '註：實際值為 1-6 月'], // 6
    [null, null, '每十萬人刑事案件發生率', '-0.5%', '-6.15%'], // 7
    [], // 8
    [null, '資料來源：本局統計室'], // 9  text below, after a blank row
    ['填表人：王小明', null, null, null, '電話：1234'], // 10
  ]);
  const report = run(sh);

  it('finds exactly one table, B5:E7', () => {
    expect(report.tables).toEqual([{ sheet: 'KPI', kind: 'indicators', range: 'B5:E7' }]);
  });

  it('reads the two indicators with 1-based worksheet rows, targets and actuals', () => {
    expect(report.indicators.map((i) => [i.row, i.name, i.goal, i.target, i.actual, i.status])).toEqual([
      [6, '刑案破獲率', '積極查緝犯罪，確保社會安寧', '80%', '85%', 'met'],
      [7, '每十萬人刑事案件發生率', '積極查緝犯罪，確保社會安寧', '-0.5%', '-6.15%', 'met'],
    ]);
    expect(report.indicators[0].achievementRate).toBe(1.0625);
    expect(report.indicators[1].achievementRate).toBe(12.3);
    expect(report.indicators[1].targetKind).toBe('change');
    expect(report.indicators[1].direction).toBe('lower');
  });

  it('reports nothing wrong', () => {
    expect(report.issues).toEqual([]);
  });

  it('readTables: header row 5, data rows 6–7, columns B–E', () => {
    const [t] = readTables(sh);
    expect(t.headerTop).toBe(4);
    expect(t.headerBottom).toBe(4);
    expect(t.left).toBe(1);
    expect(t.right).toBe(4);
    expect(rows1(t.dataRows)).toEqual([6, 7]);
    expect(t.columns).toEqual({ goal: [1], indicator: [2], target: [3], actual: [4] });
  });
});

describe('a title row such as 第二部分：關鍵績效指標 is not the header', () => {
  const header: FixtureCell[] = ['策略績效目標', '衡量指標', '年度目標值', '實際值'];
  const data: FixtureCell[][] = [
    ['精進交通執法', '易肇事路口改善完成率', '80%', '80%'],
    [null, '取締重大違規停車成長率', '+1.50%', '1.36%'],
  ];

  it('a one-cell title (merged across the table)', () => {
    const sh = sheet('T1', [['第二部分：關鍵績效指標'], header, ...data], ['A1:D1']);
    const report = run(sh);
    expect(report.tables).toEqual([{ sheet: 'T1', kind: 'indicators', range: 'A2:D4' }]);
    expect(report.indicators.map((i) => i.row)).toEqual([3, 4]);
    const [t] = readTables(sh);
    expect(t.headerTop).toBe(1);
    expect(t.headerBottom).toBe(1);
  });

  it('a title with a second cell beside it (a unit note) directly above the header', () => {
    const sh = sheet('T2', [['臺中市政府警察局'], ['第二部分：關鍵績效指標', null, null, '單位：%'], header, ...data]);
    const report = run(sh);
    expect(report.tables).toEqual([{ sheet: 'T2', kind: 'indicators', range: 'A3:D5' }]);
    const [t] = readTables(sh);
    expect(t.headerTop).toBe(2);
    expect(t.headerBottom).toBe(2);
    expect(t.headers.indicator).toBe('衡量指標');
    expect(report.indicators.map((i) => [i.row, i.name, i.goal])).toEqual([
      [4, '易肇事路口改善完成率', '精進交通執法'],
      [5, '取締重大違規停車成長率', '精進交通執法'],
    ]);
  });

  it('a title with a second cell above a real two-row header (seed 001 layout): the header is rows 2–3, not 1–2', () => {
    const sh = sheet(
      'T3',
      [
        ['第二部分：關鍵績效指標', null, null, null, '107年'], // 1  title + a note
        ['策略績效目標', '衡量指標', null, '年度目標值', '實際值'], // 2
        [null, '編號', '名稱', null, null], // 3
        ['積極查緝犯罪', '一', '刑案破獲率', '80%', '85%'], // 4
      ],
      ['A2:A3', 'B2:C2', 'D2:D3', 'E2:E3'],
    );
    const report = run(sh);
    expect(report.tables).toEqual([{ sheet: 'T3', kind: 'indicators', range: 'A2:E4' }]);
    const [t] = readTables(sh);
    expect([t.headerTop + 1, t.headerBottom + 1]).toEqual([2, 3]);
    expect(rows1(t.dataRows)).toEqual([4]);
    // The second header row must not become an indicator named `編號 名稱` with a missing target.
    expect(report.indicators.map((i) => [i.row, i.name, i.goal, i.status])).toEqual([[4, '刑案破獲率', '積極查緝犯罪', 'met']]);
    expect(report.issues).toEqual([]);
  });
});

// -------------------------------------------------------------------------------------------------
// Two-row headers with merged group cells
// -------------------------------------------------------------------------------------------------

describe('a two-row risk header with merged group cells', () => {
  const sh = sheet(
    'Risks',
    [
      ['三、 風險評估及處理彙總表'], // 1
      [], // 2
      RISK_TOP, // 3
      RISK_SUB, // 4
      ['治安防治專案', 'P1 監視系統工程延誤', '天候不佳', '每月追蹤進度', '2', '3', '6', '增派督工', '1', '3', '3', '保安科'], // 5
      [null, 'P2 系統維護中斷', '廠商倒閉', '定期維護', '2', '2', '5', '-', '1', '2', '3', '資訊室'], // 6  R wrong (2×2=4), residual R wrong (1×2=2)
    ],
    riskMerges(3),
  );
  const report = run(sh);

  it('maps 可能性 / 影響程度 under 現有 and 殘餘 to current and residual L, I', () => {
    const [t] = readTables(sh);
    expect(t.kinds).toEqual(['risks']);
    expect(t.headerTop).toBe(2);
    expect(t.headerBottom).toBe(3);
    expect(t.columns).toEqual({
      project: [0],
      riskItem: [1],
      scenario: [2],
      control: [3],
      likelihood: [4],
      impact: [5],
      score: [6],
      newControl: [7],
      resLikelihood: [8],
      resImpact: [9],
      resScore: [10],
      owner: [11],
    });
    expect(rows1(t.dataRows)).toEqual([5, 6]);
  });

  it('report: the table A3:L6, risks with 1-based rows', () => {
    expect(report.tables).toEqual([{ sheet: 'Risks', kind: 'risks', range: 'A3:L6' }]);
    expect(report.risks.map((r) => [r.row, r.id, r.likelihood, r.impact, r.score, r.level, r.residual?.score, r.residual?.level])).toEqual([
      [5, 'P1', 2, 3, 6, 'high', 3, 'medium'],
      [6, 'P2', 2, 2, 4, 'medium', 2, 'low'],
    ]);
  });

  it('a wrong R is reported at the R cell (G6), a wrong residual R at K6', () => {
    const mismatches = report.issues.filter((i) => i.code === 'RISK_SCORE_MISMATCH');
    expect(mismatches.map((i) => [i.sheet, i.cell, i.severity])).toEqual([
      ['Risks', 'G6', 'error'],
      ['Risks', 'K6', 'error'],
    ]);
    expect(codes(report)).toEqual(['RISK_SCORE_MISMATCH', 'RISK_SCORE_MISMATCH']);
  });
});

// -------------------------------------------------------------------------------------------------
// Page breaks: the header repeated, a blank row before it
// -------------------------------------------------------------------------------------------------

describe('the header repeated after a page break', () => {
  it('one-row header: the repeat and the blank row are not data; the table goes on', () => {
    const header: FixtureCell[] = ['衡量指標', '衡量標準', '年度目標值', '實際值'];
    const sh = sheet('PB', [
      ['肆、施政計畫衡量指標與標準：'], // 1
      header, // 2
      ['查緝逃犯數', '以110年緝獲逃犯數為基準', '2,119人', '2,200人'], // 3
      ['治平專案檢肅人數', '以110年查獲人數為基準', '249人', '200人'], // 4
      [], // 5  page break
      header, // 6  repeated
      ['取締職業賭場件數', '以110年取締件數為基準', '204件', '204件'], // 7
    ]);
    const report = run(sh);
    expect(report.tables).toEqual([{ sheet: 'PB', kind: 'indicators', range: 'A2:D7' }]);
    expect(report.indicators.map((i) => [i.row, i.name, i.status])).toEqual([
      [3, '查緝逃犯數', 'met'],
      [4, '治平專案檢肅人數', 'not_met'],
      [7, '取締職業賭場件數', 'met'],
    ]);
    expect(rows1(readTables(sh)[0].dataRows)).toEqual([3, 4, 7]);
    expect(report.issues).toEqual([]);
  });

  it('two-row header: both repeated header rows are skipped, the risk after them is read', () => {
    const sh = sheet(
      'PB2',
      [
        RISK_TOP, // 1
        RISK_SUB, // 2
        ['計畫一', 'P1 工程延誤', '天候不佳', '追蹤進度', '1', '2', '2', '-', '1', '1', '1', '保安科'], // 3
        [], // 4
        RISK_TOP, // 5
        RISK_SUB, // 6
        ['計畫二', 'P2 資料外洩', '駭客入侵', '防火牆', '2', '2', '4', '-', '1', '2', '2', '資訊室'], // 7
      ],
      [...riskMerges(1), ...riskMerges(5)],
    );
    const report = run(sh);
    expect(report.tables).toEqual([{ sheet: 'PB2', kind: 'risks', range: 'A1:L7' }]);
    expect(report.risks.map((r) => [r.row, r.id, r.score])).toEqual([
      [3, 'P1', 2],
      [7, 'P2', 4],
    ]);
    expect(rows1(readTables(sh)[0].dataRows)).toEqual([3, 7]);
    expect(report.issues).toEqual([]);
  });

  it('seed 000 伍: header 16–17, P1 on 18, repeat 20–21 after the blank row 19, continuation 22', () => {
    const tables = readTables(seed000RiskTable());
    expect(tables).toHaveLength(1);
    const [t] = tables;
    expect(t.kinds).toEqual(['risks']);
    expect([t.headerTop + 1, t.headerBottom + 1]).toEqual([16, 17]);
    expect(rows1(t.dataRows)).toEqual([18, 22]);
    expect(tableAddress(t)).toBe('A16:L22');
  });

  it('seed 002 貳: the three repeated headers (31, 39, 53) are not data; the 總計 row 55 is', () => {
    const tables = readTables(seed002BudgetTable());
    expect(tables).toHaveLength(1);
    const [t] = tables;
    const data = rows1(t.dataRows);
    expect(data).toHaveLength(55 - 4 + 1 - 3);
    expect(data[0]).toBe(4);
    expect(data[data.length - 1]).toBe(55);
    for (const r of [31, 39, 53]) expect(data).not.toContain(r);
  });
});

// -------------------------------------------------------------------------------------------------
// Continuation rows (merged plan name, empty leading cells)
// -------------------------------------------------------------------------------------------------

describe('continuation rows with empty leading cells', () => {
  it('budget: the plan merged down over its items; every item counted, the 總計 agrees', () => {
    const sh = sheet(
      'Budget',
      [
        ['計畫名稱', '實施內容', '中央', '本府', '合計'], // 1
        ['一、警察勤務', '勤務制度規劃', '100', '200', '300'], // 2
        [null, '推動志工工作', '50', '0', '50'], // 3  continuation (A2:A3 merged)
        ['二、交通業務', '交通安全宣導', '900', '300', '1,200'], // 4
        ['總計', null, '1,050', '500', '1,550'], // 5
      ],
      ['A2:A3'],
    );
    const report = run(sh);
    expect(report.tables).toEqual([{ sheet: 'Budget', kind: 'budget', range: 'A1:E5' }]);
    expect(report.budgets).toEqual([{ sheet: 'Budget', range: 'A1:E5', total: 1550, central: 1050, city: 500, bySource: { 中央: 1050, 本府: 500 }, unit: '千元' }]);
    expect(report.issues).toEqual([]);
    expect(rows1(readTables(sh)[0].dataRows)).toEqual([2, 3, 4, 5]);
  });

  it('indicators: goal merged down; a row with only more 衡量標準 text continues the indicator above', () => {
    const sh = sheet(
      'KPI',
      [
        ['策略績效目標', '衡量指標', '衡量標準', '年度目標值', '實際值'], // 1
        ['精進交通執法', '易肇事路口改善完成率', '改善完成地點數/列管地點數', '80%', '80%'], // 2
        [null, '取締重大違規停車成長率', '以105年比例43.06%為基準', '+1.50%', '1.36%'], // 3
        [null, null, '※比例算法：(攔舉+逕舉)/總件數', null, null], // 4  continuation
        ['重視民眾感受', '投訴案件數下降率', '本年度-去年度', '-0.5%', '-0.51%'], // 5
      ],
      ['A2:A4'],
    );
    const report = run(sh);
    expect(report.tables).toEqual([{ sheet: 'KPI', kind: 'indicators', range: 'A1:E5' }]);
    expect(report.indicators.map((i) => [i.row, i.name, i.goal, i.status])).toEqual([
      [2, '易肇事路口改善完成率', '精進交通執法', 'met'],
      [3, '取締重大違規停車成長率', '精進交通執法', 'not_met'],
      [5, '投訴案件數下降率', '重視民眾感受', 'met'],
    ]);
    expect(report.issues).toEqual([]);
  });
});

describe('rows inside the table that are not indicators', () => {
  it('numbered goal rows merged across the table (一、… / 二、…) are group rows, not section titles ending the table', () => {
    const sh = sheet(
      'Groups',
      [
        ['衡量指標', '衡量標準', '年度目標值', '實際值'], // 1
        ['一、積極查緝犯罪，確保社會安寧'], // 2  group row, A2:D2 merged
        ['刑案破獲率', '破獲數/發生數', '80%', '85%'], // 3
        ['二、精進交通執法'], // 4  group row, A4:D4 merged
        ['易肇事路口改善完成率', '完成數/列管數', '80%', '80%'], // 5
      ],
      ['A2:D2', 'A4:D4'],
    );
    const report = run(sh);
    expect(report.tables).toEqual([{ sheet: 'Groups', kind: 'indicators', range: 'A1:D5' }]);
    expect(codes(report)).not.toContain('TABLE_NO_DATA');
    expect(report.indicators.map((i) => [i.row, i.name, i.status])).toEqual([
      [3, '刑案破獲率', 'met'],
      [5, '易肇事路口改善完成率', 'met'],
    ]);
  });

  it('a 註： footnote directly under the last row is not an indicator', () => {
    const sh = sheet('Note', [
      ['衡量指標', '衡量標準', '年度目標值', '實際值'], // 1
      ['刑案破獲率', '破獲數/發生數', '80%', '85%'], // 2
      ['註：實際值為 107 年 1-6 月統計。'], // 3
    ]);
    const report = run(sh);
    expect(report.tables).toEqual([{ sheet: 'Note', kind: 'indicators', range: 'A1:D2' }]);
    expect(report.indicators.map((i) => i.name)).toEqual(['刑案破獲率']);
    expect(report.issues).toEqual([]);
  });

  it('headers with line breaks, spaces and full-width text inside words', () => {
    const sh = sheet('Breaks', [
      ['衡量\n指標', '年度 目標值', '實 際 值', '預算金額\n(千元)'],
      ['刑案破獲率', '８０％', '８５％', '１４，０００'],
    ]);
    const report = run(sh);
    expect(report.tables).toEqual([
      { sheet: 'Breaks', kind: 'indicators', range: 'A1:D2' },
      { sheet: 'Breaks', kind: 'budget', range: 'A1:D2' },
    ]);
    expect(readTables(sh)[0].columns).toEqual({ indicator: [0], target: [1], actual: [2], amount: [3] });
    expect(report.indicators.map((i) => [i.row, i.achievementRate, i.status])).toEqual([[2, 1.0625, 'met']]);
    expect(report.budgets.map((b) => b.total)).toEqual([14000]);
  });
});

// -------------------------------------------------------------------------------------------------
// Column order, unknown columns
// -------------------------------------------------------------------------------------------------

describe('columns in another order', () => {
  const sh = sheet('Order', [
    ['實際值', '年度目標值', '衡量指標', '策略績效目標'],
    ['85%', '80%', '刑案破獲率', '積極查緝犯罪'],
    ['-6.15%', '-0.5%', '每十萬人刑事案件發生率', null],
  ]);
  const report = run(sh);

  it('each role is read from its own column', () => {
    expect(report.tables).toEqual([{ sheet: 'Order', kind: 'indicators', range: 'A1:D3' }]);
    expect(readTables(sh)[0].columns).toEqual({ actual: [0], target: [1], indicator: [2], goal: [3] });
    expect(report.indicators.map((i) => [i.row, i.name, i.goal, i.target, i.actual, i.achievementRate, i.status])).toEqual([
      [2, '刑案破獲率', '積極查緝犯罪', '80%', '85%', 1.0625, 'met'],
      [3, '每十萬人刑事案件發生率', '積極查緝犯罪', '-0.5%', '-6.15%', 12.3, 'met'],
    ]);
    expect(report.issues).toEqual([]);
  });
});

describe('unknown columns between known ones', () => {
  const sh = sheet('Extra', [
    ['衡量指標', '資料來源', '年度目標值', '填表人', '實際值'],
    ['查緝逃犯數', '警政署統計', '2,000人', '王小明', '1,800人'],
    ['治平專案檢肅人數', '刑事警察大隊', '249人', '李小華', '249人'],
  ]);
  const report = run(sh);

  it('are kept inside the table range and ignored when reading', () => {
    expect(report.tables).toEqual([{ sheet: 'Extra', kind: 'indicators', range: 'A1:E3' }]);
    expect(readTables(sh)[0].columns).toEqual({ indicator: [0], target: [2], actual: [4] });
    expect(report.indicators.map((i) => [i.row, i.target, i.actual, i.achievementRate, i.status])).toEqual([
      [2, '2,000人', '1,800人', 0.9, 'not_met'],
      [3, '249人', '249人', 1, 'met'],
    ]);
    // Issue 9: each column of values with an unknown header gets one note (no role looks like these two).
    expect(report.issues.map((i) => [i.severity, i.code, i.cell])).toEqual([
      ['info', 'TABLE_UNKNOWN_COLUMN', 'B1'],
      ['info', 'TABLE_UNKNOWN_COLUMN', 'D1'],
    ]);
    expect(report.issues[0].message).toContain('資料來源');
  });
});

// -------------------------------------------------------------------------------------------------
// English headers
// -------------------------------------------------------------------------------------------------

describe('English headers', () => {
  it('indicators: Strategic goal | Indicator | Target | Actual', () => {
    const sh = sheet('KPI (en)', [
      ['Part 2: Key performance indicators'],
      ['Strategic goal', 'Indicator', 'Target', 'Actual'],
      ['Safer city', 'Crime clearance rate', '80%', '72%'],
      [null, 'Complaints per officer', '-0.5%', '-0.51%'],
    ]);
    const report = run(sh);
    expect(report.tables).toEqual([{ sheet: 'KPI (en)', kind: 'indicators', range: 'A2:D4' }]);
    expect(readTables(sh)[0].columns).toEqual({ goal: [0], indicator: [1], target: [2], actual: [3] });
    expect(report.indicators.map((i) => [i.row, i.name, i.goal, i.achievementRate, i.status])).toEqual([
      [3, 'Crime clearance rate', 'Safer city', 0.9, 'not_met'],
      [4, 'Complaints per officer', 'Safer city', 1.02, 'met'],
    ]);
    expect(report.issues).toEqual([]);
  });

  it('budget: Plan | Central (千元) | City (千元) | Total (千元)', () => {
    const sh = sheet('Budget (en)', [
      ['Plan', 'Central (千元)', 'City (千元)', 'Total (千元)'],
      ['Street cameras', '5,033', '73,600', '78,633'],
      ['Patrol cars', '38,000', '7,000', '45,000'],
      ['Total', '43,033', '80,600', '123,633'],
    ]);
    const report = run(sh);
    expect(report.tables).toEqual([{ sheet: 'Budget (en)', kind: 'budget', range: 'A1:D4' }]);
    expect(readTables(sh)[0].columns).toEqual({ plan: [0], central: [1], city: [2], total: [3] });
    expect(report.budgets).toEqual([
      { sheet: 'Budget (en)', range: 'A1:D4', total: 123633, central: 43033, city: 80600, bySource: { 中央: 43033, 本府: 80600 }, unit: '千元' },
    ]);
    expect(report.issues).toEqual([]);
  });

  it('budget: a row whose Central + City ≠ Total is reported at the Total cell', () => {
    const sh = sheet('Budget (en)', [
      ['Plan', 'Central (千元)', 'City (千元)', 'Total (千元)'],
      ['Street cameras', '5,033', '73,600', '78,000'],
    ]);
    const report = run(sh);
    expect(report.issues.map((i) => [i.code, i.cell])).toEqual([['BUD_ROW_TOTAL', 'D2']]);
  });

  it('risks: Risk ID | Risk | Likelihood (L) | Impact (I) | Risk score (R) | New countermeasure | Residual … | Owner', () => {
    const sh = sheet('Risks (en)', [
      [
        'Risk ID', 'Risk', 'Likelihood (L)', 'Impact (I)', 'Risk score (R)', 'New countermeasure',
        'Residual likelihood (L)', 'Residual impact (I)', 'Residual risk score (R)', 'Owner',
      ],
      ['R1', 'Camera works delayed', '2', '3', '6', 'Weekly progress review', '1', '3', '3', 'Security Division'],
      ['R2', 'Data leak', '3', '3', '6', 'Encrypt laptops', '2', '2', '4', 'IT Office'],
    ]);
    const report = run(sh);
    expect(report.tables).toEqual([{ sheet: 'Risks (en)', kind: 'risks', range: 'A1:J3' }]);
    expect(readTables(sh)[0].columns).toEqual({
      riskId: [0],
      riskItem: [1],
      likelihood: [2],
      impact: [3],
      score: [4],
      newControl: [5],
      resLikelihood: [6],
      resImpact: [7],
      resScore: [8],
      owner: [9],
    });
    expect(report.risks.map((r) => [r.row, r.id, r.name, r.score, r.level, r.residual?.score, r.residual?.level])).toEqual([
      [2, 'R1', 'Camera works delayed', 6, 'high', 3, 'medium'],
      [3, 'R2', 'Data leak', 9, 'extreme', 4, 'medium'],
    ]);
    // R2: 3 × 3 = 9, written 6.
    expect(report.issues.map((i) => [i.code, i.sheet, i.cell])).toEqual([['RISK_SCORE_MISMATCH', 'Risks (en)', 'E3']]);
  });
});

// -------------------------------------------------------------------------------------------------
// Two tables on one sheet
// -------------------------------------------------------------------------------------------------

describe('two tables on one sheet, one under the other', () => {
  it('an indicator table, a blank row, a title, a budget table', () => {
    const sh = sheet('Plan', [
      ['壹、衡量指標'], // 1
      ['衡量指標', '年度目標值', '實際值'], // 2
      ['查緝逃犯數', '2,119人', '2,200人'], // 3
      ['治平專案檢肅人數', '249人', '249人'], // 4
      [], // 5
      ['貳、年度重要施政計畫預算'], // 6
      ['計畫名稱', '實施內容', '預算金額 (千元)'], // 7
      ['一、犯罪預防宣導活動', '辦理宣導活動', '800'], // 8
      ['二、少年預防犯罪宣導', '數位影音宣導', '669'], // 9
    ]);
    const report = run(sh);
    expect(report.tables).toEqual([
      { sheet: 'Plan', kind: 'indicators', range: 'A2:C4' },
      { sheet: 'Plan', kind: 'budget', range: 'A7:C9' },
    ]);
    expect(report.indicators.map((i) => i.row)).toEqual([3, 4]);
    expect(report.budgets.map((b) => [b.range, b.total])).toEqual([['A7:C9', 1469]]);
    expect(report.issues).toEqual([]);
  });

  it('two tables of the same kind (two indicator tables) stay apart', () => {
    const header: FixtureCell[] = ['衡量指標', '年度目標值', '實際值'];
    const sh = sheet('KPI', [
      ['一、警政治安'], // 1
      header, // 2
      ['查緝逃犯數', '2,119人', '2,200人'], // 3
      [], // 4
      ['二、交通安全'], // 5
      header, // 6
      ['易肇事路口改善完成率', '80%', '76%'], // 7
    ]);
    const report = run(sh);
    expect(report.tables).toEqual([
      { sheet: 'KPI', kind: 'indicators', range: 'A2:C3' },
      { sheet: 'KPI', kind: 'indicators', range: 'A6:C7' },
    ]);
    expect(report.indicators.map((i) => [i.row, i.name])).toEqual([
      [3, '查緝逃犯數'],
      [7, '易肇事路口改善完成率'],
    ]);
  });
});

// -------------------------------------------------------------------------------------------------
// No data, no tables, things that are not tables
// -------------------------------------------------------------------------------------------------

describe('a sheet with only headers', () => {
  it('TABLE_NO_DATA at the header’s first cell; the table is still listed', () => {
    const sh = sheet('Empty', [['肆、施政計畫衡量指標與標準：'], [], [null, '衡量指標', '衡量標準', '年度目標值', '實際值']]);
    const report = run(sh);
    expect(report.tables).toEqual([{ sheet: 'Empty', kind: 'indicators', range: 'B3:E3' }]);
    expect(report.issues.map((i) => [i.code, i.severity, i.sheet, i.cell])).toEqual([['TABLE_NO_DATA', 'warning', 'Empty', 'B3']]);
    expect(report.indicators).toEqual([]);
  });

  it('a two-row risk header with nothing under it', () => {
    const sh = sheet('EmptyRisk', [RISK_TOP, RISK_SUB], riskMerges(1));
    const report = run(sh);
    expect(report.tables).toEqual([{ sheet: 'EmptyRisk', kind: 'risks', range: 'A1:L2' }]);
    expect(codes(report)).toEqual(['TABLE_NO_DATA']);
    expect(report.issues[0].cell).toBe('A1');
  });
});

describe('a workbook with no tables', () => {
  it('TABLE_NONE_FOUND on the first sheet, no cell', () => {
    const report = run(
      sheet('說明', [['臺中市政府警察局 107 年度施政計畫'], ['壹、前言'], ['本局以建構安全城市為目標。']]),
      sheet('空白', []),
    );
    expect(report.tables).toEqual([]);
    expect(report.issues.map((i) => [i.code, i.severity, i.sheet, i.cell])).toEqual([['TABLE_NONE_FOUND', 'warning', '說明', '']]);
  });

  it('an empty workbook', () => {
    const report = run();
    expect(report.tables).toEqual([]);
    expect(codes(report)).toEqual(['TABLE_NONE_FOUND']);
  });
});

describe('the risk scale tables and the pasted risk map are not tables', () => {
  const scalesAndMap = sheet('Scales', [
    ['一、 風險可能性評量表'], // 1
    ['等級', '可能性', '詳細描述'], // 2
    ['3', '非常可能', '1年內大部分情況下會發生'], // 3
    ['2', '可能', '1年內有些情況下會發生'], // 4
    ['1', '不太可能', '1年內只有在少數情況下會發生'], // 5
    [], // 6
    ['二、 風險影響程度評量標準表'], // 7
    ['等級', '影響程度', '工程進度', '錄影監視系統建置數量'], // 8
    ['3', '嚴重', '工程進度延誤半年以上', '建置未達100支'], // 9
    ['2', '中度', '工程進度延誤超過2個月，未達半年', '建置100支以上，未達150支'], // 10
    ['1', '輕微', '工程進度延誤2個月以下', '建置150支以上，未達200支'], // 11
    [], // 12
    ['四、現有風險圖像'], // 13
    ['嚴重 (3)', null, 'P2', null], // 14
    ['中度 (2)', 'P3', null, null], // 15
    ['輕微 (1)', 'P1', null, null], // 16
    ['影響程度 可能性', '不太可能 (1)', '可能 (2)', '非常可能 (3)'], // 17
    [], // 18
    ['極度風險(R=9)：需立即採取處理行動消除或降低其風險。'], // 19
    ['低度風險：1項(33.3%)'], // 20
  ]);

  it('alone on a sheet: no table at all', () => {
    const report = run(scalesAndMap);
    expect(report.tables).toEqual([]);
    expect(readTables(scalesAndMap)).toEqual([]);
    expect(codes(report)).toEqual(['TABLE_NONE_FOUND']);
  });

  it('a map with its axis titles in their own cells', () => {
    const map = sheet('Map', [
      [null, '殘餘風險圖像'],
      ['影響程度', '嚴重 (3)', null, 'P2', null],
      [null, '中度 (2)', 'P1、P3', null, null],
      [null, '輕微 (1)', null, null, 'P4'],
      [null, null, '不太可能 (1)', '可能 (2)', '非常可能 (3)'],
      [null, null, '可能性'],
    ]);
    expect(readTables(map)).toEqual([]);
    expect(run(map).tables).toEqual([]);
  });

  it('seed 000 伍: only the register (A16:L22) is a table', () => {
    const report = run(seed000RiskTable());
    expect(report.tables).toEqual([{ sheet: SHEET_000_RISK, kind: 'risks', range: 'A16:L22' }]);
    expect(report.risks.map((r) => [r.row, r.id, r.score, r.residual?.score])).toEqual([[18, 'P1', 1, 1]]);
  });
});

// -------------------------------------------------------------------------------------------------
// The seed workbook
// -------------------------------------------------------------------------------------------------

describe('the seed workbook', () => {
  const report = validate(seedWorkbook(), { lang: 'en' });

  it('finds exactly these tables', () => {
    expect(report.tables).toEqual([
      { sheet: SHEET_000_PLAN, kind: 'indicators', range: 'A2:D8' },
      { sheet: SHEET_000_PLAN, kind: 'budget', range: 'A2:D8' },
      { sheet: SHEET_000_RISK, kind: 'risks', range: 'A16:L22' },
      { sheet: SHEET_001_KPI, kind: 'indicators', range: 'A3:I10' },
      { sheet: SHEET_002_BUDGET, kind: 'budget', range: 'A3:D55' },
      { sheet: SHEET_002_TARGET, kind: 'indicators', range: 'A3:F10' },
      { sheet: SHEET_003_BUDGET, kind: 'budget', range: 'A3:D22' },
    ]);
  });

  it('has zero errors', () => {
    expect(errors(report)).toEqual([]);
    expect(report.summary.errors).toBe(0);
  });

  it('indicator and risk rows are 1-based worksheet rows', () => {
    expect(report.indicators.filter((i) => i.sheet === SHEET_000_PLAN).map((i) => i.row)).toEqual([3, 4, 5, 6, 7, 8]);
    expect(report.indicators.filter((i) => i.sheet === SHEET_001_KPI).map((i) => i.row)).toEqual([5, 6, 7, 8, 9, 10]);
    expect(report.indicators.filter((i) => i.sheet === SHEET_002_TARGET).map((i) => i.row)).toEqual([4, 5, 6, 7, 8, 9, 10]);
    expect(report.risks.map((r) => [r.sheet, r.row, r.id])).toEqual([[SHEET_000_RISK, 18, 'P1']]);
  });

  it('budgets: the seeds’ sums', () => {
    expect(report.budgets.map((b) => [b.sheet, b.range, b.total, b.central, b.city])).toEqual([
      [SHEET_000_PLAN, 'A2:D8', 36348.8, null, null],
      [SHEET_002_BUDGET, 'A3:D55', 348024, 110774, 237250],
      [SHEET_003_BUDGET, 'A3:D22', 682448.692, null, null],
    ]);
  });
});
