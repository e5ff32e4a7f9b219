/**
 * Every text the user reads, in zh-TW and en: issue messages (what is wrong, what was expected, what to do),
 * the computed columns' headers, statuses, level names, and the risk map's words. One table for the engine,
 * the command line and the task pane.
 */
import type { AchievementReason, AchievementStatus } from './achievement';
import type { IssueCode, IssueParams, Severity } from './issues';
import type { RiskLevel } from './settings';
import { ROLE_NAMES, Role } from './tables/vocabulary';

export type Lang = 'zh-TW' | 'en';

type P = IssueParams;
type Msg = (p: P) => string;

const which = (p: P, zh: boolean) => (p.which === 'residual' ? (zh ? '殘餘' : 'residual ') : zh ? '現有' : 'current ');
const what: Record<string, [string, string]> = {
  target: ['目標值', 'target'],
  actual: ['實際值', 'actual'],
  amount: ['金額', 'amount'],
};
const KINDS: Record<string, { 'zh-TW': string; en: string }> = {
  indicators: { 'zh-TW': '衡量指標表', en: 'indicator' },
  budget: { 'zh-TW': '預算表', en: 'budget' },
  risks: { 'zh-TW': '風險評估表', en: 'risk' },
};
const column: Record<string, [string, string]> = {
  central: ['中央', '中央 (central)'],
  city: ['本府', '本府 (city)'],
  total: ['合計', '合計 (total)'],
};

/** A list the engine joined with 、 (numbering, amounts in the text), joined the English way. */
const enList = (v: unknown) => String(v ?? '').split('、').join(', ');

