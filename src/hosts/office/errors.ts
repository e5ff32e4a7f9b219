/** Excel's errors as plain messages that say what to do, never `RichApi.Error` text alone. */
import type { Lang } from '../../engine/messages';

export type UserErrorCode =
  | 'protected_sheet'
  | 'protected_workbook'
  | 'read_only'
  | 'cell_edit_mode'
  | 'too_large'
  | 'unsupported'
  | 'sheet_exists'
  | 'busy'
  | 'denied'
  | 'interrupted'
  | 'excel_error';

export interface UserError {
  code: UserErrorCode;
  message: string;
  /** Excel's own error code, when there was one (for support). */
  excelCode?: string;
}

const TEXT: Record<UserErrorCode, { 'zh-TW': (d: string) => string; en: (d: string) => string }> = {
  protected_sheet: {
    'zh-TW': (d) => `工作表「${d}」受保護，無法寫入。請先取消保護（校閱 > 取消保護工作表）再試一次。活頁簿未做任何變更。`,
    en: (d) => `The sheet "${d}" is protected and cannot be written. Unprotect it (Review > Unprotect Sheet) and try again. Nothing was changed.`,
  },
  protected_workbook: {
    'zh-TW': () => '活頁簿結構受保護，無法新增或刪除工作表。請先取消保護活頁簿（校閱 > 保護活頁簿）再試一次。活頁簿未做任何變更。',
    en: () => 'The workbook structure is protected, so sheets cannot be added or deleted. Unprotect it (Review > Protect Workbook) and try again. Nothing was changed.',
  },
  read_only: {
    'zh-TW': () => '活頁簿目前是唯讀狀態。請切換到編輯模式（或另存一份）後再試一次。活頁簿未做任何變更。',
    en: () => 'The workbook is read-only. Switch to editing (or save a copy) and try again. Nothing was changed.',
  },
  cell_edit_mode: {
    'zh-TW': () => '有儲存格正在編輯中。請按 Enter 或 Esc 結束編輯後再試一次。',
    en: () => 'A cell is being edited. Press Enter or Esc to finish editing, then try again.',
  },
  too_large: {
    'zh-TW': (d) => `工作表太大，Excel 無法一次處理（錯誤代碼 ${d}）。請將表格分到較小的工作表，或改用 plancheck 命令列處理 .xlsx 檔。`,
    en: (d) => `The sheet is too large for Excel to handle in one request (${d}). Split the table over smaller sheets, or check the .xlsx file with the plancheck command line.`,
  },
  unsupported: {
    'zh-TW': (d) => `這個版本的 Excel 不支援所需的功能（錯誤代碼 ${d}）。請更新 Excel，或改用網頁版 Excel。`,
    en: (d) => `This version of Excel does not support a feature the add-in needs (${d}). Update Excel, or use Excel on the web.`,
  },
  sheet_exists: {
    'zh-TW': (d) => `活頁簿中已有同名工作表：${d}。為避免覆寫，未插入範本。請在空白活頁簿使用，或先將這些工作表改名。`,
    en: (d) => `The workbook already has sheets with these names: ${d}. To avoid overwriting them, the template was not inserted. Use an empty workbook, or rename those sheets first.`,
  },
  denied: {
    'zh-TW': () => 'Excel 拒絕寫入：工作表或活頁簿受保護，或沒有編輯權限。請取消保護或取得編輯權限後再執行一次；再次執行會取代未完成的寫入。',
    en: () => 'Excel refused the write: a sheet or the workbook is protected, or you may not edit it. Unprotect it or get edit rights, then run the action again; it replaces anything half written.',
  },
  interrupted: {
    'zh-TW': (d) => `Excel 在寫入途中停止（${d}）。已寫入與未寫入的部分都已記錄；排除原因後再執行一次，即會取代這次未完成的寫入。`,
    en: (d) => `Excel stopped part way through the write (${d}). What was and was not written is recorded; once the cause is fixed, run the action again and it replaces the unfinished write.`,
  },
  busy: {
    'zh-TW': () => 'Excel 目前忙碌中。請稍候再試一次。',
    en: () => 'Excel is busy. Wait a moment and try again.',
  },
  excel_error: {
    // Excel's code, or nothing: its English message stays out of the Chinese sentence (excelCode keeps it).
    'zh-TW': (d) => `Excel 回報錯誤${/^[A-Za-z]+$/.test(d) ? `（錯誤代碼 ${d}）` : ''}。若寫入中斷，再執行一次即可修復：上次寫入的內容會被取代。`,
    en: (d) => `Excel reported an error (${d}). If a write was interrupted, run the action again: it replaces what the earlier run wrote.`,
  },
};

export function userError(code: UserErrorCode, lang: Lang, detail = '', excelCode?: string): UserError {
  return { code, message: TEXT[code][lang](detail), excelCode };
}

const STEP_NAMES: Record<string, { 'zh-TW': string; en: string }> = {
  unmark: { 'zh-TW': '移除上次的標示', en: 'taking away the last marks' },
  clear: { 'zh-TW': '清除上次的欄位', en: 'clearing the last columns' },
  deleteSheets: { 'zh-TW': '刪除上次的工作表', en: 'deleting the last sheets' },
  record: { 'zh-TW': '寫入記錄', en: 'the record' },
  sheets: { 'zh-TW': '寫入計算欄位與工作表', en: 'the computed columns and sheets' },
  marks: { 'zh-TW': '標示問題儲存格', en: 'marking the problem cells' },
};

/** A write that Excel stopped part way: what was written, what was not, and why. */
export function fromInterruptedWrite(done: string[], step: string, cause: unknown, lang: Lang): UserError {
  const inner = fromExcelError(cause, lang);
  const name = (s: string) => STEP_NAMES[s]?.[lang] ?? s;
  const detail =
    lang === 'zh-TW'
      ? `已完成：${done.length ? done.map(name).join('、') : '無'}；未完成：${name(step)}及其後步驟。原因：${inner.message}`
      : `done: ${done.length ? done.map(name).join(', ') : 'nothing'}; not done: ${name(step)} and what follows. Cause: ${inner.message}`;
  return { ...userError('interrupted', lang, detail, inner.excelCode), code: 'interrupted' };
}

/** An error thrown inside Excel.run → a message for the user. */
export function fromExcelError(e: unknown, lang: Lang): UserError {
  const err = e as { code?: string; message?: string; debugInfo?: { code?: string; errorLocation?: string } };
  const code = err?.code ?? err?.debugInfo?.code ?? '';
  const detail = code || String(err?.message ?? e).split('\n')[0];
  switch (code) {
    case 'InvalidOperationInCellEditMode':
      return userError('cell_edit_mode', lang, '', code);
    case 'AccessDenied':
    case 'WorkbookProtected':
    case 'SheetProtected':
      // The add-in checks protection before it writes; this is a protection it could not see (or a change since).
      return userError('denied', lang, '', code);
    case 'RequestPayloadSizeLimitExceeded':
    case 'PayloadTooLarge':
    case 'ResponsePayloadSizeLimitExceeded':
      return userError('too_large', lang, code, code);
    case 'ApiNotFound':
    case 'NotImplemented':
    case 'UnsupportedOperation':
      return userError('unsupported', lang, code, code);
    case 'ActivityLimitReached':
    case 'Conflict':
    case 'ServiceNotAvailable':
      return userError('busy', lang, '', code);
    default: {
      const u = userError('excel_error', lang, detail, code || undefined);
      const where = err?.debugInfo?.errorLocation;
      if (where) u.excelCode = `${code} at ${where}`;
      return u;
    }
  }
}
