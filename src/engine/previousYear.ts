/**
 * This year's plan against last year's workbook: risk movement, indicators (last year's target and actual
 * beside this year's target), budget per plan and per source. Last year's workbook is analysed with the same
 * rules, but only read: none of its problems is reported, and nothing is written to it.
 *
 * Warnings (report issues at this year's cell, naming last year's cell too):
 * - PREV_RISK_STILL_HIGH: R ≥ the countermeasure threshold both years, and this year's 新增風險對策 is empty or
 *   the same as last year's.
 * - PREV_TARGET_BELOW_ACTUAL: a level target below last year's actual (above it, for lower-is-better).
 * - PREV_TARGET_BELOW_TARGET: the standard says 逐年增加/提升/成長/提高 (or 逐年降低/減少/下降, lower-is-better)
 *   and the target is below (above) last year's target.
 */
import type { Analysis } from './analysis';
import { cellAddress } from './address';
import type { IndicatorRecord } from './indicators';
import { Issue, makeIssue } from './issues';
import type { RiskRecord } from './risk';
import { budgetPlans, type PlanEntry } from './plan/crossTables';
import { MATCH_THRESHOLD, displayName, nameKey, nameScore, pairByName } from './plan/names';
import type { RiskLevel, Settings } from './settings';
import { fmt, round6 } from './format';
import { normalizeLabel } from './text';

export type Movement = 'up' | 'down' | 'same' | 'new' | 'closed' | 'unknown';

export interface RiskComparison {
  /** This year's ID (last year's for a closed risk). */
  id: string;
  previousId: string | null;
  name: string;
  matchedBy: 'id' | 'name' | null;
  movement: Movement;
  score: number | null;
  previousScore: number | null;
  level: RiskLevel | null;
  previousLevel: RiskLevel | null;
  sheet: string | null;
  cell: string | null;
  previousSheet: string | null;
  previousCell: string | null;
}

export interface IndicatorComparison {
  name: string;
  goal: string | null;
  status: 'matched' | 'new' | 'closed';
  target: string | null;
  previousTarget: string | null;
  previousActual: string | null;
  sheet: string | null;
  cell: string | null;
  previousSheet: string | null;
  previousCell: string | null;
}

export interface BudgetComparison {
  /** The plan's name, or the funding source (中央, 本府, 市預算 …), or '' for the total. */
  name: string;
  previous: number | null;
  current: number | null;
  /** (this year − last year) ÷ last year × 100, rounded to 0.01; null when last year had none or 0. */
  changePercent: number | null;
  sheet: string | null;
  cell: string | null;
  previousSheet: string | null;
  previousCell: string | null;
}

export interface Comparison {
  /** Last year's file, when the host knows it. */
  previousFile?: string;
  risks: RiskComparison[];
  indicators: IndicatorComparison[];
  budgets: { plans: BudgetComparison[]; sources: BudgetComparison[]; total: BudgetComparison | null };
}

// ---------------------------------------------------------------------------------------------------------------
// Risks
// ---------------------------------------------------------------------------------------------------------------

function riskName(r: RiskRecord): string {
  return r.name || r.id;
}

/**
 * Risks matched across years: by ID when the names agree too; then by name (the IDs were renumbered); then by
 * ID alone (the risk was renamed). What is left is new (this year) or closed (last year).
 */
