/**
 * The char-code versions of text helpers (made for speed at 100,000 rows) give what their regex forms gave: each
 * is compared with the earlier form on many random texts of the characters that matter (fixed seed).
 */
import { parseCellAddress } from '../../src/engine/address';
import { isPlainAddress } from '../../src/engine/findings';
import { isPositiveText, ratePercent } from '../../src/engine/explain';
import { findProseAmounts, nextProseAmount, parseLabeledAmounts, parseWeight, proseScan, proseTolerance } from '../../src/engine/numbers';
import { statedAmounts } from '../../src/engine/budget';
import { linesIn, textWidth } from '../../src/engine/printLayout';
import { readWorkbookScales } from '../../src/engine/scales';
import { isWhiteSpaceCode, normalizeLabel, toHalfWidth } from '../../src/engine/text';
import { rng } from '../../scripts/bench/generate';


function texts(alphabet: string[], count: number, maxLength: number, seed: number): string[] {
  const r = rng(seed);
  const out: string[] = [];
  for (let k = 0; k < count; k++) {
    const n = Math.floor(r() * (maxLength + 1));
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(r() * alphabet.length)];
    out.push(s);
  }
  return out;
}

// The earlier forms.
const EXTRA: Record<string, string> = { '\u3000': ' ', '\u2212': '-', '\u2013': '-', '\uFE63': '-', '\uFE62': '+', '\uFE6A': '%' };
const HALF = /[\uFF01-\uFF5E\u3000\u2212\u2013\uFE63\uFE62\uFE6A]/g;
const oldHalf = (s: string) => s.replace(HALF, (ch) => (ch.charCodeAt(0) >= 0xff01 && ch.charCodeAt(0) <= 0xff5e ? String.fromCharCode(ch.charCodeAt(0) - 0xfee0) : EXTRA[ch] ?? ch));
const oldNormalize = (s: string) => oldHalf(s).replace(/[\s\u200B-\u200D]+/g, '').toLowerCase();

function charWidth(code: number): number {
  if (code >= 0x1100 && (code <= 0x115f || (code >= 0x2e80 && code <= 0xa4cf) || (code >= 0xac00 && code <= 0xd7a3) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xfe30 && code <= 0xfe4f) || (code >= 0xff00 && code <= 0xff60) || (code >= 0xffe0 && code <= 0xffe6) || code >= 0x20000)) return 2;
  return 1;
}
function oldWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += charWidth(ch.codePointAt(0)!);
  return w;
}
function oldLines(text: string, width: number, fontSize = 11): number {
  const usable = Math.max(1, ((width - 1) * 11) / fontSize);
  if (text.indexOf('\n') < 0 && (text.length * 2 <= usable || oldWidth(text) <= usable)) return 1;
  let lines = 0;
  for (const line of text.split('\n')) {
    let n = 1;
    let used = 0;
    for (const word of line.split(/(?<=[\s、，,;；])/)) {
      const w = oldWidth(word);
      if (used + w <= usable) {
        used += w;
        continue;
      }
      if (used > 0) n++;
      used = 0;
      const extra = Math.ceil(w / usable) - 1;
      n += extra;
      used = w - extra * usable;
    }
    lines += n;
  }
  return Math.max(1, lines);
}

const WEIGHT_RE = /^\s*(?:(?:權重|占|佔)\s*)?(\d+(?:\.\d+)?)\s*%\s*$/;
const JUNK = new Set([' ', '\t', '\n', '\r', '\u00a0', ':', '：', '。', '.', ',', '，', ';', '；', '、']);
function oldWeight(name: string): { name: string; weight: number | null } {
  const h = oldHalf(name);
  let end = h.length;
  while (end > 0 && JUNK.has(h[end - 1])) end--;
  if (end === 0 || h[end - 1] !== ')') return { name, weight: null };
  const open = h.lastIndexOf('(', end - 1);
  if (open < 0) return { name, weight: null };
  const m = WEIGHT_RE.exec(h.slice(open + 1, end - 1));
  if (!m || !(Number(m[1]) <= 1e6)) return { name, weight: null };
  return { name: name.slice(0, open).trimEnd(), weight: Number(m[1]) };
}

