/**
 * Achievement: `parseTarget` (kind, value, direction) and `achievementOf` (rate, status, reason),
 * with actuals read as the engine reads them (parseNumber), and `displayRate`.
 *
 * Formulas (src/engine/achievement.ts):
 * - level, higher is better: rate = actual ÷ target; met when actual ≥ target.
 * - level, lower is better:  rate = target ÷ actual; met when actual ≤ target; actual 0 → met, no rate.
 * - change:                  rate = actual change ÷ target change; met when the change reaches the
 *                            target in the target's direction; the opposite direction keeps its negative rate.
 */
import { Achievement, achievementOf, DISPLAY_CAP, displayRate, parseTarget, TargetSpec } from '../../src/engine/achievement';
import { parseNumber, ParsedNumber } from '../../src/engine/numbers';

/** An actual (or baseline) cell as the engine reads it. */
function num(text: string): ParsedNumber {
  const n = parseNumber(text);
  if (!n) throw new Error(`parseNumber could not read ${JSON.stringify(text)}`);
  return n;
}

function target(text: string, name = '', direction = ''): TargetSpec {
  const t = parseTarget(text, name, direction);
  if (!t) throw new Error(`parseTarget could not read ${JSON.stringify(text)}`);
  return t;
}

/** achievementOf(parseTarget(targetText), parseNumber(actualText)). */
function ach(targetText: string, actualText: string, name = '', direction = ''): Achievement {
  return achievementOf(target(targetText, name, direction), num(actualText));
}

/** The rate rounded as other tools show it: 4 places. */
const r4 = (v: number | null): number | null => (v === null ? null : Math.round(v * 1e4) / 1e4);

// -------------------------------------------------------------------------------------------------
// parseTarget
// -------------------------------------------------------------------------------------------------

