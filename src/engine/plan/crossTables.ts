/**
 * The plan as one document: the tables of one workbook checked against each other.
 *
 * - A risk's 重要計畫項目 names a plan of the indicator (plan) or budget tables (XT_RISK_PLAN_UNMATCHED).
 * - A plan's 預算金額 in the indicator table agrees with its amount in the budget table (XT_AMOUNT_MISMATCH).
 * - A plan with a budget and no indicator (XT_BUDGET_WITHOUT_INDICATOR), an indicator whose plan has no budget
 *   (XT_INDICATOR_WITHOUT_BUDGET): notes.
 * Names are matched tolerantly (names.ts). An indicator table and a budget table are compared only when at least
 * one plan of the one matches a plan of the other: tables that share no plan at all are of different plans (the
 * example workbook holds four agencies' tables), and every plan of them would be a false note.
 */
import type { Analysis } from '../analysis';
import { cellAddress, rangeAddress } from '../address';
import { fmt } from '../format';
import { Issue, makeIssue } from '../issues';
import { numbersAgree } from '../numbers';
import type { BudgetTableResult } from '../budget';
import { roleText } from '../tables/cells';
import { tableRange, type Table } from '../tables/reader';
import { cleanText } from '../text';
import { bestMatch, displayName, nameKey, nameScore } from './names';

/** A plan (or a budget item) as one table names it. */
export interface PlanEntry {
  sheet: string;
  table: Table;
  name: string;
  /** The cell of the name (the plan's first row). */
  cell: string;
  amount: number | null;
  amountCell: string | null;
  tolerance: number;
  level: 'plan' | 'item';
  /** An item's plan. */
  parent?: PlanEntry;
}

/** A pair of names this sure is taken to be the same plan for comparing amounts. */
const AMOUNT_MATCH = 0.85;

function planColumn(t: Table): number | null {
  const cols = t.columns.plan ?? t.columns.item;
  return cols ? cols[0] : null;
}

/** The plans of a budget table (rows grouped by plan, repeats counted once) and, when it has both, its items. */
export function budgetPlans(t: Table, result: BudgetTableResult): PlanEntry[] {
  const out: PlanEntry[] = [];
  const col = planColumn(t);
  let current: PlanEntry | null = null;
  const itemCol = t.columns.plan && t.columns.item ? t.columns.item : null;
  for (const row of result.rows) {
    if (row.kind !== 'item') continue;
    const name = cleanText(row.plan);
    if (!name) continue;
    if (!current || current.name !== name) {
      current = { sheet: t.sheet, table: t, name, cell: col !== null ? cellAddress(row.row, col) : cellAddress(row.row, t.left), amount: null, amountCell: null, tolerance: 0, level: 'plan' };
      out.push(current);
    }
    if (row.amount && !row.repeated) {
      current.amount = (current.amount ?? 0) + row.amount.value;
      current.amountCell ??= row.amount.cell;
      current.tolerance = Math.max(current.tolerance, row.amount.tolerance);
    }
    if (itemCol) {
      const item = roleText(t, row.row, 'item');
      if (item) {
        out.push({
          sheet: t.sheet,
          table: t,
          name: item,
          cell: cellAddress(row.row, itemCol[0]),
          amount: row.amount && !row.repeated ? row.amount.value : null,
          amountCell: row.amount ? row.amount.cell : null,
          tolerance: row.amount ? row.amount.tolerance : 0,
          level: 'item',
          parent: current,
        });
      }
    }
  }
  return out;
}

/** The plans named in an indicator table's plan column (with their amounts when the table has a budget column). */
function indicatorPlans(a: Analysis, t: Table): PlanEntry[] {
  const budget = a.budgetTables.find((b) => b.table === t);
  if (budget) return budgetPlans(t, budget.result).filter((p) => p.level === 'plan');
  const ind = a.indicatorTables.find((x) => x.table === t);
  const col = t.columns.plan![0];
  const out: PlanEntry[] = [];
  let last: PlanEntry | null = null;
  for (const rec of ind ? ind.result.indicators : []) {
    const name = roleText(t, rec.row, 'plan');
    if (!name) continue;
    if (last && last.name === name) continue;
    last = { sheet: t.sheet, table: t, name, cell: cellAddress(rec.row, col), amount: null, amountCell: null, tolerance: 0, level: 'plan' };
    out.push(last);
  }
  return out;
}

function where(t: Table): string {
  return `${t.sheet}!${rangeAddress(tableRange(t))}`;
}

