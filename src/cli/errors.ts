/**
 * Node's errors as sentences in the user's language: the one place where an error code (`EISDIR`, `EBUSY`) becomes
 * words (a package's details come in each language from src/hosts/xlsx/errors.ts; why a package could not be edited
 * in place: src/hosts/ooxml/reasons.ts). Every caller that reports a file it could not read or write calls these;
 * no English fragment from Node or a library reaches a zh-TW message, and none reaches an English one either
 * unless it is a name (a part such as xl/worksheets/sheet1.xml, a sheet, a number with its unit, a system code).
 *
 *   outputErrorText(e, lang)     an output that could not be written (fill, template, batch): what to do
 *   inputErrorText(e, lang)      an InputError (file → workbook): the problem and its detail
 *   readErrorText(e, lang)       a file that is only read (--settings) could not be read
 *   jsonErrorText(e, text, lang) where a JSON text (--settings) is malformed: line and column, no V8 English
 */
import type { Lang } from '../engine/messages';
import type { InputProblem } from '../hosts/node/files';
import { PROBLEMS } from './texts';

type T = Record<Lang, string>;

/** Why an output could not be written, from Node's error code. */
export type OutputProblem =
  | 'no_folder'
  | 'not_folder'
  | 'is_folder'
  | 'open_elsewhere'
  | 'busy_or_denied'
  | 'no_permission'
  | 'read_only_disk'
  | 'disk_full'
  | 'name_too_long'
  | 'bad_name'
  | 'other';

export const OUTPUT_TEXT: Record<OutputProblem, T> = {
  no_folder: {
    'zh-TW': '資料夾不存在；請先建立資料夾，或用 -o 指定其他位置',
    en: 'the folder does not exist; create it first, or name another place with -o',
  },
  not_folder: {
    'zh-TW': '路徑中有一段是檔案而不是資料夾；請用 -o 指定其他位置',
    en: 'a part of the path is a file, not a folder; name another place with -o',
  },
  is_folder: {
    'zh-TW': '已有同名的資料夾；請用 -o 指定檔案名稱（例如 輸出.xlsx）',
    en: 'a folder of that name exists; name a file with -o (such as out.xlsx)',
  },
  open_elsewhere: {
    'zh-TW': '檔案正由其他程式使用（可能已在 Excel 中開啟）；請在 Excel 關閉該檔案後再試一次',
    en: 'the file is in use by another program (perhaps open in Excel); close it in Excel and try again',
  },
  busy_or_denied: {
    'zh-TW': '檔案可能已在 Excel 中開啟，或沒有寫入權限；請在 Excel 關閉該檔案（或改用 -o 指定其他檔名）後再試一次',
    en: 'the file may be open in Excel, or you may not write there; close it in Excel (or name another file with -o) and try again',
  },
  no_permission: {
    'zh-TW': '沒有寫入權限；請改用 -o 指定可寫入的位置',
    en: 'no permission to write there; name a writable place with -o',
  },
  read_only_disk: {
    'zh-TW': '磁碟或資料夾是唯讀的；請改用 -o 指定其他位置',
    en: 'the disk or folder is read-only; name another place with -o',
  },
  disk_full: {
    'zh-TW': '磁碟空間不足；請清出空間或改用其他磁碟',
    en: 'the disk is full; free some space or use another disk',
  },
  name_too_long: {
    'zh-TW': '檔名或路徑太長；請改用較短的名稱',
    en: 'the file name or path is too long; use a shorter one',
  },
  bad_name: {
    'zh-TW': '檔名含有系統不接受的字元；請改用其他檔名',
    en: 'the file name has characters the system does not accept; use another name',
  },
  other: {
    'zh-TW': '系統拒絕寫入；請確認資料夾存在且可寫入',
    en: 'the system refused the write; check that the folder exists and is writable',
  },
};

const CANNOT_WRITE: T = { 'zh-TW': '無法寫入輸出檔：{0}', en: 'cannot write the output: {0}' };
const SYSTEM_CODE: T = { 'zh-TW': '（系統代碼 {0}）', en: ' (system code {0})' };

function fill(text: string, ...args: string[]): string {
  return text.replace(/\{(\d)\}/g, (_, k: string) => args[Number(k)] ?? '');
}

function codeOf(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' ? code : typeof e === 'string' ? e : '';
}

/**
 * The problem behind a failed write. On Windows a file open in Excel cannot be replaced: the rename fails with
 * EBUSY, EPERM or EACCES (Windows gives no way to tell an open file from a denied one).
 */
