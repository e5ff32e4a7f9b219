/**
 * Files that are not what they claim, outputs that cannot be written, and runs killed while writing.
 *
 * Each hostile input, through `main()` (validate and fill) and through the built bin (fill): exit status 2, one
 * line on stderr naming the file and the reason, no stack trace, nothing on stdout, and no output file nor
 * temporary file left in the output folder. Each output that cannot be written: the same, and the input unchanged.
 * A run killed while it writes (SIGKILL) leaves no output and the input unchanged; the next run removes the
 * temporary file the killed run left. The limits are the named constants of src/hosts/xlsx/read.ts, counted by
 * the reader itself as it reads; the five crafted files that passed the old separate guard are made here too.
 */
import { ChildProcess, spawn, spawnSync } from 'child_process';
import { createHash } from 'crypto';
import { promises as fs, mkdirSync, readdirSync, watch, writeFileSync } from 'fs';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import * as os from 'os';
import * as path from 'path';
import { runCli } from './helpers';
import { PROBLEMS } from '../src/cli/texts';
import { LIMITS, removeStaleTemps, tempNameFor, writeBytesAtomic } from '../src/hosts/node/files';
import { readZipDirectory } from '../src/hosts/xlsx';
import { generatePlan } from '../scripts/bench/generate';
import { seedWorkbook } from './fixtures/seedPlans';
import { writeSnapshotXlsx } from './fixtures/xlsx';

const BIN = path.join(__dirname, '..', 'bin', 'plancheck.js');

/**
 * KNOWN GAP: `fill` writes its output with writeBytesAtomic of src/hosts/ooxml/files.ts, which neither removes the
 * temporary files of killed runs nor refuses to replace the input reached by another path; the writer of
 * src/hosts/node/files.ts does both (and flushes to disk). The tests that need it are marked failing while the
 * gap lasts: once `fill` writes through hosts/node/files.ts's writeBytesAtomic, set this to false.
 */
const WRITER_GAP = false;
const writerTest = WRITER_GAP ? test.failing : test;
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

let dir: string;
let plan: string;
let planBytes: Buffer;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'plancheck-hostile-'));
  plan = path.join(dir, 'plan.xlsx');
  await writeSnapshotXlsx(seedWorkbook(), plan);
  planBytes = await fs.readFile(plan);
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const run = (args: string[]) => runCli([...args, '--lang', 'en']);

function runBin(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args, '--lang', 'en'], { encoding: 'utf8', env: { ...process.env, LANG: 'C' } });
  return { code: r.status, out: r.stdout.trim(), err: r.stderr.replace(/\n$/, '') };
}

function expectOneLine(r: { code: number | null; out: string; err: string }, file: string, words: string | RegExp) {
  expect(r.code).toBe(2);
  expect(r.out).toBe('');
  expect(r.err.split('\n')).toHaveLength(1);
  expect(r.err).toMatch(/^plancheck: /);
  expect(r.err).toContain(file);
  if (typeof words === 'string') expect(r.err).toContain(words);
  else expect(r.err).toMatch(words);
  expect(r.err).not.toMatch(/\bat .+:\d+:\d+\)?$|Error:/m);
}

