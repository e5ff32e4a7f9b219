/** The command line's own words, zh-TW and en. */
import type { InputProblem } from '../hosts/node/files';
import { plural, type Lang } from '../engine/messages';

type T = Record<Lang, string>;

export const PROBLEMS: Record<InputProblem, T> = {
  not_found: { 'zh-TW': '找不到這個檔案，請確認路徑', en: 'file not found; check the path' },
  is_directory: { 'zh-TW': '這是資料夾，不是活頁簿檔案', en: 'this is a folder, not a workbook file' },
  no_permission: { 'zh-TW': '沒有讀取權限', en: 'no permission to read it' },
  empty_file: { 'zh-TW': '檔案是空的（0 位元組）', en: 'the file is empty (0 bytes)' },
  encrypted: {
    'zh-TW': '活頁簿以密碼加密，無法讀取；請在 Excel 移除密碼（檔案 > 資訊 > 保護活頁簿）後再試',
    en: 'the workbook is password-encrypted and cannot be read; remove the password in Excel (File > Info > Protect Workbook) and try again',
  },
  legacy_xls: {
    'zh-TW': '這是舊版 Excel 97-2003 (.xls) 檔案；請在 Excel 另存為 .xlsx 後再試',
    en: 'this is an old Excel 97-2003 (.xls) file; save it as .xlsx in Excel and try again',
  },
  not_xlsx: {
    'zh-TW': '不是 .xlsx 活頁簿（可能是 CSV、文字檔或改了副檔名的檔案）；請在 Excel 另存為 .xlsx',
    en: 'not an .xlsx workbook (perhaps CSV, text, or a renamed file); save it as .xlsx in Excel',
  },
  damaged: { 'zh-TW': '檔案已損毀或不完整，無法讀取', en: 'the file is damaged or incomplete and cannot be read' },
  too_large: { 'zh-TW': '檔案超過 200 MB 上限', en: 'the file is above the 200 MB limit' },
  unpacked_too_large: {
    'zh-TW': '解壓縮後超過 1 GiB 上限（疑似 zip 炸彈或損毀的檔案），未讀取',
    en: 'unpacked, it would be above the 1 GiB limit (a zip bomb or a damaged file); it was not read',
  },
  packed_too_tightly: {
    'zh-TW': '檔案中有部分的壓縮比超過 200:1 上限（且解壓縮後超過 50 MiB），疑似 zip 炸彈，未讀取',
    en: 'a part of it is packed more than 200:1 (the limit, for parts above 50 MiB unpacked), as a zip bomb is; it was not read',
  },
  too_many_cells: {
    'zh-TW': '儲存格超過 2,000,000 個上限（合併儲存格逐格計算）；請刪除不需要的列、欄或合併儲存格後再試',
    en: 'it has more than the 2,000,000-cell limit (a merged range counts each of its cells); delete unneeded rows, columns or merges and try again',
  },
  ranges_too_large: {
    'zh-TW': '合併儲存格、資料驗證、設定格式化的條件與超連結的範圍超過 1,000,000 個上限；請在 Excel 刪除不需要的範圍後再試',
    en: 'it has more than the 1,000,000-range limit for merges, data validations, conditional formats and hyperlinks; delete the ones not needed in Excel and try again',
  },
};

