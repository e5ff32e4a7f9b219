/**
 * Achievement: an indicator's actual against its target.
 *
 * Kinds of target (see docs/rules.md):
 * - level, higher is better (`80%`, `1 萬人以上`):   rate = actual ÷ target; met when actual ≥ target.
 * - level, lower is better (`0.2% 以下`):            rate = target ÷ actual; met when actual ≤ target;
 *                                                   an actual of 0 is met with no rate (no division by zero).
 * - change (`-0.5%`, `+1.50%`, `降低…0.1%`, `成長率 3%`): rate = actual change ÷ target change; met when the change
 *                                                   reaches the target in the target's direction; a change in the
 *                                                   opposite direction is not met and keeps its negative rate.
 * The rate in the report is uncapped; the workbook shows it capped at DISPLAY_CAP. See docs/achievement.md.
 */
import { findQuantity, parseNumber, ParsedNumber } from './numbers';
import { normalizeLabel, toHalfWidth } from './text';

/** The displayed achievement rate is capped at 120%. */
export const DISPLAY_CAP = 1.2;

export type Direction = 'higher' | 'lower';

export interface TargetSpec {
  kind: 'level' | 'change';
  /** As written: `-0.5%` is -0.5 with percent true. */
  value: number;
  percent: boolean;
  decimals: number;
  direction: Direction;
  /** The text the target was read from. */
  text: string;
}

export type AchievementStatus = 'met' | 'not_met' | 'unknown';

export type AchievementReason =
  | 'no_target'
  | 'no_actual'
  | 'unreadable_target'
  | 'unreadable_actual'
  | 'target_zero'
  | 'target_not_positive'
  | 'units_differ'
  | 'actual_zero'
  | 'opposite_direction';

export interface Achievement {
  status: AchievementStatus;
  /** actual against target as a fraction (0.9067 = 90.67%); null when it cannot be computed. */
  rate: number | null;
  /** Why the status is unknown, or a note on a met / not met result. */
  reason?: AchievementReason;
  /** The change the rate was computed from, when a level actual was turned into a change with a baseline. */
  change?: number;
}

const LOWER_WORDS = /以下|以內|不超過|未超過|低於|少於|至多|≤|≦|<|\bunder\b|\bbelow\b|\bat most\b|\bor less\b/;
const UPPER_WORDS = /以上|至少|不少於|不低於|≥|≧|>|\bat least\b|\babove\b|\bor more\b/;
const DECREASE_WORDS = /降低|減少|下降|減|\breduce\b|\bdecrease\b|\blower\b|\bcut\b/;
const INCREASE_WORDS = /增加|提升|成長|提高|增|\bincrease\b|\braise\b|\bgrow\b/;
/** `提升至 85%`, `降低到 0.5%`, `reduce to 5%`: a level to reach, not a change. */
const TO_WORDS = /(降低|減少|下降|減|提升|提高|增加|成長|增)(至|到)|\b(reduce|decrease|lower|cut|increase|raise|grow)\s+to\b/;
const DECREASE_RATE_NAME = /下降率|減少率|降低率|減幅|decreaserate|reductionrate/;
const INCREASE_RATE_NAME = /成長率|增加率|提升率|增長率|增幅|growthrate|increaserate/;
const LOWER_IS_BETTER = /越低越好|愈低愈好|低者為佳|lower|decrease|↓|反向/;
const HIGHER_IS_BETTER = /越高越好|愈高愈好|高者為佳|higher|increase|↑|正向/;

/**
 * Reads a target: its number, whether it is a level or a change, and its direction, from the sign,
 * from words (降低/減少/下降 vs 提升/增加/成長, 以下 vs 以上), from the indicator's name (…下降率),
 * or from an explicit direction column.
 */
export function parseTarget(text: string, indicatorName = '', directionText = ''): TargetSpec | null {
  // Targets repeat (`-0.5%`, `80%`): a reading depends on the text, the direction, and what the name says.
  const lowerName = indicatorName.toLowerCase();
  const nameSays = DECREASE_RATE_NAME.test(lowerName) ? 'd' : INCREASE_RATE_NAME.test(lowerName) ? 'i' : '';
  const key = `${text}\u0000${nameSays}\u0000${directionText}`;
  if (key.length <= 64) {
    const hit = targetMemo.get(key);
    if (hit !== undefined) return hit;
  }
  const spec = parseTargetNow(text, nameSays ? (nameSays === 'd' ? '下降率' : '成長率') : '', directionText);
  if (key.length <= 64) {
    if (targetMemo.size >= 20000) targetMemo.clear();
    targetMemo.set(key, spec);
  }
  return spec;
}

const targetMemo = new Map<string, TargetSpec | null>();

