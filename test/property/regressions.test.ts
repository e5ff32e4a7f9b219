/**
 * Counterexamples the property-based tests found (shrunk by fast-check), kept as plain tests.
 * Each names the property that found it and the engine function that was fixed.
 */
import { fill, validate } from '../../src/engine';
import type { WorkbookSnapshot } from '../../src/engine';
import { achievementOf } from '../../src/engine/achievement';
import { parseCellAddress, parseRangeAddress } from '../../src/engine/address';
import { readMeta } from '../../src/engine/meta';
import { cjkNumeral, findProseAmounts, findQuantity, parseLabeledAmounts, parseWeight } from '../../src/engine/numbers';
import { parseTarget } from '../../src/engine/achievement';
import type { CellRange, CellValue } from '../../src/engine/snapshot';
import { applyPlan } from './host';

/** Every cell the plan writes on the user's sheets. */
function writes(snapshot: WorkbookSnapshot) {
  return fill(snapshot).plan.sheets.filter((s) => !s.create).flatMap((s) => s.cells.map((c) => ({ sheet: s.sheet, ...c })));
}

const inside = (m: CellRange, r: number, c: number) => r >= m.top && r <= m.bottom && c >= m.left && c <= m.right;

describe('numbers too long for a double (more than 308 digits) are not numbers', () => {
  const nines = '9'.repeat(309);
  const grouped = '9' + ',999'.repeat(103);

  test('findQuantity skips them (was: value Infinity)', () => {
    expect(findQuantity(grouped)).toBeNull();
    expect(findQuantity(`${nines} 人，另 5 人`)).toEqual(expect.objectContaining({ value: 5, unit: '人' }));
  });

  test('findProseAmounts skips them (was: yuan Infinity)', () => {
    expect(findProseAmounts(`${nines}1000000元`)).toEqual([]);
    expect(findProseAmounts(`${nines}元，共計 140 萬元`).map((p) => p.thousand)).toEqual([1400]);
  });

  test('parseLabeledAmounts skips them (was: value Infinity)', () => {
    expect(parseLabeledAmounts(`中央：${nines} 本府：5`)).toEqual([expect.objectContaining({ label: '本府', value: 5 })]);
  });

  test('parseTarget reads no target from them (was: a target of Infinity)', () => {
    expect(parseTarget(grouped)).toBeNull();
  });

  test('parseWeight reads no weight from them (was: weight Infinity)', () => {
    expect(parseWeight(`名稱(${nines}%)`)).toEqual({ name: `名稱(${nines}%)`, weight: null });
  });

  test('cjkNumeral gives null for a run of digits too long to count (was: Infinity)', () => {
    expect(cjkNumeral('一'.repeat(400))).toBeNull();
    expect(cjkNumeral('一一一')).toBe(111);
  });

  test('weights that add up past a double do not make "Infinity%" messages', () => {
    const w = '9'.repeat(308);
    const report = validate({
      sheets: [
        {
          name: 'S',
          merges: [],
          rows: [
            ['策略績效目標', '衡量指標', '年度目標值', '實際值'],
            ['目標一(50%)', `甲(${w}%)`, '80%', '85%'],
            [null, `乙(${w}%)`, '80%', '85%'],
          ],
        },
      ],
    }, { lang: 'en' });
    for (const i of report.issues) expect(i.message).not.toMatch(/Infinity/);
  });

  test('a budget amount of -1e308 in an accounting bracket is unreadable, not a total of -Infinity', () => {
    const report = validate({
      sheets: [
        {
          name: 'Sheet1',
          rows: [['現有風險等級', '備註', '計畫名稱', '預算金額 (千元)'], ['可能性 (L)', '影響程度 (I)'], [0, 0, null, `(${'9'.repeat(308)}%)`]],
          merges: [
            { top: 0, left: 0, bottom: 0, right: 1 },
            { top: 0, left: 2, bottom: 1, right: 2 },
            { top: 0, left: 3, bottom: 1, right: 3 },
          ],
        },
      ],
    });
    expect(report.budgets.map((b) => b.total)).toEqual([0]);
    expect(report.issues).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'READ_UNREADABLE_NUMBER', cell: 'D3' })]));
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });
});