export const ISSUE_MESSAGES: Record<IssueCode, { 'zh-TW': Msg; en: Msg }> = {
  READ_UNREADABLE_NUMBER: {
    'zh-TW': (p) => `無法將「${p.text}」讀成${(what[p.what] ?? what.amount)[0]}數字。請改寫成數字，例如 14,000、326.8、-0.5%。`,
    en: (p) => `Cannot read "${p.text}" as a number (${(what[p.what] ?? what.amount)[1]}). Write it as a number such as 14,000, 326.8 or -0.5%.`,
  },
  READ_ERROR_VALUE: {
    'zh-TW': (p) => `儲存格是 Excel 錯誤值 ${p.text}，無法檢核。請修正公式或改填數值。`,
    en: (p) => `The cell holds the Excel error ${p.text} and cannot be checked. Fix the formula or enter a value.`,
  },
  READ_FORMULA_WITHOUT_VALUE: {
    'zh-TW': (p) => `公式 ${p.text} 沒有已計算的結果。請在 Excel 中開啟並存檔一次，讓公式重新計算。`,
    en: (p) => `The formula ${p.text} has no calculated result saved. Open and save the workbook in Excel once so it is calculated.`,
  },
  TABLE_DUPLICATE_COLUMN: {
    'zh-TW': (p) => `欄名「${p.header}」重複出現；只讀取第一欄。請刪除或改名重複的欄位。`,
    en: (p) => `The column "${p.header}" appears twice; only the first one is read. Remove or rename the duplicate.`,
  },
  TABLE_NONE_FOUND: {
    'zh-TW': () => `活頁簿中找不到衡量指標、預算或風險評估表。表頭需含有如「衡量指標」「預算金額 (千元)」「風險項目、可能性 (L)、影響程度 (I)」等欄名；可用 plancheck template 產生範本。`,
    en: () => `No indicator, budget or risk table was found. Headers need words such as 衡量指標 (indicator), 預算金額 (千元) (budget) or 風險項目 + 可能性 (L) + 影響程度 (I) (risk); \`plancheck template\` makes a blank plan.`,
  },
  TABLE_NO_DATA: {
    'zh-TW': (p) => `${(KINDS[p.kind] ?? KINDS.indicators)['zh-TW']}只有表頭，沒有資料列。請在表頭下方填入資料。`,
    en: (p) => `The ${(KINDS[p.kind] ?? KINDS.indicators).en} table has headers but no rows. Fill in rows under the header.`,
  },
  IND_WEIGHT_SUM: {
    'zh-TW': (p) => `策略績效目標「${p.goal}」權重為 ${p.goalWeight}%，但其衡量指標權重合計為 ${p.sum}%（${p.parts}）。請調整使兩者相等。`,
    en: (p) => `Goal "${p.goal}" weighs ${p.goalWeight}%, but its indicators add up to ${p.sum}% (${p.parts}). Make them equal.`,
  },
  IND_GOAL_WEIGHT_TOTAL: {
    'zh-TW': (p) => `策略績效目標權重合計為 ${p.total}%（${p.parts}），不是 100%。若其餘權重屬於未列入本表的目標，可忽略此提醒。`,
    en: (p) => `Goal weights add up to ${p.total}% (${p.parts}), not 100%. If the rest belongs to goals outside this table, this can be ignored.`,
  },
  IND_TARGET_MISSING: {
    'zh-TW': (p) => `衡量指標「${p.indicator}」沒有年度目標值。請填入目標值。`,
    en: (p) => `Indicator "${p.indicator}" has no target. Enter its target.`,
  },
  IND_TARGET_UNSTATED: {
    'zh-TW': (p) => `衡量指標「${p.indicator}」的衡量標準中找不到目標數值，表中也沒有「年度目標值」欄。請加上目標值欄或在衡量標準寫明數值。`,
    en: (p) => `No target number was found in the standard of indicator "${p.indicator}", and the table has no target column. Add a 年度目標值 (target) column or state the number.`,
  },
  NUMBERING_GAP: {
    'zh-TW': (p) => `編號由「${p.previous}」跳到「${p.marker}」，缺少 ${p.missing}。請確認是否漏列或編號有誤。`,
    en: (p) => `Numbering jumps from "${p.previous}" to "${p.marker}"; ${enList(p.missing)} ${String(p.missing).includes('、') ? 'are' : 'is'} missing. Check for a missing row or a wrong number.`,
  },
  NUMBERING_REPEAT: {
    'zh-TW': (p) => `編號「${p.marker}」重複。請確認編號。`,
    en: (p) => `The number "${p.marker}" is used twice. Check the numbering.`,
  },
  IND_TARGET_STEP: {
    'zh-TW': (p) =>
      `目標值 ${p.target} 與基準值 ${p.baseline} 及逐年 ${p.step} 不符：依此推算應為 ${p.expected}${Number(p.years) > 1 ? `（${p.years} 年）` : ''}。請更正目標值或基準值。`,
    en: (p) =>
      `Target ${p.target} does not follow the baseline ${p.baseline} with a yearly step of ${p.step}: expected ${p.expected}${Number(p.years) > 1 ? ` (${p.years} years)` : ''}. Correct the target or the baseline.`,
  },
  IND_ACHIEVEMENT_UNKNOWN: {
    'zh-TW': (p) => `衡量指標「${p.indicator}」無法計算達成率：${reasonText(p.reason as AchievementReason, 'zh-TW')}`,
    en: (p) => `Cannot compute the achievement of "${p.indicator}": ${reasonText(p.reason as AchievementReason, 'en')}`,
  },
  PROSE_TARGET_STEP: {
    'zh-TW': (p) => `文中目標不符：「${p.sentence}」以基準 ${p.baseline} 逐年 ${p.step}${Number(p.years) > 1 ? `（${p.years} 年）` : ''}推算，${p.targetYear ? p.targetYear + ' 年' : ''}目標值應約為 ${p.expected}，文中寫 ${p.target}。請更正目標值或基準。`,
    en: (p) => `A target in the text does not follow: "${p.sentence}" — the baseline ${p.baseline} with a yearly step of ${p.step}${Number(p.years) > 1 ? ` over ${p.years} years` : ''} gives about ${p.expected}, but the text says ${p.target}. Correct the target or the baseline.`,
  },
  PROSE_DIFFERENCE: {
    'zh-TW': (p) => `文中差額不符：「${p.sentence}」${p.a} 與 ${p.b} 相差 ${p.points}${String(p.a).endsWith('%') ? ' 個百分點' : ''}${p.relative !== '—' ? `（相對變動 ${p.relative}）` : ''}，文中寫${p.word} ${p.stated}。請更正數字。`,
    en: (p) => `A difference in the text does not add up: "${p.sentence}" — ${p.a} against ${p.b} is ${p.points}${String(p.a).endsWith('%') ? ' percentage points' : ''}${p.relative !== '—' ? ` (a relative change of ${p.relative})` : ''}, but the text says ${p.stated}. Correct the numbers.`,
  },
  BUD_ROW_TOTAL: {
    'zh-TW': (p) => `中央 ${p.central} + 本府 ${p.city} = ${p.sum}，但合計寫的是 ${p.total}（${p.unit ?? '千元'}）。請更正合計或各欄金額。`,
    en: (p) => `中央 ${p.central} + 本府 ${p.city} = ${p.sum}, but 合計 (total) says ${p.total} (${p.unit ?? '千元'}). Correct the total or the amounts.`,
  },
  BUD_COLUMN_TOTAL: {
    'zh-TW': (p) => `${(column[p.column] ?? column.total)[0]}欄各列加總為 ${p.sum}，但總計列寫的是 ${p.total}（相差 ${p.difference} ${p.unit ?? '千元'}）。請檢查各列金額或總計。`,
    en: (p) => `The ${(column[p.column] ?? column.total)[1]} column adds up to ${p.sum}, but the 總計 row says ${p.total} (a difference of ${p.difference} ${p.unit ?? '千元'}). Check the rows or the total.`,
  },
  BUD_TEXT_AMOUNT: {
    'zh-TW': (p) => `實施內容載明的金額（${p.texts}）合計 ${p.stated} ${p.unit ?? '千元'}，但預算欄為 ${p.cell} ${p.unit ?? '千元'}。請更正文字或金額。`,
    en: (p) => `The text states ${enList(p.texts)}, ${p.stated} ${p.unit ?? '千元'} in all, but the budget cell says ${p.cell} ${p.unit ?? '千元'}. Correct the text or the amount.`,
  },
  BUD_SUBTOTAL: {
    'zh-TW': (p) => `上方各列加總為 ${p.sum}，但小計寫的是 ${p.total}（${p.unit ?? '千元'}）。請檢查各列金額或小計。`,
    en: (p) => `The rows above add up to ${p.sum}, but the 小計 (subtotal) says ${p.total} (${p.unit ?? '千元'}). Check the rows or the subtotal.`,
  },
  BUD_REPEATED_AMOUNT: {
    'zh-TW': (p) => `接續列重複了同一計畫的金額 ${p.amount} ${p.unit ?? '千元'}，合計時只計一次。`,
    en: (p) => `This continuation row repeats the plan's amount ${p.amount} ${p.unit ?? '千元'}; it is counted once in the sums.`,
  },
  BUD_UNIT_CONFLICT: {
    'zh-TW': (p) => `金額單位不一致：「${p.text}」為${p.unit}，但 ${p.otherCell}「${p.otherText}」為${p.otherUnit}。本表以${p.unit}計算；請改成同一單位。`,
    en: (p) => `The amount unit disagrees: "${p.text}" says ${p.unit}, but ${p.otherCell} "${p.otherText}" says ${p.otherUnit}. The table is computed in ${p.unit}; make them the same.`,
  },
  TABLE_UNKNOWN_COLUMN: {
    'zh-TW': (p) =>
      p.role
        ? `「${p.header}」不是可辨識的欄名，未讀取；看起來像${roleName(p.role, 'zh-TW')}。若是，請將欄名改為「${p.roleHeader}」，或在設定中把「${p.header}」對應到${roleName(p.role, 'zh-TW')}。`
        : `「${p.header}」不是可辨識的欄名，未讀取。若要檢核此欄，請改用範本的欄名，或在設定中指定它的用途。`,
    en: (p) =>
      p.role
        ? `"${p.header}" is not a known column header and was not read; it looks like the ${roleName(p.role, 'en')}. If it is, rename it "${p.roleHeader}" or map "${p.header}" to ${p.role} in the settings.`
        : `"${p.header}" is not a known column header and was not read. To have it checked, use the template's header or map it to a role in the settings.`,
  },
  RISK_LIKELIHOOD_RANGE: {
    'zh-TW': (p) => `${which(p, true)}可能性 (L)「${p.text}」不在 1 到 ${p.scale} 之間。請填 1 到 ${p.scale} 的整數。`,
    en: (p) => `The ${which(p, false)}likelihood (L) "${p.text}" is not between 1 and ${p.scale}. Enter a whole number from 1 to ${p.scale}.`,
  },
  RISK_IMPACT_RANGE: {
    'zh-TW': (p) => `${which(p, true)}影響程度 (I)「${p.text}」不在 1 到 ${p.scale} 之間。請填 1 到 ${p.scale} 的整數。`,
    en: (p) => `The ${which(p, false)}impact (I) "${p.text}" is not between 1 and ${p.scale}. Enter a whole number from 1 to ${p.scale}.`,
  },
  RISK_VALUE_MISSING: {
    'zh-TW': (p) => `風險「${p.risk}」缺少${which(p, true)}${p.value === 'L' ? '可能性 (L)' : '影響程度 (I)'}。請填入 1 到 ${p.scale} 的等級。`,
    en: (p) => `Risk "${p.risk}" has no ${which(p, false)}${p.value === 'L' ? 'likelihood (L)' : 'impact (I)'}. Enter its level, 1 to ${p.scale}.`,
  },
  RISK_SCORE_MISMATCH: {
    'zh-TW': (p) => `${which(p, true)}風險值寫的是 ${p.written}，但 L × I = ${p.l} × ${p.i} = ${p.score}。請更正風險值。`,
    en: (p) => `The ${which(p, false)}risk score says ${p.written}, but L × I = ${p.l} × ${p.i} = ${p.score}. Correct the score.`,
  },
  RISK_LEVEL_MISMATCH: {
    'zh-TW': (p) => `${which(p, true)}風險等級寫的是「${p.written}」，但風險值 ${p.score} 屬於${levelName(p.level as RiskLevel, 'zh-TW')}風險。請更正等級。`,
    en: (p) => `The ${which(p, false)}risk level says "${p.written}", but a score of ${p.score} is ${levelName(p.level as RiskLevel, 'en')}. Correct the level.`,
  },
  RISK_ID_DUPLICATE: {
    'zh-TW': (p) => `風險編號 ${p.id} 重複（已用於 ${p.first}）。請給每個風險不同的編號。`,
    en: (p) => `Risk ID ${p.id} is used twice (first at ${p.first}). Give every risk its own ID.`,
  },
  RISK_ID_MISSING: {
    'zh-TW': (p) => `風險「${p.risk}」沒有編號（如 P1）；風險圖像中以 ${p.id} 代表。請在風險項目前加上編號。`,
    en: (p) => `Risk "${p.risk}" has no ID (such as P1); the risk map shows it as ${p.id}. Put an ID before the risk's name.`,
  },
  RISK_RESIDUAL_ABOVE_CURRENT: {
    'zh-TW': (p) => `風險 ${p.id} 的殘餘風險值 ${p.residual} 高於現有風險值 ${p.current}；新增對策後風險不應升高。請檢查殘餘 L 與 I。`,
    en: (p) => `Risk ${p.id}: the residual score ${p.residual} is above the current score ${p.current}; new countermeasures should not raise a risk. Check the residual L and I.`,
  },
  RISK_NEEDS_COUNTERMEASURE: {
    'zh-TW': (p) => `風險 ${p.id} 的風險值為 ${p.score}（≥ ${p.threshold}），必須研擬新增風險對策。請填寫新增風險對策。`,
    en: (p) => `Risk ${p.id} scores ${p.score} (≥ ${p.threshold}) and needs a new countermeasure. Fill in 新增風險對策.`,
  },
  RISK_RESIDUAL_ABOVE_TOLERANCE: {
    'zh-TW': (p) => `風險 ${p.id} 的殘餘風險值 ${p.score} 仍高於可容忍值 ${p.tolerance}。請考慮再加強對策。`,
    en: (p) => `Risk ${p.id}: the residual score ${p.score} is still above the tolerance line ${p.tolerance}. Consider further countermeasures.`,
  },
  RISK_SCALE_MISMATCH: {
    'zh-TW': (p) => `風險可能性評量表有 ${p.likelihood} 級，影響程度評量標準表卻有 ${p.impact} 級；本次以 ${Math.max(Number(p.likelihood), Number(p.impact))} 級檢核。請讓兩表級數一致。`,
    en: (p) => `The likelihood table has ${p.likelihood} levels but the impact table ${p.impact}; checked on ${Math.max(Number(p.likelihood), Number(p.impact))} levels. Give both the same number of levels.`,
  },
  SETTINGS_IGNORED: {
    'zh-TW': (p) => `設定「${p.field || '（整份設定）'}」的值 ${p.value} 無法使用，已改用預設值。`,
    en: (p) => `The setting "${p.field || '(all settings)'}" has the value ${p.value}, which cannot be used; the default applies.`,
  },
  WRITE_FINDINGS_SHEET_RENAMED: {
    'zh-TW': (p) => `已有使用者自建的「${p.wanted}」工作表，檢核結果改寫在「${p.used}」，原工作表未變動。`,
    en: (p) => `A sheet of your own is named "${p.wanted}"; the findings were written to "${p.used}" instead and yours is unchanged.`,
  },
  XT_RISK_PLAN_UNMATCHED: {
    'zh-TW': (p) => `重要計畫項目「${p.project}」在計畫及預算表（${p.tables}）中找不到對應的計畫。請確認計畫名稱是否一致，或補上該計畫。`,
    en: (p) => `The project "${p.project}" names no plan of the plan and budget tables (${p.tables}). Check that the plan's name is the same, or add the plan.`,
  },
  XT_AMOUNT_MISMATCH: {
    'zh-TW': (p) => `計畫「${p.plan}」在本表的預算金額為 ${p.amount} 千元，但在「${p.otherSheet}」${p.otherCell} 為 ${p.otherAmount} 千元。請更正其中一處，使兩表一致。`,
    en: (p) => `Plan "${p.plan}" has ${p.amount} 千元 here, but ${p.otherAmount} 千元 in "${p.otherSheet}" ${p.otherCell}. Correct one of them so that the tables agree.`,
  },
  XT_BUDGET_WITHOUT_INDICATOR: {
    'zh-TW': (p) => `計畫「${p.plan}」有編列預算，但衡量指標表（${p.tables}）中沒有它的指標。`,
    en: (p) => `Plan "${p.plan}" has a budget, but the indicator table (${p.tables}) has no indicator for it.`,
  },
  XT_INDICATOR_WITHOUT_BUDGET: {
    'zh-TW': (p) => `計畫「${p.plan}」有衡量指標，但預算表（${p.tables}）中沒有它的預算。`,
    en: (p) => `Plan "${p.plan}" has an indicator, but no budget in the budget table (${p.tables}).`,
  },
  PREV_RISK_STILL_HIGH: {
    'zh-TW': (p) => `風險 ${p.id} 連續兩年風險值 ≥ ${p.threshold}（去年 ${p.previousScore}，見去年「${p.previousSheet}」${p.previousCell}；今年 ${p.score}），但新增風險對策${p.empty ? '空白' : '與去年相同'}。請研擬新的對策。`,
    en: (p) => `Risk ${p.id} has scored ${p.threshold} or more two years running (last year ${p.previousScore}, last year's "${p.previousSheet}" ${p.previousCell}; this year ${p.score}), and its new countermeasure is ${p.empty ? 'empty' : "last year's"}. Plan a new countermeasure.`,
  },
  PREV_TARGET_BELOW_ACTUAL: {
    'zh-TW': (p) =>
      p.lower
        ? `衡量指標「${p.indicator}」越低越好，但今年目標值 ${p.target} 高於去年實際值 ${p.previousActual}（去年「${p.previousSheet}」${p.previousCell}）。請確認目標是否應降低。`
        : `衡量指標「${p.indicator}」今年目標值 ${p.target} 低於去年實際值 ${p.previousActual}（去年「${p.previousSheet}」${p.previousCell}）。請確認目標是否應提高。`,
    en: (p) =>
      p.lower
        ? `"${p.indicator}" is lower-is-better, but its target ${p.target} is above last year's actual ${p.previousActual} (last year's "${p.previousSheet}" ${p.previousCell}). Check whether the target should be lower.`
        : `The target ${p.target} of "${p.indicator}" is below last year's actual ${p.previousActual} (last year's "${p.previousSheet}" ${p.previousCell}). Check whether the target should be raised.`,
  },
  PREV_TARGET_BELOW_TARGET: {
    'zh-TW': (p) => `衡量指標「${p.indicator}」的衡量標準寫「${p.words}」，但今年目標值 ${p.target} ${p.lower ? '高於' : '低於'}去年目標值 ${p.previousTarget}（去年「${p.previousSheet}」${p.previousCell}）。請更正目標值。`,
    en: (p) => `The standard of "${p.indicator}" says ${p.words} (${p.lower ? 'lower' : 'higher'} every year), but the target ${p.target} is ${p.lower ? 'above' : 'below'} last year's target ${p.previousTarget} (last year's "${p.previousSheet}" ${p.previousCell}). Correct the target.`,
  },
  WRITE_MAP_SHEET_RENAMED: {
    'zh-TW': (p) => `已有使用者自建的「${p.wanted}」工作表，風險圖像改寫在「${p.used}」，原工作表未變動。`,
    en: (p) => `A sheet of your own is named "${p.wanted}"; the risk map was written to "${p.used}" instead and yours is unchanged.`,
  },
  WRITE_OUTPUT_KEPT: {
    'zh-TW': (p) => `${p.range} 是 plancheck 上次寫入的結果，但其中 ${p.count} 格（${p.cells}）已被修改；這些儲存格保留原樣、不清除，新的結果寫在旁邊。`,
    en: (p) => `${p.range} holds what plancheck wrote last time, but ${p.count} cell(s) (${p.cells}) were changed since; they are kept as they are, and the new results are written beside them.`,
  },
  WRITE_NO_ROOM: {
    'zh-TW': (p) => `此表格右側沒有 ${p.count} 欄空白欄位可寫入計算結果（${p.columns}）；結果只在報告中。請在表格右側留出空白欄位。`,
    en: (p) => `There are not ${p.count} free columns right of this table for the computed results (${p.columns}); they are in the report only. Leave empty columns right of the table.`,
  },
};

