/**
 * The five crafted files that passed the old guard (a separate regex scan) and then took up to 4.3 GB: each is
 * made here, about 10 KB, and run through the built bin in a fresh process whose time and peak memory are
 * measured. The reader is the guard now, so there is no second reading to get past: the files that would make a
 * reader build millions of cells give exit 2 and one line; a validation or a name over most of a sheet is a valid
 * workbook whose range stays symbolic (never expanded), read at once. Bounds are safety bounds, not speed targets.
 */
import { spawnSync } from 'child_process';
import { promises as fs, readFileSync, writeFileSync } from 'fs';
import JSZip from 'jszip';
import * as os from 'os';
import * as path from 'path';

const BIN = path.join(__dirname, '..', 'bin', 'plancheck.js');
const MiB = 1024 * 1024;
let dir: string;
let preload: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'plancheck-crafted-'));
  // Records the child's peak memory when it exits, without writing to its stdout or stderr.
  preload = path.join(dir, 'rss.js');
  writeFileSync(preload, "process.on('exit', () => require('fs').writeFileSync(process.env.RSS_OUT, String(process.resourceUsage().maxRSS)));\n");
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const CT = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`;
const RELS = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
const wbXml = (names = '') =>
  `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="計畫" sheetId="1" r:id="rId1"/><sheet name="Big" sheetId="2" r:id="rId2"/></sheets>${names}</workbook>`;
const wbRels = (sheet1 = 'worksheets/sheet1.xml') =>
  `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="${sheet1}"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/></Relationships>`;
const sheet = (after = '') =>
  `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>計畫名稱</t></is></c></row></sheetData>${after}</worksheet>`;
/** A sheet of 3 million empty cells: 12 MB of XML that packs to about 12 KB. */
const bigSheet = () => `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">${'<c/>'.repeat(3_000_000)}</row></sheetData></worksheet>`;

async function pack(parts: [string, string][]): Promise<Buffer> {
  const zip = new JSZip();
  for (const [n, x] of parts) zip.file(n, x, { createFolders: false });
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
}

const base = (sheet1: string, names = '', big = false): [string, string][] => [
  ['[Content_Types].xml', CT],
  ['_rels/.rels', RELS],
  ['xl/workbook.xml', wbXml(names)],
  ['xl/_rels/workbook.xml.rels', wbRels()],
  ['xl/worksheets/sheet1.xml', sheet1],
  ['xl/worksheets/sheet2.xml', big ? bigSheet() : sheet()],
];

/** The end record's entry count made one smaller than the directory's records (the last one, the big sheet, hidden). */
function countOneFewer(buf: Buffer): Buffer {
  const b = Buffer.from(buf);
  const eocd = b.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  b.writeUInt16LE(b.readUInt16LE(eocd + 8) - 1, eocd + 8);
  b.writeUInt16LE(b.readUInt16LE(eocd + 10) - 1, eocd + 10);
  return b;
}

/** The big sheet's entry renamed `/xl/worksheets/sheet1.xml` (same length as `xl/worksheets/sheet2.xml` + 1: rebuilt). */
async function leadingSlash(): Promise<Buffer> {
  const parts = base(sheet(), '', false).filter(([n]) => n !== 'xl/worksheets/sheet1.xml' && n !== 'xl/_rels/workbook.xml.rels');
  parts.push(['xl/_rels/workbook.xml.rels', wbRels('/xl/worksheets/sheet1.xml')]);
  parts.push(['/xl/worksheets/sheet1.xml', bigSheet()]);
  return pack(parts);
}

function runMeasured(args: string[]) {
  const rss = path.join(dir, `rss-${process.hrtime.bigint()}`);
  const t0 = Date.now();
  const r = spawnSync(process.execPath, ['-r', preload, BIN, ...args, '--lang', 'en'], { encoding: 'utf8', env: { ...process.env, LANG: 'C', RSS_OUT: rss } });
  const ms = Date.now() - t0;
  const maxRssMB = Number(readFileSync(rss, 'utf8')) / 1024;
  return { code: r.status, out: r.stdout.trim(), err: r.stderr.replace(/\n$/, ''), ms, maxRssMB };
}

