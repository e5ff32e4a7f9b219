/**
 * Indicator (KPI) tables: goals and their weights, indicators, targets, actuals, numbering,
 * target vs baseline and yearly step, and the achievement rate of each indicator.
 */
import { cellAddress } from './address';
import { fmt } from './format';
import { assessAchievement, AchievementDetail, parseTarget, TargetSpec } from './achievement';
import { Issue, makeIssue } from './issues';
import { checkNumbering, Numbered } from './numbering';
import { findQuantity, MAX_WEIGHT, parseNumber, parseOrdinal, parseWeight, ParsedNumber } from './numbers';
import { cellText, isCellDate } from './snapshot';
import { CellRef, roleCell, roleCells, roleRawText, roleText, unreadableCell, unreadableIssue } from './tables/cells';
import type { Table } from './tables/reader';
import { cleanText, normalizeLabel } from './text';

export interface Goal {
  name: string;
  weight: number | null;
  ordinal: Numbered | null;
  cell: string;
  row: number;
  indicators: IndicatorRecord[];
}

export interface IndicatorRecord {
  sheet: string;
  /** 0-based sheet row of the indicator's first row. */
  row: number;
  name: string;
  nameCell: string;
  ordinal: Numbered | null;
  weight: number | null;
  goal: Goal | null;
  standard: string;
  targetText: string;
  targetCell: string | null;
  actualText: string;
  actualCell: string | null;
  target: TargetSpec | null;
  actual: ParsedNumber | null;
  /** The achievement with what it was computed from (kind of target, baseline, level/change, ratio). */
  achievement: AchievementDetail;
}

export interface IndicatorTableResult {
  goals: Goal[];
  indicators: IndicatorRecord[];
}

/** Split a spanned name like ['一', '積極查緝犯罪(25%)'] into its number and its name. */
function nameAndOrdinal(cells: CellRef[]): { name: string; ordinal: { marker: string; n: number; scheme: string } | null; col: number } {
  if (!cells.length) return { name: '', ordinal: null, col: -1 };
  let ordinal: { marker: string; n: number; scheme: string } | null = null;
  let from = 0;
  let col = cells[0].col;
  const first = cleanText(cellText(cells[0].value));
  if (cells.length > 1) {
    const o = parseOrdinal(first);
    if (o && o.rest.trim() === '') {
      ordinal = { marker: o.marker, n: o.n, scheme: o.scheme };
      from = 1;
      col = cells[1].col;
    }
  }
  // The texts of the cells from `from`, joined by spaces (no array of them).
  let joined = from === 0 ? first : '';
  for (let k = from === 0 ? 1 : from; k < cells.length; k++) {
    const t = cleanText(cellText(cells[k].value));
    joined = k === from ? t : joined + ' ' + t;
  }
  let name = joined.trim();
  if (!ordinal) {
    const o = parseOrdinal(name);
    if (o && o.rest.trim() !== '') ordinal = { marker: o.marker, n: o.n, scheme: o.scheme };
  }
  return { name, ordinal, col };
}

/** An indicator named as a rate of change (`…成長率`, `…下降率`): its actual is a change, not a level. */
const RATE_OF_CHANGE_NAME = /成長率|增加率|提升率|增長率|增幅|下降率|減少率|降低率|減幅|growthrate|increaserate|decreaserate|reductionrate/;

