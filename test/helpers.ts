/** Test helpers: copies of the seed fixtures with one cell changed, and report look-ups. */
import { parseCellAddress } from '../src/engine/address';
import type { CellValue, SheetSnapshot, WorkbookSnapshot } from '../src/engine/snapshot';
import type { Report } from '../src/engine/report';
import type { Io } from '../src/cli/main';

export function clone<T>(x: T): T {
  return JSON.parse(JSON.stringify(x)) as T;
}

/** Sets a cell (A1 address) in a sheet, growing the grid as needed. */
export function setCell(sheet: SheetSnapshot, address: string, value: CellValue): SheetSnapshot {
  const a = parseCellAddress(address);
  if (!a) throw new Error(`bad address ${address}`);
  while (sheet.rows.length <= a.row) sheet.rows.push([]);
  const row = sheet.rows[a.row];
  while (row.length <= a.col) row.push(null);
  row[a.col] = value;
  return sheet;
}

export function getCell(sheet: SheetSnapshot, address: string): CellValue {
  const a = parseCellAddress(address)!;
  return sheet.rows[a.row]?.[a.col] ?? null;
}

export function workbook(...sheets: SheetSnapshot[]): WorkbookSnapshot {
  return { sheets };
}

export function issuesOf(report: Report, code?: string) {
  return report.issues.filter((i) => !code || i.code === code);
}

export function errorsOf(report: Report) {
  return report.issues.filter((i) => i.severity === 'error');
}

/** The command line run in this process, its output and errors gathered (LANG=C: the language comes from --lang). */
export async function runCli(args: string[], io: Pick<Io, 'progress' | 'workers'> = {}): Promise<{ code: number; out: string; err: string }> {
  const { main } = await import('../src/cli/main');
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (s) => out.push(s), err: (s) => err.push(s), env: { LANG: 'C' }, ...io });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** The SHA-256 of a file's bytes, in hex. */
export async function sha256File(file: string): Promise<string> {
  const { createHash } = await import('crypto');
  const { promises: fs } = await import('fs');
  return createHash('sha256').update(await fs.readFile(file)).digest('hex');
}
