/** One workbook's job, the same in a worker thread or in the main thread: read, check, maybe fill and write. */
import { fill, validate, type EngineOptions } from '../engine';
import type { Lang } from '../engine/messages';
import type { Report } from '../engine/report';
import { ProtectedSheetError } from '../hosts/protection';
import { InputError, SameFileError, readWorkbookFile } from '../hosts/node/files';
import { fillPackageBytes, NotEditableError, writeBytesAtomic } from '../hosts/ooxml';
import { trace } from '../hosts/node/trace';
import { collectGarbage } from '../hosts/node/memory';
import { inputErrorText, outputErrorText } from './errors';
import { readPreviousWorkbook } from './previous';
import { CLI, t } from './texts';

export interface JobRequest {
  command: 'validate' | 'fill';
  file: string;
  output?: string;
  lang: Lang;
  /** Settings from `--settings file.json` (checked by the engine). */
  settings?: Record<string, unknown>;
  /** Last year's workbook to compare with (`--previous FOLDER`: this workbook's namesake there). */
  previous?: string;
}

export type JobResult =
  | { file: string; output?: string; ok: true; report: Report; warnings?: string[] }
  | { file: string; output?: string; ok: false; message: string };

/** Writing the output failed, after the workbook was read, checked and filled: `reason` says why (the callers word it). */
export class WriteFailed extends Error {
  constructor(
    readonly output: string,
    readonly reason: unknown,
  ) {
    super(String((reason as Error)?.message ?? reason));
  }
}

/**
 * The one fill path, for `plancheck fill` and for each workbook of a folder: the file is read once, and the plan goes
 * into the package the snapshot was read from (every part the add-in does not write, charts, pivot tables, macros,
 * …, is kept as it was); the output is written atomically. Errors are thrown for the caller to word: InputError,
 * ProtectedSheetError, NotEditableError (with its file), WriteFailed.
 */
export async function fillFile(file: string, output: string, options: EngineOptions & { lang: Lang }): Promise<{ report: Report; warnings: string[] }> {
  trace('start');
  let read: Awaited<ReturnType<typeof readWorkbookFile>> | null = await readWorkbookFile(file, true);
  trace('read');
  let pkg: typeof read.package | null = read.package;
  // The reader's garbage (the parts' bytes, the parser's work) is collected before the engine runs, and the
  // analysis's before the plan is made: each would otherwise sit under what comes after it (fill's peak is at the
  // end of the engine's work: some 15 MB lower with each).
  collectGarbage();
  let planned: ReturnType<typeof fill> | null = fill(read.snapshot, { ...options, afterAnalysis: collectGarbage });
  trace('engine fill()');
  // The grid is not needed once the plan is made: released, and collected, before the package is written.
  (read as { snapshot: unknown }).snapshot = null;
  collectGarbage();
  const report = planned.report;
  let outcome: Awaited<ReturnType<typeof fillPackageBytes>> | null = await fillPackageBytes(pkg, planned.plan, options.lang, output).catch((e: unknown) => {
    if (e instanceof NotEditableError) e.file = file;
    throw e;
  });
  planned = null;
  read = null;
  pkg = null;
  try {
    await writeBytesAtomic(outcome.pieces, output);
    trace('file written');
  } catch (e) {
    throw new WriteFailed(output, e);
  }
  const warnings = outcome.warnings;
  // The package, the plan and the output are let go, and collected, before the report is printed (which would
  // otherwise pile on top of them).
  outcome = null;
  collectGarbage();
  return { report, warnings };
}

export async function runJob(job: JobRequest): Promise<JobResult> {
  const { file, lang } = job;
  try {
    const previous = job.previous ? await readPreviousWorkbook(job.previous) : {};
    if (job.command === 'validate') {
      const { snapshot } = await readWorkbookFile(file);
      return { file, ok: true, report: validate(snapshot, { lang, settings: job.settings, ...previous }) };
    }
    const { report, warnings } = await fillFile(file, job.output!, { lang, settings: job.settings, ...previous });
    return { file, output: job.output, ok: true, report, ...(warnings.length ? { warnings } : {}) };
  } catch (e) {
    if (e instanceof WriteFailed) {
      const why = e.reason instanceof SameFileError ? t(CLI.sameFile, lang) : outputErrorText(e.reason, lang);
      return { file, output: job.output, ok: false, message: `${job.output}: ${why}` };
    }
    // Last year's file that cannot be read is named after this year's: the line is this workbook's.
    if (e instanceof InputError) return { file, ok: false, message: `${e.file === file ? '' : `${file}: `}${e.file}: ${inputErrorText(e, lang)}` };
    if (e instanceof ProtectedSheetError) return { file, ok: false, message: `${file}: ${t(CLI.protectedSheet, lang, e.sheet)}` };
    if (e instanceof NotEditableError) return { file, ok: false, message: `${file}: ${e.text(lang)}` };
    return { file, ok: false, message: `${file}: ${t(CLI.unexpected, lang, String((e as Error)?.message ?? e).split('\n')[0])}` };
  }
}
