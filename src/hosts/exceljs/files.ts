/**
 * .xlsx files in Node: read with clear reasons when a file is not a readable workbook; write atomically.
 *
 * Reading refuses, before ExcelJS unpacks anything, files that are not what they claim (a CSV, a Word file,
 * an old .xls, a password-encrypted workbook, a truncated zip) and files that would unpack to more than this
 * process can hold (a zip bomb, a sheet of millions of cells, a name over a million rows): see LIMITS and
 * docs/reliability.md. Writing goes to a temporary file beside the target, flushed to disk, then renamed, so
 * that the target is either the old file or the whole new one; temporary files that a killed run left are
 * removed by the next write to the same target.
 */
import ExcelJS from 'exceljs';
import { promises as fs, rmSync } from 'fs';
import * as path from 'path';
import { isMainThread } from 'worker_threads';
import * as zlib from 'zlib';

export type InputProblem =
  | 'not_found'
  | 'is_directory'
  | 'no_permission'
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

export class InputError extends Error {
  constructor(
    readonly problem: InputProblem,
    readonly file: string,
    readonly detail = '',
  ) {
    super(`${file}: ${problem}${detail ? ` (${detail})` : ''}`);
  }
}

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/** Files above this size are refused before they are unpacked. */
export const MAX_FILE_BYTES = 200 * MiB;

/**
 * The parts of the zip together may unpack to at most this (the sizes the zip directory declares, and then the
 * bytes really unpacked). Plan workbooks unpack to a few MB; 100,000 rows of the bench plan to about 50 MB.
 */
export const MAX_UNPACKED_BYTES = 1 * GiB;

/**
 * A part that unpacks to more than PACKED_RATIO_MIN_BYTES may be packed at most MAX_PACKED_RATIO : 1. Sheet XML
 * packs about 10 : 1, a sheet of empty formatted cells about 50 : 1; a zip bomb packs 1,000 : 1 and more.
 */
export const MAX_PACKED_RATIO = 200;
export const PACKED_RATIO_MIN_BYTES = 50 * MiB;

/**
 * Cells: the cells written in the sheets' XML plus every cell of a merged range (ExcelJS makes a cell object for
 * each), counted before ExcelJS loads the file, and the cells ExcelJS holds, counted after. `fill` of 767,000
 * cells (the bench's 100,000 rows) peaks at 1.4 GB; ExcelJS runs out of its 4 GB heap at about 3 million.
 */
export const MAX_CELLS = 2_000_000;

/**
 * Cells covered by defined names and data validations: ExcelJS expands both cell by cell when it loads a file.
 * A name over A1:H1048576 (8.4 million cells) costs it 1 GB and 3 s; over A1:AD1048576 (31 million) it runs out of
 * memory after 75 s. A name or validation over whole columns written as `$A:$A` is not expanded and not counted.
 */
export const MAX_RANGE_CELLS = 10_000_000;

export const LIMITS = {
  fileBytes: MAX_FILE_BYTES,
  unpackedBytes: MAX_UNPACKED_BYTES,
  packedRatio: MAX_PACKED_RATIO,
  packedRatioMinBytes: PACKED_RATIO_MIN_BYTES,
  cells: MAX_CELLS,
  rangeCells: MAX_RANGE_CELLS,
} as const;

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const EMPTY_ZIP = Buffer.from([0x50, 0x4b, 0x05, 0x06]);
const CFB = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const utf16 = (s: string) => Buffer.from(s, 'utf16le');
const ENCRYPTION_INFO = utf16('EncryptionInfo');
const ENCRYPTED_PACKAGE = utf16('EncryptedPackage');
const WORD_DOCUMENT = utf16('WordDocument');
const POWERPOINT_DOCUMENT = utf16('PowerPoint Document');

/** The files this process read as input, by device and inode: a write never replaces one of them. */
const inputs = new Set<string>();

const fileKey = (st: { dev: bigint; ino: bigint }) => `${st.dev}:${st.ino}`;

