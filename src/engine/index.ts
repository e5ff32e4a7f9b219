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
import { mergeSettings, settingsFromJson, Settings } from './settings';
import { Issue, makeIssue } from './issues';
import { readWorkbookScales, scaleIssues, type WorkbookScales } from './scales';
import { readMeta, type MetaRead } from './meta';
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
  /**
   * Called by fill() once the workbook is analysed, before the plan is made: what the analysis left behind is
   * garbage then, and a host may collect it (the command line does: at 100,000 rows the plan's work otherwise
   * piles on some 70 MB of it). The engine itself does nothing with it.
   */
  afterAnalysis?: () => void;
}

/** This year's analysis, compared with last year's when `options.previous` is given. */
function withPrevious(a: Analysis, settings: Settings, options: EngineOptions): Analysis {
  if (!options.previous) return a;
  const prev = analyze(options.previous, settings);
  const issues = [...a.issues];
  a.comparison = compareWithPrevious(a, prev, settings, issues);
  if (options.previousFile) a.comparison.previousFile = options.previousFile;
  a.issues = sortIssues(issues, a.sheetNames);
  return a;
}

/**
 * The settings of a run and the problems met making them: the defaults, then the settings kept in the workbook,
 * then the caller's, then the workbook's own risk scales (likelihood and impact tables, level lines).
 */
export function settingsOf(
  snapshot: WorkbookSnapshot,
  options: EngineOptions = {},
  meta: MetaRead = readMeta(snapshot),
): { settings: Settings; issues: Issue[]; found: WorkbookScales } {
  const issues: Issue[] = [];
  const stored = settingsFromJson(snapshot.settings);
  for (const p of stored.problems) issues.push(makeIssue('SETTINGS_IGNORED', '', '', { field: p.field, value: p.value }));
  const caller = options.settings ? settingsFromJson(options.settings) : { settings: {}, problems: [] };
  for (const p of caller.problems) issues.push(makeIssue('SETTINGS_IGNORED', '', '', { field: p.field, value: p.value }));
  // The add-in's records sheet (found by its mark, whatever its name) and its own sheets (the 風險圖像's legend
  // looks like level lines) hold no scales of the user's.
  const found = readWorkbookScales(snapshot, (name) => name === meta.recordsSheet || meta.sheets.includes(name));
  scaleIssues(found, issues);
  // The workbook's level lines give the bands' ranges; their colours stay the settings' own.
  if (found.settings.bands) {
    const coloured = caller.settings.bands ?? stored.settings.bands;
    found.settings.bands = found.settings.bands.map((b) => ({ ...b, color: coloured?.find((x) => x.level === b.level)?.color ?? b.color }));
  }
  return { settings: mergeSettings([stored.settings, caller.settings, found.settings]), issues, found };
}

function analyzeWith(snapshot: WorkbookSnapshot, options: EngineOptions) {
  const meta = readMeta(snapshot);
  const { settings, issues, found } = settingsOf(snapshot, options, meta);
  const analysis = analyze(snapshot, settings, meta);
  if (issues.length) analysis.issues.unshift(...issues);
  return { settings, found, analysis: withPrevious(analysis, settings, options) };
}

export function validate(snapshot: WorkbookSnapshot, options: EngineOptions = {}): Report {
  const { settings, found, analysis } = analyzeWith(snapshot, options);
  return buildReport(analysis, options.lang ?? 'zh-TW', settings, found);
}

/**
 * The report and the write plan. `parts` chooses what is written: the computed columns, the problem-cell
 * marks and the risk map (all three by default, as `plancheck fill` does); `marks: 'clear'` takes the marks away.
 */
export function fill(snapshot: WorkbookSnapshot, options: EngineOptions & { parts?: FillParts } = {}): { report: Report; plan: WritePlan } {
  const lang = options.lang ?? 'zh-TW';
  const { settings, found, analysis } = analyzeWith(snapshot, options);
  options.afterAnalysis?.();
  const plan = buildFillPlan(analysis, settings, lang, options.parts ?? ALL_PARTS);
  return { report: buildReport(analysis, lang, settings, found), plan };
}

/** A plan that takes away the problem-cell marks of earlier runs and nothing else. */
export function clearMarks(snapshot: WorkbookSnapshot, options: EngineOptions = {}): WritePlan {
  return fill(snapshot, { ...options, parts: { columns: false, marks: 'clear', map: false } }).plan;
}

export type { Report } from './report';
export type { WritePlan } from './writePlan';
export type { WorkbookSnapshot, SheetSnapshot, CellValue } from './snapshot';
export type { Lang } from './messages';
export { DEFAULT_SETTINGS, settingsFromJson, mergeSettings, settingsForScale } from './settings';
export { readWorkbookScales } from './scales';
export type { Comparison, Movement, RiskComparison, IndicatorComparison, BudgetComparison } from './previousYear';
export { comparisonRows } from './comparisonRows';
export type { Settings } from './settings';
export { templatePlan } from './template';
