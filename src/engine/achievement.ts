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
  | 'opposite_direction'
  | 'no_baseline'
  | 'baseline_zero';

export interface Achievement {
  status: AchievementStatus;
  /** actual against target as a fraction (0.9067 = 90.67%); null when it cannot be computed. */
  rate: number | null;
  /** Why the status is unknown, or a note on a met / not met result. */
  reason?: AchievementReason;
  /**
   * The change the rate was computed from, when a level actual was turned into a change with a baseline:
   * in percentage points when the baseline is a percentage, else in % of the baseline.
   */
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
  /** A baseline level (a 基準值 column, or stated in the 衡量標準 text). */
  baseline?: ParsedNumber | null;
  /** Where the baseline came from. */
  baselineSource?: 'column' | 'standard';
  actualGiven?: boolean;
  targetGiven?: boolean;
  /**
   * The actual is a rate of change by its indicator's name (`…成長率`, `…下降率`): an unsigned percentage is
   * then the change itself, not a level to compare with the baseline.
   */
  actualIsChange?: boolean;
}

/** What a target is: a level to reach, a change in percentage points, or a relative change (in %). */
export type TargetKind = 'level' | 'points' | 'relative';
/** What the actual is: a level (91.12%, 2,150人) or a change (+13.62%, -6.15%). */
export type ActualKind = 'level' | 'change';
/** What the rate is a ratio of. */
export type RatioOf = 'actual_over_target' | 'target_over_actual' | 'change_over_target';

/**
 * The achievement with everything it was computed from, for the report, the 達成說明 text and the findings:
 * kind of target, the baseline, the actual as a level and/or a change, what the rate is a ratio of, the
 * uncapped rate.
 */
export interface AchievementDetail extends Achievement {
  targetKind: TargetKind | null;
  actualKind: ActualKind | null;
  /** The target as written (number in its unit; a change target with its sign). */
  target: { value: number; percent: boolean; decimals: number; direction: Direction } | null;
  /** The actual as written. */
  actual: { value: number; percent: boolean; decimals: number; sign: '+' | '-' | null } | null;
  baseline: { value: number; percent: boolean; decimals: number; source: 'column' | 'standard' } | null;
  /** The actual as a level (written, or baseline + change). */
  actualLevel: number | null;
  /** The actual as a change, in the target's kind (points or %): written, or from the level and the baseline. */
  actualChange: number | null;
  /** The unit of `actualChange`: percentage points or a relative change in %. */
  changeUnit: 'points' | 'relative' | null;
  /** What the rate divides: numerator ÷ denominator. */
  ratioOf: RatioOf | null;
  numerator: number | null;
  denominator: number | null;
}

/** The achievement of a target by an actual: the rate, status and reason (see assessAchievement for the detail). */
export function achievementOf(target: TargetSpec | null, actual: ParsedNumber | null, ctx: AchievementContext = {}): Achievement {
  const d = assessAchievement(target, actual, ctx);
  const out: Achievement = { status: d.status, rate: d.rate };
  if (d.reason) out.reason = d.reason;
  if (d.change !== undefined) out.change = d.change;
  return out;
}

/** The kind of a target: a change target against a percentage baseline is in points; otherwise relative. */
export function targetKindOf(target: TargetSpec, baseline: ParsedNumber | null | undefined): TargetKind {
  if (target.kind === 'level') return 'level';
  if (/百分點|percentagepoint|\bpts?\b|\bpp\b/i.test(target.text.replace(/\s+/g, ''))) return 'points';
  return baseline && baseline.percent && target.percent ? 'points' : 'relative';
}

/**
 * The achievement, with its detail. The formulas (docs/achievement.md):
 * - level target, level actual: a ÷ t (higher) or t ÷ a (lower);
 * - level target, change actual: the level is the baseline plus the change; no baseline → no_baseline;
 * - change target, change actual (signed, or a rate-of-change indicator, or no baseline): c ÷ t;
 * - change target, level actual: c = a − baseline (points) or (a − baseline) ÷ |baseline| × 100 (relative);
 *   no baseline → no_baseline.
 */
