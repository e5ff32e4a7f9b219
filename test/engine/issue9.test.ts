/**
 * Issue 9: what the plan means, not only its numbers — units, targets against their baselines, the agency's own
 * risk scales, settings, unknown columns, continuation rows, numbers stated in the prose. Fixtures are copied from
 * the seed plans (test/fixtures/seeds/*.txt are copies; nothing here reads ../shared).
 */
import { fill, validate } from '../../src/engine';
import { assessAchievement, parseTarget } from '../../src/engine/achievement';
import { achievementExplanation, shownRate } from '../../src/engine/explain';
import { parseNumber } from '../../src/engine/numbers';
import { checkDifference, checkYearlyTarget } from '../../src/engine/prose';
import { mergeSettings, settingsFromJson } from '../../src/engine/settings';
import { readWorkbookScales } from '../../src/engine/scales';
import { templatePlan } from '../../src/engine/template';
import { unitFromText } from '../../src/engine/budget';
import { sheet } from '../fixtures/seedPlans';
import { pastedSheet, pastedWorkbook, seedText, SEED_IDS } from '../fixtures/pasted';
import { errorsOf, issuesOf, workbook } from '../helpers';

const num = (s: string) => parseNumber(s)!;
const tgt = (s: string, name = '') => parseTarget(s, name)!;

// -------------------------------------------------------------------------------------------------
// The four seed plans pasted whole: one line a row, tabs splitting the columns
// -------------------------------------------------------------------------------------------------

describe('the seed plans pasted whole into column A', () => {
  const reports = Object.fromEntries(SEED_IDS.map((id) => [id, validate(pastedWorkbook('計畫', seedText(id)), { lang: 'zh-TW' })]));

  it.each(SEED_IDS)('seed %s raises no error', (id) => {
    expect(errorsOf(reports[id]).map((i) => `${i.code} ${i.cell} ${i.message}`)).toEqual([]);
  });

  it('seed 000: the indicator, budget and risk tables; the 3 × 3 scale and bands of the plan', () => {
    const r = reports['000'];
    expect(r.tables.map((t) => t.kind)).toEqual(['indicators', 'budget', 'risks']);
    expect(r.budgets[0]).toMatchObject({ total: 36348.8, unit: '千元' });
    expect(r.risks.map((x) => [x.id, x.score, x.level])).toEqual([['P1', 1, 'low']]);
    expect(issuesOf(r).filter((i) => i.severity === 'warning')).toEqual([]);
  });

  it('seed 001: only the genuine inconsistencies are warned — the 70% goal weights, 二 → 四, the 12.33% statement', () => {
    const r = reports['001'];
    const warnings = issuesOf(r).filter((i) => i.severity === 'warning');
    expect(warnings.map((i) => i.code).sort()).toEqual(['IND_GOAL_WEIGHT_TOTAL', 'IND_GOAL_WEIGHT_TOTAL', 'NUMBERING_GAP', 'PROSE_DIFFERENCE']);
    const d = issuesOf(r, 'PROSE_DIFFERENCE')[0];
    expect(d.message).toContain('12.33%');
    expect(d.message).toContain('10.92 個百分點');
    expect(d.message).toContain('13.62%');
    // 減少31.07件(-6.15%) and 較去年同期491件減少31件 agree with their numbers: no warning.
    expect(issuesOf(r, 'PROSE_DIFFERENCE')).toHaveLength(1);
  });

  it('seed 001 第二部分 pasted without its merges: the sub-header row moved left is read back in place', () => {
    const first = reports['001'].indicators.filter((i) => i.row < 100);
    expect(first.map((i) => [i.name, i.target])).toEqual([
      ['每十萬人刑事案件發生率', '-0.5%'],
      ['刑案破獲率', '+0.5%'],
      ['易肇事路口改善完成率', '80%'],
      ['取締重大違規停車成長率', '+1.50%'],
      ['道路違規施工查察取締案件數下降率', '-30%'],
      ['投訴案件數下降率', '-0.5%'],
    ]);
  });

  it('seed 001: the 績效衡量暨達成情形分析 column gets one note naming the closest role', () => {
    const notes = issuesOf(reports['001'], 'TABLE_UNKNOWN_COLUMN');
    expect(notes).toHaveLength(1);
    expect(notes[0].message).toContain('績效衡量暨達成情形分析');
    expect(notes[0].message).toContain('實際值');
  });

  it('seed 002: the sentence continuing after the repeated header (共計 384 萬元) belongs to its row; totals agree', () => {
    const r = reports['002'];
    expect(issuesOf(r, 'BUD_TEXT_AMOUNT')).toEqual([]);
    expect(r.budgets).toEqual([expect.objectContaining({ total: 348024, central: 110774, city: 237250, unit: '千元' })]);
    // The seven yearly-target sentences of 壹 all follow their baselines: no PROSE_TARGET_STEP.
    expect(issuesOf(r, 'PROSE_TARGET_STEP')).toEqual([]);
  });

  it('seed 003: the budget table in 千元 under a title saying 新臺幣, no warning', () => {
    const r = reports['003'];
    expect(r.budgets[0].unit).toBe('千元');
    expect(issuesOf(r).filter((i) => i.severity !== 'info')).toEqual([]);
  });

  it('pastedSheet: a line a row, a tab a column', () => {
    expect(pastedSheet('x', 'a\tb\n\tc').rows).toEqual([['a', 'b'], [null, 'c']]);
  });
});