function roleName(role: string | number, lang: Lang): string {
  return ROLE_NAMES[role as Role]?.[lang] ?? String(role);
}

export function issueMessage(code: IssueCode, params: IssueParams, lang: Lang): string {
  return ISSUE_MESSAGES[code][lang](params);
}

const LEVEL_NAMES: Record<RiskLevel, { 'zh-TW': string; en: string }> = {
  low: { 'zh-TW': '低度', en: 'low' },
  medium: { 'zh-TW': '中度', en: 'medium' },
  high: { 'zh-TW': '高度', en: 'high' },
  extreme: { 'zh-TW': '極度', en: 'extreme' },
};

export function levelName(level: RiskLevel, lang: Lang): string {
  return LEVEL_NAMES[level]?.[lang] ?? String(level);
}

const LEVEL_ACTIONS: Record<RiskLevel, { 'zh-TW': string; en: string }> = {
  extreme: { 'zh-TW': '需立即採取處理行動消除或降低其風險。', en: 'act at once to remove or lower the risk.' },
  high: { 'zh-TW': '需研擬對策消除或降低其風險。', en: 'plan countermeasures to remove or lower the risk.' },
  medium: { 'zh-TW': '仍需進行控管活動降低其風險。', en: 'keep control activities to lower the risk.' },
  low: { 'zh-TW': '不需執行特定活動降低其風險。', en: 'no specific activity is needed.' },
};