/** The output folder holds no output and no temporary file. */
async function expectNothingWritten(outDir: string, out: string) {
  await expect(fs.access(out)).rejects.toThrow();
  expect((await fs.readdir(outDir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
}

// ---------------------------------------------------------------------------------------------
// Hostile files, made here
// ---------------------------------------------------------------------------------------------

/**
 * A minimal, well-formed OLE compound file (CFB v3, 512-byte sectors) with empty streams of the given names:
 * `EncryptionInfo` + `EncryptedPackage` is how Excel saves a password-encrypted .xlsx; `Workbook` is an .xls.
 */
function compoundFile(streams: string[]): Buffer {
  const SECTOR = 512;
  const FREE = 0xffffffff;
  const END = 0xfffffffe;
  const header = Buffer.alloc(SECTOR);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header, 0);
  header.writeUInt16LE(0x3e, 24);
  header.writeUInt16LE(3, 26);
  header.writeUInt16LE(0xfffe, 28);
  header.writeUInt16LE(9, 30);
  header.writeUInt16LE(6, 32);
  header.writeUInt32LE(1, 44); // one FAT sector
  header.writeUInt32LE(1, 48); // the directory at sector 1
  header.writeUInt32LE(0x1000, 56);
  header.writeUInt32LE(END, 60);
  header.writeUInt32LE(END, 68);
  for (let k = 0; k < 109; k++) header.writeUInt32LE(k === 0 ? 0 : FREE, 76 + 4 * k);
  const fat = Buffer.alloc(SECTOR, 0xff);
  fat.writeUInt32LE(0xfffffffd, 0); // sector 0: the FAT
  fat.writeUInt32LE(END, 4); // sector 1: the directory, one sector
  const names = ['Root Entry', ...streams];
  const directory = Buffer.alloc(SECTOR * Math.ceil((names.length * 128) / SECTOR));
  names.forEach((name, k) => {
    const e = k * 128;
    const n = Buffer.from(name + '\0', 'utf16le');
    n.copy(directory, e);
    directory.writeUInt16LE(n.length, e + 64);
    directory[e + 66] = k === 0 ? 5 : 2; // root storage, streams
    directory[e + 67] = 1; // black
    directory.writeUInt32LE(FREE, e + 68);
    // Streams in a chain of right siblings, in CFB order (shorter names first).
    directory.writeUInt32LE(k > 0 && k < names.length - 1 ? k + 1 : FREE, e + 72);
    directory.writeUInt32LE(k === 0 && names.length > 1 ? 1 : FREE, e + 76);
    directory.writeUInt32LE(END, e + 116);
  });
  for (let k = names.length; k < directory.length / 128; k++) {
    directory.writeUInt32LE(FREE, k * 128 + 68);
    directory.writeUInt32LE(FREE, k * 128 + 72);
    directory.writeUInt32LE(FREE, k * 128 + 76);
  }
  return Buffer.concat([header, fat, directory]);
}

/** A small valid .xlsx, its parts changed by `edit`, zipped again at level 9. */
async function editedXlsx(edit: (zip: JSZip) => Promise<void>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  ws.addRow(['計畫名稱', '預算金額 (千元)']);
  ws.addRow(['甲計畫', 100]);
  const zip = await JSZip.loadAsync(Buffer.from(await wb.xlsx.writeBuffer()));
  await edit(zip);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
}

async function replaceIn(zip: JSZip, part: string, from: RegExp | string, to: string | ((m: string) => string)): Promise<void> {
  const xml = await zip.file(part)!.async('string');
  const next = typeof to === 'string' ? xml.replace(from, to) : xml.replace(from, to);
  if (next === xml) throw new Error(`${part}: ${from} not found`);
  zip.file(part, next);
}

/** Changes the uncompressed size the central directory declares for one part. */
function declareSize(buf: Buffer, part: string, size: number): Buffer {
  const out = Buffer.from(buf);
  const name = Buffer.from(part);
  for (let p = out.indexOf(Buffer.from('PK\x01\x02', 'latin1')); p >= 0; p = out.indexOf(Buffer.from('PK\x01\x02', 'latin1'), p + 4)) {
    if (out.subarray(p + 46, p + 46 + name.length).equals(name)) {
      out.writeUInt32LE(size, p + 24);
      return out;
    }
  }
  throw new Error(`${part} not in the zip directory`);
}

const MiB = 1024 * 1024;

interface Hostile {
  name: string;
  /** The file's name (its extension is what it claims). */
  file: string;
  make: () => Promise<Buffer | null>;
  /** Words of the one-line message (English). */
  words: string | RegExp;
}

const HOSTILE: Hostile[] = [
  { name: 'a PDF renamed .xlsx', file: 'report.xlsx', make: async () => Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n', 'latin1'), words: 'not an .xlsx workbook' },
  {
    name: 'a Word .docx renamed .xlsx',
    file: 'letter.xlsx',
    make: async () => {
      const zip = new JSZip();
      zip.file('[Content_Types].xml', '<Types/>');
      zip.file('word/document.xml', '<w:document/>');
      return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    },
    words: /not an \.xlsx workbook.*Word \.docx/,
  },
  { name: 'a truncated workbook', file: 'cut.xlsx', make: async () => planBytes.subarray(0, Math.floor(planBytes.length / 2)), words: /damaged or incomplete.*truncated/ },
  {
    name: 'a password-encrypted workbook (CFB with EncryptionInfo)',
    file: 'secret.xlsx',
    make: async () => compoundFile(['EncryptionInfo', 'EncryptedPackage']),
    words: 'password-encrypted',
  },
  { name: 'an Excel 97-2003 .xls (CFB without EncryptionInfo)', file: 'old.xls', make: async () => compoundFile(['Workbook']), words: 'Excel 97-2003 (.xls)' },
  { name: 'a .csv', file: 'plan.csv', make: async () => Buffer.from('\ufeff計畫名稱,預算金額 (千元)\n甲計畫,"1,000"\n'), words: 'not an .xlsx workbook' },
  { name: 'an empty file', file: 'empty.xlsx', make: async () => Buffer.alloc(0), words: 'the file is empty' },
  { name: 'a path that does not exist', file: 'no-such-plan.xlsx', make: async () => null, words: 'file not found' },
  {
    name: 'a zip bomb: a sheet of 64 MiB packed over 200:1',
    file: 'bomb.xlsx',
    make: () => editedXlsx((zip) => replaceIn(zip, 'xl/worksheets/sheet1.xml', '<sheetData>', '<sheetData>' + ' '.repeat(64 * MiB))),
    words: new RegExp(`packed more than 200:1.*xl/worksheets/sheet1\\.xml: 64 MiB, [\\d,]+:1 > ${LIMITS.packedRatio}:1`),
  },
  {
    name: 'a zip bomb that lies about its size (the directory says 4 KiB)',
    file: 'liar.xlsx',
    make: async () => {
      const bomb = await editedXlsx((zip) => replaceIn(zip, 'xl/worksheets/sheet1.xml', '<sheetData>', '<sheetData>' + ' '.repeat(64 * MiB)));
      return declareSize(bomb, 'xl/worksheets/sheet1.xml', 4096);
    },
    words: /damaged.*xl\/worksheets\/sheet1\.xml: the zip directory gives a wrong size/,
  },
  {
    name: 'a zip that declares 3.8 GiB unpacked',
    file: 'huge.xlsx',
    make: async () => declareSize(await editedXlsx(async () => undefined), 'xl/worksheets/sheet1.xml', 0xf0000000),
    words: /above the 1 GiB limit.*3\.8 GiB > 1\.0 GiB/,
  },
  {
    name: 'a merge of 2.6 million cells (A1:Z100000)',
    file: 'merge-bomb.xlsx',
    make: () => editedXlsx((zip) => replaceIn(zip, 'xl/worksheets/sheet1.xml', '</sheetData>', '</sheetData><mergeCells count="1"><mergeCell ref="A1:Z100000"/></mergeCells>')),
    words: /more than the 2,000,000-cell limit.*Sheet1 \(xl\/worksheets\/sheet1\.xml\): 2,600,\d{3} > 2,000,000/,
  },
];

describe('files that are not what they claim: exit 2, one line, no output', () => {
  const files = new Map<string, string>();
  beforeAll(async () => {
    for (const h of HOSTILE) {
      const f = path.join(dir, 'in', h.file);
      await fs.mkdir(path.dirname(f), { recursive: true });
      const bytes = await h.make();
      if (bytes) await fs.writeFile(f, bytes);
      files.set(h.name, f);
    }
  }, 60_000);

  test.each(HOSTILE.map((h) => [h.name, h] as const))('%s', async (_name, h) => {
    const f = files.get(h.name)!;
    const before = (await fs.readFile(f).catch(() => null)) ?? Buffer.alloc(0);
    expectOneLine(await run(['validate', f]), f, h.words);
    const outDir = path.join(dir, 'out-main');
    await fs.mkdir(outDir, { recursive: true });
    const out = path.join(outDir, h.file.replace(/\.\w+$/, '') + '-checked.xlsx');
    expectOneLine(await run(['fill', f, '-o', out]), f, h.words);
    await expectNothingWritten(outDir, out);
    expect(sha((await fs.readFile(f).catch(() => null)) ?? Buffer.alloc(0))).toBe(sha(before));
  }, 60_000);

  test('the same through the built bin (a real process, real exit statuses)', async () => {
    const outDir = path.join(dir, 'out-bin');
    await fs.mkdir(outDir, { recursive: true });
    for (const h of HOSTILE) {
      const f = files.get(h.name)!;
      const out = path.join(outDir, h.file.replace(/\.\w+$/, '') + '-checked.xlsx');
      expectOneLine(runBin(['fill', f, '-o', out]), f, h.words);
      await expectNothingWritten(outDir, out);
    }
  }, 120_000);

  test('the limits are the documented constants, and the messages state them', () => {
    expect(LIMITS).toEqual({ fileBytes: 200 * MiB, unpackedBytes: 1024 * MiB, packedRatio: 200, packedRatioMinBytes: 50 * MiB, cells: 2_000_000, ranges: 1_000_000, entries: 10_000 });
    expect(PROBLEMS.unpacked_too_large.en).toContain('1 GiB');
    expect(PROBLEMS.packed_too_tightly.en).toMatch(/200:1.*50 MiB/);
    expect(PROBLEMS.too_many_cells.en).toContain('2,000,000');
    expect(PROBLEMS.ranges_too_large.en).toContain('1,000,000');
    for (const p of Object.values(PROBLEMS)) expect(p['zh-TW']).not.toBe('');
  });

  test('the zip directory is read without unpacking (ZIP64 fields included)', () => {
    const names = readZipDirectory(planBytes).map((e: { name: string }) => e.name);
    expect(names).toEqual(expect.arrayContaining(['xl/workbook.xml', '[Content_Types].xml']));
    expect(() => readZipDirectory(planBytes.subarray(0, planBytes.length - 30))).toThrow(/truncated/);
  });
});

describe('outputs that cannot be written: exit 2, one line, input untouched, nothing left', () => {
  async function expectRefused(out: string, words: string | RegExp, outDir = path.dirname(out)) {
    const before = sha(await fs.readFile(plan));
    const r = await run(['fill', plan, '-o', out]);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/^plancheck: /);
    if (typeof words === 'string') expect(r.err).toContain(words);
    else expect(r.err).toMatch(words);
    expect(sha(await fs.readFile(plan))).toBe(before);
    const left = await fs.readdir(outDir).catch(() => [] as string[]);
    expect(left.filter((f) => f.endsWith('.tmp'))).toEqual([]);
  }

  test('the output is the input', async () => {
    await expectRefused(plan, 'must not be the input');
    await expectRefused(path.join(dir, '.', 'sub', '..', 'plan.xlsx'), 'must not be the input');
  });

  test('the output is a path under a file', async () => {
    const file = path.join(dir, 'existing-file');
    await fs.writeFile(file, 'not a folder');
    await expectRefused(path.join(file, 'out.xlsx'), /cannot write the output: a part of the path is a file, not a folder/, dir);
  });

  test('the output is an existing folder', async () => {
    const folder = path.join(dir, 'a-folder.xlsx');
    await fs.mkdir(folder, { recursive: true });
    await expectRefused(folder, 'cannot write the output', dir);
    expect((await fs.stat(folder)).isDirectory()).toBe(true);
  });

  (process.platform === 'linux' ? test : test.skip)('the output is in /proc (not writable, even as root)', async () => {
    await expectRefused('/proc/plancheck-out.xlsx', 'cannot write the output');
  });

  // chmod does not stop root from writing: this check runs only for other users.
  (isRoot ? test.skip : test)('the output folder is read-only (skipped as root, where chmod does not stop writes)', async () => {
    const ro = path.join(dir, 'read-only');
    await fs.mkdir(ro, { recursive: true });
    await fs.chmod(ro, 0o555);
    try {
      await expectRefused(path.join(ro, 'out.xlsx'), /cannot write the output \(EACCES\)/);
    } finally {
      await fs.chmod(ro, 0o755);
    }
  });
});

describe('the output is the input by another path', () => {
  // Through a symbolic link to the input's folder, path.resolve sees two paths; the writer must see one file.
  writerTest('fill -o LINK-TO-FOLDER/plan.xlsx: exit 2, the input untouched', async () => {
    const own = path.join(dir, 'linked');
    await fs.mkdir(own, { recursive: true });
    const input = path.join(own, 'plan.xlsx');
    await fs.writeFile(input, planBytes);
    const link = path.join(dir, 'same-folder');
    await fs.symlink(own, link, 'dir').catch(() => undefined);
    const r = await run(['fill', input, '-o', path.join(link, 'plan.xlsx')]);
    expect(sha(await fs.readFile(input))).toBe(sha(planBytes));
    expect(r.code).toBe(2);
    expect(r.err.split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/input/);
  });
});

// ---------------------------------------------------------------------------------------------
// Interrupted runs
// ---------------------------------------------------------------------------------------------

const TMP = /^\.(.+)\.(\d+)\.(\d+)\.tmp$/;

function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
}

/** A workbook ExcelJS can open with its `_plancheck` sheet: a whole output, not part of one. */
async function isWholeOutput(file: string): Promise<boolean> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return !!wb.getWorksheet('_plancheck');
}

