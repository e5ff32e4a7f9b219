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
import { NameIndex, bestMatch, displayName, nameKey, nameScore } from './names';

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

/**
 * The cross-table checks run on every workbook: their indexes score at most this many name pairs one by one
 * (about 220 plans against 220); past it, equal keys and equal dash parts only.
 */
const CROSS_BUDGET = 50_000;

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
  // The rows of a plan hold the same plan text: it is cleaned once a plan, not once a row.
  let planText: string | null = null;
  let name = '';
  for (const row of result.rows) {
    if (row.kind !== 'item') continue;
    if (row.plan !== planText) {
      planText = row.plan;
      name = cleanText(planText);
    }
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
  // A budget table's index is made when an indicator table is first compared with it: a workbook without plan
  // columns in its indicator tables (a large budget and a register, say) makes none. An index is the same whenever
  // it is made; its budget of comparisons is used by the look-ups alone.
  const bIndexes = new Map<Table, NameIndex<PlanEntry>>();
  const bIndex = (t: Table): NameIndex<PlanEntry> => {
    let index = bIndexes.get(t);
    if (!index) bIndexes.set(t, (index = new NameIndex(bPlans.get(t) ?? [], (x) => x.name, CROSS_BUDGET)));
    return index;
  };

  // Which indicator tables and budget tables are of the same plan: they share at least one plan.
  const related = new Map<Table, Table[]>();
  for (const [it, ips] of iPlans) {
    for (const [bt] of bPlans) {
      const index = bIndex(bt);
      if (ips.some((p) => index.best(p.name, AMOUNT_MATCH))) {
        related.set(it, [...(related.get(it) ?? []), bt]);
        related.set(bt, [...(related.get(bt) ?? []), it]);
      }
    }
  }

  // Indicator table plans: amounts against the budget tables, and plans with no budget anywhere.
  for (const [it, ips] of iPlans) {
    const rel = related.get(it) ?? [];
    const others = rel.length === 1 ? bIndex(rel[0]) : new NameIndex(rel.flatMap((bt) => bPlans.get(bt) ?? []), (x) => x.name, CROSS_BUDGET);
    for (const p of ips) {
      const m = others.best(p.name, AMOUNT_MATCH);
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
      if (!hasBudget && (others.size || !it.columns.amount)) {
        const tables = (related.get(it) ?? []).map(where);
        issues.push(makeIssue('XT_INDICATOR_WITHOUT_BUDGET', p.sheet, p.cell, { plan: displayName(p.name), tables: tables.join('、') || '-' }));
      }
    }
  }
  // Budget plans no related indicator table names (neither the plan nor one of its items).
  for (const [bt, bps] of bPlans) {
    const rel = related.get(bt) ?? [];
    if (!rel.length) continue;
    const names = new NameIndex(rel.flatMap((it) => iPlans.get(it) ?? []), (x) => x.name, CROSS_BUDGET);
    const items = new Map<PlanEntry, PlanEntry[]>();
    for (const x of bps) if (x.parent) items.set(x.parent, [...(items.get(x.parent) ?? []), x]);
    for (const p of bps) {
      if (p.level !== 'plan' || !p.amount) continue;
      if (names.best(p.name, AMOUNT_MATCH)) continue;
      if ((items.get(p) ?? []).some((x) => names.best(x.name, AMOUNT_MATCH))) continue;
      issues.push(makeIssue('XT_BUDGET_WITHOUT_INDICATOR', p.sheet, p.cell, { plan: displayName(p.name), tables: rel.map(where).join('、') }));
    }
  }

  // Risks: their 重要計畫項目 names a plan.
  if (!a.riskTables.some((t) => t.table.columns.project)) return;
  // The plans of every table, and the tables that have any (in the plans' order; each list is of one table).
  const allPlans: PlanEntry[] = [];
  const tablesSeen = new Set<Table>();
  for (const lists of [iPlans.values(), bPlans.values()]) {
    for (const ps of lists) {
      for (const p of ps) {
        allPlans.push(p);
        tablesSeen.add(p.table);
      }
    }
  }
  if (!allPlans.length) return;
  const planTables = [...tablesSeen];
  const index = new NameIndex(allPlans, (x) => x.name, CROSS_BUDGET);
  const known = new Map<string, boolean>();
  for (const { table } of a.riskTables) {
    const cols = table.columns.project;
    if (!cols) continue;
    let project = '';
    // The row of the project's cell (its address is made only for a project reported).
    let projectRow = -1;
    let checked = -1;
    for (const r of table.dataRows) {
      const text = roleText(table, r, 'project');
      if (text) {
        project = text;
        projectRow = r;
      }
      if (!project || checked === projectRow) continue;
      // Each project is looked up, and reported, once: at its first cell. A project looked up already had a key
      // (it is not made again for each of its risks).
      if (known.has(project)) {
        checked = projectRow;
        continue;
      }
      if (!nameKey(project)) continue;
      checked = projectRow;
      const found = !!index.best(project);
      known.set(project, found);
      if (!found) issues.push(makeIssue('XT_RISK_PLAN_UNMATCHED', table.sheet, cellAddress(projectRow, cols[0]), { project: displayName(project), tables: planTables.map(where).join('、') }));
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
