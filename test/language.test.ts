/**
 * One language per message: Node's error codes become sentences in the user's language and every detail of a file
 * that cannot be read is in it (src/cli/errors.ts); English counts have their plurals and lists their commas; `--version` works.
 */
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { inputErrorText, outputErrorText, outputProblem, OUTPUT_TEXT } from '../src/cli/errors';
import { runCli } from './helpers';
import { CLI, PROBLEMS, t } from '../src/cli/texts';
import { joinList, plural } from '../src/engine/messages';
import { UI_TEXT } from '../src/engine/uiText';
import { InputError } from '../src/hosts/node/files';
import { packageReasonText } from '../src/hosts/ooxml/reasons';
import { DETAILS, KINDS, XlsxError, detailText, type DetailKey } from '../src/hosts/xlsx/errors';
import { seedWorkbook } from './fixtures/seedPlans';
import { writeSnapshotXlsx } from './fixtures/xlsx';

/** Latin words of two letters or more that are not names: what a zh-TW sentence must not have. */
function englishWords(zh: string): string[] {
  const names = /(?:[\w.\-[\]]+\/)+[\w.\-[\]]+|\[Content_Types\]\.xml|\.xlsx|\.xlsm|\.xlsb|\.xls|\.docx?|\.pptx?|\.ods|Excel|Word|PowerPoint|OpenDocument|Strict Open XML|UTF-(?:8|16)|CSV|XML|zip|ZIP64|plancheck|-o|--\w+|MiB|GiB|MB|E[A-Z]{2,}|[A-Z]{1,3}\d+/g;
  return zh.replace(names, ' ').match(/[A-Za-z]{2,}/g) ?? [];
}

const cleanup: string[] = [];
afterAll(async () => {
  for (const d of cleanup) await fs.rm(d, { recursive: true, force: true });
});

const run = (args: string[]) => runCli(args);

describe('Node errors on writing: a sentence in the language, never a bare code', () => {
  const codes = ['ENOENT', 'ENOTDIR', 'EISDIR', 'EBUSY', 'EPERM', 'EACCES', 'EROFS', 'ENOSPC', 'ENAMETOOLONG', 'EINVAL', 'EIO'];
  test.each(codes)('%s', (code) => {
    const e = Object.assign(new Error(`${code}: something, open '/x/y.xlsx'`), { code });
    for (const platform of ['linux', 'win32', 'darwin'] as NodeJS.Platform[]) {
      const zh = outputErrorText(e, 'zh-TW', platform);
      const en = outputErrorText(e, 'en', platform);
      expect(zh).toMatch(/^無法寫入輸出檔：/);
      expect(en).toMatch(/^cannot write the output: /);
      expect(englishWords(zh)).toEqual([]);
      expect(zh).not.toContain('something');
      expect(en).not.toContain('something');
      // A code is shown only when no sentence covers it, inside the sentence.
      if (code === 'EIO') expect(zh).toContain('（系統代碼 EIO）');
      else expect(zh).not.toContain(code);
    }
  });

  test('a file Excel holds open on Windows (EBUSY, EPERM, EACCES) says to close it', () => {
    for (const code of ['EBUSY', 'EPERM', 'EACCES']) {
      expect(outputErrorText({ code }, 'zh-TW', 'win32')).toContain('請在 Excel 關閉該檔案');
      expect(outputErrorText({ code }, 'en', 'win32')).toContain('close it in Excel');
    }
    expect(outputProblem({ code: 'EBUSY' }, 'linux')).toBe('open_elsewhere');
    expect(outputProblem({ code: 'EACCES' }, 'linux')).toBe('no_permission');
  });

  test('every output sentence exists in both languages', () => {
    for (const [k, v] of Object.entries(OUTPUT_TEXT)) {
      expect([k, v['zh-TW'].length > 0, v.en.length > 0]).toEqual([k, true, true]);
      expect(englishWords(v['zh-TW'])).toEqual([]);
    }
  });
});

