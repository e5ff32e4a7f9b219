/**
 * The zip container of a package, read once from bytes in memory: its central directory (ZIP64 included) and each
 * entry's packed bytes, unpacked with a cap. Pure (Uint8Array, DataView): it runs in Node and in a browser.
 *
 * The directory is read strictly: the end record's count must match the records found, every record must be where
 * the end record says, no name twice (part names are case-insensitive), no name that is not a part name (`/xl/…`,
 * `..`, `\`). A zip that any two readers could read differently is refused, so that the limits counted here hold
 * for every later reader of the same entries.
 */
import { XlsxError } from './errors';

// The task pane's build has no Node types; the bundler resolves this `require` (pako has no types of its own).
declare const require: (id: string) => unknown;

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
  /** From the central directory, for a writer that copies the entry: DOS time and date, attributes. */
  modTime?: number;
  modDate?: number;
  versionMadeBy?: number;
  internalAttrs?: number;
  externalAttrs?: number;
}

/**
 * Unpacks raw deflate data: the whole output, or throws `TooLargeError` once it would exceed `max` bytes (it must
 * stop there, not after unpacking everything).
 */
export type Inflate = (data: Uint8Array, max: number) => Uint8Array;

export class TooLargeError extends Error {}

export const MAX_ENTRIES = 10_000;

const u16 = (v: DataView, p: number) => v.getUint16(p, true);
const u32 = (v: DataView, p: number) => v.getUint32(p, true);
const u64 = (v: DataView, p: number) => Number(v.getBigUint64(p, true));

const latin1 = (b: Uint8Array) => {
  let s = '';
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]);
  return s;
};
const utf8 = new TextDecoder('utf-8');

export function readZipDirectory(buf: Uint8Array): ZipEntry[] {
  const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const EOCD = 0x06054b50;
  let eocd = -1;
  for (let k = buf.length - 22; k >= Math.max(0, buf.length - 22 - 0xffff); k--) {
    if (u32(v, k) === EOCD) {
      eocd = k;
      break;
    }
  }
  if (eocd < 0) throw new XlsxError('damaged', 'truncated');
  let count = u16(v, eocd + 10);
  let size = u32(v, eocd + 12);
  let offset = u32(v, eocd + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    const loc = eocd - 20;
    if (loc < 0 || u32(v, loc) !== 0x07064b50) throw new XlsxError('damaged', 'zip64');
    const z64 = u64(v, loc + 8);
    if (z64 < 0 || z64 + 56 > buf.length || u32(v, z64) !== 0x06064b50) throw new XlsxError('damaged', 'zip64');
    count = u64(v, z64 + 32);
    size = u64(v, z64 + 40);
    offset = u64(v, z64 + 48);
  }
  if (offset + size > buf.length) throw new XlsxError('damaged', 'beyondEnd');
  if (count > MAX_ENTRIES) throw new XlsxError('damaged', 'tooManyEntries', [MAX_ENTRIES]);
  const entries: ZipEntry[] = [];
  const seen = new Set<string>();
  let p = offset;
  const end = offset + size;
  while (p + 4 <= end && u32(v, p) === 0x02014b50) {
    if (entries.length >= MAX_ENTRIES) throw new XlsxError('damaged', 'tooManyEntries', [MAX_ENTRIES]);
    if (p + 46 > end) throw new XlsxError('damaged', 'directory');
    const flags = u16(v, p + 8);
    const method = u16(v, p + 10);
    const crc32 = u32(v, p + 16);
    let compressedSize = u32(v, p + 20);
    let uncompressedSize = u32(v, p + 24);
    const nameLen = u16(v, p + 28);
    const extraLen = u16(v, p + 30);
    const commentLen = u16(v, p + 32);
    let localHeaderOffset = u32(v, p + 42);
    if (p + 46 + nameLen + extraLen + commentLen > end) throw new XlsxError('damaged', 'directory');
    const raw = buf.subarray(p + 46, p + 46 + nameLen);
    const name = flags & 0x800 ? utf8.decode(raw) : latin1(raw);
    let e = p + 46 + nameLen;
    const extraEnd = e + extraLen;
    while (e + 4 <= extraEnd) {
      const id = u16(v, e);
      const len = u16(v, e + 2);
      if (id === 0x0001) {
        let q = e + 4;
        const take = () => {
          if (q + 8 > e + 4 + len) throw new XlsxError('damaged', 'zip64');
          const x = u64(v, q);
          q += 8;
          return x;
        };
        if (uncompressedSize === 0xffffffff) uncompressedSize = take();
        if (compressedSize === 0xffffffff) compressedSize = take();
        if (localHeaderOffset === 0xffffffff) localHeaderOffset = take();
      }
      e += 4 + len;
    }
    if (!isPartName(name)) throw new XlsxError('damaged', 'badName', [name.slice(0, 80)]);
    const lower = name.toLowerCase();
    if (seen.has(lower)) throw new XlsxError('damaged', 'duplicate', [name.slice(0, 80)]);
    seen.add(lower);
    entries.push({
      name,
      method,
      flags,
      crc32,
      compressedSize,
      uncompressedSize,
      localHeaderOffset,
      modTime: u16(v, p + 12),
      modDate: u16(v, p + 14),
      versionMadeBy: u16(v, p + 4),
      internalAttrs: u16(v, p + 36),
      externalAttrs: u32(v, p + 38),
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  // Every record the end record counts, and no other: a reader that walks the records and one that trusts the
  // count must see the same entries.
  if (entries.length !== count || p !== end) throw new XlsxError('damaged', 'countMismatch', [count, entries.length]);
  return entries;
}

/** A zip entry name that is a part name (or a folder): relative, forward slashes, no empty, `.` or `..` segment. */
function isPartName(name: string): boolean {
  if (!name || name.startsWith('/') || name.includes('\\') || name.includes('\u0000')) return false;
  const segs = name.replace(/\/$/, '').split('/');
  return segs.every((s) => s !== '' && s !== '.' && s !== '..');
}

/** The packed bytes of an entry, from its local header (which must name the same entry). */
export function entryData(buf: Uint8Array, x: ZipEntry): Uint8Array {
  const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const p = x.localHeaderOffset;
  if (p + 30 > buf.length || u32(v, p) !== 0x04034b50) throw new XlsxError('damaged', 'localHeader', [x.name]);
  const nameLen = u16(v, p + 26);
  const start = p + 30 + nameLen + u16(v, p + 28);
  if (start + x.compressedSize > buf.length) throw new XlsxError('damaged', 'cutShort', [x.name]);
  return buf.subarray(start, start + x.compressedSize);
}

/** The pako inflater: used where no faster one is given (a browser). Stops as soon as the output passes `max`. */
export const inflatePako: Inflate = (data, max) => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pako = require('pako') as {
    Inflate: new (o: object) => { push(d: Uint8Array, mode: boolean): boolean; onData(c: Uint8Array): void; err: number; result: Uint8Array };
  };
  const chunks: Uint8Array[] = [];
  let n = 0;
  const inf = new pako.Inflate({ raw: true, chunkSize: 256 * 1024 });
  inf.onData = (c: Uint8Array) => {
    n += c.length;
    if (n > max) throw new TooLargeError();
    chunks.push(c);
  };
  inf.push(data, true);
  if (inf.err) throw new Error('inflate');
  const out = new Uint8Array(n);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
};