// -------------------------------------------------------------------------------------------------
// Targets and actuals: every combination of docs/achievement.md
// -------------------------------------------------------------------------------------------------

describe('achievement: every target × actual combination', () => {
  it('level target, level actual, higher: a ÷ t', () => {
    const d = assessAchievement(tgt('200 支以上'), num('230'));
    expect(d).toMatchObject({ targetKind: 'level', actualKind: 'level', ratioOf: 'actual_over_target', numerator: 230, denominator: 200, status: 'met' });
    expect(d.rate).toBeCloseTo(1.15, 10);
    expect(achievementExplanation(d, 'zh-TW')).toBe('實際 230 ÷ 目標 200 = 115.0% → 達成');
  });

  it('level target, level actual, lower: t ÷ a; an actual of 0 is met with no rate', () => {
    const d = assessAchievement(tgt('0.2% 以下'), num('0.25%'));
    expect(d).toMatchObject({ ratioOf: 'target_over_actual', status: 'not_met' });
    expect(d.rate).toBeCloseTo(0.8, 10);
    expect(achievementExplanation(d, 'zh-TW')).toBe('越低越好：目標 0.2% ÷ 實際 0.25% = 80.0% → 未達成');
    const z = assessAchievement(tgt('0.2% 以下'), num('0%'));
    expect(z).toMatchObject({ status: 'met', rate: null, reason: 'actual_zero' });
    expect(shownRate(z)).toBe('≥120%');
  });

  it('level target, change actual: the level is the baseline moved by the change; no baseline → no_baseline', () => {
    const d = assessAchievement(tgt('2,119人'), num('+1.5%'), { baseline: num('2,098人'), baselineSource: 'standard' });
    expect(d).toMatchObject({ targetKind: 'level', actualKind: 'change', status: 'met' });
    expect(d.actualLevel).toBeCloseTo(2129.47, 10);
    expect(d.rate).toBeCloseTo(2129.47 / 2119, 10);
    expect(assessAchievement(tgt('2,119人'), num('+1.5%'))).toMatchObject({ status: 'unknown', reason: 'no_baseline' });
  });

  it('point-change target, level actual: c = a − baseline (91.12% on 80.20% is +10.92 points)', () => {
    const d = assessAchievement(tgt('+0.5%'), num('91.12%'), { baseline: num('80.20%'), baselineSource: 'standard' });
    expect(d).toMatchObject({ targetKind: 'points', actualKind: 'level', changeUnit: 'points', ratioOf: 'change_over_target', status: 'met' });
    expect(d.actualChange).toBeCloseTo(10.92, 10);
    expect(d.rate).toBeCloseTo(21.84, 10);
    expect(achievementExplanation(d, 'zh-TW')).toBe(
      '實際 91.12%，較基準 80.20%（衡量標準） 增加 10.92 個百分點；目標 +0.5 個百分點 → 10.92 ÷ 0.5 = 2,184.0%（顯示為 ≥120%），達成',
    );
    expect(shownRate(d)).toBe('≥120%');
  });

  it('relative-change target, level actual: c = (a − baseline) ÷ |baseline| × 100', () => {
    const d = assessAchievement(tgt('+1%'), num('2,150人'), { baseline: num('2,098人') });
    expect(d).toMatchObject({ targetKind: 'relative', actualKind: 'level', changeUnit: 'relative' });
    expect(d.actualChange).toBeCloseTo(((2150 - 2098) / 2098) * 100, 10);
    expect(d.status).toBe('met');
    expect(achievementExplanation(d, 'en')).toContain('on the baseline 2,098');
  });

  it('change target, signed change actual: c ÷ t, the baseline not applied', () => {
    const d = assessAchievement(tgt('-0.5%'), num('-6.15%'));
    expect(d).toMatchObject({ actualKind: 'change', status: 'met', ratioOf: 'change_over_target', numerator: -6.15, denominator: -0.5 });
    expect(achievementExplanation(d, 'zh-TW')).toBe('實際變動 -6.15%；目標 -0.5% → -6.15 ÷ -0.5 = 1,230.0%（顯示為 ≥120%），達成');
  });

  it('change target, unsigned percentage of a rate-of-change indicator: the change itself, even with a baseline', () => {
    const d = assessAchievement(tgt('+1.50%', '取締重大違規停車成長率'), num('1.36%'), { baseline: num('43.06%'), actualIsChange: true });
    expect(d).toMatchObject({ actualKind: 'change', status: 'not_met' });
    expect(d.rate).toBeCloseTo(1.36 / 1.5, 10);
  });

  it('change target, level actual, no baseline: 無法計算 with the reason', () => {
    const d = assessAchievement(tgt('+1%'), num('2,150人'));
    expect(d).toMatchObject({ status: 'unknown', reason: 'no_baseline', rate: null });
    expect(achievementExplanation(d, 'zh-TW')).toMatch(/^無法計算：.*基準/);
  });

  it('a relative change on a baseline of 0: baseline_zero', () => {
    expect(assessAchievement(tgt('+1%'), num('3件'), { baseline: num('0件') })).toMatchObject({ status: 'unknown', reason: 'baseline_zero' });
  });

  it('an opposite move keeps its negative rate and says so', () => {
    const d = assessAchievement(tgt('+0.5%'), num('79%'), { baseline: num('80.20%') });
    expect(d.reason).toBe('opposite_direction');
    expect(achievementExplanation(d, 'zh-TW')).toContain('變動方向與目標相反');
  });

  it('the seed 001 table: 刑案破獲率 91.12% with the 衡量標準 baseline; the report says what each rate is a ratio of', () => {
    const r = validate(pastedWorkbook('KPI', ['衡量指標\t衡量標準\t年度目標值\t實際值', '刑案破獲率\t前10年(96-105年)平均破獲率為基準(80.20%)\t+0.5%\t91.12%'].join('\n')));
    expect(r.indicators[0]).toMatchObject({ targetType: 'points', actualKind: 'level', baseline: { value: 80.2, percent: true, source: 'standard' }, change: 10.92, shownRate: '≥120%', ratioOf: 'change_over_target' });
    expect(r.indicators[0].achievementRate).toBeCloseTo(21.84, 6);
  });

  it('fill: a rate above the cap reads ≥120.0% in its cell, and 達成說明 explains it', () => {
    const snap = pastedWorkbook('KPI', ['衡量指標\t年度目標值\t實際值', '每十萬人刑事案件發生率\t-0.5%\t-6.15%', '易肇事路口改善完成率\t80%\t80%'].join('\n'));
    const { plan } = fill(snap);
    const s = plan.sheets.find((x) => x.sheet === 'KPI')!;
    expect(s.formats).toContainEqual({ range: { top: 1, left: 3, bottom: 1, right: 3 }, format: { numberFormat: '"≥"0.0%' } });
    expect(s.formats.filter((f) => f.format.numberFormat === '"≥"0.0%')).toHaveLength(1);
    const note = s.cells.find((c) => c.row === 1 && c.col === 5)!;
    expect(note.value).toEqual({ text: '實際變動 -6.15%；目標 -0.5% → -6.15 ÷ -0.5 = 1,230.0%（顯示為 ≥120%），達成' });
  });
});

