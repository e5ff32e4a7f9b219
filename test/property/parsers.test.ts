/**
 * Property-based tests of the parsers: no string makes them throw, their results are well formed
 * (finite numbers, positions inside the text), and the readings that must hold do hold
 * (a number written out reads back, normalisation is idempotent, `X 萬 Y 元` is X × 10,000 + Y 元, …).
 *
 * Arbitraries: `fc.string()` (printable ASCII), `fc.string({ unit: 'binary' })` (fast-check 4's
 * fullUnicodeString: any code point), strings with lone surrogates, and plan-like text mixing digits of
 * both widths, separators, signs, 萬/億/元/千元, 中央/本府/合計/總計, colons, CJK numerals, brackets and spaces.
 */
import fc from 'fast-check';
import {
  Achievement,
  achievementOf,
  DISPLAY_CAP,
  displayRate,
  parseTarget,
  TargetSpec,
} from '../../src/engine/achievement';
import {
  cjkNumeral,
  findProseAmounts,
  findQuantity,
  parseLabeledAmounts,
  parseNumber,
  ParsedNumber,
  parseOrdinal,
  parseWeight,
  PROSE_KEYWORDS,
  QUANTITY_UNITS,
} from '../../src/engine/numbers';
import { cleanText, normalizeLabel, toHalfWidth } from '../../src/engine/text';
import { anyText, brokenUtf16, ok, planText, property, reportCaseCount } from './fuzz';

reportCaseCount('parsers');

/** The three families of input the issue asks for, each its own property. */
const FAMILIES: [string, fc.Arbitrary<string>][] = [
  ['fc.string', fc.string({ maxLength: 40 })],
  ['full unicode', fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), brokenUtf16)],
  ['plan-like text', anyText],
];

const isFiniteNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const notNegZero = (x: number) => !Object.is(x, -0);

function checkParsedNumber(n: ParsedNumber): void {
  ok(isFiniteNumber(n.value), 'value is finite', n);
  ok(notNegZero(n.value), 'value is never -0', n);
  ok(typeof n.percent === 'boolean', 'percent is a boolean', n);
  ok(n.sign === null || n.sign === '+' || n.sign === '-', 'sign is +, - or null', n);
  ok(Number.isInteger(n.decimals) && n.decimals >= 0, 'decimals is a whole number', n);
  // Half of the last shown digit: 0 only for the tiniest doubles (5e-324 shows 324 decimals).
  ok(isFiniteNumber(n.tolerance) && n.tolerance >= 0, 'tolerance is finite', n);
}

/** Calls `f` twice (with another call in between, to stir the memos): same result both times. */
function deterministic<T>(f: (s: string) => T, s: string): T {
  const a = f(s);
  f(s + '0');
  const b = f(s);
  const ja = JSON.stringify(a);
  const jb = JSON.stringify(b);
  ok(ja === jb, 'same result on a second call', ja, jb);
  return a;
}

// -------------------------------------------------------------------------------------------------
// Never throw; results well formed; deterministic
// -------------------------------------------------------------------------------------------------

const SCHEMES = ['cjk', 'paren-cjk', 'arabic', 'paren-arabic', 'cjk-formal'];

