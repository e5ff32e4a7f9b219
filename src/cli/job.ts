/** One workbook's job, the same in a worker thread or in the main thread: read, check, maybe fill and write. */
import { fill, validate } from '../engine';
import type { Lang } from '../engine/messages';
import type { Report } from '../engine/report';
import { applyWritePlan, ProtectedSheetError } from '../hosts/exceljs/apply';
import { InputError, readWorkbookFile, writeWorkbookAtomic } from '../hosts/exceljs/files';
import { workbookSnapshot } from '../hosts/exceljs/snapshot';
import { PROBLEMS, CLI, t } from './texts';

export interface JobRequest {
  command: 'validate' | 'fill';
  file: string;
  output?: string;
  lang: Lang;
}

export type JobResult =
  | { file: string; output?: string; ok: true; report: Report }
  | { file: string; output?: string; ok: false; message: string };

export async function runJob(job: JobRequest): Promise<JobResult> {
  const { file, lang } = job;
  try {
    const wb = await readWorkbookFile(file);
    const snapshot = workbookSnapshot(wb);
    if (job.command === 'validate') return { file, ok: true, report: validate(snapshot, { lang }) };
    const { report, plan } = fill(snapshot, { lang });
    applyWritePlan(wb, plan);
    try {
      await writeWorkbookAtomic(wb, job.output!);
    } catch (e) {
      return { file, output: job.output, ok: false, message: `${job.output}: ${t(CLI.cannotWrite, lang, (e as NodeJS.ErrnoException).code ?? (e as Error).message)}` };
    }
    return { file, output: job.output, ok: true, report };
  } catch (e) {
    if (e instanceof InputError) return { file, ok: false, message: `${e.file}: ${PROBLEMS[e.problem][lang]}${e.detail ? ` (${e.detail})` : ''}` };
    if (e instanceof ProtectedSheetError) return { file, ok: false, message: `${file}: ${t(CLI.protectedSheet, lang, e.sheet)}` };
    return { file, ok: false, message: `${file}: ${t(CLI.unexpected, lang, String((e as Error)?.message ?? e).split('\n')[0])}` };
  }
}
