/**
 * The package writer's own zip writer (Node). An entry the writer did not edit is copied as its compressed bytes,
 * straight from the input (no inflate, no deflate), with its name, method, CRC, date and attributes, in its place;
 * an edited or new part is deflated by Node's zlib (level 6), as it is made when it comes as text chunks.
 *
 * What it writes: local headers with the sizes and CRC known (no data descriptors), a central directory, the end
 * record. No ZIP64: a package that would need it (4 GiB or 65,535 entries) is refused with a clear error; the reader's
 * limits (1 GiB unpacked, 10,000 entries) keep every package it accepts far below that.
 */
import * as zlib from 'zlib';
import { entryData, type ZipEntry } from '../xlsx/zip';

export class ZipWriteError extends Error {}

/** Where an entry's bytes come from. */
export type ZipSource =
  /** Copied as packed in `zip` (the input's bytes), with the directory record's CRC and sizes. */
  | { kind: 'raw'; zip: Uint8Array; entry: ZipEntry }
  /** Bytes to pack (deflated, or stored when `store`). */
  | { kind: 'bytes'; data: Uint8Array; store?: boolean }
  /** Text made piece by piece (a sheet's rows): encoded as UTF-8 and deflated as it comes, never joined. */
  | { kind: 'text'; chunks: Iterable<string>; bom?: boolean };

export interface ZipItem {
  name: string;
  source: ZipSource;
  /** DOS time and date (now when left out). */
  modTime?: number;
  modDate?: number;
  versionMadeBy?: number;
  internalAttrs?: number;
  externalAttrs?: number;
  /** The name is written as UTF-8 with the language-encoding flag (bit 11); default: when it is not ASCII. */
  utf8?: boolean;
}

const LEVEL = 6;
/** The largest 32-bit field, which readers take for the ZIP64 mark: every size and offset written stays below it. */
const MAX32 = 0xffffffff;

// ----- CRC-32 (zlib's when Node has it: 20.15 and later; a table otherwise) ---------------------------------------

let table: Int32Array | null = null;
function crcTable(): Int32Array {
  if (table) return table;
  table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
}

/** CRC-32 of `data`, continuing from `crc` (0 to start). */
export function crc32(data: Uint8Array, crc = 0): number {
  const native = (zlib as unknown as { crc32?: (d: Uint8Array, v?: number) => number }).crc32;
  if (native) return native(data, crc) >>> 0;
  return crc32Sliced(data, crc);
}

/** Eight tables: the first is crcTable's, each next one a byte further on (slicing-by-8). */
let tables8: Int32Array | null = null;
function crcTables8(): Int32Array {
  if (tables8) return tables8;
  const t0 = crcTable();
  const t = new Int32Array(256 * 8);
  t.set(t0);
  for (let k = 1; k < 8; k++) {
    for (let n = 0; n < 256; n++) {
      const p = t[(k - 1) * 256 + n];
      t[k * 256 + n] = t0[p & 0xff] ^ (p >>> 8);
    }
  }
  return (tables8 = t);
}

/**
 * CRC-32 eight bytes a step (slicing-by-8): about three times as fast as a byte a step in Node 20, which has no
 * zlib.crc32; every text part the writer packs (some 100 MB at 100,000 rows) goes through it on the main thread.
 */
