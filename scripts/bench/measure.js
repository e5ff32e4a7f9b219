#!/usr/bin/env node
// One measured run in a fresh process, so that its peak memory is its own:
//   node scripts/bench/measure.js fill IN OUT    plancheck fill, end to end (the built program in dist/)
//   node scripts/bench/measure.js floor IN OUT   the same file only read and written by ExcelJS, no engine
// Prints one JSON line: { ms, maxRssMB }.
'use strict';
const path = require('path');
const [mode, input, output] = process.argv.slice(2);
const t0 = process.hrtime.bigint();
async function run() {
  if (mode === 'fill') {
    const { main } = require(path.join(__dirname, '..', '..', 'dist', 'cli', 'main.js'));
    const code = await main(['fill', input, '-o', output, '--lang', 'en'], { out: () => {}, err: (s) => process.stderr.write(s + '\n'), env: {} });
    if (code === 2) throw new Error('fill failed');
  } else if (mode === 'floor') {
    const ExcelJS = require('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(input);
    await wb.xlsx.writeFile(output);
  } else throw new Error('mode: fill or floor');
}
run().then(
  () => {
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    process.stdout.write(JSON.stringify({ ms, maxRssMB: process.resourceUsage().maxRSS / 1024 }) + '\n');
  },
  (e) => {
    process.stderr.write(String(e && e.message) + '\n');
    process.exit(1);
  },
);