const CRAFTED: { name: string; file: string; make: () => Promise<Buffer>; refused: RegExp | null }[] = [
  {
    name: "a single-quoted merge ref='H20:Z1048576'",
    file: 'merge-quoted.xlsx',
    make: () => pack(base(sheet(`<mergeCells count="1"><mergeCell ref='H20:Z1048576'/></mergeCells>`))),
    refused: /more than the 2,000,000-cell limit.*計畫 \(xl\/worksheets\/sheet1\.xml\): 19,922,\d{3} > 2,000,000/,
  },
  {
    name: "a data validation sqref='H20:Z1048576' (a valid workbook: the range stays symbolic)",
    file: 'validation-quoted.xlsx',
    make: () => pack(base(sheet(`<dataValidations count="1"><dataValidation type='whole' sqref='H20:Z1048576'><formula1>0</formula1></dataValidation></dataValidations>`))),
    refused: null,
  },
  {
    name: 'a defined name written with &#36; for $ (a valid workbook: the range stays symbolic)',
    file: 'name-entity.xlsx',
    make: () => pack(base(sheet(), '<definedNames><definedName name="全部">Big!&#36;A&#36;1:&#36;AD&#36;1048576</definedName></definedNames>')),
    refused: null,
  },
  {
    name: 'an end record counting one entry fewer than the directory, the big sheet last',
    file: 'count-fewer.xlsx',
    make: async () => countOneFewer(await pack(base(sheet(), '', true))),
    refused: /damaged or incomplete.*the zip end record counts 5 entries, its directory holds 6/,
  },
  {
    name: 'an entry named /xl/worksheets/sheet1.xml',
    file: 'leading-slash.xlsx',
    make: leadingSlash,
    refused: /damaged or incomplete.*the entry name "\/xl\/worksheets\/sheet1\.xml" is not a valid part name/,
  },
];

describe('the five crafted files: bounded time and memory, one line when refused', () => {
  test.each(CRAFTED.map((c) => [c.name, c] as const))('%s', async (_n, c) => {
    const f = path.join(dir, c.file);
    const bytes = await c.make();
    expect(bytes.length).toBeLessThan(40 * 1024);
    await fs.writeFile(f, bytes);
    for (const command of ['validate', 'fill']) {
      const out = path.join(dir, `${command}-${c.file}`);
      const r = runMeasured(command === 'fill' ? ['fill', f, '-o', out] : ['validate', f]);
      expect(r.ms).toBeLessThan(2000 + 1500); // 2 s, and the start of a fresh Node process on a busy machine
      expect(r.maxRssMB).toBeLessThan(300);
      if (c.refused) {
        expect(r.code).toBe(2);
        expect(r.out).toBe('');
        expect(r.err.split('\n')).toHaveLength(1);
        expect(r.err).toMatch(/^plancheck: /);
        expect(r.err).toMatch(c.refused);
        await expect(fs.access(out)).rejects.toThrow();
      } else {
        expect([0, 1]).toContain(r.code);
        if (command === 'fill') {
          // The user's range is kept as written, byte for byte.
          const zin = await JSZip.loadAsync(bytes);
          const zout = await JSZip.loadAsync(await fs.readFile(out));
          const part = c.file.startsWith('validation') ? 'xl/worksheets/sheet1.xml' : 'xl/workbook.xml';
          const needle = c.file.startsWith('validation') ? "sqref='H20:Z1048576'" : '&#36;A&#36;1:&#36;AD&#36;1048576';
          expect(await zin.file(part)!.async('string')).toContain(needle);
          expect(await zout.file(part)!.async('string')).toContain(needle);
        }
      }
    }
  }, 60_000);

  test('zh-TW: the detail is in Chinese, with no English words from a library', async () => {
    const f = path.join(dir, CRAFTED[3].file);
    await fs.writeFile(f, await CRAFTED[3].make());
    const r = spawnSync(process.execPath, [BIN, 'validate', f, '--lang', 'zh-TW'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('zip 結尾記錄的項目數（5）與目錄不符（6）');
    expect(r.stderr.replace(f, '').replace(/plancheck|zip/g, '')).not.toMatch(/[A-Za-z]{3,}/);
  });
});

export { MiB };
