/**
 * Numbers as they are written in pasted plan tables and in plan prose.
 *
 * Pure functions, no dependencies besides `./text`. All scanners work on `toHalfWidth(text)`,
 * which has the same length as `text`, so every `index`/`length` they report points into the
 * caller's original string. All scanners are hand-written and run in linear time (the few regular
 * expressions used here have no nested or ambiguous quantifiers, and the unanchored ones are a
 * single character class, a fixed alternation of 2-character words, or a length-bounded HTML tag).
 */
import { remembered } from './memo';
import { cleanText, halfWidthOf, isWhiteSpaceCode, toHalfWidth, toHalfWidthButColons } from './text';

// ---------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------

/** A number parsed from a cell, with how precisely it was written. */
export interface ParsedNumber {
  /** The value as written: `'-0.5%'` → -0.5 (not divided by 100), `'14,000'` → 14000. Never -0. */
  value: number;
  /** Written with `%` / `％` / `﹪`. */
  percent: boolean;
  /** Explicit sign as written (`+ - ＋ － −`; accounting parentheses count as `-`); null when none. */
  sign: '+' | '-' | null;
  /** Digits shown after the decimal point: `'326.8'` → 1, `'1.50%'` → 2. */
  decimals: number;
  /** Half of the last shown digit: `'14,000'` → 0.5, `'326.8'` → 0.05, `'1.50%'` → 0.005. */
  tolerance: number;
}

/** A number found in free text, with its unit and position. */
export interface Quantity extends ParsedNumber {
  /**
   * The unit written right after the number (after an optional 萬/億 multiplier), from
   * `QUANTITY_UNITS`; `'%'` is reported as `percent: true` and `unit: null`; null when none.
   */
  unit: string | null;
  /** Position in the original text (of the sign, or the first digit). */
  index: number;
  /** Length in the original text, through the unit / `%` when present. */
  length: number;
}

/** One `label：number` item of a cell such as `中央：5,033 本府：73,600 合計：78,633`. */
export interface LabeledAmount {
  /** The label before the colon, e.g. `中央`. Labels never contain whitespace. */
  label: string;
  /** The first number after the colon. */
  value: number;
  /** Half of the last shown digit of that number. */
  tolerance: number;
  /** The original text from the start of the label to the end of the number, e.g. `中央：5,033`. */
  text: string;
  /** True for items that come after a standalone `總計` marker (`… 總計 中央：110,774 …`). */
  grandTotal?: boolean;
}

/** Numbering schemes of plan items. */
export type OrdinalScheme = 'cjk' | 'paren-cjk' | 'arabic' | 'paren-arabic' | 'cjk-formal';

/** A numbered name split into its number and the rest. */
export interface Ordinal {
  scheme: OrdinalScheme;
  /** The number: `十五、` → 15. */
  n: number;
  /** The marker as written in the original text (trimmed), e.g. `一、`, `（一）`, `1.`, `(1)`. */
  marker: string;
  /** The text after the marker, leading whitespace removed (not otherwise cleaned). */
  rest: string;
}

/** A money amount written in prose (`共計 367 萬 5,000 元`). */
export interface ProseAmount {
  /** Amount in 元. */
  yuan: number;
  /** Amount in 千元 (yuan / 1000), the unit of the budget columns. */
  thousand: number;
  /** Half of the smallest unit written, in 千元 (`367 萬 5,000 元` → 0.0005; `140 萬元` → 5). */
  tolerance: number;
  /** Position of the first digit in the original text. */
  index: number;
  /** Length in the original text, through `元`. */
  length: number;
  /** The original text of the amount, e.g. `367 萬 5,000 元`. */
  text: string;
  /** Nearest of `PROSE_KEYWORDS` within the 16 characters before the amount, or null. */
  keyword: string | null;
}

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** True when `h[i]` is an ASCII digit (no allocation; false outside the string). */
function digitAt(h: string, i: number): boolean {
  const c = h.charCodeAt(i); // NaN outside the string
  return c >= 48 && c <= 57;
}

function isAsciiLetter(c: string | undefined): boolean {
  return c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
}

/** Spaces, tabs and line breaks (the input is already half-width, so U+3000 is a space). */
function isSpaceCode(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0 || c === 12 || c === 11 || c === 0x200b;
}

function isSpace(c: string | undefined): boolean {
  return c !== undefined && isSpaceCode(c.charCodeAt(0));
}

/** Hot-path checks use char codes: indexing a CJK string (`h[k]`) allocates a new string. */
function spaceAt(h: string, i: number): boolean {
  return isSpaceCode(h.charCodeAt(i));
}

