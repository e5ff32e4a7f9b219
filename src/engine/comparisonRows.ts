/**
 * The comparison with last year's workbook as table rows, in the user's language: a section for risks, one for
 * indicators and one for budgets (per plan, per source, total). The findings sheet, the command line's report
 * and the task pane show these same rows.
 */
import { fmt } from './format';
import { levelName, type Lang } from './messages';
import type { BudgetComparison, Comparison, Movement } from './previousYear';
import { movementMark } from './previousYear';
import type { Report } from './report';
import type { MapComparison } from './heatmap';
import type { RiskRecord } from './risk';

type T = Record<Lang, string>;

export const COMPARE_TEXT = {
  title: { 'zh-TW': '與去年比較', en: 'Compared with last year' },
  previousFile: { 'zh-TW': '去年活頁簿', en: "Last year's workbook" },
  risks: { 'zh-TW': '風險變動', en: 'Risk movement' },
  indicators: { 'zh-TW': '衡量指標與去年', en: 'Indicators against last year' },
  budgetPlans: { 'zh-TW': '各計畫預算變動（千元）', en: 'Budget per plan (千元)' },
  budgetSources: { 'zh-TW': '各經費來源預算變動（千元）', en: 'Budget per source (千元)' },
  id: { 'zh-TW': '編號', en: 'ID' },
  previousId: { 'zh-TW': '去年編號', en: "Last year's ID" },
  risk: { 'zh-TW': '風險項目', en: 'Risk' },
  previousScore: { 'zh-TW': '去年風險值', en: "Last year's R" },
  score: { 'zh-TW': '今年風險值', en: "This year's R" },
  movement: { 'zh-TW': '變動', en: 'Movement' },
  where: { 'zh-TW': '儲存格', en: 'Cell' },
  previousWhere: { 'zh-TW': '去年儲存格', en: "Last year's cell" },
  indicator: { 'zh-TW': '衡量指標', en: 'Indicator' },
  target: { 'zh-TW': '今年目標值', en: "This year's target" },
  previousTarget: { 'zh-TW': '去年目標值', en: "Last year's target" },
  previousActual: { 'zh-TW': '去年實際值', en: "Last year's actual" },
  plan: { 'zh-TW': '計畫', en: 'Plan' },
  source: { 'zh-TW': '經費來源', en: 'Source' },
  previousAmount: { 'zh-TW': '去年', en: 'Last year' },
  amount: { 'zh-TW': '今年', en: 'This year' },
  changePercent: { 'zh-TW': '增減 %', en: 'Change %' },
  total: { 'zh-TW': '合計', en: 'Total' },
  up: { 'zh-TW': '↑ 升高', en: '↑ up' },
  down: { 'zh-TW': '↓ 降低', en: '↓ down' },
  same: { 'zh-TW': '→ 持平', en: '→ same' },
  new: { 'zh-TW': '新增', en: 'new' },
  closed: { 'zh-TW': '已結案', en: 'closed' },
  unknown: { 'zh-TW': '無法比較', en: 'cannot compare' },
  matchedByName: { 'zh-TW': '（依名稱對應，編號已變更）', en: ' (matched by name; renumbered)' },
  closedList: { 'zh-TW': '去年有、今年已結案的風險', en: "Last year's risks now closed" },
  marksLegend: {
    'zh-TW': '編號旁的符號為與去年比較之現有風險值：↑ 升高、↓ 降低、→ 持平、(新) 今年新增',
    en: 'Marks beside an ID compare the current R with last year: ↑ up, ↓ down, → same, (new) new this year',
  },
  // The task pane's "compare with last year's workbook"
  compareButton: { 'zh-TW': '與去年活頁簿比較…', en: "Compare with last year's workbook…" },
  compareHint: {
    'zh-TW': '選擇去年的 .xlsx 檔：只在此窗格內讀取，不會上傳，也不會變更該檔案。',
    en: "Pick last year's .xlsx file: it is read here in the pane, never uploaded, and never changed.",
  },
  comparingWith: { 'zh-TW': '比較對象：', en: 'Comparing with: ' },
  stopComparing: { 'zh-TW': '停止比較', en: 'Stop comparing' },
  readingPrevious: { 'zh-TW': '正在讀取去年的活頁簿…', en: "Reading last year's workbook…" },
  compared: { 'zh-TW': '已與去年的活頁簿比較', en: "Compared with last year's workbook" },
  cannotReadPrevious: { 'zh-TW': '無法讀取去年的活頁簿', en: "Could not read last year's workbook" },
  notXlsx: { 'zh-TW': '這不是 .xlsx 活頁簿；請在 Excel 另存為 .xlsx 後再選一次。', en: 'This is not an .xlsx workbook; save it as .xlsx in Excel and pick it again.' },
  encryptedOrXls: {
    'zh-TW': '這個檔案以密碼加密，或是舊版 .xls 檔；請移除密碼或另存為 .xlsx 後再選一次。',
    en: 'The file is password-encrypted or an old .xls file; remove the password or save it as .xlsx, then pick it again.',
  },
  damagedPrevious: { 'zh-TW': '檔案已損毀或不完整，無法讀取。', en: 'The file is damaged or incomplete and cannot be read.' },
  tooLargePrevious: { 'zh-TW': '檔案太大（上限 200 MB、2,000,000 個儲存格）。', en: 'The file is too large (the limits are 200 MB and 2,000,000 cells).' },
} satisfies Record<string, T>;

