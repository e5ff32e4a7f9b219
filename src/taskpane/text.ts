/** Small helpers over UI_TEXT: the words for steps, table kinds, severities and what an action wrote. */
import type { ActionResult, Step, Written } from '../hosts/office/actions';
import type { Severity } from '../engine/issues';
import type { Lang } from '../engine/messages';
import { parseRangeAddress } from '../engine/address';
import type { Report } from '../engine/report';
import { UI_TEXT } from '../engine/uiText';

export type { Lang };

/** The task pane's actions, one per button. */
export type ActionKey = 'validate' | 'fill' | 'generate' | 'clear' | 'template';
export const ACTION_KEYS: ActionKey[] = ['validate', 'fill', 'generate', 'clear', 'template'];

/** A step of a running action; 'starting' until the action reports its first step. */
export type Progress = Step | 'starting';

export const SEVERITIES: Severity[] = ['error', 'warning', 'info'];

export function stepText(step: Progress, lang: Lang): string {
  switch (step) {
    case 'reading':
      return UI_TEXT.stepReading[lang];
    case 'checking':
      return UI_TEXT.stepChecking[lang];
    case 'writing':
      return UI_TEXT.stepWriting[lang];
    case 'done':
      return UI_TEXT.stepDone[lang];
    default:
      return UI_TEXT.stepStarting[lang];
  }
}

export function actionLabel(action: ActionKey, lang: Lang): string {
  return UI_TEXT[action][lang];
}

export function kindName(kind: string, lang: Lang): string {
  switch (kind) {
    case 'indicators':
      return UI_TEXT.kindIndicators[lang];
    case 'budget':
      return UI_TEXT.kindBudget[lang];
    case 'risks':
      return UI_TEXT.kindRisks[lang];
    default:
      return kind;
  }
}

export function severityCount(severity: Severity, count: number, lang: Lang): string {
  if (severity === 'error') return UI_TEXT.errorsCount[lang](count);
  if (severity === 'warning') return UI_TEXT.warningsCount[lang](count);
  return UI_TEXT.infosCount[lang](count);
}

export function filterLabel(severity: Severity, count: number, lang: Lang): string {
  if (severity === 'error') return UI_TEXT.filterErrors[lang](count);
  if (severity === 'warning') return UI_TEXT.filterWarnings[lang](count);
  return UI_TEXT.filterInfos[lang](count);
}

export function severityTotal(report: Report, severity: Severity): number {
  if (severity === 'error') return report.summary.errors;
  if (severity === 'warning') return report.summary.warnings;
  return report.summary.infos;
}

/** The kind of the table whose rows a written column block sits beside (the block spans the table's rows). */
function columnsKind(w: Written, report: Report | undefined): string | null {
  const range = w.range ? parseRangeAddress(w.range) : null;
  if (!range || !report) return null;
  const kinds = new Set<string>();
  for (const t of report.tables) {
    if (t.sheet !== w.sheet) continue;
    const r = parseRangeAddress(t.range);
    if (r && !(r.bottom < range.top || r.top > range.bottom)) kinds.add(t.kind);
  }
  if (kinds.has('indicators')) return 'indicators';
  if (kinds.has('risks')) return 'risks';
  return null;
}

/** One line per thing written: "達成率等欄位已寫入「107關鍵績效指標」J3:L10", "已標示 2 個儲存格（…）". */
export function writtenLines(written: Written[], report: Report | undefined, lang: Lang): string[] {
  const lines: string[] = [];
  const templates: string[] = [];
  for (const w of written) {
    switch (w.what) {
      case 'columns': {
        const kind = columnsKind(w, report);
        const range = w.range ?? '';
        if (kind === 'indicators') lines.push(UI_TEXT.writtenColumnsAchievement[lang](w.sheet, range));
        else if (kind === 'risks') lines.push(UI_TEXT.writtenColumnsRisk[lang](w.sheet, range));
        else lines.push(UI_TEXT.writtenColumns[lang](w.sheet, range));
        break;
      }
      case 'marks':
        lines.push(UI_TEXT.writtenMarks[lang](w.sheet, w.count ?? 0));
        break;
      case 'unmarked':
        lines.push(UI_TEXT.writtenUnmarked[lang](w.sheet, w.count ?? 0));
        break;
      case 'map':
        lines.push(UI_TEXT.writtenMap[lang](w.sheet));
        break;
      case 'template':
        templates.push(w.sheet);
        break;
      case 'findings':
        lines.push(UI_TEXT.writtenFindings[lang](w.sheet));
        break;
      case 'notSet':
        lines.push(UI_TEXT.notSetPageLayout[lang](w.sheet));
        break;
      case 'findingsSkipped':
        lines.push(UI_TEXT.findingsSkipped[lang]);
        break;
    }
  }
  if (templates.length) lines.push(UI_TEXT.writtenTemplate[lang](templates));
  return lines;
}

export type Intent = 'success' | 'warning' | 'error';

/** What happened: the action failed; it ran and found errors; warnings only; all clear (infos allowed). */
export type Outcome = 'failed' | 'errors' | 'warnings' | 'clear';

export interface OutcomeText {
  intent: Intent;
  outcome: Outcome;
  title: string;
  lines: string[];
}

const DONE: Record<ActionKey, keyof typeof UI_TEXT> = {
  validate: 'doneValidate',
  fill: 'doneFill',
  generate: 'doneGenerate',
  clear: 'doneClear',
  template: 'doneTemplate',
};

const FAILED: Record<ActionKey, keyof typeof UI_TEXT> = {
  validate: 'failedValidate',
  fill: 'failedFill',
  generate: 'failedGenerate',
  clear: 'failedClear',
  template: 'failedTemplate',
};

function plain(key: keyof typeof UI_TEXT, lang: Lang): string {
  const t = UI_TEXT[key][lang];
  return typeof t === 'string' ? t : '';
}

/** What the message bar says after an action: what happened, what was written where, or the plain error. */
export function describeOutcome(action: ActionKey, result: ActionResult | null, lang: Lang): OutcomeText {
  if (!result || !result.ok) {
    const message = result?.error?.message || UI_TEXT.unexpectedError[lang];
    return { intent: 'error', outcome: 'failed', title: plain(FAILED[action], lang), lines: [message] };
  }
  const lines = writtenLines(result.written, result.report, lang);
  if (!lines.length) {
    if (action === 'validate') lines.push(UI_TEXT.validateUnchanged[lang]);
    else if (action === 'clear') lines.push(UI_TEXT.noMarksToClear[lang]);
    else lines.push(UI_TEXT.nothingWritten[lang]);
  }
  const done = plain(DONE[action], lang);
  const s = result.report?.summary;
  if (!s) return { intent: 'success', outcome: 'clear', title: done, lines };
  const outcome: Outcome = s.errors > 0 ? 'errors' : s.warnings > 0 ? 'warnings' : 'clear';
  lines.push(UI_TEXT.foundCounts[lang](s.errors, s.warnings, s.infos));
  lines.push(outcome === 'errors' ? UI_TEXT.adviceErrors[lang] : outcome === 'warnings' ? UI_TEXT.adviceWarnings[lang] : UI_TEXT.adviceClear[lang]);
  const intent: Intent = outcome === 'errors' ? 'error' : outcome === 'warnings' ? 'warning' : 'success';
  return { intent, outcome, title: UI_TEXT.titleCounts[lang](done, s.errors, s.warnings), lines };
}