function letterAt(h: string, i: number): boolean {
  const c = h.charCodeAt(i);
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function skipSpaces(h: string, i: number): number {
  while (i < h.length && spaceAt(h, i)) i++;
  return i;
}

function skipSpacesBack(h: string, i: number): number {
  // returns the index of the last non-space character before position i, or -1
  let k = i - 1;
  while (k >= 0 && spaceAt(h, k)) k--;
  return k;
}

/** Tolerance for `decimals` digits after the point: 0 → 0.5, 1 → 0.05, 2 → 0.005. */
function toleranceFor(decimals: number): number {
  return 5 / 10 ** (decimals + 1);
}

/** Normalise -0 to 0. */
function noNegZero(n: number): number {
  return n === 0 ? 0 : n;
}

/**
 * Exact decimal shift: the value of `int.frac × 10^exp` built as a decimal string, so
 * `1.15 × 10^4` is exactly 11500 (not 11499.999…).
 */
function scaleDecimal(intStr: string, fracStr: string, exp: number): number {
  if (fracStr === '') return exp === 0 ? Number(intStr) : Number(intStr) * 10 ** exp;
  if (exp <= 0) return Number(`${intStr}.${fracStr || '0'}`);
  const shifted = fracStr.length >= exp ? fracStr.slice(0, exp) : fracStr + '0'.repeat(exp - fracStr.length);
  const remaining = fracStr.length > exp ? fracStr.slice(exp) : '';
  return Number(`${intStr}${shifted}${remaining ? '.' + remaining : ''}`);
}

/** Number of digits after the point in the shortest round-trip representation of `n`. */
function shortestDecimals(n: number): number {
  const s = String(Math.abs(n));
  const m = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(s);
  if (!m) return 0;
  const frac = m[2] ? m[2].length : 0;
  const exp = m[3] ? Number(m[3]) : 0;
  return Math.max(0, frac - exp);
}

/** A number token in half-width text: digits with optional `,ddd` groups and `.ddd` fraction. */
interface NumToken {
  start: number;
  end: number;
  /** Integer digits without separators. */
  int: string;
  /** Fraction digits ('' when none). */
  frac: string;
}

/**
 * Scan a number starting at digit position `i`. Thousands separators are only taken when the
 * first group has 1–3 digits and each `,` is followed by exactly three digits (so `1,23` is the
 * number 1 followed by `,23`, and `1,2,3` is 1, 2 and 3). A `.` is a decimal point only when a
 * digit follows.
 */
function scanNumber(h: string, i: number): NumToken {
  const start = i;
  let j = i;
  while (digitAt(h, j)) j++;
  let int = h.slice(start, j);
  if (j - start <= 3) {
    while (
      h.charCodeAt(j) === 44 && digitAt(h, j + 1) && digitAt(h, j + 2) && digitAt(h, j + 3) && !digitAt(h, j + 4)
    ) {
      int += h.slice(j + 1, j + 4);
      j += 4;
    }
  }
  let frac = '';
  if (h.charCodeAt(j) === 46 && digitAt(h, j + 1)) {
    const f = j + 1;
    j = f;
    while (digitAt(h, j)) j++;
    frac = h.slice(f, j);
  }
  return { start, end: j, int, frac };
}

/** Where the number token scanNumber(h, i) would read ends (the same rules), without making the token. */
function numberEnd(h: string, i: number): number {
  const start = i;
  let j = i;
  while (digitAt(h, j)) j++;
  if (j - start <= 3) {
    while (h.charCodeAt(j) === 44 && digitAt(h, j + 1) && digitAt(h, j + 2) && digitAt(h, j + 3) && !digitAt(h, j + 4)) j += 4;
  }
  if (h.charCodeAt(j) === 46 && digitAt(h, j + 1)) {
    j++;
    while (digitAt(h, j)) j++;
  }
  return j;
}

// ---------------------------------------------------------------------------------------------
// parseNumber
// ---------------------------------------------------------------------------------------------

/**
 * Unit words allowed after a whole-cell number. Longer first so `場次` wins over `次`.
 * (`%` is handled separately.)
 */
export const CELL_UNITS: readonly string[] = ['千元', '場次', '元', '人', '件', '支', '次', '隊'];

const CELL_NUMBER_RE = /^([+-])?(\d{1,3}(?:,\d{3})+|\d+|(?=\.\d))(?:\.(\d+))?(%)?$/;

/**
 * Parse a cell that is one number.
 *
 * Accepts: thousands separators (`14,000`, `１４，０００`), decimals, `%`/`％`/`﹪`, explicit signs
 * `+ - ＋ － −`, whitespace and line breaks anywhere (`' 1 4,000 '`, `'14,\n000'` → 14000),
 * accounting negatives `(1,234)` / `（1,234）` → -1234 (sign `-`), a leading-dot decimal `.5`, and one
 * trailing unit from `CELL_UNITS` (`元 千元 人 件 支 次 場次 隊`) or `%`.
 *
 * Returns null for anything else: empty or garbage text, separators in the wrong place (`1,23`,
 * `1,2,3`, `1234,567`), a trailing point (`5.` — that is a list marker), 萬/億 multipliers (`5萬`),
 * several numbers (`中央：5,033 本府：73,600`), exponents (`1e5`), NaN and ±Infinity.
 *
 * For a JS number: the value as is (-0 becomes 0), `sign` '-' for negative values else null,
 * `decimals` from the shortest round-trip representation (`326.8` → 1, `1e-7` → 7).
 *
 * @example parseNumber('-0.5%') // { value: -0.5, percent: true, sign: '-', decimals: 1, tolerance: 0.05 }
 */
const NUMBER_START = /[0-9０-９+\-＋－\u2212\u2013\uFE63\uFE62.．(（]/;

export function parseNumber(input: string | number): ParsedNumber | null {
  if (typeof input === 'string') {
    // A text that cannot start a number is refused before the memo: it would only fill the memo with texts
    // seen once (`中央：0 本府：12,345 …`).
    if (!mayStartNumber(input)) return null;
    if (input.length > 24) return parseNumberNow(input);
    // Short cells repeat (`1`, `80%`, `-0.5%`): their readings are kept (the objects are never changed).
    return remembered(numberMemo, 50000, input, parseNumberNow);
  }
  return parseNumberNow(input);
}

const numberMemo = new Map<string, ParsedNumber | null>();

/** Quick refusal: a number starts (after spaces) with a digit, a sign, a point or a bracket. */
function mayStartNumber(input: string): boolean {
  let first = 0;
  while (first < input.length && (input.charCodeAt(first) <= 32 || input.charCodeAt(first) === 0x3000 || input.charCodeAt(first) === 0xa0)) first++;
  return first >= input.length || NUMBER_START.test(input[first]);
}

function parseNumberNow(input: string | number): ParsedNumber | null {
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return null;
    const decimals = shortestDecimals(input);
    return {
      value: noNegZero(input),
      percent: false,
      sign: input < 0 ? '-' : null,
      decimals,
      tolerance: toleranceFor(decimals),
    };
  }
  if (typeof input !== 'string') return null;
  // parseNumber has refused a text that cannot start a number (mayStartNumber).
  let s = toHalfWidth(input).replace(/[\s\u200B-\u200D]+/g, '');
  if (s === '') return null;

  // trailing unit word
  for (const u of CELL_UNITS) {
    if (s.length > u.length && s.endsWith(u)) {
      s = s.slice(0, -u.length);
      if (s.endsWith('%')) return null; // 5%元
      break;
    }
  }
  // accounting negative (1,234)
  let accounting = false;
  if (s.startsWith('(') && s.endsWith(')')) {
    s = s.slice(1, -1);
    accounting = true;
    if (s.startsWith('+') || s.startsWith('-')) return null;
  }
  const m = CELL_NUMBER_RE.exec(s);
  if (!m) return null;
  const [, signCh, intPart, fracPart, pct] = m;
  const int = (intPart || '0').replace(/,/g, '');
  if (intPart && intPart.includes(',') && intPart.startsWith('0')) return null; // 0,123
  const frac = fracPart ?? '';
  let value = Number(frac ? `${int}.${frac}` : int);
  if (!Number.isFinite(value)) return null;
  let sign: '+' | '-' | null = (signCh as '+' | '-' | undefined) ?? null;
  if (accounting) sign = '-';
  if (sign === '-') value = -value;
  const decimals = frac.length;
  return { value: noNegZero(value), percent: !!pct, sign, decimals, tolerance: toleranceFor(decimals) };
}

// ---------------------------------------------------------------------------------------------
// Compound numbers with 萬 / 億 (and 千 for money)
// ---------------------------------------------------------------------------------------------

const YUAN = 0x5143; // 元

/** A multiplier word and its power of ten. */
interface Multiplier {
  readonly length: number;
  readonly exp: number;
}

const MUL_1 = (exp: number): Multiplier => Object.freeze({ length: 1, exp });
const MUL_2 = (exp: number): Multiplier => Object.freeze({ length: 2, exp });
/** 億 亿 → 8, 萬 万 → 4, 千 仟 → 3 (single characters). */
const SINGLE_MULTIPLIERS = new Map<number, Multiplier>(
  ([['億', 8], ['亿', 8], ['萬', 4], ['万', 4], ['千', 3], ['仟', 3]] as const).map(([w, e]) => [w.charCodeAt(0), MUL_1(e)]),
);
/** 十萬 → 5, 百萬 → 6, 千萬 → 7 (and 拾/佰/仟, 万): the first character followed by 萬/万. */
const WAN_PREFIXES = new Map<number, Multiplier>(
  ([['十', 5], ['拾', 5], ['百', 6], ['佰', 6], ['千', 7], ['仟', 7]] as const).map(([w, e]) => [w.charCodeAt(0), MUL_2(e)]),
);
const WAN = 0x842c; // 萬
const WAN_SIMPLIFIED = 0x4e07; // 万

/** First characters of all multiplier words. */
const MULTIPLIER_FIRST = new Set([...SINGLE_MULTIPLIERS.keys(), ...WAN_PREFIXES.keys()]);

/**
 * The multiplier word at `k`, if any: 億 萬 千 (and 亿 万 仟) or 十萬 百萬 千萬. Uses char codes and
 * shared frozen results, so it allocates nothing.
 */
function multiplierAt(h: string, k: number): Multiplier | null {
  const c = h.charCodeAt(k);
  const two = WAN_PREFIXES.get(c);
  if (two !== undefined) {
    const n = h.charCodeAt(k + 1);
    if (n === WAN || n === WAN_SIMPLIFIED) return two;
  }
  return SINGLE_MULTIPLIERS.get(c) ?? null;
}

/** Half of one unit of 10^exp: exp 0 → 0.5, exp 4 → 5000, exp -2 → 0.005. */
function halfUnit(exp: number): number {
  return exp >= 1 ? 5 * 10 ** (exp - 1) : 5 / 10 ** (1 - exp);
}

interface Compound {
  start: number;
  /** End of the last consumed number or multiplier word. */
  end: number;
  value: number;
  /** Exponent of the smallest unit written: `367 萬 5,000` → 0; `140 萬` → 4; `1.5 萬` → 3; `0.2` → -1. */
  resolutionExp: number;
  /** Number of parts: `1 億 2,992 萬 4,342` → 3. */
  parts: number;
}

/** Followed (after optional spaces) by 年 / 月 / 日 / 號: a date, an ROC year or a document number. */
function followedByDateWord(h: string, end: number): boolean {
  const c = h.charCodeAt(skipSpaces(h, end));
  return c === 0x5e74 || c === 0x6708 || c === 0x65e5 || c === 0x865f; // 年 月 日 號
}

/**
 * Read a compound number starting with token `first`: `N [億 N] [萬 N] [千 N] [N]` with strictly
 * decreasing multipliers, each later part smaller than the gap to the previous multiplier
 * (`2 萬 2,049` = 22049; in `2 萬 22,049` only `2 萬` is taken). Only the last part may carry a
 * fraction (`1.5 萬`). With `thousandYuanIsUnit`, a first-part `千` directly followed by `元` is left
 * alone (so `findQuantity` reports `1,200 千元` as 1200 with unit `千元`). Bounded look-ahead; the
 * compound never extends past a part it rejects.
 */
function readCompound(h: string, first: NumToken, thousandYuanIsUnit: boolean): Compound {
  let value = 0;
  let lastExp = Infinity;
  let tok = first;
  let end = first.end;
  let parts = 0;
  let resolutionExp = -first.frac.length;
  for (;;) {
    const k = skipSpaces(h, tok.end);
    let mul = multiplierAt(h, k);
    if (mul !== null && thousandYuanIsUnit && parts === 0 && mul.exp === 3 && h.charCodeAt(k + 1) === YUAN) mul = null;
    if (mul !== null) {
      if (parts > 0 && !(mul.exp < lastExp && tok.frac === '' && Number(tok.int) < 10 ** (lastExp - mul.exp))) break;
      value += scaleDecimal(tok.int, tok.frac, mul.exp);
      resolutionExp = mul.exp - tok.frac.length;
      end = k + mul.length;
      parts++;
      lastExp = mul.exp;
      if (tok.frac !== '') break; // a fractional part ends the compound
      const n = skipSpaces(h, end);
      if (!digitAt(h, n)) break;
      tok = scanNumber(h, n);
      continue;
    }
    if (parts === 0) {
      value = scaleDecimal(tok.int, tok.frac, 0);
      resolutionExp = -tok.frac.length;
      end = tok.end;
      parts = 1;
      break;
    }
    // a trailing plain part after a multiplier: `2 萬 2,049`
    if (
      tok.frac === '' &&
      Number(tok.int) < 10 ** lastExp &&
      !followedByDateWord(h, tok.end) &&
      h.charCodeAt(tok.end) !== 37 && // %
      !letterAt(h, tok.end) &&
      rangeContinuation(h, tok.end) < 0
    ) {
      value += Number(tok.int);
      resolutionExp = 0;
      end = tok.end;
      parts++;
    }
    break;
  }
  return { start: first.start, end, value, resolutionExp, parts };
}

// ---------------------------------------------------------------------------------------------
// findQuantity
// ---------------------------------------------------------------------------------------------

/**
 * Units recognised right after a quantity in free text (after an optional 萬/億), longest first.
 * `%` is not here: it sets `percent`.
 */
export const QUANTITY_UNITS: readonly string[] = [
  '公里', '小時', '分鐘', '個月', '人次', '場次', '千元',
  '元', '人', '件', '支', '次', '場', '隊', '處', '名', '個', '輛', '臺', '台', '部', '組', '天',
  '週', '所', '家', '案', '項', '點', '倍', '套', '座', '間', '班', '位', '戶', '張', '份', '本',
  '顆', '枝', '把', '級', '類', '分', '秒', '度', '噸', '株', '棟', '條', '區', '里', '歲',
];

const BOUNDARY_BEFORE_ITEM = new Set([
  '\n', '\r', '。', ';', ':', '!', '?', '>', ',', '、', '※', // punctuation (input is half-width)
  '-', '*', '•', '●', '○', '◎', '■', '□', '▲', '◆', // bullets
]);

/** True when position `i` starts an item: start of text, after a line break or after 。；：，、 etc. */
function atItemStart(h: string, i: number): boolean {
  let k = i - 1;
  while (k >= 0 && (h[k] === ' ' || h[k] === '\t' || h[k] === '\u00a0')) k--;
  return k < 0 || BOUNDARY_BEFORE_ITEM.has(h[k]);
}

const IDEOGRAPHIC_COMMA = 0x3001; // 、

const RANGE_WORDS = new Set(['至', '到', '~', '～', '〜'].map((w) => w.charCodeAt(0)));

/** If a range connector and a number follow `end`, return the start of that number, else -1. */
function rangeContinuation(h: string, end: number): number {
  const c = h.charCodeAt(end);
  if ((c === 45 || c === 126) && digitAt(h, end + 1)) return end + 1; // - ~
  const k = skipSpaces(h, end);
  if (RANGE_WORDS.has(h.charCodeAt(k))) {
    const n = skipSpaces(h, k + 1);
    if (digitAt(h, n)) return n;
  }
  return -1;
}

/**
 * The first quantity in free text: a number with an optional sign, an optional multiplier
 * (萬, 億, 千 — except in `千元`, which is a unit — and 十萬/百萬/千萬; compounds such as
 * `2 萬 2,049` = 22049 and `1 億 2,992 萬 4,342`) and the unit right after it (from
 * `QUANTITY_UNITS`, spaces allowed before it) or `%`.
 *
 * Skipped (not quantities):
 * - dates, ROC years and document numbers: a number followed (after optional spaces) by 年, 月,
 *   日 or 號 (`111年`, `111 年度`, `前5年`, `7 月 31 日`, `第1110000584號`), and every number of a
 *   `、`-list that ends in one (`每年4、10月`);
 * - ranges: `96-105`, `1~3`, `104 至 107` (both numbers);
 * - slash dates and fractions: `7/31`, `110/12/31` (all numbers of the chain);
 * - list markers at the start of an item (start of text, or after a line break, one of
 *   。；：，、!?>※ or a bullet `- * • ●`):
 *   `1.` `2、` (not followed by a digit) and `(1)` `（1）`;
 * - identifiers: numbers glued to a Latin letter (`A1`, `P1`, `DV2`, `4PC`) and ordinals after
 *   `第` (`第 2 部`).
 *
 * A sign is taken only when `+`/`-` (any width) stands directly before the digits and is not
 * preceded by a digit, letter, `)` or `%` (then it is an operator or a range).
 * For a multiplied quantity `decimals` describes the value (`1.5 萬` → 15000, decimals 0) while
 * `tolerance` keeps the written resolution (`1.5 萬` → 500, `1 萬` → 5000).
 *
 * @example findQuantity('預防犯罪宣導人數達 1 萬人以上') // value 10000, unit '人'
 * @example findQuantity('降低執法錯誤率於 0.2% 以下') // value 0.2, percent true, unit null
 */
export function findQuantity(text: string): Quantity | null {
  if (typeof text !== 'string' || text === '') return null;
  const h = toHalfWidth(text);
  let i = 0;
  let listChecked = 0;
  while (i < h.length) {
    if (!digitAt(h, i)) {
      i++;
      continue;
    }
    const tok = scanNumber(h, i);
    const prev = h[i - 1];
    const after = h[tok.end];
    // identifiers: A1, P1, DV2, 4PC
    if (isAsciiLetter(prev) || isAsciiLetter(after)) {
      i = skipWord(h, tok.end);
      continue;
    }
    // slash chains: 7/31, 110/12/31
    if ((after === '/' && digitAt(h, tok.end + 1)) || (prev === '/' && digitAt(h, i - 2))) {
      i = skipSlashChain(h, tok.end);
      continue;
    }
    // ranges: 96-105, 104 至 107 (skip both numbers)
    const r = rangeContinuation(h, tok.end);
    if (r >= 0 && tok.frac === '') {
      i = scanNumber(h, r).end;
      continue;
    }
    // dates and ROC years: 111年, 前5年, 7 月
    if (followedByDateWord(h, tok.end)) {
      i = tok.end;
      continue;
    }
    // enumerated dates: 4、10月 (every number of a 、-list that ends in 年/月/日); a list that does
    // not end in one is scanned once only (listChecked), keeping the scan linear
    if (after === '、' && digitAt(h, tok.end + 1) && i >= listChecked) {
      let t = scanNumber(h, tok.end + 1);
      while (h.charCodeAt(t.end) === IDEOGRAPHIC_COMMA && digitAt(h, t.end + 1)) t = scanNumber(h, t.end + 1);
      if (followedByDateWord(h, t.end)) {
        i = t.end;
        continue;
      }
      listChecked = t.end;
    }
    // ordinals: 第 2 部
    const before = skipSpacesBack(h, i);
    if (before >= 0 && h[before] === '第') {
      i = tok.end;
      continue;
    }
    // list markers: 1. 2、 (1)
    if (tok.frac === '' && tok.int.length <= 2) {
      if ((after === '.' || after === '、') && !digitAt(h, tok.end + 1) && atItemStart(h, i)) {
        i = tok.end + 1;
        continue;
      }
      if (prev === '(' && after === ')' && atItemStart(h, i - 1)) {
        i = tok.end + 1;
        continue;
      }
    }

    // sign
    let start = i;
    let sign: '+' | '-' | null = null;
    if (prev === '+' || prev === '-') {
      const pp = h[i - 2];
      if (!(isDigit(pp) || isAsciiLetter(pp) || pp === ')' || pp === '%')) {
        sign = prev;
        start = i - 1;
      }
    }
    const comp = readCompound(h, tok, true);
    if (!Number.isFinite(comp.value)) {
      // More digits than a double holds (1e309 and up): not a quantity.
      i = Math.max(comp.end, tok.end);
      continue;
    }
    let end = comp.end;
    let percent = false;
    let unit: string | null = null;
    const k = skipSpaces(h, end);
    if (h[k] === '%') {
      percent = true;
      end = k + 1;
    } else {
      for (const u of QUANTITY_UNITS) {
        if (h.startsWith(u, k)) {
          unit = u;
          end = k + u.length;
          break;
        }
      }
    }
    const decimals = Math.max(0, -comp.resolutionExp);
    const tolerance = halfUnit(comp.resolutionExp);
    const value = noNegZero(sign === '-' ? -comp.value : comp.value);
    return { value, percent, sign, decimals, tolerance, unit, index: start, length: end - start };
  }
  return null;
}

function skipWord(h: string, i: number): number {
  while (i < h.length && (digitAt(h, i) || letterAt(h, i))) i++;
  return i;
}

function skipSlashChain(h: string, i: number): number {
  while (h.charCodeAt(i) === 47 && digitAt(h, i + 1)) i = scanNumber(h, i + 1).end;
  return i;
}

// ---------------------------------------------------------------------------------------------
// parseLabeledAmounts
// ---------------------------------------------------------------------------------------------

/** Characters that separate a label from junk glued before it (`12,000/每年合計`). */
const LABEL_CUT = new Set(['/', ',', '、', ';', '。', '|', '，', '；', ']', '】', '」']);

/** A label must contain a letter or a CJK character (so the `10` of `10:30` is not a label). */
const HAS_LETTER_RE = /\p{L}/u;

/** HAS_LETTER_RE, with the usual labels (`中央`, `city`) decided by their first character's code. */
function hasLetter(label: string): boolean {
  const c = label.charCodeAt(0);
  if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return true; // CJK ideographs and ASCII letters are \p{L}
  return HAS_LETTER_RE.test(label);
}

/** HTML tags left in pasted cells (`<p>`, `</p>`, `<ol …>`): blanked out, keeping positions. */
const TAG_RE = /<\/?[A-Za-z][^<>]{0,200}>/g;

/**
 * Split a cell holding several `label：number` items, e.g. `中央：5,033 本府：73,600 合計：78,633`
 * (line breaks between the items, `：` or `:`, full-width digits and spaces all allowed).
 *
 * - The label is the whitespace-free word right before the colon; junk glued before it is cut at
 *   the last `/ , 、 ; 。 ，` or after a parenthesised group that contains a digit
 *   (`(111-113年)合計` → `合計`). HTML tags such as `<p>` are ignored.
 * - The value is the first number after the colon (optional sign, thousands separators, decimals;
 *   no 萬/億 scaling); anything after it up to the next label is ignored
 *   (`本府：12,000/ 每年(111-113年)` → 本府 = 12000). A colon without a number after it (`備註：市預算`)
 *   or without a label before it (the second colon of `10:30`) is not an item.
 * - A standalone `總計` word (separated by whitespace, not itself the label of a number), or a
 *   `總計：` with no number after it, marks every later item with `grandTotal: true`.
 *
 * Returns [] when there is no `label：number` pattern.
 */
export function parseLabeledAmounts(text: string): LabeledAmount[] {
  if (typeof text !== 'string' || text === '') return [];
  // Half-width but for the colons, which are looked for in either form (colonAt): most amount cells have no
  // other full-width character, and are read as they are.
  const half = toHalfWidthButColons(text);
  const h = half.indexOf('<') >= 0 ? half.replace(TAG_RE, (m) => ' '.repeat(m.length)) : half;
  const out: LabeledAmount[] = [];
  let segStart = 0; // where the text before the next label starts
  let grand = false;
  let c = colonAt(h, 0);
  while (c >= 0) {
    const labelInfo = extractLabel(h, segStart, c);
    const label = cleanText(text.slice(labelInfo.start, labelInfo.end));
    // number after the colon
    let n = skipSpaces(h, c + 1);
    let sign: '+' | '-' | null = null;
    if ((h[n] === '-' || h[n] === '+') && digitAt(h, n + 1)) {
      sign = h[n] as '+' | '-';
      n++;
    }
    if (labelInfo.marker) grand = true;
    if (digitAt(h, n) && hasLetter(label)) {
      let value = plainNumberAt(h, n);
      const end = plainEnd;
      if (!Number.isFinite(value)) {
        // More digits than a double holds: not an amount.
        segStart = end;
        c = colonAt(h, end);
        continue;
      }
      if (sign === '-') value = -value;
      const item: LabeledAmount = {
        label,
        value: noNegZero(value),
        tolerance: toleranceFor(plainDecimals),
        text: text.slice(labelInfo.start, end),
      };
      if (grand) item.grandTotal = true;
      out.push(item);
      segStart = end;
      c = colonAt(h, end);
    } else {
      if (label === '總計') grand = true; // `總計：` heading a list of items
      segStart = c + 1;
      c = colonAt(h, c + 1);
    }
  }
  return out;
}

/** Where the number plainNumberAt read last ends, and its digits after the point. */
let plainEnd = 0;
let plainDecimals = 0;

/** Powers of ten exact as doubles (10^0 … 10^22). */
const EXACT_POWERS = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/**
 * The value of the number token scanNumber(h, i) reads: Number of its digits (`12,345.6` → 12345.6); where it
 * ends and its decimals in plainEnd and plainDecimals. Up to 15 digits it is added up digit by digit (exact:
 * below 2^53) and divided by the power of ten of its decimals (a correctly rounded quotient of two exact numbers:
 * the double Number gives for the same decimal), with no token and no string made.
 */
function plainNumberAt(h: string, i: number): number {
  const end = numberEnd(h, i);
  let v = 0;
  let digits = 0;
  let decimals = 0;
  let point = false;
  // Between i and end: digits, the thousands separators numberEnd took, and one decimal point.
  for (let k = i; k < end; k++) {
    const c = h.charCodeAt(k);
    if (c === 44) continue;
    if (c === 46) {
      point = true;
      continue;
    }
    v = v * 10 + (c - 48);
    digits++;
    if (point) decimals++;
  }
  plainEnd = end;
  plainDecimals = decimals;
  if (digits <= 15) return decimals ? v / EXACT_POWERS[decimals] : v;
  const tok = scanNumber(h, i);
  return Number(tok.frac ? `${tok.int}.${tok.frac}` : tok.int);
}

/** The first colon (`:` or `：`) at or after `from`, or -1. */
function colonAt(h: string, from: number): number {
  for (let k = from; k < h.length; k++) {
    const c = h.charCodeAt(k);
    if (c === 58 || c === 0xff1a) return k;
  }
  return -1;
}

/** Whitespace that ends a label: everything `cleanText` treats as whitespace (U+2028, U+FEFF, U+1680 … too): isWhiteSpaceCode. */
const LABEL_CUT_CODES = new Set([...LABEL_CUT].map((c) => c.charCodeAt(0)));

/** The label right before the colon at `colon`, searching no further back than `from`. */
function extractLabel(h: string, from: number, colon: number): { start: number; end: number; marker: boolean } {
  let end = colon;
  // By char codes (a CJK character read as h[k] is a new string): label spaces are isWhiteSpaceCode's.
  while (end > from && isWhiteSpaceCode(h.charCodeAt(end - 1))) end--;
  let start = end;
  while (start > from && !isWhiteSpaceCode(h.charCodeAt(start - 1))) start--;
  // standalone 總計 among the words before the label
  let marker = false;
  const grand = h.indexOf('總計', from);
  if (grand >= 0 && grand < start) {
    const before = h.slice(from, start).split(/[\s\u200B]+/);
    for (const w of before) if (w === '總計') marker = true;
  }
  // cut junk glued before the label
  let cut = start;
  let depth = 0;
  let groupHasDigit = false;
  for (let k = start; k < end; k++) {
    const ch = h.charCodeAt(k);
    if (LABEL_CUT_CODES.has(ch)) cut = k + 1;
    else if (ch === 40 || ch === 91) {
      depth++;
      groupHasDigit = false;
    } else if (ch === 41 && depth > 0) {
      depth--;
      if (groupHasDigit) cut = k + 1;
    } else if (ch >= 48 && ch <= 57 && depth > 0) groupHasDigit = true;
  }
  if (cut >= end) cut = start; // nothing left after the cut: keep the whole word
  return { start: cut, end, marker };
}

// ---------------------------------------------------------------------------------------------
// parseWeight
// ---------------------------------------------------------------------------------------------

/** Weights are percentages: past 1,000,000% a number in brackets is not a weight (and sums of weights stay finite). */
export const MAX_WEIGHT = 1e6;

const WEIGHT_RE = /^\s*(?:(?:權重|占|佔)\s*)?(\d+(?:\.\d+)?)\s*%\s*$/;
const TRAILING_JUNK = new Set([' ', '\t', '\n', '\r', '\u00a0', ':', '：', '。', '.', ',', '，', ';', '；', '、']);
const TRAILING_JUNK_CODES = new Set([...TRAILING_JUNK].map((c) => c.charCodeAt(0)));

/**
 * A weight written at the end of a name: `積極查緝犯罪，確保社會安寧(25%)` → name
 * `積極查緝犯罪，確保社會安寧`, weight 25 (a percentage, not divided by 100). Accepts half- and
 * full-width parentheses, digits and `%` (`（２５％）`), spaces inside (`(25 %)`), decimals
 * (`(12.5%)`) and a `權重`/`占` prefix (`(權重25%)`). Only the last parenthesised group counts, and
 * only when nothing but whitespace or punctuation (`：。，；、`) follows it. Without a weight the
 * name is returned unchanged with weight null.
 */
export function parseWeight(name: string): { name: string; weight: number | null } {
  if (typeof name !== 'string') return { name, weight: null };
  // On the name as written, by the half-width form of each character (toHalfWidth keeps every position): only
  // the bracket's content is converted.
  let end = name.length;
  while (end > 0 && TRAILING_JUNK_CODES.has(halfWidthOf(name.charCodeAt(end - 1)))) end--;
  if (end === 0 || halfWidthOf(name.charCodeAt(end - 1)) !== 41) return { name, weight: null };
  const open = Math.max(name.lastIndexOf('(', end - 1), name.lastIndexOf('（', end - 1));
  if (open < 0) return { name, weight: null };
  const m = WEIGHT_RE.exec(toHalfWidth(name.slice(open + 1, end - 1)));
  if (!m || !(Number(m[1]) <= MAX_WEIGHT)) return { name, weight: null };
  return { name: name.slice(0, open).trimEnd(), weight: Number(m[1]) };
}

// ---------------------------------------------------------------------------------------------
// Ordinals and CJK numerals
// ---------------------------------------------------------------------------------------------

const CJK_DIGITS: Readonly<Record<string, number>> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 兩: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
  壹: 1, 貳: 2, 貮: 2, 參: 3, 叁: 3, 肆: 4, 伍: 5, 陸: 6, 柒: 7, 捌: 8, 玖: 9,
};
const CJK_SMALL_UNITS: Readonly<Record<string, number>> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000 };
const CJK_BIG_UNITS: Readonly<Record<string, number>> = { 萬: 1e4, 億: 1e8 };
const FORMAL_CHARS = new Set(['壹', '貳', '貮', '參', '叁', '肆', '伍', '陸', '柒', '捌', '玖', '拾', '佰', '仟']);

