/** `plancheck validate|fill this.xlsx --previous last.xlsx`: the comparison with last year's workbook, on real files. */
import ExcelJS from 'exceljs';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SHEET_000_RISK, SHEET_002_TARGET, yearPair } from './fixtures/yearPairs';
import { writeSnapshotXlsx } from './fixtures/xlsx';
import { runCli, sha256File } from './helpers';

let dir: string;
let thisYear: string;
let lastYear: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'plancheck-previous-'));
  thisYear = path.join(dir, '111.xlsx');
  lastYear = path.join(dir, '110.xlsx');
  const { previous, current } = yearPair();
  await writeSnapshotXlsx(current, thisYear);
  await writeSnapshotXlsx(previous, lastYear);
});

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const run = runCli;
const sha = sha256File;

describe('--previous', () => {
  test('validate --json: the comparison and its warnings in the report', async () => {
    const r = await run(['validate', thisYear, '--previous', lastYear, '--json', '--lang', 'en']);
    expect(r.err).toBe('');
    expect(r.code).toBe(1); // this year's own IND_TARGET_STEP errors
    const j = JSON.parse(r.out);
    expect(j.comparison.previousFile).toBe(lastYear);
    expect(j.comparison.risks.map((x: { id: string; movement: string }) => `${x.id} ${x.movement}`)).toEqual(['P1 up', 'P2 same', 'P3 down', 'P4 new', 'P5 same', 'P3 closed']);
    const codes = j.issues.filter((i: { code: string }) => i.code.startsWith('PREV_')).map((i: { code: string; sheet: string; cell: string }) => `${i.code} ${i.sheet}!${i.cell}`);
    expect(codes).toEqual([`PREV_RISK_STILL_HIGH ${SHEET_000_RISK}!H4`, `PREV_TARGET_BELOW_ACTUAL ${SHEET_002_TARGET}!E5`, `PREV_TARGET_BELOW_TARGET ${SHEET_002_TARGET}!E6`, `PREV_TARGET_BELOW_ACTUAL ${SHEET_002_TARGET}!E10`]);
    expect(j.comparison.budgets.plans.find((p: { name: string }) => p.name === '重要路口錄影監視系統建置計畫')).toMatchObject({ previous: 14000, current: 15400, changePercent: 10 });
  });

  test('validate: the readable report has the comparison, in zh-TW', async () => {
    const r = await run(['validate', thisYear, `--previous=${lastYear}`]);
    expect(r.out).toContain(`與去年比較：${lastYear}`);
    expect(r.out).toContain('P1 | P1 | P1 重要路口監視系統建置與汰舊工程延誤 | 1 低度 | 2 低度 | ↑ 升高');
    expect(r.out).toContain('P3 | P3 | P3 少年事件預防宣導場次不足 | 4 中度 |  | 已結案');
    expect(r.out).toContain('重要路口錄影監視系統建置計畫 | 14,000 | 15,400 | +10.0%');
    expect(r.out).toContain('本府 | 237,250 | 237,395 | +0.06%');
  });

  test('fill: the map shows the movement beside each ID, the register a 與去年比較 column; last year\'s file is unchanged', async () => {
    const before = await sha(lastYear);
    const stat = await fs.stat(lastYear);
    const out = path.join(dir, '111-checked.xlsx');
    const r = await run(['fill', thisYear, '--previous', lastYear, '-o', out]);
    expect(r.code).toBe(1);
    expect(await sha(lastYear)).toBe(before);
    expect((await fs.stat(lastYear)).mtimeMs).toBe(stat.mtimeMs);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const map = wb.getWorksheet('風險圖像')!;
    const texts: string[] = [];
    map.eachRow((row) => row.eachCell((c) => texts.push(String(c.value))));
    expect(texts).toEqual(expect.arrayContaining(['P1↑\nR=2', 'P2→\nR=6', 'P3↓\nR=4', 'P4(新)\nR=3', 'P5→\nR=2']));
    expect(texts.some((t) => t.includes('去年有、今年已結案的風險：P3'))).toBe(true);
    const risks = wb.getWorksheet(SHEET_000_RISK)!;
    const header: string[] = [];
    risks.getRow(2).eachCell((c) => header.push(String(c.value)));
    expect(header).toContain('與去年比較');
  });

  test('last year\'s file cannot be read: exit 2, one line naming it as --previous', async () => {
    const r = await run(['validate', thisYear, '--previous', path.join(dir, 'missing.xlsx')]);
    expect(r.code).toBe(2);
    expect(r.err.split('\n')).toHaveLength(1);
    expect(r.err).toContain('missing.xlsx (--previous)');
  });

  test('wrong uses: no value, several workbooks, template, output over last year\'s file', async () => {
    expect((await run(['validate', thisYear, '--previous'])).code).toBe(2);
    const many = await run(['validate', thisYear, lastYear, '--previous', lastYear]);
    expect(many.code).toBe(2);
    expect(many.err).toContain('--previous');
    expect((await run(['template', path.join(dir, 't.xlsx'), '--previous', lastYear])).code).toBe(2);
    const before = await sha(lastYear);
    const over = await run(['fill', thisYear, '--previous', lastYear, '-o', lastYear]);
    expect(over.code).toBe(2);
    expect(over.err).toContain('--previous');
    expect(await sha(lastYear)).toBe(before);
  });
});
