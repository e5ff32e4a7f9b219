/**
 * The command line with many workbooks, tried as a user would (issue 11): an output folder that is a link to an
 * input's folder, two inputs of one name, Excel's lock file and other files a pattern matches, Ctrl-C and SIGTERM
 * in folder mode, a table with no free column right of it.
 */
import { spawn } from 'child_process';
import { existsSync, promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fill } from '../src/engine';
import { SHEET_000_RISK, seed000RiskTable, seed001IndicatorTable, seedWorkbook } from './fixtures/seedPlans';
import { writeSnapshotXlsx } from './fixtures/xlsx';
import { workbook, runCli } from './helpers';

let dir: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'plancheck-safety-'));
  for (const d of ['e1', 'e2', 'd1', 'd2']) await fs.mkdir(path.join(dir, d));
  await writeSnapshotXlsx(workbook(seed001IndicatorTable()), path.join(dir, 'e1', 'plan.xlsx'));
  await writeSnapshotXlsx(workbook(seed000RiskTable()), path.join(dir, 'e2', 'plan.xlsx'));
  await writeSnapshotXlsx(workbook(seed001IndicatorTable()), path.join(dir, 'd1', 'plan.xlsx'));
  await writeSnapshotXlsx(workbook(seed000RiskTable()), path.join(dir, 'd2', 'plan.xlsx'));
  await fs.symlink(path.join(dir, 'e2'), path.join(dir, 'e2link'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const run = (args: string[]) => runCli(args, { progress: null, workers: 1 });

test('an output folder that is a link to an input’s folder: refused before anything is written, the input unchanged', async () => {
  const input = path.join(dir, 'e2', 'plan.xlsx');
  const before = await fs.readFile(input);
  const r = await run(['fill', path.join(dir, 'e1', 'plan.xlsx'), input, '-o', path.join(dir, 'e2link'), '--lang', 'en']);
  expect(r.code).toBe(2);
  expect(r.err).toContain('the output must not be the input file');
  expect((await fs.readFile(input)).equals(before)).toBe(true);
  // Nothing was written for the other input either.
  expect((await fs.readdir(path.join(dir, 'e2'))).sort()).toEqual(['plan.xlsx']);
});

test('two inputs of one name: distinct outputs, and the report says which went where', async () => {
  const out = path.join(dir, 'out-two');
  const r = await run(['fill', path.join(dir, 'd1', 'plan.xlsx'), path.join(dir, 'd2', 'plan.xlsx'), '-o', out, '--lang', 'en']);
  expect(r.code).toBeLessThan(2);
  expect((await fs.readdir(out)).sort()).toEqual(['plan (2).xlsx', 'plan.xlsx']);
  expect(r.err).toContain(`another input is also named plan.xlsx; this one is written to ${path.join(out, 'plan (2).xlsx')}`);
  expect(r.out).toContain(`→ ${path.join(out, 'plan (2).xlsx')}`);
  const json = await run(['fill', path.join(dir, 'd1', 'plan.xlsx'), path.join(dir, 'd2', 'plan.xlsx'), '-o', path.join(dir, 'out-json'), '--json', '--lang', 'en']);
  const parsed = JSON.parse(json.out) as { workbooks: { file: string; output: string; writeWarnings?: string[] }[] };
  expect(parsed.workbooks.map((w) => path.basename(w.output))).toEqual(['plan.xlsx', 'plan (2).xlsx']);
  expect(parsed.workbooks[1].writeWarnings?.join(' ')).toContain('another input is also named plan.xlsx');
});

test('Excel’s lock file and other files a pattern (or the shell) matched are skipped with a line', async () => {
  const plans = path.join(dir, 'plans');
  await fs.mkdir(plans);
  await writeSnapshotXlsx(workbook(seed001IndicatorTable()), path.join(plans, 'plan.xlsx'));
  await fs.writeFile(path.join(plans, '~$plan.xlsx'), Buffer.from([0x0e, 0x4a, 0x6f, 0x68, 0x6e]));
  await fs.writeFile(path.join(plans, 'readme.txt'), 'notes');
  const byPattern = await run(['validate', path.join(plans, '*'), '--lang', 'en']);
  expect(byPattern.code).toBeLessThan(2);
  expect(byPattern.err).toContain(`skipped ${path.join(plans, '~$plan.xlsx')}: an Excel lock file`);
  expect(byPattern.err).toContain(`skipped ${path.join(plans, 'readme.txt')}: not an .xlsx workbook`);
  // What the shell gives for plans/*.xlsx while the workbook is open in Excel.
  const byShell = await run(['validate', path.join(plans, 'plan.xlsx'), path.join(plans, '~$plan.xlsx'), '--lang', 'en']);
  expect(byShell.code).toBeLessThan(2);
  expect(byShell.err).toContain('an Excel lock file');
  const folder = await run(['validate', plans, '--lang', 'en']);
  expect(folder.code).toBeLessThan(2);
  expect(folder.err).toContain('an Excel lock file');
});

describe('Ctrl-C or SIGTERM during a folder fill', () => {
  const cli = path.join(__dirname, '..', 'bin', 'plancheck.js');
  const built = existsSync(path.join(__dirname, '..', 'dist', 'cli', 'main.js'));
  (built ? test.each(['SIGINT', 'SIGTERM'] as const) : test.skip.each(['SIGINT', 'SIGTERM'] as const))(
    '%s leaves no temporary file, from the workers either, and names the outputs finished',
    async (signal) => {
      const many = path.join(dir, `many-${signal}`);
      const out = path.join(dir, `many-out-${signal}`);
      await fs.mkdir(many);
      await writeSnapshotXlsx(seedWorkbook(), path.join(many, 'p01.xlsx'));
      for (let k = 2; k <= 12; k++) await fs.copyFile(path.join(many, 'p01.xlsx'), path.join(many, `p${String(k).padStart(2, '0')}.xlsx`));
      const child = spawn(process.execPath, [cli, 'fill', many, '-o', out, '--lang', 'en'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += String(d)));
      // Wait until a temporary file is being written (or an output is there), then interrupt.
      const started = Date.now();
      for (;;) {
        const names = await fs.readdir(out).catch(() => [] as string[]);
        if (names.some((n) => n.endsWith('.tmp')) || names.length >= 1 || Date.now() - started > 20000) break;
        await new Promise((r) => setTimeout(r, 5));
      }
      child.kill(signal);
      const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      expect(code).toBe(signal === 'SIGINT' ? 130 : 143);
      const left = await fs.readdir(out);
      expect(left.filter((n) => n.endsWith('.tmp'))).toEqual([]);
      expect(stderr).toMatch(/interrupted \(SIG(INT|TERM)\)\. Outputs finished: /);
      // Every output named as finished is there and complete; nothing else is.
      const named = (/Outputs finished: (.*?); nothing/.exec(stderr)?.[1] ?? '').split(', ').filter((x) => x && x !== 'none');
      expect(left.sort()).toEqual(named.map((f) => path.basename(f)).sort());
    },
    60000,
  );
});

test('a table with no free column right of it: a warning in the report, for that table', () => {
  const s = seedWorkbook();
  const risk = s.sheets.find((x) => x.name === SHEET_000_RISK)!;
  // The user's cells reach Excel's last column (XFD) on the register's header row.
  const row = risk.rows[15];
  for (let c = row.length; c < 16384; c++) row[c] = `x${c}`;
  const { report } = fill(s, { lang: 'en' });
  const w = report.issues.filter((i) => i.code === 'WRITE_NO_ROOM');
  expect(w.length).toBeGreaterThan(0);
  expect(w[0]).toMatchObject({ severity: 'warning', sheet: SHEET_000_RISK });
  expect(w[0].message).toContain('free columns');
});
