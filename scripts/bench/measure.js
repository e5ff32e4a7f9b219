#!/usr/bin/env node
// One measured run in a fresh process, so that its peak memory is its own:
//   node scripts/bench/measure.js validate IN        plancheck validate, end to end (the built program in dist/)
//   node scripts/bench/measure.js fill IN OUT        plancheck fill, end to end
//   node scripts/bench/measure.js read-floor IN      the floor of reading: the file read, its sheets and shared
//                                                    strings unzipped, one SAX pass (saxes) building the grid of
//                                                    values and merges; no engine, no checks
//   node scripts/bench/measure.js rw-floor IN OUT    the read floor, then the package written back: the sheets
//                                                    deflated again (Node's zlib, level 6), every other entry's
//                                                    packed bytes copied, a zip directory written
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

/** CRC-32 (the zip's): zlib's where Node has it (20.15 and later, as the package writer uses it), else by table. */
const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();
function crc32(buf) {
  if (zlib.crc32) return zlib.crc32(buf) >>> 0;
  let c = -1;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

/** The package written back: each sheet's text deflated again (level 6), every other entry's packed bytes copied. */
function writeFloor(bytes, texts) {
  const { readZipDirectory } = require(path.join(dist, 'hosts', 'xlsx', 'zip.js'));
  const chunks = [];
  const central = [];
  let offset = 0;
  for (const e of readZipDirectory(bytes)) {
    const name = Buffer.from(e.name, 'utf8');
    let data;
    let crc = e.crc32;
    let size = e.uncompressedSize;
    let method = e.method;
    const xml = texts.get(e.name);
    if (xml !== undefined) {
      const raw = Buffer.from(xml, 'utf8');
      crc = crc32(raw);
      size = raw.length;
      data = zlib.deflateRawSync(raw, { level: 6 });
      method = 8;
    } else {
      const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const at = e.localHeaderOffset;
      const start = at + 30 + v.getUint16(at + 26, true) + v.getUint16(at + 28, true);
      data = bytes.subarray(start, start + e.compressedSize);
    }
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(0x00210000, 10); // 1980-01-01 00:00
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(0x0800, 8);
    cd.writeUInt16LE(method, 10);
    cd.writeUInt32LE(0x00210000, 12);
    cd.writeUInt32LE(crc, 16);
    cd.writeUInt32LE(data.length, 20);
    cd.writeUInt32LE(size, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE(offset, 42);
    chunks.push(local, name, data);
    central.push(cd, name);
    offset += 30 + name.length + data.length;
  }
  const cdSize = central.reduce((a, b) => a + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(central.length / 2, 8);
  end.writeUInt16LE(central.length / 2, 10);
  end.writeUInt32LE(cdSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, ...central, end]);
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
    if (mode === 'rw-floor') fs.writeFileSync(output, writeFloor(bytes, texts));
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
