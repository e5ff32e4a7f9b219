/** Many workbooks at once: a folder, several files or a pattern; one broken workbook does not stop the others. */
import ExcelJS from 'exceljs';
import { spawnSync } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../src/cli/main';
import { seed000RiskTable, seed001IndicatorTable, seed002BudgetTable } from './fixtures/seedPlans';
import { writeSnapshotXlsx } from './fixtures/xlsx';
import { setCell, workbook } from './helpers';

let dir: string;
let plans: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'plancheck-batch-'));
  plans = path.join(dir, 'agencies');
  await fs.mkdir(plans);
  await writeSnapshotXlsx(workbook(seed001IndicatorTable()), path.join(plans, 'a-kpi.xlsx'));
  const broken = seed002BudgetTable();
  setCell(broken, 'D4', '中央：0\n本府：1,455\n合計：1,545');
  await writeSnapshotXlsx(workbook(broken), path.join(plans, 'b-budget.xlsx'));
  await fs.writeFile(path.join(plans, 'c-not-a-workbook.xlsx'), '計畫名稱,預算\n甲,1\n');
  await writeSnapshotXlsx(workbook(seed000RiskTable()), path.join(plans, 'd-risk.xlsx'));
  await fs.writeFile(path.join(plans, 'notes.txt'), 'not a workbook, not looked at');
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function run(args: string[], extra: { progress?: boolean } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const bar: string[] = [];
  const code = await main(args, {
    out: (s) => out.push(s),
    err: (s) => err.push(s),
    env: { LANG: 'C' },
    progress: extra.progress ? { write: (s) => bar.push(s), columns: 100 } : null,
  });
  return { code, out: out.join('\n'), err: err.join('\n'), bar: bar.join('') };
}

test('validate DIR: one line per workbook, the broken one reported, the worst exit status', async () => {
  const r = await run(['validate', plans, '--lang', 'en'], { progress: true });
  expect(r.code).toBe(2);
  const lines = r.out.split('\n').map((l) => l.replace(/\r\x1b\[K/g, ''));
  expect(lines).toHaveLength(5);
  expect(lines[0]).toMatch(/^✓ .*a-kpi\.xlsx {2}0 errors, 2 warnings \(1 table\)$/);
  expect(lines[1]).toMatch(/^✗ .*b-budget\.xlsx {2}2 errors/);
  expect(lines[2]).toMatch(/^✗ .*c-not-a-workbook\.xlsx: not an \.xlsx workbook/);
  expect(lines[3]).toMatch(/^✓ .*d-risk\.xlsx/);
  expect(lines[4]).toBe('4 workbooks: 1 with errors, 1 unreadable');
  expect(r.bar).toContain('4/4');
});

test('--json: one combined report', async () => {
  const r = await run(['validate', plans, '--json', '--lang', 'en']);
  const j = JSON.parse(r.out);
  expect(j.workbooks.map((w: { file: string; status: string }) => [path.basename(w.file), w.status])).toEqual([
    ['a-kpi.xlsx', 'ok'],
    ['b-budget.xlsx', 'errors'],
    ['c-not-a-workbook.xlsx', 'unreadable'],
    ['d-risk.xlsx', 'ok'],
  ]);
  expect(j.workbooks[1].issues.map((i: { code: string }) => i.code)).toEqual(['BUD_ROW_TOTAL', 'BUD_COLUMN_TOTAL']);
  expect(j.workbooks[2].error).toContain('not an .xlsx workbook');
  expect(j.summary).toEqual({ workbooks: 4, withErrors: 1, unreadable: 1, errors: 2, warnings: 2 });
});

test('a missing file among several is reported on its line', async () => {
  const r = await run(['validate', path.join(plans, 'a-kpi.xlsx'), path.join(plans, 'missing.xlsx'), '--lang', 'en']);
  expect(r.code).toBe(2);
  expect(r.out).toMatch(/✗ .*missing\.xlsx: file not found/);
});

test('several files and a pattern; without a broken one the status is 1 for errors', async () => {
  const r = await run(['validate', path.join(plans, 'a-kpi.xlsx'), path.join(plans, '[bd]*.xlsx'.replace('[bd]', 'b')), path.join(plans, 'd-*.xlsx')]);
  expect(r.code).toBe(1);
  expect(r.out.split('\n')).toHaveLength(4);
});

test('fill DIR -o OUTDIR writes each readable workbook, complete, and never the inputs', async () => {
  const out = path.join(dir, 'checked');
  const r = await run(['fill', plans, '-o', out, '--lang', 'en']);
  expect(r.code).toBe(2);
  expect((await fs.readdir(out)).sort()).toEqual(['a-kpi.xlsx', 'b-budget.xlsx', 'd-risk.xlsx']);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path.join(out, 'd-risk.xlsx'));
  expect(wb.getWorksheet('Risk map (風險圖像)') ?? wb.getWorksheet('風險圖像')).toBeDefined();
  const again = await run(['fill', plans, '-o', plans]);
  expect(again.code).toBe(2);
  expect(again.err).toContain('輸出檔不能與輸入檔相同');
  expect((await run(['fill', plans])).err).toContain('-o');
});