/** The characters of a Chinese numeral, by char code (no string a character). */
const CJK_NUMERAL_CODES = new Set<number>([...Object.keys(CJK_DIGITS), ...Object.keys(CJK_SMALL_UNITS), ...Object.keys(CJK_BIG_UNITS)].map((c) => c.charCodeAt(0)));

function isCjkNumeralChar(c: string): boolean {
  return c.length === 1 && CJK_NUMERAL_CODES.has(c.charCodeAt(0));
}

function cjkNumeralAt(h: string, k: number): boolean {
  return CJK_NUMERAL_CODES.has(h.charCodeAt(k));
}

/**
 * Value of a Chinese numeral: `十` 10, `十五` 15, `二十一` 21, `一百零五` 105, `一千零一十` 1010,
 * `三萬五千` 35000, `〇`/`零` 0, formal digits `壹貳參(叁)肆伍陸柒捌玖拾佰仟` too. A string of bare digits
 * is read digit by digit (`一〇五` 105, `一一一` 111). Null for anything that is not a well-formed
 * numeral (empty, other characters, `五五十`, `十十`).
 */
export function cjkNumeral(s: string): number | null {
  if (typeof s !== 'string' || s === '') return null;
  const chars = Array.from(s);
  if (!chars.every(isCjkNumeralChar)) return null;
  // digit-by-digit: 一〇五
  if (chars.every((c) => c in CJK_DIGITS)) {
    if (chars.length === 1) return CJK_DIGITS[chars[0]];
    let v = 0;
    for (const c of chars) v = v * 10 + CJK_DIGITS[c];
    return Number.isSafeInteger(v) ? v : null; // a run of digits too long to count exactly is not a numeral
  }
  let total = 0;
  let section = 0;
  let digit: number | null = null;
  let lastSmall = Infinity; // small unit last used in this section
  let lastBig = Infinity;
  let zeroPending = false;
  for (const c of chars) {
    if (c in CJK_DIGITS) {
      const d = CJK_DIGITS[c];
      if (d === 0) {
        if (digit !== null) return null; // 五零
        zeroPending = true;
        continue;
      }
      if (digit !== null) return null; // two digits in a row
      digit = d;
    } else if (c in CJK_SMALL_UNITS) {
      const u = CJK_SMALL_UNITS[c];
      if (u >= lastSmall) return null; // 十十, 十百
      if (zeroPending && digit === null) return null; // 零十
      section += (digit ?? 1) * u; // 十五 = 15, 百 = 100
      digit = null;
      zeroPending = false;
      lastSmall = u;
    } else {
      const u = CJK_BIG_UNITS[c];
      if (u >= lastBig) return null;
      const sec = section + (digit ?? 0);
      if (sec === 0) return null;
      total += sec * u;
      section = 0;
      digit = null;
      zeroPending = false;
      lastSmall = Infinity;
      lastBig = u;
    }
  }
  if (zeroPending && digit === null) return null; // trailing 零
  const value = total + section + (digit ?? 0);
  return Number.isSafeInteger(value) ? value : null;
}

