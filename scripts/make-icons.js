#!/usr/bin/env node
/**
 * Draws the add-in icons (assets/icon-{16,32,64,80,128}.png): a 3×3 risk grid on white, green at the
 * bottom left (low likelihood, low impact) through yellow and orange to red at the top right.
 *
 * Uses only Node's zlib: the PNG chunks (IHDR, IDAT, IEND) and their CRC-32s are written here, so the
 * output is byte-for-byte the same on every run with the same zlib. Run: `node scripts/make-icons.js`
 * (or `npm run icons`); the generated PNGs are committed.
 */
'use strict';

const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const SIZES = [16, 32, 64, 80, 128];
const OUT_DIR = path.join(__dirname, '..', 'assets');

const WHITE = [255, 255, 255];
const FRAME = [96, 94, 92]; // Fluent neutral grey (#605E5C)
// Risk level by likelihood + impact (0..4): low, low, medium, high, very high.
const LEVEL_COLOURS = [
  [16, 124, 16], // green  #107C10
  [16, 124, 16], // green
  [255, 200, 0], // yellow #FFC800
  [247, 99, 12], // orange #F7630C
  [209, 52, 56], // red    #D13438
];

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(buf) {
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** Encodes an RGB pixel array (size × size × 3) as a PNG: 8-bit truecolour, no interlace. */
function encodePng(size, rgb) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0); // width
  ihdr.writeUInt32BE(size, 4); // height
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: truecolour (RGB)
  ihdr[10] = 0; // compression: deflate
  ihdr[11] = 0; // filter method 0
  ihdr[12] = 0; // no interlace
  const stride = size * 3;
  const raw = Buffer.alloc((stride + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (stride + 1)] = 0; // filter type None
    rgb.copy(raw, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Pixel boundaries of three cells separated by `gap` pixels across [start, start + length). */
function cellSpans(start, length, gap) {
  const cellsWidth = length - 2 * gap;
  const spans = [];
  let from = start;
  for (let i = 0; i < 3; i++) {
    const width = Math.floor((cellsWidth * (i + 1)) / 3) - Math.floor((cellsWidth * i) / 3);
    spans.push([from, from + width]);
    from += width + gap;
  }
  return spans;
}

function drawIcon(size) {
  const rgb = Buffer.alloc(size * size * 3);
  const set = (x, y, colour) => {
    const o = (y * size + x) * 3;
    rgb[o] = colour[0];
    rgb[o + 1] = colour[1];
    rgb[o + 2] = colour[2];
  };
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) set(x, y, WHITE);

  const pad = Math.max(1, Math.round(size / 16));
  const frame = size >= 32 ? Math.max(1, Math.round(size / 48)) : 0;
  const gap = Math.max(1, Math.round(size / 32));

  // Grey frame around the grid (not at 16 px, where every pixel is needed for the cells).
  const outer = [pad, size - pad];
  for (let y = outer[0]; y < outer[1]; y++) {
    for (let x = outer[0]; x < outer[1]; x++) {
      const edge = x < outer[0] + frame || x >= outer[1] - frame || y < outer[0] + frame || y >= outer[1] - frame;
      if (edge) set(x, y, FRAME);
    }
  }

  const innerStart = pad + frame + (frame ? gap : 0);
  const innerLength = size - 2 * innerStart;
  const spans = cellSpans(innerStart, innerLength, gap);
  for (let row = 0; row < 3; row++) {
    const likelihood = 2 - row; // top row: most likely
    for (let col = 0; col < 3; col++) {
      const impact = col; // right column: largest impact
      const colour = LEVEL_COLOURS[likelihood + impact];
      const [y0, y1] = spans[row];
      const [x0, x1] = spans[col];
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) set(x, y, colour);
    }
  }
  return encodePng(size, rgb);
}

function main() {
  fs.mkdirSync(OUT_DIR, { recursive: true });
  for (const size of SIZES) {
    const file = path.join(OUT_DIR, `icon-${size}.png`);
    const png = drawIcon(size);
    fs.writeFileSync(file, png);
    console.log(`${path.relative(process.cwd(), file)}: ${size}×${size}, ${png.length} bytes`);
  }
}

if (require.main === module) main();

module.exports = { drawIcon, encodePng, crc32, SIZES };