test('an empty folder: exit 2 with a message', async () => {
  const empty = path.join(dir, 'empty');
  await fs.mkdir(empty);
  const r = await run(['validate', empty, '--lang', 'en']);
  expect(r.code).toBe(2);
  expect(r.err).toContain('no .xlsx workbook found');
});

test('the installed command spreads the work over worker threads', () => {
  const bin = path.join(__dirname, '..', 'bin', 'plancheck.js');
  const p = spawnSync(process.execPath, [bin, 'validate', plans, '--json', '--lang', 'en'], { encoding: 'utf8' });
  expect(p.status).toBe(2);
  const j = JSON.parse(p.stdout);
  expect(j.workbooks.map((w: { status: string }) => w.status)).toEqual(['ok', 'errors', 'unreadable', 'ok']);
  expect(j.workbooks[0].tables).toHaveLength(1);
});

describe('a worker that dies on a workbook', () => {
  // A stand-in worker: answers every job, but stops (exit) on a file named crash… and throws on one named throw….
  const FAKE = `
    const { parentPort } = require('worker_threads');
    parentPort.on('message', ({ id, job }) => {
      if (job.file.includes('crash')) process.exit(3);
      if (job.file.includes('throw')) setImmediate(() => { throw new Error('boom in ' + job.file); });
      else parentPort.postMessage({ id, result: { file: job.file, ok: false, message: 'done ' + job.file } });
    });`;

  test('fails that workbook with a line in the language, and the run goes on with a new worker', async () => {
    const { runPool } = await import('../src/cli/batch');
    const file = path.join(dir, 'fake-worker.js');
    await fs.writeFile(file, FAKE);
    const names = ['a', 'crash1', 'b', 'throw1', 'c', 'crash2', 'd', 'e'];
    const jobs = names.map((n) => ({ command: 'validate' as const, file: `${n}.xlsx`, lang: 'zh-TW' as const }));
    const seen: string[] = [];
    const active = new Set<import('worker_threads').Worker>();
    const results = await runPool(jobs, 2, (r) => seen.push(r.file), active, file);
    expect(results.map((r) => r.file)).toEqual(names.map((n) => `${n}.xlsx`));
    expect(seen.sort()).toEqual(names.map((n) => `${n}.xlsx`).sort());
    const message = (n: string) => (results[names.indexOf(n)] as { message: string }).message;
    for (const n of ['a', 'b', 'c', 'd', 'e']) expect(message(n)).toBe(`done ${n}.xlsx`);
    expect(message('crash1')).toBe('crash1.xlsx: 發生未預期的錯誤（是 plancheck 本身的問題，不是活頁簿的問題）：處理此活頁簿的執行緒意外結束。輸入的活頁簿未被變更；請將這一行回報給維護 plancheck 的人員。');
    expect(message('crash2')).toContain('處理此活頁簿的執行緒意外結束');
    expect(message('throw1')).toContain('boom in throw1.xlsx');
    // Every worker, the replaced ones too, is gone at the end.
    expect(active.size).toBe(0);
  }, 30_000);
});