describe('parseTarget', () => {
  it('a plain level is higher-is-better', () => {
    expect(parseTarget('80%')).toEqual({ kind: 'level', value: 80, percent: true, decimals: 0, direction: 'higher', text: '80%' });
    expect(parseTarget('2,119人')).toMatchObject({ kind: 'level', value: 2119, percent: false, direction: 'higher' });
    expect(parseTarget('20')).toMatchObject({ kind: 'level', value: 20, percent: false, direction: 'higher' });
  });

  it('以上 in prose: `1 萬人以上` is the level 10,000, higher', () => {
    expect(parseTarget('預防犯罪宣導人數達 1 萬人以上')).toMatchObject({ kind: 'level', value: 10000, percent: false, direction: 'higher' });
    expect(parseTarget('建置及汰舊 200 支以上之錄影監視器')).toMatchObject({ kind: 'level', value: 200, direction: 'higher' });
  });

  it('以下 in prose: `降低執法錯誤率於 0.2% 以下` is the level 0.2%, lower', () => {
    expect(parseTarget('降低執法錯誤率於 0.2% 以下')).toMatchObject({ kind: 'level', value: 0.2, percent: true, decimals: 1, direction: 'lower' });
    expect(parseTarget('每月不超過 5 件')).toMatchObject({ kind: 'level', value: 5, direction: 'lower' });
  });

  it('a signed percentage is a change in the sign’s direction', () => {
    expect(parseTarget('-0.5%')).toEqual({ kind: 'change', value: -0.5, percent: true, decimals: 1, direction: 'lower', text: '-0.5%' });
    expect(parseTarget('+1.50%')).toEqual({ kind: 'change', value: 1.5, percent: true, decimals: 2, direction: 'higher', text: '+1.50%' });
    expect(parseTarget('-30%')).toMatchObject({ kind: 'change', value: -30, direction: 'lower' });
    expect(parseTarget('＋0.5％')).toMatchObject({ kind: 'change', value: 0.5, direction: 'higher' });
    expect(parseTarget('－0.5％')).toMatchObject({ kind: 'change', value: -0.5, direction: 'lower' });
  });

  it('words: `降低…0.1%` is the change -0.1, `增加 1%` the change +1', () => {
    expect(parseTarget('1. 降低全般刑案發生數 0.1%')).toMatchObject({ kind: 'change', value: -0.1, percent: true, direction: 'lower' });
    expect(parseTarget('降低全般刑案發生數0.1%')).toMatchObject({ kind: 'change', value: -0.1, direction: 'lower' });
    expect(parseTarget('較去年度平均值增加 1%')).toMatchObject({ kind: 'change', value: 1, percent: true, direction: 'higher' });
    expect(parseTarget('增加 1%')).toMatchObject({ kind: 'change', value: 1, direction: 'higher' });
    expect(parseTarget('減少 2.5%')).toMatchObject({ kind: 'change', value: -2.5, direction: 'lower' });
    expect(parseTarget('提升 3%')).toMatchObject({ kind: 'change', value: 3, direction: 'higher' });
  });

  it('the indicator’s name: `…下降率` with `30%` is the change -30; `…成長率` with `1.5%` is +1.5', () => {
    expect(parseTarget('30%', '道路違規施工查察取締案件數下降率')).toMatchObject({ kind: 'change', value: -30, percent: true, direction: 'lower' });
    expect(parseTarget('30%', '投訴案件數減少率')).toMatchObject({ kind: 'change', value: -30, direction: 'lower' });
    expect(parseTarget('1.5%', '取締重大違規停車成長率')).toMatchObject({ kind: 'change', value: 1.5, direction: 'higher' });
    // The sign written in the target wins over the name.
    expect(parseTarget('-30%', '道路違規施工查察取締案件數下降率')).toMatchObject({ kind: 'change', value: -30, direction: 'lower' });
    // A name without a rate word leaves a plain percentage a level.
    expect(parseTarget('30%', '易肇事路口改善完成率')).toMatchObject({ kind: 'level', value: 30, direction: 'higher' });
  });

  it('an explicit direction column turns a plain level lower-is-better', () => {
    expect(parseTarget('120件', '交通事故件數', '越低越好')).toMatchObject({ kind: 'level', value: 120, percent: false, direction: 'lower' });
    expect(parseTarget('3%', '執法錯誤率', '愈低愈好')).toMatchObject({ kind: 'level', value: 3, percent: true, direction: 'lower' });
    expect(parseTarget('120件', '交通事故件數', 'Lower is better')).toMatchObject({ kind: 'level', direction: 'lower' });
    expect(parseTarget('80%', '破獲率', '越高越好')).toMatchObject({ kind: 'level', value: 80, direction: 'higher' });
    expect(parseTarget('120件', '交通事故件數', '')).toMatchObject({ kind: 'level', direction: 'higher' });
  });

  it('`提升至 85%` / `降低至 0.5%` (to, not by) are levels, not changes', () => {
    expect(parseTarget('破獲率提升至 85%')).toMatchObject({ kind: 'level', value: 85, percent: true, direction: 'higher' });
    expect(parseTarget('錯誤率降低至 0.5%')).toMatchObject({ kind: 'level', value: 0.5, percent: true, direction: 'lower' });
    expect(parseTarget('下降到 5%')).toMatchObject({ kind: 'level', value: 5, direction: 'lower' });
    expect(parseTarget('Reduce to 5%')).toMatchObject({ kind: 'level', value: 5, direction: 'lower' });
    // `by` stays a change.
    expect(parseTarget('reduce by 5%')).toMatchObject({ kind: 'change', value: -5, direction: 'lower' });
  });

  it('bound signs as typed in Taiwan: ≦ ＜ < and 未超過 are lower-is-better levels', () => {
    expect(parseTarget('≦0.2%')).toMatchObject({ kind: 'level', value: 0.2, direction: 'lower' });
    expect(parseTarget('＜0.2%')).toMatchObject({ kind: 'level', value: 0.2, direction: 'lower' });
    expect(parseTarget('<0.2%')).toMatchObject({ kind: 'level', value: 0.2, direction: 'lower' });
    expect(parseTarget('未超過 0.2%')).toMatchObject({ kind: 'level', value: 0.2, direction: 'lower' });
    expect(parseTarget('≤0.2%')).toMatchObject({ kind: 'level', value: 0.2, direction: 'lower' });
    expect(parseTarget('≧80%')).toMatchObject({ kind: 'level', value: 80, direction: 'higher' });
  });

  it('a word inside an unrelated English word gives no direction (`execution` holds `cut`)', () => {
    expect(parseTarget('Budget execution 95%')).toMatchObject({ kind: 'level', value: 95, percent: true, direction: 'higher' });
  });

  it('a decrease word with a count: `減少 50 件` points down', () => {
    expect(parseTarget('減少 50 件')).toMatchObject({ direction: 'lower' });
  });

  it('no number: null', () => {
    expect(parseTarget('')).toBeNull();
    expect(parseTarget('持續推動')).toBeNull();
  });
});

// -------------------------------------------------------------------------------------------------
// Levels, higher is better
// -------------------------------------------------------------------------------------------------