/**
 * Run with `node -r hook`: when the program renames its temporary file onto the output, the temporary file is cut
 * to half its size and the process kills itself with SIGKILL: a run killed in the middle of writing, every time.
 */
const KILL_HOOK = `
const fs = require('fs');
const rename = fs.promises.rename;
fs.promises.rename = async function (from, to) {
  if (/\\.tmp$/.test(String(from))) {
    const size = fs.statSync(from).size;
    fs.truncateSync(from, Math.floor(size / 2));
    process.kill(process.pid, 'SIGKILL');
    await new Promise(() => undefined);
  }
  return rename.apply(this, arguments);
};
`;

describe('interrupted runs', () => {
  let big: string;
  let bigBytes: string;

  beforeAll(async () => {
    // About 20,000 data rows: ExcelJS takes seconds to read it and the writer seconds to write it.
    big = path.join(dir, 'big.xlsx');
    await writeSnapshotXlsx(generatePlan(20_000), big, { boldRows: {} });
    bigBytes = sha(await fs.readFile(big));
  }, 120_000);

  test('SIGKILL as soon as the temporary file appears: no output (or a whole one), the input unchanged', async () => {
    const outDir = path.join(dir, 'killed');
    await fs.mkdir(outDir, { recursive: true });
    const out = path.join(outDir, 'big-checked.xlsx');
    const child = spawn(process.execPath, [BIN, 'fill', big, '-o', out, '--lang', 'en'], { stdio: 'ignore' });
    const exited = exitOf(child);
    let sawTemp = false;
    const kill = () => {
      if (sawTemp) return;
      sawTemp = true;
      child.kill('SIGKILL');
    };
    // inotify where there is one, and polling as well.
    const watcher = watch(outDir, (_e, name) => name && TMP.test(String(name)) && kill());
    const poll = setInterval(async () => {
      if ((await fs.readdir(outDir)).some((f) => TMP.test(f))) kill();
    }, 5);
    const { signal, code } = await exited;
    watcher.close();
    clearInterval(poll);
    expect(sawTemp).toBe(true);
    expect(sha(await fs.readFile(big))).toBe(bigBytes);
    if (signal === 'SIGKILL') {
      // Killed before the rename: no output; after it: the whole output. Never part of one.
      const exists = await fs.access(out).then(() => true, () => false);
      if (exists) expect(await isWholeOutput(out)).toBe(true);
    } else {
      expect([0, 1]).toContain(code);
      expect(await isWholeOutput(out)).toBe(true);
    }
    for (const f of await fs.readdir(outDir)) expect(f === 'big-checked.xlsx' || TMP.test(f)).toBe(true);
  }, 120_000);

  test('killed mid-write: no output, the input unchanged, half a temporary file left', async () => {
    const outDir = path.join(dir, 'mid-write');
    await fs.mkdir(outDir, { recursive: true });
    const hook = path.join(dir, 'kill-hook.js');
    await fs.writeFile(hook, KILL_HOOK);
    const out = path.join(outDir, 'plan-checked.xlsx');
    const before = sha(await fs.readFile(plan));

    const killed = spawnSync(process.execPath, ['-r', hook, BIN, 'fill', plan, '-o', out, '--lang', 'en'], { encoding: 'utf8' });
    expect(killed.signal).toBe('SIGKILL');
    await expect(fs.access(out)).rejects.toThrow();
    expect(sha(await fs.readFile(plan))).toBe(before);
    const left = (await fs.readdir(outDir)).filter((f) => TMP.test(f));
    expect(left).toHaveLength(1);
    const [, name, pid] = TMP.exec(left[0])!;
    expect(name).toBe('plan-checked.xlsx');
    expect(Number(pid)).toBe(killed.pid);

    // The next run writes the whole output.
    const again = runBin(['fill', plan, '-o', out]);
    expect(again.code).toBe(0);
    expect(await isWholeOutput(out)).toBe(true);
    expect(sha(await fs.readFile(plan))).toBe(before);
  }, 60_000);

  writerTest('the next run removes the temporary file a killed run left', async () => {
    const outDir = path.join(dir, 'mid-write-2');
    await fs.mkdir(outDir, { recursive: true });
    const hook = path.join(dir, 'kill-hook.js');
    await fs.writeFile(hook, KILL_HOOK);
    const out = path.join(outDir, 'plan-checked.xlsx');
    const killed = spawnSync(process.execPath, ['-r', hook, BIN, 'fill', plan, '-o', out, '--lang', 'en'], { encoding: 'utf8' });
    expect(killed.signal).toBe('SIGKILL');
    expect((await fs.readdir(outDir)).filter((f) => TMP.test(f))).toHaveLength(1);
    const again = runBin(['fill', plan, '-o', out]);
    expect(again.code).toBe(0);
    expect(await fs.readdir(outDir)).toEqual(['plan-checked.xlsx']);
  }, 60_000);

  test('SIGTERM or Ctrl-C while writing: the writer removes its temporary file before it dies', () => {
    // `template` writes through hosts/node/files.ts; the hook sends the signal between the write and the rename.
    const hookFile = path.join(dir, 'term-hook.js');
    writeFileSync(
      hookFile,
      `const fs = require('fs');
const open = fs.promises.open;
fs.promises.open = async function (p, flags) {
  if (/\\.tmp$/.test(String(p)) && flags === 'r+') {
    process.kill(process.pid, process.env.SIGNAL);
    await new Promise((r) => setTimeout(r, 5000));
  }
  return open.apply(this, arguments);
};`,
    );
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const outDir = path.join(dir, `term-${signal}`);
      mkdirSync(outDir, { recursive: true });
      const out = path.join(outDir, 'new-plan.xlsx');
      const r = spawnSync(process.execPath, ['-r', hookFile, BIN, 'template', out], { encoding: 'utf8', env: { ...process.env, SIGNAL: signal } });
      expect(r.signal).toBe(signal);
      expect(readdirSync(outDir)).toEqual([]);
    }
  });

  test('stale temporary files: only those of the same output, of a dead process, from before this run, are removed', async () => {
    const outDir = path.join(dir, 'stale');
    await fs.mkdir(outDir, { recursive: true });
    const out = path.join(outDir, 'x.xlsx');
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const old = Date.now() - 3_600_000;
    const names = {
      deadOld: path.basename(tempNameFor(out, dead, old)),
      alive: path.basename(tempNameFor(out, 1, old)), // pid 1 is always running
      mine: path.basename(tempNameFor(out, process.pid, old)),
      otherOutput: path.basename(tempNameFor(path.join(outDir, 'y.xlsx'), dead, old)),
      notOurs: '.x.xlsx.backup.tmp',
      future: path.basename(tempNameFor(out, dead, Date.now() + 3_600_000)),
    };
    for (const n of Object.values(names)) await fs.writeFile(path.join(outDir, n), 'partial');
    expect(await removeStaleTemps(out)).toEqual([names.deadOld]);
    expect((await fs.readdir(outDir)).sort()).toEqual(Object.values(names).filter((n) => n !== names.deadOld).sort());

    // And a write removes them as it starts.
    await fs.writeFile(path.join(outDir, names.deadOld), 'partial');
    await writeBytesAtomic(await fs.readFile(plan), out);
    expect(await fs.readdir(outDir)).not.toContain(names.deadOld);
    expect(sha(await fs.readFile(out))).toBe(sha(await fs.readFile(plan)));
  });
});
