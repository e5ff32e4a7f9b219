/**
 * plancheck: the command line host of the plan engine.
 * Exit status: 0 no errors (warnings allowed), 1 errors found, 2 the input cannot be read or the arguments are wrong.
 */
import { promises as fs, readFileSync } from 'fs';
import * as path from 'path';
import { fill, settingsFromJson, templatePlan, validate } from '../engine';
import { joinList, type Lang } from '../engine/messages';
import type { WorkbookSnapshot } from '../engine/snapshot';
import { ProtectedSheetError } from '../hosts/protection';
import { InputError, SameFileError, readWorkbookFile } from '../hosts/node/files';
import { fillPackageBytes, NotEditableError, writeBytesAtomic } from '../hosts/ooxml';
import { blankWorkbook } from '../hosts/ooxml/blank';
import { runBatch } from './batch';
import { fillFile, WriteFailed } from './job';
import { reportLines, writeLines } from './format';
import { NOT_AN_OBJECT, inputErrorText, jsonErrorText, outputErrorText, readErrorText } from './errors';
import { isFolder, matchPrevious, previousWorkbooks, readPreviousWorkbook } from './previous';
import { CLI, t } from './texts';

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

/** The version in package.json (beside dist/ when installed, beside src/ in the repository). */
export function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { name?: string; version?: string };
    if (pkg.name === 'plancheck' && pkg.version) return pkg.version;
  } catch {
    // not there: an unusual layout
  }
  return 'unknown';
}

interface Args {
  command: string;
  files: string[];
  out: string | null;
  json: boolean;
  force: boolean;
  lang: Lang;
  help: boolean;
  version: boolean;
  /** `--settings file.json` */
  settingsFile: string | null;
  /** `template --scale 5` */
  scale: number | null;
  /** `--previous last.xlsx`: last year's workbook, compared with (only read); or last year's folder (previous.ts). */
  previous: string | null;
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
  const args: Args = { command: '', files: [], out: null, json: false, force: false, lang, help: false, version: false, settingsFile: null, scale: null, previous: null };
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k];
    if (a === '--help' || a === '-h') args.help = true;
    else if (a === '--version' || a === '-V' || a === '-v') args.version = true;
    else if (a === '--json') args.json = true;
    else if (a === '--force' || a === '-f') args.force = true;
    else if (a === '--lang') k++;
    else if (a.startsWith('--lang=')) continue;
    else if (a === '-o' || a === '--output' || a === '--out') {
      const v = argv[++k];
      if (v === undefined) throw new UsageError(t(CLI.missingValue, lang, a));
      args.out = v;
    } else if (a.startsWith('--output=')) args.out = a.slice(9);
    else if (a === '--settings' || a.startsWith('--settings=')) {
      const v = a === '--settings' ? argv[++k] : a.slice(11);
      if (v === undefined || v === '') throw new UsageError(t(CLI.missingValue, lang, '--settings'));
      args.settingsFile = v;
    } else if (a === '--scale' || a.startsWith('--scale=')) {
      const v = a === '--scale' ? argv[++k] : a.slice(8);
      if (v === undefined) throw new UsageError(t(CLI.missingValue, lang, '--scale'));
      if (!/^[345]$/.test(v)) throw new UsageError(t(CLI.badScale, lang, v));
      args.scale = Number(v);
    }
    else if (a === '--previous') {
      const v = argv[++k];
      if (v === undefined) throw new UsageError(t(CLI.missingValue, lang, a));
      args.previous = v;
    } else if (a.startsWith('--previous=')) args.previous = a.slice(11);
    else if (a.startsWith('-') && a !== '-') throw new UsageError(t(CLI.unknownOption, lang, a));
    else if (!args.command) args.command = a;
    else args.files.push(a);
  }
  return args;
}

/** The settings of `--settings file.json`: a JSON object (the engine checks each field). */
async function readSettingsFile(file: string | null, lang: Lang): Promise<Record<string, unknown> | undefined> {
  if (!file) return undefined;
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    throw new UsageError(t(CLI.badSettings, lang, file, readErrorText(e, lang)));
  }
  text = text.replace(/^\uFEFF/, '');
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new UsageError(t(CLI.badSettings, lang, file, jsonErrorText(e, text, lang)));
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new UsageError(t(CLI.badSettings, lang, file, NOT_AN_OBJECT[lang]));
  return v as Record<string, unknown>;
}

/** Last year's workbook (`--previous`), if given (main has put a folder's namesake in its place). */
async function readPrevious(args: Args): Promise<{ previous?: WorkbookSnapshot; previousFile?: string }> {
  return args.previous ? readPreviousWorkbook(args.previous) : {};
}

/** Whether two paths are one file (by device and inode). */
async function sameFile(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([a, b].map((f) => fs.stat(f, { bigint: true }).catch(() => null)));
  return !!x && !!y && x.ino !== 0n && x.dev === y.dev && x.ino === y.ino;
}