describe('the readers’ details, in the language', () => {
  /** Sample arguments for each detail of the package layer: part names and numbers. */
  const ARGS: Record<DetailKey, (string | number)[]> = {
    truncated: [],
    zip64: [],
    beyondEnd: [],
    directory: [],
    countMismatch: [5, 6],
    badName: ['/xl/worksheets/sheet1.xml'],
    duplicate: ['xl/styles.xml'],
    tooManyEntries: [10000],
    encryptedEntry: ['xl/worksheets/sheet2.xml'],
    method: ['xl/styles.xml', 12],
    localHeader: ['xl/worksheets/sheet1.xml'],
    cutShort: ['xl/worksheets/sheet1.xml'],
    inflate: ['xl/worksheets/sheet1.xml'],
    wrongSize: ['xl/sharedStrings.xml'],
    missingPart: ['xl/workbook.xml'],
    notUtf8: ['xl/sharedStrings.xml'],
    malformed: ['xl/worksheets/sheet1.xml', 3],
    noWorkbook: [],
    noSheets: [],
    bytesOver: ['1.2 GiB', '1.0 GiB'],
    partOver: ['xl/worksheets/sheet1.xml', 3000000, 2000000],
    ratio: ['xl/worksheets/sheet1.xml', '64 MiB', 1024, 200],
  };

  test.each(Object.keys(DETAILS) as DetailKey[])('the package layer’s %s, through an InputError', (key) => {
    const e = new XlsxError('damaged', key, ARGS[key]);
    const input = new InputError(e.problem, 'x.xlsx', (lang) => e.detail(lang));
    const zh = inputErrorText(input, 'zh-TW');
    const en = inputErrorText(input, 'en');
    expect(zh).toBe(`${PROBLEMS.damaged['zh-TW']}（${detailText(key, ARGS[key], 'zh-TW')}）`);
    expect(en).toBe(`${PROBLEMS.damaged.en} (${detailText(key, ARGS[key], 'en')})`);
    expect(englishWords(zh)).toEqual([]);
  });

  test.each(Object.keys(KINDS) as (keyof typeof KINDS)[])('a zip that is a %s, not a workbook', (kind) => {
    const e = new XlsxError('not_xlsx', null, [], kind);
    const zh = inputErrorText(new InputError(e.problem, 'x.xlsx', (lang) => e.detail(lang)), 'zh-TW');
    expect(zh).toBe(`${PROBLEMS.not_xlsx['zh-TW']}（${KINDS[kind]['zh-TW']}）`);
    expect(englishWords(zh)).toEqual([]);
  });

  test('the file layer’s details: a size as it is, Node’s code as a system code, none left out', () => {
    expect(inputErrorText(new InputError('too_large', 'x.xlsx', '250 MB'), 'zh-TW')).toBe(`${PROBLEMS.too_large['zh-TW']}（250 MB）`);
    expect(inputErrorText(new InputError('too_large', 'x.xlsx', '> 200 MB'), 'en')).toBe(`${PROBLEMS.too_large.en} (> 200 MB)`);
    expect(inputErrorText(new InputError('damaged', 'x.xlsx', 'EIO'), 'zh-TW')).toBe(`${PROBLEMS.damaged['zh-TW']}（系統代碼 EIO）`);
    expect(inputErrorText(new InputError('damaged', 'x.xlsx', 'ERR_FS_FILE_TOO_LARGE'), 'en')).toBe(`${PROBLEMS.damaged.en} (system code ERR_FS_FILE_TOO_LARGE)`);
    expect(inputErrorText(new InputError('damaged', 'x.xlsx'), 'zh-TW')).toBe(PROBLEMS.damaged['zh-TW']);
    expect(inputErrorText(new InputError('not_found', 'x.xlsx'), 'en')).toBe(PROBLEMS.not_found.en);
    for (const p of Object.keys(PROBLEMS) as (keyof typeof PROBLEMS)[]) expect(englishWords(PROBLEMS[p]['zh-TW'])).toEqual([]);
  });

  test('a file over 200 MB, on the command line: the limit and its size, in the language', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'plancheck-big-'));
    cleanup.push(dir);
    const file = path.join(dir, '大.xlsx');
    await fs.writeFile(file, '');
    await fs.truncate(file, 201 * 1024 * 1024); // sparse: nothing is written
    const zh = await run(['validate', file, '--lang', 'zh-TW']);
    expect(zh.code).toBe(2);
    expect(zh.err).toBe(`plancheck: ${file}: ${PROBLEMS.too_large['zh-TW']}（201 MB）`);
    const en = await run(['validate', file, '--lang', 'en']);
    expect(en.code).toBe(2);
    expect(en.err).toBe(`plancheck: ${file}: ${PROBLEMS.too_large.en} (201 MB)`);
  });

  test('a settings file that cannot be read or is not a JSON object: why, in the language, with no V8 English', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'plancheck-settings-'));
    cleanup.push(dir);
    const plan = path.join(dir, 'plan.xlsx');
    await writeSnapshotXlsx(seedWorkbook(), plan);
    const cases: { name: string; text: string | null; zh: string; en: string }[] = [
      { name: 'bad.json', text: '{\n  "scale": 5,\n  oops\n}', zh: 'JSON 格式有誤，在第 3 行第 3 字', en: 'the JSON is malformed at line 3, column 3' },
      { name: 'cut.json', text: '{"scale": 5', zh: 'JSON 內容不完整', en: 'the JSON ends too soon' },
      { name: 'list.json', text: '[5]', zh: '內容不是 JSON 物件', en: 'it is not a JSON object' },
      { name: 'missing.json', text: null, zh: PROBLEMS.not_found['zh-TW'], en: PROBLEMS.not_found.en },
    ];
    for (const c of cases) {
      const file = path.join(dir, c.name);
      if (c.text !== null) await fs.writeFile(file, c.text);
      const zh = await run(['validate', plan, '--settings', file, '--lang', 'zh-TW']);
      expect({ name: c.name, code: zh.code }).toEqual({ name: c.name, code: 2 });
      expect(zh.err).toContain(t(CLI.badSettings, 'zh-TW', file, c.zh));
      expect(englishWords(c.zh.replace(/JSON/g, ' '))).toEqual([]);
      expect(zh.err).not.toMatch(/position|Unexpected|Expected|ENOENT/);
      const en = await run(['validate', plan, '--settings', file, '--lang', 'en']);
      expect(en.err).toContain(t(CLI.badSettings, 'en', file, c.en));
      expect(en.err).not.toMatch(/position|Unexpected|Expected|ENOENT/);
    }
  });

  test('why a package could not be edited in place', () => {
    expect(packageReasonText({ reason: 'malformed XML (unclosed tag at 3:4)', part: 'xl/styles.xml' }, 'zh-TW')).toBe('xl/styles.xml：XML 格式有誤');
    expect(packageReasonText({ reason: 'missing part', part: 'xl/workbook.xml' }, 'en')).toBe('xl/workbook.xml: it is missing');
    expect(englishWords(packageReasonText({ reason: 'something new' }, 'zh-TW'))).toEqual([]);
  });
});

