/** One workbook's job, the same in a worker thread or in the main thread: read, check, maybe fill and write. */
import { fill, validate } from '../engine';
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

export async function runJob(job: JobRequest): Promise<JobResult> {
  const { file, lang } = job;
  try {
    const previous = job.previous ? await readPreviousWorkbook(job.previous) : {};
    // The file is read once: the snapshot and the package the plan then goes into come from the same parse.
    trace('start');
    const read = await readWorkbookFile(file, job.command === 'fill');
    trace('read');
    if (job.command === 'validate') return { file, ok: true, report: validate(read.snapshot, { lang, settings: job.settings, ...previous }) };
    const { report, plan } = fill(read.snapshot, { lang, settings: job.settings, ...previous });
    trace('engine fill()');
    // The grid is not needed once the plan is made: released, and collected, before the package is written.
    (read as { snapshot: unknown }).snapshot = null;
    collectGarbage();
    // The plan goes into the file's own package: every part the add-in does not write is kept as it was.
    const outcome = await fillPackageBytes(read.package, plan, lang, job.output);
    try {
      await writeBytesAtomic(outcome.bytes, job.output!);
      trace('file written');
    } catch (e) {
      if (e instanceof SameFileError) return { file, output: job.output, ok: false, message: `${job.output}: ${t(CLI.sameFile, lang)}` };
      return { file, output: job.output, ok: false, message: `${job.output}: ${outputErrorText(e, lang)}` };
    }
    return { file, output: job.output, ok: true, report, ...(outcome.warnings.length ? { warnings: outcome.warnings } : {}) };
  } catch (e) {
    // Last year's file that cannot be read is named after this year's: the line is this workbook's.
    if (e instanceof InputError) return { file, ok: false, message: `${e.file === file ? '' : `${file}: `}${e.file}: ${inputErrorText(e, lang)}` };
    if (e instanceof ProtectedSheetError) return { file, ok: false, message: `${file}: ${t(CLI.protectedSheet, lang, e.sheet)}` };
    if (e instanceof NotEditableError) return { file, ok: false, message: `${file}: ${e.text(lang)}` };
    return { file, ok: false, message: `${file}: ${t(CLI.unexpected, lang, String((e as Error)?.message ?? e).split('\n')[0])}` };
  }
}