export function levelAction(level: RiskLevel, lang: Lang): string {
  return LEVEL_ACTIONS[level][lang];
}

const REASONS: Record<AchievementReason, { 'zh-TW': string; en: string }> = {
  no_target: { 'zh-TW': '沒有目標值。', en: 'there is no target.' },
  no_actual: { 'zh-TW': '尚無實際值。', en: 'there is no actual value yet.' },
  unreadable_target: { 'zh-TW': '目標值無法讀成數字。', en: 'the target cannot be read as a number.' },
  unreadable_actual: { 'zh-TW': '實際值無法讀成數字。', en: 'the actual value cannot be read as a number.' },
  target_zero: { 'zh-TW': '目標變動率為 0%，無法相除。', en: 'the target change is 0%, which cannot be divided by.' },
  target_not_positive: { 'zh-TW': '目標值不是正數，無法以比率計算。', en: 'the target is not a positive number, so no ratio can be computed.' },
  units_differ: {
    'zh-TW': '目標值與實際值單位不同（一個是百分比，一個不是）。請用相同單位填寫。',
    en: 'the target and the actual are in different units (one is a percentage, the other is not). Use the same unit.',
  },
  actual_zero: { 'zh-TW': '實際值為 0，已達成（不計算比率）。', en: 'the actual is 0: met (no ratio computed).' },
  opposite_direction: { 'zh-TW': '實際變動方向與目標相反。', en: 'the actual moved in the opposite direction to the target.' },
  no_baseline: {
    'zh-TW': '目標是變動，實際值是水準（或相反），但找不到基準值可以換算。請在衡量標準寫明基準（如「以110年…為基準」「為基準(80.20%)」）或加上基準值欄。',
    en: 'the target is a change and the actual a level (or the other way round), and there is no baseline to convert with. State the baseline in the standard (以110年…為基準, 為基準(80.20%)) or add a 基準值 (baseline) column.',
  },
  baseline_zero: { 'zh-TW': '基準值為 0，無法計算相對變動率。', en: 'the baseline is 0, so no relative change can be computed.' },
};