export function matchRisks(current: RiskRecord[], previous: RiskRecord[]): { cur: RiskRecord; prev: RiskRecord; by: 'id' | 'name' }[] {
  const out: { cur: RiskRecord; prev: RiskRecord; by: 'id' | 'name' }[] = [];
  const usedC = new Set<RiskRecord>();
  const usedP = new Set<RiskRecord>();
  const idOf = (r: RiskRecord) => (r.idMissing ? null : r.id.toUpperCase());
  const take = (cur: RiskRecord, prev: RiskRecord, by: 'id' | 'name') => {
    usedC.add(cur);
    usedP.add(prev);
    out.push({ cur, prev, by });
  };
  // Last year's risks by ID (the first of an ID; a duplicate ID has its own error last year).
  const byId = new Map<string, RiskRecord>();
  for (const p of previous) {
    const id = idOf(p);
    if (id && !byId.has(id)) byId.set(id, p);
  }
  const sameId = (cur: RiskRecord) => {
    const id = idOf(cur);
    const p = id ? byId.get(id) : undefined;
    return p && !usedP.has(p) ? p : undefined;
  };
  for (const cur of current) {
    const prev = sameId(cur);
    if (prev && (!nameKey(cur.name) || !nameKey(prev.name) || nameScore(riskName(cur), riskName(prev)) >= MATCH_THRESHOLD)) take(cur, prev, 'id');
  }
  for (const m of pairByName(
    current.filter((c) => !usedC.has(c)),
    previous.filter((p) => !usedP.has(p)),
    riskName,
    riskName,
  ))
    take(m.a, m.b, 'name');
  for (const cur of current) {
    if (usedC.has(cur)) continue;
    const prev = sameId(cur);
    if (prev) take(cur, prev, 'id');
  }
  return out;
}

function movementOf(score: number | null, previous: number | null): Movement {
  if (score === null || previous === null) return 'unknown';
  return score > previous ? 'up' : score < previous ? 'down' : 'same';
}

const NO_COUNTERMEASURE = /^(|-|－|—|–|─|無|none|n\/a|na|nil|\/|x|不適用)$/;

/** Where each risk's 新增風險對策 is (the ID cell when the register has no such column). */
function newControlCells(a: Analysis): (r: RiskRecord) => string {
  const tableOf = new Map<RiskRecord, Analysis['riskTables'][number]['table']>();
  for (const t of a.riskTables) for (const r of t.result.risks) tableOf.set(r, t.table);
  return (r) => {
    const cols = tableOf.get(r)?.columns.newControl;
    return cols ? cellAddress(r.row, cols[0]) : r.idCell;
  };
}