describe('level, higher is better: rate = actual ÷ target', () => {
  it('80% against 80% → 1.0, met', () => {
    expect(ach('80%', '80%')).toEqual({ status: 'met', rate: 1 });
  });

  it('25 places, 20 improved (80%) against the target 80% → 1.0, met', () => {
    const improved = `${(20 / 25) * 100}%`;
    expect(improved).toBe('80%');
    expect(ach('80%', improved)).toEqual({ status: 'met', rate: 1 });
  });

  it('`1 萬人以上` against 9,000 → 0.9, not met', () => {
    expect(ach('預防犯罪宣導人數達 1 萬人以上', '9,000')).toEqual({ status: 'not_met', rate: 0.9 });
    expect(ach('預防犯罪宣導人數達 1 萬人以上', '12,000人')).toEqual({ status: 'met', rate: 1.2 });
  });

  it('2,119人 against 2,200人 → met, 1.0382', () => {
    const a = ach('2,119人', '2,200人');
    expect(a.status).toBe('met');
    expect(r4(a.rate)).toBe(1.0382);
  });

  it('status agrees with the rate: an actual below the target is not met, however it is rounded', () => {
    // 99% is below the target 99.4%: rate 0.996, not met.
    const a = ach('99.4%', '99%');
    expect(r4(a.rate)).toBe(0.996);
    expect(a.status).toBe('not_met');
    // 80% is below the target 80.4%: not met.
    expect(ach('80.4%', '80%').status).toBe('not_met');
  });

  it('a target of 0 or below cannot be divided by', () => {
    expect(ach('0件', '5件')).toEqual({ status: 'unknown', rate: null, reason: 'target_not_positive' });
  });
});

// -------------------------------------------------------------------------------------------------
// Levels, lower is better
// -------------------------------------------------------------------------------------------------

describe('level, lower is better: rate = target ÷ actual', () => {
  const T = '降低執法錯誤率於 0.2% 以下';

  it('0.1% against `0.2% 以下` → 2, met', () => {
    expect(ach(T, '0.1%')).toEqual({ status: 'met', rate: 2 });
  });

  it('0.2% → 1, met; 0.4% → 0.5, not met', () => {
    expect(ach(T, '0.2%')).toEqual({ status: 'met', rate: 1 });
    expect(ach(T, '0.4%')).toEqual({ status: 'not_met', rate: 0.5 });
  });

  it('actual 0 → met, no rate (no division by zero), reason actual_zero', () => {
    const a = ach(T, '0%');
    expect(a).toEqual({ status: 'met', rate: null, reason: 'actual_zero' });
    expect(displayRate(a)).toBe(DISPLAY_CAP);
  });

  it('`≦0.2%` with 0.1% → 2, met', () => {
    expect(ach('≦0.2%', '0.1%')).toEqual({ status: 'met', rate: 2 });
  });

  it('status agrees with the rate: 1% against `0.6% 以下` → 0.6, not met', () => {
    const a = ach('錯誤率 0.6% 以下', '1%');
    expect(a.rate).toBeCloseTo(0.6, 10);
    expect(a.status).toBe('not_met');
  });

  it('an explicit direction column: 120件 越低越好 against 100件 → 1.2, met; 150件 → 0.8, not met', () => {
    expect(ach('120件', '100件', '交通事故件數', '越低越好')).toEqual({ status: 'met', rate: 1.2 });
    expect(ach('120件', '150件', '交通事故件數', '越低越好')).toEqual({ status: 'not_met', rate: 0.8 });
  });
});

// -------------------------------------------------------------------------------------------------
// Change targets
// -------------------------------------------------------------------------------------------------

