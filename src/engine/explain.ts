/**
 * The 達成說明 text: how an indicator's achievement rate was computed, with its numbers, or why it cannot be.
 * `實際 91.12%，較基準 80.20% 增加 10.92 個百分點；目標 +0.5 個百分點 → 10.92 ÷ 0.5 = 2184.0%，達成`
 */
import { AchievementDetail, DISPLAY_CAP, isCapped } from './achievement';
import { Lang, reasonText, statusName } from './messages';

/** A number shown with at least the decimals it was written with (and at most 4 when computed). */
function num(v: number, decimals = 2, sign = false): string {
  const d = Math.max(0, Math.min(4, decimals));
  const t = v.toFixed(d);
  const s = fixedText(d, t);
  return sign && isPositiveText(t) ? '+' + s : s;
}

/** Whether a toFixed text reads as a number above zero (Number(t) > 0, without reading it): it starts with a digit and is not all zeros (`0.00`), or is `Infinity`. */
export function isPositiveText(t: string): boolean {
  const c = t.charCodeAt(0);
  return (c >= 48 && c <= 57 && !isZeroText(t, 0)) || t === 'Infinity';
}

/** `1234.5` with 2 decimals → `1,234.50` (the decimals as written are kept: 80.20%). */
function fixed(v: number, d: number): string {
  return fixedText(d, v.toFixed(d));
}

/** fixed, given `v.toFixed(d)`. */
function fixedText(d: number, s: string): string {
  // The usual number (below 10^14, not zero): the text's own digits, with a comma between each three of them.
  const neg = s.charCodeAt(0) === 45 ? 1 : 0;
  const dot = s.indexOf('.');
  const intEnd = dot < 0 ? s.length : dot;
  const digits = intEnd - neg;
  if (digits >= 1 && digits <= 14 && isDigits(s, neg, intEnd) && !isZeroText(s, neg)) {
    if (digits <= 3) return s;
    let k = neg + (digits % 3 || 3);
    let out = s.slice(0, k);
    for (; k < intEnd; k += 3) out += ',' + s.slice(k, k + 3);
    return out + s.slice(intEnd);
  }
  const r = Number(s) || 0;
  // Below 10^15 the rounded text reads back to itself: its digits are the absolute value's.
  const abs = r === 0 ? (0).toFixed(d) : Math.abs(r) < 1e15 ? (s.charCodeAt(0) === 45 ? s.slice(1) : s) : Math.abs(r).toFixed(d);
  const point = abs.indexOf('.');
  const i = point < 0 ? abs : abs.slice(0, point);
  const f = point < 0 ? '' : abs.slice(point + 1);
  return (r < 0 ? '-' : '') + (i.length > 3 ? i.replace(/\B(?=(\d{3})+(?!\d))/g, ',') : i) + (f ? '.' + f : '');
}

/** Whether s[from, to) is all decimal digits. */
function isDigits(s: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    const c = s.charCodeAt(k);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Whether a toFixed text from `from` on is a zero (`0.00`, and `-0.00` of a tiny negative). */
function isZeroText(s: string, from: number): boolean {
  for (let k = from; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c !== 48 && c !== 46) return false;
  }
  return true;
}

function pct(v: number, percent: boolean, decimals: number, sign = false): string {
  return num(v, decimals, sign) + (percent ? '%' : '');
}

/** The rate as a percentage with one decimal, uncapped. */
export function ratePercent(rate: number): string {
  return fixed(rate * 100, 1) + '%';
}

/** The displayed rate's text: `≥120%` when the cap is shown, else the rate. */
export function shownRate(d: { rate: number | null; status: AchievementDetail['status'] }, cap = DISPLAY_CAP): string {
  if (isCapped(d, cap)) return cappedText(cap);
  return d.rate === null ? '' : ratePercent(Math.max(0, d.rate));
}

/** `≥120%`, one text for the indicators shown at the cap (the last cap asked for kept). */
function cappedText(cap: number): string {
  if (cap !== lastCap.cap) lastCap = { cap, text: '≥' + Math.round(cap * 100) + '%' };
  return lastCap.text;
}
let lastCap = { cap: NaN, text: '' };

/**
 * The 達成說明 texts of a table's indicators, in their order. The table's column, the findings sheet and the report
 * each show them: they are made once, kept by the table's list of indicators (one entry a table, not one an
 * indicator; a table's indicators are not changed once read).
 */
export function explanationsOf(indicators: readonly { achievement: AchievementDetail }[], lang: Lang, cap = DISPLAY_CAP): readonly string[] {
  const hit = explained.get(indicators);
  if (hit !== undefined && hit.lang === lang && hit.cap === cap && hit.texts.length === indicators.length) return hit.texts;
  const texts = indicators.map((i) => flat(achievementExplanation(i.achievement, lang, cap)));
  explained.set(indicators, { lang, cap, texts });
  return texts;
}
const explained = new WeakMap<object, { lang: Lang; cap: number; texts: string[] }>();