export const CLI = {
  usage: {
    'zh-TW': `用法：
  plancheck validate 檔案.xlsx [--json] [--lang zh-TW|en]
      檢核活頁簿中的衡量指標、預算與風險表，列出每個問題所在的工作表與儲存格。
  plancheck fill 檔案.xlsx [-o 輸出.xlsx] [--json] [--lang zh-TW|en]
      另存一份填入達成率、風險值與等級、標示問題儲存格並加上「風險圖像」工作表的副本（原檔不變）。
  plancheck validate|fill 檔案.xlsx --previous 去年.xlsx
      與去年的活頁簿比較：風險變動（↑ ↓ → 新增、結案）、指標目標與去年目標及實際值、各計畫及經費來源的預算增減。
      去年的活頁簿只讀取、不變更，它本身的問題不列入今年的報告。
  plancheck validate|fill 資料夾/ --previous 去年資料夾/ [-o 輸出資料夾/]
      每個活頁簿與去年資料夾中同名的活頁簿比較（或名稱中年度少一的，如 113年度-警察局.xlsx 對 112年度-警察局.xlsx）；
      沒有同名活頁簿的只檢核今年，並以一行說明。多個活頁簿時 --previous 要指定資料夾，不能是單一檔案。
  plancheck template 新檔.xlsx [--scale 3|4|5] [--lang zh-TW|en] [--force]
      產生空白的施政計畫範本（--scale：風險矩陣級數，預設 3）。
  plancheck validate 資料夾/ [檔案…] [--json]     一次檢核多個活頁簿（資料夾、多個檔案或 *.xlsx）
  plancheck fill 資料夾/ -o 輸出資料夾/ [--json]  一次填入多個活頁簿，每個檔案寫到輸出資料夾
  --settings 設定.json   以此設定檢核（如 {"scale": 5, "columnRoles": {"執行成果": "actual"}}）；見 docs/rules.md
  plancheck --version                             顯示版本
結束代碼：0 無錯誤（可有警告）、1 有錯誤、2 無法讀取或參數錯誤。`,
    en: `Usage:
  plancheck validate FILE.xlsx [--json] [--lang zh-TW|en]
      Check the indicator, budget and risk tables; list every problem with its sheet and cell.
  plancheck fill FILE.xlsx [-o OUT.xlsx] [--json] [--lang zh-TW|en]
      Write a copy with achievement rates, risk scores and levels filled in, problem cells marked and a
      風險圖像 (risk map) sheet added. The input file is never changed.
  plancheck validate|fill FILE.xlsx --previous LAST-YEAR.xlsx
      Compare with last year's workbook: risk movement (↑ ↓ → new, closed), targets against last year's target
      and actual, budget changes per plan and per source. Last year's workbook is only read, never changed, and
      its own problems are not reported as this year's.
  plancheck validate|fill DIR/ --previous LAST-YEAR-DIR/ [-o OUTDIR/]
      Compare each workbook with its namesake in last year's folder (or the name with the year one less, such as
      112年度-警察局.xlsx for 113年度-警察局.xlsx); one with no namesake is checked alone, with a line saying so.
      With many workbooks, --previous names a folder, not one file.
  plancheck template NEW.xlsx [--scale 3|4|5] [--lang zh-TW|en] [--force]
      Write a blank plan workbook (--scale: the risk matrix size, 3 by default).
  plancheck validate DIR/ [FILE…] [--json]      check many workbooks (a folder, several files or *.xlsx)
  plancheck fill DIR/ -o OUTDIR/ [--json]       fill many workbooks, each written into OUTDIR
  --settings FILE.json   check with these settings (e.g. {"scale": 5, "columnRoles": {"執行成果": "actual"}}); see docs/rules.md
  plancheck --version                           show the version
Exit status: 0 no errors (warnings allowed), 1 errors found, 2 the input cannot be read or the arguments are wrong.`,
  },
  unknownCommand: { 'zh-TW': '不明的指令「{0}」；請用 validate、fill 或 template（plancheck --help 看說明）', en: 'unknown command "{0}"; use validate, fill or template (see plancheck --help)' },
  unknownOption: { 'zh-TW': '不明的選項「{0}」（plancheck --help 看說明）', en: 'unknown option "{0}" (see plancheck --help)' },
  missingFile: { 'zh-TW': '請指定活頁簿檔案（plancheck --help 看說明）', en: 'name a workbook file (see plancheck --help)' },
  extraArgument: { 'zh-TW': '多餘的參數「{0}」', en: 'unexpected argument "{0}"' },
  missingValue: { 'zh-TW': '選項 {0} 需要一個值', en: 'option {0} needs a value' },
  badLang: { 'zh-TW': '不支援的語言「{0}」；請用 zh-TW 或 en', en: 'unsupported language "{0}"; use zh-TW or en' },
  sameFile: { 'zh-TW': '輸出檔不能與輸入檔相同，原檔絕不覆寫；請用 -o 指定另一個檔名', en: 'the output must not be the input file (the input is never overwritten); name another file with -o' },
  outDirIsFile: {
    'zh-TW': '無法寫入輸出資料夾：已有同名的檔案，不是資料夾；請用 -o 指定資料夾',
    en: 'cannot write into the output folder: a file of that name is there, not a folder; name a folder with -o',
  },
  exists: { 'zh-TW': '檔案已存在；若要覆寫請加 --force', en: 'the file exists; add --force to overwrite it' },
  protectedSheet: {
    'zh-TW': '工作表「{0}」受保護，無法寫入；請先取消保護（校閱 > 取消保護工作表），未寫出任何檔案',
    en: 'sheet "{0}" is protected and cannot be written; unprotect it (Review > Unprotect Sheet) first. Nothing was written',
  },
  previousNeedsFolder: {
    'zh-TW': '一次檢核多個活頁簿時，--previous 要指定去年活頁簿所在的資料夾（每個活頁簿與去年的同名活頁簿比較），不能是單一檔案 {0}',
    en: "with many workbooks, --previous names the folder of last year's workbooks (each is compared with its namesake there), not one file: {0}",
  },
  previousSameFolder: {
    'zh-TW': '--previous 的資料夾 {0} 就是今年活頁簿的資料夾；請指定去年活頁簿所在的資料夾',
    en: "the --previous folder {0} is this year's folder; name the folder of last year's workbooks",
  },
  noNamesakeOne: {
    'zh-TW': '在去年的資料夾 {0} 找不到與 {1} 同名的活頁簿（也找過年度減一的名稱）；請用 --previous 指定去年的檔案',
    en: "no workbook named like {1} in last year's folder {0} (names with the year one less were tried too); name last year's file with --previous",
  },
  noNamesake: {
    'zh-TW': '去年的資料夾 {0} 沒有同名的活頁簿：只檢核今年，未與去年比較',
    en: "no workbook of this name in last year's folder {0}: checked without a comparison",
  },
  previousUnmatched: {
    'zh-TW': '去年的 {0} 沒有今年的同名活頁簿，未比較',
    en: "last year's {0} has no workbook of the same name this year; it was not compared",
  },
  batchCompared: {
    'zh-TW': '與去年比較：{0} 個活頁簿；{1} 個沒有去年的同名活頁簿',
    en: 'Compared with last year: {0:workbook}; {1} without a namesake last year',
  },
  outputIsPreviousBatch: {
    'zh-TW': '輸出檔 {0} 會取代去年的活頁簿 {1}（--previous），去年的檔案只讀取、不變更；請用 -o 指定另一個資料夾',
    en: "the output {0} would replace last year's workbook {1} (--previous), which is only read, never changed; name another folder with -o",
  },
  previousNotForTemplate: { 'zh-TW': 'template 指令不使用 --previous', en: 'the template command does not take --previous' },
  outputIsPrevious: {
    'zh-TW': '輸出檔不能是去年的活頁簿（--previous），去年的檔案只讀取、不變更；請用 -o 指定另一個檔名',
    en: "the output must not be last year's workbook (--previous), which is only read, never changed; name another file with -o",
  },
  comparedWith: { 'zh-TW': '與去年比較：{0}', en: 'Compared with last year: {0}' },
  unexpected: {
    'zh-TW': '發生未預期的錯誤（是 plancheck 本身的問題，不是活頁簿的問題）：{0}。輸入的活頁簿未被變更；請將這一行回報給維護 plancheck 的人員。',
    en: 'unexpected error (a fault in plancheck itself, not in the workbook): {0}. The input workbook was not changed; please report this line to whoever maintains plancheck.',
  },
  outOfMemory: {
    'zh-TW': '記憶體不足，無法處理此活頁簿；其他活頁簿照常處理。請單獨處理它（plancheck fill 檔名），或在記憶體較多的電腦上執行。',
    en: 'not enough memory for this workbook; the others go on. Run it on its own (plancheck fill FILE), or on a computer with more memory.',
  },
  workerStopped: { 'zh-TW': '處理此活頁簿的執行緒意外結束', en: 'the thread working on this workbook stopped' },
  wrote: { 'zh-TW': '已寫出：{0}', en: 'Wrote {0}' },
  wroteTemplate: { 'zh-TW': '已建立範本：{0}（工作表：{1}）', en: 'Created the template {0} (sheets: {1})' },
  reportTitle: { 'zh-TW': 'plancheck 檢核報告：{0}', en: 'plancheck report: {0}' },
  tablesFound: { 'zh-TW': '找到的表格（{0}）：', en: 'Tables found ({0}):' },
  noTables: { 'zh-TW': '找到的表格：無', en: 'Tables found: none' },
  problems: { 'zh-TW': '問題（錯誤 {0}、警告 {1}、說明 {2}）：', en: 'Problems ({0:error}, {1:warning}, {2:note}):' },
  noProblems: { 'zh-TW': '問題：無', en: 'Problems: none' },
  achievement: { 'zh-TW': '達成情形（{0} 項：達成 {1}、未達成 {2}、無法計算 {3}）：', en: 'Achievement ({0:indicator}: {1} met, {2} not met, {3} cannot be computed):' },
  risks: { 'zh-TW': '風險（{0} 項）：', en: 'Risks ({0}):' },
  current: { 'zh-TW': '現有', en: 'current' },
  matrix: { 'zh-TW': '風險矩陣 {0} × {0}（{1}）', en: 'risk matrix {0} × {0} ({1})' },
  matrixFromSettings: { 'zh-TW': '依設定', en: 'from the settings' },
  matrixFrom: { 'zh-TW': '依活頁簿的{0}', en: 'from the workbook’s {0}' },
  likelihoodTable: { 'zh-TW': '可能性評量表{0}', en: 'likelihood table {0}' },
  impactTable: { 'zh-TW': '影響程度評量表{0}', en: 'impact table {0}' },
  levelLines: { 'zh-TW': '風險等級說明{0}', en: 'level lines {0}' },
  residual: { 'zh-TW': '殘餘', en: 'residual' },
  budgets: { 'zh-TW': '預算：', en: 'Budgets:' },
  badSettings: { 'zh-TW': '設定檔 {0} 無法讀取（{1}）。請給一個 JSON 物件，例如 {"scale": 5}。', en: 'The settings file {0} cannot be read ({1}). Give a JSON object such as {"scale": 5}.' },
  badScale: { 'zh-TW': '--scale 只能是 3、4 或 5，不是「{0}」。', en: '--scale must be 3, 4 or 5, not "{0}".' },
  budgetLine: { 'zh-TW': '合計 {0} {1}', en: 'total {0} {1}' },
  bySource: { 'zh-TW': '依經費來源', en: 'by source' },
  summary: { 'zh-TW': '摘要：錯誤 {0}、警告 {1}', en: 'Summary: {0:error}, {1:warning}' },
  rowOf: { 'zh-TW': '第 {0} 列', en: 'row {0}' },
  targetActual: { 'zh-TW': '目標 {0}，實際 {1}', en: 'target {0}, actual {1}' },
  rate: { 'zh-TW': '達成率 {0}', en: 'rate {0}' },
  skippedLock: { 'zh-TW': '略過 {0}：這是 Excel 開啟活頁簿時的鎖定檔，不是活頁簿', en: 'skipped {0}: an Excel lock file (the workbook is open in Excel), not a workbook' },
  skippedOther: { 'zh-TW': '略過 {0}：不是 .xlsx 活頁簿', en: 'skipped {0}: not an .xlsx workbook' },
  outputRenamed: { 'zh-TW': '另一個輸入檔也叫 {0}，此檔的結果寫到 {1}', en: 'another input is also named {0}; this one is written to {1}' },
  outputIsInput: { 'zh-TW': '輸出檔不能與輸入檔相同：{0} 就是 {1}（同一個檔案，經由連結或另一個路徑），原檔絕不覆寫；請用 -o 指定另一個資料夾', en: 'the output must not be the input file: {0} is {1} (the same file, through a link or another path); the input is never overwritten: name another folder with -o' },
  interrupted: { 'zh-TW': '已中斷（{0}）。已完成的輸出：{1}；未完成的沒有留下任何檔案。', en: 'interrupted ({0}). Outputs finished: {1}; nothing is left of the others.' },
  none: { 'zh-TW': '無', en: 'none' },
  noWorkbooks: { 'zh-TW': '找不到任何 .xlsx 活頁簿：{0}', en: 'no .xlsx workbook found in {0}' },
  needOutDir: { 'zh-TW': '一次處理多個活頁簿時，請用 -o 指定輸出資料夾', en: 'with several workbooks, name an output folder with -o' },
  lineCounts: { 'zh-TW': '錯誤 {0}、警告 {1}（{2} 個表格）', en: '{0:error}, {1:warning} ({2:table})' },
  batchSummary: { 'zh-TW': '共 {0} 個活頁簿：{1} 個有錯誤、{2} 個無法讀取', en: '{0:workbook}: {1} with errors, {2} unreadable' },
} satisfies Record<string, T>;