/**
 * Split a numbered name into its number and the rest. Leading whitespace is ignored.
 *
 * | scheme          | written as                                        |
 * |-----------------|---------------------------------------------------|
 * | `cjk`           | `一、` `十五、` `二十一、` (also `一.` `一．`)          |
 * | `paren-cjk`     | `（一）` `(一)` `( 一 )` (formal digits in parentheses too) |
 * | `arabic`        | `1.` `1、` `1．` (not followed by a digit: `1.5` is a number), or `1 x` when the number has at most 3 digits and a space follows |
 * | `paren-arabic`  | `(1)` `（1）`                                       |
 * | `cjk-formal`    | `壹、` `貳、` `參、` `肆、` `伍、` (any numeral using formal digits) |
 *
 * A cell that is only a numeral (`一`, `四`, `壹`, `1`, up to 3 Arabic digits) or a numeral and its
 * separator (`一、`) is an ordinal with rest ''. Returns null otherwise (`一般行政` is not
 * numbered: the numeral must be followed by a separator).
 */
export function parseOrdinal(text: string): Ordinal | null {
  if (typeof text !== 'string') return null;
  // Quick refusal: a numbered name starts (after spaces) with a bracket, a digit or a Chinese numeral.
  let first = 0;
  while (first < text.length && (isSpaceCode(text.charCodeAt(first)) || text.charCodeAt(first) === 0x3000)) first++;
  if (first < text.length) {
    const c = text.charCodeAt(first);
    const f = c >= 0xff01 && c <= 0xff5e ? c - 0xfee0 : c;
    if (f !== 40 && !(f >= 48 && f <= 57) && !CJK_NUMERAL_CODES.has(c)) return null;
  }
  if (text.length > ORDINAL_MEMO_LENGTH) return parseOrdinalNow(text);
  // A number column's cells (`一`, `二`, `(1)`) repeat on every row: their readings are kept (the objects are never changed).
  return remembered(ordinalMemo, 10000, text, parseOrdinalNow);
}