function parseTargetNow(text: string, indicatorName: string, directionText: string): TargetSpec | null {
  const whole = parseNumber(text);
  const n: ParsedNumber | null = whole ?? findQuantity(text);
  if (!n) return null;
  // CJK words are matched without spaces (`0.2% 以 下`); English words with their spaces, on word boundaries.
  const cjk = normalizeLabel(text);
  const en = toHalfWidth(text).toLowerCase().replace(/\s+/g, ' ');
  const has = (re: RegExp) => re.test(cjk) || re.test(en);
  const name = normalizeLabel(indicatorName);
  const dir = normalizeLabel(directionText);
  const explicit: Direction | null = LOWER_IS_BETTER.test(dir) ? 'lower' : HIGHER_IS_BETTER.test(dir) ? 'higher' : null;
  const base = { value: n.value, percent: n.percent, decimals: n.decimals, text };
  if (n.sign && n.percent) return { ...base, kind: 'change', direction: n.sign === '-' ? 'lower' : 'higher' };
  if (has(LOWER_WORDS)) return { ...base, kind: 'level', direction: 'lower' };
  if (has(UPPER_WORDS)) return { ...base, kind: 'level', direction: 'higher' };
  const to = TO_WORDS.exec(cjk) ?? TO_WORDS.exec(en);
  if (to) return { ...base, kind: 'level', direction: DECREASE_WORDS.test(to[0]) ? 'lower' : 'higher' };
  if (!whole && has(DECREASE_WORDS)) {
    // `降低…0.1%` is a change; `減少 50 件` is read as a count to stay under.
    return n.percent ? { ...base, value: -Math.abs(n.value), kind: 'change', direction: 'lower' } : { ...base, kind: 'level', direction: 'lower' };
  }
  if (n.percent && !whole && has(INCREASE_WORDS)) return { ...base, value: Math.abs(n.value), kind: 'change', direction: 'higher' };
  if (n.percent && DECREASE_RATE_NAME.test(name)) return { ...base, value: -Math.abs(n.value), kind: 'change', direction: 'lower' };
  if (n.percent && INCREASE_RATE_NAME.test(name)) return { ...base, value: Math.abs(n.value), kind: 'change', direction: 'higher' };
  // No words of its own: the explicit direction (the 指標方向 column, or a falling yearly step), else higher.
  return { ...base, kind: 'level', direction: explicit ?? 'higher' };
}

export interface AchievementContext {
  /** A baseline level: with it, an unsigned actual level is turned into a relative change. */
  baseline?: ParsedNumber | null;
  actualGiven?: boolean;
  targetGiven?: boolean;
}

export function achievementOf(target: TargetSpec | null, actual: ParsedNumber | null, ctx: AchievementContext = {}): Achievement {
  if (!target) return { status: 'unknown', rate: null, reason: ctx.targetGiven ? 'unreadable_target' : 'no_target' };
  if (!actual) return { status: 'unknown', rate: null, reason: ctx.actualGiven ? 'unreadable_actual' : 'no_actual' };
  // Compared as written: a shortfall is a shortfall, however small (no rounding tolerance here).
  const tol = 1e-9;
  if (target.kind === 'level') {
    if (target.percent !== actual.percent) return { status: 'unknown', rate: null, reason: 'units_differ' };
    const t = target.value;
    const a = actual.value;
    if (target.direction === 'higher') {
      if (t <= 0) return { status: 'unknown', rate: null, reason: 'target_not_positive' };
      return { status: a >= t - tol ? 'met' : 'not_met', rate: finiteOrNull(a / t) };
    }
    if (t < 0) return { status: 'unknown', rate: null, reason: 'target_not_positive' };
    if (a <= 0) return { status: 'met', rate: null, reason: 'actual_zero' };
    return { status: a <= t + tol ? 'met' : 'not_met', rate: finiteOrNull(t / a) };
  }
  // A change target.
  let change = actual.value;
  let changed: number | undefined;
  if (ctx.baseline && !actual.sign && ctx.baseline.value !== 0 && actual.percent === ctx.baseline.percent) {
    change = ((actual.value - ctx.baseline.value) / Math.abs(ctx.baseline.value)) * 100;
    changed = change;
  } else if (!actual.percent) {
    return { status: 'unknown', rate: null, reason: 'units_differ' };
  }
  // A change beyond what a double holds (levels near ±1.8e308): nothing sensible to compare.
  if (!Number.isFinite(change)) return { status: 'unknown', rate: null, reason: 'unreadable_actual' };
  const t = target.value;
  if (t === 0) return { status: 'unknown', rate: null, reason: 'target_zero' };
  const rate = finiteOrNull(change / t || 0); // no -0
  const met = t > 0 ? change >= t - tol : change <= t + tol;
  const out: Achievement = { status: met ? 'met' : 'not_met', rate };
  if (change !== 0 && Math.sign(change) !== Math.sign(t)) out.reason = 'opposite_direction';
  if (changed !== undefined) out.change = changed;
  return out;
}

/** A rate that overflows (a huge actual over a tiny target) is not a rate: null, never ±Infinity or NaN. */
function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/** The rate as shown in the workbook: capped at DISPLAY_CAP, and never below 0. */
export function displayRate(a: Achievement, cap = DISPLAY_CAP): number | null {
  if (a.rate === null) return a.status === 'met' ? cap : null;
  return Math.min(Math.max(a.rate, 0), cap);
}
