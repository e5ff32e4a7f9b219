/**
 * Shared settings of the property-based tests (fast-check).
 *
 * - `FUZZ_RUNS`: cases per property (default 1,000; `npm run fuzz` runs 200,000). Heavier properties run a
 *   stated fraction of it (`weight`), never fewer than 1.
 * - `FUZZ_SEED`: the seed of every property (default 20261121), so that a CI run is reproducible. A failure
 *   prints the seed and the path of the shrunk counterexample; rerun with `FUZZ_SEED=<seed>` to see it again.
 *
 * Every file prints, in an `afterAll`, how many cases its properties ran.
 *
 * A default run (CI) is about 53,500 cases in 40–45 s on two cores; `npm run fuzz` takes hours (the engine
 * properties run about 30 cases a second); `FUZZ_RUNS=20000 npx jest test/property` is a ten-minute middle way.
 */
import fc from 'fast-check';

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive whole number, not "${raw}"`);
  return n;
}

export const RUNS = intFromEnv('FUZZ_RUNS', 1000);
export const SEED = intFromEnv('FUZZ_SEED', 20261121);

/** Cases run in this file (each predicate call counts once), and properties run. */
let total = 0;
let properties = 0;

/**
 * One property as a jest test: `runs` = RUNS × weight cases from `arb`, with the fixed seed. The predicate
 * either returns nothing (it uses `expect`) or a boolean.
 * `msPerCase` is a generous bound used for the jest timeout, so that a long run (`npm run fuzz`) is not cut short.
 */
export function property<T>(
  name: string,
  arb: fc.Arbitrary<T>,
  predicate: (value: T) => boolean | void,
  options: { weight?: number; msPerCase?: number } = {},
): void {
  const runs = Math.max(1, Math.round(RUNS * (options.weight ?? 1)));
  const timeout = Math.max(30000, runs * (options.msPerCase ?? 2) * 5);
  it(
    `${name} (${runs} cases)`,
    () => {
      let n = 0;
      try {
        fc.assert(
          fc.property(arb, (v) => {
            n++;
            return predicate(v);
          }),
          { numRuns: runs, seed: SEED },
        );
      } finally {
        properties++;
        total += n;
      }
    },
    timeout,
  );
}

/** Prints the number of cases this file ran (call once per file, at the top level). */
export function reportCaseCount(file: string): void {
  afterAll(() => {
    // eslint-disable-next-line no-console
    console.log(`[fuzz] ${file}: ${total} cases in ${properties} properties (FUZZ_RUNS=${RUNS}, FUZZ_SEED=${SEED})`);
  });
}

// -------------------------------------------------------------------------------------------------
// String arbitraries shared by the parser and the engine tests
// -------------------------------------------------------------------------------------------------

const DIGITS = '0123456789'.split('');
const WIDE_DIGITS = '０１２３４５６７８９'.split('');
const CJK_NUMERALS = '零〇一二兩三四五六七八九十百千萬億壹貳參叁肆伍陸柒捌玖拾佰仟'.split('');

/** Pieces that plan cells are made of: digits of both widths, separators, signs, units, labels, numerals, brackets, spaces. */
export const TOKENS: readonly string[] = [
  ...DIGITS,
  ...WIDE_DIGITS,
  ...CJK_NUMERALS,
  ',', '，', '.', '．', '%', '％', '﹪', '+', '-', '－', '−', '–', '﹣', '﹢', '＋',
  '萬', '億', '万', '亿', '元', '千元', '十萬', '百萬', '千萬',
  '中央', '本府', '合計', '總計', '小計', '共計', '編列', '預算', '經費', '市預算',
  '：', ':', '、', '。', '；', ';', '/', '~', '～', '至', '到', '第', '年', '月', '日', '號', '每',
  '(', ')', '（', '）', '[', ']', '【', '】', '「', '」',
  ' ', '  ', '\t', '\n', '\r\n', '\u3000', '\u00a0', '\u200b', '\u200c', '\ufeff',
  '\u2028', '\u1680', '\u2003', '\u000b', '\u000c', '\u0085',
  '以上', '以下', '以內', '不超過', '至少', '降低', '減少', '下降', '提升', '增加', '成長', '達',
  '人', '件', '支', '次', '場次', '隊', '人次', '公里', '倍',
  '權重', '占', 'P', 'A', 'e', 'E', 'x', '<p>', '</p>', '<br/>', '※', '•',
  '-0.5%', '+1.50%', '14,000', '１４，０００', '326.8', '(1,234)', '1 億 2,992 萬 4,342 元', '367 萬 5,000 元',
  '中央：5,033 本府：73,600 合計：78,633', '(25%)', '（２５％）', '一、', '（一）', '1.', '(1)',
  'NaN', 'Infinity', '-Infinity', '1e5', '1e400', '0x10', '.5', '5.', '1,23', '1,2,3', '0,123',
];

/** A run of digits long enough to overflow a double (> 308 digits), sometimes with separators. */
export const hugeDigits: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 300, max: 420 }), fc.boolean(), fc.constantFrom('9', '1', '5'))
  .map(([n, grouped, d]) => {
    if (!grouped) return d.repeat(n);
    const groups = Math.ceil(n / 3);
    return [d, ...Array.from({ length: groups }, () => d.repeat(3))].join(',');
  });

/** A number as a plan would write it: plain, grouped, signed, percent, full-width, with a fraction. */
export const numberLike: fc.Arbitrary<string> = fc
  .tuple(
    fc.oneof(fc.integer({ min: 0, max: 9999999 }), fc.integer({ min: 0, max: 999 })),
    fc.option(fc.integer({ min: 0, max: 999 }), { nil: undefined }),
    fc.constantFrom('', '', '+', '-', '－', '＋'),
    fc.constantFrom('', '', '%', '％', '元', '千元', '人', ' 件'),
    fc.boolean(),
    fc.boolean(),
  )
  .map(([int, frac, sign, unit, grouped, wide]) => {
    let s = grouped ? int.toLocaleString('en-US') : String(int);
    if (frac !== undefined) s += '.' + String(frac);
    s = sign + s + unit;
    return wide ? s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)).replace(/,/g, '，') : s;
  });

/** Plan-like text: tokens, number-like strings and short random strings glued together. */
export const planText: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      { weight: 10, arbitrary: fc.constantFrom(...TOKENS) },
      { weight: 3, arbitrary: numberLike },
      { weight: 2, arbitrary: fc.string({ maxLength: 4 }) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 3 }) },
      { weight: 1, arbitrary: fc.integer({ min: -1e6, max: 1e12 }).map(String) },
      { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }).map(String) },
    ),
    { maxLength: 24 },
  )
  .map((parts) => parts.join(''));

/** Strings with lone (unpaired) UTF-16 surrogates mixed with CJK and digits: what a broken paste may hold. */
export const brokenUtf16: fc.Arbitrary<string> = fc.string({
  unit: fc.oneof(
    fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
    fc.constantFrom('一', '萬', '元', '：', ' ', '1', '５', '%', '(', ')', '\u{20000}', '\u{1F600}'),
  ),
  maxLength: 12,
});

/** Any string a cell may hold: ASCII, full Unicode (lone surrogates too), plan-like text, huge digit runs. */
export const anyText: fc.Arbitrary<string> = fc.oneof(
  { weight: 2, arbitrary: fc.string() },
  // fast-check 4's name for fullUnicodeString (any code point)
  { weight: 2, arbitrary: fc.string({ unit: 'binary' }) },
  { weight: 1, arbitrary: brokenUtf16 },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 6, arbitrary: planText },
  { weight: 1, arbitrary: fc.tuple(planText, hugeDigits, planText).map(([a, b, c]) => a + b + c) },
  // a weight after a name, sometimes too long to be a number: `名稱(25%)`, `名稱(999…9%)`
  { weight: 1, arbitrary: fc.tuple(planText, fc.oneof(numberLike, hugeDigits), fc.constantFrom('(', '（'), fc.constantFrom(')', '）')).map(([a, b, o, c]) => `${a}${o}${b}%${c}`) },
  // runs of CJK numerals, short (`一百零五`) and far too long to count (`一一一…`)
  { weight: 1, arbitrary: fc.array(fc.constantFrom(...CJK_NUMERALS), { maxLength: 40 }).map((a) => a.join('')) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('一', '九', '壹'), fc.integer({ min: 16, max: 400 })).map(([d, n]) => d.repeat(n)) },
);

/** A cheap assertion for hot property bodies (jest's `expect` costs more than most parsers). */
export function ok(condition: boolean, what: string, ...context: unknown[]): asserts condition {
  if (!condition) throw new Error(`${what}${context.length ? ': ' + context.map((c) => JSON.stringify(c)).join(' ') : ''}`);
}