export async function readWorkbookFile(file: string): Promise<ExcelJS.Workbook> {
  let buf: Buffer;
  try {
    const st = await fs.stat(file, { bigint: true });
    if (st.isDirectory()) throw new InputError('is_directory', file);
    if (st.size > BigInt(MAX_FILE_BYTES)) throw new InputError('too_large', file, `${Math.round(Number(st.size) / MiB)} MB`);
    buf = await fs.readFile(file);
    if (st.ino !== 0n) inputs.add(fileKey(st));
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
    // An OLE compound file: an encrypted .xlsx (its package inside EncryptedPackage), an old .xls, or a .doc/.ppt.
    if (buf.includes(ENCRYPTION_INFO) || buf.includes(ENCRYPTED_PACKAGE)) throw new InputError('encrypted', file);
    if (buf.includes(WORD_DOCUMENT)) throw new InputError('not_xlsx', file, 'Word 97-2003 .doc');
    if (buf.includes(POWERPOINT_DOCUMENT)) throw new InputError('not_xlsx', file, 'PowerPoint 97-2003 .ppt');
    throw new InputError('legacy_xls', file);
  }
  if (buf.subarray(0, 4).equals(EMPTY_ZIP)) throw new InputError('not_xlsx', file, 'empty zip');
  if (!buf.subarray(0, 4).equals(ZIP)) throw new InputError('not_xlsx', file);
  await checkPackage(buf, file);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch (e) {
    throw new InputError('damaged', file, oneLine((e as Error).message));
  }
  if (!wb.worksheets.length) throw new InputError('damaged', file, 'no worksheets');
  const cells = cellCount(wb);
  if (cells.count > MAX_CELLS) throw new InputError('too_many_cells', file, `${cells.sheet}: ${num(cells.count)} > ${num(MAX_CELLS)}`);
  return wb;
}

function oneLine(s: string): string {
  const line = String(s).split('\n')[0];
  return line.length > 160 ? line.slice(0, 157) + '...' : line;
}

const num = (n: number) => n.toLocaleString('en-US');

function bytes(n: number): string {
  if (n >= GiB) return `${(n / GiB).toFixed(1)} GiB`;
  return `${Math.max(1, Math.round(n / MiB))} MiB`;
}

/** The cells ExcelJS holds (every cell it made, empty or not), and the sheet with the most. */
function cellCount(wb: ExcelJS.Workbook): { count: number; sheet: string } {
  let count = 0;
  let most = -1;
  let sheet = '';
  for (const ws of wb.worksheets) {
    let n = 0;
    const rows = (ws as unknown as { _rows?: ({ _cells?: unknown[] } | undefined)[] })._rows;
    if (rows) for (const row of rows) n += row?._cells?.length ?? 0;
    else ws.eachRow({ includeEmpty: false }, (row) => (n += row.cellCount));
    count += n;
    if (n > most) {
      most = n;
      sheet = ws.name;
    }
  }
  return { count, sheet };
}

// ---------------------------------------------------------------------------------------------
// The zip package, read before ExcelJS unpacks it
// ---------------------------------------------------------------------------------------------

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

class ZipError extends Error {}