describe('English grammar', () => {
  test('plurals and lists', () => {
    expect(plural(1, 'warning')).toBe('1 warning');
    expect(plural(2, 'warning')).toBe('2 warnings');
    expect(t(CLI.summary, 'en', 1, 1)).toBe('Summary: 1 error, 1 warning');
    expect(t(CLI.summary, 'en', 0, 2)).toBe('Summary: 0 errors, 2 warnings');
    expect(t(CLI.problems, 'en', 1, 0, 1)).toBe('Problems (1 error, 0 warnings, 1 note):');
    expect(t(CLI.lineCounts, 'en', 2, 1, 1)).toBe('2 errors, 1 warning (1 table)');
    expect(t(CLI.batchSummary, 'en', 1, 0, 0)).toMatch(/^1 workbook: /);
    expect(t(CLI.summary, 'zh-TW', 1, 1)).toBe('摘要：錯誤 1、警告 1');
    expect(joinList(['Indicators', 'Budget'], 'en')).toBe('Indicators, Budget');
    expect(joinList(['衡量指標', '預算'], 'zh-TW')).toBe('衡量指標、預算');
    expect(UI_TEXT.foundCounts.en(1, 1, 1)).toBe('Found 1 error, 1 warning and 1 note.');
  });

  test('no English message of the command line says "1 errors" or joins with 、', async () => {
    // Kept until the end of the file: a removed file's inode could be reused by a later test's output, which the
    // CLI would take for an input it read (it tells inputs by device and inode).
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'plancheck-lang-'));
    {
      const file = path.join(dir, 'new.xlsx');
      const r = await run(['template', file, '--lang', 'en']);
      expect(r.code).toBe(0);
      expect(r.out).not.toContain('、');
      expect(r.out).toMatch(/sheets: \S.*, /);
      const plan = path.join(dir, 'plan.xlsx');
      await writeSnapshotXlsx(seedWorkbook(), plan);
      const v = await run(['validate', plan, '--lang', 'en']);
      expect(v.out).not.toMatch(/\b1 (errors|warnings|notes|indicators|tables)\b/);
      expect(v.out).toContain('Summary: 0 errors, 2 warnings');
    }
    cleanup.push(dir);
  });
});

