#!/usr/bin/env node
// One measured run in a fresh process, so that its peak memory is its own:
//   node scripts/bench/measure.js validate IN        plancheck validate, end to end (the built program in dist/)
//   node scripts/bench/measure.js fill IN OUT        plancheck fill, end to end
//   node scripts/bench/measure.js read-floor IN      the floor of reading: the file read, its sheets and shared
//                                                    strings unzipped, one SAX pass (saxes) building the grid of
//                                                    values and merges; no engine, no checks
//   node scripts/bench/measure.js rw-floor IN OUT    the read floor, then the package written back (JSZip: the
//                                                    sheets deflated again, every other entry copied)
// Prints one JSON line: { ms, maxRssMB }.
'use strict';
const path = require('path');
const fs = require('fs');
const zlib = require('zlib');
const [mode, input, output] = process.argv.slice(2);
const dist = path.join(__dirname, '..', '..', 'dist');
const t0 = process.hrtime.bigint();

/** Unzip + one SAX pass per sheet building rows of values (shared strings resolved) and the merges. */
function readFloor(bytes) {
  const { readZipDirectory, entryData } = require(path.join(dist, 'hosts', 'xlsx', 'zip.js'));
  const { SaxesParser } = require('saxes');
  const entries = readZipDirectory(bytes);
  const text = (e) => (e.method === 0 ? Buffer.from(entryData(bytes, e)) : zlib.inflateRawSync(entryData(bytes, e))).toString('utf8');
  const sst = [];
  const sstEntry = entries.find((e) => /sharedStrings\.xml$/i.test(e.name));
  if (sstEntry) {
    const p = new SaxesParser();
    let cur = null;
    p.on('opentag', (t) => {
      if (t.name === 'si') cur = '';
    });
    p.on('text', (s) => {
      if (cur !== null) cur += s;
    });
    p.on('closetag', (t) => {
      if (t.name === 'si') {
        sst.push(cur);
        cur = null;
      }
    });
    p.write(text(sstEntry)).close();
  }
  const texts = new Map();
  const grids = [];
  for (const e of entries) {
    if (!/^xl\/worksheets\/[^/]+\.xml$/i.test(e.name)) continue;
    const xml = text(e);
    texts.set(e.name, xml);
    const rows = [];
    const merges = [];
    let r = 0;
    let c = 0;
    let t = '';
    let v = null;
    let inV = false;
    const p = new SaxesParser();
    p.on('opentag', (tag) => {
      if (tag.name === 'c') {
        const ref = tag.attributes.r || 'A1';
        const m = /^([A-Z]+)(\d+)$/.exec(ref);
        c = m ? [...m[1]].reduce((a, ch) => a * 26 + ch.charCodeAt(0) - 64, 0) - 1 : 0;
        r = m ? Number(m[2]) - 1 : 0;
        t = tag.attributes.t || '';
        v = null;
      } else if (tag.name === 'v' || tag.name === 't') {
        inV = true;
        v = '';
      } else if (tag.name === 'mergeCell') merges.push(tag.attributes.ref);
    });
    p.on('text', (s) => {
      if (inV) v += s;
    });
    p.on('closetag', (tag) => {
      if (tag.name === 'v' || tag.name === 't') inV = false;
      else if (tag.name === 'c' && v !== null) (rows[r] || (rows[r] = []))[c] = t === 's' ? sst[Number(v)] : t === '' || t === 'n' ? Number(v) : v;
    });
    p.write(xml).close();
    grids.push({ rows, merges });
  }
  return { grids, texts };
}

async function run() {
  if (mode === 'validate' || mode === 'fill') {
    const { main } = require(path.join(dist, 'cli', 'main.js'));
    const args = mode === 'fill' ? ['fill', input, '-o', output] : ['validate', input];
    const code = await main([...args, '--lang', 'en'], { out: () => {}, err: (s) => process.stderr.write(s + '\n'), env: {} });
    if (code === 2) throw new Error(`${mode} failed`);
  } else if (mode === 'read-floor' || mode === 'rw-floor') {
    const bytes = fs.readFileSync(input);
    const { texts } = readFloor(bytes);
    if (mode === 'rw-floor') {
      const JSZip = require('jszip');
      const zip = await JSZip.loadAsync(bytes);
      for (const [name, xml] of texts) zip.file(name, xml);
      fs.writeFileSync(output, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 } }));
    }
  } else throw new Error('mode: validate, fill, read-floor or rw-floor');
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