export function assessAchievement(target: TargetSpec | null, actual: ParsedNumber | null, ctx: AchievementContext = {}): AchievementDetail {
  const baseline = ctx.baseline && Number.isFinite(ctx.baseline.value) ? ctx.baseline : null;
  // The target and the actual as read (their objects are never changed, and readings repeat: one object for all
  // the indicators with the same text), not copies: a copy an indicator is 72 bytes.
  const base: DetailBase = {
    target,
    actual,
    baseline: baseline ? { value: baseline.value, percent: baseline.percent, decimals: baseline.decimals, source: ctx.baselineSource ?? 'column' } : null,
    targetKind: null,
  };
  // One object literal per result, made by functions of the module (no spread copies, no closures a call: an
  // indicator table of 100,000 rows makes as many).
  if (!target) return unknownDetail(base, ctx.targetGiven ? 'unreadable_target' : 'no_target');
  const targetKind = targetKindOf(target, baseline);
  base.targetKind = targetKind;
  if (!actual) return unknownDetail(base, ctx.actualGiven ? 'unreadable_actual' : 'no_actual');
  // Compared as written: a shortfall is a shortfall, however small (no rounding tolerance here).
  const tol = 1e-9;
  const sameUnitBaseline = baseline && baseline.percent === actual.percent ? baseline : null;
  if (targetKind === 'level') {
    let a = actual.value;
    let actualKind: ActualKind = 'level';
    if (actual.sign && actual.percent && !target.percent) {
      // A change (+3%) against a level target (2,119人): the level is the baseline moved by the change.
      actualKind = 'change';
      if (!baseline || baseline.percent) return unknownDetail(base, 'no_baseline', actualKind);
      a = baseline.value * (1 + actual.value / 100);
    } else if (actual.sign && actual.percent && target.percent && baseline && baseline.percent && !ctx.actualIsChange) {
      // `+2%` against a level of 85%, with a baseline of 80%: points on the baseline.
      actualKind = 'change';
      a = baseline.value + actual.value;
    } else if (target.percent !== actual.percent) {
      return unknownDetail(base, 'units_differ', actualKind);
    }
    const t = target.value;
    const actualChange = actualKind === 'change' ? actual.value : null;
    if (target.direction === 'higher') {
      if (t <= 0) return unknownDetail(base, 'target_not_positive', actualKind);
      return levelDetail(base, actualKind, a, actualChange, finiteOrNull(a / t), a >= t - tol);
    }
    if (t < 0) return unknownDetail(base, 'target_not_positive', actualKind);
    if (a <= 0) return levelDetail(base, actualKind, a, actualChange, null, true, 'actual_zero');
    return levelDetail(base, actualKind, a, actualChange, finiteOrNull(t / a), a <= t + tol);
  }
  // A change target: the actual's change, in the target's kind.
  let change: number;
  let actualKind: ActualKind;
  let actualLevel: number | null = null;
  let computed = false;
  const signedChange = !!actual.sign && actual.percent;
  if (signedChange || (actual.percent && (ctx.actualIsChange || !sameUnitBaseline))) {
    // Already a change: signed (`+13.62%`), or a rate-of-change indicator (`…成長率 1.36%`), or no baseline
    // to measure a level against (an unsigned percentage is then read as the change itself).
    actualKind = 'change';
    change = actual.value;
    if (baseline && sameUnitBaseline) actualLevel = targetKind === 'points' ? baseline.value + change : baseline.value * (1 + change / 100);
  } else if (sameUnitBaseline) {
    actualKind = 'level';
    actualLevel = actual.value;
    if (targetKind === 'points') change = actual.value - sameUnitBaseline.value;
    else {
      if (sameUnitBaseline.value === 0) return unknownDetail(base, 'baseline_zero', actualKind);
      change = ((actual.value - sameUnitBaseline.value) / Math.abs(sameUnitBaseline.value)) * 100;
    }
    computed = true;
  } else {
    // A level (2,150人) against a change target, and no baseline in its unit to measure it from.
    return unknownDetail(base, baseline ? 'units_differ' : 'no_baseline', 'level', actual.value);
  }
  // A change beyond what a double holds (levels near ±1.8e308): nothing sensible to compare.
  if (!Number.isFinite(change)) return unknownDetail(base, 'unreadable_actual', actualKind);
  const t = target.value;
  if (t === 0) return unknownDetail(base, 'target_zero', actualKind, actualLevel, change);
  const rate = finiteOrNull(change / t || 0); // no -0
  const met = t > 0 ? change >= t - tol : change <= t + tol;
  const out: AchievementDetail = new Detail(met ? 'met' : 'not_met', rate, targetKind, actualKind, base.target, base.actual, base.baseline, actualLevel, change);
  if (change !== 0 && Math.sign(change) !== Math.sign(t)) out.reason = 'opposite_direction';
  if (computed) out.change = change;
  return out;
}

