/**
 * The input is read once: `validate` and `fill` work on a process substitution (`<(cat plan.xlsx)`) and a FIFO,
 * which can be read only once, and `fill` gives the same workbook as from the file itself.
 */
import { spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import JSZip from 'jszip';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'plancheck.js');
const PLAN = path.join(ROOT, 'examples', 'plan.xlsx');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'plancheck-input-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const bash = (script: string) => spawnSync('bash', ['-c', script], { encoding: 'utf8', env: { ...process.env, BIN, PLAN, DIR: dir, LANG: 'C' }, timeout: 60_000 });

/** Every entry's name and content (zip dates of new entries differ from run to run). */
async function contents(file: string): Promise<Record<string, string>> {
  const zip = await JSZip.loadAsync(readFileSync(file));
  const out: Record<string, string> = {};
  for (const [n, f] of Object.entries(zip.files)) out[n] = await f.async('string');
  return out;
}

test('validate reads a process substitution and a FIFO', () => {
  const direct = bash('node "$BIN" validate "$PLAN" --json --lang en');
  expect(direct.status).toBe(0);
  const sub = bash('node "$BIN" validate <(cat "$PLAN") --json --lang en');
  expect(sub.stderr).toBe('');
  expect(sub.status).toBe(0);
  const strip = (s: string) => JSON.stringify({ ...JSON.parse(s), file: '' });
  expect(strip(sub.stdout)).toBe(strip(direct.stdout));
  const fifo = bash('mkfifo "$DIR/in" && (cat "$PLAN" > "$DIR/in" &) && node "$BIN" validate "$DIR/in" --json --lang en');
  expect(fifo.status).toBe(0);
  expect(strip(fifo.stdout)).toBe(strip(direct.stdout));
});

test('fill from a process substitution writes what fill of the file writes', async () => {
  const a = bash('node "$BIN" fill "$PLAN" -o "$DIR/a.xlsx" --lang en');
  const b = bash('node "$BIN" fill <(cat "$PLAN") -o "$DIR/b.xlsx" --lang en');
  expect([a.status, b.status]).toEqual([0, 0]);
  expect(await contents(path.join(dir, 'b.xlsx'))).toEqual(await contents(path.join(dir, 'a.xlsx')));
});
