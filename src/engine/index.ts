/**
 * The plan engine: pure TypeScript, no Office.js and no Node API.
 * `validate` reads a workbook snapshot and returns the report; `fill` also returns the write plan.
 */
import { analyze } from './analysis';
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
}

export function validate(snapshot: WorkbookSnapshot, options: EngineOptions = {}): Report {
  const settings = resolveSettings(options.settings);
  return buildReport(analyze(snapshot, settings), options.lang ?? 'zh-TW', settings.displayCap);
}

/**
 * The report and the write plan. `parts` chooses what is written: the computed columns, the problem-cell
 * marks and the risk map (all three by default, as `plancheck fill` does); `marks: 'clear'` takes the marks away.
 */
export function fill(snapshot: WorkbookSnapshot, options: EngineOptions & { parts?: FillParts } = {}): { report: Report; plan: WritePlan } {
  const settings = resolveSettings(options.settings);
  const lang = options.lang ?? 'zh-TW';
  const analysis = analyze(snapshot, settings);
  const plan = buildFillPlan(analysis, settings, lang, options.parts ?? ALL_PARTS);
  return { report: buildReport(analysis, lang, settings.displayCap), plan };
}

/** A plan that takes away the problem-cell marks of earlier runs and nothing else. */
export function clearMarks(snapshot: WorkbookSnapshot, options: EngineOptions = {}): WritePlan {
  return fill(snapshot, { ...options, parts: { columns: false, marks: 'clear', map: false } }).plan;
}

export type { Report } from './report';
export type { WritePlan } from './writePlan';
export type { WorkbookSnapshot, SheetSnapshot, CellValue } from './snapshot';
export type { Lang } from './messages';
export { DEFAULT_SETTINGS } from './settings';
export type { Settings } from './settings';
export { templatePlan } from './template';
