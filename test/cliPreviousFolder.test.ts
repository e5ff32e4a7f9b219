/**
 * `plancheck validate|fill DIR --previous LAST-YEAR-DIR`: each agency's workbook compared with its namesake in last
 * year's folder (the same name, or the name with the year one less), on real .xlsx files built here.
 */
import ExcelJS from 'exceljs';
import { spawnSync } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { lastYearName, matchPrevious } from '../src/cli/previous';
import { CLI, t } from '../src/cli/texts';
import { MOVEMENT_HEADER } from '../src/engine/comparisonRows';
import { seed001IndicatorTable } from './fixtures/seedPlans';
import { SHEET_000_RISK, yearPair } from './fixtures/yearPairs';
import { writeSnapshotXlsx } from './fixtures/xlsx';
import { runCli, sha256File, workbook } from './helpers';

let dir: string;
let now: string;
let last: string;
/** this year's workbook → last year's namesake */
const PAIRS: [string, string][] = [
  ['警察局.xlsx', '警察局.xlsx'],
  ['113年度-社會局.xlsx', '112年度-社會局.xlsx'],
  ['消防局.XLSX', '消防局.xlsx'],
];
const LONE = '新設單位.xlsx';
const GONE = '已裁撤單位.xlsx';
const RISKS = ['P1 up', 'P2 same', 'P3 down', 'P4 new', 'P5 same', 'P3 closed'];

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'plancheck-previous-dir-'));
  now = path.join(dir, '113');
  last = path.join(dir, '112');
  await fs.mkdir(now);
  await fs.mkdir(last);
  const { previous, current } = yearPair();
  for (const [mine, older] of PAIRS) {
    await writeSnapshotXlsx(current, path.join(now, mine));
    await writeSnapshotXlsx(previous, path.join(last, older));
  }
  await writeSnapshotXlsx(current, path.join(now, LONE));
  await writeSnapshotXlsx(workbook(seed001IndicatorTable()), path.join(last, GONE));
  await fs.writeFile(path.join(last, '~$警察局.xlsx'), 'an Excel lock file');
});

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const run = runCli;
const sha = sha256File;

async function shas(folder: string): Promise<Record<string, string>> {
  const o: Record<string, string> = {};
  for (const n of (await fs.readdir(folder)).sort()) o[n] = await sha(path.join(folder, n));
  return o;
}

interface Entry {
  file: string;
  status: string;
  previous?: string | null;
  comparison?: { previousFile: string; risks: { id: string; movement: string }[] };
  issues: { code: string }[];
}

describe('the namesake', () => {
  test('the year one less: ROC and Western years, not other numbers', () => {
    expect(lastYearName('113年度-警察局.xlsx')).toBe('112年度-警察局.xlsx');
    expect(lastYearName('2025 plan.xlsx')).toBe('2024 plan.xlsx');
    expect(lastYearName('113.xlsx')).toBe('112.xlsx');
    expect(lastYearName('警察局.xlsx')).toBeNull();
    expect(lastYearName('第12345號.xlsx')).toBeNull();
    expect(lastYearName('第2科.xlsx')).toBeNull();
  });

  test('the same name first (case, extension and Unicode form set aside), then the year one less', () => {
    const m = matchPrevious(
      ['now/a.xlsx', 'now/B.xlsm', 'now/113-c.xlsx', 'now/113.xlsx', 'now/d.xlsx', 'now/cafe\u0301.xlsx'],
      ['old/112-c.xlsx', 'old/112.xlsx', 'old/113.xlsx', 'old/a.xlsm', 'old/a.xlsx', 'old/b.xlsx', 'old/café.xlsx', 'old/e.xlsx'],
    );
    expect(Object.fromEntries(m.of)).toEqual({
      'now/a.xlsx': 'old/a.xlsx',
      'now/B.xlsm': 'old/b.xlsx',
      'now/113-c.xlsx': 'old/112-c.xlsx',
      'now/113.xlsx': 'old/113.xlsx',
      'now/d.xlsx': null,
      'now/cafe\u0301.xlsx': 'old/café.xlsx',
    });
    expect(m.unmatched).toEqual(['old/112.xlsx', 'old/a.xlsm', 'old/e.xlsx']);
  });
});