const ORDINAL_MEMO_LENGTH = 6;
const ordinalMemo = new Map<string, Ordinal | null>();

function parseOrdinalNow(text: string): Ordinal | null {
  const h = toHalfWidth(text);
  const s = skipSpaces(h, 0);
  if (s >= h.length) return null;
  const finish = (scheme: OrdinalScheme, n: number, markerEnd: number): Ordinal => ({
    scheme,
    n,
    marker: text.slice(s, markerEnd).trim(),
    rest: text.slice(skipSpaces(h, markerEnd)),
  });

  // parenthesised
  if (h[s] === '(') {
    let k = skipSpaces(h, s + 1);
    const ds = k;
    if (digitAt(h, k)) {
      while (digitAt(h, k)) k++;
      if (k - ds > 3) return null;
      const n = Number(h.slice(ds, k));
      k = skipSpaces(h, k);
      if (h[k] === ')') return finish('paren-arabic', n, k + 1);
      return null;
    }
    while (k < h.length && cjkNumeralAt(h, k) && k - ds < 8) k++;
    const n = cjkNumeral(h.slice(ds, k));
    if (n === null) return null;
    k = skipSpaces(h, k);
    if (h[k] === ')') return finish('paren-cjk', n, k + 1);
    return null;
  }

  // arabic
  if (digitAt(h, s)) {
    let k = s;
    while (digitAt(h, k)) k++;
    if (k - s > 3) return null;
    const n = Number(h.slice(s, k));
    const c = h[k];
    if (c === undefined || skipSpaces(h, k) === h.length) return finish('arabic', n, k);
    if ((c === '.' || c === '、') && !digitAt(h, k + 1)) return finish('arabic', n, k + 1);
    if (isSpace(c)) return finish('arabic', n, k);
    return null;
  }

  // cjk / cjk-formal
  let k = s;
  while (k < h.length && cjkNumeralAt(h, k) && k - s < 8) k++;
  if (k === s) return null;
  const word = h.slice(s, k);
  const n = cjkNumeral(word);
  if (n === null) return null;
  const scheme: OrdinalScheme = Array.from(word).some((c) => FORMAL_CHARS.has(c)) ? 'cjk-formal' : 'cjk';
  const c = h[k];
  if (c === undefined || skipSpaces(h, k) === h.length) return finish(scheme, n, k);
  if (c === '、' || c === '.') return finish(scheme, n, k + 1);
  return null;
}