describe('achievementOf never gives an infinite rate', () => {
  test('a change over a tiny target (was: rate -Infinity)', () => {
    const a = achievementOf(
      { value: -5e-324, percent: false, decimals: 0, kind: 'change', direction: 'higher', text: '-5e-324' },
      { value: 0, percent: false, sign: null, decimals: 0, tolerance: 0.5 },
      { baseline: { value: -Number.MAX_VALUE, percent: false, sign: null, decimals: 0, tolerance: 0.5 } },
    );
    expect(a.rate === null || Number.isFinite(a.rate)).toBe(true);
  });

  test('a huge actual over a small target (was: rate Infinity)', () => {
    const a = achievementOf(
      { value: 1e-300, percent: false, decimals: 0, kind: 'level', direction: 'higher', text: '' },
      { value: 1e300, percent: false, sign: null, decimals: 0, tolerance: 0.5 },
    );
    expect(a).toEqual({ status: 'met', rate: null });
  });

  test('a change past a double (was: change Infinity)', () => {
    const a = achievementOf(
      { value: 1, percent: true, decimals: 0, kind: 'change', direction: 'higher', text: '+1%' },
      { value: Number.MAX_VALUE, percent: true, sign: null, decimals: 0, tolerance: 0.5 },
      { baseline: { value: -Number.MAX_VALUE, percent: true, sign: null, decimals: 0, tolerance: 0.5 } },
    );
    expect(a.rate).toBeNull();
    expect(a.change).toBeUndefined();
  });

  test('the report never holds -0 (was: achievementRate -0 for -1 against 2,000,000)', () => {
    const report = validate({ sheets: [{ name: 'Sheet1', rows: [['衡量指標', '年度目標值', '實際值'], [{ date: '2022-01-01' }, 2000000, -1]], merges: [] }] });
    expect(Object.is(report.indicators[0].achievementRate, -0)).toBe(false);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });
});

test('parseLabeledAmounts: a label ends at any whitespace, U+FEFF and U+2028 too (was: label "999… A")', () => {
  expect(parseLabeledAmounts('備註\ufeffA:0')).toEqual([expect.objectContaining({ label: 'A', value: 0, text: 'A:0' })]);
  expect(parseLabeledAmounts('說明\u2028中央：5,033')).toEqual([expect.objectContaining({ label: '中央', value: 5033 })]);
});

describe("fill never writes inside the user's merged cells", () => {
  // Writing a cell inside a merge writes the merge's top-left value (ExcelJS does exactly that): the user's text.
  test('a column merged from row 1 to the bottom of the sheet, right of a risk table (was: F2 written)', () => {
    const merge = { top: 0, left: 5, bottom: 1048575, right: 5 };
    const snapshot: WorkbookSnapshot = {
      sheets: [
        {
          name: '\u0000',
          rows: [['Residual', '新增風險對策', '風險項目', '可能性 (L)', '影響程度 (I)'], ['Name', '可能性 (L)'], [0, 0]],
          merges: [merge, { top: 0, left: 0, bottom: 0, right: 1 }, { top: 0, left: 2, bottom: 1, right: 2 }, { top: 0, left: 3, bottom: 1, right: 3 }, { top: 0, left: 4, bottom: 1, right: 4 }],
        },
      ],
    };
    for (const w of writes(snapshot)) expect(inside(merge, w.row, w.col)).toBe(false);
  });

  test('a note merged across the columns right of an indicator table', () => {
    const merge = { top: 2, left: 3, bottom: 2, right: 8 };
    const snapshot: WorkbookSnapshot = {
      sheets: [{ name: 'KPI', rows: [['衡量指標', '年度目標值', '實際值'], ['刑案破獲率', '80%', '85%'], ['破獲率', '80%', '70%', '註：實際值為 1-6 月']], merges: [merge] }],
    };
    const w = writes(snapshot);
    expect(w.length).toBeGreaterThan(0);
    for (const c of w) expect(inside(merge, c.row, c.col)).toBe(false);
    expect(Math.min(...w.map((c) => c.col))).toBe(9); // right of the merge
  });

  test('a whole-row merge inside the table: no room for the columns, nothing written (was: column 205 written after 200 tries)', () => {
    const merge = { top: 7, left: 0, bottom: 7, right: 16383 };
    const snapshot: WorkbookSnapshot = {
      sheets: [
        {
          name: '\u0000',
          rows: [[], [], [], [], [], [], ['現有風險等級', '計算公式', '衡量指標', '年度目標值', '實際值'], ['可能性 (L)', '影響程度 (I)'], ['80%', 0, '0']],
          merges: [merge, { top: 6, left: 0, bottom: 6, right: 1 }, { top: 6, left: 2, bottom: 7, right: 2 }, { top: 6, left: 3, bottom: 7, right: 3 }, { top: 6, left: 4, bottom: 7, right: 4 }],
        },
      ],
    };
    const { plan, report } = fill(snapshot);
    // Nothing in the user's sheet (the add-in's own findings sheet is written).
    expect(plan.sheets.filter((s) => !s.create).flatMap((s) => s.cells.toArray())).toEqual([]);
    expect(plan.meta.ranges).toEqual([]);
    expect(report.indicators).toHaveLength(1);
  });
});