describe('messages of the command line on bad output paths', () => {
  let dir: string;
  let plan: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'plancheck-out-'));
    plan = path.join(dir, 'plan.xlsx');
    await writeSnapshotXlsx(seedWorkbook(), plan);
  });
  afterAll(() => cleanup.push(dir));

  test('fill into a folder of that name (EISDIR): the zh-TW line has no English', async () => {
    const folder = path.join(dir, 'out.xlsx');
    await fs.mkdir(folder, { recursive: true });
    const r = await run(['fill', plan, '-o', folder, '--lang', 'zh-TW']);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`plancheck: ${folder}: ${outputErrorText({ code: 'EISDIR' }, 'zh-TW')}`);
    expect(englishWords(r.err.replace(folder, ''))).toEqual([]);
  });

  test('fill many into an output "folder" that is a file', async () => {
    const file = path.join(dir, 'a-file');
    await fs.writeFile(file, 'x');
    const r = await run(['fill', plan, plan, '-o', file, '--lang', 'zh-TW']);
    expect(r.code).toBe(2);
    expect(r.err).toContain(t(CLI.outDirIsFile, 'zh-TW'));
    expect(r.err).not.toContain('not a folder');
    expect(englishWords(r.err.replace(file, ''))).toEqual([]);
  });

  test('a path under a file (ENOTDIR)', async () => {
    const file = path.join(dir, 'b-file');
    await fs.writeFile(file, 'x');
    const r = await run(['fill', plan, '-o', path.join(file, 'out.xlsx'), '--lang', 'zh-TW']);
    expect(r.code).toBe(2);
    expect(r.err).toContain(OUTPUT_TEXT.not_folder['zh-TW']);
    expect(r.err).not.toMatch(/ENOTDIR/);
  });

  test('a truncated input: the zh-TW line is Chinese, with the reason', async () => {
    const cut = path.join(dir, 'cut.xlsx');
    const whole = await fs.readFile(plan);
    await fs.writeFile(cut, whole.subarray(0, Math.floor(whole.length / 2)));
    const r = await run(['validate', cut, '--lang', 'zh-TW']);
    expect(r.code).toBe(2);
    expect(englishWords(r.err.replace(cut, ''))).toEqual([]);
    expect(r.err).toContain('截斷');
  });
});

describe('--version', () => {
  test('plancheck --version, -V and version print the package version', async () => {
    const { version } = JSON.parse(await fs.readFile(path.join(__dirname, '..', 'package.json'), 'utf8'));
    for (const args of [['--version'], ['-V'], ['version'], ['--version', '--lang', 'en']]) {
      const r = await run(args);
      expect(r).toEqual({ code: 0, out: `plancheck ${version}`, err: '' });
    }
  });
});
