/**
 * Many workbooks at once: `plancheck validate DIR` and `plancheck fill DIR -o OUTDIR` (or several files, or a
 * pattern). The work is spread over the machine's cores; a progress bar shows on a terminal; each workbook
 * gets one summary line; a workbook that fails is reported and the others go on. Exit status: the worst one.
 */
import { existsSync, promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import type { Lang } from '../engine/messages';
import { runJob, type JobRequest, type JobResult } from './job';
import { outputErrorText } from './errors';
import { CLI, t } from './texts';

const WORKBOOK = /\.(xlsx|xlsm)$/i;

/** A pattern in the last part of a path (`plans/*.xlsx`, `plan-??.xlsx`). */
function globToRegExp(pattern: string): RegExp {
  const re = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/\\\\]*').replace(/\?/g, '[^/\\\\]');
  return new RegExp(`^${re}$`, 'i');
}

export class InputsError extends Error {
  constructor(readonly input: string) {
    super(input);
  }
}

/** Files, folders (their .xlsx files) and patterns → the workbook files, sorted, each once. */
export async function expandInputs(inputs: string[]): Promise<string[]> {
  const out = new Set<string>();
  for (const input of inputs) {
    if (/[*?]/.test(path.basename(input))) {
      const dir = path.dirname(input);
      const re = globToRegExp(path.basename(input));
      const names = await fs.readdir(dir).catch(() => {
        throw new InputsError(input);
      });
      for (const n of names.sort()) if (re.test(n) && !n.startsWith('~$')) out.add(path.join(dir, n));
      continue;
    }
    const st = await fs.stat(input).catch(() => null);
    if (st && st.isDirectory()) {
      const names = (await fs.readdir(input)).sort();
      for (const n of names) if (WORKBOOK.test(n) && !n.startsWith('~$') && !n.startsWith('.')) out.add(path.join(input, n));
    } else out.add(input);
  }
  return [...out];
}

export interface BatchOptions {
  command: 'validate' | 'fill';
  inputs: string[];
  outDir: string | null;
  lang: Lang;
  json: boolean;
  out: (s: string) => void;
  err: (s: string) => void;
  /** Progress bar target (a terminal); none when not a terminal. */
  progress?: { write: (s: string) => void; columns: number } | null;
  workers?: number;
  settings?: Record<string, unknown>;
}

function exitOf(r: JobResult): number {
  if (!r.ok) return 2;
  return r.report.summary.errors > 0 ? 1 : 0;
}

/** Runs jobs on a pool of worker threads (or in this thread when the compiled worker is not there). */
async function runPool(jobs: JobRequest[], size: number, onDone: (r: JobResult) => void): Promise<JobResult[]> {
  const results: JobResult[] = new Array(jobs.length);
  const workerFile = path.join(__dirname, 'worker.js');
  if (size <= 1 || !existsSync(workerFile)) {
    for (let k = 0; k < jobs.length; k++) {
      results[k] = await runJob(jobs[k]);
      onDone(results[k]);
    }
    return results;
  }
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(size, jobs.length) }, async () => {
      const worker = new Worker(workerFile);
      try {
        while (next < jobs.length) {
          const id = next++;
          const result = await new Promise<JobResult>((resolve) => {
            const onMessage = (m: { id: number; result: JobResult }) => {
              if (m.id !== id) return;
              worker.off('message', onMessage);
              worker.off('error', onError);
              resolve(m.result);
            };
            const onError = (e: Error) => {
              worker.off('message', onMessage);
              resolve({ file: jobs[id].file, ok: false, message: `${jobs[id].file}: ${e.message.split('\n')[0]}` });
            };
            worker.on('message', onMessage);
            worker.once('error', onError);
            worker.postMessage({ id, job: jobs[id] });
          });
          results[id] = result;
          onDone(result);
        }
      } finally {
        await worker.terminate();
      }
    }),
  );
  return results;
}

function bar(done: number, total: number, file: string, columns: number): string {
  const width = Math.max(10, Math.min(40, columns - 40));
  const filled = Math.round((done / total) * width);
  const name = path.basename(file);
  return `\r[${'='.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total} ${name}`.slice(0, columns - 1).padEnd(Math.min(columns - 1, width + 60));
}

