/**
 * The analysis's records as kept for memory (issue #10): shared readings and assessments, addresses made when asked
 * for, texts cleaned without the memo; each the same as what it replaces.
 */
import fc from 'fast-check';
import { analyze } from '../../src/engine/analysis';
import { settingsOf } from '../../src/engine';
import { cellAddress } from '../../src/engine/address';
import { cleanText, cleanTextOnce } from '../../src/engine/text';
import { generatePlan } from '../../scripts/bench/generate';
import { seed000RiskTable, seed001IndicatorTable } from '../fixtures/seedPlans';
import { workbook } from '../helpers';

describe('cleanTextOnce', () => {
  it('cleans as cleanText does, and gives the text itself when it is already clean', () => {
    const char = fc.constantFrom('治', '安', '、', '：', 'P', '1', ' ', '  ', '\n', '\t', '\u3000', '\u00a0', '\u200b', 'a', '(', '（', '-');
    fc.assert(
      fc.property(fc.array(char, { maxLength: 40 }).map((a) => a.join('')), (s) => {
        expect(cleanTextOnce(s)).toBe(cleanText(s));
      }),
      { numRuns: 2000 },
    );
    const s = ['P1', '工程進度延誤風險'].join(' ');
    expect(cleanTextOnce(s)).toBe(s);
  });
});

describe('records', () => {
  const snap = generatePlan(600);
  const { settings } = settingsOf(snap);
  const a = analyze(snap, settings);
  const risks = a.riskTables.flatMap((t) => t.result.risks);
  const indicators = a.indicatorTables.flatMap((t) => t.result.indicators);

  it('risks with the same L and I share one assessment; each is its own L, I, L × I and level', () => {
    const distinct = new Set(risks.flatMap((r) => [r.current, r.residual]).filter((x) => x));
    expect(risks.length).toBeGreaterThan(100);
    expect(distinct.size).toBeLessThanOrEqual(16);
    for (const r of risks) {
      for (const x of [r.current, r.residual]) {
        if (!x) continue;
        expect(x.score).toBe(x.likelihood !== null && x.impact !== null ? x.likelihood * x.impact : null);
        expect(Object.keys(x)).toEqual(['likelihood', 'impact', 'score', 'level']);
      }
    }
  });

  it('addresses made when asked for: the cells of the row, the ordinal in the name cell', () => {
    const t = a.indicatorTables[0].table;
    for (const i of indicators.slice(0, 50)) {
      expect(i.targetCell).toBe(cellAddress(i.row, t.columns.target![0]));
      expect(i.actualCell).toBe(cellAddress(i.row, t.columns.actual![0]));
      expect(i.nameCell).toBe(cellAddress(i.row, t.columns.indicator![1]));
      expect(i.ordinal?.cell).toBe(i.nameCell);
    }
    for (const r of risks.slice(0, 50)) expect(r.idCell).toBe(cellAddress(r.row, a.riskTables[0].table.columns.riskItem![0]));
  });

  it('seed plans: the name and ID cells are A1 addresses', () => {
    const s = seed001IndicatorTable();
    const one = analyze(workbook(s), settingsOf(workbook(s)).settings);
    for (const i of one.indicatorTables.flatMap((x) => x.result.indicators)) expect(i.nameCell).toMatch(/^[A-Z]+\d+$/);
    const r = analyze(workbook(seed000RiskTable()), settingsOf(workbook(seed000RiskTable())).settings);
    expect(r.riskTables[0].result.risks.map((x) => x.idCell).every((c) => /^[A-Z]+\d+$/.test(c))).toBe(true);
  });

  it('the ratio, its numbers and the unit of the change follow from the detail: the rate is numerator ÷ denominator', () => {
    const seen = new Set<string>();
    for (const i of indicators) {
      const d = i.achievement;
      seen.add(`${d.targetKind} ${d.ratioOf} ${d.changeUnit}`);
      if (d.rate === null) {
        expect([d.ratioOf, d.numerator, d.denominator]).toEqual([null, null, null]);
        continue;
      }
      expect(d.numerator! / d.denominator!).toBeCloseTo(d.rate, 9);
      if (d.targetKind === 'level') expect(d.ratioOf).toBe(d.target!.direction === 'higher' ? 'actual_over_target' : 'target_over_actual');
      else expect([d.ratioOf, d.numerator, d.changeUnit]).toEqual(['change_over_target', d.actualChange, d.targetKind === 'points' ? 'points' : 'relative']);
    }
    expect(seen.size).toBeGreaterThanOrEqual(2);
  });

  it('the achievement holds the target and the actual as read', () => {
    for (const i of indicators.slice(0, 50)) {
      expect(i.achievement.target).toBe(i.target);
      expect(i.achievement.actual).toBe(i.actual);
    }
  });
});
