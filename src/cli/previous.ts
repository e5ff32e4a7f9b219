/**
 * `--previous FOLDER`: last year's workbooks, one per agency, each this year's workbook compared with its
 * namesake. A folder of plans is one workbook per agency (警察局.xlsx, 消防局.xlsx, …); last year's folder holds
 * the same agencies under the same names, or under the same names with the year one less (`113年度-警察局.xlsx`
 * this year, `112年度-警察局.xlsx` last year). Comparing every agency's workbook with one file would report each
 * other agency's risks as new and closed and its budget as changed, so a single file is refused for many workbooks.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import type { Lang } from '../engine/messages';
import type { WorkbookSnapshot } from '../engine/snapshot';
import { InputError, readWorkbookFile } from '../hosts/node/files';

const WORKBOOK = /\.(xlsx|xlsm)$/i;

/** The workbooks in last year's folder (not its subfolders; Excel's `~$` lock files and hidden files skipped). */
export async function previousWorkbooks(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch((e: NodeJS.ErrnoException) => {
    const problem = e.code === 'EACCES' || e.code === 'EPERM' ? 'no_permission' : e.code === 'ENOENT' ? 'not_found' : 'damaged';
    throw new InputError(problem, `${dir} (--previous)`, problem === 'damaged' ? (e.code ?? '') : '');
  });
  const names = entries.filter((d) => !d.isDirectory()).map((d) => d.name).sort();
  return names.filter((n) => WORKBOOK.test(n) && !n.startsWith('~$') && !n.startsWith('.')).map((n) => path.join(dir, n));
}

/** A name as compared: without its extension, case and Unicode form (macOS gives decomposed names) set aside. */
function key(name: string): string {
  return name.replace(WORKBOOK, '').normalize('NFC').toLowerCase();
}

/** A year in a file name: a Republic of China year (100–199) or a Western one (1900–2199), not part of a longer number. */
const YEAR = /(?<!\d)(1\d\d|19\d\d|2[01]\d\d)(?!\d)/g;

/** This year's name with every year in it one less (`113年度計畫` → `112年度計畫`), or null when it has none. */
export function lastYearName(name: string): string | null {
  const older = name.replace(YEAR, (y) => String(Number(y) - 1));
  return older === name ? null : older;
}

export interface PreviousMatches {
  /** This year's workbook → last year's namesake, or null when it has none. */
  of: Map<string, string | null>;
  /** Last year's workbooks that no workbook of this year was compared with. */
  unmatched: string[];
}

/**
 * Each workbook's namesake among last year's: the same name (ignoring case and extension), else the same name with
 * the year one less. Two of last year's of one name (`a.xlsx`, `a.xlsm`): the one with the same extension.
 */
export function matchPrevious(files: string[], previous: string[]): PreviousMatches {
  const byKey = new Map<string, string[]>();
  for (const p of previous) {
    const k = key(path.basename(p));
    byKey.set(k, [...(byKey.get(k) ?? []), p]);
  }
  const pick = (file: string, k: string | null): string | null => {
    const found = k === null ? undefined : byKey.get(k);
    if (!found) return null;
    const ext = path.extname(file).toLowerCase();
    return found.find((p) => path.extname(p).toLowerCase() === ext) ?? found[0];
  };
  const of = new Map<string, string | null>();
  const used = new Set<string>();
  for (const file of files) {
    const name = path.basename(file);
    const older = lastYearName(name);
    const match = pick(file, key(name)) ?? pick(file, older === null ? null : key(older));
    of.set(file, match);
    if (match) used.add(match);
  }
  return { of, unmatched: previous.filter((p) => !used.has(p)) };
}

/** Whether a path is a folder (false when it is a file or is not there). */
export async function isFolder(p: string): Promise<boolean> {
  const st = await fs.stat(p).catch(() => null);
  return !!st && st.isDirectory();
}

/**
 * Last year's workbook, read the same way as this year's and never written. A file that cannot be read is named
 * as last year's in the message (`110.xlsx (--previous): …`).
 */
export async function readPreviousWorkbook(file: string): Promise<{ previous: WorkbookSnapshot; previousFile: string }> {
  try {
    return { previous: (await readWorkbookFile(file)).snapshot, previousFile: file };
  } catch (e) {
    if (e instanceof InputError) throw new InputError(e.problem, `${e.file} (--previous)`, (lang: Lang) => e.detail(lang));
    throw e;
  }
}