describe.each(FAMILIES)('on %s', (_family, text) => {
  property('parseNumber never throws and gives a finite number or null', text, (s) => {
    const n = deterministic(parseNumber, s);
    if (n) checkParsedNumber(n);
  });

  property('findQuantity never throws; a quantity is finite and lies inside the text', text, (s) => {
    const q = deterministic(findQuantity, s);
    if (!q) return;
    checkParsedNumber(q);
    ok(q.unit === null || QUANTITY_UNITS.includes(q.unit), 'a known unit', q);
    ok(q.index >= 0 && q.length > 0 && q.index + q.length <= s.length, 'inside the text', q);
  });

  property('parseLabeledAmounts never throws; items are finite, their labels have no spaces, their text is in the cell', text, (s) => {
    const items = deterministic(parseLabeledAmounts, s);
    ok(Array.isArray(items), 'an array');
    for (const it of items) {
      ok(isFiniteNumber(it.value) && notNegZero(it.value), 'value is finite, not -0', it);
      ok(isFiniteNumber(it.tolerance) && it.tolerance > 0, 'tolerance is finite', it);
      ok(it.label !== '' && !/\s/.test(it.label), 'a label without whitespace', it);
      ok(s.includes(it.text), 'text from the cell', it);
    }
  });

  property('findProseAmounts never throws; amounts are finite, in order, and point into the text', text, (s) => {
    const found = deterministic(findProseAmounts, s);
    let prevEnd = 0;
    for (const p of found) {
      ok(isFiniteNumber(p.yuan) && p.yuan >= 0, 'yuan is finite', p);
      ok(p.thousand === p.yuan / 1000, 'thousand = yuan / 1000', p);
      ok(isFiniteNumber(p.tolerance) && p.tolerance > 0, 'tolerance is finite', p);
      ok(p.index >= prevEnd && p.length > 0, 'in order, not overlapping', p);
      ok(p.text === s.slice(p.index, p.index + p.length), 'text at index', p);
      ok(p.keyword === null || PROSE_KEYWORDS.includes(p.keyword), 'a known keyword', p);
      prevEnd = p.index + p.length;
    }
  });

  property('parseOrdinal never throws; an ordinal has a whole number and the rest of the text', text, (s) => {
    const o = deterministic(parseOrdinal, s);
    if (!o) return;
    ok(Number.isSafeInteger(o.n) && o.n >= 0, 'a whole number', o);
    ok(SCHEMES.includes(o.scheme), 'a known scheme', o);
    ok(o.marker !== '', 'a marker', o);
    ok(s.endsWith(o.rest), 'rest is the end of the text', o);
  });

  property('cjkNumeral never throws and gives a whole number or null', text, (s) => {
    const n = deterministic(cjkNumeral, s);
    ok(n === null || (Number.isSafeInteger(n) && n >= 0), 'a safe whole number or null', n);
  });

  property('parseWeight never throws; a weight is finite and not negative', text, (s) => {
    const w = deterministic(parseWeight, s);
    ok(typeof w.name === 'string', 'a name', w);
    if (w.weight === null) ok(w.name === s, 'the name unchanged without a weight', w);
    else ok(isFiniteNumber(w.weight) && w.weight >= 0 && s.startsWith(w.name), 'a finite weight after the name', w);
  });

  property('cleanText never throws, is idempotent, trimmed, with single spaces and no line breaks', text, (s) => {
    const c = deterministic(cleanText, s);
    ok(cleanText(c) === c, 'idempotent', c);
    ok(c === c.trim(), 'trimmed', c);
    ok(!/ {2}|[\t\n\r\u00a0\u3000\u200b-\u200d]/.test(c), 'single spaces only', c);
  });

  property('normalizeLabel never throws, is idempotent and has no whitespace', text, (s) => {
    const n = deterministic(normalizeLabel, s);
    ok(normalizeLabel(n) === n, 'idempotent', n);
    ok(!/[\s\u200b-\u200d]/.test(n), 'no whitespace', n);
  });

  property('toHalfWidth never throws, keeps the length, is idempotent and leaves no full-width ASCII', text, (s) => {
    const h = deterministic(toHalfWidth, s);
    ok(h.length === s.length, 'same length', h);
    ok(toHalfWidth(h) === h, 'idempotent', h);
    ok(!/[\uff01-\uff5e\u3000]/.test(h), 'no full-width ASCII', h);
    // Only the mapped characters change, each in place.
    for (let i = 0; i < s.length; i++) if (h[i] !== s[i]) ok(toHalfWidth(s[i]) === h[i], 'changed in place', i);
  });

  property(
    'parseTarget never throws; a target is finite with a kind and a direction',
    fc.tuple(text, fc.oneof(text, fc.constantFrom('', '刑案破獲率', '每十萬人刑事案件發生率下降率', '成長率'))),
    ([s, name]) => {
      for (const dir of ['', 'lower', '越高越好', name]) {
        const t = deterministic((x) => parseTarget(x, name, dir), s);
        if (!t) continue;
        ok(isFiniteNumber(t.value), 'value is finite', t);
        ok(t.kind === 'level' || t.kind === 'change', 'a kind', t);
        ok(t.direction === 'higher' || t.direction === 'lower', 'a direction', t);
        ok(t.text === s, 'the text it was read from', t);
        ok(Number.isInteger(t.decimals) && t.decimals >= 0, 'decimals', t);
      }
    },
  );

  property(
    'achievementOf never throws on targets and actuals read from any text; rates are finite or null',
    fc.tuple(text, text, fc.option(text, { nil: undefined })),
    ([t, a, b]) => {
      const target = parseTarget(t);
      const actual = parseNumber(a) ?? findQuantity(a);
      const baseline = b === undefined ? undefined : parseNumber(b) ?? findQuantity(b);
      checkAchievement(achievementOf(target, actual, { baseline, actualGiven: true, targetGiven: true }));
      checkAchievement(achievementOf(target, actual));
    },
  );
});

