/**
 * plancheck: the command line host of the plan engine.
 * Exit status: 0 no errors (warnings allowed), 1 errors found, 2 the input cannot be read or the arguments are wrong.
 */
import ExcelJS from 'exceljs';
import { promises as fs } from 'fs';
import * as path from 'path';
import { fill, templatePlan, validate } from '../engine';
import type { Lang } from '../engine/messages';
import { applyWritePlan, checkWritable, ProtectedSheetError } from '../hosts/exceljs/apply';
import { InputError, SameFileError, readWorkbookFile, writeWorkbookAtomic } from '../hosts/exceljs/files';
import { fillPackageBytes, PartsWouldBeLostError, readOwnNames, writeBytesAtomic } from '../hosts/ooxml';
import { workbookSnapshot } from '../hosts/exceljs/snapshot';
import { runBatch } from './batch';
import { formatReport } from './format';
import { CLI, PROBLEMS, t } from './texts';

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  env: Record<string, string | undefined>;
  /** Where a progress bar goes (a terminal), for many workbooks. */
  progress?: { write: (s: string) => void; columns: number } | null;
  /** Worker threads for many workbooks (default: one per core). */
  workers?: number;
}

const defaultIo: Io = {
  out: (s) => process.stdout.write(s + '\n'),
  err: (s) => process.stderr.write(s + '\n'),
  env: process.env,
  progress: process.stderr.isTTY ? { write: (s) => process.stderr.write(s), columns: process.stderr.columns || 80 } : null,
};

/** A folder or a pattern means many workbooks. */
async function isBatchInput(input: string): Promise<boolean> {
  if (/[*?]/.test(path.basename(input))) return true;
  const st = await fs.stat(input).catch(() => null);
  return !!st && st.isDirectory();
}

/** zh-TW or en from the system locale; zh-TW when the locale says neither. */
export function systemLang(env: Record<string, string | undefined>): Lang {
  for (const v of [env.LC_ALL, env.LC_MESSAGES, env.LANG, env.LANGUAGE]) {
    if (!v) continue;
    if (/^zh/i.test(v)) return 'zh-TW';
    if (/^en/i.test(v)) return 'en';
    if (/^(C|POSIX)(\.|$)/i.test(v)) continue;
    return 'zh-TW';
  }
  if (process.platform === 'win32') {
    const l = Intl.DateTimeFormat().resolvedOptions().locale;
    if (/^en/i.test(l)) return 'en';
  }
  return 'zh-TW';
}

class UsageError extends Error {}

interface Args {
  command: string;
  files: string[];
  out: string | null;
  json: boolean;
  force: boolean;
  lang: Lang;
  help: boolean;
}

function parseArgs(argv: string[], io: Io): Args {
  let lang = systemLang(io.env);
  // --lang first, so that every later message is in it.
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k];
    const v = a.startsWith('--lang=') ? a.slice(7) : a === '--lang' ? argv[k + 1] : null;
    if (v === null) continue;
    if (v === 'zh-TW' || v === 'zh' || v === 'zh-tw') lang = 'zh-TW';
    else if (v === 'en') lang = 'en';
    else throw Object.assign(new UsageError(t(CLI.badLang, lang, v ?? '')), { lang });
  }
  const args: Args = { command: '', files: [], out: null, json: false, force: false, lang, help: false };
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k];
    if (a === '--help' || a === '-h') args.help = true;
    else if (a === '--json') args.json = true;
    else if (a === '--force' || a === '-f') args.force = true;
    else if (a === '--lang') k++;
    else if (a.startsWith('--lang=')) continue;
    else if (a === '-o' || a === '--output' || a === '--out') {
      const v = argv[++k];
      if (v === undefined) throw new UsageError(t(CLI.missingValue, lang, a));
      args.out = v;
    } else if (a.startsWith('--output=')) args.out = a.slice(9);
    else if (a.startsWith('-') && a !== '-') throw new UsageError(t(CLI.unknownOption, lang, a));
    else if (!args.command) args.command = a;
    else args.files.push(a);
  }
  return args;
}

async function runValidate(args: Args, io: Io): Promise<number> {
  const file = args.files[0];
  const wb = await readWorkbookFile(file);
  const names = await readOwnNames(await fs.readFile(file));
  const report = validate({ ...workbookSnapshot(wb), names }, { lang: args.lang });
  if (args.json) io.out(JSON.stringify({ file, ...report }, null, 2));
  else io.out(formatReport(report, file, args.lang));
  return report.summary.errors > 0 ? 1 : 0;
}

function defaultOutput(file: string): string {
  const ext = path.extname(file);
  return file.slice(0, file.length - ext.length) + '-checked' + (ext || '.xlsx');
}

