/**
 * `plancheck fill` with the package host: the plan is applied to the input file's own bytes, and the
 * result is written atomically. When the package cannot be edited in place, the ExcelJS host is used only
 * if it would lose nothing the input has; otherwise nothing is written and the parts that would be lost
 * are named.
 */
import type ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { promises as fs } from 'fs';
import * as path from 'path';
import { joinList, plural, type Lang } from '../../engine/messages';
import type { WritePlan } from '../../engine/writePlan';
import { applyWritePlan } from '../exceljs/apply';
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
  fallback: {
    'zh-TW': '無法直接編輯這個活頁簿的檔案結構（{0}），改以整檔重寫；輸入檔的每個部分都保留',
    en: 'the package could not be edited in place ({0}); the whole file was written again, keeping every part of the input',
  },
  wouldLose: {
    'zh-TW': '無法直接編輯這個活頁簿的檔案結構（{0}），而整檔重寫會遺失：{1}。未寫出輸出檔',
    en: 'the package cannot be edited in place ({0}), and writing the whole file again would lose: {1}. Nothing was written',
  },
  macroExtension: {
    'zh-TW': '輸入檔含巨集，輸出檔保留巨集；Excel 只以 .xlsm 副檔名開啟含巨集的活頁簿，請將輸出檔改用 .xlsm',
    en: 'the input has macros and the output keeps them; Excel opens a workbook with macros only under the .xlsm extension: name the output .xlsm',
  },
} satisfies Record<string, T>;

export function ooxmlText(text: T, lang: Lang, ...args: (string | number)[]): string {
  return text[lang].replace(/\{(\d+)\}/g, (_, k: string) => String(args[Number(k)] ?? ''));
}

/** The package cannot be edited in place and the ExcelJS host would lose parts of it. */
export class PartsWouldBeLostError extends Error {
  /** The input file, set by the caller that knows it. */
  file = '';
  constructor(
    readonly reason: string,
    readonly parts: string[],
    /** The part and the reason it could not be edited in place (reason in English when not given). */
    readonly origin: { reason?: string; part?: string } = { reason },
  ) {
    super(`${reason}; would lose ${parts.join(', ')}`);
  }
  text(lang: Lang): string {
    return ooxmlText(OOXML_TEXT.wouldLose, lang, packageReasonText(this.origin, lang), joinList(this.parts, lang));
  }
}

export interface FillOutcome {
  bytes: Buffer;
  /** Which host wrote the output. */
  host: 'package' | 'exceljs';
  /** Lines to tell the user (notes left out, a fallback, macros under .xlsx). */
  warnings: string[];
  result?: PackageResult;
}

const MACRO_MAIN = /macroEnabled/i;

/**
 * Applies the plan to the input bytes. `wb` is the ExcelJS workbook read from the same bytes; it is
 * written only in the fallback.
 */
export async function fillPackageBytes(input: Buffer, wb: ExcelJS.Workbook, plan: WritePlan, lang: Lang, output?: string): Promise<FillOutcome> {
  const warnings: string[] = [];
  let result: PackageResult;
  try {
    result = await applyPlanToPackage(input, plan);
  } catch (e) {
    if (!(e instanceof PackageError)) throw e;
    applyWritePlan(wb, plan);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const lost = await excelJsLosses(input, bytes);
    if (lost.length) throw new PartsWouldBeLostError(e.message, lost, e);
    warnings.push(ooxmlText(OOXML_TEXT.fallback, lang, packageReasonText(e, lang)));
    return { bytes, host: 'exceljs', warnings };
  }
  for (const s of result.notesSkipped) warnings.push(ooxmlText(OOXML_TEXT.notesSkipped, lang, s.sheet, lang === 'en' ? plural(s.notes, 'note') : s.notes));
  if (result.removedOther.length) warnings.push(ooxmlText(OOXML_TEXT.removedOther, lang, joinList(result.removedOther, lang)));
  if (output && /\.xlsx$/i.test(output) && (await isMacroPackage(input))) warnings.push(ooxmlText(OOXML_TEXT.macroExtension, lang));
  return { bytes: result.bytes, host: 'package', warnings, result };
}

async function isMacroPackage(bytes: Buffer): Promise<boolean> {
  const zip = await JSZip.loadAsync(bytes);
  const ct = zip.file('[Content_Types].xml');
  return !!ct && MACRO_MAIN.test(await ct.async('string'));
}

/**
 * What the ExcelJS host's output would not have of the input: parts missing by name, and sheet extensions
 * (sparklines, slicer lists, x14 formats and validations) that ExcelJS does not write.
 */
export async function excelJsLosses(input: Buffer, output: Buffer): Promise<string[]> {
  const a = await JSZip.loadAsync(input);
  const b = await JSZip.loadAsync(output);
  const have = new Set(Object.keys(b.files).map((n) => n.toLowerCase()));
  const lost: string[] = [];
  for (const [name, f] of Object.entries(a.files)) {
    if (f.dir || /\.rels$/i.test(name) || name === '[Content_Types].xml') continue;
    if (!have.has(name.toLowerCase())) lost.push(name);
    else if (/^xl\/worksheets\/[^/]+\.xml$/i.test(name) && /<(?:\w+:)?extLst\b/.test(await f.async('string'))) lost.push(`${name} (extLst)`);
  }
  return lost;
}

/** The atomic writer of the .xlsx host (temp file, flush, rename; stale temps cleaned; never over an input). */
export { writeBytesAtomic } from '../exceljs/files';