/** The central directory of a zip in memory (ZIP64 included); throws ZipError when it is missing or damaged. */
export function readZipDirectory(buf: Buffer): ZipEntry[] {
  const EOCD = 0x06054b50;
  let eocd = -1;
  for (let k = buf.length - 22; k >= Math.max(0, buf.length - 22 - 0xffff); k--) {
    if (buf.readUInt32LE(k) === EOCD) {
      eocd = k;
      break;
    }
  }
  if (eocd < 0) throw new ZipError('the end of the zip is missing (a truncated file?)');
  let count = buf.readUInt16LE(eocd + 10);
  let size = buf.readUInt32LE(eocd + 12);
  let offset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    const loc = eocd - 20;
    if (loc < 0 || buf.readUInt32LE(loc) !== 0x07064b50) throw new ZipError('ZIP64 locator missing');
    const z64 = Number(buf.readBigUInt64LE(loc + 8));
    if (z64 < 0 || z64 + 56 > buf.length || buf.readUInt32LE(z64) !== 0x06064b50) throw new ZipError('ZIP64 directory missing');
    count = Number(buf.readBigUInt64LE(z64 + 32));
    size = Number(buf.readBigUInt64LE(z64 + 40));
    offset = Number(buf.readBigUInt64LE(z64 + 48));
  }
  if (offset + size > buf.length) throw new ZipError('the zip directory lies beyond the end of the file (a truncated file?)');
  const entries: ZipEntry[] = [];
  let p = offset;
  for (let k = 0; k < count; k++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw new ZipError('damaged zip directory');
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    let compressedSize = buf.readUInt32LE(p + 20);
    let uncompressedSize = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    let localHeaderOffset = buf.readUInt32LE(p + 42);
    if (p + 46 + nameLen + extraLen > buf.length) throw new ZipError('damaged zip directory');
    const name = buf.toString(flags & 0x800 ? 'utf8' : 'latin1', p + 46, p + 46 + nameLen);
    // ZIP64 sizes and offset in the extra field, in this order, for the fields that are all ones.
    let e = p + 46 + nameLen;
    const end = e + extraLen;
    while (e + 4 <= end) {
      const id = buf.readUInt16LE(e);
      const len = buf.readUInt16LE(e + 2);
      if (id === 0x0001) {
        let q = e + 4;
        const take = () => {
          if (q + 8 > e + 4 + len) throw new ZipError('damaged ZIP64 field');
          const v = Number(buf.readBigUInt64LE(q));
          q += 8;
          return v;
        };
        if (uncompressedSize === 0xffffffff) uncompressedSize = take();
        if (compressedSize === 0xffffffff) compressedSize = take();
        if (localHeaderOffset === 0xffffffff) localHeaderOffset = take();
      }
      e += 4 + len;
    }
    entries.push({ name, method, flags, compressedSize, uncompressedSize, localHeaderOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** What a zip that is not an .xlsx is, from its parts; null when it looks like a workbook. */
function notWorkbook(names: Set<string>): string | null {
  if (names.has('xl/workbook.xml')) return null;
  if (names.has('xl/workbook.bin')) return 'Excel binary workbook .xlsb';
  if (names.has('word/document.xml')) return 'Word .docx';
  if (names.has('ppt/presentation.xml')) return 'PowerPoint .pptx';
  if (names.has('content.xml') && names.has('mimetype')) return 'OpenDocument';
  return 'zip archive without xl/workbook.xml';
}

/**
 * Refuses a package before ExcelJS unpacks it: not a workbook, damaged, or over the limits. First from the sizes
 * the zip directory declares (nothing unpacked), then by unpacking each part as a stream and counting what really
 * comes out (a zip may lie about its sizes): the bytes, and in the sheets and the workbook part, the cells,
 * the merged cells, and the cells of defined names and data validations.
 */
export async function checkPackage(buf: Buffer, file: string): Promise<void> {
  let entries: ZipEntry[];
  try {
    entries = readZipDirectory(buf);
  } catch (e) {
    if (e instanceof ZipError) throw new InputError('damaged', file, e.message);
    throw new InputError('damaged', file, 'damaged zip directory');
  }
  const what = notWorkbook(new Set(entries.map((x) => x.name)));
  if (what) {
    if (what.startsWith('zip archive') && entries.some((x) => x.name.startsWith('xl/'))) throw new InputError('damaged', file, 'xl/workbook.xml is missing');
    throw new InputError('not_xlsx', file, what);
  }
  let declared = 0;
  for (const x of entries) {
    declared += x.uncompressedSize;
    if (declared > MAX_UNPACKED_BYTES) throw new InputError('unpacked_too_large', file, `${bytes(declared)} > ${bytes(MAX_UNPACKED_BYTES)}`);
    tooTightly(x.name, x.uncompressedSize, x.compressedSize, file);
  }
  let unpacked = 0;
  let cells = 0;
  let rangeCells = 0;
  for (const x of entries) {
    if (x.name.endsWith('/') && x.compressedSize === 0) continue;
    if (x.flags & 1) throw new InputError('damaged', file, `${x.name}: encrypted zip entry`);
    if (x.method !== 0 && x.method !== 8) throw new InputError('damaged', file, `${x.name}: compression method ${x.method}`);
    const data = entryData(buf, x, file);
    const scan = /^xl\/worksheets\/[^/]+\.xml$/.test(x.name) ? new SheetScan() : x.name === 'xl/workbook.xml' ? new NameScan() : null;
    let partBytes = 0;
    try {
      for await (const chunk of unpack(data, x.method)) {
        partBytes += chunk.length;
        unpacked += chunk.length;
        if (unpacked > MAX_UNPACKED_BYTES) throw new InputError('unpacked_too_large', file, `> ${bytes(MAX_UNPACKED_BYTES)}`);
        tooTightly(x.name, partBytes, x.compressedSize, file);
        if (scan) {
          scan.feed(chunk);
          if (cells + scan.cells > MAX_CELLS) throw new InputError('too_many_cells', file, `${x.name}: > ${num(MAX_CELLS)}`);
          if (rangeCells + scan.rangeCells > MAX_RANGE_CELLS) throw new InputError('ranges_too_large', file, `${x.name}: > ${num(MAX_RANGE_CELLS)}`);
        }
      }
    } catch (e) {
      if (e instanceof InputError) throw e;
      throw new InputError('damaged', file, `${x.name}: ${oneLine((e as Error).message)}`);
    }
    if (scan) {
      scan.end();
      cells += scan.cells;
      rangeCells += scan.rangeCells;
      if (cells > MAX_CELLS) throw new InputError('too_many_cells', file, `${x.name}: ${num(cells)} > ${num(MAX_CELLS)}`);
      if (rangeCells > MAX_RANGE_CELLS) throw new InputError('ranges_too_large', file, `${x.name}: ${num(rangeCells)} > ${num(MAX_RANGE_CELLS)}`);
    }
    if (partBytes !== x.uncompressedSize) throw new InputError('damaged', file, `${x.name}: the zip directory gives a wrong size`);
  }
}

function tooTightly(name: string, unpacked: number, packed: number, file: string): void {
  if (unpacked > PACKED_RATIO_MIN_BYTES && unpacked / Math.max(1, packed) > MAX_PACKED_RATIO) {
    throw new InputError('packed_too_tightly', file, `${name}: ${bytes(unpacked)}, ${num(Math.round(unpacked / Math.max(1, packed)))}:1 > ${MAX_PACKED_RATIO}:1`);
  }
}

/** The packed bytes of an entry, from its local header. */
function entryData(buf: Buffer, x: ZipEntry, file: string): Buffer {
  const p = x.localHeaderOffset;
  if (p + 30 > buf.length || buf.readUInt32LE(p) !== 0x04034b50) throw new InputError('damaged', file, `${x.name}: missing (a truncated file?)`);
  const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
  if (start + x.compressedSize > buf.length) throw new InputError('damaged', file, `${x.name}: cut short (a truncated file?)`);
  return buf.subarray(start, start + x.compressedSize);
}

async function* unpack(data: Buffer, method: number): AsyncGenerator<Buffer> {
  if (method === 0) {
    yield data;
    return;
  }
  const z = zlib.createInflateRaw({ chunkSize: 256 * 1024 });
  z.end(data);
  for await (const chunk of z) yield chunk as Buffer;
}

/** Cells in `A1:C3`, `$A$1:$C$3` or `A1`; 0 for whole columns or rows (`A:A`, `1:1`). */
export function rangeCellCount(ref: string): number {
  const m = /^\$?([A-Z]{1,3})\$?(\d{1,7})(?::\$?([A-Z]{1,3})\$?(\d{1,7}))?$/i.exec(ref.trim());
  if (!m) return 0;
  const col = (s: string) => [...s.toUpperCase()].reduce((a, ch) => a * 26 + ch.charCodeAt(0) - 64, 0);
  const c1 = col(m[1]);
  const r1 = Number(m[2]);
  const c2 = m[3] ? col(m[3]) : c1;
  const r2 = m[4] ? Number(m[4]) : r1;
  return (Math.abs(c2 - c1) + 1) * (Math.abs(r2 - r1) + 1);
}

/**
 * Scans XML as it streams (bytes as latin1: the tags are ASCII), keeping the end of each chunk for the next so
 * that a tag cut between two chunks is seen once.
 */
abstract class XmlScan {
  cells = 0;
  rangeCells = 0;
  private carry = '';
  private static readonly KEEP = 65536;
  feed(chunk: Buffer): void {
    const text = this.carry + chunk.toString('latin1');
    const cut = Math.max(0, text.length - XmlScan.KEEP);
    this.scan(text, cut);
    this.carry = text.slice(cut);
  }
  end(): void {
    this.scan(this.carry, this.carry.length);
    this.carry = '';
  }
  /** Counts the matches that start before `cut`. */
  protected abstract scan(text: string, cut: number): void;
}

class SheetScan extends XmlScan {
  private static readonly CELL = /<(?:[A-Za-z_][\w.-]*:)?c[\s>/]/g;
  private static readonly MERGE = /<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*?\bref="([^"]*)"/g;
  private static readonly VALIDATION = /<(?:[A-Za-z_][\w.-]*:)?dataValidation\b[^>]*?\bsqref="([^"]*)"/g;
  protected scan(text: string, cut: number): void {
    for (const re of [SheetScan.CELL, SheetScan.MERGE, SheetScan.VALIDATION]) {
      re.lastIndex = 0;
      for (let m = re.exec(text); m !== null && m.index < cut; m = re.exec(text)) {
        if (re === SheetScan.CELL) this.cells++;
        else if (re === SheetScan.MERGE) this.cells += Math.max(0, rangeCellCount(m[1]) - 1);
        else for (const ref of m[1].split(/\s+/)) this.rangeCells += rangeCellCount(ref);
      }
    }
  }
}

