/** Why the package host could not edit a file in place (a PackageError), in the user's language. */
import type { Lang } from '../../engine/messages';

type T = Record<Lang, string>;

// ---------------------------------------------------------------------------------------------

const REASONS: { re: RegExp; text: T }[] = [
  { re: /^missing part$/, text: { 'zh-TW': '缺少這個部分', en: 'it is missing' } },
  { re: /^Strict Open XML$/, text: { 'zh-TW': '使用 Strict Open XML 格式', en: 'it is Strict Open XML' } },
  { re: /^malformed XML/, text: { 'zh-TW': 'XML 格式有誤', en: 'its XML is malformed' } },
  { re: /^(?:UTF-16 part|not UTF-8|encoding .*)$/, text: { 'zh-TW': '不是 UTF-8 編碼', en: 'it is not UTF-8' } },
  { re: /^unknown namespace/, text: { 'zh-TW': '使用不明的 XML 命名空間', en: 'it uses an unknown XML namespace' } },
  { re: /^not a readable zip/, text: { 'zh-TW': '不是可讀的 zip', en: 'it is not a readable zip' } },
  { re: /^no workbook relationship$/, text: { 'zh-TW': '沒有指向活頁簿的關聯', en: 'it names no workbook' } },
  { re: /^no relationship /, text: { 'zh-TW': '缺少工作表的關聯', en: 'a sheet has no relationship' } },
  { re: /^part exists$/, text: { 'zh-TW': '已有同名的部分', en: 'a part of that name exists' } },
  { re: /^empty stylesheet$/, text: { 'zh-TW': '樣式表是空的', en: 'the stylesheet is empty' } },
  { re: /^no <sheets>$/, text: { 'zh-TW': '沒有工作表清單', en: 'it lists no sheets' } },
  { re: /^unterminated tag$/, text: { 'zh-TW': 'XML 標籤未結束', en: 'an XML tag is not closed' } },
  { re: /^bad row number (.*)$/, text: { 'zh-TW': '列號 $1 不正確', en: 'the row number $1 is wrong' } },
  { re: /^rows out of order at row (\d+)$/, text: { 'zh-TW': '第 $1 列的順序錯亂', en: 'rows out of order at row $1' } },
  { re: /^not a worksheet/, text: { 'zh-TW': '不是工作表', en: 'it is not a worksheet' } },
  { re: /ZIP64 is not written/, text: { 'zh-TW': '輸出檔將超過 zip 的 4 GiB 或 65,535 個項目上限（不寫 ZIP64 格式）', en: 'the output would pass the zip limits of 4 GiB or 65,535 entries (ZIP64 is not written)' } },
  { re: /^unexpected <[^>]*> in sheetData$/, text: { 'zh-TW': '儲存格資料中有不應出現的元素', en: 'its cell data holds an unexpected element' } },
];
const REASON_OTHER: T = { 'zh-TW': '結構特殊', en: 'its structure is unusual' };

/** `xl/styles.xml：XML 格式有誤`: the part and why, in the user's language. */
export function packageReasonText(e: { reason?: string; part?: string; message?: string }, lang: Lang): string {
  const reason = e.reason ?? e.message ?? '';
  let m: RegExpExecArray | null = null;
  const found = REASONS.find((r) => (m = r.re.exec(reason)) !== null);
  const why = (found ? found.text : REASON_OTHER)[lang].replace(/\$(\d)/g, (_, k: string) => (m as RegExpExecArray | null)?.[Number(k)] ?? '');
  if (!e.part) return why;
  return lang === 'zh-TW' ? `${e.part}：${why}` : `${e.part}: ${why}`;
}
