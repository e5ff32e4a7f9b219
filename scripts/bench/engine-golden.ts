/**
 * Golden outputs of the engine: `save DIR` writes canonical JSON (sorted keys, one array element a line) of
 * fill()'s report and plan (and validate's report) for a set of cases; `check DIR` compares against them.
 *   npx ts-node --transpile-only scripts/bench/engine-golden.ts save DIR [--only name,...] [--skip-big]
 *   npx ts-node --transpile-only scripts/bench/engine-golden.ts check DIR   (the same cases again, compared with cmp; diff of the first that differ)
 */
import * as fs from 'fs';
import * as path from 'path';
import { execFileSync } from 'child_process';
const ROOT = path.join(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-var-requires
const engine = require(ROOT + '/src/engine');
const { generatePlan } = require(ROOT + '/scripts/bench/generate');
const { pastedWorkbook, seedText, SEED_IDS } = require(ROOT + '/test/fixtures/pasted');
const { readWorkbook } = require(ROOT + '/src/hosts/xlsx/read');
const { applyPlanToPackage } = require(ROOT + '/src/hosts/ooxml');
const yp = require(ROOT + '/test/fixtures/yearPairs');

function writeCanon(file: string, value: unknown) {
  const fd = fs.openSync(file, 'w');
  let buf: string[] = [];
  let len = 0;
  const out = (s: string) => {
    buf.push(s);
    len += s.length;
    if (len > 1 << 20) { fs.writeSync(fd, buf.join('')); buf = []; len = 0; }
  };
  const rec = (v: any) => {
    if (v === undefined) { out('undefined'); return; }
    if (v === null || typeof v !== 'object') {
      if (typeof v === 'number' && Object.is(v, -0)) { out('-0'); return; }
      if (typeof v === 'number' && !Number.isFinite(v)) { out(String(v)); return; }
      out(JSON.stringify(v)); return;
    }
    if (Array.isArray(v)) {
      out('[\n');
      for (let i = 0; i < v.length; i++) { rec(v[i]); out(',\n'); }
      out(']');
      return;
    }
    if (typeof v.toJSON === 'function') { rec(v.toJSON()); return; }
    if (v instanceof Map || v instanceof Set) throw new Error('Map/Set in output');
    const keys = Object.keys(v).filter((k) => v[k] !== undefined).sort();
    out('{');
    for (const k of keys) { out(JSON.stringify(k) + ':'); rec(v[k]); out(','); }
    out('}');
  };
  rec(value);
  fs.writeSync(fd, buf.join(''));
  fs.closeSync(fd);
}

type Case = { name: string; big?: boolean; run: () => Promise<unknown> | unknown };
const example = () => readWorkbook(new Uint8Array(fs.readFileSync(ROOT + '/examples/plan.xlsx'))).snapshot;
const cases: Case[] = [];
for (const lang of ['en', 'zh-TW']) {
  cases.push({ name: `example-${lang}`, run: () => ({ fill: engine.fill(example(), { lang }), validate: engine.validate(example(), { lang }), clear: engine.clearMarks(example(), { lang }) }) });
  cases.push({
    name: `example-rerun-${lang}`,
    run: async () => {
      const bytes = new Uint8Array(fs.readFileSync(ROOT + '/examples/plan.xlsx'));
      const first = engine.fill(readWorkbook(bytes).snapshot, { lang });
      const res = await applyPlanToPackage(bytes, first.plan);
      const again = readWorkbook(new Uint8Array(res.bytes)).snapshot;
      return { fill: engine.fill(again, { lang }), clear: engine.clearMarks(again, { lang }), cols: engine.fill(again, { lang, parts: { columns: true, marks: false, map: false } }) };
    },
  });
  for (const id of SEED_IDS) cases.push({ name: `seed${id}-${lang}`, run: () => engine.fill(pastedWorkbook('工作表1', seedText(id)), { lang }) });
  cases.push({
    name: `yearpair-${lang}`,
    run: () => {
      const prev = { sheets: [yp.lastYearRisks(), yp.lastYearPlans(), yp.lastYearTargets(), yp.lastYearBudget()] };
      const cur = { sheets: [yp.thisYearRisks(), yp.thisYearPlans(), yp.thisYearTargets(), yp.thisYearBudget()] };
      return engine.fill(cur, { lang, previous: prev, previousFile: 'last.xlsx' });
    },
  });
  cases.push({ name: `gen3000-${lang}`, run: () => engine.fill(generatePlan(3000), { lang }) });
  cases.push({ name: `gen100000-${lang}`, big: true, run: () => engine.fill(generatePlan(100000), { lang }) });
}

async function main() {
  const [mode, dir] = process.argv.slice(2);
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1].split(',') : null;
  const skipBig = process.argv.includes('--skip-big');
  const tmp = path.join(dir, '..', path.basename(dir) + '-now');
  fs.mkdirSync(dir, { recursive: true });
  fs.mkdirSync(tmp, { recursive: true });
  let bad = 0;
  for (const c of cases) {
    if (only && !only.some((o) => c.name.includes(o))) continue;
    if (skipBig && c.big) continue;
    const value = await c.run();
    const file = path.join(mode === 'save' ? dir : tmp, c.name + '.json');
    writeCanon(file, value);
    if (mode === 'check') {
      try {
        execFileSync('cmp', ['-s', path.join(dir, c.name + '.json'), file]);
        console.log(`same  ${c.name}`);
      } catch {
        bad++;
        console.log(`DIFF  ${c.name}`);
        try { execFileSync('diff', [path.join(dir, c.name + '.json'), file]); } catch (e: any) { console.log(String(e.stdout).split('\n').slice(0, 30).join('\n')); }
      }
    } else console.log(`saved ${c.name} ${fs.statSync(file).size} bytes`);
  }
  if (bad) { console.log(`${bad} cases differ`); process.exit(1); }
}
main().catch((e) => { console.error(e); process.exit(1); });