// -------------------------------------------------------------------------------------------------
// Units
// -------------------------------------------------------------------------------------------------

describe('units', () => {
  it('reads 元, 千元, 萬元, 百萬元, 億元 and 新臺幣…元', () => {
    expect(['（單位：新臺幣元）', '預算金額 (千元)', '單位：萬元', '(百萬元)', '億元', '（新臺幣；以下同）'].map(unitFromText)).toEqual(['元', '千元', '萬元', '百萬元', '億元', null]);
  });

  it('a table in 元 (its title): sums in 元 and a prose amount of 萬元 converted to it', () => {
    const r = validate(
      pastedWorkbook('B', ['預算表（單位：新臺幣元）', '計畫名稱\t實施內容\t預算金額', '甲計畫\t預算編列新臺幣 3,560 萬元\t35,600,000', '乙計畫\t辦理訓練\t12,000,000', '總計\t\t47,600,000'].join('\n')),
    );
    expect(errorsOf(r)).toEqual([]);
    expect(r.budgets[0]).toMatchObject({ total: 47600000, unit: '元' });
  });

  it('a (單位：千元) row under the header is not data and not an unreadable amount', () => {
    const r = validate(pastedWorkbook('B', ['計畫名稱\t預算金額', '(單位：千元)', '甲\t1,000', '乙\t2,000'].join('\n')));
    expect(errorsOf(r)).toEqual([]);
    expect(r.budgets[0]).toMatchObject({ total: 3000, unit: '千元' });
  });

  it('header 千元 and title 元: a warning naming both; the header decides', () => {
    const r = validate(pastedWorkbook('B', ['（單位：元）', '計畫名稱\t預算金額 (千元)', '甲\t1,000'].join('\n')));
    const w = issuesOf(r, 'BUD_UNIT_CONFLICT');
    expect(w).toHaveLength(1);
    expect(w[0].message).toContain('千元');
    expect(w[0].message).toContain('（單位：元）');
    expect(r.budgets[0].unit).toBe('千元');
  });

  it('findings name the unit: BUD_COLUMN_TOTAL in 元', () => {
    const r = validate(pastedWorkbook('B', ['（單位：元）', '計畫名稱\t預算金額', '甲\t1,000', '總計\t2,000'].join('\n')), { lang: 'en' });
    expect(issuesOf(r, 'BUD_COLUMN_TOTAL')[0].message).toContain('1,000 元');
  });
});