test("fill never writes over a user's value when 200 filled columns follow the table (was: after 200 tries, the next block was taken as it was)", () => {
  const wide: CellValue[] = Array.from({ length: 250 }, (_, k) => `x${k}`);
  const snapshot: WorkbookSnapshot = { sheets: [{ name: 'KPI', rows: [['衡量指標', '年度目標值', '實際值'], ['刑案破獲率', '80%', '85%', ...wide]], merges: [] }] };
  const w = writes(snapshot);
  expect(w.length).toBeGreaterThan(0);
  for (const c of w) expect(snapshot.sheets[0].rows[c.row]?.[c.col] ?? null).toBeNull();
  expect(Math.min(...w.map((c) => c.col))).toBe(253);
});

test("the meta sheet's ranges outside Excel's grid are ignored (was: XFE1 recorded again and cleared)", () => {
  expect(parseCellAddress('XFE1')).toBeNull();
  expect(parseCellAddress('A1048577')).toBeNull();
  expect(parseCellAddress('XFD1048576')).toEqual({ row: 1048575, col: 16383 });
  expect(parseRangeAddress('A1:ZZZ9999999')).toBeNull();
  const snapshot: WorkbookSnapshot = {
    sheets: [
      { name: 'Sheet1', rows: [], merges: [] },
      { name: '_plancheck', rows: [['plancheck-meta', 'version', '1', 'note'], ['range', 'Sheet1', 'XFE1', ''], ['range', 'Sheet1', 'A1:ZZZ9999999', '']], merges: [], hidden: true },
    ],
  };
  expect(readMeta(snapshot).ranges).toEqual([]);
  const plan = fill(snapshot, { parts: { columns: false, marks: true, map: false } }).plan;
  expect(plan.meta.ranges).toEqual([]);
});

test("the add-in's own output does not widen the sheet for the next run (was: a second fill found duplicate columns under a row-wide merge)", () => {
  const snapshot: WorkbookSnapshot = {
    sheets: [
      {
        name: 'S',
        rows: [['衡量指標', '年度目標值', '實際值'], [0], [], [], ['現有風險等級', '工作計畫', '計畫名稱', '預算金額 (千元)'], ['可能性 (L)', '影響程度 (I)']],
        merges: [{ top: 5, left: 0, bottom: 5, right: 16383 }, { top: 4, left: 0, bottom: 4, right: 1 }, { top: 4, left: 2, bottom: 5, right: 2 }, { top: 4, left: 3, bottom: 5, right: 3 }],
      },
    ],
  };
  const first = fill(snapshot);
  const second = fill(applyPlan(snapshot, first.plan));
  expect(second.report.issues.map((i) => [i.code, i.cell])).toEqual(first.report.issues.map((i) => [i.code, i.cell]));
  expect(second.plan.marks).toEqual(first.plan.marks);
  expect(second.plan.sheets).toEqual(first.plan.sheets);
});
