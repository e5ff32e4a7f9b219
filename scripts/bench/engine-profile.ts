/**
 * The engine alone, at one size: builds generatePlan(rows) once, then times validate() and fill() separately
 * (medians after a warm-up, interleaved), and prints the live heap after a forced GC: the snapshot alone and
 * the snapshot with fill()'s report and write plan kept. With --prof DIR, one more run of each is CPU-profiled
 * (DIR/validate.cpuprofile, DIR/fill.cpuprofile; read them with a profile viewer or a self/total summary).
 *
 *   node --expose-gc -r ts-node/register/transpile-only scripts/bench/engine-profile.ts --rows 100000 --runs 5 [--prof DIR]
 */
import { promises as fs } from 'fs';
import * as inspector from 'inspector';
import * as path from 'path';
import { fill, validate } from '../../src/engine';
import { generatePlan } from './generate';

function arg(name: string, fallback: string): string {
  const k = process.argv.indexOf(`--${name}`);
  return k >= 0 && process.argv[k + 1] ? process.argv[k + 1] : fallback;
}
const rows = Number(arg('rows', '100000'));
const runs = Number(arg('runs', '5'));
const prof = arg('prof', '');
const lang = arg('lang', 'en') as 'en' | 'zh-TW';
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const gc = (globalThis as { gc?: () => void }).gc;
const heapMB = () => {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

function post<T>(session: inspector.Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) => session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res as T))));
}

async function profiled(dir: string, name: string, run: () => unknown) {
  const session = new inspector.Session();
  session.connect();
  await post(session, 'Profiler.enable');
  await post(session, 'Profiler.setSamplingInterval', { interval: 200 });
  await post(session, 'Profiler.start');
  run();
  const { profile } = await post<{ profile: object }>(session, 'Profiler.stop');
  session.disconnect();
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(path.join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
}

async function main() {
  if (!gc) console.log('(run with node --expose-gc for heap figures)');
  const base = heapMB();
  const snapshot = generatePlan(rows);
  const snapMB = heapMB() - base;
  validate(snapshot, { lang });
  fill(snapshot, { lang });
  const v: number[] = [];
  const f: number[] = [];
  const vCpu: number[] = [];
  const fCpu: number[] = [];
  const cpuMs = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1000;
  for (let k = 0; k < runs; k++) {
    let c0 = process.cpuUsage();
    let t0 = performance.now();
    validate(snapshot, { lang });
    v.push(performance.now() - t0);
    vCpu.push(cpuMs(process.cpuUsage(c0)));
    c0 = process.cpuUsage();
    t0 = performance.now();
    fill(snapshot, { lang });
    f.push(performance.now() - t0);
    fCpu.push(cpuMs(process.cpuUsage(c0)));
  }
  let kept: unknown = fill(snapshot, { lang });
  const withFillMB = heapMB() - base;
  kept = null;
  void kept;
  const r = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(' ');
  console.log(`rows ${rows}, lang ${lang}, ${runs} runs`);
  // CPU time (the process's, GC threads included) says less about a loaded machine's other work than wall time.
  console.log(`validate median ${median(v).toFixed(0)} ms  (${r(v)}); CPU ${median(vCpu).toFixed(0)} ms (${r(vCpu)})`);
  console.log(`fill     median ${median(f).toFixed(0)} ms  (${r(f)}); CPU ${median(fCpu).toFixed(0)} ms (${r(fCpu)})`);
  if (gc) console.log(`live heap after GC: snapshot ${snapMB.toFixed(1)} MB; snapshot + fill() result ${withFillMB.toFixed(1)} MB (result ${(withFillMB - snapMB).toFixed(1)} MB)`);
  if (prof) {
    await profiled(prof, 'validate', () => validate(snapshot, { lang }));
    await profiled(prof, 'fill', () => fill(snapshot, { lang }));
    console.log(`profiles in ${prof}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
