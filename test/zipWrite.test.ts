/**
 * The package writer's own pieces: its zip writer (entries copied packed, byte for byte; parts deflated by zlib;
 * UTF-8 names), the rows of a touched sheet spliced (the user's cells and attributes kept as written), and the
 * rows of a created sheet written straight from the plan (the same as the worksheet editor makes of a blank sheet).
 */
import JSZip from 'jszip';
import * as zlib from 'zlib';
import { CellList, type SheetWrite } from '../src/engine/writePlan';
import { buildRows } from '../src/hosts/ooxml/newSheet';
import { Package } from '../src/hosts/ooxml/opc';
import { MINIMAL_STYLES, StyleBook } from '../src/hosts/ooxml/styles';
import { blankWorksheet, PlanConflictError, Worksheet } from '../src/hosts/ooxml/worksheet';
import { crc32, crc32Sliced, writeZip, writeZipPieces, ZipWriteError, type ZipItem } from '../src/hosts/ooxml/zipWrite';
import { writeBytesAtomic } from '../src/hosts/node/files';
import { promises as fsp } from 'fs';
import * as os from 'os';
import * as nodePath from 'path';
import { entryData, readZipDirectory } from '../src/hosts/xlsx/zip';

const text = (b: Uint8Array) => Buffer.from(b).toString('utf8');