// -------------------------------------------------------------------------------------------------
// Continuation rows, separators, empty header cells
// -------------------------------------------------------------------------------------------------

describe('continuation rows after a repeated header, separator rows, empty header cells', () => {
  const lines = [
    '工作計畫名稱\t重要施政計畫項目\t實施內容\t預算金額 (單位：千元)',
    '保安\t健全守望相助隊功能\t一、補助 245 隊，共計 367 萬 5,000 元。二、獎勵 44 隊，共計 77 萬 5,000 元。三、辦理自強活動與聯誼，增加守望相\t中央：0 本府：8,290 合計：8,290',
    '工作計畫名稱\t重要施政計畫項目\t實施內容\t預算金額 (單位：千元)',
    '\t\t助隊間之交流學習，預計補助 6,400 人，每人每年補助 600 元，共計 384 萬元。\t',
    '----\t----\t----\t----',
    '\t強化民防人員功能\t一、落實訓練。\t中央：0 本府：493 合計：493',
  ];
  const r = validate(pastedWorkbook('B', lines.join('\n')));

  it('the sentence broken by the page belongs to the row before the break', () => {
    expect(issuesOf(r, 'BUD_TEXT_AMOUNT')).toEqual([]);
    expect(r.budgets[0].total).toBe(8783);
  });

  it('a ---- row is neither data nor the end of the table', () => {
    expect(errorsOf(r)).toEqual([]);
    expect(r.tables).toEqual([{ sheet: 'B', kind: 'budget', range: 'A1:D6' }]);
  });

  it('without the continuation the amounts disagree (the rule still bites)', () => {
    const cut = validate(pastedWorkbook('B', lines.filter((_, k) => k !== 3).join('\n')));
    expect(issuesOf(cut, 'BUD_TEXT_AMOUNT')).toHaveLength(1);
  });

  it('an empty header cell under a group label is not a duplicate column', () => {
    const s = sheet('K', [
      ['策略績效目標', null, '衡量指標', null, null, null],
      [null, null, '衡量指標', '評估體制', '衡量標準', '目標值', null],
      ['一', '積極查緝犯罪(100%)', '刑案破獲率(100%)', '統計數據', '前10年平均破獲率為基準(80.20%)', '+0.5%', '備用'],
    ]);
    expect(issuesOf(validate(workbook(s)), 'TABLE_DUPLICATE_COLUMN')).toEqual([]);
  });
});