async function runValidate(args: Args, io: Io): Promise<number> {
  const file = args.files[0];
  const settings = await readSettingsFile(args.settingsFile, args.lang);
  const { snapshot } = await readWorkbookFile(file);
  const report = validate(snapshot, { lang: args.lang, settings, ...(await readPrevious(args)) });
  if (args.json) io.out(JSON.stringify({ file, ...report }, null, 2));
  else writeLines(io.out, reportLines(report, file, args.lang));
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
  const settings = await readSettingsFile(args.settingsFile, args.lang);
  if (args.previous && path.resolve(out) === path.resolve(args.previous)) throw new UsageError(t(CLI.outputIsPrevious, args.lang));
  const previous = await readPrevious(args);
  // The file is read once (a FIFO works) and parsed once: fillFile is the one fill path, a folder's jobs' too.
  let filled: Awaited<ReturnType<typeof fillFile>>;
  try {
    filled = await fillFile(file, out, { lang: args.lang, settings, ...previous });
  } catch (e) {
    if (e instanceof WriteFailed) {
      if (e.reason instanceof SameFileError) throw new UsageError(t(CLI.sameFile, args.lang));
      throw new OutputError(out, e.reason);
    }
    throw e;
  }
  const { report, warnings } = filled;
  for (const w of warnings) io.err(`plancheck: ${w}`);
  if (args.json) io.out(JSON.stringify({ file, output: out, ...report }, null, 2));
  else {
    writeLines(io.out, reportLines(report, file, args.lang));
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
    if (exists) throw new OutputError(file, null, t(CLI.exists, args.lang));
  }
  const settings = (await readSettingsFile(args.settingsFile, args.lang)) ?? {};
  const plan = templatePlan(args.lang, { ...settingsFromJson(settings).settings, ...(args.scale ? { scale: args.scale } : {}) });
  // A blank package with the plan applied by the package writer (no second writer to keep in step).
  const { bytes } = await fillPackageBytes(await blankWorkbook(), plan, args.lang);
  try {
    await writeBytesAtomic(bytes, file);
  } catch (e) {
    throw new OutputError(file, e);
  }
  io.out(t(CLI.wroteTemplate, args.lang, file, joinList(plan.sheets.map((s) => s.sheet), args.lang)));
  return 0;
}

/** An output that could not be written: Node's error (worded by outputErrorText), or the whole message. */
class OutputError extends Error {
  constructor(
    readonly file: string,
    readonly error: unknown,
    readonly full?: string,
  ) {
    super(full ?? String((error as Error)?.message ?? error));
  }
}

export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  let lang = systemLang(io.env);
  try {
    const args = parseArgs(argv, io);
    lang = args.lang;
    if (args.version || args.command === 'version') {
      io.out(`plancheck ${packageVersion()}`);
      return 0;
    }
    if (args.help || !args.command || args.command === 'help') {
      io.out(CLI.usage[lang]);
      return args.help || args.command === 'help' ? 0 : 2;
    }
    if (!['validate', 'fill', 'template'].includes(args.command)) throw new UsageError(t(CLI.unknownCommand, lang, args.command));
    if (!args.files.length) throw new UsageError(t(CLI.missingFile, lang));
    if (args.previous && args.command === 'template') throw new UsageError(t(CLI.previousNotForTemplate, lang));
    if (args.command !== 'template' && (args.files.length > 1 || (await isBatchInput(args.files[0])))) {
      // Many workbooks (one per agency) are each compared with their namesake in last year's folder: one file
      // for all of them would compare every agency with one agency's plan.
      if (args.previous && !(await isFolder(args.previous))) {
        const there = await fs.stat(args.previous).then(() => true, () => false);
        if (!there) throw new InputError('not_found', `${args.previous} (--previous)`);
        throw new UsageError(t(CLI.previousNeedsFolder, lang, args.previous));
      }
      return await runBatch({
        previousDir: args.previous,
        command: args.command as 'validate' | 'fill',
        inputs: args.files,
        outDir: args.out,
        lang,
        json: args.json,
        out: io.out,
        err: io.err,
        progress: io.progress ?? null,
        workers: io.workers,
        settings: await readSettingsFile(args.settingsFile, lang),
      });
    }
    if (args.files.length > 1) throw new UsageError(t(CLI.extraArgument, lang, args.files[1]));
    if (args.previous && (await isFolder(args.previous))) {
      // One workbook and last year's folder: its namesake there.
      const file = args.files[0];
      const match = matchPrevious([file], await previousWorkbooks(args.previous)).of.get(file);
      if (!match) throw new UsageError(t(CLI.noNamesakeOne, lang, args.previous, path.basename(file)));
      if (await sameFile(match, file)) throw new UsageError(t(CLI.previousSameFolder, lang, args.previous));
      args.previous = match;
    }
    if (args.command === 'validate') return await runValidate(args, io);
    if (args.command === 'fill') return await runFill(args, io);
    return await runTemplate(args, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`plancheck: ${e.message}`);
      return 2;
    }
    if (e instanceof InputError) {
      io.err(`plancheck: ${e.file}: ${inputErrorText(e, lang)}`);
      return 2;
    }
    if (e instanceof ProtectedSheetError) {
      io.err(`plancheck: ${t(CLI.protectedSheet, lang, e.sheet)}`);
      return 2;
    }
    if (e instanceof NotEditableError) {
      io.err(`plancheck: ${e.file}: ${e.text(lang)}`);
      return 2;
    }
    if (e instanceof OutputError) {
      io.err(`plancheck: ${e.file}: ${e.full ?? outputErrorText(e.error, lang)}`);
      return 2;
    }
    io.err(`plancheck: ${t(CLI.unexpected, lang, String((e as Error)?.message ?? e).split('\n')[0])}`);
    return 2;
  }
}