describe('change targets: rate = actual change ÷ target change', () => {
  it('-0.5% with -6.15% → 12.3, met', () => {
    const a = ach('-0.5%', '-6.15%');
    expect(a.status).toBe('met');
    expect(a.rate).toBeCloseTo(12.3, 10);
    expect(a.reason).toBeUndefined();
  });

  it('+1.50% with 1.36% → 0.9067 (4 places), not met', () => {
    const a = ach('+1.50%', '1.36%');
    expect(a.status).toBe('not_met');
    expect(r4(a.rate)).toBe(0.9067);
    expect(a.reason).toBeUndefined();
  });

  it('-30% with -67.6% → 2.2533 (4 places), met', () => {
    const a = ach('-30%', '-67.6%');
    expect(a.status).toBe('met');
    expect(r4(a.rate)).toBe(2.2533);
  });

  it('-0.5% with -0.51% → 1.02, met; with -0.45% → 0.9, not met', () => {
    const met = ach('-0.5%', '-0.51%');
    expect(met.status).toBe('met');
    expect(met.rate).toBeCloseTo(1.02, 10);
    const not = ach('-0.5%', '-0.45%');
    expect(not.status).toBe('not_met');
    expect(not.rate).toBeCloseTo(0.9, 10);
  });

  it('+0.5% with -1%: the opposite direction keeps its negative rate, not met', () => {
    const a = ach('+0.5%', '-1%');
    expect(a).toEqual({ status: 'not_met', rate: -2, reason: 'opposite_direction' });
    expect(displayRate(a)).toBe(0);
  });

  it('-0.5% with +1%: the opposite direction, rate -2, not met', () => {
    expect(ach('-0.5%', '+1%')).toEqual({ status: 'not_met', rate: -2, reason: 'opposite_direction' });
  });

  it('no change at all: rate 0, not met', () => {
    expect(ach('+1.50%', '0%')).toEqual({ status: 'not_met', rate: 0 });
    // The actual's written precision (`0%` → ±0.5) must not make "no change" meet a ±0.5% target.
    expect(ach('-0.5%', '0%')).toEqual({ status: 'not_met', rate: 0 });
    expect(ach('+0.5%', '0%')).toEqual({ status: 'not_met', rate: 0 });
  });

  it('status agrees with the rate: a change short of the target is not met (+1.50% with 1% → 0.6667)', () => {
    const a = ach('+1.50%', '1%');
    expect(r4(a.rate)).toBe(0.6667);
    expect(a.status).toBe('not_met');
  });

  it('target 0% → unknown, target_zero (no division by zero)', () => {
    expect(ach('+0%', '1%')).toEqual({ status: 'unknown', rate: null, reason: 'target_zero' });
    expect(ach('0%', '1%', '取締重大違規停車成長率')).toEqual({ status: 'unknown', rate: null, reason: 'target_zero' });
    expect(ach('0%', '-1%', '投訴案件數下降率')).toEqual({ status: 'unknown', rate: null, reason: 'target_zero' });
  });

  it('a change target from words: `降低…0.1%` with -0.3% → 3, met', () => {
    const a = ach('降低全般刑案發生數 0.1%', '-0.3%');
    expect(a.status).toBe('met');
    expect(a.rate).toBeCloseTo(3, 10);
  });

  it('a change target from words: `增加 1%` with +0.8% → 0.8, not met', () => {
    const a = ach('較去年度平均值增加 1%', '+0.8%');
    expect(a.status).toBe('not_met');
    expect(a.rate).toBeCloseTo(0.8, 10);
  });

  it('a change target from the name: `…下降率` 30% with -67.6% → 2.2533, met', () => {
    const a = ach('30%', '-67.6%', '道路違規施工查察取締案件數下降率');
    expect(a.status).toBe('met');
    expect(r4(a.rate)).toBe(2.2533);
  });

  it('a change target against a plain number and no baseline → no_baseline (a level needs a baseline to be a change)', () => {
    expect(ach('+1.50%', '1.36')).toEqual({ status: 'unknown', rate: null, reason: 'no_baseline' });
  });
});

describe('a baseline turns an unsigned level actual into a change (issue 9: points for a percentage baseline)', () => {
  it('+0.5% with baseline 80.20% and actual 91.12% → +10.92 points, rate 21.84, met', () => {
    const a = achievementOf(target('+0.5%'), num('91.12%'), { baseline: num('80.20%') });
    expect(a.status).toBe('met');
    expect(a.change).toBeCloseTo(10.92, 10);
    expect(a.rate).toBeCloseTo(10.92 / 0.5, 10);
    expect(a.reason).toBeUndefined();
  });

  it('not the relative 13.62% and not the document’s 12.33%', () => {
    const a = achievementOf(target('+0.5%'), num('91.12%'), { baseline: num('80.20%') });
    expect(Math.abs(a.change! - 13.62)).toBeGreaterThan(2);
    expect(Math.abs(a.change! - 12.33)).toBeGreaterThan(1);
  });

  it('a signed actual is already a change: the baseline is not applied', () => {
    const a = achievementOf(target('+0.5%'), num('+13.62%'), { baseline: num('80.20%') });
    expect(a.status).toBe('met');
    expect(a.rate).toBeCloseTo(27.24, 10);
    expect(a.change).toBeUndefined();
  });

  it('a count baseline: -1% with baseline 2,048次 and actual 2,028次 → change -0.9766%, not met', () => {
    const a = achievementOf(target('-1%'), num('2,028次'), { baseline: num('2,048次') });
    expect(a.status).toBe('not_met');
    expect(r4(a.change!)).toBe(-0.9766);
    expect(r4(a.rate)).toBe(0.9766);
  });

  it('a level below the baseline against an increase target: negative change, opposite_direction, not met', () => {
    const a = achievementOf(target('+0.5%'), num('79%'), { baseline: num('80.20%') });
    expect(a.status).toBe('not_met');
    expect(a.reason).toBe('opposite_direction');
    expect(a.rate!).toBeLessThan(0);
    expect(r4(a.change!)).toBe(-1.2);
  });
});

