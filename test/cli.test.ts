/** The plancheck command line: reports, JSON, exit statuses and messages for bad input. */
import { spawnSync } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main, systemLang } from '../src/cli/main';
import { writeLines } from '../src/cli/format';
import { SHEET_002_BUDGET, seed002BudgetTable, seedWorkbook } from './fixtures/seedPlans';
import { writeSnapshotXlsx } from './fixtures/xlsx';
import { setCell, workbook } from './helpers';

let dir: string;
let plan: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'plancheck-cli-'));
  plan = path.join(dir, 'plan.xlsx');
  await writeSnapshotXlsx(seedWorkbook(), plan);
});

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function run(args: string[], env: Record<string, string | undefined> = { LANG: 'C' }) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (s) => out.push(s), err: (s) => err.push(s), env });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('validate', () => {
  test('a right plan: exit 0, a readable report in zh-TW by default', async () => {
    const r = await run(['validate', plan]);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toContain('plancheck 檢核報告');
    expect(r.out).toContain('找到的表格（7）');
    expect(r.out).toContain('編號由「二」跳到「四」');
    expect(r.out).toContain('摘要：錯誤 0、警告 2');
  });

  test('--json keeps the fields other tools read', async () => {
    const r = await run(['validate', plan, '--json', '--lang', 'en']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(Object.keys(j)).toEqual(expect.arrayContaining(['issues', 'tables', 'indicators', 'risks', 'summary']));
    expect(j.issues[0]).toEqual({ code: 'BUD_REPEATED_AMOUNT', severity: 'info', sheet: '肆 衡量指標與標準', cell: 'D8', message: expect.stringContaining('counted once') });
    expect(j.tables[0]).toEqual({ sheet: '肆 衡量指標與標準', kind: 'indicators', range: 'A2:D8' });
    const parking = j.indicators.find((i: { name: string }) => i.name === '取締重大違規停車成長率');
    expect(parking).toMatchObject({ sheet: '107關鍵績效指標', row: 8, target: '+1.50%', actual: '1.36%', status: 'not_met' });
    expect(parking.achievementRate).toBeCloseTo(0.9067, 4);
    expect(j.risks[0]).toMatchObject({ id: 'P1', likelihood: 1, impact: 1, score: 1, level: 'low', residual: { likelihood: 1, impact: 1, score: 1, level: 'low' } });
    expect(j.summary).toMatchObject({ errors: 0, warnings: 2, riskLevels: { low: 1, medium: 0, high: 0, extreme: 0 } });
  });

  test('errors found: exit 1', async () => {
    const s = seed002BudgetTable();
    setCell(s, 'D4', '中央：0\n本府：1,455\n合計：1,545');
    const file = path.join(dir, 'broken.xlsx');
    await writeSnapshotXlsx(workbook(s), file);
    const r = await run(['validate', file, '--lang=en']);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`"${SHEET_002_BUDGET}"`);
    expect(r.out).toContain('D4 BUD_ROW_TOTAL');
    expect(r.out).toContain('Summary: 2 errors');
  });

  test('the language follows the system locale, falling back to zh-TW', async () => {
    expect(systemLang({ LANG: 'en_US.UTF-8' })).toBe('en');
    expect(systemLang({ LANG: 'zh_TW.UTF-8' })).toBe('zh-TW');
    expect(systemLang({ LANG: 'C.UTF-8' })).toBe('zh-TW');
    expect(systemLang({ LANG: 'fr_FR.UTF-8' })).toBe('zh-TW');
    expect(systemLang({})).toBe('zh-TW');
    const r = await run(['validate', plan], { LC_ALL: 'en_GB.UTF-8' });
    expect(r.out).toContain('plancheck report');
  });
});

describe('input that cannot be read: exit 2, one line naming the file and the reason', () => {
  const expectOneLine = (r: { code: number; err: string; out: string }, file: string, words: string) => {
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.split('\n')).toHaveLength(1);
    expect(r.err).toContain(file);
    expect(r.err).toContain(words);
    expect(r.err).not.toMatch(/\n\s+at /);
  };

  test('missing file', async () => {
    const f = path.join(dir, 'nope.xlsx');
    expectOneLine(await run(['validate', f, '--lang', 'en']), f, 'file not found');
  });

  test('a folder without workbooks', async () => {
    const empty = path.join(dir, 'empty-folder');
    await fs.mkdir(empty, { recursive: true });
    expectOneLine(await run(['validate', empty, '--lang', 'en']), empty, 'no .xlsx workbook found');
  });

  test('a CSV renamed .xlsx', async () => {
    const f = path.join(dir, 'table.xlsx');
    await fs.writeFile(f, '計畫名稱,預算金額\n甲,100\n');
    expectOneLine(await run(['validate', f, '--lang', 'en']), f, 'not an .xlsx workbook');
  });

  test('a password-encrypted workbook', async () => {
    const f = path.join(dir, 'secret.xlsx');
    const head = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    await fs.writeFile(f, Buffer.concat([head, Buffer.alloc(600), Buffer.from('EncryptionInfo', 'utf16le'), Buffer.alloc(600)]));
    expectOneLine(await run(['validate', f, '--lang', 'en']), f, 'password-encrypted');
  });

  test('an old .xls', async () => {
    const f = path.join(dir, 'old.xls');
    await fs.writeFile(f, Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(1024)]));
    expectOneLine(await run(['validate', f, '--lang', 'en']), f, '.xls');
  });

  test('a truncated workbook', async () => {
    const f = path.join(dir, 'cut.xlsx');
    const whole = await fs.readFile(plan);
    await fs.writeFile(f, whole.subarray(0, Math.floor(whole.length / 2)));
    expectOneLine(await run(['validate', f, '--lang', 'en']), f, 'damaged or incomplete');
  });

  test('an empty file', async () => {
    const f = path.join(dir, 'empty.xlsx');
    await fs.writeFile(f, '');
    expectOneLine(await run(['validate', f, '--lang', 'zh-TW']), f, '檔案是空的');
  });

  test('wrong arguments', async () => {
    for (const args of [['frobnicate', plan], ['validate'], ['validate', plan, '--colour'], ['validate', plan, '--lang', 'fr'], ['fill', plan, '-o']]) {
      const r = await run(args);
      expect(r.code).toBe(2);
      expect(r.err.split('\n')).toHaveLength(1);
      expect(r.err).toMatch(/^plancheck: /);
    }
    expect((await run([])).code).toBe(2);
    expect((await run(['--help'])).code).toBe(0);
  });
});