export async function runBatch(o: BatchOptions): Promise<number> {
  let files: string[];
  try {
    files = await expandInputs(o.inputs);
  } catch (e) {
    if (!(e instanceof InputsError)) throw e;
    o.err(`plancheck: ${t(CLI.noWorkbooks, o.lang, e.input)}`);
    return 2;
  }
  if (!files.length) {
    o.err(`plancheck: ${t(CLI.noWorkbooks, o.lang, o.inputs.join(' '))}`);
    return 2;
  }
  const jobs: JobRequest[] = files.map((file) => ({ command: o.command, file, lang: o.lang, settings: o.settings }));
  if (o.command === 'fill') {
    if (!o.outDir) {
      o.err(`plancheck: ${t(CLI.needOutDir, o.lang)}`);
      return 2;
    }
    const made: unknown = await fs.mkdir(o.outDir, { recursive: true }).then(() => null, (e: unknown) => e);
    const st = await fs.stat(o.outDir).catch(() => null);
    if (!st || !st.isDirectory()) {
      // mkdir's own reason (EACCES, EROFS, …), or: a file is in the way.
      const why = made && (made as NodeJS.ErrnoException).code !== 'EEXIST' ? made : { code: st ? 'EEXIST_FILE' : 'ENOENT' };
      o.err(`plancheck: ${o.outDir}: ${(why as NodeJS.ErrnoException).code === 'EEXIST_FILE' ? t(CLI.outDirIsFile, o.lang) : outputErrorText(why, o.lang)}`);
      return 2;
    }
    const inputs = new Set(files.map((f) => path.resolve(f)));
    for (const j of jobs) {
      j.output = path.join(o.outDir, path.basename(j.file));
      if (inputs.has(path.resolve(j.output))) {
        o.err(`plancheck: ${t(CLI.sameFile, o.lang)} (${j.output})`);
        return 2;
      }
    }
  }
  let done = 0;
  const size = o.workers ?? Math.max(1, Math.min(os.cpus().length, files.length));
  const results = await runPool(jobs, size, (r) => {
    done++;
    if (o.progress) o.progress.write(bar(done, files.length, r.file, o.progress.columns));
    if (!o.json) {
      o.out(summaryLine(r, o.lang, o.progress ? '\r' : ''));
      if (r.ok && r.warnings) for (const w of r.warnings) o.out(`    ${w}`);
    }
  });
  if (o.progress) o.progress.write('\n');
  const worst = Math.max(...results.map(exitOf));
  if (o.json) {
    o.out(
      JSON.stringify(
        {
          workbooks: results.map((r) =>
            r.ok
              ? { file: r.file, ...(r.output ? { output: r.output } : {}), status: r.report.summary.errors ? 'errors' : 'ok', ...(r.warnings ? { writeWarnings: r.warnings } : {}), ...r.report }
              : { file: r.file, status: 'unreadable', error: r.message },
          ),
          summary: {
            workbooks: results.length,
            withErrors: results.filter((r) => r.ok && r.report.summary.errors > 0).length,
            unreadable: results.filter((r) => !r.ok).length,
            errors: results.reduce((a, r) => a + (r.ok ? r.report.summary.errors : 0), 0),
            warnings: results.reduce((a, r) => a + (r.ok ? r.report.summary.warnings : 0), 0),
          },
        },
        null,
        2,
      ),
    );
  } else {
    const withErrors = results.filter((r) => r.ok && r.report.summary.errors > 0).length;
    const unreadable = results.filter((r) => !r.ok).length;
    o.out(t(CLI.batchSummary, o.lang, results.length, withErrors, unreadable));
  }
  return worst;
}

function summaryLine(r: JobResult, lang: Lang, prefix: string): string {
  const clear = prefix ? '\r\x1b[K' : '';
  if (!r.ok) return `${clear}✗ ${r.message}`;
  const s = r.report.summary;
  const mark = s.errors ? '✗' : '✓';
  const written = r.output ? ` → ${r.output}` : '';
  return `${clear}${mark} ${r.file}  ${t(CLI.lineCounts, lang, s.errors, s.warnings, r.report.tables.length)}${written}`;
}
