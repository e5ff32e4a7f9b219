/** One workbook's job, the same in a worker thread or in the main thread: read, check, maybe fill and write. */
import { fill, validate } from '../engine';
import type { Lang } from '../engine/messages';
import type { Report } from '../engine/report';
import { promises as fs } from 'fs';
import { checkWritable, ProtectedSheetError } from '../hosts/exceljs/apply';
import { InputError, SameFileError, readWorkbookFile } from '../hosts/exceljs/files';
import { fillPackageBytes, PartsWouldBeLostError, readOwnNames, writeBytesAtomic } from '../hosts/ooxml';
import { workbookSnapshot } from '../hosts/exceljs/snapshot';
import { PROBLEMS, CLI, t } from './texts';

export interface JobRequest {
  command: 'validate' | 'fill';
  file: string;
  output?: string;
  lang: Lang;
}

export type JobResult =
  | { file: string; output?: string; ok: true; report: Report; warnings?: string[] }
  | { file: string; output?: string; ok: false; message: string };

export async function runJob(job: JobRequest): Promise<JobResult> {
  const { file, lang } = job;
  try {
    const wb = await readWorkbookFile(file);
    const bytes = await fs.readFile(file);
    // The add-in's defined names find its earlier output again, wherever rows and columns moved it.
    const snapshot = { ...workbookSnapshot(wb), names: await readOwnNames(bytes) };
    if (job.command === 'validate') return { file, ok: true, report: validate(snapshot, { lang }) };
    const { report, plan } = fill(snapshot, { lang });
    checkWritable(wb, plan);
    // The plan goes into the file's own package: every part the add-in does not write is kept as it was.
    const outcome = await fillPackageBytes(bytes, wb, plan, lang, job.output);
    try {
      await writeBytesAtomic(outcome.bytes, job.output!);
    } catch (e) {
      if (e instanceof SameFileError) return { file, output: job.output, ok: false, message: `${job.output}: ${t(CLI.sameFile, lang)}` };
      return { file, output: job.output, ok: false, message: `${job.output}: ${t(CLI.cannotWrite, lang, (e as NodeJS.ErrnoException).code ?? (e as Error).message)}` };
    }
    return { file, output: job.output, ok: true, report, ...(outcome.warnings.length ? { warnings: outcome.warnings } : {}) };
  } catch (e) {
    if (e instanceof InputError) return { file, ok: false, message: `${e.file}: ${PROBLEMS[e.problem][lang]}${e.detail ? ` (${e.detail})` : ''}` };
    if (e instanceof ProtectedSheetError) return { file, ok: false, message: `${file}: ${t(CLI.protectedSheet, lang, e.sheet)}` };
    if (e instanceof PartsWouldBeLostError) return { file, ok: false, message: `${file}: ${e.text(lang)}` };
    return { file, ok: false, message: `${file}: ${t(CLI.unexpected, lang, String((e as Error)?.message ?? e).split('\n')[0])}` };
  }
}
