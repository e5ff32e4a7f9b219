/**
 * The task pane's words, zh-TW and en (part of the one message table; see messages.ts). Every string the
 * pane shows comes from here, or from messages.ts (severityName, levelName, statusName).
 * Entries are `{ 'zh-TW': string, en: string }`, or functions of counts and names.
 */

type Text = { readonly 'zh-TW': string; readonly en: string };
type TextFn = { readonly 'zh-TW': (...args: never[]) => string; readonly en: (...args: never[]) => string };

/** `1 error`, `2 errors` */
const n = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;
const quoted = (names: string[], zh: boolean) => names.map((s) => (zh ? `「${s}」` : `"${s}"`)).join(zh ? '、' : ', ');

/** Excel's standard colours (the bottom row of its colour menu), the swatches of the settings. */
export const SWATCHES = ['C00000', 'FF0000', 'FFC000', 'FFFF00', '92D050', '00B050', '00B0F0', '0070C0', '002060', '7030A0'] as const;
const SWATCH_NAMES: Record<string, [string, string]> = {
  C00000: ['深紅色', 'Dark red'],
  FF0000: ['紅色', 'Red'],
  FFC000: ['橙色', 'Orange'],
  FFFF00: ['黃色', 'Yellow'],
  '92D050': ['淺綠色', 'Light green'],
  '00B050': ['綠色', 'Green'],
  '00B0F0': ['淺藍色', 'Light blue'],
  '0070C0': ['藍色', 'Blue'],
  '002060': ['深藍色', 'Dark blue'],
  '7030A0': ['紫色', 'Purple'],
};

