/** The report: what other tools read (`--json`), in the user's language. */
import type { Analysis } from './analysis';
import { ActualKind, AchievementReason, AchievementStatus, RatioOf, TargetKind } from './achievement';
import { explanationsOf, shownRate } from './explain';
import { Issue, Severity } from './issues';
import { Lang, issueMessage } from './messages';
import { countLevels, LevelCounts } from './risk';
import type { RiskLevel, Settings } from './settings';
import type { WorkbookScales } from './scales';
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
  /**
   * The change computed from a level actual and the baseline, when the target is a change: percentage points
   * when the baseline is a percentage, else % of the baseline.
   */
  change?: number;
  /** What kind of target: a level, a change in percentage points, a relative change. */
  targetType: TargetKind | null;
  /** What the actual is: a level or a change. */
  actualKind: ActualKind | null;
  /** The baseline the change was measured from (a 基準值 column or the 衡量標準 text). */
  baseline: { value: number; percent: boolean; source: 'column' | 'standard' } | null;
  /** The actual as a level and as a change (in `changeUnit`), where known. */
  actualLevel: number | null;
  actualChange: number | null;
  changeUnit: 'points' | 'relative' | null;
  /** What the rate is a ratio of, and its two numbers (the rate is numerator ÷ denominator, uncapped). */
  ratioOf: RatioOf | null;
  numerator: number | null;
  denominator: number | null;
  /** The rate as the workbook shows it: `≥120%` above the cap. */
  shownRate: string;
  /** The 達成說明 text: how the rate was computed, or why it cannot be. */
  explanation: string;
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
  /** The unit of every amount of this budget (元, 千元, 萬元, 百萬元, 億元). */
  unit: string;
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
  /** The risk matrix the run used, and where it came from. */
  scale: ReportScale;
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

/**
 * The risk matrix a run used: its size and bands, and the workbook's own tables that decided them (the
 * likelihood and impact definition tables, the level lines), each null when the settings decided instead.
 */
export interface ReportScale {
  size: number;
  bands: { level: RiskLevel; min: number; max: number }[];
  likelihoodTable: { sheet: string; cell: string } | null;
  impactTable: { sheet: string; cell: string } | null;
  levelLines: { sheet: string; cell: string } | null;
}

/** The workbook's tables that decided a matrix, in the order they are named (the CLI's line, the task pane's note). */
export function scaleSources(scale: ReportScale): { table: 'likelihood' | 'impact' | 'lines'; sheet: string; cell: string }[] {
  const out: { table: 'likelihood' | 'impact' | 'lines'; sheet: string; cell: string }[] = [];
  if (scale.likelihoodTable) out.push({ table: 'likelihood', ...scale.likelihoodTable });
  if (scale.impactTable) out.push({ table: 'impact', ...scale.impactTable });
  if (scale.levelLines) out.push({ table: 'lines', ...scale.levelLines });
  return out;
}

/** The report's `scale`: the settings as used, and the workbook's own tables found (scales.ts) that were used. */
function scaleReport(settings: Settings, found: WorkbookScales): ReportScale {
  const at = (x: { sheet: string; cell: string } | null) => (x ? { sheet: x.sheet, cell: x.cell } : null);
  return {
    size: settings.scale,
    bands: settings.bands.map((b) => ({ level: b.level, min: b.min, max: b.max })),
    // A table counts when it gave the size (scales.ts takes the larger of the two; a table of another size is
    // reported as RISK_SCALE_MISMATCH, not used).
    likelihoodTable: found.settings.scale !== undefined && found.likelihood?.levels === settings.scale ? at(found.likelihood) : null,
    impactTable: found.settings.scale !== undefined && found.impact?.levels === settings.scale ? at(found.impact) : null,
    levelLines: found.settings.bands ? at(found.bands) : null,
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

/** The report of an analysis made with `settings`; `found`: the workbook's own risk scales (scales.ts). */
export function buildReport(a: Analysis, lang: Lang, settings: Settings, found: WorkbookScales): Report {
  const cap = settings.displayCap;
  const tables: ReportTable[] = [];
  for (const t of a.tables) for (const kind of t.kinds) tables.push({ sheet: t.sheet, kind, range: tableAddress(t) });
  const indicators: ReportIndicator[] = a.indicatorTables.flatMap(({ result }) => {
    const explanations = explanationsOf(result.indicators, lang, cap);
    return result.indicators.map((i, k) => {
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
        targetType: i.achievement.targetKind,
        actualKind: i.achievement.actualKind,
        baseline: i.achievement.baseline ? { value: i.achievement.baseline.value, percent: i.achievement.baseline.percent, source: i.achievement.baseline.source } : null,
        actualLevel: round(i.achievement.actualLevel),
        actualChange: round(i.achievement.actualChange),
        changeUnit: i.achievement.changeUnit,
        ratioOf: i.achievement.ratioOf,
        numerator: round(i.achievement.numerator),
        denominator: round(i.achievement.denominator),
        shownRate: shownRate(i.achievement, cap),
        explanation: explanations[k],
      };
      if (i.achievement.reason) out.reason = i.achievement.reason;
      if (i.achievement.change !== undefined) out.change = round(i.achievement.change) ?? undefined;
      return out;
    });
  });
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
    // The risk's own assessment (its keys are the report's, in the report's order), not a copy of it.
    residual: r.residual,
  }));
  const budgets: ReportBudget[] = a.budgetTables.map(({ result }) => ({
    sheet: result.sheet,
    range: result.range,
    unit: result.unit,
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
    scale: scaleReport(settings, found),
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
