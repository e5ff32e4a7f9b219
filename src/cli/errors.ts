/**
 * Node's and the libraries' errors as sentences in the user's language: the one place where an error code
 * (`EISDIR`, `EBUSY`), a reader's English detail ("the end of the zip is missing (a truncated file?)") becomes words
 * (why a package could not be edited in place: src/hosts/ooxml/reasons.ts). Every caller that reports a file it could not read or write calls these;
 * no English fragment from Node or a library reaches a zh-TW message, and none reaches an English one either
 * unless it is a name (a part such as xl/worksheets/sheet1.xml, a sheet, a number with its unit).
 *
 *   outputErrorText(e, lang)     an output that could not be written (fill, template, batch): what to do
 *   inputErrorText(e, lang)      an InputError (file → workbook): the problem and its detail
 *   inputDetailText(detail, lang)  a reader's detail alone ('' when it says nothing a user can act on)
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

/** A part of the package: `xl/worksheets/sheet1.xml`, `[Content_Types].xml`, `_rels/.rels`. */
const PART = String.raw`((?:\[Content_Types\]\.xml)|(?:[\w.\-\[\]]+/)*[\w.\-\[\]]+\.(?:xml|rels|bin|vml))`;

/** Details the readers write, with their words in each language ($1, $2: names and numbers kept as they are). */
const DETAILS: { re: RegExp; text: T }[] = [
  { re: /^Word 97-2003 \.doc$/, text: { 'zh-TW': 'Word 97-2003 .doc 文件', en: 'a Word 97-2003 .doc document' } },
  { re: /^PowerPoint 97-2003 \.ppt$/, text: { 'zh-TW': 'PowerPoint 97-2003 .ppt 簡報', en: 'a PowerPoint 97-2003 .ppt presentation' } },
  { re: /^empty zip$/, text: { 'zh-TW': '空的 zip 壓縮檔', en: 'an empty zip' } },
  { re: /^Excel binary workbook \.xlsb$/, text: { 'zh-TW': 'Excel 二進位活頁簿 .xlsb；請在 Excel 另存為 .xlsx', en: 'an Excel binary workbook .xlsb; save it as .xlsx in Excel' } },
  { re: /^Word \.docx$/, text: { 'zh-TW': 'Word .docx 文件', en: 'a Word .docx document' } },
  { re: /^PowerPoint \.pptx$/, text: { 'zh-TW': 'PowerPoint .pptx 簡報', en: 'a PowerPoint .pptx presentation' } },
  { re: /^OpenDocument$/, text: { 'zh-TW': 'OpenDocument 文件（如 .ods）；請另存為 .xlsx', en: 'an OpenDocument file (such as .ods); save it as .xlsx' } },
  { re: /^zip archive without xl\/workbook\.xml$/, text: { 'zh-TW': '不含 xl/workbook.xml 的 zip 壓縮檔', en: 'a zip without xl/workbook.xml' } },
  { re: /^xl\/workbook\.xml is missing$/, text: { 'zh-TW': '缺少 xl/workbook.xml', en: 'xl/workbook.xml is missing' } },
  { re: /^no worksheets$/, text: { 'zh-TW': '沒有任何工作表', en: 'it has no worksheets' } },
  { re: /^the end of the zip is missing/, text: { 'zh-TW': 'zip 的結尾不見了，檔案可能被截斷', en: 'the end of the zip is missing (a truncated file?)' } },
  { re: /^the zip directory lies beyond the end of the file/, text: { 'zh-TW': 'zip 目錄超出檔案結尾，檔案可能被截斷', en: 'the zip directory lies beyond the end of the file (a truncated file?)' } },
  { re: /^(?:damaged zip directory|damaged ZIP64 field|ZIP64 locator missing|ZIP64 directory missing)$/, text: { 'zh-TW': 'zip 目錄已損毀', en: 'the zip directory is damaged' } },
  { re: new RegExp(`^${PART}: missing \\(a truncated file\\?\\)$`), text: { 'zh-TW': '$1 不見了，檔案可能被截斷', en: '$1 is missing (a truncated file?)' } },
  { re: new RegExp(`^${PART}: cut short \\(a truncated file\\?\\)$`), text: { 'zh-TW': '$1 不完整，檔案可能被截斷', en: '$1 is cut short (a truncated file?)' } },
  { re: new RegExp(`^${PART}: encrypted zip entry$`), text: { 'zh-TW': '$1 以 zip 密碼加密', en: '$1 is encrypted in the zip' } },
  { re: new RegExp(`^${PART}: compression method (\\d+)$`), text: { 'zh-TW': '$1 使用不支援的壓縮方式 $2', en: '$1 uses compression method $2, which is not supported' } },
  { re: new RegExp(`^${PART}: the zip directory gives a wrong size$`), text: { 'zh-TW': 'zip 目錄記載的 $1 大小不符', en: 'the zip directory gives a wrong size for $1' } },
  // Sizes and counts: names, numbers and units only, the same in every language.
  { re: /^(\d[\d,.]* (?:MB|MiB|GiB))$/, text: { 'zh-TW': '$1', en: '$1' } },
  { re: /^((?:[\d,.]+ (?:MiB|GiB) )?> [\d,.]+ (?:MiB|GiB))$/, text: { 'zh-TW': '$1', en: '$1' } },
  { re: /^(.+): ((?:[\d,]+ )?> [\d,]+)$/, text: { 'zh-TW': '$1：$2', en: '$1: $2' } },
  { re: /^(.+): ([\d,.]+ (?:MiB|GiB), [\d,]+:1 > \d+:1)$/, text: { 'zh-TW': '$1：$2', en: '$1: $2' } },
];

/** A library's own message about a part (`xl/worksheets/sheet1.xml: invalid distance too far back`): the part only. */
const PART_WITH_LIBRARY_TEXT = new RegExp(`^${PART}: `);
const PART_ONLY: T = { 'zh-TW': '$1 無法讀取', en: '$1 cannot be read' };

/** The detail of an InputError in the user's language; '' when it is a library's message with nothing to act on. */
export function inputDetailText(detail: string, lang: Lang): string {
  const d = detail.trim();
  if (!d) return '';
  for (const { re, text } of DETAILS) {
    const m = re.exec(d);
    if (m) return text[lang].replace(/\$(\d)/g, (_, k: string) => m[Number(k)] ?? '');
  }
  const part = PART_WITH_LIBRARY_TEXT.exec(d);
  if (part) return PART_ONLY[lang].replace('$1', part[1]);
  return '';
}

/** `找不到這個檔案，請確認路徑`, with the detail in brackets of the language when there is one worth saying. */
export function inputErrorText(e: { problem: InputProblem; detail?: string | ((lang: Lang) => string) }, lang: Lang): string {
  // The package layer's details are its own sentences in each language; other readers' are translated here.
  const detail = typeof e.detail === 'function' ? e.detail(lang) : inputDetailText(e.detail ?? '', lang);
  const text = PROBLEMS[e.problem][lang];
  if (!detail) return text;
  return lang === 'zh-TW' ? `${text}（${detail}）` : `${text} (${detail})`;
}