// ---------------------------------------------------------------------------------------------
// findProseAmounts
// ---------------------------------------------------------------------------------------------

/** Keywords reported in `ProseAmount.keyword`, searched in the 16 characters before an amount. */
export const PROSE_KEYWORDS: readonly string[] = ['共計', '合計', '總計', '小計', '編列', '預算', '費用', '經費'];

const KEYWORD_WINDOW = 16;

/**
 * Money amounts written in prose, in 元 with 萬/億 (and 千, 十萬/百萬/千萬) units: `共計 367 萬 5,000 元`
 * → 3,675,000 元 = 3675 千元; `1 億 2,992 萬 4,342 元` → 129,924.342 千元; `140 萬元`; `13元`;
 * `1,200 千元` (千元 is read as 千 × 元, i.e. 1200 千元); `3 萬 5 千元`; `1.5 萬元`. Spaces are allowed
 * between the parts and before `元`; full-width digits too. Numbers are never negative here. The
 * 年 of `111 年度須編列 4,716 萬元` stops the 111 (it is not followed by 元). A compound that does not end in `元` is not money and is skipped whole
 * (`85萬5,200件`, `2 萬 2,049 支攝影機`). Numbers glued to Latin letters (`A1`) are ignored.
 * `1 萬 5,000 元至 3 萬 5,000 元不等` gives two amounts.
 *
 * `tolerance` is half of the smallest unit written, in 千元. `keyword` is the nearest (latest
 * ending) of `PROSE_KEYWORDS` lying wholly within the 16 characters before the amount and after
 * the previous amount, or null.
 *
 * Linear time: the keyword positions are collected in one regex pass, then one left-to-right scan
 * with bounded look-ahead; every failed candidate resumes after the characters it consumed.
 * Hot paths use char codes (no per-character string allocation).
 */