// -------------------------------------------------------------------------------------------------
// achievementOf over any finite numbers
// -------------------------------------------------------------------------------------------------

const REASONS = ['no_target', 'no_actual', 'unreadable_target', 'unreadable_actual', 'target_zero', 'target_not_positive', 'units_differ', 'actual_zero', 'opposite_direction', 'no_baseline', 'baseline_zero'];

function checkAchievement(a: Achievement): void {
  ok(a.status === 'met' || a.status === 'not_met' || a.status === 'unknown', 'a status', a);
  ok(a.rate === null || isFiniteNumber(a.rate), 'rate finite or null', a);
  ok(a.reason === undefined || REASONS.includes(a.reason), 'a known reason', a);
  ok(a.change === undefined || isFiniteNumber(a.change), 'change finite', a);
  ok(a.status !== 'unknown' || a.rate === null, 'no rate when unknown', a);
  const shown = displayRate(a);
  ok(shown === null || (isFiniteNumber(shown) && shown >= 0 && shown <= DISPLAY_CAP), 'display rate within [0, cap]', a, shown);
}

const anyDouble = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -0, 1, -1, 1e-300, -1e-300, 1e300, -1e300, Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, 5e-324),
  fc.integer({ min: -1000, max: 1000 }),
);

const parsedNumber: fc.Arbitrary<ParsedNumber> = fc
  .tuple(anyDouble, fc.boolean(), fc.constantFrom<ParsedNumber['sign']>(null, '+', '-'), fc.integer({ min: 0, max: 8 }))
  .map(([value, percent, sign, decimals]) => ({ value: value === 0 ? 0 : value, percent, sign, decimals, tolerance: 5 / 10 ** (decimals + 1) }));

const targetSpec: fc.Arbitrary<TargetSpec> = fc
  .tuple(anyDouble, fc.boolean(), fc.integer({ min: 0, max: 8 }), fc.constantFrom<TargetSpec['kind']>('level', 'change'), fc.constantFrom<TargetSpec['direction']>('higher', 'lower'))
  .map(([value, percent, decimals, kind, direction]) => ({ value: value === 0 ? 0 : value, percent, decimals, kind, direction, text: String(value) }));

property(
  'achievementOf on any finite target, actual and baseline: rate finite or null, never NaN; display rate within [0, cap]',
  fc.tuple(fc.option(targetSpec, { nil: null }), fc.option(parsedNumber, { nil: null }), fc.option(parsedNumber, { nil: null }), fc.boolean()),
  ([target, actual, baseline, given]) => {
    const a = achievementOf(target, actual, { baseline, actualGiven: given, targetGiven: given });
    checkAchievement(a);
    expect(achievementOf(target, actual, { baseline, actualGiven: given, targetGiven: given })).toEqual(a);
  },
);

// -------------------------------------------------------------------------------------------------
// Readings that must hold
// -------------------------------------------------------------------------------------------------

/** A finite number with at most 6 decimals, not so large that String() writes an exponent. */
const decimalNumber = fc
  .tuple(fc.integer({ min: -9_007_199_254_740, max: 9_007_199_254_740 }), fc.integer({ min: 0, max: 6 }))
  .map(([k, d]) => k / 10 ** d)
  .filter((n) => !/e/i.test(String(n)));

const toWide = (s: string) =>
  s.replace(/[0-9,.%+\-]/g, (c) => (c === '-' ? '－' : String.fromCharCode(c.charCodeAt(0) + 0xfee0)));