export function checkCrossTables(a: Analysis, issues: Issue[]): void {
  const indicatorTables = a.indicatorTables.map((x) => x.table).filter((t) => !!t.columns.plan);
  const budgetOnly = a.budgetTables.filter((b) => !b.table.kinds.includes('indicators'));
  const iPlans = new Map<Table, PlanEntry[]>(indicatorTables.map((t) => [t, indicatorPlans(a, t)]));
  const bPlans = new Map<Table, PlanEntry[]>(budgetOnly.map((b) => [b.table, budgetPlans(b.table, b.result)]));

  // Which indicator tables and budget tables are of the same plan: they share at least one plan.
  const related = new Map<Table, Table[]>();
  for (const [it, ips] of iPlans) {
    for (const [bt, bps] of bPlans) {
      if (ips.some((p) => bestMatch(p.name, bps, (x) => x.name, AMOUNT_MATCH))) {
        related.set(it, [...(related.get(it) ?? []), bt]);
        related.set(bt, [...(related.get(bt) ?? []), it]);
      }
    }
  }

  // Indicator table plans: amounts against the budget tables, and plans with no budget anywhere.
  for (const [it, ips] of iPlans) {
    const others = (related.get(it) ?? []).flatMap((bt) => bPlans.get(bt) ?? []);
    for (const p of ips) {
      const m = bestMatch(p.name, others, (x) => x.name, AMOUNT_MATCH);
      if (m && p.amount !== null && m.item.amount !== null && !numbersAgree(p.amount, m.item.amount, Math.max(p.tolerance, m.item.tolerance))) {
        issues.push(
          makeIssue('XT_AMOUNT_MISMATCH', p.sheet, p.amountCell ?? p.cell, {
            plan: displayName(p.name),
            amount: fmt(p.amount),
            otherAmount: fmt(m.item.amount),
            otherSheet: m.item.sheet,
            otherCell: m.item.amountCell ?? m.item.cell,
          }),
        );
      }
      const hasBudget = p.amount !== null || (m && m.item.amount !== null);
      if (!hasBudget && (others.length || !it.columns.amount)) {
        const tables = (related.get(it) ?? []).map(where);
        issues.push(makeIssue('XT_INDICATOR_WITHOUT_BUDGET', p.sheet, p.cell, { plan: displayName(p.name), tables: tables.join('、') || '-' }));
      }
    }
  }
  // Budget plans no related indicator table names.
  for (const [bt, bps] of bPlans) {
    const rel = related.get(bt) ?? [];
    if (!rel.length) continue;
    const names = rel.flatMap((it) => iPlans.get(it) ?? []);
    for (const p of bps) {
      if (p.level !== 'plan' || !p.amount) continue;
      const own = bestMatch(p.name, names, (x) => x.name, AMOUNT_MATCH);
      // A plan whose items the indicator table names has an indicator.
      const items = bps.filter((x) => x.parent === p);
      const viaItem = !own && items.some((x) => bestMatch(x.name, names, (y) => y.name, AMOUNT_MATCH));
      if (!own && !viaItem) {
        issues.push(makeIssue('XT_BUDGET_WITHOUT_INDICATOR', p.sheet, p.cell, { plan: displayName(p.name), tables: rel.map(where).join('、') }));
      }
    }
  }

  // Risks: their 重要計畫項目 names a plan.
  const allPlans = [...[...iPlans.values()].flat(), ...[...bPlans.values()].flat()];
  const planTables = [...new Set(allPlans.map((p) => p.table))];
  if (!allPlans.length) return;
  for (const { table } of a.riskTables) {
    const cols = table.columns.project;
    if (!cols) continue;
    let project = '';
    let projectCell = '';
    let reported = '';
    for (const r of table.dataRows) {
      const text = roleText(table, r, 'project');
      if (text) {
        project = text;
        projectCell = cellAddress(r, cols[0]);
      }
      if (!project || !nameKey(project) || reported === projectCell) continue;
      const m = bestMatch(project, allPlans, (x) => x.name);
      if (!m) {
        reported = projectCell;
        issues.push(makeIssue('XT_RISK_PLAN_UNMATCHED', table.sheet, projectCell, { project: displayName(project), tables: planTables.map(where).join('、') }));
      }
    }
  }
}

/** The plan of the plan or budget tables a risk project names, with its cell (for the report and tests). */
export function matchProject(a: Analysis, project: string): PlanEntry | null {
  const plans: PlanEntry[] = [];
  for (const t of a.indicatorTables.map((x) => x.table).filter((t) => !!t.columns.plan)) plans.push(...indicatorPlans(a, t));
  for (const b of a.budgetTables.filter((b) => !b.table.kinds.includes('indicators'))) plans.push(...budgetPlans(b.table, b.result));
  const m = bestMatch(project, plans, (x) => x.name);
  return m ? m.item : null;
}

export { nameScore };
