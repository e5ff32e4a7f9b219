/** The report: what other tools read (`--json`), in the user's language. */
import type { Analysis } from './analysis';
import { AchievementReason, AchievementStatus } from './achievement';
import { Issue, Severity } from './issues';
import { Lang, issueMessage } from './messages';
import { countLevels, LevelCounts } from './risk';
import type { RiskLevel } from './settings';
import { tableAddress } from './tables/reader';
import type { Comparison } from './previousYear';

export interface ReportIssue {
  code: string;
  severity: Severity;
  sheet: string;
  cell: string;
  message: string;
}

export interface ReportTable {
  sheet: string;
  kind: string;
  range: string;
}

export interface ReportIndicator {
  sheet: string;
  row: number;
  name: string;
  goal: string | null;
  target: string;
  actual: string;
  targetKind: 'level' | 'change' | null;
  direction: 'higher' | 'lower' | null;
  achievementRate: number | null;
  status: AchievementStatus;
  reason?: AchievementReason;
  /** The change (in %) computed from a level actual and the 基準值 column, when the target is a change. */
  change?: number;
}

export interface ReportAssessment {
  likelihood: number | null;
  impact: number | null;
  score: number | null;
  level: RiskLevel | null;
}

export interface ReportRisk extends ReportAssessment {
  sheet: string;
  row: number;
  id: string;
  name: string;
  residual: ReportAssessment | null;
}

export interface ReportBudget {
  sheet: string;
  range: string;
  total: number;
  central: number | null;
  city: number | null;
  bySource: Record<string, number>;
}

export interface Report {
  file?: string;
  lang: Lang;
  issues: ReportIssue[];
  tables: ReportTable[];
  indicators: ReportIndicator[];
  risks: ReportRisk[];
  budgets: ReportBudget[];
  /** This year against last year's workbook (`--previous`), when one was given. */
  comparison?: Comparison;
  summary: {
    errors: number;
    warnings: number;
    infos: number;
    riskLevels: LevelCounts;
    residualRiskLevels: LevelCounts;
    achievement: { met: number; not_met: number; unknown: number };
  };
}

function round(v: number | null, places = 6): number | null {
  if (v === null || !Number.isFinite(v)) return null;
  const f = Math.pow(10, places);
  const r = Math.round(v * f) / f;
  // Past 1.8e302, v × 10^6 overflows: such a number has no decimals to round. -0 (a tiny negative) is 0.
  return Number.isFinite(r) ? r || 0 : v;
}

export function toReportIssue(i: Issue, lang: Lang): ReportIssue {
  return { code: i.code, severity: i.severity, sheet: i.sheet, cell: i.cell, message: issueMessage(i.code, i.params, lang) };
}

export function buildReport(a: Analysis, lang: Lang): Report {
  const tables: ReportTable[] = [];
  for (const t of a.tables) for (const kind of t.kinds) tables.push({ sheet: t.sheet, kind, range: tableAddress(t) });
  const indicators: ReportIndicator[] = a.indicatorTables.flatMap(({ result }) =>
    result.indicators.map((i) => {
      const out: ReportIndicator = {
        sheet: i.sheet,
        row: i.row + 1,
        name: i.name,
        goal: i.goal ? i.goal.name : null,
        target: i.targetText,
        actual: i.actualText,
        targetKind: i.target ? i.target.kind : null,
        direction: i.target ? i.target.direction : null,
        achievementRate: round(i.achievement.rate),
        status: i.achievement.status,
      };
      if (i.achievement.reason) out.reason = i.achievement.reason;
      if (i.achievement.change !== undefined) out.change = round(i.achievement.change) ?? undefined;
      return out;
    }),
  );
  const allRisks = a.riskTables.flatMap((t) => t.result.risks);
  const risks: ReportRisk[] = allRisks.map((r) => ({
    sheet: r.sheet,
    row: r.row + 1,
    id: r.id,
    name: r.name,
    likelihood: r.current.likelihood,
    impact: r.current.impact,
    score: r.current.score,
    level: r.current.level,
    residual: r.residual ? { likelihood: r.residual.likelihood, impact: r.residual.impact, score: r.residual.score, level: r.residual.level } : null,
  }));
  const budgets: ReportBudget[] = a.budgetTables.map(({ result }) => ({
    sheet: result.sheet,
    range: result.range,
    total: result.total,
    central: result.central,
    city: result.city,
    bySource: result.bySource,
  }));
  const issues = a.issues.map((i) => toReportIssue(i, lang));
  const count = (s: Severity) => issues.filter((i) => i.severity === s).length;
  const achievement = { met: 0, not_met: 0, unknown: 0 };
  for (const i of indicators) achievement[i.status]++;
  return {
    lang,
    issues,
    tables,
    indicators,
    risks,
    budgets,
    ...(a.comparison ? { comparison: a.comparison } : {}),
    summary: {
      errors: count('error'),
      warnings: count('warning'),
      infos: count('info'),
      riskLevels: countLevels(allRisks.map((r) => r.current)),
      residualRiskLevels: countLevels(allRisks.map((r) => r.residual)),
      achievement,
    },
  };
}
