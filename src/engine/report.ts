/** The report: what other tools read (`--json`), in the user's language. */
import type { Analysis } from './analysis';
import { ActualKind, AchievementReason, AchievementStatus, RatioOf, TargetKind } from './achievement';
import { explanationsOf, shownRate } from './explain';
import { Issue, Severity } from './issues';
import { remembered } from './memo';
import { Lang, issueMessage } from './messages';
import { addLevel, countLevels, LevelCounts } from './risk';
import type { IndicatorRecord } from './indicators';
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

/** An indicator as the report gives it; `explanation`: its 達成說明 (explanationsOf). */
function reportIndicator(i: IndicatorRecord, explanation: string, cap: number): ReportIndicator {
  const d = i.achievement;
  const out: ReportIndicator = {
    sheet: i.sheet,
    row: i.row + 1,
    name: i.name,
    goal: i.goal ? i.goal.name : null,
    target: i.targetText,
    actual: i.actualText,
    targetKind: i.target ? i.target.kind : null,
    direction: i.target ? i.target.direction : null,
    achievementRate: round(d.rate),
    status: d.status,
    targetType: d.targetKind,
    actualKind: d.actualKind,
    baseline: d.baseline ? { value: d.baseline.value, percent: d.baseline.percent, source: d.baseline.source } : null,
    actualLevel: round(d.actualLevel),
    actualChange: round(d.actualChange),
    changeUnit: d.changeUnit,
    ratioOf: d.ratioOf,
    numerator: round(d.numerator),
    denominator: round(d.denominator),
    shownRate: sharedText(shownRate(d, cap)),
    explanation,
  };
  if (d.reason) out.reason = d.reason;
  if (d.change !== undefined) out.change = round(d.change) ?? undefined;
  return out;
}

/**
 * One string for each shown rate (`103.8%`, `≥120%`): a plan's indicators share a few thousand of them at most, and
 * the report keeps one for each indicator.
 */
function sharedText(s: string): string {
  return remembered(shownTexts, 5000, s, (x) => x);
}
const shownTexts = new Map<string, string>();

/** The report of an analysis made with `settings`; `found`: the workbook's own risk scales (scales.ts). */
export function buildReport(a: Analysis, lang: Lang, settings: Settings, found: WorkbookScales): Report {
  const cap = settings.displayCap;
  const tables: ReportTable[] = [];
  for (const t of a.tables) for (const kind of t.kinds) tables.push({ sheet: t.sheet, kind, range: tableAddress(t) });
  // One list each, filled as it goes (no list a table, no list of every risk made only to be copied or counted).
  const indicators: ReportIndicator[] = [];
  for (const { result } of a.indicatorTables) {
    const explanations = explanationsOf(result.indicators, lang, cap);
    const list = result.indicators;
    for (let k = 0; k < list.length; k++) indicators.push(reportIndicator(list[k], explanations[k], cap));
  }
  const risks: ReportRisk[] = [];
  const riskLevels = countLevels([]);
  const residualRiskLevels = countLevels([]);
  for (const t of a.riskTables) {
    for (const r of t.result.risks) {
      risks.push({
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
      });
      addLevel(riskLevels, r.current);
      addLevel(residualRiskLevels, r.residual);
    }
  }
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
      riskLevels,
      residualRiskLevels,
      achievement,
    },
  };
}
