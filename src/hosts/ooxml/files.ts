/**
 * `plancheck fill` with the package host: the plan is applied to the package the reader parsed (one read, one
 * parse), and the result is written atomically. A package it cannot edit in place is not written at all: the
 * user is told why and which part, and nothing is written.
 */
import { joinList, plural, type Lang } from '../../engine/messages';
import type { WritePlan } from '../../engine/writePlan';
import { XlsxPackage } from '../xlsx/read';
import { applyPlanToPackage, PackageResult } from './apply';
import { PackageError } from './opc';
import { packageReasonText } from './reasons';

type T = Record<Lang, string>;

export const OOXML_TEXT = {
  notesSkipped: {
    'zh-TW': '工作表「{0}」已有使用者自己的註解（或表單控制項），plancheck 不變更它們：{1} 則註解未加入（問題儲存格仍標示顏色）',
    en: 'sheet "{0}" has the user\'s own notes (or form controls), which plancheck does not change: {1} left out (the problem cells are still coloured)',
  },
  removedOther: {
    'zh-TW': '已刪除 plancheck 先前產生的工作表，連同放在其上的：{0}',
    en: "the add-in's earlier sheet was removed together with what had been put on it: {0}",
  },
  cannotEdit: {
    'zh-TW': '無法直接編輯這個活頁簿的檔案結構（{0}），為了不遺失任何內容，未寫出輸出檔；可在 Excel 開啟並另存新檔後再試',
    en: 'the package cannot be edited in place ({0}); so that nothing is lost, nothing was written. Open it in Excel, save it again and retry',
  },
  macroExtension: {
    'zh-TW': '輸入檔含巨集，輸出檔保留巨集；Excel 只以 .xlsm 副檔名開啟含巨集的活頁簿，請將輸出檔改用 .xlsm',
    en: 'the input has macros and the output keeps them; Excel opens a workbook with macros only under the .xlsm extension: name the output .xlsm',
  },
} satisfies Record<string, T>;

export function ooxmlText(text: T, lang: Lang, ...args: (string | number)[]): string {
  return text[lang].replace(/\{(\d+)\}/g, (_, k: string) => String(args[Number(k)] ?? ''));
}

/** The package cannot be edited in place: nothing is written. */
export class NotEditableError extends Error {
  /** The input file, set by the caller that knows it. */
  file = '';
  constructor(readonly reason: PackageError) {
    super(reason.message);
  }
  text(lang: Lang): string {
    return ooxmlText(OOXML_TEXT.cannotEdit, lang, packageReasonText(this.reason, lang));
  }
}

export interface FillOutcome {
  /** The output package (joined when first asked for). */
  readonly bytes: Buffer;
  /** The output package in pieces, in order: what the CLI writes to its file. */
  pieces: Uint8Array[];
  /** Which host wrote the output. */
  host: 'package';
  /** Lines to tell the user (notes left out, a fallback, macros under .xlsx). */
  warnings: string[];
  result?: PackageResult;
}

/** Applies the plan to the package as read (or to a package's bytes). */
export async function fillPackageBytes(input: XlsxPackage | Uint8Array, plan: WritePlan, lang: Lang, output?: string): Promise<FillOutcome> {
  const warnings: string[] = [];
  let result: PackageResult;
  try {
    result = await applyPlanToPackage(input, plan);
  } catch (e) {
    if (e instanceof PackageError) throw new NotEditableError(e);
    throw e;
  }
  for (const s of result.notesSkipped) warnings.push(ooxmlText(OOXML_TEXT.notesSkipped, lang, s.sheet, lang === 'en' ? plural(s.notes, 'note') : s.notes));
  if (result.removedOther.length) warnings.push(ooxmlText(OOXML_TEXT.removedOther, lang, joinList(result.removedOther, lang)));
  if (output && /\.xlsx$/i.test(output) && result.macros) warnings.push(ooxmlText(OOXML_TEXT.macroExtension, lang));
  return {
    get bytes() {
      return result.bytes;
    },
    pieces: result.pieces,
    host: 'package',
    warnings,
    result,
  };
}

/** The atomic writer of the .xlsx host (temp file, flush, rename; stale temps cleaned; never over an input). */
export { writeBytesAtomic } from '../node/files';