export function crc32Sliced(data: Uint8Array, crc = 0): number {
  const t = crcTables8();
  let c = ~crc;
  const n = data.length;
  const end8 = n - (n & 7);
  let i = 0;
  for (; i < end8; i += 8) {
    const a = c ^ (data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24));
    c =
      t[1792 + (a & 0xff)] ^
      t[1536 + ((a >>> 8) & 0xff)] ^
      t[1280 + ((a >>> 16) & 0xff)] ^
      t[1024 + (a >>> 24)] ^
      t[768 + data[i + 4]] ^
      t[512 + data[i + 5]] ^
      t[256 + data[i + 6]] ^
      t[data[i + 7]];
  }
  for (; i < n; i++) c = t[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

/** The DOS time and date of a moment (local time, as zip tools write them). */
export function dosDateTime(d: Date): { time: number; date: number } {
  const year = Math.max(1980, Math.min(2107, d.getFullYear()));
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | (d.getSeconds() >> 1),
    date: ((year - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

// ----- packing --------------------------------------------------------------------------------------------------

interface Packed {
  method: number;
  crc: number;
  size: number;
  packed: Uint8Array[];
  packedSize: number;
  /** Flag bits that come with the data (the deflate option bits of a copied entry). */
  flags: number;
}

const TEXT_BATCH = 1 << 18;

/**
 * Batches of text deflated at once on the thread pool, at most, over all the parts being packed: the text waiting to
 * be packed, and zlib's state for each batch, stay small.
 */
const IN_FLIGHT = 3;
let inFlight = 0;
const waiting: (() => void)[] = [];
async function deflateSlot(): Promise<void> {
  while (inFlight >= IN_FLIGHT) await new Promise<void>((resolve) => waiting.push(resolve));
  inFlight++;
}
function deflateDone(): void {
  inFlight--;
  waiting.shift()?.();
}

/**
 * The buffers a batch of text is encoded into (UTF-8: at most 3 bytes a UTF-16 unit), reused once their batch is
 * deflated. A new buffer a batch would be garbage outside the heap, which V8 collects only once some 64 MB of it
 * has piled up: at 100,000 rows that was most of fill's peak while the zip was packed.
 */
const BATCH_BYTES = 3 * TEXT_BATCH;
const KEPT_BUFFERS = 8;
const freeBuffers: Buffer[] = [];
function batchBuffer(): Buffer {
  return freeBuffers.pop() ?? Buffer.allocUnsafeSlow(BATCH_BYTES);
}
function releaseBuffer(b: Buffer): void {
  if (freeBuffers.length < KEPT_BUFFERS) freeBuffers.push(b);
}

/**
 * Feeds the text to the deflater in batches of about a megabyte; resolves once it is all fed (made and encoded),
 * with the packing still under way on the thread pool: the next entry is made meanwhile.
 *
 * The batches are deflated apart and in parallel, as pigz does: every batch but the last ends with a sync flush
 * (an empty stored block, so it ends on a byte), the last one finishes the stream, and the pieces joined in order
 * are one deflate stream. Each batch starts without the window of the one before, which costs under 1 % in size
 * for batches this large; a single stream would keep one core busy while the other waits.
 */
async function deflateText(chunks: Iterable<string>, bom: boolean): Promise<{ result: Promise<Packed> }> {
  const pieces: Promise<Buffer>[] = [];
  let crc = 0;
  let size = 0;
  let pending: { buf: Buffer; used: number } | null = null;
  const submit = async (b: { buf: Buffer; used: number } | null, last: boolean) => {
    const finishFlush = last ? zlib.constants.Z_FINISH : zlib.constants.Z_SYNC_FLUSH;
    const data = b ? b.buf.subarray(0, b.used) : Buffer.alloc(0);
    await deflateSlot();
    const p = new Promise<Buffer>((resolve, reject) =>
      zlib.deflateRaw(data, { level: LEVEL, finishFlush }, (err, r) => {
        deflateDone();
        if (b) releaseBuffer(b.buf);
        if (err) reject(err);
        else resolve(r);
      }),
    );
    // Awaited with the others below; an error before then must not go unhandled.
    p.catch(() => undefined);
    pieces.push(p);
  };
  const push = async (b: { buf: Buffer; used: number }) => {
    crc = crc32(b.buf.subarray(0, b.used), crc);
    size += b.used;
    if (pending) await submit(pending, false);
    pending = b;
  };
  let cur = { buf: batchBuffer(), used: 0 };
  /** UTF-16 units in the batch: its bytes stay within BATCH_BYTES. */
  let units = 0;
  /** Batches filled, not yet handed on (put is synchronous: a piece costs no await unless a batch is full). */
  const full: { buf: Buffer; used: number }[] = [];
  const put = (s: string) => {
    for (let i = 0; i < s.length; ) {
      let end = Math.min(s.length, i + TEXT_BATCH - units);
      // A surrogate pair is never cut (each half alone would be encoded as U+FFFD).
      if (end < s.length && end > i && (s.charCodeAt(end - 1) & 0xfc00) === 0xd800) end--;
      if (end > i) {
        cur.used += cur.buf.write(i === 0 && end === s.length ? s : s.slice(i, end), cur.used, 'utf8');
        units += end - i;
        i = end;
      }
      if (units >= TEXT_BATCH - 1) {
        full.push(cur);
        cur = { buf: batchBuffer(), used: 0 };
        units = 0;
      }
    }
  };
  const handOn = async () => {
    while (full.length) await push(full.shift()!);
  };
  if (bom) put('\ufeff');
  // A piece that ends inside a surrogate pair: its last half waits for the next piece (the pieces are one text).
  let held = '';
  for (let s of chunks) {
    if (held) {
      s = held + s;
      held = '';
    }
    if (s.length && (s.charCodeAt(s.length - 1) & 0xfc00) === 0xd800) {
      held = s.slice(-1);
      s = s.slice(0, -1);
    }
    put(s);
    if (full.length) await handOn();
  }
  if (held) put(held);
  await handOn();
  if (units > 0) await push(cur);
  else releaseBuffer(cur.buf);
  await submit(pending, true);
  const result = Promise.all(pieces).then((out): Packed => {
    const packedSize = out.reduce((k, b) => k + b.length, 0);
    if (size >= MAX32 || packedSize >= MAX32) throw new ZipWriteError('a part of the output is 4 GiB or more (ZIP64 is not written)');
    return { method: 8, crc, size, packed: out, packedSize, flags: 0 };
  });
  result.catch(() => undefined);
  return { result };
}

async function start(src: ZipSource, name: string): Promise<{ result: Promise<Packed> }> {
  if (src.kind === 'text') return deflateText(src.chunks, !!src.bom);
  return { result: pack(src, name) };
}

async function pack(src: Exclude<ZipSource, { kind: 'text' }>, name: string): Promise<Packed> {
  if (src.kind === 'raw') {
    const e = src.entry;
    const data = entryData(src.zip, e);
    // Bits 1–2 say how the data was deflated; they go with the data. Bit 3 (sizes after the data) is not kept:
    // the sizes are written in the local header.
    return { method: e.method, crc: e.crc32 >>> 0, size: e.uncompressedSize, packed: [data], packedSize: data.length, flags: e.flags & 0x6 };
  }
  const data = src.data;
  if (data.length >= MAX32) throw new ZipWriteError(`${name}: 4 GiB or more (ZIP64 is not written)`);
  const crc = crc32(data);
  if (src.store) return { method: 0, crc, size: data.length, packed: [data], packedSize: data.length, flags: 0 };
  const packed = await new Promise<Buffer>((resolve, reject) => zlib.deflateRaw(data, { level: LEVEL }, (err, b) => (err ? reject(err) : resolve(b))));
  return { method: 8, crc, size: data.length, packed: [packed], packedSize: packed.length, flags: 0 };
}

function nameBytes(item: ZipItem): { bytes: Buffer; utf8: boolean } {
  // eslint-disable-next-line no-control-regex
  const ascii = /^[\x00-\x7f]*$/.test(item.name);
  const utf8 = item.utf8 ?? !ascii;
  if (!utf8 && !/^[\x00-\xff]*$/.test(item.name)) return { bytes: Buffer.from(item.name, 'utf8'), utf8: true };
  return { bytes: Buffer.from(item.name, utf8 ? 'utf8' : 'latin1'), utf8 };
}

/** Writes the zip: entries in the order given. */
export async function writeZip(items: ZipItem[]): Promise<Buffer> {
  return Buffer.concat(await writeZipPieces(items));
}

/** The zip as its pieces, in order (written to a file one after the other: never joined into one buffer). */
export async function writeZipPieces(items: ZipItem[]): Promise<Uint8Array[]> {
  // 0xFFFF and 0xFFFFFFFF in the end record or a header mean "see the ZIP64 record" to readers (ours too): a count,
  // size or offset that large is refused, not written as a value a reader would take for that mark.
  if (items.length >= 0xffff) throw new ZipWriteError('65,535 entries or more (ZIP64 is not written)');
  const now = dosDateTime(new Date());
  const pieces: Uint8Array[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  // Each entry's text is made in order; its packing runs on while the next one is made.
  const started: Promise<Packed>[] = [];
  for (const item of items) {
    const { result } = await start(item.source, item.name);
    result.catch(() => undefined);
    started.push(result);
  }
  const packed = await Promise.all(started);
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const p = packed[i];
    const { bytes: name, utf8 } = nameBytes(item);
    const flags = p.flags | (utf8 ? 0x800 : 0);
    const time = item.modTime ?? now.time;
    const date = item.modDate ?? now.date;
    if (offset >= MAX32) throw new ZipWriteError('the output is 4 GiB or more (ZIP64 is not written)');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(p.method, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(p.crc >>> 0, 14);
    local.writeUInt32LE(p.packedSize, 18);
    local.writeUInt32LE(p.size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(item.versionMadeBy ?? 20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(flags, 8);
    cd.writeUInt16LE(p.method, 10);
    cd.writeUInt16LE(time, 12);
    cd.writeUInt16LE(date, 14);
    cd.writeUInt32LE(p.crc >>> 0, 16);
    cd.writeUInt32LE(p.packedSize, 20);
    cd.writeUInt32LE(p.size, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt16LE(0, 30);
    cd.writeUInt16LE(0, 32);
    cd.writeUInt16LE(0, 34);
    cd.writeUInt16LE(item.internalAttrs ?? 0, 36);
    cd.writeUInt32LE((item.externalAttrs ?? 0) >>> 0, 38);
    cd.writeUInt32LE(offset, 42);
    central.push(cd, name);
    pieces.push(local, name, ...p.packed);
    offset += 30 + name.length + p.packedSize;
  }
  const cdSize = central.reduce((n, b) => n + b.length, 0);
  if (offset >= MAX32 || offset + cdSize >= MAX32) throw new ZipWriteError('the output is 4 GiB or more (ZIP64 is not written)');
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(items.length, 8);
  end.writeUInt16LE(items.length, 10);
  end.writeUInt32LE(cdSize, 12);
  end.writeUInt32LE(offset, 16);
  for (const b of central) pieces.push(b);
  pieces.push(end);
  return pieces;
}
