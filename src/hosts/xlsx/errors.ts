/**
 * Why a package cannot be read, as a problem code and a detail in the user's language. Pure: no Node API, so that
 * the task pane can read a workbook the user picks with the same layer.
 */
import type { Lang } from '../../engine/messages';

export type XlsxProblem =
  | 'empty_file'
  | 'encrypted'
  | 'legacy_xls'
  | 'not_xlsx'
  | 'damaged'
  | 'too_large'
  | 'unpacked_too_large'
  | 'packed_too_tightly'
  | 'too_many_cells'
  | 'ranges_too_large';

type T = Record<Lang, string>;

/** The details, with {0}, {1} for part names and numbers (never a library's or Node's own text). */
export const DETAILS = {
  truncated: { 'zh-TW': '檔案結尾缺少 zip 目錄，檔案可能被截斷', en: 'the end of the zip is missing: the file may be truncated' },
  zip64: { 'zh-TW': 'ZIP64 目錄缺漏', en: 'the ZIP64 directory is missing' },
  beyondEnd: { 'zh-TW': 'zip 目錄超出檔案結尾，檔案可能被截斷', en: 'the zip directory lies beyond the end of the file: the file may be truncated' },
  directory: { 'zh-TW': 'zip 目錄損毀', en: 'the zip directory is damaged' },
  countMismatch: {
    'zh-TW': 'zip 結尾記錄的項目數（{0}）與目錄不符（{1}）',
    en: 'the zip end record counts {0} entries, its directory holds {1}',
  },
  badName: { 'zh-TW': '項目名稱「{0}」不是合法的部件名稱', en: 'the entry name "{0}" is not a valid part name' },
  duplicate: { 'zh-TW': '項目「{0}」重複', en: 'the entry "{0}" is there twice' },
  tooManyEntries: { 'zh-TW': 'zip 項目超過 {0} 個上限', en: 'more than the {0}-entry limit' },
  encryptedEntry: { 'zh-TW': '{0} 以 zip 密碼加密', en: '{0} is encrypted in the zip' },
  method: { 'zh-TW': '{0} 使用不支援的壓縮方式 {1}', en: '{0} uses compression method {1}, which is not supported' },
  localHeader: { 'zh-TW': '{0} 不見了，檔案可能被截斷', en: '{0} is missing: the file may be truncated' },
  cutShort: { 'zh-TW': '{0} 不完整，檔案可能被截斷', en: '{0} is cut short: the file may be truncated' },
  inflate: { 'zh-TW': '{0}：無法解壓縮', en: '{0}: cannot be unpacked' },
  wrongSize: { 'zh-TW': '{0}：zip 目錄記載的大小不符', en: '{0}: the zip directory gives a wrong size' },
  missingPart: { 'zh-TW': '缺少 {0}', en: '{0} is missing' },
  notUtf8: { 'zh-TW': '{0}：不是 UTF-8 或 UTF-16 文字', en: '{0}: not UTF-8 or UTF-16 text' },
  malformed: { 'zh-TW': '{0} 第 {1} 行的 XML 格式錯誤', en: '{0} has malformed XML at line {1}' },
  noWorkbook: { 'zh-TW': '找不到活頁簿部件（_rels/.rels）', en: 'no workbook part (_rels/.rels)' },
  noSheets: { 'zh-TW': '活頁簿沒有任何工作表', en: 'the workbook has no worksheets' },
  bytesOver: { 'zh-TW': '{0} > {1}', en: '{0} > {1}' },
  partOver: { 'zh-TW': '{0}：{1} > {2}', en: '{0}: {1} > {2}' },
  ratio: { 'zh-TW': '{0}：{1}，{2}:1 > {3}:1', en: '{0}: {1}, {2}:1 > {3}:1' },
} satisfies Record<string, T>;

/** What kind of file a zip that is not a workbook is (names of file kinds, the same in both languages). */
export const KINDS = {
  xlsb: { 'zh-TW': 'Excel 二進位活頁簿 .xlsb', en: 'Excel binary workbook .xlsb' },
  docx: { 'zh-TW': 'Word .docx', en: 'Word .docx' },
  pptx: { 'zh-TW': 'PowerPoint .pptx', en: 'PowerPoint .pptx' },
  odf: { 'zh-TW': 'OpenDocument', en: 'OpenDocument' },
  zip: { 'zh-TW': '沒有 xl/workbook.xml 的 zip 檔', en: 'zip archive without a workbook part' },
  emptyZip: { 'zh-TW': '空的 zip 檔', en: 'empty zip' },
  doc: { 'zh-TW': 'Word 97-2003 .doc', en: 'Word 97-2003 .doc' },
  ppt: { 'zh-TW': 'PowerPoint 97-2003 .ppt', en: 'PowerPoint 97-2003 .ppt' },
} satisfies Record<string, T>;

export type DetailKey = keyof typeof DETAILS;

/** A package that cannot be read: the problem, and the detail to show beside it. */
export class XlsxError extends Error {
  constructor(
    readonly problem: XlsxProblem,
    readonly key: DetailKey | null = null,
    readonly args: (string | number)[] = [],
    readonly kind: keyof typeof KINDS | null = null,
  ) {
    super(`${problem}${key ? ` (${detailText(key, args, 'en')})` : kind ? ` (${KINDS[kind].en})` : ''}`);
  }
  /** The detail in the user's language ('' when there is none). */
  detail(lang: Lang): string {
    if (this.kind) return KINDS[this.kind][lang];
    return this.key ? detailText(this.key, this.args, lang) : '';
  }
}

const num = (n: number) => n.toLocaleString('en-US');

export function detailText(key: DetailKey, args: (string | number)[], lang: Lang): string {
  return DETAILS[key][lang].replace(/\{(\d+)\}/g, (_, k: string) => {
    const v = args[Number(k)];
    return typeof v === 'number' ? num(v) : String(v ?? '');
  });
}