// -------------------------------------------------------------------------------------------------
// Units, missing values
// -------------------------------------------------------------------------------------------------

describe('units and missing values', () => {
  it('target 80% with actual 0.8 → unknown, units_differ', () => {
    expect(ach('80%', '0.8')).toEqual({ status: 'unknown', rate: null, reason: 'units_differ' });
  });

  it('target 0.2% 以下 with actual 1 (no %) → unknown, units_differ', () => {
    expect(ach('降低執法錯誤率於 0.2% 以下', '1')).toEqual({ status: 'unknown', rate: null, reason: 'units_differ' });
  });

  it('no target: no_target; a target written but unreadable: unreadable_target', () => {
    expect(achievementOf(null, num('85%'))).toEqual({ status: 'unknown', rate: null, reason: 'no_target' });
    expect(achievementOf(null, num('85%'), { targetGiven: true })).toEqual({ status: 'unknown', rate: null, reason: 'unreadable_target' });
    expect(achievementOf(parseTarget('持續推動'), num('85%'), { targetGiven: true })).toEqual({ status: 'unknown', rate: null, reason: 'unreadable_target' });
  });

  it('no actual: no_actual; an actual written but unreadable: unreadable_actual', () => {
    expect(achievementOf(target('80%'), null)).toEqual({ status: 'unknown', rate: null, reason: 'no_actual' });
    expect(achievementOf(target('80%'), parseNumber('尚未統計'), { actualGiven: true })).toEqual({ status: 'unknown', rate: null, reason: 'unreadable_actual' });
  });

  it('no target and no actual: the target is reported first', () => {
    expect(achievementOf(null, null)).toEqual({ status: 'unknown', rate: null, reason: 'no_target' });
  });
});

// -------------------------------------------------------------------------------------------------
// displayRate
// -------------------------------------------------------------------------------------------------

describe('displayRate: capped at 1.2, never below 0', () => {
  it('the cap is 120%', () => {
    expect(DISPLAY_CAP).toBe(1.2);
  });

  it('caps a large rate at 1.2', () => {
    expect(displayRate(ach('-0.5%', '-6.15%'))).toBe(1.2);
    expect(displayRate({ status: 'met', rate: 27.24 })).toBe(1.2);
    expect(displayRate({ status: 'met', rate: 1.2 })).toBe(1.2);
  });

  it('keeps a rate between 0 and the cap as it is', () => {
    expect(displayRate({ status: 'met', rate: 1 })).toBe(1);
    expect(displayRate({ status: 'met', rate: 1.1 })).toBe(1.1);
    expect(r4(displayRate(ach('+1.50%', '1.36%')))).toBe(0.9067);
    expect(displayRate({ status: 'not_met', rate: 0 })).toBe(0);
  });

  it('floors a negative rate at 0', () => {
    expect(displayRate({ status: 'not_met', rate: -2, reason: 'opposite_direction' })).toBe(0);
  });

  it('another cap (100%)', () => {
    expect(displayRate({ status: 'met', rate: 12.3 }, 1)).toBe(1);
    expect(displayRate({ status: 'not_met', rate: 0.9 }, 1)).toBe(0.9);
  });

  it('no rate: null when unknown; the cap when met (actual 0 on a lower-is-better target)', () => {
    expect(displayRate({ status: 'unknown', rate: null, reason: 'units_differ' })).toBeNull();
    expect(displayRate({ status: 'met', rate: null, reason: 'actual_zero' })).toBe(1.2);
    expect(displayRate({ status: 'met', rate: null, reason: 'actual_zero' }, 1)).toBe(1);
  });
});
