/**
 * Text normalisation for pasted plan tables.
 *
 * Pure functions. Text pasted from Word/PDF into Excel mixes full-width and
 * half-width forms (`１４，０００`, `（一）`, `－0.5％`) and carries stray spaces and line breaks inside
 * words (`治安防治 專案`). These helpers give one canonical form for matching (`normalizeLabel`)
 * and one readable form for display (`cleanText`).
 */
import { remembered } from './memo';

/**
 * Besides the full-width ASCII block U+FF01..U+FF5E, `toHalfWidth` maps U+3000 to a space, U+2212 `−`,
 * U+2013 `–` and U+FE63 `﹣` to `-`, U+FE62 `﹢` to `+` and U+FE6A `﹪` to `%` (halfWidthCode). Every mapping is
 * one UTF-16 unit to one UTF-16 unit, so `toHalfWidth` preserves length and string indices (callers rely on this
 * to map positions back to the original text).
 */

/**
 * Convert full-width ASCII (U+FF01..U+FF5E, e.g. `１２，０００．５％`, `（`, `：`) to ASCII, the ideographic
 * space U+3000 to a space, the minus-like signs U+2212 `−`, U+2013 `–`, U+FE63 `﹣` (and U+FF0D `－`,
 * which is in the full-width block) to `-`, U+FE62 `﹢` to `+` and `﹪` to `%`.
 * CJK characters and CJK punctuation such as `、` `。` `「」` are left alone.
 *
 * The result always has the same length as the input: position `i` of the result corresponds to
 * position `i` of the input.
 *
 * @example toHalfWidth('１４，０００') // '14,000'
 * @example toHalfWidth('（一）－０．５％') // '(一)-0.5%'
 */
export function toHalfWidth(s: string): string {
  return halfWidthKeeping(s, -1);
}

/**
 * toHalfWidth, but for full-width colons (`：`), kept as they are: for a caller that looks for either colon (the
 * only full-width forms of most amount cells, `中央：5,033`, are then no reason to make a new text).
 */
export function toHalfWidthButColons(s: string): string {
  return halfWidthKeeping(s, FULL_WIDTH_COLON);
}
const FULL_WIDTH_COLON = 0xff1a;

/** The half-width form of `s`, the character `keep` (a code, or -1 for none) left as it is. */
function halfWidthKeeping(s: string, keep: number): string {
  // By char codes, one look-up a character (HALF_WIDTH): the first character to change, then the rest (most
  // texts have none).
  const n = s.length;
  let i = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (HALF_WIDTH[c] !== c && c !== keep) break;
  }
  if (i === n) return s;
  let out = s.slice(0, i);
  let start = i;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    const h = HALF_WIDTH[c];
    if (h === c || c === keep) continue;
    out += s.slice(start, i) + String.fromCharCode(h);
    start = i + 1;
  }
  return out + s.slice(start);
}

/** The code of a character's half-width form (toHalfWidth, one character): the code itself when it stays as it is. */
export function halfWidthOf(c: number): number {
  const h = HALF_WIDTH[c];
  return h === undefined ? c : h;
}

/**
 * The half-width form of every UTF-16 code (itself when it stays as it is), for toHalfWidth: a table of 128 KB
 * looked up once a character, where halfWidthCode tests ranges and cases (texts of 100,000 rows go through it).
 */
const HALF_WIDTH = new Uint16Array(0x10000);
for (let c = 0; c < 0x10000; c++) {
  const h = halfWidthCode(c);
  HALF_WIDTH[c] = h < 0 ? c : h;
}

/** The half-width form of a character code, or -1 when it stays as it is. */
function halfWidthCode(c: number): number {
  if (c < 0x2013) return -1;
  if (c >= 0xff01 && c <= 0xff5e) return c - 0xfee0;
  switch (c) {
    case 0x3000:
      return 32;
    case 0x2212:
    case 0x2013:
    case 0xfe63:
      return 45;
    case 0xfe62:
      return 43;
    case 0xfe6a:
      return 37;
    default:
      return -1;
  }
}


/**
 * Whitespace for our purposes: everything JavaScript's `\s` covers (spaces, tabs, line breaks,
 * NBSP U+00A0, U+3000, U+FEFF …) plus the zero-width space/joiners U+200B..U+200D that Word
 * leaves in pasted text.
 */
const WHITESPACE_RE = /[\s\u200B-\u200D]+/g;

function normalizeLabelSlow(s: string): string {
  return toHalfWidth(s).replace(WHITESPACE_RE, '').toLowerCase();
}

/**
 * Canonical form of a header or label for matching: `toHalfWidth`, remove ALL whitespace
 * (spaces, tabs, line breaks, NBSP, U+3000, zero-width spaces), lower-case.
 *
 * @example normalizeLabel('預算金額 (千元)') // '預算金額(千元)'
 * @example normalizeLabel('可能性 \n(L)') // '可能性(l)'
 * @example normalizeLabel('預算金額（單位：千元）') // '預算金額(單位:千元)'
 *
 * In one pass by char codes, for texts of ASCII, CJK ideographs, CJK punctuation, full-width forms, dashes and
 * quotes (U+2014..U+2027) and white space (plan texts); any other character (letters with case outside ASCII, say)
 * takes the general way (normalizeLabelSlow). No memo: one pass costs less than a look-up in a memo of many
 * thousand texts, most of them seen once (every indicator's name, every risk's countermeasure).
 */
