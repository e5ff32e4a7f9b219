/** .xlsx files in Node: read with clear reasons when a file is not a readable workbook; write atomically. */
import ExcelJS from 'exceljs';
import { promises as fs } from 'fs';
import * as path from 'path';

export type InputProblem =
  | 'not_found'
  | 'is_directory'
  | 'no_permission'
  | 'empty_file'
  | 'encrypted'
  | 'legacy_xls'
  | 'not_xlsx'
  | 'damaged'
  | 'too_large';

export class InputError extends Error {
  constructor(
    readonly problem: InputProblem,
    readonly file: string,
    readonly detail = '',
  ) {
    super(`${file}: ${problem}${detail ? ` (${detail})` : ''}`);
  }
}

/** Files above this size are refused before they are unpacked. */
export const MAX_FILE_BYTES = 200 * 1024 * 1024;

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const CFB = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ENCRYPTION_INFO = Buffer.from('EncryptionInfo', 'utf16le');

export async function readWorkbookFile(file: string): Promise<ExcelJS.Workbook> {
  let buf: Buffer;
  try {
    const st = await fs.stat(file);
    if (st.isDirectory()) throw new InputError('is_directory', file);
    if (st.size > MAX_FILE_BYTES) throw new InputError('too_large', file, `${Math.round(st.size / 1048576)} MB`);
    buf = await fs.readFile(file);
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new InputError('not_found', file);
    if (code === 'EACCES' || code === 'EPERM') throw new InputError('no_permission', file);
    if (code === 'EISDIR') throw new InputError('is_directory', file);
    throw new InputError('damaged', file, (e as Error).message);
  }
  if (buf.length === 0) throw new InputError('empty_file', file);
  if (buf.subarray(0, 8).equals(CFB)) {
    throw new InputError(buf.includes(ENCRYPTION_INFO) ? 'encrypted' : 'legacy_xls', file);
  }
  if (!buf.subarray(0, 4).equals(ZIP)) throw new InputError('not_xlsx', file);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch (e) {
    throw new InputError('damaged', file, oneLine((e as Error).message));
  }
  if (!wb.worksheets.length) throw new InputError('damaged', file, 'no worksheets');
  return wb;
}

function oneLine(s: string): string {
  const line = String(s).split('\n')[0];
  return line.length > 160 ? line.slice(0, 157) + '...' : line;
}

/** Writes to a temporary file beside the target, then renames: a reader never sees half a file. */
export async function writeWorkbookAtomic(wb: ExcelJS.Workbook, file: string): Promise<void> {
  const dir = path.dirname(path.resolve(file));
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await wb.xlsx.writeFile(tmp);
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  }
}