export function movementText(m: Movement, lang: Lang): string {
  return COMPARE_TEXT[m][lang];
}

export interface ComparisonSection {
  title: string;
  header: string[];
  rows: (string | number | null)[][];
}

function at(sheet: string | null, cell: string | null): string {
  if (!sheet) return '';
  return cell ? `${sheet}!${cell}` : sheet;
}

function amount(v: number | null): string {
  return v === null ? '' : fmt(v);
}

function pct(v: number | null): string {
  if (v === null) return '';
  // One decimal; two for a change below 0.1% that is not none (+0.04%, not +0.0%).
  const digits = v !== 0 && Math.abs(v) < 0.1 ? 2 : 1;
  return `${v > 0 ? '+' : ''}${v.toFixed(digits)}%`;
}

function budgetRow(b: BudgetComparison, name: string): (string | number | null)[] {
  return [name, amount(b.previous), amount(b.current), pct(b.changePercent), at(b.sheet, b.cell), at(b.previousSheet, b.previousCell)];
}

/** The comparison as sections of rows (header first); [] when the report was made without last year's workbook. */
export function comparisonSections(comparison: Comparison | undefined, lang: Lang): ComparisonSection[] {
  if (!comparison) return [];
  const x = (k: keyof typeof COMPARE_TEXT) => COMPARE_TEXT[k][lang];
  const sections: ComparisonSection[] = [];
  sections.push({
    title: x('risks'),
    header: [x('id'), x('previousId'), x('risk'), x('previousScore'), x('score'), x('movement'), x('where'), x('previousWhere')],
    rows: comparison.risks.map((r) => [
      r.id,
      r.previousId ?? '',
      r.name,
      r.previousScore === null ? '' : `${r.previousScore}${r.previousLevel ? ` ${levelName(r.previousLevel, lang)}` : ''}`,
      r.score === null ? '' : `${r.score}${r.level ? ` ${levelName(r.level, lang)}` : ''}`,
      movementText(r.movement, lang) + (r.matchedBy === 'name' && r.previousId && r.previousId !== r.id ? x('matchedByName') : ''),
      at(r.sheet, r.cell),
      at(r.previousSheet, r.previousCell),
    ]),
  });
  sections.push({
    title: x('indicators'),
    header: [x('indicator'), x('target'), x('previousTarget'), x('previousActual'), x('movement'), x('where'), x('previousWhere')],
    rows: comparison.indicators.map((i) => [
      i.name,
      i.target ?? '',
      i.previousTarget ?? '',
      i.previousActual ?? '',
      i.status === 'matched' ? '' : movementText(i.status, lang),
      at(i.sheet, i.cell),
      at(i.previousSheet, i.previousCell),
    ]),
  });
  const b = comparison.budgets;
  sections.push({
    title: x('budgetPlans'),
    header: [x('plan'), x('previousAmount'), x('amount'), x('changePercent'), x('where'), x('previousWhere')],
    rows: [...b.plans.map((p) => budgetRow(p, p.name)), ...(b.total ? [budgetRow(b.total, x('total'))] : [])],
  });
  if (b.sources.length) {
    sections.push({
      title: x('budgetSources'),
      header: [x('source'), x('previousAmount'), x('amount'), x('changePercent'), x('where'), x('previousWhere')],
      rows: b.sources.map((s) => budgetRow(s, s.name)),
    });
  }
  return sections;
}