describe('zip writer', () => {
  test('CRC-32 eight bytes a step gives what zlib gives (its gzip trailer), whole and continued, at any length', () => {
    const zlibCrc = (b: Uint8Array) => zlib.gzipSync(b).readUInt32LE(zlib.gzipSync(b).length - 8);
    const data = Buffer.from('plancheck 風險圖像 '.repeat(1000));
    for (const len of [0, 1, 7, 8, 9, 15, 16, 17, 1000, 1001, data.length]) {
      const b = data.subarray(0, len);
      const want = zlibCrc(b);
      expect(crc32Sliced(b)).toBe(want);
      expect(crc32(b)).toBe(want);
      // Continued from a part (the writer's batches): at an odd place too.
      const cut = len >> 1;
      expect(crc32Sliced(b.subarray(cut), crc32Sliced(b.subarray(0, cut)))).toBe(want);
      const three = Math.min(3, len);
      expect(crc32Sliced(b.subarray(three), crc32Sliced(b.subarray(0, three)))).toBe(want);
    }
    expect(crc32Sliced(Buffer.alloc(0))).toBe(0);
    // A known value: CRC-32 of "123456789"; and bytes of every value.
    expect(crc32Sliced(Buffer.from('123456789'))).toBe(0xcbf43926);
    const all = Buffer.from(Array.from({ length: 4096 }, (_, k) => (k * 7919) & 0xff));
    expect(crc32Sliced(all)).toBe(zlibCrc(all));
  });

  test('ZIP64 is not written: 65,535 entries (a count readers take for the ZIP64 mark) are refused with a clear error, 65,534 are written and read back', async () => {
    const items = (n: number): ZipItem[] => Array.from({ length: n }, (_, k) => ({ name: `p/${k}`, source: { kind: 'bytes', data: new Uint8Array(0), store: true } }));
    await expect(writeZip(items(0xffff))).rejects.toThrow(new ZipWriteError('65,535 entries or more (ZIP64 is not written)'));
    const zip = await writeZip(items(0xfffe));
    // The end record counts them (its entry counts at 8 and 10), and another reader reads them all (ours stops at 10,000).
    expect([zip.readUInt16LE(zip.length - 22 + 8), zip.readUInt16LE(zip.length - 22 + 10)]).toEqual([0xfffe, 0xfffe]);
    const names = Object.keys((await JSZip.loadAsync(zip)).files);
    expect(names).toHaveLength(0xfffe);
    expect(names[0xfffd]).toBe('p/65533');
  }, 60_000);

  test('stored, deflated and text entries read back (JSZip and the reader); a non-ASCII name has the UTF-8 flag', async () => {
    const big = 'x'.repeat(3 << 20) + '尾';
    const items: ZipItem[] = [
      { name: 'stored.bin', source: { kind: 'bytes', data: Buffer.from([1, 2, 3, 4]), store: true } },
      { name: 'deflated.xml', source: { kind: 'bytes', data: Buffer.from('<a>' + 'b'.repeat(5000) + '</a>') } },
      { name: 'xl/風險圖像.xml', source: { kind: 'text', chunks: ['<r>', '風險', '</r>'] } },
      { name: 'bom.xml', source: { kind: 'text', chunks: ['<r/>'], bom: true } },
      { name: 'big.xml', source: { kind: 'text', chunks: (function* () { for (let i = 0; i < big.length; i += 100_000) yield big.slice(i, i + 100_000); })() } },
      { name: 'empty.txt', source: { kind: 'text', chunks: [] } },
    ];
    const zip = await writeZip(items);
    const dir = readZipDirectory(zip);
    expect(dir.map((e) => e.name)).toEqual(['stored.bin', 'deflated.xml', 'xl/風險圖像.xml', 'bom.xml', 'big.xml', 'empty.txt']);
    expect(dir.map((e) => e.method)).toEqual([0, 8, 8, 8, 8, 8]);
    expect(dir[2].flags & 0x800).toBe(0x800);
    expect(dir[0].flags & 0x800).toBe(0);
    for (const e of dir) expect(e.flags & 0x8).toBe(0);
    const unpack = (i: number) => (dir[i].method === 0 ? entryData(zip, dir[i]) : zlib.inflateRawSync(entryData(zip, dir[i])));
    expect([...unpack(0)]).toEqual([1, 2, 3, 4]);
    expect(text(unpack(2))).toBe('<r>風險</r>');
    expect([...unpack(3).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(text(unpack(4))).toBe(big);
    for (let i = 0; i < dir.length; i++) {
      expect(dir[i].crc32).toBe(crc32(unpack(i)));
      expect(dir[i].uncompressedSize).toBe(unpack(i).length);
    }
    const j = await JSZip.loadAsync(zip);
    expect(await j.file('xl/風險圖像.xml')!.async('string')).toBe('<r>風險</r>');
    expect(await j.file('deflated.xml')!.async('string')).toBe('<a>' + 'b'.repeat(5000) + '</a>');
    expect(await j.file('big.xml')!.async('string')).toBe(big);
    expect(await j.file('empty.txt')!.async('string')).toBe('');
  });

  test('the zip in pieces, written to a file one after the other, is the zip joined', async () => {
    const items = (): ZipItem[] => [
      { name: 'a.xml', source: { kind: 'text', chunks: ['<a>', 'x'.repeat(300_000), '</a>'] } },
      { name: 'b.bin', source: { kind: 'bytes', data: Buffer.from([9, 8, 7]), store: true } },
    ];
    const pieces = await writeZipPieces(items());
    expect(pieces.length).toBeGreaterThan(3);
    const dir = await fsp.mkdtemp(nodePath.join(os.tmpdir(), 'plancheck-pieces-'));
    const file = nodePath.join(dir, 'out.xlsx');
    await writeBytesAtomic(pieces, file);
    const written = await fsp.readFile(file);
    expect(written.equals(Buffer.concat(pieces))).toBe(true);
    const whole = await writeZip(items());
    // The same bytes but the entries' times (now): the same length, the same directory.
    expect(written.length).toBe(whole.length);
    expect(readZipDirectory(written).map((e) => [e.name, e.crc32, e.compressedSize])).toEqual(readZipDirectory(whole).map((e) => [e.name, e.crc32, e.compressedSize]));
    await fsp.rm(dir, { recursive: true, force: true });
  });

  test('text in batches: a surrogate pair at a batch\'s end, one piece larger than a batch, many parts at once (buffers reused)', async () => {
    const BATCH = 1 << 18;
    // An emoji (two UTF-16 units) across each place a batch could end, and three-byte characters filling a batch.
    const edge = 'a'.repeat(BATCH - 1) + '😀' + 'b'.repeat(BATCH - 2) + '😀😀' + '風'.repeat(BATCH + 7) + '😀';
    const one = '<x>' + edge.repeat(3) + '</x>';
    const items: ZipItem[] = [];
    for (let k = 0; k < 12; k++) {
      const pieces = k % 2 ? [one] : (function* () { for (let i = 0; i < one.length; i += 9_999) yield one.slice(i, i + 9_999); })();
      items.push({ name: `p${k}.xml`, source: { kind: 'text', chunks: pieces, bom: k === 5 } });
    }
    // A pair cut between two pieces, and a piece that is the high half alone.
    items.push({ name: 'cut.xml', source: { kind: 'text', chunks: ['<a>\ud83d', '\ude00', '\ud83d', '\ude00</a>'] } });
    const zip = await writeZip(items);
    const dir = readZipDirectory(zip);
    expect(text(zlib.inflateRawSync(entryData(zip, dir[12])))).toBe('<a>😀😀</a>');
    for (let k = 0; k < 12; k++) {
      const bytes = zlib.inflateRawSync(entryData(zip, dir[k]));
      expect(dir[k].crc32).toBe(crc32(bytes));
      const got = text(bytes);
      // Pieces cut inside a pair are one text: the pair is written whole.
      expect(got === (k === 5 ? '\ufeff' : '') + one).toBe(true);
    }
  }, 60_000);

  test('a package: entries not edited are copied packed, byte for byte, with their date and place; edited ones deflated', async () => {
    const src = new JSZip();
    const date = new Date(2020, 4, 6, 7, 8, 10);
    src.file('[Content_Types].xml', '<Types/>', { date, compression: 'DEFLATE' });
    src.file('xl/media/image1.png', Buffer.alloc(3000, 7), { date, compression: 'STORE' });
    src.file('xl/worksheets/sheet1.xml', '<worksheet>' + 'a'.repeat(10000) + '</worksheet>', { date, compression: 'DEFLATE', compressionOptions: { level: 1 } });
    src.file('docProps/app.xml', '<Properties/>', { date, compression: 'DEFLATE' });
    src.file('xl/名前.xml', '<x/>', { date, compression: 'DEFLATE' });
    const input = await src.generateAsync({ type: 'uint8array' });
    const before = readZipDirectory(input);
    const pkg = await Package.load(input);
    pkg.setText('xl/worksheets/sheet1.xml', '<worksheet>edited</worksheet>');
    pkg.setChunks('docProps/app.xml', () => ['<Properties>', '<Pages>1</Pages>', '</Properties>']);
    pkg.add('xl/comments1.xml', '<comments/>');
    pkg.remove('xl/名前.xml');
    const out = await pkg.generate();
    const after = readZipDirectory(out);
    // Folder entries (JSZip made them) are kept too.
    expect(after.map((e) => e.name).filter((n) => !n.endsWith('/'))).toEqual(['[Content_Types].xml', 'xl/media/image1.png', 'xl/worksheets/sheet1.xml', 'docProps/app.xml', 'xl/comments1.xml']);
    for (const name of ['[Content_Types].xml', 'xl/media/image1.png']) {
      const a = before.find((e) => e.name === name)!;
      const b = after.find((e) => e.name === name)!;
      expect(Buffer.from(entryData(out, b)).equals(Buffer.from(entryData(input, a)))).toBe(true);
      expect([b.method, b.crc32, b.modTime, b.modDate, b.externalAttrs]).toEqual([a.method, a.crc32, a.modTime, a.modDate, a.externalAttrs]);
    }
    const edited = after.find((e) => e.name === 'xl/worksheets/sheet1.xml')!;
    const old = before.find((e) => e.name === 'xl/worksheets/sheet1.xml')!;
    expect([edited.modTime, edited.modDate]).toEqual([old.modTime, old.modDate]);
    const j = await JSZip.loadAsync(out);
    expect(await j.file('xl/worksheets/sheet1.xml')!.async('string')).toBe('<worksheet>edited</worksheet>');
    expect(await j.file('docProps/app.xml')!.async('string')).toBe('<Properties><Pages>1</Pages></Properties>');
    expect(await j.file('xl/comments1.xml')!.async('string')).toBe('<comments/>');
    expect(j.file('xl/media/image1.png')!.date.getTime()).toBe(date.getTime());
    expect(await pkg.text('docProps/app.xml')).toBe('<Properties><Pages>1</Pages></Properties>');
  });

  test('an input whose entries have data descriptors (sizes after the data): copied packed, sizes in the header', async () => {
    const src = new JSZip();
    src.file('a.xml', '<a>' + 'x'.repeat(2000) + '</a>', { compression: 'DEFLATE' });
    src.file('b.bin', Buffer.alloc(100, 1), { compression: 'STORE' });
    const input = await src.generateAsync({ type: 'uint8array', streamFiles: true });
    const before = readZipDirectory(input);
    expect(before.every((e) => (e.flags & 0x8) !== 0)).toBe(true);
    const out = await (await Package.load(input)).generate();
    const after = readZipDirectory(out);
    for (const [i, e] of after.entries()) {
      expect(e.flags & 0x8).toBe(0);
      expect(Buffer.from(entryData(out, e)).equals(Buffer.from(entryData(input, before[i])))).toBe(true);
      // The local header holds the sizes and CRC (no descriptor follows).
      const v = new DataView(out.buffer, out.byteOffset);
      expect([v.getUint32(e.localHeaderOffset + 14, true), v.getUint32(e.localHeaderOffset + 18, true)]).toEqual([e.crc32, e.compressedSize]);
    }
    const j = await JSZip.loadAsync(out);
    expect(await j.file('a.xml')!.async('string')).toBe('<a>' + 'x'.repeat(2000) + '</a>');
  });
});

describe('touched rows are spliced', () => {
  const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const row2 =
    '<row r="2" spans="1:3" x14ac:dyDescent="0.25" custom-thing="keep &amp; me">' +
    '<c r="A2" s="1" t="s" cm="1"><v>0</v></c>\n  <c r="B2" foo="bar"><f>SUM(1,2)</f><v>3</v></c><c r="C2" t="inlineStr"><is><t xml:space="preserve"> x </t></is></c></row>';
  const xml = `<?xml version="1.0"?><worksheet xmlns="${NS}" xmlns:x14ac="urn:x14ac"><sheetData><row r="1"><c r="A1"><v>1</v></c></row>${row2}<row r="3" ht="30" customHeight="1"><c r="A3"><v>2</v></c></row></sheetData></worksheet>`;
  const ctx = { sharedString: () => 'text' };
  const rowOf = (out: string, r: number) => new RegExp(`<row r="${r}"[^>]*>.*?</row>`, 's').exec(out)![0];

  test('a cell written after the user\'s cells: the row keeps its attributes and its cells as written', () => {
    const ws = new Worksheet(xml, 'S', 'xl/worksheets/sheet1.xml', ctx);
    ws.setValue(1, 4, { text: '達成' });
    ws.setStyle(1, 4, 5);
    expect(ws.holdsValue(1, 0)).toBe(true);
    expect(ws.holdsValue(1, 3)).toBe(false);
    const out = ws.serialize();
    const r = rowOf(out, 2);
    // spans is taken away (the row now reaches further); the other attributes stay as written.
    expect(r.startsWith('<row r="2" x14ac:dyDescent="0.25" custom-thing="keep &amp; me">')).toBe(true);
    expect(r).toContain('<c r="A2" s="1" t="s" cm="1"><v>0</v></c>\n  <c r="B2" foo="bar"><f>SUM(1,2)</f><v>3</v></c><c r="C2" t="inlineStr"><is><t xml:space="preserve"> x </t></is></c><c r="E2" s="5" t="inlineStr"><is><t>達成</t></is></c></row>');
    // Rows not touched are copied as they were.
    expect(out).toContain('<row r="1"><c r="A1"><v>1</v></c></row>');
    expect(out).toContain('<row r="3" ht="30" customHeight="1"><c r="A3"><v>2</v></c></row>');
  });

  test('a cell among the user\'s (a mark): only its style changes, the other cells keep their text', () => {
    const ws = new Worksheet(xml, 'S', 'xl/worksheets/sheet1.xml', ctx);
    expect(ws.styleOf(1, 0)).toBe(1);
    ws.setStyle(1, 1, 7);
    expect(() => ws.setValue(1, 2, { text: 'y' })).toThrow(PlanConflictError);
    const r = rowOf(ws.serialize(), 2);
    expect(r).toContain('<c r="A2" s="1" t="s" cm="1"><v>0</v></c>');
    expect(r).toContain('<c r="B2" s="7" foo="bar"><f>SUM(1,2)</f><v>3</v></c>');
    expect(r).toContain('<c r="C2" t="inlineStr"><is><t xml:space="preserve"> x </t></is></c>');
  });

  test('a row whose cells have no references, or that holds more than cells, is read cell by cell', () => {
    const odd = xml.replace(
      '</sheetData>',
      '<row r="4"><c><v>1</v></c><c t="b"><v>1</v></c></row><row r="5"><c r="A5"><v>5</v></c><extLst><ext uri="u"/></extLst></row></sheetData>',
    );
    const ws = new Worksheet(odd, 'S', 'p', ctx);
    expect(ws.holdsValue(3, 1)).toBe(true);
    ws.setValue(3, 5, { number: 7 });
    ws.setValue(4, 2, { text: 'c' });
    const out = ws.serialize();
    expect(rowOf(out, 4)).toBe('<row r="4"><c r="A4"><v>1</v></c><c r="B4" t="b"><v>1</v></c><c r="F4"><v>7</v></c></row>');
    expect(rowOf(out, 5)).toBe('<row r="5"><c r="A5"><v>5</v></c><c r="C5" t="inlineStr"><is><t>c</t></is></c><extLst><ext uri="u"/></extLst></row>');
  });

  test('the pieces the zip writer packs are the text serialize gives', () => {
    const a = new Worksheet(xml, 'S', 'p', ctx);
    const b = new Worksheet(xml, 'S', 'p', ctx);
    for (const ws of [a, b]) {
      ws.setValue(1, 4, { number: 1.5 });
      ws.setRowHeight(5, 20);
    }
    expect([...a.chunks()].join('')).toBe(b.serialize());
    expect(b.serialize()).toContain('<row r="6" ht="20" customHeight="1"/>');
  });

  /** The same edits on two sheets, one of them with each row sealed (kept as text) once written. */
  const bothWays = (src: string, edits: (ws: Worksheet) => void, sealed: (ws: Worksheet) => void, after?: (ws: Worksheet) => void) => {
    const plain = new Worksheet(src, 'S', 'p', ctx);
    const kept = new Worksheet(src, 'S', 'p', ctx);
    edits(plain);
    edits(kept);
    sealed(kept);
    after?.(plain);
    after?.(kept);
    return { plain, kept };
  };

  test('a row kept as its text once written is written out the same, in pieces and as one text', () => {
    const { plain, kept } = bothWays(
      xml,
      (ws) => {
        ws.setValue(1, 4, { text: 'a & <b>' });
        ws.setStyle(1, 4, 3);
        ws.setValue(1, 5, { number: 0.25 });
        ws.setValue(2, 3, { text: '' });
        ws.setRowHeight(2, 18);
        ws.setValue(0, 1, { number: 2 });
      },
      (ws) => [0, 1, 2, 9].forEach((r) => ws.sealRow(r)),
    );
    expect([...kept.chunks()].join('')).toBe([...plain.chunks()].join(''));
    expect(kept.serialize()).toBe(plain.serialize());
  });

  test('a sealed row asked for again is read back from its text: styles, values, marks and clears as before', () => {
    const { plain, kept } = bothWays(
      xml,
      (ws) => {
        ws.trackWrites = true;
        ws.setValue(1, 4, { text: 'x' });
        ws.setStyle(1, 4, 5);
        ws.setValue(1, 6, { number: 3 });
      },
      (ws) => ws.sealRow(1),
      (ws) => {
        expect(ws.styleOf(1, 4)).toBe(5);
        expect(ws.holdsValue(1, 4)).toBe(true);
        expect(ws.holdsValue(1, 5)).toBe(false);
        expect(() => ws.setValue(1, 6, { number: 4 })).toThrow(PlanConflictError);
        // Written by this run: not the user's.
        expect(ws.userStyle(1, 4)).toBeNull();
        expect(ws.userStyle(1, 0)).toBe(1);
        // A mark on a user's cell and one on a written cell, then the written cell taken away again.
        ws.setStyle(1, 0, 9);
        ws.setStyle(1, 4, 8);
        ws.clearRange({ top: 1, left: 6, bottom: 1, right: 6 }, new Map());
      },
    );
    expect(kept.serialize()).toBe(plain.serialize());
    expect(rowOf(kept.serialize(), 2)).toContain('<c r="A2" s="9" t="s" cm="1"><v>0</v></c>');
    expect(rowOf(kept.serialize(), 2)).toContain('<c r="E2" s="8" t="inlineStr"><is><t>x</t></is></c></row>');
  });

  test('the used range of a sheet with sealed rows is the one without', () => {
    const src = xml.replace('<worksheet xmlns="' + NS + '" xmlns:x14ac="urn:x14ac">', '<worksheet xmlns="' + NS + '" xmlns:x14ac="urn:x14ac"><dimension ref="A1:C3"/>');
    const { plain, kept } = bothWays(
      src,
      (ws) => {
        ws.setValue(2, 9, { number: 1 });
        ws.setValue(1, 7, { text: 't' });
      },
      (ws) => [1, 2].forEach((r) => ws.sealRow(r)),
    );
    const out = [...kept.chunks()].join('');
    expect(out).toContain('<dimension ref="A1:J3"/>');
    expect(out).toBe([...plain.chunks()].join(''));
  });

  test('a sealed row widens the used range by its own cells: from its first cell to its last, and cell by cell when they are out of order', () => {
    const src =
      `<worksheet xmlns="${NS}"><dimension ref="D2:F3"/><sheetData>` +
      '<row r="2"><c r="D2"><v>1</v></c><c r="E2"><v>2</v></c><c r="F2"><v>3</v></c></row>' +
      // Out of order (the schema wants column order; a producer may not keep it): its first cell is not its leftmost.
      '<row r="3"><c r="F3"><v>1</v></c><c r="C3"><v>2</v></c><c r="E3"><v>3</v></c></row>' +
      '</sheetData></worksheet>';
    const { plain, kept } = bothWays(
      src,
      (ws) => {
        ws.setValue(1, 7, { number: 9 });
        ws.setValue(2, 8, { number: 9 });
      },
      (ws) => [1, 2].forEach((r) => ws.sealRow(r)),
    );
    const out = [...kept.chunks()].join('');
    expect(out).toContain('<dimension ref="C2:I3"/>');
    expect(out).toBe([...plain.chunks()].join(''));
  });
});

describe('a created sheet written straight from the plan', () => {
  const plan: SheetWrite = {
    sheet: '風險圖像',
    create: true,
    cells: CellList.from([
      { row: 0, col: 0, value: { text: '風險圖像' }, format: { bold: true, fontSize: 16 } },
      { row: 0, col: 2, value: { number: 3 } },
      { row: 3, col: 1, value: { text: ' a & <b> ' }, format: { fill: 'FF0000' } },
      { row: 3, col: 4, value: null },
      { row: 5, col: 0, value: { text: '' }, format: { wrap: true } },
    ]),
    formats: [
      { range: { top: 2, left: 0, bottom: 4, right: 2 }, format: { border: true } },
      { range: { top: 3, left: 1, bottom: 3, right: 1 }, format: { italic: true } },
    ],
    merges: [],
    columnWidths: [],
    validations: [],
    rowHeights: [
      { row: 0, height: 27.123 },
      { row: 8, height: 30 },
    ],
  };

  test('the same rows as the worksheet editor makes of a blank sheet', () => {
    const stylesA = new StyleBook(MINIMAL_STYLES, 'xl/styles.xml');
    const a = new Worksheet(blankWorksheet(), plan.sheet, 'a', { sharedString: () => undefined });
    // The editor's steps (each cell's value and format, then the formats in order), row by row so that the styles
    // are derived in the same order and get the same numbers.
    for (let r = 0; r < 10; r++) {
      for (const c of plan.cells.filter((x) => x.row === r)) {
        a.setValue(c.row, c.col, c.value);
        if (c.format) a.setStyle(c.row, c.col, stylesA.derive(a.styleOf(c.row, c.col), c.format));
      }
      for (const f of plan.formats) if (r >= f.range.top && r <= f.range.bottom) for (let c = f.range.left; c <= f.range.right; c++) a.setStyle(r, c, stylesA.derive(a.styleOf(r, c), f.format));
    }
    for (const h of plan.rowHeights!) a.setRowHeight(h.row, h.height);

    const stylesB = new StyleBook(MINIMAL_STYLES, 'xl/styles.xml');
    const b = new Worksheet(blankWorksheet(), plan.sheet, 'b', { sharedString: () => undefined });
    b.setBuiltRows(buildRows(plan, (base, f) => stylesB.derive(base, f)));
    const built = [...b.chunks()].join('');
    expect(built).toBe(a.serialize());
    expect(stylesB.serialize()).toBe(stylesA.serialize());
    expect(built).toContain('<dimension ref="A1:E6"/>');
    // Read again (an edit after the rows were made): the rows are parsed from their text.
    expect(b.styleOf(3, 1)).toBe(a.styleOf(3, 1));
    expect(b.holdsValue(0, 2)).toBe(true);
  });

  test('cells out of column order in a row, and texts of white space only written over, as the editor does', () => {
    const odd: SheetWrite = {
      ...plan,
      cells: CellList.from([
        { row: 1, col: 4, value: { text: 'e' } },
        { row: 1, col: 1, value: { number: 1 }, format: { bold: true } },
        { row: 1, col: 3, value: { text: '\u3000' } },
        { row: 1, col: 3, value: { text: 'd' } },
        { row: 1, col: 0, value: { text: ' \ufeff' } },
        { row: 1, col: 0, value: { number: 2 } },
        { row: 1, col: 2, value: { text: '\u00a0' } },
      ]),
      formats: [{ range: { top: 1, left: 0, bottom: 1, right: 5 }, format: { border: true } }],
      rowHeights: [],
    };
    const stylesA = new StyleBook(MINIMAL_STYLES, 'xl/styles.xml');
    const a = new Worksheet(blankWorksheet(), odd.sheet, 'a', { sharedString: () => undefined });
    for (const c of odd.cells) {
      a.setValue(c.row, c.col, c.value);
      if (c.format) a.setStyle(c.row, c.col, stylesA.derive(a.styleOf(c.row, c.col), c.format));
    }
    for (let c = 0; c <= 5; c++) a.setStyle(1, c, stylesA.derive(a.styleOf(1, c), odd.formats[0].format));
    const stylesB = new StyleBook(MINIMAL_STYLES, 'xl/styles.xml');
    const b = new Worksheet(blankWorksheet(), odd.sheet, 'b', { sharedString: () => undefined });
    b.setBuiltRows(buildRows(odd, (base, f) => stylesB.derive(base, f)));
    const built = [...b.chunks()].join('');
    expect(built).toBe(a.serialize());
    expect(built).toMatch(/<c r="A2"[^>]*><v>2<\/v><\/c><c r="B2".*<c r="C2".*<c r="D2".*>d<.*<c r="E2".*>e<.*<c r="F2" s="\d+"\/><\/row>/);
    // A text with more than white space is a value: written over, it is refused.
    for (const held of ['x', ' x', '\u3000y', '\u00a0z']) {
      const twice: SheetWrite = { ...odd, cells: CellList.from([{ row: 0, col: 0, value: { text: held } }, { row: 0, col: 0, value: { number: 1 } }]) };
      expect(() => buildRows(twice, (base, f) => stylesB.derive(base, f))).toThrow(PlanConflictError);
    }
  });

  test('a cell the plan writes twice is refused, as by the editor', () => {
    const styles = new StyleBook(MINIMAL_STYLES, 'xl/styles.xml');
    const twice: SheetWrite = { ...plan, cells: CellList.from([...plan.cells, { row: 0, col: 0, value: { text: 'again' } }]) };
    expect(() => buildRows(twice, (base, f) => styles.derive(base, f))).toThrow(PlanConflictError);
  });
});