export function findProseAmounts(text: string): ProseAmount[] {
  if (typeof text !== 'string' || text === '') return [];
  const scan = proseScan(text);
  const h = scan.h;
  // With two-character keywords the nearest one is found by looking back from each amount (keywordAt); else all
  // hits are collected first.
  const keywords = KEYWORD_PAIRS ? [] : keywordHits(h);
  let kwNext = 0; // first keyword hit not yet passed
  let kwBest: KeywordHit | null = null; // latest-ending keyword hit passed so far
  const out: ProseAmount[] = [];
  let prevEnd = 0;
  while (nextProseAmount(scan)) {
    const i = scan.index;
    const end = scan.end;
    // keyword: the latest-ending hit that lies wholly in [max(prevEnd, i - 16), i)
    while (kwNext < keywords.length && keywords[kwNext].end <= i) {
      const hit = keywords[kwNext++];
      if (kwBest === null || hit.end >= kwBest.end) kwBest = hit;
    }
    const from = Math.max(prevEnd, i - KEYWORD_WINDOW);
    out.push({
      yuan: scan.yuan,
      thousand: scan.yuan / 1000,
      tolerance: proseTolerance(scan),
      index: i,
      length: end - i,
      text: text.slice(i, end),
      keyword: KEYWORD_PAIRS ? keywordAt(h, KEYWORD_PAIRS, from, i) : kwBest !== null && kwBest.start >= from ? kwBest.word : null,
    });
    prevEnd = end;
  }
  return out;
}