function oldAddress(a: string): { row: number; col: number } | null {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/.exec(a.trim());
  if (!m) return null;
  let col = 0;
  for (const ch of m[1].toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
  const row = parseInt(m[2], 10);
  if (row < 1 || row > 1048576 || col > 16384) return null;
  return { row: row - 1, col: col - 1 };
}

/** The 達成說明 numbers' earlier form (a number's digits grouped by a regular expression). */
function oldFixed(v: number, d: number): string {
  const s = v.toFixed(d);
  const r = Number(s) || 0;
  const abs = r === 0 ? (0).toFixed(d) : Math.abs(r) < 1e15 ? (s.charCodeAt(0) === 45 ? s.slice(1) : s) : Math.abs(r).toFixed(d);
  const dot = abs.indexOf('.');
  const i = dot < 0 ? abs : abs.slice(0, dot);
  const f = dot < 0 ? '' : abs.slice(dot + 1);
  return (r < 0 ? '-' : '') + (i.length > 3 ? i.replace(/\B(?=(\d{3})+(?!\d))/g, ',') : i) + (f ? '.' + f : '');
}

/** statedAmounts' earlier form: every amount findProseAmounts finds, then the stated word, 每 and range tests by regular expressions. */
const STATED_WORDS = ['共計', '合計', '總計', '編列', '預算', '總額', '小計'];
function oldStated(text: string): { thousand: number; tolerance: number; text: string }[] {
  if (!text || text.indexOf('元') < 0) return [];
  const out: { thousand: number; tolerance: number; text: string }[] = [];
  for (const p of findProseAmounts(text)) {
    if (p.thousand > 1e15) continue;
    let lastKeyword = -1;
    for (let k = p.index - 1; k >= Math.max(0, p.index - 16) && lastKeyword < 0; k--) {
      for (const w of STATED_WORDS) if (k + w.length <= p.index && text.startsWith(w, k)) lastKeyword = k;
    }
    if (lastKeyword < 0) continue;
    if (/每[^，。；,;]{0,12}$/.test(text.slice(lastKeyword, p.index))) continue;
    if (/^\s*(至|~|－|-)/.test(text.slice(p.index + p.length, p.index + p.length + 2))) continue;
    out.push({ thousand: p.thousand, tolerance: p.tolerance, text: p.text });
    if (out.length > 50) break;
  }
  return out;
}

describe('char-code text helpers agree with their regex forms', () => {
  test('statedAmounts (amounts scanned one at a time, 每 and ranges by char codes)', () => {
    const alphabet = ['共計', '合計', '編列', '預算', '小計', '總額', '每', '每隊', '元', '萬', '億', '千', '百萬', '十萬', ' ', '\u3000', '\u00a0', '\n', '\u200b',
      '1', '2', '0', '7', '5', '１', '０', ',', '，', '.', '．', '至', '~', '～', '－', '-', '。', '；', ';', '、', '年', 'A', '新臺幣', '第', '(', ')', '中', '%'];
    for (const s of texts(alphabet, 20000, 30, 7)) expect(statedAmounts(s)).toEqual(oldStated(s));
    for (const s of ['5萬編列3萬元', '共計3萬 5,000元', '1共計2元', 'A共計1元', '共計1,000,000元至2元', '編列 1 萬 2,000 元，每隊 3 元', '預算1.5萬元 ~', '元共計', '合計１２３元', '每合計3元', '編列新臺幣 7,000 元。共計 2 萬元'])
      expect([s, statedAmounts(s)]).toEqual([s, oldStated(s)]);
    const many = Array.from({ length: 60 }, (_, k) => `共計 ${k + 1} 萬元`).join('，');
    expect(statedAmounts(many)).toEqual(oldStated(many));
    expect(statedAmounts(many)).toHaveLength(51);
  });

  test('a prose scan from a CJK character no amount takes in finds the amounts of a scan from the start', () => {
    const alphabet = ['計', '列', '中', '元', '萬', '億', '千', '百萬', '十萬', ' ', '\u3000', '1', '2', '0', '１', ',', '，', '.', '～', '-', '年', 'A', 'ｂ', '%'];
    const read = (text: string, from: number) => {
      const out: string[] = [];
      for (const scan = proseScan(text, from); nextProseAmount(scan); ) out.push(`${scan.index}-${scan.end}:${scan.yuan / 1000}±${proseTolerance(scan)}`);
      return out;
    };
    for (const s of texts(alphabet, 4000, 24, 8)) {
      const all = findProseAmounts(s);
      expect(read(s, 0)).toEqual(all.map((a) => `${a.index}-${a.index + a.length}:${a.thousand}±${a.tolerance}`));
      for (let from = 1; from <= s.length; from++) {
        if (!'計列中'.includes(s[from - 1])) continue;
        expect([s, from, read(s, from)]).toEqual([s, from, all.filter((a) => a.index >= from).map((a) => `${a.index}-${a.index + a.length}:${a.thousand}±${a.tolerance}`)]);
      }
    }
  });

  test('parseLabeledAmounts looks for either colon: the same items as with the full-width colons made half-width first', () => {
    // With no full-width colon the text is read as before (the same half-width text, the same colons); each item's
    // text is the original's, so it keeps its `：`.
    const alphabet = ['中央', '本府', '合計', '總計', ' 總計 ', '：', ':', '：', '1', '2', '0', '１', '，', ',', '.', '-', '－', '+', ' ', '\u3000', '\n', '/', '、', '(', ')', '（', '）', '<p>', '＜ｐ＞', 'a', 'Ａ', '年'];
    for (const s of texts(alphabet, 30000, 14, 9)) {
      const colonsHalf = s.replace(/：/g, ':');
      const want = parseLabeledAmounts(colonsHalf).map((x) => ({ ...x, text: x.text }));
      const got = parseLabeledAmounts(s).map((x) => ({ ...x, text: x.text.replace(/：/g, ':') }));
      expect([s, got]).toEqual([s, want]);
    }
  });

  test('parseLabeledAmounts: a number added up digit by digit is the Number of its digits', () => {
    const r = rng(10);
    const digits = (n: number) => Array.from({ length: n }, () => String(Math.floor(r() * 10))).join('');
    const cases: string[] = ['0', '00', '0.0', '007', '1,234', '12,345,678.90', '999999999999999', '9999999999999999', '123456789012345.6', '1.2345678901234567', '0.1', '0.3', '1e5', '1,23', '1,2345'];
    for (let k = 0; k < 20000; k++) {
      const int = digits(1 + Math.floor(r() * 18));
      const grouped = r() < 0.3 ? int.replace(/\B(?=(\d{3})+(?!\d))/g, ',') : int;
      cases.push(r() < 0.5 ? grouped : `${grouped}.${digits(1 + Math.floor(r() * 8))}`);
    }
    for (const c of cases) {
      const [item] = parseLabeledAmounts(`中央：${c} 本府`);
      // What scanNumber reads: the digits up to a separator not followed by exactly three digits, a point and its digits.
      const m = /^(\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.(\d+))?/.exec(c)!;
      const int = m[1].replace(/,/g, '');
      const want = Number(m[2] ? `${int}.${m[2]}` : int);
      expect([c, item.value, item.tolerance, item.text]).toEqual([c, want, 5 / 10 ** ((m[2]?.length ?? 0) + 1), `中央：${m[0]}`]);
    }
  });

  test('toHalfWidth and normalizeLabel', () => {
    const alphabet: string[] = [];
    for (let c = 0; c < 0x3100; c += 7) alphabet.push(String.fromCharCode(c));
    for (const c of [0x3000, 0x2212, 0x2013, 0x2014, 0x2028, 0x200b, 0xfe62, 0xfe63, 0xfe6a, 0xfeff, 0xff01, 0xff0c, 0xff21, 0xff3a, 0xff41, 0xff5e, 0xff5f, 0x4e00, 0x9fff, 0x3400, 0x130, 0x3a3, 0xd800, 0xdc00])
      for (let k = 0; k < 20; k++) alphabet.push(String.fromCharCode(c));
    for (let c = 0x20; c < 0x7f; c++) alphabet.push(String.fromCharCode(c), String.fromCharCode(c + 0xfee0));
    for (const s of texts(alphabet, 30000, 40, 1)) {
      expect(toHalfWidth(s)).toBe(oldHalf(s));
      expect(normalizeLabel(s)).toBe(oldNormalize(s));
    }
  });

  test('isWhiteSpaceCode is \\s and U+200B..U+200D', () => {
    const differ: number[] = [];
    for (let c = 0; c < 0x10000; c++) if (isWhiteSpaceCode(c) !== /[\s\u200B-\u200D]/.test(String.fromCharCode(c))) differ.push(c);
    expect(differ).toEqual([]);
  });

  test('linesIn and textWidth', () => {
    const alphabet = ['a', 'b', ' ', '\n', '\r', '\t', '、', '，', ',', ';', '；', '中', '文', '😀', '\u{20000}', '\u3000', '\u00a0', '\u2028', 'Ａ', '\ud800', '\udc00', '\u1100', 'x'];
    const r = rng(2);
    for (const s of texts(alphabet, 30000, 60, 3)) {
      const width = 1 + r() * 30;
      const size = [11, 13, 16, 8][Math.floor(r() * 4)];
      expect(linesIn(s, width, size)).toBe(oldLines(s, width, size));
      expect(textWidth(s)).toBe(oldWidth(s));
    }
  });

  test('parseWeight', () => {
    const alphabet = ['(', ')', '（', '）', '2', '５', '%', '％', '.', '．', ' ', '\u3000', '：', '。', '、', '權重', '占', '中', 'a', '，', '\n'];
    for (const s of texts(alphabet, 30000, 12, 4)) expect(parseWeight(s)).toEqual(oldWeight(s));
  });

  test('ratePercent (the 達成說明 numbers with grouped digits)', () => {
    const r = rng(6);
    const rates = [0, -0, 1e-9, -1e-9, 0.0004, -0.0005, 9.99949, 10, -10, 1e12, 1e13, -1e13, 1e14, 9.99e12, 1e19, 1e21, NaN, Infinity, -Infinity];
    for (let k = 0; k < 30000; k++) rates.push((r() - 0.5) * Math.pow(10, Math.floor(r() * 30) - 8), Math.round((r() - 0.5) * 1e6) / 1000);
    for (const rate of rates) expect(ratePercent(rate)).toBe(oldFixed(rate * 100, 1) + '%');
  });

  test('isPlainAddress (the findings links\' plain addresses)', () => {
    const alphabet = ['A', 'Z', 'X', 'a', '$', '0', '1', '9', '5', ' ', ':', '@', '[', '/'];
    for (const s of [...texts(alphabet, 30000, 11, 11), '', 'A', '1', 'A0', 'A1', 'AAA1234567', 'AAA12345678', 'AAAA1', 'XFD1048576']) expect([s, isPlainAddress(s)]).toEqual([s, /^[A-Z]{1,3}[1-9][0-9]{0,6}$/.test(s)]);
  });

  test('isPositiveText (a signed number of the 達成說明 gets its +) is Number(text) > 0', () => {
    const r = rng(12);
    const values = [0, -0, 1e-9, -1e-9, 0.004, 0.005, -0.005, 1e20, 1e21, -1e21, 1e300, NaN, Infinity, -Infinity];
    for (let k = 0; k < 4000; k++) values.push((r() - 0.5) * Math.pow(10, Math.floor(r() * 30) - 8));
    for (const v of values) for (let d = 0; d <= 4; d++) {
      const t = v.toFixed(d);
      expect([t, isPositiveText(t)]).toEqual([t, Number(t) > 0]);
    }
  });

  test('parseCellAddress', () => {
    const alphabet = ['A', 'Z', 'X', 'F', 'D', 'a', '$', '0', '1', '9', '5', ' ', ':', 'B'];
    for (const s of [...texts(alphabet, 30000, 11, 5), 'XFD1048576', 'XFE1', 'A1048577', 'A0', 'A01', 'AAAA1', 'A12345678', 'A1234567']) expect(parseCellAddress(s)).toEqual(oldAddress(s));
  });

  test('readWorkbookScales: a level header is found however it is written (full width, capitals, spaces before)', () => {
    for (const header of ['等級', ' 等 級', '\u3000等級(分數)', '分數', 'level', 'LEVEL', 'ＬＥＶＥＬ', 'ｌｅｖｅｌ', '\u00a0Level ']) {
      const rows = [[header, '可能性', '說明'], ['3', '非常可能', 'a'], ['2', '可能', 'b'], ['1', '不太可能', 'c']];
      const found = readWorkbookScales({ sheets: [{ name: 'S', rows, merges: [] }] });
      expect([header, found.likelihood?.levels]).toEqual([header, 3]);
    }
    for (const header of ['級等', 'x等級', '-level', '風險等級']) {
      const rows = [[header, '可能性', '說明'], ['3', '非常可能', 'a'], ['2', '可能', 'b'], ['1', '不太可能', 'c']];
      expect([header, readWorkbookScales({ sheets: [{ name: 'S', rows, merges: [] }] }).likelihood]).toEqual([header, null]);
    }
  });

  test('toHalfWidth of every UTF-16 code (its table) is the earlier form', () => {
    const differ: number[] = [];
    for (let c = 0; c < 0x10000; c++) {
      const ch = String.fromCharCode(c);
      if (toHalfWidth(ch) !== oldHalf(ch) || toHalfWidth('a' + ch + '中') !== oldHalf('a' + ch + '中')) differ.push(c);
    }
    expect(differ).toEqual([]);
  });
});