class NameScan extends XmlScan {
  private static readonly NAME = /<(?:[A-Za-z_][\w.-]*:)?definedName\b([^>]*)>([^<]*)</g;
  /** A range after its sheet: `Sheet1!$A$1:$B$2`, `'預算'!B2` (ExcelJS expands only sheet-qualified ranges). */
  private static readonly REF = /!(\$?[A-Z]{1,3}\$?\d{1,7}(?::\$?[A-Z]{1,3}\$?\d{1,7})?)/gi;
  protected scan(text: string, cut: number): void {
    const re = NameScan.NAME;
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null && m.index < cut; m = re.exec(text)) {
      // Print areas and titles are kept as text by ExcelJS, not expanded.
      if (/name="_xlnm\./.test(m[1])) continue;
      for (const ref of m[2].matchAll(NameScan.REF)) this.rangeCells += rangeCellCount(ref[1]);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

/** The output would replace a file this process read as input (the same file by another path or a link). */
export class SameFileError extends Error {
  constructor(readonly file: string) {
    super('the output is the input file');
  }
}

/** When this process started: a temporary file from before was left by another run. */
const processStart = Date.now() - process.uptime() * 1000;

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The temporary file's name for `file`: `.NAME.PID.MILLISECONDS.tmp` beside it. */
export function tempNameFor(file: string, pid = process.pid, time = Date.now()): string {
  return path.join(path.dirname(path.resolve(file)), `.${path.basename(file)}.${pid}.${time}.tmp`);
}

/**
 * Removes temporary files that a run killed while writing `file` left beside it: `.NAME.PID.TIME.tmp` with the
 * same NAME, whose process is no longer running and which are older than this process. Returns their names.
 */
export async function removeStaleTemps(file: string): Promise<string[]> {
  const dir = path.dirname(path.resolve(file));
  const prefix = `.${path.basename(file)}.`;
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const m = /^(\d+)\.(\d+)$/.exec(name.slice(prefix.length, -4));
    if (!m) continue;
    const pid = Number(m[1]);
    const time = Number(m[2]);
    if (pid === process.pid || time >= processStart || isRunning(pid)) continue;
    try {
      await fs.rm(path.join(dir, name), { force: true });
      removed.push(name);
    } catch {
      // Someone else's file, or already gone: leave it.
    }
  }
  return removed;
}

/** Temporary files being written now: removed if the process is interrupted (Ctrl-C, kill) before the rename. */
const writing = new Set<string>();
const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

function onSignal(signal: NodeJS.Signals): void {
  for (const tmp of writing) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // nothing more can be done
    }
  }
  writing.clear();
  for (const s of SIGNALS) process.removeListener(s, onSignal);
  process.kill(process.pid, signal);
}