// -------------------------------------------------------------------------------------------------
// Columns it does not know
// -------------------------------------------------------------------------------------------------

describe('columns it does not know', () => {
  const lines = ['衡量指標\t年度目標值\t執行成果', '查緝逃犯數\t2,119人\t2,150人'];

  it('「執行成果」 gets one note naming the closest role; nothing is computed from it', () => {
    const r = validate(pastedWorkbook('K', lines.join('\n')));
    const n = issuesOf(r, 'TABLE_UNKNOWN_COLUMN');
    expect(n).toHaveLength(1);
    expect(n[0]).toMatchObject({ severity: 'info', cell: 'C1' });
    expect(n[0].message).toContain('「執行成果」');
    expect(n[0].message).toContain('看起來像實際值欄');
    expect(r.indicators[0].reason).toBe('no_actual');
  });

  it('settings map the header to a role: then it is the actual', () => {
    const r = validate(pastedWorkbook('K', lines.join('\n')), { settings: { columnRoles: { 執行成果: 'actual' } } });
    expect(issuesOf(r, 'TABLE_UNKNOWN_COLUMN')).toEqual([]);
    expect(r.indicators[0]).toMatchObject({ actual: '2,150人', status: 'met' });
  });

  it('the mapping can be kept in the workbook (snapshot.settings)', () => {
    const snap = { ...pastedWorkbook('K', lines.join('\n')), settings: JSON.stringify({ columnRoles: { 執行成果: 'actual' } }) };
    expect(validate(snap).indicators[0].status).toBe('met');
  });
});

// -------------------------------------------------------------------------------------------------
// Numbers in the prose
// -------------------------------------------------------------------------------------------------

describe('numbers in the prose', () => {
  it.each([
    '(3) 以110年緝獲逃犯數2,098人為基準數，逐年增加1%為目標，111年查緝逃犯數目標值為2,119人',
    '(3) 以110年檢肅全般竊盜破獲率99.3%為基準，以逐年增加0.1%為目標，111年檢肅全般竊盜破獲率目標值為99.4%',
    '(3) 以110年取締件數202件基準，逐年提升1%為目標，111年取締目標值為204件',
    '2. 在防制轄區車手提款部分，以 110 年本轄 ATM 提領次數 2,048 次為基準數，逐年降低 1% 為目標，111 年防制轄區車手提款次數目標值為 2,028 次',
    '（3）針對治平專案檢肅目標，110年查獲人數247人為基準數，逐年增加1%為目標，111年查緝目標值249人',
  ])('a yearly target that follows its baseline: %s', (s) => {
    expect(checkYearlyTarget(s)).toMatchObject({ ok: true });
  });

  it('a yearly target that does not follow is a warning at its cell', () => {
    const text = ['施政目標', '(3) 以110年緝獲逃犯數2,098人為基準數，逐年增加1%為目標，111年查緝逃犯數目標值為2,200人。'].join('\n');
    const r = validate(pastedWorkbook('P', text));
    const w = issuesOf(r, 'PROSE_TARGET_STEP');
    expect(w.map((i) => [i.severity, i.cell])).toEqual([['warning', 'A2']]);
    expect(w[0].message).toContain('2,118.98');
    expect(w[0].message).toContain('2,200人');
  });

  it('a difference of percentages: both readings (points and relative) are shown', () => {
    const d = checkDifference('本期破獲率91.12%，高出基準破獲率(80.20%)達12.33%')!;
    expect(d.ok).toBe(false);
    expect(d.params).toMatchObject({ points: '10.92', relative: '13.62%', stated: '12.33%' });
    expect(checkDifference('本期破獲率91.12%，高出基準破獲率(80.20%)達10.92%')!.ok).toBe(true);
    expect(checkDifference('本期破獲率91.12%，高出基準破獲率(80.20%)達13.62%')!.ok).toBe(true);
  });

  it('a count difference with its relative change in brackets', () => {
    expect(checkDifference('本市每10萬人口全般刑案發生數為473.75件，較105年1-6月(以下簡稱同期)刑案發生數504.82件，減少31.07件(-6.15%)')!.ok).toBe(true);
    expect(checkDifference('本期受理民眾投訴陳情案件計460件，較去年同期491件減少31件')!.ok).toBe(true);
    expect(checkDifference('本期受理民眾投訴陳情案件計460件，較去年同期491件減少41件')!.ok).toBe(false);
    expect(checkDifference('發生數為473.75件，較同期504.82件，減少31.07件(-7.15%)')!.ok).toBe(false);
  });

  it('a sentence not understood is left alone', () => {
    expect(checkDifference('截至本期達成率為 -0.51% (460 件-491 件÷6,040 人) 已達成年度目標值-0.5%')).toBeNull();
    expect(checkYearlyTarget('逐年增加為目標')).toBeNull();
  });
});

