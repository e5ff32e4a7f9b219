/** The readable report printed by `plancheck validate` and `plancheck fill`. */
import { joinList, Lang, levelName, reasonText, severityName, statusName } from '../engine/messages';
import { scaleSources, type Report, type ReportScale } from '../engine/report';
import { RISK_LEVELS } from '../engine/settings';
import { fmt } from '../engine/format';
import { CLI, KIND_NAMES, t } from './texts';
import { comparisonSections } from '../engine/comparisonRows';

function pct(rate: number): string {
  return `${(rate * 100).toFixed(1)}%`;
}

const SOURCE_TEXT = { likelihood: CLI.likelihoodTable, impact: CLI.impactTable, lines: CLI.levelLines };

/** `風險矩陣 5 × 5（依活頁簿的可能性評量表「風險」A2、…）`: the matrix used, and the workbook's tables that decided it. */
function matrixLine(scale: ReportScale, lang: Lang, q: (s: string) => string): string {
  const at = (x: { sheet: string; cell: string }) => `${q(x.sheet)}${lang === 'zh-TW' ? '' : ' '}${x.cell}`;
  const from = scaleSources(scale).map((x) => t(SOURCE_TEXT[x.table], lang, at(x)));
  const source = from.length ? t(CLI.matrixFrom, lang, joinList(from, lang)) : t(CLI.matrixFromSettings, lang);
  return t(CLI.matrix, lang, scale.size, source);
}

/** Characters a batch of lines holds before it is written (writeLines). */
const BATCH_CHARS = 1 << 16;

/**
 * Writes lines through `out` (which ends each call with a line break) a batch at a time: the output is the same as
 * one call with the lines joined, without the whole text ever held at once.
 */
export function writeLines(out: (s: string) => void, lines: Iterable<string>): void {
  let batch: string[] = [];
  let n = 0;
  for (const line of lines) {
    batch.push(line);
    n += line.length + 1;
    if (n >= BATCH_CHARS) {
      out(batch.join('\n'));
      batch = [];
      n = 0;
    }
  }
  if (batch.length) out(batch.join('\n'));
}

/**
 * The text report's lines, made as they are asked for: a plan of 100,000 rows has some 166,000 of them (about
 * 10 MB), written out a batch at a time (writeLines) instead of being joined into one string first.
 */
export function* reportLines(report: Report, file: string, lang: Lang): Generator<string> {
  const q = (s: string) => (lang === 'zh-TW' ? `「${s}」` : `"${s}"`);
  const colon = lang === 'zh-TW' ? '：' : ': ';
  yield t(CLI.reportTitle, lang, file);
  yield '';

  if (report.tables.length) {
    yield t(CLI.tablesFound, lang, report.tables.length);
    for (const tb of report.tables) yield `  ${(KIND_NAMES[tb.kind]?.[lang] ?? tb.kind).padEnd(lang === 'zh-TW' ? 6 : 11)} ${q(tb.sheet)} ${tb.range}`;
  } else yield t(CLI.noTables, lang);
  yield '';

  const s = report.summary;
  if (report.issues.length) {
    yield t(CLI.problems, lang, s.errors, s.warnings, s.infos);
    let sheet: string | null = null;
    for (const i of report.issues) {
      if (i.sheet !== sheet) {
        sheet = i.sheet;
        yield `  ${q(i.sheet)}`;
      }
      yield `    ${severityName(i.severity, lang)} ${i.cell || '-'} ${i.code}`;
      yield `      ${i.message}`;
    }
  } else yield t(CLI.noProblems, lang);
  yield '';

  if (report.indicators.length) {
    const a = s.achievement;
    yield t(CLI.achievement, lang, report.indicators.length, a.met, a.not_met, a.unknown);
    for (const i of report.indicators) {
      yield `  ${q(i.sheet)} ${t(CLI.rowOf, lang, i.row)}  ${i.name}`;
      yield `    ${t(CLI.targetActual, lang, i.target || '-', i.actual || '-')}`;
      let status = statusName(i.status, lang);
      if (i.achievementRate !== null) status = `${t(CLI.rate, lang, pct(i.achievementRate))}，${status}`.replace('，', lang === 'zh-TW' ? '，' : ', ');
      if (i.reason) status += ` (${reasonText(i.reason, lang)})`;
      yield `    ${status}`;
      // How the rate was computed, with its numbers (the 達成說明 that fill writes).
      if (i.status !== 'unknown' && i.explanation) yield `    ${i.explanation}`;
    }
    yield '';
  }

  if (report.risks.length) {
    yield t(CLI.risks, lang, report.risks.length);
    const line = (label: string, counts: Record<string, number>) =>
      `  ${label}${colon}` + [...RISK_LEVELS].reverse().map((l) => `${levelName(l, lang)} ${counts[l]}`).join(lang === 'zh-TW' ? '、' : ', ');
    yield line(t(CLI.current, lang), s.riskLevels as unknown as Record<string, number>);
    yield line(t(CLI.residual, lang), s.residualRiskLevels as unknown as Record<string, number>);
    yield `  ${matrixLine(report.scale, lang, q)}`;
    for (const r of report.risks) {
      const res = r.residual ? ` → ${t(CLI.residual, lang)} R=${r.residual.score ?? '?'}${r.residual.level ? ` ${levelName(r.residual.level, lang)}` : ''}` : '';
      yield `  ${r.id}  L=${r.likelihood ?? '?'} I=${r.impact ?? '?'} R=${r.score ?? '?'}${r.level ? ` ${levelName(r.level, lang)}` : ''}${res}  ${r.name}`;
    }
    yield '';
  }

  if (report.budgets.length) {
    yield t(CLI.budgets, lang);
    for (const b of report.budgets) {
      let line = `  ${q(b.sheet)} ${b.range}  ${t(CLI.budgetLine, lang, fmt(b.total), b.unit ?? "千元")}`;
      if (b.central !== null || b.city !== null) line += `（中央 ${fmt(b.central ?? 0)}、本府 ${fmt(b.city ?? 0)}）`;
      yield line;
      const src = Object.entries(b.bySource);
      if (src.length) yield `    ${t(CLI.bySource, lang)}${colon}` + src.map(([k, v]) => `${k} ${fmt(v)}`).join(lang === 'zh-TW' ? '、' : ', ');
    }
    yield '';
  }

  // Against last year's workbook (--previous): each section's rows, the cells last.
  const sections = comparisonSections(report.comparison, lang);
  if (sections.length) {
    yield t(CLI.comparedWith, lang, report.comparison?.previousFile ?? '');
    for (const sec of sections) {
      if (!sec.rows.length) continue;
      yield `  ${sec.title}${colon}`;
      yield `    ${sec.header.join(' | ')}`;
      for (const row of sec.rows) yield `    ${row.map((v) => (v === null ? '' : String(v))).join(' | ')}`;
    }
    yield '';
  }

  yield t(CLI.summary, lang, s.errors, s.warnings);
}