export const UI_TEXT = {
  title: { 'zh-TW': '施政計畫檢核', en: 'Plan check' },
  intro: {
    'zh-TW': '先按「檢核計畫」檢查活頁簿中的表格（不會變更活頁簿）；其他按鈕會寫入活頁簿。',
    en: 'Start with Validate plan to check the workbook’s tables (nothing changes); the other buttons write to the workbook.',
  },

  // Actions
  actionsLabel: { 'zh-TW': '動作', en: 'Actions' },
  validate: { 'zh-TW': '檢核計畫', en: 'Validate plan' },
  fill: { 'zh-TW': '填入結果', en: 'Fill in results' },
  generate: { 'zh-TW': '產生風險圖像', en: 'Generate risk sheet' },
  clear: { 'zh-TW': '清除標示', en: 'Clear marks' },
  template: { 'zh-TW': '建立計畫範本', en: 'New plan workbook' },

  // Progress
  stepStarting: { 'zh-TW': '處理中…', en: 'Working…' },
  stepReading: { 'zh-TW': '正在讀取活頁簿…', en: 'Reading the workbook…' },
  stepChecking: { 'zh-TW': '正在檢核…', en: 'Checking…' },
  stepWriting: { 'zh-TW': '正在寫入活頁簿…', en: 'Writing to the workbook…' },
  stepDone: { 'zh-TW': '完成', en: 'Done' },

  // Outcome of an action
  doneValidate: { 'zh-TW': '檢核完成', en: 'Plan checked' },
  doneFill: { 'zh-TW': '已填入結果', en: 'Results filled in' },
  doneGenerate: { 'zh-TW': '已產生風險圖像', en: 'Risk sheet generated' },
  doneClear: { 'zh-TW': '已清除標示', en: 'Marks cleared' },
  doneTemplate: { 'zh-TW': '已建立計畫範本', en: 'Plan template inserted' },
  failedValidate: { 'zh-TW': '無法檢核計畫', en: 'Could not validate the plan' },
  failedFill: { 'zh-TW': '無法填入結果', en: 'Could not fill in results' },
  failedGenerate: { 'zh-TW': '無法產生風險圖像', en: 'Could not generate the risk sheet' },
  failedClear: { 'zh-TW': '無法清除標示', en: 'Could not clear the marks' },
  failedTemplate: { 'zh-TW': '無法建立計畫範本', en: 'Could not insert the plan template' },
  unexpectedError: {
    'zh-TW': '發生未預期的問題，活頁簿可能未更新。請再試一次。',
    en: 'Something unexpected went wrong; the workbook may not have been updated. Try again.',
  },
  /** The message bar's title after an action that checked the plan: what it found, in the title itself. */
  titleCounts: {
    'zh-TW': (done: string, e: number, w: number) =>
      e > 0 ? `${done}：${e} 個錯誤、${w} 個警告` : w > 0 ? `${done}：沒有錯誤，${w} 個警告` : `${done}：沒有錯誤或警告`,
    en: (done: string, e: number, w: number) =>
      e > 0 ? `${done}: ${n(e, 'error')}, ${n(w, 'warning')}` : w > 0 ? `${done}: no errors, ${n(w, 'warning')}` : `${done}: no errors or warnings`,
  },
  adviceErrors: {
    'zh-TW': '請修正下列錯誤（點選可跳到該儲存格）後再檢核一次。',
    en: 'Correct the errors below (select one to go to its cell), then validate again.',
  },
  adviceWarnings: {
    'zh-TW': '沒有錯誤。請看看下列警告是否需要處理。',
    en: 'There are no errors. Check whether the warnings below need attention.',
  },
  adviceClear: { 'zh-TW': '所有表格都通過檢核。', en: 'Every table passed the checks.' },
  validateUnchanged: { 'zh-TW': '檢核不會變更活頁簿。', en: 'Validating does not change the workbook.' },
  nothingWritten: { 'zh-TW': '活頁簿未變更。', en: 'Nothing in the workbook changed.' },
  noMarksToClear: { 'zh-TW': '沒有需要清除的標示。', en: 'There were no marks to clear.' },
  foundCounts: {
    'zh-TW': (e: number, w: number, i: number) => `發現 ${e} 個錯誤、${w} 個警告、${i} 個說明。`,
    en: (e: number, w: number, i: number) => `Found ${n(e, 'error')}, ${n(w, 'warning')} and ${n(i, 'note')}.`,
  },
  writtenColumnsAchievement: {
    'zh-TW': (sheet: string, range: string) => `達成率等欄位已寫入「${sheet}」${range}`,
    en: (sheet: string, range: string) => `Achievement columns written to "${sheet}" ${range}`,
  },
  writtenColumnsRisk: {
    'zh-TW': (sheet: string, range: string) => `風險值等欄位已寫入「${sheet}」${range}`,
    en: (sheet: string, range: string) => `Risk score columns written to "${sheet}" ${range}`,
  },
  writtenColumns: {
    'zh-TW': (sheet: string, range: string) => `計算欄位已寫入「${sheet}」${range}`,
    en: (sheet: string, range: string) => `Computed columns written to "${sheet}" ${range}`,
  },
  writtenMarks: {
    'zh-TW': (sheet: string, count: number) => `已標示 ${count} 個儲存格（「${sheet}」）`,
    en: (sheet: string, count: number) => `Marked ${n(count, 'cell')} on "${sheet}"`,
  },
  writtenUnmarked: {
    'zh-TW': (sheet: string, count: number) => `已清除 ${count} 個標示（「${sheet}」）`,
    en: (sheet: string, count: number) => `Cleared ${n(count, 'mark')} on "${sheet}"`,
  },
  writtenMap: {
    'zh-TW': (sheet: string) => `已寫入並啟用「${sheet}」工作表`,
    en: (sheet: string) => `Wrote and activated the sheet "${sheet}"`,
  },
  writtenFindings: {
    'zh-TW': (sheet: string) => `檢核結果已寫入「${sheet}」工作表`,
    en: (sheet: string) => `The findings were written to the sheet "${sheet}"`,
  },
  findingsSkipped: {
    'zh-TW': '活頁簿結構受保護，無法新增工作表：檢核結果工作表未寫入（問題清單見工作窗格）。',
    en: 'The workbook structure is protected, so no sheet can be added: the findings sheet was not written (the task pane lists the problems).',
  },
  notSetPageLayout: {
    'zh-TW': (sheet: string) => `這個 Excel 版本不支援版面設定（ExcelApi 1.9）：「${sheet}」的列印方向、縮放、列印範圍與標題列未設定，請在「版面配置」中設定（A4 橫向、調整為 1 頁寬）。`,
    en: (sheet: string) => `This version of Excel has no page layout API (ExcelApi 1.9): the orientation, scaling, print area and print titles of "${sheet}" were not set. Set them under Page Layout (A4 landscape, fit to 1 page wide).`,
  },
  writtenTemplate: {
    'zh-TW': (sheets: string[]) => `已插入範本工作表：${quoted(sheets, true)}`,
    en: (sheets: string[]) => `Inserted the template sheets: ${quoted(sheets, false)}`,
  },

  // Summary
  summaryHeading: { 'zh-TW': '檢核摘要', en: 'Summary' },
  errorsCount: { 'zh-TW': (c: number) => `錯誤 ${c} 個`, en: (c: number) => n(c, 'error') },
  warningsCount: { 'zh-TW': (c: number) => `警告 ${c} 個`, en: (c: number) => n(c, 'warning') },
  infosCount: { 'zh-TW': (c: number) => `說明 ${c} 個`, en: (c: number) => n(c, 'note') },
  achievementHeading: { 'zh-TW': '衡量指標達成情形', en: 'Achievement' },
  indicatorsCount: { 'zh-TW': (c: number) => `共 ${c} 項衡量指標`, en: (c: number) => n(c, 'indicator') },
  riskHeading: { 'zh-TW': '風險等級分布', en: 'Risk levels' },
  risksCount: { 'zh-TW': (c: number) => `共 ${c} 項風險`, en: (c: number) => n(c, 'risk') },
  riskLevelColumn: { 'zh-TW': '等級', en: 'Level' },
  riskCurrentColumn: { 'zh-TW': '現有風險', en: 'Current' },
  riskResidualColumn: { 'zh-TW': '殘餘風險', en: 'Residual' },
  levelRisk: { 'zh-TW': (level: string) => `${level}風險`, en: (level: string) => `${level.charAt(0).toUpperCase()}${level.slice(1)} risk` },

  // Tables found
  tablesHeading: { 'zh-TW': '找到的表格', en: 'Tables found' },
  tablesNone: { 'zh-TW': '沒有找到衡量指標、預算或風險評估表。', en: 'No indicator, budget or risk table was found.' },
  kindIndicators: { 'zh-TW': '衡量指標表', en: 'Indicators (KPI)' },
  kindBudget: { 'zh-TW': '預算表', en: 'Budget' },
  kindRisks: { 'zh-TW': '風險評估表', en: 'Risk register' },
  sheetName: { 'zh-TW': (sheet: string) => `「${sheet}」`, en: (sheet: string) => `"${sheet}"` },

  // Problems
  problemsHeading: { 'zh-TW': '問題', en: 'Problems' },
  problemsListLabel: { 'zh-TW': '問題清單', en: 'Problem list' },
  problemsHint: { 'zh-TW': '點選問題可跳到該儲存格。', en: 'Select a problem to go to its cell.' },
  filterLabel: { 'zh-TW': '依嚴重程度篩選', en: 'Filter by severity' },
  filterErrors: { 'zh-TW': (c: number) => `錯誤（${c}）`, en: (c: number) => `Errors (${c})` },
  filterWarnings: { 'zh-TW': (c: number) => `警告（${c}）`, en: (c: number) => `Warnings (${c})` },
  filterInfos: { 'zh-TW': (c: number) => `說明（${c}）`, en: (c: number) => `Notes (${c})` },
  noProblems: { 'zh-TW': '沒有發現問題。', en: 'No problems found.' },
  noProblemsFiltered: { 'zh-TW': '沒有符合篩選條件的問題。', en: 'No problems match the filter.' },
  sheetHeading: {
    'zh-TW': (sheet: string, c: number) => `工作表「${sheet}」：${c} 個問題`,
    en: (sheet: string, c: number) => `Sheet "${sheet}": ${n(c, 'problem')}`,
  },
  workbook: { 'zh-TW': '整份活頁簿', en: 'the whole workbook' },
  workbookHeading: { 'zh-TW': (c: number) => `整份活頁簿：${c} 個問題`, en: (c: number) => `Whole workbook: ${n(c, 'problem')}` },
  severityGroupLabel: { 'zh-TW': (place: string, severity: string) => `${place}：${severity}`, en: (place: string, severity: string) => `${place}: ${severity}` },
  problemCell: { 'zh-TW': (cell: string) => `儲存格 ${cell}`, en: (cell: string) => `Cell ${cell}` },
  problemNoCell: { 'zh-TW': '（無特定儲存格）', en: '(no particular cell)' },
  problemCode: { 'zh-TW': (code: string) => `代碼 ${code}`, en: (code: string) => `Code ${code}` },
  selectFailed: { 'zh-TW': '無法選取儲存格', en: 'Could not select the cell' },

  // Settings
  settingsHeading: { 'zh-TW': '設定', en: 'Settings' },
  settingsIntro: {
    'zh-TW': '設定隨活頁簿儲存，下次執行動作時使用。',
    en: 'Settings are saved with the workbook and used by the next action.',
  },
  colourLabel: { 'zh-TW': (level: string) => `${level}風險顏色`, en: (level: string) => `${level.charAt(0).toUpperCase()}${level.slice(1)} risk colour` },
  colourHint: { 'zh-TW': '點選色票，或輸入 6 位十六進位色碼，例如 92D050', en: 'Pick a swatch, or type a 6-digit hex colour such as 92D050' },
  swatchesLabel: { 'zh-TW': (label: string) => `${label}：色票`, en: (label: string) => `${label}: swatches` },
  swatchNames: {
    'zh-TW': (hex: string) => `${SWATCH_NAMES[hex]?.[0] ?? ''}（${hex}）`,
    en: (hex: string) => `${SWATCH_NAMES[hex]?.[1] ?? ''} (${hex})`,
  },
  colourInvalid: { 'zh-TW': '請輸入 6 位十六進位色碼，例如 92D050。', en: 'Enter a 6-digit hex colour such as 92D050.' },
  toleranceLabel: { 'zh-TW': '可容忍風險值（殘餘風險值高於此值時提醒）', en: 'Tolerance line (a residual score above it is flagged)' },
  thresholdLabel: { 'zh-TW': '須研擬新增對策的風險值（大於或等於此值）', en: 'Countermeasure threshold (a score at or above it needs a new countermeasure)' },
  numberInvalid: { 'zh-TW': (max: number) => `請輸入 1 到 ${max} 之間的整數。`, en: (max: number) => `Enter a whole number from 1 to ${max}.` },
  scaleLabel: { 'zh-TW': '風險矩陣大小', en: 'Risk matrix size' },
  scaleHint: {
    'zh-TW': '可能性與影響程度各分幾級。改變大小時，等級區間與門檻改為該大小的預設值。活頁簿中若有自己的可能性、影響程度對照表，以該表為準。',
    en: 'How many levels likelihood and impact each have. Changing the size sets the bands and lines to that size’s defaults. A workbook with its own likelihood and impact tables uses those.',
  },
  scaleOption: { 'zh-TW': (n: number) => `${n} × ${n}（風險值 1–${n * n}）`, en: (n: number) => `${n} × ${n} (scores 1–${n * n})` },
  bandFromLabel: { 'zh-TW': (level: string) => `${level}風險的最低風險值`, en: (level: string) => `Lowest score of ${level} risk` },
  ownMatrix: {
    'zh-TW': (n: number, from: string) => `此活頁簿的風險矩陣依活頁簿中的${from}為 ${n} × ${n}。這裡的大小與等級區間只用於沒有這些表的活頁簿。`,
    en: (n: number, from: string) => `This workbook’s risk matrix is ${n} × ${n}, from its own ${from}. The size and bands here apply to workbooks without such tables.`,
  },
  ownMatrixLikelihood: { 'zh-TW': (at: string) => `可能性評量表（${at}）`, en: (at: string) => `likelihood table (${at})` },
  ownMatrixImpact: { 'zh-TW': (at: string) => `影響程度評量表（${at}）`, en: (at: string) => `impact table (${at})` },
  ownMatrixLines: { 'zh-TW': (at: string) => `風險等級說明（${at}）`, en: (at: string) => `level lines (${at})` },
  bandsHint: {
    'zh-TW': (text: string) => `目前區間：${text}`,
    en: (text: string) => `Bands now: ${text}`,
  },
  bandsInvalid: {
    'zh-TW': (max: number) => `各等級的最低風險值須由低到高遞增，且介於 2 到 ${max} 之間。`,
    en: (max: number) => `Each level’s lowest score must be higher than the one before, from 2 to ${max}.`,
  },
  rolesHeading: { 'zh-TW': '自訂欄名對應', en: 'Your own column headers' },
  rolesHint: {
    'zh-TW': '活頁簿的欄名若不是標準欄名（例如「執行成果」），在此指定它代表的欄位。',
    en: 'When a header in the workbook is not a standard one (such as 執行成果), say here which column it is.',
  },
  roleHeaderLabel: { 'zh-TW': (k: number) => `第 ${k} 個欄名`, en: (k: number) => `Header ${k}` },
  roleLabel: { 'zh-TW': (k: number) => `第 ${k} 個欄名代表`, en: (k: number) => `Header ${k} is the` },
  roleAdd: { 'zh-TW': '新增欄名對應', en: 'Add a header' },
  roleRemove: { 'zh-TW': (k: number) => `移除第 ${k} 個欄名對應`, en: (k: number) => `Remove header ${k}` },
  roleHeaderInvalid: { 'zh-TW': '請輸入欄名（最多 60 字），且不可重複。', en: 'Enter the header (at most 60 characters), each once.' },
  settingsInvalid: { 'zh-TW': '有欄位格式不正確，設定未儲存。請修正標示的欄位。', en: 'Some fields are not valid, so nothing was saved. Correct the marked fields.' },
  settingsSave: { 'zh-TW': '儲存設定', en: 'Save settings' },
  settingsReset: { 'zh-TW': '還原預設值', en: 'Reset to defaults' },
  settingsSaved: { 'zh-TW': '設定已儲存於活頁簿。', en: 'Settings saved with the workbook.' },
  settingsWereReset: { 'zh-TW': '已還原預設值並儲存於活頁簿。', en: 'Defaults restored and saved with the workbook.' },
  settingsSaveFailed: {
    'zh-TW': '無法儲存設定。請確認活頁簿可以編輯後再試一次。',
    en: 'Could not save the settings. Make sure the workbook can be edited and try again.',
  },
} as const satisfies Record<string, Text | TextFn>;

export type UiTextKey = keyof typeof UI_TEXT;