describe('fill and template arguments', () => {
  test('the output must not be the input; the input is untouched', async () => {
    const before = await fs.readFile(plan);
    const r = await run(['fill', plan, '-o', plan, '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('must not be the input');
    expect((await fs.readFile(plan)).equals(before)).toBe(true);
  });

  test('an output folder that does not exist: exit 2, no temporary file left', async () => {
    const out = path.join(dir, 'no-such-folder', 'out.xlsx');
    const r = await run(['fill', plan, '-o', out, '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('cannot write');
    expect((await fs.readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  test('fill without -o writes NAME-checked.xlsx beside the input', async () => {
    const r = await run(['fill', plan, '--lang', 'en']);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`Wrote ${path.join(dir, 'plan-checked.xlsx')}`);
    await fs.access(path.join(dir, 'plan-checked.xlsx'));
  });

  test('template refuses to overwrite without --force', async () => {
    const f = path.join(dir, 'new-plan.xlsx');
    expect((await run(['template', f])).code).toBe(0);
    const again = await run(['template', f, '--lang', 'en']);
    expect(again.code).toBe(2);
    expect(again.err).toContain('--force');
    expect((await run(['template', f, '--force'])).code).toBe(0);
  });
});

describe('the installed command', () => {
  test('bin/plancheck.js runs the built program with real exit statuses', () => {
    const bin = path.join(__dirname, '..', 'bin', 'plancheck.js');
    const ok = spawnSync(process.execPath, [bin, 'validate', plan, '--json'], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout).summary.errors).toBe(0);
    const missing = spawnSync(process.execPath, [bin, 'validate', path.join(dir, 'missing.xlsx'), '--lang', 'en'], { encoding: 'utf8' });
    expect(missing.status).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('the text report is written a batch of lines at a time', () => {
  test('writeLines: the same text as the lines joined, in batches of about 64 K characters, none split in a line', () => {
    const lines = Array.from({ length: 30_000 }, (_, k) => `line ${k} ${'字'.repeat(k % 13)}`);
    const calls: string[] = [];
    writeLines((s) => calls.push(s), lines);
    expect(calls.join('\n')).toBe(lines.join('\n'));
    expect(calls.length).toBeGreaterThan(3);
    for (const c of calls.slice(0, -1)) expect(c.length + 1).toBeGreaterThanOrEqual(1 << 16);
    for (const c of calls) expect(c.length).toBeLessThan((1 << 16) + 100);
    const one: string[] = [];
    writeLines((s) => one.push(s), ['only']);
    expect(one).toEqual(['only']);
    const none: string[] = [];
    writeLines((s) => none.push(s), []);
    expect(none).toEqual([]);
  });

  test('validate of a plan with many indicators: several writes, the whole report in order', async () => {
    const rows: string[][] = [['衡量指標', '年度目標值', '實際值']];
    for (let k = 1; k <= 3000; k++) rows.push([`指標${k}`, '80%', `${60 + (k % 40)}%`]);
    const file = path.join(dir, 'many.xlsx');
    await writeSnapshotXlsx({ sheets: [{ name: '衡量指標', rows, merges: [] }] }, file);
    const out: string[] = [];
    const code = await main(['validate', file], { out: (s) => out.push(s), err: () => undefined, env: { LANG: 'C' } });
    expect(code).toBe(0);
    expect(out.length).toBeGreaterThan(2);
    const text = out.join('\n');
    expect(text.startsWith('plancheck 檢核報告')).toBe(true);
    const at = (k: number) => text.indexOf(`  指標${k}\n`);
    expect(at(1)).toBeGreaterThan(0);
    expect(at(1500)).toBeGreaterThan(at(1));
    expect(at(3000)).toBeGreaterThan(at(1500));
    expect(text.trimEnd().endsWith('摘要：錯誤 0、警告 0')).toBe(true);
  });
});
