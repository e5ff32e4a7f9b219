/**
 * The words of the sheets the add-in writes for printing: the risk list under the maps, the 檢核結果 (findings)
 * sheet, and the colours of the achievement columns. zh-TW and en, like messages.ts (which re-exports them).
 */
type T = { 'zh-TW': string; en: string };

export const MAP_TEXT = {
  listTitle: { 'zh-TW': '風險清單', en: 'Risk list' } as T,
  listHeaders: {
    'zh-TW': ['編號', '風險項目', '現有風險 (R、等級)', '殘餘風險 (R、等級)', '負責單位', '新增風險對策'],
    en: ['ID', 'Risk', 'Current (R, level)', 'Residual (R, level)', 'Owner', 'New countermeasure'],
  },
};

export const FINDINGS_TEXT = {
  sheet: { 'zh-TW': '檢核結果', en: 'Findings' } as T,
  title: { 'zh-TW': '檢核結果', en: 'Findings' } as T,
  summary: { 'zh-TW': '摘要', en: 'Summary' } as T,
  counts: {
    'zh-TW': (e: number, w: number, i: number) => `錯誤 ${e} 項、警告 ${w} 項、說明 ${i} 項`,
    en: (e: number, w: number, i: number) => `${e} error(s), ${w} warning(s), ${i} note(s)`,
  },
  tables: { 'zh-TW': '找到的表格', en: 'Tables found' } as T,
  tableHeaders: { 'zh-TW': ['種類', '工作表', '範圍'], en: ['Kind', 'Sheet', 'Range'] },
  noTables: { 'zh-TW': '（沒有找到表格）', en: '(no tables found)' } as T,
  problems: { 'zh-TW': '問題', en: 'Problems' } as T,
  problemHeaders: { 'zh-TW': ['嚴重度', '工作表', '儲存格', '說明', '代碼'], en: ['Severity', 'Sheet', 'Cell', 'Message', 'Code'] },
  noProblems: { 'zh-TW': '（沒有發現問題）', en: '(no problems found)' } as T,
  achievement: { 'zh-TW': '指標達成情形', en: 'Indicator achievement' } as T,
  achievementHeaders: {
    'zh-TW': ['達成狀態', '工作表', '儲存格', '衡量指標', '達成率（未設上限）', '目標值', '實際值'],
    en: ['Status', 'Sheet', 'Cell', 'Indicator', 'Rate (uncapped)', 'Target', 'Actual'],
  },
  noIndicators: { 'zh-TW': '（沒有衡量指標）', en: '(no indicators)' } as T,
  legend: { 'zh-TW': '顏色說明', en: 'Colours' } as T,
  linkTip: { 'zh-TW': '前往這個儲存格', en: 'Go to this cell' } as T,
  workbook: { 'zh-TW': '（整本活頁簿）', en: '(the workbook)' } as T,
};

/** What the colours of the achievement status mean (the 達成狀態 column and the findings sheet). */
export const STATUS_LEGEND = {
  not_met: { 'zh-TW': '未達成：實際值未達目標', en: 'Not met: the actual falls short of the target' } as T,
  unknown: { 'zh-TW': '無法計算：目標或實際值無法讀成數字，見達成說明', en: 'Cannot compute: the target or the actual cannot be read as a number (see the note)' } as T,
  note: {
    'zh-TW': '達成狀態的底色：紅色為未達成，灰色為無法計算。',
    en: 'Status colours: red is not met, grey is cannot compute.',
  } as T,
};

/** Fills of the achievement status (RRGGBB): 未達成 and 無法計算 stand out; 達成 keeps no fill. */
export const STATUS_FILL = { not_met: 'FFC7CE', unknown: 'D9D9D9' } as const;
export const STATUS_FONT = { not_met: '9C0006', unknown: '3F3F3F' } as const;
