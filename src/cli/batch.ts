/**
 * Many workbooks at once: `plancheck validate DIR` and `plancheck fill DIR -o OUTDIR` (or several files, or a
 * pattern). The work is spread over the machine's cores; a progress bar shows on a terminal; each workbook
 * gets one summary line; a workbook that fails is reported and the others go on. Exit status: the worst one.
 */
import { existsSync, promises as fs, readdirSync, rmSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import type { Lang } from '../engine/messages';
import { runJob, type JobRequest, type JobResult } from './job';
import { outputErrorText } from './errors';
import { isFolder, matchPrevious, previousWorkbooks, type PreviousMatches } from './previous';
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

/** A file of many given that is not read: Excel's lock file (`~$plan.xlsx`), or not a workbook at all. */
export interface Skipped {
  file: string;
  why: 'lock' | 'other';
}

/**
 * Files, folders (their .xlsx files) and patterns → the workbook files, sorted, each once. Lock files and
 * non-workbooks that a pattern (or the shell's expansion of one) matched are skipped, and said.
 */
export async function expandInputs(inputs: string[], skipped: Skipped[] = []): Promise<string[]> {
  const out = new Set<string>();
  const consider = (file: string) => {
    const n = path.basename(file);
    if (n.startsWith('~$')) skipped.push({ file, why: 'lock' });
    else if (!WORKBOOK.test(n) && inputs.length + out.size > 1) skipped.push({ file, why: 'other' });
    else out.add(file);
  };
  for (const input of inputs) {
    if (/[*?]/.test(path.basename(input))) {
      const dir = path.dirname(input);
      const re = globToRegExp(path.basename(input));
      const names = await fs.readdir(dir).catch(() => {
        throw new InputsError(input);
      });
      for (const n of names.sort()) {
        if (!re.test(n) || n.startsWith('.')) continue;
        const st = await fs.stat(path.join(dir, n)).catch(() => null);
        if (st && st.isDirectory()) continue;
        if (n.startsWith('~$')) skipped.push({ file: path.join(dir, n), why: 'lock' });
        else if (!WORKBOOK.test(n)) skipped.push({ file: path.join(dir, n), why: 'other' });
        else out.add(path.join(dir, n));
      }
      continue;
    }
    const st = await fs.stat(input).catch(() => null);
    if (st && st.isDirectory()) {
      const names = (await fs.readdir(input)).sort();
      for (const n of names) {
        if (!WORKBOOK.test(n) || n.startsWith('.')) continue;
        if (n.startsWith('~$')) skipped.push({ file: path.join(input, n), why: 'lock' });
        else out.add(path.join(input, n));
      }
    } else consider(input);
  }
  return [...out];
}

/** A file's identity: device and inode (null when it does not exist). */
async function identity(file: string): Promise<string | null> {
  const st = await fs.stat(file, { bigint: true }).catch(() => null);
  return st && st.ino !== 0n ? `${st.dev}:${st.ino}` : null;
}

/** A file's identity and time of change (null: there is none): another stamp, another file put in its place. */
async function fileStamp(file: string): Promise<string | null> {
  const st = await fs.stat(file, { bigint: true }).catch(() => null);
  return st ? `${st.dev}:${st.ino}:${st.mtimeNs}:${st.size}` : null;
}

/** The real path of a file that may not exist yet: its folder's real path (links followed) and its name. */
async function realTarget(file: string): Promise<string> {
  const real = await fs.realpath(file).catch(() => null);
  if (real) return real;
  const dir = await fs.realpath(path.dirname(path.resolve(file))).catch(() => path.dirname(path.resolve(file)));
  return path.join(dir, path.basename(file));
}

/** `plan.xlsx` → `plan (2).xlsx`. */
function numbered(name: string, k: number): string {
  const ext = path.extname(name);
  return `${name.slice(0, name.length - ext.length)} (${k})${ext}`;
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
  /** `--previous FOLDER`: last year's workbooks, each workbook compared with its namesake (previous.ts). */
  previousDir?: string | null;
}

function exitOf(r: JobResult): number {
  if (!r.ok) return 2;
  return r.report.summary.errors > 0 ? 1 : 0;
}

/**
 * Runs jobs on a pool of worker threads (or in this thread when the compiled worker is not there). A worker that
 * dies on a workbook (out of memory, a crash) fails that workbook's job with a line saying so, and a new worker
 * takes the pool's next jobs: the run goes on.
 */
export async function runPool(
  jobs: JobRequest[],
  size: number,
  onDone: (r: JobResult) => void,
  active = new Set<Worker>(),
  workerFile = path.join(__dirname, 'worker.js'),
): Promise<JobResult[]> {
  const results: JobResult[] = new Array(jobs.length);
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
      let worker: Worker | null = null;
      try {
        while (next < jobs.length) {
          const id = next++;
          const job = jobs[id];
          if (!worker) {
            worker = new Worker(workerFile);
            active.add(worker);
          }
          const w: Worker = worker;
          const result = await new Promise<JobResult>((resolve) => {
            const done = (r: JobResult) => {
              w.off('message', onMessage);
              w.off('error', onError);
              w.off('exit', onExit);
              resolve(r);
            };
            const onMessage = (m: { id: number; result: JobResult }) => {
              if (m.id === id) done(m.result);
            };
            // The worker is gone: this job fails, the next one gets a new worker.
            const lost = (e: Error | null) => {
              active.delete(w);
              worker = null;
              done({ file: job.file, ok: false, message: `${job.file}: ${workerLostText(e, job.lang)}` });
            };
            const onError = (e: Error) => lost(e);
            const onExit = () => lost(null);
            w.on('message', onMessage);
            w.once('error', onError);
            w.once('exit', onExit);
            w.postMessage({ id, job });
          });
          results[id] = result;
          onDone(result);
        }
      } finally {
        const w = worker as Worker | null;
        if (w) {
          active.delete(w);
          await w.terminate();
        }
      }
    }),
  );
  return results;
}