describe('validate DIR --previous LAST-YEAR-DIR', () => {
  test('--json: each workbook compared with its namesake, as one file would be; the one without is checked alone', async () => {
    const r = await run(['validate', now, '--previous', last, '--json', '--lang', 'en']);
    expect(r.code).toBe(1); // this year's own IND_TARGET_STEP errors
    const j = JSON.parse(r.out) as { workbooks: Entry[]; summary: Record<string, unknown> };
    const byName = new Map(j.workbooks.map((w) => [path.basename(w.file), w]));
    for (const [mine, older] of PAIRS) {
      const w = byName.get(mine)!;
      expect(w.previous).toBe(path.join(last, older));
      expect(w.comparison!.previousFile).toBe(path.join(last, older));
      expect(w.comparison!.risks.map((x) => `${x.id} ${x.movement}`)).toEqual(RISKS);
      // The same report as the one-file command with that file.
      const one = await run(['validate', path.join(now, mine), '--previous', path.join(last, older), '--json', '--lang', 'en']);
      const { previous: _previous, status: _status, ...report } = w;
      expect(report).toEqual(JSON.parse(one.out));
    }
    const lone = byName.get(LONE)!;
    expect(lone.previous).toBeNull();
    expect(lone.comparison).toBeUndefined();
    expect(lone.issues.some((i) => i.code.startsWith('PREV_'))).toBe(false);
    expect(j.summary).toMatchObject({ workbooks: 4, compared: 3, withoutPrevious: 1, previousUnmatched: [path.join(last, GONE)] });
    // Last year's workbook that no agency of this year has is said, once.
    expect(r.err).toBe(`plancheck: ${t(CLI.previousUnmatched, 'en', path.join(last, GONE))}`);
  });

  test('the text report: under each workbook\'s line, what it was compared with, or a line saying it had no namesake (zh-TW)', async () => {
    const r = await run(['validate', now, '--previous', last]);
    expect(r.code).toBe(1);
    const lines = r.out.split('\n');
    for (const [mine, older] of PAIRS) {
      const k = lines.findIndex((l) => l.includes(path.join(now, mine)));
      expect(lines[k + 1]).toBe(`    與去年比較：${path.join(last, older)}`);
    }
    const k = lines.findIndex((l) => l.includes(path.join(now, LONE)));
    expect(lines[k]).toMatch(/^[✓✗] /);
    expect(lines[k + 1]).toBe(`    去年的資料夾 ${last} 沒有同名的活頁簿：只檢核今年，未與去年比較`);
    expect(lines.slice(-2)).toEqual(['共 4 個活頁簿：4 個有錯誤、0 個無法讀取', '與去年比較：3 個活頁簿；1 個沒有去年的同名活頁簿']);
    expect(r.err).toBe(`plancheck: 去年的 ${path.join(last, GONE)} 沒有今年的同名活頁簿，未比較`);
  });

  test('the installed command (worker threads) compares the same way', () => {
    const bin = path.join(__dirname, '..', 'bin', 'plancheck.js');
    const p = spawnSync(process.execPath, [bin, 'validate', now, `--previous=${last}`, '--json', '--lang', 'en'], { encoding: 'utf8' });
    expect(p.status).toBe(1);
    const j = JSON.parse(p.stdout) as { workbooks: Entry[] };
    expect(j.workbooks.map((w) => [path.basename(w.file), w.comparison ? w.comparison.risks.map((x) => `${x.id} ${x.movement}`) : null])).toEqual([
      ['113年度-社會局.xlsx', RISKS],
      ['新設單位.xlsx', null],
      ['消防局.XLSX', RISKS],
      ['警察局.xlsx', RISKS],
    ]);
  });

  test('last year\'s namesake that cannot be read: that workbook\'s line names both, the others go on', async () => {
    const bad = path.join(dir, 'bad');
    const badLast = path.join(dir, 'bad-last');
    await fs.mkdir(bad);
    await fs.mkdir(badLast);
    const { previous, current } = yearPair();
    await writeSnapshotXlsx(current, path.join(bad, '甲.xlsx'));
    await writeSnapshotXlsx(current, path.join(bad, '乙.xlsx'));
    await writeSnapshotXlsx(previous, path.join(badLast, '甲.xlsx'));
    await fs.writeFile(path.join(badLast, '乙.xlsx'), '計畫名稱,預算\n');
    const r = await run(['validate', bad, '--previous', badLast, '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.out).toContain(`✗ ${path.join(bad, '乙.xlsx')}: ${path.join(badLast, '乙.xlsx')} (--previous): not an .xlsx workbook`);
    expect(r.out).toContain(`    Compared with last year: ${path.join(badLast, '甲.xlsx')}`);
  });
});

describe('fill DIR --previous LAST-YEAR-DIR -o OUTDIR', () => {
  test('each output has the comparison with its namesake; last year\'s files are unchanged', async () => {
    const before = await shas(last);
    const out = path.join(dir, 'checked');
    const r = await run(['fill', now, '--previous', last, '-o', out, '--lang', 'en']);
    expect(r.code).toBe(1);
    expect(await shas(last)).toEqual(before);
    const header = async (file: string) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(file);
      const row: string[] = [];
      wb.getWorksheet(SHEET_000_RISK)!.getRow(2).eachCell((c) => row.push(String(c.value)));
      const texts: string[] = [];
      wb.getWorksheet('風險圖像')!.eachRow((x) => x.eachCell((c) => texts.push(String(c.value))));
      return { row, texts };
    };
    for (const [mine] of PAIRS) {
      const h = await header(path.join(out, mine));
      expect(h.row).toContain(MOVEMENT_HEADER.en);
      expect(h.texts).toEqual(expect.arrayContaining(['P1↑\nR=2', 'P4(new)\nR=3']));
    }
    const lone = await header(path.join(out, LONE));
    expect(lone.row).not.toContain(MOVEMENT_HEADER.en);
    expect(lone.texts.some((x) => x.includes('↑'))).toBe(false);
  });

  test('-o last year\'s folder: refused before anything is written', async () => {
    const before = await shas(last);
    const r = await run(['fill', now, '--previous', last, '-o', last, '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.err.split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/^plancheck: the output .* would replace last year's workbook .* \(--previous\), which is only read, never changed; name another folder with -o$/);
    expect(await shas(last)).toEqual(before);
  });
});

describe('wrong uses', () => {
  test('one file for a folder of workbooks: a usage error saying to name a folder', async () => {
    const file = path.join(last, PAIRS[0][1]);
    for (const args of [['validate', now], ['fill', now, '-o', path.join(dir, 'x')], ['validate', path.join(now, PAIRS[0][0]), path.join(now, LONE)]]) {
      const r = await run([...args, '--previous', file, '--lang', 'en']);
      expect(r.code).toBe(2);
      expect(r.err).toBe(`plancheck: ${t(CLI.previousNeedsFolder, 'en', file)}`);
      expect(r.out).toBe('');
    }
    const zh = await run(['validate', now, '--previous', file]);
    expect(zh.err).toBe(`plancheck: ${t(CLI.previousNeedsFolder, 'zh-TW', file)}`);
    await expect(fs.stat(path.join(dir, 'x'))).rejects.toThrow();
  });

  test('a --previous that is not there, and this year\'s folder given as last year\'s', async () => {
    const missing = path.join(dir, '111');
    const r = await run(['validate', now, '--previous', missing, '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(new RegExp(`^plancheck: ${missing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(--previous\\): `));
    const same = await run(['validate', now, '--previous', now, '--lang', 'en']);
    expect(same.code).toBe(2);
    expect(same.err).toBe(`plancheck: ${t(CLI.previousSameFolder, 'en', now)}`);
  });
});

describe('one workbook, last year\'s folder', () => {
  test('its namesake there, by the year one less', async () => {
    const r = await run(['validate', path.join(now, PAIRS[1][0]), '--previous', last, '--json', '--lang', 'en']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).comparison.previousFile).toBe(path.join(last, PAIRS[1][1]));
  });

  test('no namesake: exit 2, one line naming the folder and the workbook', async () => {
    const r = await run(['validate', path.join(now, LONE), '--previous', last, '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`plancheck: ${t(CLI.noNamesakeOne, 'en', last, LONE)}`);
    expect(r.out).toBe('');
    const same = await run(['validate', path.join(now, PAIRS[0][0]), '--previous', now]);
    expect(same.code).toBe(2);
    expect(same.err).toBe(`plancheck: ${t(CLI.previousSameFolder, 'zh-TW', now)}`);
  });
});