// -------------------------------------------------------------------------------------------------
// The agency's own matrix, settings, a 5 × 5 register end to end
// -------------------------------------------------------------------------------------------------

const FIVE = [
  '一、風險可能性評量表',
  '等級\t可能性\t詳細描述',
  '5\t幾乎確定\t1年內幾乎一定會發生',
  '4\t很可能\t1年內大部分情況下會發生',
  '3\t可能\t1年內有些情況下會發生',
  '2\t不太可能\t1年內少數情況下會發生',
  '1\t極不可能\t1年內幾乎不會發生',
  '',
  '二、風險影響程度評量標準表',
  '等級\t影響程度\t工程進度',
  '5\t非常嚴重\t延誤一年以上',
  '4\t嚴重\t延誤半年以上',
  '3\t中度\t延誤超過2個月',
  '2\t輕微\t延誤1至2個月',
  '1\t極輕微\t延誤1個月以下',
  '',
  '三、風險評估及處理彙總表',
  '風險項目\t風險情境\t可能性 (L)\t影響程度 (I)\t風險值 (R)\t風險等級\t新增風險對策',
  'P1 工程延誤\t天候不佳\t5\t4\t20\t極度\t增派人力',
  'P2 系統故障\t設備老舊\t3\t4\t12\t高度\t汰換設備',
  'P3 宣導不足\t場次減少\t2\t2\t4\t低度\t-',
  '',
  '極度風險(R=15~25)：需立即採取處理行動消除或降低其風險。',
  '高度風險(R=10~12)：需研擬對策消除或降低其風險。',
  '中度風險(R=5~9)：仍需進行控管活動降低其風險。',
  '低度風險(R=1~4)：不需執行特定活動降低其風險。',
].join('\n');