/**
 * Rows for the findings sheet (檢核結果): for each section a title row, its header row, its rows, and a blank row.
 * Empty when the report has no comparison.
 */
export function comparisonRows(report: Report, lang: Lang): (string | number | null)[][] {
  const sections = comparisonSections(report.comparison, lang);
  if (!sections.length) return [];
  const out: (string | number | null)[][] = [[COMPARE_TEXT.title[lang]]];
  if (report.comparison?.previousFile) out.push([`${COMPARE_TEXT.previousFile[lang]}${lang === 'zh-TW' ? '：' : ': '}${report.comparison.previousFile}`]);
  for (const s of sections) {
    out.push([s.title], s.header, ...s.rows, []);
  }
  return out;
}

export { movementMark };

const movementIndex = new WeakMap<Comparison, Map<string, Comparison['risks'][number]>>();

/** The movement of this year's risk (by its sheet and ID cell), for the map and the risk columns. */
export function riskMovementOf(comparison: Comparison, risk: RiskRecord) {
  let index = movementIndex.get(comparison);
  if (!index) {
    index = new Map(comparison.risks.filter((r) => r.movement !== 'closed').map((r) => [`${r.sheet}\u0000${r.cell}`, r]));
    movementIndex.set(comparison, index);
  }
  return index.get(`${risk.sheet}\u0000${risk.idCell}`) ?? null;
}

/** The map's marks beside each ID, and the lines under the map: the marks' legend and last year's closed risks. */
export function mapComparison(comparison: Comparison | undefined, lang: Lang): MapComparison | undefined {
  if (!comparison) return undefined;
  const closed = comparison.risks.filter((r) => r.movement === 'closed');
  const sep = lang === 'zh-TW' ? '：' : ': ';
  const notes = [COMPARE_TEXT.marksLegend[lang]];
  if (closed.length) {
    // As the grid's cells do, a long list gives the first 50 and the count.
    const shown = closed.slice(0, 50).map((r) => (r.name ? `${r.id} ${r.name}` : r.id)).join(lang === 'zh-TW' ? '、' : ', ');
    const more = closed.length > 50 ? (lang === 'zh-TW' ? `…（共 ${closed.length} 項）` : `… (${closed.length} in all)`) : '';
    notes.push(`${COMPARE_TEXT.closedList[lang]}${sep}${shown}${more}`);
  }
  return {
    mark: (risk) => movementMark(riskMovementOf(comparison, risk)?.movement, lang),
    notes,
  };
}

/** The text of the risk columns' 與去年比較 cell: `↑（去年 P1 R=3）`, `(新)`. */
export function riskMovementCell(comparison: Comparison, risk: RiskRecord, lang: Lang): string {
  const m = riskMovementOf(comparison, risk);
  if (!m) return '';
  if (m.movement === 'new') return movementText('new', lang);
  const prev = `${m.previousId ?? ''} R=${m.previousScore ?? '?'}`.trim();
  return lang === 'zh-TW' ? `${movementText(m.movement, lang)}（去年 ${prev}）` : `${movementText(m.movement, lang)} (last year ${prev})`;
}

export const MOVEMENT_HEADER = { 'zh-TW': '與去年比較', en: 'vs last year' } as const;