property('parseNumber(String(n)) is n for a finite number with at most 6 decimals', decimalNumber, (n) => {
  const p = parseNumber(String(n));
  expect(p).not.toBeNull();
  expect(p!.value).toBe(n === 0 ? 0 : n);
  expect(p!.sign).toBe(n < 0 ? '-' : null);
});

property('parseNumber of a JS number is that number (NaN and ±Infinity are null)', fc.double(), (n) => {
  const p = parseNumber(n);
  if (!Number.isFinite(n)) expect(p).toBeNull();
  else {
    expect(p!.value).toBe(n === 0 ? 0 : n);
    checkParsedNumber(p!);
  }
});

property(
  'a number written with thousands separators (half- or full-width, signed, percent, a unit, spaces) reads back',
  fc.tuple(decimalNumber, fc.boolean(), fc.constantFrom('', '%', '％', '元', '千元', '人', ' 件'), fc.constantFrom('', ' ', '\n', '\u3000'), fc.boolean()),
  ([n, wide, unit, pad, plus]) => {
    const grouped = n.toLocaleString('en-US', { maximumFractionDigits: 6, useGrouping: true });
    let s = (plus && n > 0 ? '+' : '') + grouped;
    if (wide) s = toWide(s);
    const p = parseNumber(pad + s + unit + pad);
    expect(p).not.toBeNull();
    expect(p!.value).toBe(n === 0 ? 0 : n);
    expect(p!.percent).toBe(unit === '%' || unit === '％');
    expect(p!.sign).toBe(n < 0 ? '-' : plus && n > 0 ? '+' : null);
    // Accounting negatives: (1,234) is -1234.
    if (n > 0) expect(parseNumber(`(${grouped})`)!.value).toBe(-n);
  },
);

property('toHalfWidth keeps the length of any string', fc.string({ unit: 'binary' }), (s) => {
  expect(toHalfWidth(s).length).toBe(s.length);
});

property('normalizeLabel and cleanText are idempotent on any string', fc.oneof(fc.string({ unit: 'binary' }), planText, brokenUtf16), (s) => {
  const n = normalizeLabel(s);
  expect(normalizeLabel(n)).toBe(n);
  const c = cleanText(s);
  expect(cleanText(c)).toBe(c);
  // Cleaning first does not change the canonical form.
  expect(normalizeLabel(c)).toBe(n);
});

const PROSE_PREFIXES = ['', '共計', '共計 ', '經費', '預算編列新臺幣 ', '總計', '約', '，'];

property(
  'findProseAmounts on `X 萬 Y 元` gives (X × 10,000 + Y) / 1000 千元',
  fc.tuple(
    fc.integer({ min: 1, max: 99_999_999 }),
    fc.integer({ min: 0, max: 9999 }),
    fc.constantFrom(...PROSE_PREFIXES),
    fc.constantFrom('', ' ', '  ', '\u3000'),
    fc.boolean(),
    fc.boolean(),
    fc.constantFrom('萬', '万'),
  ),
  ([x, y, prefix, sp, grouped, wide, wan]) => {
    const fmtN = (n: number) => (grouped ? n.toLocaleString('en-US') : String(n));
    let amount = `${fmtN(x)}${sp}${wan}${sp}${fmtN(y)}${sp}元`;
    if (wide) amount = toWide(amount);
    const found = findProseAmounts(prefix + amount + '。');
    expect(found).toHaveLength(1);
    expect(found[0].yuan).toBe(x * 10000 + y);
    expect(found[0].thousand).toBe((x * 10000 + y) / 1000);
    expect(found[0].text).toBe(amount);
    expect(found[0].index).toBe(prefix.length);
  },
);

property(
  'findProseAmounts on `A 億 B 萬 C 元` and `N 元`',
  fc.tuple(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 1e12 })),
  ([a, b, c, n]) => {
    const g = (v: number) => v.toLocaleString('en-US');
    const found = findProseAmounts(`共計 ${g(a)} 億 ${g(b)} 萬 ${g(c)} 元，另 ${g(n)} 元`);
    expect(found.map((p) => p.yuan)).toEqual([a * 1e8 + b * 1e4 + c, n]);
    expect(found[0].keyword).toBe('共計');
  },
);