/**
 * A scan of a text for money amounts, one at a time (nextProseAmount): what findProseAmounts finds, in the same
 * order, without making an object or a string an amount (a caller that keeps few of them, statedAmounts, makes
 * only those).
 */
export interface ProseScan {
  /** The text from `base` on, half-width (toHalfWidth: the same positions, less `base`). */
  readonly h: string;
  readonly base: number;
  /** Where the scan goes on, in `h`. */
  at: number;
  /** The amount last found: where its first digit is, where it ends (after 元), its value in 元, and the exponent of its smallest unit. */
  index: number;
  end: number;
  yuan: number;
  resolutionExp: number;
}

/**
 * A scan of `text`, from `from` on: the amounts findProseAmounts finds at `from` or after, when the character
 * before `from` is one no amount's reading takes in (a CJK character other than 元 and the multipliers 億 萬 千 十
 * 百 and their other forms; not a digit, a letter, a space or punctuation): every amount's reading then starts
 * after it, or ends before it, whether the text is scanned from its start or from there. Only that character and
 * what follows are made half-width.
 */
export function proseScan(text: string, from = 0): ProseScan {
  const base = from > 0 ? from - 1 : 0;
  return { h: toHalfWidth(base > 0 ? text.slice(base) : text), base, at: from - base, index: -1, end: -1, yuan: 0, resolutionExp: 0 };
}

/** The tolerance of the amount a scan last found, in 千元 (ProseAmount.tolerance). */
export function proseTolerance(scan: ProseScan): number {
  return halfUnit(scan.resolutionExp - 3);
}

/** Finds the next amount of a scan (findProseAmounts' rules); false when there is none. */
export function nextProseAmount(scan: ProseScan): boolean {
  const h = scan.h;
  let i = scan.at;
  while (i < h.length) {
    const found = nextDigit(h, i);
    if (found < 0) break;
    i = found;
    // Most numbers of a text are not money (`第 1 項`, `111 年度`): they are passed over by where they end, and only
    // a number that may be money is read into a token.
    const tokEnd = numberEnd(h, i);
    if (letterAt(h, i - 1) || letterAt(h, tokEnd)) {
      i = skipWord(h, tokEnd);
      continue;
    }
    // fast path: money needs 元 or a multiplier right after the first number
    const peek = skipSpaces(h, tokEnd);
    if (h.charCodeAt(peek) !== YUAN && !MULTIPLIER_FIRST.has(h.charCodeAt(peek))) {
      i = peek > tokEnd ? peek : tokEnd;
      continue;
    }
    const tok = scanNumber(h, i);
    const comp = readCompound(h, tok, false);
    const k = skipSpaces(h, comp.end);
    if (h.charCodeAt(k) !== YUAN) {
      i = Math.max(comp.end, tok.end);
      continue;
    }
    const end = k + 1;
    if (!Number.isFinite(comp.value)) {
      // More digits than a double holds: not an amount.
      i = end;
      continue;
    }
    scan.index = i + scan.base;
    scan.end = end + scan.base;
    scan.yuan = comp.value;
    scan.resolutionExp = comp.resolutionExp;
    scan.at = end;
    return true;
  }
  scan.at = h.length;
  return false;
}

/** Index of the first ASCII digit at or after `i`, or -1 (by char codes: no match object a digit). */
function nextDigit(h: string, i: number): number {
  for (; i < h.length; i++) {
    const c = h.charCodeAt(i);
    if (c >= 48 && c <= 57) return i;
  }
  return -1;
}

interface KeywordHit {
  word: string;
  start: number;
  end: number;
}

const KEYWORDS_G = new RegExp(PROSE_KEYWORDS.join('|'), 'g');

/** Every occurrence of a `PROSE_KEYWORDS` word, overlapping ones included (`經費用`), in order of start. */
function keywordHits(h: string): KeywordHit[] {
  const hits: KeywordHit[] = [];
  if (KEYWORD_PAIRS) {
    // Every keyword is two characters and no two start alike: a look-up by the first character's code.
    for (let i = 0; i + 1 < h.length; i++) {
      const c = h.charCodeAt(i);
      if (KEYWORD_FIRST[c] === 0) continue;
      const k = KEYWORD_PAIRS.get(c);
      if (k !== undefined && h.charCodeAt(i + 1) === k.second) hits.push({ word: k.word, start: i, end: i + 2 });
    }
    return hits;
  }
  const re = KEYWORDS_G;
  re.lastIndex = 0;
  for (let m = re.exec(h); m !== null; m = re.exec(h)) {
    hits.push({ word: m[0], start: m.index, end: m.index + m[0].length });
    re.lastIndex = m.index + 1;
  }
  return hits;
}

/**
 * The keyword wholly in [from, end) that ends last, or null: the same as the latest-ending of all hits before `end`
 * when it starts at or after `from`, since every keyword is two characters (a hit that starts before `from` ends
 * before any hit inside). Looks back from `end`, so a text's keywords are not all collected.
 */
function keywordAt(h: string, pairs: Map<number, { second: number; word: string }>, from: number, end: number): string | null {
  for (let k = end - 2; k >= from; k--) {
    const c = h.charCodeAt(k);
    if (KEYWORD_FIRST[c] === 0) continue;
    const pair = pairs.get(c);
    if (pair !== undefined && h.charCodeAt(k + 1) === pair.second) return pair.word;
  }
  return null;
}

/** The keywords by their first character, when every keyword is two characters and their first ones differ (else null). */
const KEYWORD_PAIRS: Map<number, { second: number; word: string }> | null = (() => {
  const m = new Map<number, { second: number; word: string }>();
  for (const w of PROSE_KEYWORDS) {
    if (w.length !== 2 || m.has(w.charCodeAt(0))) return null;
    m.set(w.charCodeAt(0), { second: w.charCodeAt(1), word: w });
  }
  return m;
})();
/** 1 for the first character of a keyword (a look-up by index, before the map's). */
const KEYWORD_FIRST = new Uint8Array(65536);
if (KEYWORD_PAIRS) for (const c of KEYWORD_PAIRS.keys()) KEYWORD_FIRST[c] = 1;

// ---------------------------------------------------------------------------------------------
// numbersAgree
// ---------------------------------------------------------------------------------------------

/** True when `|a - b| <= tolerance + 1e-9` (the 1e-9 absorbs binary floating-point error). */
export function numbersAgree(a: number, b: number, tolerance: number): boolean {
  return Math.abs(a - b) <= tolerance + 1e-9;
}