/** What an achievement is computed from, as the detail gives it. */
interface DetailBase {
  target: AchievementDetail['target'];
  actual: AchievementDetail['actual'];
  baseline: AchievementDetail['baseline'];
  targetKind: TargetKind | null;
}

/** The detail of an achievement that cannot be computed. */
function unknownDetail(base: DetailBase, reason: AchievementReason, actualKind: ActualKind | null = null, actualLevel: number | null = null, actualChange: number | null = null): AchievementDetail {
  const out = new Detail('unknown', null, base.targetKind, actualKind, base.target, base.actual, base.baseline, actualLevel, actualChange);
  out.reason = reason;
  return out;
}

/** The detail of a level target's achievement. */
function levelDetail(
  base: DetailBase,
  actualKind: ActualKind,
  actualLevel: number,
  actualChange: number | null,
  rate: number | null,
  met: boolean,
  reason?: AchievementReason,
): AchievementDetail {
  const out = new Detail(met ? 'met' : 'not_met', rate, base.targetKind, actualKind, base.target, base.actual, base.baseline, actualLevel, actualChange);
  if (reason) out.reason = reason;
  return out;
}

/**
 * An achievement's detail. What follows from the rest is computed when asked for (the unit of the change, what the
 * rate is a ratio of and its two numbers), not kept: an indicator table of 100,000 rows makes as many details.
 */
class Detail implements AchievementDetail {
  declare reason?: AchievementReason;
  declare change?: number;
  constructor(
    readonly status: AchievementStatus,
    readonly rate: number | null,
    readonly targetKind: TargetKind | null,
    readonly actualKind: ActualKind | null,
    readonly target: AchievementDetail['target'],
    readonly actual: AchievementDetail['actual'],
    readonly baseline: AchievementDetail['baseline'],
    readonly actualLevel: number | null,
    readonly actualChange: number | null,
  ) {}

  /** Points when a level actual's change was measured on a percentage baseline, or a change target is in points. */
  get changeUnit(): 'points' | 'relative' | null {
    if (this.status === 'unknown') return null;
    if (this.targetKind === 'level') return this.actualKind === 'change' ? (this.baseline && this.baseline.percent ? 'points' : 'relative') : null;
    return this.targetKind === 'points' ? 'points' : 'relative';
  }

  /** Higher is better: actual ÷ target; lower is better: target ÷ actual; a change target: change ÷ target. */
  get ratioOf(): RatioOf | null {
    if (this.rate === null) return null;
    if (this.targetKind === 'level') return this.target!.direction === 'higher' ? 'actual_over_target' : 'target_over_actual';
    return 'change_over_target';
  }

  get numerator(): number | null {
    const r = this.ratioOf;
    return r === null ? null : r === 'actual_over_target' ? this.actualLevel : r === 'target_over_actual' ? this.target!.value : this.actualChange;
  }

  get denominator(): number | null {
    const r = this.ratioOf;
    return r === null ? null : r === 'target_over_actual' ? this.actualLevel : this.target!.value;
  }
}

/** A rate that overflows (a huge actual over a tiny target) is not a rate: null, never ±Infinity or NaN. */
function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/** True when the workbook shows the cap, not the rate: the rate is above it (or met with no rate). */
export function isCapped(a: Achievement, cap = DISPLAY_CAP): boolean {
  return a.rate === null ? a.status === 'met' : a.rate > cap;
}

/** The rate as shown in the workbook: capped at DISPLAY_CAP, and never below 0. */
export function displayRate(a: Achievement, cap = DISPLAY_CAP): number | null {
  if (a.rate === null) return a.status === 'met' ? cap : null;
  return Math.min(Math.max(a.rate, 0), cap);
}
