/**
 * npm run bench: how plancheck scales. For plan workbooks of growing size (generated from the seed plans'
 * table shapes, fixed seed), prints: the engine's time (snapshot in memory → report and write plan) and rows
 * per second; `plancheck validate` and `plancheck fill` end to end, each beside its floor measured in the same
 * run, pair by pair (read floor: unzip + one SAX pass building the grid; read-and-write floor: that, and the
 * package written back), the ratios and peak memory of both; and, for the Excel host over the strict stand-in, the
 * context.sync() calls and the largest request of each action. Medians of several runs; ratios are taken
 * within the same run, as this machine is noisy.
 *
 *   npm run bench -- --sizes 1000,10000,100000 --runs 5
 */
import { execFileSync } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fill } from '../../src/engine';
import { PlanActions } from '../../src/hosts/office/actions';
import { createStandIn, officeEnvOf } from '../../test/standin';
import { writeSnapshotXlsx } from '../../test/fixtures/xlsx';
import { generatePlan } from './generate';

function arg(name: string, fallback: string): string {
  const k = process.argv.indexOf(`--${name}`);
  return k >= 0 && process.argv[k + 1] ? process.argv[k + 1] : fallback;
}

const sizes = arg('sizes', '1000,10000,100000').split(',').map(Number);
const runs = Number(arg('runs', '5'));
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });

function measure(mode: 'validate' | 'fill' | 'read-floor' | 'rw-floor', input: string, output: string): { ms: number; maxRssMB: number } {
  const out = execFileSync(process.execPath, [path.join(__dirname, 'measure.js'), mode, input, output], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!);
}

async function excelHost(rows: number) {
  const snapshot = generatePlan(rows);
  const standIn = createStandIn(snapshot, {});
  const env = officeEnvOf(standIn);

  const actions = new PlanActions(env);
  const out: Record<string, { syncs: number; largestKB: number; plannedKB: number }> = {};
  for (const [name, act] of [
    ['validate', () => actions.validate()],
    ['fill', () => actions.fill()],
    ['generate', () => actions.generateRiskSheet()],
    ['clear', () => actions.clearMarks()],
  ] as const) {
    standIn.stats.reset();
    const r = await act();
    if (!r.ok) throw new Error(`${name}: ${r.error?.message}`);
    out[name] = { syncs: r.syncs, largestKB: standIn.stats.largestRequest / 1024, plannedKB: (r.largestBatch ?? 0) / 1024 };
  }
  return out;
}

async function main() {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'plancheck-bench-'));
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(`plancheck bench — ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${runs} runs each (medians)\n`);
  const rowsOut: string[][] = [];
  const engineMs: number[] = [];
  const fillMs: number[] = [];
  const validateMs: number[] = [];
  for (const n of sizes) {
    const snapshot = generatePlan(n);
    const file = path.join(dir, `plan-${n}.xlsx`);
    await writeSnapshotXlsx(snapshot, file, { boldRows: {} });
    // Engine: snapshot in memory → report and write plan. One warm-up run first.
    fill(snapshot, { lang: 'en' });
    const times: number[] = [];
    for (let k = 0; k < runs; k++) {
      const t0 = performance.now();
      fill(snapshot, { lang: 'en' });
      times.push(performance.now() - t0);
    }
    const eng = median(times);
    engineMs.push(eng);
    // End to end against the floors, each pair in the same run (floor, then the command).
    const pairs = { validate: [] as number[], fill: [] as number[], vRatio: [] as number[], fRatio: [] as number[], vMem: [] as number[], fMem: [] as number[], vMs: [] as number[], fMs: [] as number[], rf: [] as number[], wf: [] as number[], vRss: [] as number[], fRss: [] as number[], rfRss: [] as number[], wfRss: [] as number[] };
    const e2eRuns = n >= 100000 ? Math.min(runs, 3) : runs;
    for (let k = 0; k < e2eRuns; k++) {
      const rf = measure('read-floor', file, '');
      const v = measure('validate', file, '');
      const wf = measure('rw-floor', file, path.join(dir, `floor-${n}.xlsx`));
      const f = measure('fill', file, path.join(dir, `out-${n}.xlsx`));
      pairs.vMs.push(v.ms);
      pairs.fMs.push(f.ms);
      pairs.rf.push(rf.ms);
      pairs.wf.push(wf.ms);
      pairs.vRatio.push(v.ms / rf.ms);
      pairs.fRatio.push(f.ms / wf.ms);
      pairs.vMem.push(v.maxRssMB / rf.maxRssMB);
      pairs.fMem.push(f.maxRssMB / wf.maxRssMB);
      pairs.vRss.push(v.maxRssMB);
      pairs.fRss.push(f.maxRssMB);
      pairs.rfRss.push(rf.maxRssMB);
      pairs.wfRss.push(wf.maxRssMB);
    }
    fillMs.push(median(pairs.fMs));
    validateMs.push(median(pairs.vMs));
    const host = await excelHost(n);
    rowsOut.push([
      fmt(n),
      `${fmt(eng, 1)} ms`,
      fmt((n / eng) * 1000),
      `${fmt(median(pairs.vMs))} / ${fmt(median(pairs.rf))} ms`,
      `${fmt(median(pairs.vRatio), 2)}×`,
      `${fmt(median(pairs.fMs))} / ${fmt(median(pairs.wf))} ms`,
      `${fmt(median(pairs.fRatio), 2)}×`,
      `${fmt(median(pairs.vRss))} / ${fmt(median(pairs.rfRss))} MB`,
      `${fmt(median(pairs.fRss))} / ${fmt(median(pairs.wfRss))} MB`,
      `${fmt(median(pairs.vMem), 2)}× / ${fmt(median(pairs.fMem), 2)}×`,
      ['validate', 'fill', 'generate', 'clear'].map((a) => host[a].syncs).join(' / '),
      `${fmt(Math.max(...Object.values(host).map((h) => h.largestKB)))} KB`,
    ]);
  }
  const head = ['rows', 'engine', 'rows/s', 'validate / read floor', 'validate ÷ floor', 'fill / read-and-write floor', 'fill ÷ floor', 'peak RSS validate / floor', 'peak RSS fill / floor', 'mem ratio validate / fill', 'Excel syncs validate/fill/generate/clear', 'largest request'];
  const table = [head, head.map(() => '---'), ...rowsOut].map((r) => `| ${r.join(' | ')} |`).join('\n');
  console.log(table);
  for (let k = 1; k < sizes.length; k++) {
    const g = `${fmt(sizes[k - 1])} → ${fmt(sizes[k])} rows (${fmt(sizes[k] / sizes[k - 1], 1)}× rows)`;
    console.log(`\n${g}: engine ${fmt(engineMs[k] / engineMs[k - 1], 2)}×, validate ${fmt(validateMs[k] / validateMs[k - 1], 2)}×, fill ${fmt(fillMs[k] / fillMs[k - 1], 2)}× time`);
  }
  await fs.rm(dir, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