async function runFill(args: Args, io: Io): Promise<number> {
  const file = args.files[0];
  const out = args.out ?? defaultOutput(file);
  if (path.resolve(out) === path.resolve(file)) throw new UsageError(t(CLI.sameFile, args.lang));
  const wb = await readWorkbookFile(file);
  // ExcelJS reads (and checks) the file; the plan is applied to the file's own package, so that every part
  // of it the add-in does not write (charts, pivot tables, macros, …) is kept as it was.
  const input = await fs.readFile(file);
  // The add-in's defined names find its earlier output again, wherever rows and columns moved it.
  let planned: ReturnType<typeof fill> | null = fill({ ...workbookSnapshot(wb), names: await readOwnNames(input) }, { lang: args.lang });
  const report = planned.report;
  checkWritable(wb, planned.plan);
  const outcome = await fillPackageBytes(input, wb, planned.plan, args.lang, out).catch((e: unknown) => {
    if (e instanceof PartsWouldBeLostError) e.file = file;
    throw e;
  });
  planned = null;
  try {
    await writeBytesAtomic(outcome.bytes, out);
  } catch (e) {
    if (e instanceof SameFileError) throw new UsageError(t(CLI.sameFile, args.lang));
    throw new OutputError(out, (e as NodeJS.ErrnoException).code ?? (e as Error).message);
  }
  for (const w of outcome.warnings) io.err(`plancheck: ${w}`);
  if (args.json) io.out(JSON.stringify({ file, output: out, ...report }, null, 2));
  else {
    io.out(formatReport(report, file, args.lang));
    io.out(t(CLI.wrote, args.lang, out));
  }
  return report.summary.errors > 0 ? 1 : 0;
}

async function runTemplate(args: Args, io: Io): Promise<number> {
  const file = args.files[0];
  if (!args.force) {
    const exists = await fs
      .stat(file)
      .then(() => true)
      .catch(() => false);
    if (exists) throw new OutputError(file, '', t(CLI.exists, args.lang));
  }
  const wb = new ExcelJS.Workbook();
  wb.creator = 'plancheck';
  const plan = templatePlan(args.lang);
  applyWritePlan(wb, plan);
  try {
    await writeWorkbookAtomic(wb, file);
  } catch (e) {
    throw new OutputError(file, (e as NodeJS.ErrnoException).code ?? (e as Error).message);
  }
  io.out(t(CLI.wroteTemplate, args.lang, file, plan.sheets.map((s) => s.sheet).join('、')));
  return 0;
}

class OutputError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
    readonly full?: string,
  ) {
    super(reason);
  }
}

export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  let lang = systemLang(io.env);
  try {
    const args = parseArgs(argv, io);
    lang = args.lang;
    if (args.help || !args.command || args.command === 'help') {
      io.out(CLI.usage[lang]);
      return args.help || args.command === 'help' ? 0 : 2;
    }
    if (args.command === '--version' || args.command === 'version') {
      io.out('plancheck 0.1.0');
      return 0;
    }
    if (!['validate', 'fill', 'template'].includes(args.command)) throw new UsageError(t(CLI.unknownCommand, lang, args.command));
    if (!args.files.length) throw new UsageError(t(CLI.missingFile, lang));
    if (args.command !== 'template' && (args.files.length > 1 || (await isBatchInput(args.files[0])))) {
      return await runBatch({
        command: args.command as 'validate' | 'fill',
        inputs: args.files,
        outDir: args.out,
        lang,
        json: args.json,
        out: io.out,
        err: io.err,
        progress: io.progress ?? null,
        workers: io.workers,
      });
    }
    if (args.files.length > 1) throw new UsageError(t(CLI.extraArgument, lang, args.files[1]));
    if (args.command === 'validate') return await runValidate(args, io);
    if (args.command === 'fill') return await runFill(args, io);
    return await runTemplate(args, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`plancheck: ${e.message}`);
      return 2;
    }
    if (e instanceof InputError) {
      io.err(`plancheck: ${e.file}: ${PROBLEMS[e.problem][lang]}${e.detail ? ` (${e.detail})` : ''}`);
      return 2;
    }
    if (e instanceof ProtectedSheetError) {
      io.err(`plancheck: ${t(CLI.protectedSheet, lang, e.sheet)}`);
      return 2;
    }
    if (e instanceof PartsWouldBeLostError) {
      io.err(`plancheck: ${e.file}: ${e.text(lang)}`);
      return 2;
    }
    if (e instanceof OutputError) {
      io.err(`plancheck: ${e.file}: ${e.full ?? t(CLI.cannotWrite, lang, e.reason)}`);
      return 2;
    }
    io.err(`plancheck: ${t(CLI.unexpected, lang, String((e as Error)?.message ?? e).split('\n')[0])}`);
    return 2;
  }
}