export function reasonText(reason: AchievementReason | undefined, lang: Lang): string {
  return reason ? REASONS[reason]?.[lang] ?? reason : '';
}

const STATUS: Record<AchievementStatus, { 'zh-TW': string; en: string }> = {
  met: { 'zh-TW': '達成', en: 'Met' },
  not_met: { 'zh-TW': '未達成', en: 'Not met' },
  unknown: { 'zh-TW': '無法計算', en: 'Cannot compute' },
};

export function statusName(s: AchievementStatus, lang: Lang): string {
  return STATUS[s][lang];
}

const SEVERITY: Record<Severity, { 'zh-TW': string; en: string }> = {
  error: { 'zh-TW': '錯誤', en: 'error' },
  warning: { 'zh-TW': '警告', en: 'warning' },
  info: { 'zh-TW': '說明', en: 'note' },
};

export function severityName(s: Severity, lang: Lang): string {
  return SEVERITY[s][lang];
}

/** Fixed texts: computed column headers, the risk map, the report. */
export const TEXT = {
  achievementRate: { 'zh-TW': '達成率', en: 'Achievement rate' },
  achievementStatus: { 'zh-TW': '達成狀態', en: 'Achievement status' },
  achievementNote: { 'zh-TW': '達成說明', en: 'Achievement note' },
  riskScore: { 'zh-TW': '風險值 (R)', en: 'Risk score (R)' },
  riskLevel: { 'zh-TW': '風險等級', en: 'Risk level' },
  residualScore: { 'zh-TW': '殘餘風險值 (R)', en: 'Residual score (R)' },
  residualLevel: { 'zh-TW': '殘餘風險等級', en: 'Residual level' },
  mapSheet: { 'zh-TW': '風險圖像', en: '風險圖像' },
  mapTitle: { 'zh-TW': '風險圖像', en: 'Risk map (風險圖像)' },
  currentMap: { 'zh-TW': '現有風險圖像', en: 'Current risk' },
  residualMap: { 'zh-TW': '殘餘風險圖像', en: 'Residual risk' },
  corner: { 'zh-TW': '影響程度 ╲ 可能性', en: 'Impact ╲ Likelihood' },
  legend: { 'zh-TW': '風險等級說明', en: 'Levels' },
  results: { 'zh-TW': '評估結果如下：', en: 'Results:' },
  noRisks: { 'zh-TW': '（沒有可繪製的風險）', en: '(no risks to draw)' },
  capNote: {
    'zh-TW': (cap: number) => `達成率顯示上限為 ${Math.round(cap * 100)}%，完整數值見報告。`,
    en: (cap: number) => `Achievement rates are shown capped at ${Math.round(cap * 100)}%; the report has the full value.`,
  },
  source: { 'zh-TW': '資料來源', en: 'Source' },
} as const;

export function levelRange(level: RiskLevel, min: number, max: number, lang: Lang): string {
  const r = min === max ? `${min}` : `${min}~${max}`;
  return lang === 'zh-TW' ? `${levelName(level, lang)}風險(R=${r})：${levelAction(level, lang)}` : `${capitalize(levelName(level, lang))} risk (R=${r}): ${levelAction(level, lang)}`;
}

/** `低度風險：2項(33.3%)` */
export function levelCount(level: RiskLevel, count: number, total: number, lang: Lang): string {
  const share = total ? ((count / total) * 100).toFixed(1) : '0.0';
  return lang === 'zh-TW' ? `${levelName(level, lang)}風險：${count}項(${share}%)` : `${capitalize(levelName(level, lang))} risk: ${count} (${share}%)`;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
export { UI_TEXT } from './uiText';

/** `1 warning`, `2 warnings` (English); the count and the noun in zh-TW need no plural. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** A list in the language's own way: 「甲」、「乙」 in zh-TW, `a, b` in English. */
export function joinList(items: readonly string[], lang: Lang): string {
  return items.join(lang === 'zh-TW' ? '、' : ', ');
}
export { FINDINGS_TEXT, MAP_TEXT, STATUS_LEGEND } from './sheetText';