export const KIND_NAMES: Record<string, T> = {
  indicators: { 'zh-TW': '衡量指標表', en: 'indicators' },
  budget: { 'zh-TW': '預算表', en: 'budget' },
  risks: { 'zh-TW': '風險評估表', en: 'risks' },
};

/**
 * `{0}` is the argument; `{0:error}` is a count and its noun with the English plural (`1 error`, `2 errors`),
 * `{0:child|children}` with an irregular one.
 */
export function t(entry: T, lang: Lang, ...args: (string | number)[]): string {
  const parts = compiled(entry[lang]);
  let out = '';
  for (const p of parts) {
    if (typeof p === 'string') {
      out += p;
      continue;
    }
    const v = args[p.k] ?? '';
    out += p.one ? plural(Number(v), p.one, p.many) : String(v);
  }
  return out;
}

/** A template's texts and places, read once (the report of a large plan fills some 200,000 lines from a few). */
type Place = { k: number; one?: string; many?: string };
const templates = new Map<string, (string | Place)[]>();
function compiled(template: string): (string | Place)[] {
  let parts = templates.get(template);
  if (parts) return parts;
  parts = [];
  const place = /\{(\d)(?::([^}|]+)(?:\|([^}]+))?)?\}/g;
  let last = 0;
  for (let m = place.exec(template); m; m = place.exec(template)) {
    if (m.index > last) parts.push(template.slice(last, m.index));
    parts.push({ k: Number(m[1]), one: m[2], many: m[3] });
    last = place.lastIndex;
  }
  if (last < template.length) parts.push(template.slice(last));
  templates.set(template, parts);
  return parts;
}
