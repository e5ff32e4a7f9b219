/**
 * .xlsx files in Node: a workbook file read once (a path, a FIFO or `<(cat plan.xlsx)`), handed to the package
 * layer (src/hosts/xlsx), which checks and reads it in one pass; files written atomically.
 *
 * Writing goes to a temporary file beside the target, flushed to disk, then renamed, so that the target is either
 * the old file or the whole new one; temporary files that a killed run left are removed by the next write to the
 * same target.
 */
import { createReadStream, promises as fs, rmSync } from 'fs';
import * as path from 'path';
import { isMainThread } from 'worker_threads';
import * as zlib from 'zlib';
import type { Lang } from '../../engine/messages';
import { LIMITS, MAX_FILE_BYTES, readWorkbook, TooLargeError, XlsxError, type Inflate, type ReadResult, type XlsxProblem } from '../xlsx';

export { LIMITS };

export type InputProblem = XlsxProblem | 'not_found' | 'is_directory' | 'no_permission';

/**
 * A file that cannot be read as a workbook: the problem, and a detail in the user's language (a function of the
 * language, or a string that is the same in every language: a size, or Node's error code, which src/cli/errors.ts
 * words as a system code).
 */
export class InputError extends Error {
  constructor(
    readonly problem: InputProblem,
    readonly file: string,
    private readonly details: string | ((lang: Lang) => string) = '',
  ) {
    super(`${file}: ${problem}${details ? ` (${typeof details === 'string' ? details : details('en')})` : ''}`);
  }
  detail(lang: Lang): string {
    return typeof this.details === 'string' ? this.details : this.details(lang);
  }
}

/** Node's zlib, stopping at `max` bytes of output (much faster than pako). */
export const inflateZlib: Inflate = (data, max) => {
  try {
    const out = zlib.inflateRawSync(data, { maxOutputLength: Math.max(1, max) });
    return new Uint8Array(out.buffer, out.byteOffset, out.length);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new TooLargeError();
    throw e;
  }
};

/** The files this process read as input, by device and inode: a write never replaces one of them. */
const inputs = new Set<string>();

const fileKey = (st: { dev: bigint; ino: bigint }) => `${st.dev}:${st.ino}`;
const MiB = 1024 * 1024;

/**
 * The bytes of a file, read once, from its start to its end: a regular file, a FIFO or a process substitution
 * (`<(cat plan.xlsx)`), which can be read only once. More than MAX_FILE_BYTES is refused as soon as it is passed.
 */
export async function readInputBytes(file: string): Promise<Buffer> {
  try {
    const st = await fs.stat(file, { bigint: true });
    if (st.isDirectory()) throw new InputError('is_directory', file);
    if (st.isFile() && st.size > BigInt(MAX_FILE_BYTES)) throw new InputError('too_large', file, `${Math.round(Number(st.size) / MiB)} MB`);
    if (st.ino !== 0n && st.isFile()) inputs.add(fileKey(st));
    const chunks: Buffer[] = [];
    let n = 0;
    await new Promise<void>((resolve, reject) => {
      const s = createReadStream(file, { highWaterMark: 1024 * 1024 });
      s.on('data', (c) => {
        n += c.length;
        if (n > MAX_FILE_BYTES) {
          s.destroy();
          reject(new InputError('too_large', file, `> ${Math.round(MAX_FILE_BYTES / MiB)} MB`));
          return;
        }
        chunks.push(c as Buffer);
      });
      s.on('error', reject);
      s.on('end', () => resolve());
    });
    return Buffer.concat(chunks, n);
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new InputError('not_found', file);
    if (code === 'EACCES' || code === 'EPERM') throw new InputError('no_permission', file);
    if (code === 'EISDIR') throw new InputError('is_directory', file);
    throw new InputError('damaged', file, code ?? '');
  }
}

/**
 * A workbook file, read once and checked as it is read: its snapshot and its package (with the texts of the parts
 * read kept, for `fill`, when `forWriting`).
 */
export async function readWorkbookFile(file: string, forWriting = false): Promise<ReadResult & { bytes: Buffer }> {
  const bytes = await readInputBytes(file);
  try {
    return { ...readWorkbook(bytes, { inflate: inflateZlib, keepTexts: forWriting }), bytes };
  } catch (e) {
    if (e instanceof XlsxError) throw new InputError(e.problem, file, (lang) => e.detail(lang));
    throw e;
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

/** Bytes (a whole .xlsx package, or its pieces in order) written atomically (see writeAtomic). */
export async function writeBytesAtomic(bytes: Uint8Array | readonly Uint8Array[], file: string): Promise<void> {
  await writeAtomic(file, (tmp) => fs.writeFile(tmp, bytes instanceof Uint8Array ? bytes : bytes.values(), { flag: 'wx' }));
}