export function outputProblem(e: unknown, platform: NodeJS.Platform = process.platform): OutputProblem {
  switch (codeOf(e)) {
    case 'ENOENT':
      return 'no_folder';
    case 'ENOTDIR':
      return 'not_folder';
    case 'EISDIR':
      return 'is_folder';
    case 'EBUSY':
    case 'ETXTBSY':
      return 'open_elsewhere';
    case 'EPERM':
    case 'EACCES':
      return platform === 'win32' ? 'busy_or_denied' : 'no_permission';
    case 'EROFS':
      return 'read_only_disk';
    case 'ENOSPC':
    case 'EDQUOT':
      return 'disk_full';
    case 'ENAMETOOLONG':
      return 'name_too_long';
    case 'EINVAL':
    case 'EILSEQ':
      return 'bad_name';
    default:
      return 'other';
  }
}

/** `無法寫入輸出檔：資料夾不存在；…`: the whole sentence after the file's name. */
export function outputErrorText(e: unknown, lang: Lang, platform: NodeJS.Platform = process.platform): string {
  const problem = outputProblem(e, platform);
  let reason = OUTPUT_TEXT[problem][lang];
  const code = codeOf(e);
  // A code no sentence covers (EIO, EMFILE, …) is kept for whoever supports the user, inside the user's sentence.
  if (problem === 'other' && /^E[A-Z]+$/.test(code)) reason += fill(SYSTEM_CODE[lang], code);
  return fill(CANNOT_WRITE[lang], reason);
}

// ---------------------------------------------------------------------------------------------
// Input details
// ---------------------------------------------------------------------------------------------

/** Node's code for a read that failed for a reason no problem covers (EIO, EMFILE, ERR_…). */
const NODE_CODE = /^E[A-Z0-9_]+$/;
const SYSTEM_CODE_DETAIL: T = { 'zh-TW': '系統代碼 {0}', en: 'system code {0}' };

/**
 * `找不到這個檔案，請確認路徑`, with the detail in brackets of the language when there is one.
 *
 * The details an InputError can carry (src/hosts/node/files.ts): the package layer's (src/hosts/xlsx) are its own
 * sentences in each language; the file layer's are a size (`250 MB`, `> 200 MB`: a number and its unit, the same in
 * every language) or Node's error code, said here as a system code, as outputErrorText does.
 */
export function inputErrorText(e: { problem: InputProblem; detail: (lang: Lang) => string }, lang: Lang): string {
  let detail = e.detail(lang).trim();
  if (NODE_CODE.test(detail)) detail = fill(SYSTEM_CODE_DETAIL[lang], detail);
  const text = PROBLEMS[e.problem][lang];
  if (!detail) return text;
  return lang === 'zh-TW' ? `${text}（${detail}）` : `${text} (${detail})`;
}

/** Why a file that is only read (a settings file) could not be read, from Node's error code. */
export function readErrorText(e: unknown, lang: Lang): string {
  const code = codeOf(e);
  const problem: InputProblem =
    code === 'ENOENT' || code === 'ENOTDIR' ? 'not_found' : code === 'EACCES' || code === 'EPERM' ? 'no_permission' : code === 'EISDIR' ? 'is_directory' : 'damaged';
  return problem === 'damaged' && NODE_CODE.test(code) ? `${PROBLEMS.damaged[lang]}${fill(SYSTEM_CODE[lang], code)}` : PROBLEMS[problem][lang];
}

const JSON_AT: T = { 'zh-TW': 'JSON 格式有誤，在第 {0} 行第 {1} 字', en: 'the JSON is malformed at line {0}, column {1}' };
const JSON_ENDS: T = { 'zh-TW': 'JSON 內容不完整', en: 'the JSON ends too soon' };
const JSON_BAD: T = { 'zh-TW': 'JSON 格式有誤', en: 'the JSON is malformed' };
export const NOT_AN_OBJECT: T = { 'zh-TW': '內容不是 JSON 物件', en: 'it is not a JSON object' };

/** Where a JSON text is malformed, from JSON.parse's error (V8's English message gives the position; only that is kept). */
export function jsonErrorText(e: unknown, text: string, lang: Lang): string {
  const message = e instanceof Error ? e.message : String(e);
  const at = /at position (\d+)/.exec(message);
  if (at && Number(at[1]) >= text.trimEnd().length) return JSON_ENDS[lang];
  if (at) {
    const before = text.slice(0, Number(at[1]));
    const line = before.split('\n').length;
    const column = before.length - before.lastIndexOf('\n');
    return fill(JSON_AT[lang], String(line), String(column));
  }
  return /end of JSON/i.test(message) ? JSON_ENDS[lang] : JSON_BAD[lang];
}