describe('the agency’s own matrix: a 5 × 5 register end to end', () => {
  const snap = pastedWorkbook('風險', FIVE);

  it('the definition tables and the level lines decide the scale, names and bands', () => {
    const found = readWorkbookScales(snap);
    expect(found.settings.scale).toBe(5);
    expect(found.settings.likelihoodNames!['zh-TW']).toEqual(['極不可能', '不太可能', '可能', '很可能', '幾乎確定']);
    expect(found.settings.bands!.map((b) => [b.level, b.min, b.max])).toEqual([
      ['low', 1, 4],
      ['medium', 5, 9],
      ['high', 10, 12],
      ['extreme', 15, 25],
    ]);
  });

  it('validate: L = 5 is in range; levels follow the plan’s bands; no error', () => {
    const r = validate(snap);
    expect(errorsOf(r)).toEqual([]);
    expect(r.risks.map((x) => [x.id, x.score, x.level])).toEqual([
      ['P1', 20, 'extreme'],
      ['P2', 12, 'high'],
      ['P3', 4, 'low'],
    ]);
  });

  it('fill and map: the 風險圖像 grid is 5 × 5 with the plan’s names', () => {
    const { plan } = fill(snap);
    const map = plan.sheets.find((s) => s.sheet === '風險圖像')!;
    const texts = map.cells.map((c) => (c.value && 'text' in c.value ? c.value.text : ''));
    expect(texts).toContain('幾乎確定 (5)');
    expect(texts).toContain('非常嚴重 (5)');
    // Both maps (current, residual) reach R = 25 in their top right cell: 5 × 5.
    expect(texts.filter((t) => t === 'R=25')).toHaveLength(2);
    expect(texts).toContain('P1\nR=20');
    expect(texts).toContain('P2\nR=12');
  });

  it('without the tables the same register on the 3 × 3 default is out of range; settings {"scale": 5} fix it', () => {
    const reg = pastedWorkbook('風險', FIVE.split('\n').slice(17, 21).join('\n'));
    expect(issuesOf(validate(reg), 'RISK_LIKELIHOOD_RANGE')).toHaveLength(1);
    expect(errorsOf(validate(reg, { settings: { scale: 5 } }))).toEqual([]);
    expect(errorsOf(validate({ ...reg, settings: '{"scale":5}' }))).toEqual([]);
  });

  it('the report says which matrix was used and which of the workbook’s tables decided it', () => {
    expect(validate(snap).scale).toEqual({
      size: 5,
      bands: [
        { level: 'low', min: 1, max: 4 },
        { level: 'medium', min: 5, max: 9 },
        { level: 'high', min: 10, max: 12 },
        { level: 'extreme', min: 15, max: 25 },
      ],
      likelihoodTable: { sheet: '風險', cell: 'A2' },
      impactTable: { sheet: '風險', cell: 'A10' },
      levelLines: { sheet: '風險', cell: 'A23' },
    });
    expect(fill(snap).report.scale).toEqual(validate(snap).scale);
    // The register alone: the settings decide, no table is named.
    const reg = pastedWorkbook('風險', FIVE.split('\n').slice(17, 21).join('\n'));
    expect(validate(reg, { settings: { scale: 5 } }).scale).toMatchObject({ size: 5, likelihoodTable: null, impactTable: null, levelLines: null });
    expect(validate(reg).scale).toMatchObject({ size: 3, likelihoodTable: null, impactTable: null, levelLines: null });
    // An impact table of 3 levels beside a likelihood table of 5: the 5 decides, the 3 is not used (RISK_SCALE_MISMATCH).
    const mixed = pastedWorkbook('風險', FIVE.split('\n').filter((l, k) => !(k >= 11 && k <= 12)).join('\n'));
    const r = validate(mixed);
    expect(issuesOf(r, 'RISK_SCALE_MISMATCH')).toHaveLength(1);
    expect(r.scale).toMatchObject({ size: 5, likelihoodTable: { sheet: '風險', cell: 'A2' }, impactTable: null });
  });

  it('template --scale 5: dropdowns of 1 … 5', () => {
    const plan = templatePlan('zh-TW', { scale: 5 });
    const v = plan.sheets.flatMap((s) => s.validations).filter((x) => x.values.every((y) => /^\d$/.test(y)));
    expect(v.length).toBeGreaterThan(0);
    for (const x of v) expect(x.values).toEqual(['1', '2', '3', '4', '5']);
  });
});

describe('settings: checked and merged in one place', () => {
  it('keeps what fits and names what does not', () => {
    const { settings, problems } = settingsFromJson({ scale: 5, tolerance: 99, displayCap: 1.5, columnRoles: { 執行成果: 'actual' } });
    expect(settings).toEqual({ scale: 5, displayCap: 1.5, columnRoles: { 執行成果: 'actual' } });
    expect(problems).toEqual([{ field: 'tolerance', value: '99' }]);
    expect(settingsFromJson('not json').problems).toHaveLength(1);
    expect(settingsFromJson({ columnRoles: { x: 'nothing' } }).problems).toEqual([{ field: 'columnRoles', value: '{"x":"nothing"}' }]);
  });

  it('a bad setting kept in the workbook is a warning, and the default applies', () => {
    const r = validate({ ...pastedWorkbook('K', '衡量指標\t年度目標值\n甲\t80%'), settings: '{"scale": 12}' }, { lang: 'en' });
    expect(issuesOf(r, 'SETTINGS_IGNORED').map((i) => i.message)).toEqual(['The setting "scale" has the value 12, which cannot be used; the default applies.']);
  });

  it('a 5 × 5 scale brings its bands, tolerance and threshold', () => {
    const s = mergeSettings([{ scale: 5 }]);
    expect(s.bands.map((b) => [b.min, b.max])).toEqual([[1, 4], [5, 9], [10, 12], [15, 25]]);
    expect([s.tolerance, s.actionThreshold]).toEqual([9, 10]);
    expect(s.likelihoodNames['zh-TW']).toHaveLength(5);
  });
});