/**
 * The text as one flat string. A text joined from parts is, in V8, a tree of its parts (about seven nodes for a
 * 達成說明, twice its flat size); reading a character flattens it, so that a table's texts, kept while the report and
 * the plan are made, cost their characters only.
 */
function flat(s: string): string {
  if (s.length > 12) s.charCodeAt(0);
  return s;
}

/** How an achievement's rate was computed, with its numbers, or why it could not be (the 達成說明 text). */
export function achievementExplanation(d: AchievementDetail, lang: Lang, cap = DISPLAY_CAP): string {
  const zh = lang === 'zh-TW';
  if (d.status === 'unknown') {
    return (zh ? '無法計算：' : 'Cannot compute: ') + reasonText(d.reason, lang);
  }
  const t = d.target!;
  const a = d.actual!;
  const b = d.baseline;
  const status = statusName(d.status, lang);
  const rateText = d.rate === null ? '' : ratePercent(d.rate);
  const capped = isCapped(d, cap) && d.rate !== null ? (zh ? `（顯示為 ≥${Math.round(cap * 100)}%）` : ` (shown as ≥${Math.round(cap * 100)}%)`) : '';
  const dec = Math.max(t.decimals, a.decimals, b ? b.decimals : 0, 2);
  const opposite = d.reason === 'opposite_direction' ? (zh ? '，變動方向與目標相反' : ', moving against the target') : '';
  const baseSrc = b ? (b.source === 'standard' ? (zh ? '（衡量標準）' : ' (from the standard)') : '') : '';

  if (d.targetKind === 'level') {
    let head = '';
    if (d.actualKind === 'change' && b) {
      head = zh
        ? `實際變動 ${pct(a.value, a.percent, a.decimals, true)}，由基準 ${pct(b.value, b.percent, b.decimals)}${baseSrc} 推算實際 ${pct(d.actualLevel!, t.percent, dec)}；`
        : `actual change ${pct(a.value, a.percent, a.decimals, true)} on the baseline ${pct(b.value, b.percent, b.decimals)}${baseSrc} gives the level ${pct(d.actualLevel!, t.percent, dec)}; `;
    }
    const av = pct(d.actualLevel ?? a.value, t.percent, d.actualKind === 'change' ? dec : a.decimals);
    const tv = pct(t.value, t.percent, t.decimals);
    if (t.direction === 'lower') {
      if (d.reason === 'actual_zero') {
        return zh ? `${head}越低越好：實際 ${av}，不高於目標 ${tv}（不計算比率）→ ${status}` : `${head}lower is better: actual ${av}, not above the target ${tv} (no ratio) → ${status}`;
      }
      return zh
        ? `${head}越低越好：目標 ${tv} ÷ 實際 ${av} = ${rateText}${capped} → ${status}`
        : `${head}lower is better: target ${tv} ÷ actual ${av} = ${rateText}${capped} → ${status}`;
    }
    return zh ? `${head}實際 ${av} ÷ 目標 ${tv} = ${rateText}${capped} → ${status}` : `${head}actual ${av} ÷ target ${tv} = ${rateText}${capped} → ${status}`;
  }

  // A change target.
  const points = d.targetKind === 'points';
  const unit = (v: number, sign: boolean, decimals: number) => (points ? `${num(v, decimals, sign)}${zh ? ' 個百分點' : ' points'}` : pct(v, true, decimals, sign));
  const c = d.actualChange!;
  const tv = unit(t.value, true, t.decimals);
  let head: string;
  if (d.actualKind === 'level' && b) {
    const up = c >= 0;
    const word = zh ? (up ? '增加' : '減少') : up ? 'up' : 'down';
    head = zh
      ? `實際 ${pct(a.value, a.percent, a.decimals)}，較基準 ${pct(b.value, b.percent, b.decimals)}${baseSrc} ${word} ${unit(Math.abs(c), false, dec)}`
      : `actual ${pct(a.value, a.percent, a.decimals)}, ${word} ${unit(Math.abs(c), false, dec)} on the baseline ${pct(b.value, b.percent, b.decimals)}${baseSrc}`;
  } else {
    const asChange = !a.sign ? (zh ? '（視為變動率）' : ' (read as the change)') : '';
    head = zh ? `實際變動 ${unit(c, true, a.decimals)}${asChange}` : `actual change ${unit(c, true, a.decimals)}${asChange}`;
  }
  const ratio = `${num(c, dec)} ÷ ${num(t.value, t.decimals)} = ${rateText}`;
  return zh
    ? `${head}；目標 ${tv} → ${ratio}${capped}${opposite}，${status}`
    : `${head}; target ${tv} → ${ratio}${capped}${opposite}, ${status}`;
}
