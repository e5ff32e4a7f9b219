/**
 * Last year's workbook, picked by the user in the task pane (`<input type="file">`): its bytes are read in the
 * browser, nothing is uploaded, and the file is never written. `readPreviousWorkbook` turns the .xlsx bytes into
 * the engine's snapshot with the same package layer as the command line (src/hosts/xlsx: pure, no Node API), so
 * last year's workbook is read in the pane exactly as `plancheck --previous` reads it, within the same limits.
 */
import type { WorkbookSnapshot } from '../engine/snapshot';
import { MAX_FILE_BYTES, readWorkbook, XlsxError, type XlsxProblem } from '../hosts/xlsx';

export type PreviousProblem = 'not_xlsx' | 'encrypted_or_xls' | 'damaged' | 'too_large' | 'too_many_cells';

export class PreviousWorkbookError extends Error {
  constructor(readonly problem: PreviousProblem) {
    super(problem);
  }
}

/** The same limits as the command line's reader. */
export const MAX_PREVIOUS_BYTES = MAX_FILE_BYTES;

const PROBLEM: Record<XlsxProblem, PreviousProblem> = {
  empty_file: 'not_xlsx',
  not_xlsx: 'not_xlsx',
  encrypted: 'encrypted_or_xls',
  legacy_xls: 'encrypted_or_xls',
  damaged: 'damaged',
  too_large: 'too_large',
  unpacked_too_large: 'too_large',
  packed_too_tightly: 'too_large',
  too_many_cells: 'too_many_cells',
  ranges_too_large: 'too_many_cells',
};

export async function readPreviousWorkbook(bytes: Uint8Array): Promise<WorkbookSnapshot> {
  if (bytes.length > MAX_PREVIOUS_BYTES) throw new PreviousWorkbookError('too_large');
  try {
    return readWorkbook(bytes).snapshot;
  } catch (e) {
    if (e instanceof XlsxError) throw new PreviousWorkbookError(PROBLEM[e.problem] ?? 'damaged');
    throw new PreviousWorkbookError('damaged');
  }
}