export function normalizeLabel(s: string): string {
  let out = '';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let to: number; // the character it becomes; -1: dropped (white space)
    if (c > 0x20 && c < 0x7f) {
      if (c < 65 || c > 90) continue;
      to = c + 32;
    } else if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3001 && c <= 0x303f) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x2014 && c <= 0x2027) || (c >= 0xff5f && c <= 0xff65) || (c >= 0xfe30 && c <= 0xfe4f)) continue;
    else if (c >= 0xff01 && c <= 0xff5e) {
      to = c - 0xfee0;
      if (to >= 65 && to <= 90) to += 32;
    } else if (isWhiteSpaceCode(c)) to = -1;
    else {
      const h = halfWidthCode(c);
      if (h < 0) return normalizeLabelSlow(s);
      to = h;
    }
    out += to < 0 ? s.slice(start, i) : s.slice(start, i) + String.fromCharCode(to);
    start = i + 1;
  }
  return start === 0 ? s : out + s.slice(start);
}

/** What WHITESPACE_RE matches: JavaScript's `\s` and the zero-width space and joiners U+200B..U+200D. */
export function isWhiteSpaceCode(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 9 && c <= 13);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200d) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * Short texts with white space repeat in a plan (`可能性 (L)`, `預算金額 (千元)`): their clean forms are kept in a
 * bounded memo, emptied when full, so a large workbook does not clean the same text again and again.
 */
const MEMO_MAX_LENGTH = 24;
const MEMO_MAX_ENTRIES = 50000;
const cleanMemo = new Map<string, string>();

/**
 * True for a CJK "word" character: CJK unified ideographs (incl. extension A and the
 * supplementary-plane extensions), compatibility ideographs, kana and the CJK numeral `〇`.
 * Hangul is deliberately excluded (Korean separates words with spaces).
 */
export function isCjkChar(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x20000 && cp <= 0x3134f) ||
    (cp >= 0x3040 && cp <= 0x30ff) || // hiragana, katakana
    cp === 0x3007 // 〇
  );
}

/**
 * True for CJK punctuation: the CJK symbols block (`、` `。` `「」` `『』` `〈〉` `【】` …), full-width
 * punctuation (`（` `）` `：` `，` `；` `！` `？` `．` … but not full-width letters or digits), the
 * CJK compatibility and small forms, and the dashes/ellipsis/quotes used in Chinese text
 * (`—` `―` `…` `‧` `“”` `‘’`).
 */
export function isCjkPunct(cp: number): boolean {
  if (cp >= 0x3001 && cp <= 0x303f) return cp !== 0x3007;
  if (cp >= 0xff01 && cp <= 0xff0f) return true;
  if (cp >= 0xff1a && cp <= 0xff20) return true;
  if (cp >= 0xff3b && cp <= 0xff40) return true;
  if (cp >= 0xff5b && cp <= 0xff65) return true;
  if (cp >= 0xfe30 && cp <= 0xfe6b) return true;
  return (
    cp === 0x2014 || cp === 0x2015 || cp === 0x2025 || cp === 0x2026 || cp === 0x2027 ||
    (cp >= 0x2018 && cp <= 0x201f)
  );
}

function isCjkLike(cp: number): boolean {
  return isCjkChar(cp) || isCjkPunct(cp);
}

/**
 * Readable form of a name for display: trim, turn line breaks, tabs, NBSP, U+3000 and runs of
 * spaces into one space, then drop a space that sits between two CJK characters or between a CJK
 * character and CJK punctuation (pasted PDF/Word text breaks words: `治安防治 專案`). Spaces next to
 * digits, Latin letters or half-width punctuation are kept. Full-width characters are kept as
 * they are (no `toHalfWidth`).
 *
 * @example cleanText('一、 治安防治 專案-重要路口 錄影監視系統 計畫：') // '一、治安防治專案-重要路口錄影監視系統計畫：'
 * @example cleanText('建置及汰舊 200 支以上') // '建置及汰舊 200 支以上'
 */
export function cleanText(s: string): string {
  if (s.length > MEMO_MAX_LENGTH) return cleanTextNow(s);
  // Most short cells (`80%`, `中央`, `一`) hold no white space: they are their own clean form, known without a look-up.
  if (!hasWhiteSpace(s)) return s;
  return remembered(cleanMemo, MEMO_MAX_ENTRIES, s, cleanTextNow);
}

/**
 * cleanText without its memo, for texts each met once (a risk's name: one a row): kept in the memo they would only
 * fill it. The text itself when it is already clean.
 */
export function cleanTextOnce(s: string): string {
  if (s.length <= MEMO_MAX_LENGTH && !hasWhiteSpace(s)) return s; // as cleanText decides it
  return cleanTextNow(s);
}

const HAS_WHITESPACE = /[\s\u200B-\u200D]/;

/** HAS_WHITESPACE by char codes (for short texts: no regular expression run). */
function hasWhiteSpace(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c <= 0x20 || c >= 0xa0) && isWhiteSpaceCode(c)) return true;
  }
  return false;
}

function cleanTextNow(s: string): string {
  const collapsed = HAS_WHITESPACE.test(s) ? s.replace(WHITESPACE_RE, ' ').trim() : s;
  let i = collapsed.indexOf(' ');
  if (i < 0) return collapsed;
  // Drop each space that sits between two CJK characters (or CJK punctuation); keep the others.
  let out = '';
  let last = 0;
  for (; i >= 0; i = collapsed.indexOf(' ', i + 1)) {
    if (i === 0 || i + 1 >= collapsed.length) continue;
    const prev = collapsed.codePointAt(i - 1) as number;
    const before = prev >= 0xdc00 && prev <= 0xdfff && i >= 2 ? (collapsed.codePointAt(i - 2) as number) : prev;
    const next = collapsed.codePointAt(i + 1) as number;
    if (isCjkLike(before) && isCjkLike(next)) {
      out += collapsed.slice(last, i);
      last = i + 1;
    }
  }
  return last === 0 ? collapsed : out + collapsed.slice(last);
}