function compareRisks(a: Analysis, prev: Analysis, settings: Settings, issues: Issue[]): RiskComparison[] {
  const current = a.riskTables.flatMap((t) => t.result.risks);
  const previous = prev.riskTables.flatMap((t) => t.result.risks);
  const pairs = matchRisks(current, previous);
  const byCur = new Map(pairs.map((p) => [p.cur, p]));
  const out: RiskComparison[] = [];
  const controlCell = newControlCells(a);
  const previousControlCell = newControlCells(prev);
  for (const cur of current) {
    const m = byCur.get(cur);
    const p = m?.prev ?? null;
    out.push({
      id: cur.id,
      previousId: p ? p.id : null,
      name: cur.name,
      matchedBy: m ? m.by : null,
      movement: p ? movementOf(cur.current.score, p.current.score) : 'new',
      score: cur.current.score,
      previousScore: p ? p.current.score : null,
      level: cur.current.level,
      previousLevel: p ? p.current.level : null,
      sheet: cur.sheet,
      cell: cur.idCell,
      previousSheet: p ? p.sheet : null,
      previousCell: p ? p.idCell : null,
    });
    if (p && cur.current.score !== null && p.current.score !== null && cur.current.score >= settings.actionThreshold && p.current.score >= settings.actionThreshold) {
      const now = normalizeLabel(cur.newControl);
      const empty = NO_COUNTERMEASURE.test(now);
      if (empty || now === normalizeLabel(p.newControl)) {
        issues.push(
          makeIssue('PREV_RISK_STILL_HIGH', cur.sheet, controlCell(cur), {
            id: cur.id,
            score: cur.current.score,
            previousScore: p.current.score,
            threshold: settings.actionThreshold,
            previousSheet: p.sheet,
            previousCell: previousControlCell(p),
            empty: empty ? 1 : 0,
          }),
        );
      }
    }
  }
  const matchedPrev = new Set(pairs.map((p) => p.prev));
  for (const p of previous) {
    if (matchedPrev.has(p)) continue;
    out.push({
      id: p.id,
      previousId: p.id,
      name: p.name,
      matchedBy: null,
      movement: 'closed',
      score: null,
      previousScore: p.current.score,
      level: null,
      previousLevel: p.current.level,
      sheet: null,
      cell: null,
      previousSheet: p.sheet,
      previousCell: p.idCell,
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Indicators
// ---------------------------------------------------------------------------------------------------------------

const RISE_EVERY_YEAR = /逐年(增加|提升|成長|提高)/;
const FALL_EVERY_YEAR = /逐年(降低|減少|下降)/;

function indicatorsOf(a: Analysis): IndicatorRecord[] {
  return a.indicatorTables.flatMap((t) => t.result.indicators);
}

function goalScore(x: IndicatorRecord, y: IndicatorRecord): number {
  const gx = x.goal ? nameKey(x.goal.name) : '';
  const gy = y.goal ? nameKey(y.goal.name) : '';
  if (!gx && !gy) return 0.05;
  if (!gx || !gy) return 0;
  return nameScore(x.goal!.name, y.goal!.name) * 0.05;
}

function shown(v: number, percent: boolean): string {
  return fmt(v) + (percent ? '%' : '');
}

function compareIndicators(a: Analysis, prev: Analysis, issues: Issue[]): IndicatorComparison[] {
  const current = indicatorsOf(a);
  const previous = indicatorsOf(prev);
  const pairs = pairByName(current, previous, (i) => i.name, (i) => i.name, MATCH_THRESHOLD, goalScore);
  const byCur = new Map(pairs.map((p) => [p.a, p.b]));
  const out: IndicatorComparison[] = [];
  for (const cur of current) {
    const p = byCur.get(cur) ?? null;
    out.push({
      name: cur.name,
      goal: cur.goal ? cur.goal.name : null,
      status: p ? 'matched' : 'new',
      target: cur.targetText || null,
      previousTarget: p ? p.targetText || null : null,
      previousActual: p ? p.actualText || null : null,
      sheet: cur.sheet,
      cell: cur.targetCell ?? cur.nameCell,
      previousSheet: p ? p.sheet : null,
      previousCell: p ? p.targetCell ?? p.nameCell : null,
    });
    const t = cur.target;
    if (!p || !t || t.kind !== 'level') continue;
    const lower = t.direction === 'lower';
    const cell = cur.targetCell ?? cur.nameCell;
    const worse = (x: number, than: number) => (lower ? x > than + 1e-9 : x < than - 1e-9);
    let warned = false;
    if (p.actual && p.actual.percent === t.percent && worse(t.value, p.actual.value)) {
      warned = true;
      issues.push(
        makeIssue('PREV_TARGET_BELOW_ACTUAL', cur.sheet, cell, {
          indicator: cur.name,
          target: cur.targetText,
          previousActual: p.actualText || shown(p.actual.value, p.actual.percent),
          previousSheet: p.sheet,
          previousCell: p.actualCell ?? p.nameCell,
          lower: lower ? 1 : 0,
        }),
      );
    }
    const words = (lower ? FALL_EVERY_YEAR : RISE_EVERY_YEAR).exec(cur.standard.replace(/\s+/g, ''));
    const pt = p.target;
    if (!warned && words && pt && pt.kind === 'level' && pt.percent === t.percent && worse(t.value, pt.value)) {
      issues.push(
        makeIssue('PREV_TARGET_BELOW_TARGET', cur.sheet, cell, {
          indicator: cur.name,
          target: cur.targetText,
          previousTarget: p.targetText,
          previousSheet: p.sheet,
          previousCell: p.targetCell ?? p.nameCell,
          words: words[0],
          lower: lower ? 1 : 0,
        }),
      );
    }
  }
  const matched = new Set(pairs.map((p) => p.b));
  for (const p of previous) {
    if (matched.has(p)) continue;
    out.push({
      name: p.name,
      goal: p.goal ? p.goal.name : null,
      status: 'closed',
      target: null,
      previousTarget: p.targetText || null,
      previousActual: p.actualText || null,
      sheet: null,
      cell: null,
      previousSheet: p.sheet,
      previousCell: p.targetCell ?? p.nameCell,
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Budget
// ---------------------------------------------------------------------------------------------------------------

function change(previous: number | null, current: number | null): number | null {
  if (previous === null || current === null || previous === 0) return null;
  return Math.round(((current - previous) / previous) * 10000) / 100;
}

function plansOf(a: Analysis): PlanEntry[] {
  return a.budgetTables.flatMap((b) => budgetPlans(b.table, b.result)).filter((p) => p.level === 'plan');
}

function sourcesOf(a: Analysis): Map<string, { value: number; sheet: string }> {
  const out = new Map<string, { value: number; sheet: string }>();
  const add = (k: string, v: number, sheet: string) => {
    const x = out.get(k);
    out.set(k, { value: round6((x?.value ?? 0) + v), sheet: x?.sheet ?? sheet });
  };
  for (const { result } of a.budgetTables) {
    const entries = Object.entries(result.bySource);
    for (const [k, v] of entries) add(k, v, result.sheet);
    if (!entries.length) {
      if (result.central !== null) add('中央', result.central, result.sheet);
      if (result.city !== null) add('本府', result.city, result.sheet);
    }
  }
  return out;
}

function totalOf(a: Analysis): { value: number; sheet: string } | null {
  const only = a.budgetTables.filter((b) => !b.table.kinds.includes('indicators'));
  const tables = only.length ? only : a.budgetTables;
  if (!tables.length) return null;
  return { value: round6(tables.reduce((s, b) => s + b.result.total, 0)), sheet: tables[0].result.sheet };
}

function compareBudgets(a: Analysis, prev: Analysis): Comparison['budgets'] {
  const current = plansOf(a);
  const previous = plansOf(prev);
  const pairs = pairByName(current, previous, (p) => p.name, (p) => p.name);
  const byCur = new Map(pairs.map((p) => [p.a, p.b]));
  const plans: BudgetComparison[] = [];
  for (const cur of current) {
    const p = byCur.get(cur) ?? null;
    plans.push({
      name: displayName(cur.name),
      previous: p ? p.amount : null,
      current: cur.amount,
      changePercent: change(p ? p.amount : null, cur.amount),
      sheet: cur.sheet,
      cell: cur.amountCell ?? cur.cell,
      previousSheet: p ? p.sheet : null,
      previousCell: p ? p.amountCell ?? p.cell : null,
    });
  }
  const matched = new Set(pairs.map((p) => p.b));
  for (const p of previous) {
    if (matched.has(p)) continue;
    plans.push({ name: displayName(p.name), previous: p.amount, current: null, changePercent: null, sheet: null, cell: null, previousSheet: p.sheet, previousCell: p.amountCell ?? p.cell });
  }
  const cs = sourcesOf(a);
  const ps = sourcesOf(prev);
  const sources: BudgetComparison[] = [];
  for (const k of [...new Set([...cs.keys(), ...ps.keys()])]) {
    const c = cs.get(k) ?? null;
    const p = ps.get(k) ?? null;
    sources.push({ name: k, previous: p ? p.value : null, current: c ? c.value : null, changePercent: change(p ? p.value : null, c ? c.value : null), sheet: c ? c.sheet : null, cell: null, previousSheet: p ? p.sheet : null, previousCell: null });
  }
  const ct = totalOf(a);
  const pt = totalOf(prev);
  const total: BudgetComparison | null =
    ct || pt ? { name: '', previous: pt ? pt.value : null, current: ct ? ct.value : null, changePercent: change(pt ? pt.value : null, ct ? ct.value : null), sheet: ct ? ct.sheet : null, cell: null, previousSheet: pt ? pt.sheet : null, previousCell: null } : null;
  return { plans, sources, total };
}

/** This year's analysis against last year's: the comparison, and its warnings pushed onto `issues`. */
export function compareWithPrevious(a: Analysis, prev: Analysis, settings: Settings, issues: Issue[]): Comparison {
  return {
    risks: compareRisks(a, prev, settings, issues),
    indicators: compareIndicators(a, prev, issues),
    budgets: compareBudgets(a, prev),
  };
}

/** The mark written beside a risk's ID: ↑ ↓ → (新) / (new); '' when there is nothing to compare. */
export function movementMark(movement: Movement | undefined, lang: 'zh-TW' | 'en'): string {
  switch (movement) {
    case 'up':
      return '↑';
    case 'down':
      return '↓';
    case 'same':
      return '→';
    case 'new':
      return lang === 'zh-TW' ? '(新)' : '(new)';
    case 'closed':
      return lang === 'zh-TW' ? '(結案)' : '(closed)';
    default:
      return '';
  }
}
