/**
 * The plan engine: pure TypeScript, no Office.js and no Node API.
 * `validate` reads a workbook snapshot and returns the report; `fill` also returns the write plan.
 */
import { analyze, Analysis } from './analysis';
import { sortIssues } from './issues';
import { compareWithPrevious } from './previousYear';
import { ALL_PARTS, buildFillPlan, FillParts } from './fill';
export type { FillParts } from './fill';
import type { Lang } from './messages';
import { buildReport, Report } from './report';
import { resolveSettings, Settings } from './settings';
import type { WorkbookSnapshot } from './snapshot';
import type { WritePlan } from './writePlan';

export interface EngineOptions {
  lang?: Lang;
  settings?: Partial<Settings>;
  /**
   * Last year's workbook: analysed with the same rules, only read; the report gets `comparison` and the
   * warnings of the comparison (its own problems are not reported).
   */
  previous?: WorkbookSnapshot;
  /** Last year's file name, for the report. */
  previousFile?: string;
}

/** This year's analysis, compared with last year's when `options.previous` is given. */
function analyzeWithPrevious(snapshot: WorkbookSnapshot, settings: Settings, options: EngineOptions): Analysis {
  const a = analyze(snapshot, settings);
  if (!options.previous) return a;
  const prev = analyze(options.previous, settings);
  const issues = [...a.issues];
  a.comparison = compareWithPrevious(a, prev, settings, issues);
  if (options.previousFile) a.comparison.previousFile = options.previousFile;
  a.issues = sortIssues(issues, a.sheetNames);
  return a;
}

export function validate(snapshot: WorkbookSnapshot, options: EngineOptions = {}): Report {
  const settings = resolveSettings(options.settings);
  return buildReport(analyzeWithPrevious(snapshot, settings, options), options.lang ?? 'zh-TW');
}

/**
 * The report and the write plan. `parts` chooses what is written: the computed columns, the problem-cell
 * marks and the risk map (all three by default, as `plancheck fill` does); `marks: 'clear'` takes the marks away.
 */
export function fill(snapshot: WorkbookSnapshot, options: EngineOptions & { parts?: FillParts } = {}): { report: Report; plan: WritePlan } {
  const settings = resolveSettings(options.settings);
  const lang = options.lang ?? 'zh-TW';
  const analysis = analyzeWithPrevious(snapshot, settings, options);
  const plan = buildFillPlan(analysis, settings, lang, options.parts ?? ALL_PARTS);
  return { report: buildReport(analysis, lang), plan };
}

/** A plan that takes away the problem-cell marks of earlier runs and nothing else. */
export function clearMarks(snapshot: WorkbookSnapshot, options: EngineOptions = {}): WritePlan {
  return fill(snapshot, { ...options, parts: { columns: false, marks: 'clear', map: false } }).plan;
}

export type { Report } from './report';
export type { WritePlan } from './writePlan';
export type { WorkbookSnapshot, SheetSnapshot, CellValue } from './snapshot';
export type { Lang } from './messages';
export type { Comparison, Movement, RiskComparison, IndicatorComparison, BudgetComparison } from './previousYear';
export { comparisonRows } from './comparisonRows';
export { DEFAULT_SETTINGS } from './settings';
export type { Settings } from './settings';
export { templatePlan } from './template';