const BASELINE_IN_TEXT = /基準[^0-9０-９(（]{0,6}[(（]\s*([-+]?[0-9０-９][0-9０-９,，.．]*\s*[%％]?)/;
const BASELINE_BEFORE = /([0-9０-９][0-9０-９,，.．]*\s*[%％]?)\s*[^\s0-9０-９]{0,3}?\s*為?基準/;
const STEP_IN_TEXT = /逐年(增加|提升|成長|提高|降低|減少|下降)\s*([0-9０-９.．]+)\s*[%％]/;

/** The baseline stated in the 衡量標準 text, e.g. `以110年緝獲逃犯數2,098人為基準數` or `平均破獲率為基準(80.20%)`. */
export function baselineFromText(text: string): ParsedNumber | null {
  // Both forms hold 基準. BASELINE_BEFORE ends with it: it is run on the text up to the last 基準 only, so that the
  // numbers after it (`…為基準(1035.21件)`) are not each tried as its start, to fail (the match is the same).
  const last = text.lastIndexOf('基準');
  if (last < 0) return null;
  const m = BASELINE_BEFORE.exec(last + 2 === text.length ? text : text.slice(0, last + 2)) ?? BASELINE_IN_TEXT.exec(text);
  if (!m) return null;
  return parseNumber(m[1].replace(/\s+/g, ''));
}

/** The yearly step in the text, e.g. `逐年增加1%` → +1 (percent), `逐年降低1%` → -1. */
export function stepFromText(text: string): number | null {
  const m = STEP_IN_TEXT.exec(text);
  if (!m) return null;
  const n = parseNumber(m[2] + '%');
  if (!n) return null;
  return /降低|減少|下降/.test(m[1]) ? -Math.abs(n.value) : Math.abs(n.value);
}

function yearOf(text: string): number | null {
  const m = /(\d{2,3})\s*年/.exec(text);
  return m ? parseInt(m[1], 10) : null;
}

/** A record's achievement until it is assessed (below, for every record): one object for all of them. */
const NOT_ASSESSED: AchievementDetail = assessAchievement(null, null);

/**
 * An indicator as read. Its cells are kept by column and their A1 addresses made when asked for (an issue, the
 * findings sheet, last year's comparison): a table of 100,000 indicators does not hold 300,000 address texts.
 */
class Indicator implements IndicatorRecord {
  target: TargetSpec | null = null;
  actual: ParsedNumber | null = null;
  achievement: AchievementDetail = NOT_ASSESSED;
  constructor(
    readonly sheet: string,
    readonly row: number,
    readonly name: string,
    /** The name's column (after its number, when the number has a cell of its own). */
    private readonly nameCol: number,
    readonly ordinal: Numbered | null,
    readonly weight: number | null,
    readonly goal: Goal | null,
    public standard: string,
    public targetText: string,
    /** The target's column, -1 when the table has none. */
    private readonly targetCol: number,
    readonly actualText: string,
    private readonly actualCol: number,
  ) {}
  get nameCell(): string {
    return cellAddress(this.row, this.nameCol);
  }
  get targetCell(): string | null {
    return this.targetCol < 0 ? null : cellAddress(this.row, this.targetCol);
  }
  get actualCell(): string | null {
    return this.actualCol < 0 ? null : cellAddress(this.row, this.actualCol);
  }
}

/** An indicator's number (`一`, `(二)`), in the name's row; its cell's address made when asked for. */
class IndicatorOrdinal implements Numbered {
  constructor(
    readonly marker: string,
    readonly n: number,
    readonly scheme: string,
    private readonly row: number,
    private readonly col: number,
  ) {}
  get cell(): string {
    return cellAddress(this.row, this.col);
  }
}

export function readIndicatorTable(t: Table, issues: Issue[]): IndicatorTableResult {
  const goals: Goal[] = [];
  const indicators: IndicatorRecord[] = [];
  let goal: Goal | null = null;
  let current: IndicatorRecord | null = null;
  const hasTargetColumn = !!t.columns.target;
  const sheet = t.sheet;

  const groups = new Set(t.groupRows);
  const rows = [...t.dataRows, ...t.groupRows].sort((a, b) => a - b);
  for (const r of rows) {
    if (groups.has(r)) {
      // A group row merged across the table names the goal of the rows under it.
      if (t.columns.goal) continue;
      const text = cleanText(cellText(t.view.get(r, firstFilled(t, r))));
      const o = parseOrdinal(text);
      const { name, weight } = parseWeight(o && o.rest.trim() ? o.rest.trim() : text);
      const cell = cellAddress(r, firstFilled(t, r));
      goal = { name, weight, ordinal: o && o.rest.trim() ? { marker: o.marker, n: o.n, scheme: o.scheme, cell } : null, cell, row: r, indicators: [] };
      goals.push(goal);
      current = null;
      continue;
    }
    // Goal: a new goal when its cell has text different from the goal above (merged or repeated names continue it).
    const goalCells = roleCells(t, r, 'goal');
    if (goalCells.length) {
      const g = nameAndOrdinal(goalCells);
      const { name, weight } = parseWeight(g.name);
      if (!goal || goal.name !== name || goal.row === r) {
        const cell = cellAddress(r, g.col);
        goal = { name, weight, ordinal: g.ordinal ? { marker: g.ordinal.marker, n: g.ordinal.n, scheme: g.ordinal.scheme, cell } : null, cell, row: r, indicators: [] };
        goals.push(goal);
      }
    }
    const nameCells = roleCells(t, r, 'indicator');
    if (!nameCells.length) {
      // A continuation row: more text of the indicator above.
      if (current) {
        const more = roleRawText(t, r, 'standard');
        if (more) current.standard += ' ' + more;
      }
      continue;
    }
    const n = nameAndOrdinal(nameCells);
    const parsed = parseWeight(n.name);
    let weight = parsed.weight;
    const weightCell = roleCell(t, r, 'weight');
    if (weightCell) {
      const w = parseNumber(cellText(weightCell.value));
      if (w && Math.abs(w.value) <= MAX_WEIGHT) weight = w.value;
    }
    // The standard as written: scanned for a target, a baseline and a yearly step (cleaned only for display).
    const standard = roleRawText(t, r, 'standard');
    const targetRef = roleCell(t, r, 'target');
    const actualRef = roleCell(t, r, 'actual');
    const record: IndicatorRecord = new Indicator(
      sheet,
      r,
      parsed.name,
      n.col,
      n.ordinal ? new IndicatorOrdinal(n.ordinal.marker, n.ordinal.n, n.ordinal.scheme, r, n.col) : null,
      weight,
      goal,
      standard,
      targetRef ? cleanText(cellText(targetRef.value)) : '',
      targetRef ? targetRef.col : t.columns.target ? t.columns.target[0] : -1,
      actualRef ? cleanText(cellText(actualRef.value)) : '',
      actualRef ? actualRef.col : t.columns.actual ? t.columns.actual[0] : -1,
    );
    indicators.push(record);
    if (goal) goal.indicators.push(record);
    current = record;

    // Target. Its direction: the target's own words, else the direction column, else the standard's
    // yearly step (`逐年降低1%`: lower is better).
    const stepRef = roleCell(t, r, 'step');
    const step = stepRef ? stepValue(cellText(stepRef.value)) : stepFromText(standard);
    const direction = roleText(t, r, 'direction') || (step !== null && step < 0 ? 'lower' : '');
    if (targetRef) {
      const bad = unreadableCell(targetRef.value);
      if (bad) issues.push(unreadableIssue(sheet, targetRef, bad));
      const odd = !bad && (isCellDate(targetRef.value) || typeof targetRef.value === 'boolean');
      record.target = bad || odd ? null : parseTarget(record.targetText, record.name, direction);
      if (!bad && !record.target) issues.push(makeIssue('READ_UNREADABLE_NUMBER', sheet, targetRef.address, { text: record.targetText, what: 'target' }));
    } else if (hasTargetColumn) {
      issues.push(makeIssue('IND_TARGET_MISSING', sheet, record.targetCell!, { indicator: record.name }));
    } else {
      // No target column: the target is often written inside the standard (`達 1 萬人以上`).
      const found = targetClause(standard);
      const clause = found ? cleanText(found) : null;
      record.target = clause ? parseTarget(clause, record.name, direction) : null;
      if (record.target) record.targetText = record.target.text;
      else issues.push(makeIssue('IND_TARGET_UNSTATED', sheet, record.nameCell, { indicator: record.name }));
    }

    // Actual
    if (actualRef) {
      const bad = unreadableCell(actualRef.value);
      if (bad) issues.push(unreadableIssue(sheet, actualRef, bad));
      else if (isCellDate(actualRef.value) || typeof actualRef.value === 'boolean') {
        // A date or TRUE/FALSE where a number belongs: never read a number out of it (2023-06-30 is not 30).
        issues.push(makeIssue('READ_UNREADABLE_NUMBER', sheet, actualRef.address, { text: record.actualText, what: 'actual' }));
      } else {
        record.actual = parseNumber(cellText(actualRef.value)) ?? quantityOf(record.actualText);
        if (!record.actual) issues.push(makeIssue('READ_UNREADABLE_NUMBER', sheet, actualRef.address, { text: record.actualText, what: 'actual' }));
      }
    }

    // Baseline from its column (a level actual is then turned into a change) or from the standard text.
    const baselineRef = roleCell(t, r, 'baseline');
    const baselineCol = baselineRef ? parseNumber(cellText(baselineRef.value)) ?? quantityOf(cellText(baselineRef.value)) : null;
    const baselineStd = baselineCol ? null : baselineFromText(standard);
    record.achievement = assessAchievement(record.target, record.actual, {
      baseline: baselineCol ?? baselineStd,
      baselineSource: baselineCol ? 'column' : 'standard',
      actualGiven: !!actualRef,
      targetGiven: !!record.target || !!targetRef,
      actualIsChange: RATE_OF_CHANGE_NAME.test(normalizeLabel(record.name)),
    });
    if (actualRef && record.target && record.actual && record.achievement.status === 'unknown') {
      issues.push(makeIssue('IND_ACHIEVEMENT_UNKNOWN', sheet, actualRef.address, { indicator: record.name, reason: record.achievement.reason ?? '' }));
    }

    // Target against baseline and yearly step.
    const baseline = record.target && record.target.kind === 'level' && step !== null ? baselineCol ?? baselineFromText(standard) : null;
    if (record.target && record.target.kind === 'level' && baseline && step !== null) {
      const baseYear = yearOf(standard);
      const targetYear = yearOf(t.headers.target ?? '') ?? (/(\d{2,3})\s*年[^，。]*目標/.exec(standard) ? parseInt(/(\d{2,3})\s*年[^，。]*目標/.exec(standard)![1], 10) : null);
      const years = baseYear && targetYear && targetYear > baseYear && targetYear - baseYear <= 10 ? targetYear - baseYear : 1;
      const additive = baseline.percent && record.target.percent;
      let expected = baseline.value;
      for (let y = 0; y < years; y++) expected = additive ? expected + step : expected * (1 + step / 100);
      const unit = Math.pow(10, -record.target.decimals);
      if (Math.abs(record.target.value - expected) >= unit - 1e-9) {
        issues.push(
          makeIssue('IND_TARGET_STEP', sheet, record.targetCell ?? record.nameCell, {
            indicator: record.name,
            target: record.targetText,
            baseline: formatPlain(baseline.value, baseline.percent),
            step: (step > 0 ? '+' : '') + step + (additive ? ' pt' : '%'),
            expected: formatPlain(roundTo(expected, record.target.decimals), record.target.percent),
            years,
          }),
        );
      }
    }
  }

  checkWeights(t, goals, indicators, issues);
  checkNumbering(sheet, goals.map((g) => g.ordinal), issues);
  for (const g of goals) checkNumbering(sheet, g.indicators.map((i) => i.ordinal), issues);
  if (!goals.length) checkNumbering(sheet, indicators.map((i) => i.ordinal), issues);
  return { goals, indicators };
}

const CLAUSE_END = /[。；;，,\n]|\s\d{1,2}[.、]\s*(?=\D)/g;
const DIRECTION_WORDS = /增加|降低|提升|減少|成長|下降|提高|增|減/;
const BOUND_WORDS = /以上|以下|以內|不超過|至少|達/;

/** The clauses of a text: split at 。；, line breaks and list numbers (`1.` `2、`); `計算公式` and after are left out. */
function clauses(text: string): string[] {
  const body = text.split(/計算公式|※/)[0];
  return body
    .split(CLAUSE_END)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * The clause of a standard that states the target: a percentage with a direction word (`增加 1%`) first,
 * then a bounded quantity (`達 1 萬人以上`, `0.2% 以下`), then the first quantity.
 */
export function targetClause(text: string): string | null {
  const cs = clauses(text).filter((c) => findQuantity(c));
  const pick =
    cs.find((c) => {
      const q = findQuantity(c)!;
      return q.percent && DIRECTION_WORDS.test(c);
    }) ??
    cs.find((c) => BOUND_WORDS.test(c)) ??
    cs[0];
  return pick ?? null;
}

function firstFilled(t: Table, r: number): number {
  for (let c = 0; c <= Math.max(t.right, t.view.width(r) - 1); c++) if (!t.view.isEmpty(r, c)) return c;
  return t.left;
}

function quantityOf(text: string): ParsedNumber | null {
  const q = findQuantity(text);
  return q ? q : null;
}

function stepValue(text: string): number | null {
  const fromWords = stepFromText('逐年' + text);
  if (fromWords !== null) return fromWords;
  const n = parseNumber(text);
  return n ? n.value : null;
}

function roundTo(v: number, decimals: number): number {
  const f = Math.pow(10, decimals);
  return Math.round(v * f) / f;
}

function formatPlain(v: number, percent: boolean): string {
  return fmt(v) + (percent ? '%' : '');
}


/** `25 + 35 + 10`; a long list is cut after ten parts. */
function partsList(ws: (number | null)[]): string {
  const shown = ws.slice(0, 10).join(' + ');
  return ws.length > 10 ? `${shown} + … (${ws.length})` : shown;
}

function checkWeights(t: Table, goals: Goal[], indicators: IndicatorRecord[], issues: Issue[]): void {
  const weighted = goals.filter((g) => g.weight !== null);
  for (const g of weighted) {
    const ws = g.indicators.map((i) => i.weight).filter((w): w is number => w !== null);
    if (!ws.length) continue;
    const sum = ws.reduce((a, b) => a + b, 0);
    if (Math.abs(sum - g.weight!) > 0.05) {
      issues.push(
        makeIssue('IND_WEIGHT_SUM', t.sheet, g.cell, {
          goal: g.name,
          goalWeight: g.weight!,
          sum: Number(sum.toFixed(4)),
          parts: partsList(ws),
        }),
      );
    }
  }
  if (weighted.length) {
    const total = weighted.reduce((a, g) => a + g.weight!, 0);
    if (Math.abs(total - 100) > 0.05) {
      issues.push(
        makeIssue('IND_GOAL_WEIGHT_TOTAL', t.sheet, weighted[0].cell, {
          total: Number(total.toFixed(4)),
          parts: partsList(weighted.map((g) => g.weight)),
        }),
      );
    }
  } else if (!goals.length) {
    const ws = indicators.map((i) => i.weight).filter((w): w is number => w !== null);
    if (ws.length && ws.length === indicators.length) {
      const total = ws.reduce((a, b) => a + b, 0);
      if (Math.abs(total - 100) > 0.05)
        issues.push(makeIssue('IND_GOAL_WEIGHT_TOTAL', t.sheet, indicators[0].nameCell, { total: Number(total.toFixed(4)), parts: partsList(ws) }));
    }
  }
}