function track(tmp: string): void {
  if (!isMainThread) return;
  if (!writing.size) for (const s of SIGNALS) process.on(s, onSignal);
  writing.add(tmp);
}

function untrack(tmp: string): void {
  if (!writing.delete(tmp) || writing.size) return;
  for (const s of SIGNALS) process.removeListener(s, onSignal);
}

async function refuseInput(file: string): Promise<void> {
  const st = await fs.stat(file, { bigint: true }).catch(() => null);
  if (st && st.ino !== 0n && inputs.has(fileKey(st))) throw new SameFileError(file);
}

/**
 * Writes `file` through a temporary file beside it: `write(tmp)` writes the temporary file, which is flushed to
 * disk and renamed over the target. A reader never sees half a file, and a run killed at any moment leaves the
 * target as it was (and at most a temporary file, which the next write to the same target removes). Temporary
 * files that killed runs left for the same target are removed first. Never replaces a file this process read as
 * input (the same file by another path, a link, or another case on a case-insensitive disk): SameFileError.
 */
export async function writeAtomic(file: string, write: (tmp: string) => Promise<void>): Promise<void> {
  await refuseInput(file);
  await removeStaleTemps(file);
  const tmp = tempNameFor(file);
  track(tmp);
  try {
    await write(tmp);
    const h = await fs.open(tmp, 'r+');
    try {
      await h.sync();
    } finally {
      await h.close();
    }
    await refuseInput(file);
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  } finally {
    untrack(tmp);
  }
  // The rename itself, on disk (not possible on every system: a failure here loses nothing).
  const dir = await fs.open(path.dirname(path.resolve(file)), 'r').catch(() => null);
  if (dir) await dir.sync().catch(() => undefined).finally(() => dir.close());
}

/** An ExcelJS workbook written atomically (see writeAtomic). */
export async function writeWorkbookAtomic(wb: ExcelJS.Workbook, file: string): Promise<void> {
  await writeAtomic(file, (tmp) => wb.xlsx.writeFile(tmp));
}

/** Bytes (a whole .xlsx package) written atomically (see writeAtomic). */
export async function writeBytesAtomic(bytes: Uint8Array, file: string): Promise<void> {
  await writeAtomic(file, (tmp) => fs.writeFile(tmp, bytes, { flag: 'wx' }));
}