/** Why a worker stopped on a workbook, in the user's language: out of memory, or a fault of plancheck's. */
function workerLostText(e: Error | null, lang: Lang): string {
  if ((e as { code?: string } | null)?.code === 'ERR_WORKER_OUT_OF_MEMORY') return t(CLI.outOfMemory, lang);
  return t(CLI.unexpected, lang, e ? e.message.split('\n')[0] : t(CLI.workerStopped, lang));
}

function bar(done: number, total: number, file: string, columns: number): string {
  const width = Math.max(10, Math.min(40, columns - 40));
  const filled = Math.round((done / total) * width);
  const name = path.basename(file);
  return `\r[${'='.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total} ${name}`.slice(0, columns - 1).padEnd(Math.min(columns - 1, width + 60));
}

export async function runBatch(o: BatchOptions): Promise<number> {
  let files: string[];
  const skipped: Skipped[] = [];
  try {
    files = await expandInputs(o.inputs, skipped);
    for (const s of skipped) o.err(`plancheck: ${t(s.why === 'lock' ? CLI.skippedLock : CLI.skippedOther, o.lang, s.file)}`);
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
  // Last year's folder: each workbook's namesake, before anything is read or written.
  let lastYear: PreviousMatches | null = null;
  if (o.previousDir) {
    const previous = await previousWorkbooks(o.previousDir);
    lastYear = matchPrevious(files, previous);
    for (const j of jobs) {
      const p = lastYear.of.get(j.file);
      if (!p) continue;
      const id = await identity(p);
      if (id && id === (await identity(j.file))) {
        o.err(`plancheck: ${t(CLI.previousSameFolder, o.lang, o.previousDir)}`);
        return 2;
      }
      j.previous = p;
    }
  }
  const renamed = new Map<string, string>();
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
    // Every output against every input, by real identity, before anything is written: the real path (the
    // folder followed through links) and the device and inode. Two inputs of one name get distinct outputs.
    const realInputs = new Map<string, string>();
    const idInputs = new Map<string, string>();
    for (const f of files) {
      realInputs.set((await realTarget(f)).toLowerCase(), f);
      const id = await identity(f);
      if (id) idInputs.set(id, f);
    }
    // Last year's workbooks are only read: none may be replaced by an output (`-o` last year's folder).
    const realPrevious = new Map<string, string>();
    const idPrevious = new Map<string, string>();
    for (const f of o.previousDir ? await previousWorkbooks(o.previousDir) : []) {
      realPrevious.set((await realTarget(f)).toLowerCase(), f);
      const id = await identity(f);
      if (id) idPrevious.set(id, f);
    }
    const taken = new Set<string>();
    for (const j of jobs) {
      const base = path.basename(j.file);
      let name = base;
      for (let k = 2; taken.has(name.toLowerCase()); k++) name = numbered(base, k);
      taken.add(name.toLowerCase());
      j.output = path.join(o.outDir, name);
      if (name !== base) renamed.set(j.file, t(CLI.outputRenamed, o.lang, base, j.output));
      const id = await identity(j.output);
      const same = (id && idInputs.get(id)) ?? realInputs.get((await realTarget(j.output)).toLowerCase());
      if (same) {
        o.err(`plancheck: ${t(CLI.outputIsInput, o.lang, j.output, same)}`);
        return 2;
      }
      const older = (id && idPrevious.get(id)) ?? realPrevious.get((await realTarget(j.output)).toLowerCase());
      if (older) {
        o.err(`plancheck: ${t(CLI.outputIsPreviousBatch, o.lang, j.output, older)}`);
        return 2;
      }
    }
    for (const [file, line] of renamed) o.err(`plancheck: ${file}: ${line}`);
  }
  // A whole folder checked: last year's workbooks that have no namesake this year (an agency's plan missing?).
  if (lastYear && (await Promise.all(o.inputs.map(isFolder))).every(Boolean)) {
    for (const p of lastYear.unmatched) o.err(`plancheck: ${t(CLI.previousUnmatched, o.lang, p)}`);
  }
  let done = 0;
  const size = o.workers ?? Math.max(1, Math.min(os.cpus().length, files.length));
  // Ctrl-C or a kill: no temporary file is left (the workers' too: they write `.NAME.PID.TIME.tmp` beside each
  // output, with this process's id), and the outputs finished are named.
  const finished: string[] = [];
  const workers = new Set<Worker>();
  let stopping = false;
  // What each output was before the run (null: none): an output a worker put in place (a rename: a new file, all
  // of it) whose message had not come yet when a signal came is still named as finished.
  const before = new Map<string, string | null>();
  if (o.command === 'fill') for (const j of jobs) if (j.output) before.set(j.output, await fileStamp(j.output));
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    // The workers are stopped first (no new temporary file after this), then their temporary files go.
    void Promise.all([...workers].map((w) => w.terminate().catch(() => undefined))).then(async () => {
      for (const j of jobs) if (j.output) removeTemps(j.output);
      for (const j of jobs) {
        if (!j.output || finished.includes(j.output)) continue;
        const now = await fileStamp(j.output);
        if (now !== null && now !== before.get(j.output)) finished.push(j.output);
      }
      o.err(`plancheck: ${t(CLI.interrupted, o.lang, signal, finished.length ? finished.join(', ') : t(CLI.none, o.lang))}`);
      process.exit(signal === 'SIGINT' ? 130 : signal === 'SIGHUP' ? 129 : 143);
    });
  };
  const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  if (o.command === 'fill') for (const sg of SIGNALS) process.prependListener(sg, onSignal);
  const results = await runPool(jobs, size, (r) => {
    done++;
    if (r.ok && r.output) finished.push(r.output);
    if (r.ok && renamed.has(r.file)) r.warnings = [...(r.warnings ?? []), renamed.get(r.file)!];
    if (o.progress) o.progress.write(bar(done, files.length, r.file, o.progress.columns));
    if (!o.json) {
      o.out(summaryLine(r, o.lang, o.progress ? '\r' : ''));
      if (r.ok && lastYear) {
        const p = lastYear.of.get(r.file);
        o.out(`    ${p ? t(CLI.comparedWith, o.lang, p) : t(CLI.noNamesake, o.lang, o.previousDir!)}`);
      }
      if (r.ok && r.warnings) for (const w of r.warnings) o.out(`    ${w}`);
    }
  }, workers);
  for (const sg of SIGNALS) process.removeListener(sg, onSignal);
  if (o.progress) o.progress.write('\n');
  const worst = Math.max(...results.map(exitOf));
  if (o.json) {
    o.out(
      JSON.stringify(
        {
          workbooks: results.map((r) =>
            r.ok
              ? {
                  file: r.file,
                  ...(r.output ? { output: r.output } : {}),
                  status: r.report.summary.errors ? 'errors' : 'ok',
                  ...(lastYear ? { previous: lastYear.of.get(r.file) ?? null } : {}),
                  ...(r.warnings ? { writeWarnings: r.warnings } : {}),
                  ...r.report,
                }
              : { file: r.file, status: 'unreadable', ...(lastYear ? { previous: lastYear.of.get(r.file) ?? null } : {}), error: r.message },
          ),
          summary: {
            workbooks: results.length,
            withErrors: results.filter((r) => r.ok && r.report.summary.errors > 0).length,
            unreadable: results.filter((r) => !r.ok).length,
            errors: results.reduce((a, r) => a + (r.ok ? r.report.summary.errors : 0), 0),
            warnings: results.reduce((a, r) => a + (r.ok ? r.report.summary.warnings : 0), 0),
            ...(lastYear
              ? {
                  compared: results.filter((r) => r.ok && lastYear!.of.get(r.file)).length,
                  withoutPrevious: files.filter((f) => !lastYear!.of.get(f)).length,
                  previousUnmatched: lastYear.unmatched,
                }
              : {}),
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
    if (lastYear) {
      const compared = results.filter((r) => r.ok && lastYear!.of.get(r.file)).length;
      o.out(t(CLI.batchCompared, o.lang, compared, files.filter((f) => !lastYear!.of.get(f)).length));
    }
  }
  return worst;
}

/** This process's temporary files beside an output (`.NAME.PID.TIME.tmp`), removed at once. */
function removeTemps(output: string): void {
  const dir = path.dirname(path.resolve(output));
  const prefix = `.${path.basename(output)}.${process.pid}.`;
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const n of names) {
    if (!n.startsWith(prefix) || !n.endsWith('.tmp')) continue;
    try {
      rmSync(path.join(dir, n), { force: true });
    } catch {
      // nothing more can be done
    }
  }
}

function summaryLine(r: JobResult, lang: Lang, prefix: string): string {
  const clear = prefix ? '\r\x1b[K' : '';
  if (!r.ok) return `${clear}✗ ${r.message}`;
  const s = r.report.summary;
  const mark = s.errors ? '✗' : '✓';
  const written = r.output ? ` → ${r.output}` : '';
  return `${clear}${mark} ${r.file}  ${t(CLI.lineCounts, lang, s.errors, s.warnings, r.report.tables.length)}${written}`;
}