property(
  'findQuantity finds a number written with its unit',
  fc.tuple(decimalNumber.filter((n) => n > 0), fc.constantFrom('人', '件', '次', '場次', '公里', '%', '千元'), fc.constantFrom('達', '達成', '目標 ', '：', '不少於 ')),
  ([n, unit, prefix]) => {
    const q = findQuantity(`${prefix}${n.toLocaleString('en-US', { maximumFractionDigits: 6 })} ${unit}以上`);
    expect(q).not.toBeNull();
    expect(q!.value).toBe(n);
    if (unit === '%') expect(q!.percent).toBe(true);
    else expect(q!.unit).toBe(unit);
  },
);

property(
  'parseLabeledAmounts reads `中央：a 本府：b 合計：c` with any separators between the items',
  fc.tuple(decimalNumber, decimalNumber, decimalNumber, fc.constantFrom(' ', '\n', '　', '\r\n', '<br/>'), fc.constantFrom('：', ':'), fc.boolean()),
  ([a, b, c, sep, colon, wide]) => {
    const g = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 6 });
    let s = `中央${colon}${g(a)}${sep}本府${colon}${g(b)}${sep}合計${colon}${g(c)}`;
    if (wide) s = toWide(s);
    const items = parseLabeledAmounts(s);
    expect(items.map((i) => i.label)).toEqual(['中央', '本府', '合計']);
    expect(items.map((i) => i.value)).toEqual([a, b, c].map((v) => (v === 0 ? 0 : v)));
  },
);

/** The standard way of writing n (0 ≤ n < 10^8) in Chinese numerals. */
function cjk(n: number): string {
  const D = '零一二三四五六七八九';
  const section = (k: number, top: boolean): string => {
    const units = ['千', '百', '十', ''];
    const digits = [Math.floor(k / 1000), Math.floor(k / 100) % 10, Math.floor(k / 10) % 10, k % 10];
    let out = '';
    let zero = false;
    let started = false;
    digits.forEach((d, i) => {
      if (d === 0) {
        if (started) zero = true;
        return;
      }
      if (zero) out += '零';
      zero = false;
      out += top && !started && i === 2 && d === 1 ? units[i] : D[d] + units[i];
      started = true;
    });
    return out;
  };
  if (n === 0) return '零';
  const hi = Math.floor(n / 10000);
  const lo = n % 10000;
  if (!hi) return section(lo, true);
  return section(hi, true) + '萬' + (lo ? (lo < 1000 ? '零' : '') + section(lo, false) : '');
}

property('cjkNumeral reads every number written in Chinese numerals', fc.integer({ min: 0, max: 99_999_999 }), (n) => {
  expect(cjkNumeral(cjk(n))).toBe(n);
});

property(
  'parseOrdinal reads the numbering schemes',
  fc.tuple(fc.integer({ min: 1, max: 99 }), fc.constantFrom('積極查緝犯罪', '刑案破獲率(15%)', 'A 計畫', '一般行政')),
  ([n, rest]) => {
    const cases: [string, string][] = [
      [`${cjk(n)}、${rest}`, 'cjk'],
      [`（${cjk(n)}）${rest}`, 'paren-cjk'],
      [`(${cjk(n)})${rest}`, 'paren-cjk'],
      [`${n}.${rest}`, 'arabic'],
      [`${n}、${rest}`, 'arabic'],
      [`(${n})${rest}`, 'paren-arabic'],
      [`（${n}）${rest}`, 'paren-arabic'],
    ];
    for (const [s, scheme] of cases) {
      const o = parseOrdinal(s);
      expect(o).toEqual(expect.objectContaining({ n, scheme, rest }));
    }
  },
);

property(
  'parseWeight reads a weight written after a name',
  fc.tuple(anyText, fc.integer({ min: 0, max: 1000 }), fc.option(fc.integer({ min: 1, max: 99 }), { nil: undefined }), fc.constantFrom('(', '（'), fc.constantFrom(')', '）'), fc.constantFrom('', ' ', '。')),
  ([name, w, frac, open, close, tail]) => {
    const weight = frac === undefined ? w : Number(`${w}.${frac}`);
    const written = frac === undefined ? String(w) : `${w}.${frac}`;
    const r = parseWeight(`${name}${open}${written}%${close}${tail}`);
    expect(r.weight).toBe(weight);
    expect(r.name).toBe(name.trimEnd());
  },
);
