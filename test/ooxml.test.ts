/**
 * The package host: `plancheck fill` edits the workbook's own package. Every part the add-in does not write
 * stays as it was (charts, images, pivot tables, slicers, sparklines, defined names, validation, conditional
 * formats, the user's notes, custom XML, macros); the parts it edits keep everything it does not own; the
 * result reads in ExcelJS as the ExcelJS host's; a second run changes nothing.
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { SaxesParser } from 'saxes';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../src/cli/main';
import { clearMarks, fill as engineFill } from '../src/engine';
import { applyWritePlan, ProtectedSheetError } from '../src/hosts/exceljs/apply';
import { workbookSnapshot } from '../src/hosts/exceljs/snapshot';
import { applyPlanToPackage, PackageError, PlanConflictError } from '../src/hosts/ooxml';
import { parseMarkOriginal } from '../src/engine/meta';
import { SHEET_000_RISK, SHEET_001_KPI, seedWorkbook, sheet } from './fixtures/seedPlans';
import { PIECES, PRINTER, SHEET_PARTS, USER_NOTES, VBA, WRITTEN_SHEETS, packageFixture, seedPackage } from './fixtures/package/build';
import { snapshotToWorkbook } from './fixtures/xlsx';
import { workbook } from './helpers';
import { CellList, emptyMeta, emptySheetWrite, type WritePlan } from '../src/engine/writePlan';
import { readWorkbook } from '../src/hosts/xlsx';
import { inflateZlib } from '../src/hosts/node/files';

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'plancheck-ooxml-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function runFill(input: string, output: string, lang = 'en') {
  const err: string[] = [];
  const code = await main(['fill', input, '-o', output, '--lang', lang], { out: () => undefined, err: (s) => err.push(s), env: { LANG: 'C' } });
  return { code, err: err.join('\n') };
}

// ----- reading packages --------------------------------------------------------------------------

interface ZipEntry {
  name: string;
  method: number;
  crc: number;
  compressedSize: number;
}

/** The zip's central directory: each entry's method, CRC and compressed size, in order. */
function centralDirectory(buf: Buffer): ZipEntry[] {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const out: ZipEntry[] = [];
  for (let k = 0; k < count; k++) {
    expect(buf.readUInt32LE(at)).toBe(0x02014b50);
    const nameLen = buf.readUInt16LE(at + 28);
    out.push({
      name: buf.subarray(at + 46, at + 46 + nameLen).toString('utf8'),
      method: buf.readUInt16LE(at + 10),
      crc: buf.readUInt32LE(at + 16),
      compressedSize: buf.readUInt32LE(at + 20),
    });
    at += 46 + nameLen + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
  }
  return out;
}

/** Every file entry's bytes. */
async function entries(buf: Buffer): Promise<Map<string, Buffer>> {
  const zip = await JSZip.loadAsync(buf);
  const out = new Map<string, Buffer>();
  for (const [name, f] of Object.entries(zip.files)) if (!f.dir) out.set(name, await f.async('nodebuffer'));
  return out;
}

const str = (m: Map<string, Buffer>, name: string) => m.get(name)!.toString('utf8');

async function load(buf: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb;
}

function noteText(n: unknown): string | null {
  if (n === undefined || n === null) return null;
  if (typeof n === 'string') return n;
  const texts = (n as { texts?: { text: string }[] }).texts;
  return texts ? texts.map((t) => t.text).join('') : String(n);
}

/** What Excel shows of every sheet: values, fills, notes, number formats, bold, alignment, borders. */
function dump(wb: ExcelJS.Workbook, skipNotes: string[] = []) {
  const out: Record<string, unknown> = {};
  out['#sheets'] = wb.worksheets.map((w) => [w.name, w.state]);
  for (const ws of wb.worksheets) {
    if (ws.name === '_plancheck') continue;
    ws.eachRow({ includeEmpty: true }, (row, r) =>
      row.eachCell({ includeEmpty: true }, (cell, c) => {
        const f = cell.fill as ExcelJS.FillPattern | undefined;
        const fill = f && f.pattern === 'solid' ? (f.fgColor?.argb ?? null) : null;
        const note = skipNotes.includes(ws.name) ? null : noteText(cell.note);
        // An empty text (an empty inline string here, an empty shared string from ExcelJS) reads as null or ''.
        const value = cell.value === '' ? null : cell.value;
        if (value === null && !fill && !note) return;
        const a = cell.alignment ?? {};
        out[`${ws.name}!${cell.address}`] = {
          value,
          fill,
          note,
          numFmt: cell.numFmt ?? null,
          bold: !!cell.font?.bold,
          wrap: !!a.wrapText,
          horizontal: a.horizontal ?? null,
          vertical: a.vertical ?? null,
          border: cell.border?.top?.style ?? null,
        };
      }),
    );
  }
  return out;
}

/** CT_Worksheet's children in schema order: an edited sheet must keep it. */
const SHEET_ORDER = [
  'sheetPr', 'dimension', 'sheetViews', 'sheetFormatPr', 'cols', 'sheetData', 'sheetCalcPr', 'sheetProtection', 'protectedRanges', 'scenarios', 'autoFilter', 'sortState',
  'dataConsolidate', 'customSheetViews', 'mergeCells', 'phoneticPr', 'conditionalFormatting', 'dataValidations', 'hyperlinks', 'printOptions', 'pageMargins', 'pageSetup',
  'headerFooter', 'rowBreaks', 'colBreaks', 'customProperties', 'cellWatches', 'ignoredErrors', 'smartTags', 'drawing', 'legacyDrawing', 'legacyDrawingHF', 'drawingHF',
  'picture', 'oleObjects', 'controls', 'webPublishItems', 'tableParts', 'extLst',
]; // prettier-ignore

function topLevel(xml: string): string[] {
  const body = xml.slice(xml.indexOf('>', xml.indexOf('<worksheet')) + 1, xml.lastIndexOf('</worksheet>'));
  const names: string[] = [];
  let depth = 0;
  for (const m of body.matchAll(/<(\/?)([A-Za-z_][\w.:-]*)[^>]*?(\/?)>/g)) {
    if (m[1]) depth--;
    else {
      if (depth === 0) names.push(m[2]);
      if (!m[3]) depth++;
    }
  }
  return names;
}

/** The top-level elements of a worksheet, as written. */
function topLevelXml(xml: string): string[] {
  const names = topLevel(xml);
  const out: string[] = [];
  let at = xml.indexOf('>', xml.indexOf('<worksheet')) + 1;
  for (const n of names) {
    const start = xml.indexOf(`<${n}`, at);
    const selfEnd = xml.indexOf('>', start);
    const end = xml[selfEnd - 1] === '/' ? selfEnd + 1 : findClose(xml, n, start);
    out.push(xml.slice(start, end));
    at = end;
  }
  return out;
}

function findClose(xml: string, name: string, start: number): number {
  let depth = 0;
  const re = new RegExp(`<(/?)${name}(?=[\\s>/])[^>]*?(/?)>`, 'g');
  re.lastIndex = start;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    if (m[1]) depth--;
    else if (!m[2]) depth++;
    if (depth === 0) return m.index + m[0].length;
  }
  throw new Error(`no </${name}>`);
}

function cellsOf(xml: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of xml.matchAll(/<c r="([A-Z]+\d+)"[^>]*?(?:\/>|>[\s\S]*?<\/c>)/g)) out.set(m[1], m[0]);
  return out;
}

/** Things Excel insists on: element order, cells in order, relationships that resolve, a type for every part. */
async function checkPackage(buf: Buffer): Promise<void> {
  const m = await entries(buf);
  const ct = str(m, '[Content_Types].xml');
  const defaults = new Set([...ct.matchAll(/<Default Extension="([^"]+)"/g)].map((x) => x[1].toLowerCase()));
  const overrides = new Set([...ct.matchAll(/<Override PartName="([^"]+)"/g)].map((x) => x[1].slice(1).toLowerCase()));
  for (const name of m.keys()) {
    if (name === '[Content_Types].xml') continue;
    const ext = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
    expect([name, overrides.has(name.toLowerCase()) || defaults.has(ext)]).toEqual([name, true]);
  }
  for (const o of overrides) expect([o, [...m.keys()].some((n) => n.toLowerCase() === o)]).toEqual([o, true]);
  for (const name of m.keys()) {
    if (!name.endsWith('.rels')) continue;
    const source = name.replace(/(^|\/)_rels\/([^/]*)\.rels$/, '$1$2');
    for (const r of str(m, name).matchAll(/<Relationship [^>]*?Target="([^"]+)"[^>]*?\/>/g)) {
      if (/TargetMode="External"/.test(r[0])) continue;
      const parts = r[1].startsWith('/') ? [] : source.split('/').slice(0, -1);
      for (const seg of r[1].replace(/^\//, '').split('/')) seg === '..' ? parts.pop() : parts.push(seg);
      expect([name, r[1], m.has(parts.join('/'))]).toEqual([name, r[1], true]);
    }
  }
  for (const name of m.keys()) {
    if (!/^xl\/worksheets\/sheet\d+\.xml$/.test(name)) continue;
    const xml = str(m, name);
    const ranks = topLevel(xml).map((n) => SHEET_ORDER.indexOf(n));
    expect([name, ranks.every((r) => r >= 0)]).toEqual([name, true]);
    expect([name, ranks]).toEqual([name, [...ranks].sort((a, b) => a - b)]);
    expect(new Set(topLevel(xml).filter((n) => n !== 'conditionalFormatting')).size).toBe(topLevel(xml).filter((n) => n !== 'conditionalFormatting').length);
    let lastRow = 0;
    for (const row of xml.matchAll(/<row r="(\d+)"[^>]*?(?:\/>|>([\s\S]*?)<\/row>)/g)) {
      expect(Number(row[1])).toBeGreaterThan(lastRow);
      lastRow = Number(row[1]);
      let lastCol = -1;
      for (const c of (row[2] ?? '').matchAll(/<c r="([A-Z]+)(\d+)"/g)) {
        expect(c[2]).toBe(row[1]);
        const col = [...c[1]].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
        expect(col).toBeGreaterThan(lastCol);
        lastCol = col;
      }
    }
    expect(xml).not.toMatch(/<f>|<f /);
  }
  // Every XML part is well-formed and namespace-correct (ExcelJS's own parser, saxes).
  for (const name of m.keys()) {
    if (!/\.(xml|rels)$/.test(name)) continue;
    const p = new SaxesParser({ xmlns: true });
    let error: string | null = null;
    p.on('error', (e) => {
      error ??= e.message;
    });
    p.write(str(m, name)).close();
    expect([name, error]).toEqual([name, null]);
  }
  const wbXml = str(m, 'xl/workbook.xml');
  const names = [...wbXml.matchAll(/<sheet [^>]*name="([^"]+)"/g)].map((x) => x[1]);
  expect(new Set(names).size).toBe(names.length);
  await load(buf);
}

// ----- the planner's workbook with every kind of part ------------------------------------------

describe('a workbook with charts, images, pivot tables, slicers, sparklines, names, notes, custom XML', () => {
  let input: Buffer;
  let output: Buffer;
  let inM: Map<string, Buffer>;
  let outM: Map<string, Buffer>;
  let err: string;

  beforeAll(async () => {
    input = await packageFixture();
    const inFile = path.join(dir, 'planner.xlsx');
    const outFile = path.join(dir, 'planner-checked.xlsx');
    await fs.writeFile(inFile, input);
    const r = await runFill(inFile, outFile);
    expect(r.code).toBe(0);
    err = r.err;
    output = await fs.readFile(outFile);
    inM = await entries(input);
    outM = await entries(output);
  });

  /** Parts the add-in edits: the sheets it writes to and their relationships, styles, workbook, content types. */
  const EDITED = new Set([
    ...WRITTEN_SHEETS,
    ...WRITTEN_SHEETS.map((p) => p.replace('worksheets/', 'worksheets/_rels/') + '.rels'),
    'xl/styles.xml',
    'xl/workbook.xml',
    'xl/_rels/workbook.xml.rels',
    '[Content_Types].xml',
    SHEET_PARTS.budget, // only its tabSelected: checked below
  ]);

  test('every other entry is byte for byte the same, with the same compressed data, in the same order', () => {
    const inDir = centralDirectory(input);
    const outDir = new Map(centralDirectory(output).map((e) => [e.name, e]));
    const kept: string[] = [];
    for (const e of inDir) {
      if (e.name.endsWith('/')) continue;
      expect([e.name, outDir.has(e.name)]).toEqual([e.name, true]);
      if (EDITED.has(e.name)) continue;
      kept.push(e.name);
      expect([e.name, outM.get(e.name)!.equals(inM.get(e.name)!)]).toEqual([e.name, true]);
      const o = outDir.get(e.name)!;
      expect([e.name, o.method, o.crc, o.compressedSize]).toEqual([e.name, e.method, e.crc, e.compressedSize]);
    }
    // charts, drawings, media, pivot, slicers, custom XML, the user's notes… all among them
    for (const p of [
      'xl/charts/chart1.xml', 'xl/drawings/drawing1.xml', 'xl/drawings/drawing2.xml', 'xl/media/image1.png', 'xl/pivotTables/pivotTable1.xml',
      'xl/pivotCache/pivotCacheDefinition1.xml', 'xl/pivotCache/pivotCacheRecords1.xml', 'xl/slicers/slicer1.xml', 'xl/slicerCaches/slicerCache1.xml',
      'xl/externalLinks/externalLink1.xml', 'xl/persons/person.xml', 'customXml/item1.xml', 'customXml/itemProps1.xml', 'docProps/custom.xml',
      'xl/comments9.xml', 'xl/drawings/vmlDrawing9.vml', 'xl/printerSettings/printerSettings1.bin',
      'xl/worksheets/sheet6.xml', 'xl/sharedStrings.xml', 'docProps/app.xml',
    ]) expect(kept).toContain(p); // prettier-ignore
    expect(centralDirectory(input).find((e) => e.name === 'xl/media/image1.png')!.method).toBe(0); // stored stays stored
    const order = centralDirectory(output).map((e) => e.name).filter((n) => inDir.some((e) => e.name === n));
    expect(order).toEqual(inDir.map((e) => e.name).filter((n) => order.includes(n)));
  });

  test('the only entries added are the map sheet, the findings sheet, the meta sheet and the add-in’s notes', () => {
    const added = [...outM.keys()].filter((n) => !inM.has(n)).sort();
    expect(added).toEqual(
      [
        'xl/comments1.xml', 'xl/comments2.xml', 'xl/drawings/vmlDrawing1.vml', 'xl/drawings/vmlDrawing2.vml',
        'xl/worksheets/_rels/sheet5.xml.rels', 'xl/worksheets/sheet7.xml', 'xl/worksheets/sheet8.xml', 'xl/worksheets/sheet9.xml',
      ].sort(), // prettier-ignore
    );
  });

  test('the sheet that had the selected tab loses only that: the map is the one selected sheet', () => {
    const before = str(inM, SHEET_PARTS.budget);
    const after = str(outM, SHEET_PARTS.budget);
    expect(before).toContain('tabSelected="1"');
    expect(after).toBe(before.replace(' tabSelected="1"', ''));
    const selected = [...outM.keys()].filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n) && /tabSelected="1"/.test(str(outM, n)));
    expect(selected).toEqual(['xl/worksheets/sheet7.xml']);
    expect(str(outM, 'xl/workbook.xml')).toContain('activeTab="6"');
  });

  test('in the written sheets, everything the add-in does not own is still there, unchanged', () => {
    expect(str(outM, SHEET_PARTS.risk)).toContain(PIECES.riskSparklines);
    expect(str(outM, SHEET_PARTS.kpi)).toContain(PIECES.kpiConditional);
    expect(str(outM, SHEET_PARTS.kpi)).toContain(PIECES.kpiValidation);
    expect(str(outM, SHEET_PARTS.kpi)).toContain(PIECES.kpiDrawing);
    for (const part of WRITTEN_SHEETS) {
      const before = topLevelXml(str(inM, part));
      const after = topLevelXml(str(outM, part));
      for (const el of before) {
        if (/^<(dimension|cols|sheetData)\b/.test(el)) continue;
        expect([part, after.includes(el)]).toEqual([part, true]);
      }
      // Every cell the user had is there as it was; marked cells differ only in their style.
      const cellsBefore = cellsOf(str(inM, part));
      const cellsAfter = cellsOf(str(outM, part));
      for (const [ref, raw] of cellsBefore) {
        const now = cellsAfter.get(ref);
        expect([part, ref, now !== undefined]).toEqual([part, ref, true]);
        expect([part, ref, now!.replace(/ s="\d+"/, '')]).toEqual([part, ref, raw.replace(/ s="\d+"/, '')]);
      }
      const changedStyle = [...cellsBefore].filter(([ref, raw]) => cellsAfter.get(ref) !== raw).map(([ref]) => ref);
      if (part === SHEET_PARTS.kpi) expect(changedStyle.sort()).toEqual(['B5', 'D9']);
      else expect(changedStyle).toEqual([]);
      // The columns the user had keep their widths.
      const cols = (x: string) => [...x.matchAll(/<col [^>]*\/>/g)].map((c) => c[0]);
      for (const c of cols(str(inM, part))) expect(cols(str(outM, part))).toContain(c);
    }
    const rels1 = str(outM, 'xl/worksheets/_rels/sheet1.xml.rels');
    expect(rels1).toContain('Target="../printerSettings/printerSettings1.bin"');
  });

  test('workbook, relationships, content types and styles keep every entry they had', () => {
    const wbXml = str(outM, 'xl/workbook.xml');
    for (const p of [PIECES.externalReferences, PIECES.pivotCaches, PIECES.workbookExt]) expect(wbXml).toContain(p);
    // The user's names and Excel's _xlnm names as they were; the add-in's own names after them.
    for (const d of PIECES.definedNames.matchAll(/<definedName [^]*?<\/definedName>/g)) expect(wbXml).toContain(d[0]);
    expect(wbXml).toMatch(/<definedName name="_plancheck_r1" hidden="1">'[^']+'!\$[A-Z]+\$\d+:\$[A-Z]+\$\d+<\/definedName>/);
    expect(wbXml).toContain('<definedName name="_xlnm.Print_Area" localSheetId="6">');
    for (const s of str(inM, 'xl/workbook.xml').matchAll(/<sheet [^>]*\/>/g)) expect(wbXml).toContain(s[0]);
    for (const part of ['xl/_rels/workbook.xml.rels', '[Content_Types].xml']) {
      for (const el of str(inM, part).matchAll(/<(Relationship|Default|Override) [^>]*\/>/g)) expect([part, str(outM, part).includes(el[0])]).toEqual([part, true]);
    }
    const styles = (x: string, section: string) => {
      const m = new RegExp(`<${section}[^>]*>([\\s\\S]*?)</${section}>`).exec(x);
      return m ? [...m[1].matchAll(/<(?:xf|font|fill|border|numFmt)\b[\s\S]*?(?:\/>|<\/(?:xf|font|fill|border)>)/g)].map((e) => e[0]) : [];
    };
    const a = str(inM, 'xl/styles.xml');
    const b = str(outM, 'xl/styles.xml');
    for (const section of ['numFmts', 'fonts', 'fills', 'borders', 'cellXfs', 'cellStyleXfs']) {
      const before = styles(a, section);
      expect([section, styles(b, section).slice(0, before.length)]).toEqual([section, before]);
    }
    for (const tail of ['<cellStyles', '<dxfs', '<tableStyles', '<extLst']) expect(b.slice(b.indexOf(tail))).toBe(a.slice(a.indexOf(tail)));
  });

  test("the user's notes are not changed; on their sheet the add-in colours the cells and adds no note", async () => {
    const wb = await load(output);
    const kpi = wb.getWorksheet(SHEET_001_KPI)!;
    expect(noteText(kpi.getCell('D9').note)).toContain(USER_NOTES.D9);
    expect(noteText(kpi.getCell('A1').note)).toContain(USER_NOTES.A1);
    expect((kpi.getCell('D9').fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFEB9C');
    expect((kpi.getCell('B5').fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFEB9C');
    expect(kpi.getCell('J4').value).toBe('Achievement rate');
    expect(kpi.getCell('J4').note).toBeUndefined();
    expect(kpi.getCell('B5').note).toBeUndefined();
    expect(err).toBe(`plancheck: sheet "${SHEET_001_KPI}" has the user's own notes (or form controls), which plancheck does not change: 4 notes left out (the problem cells are still coloured)`);
    // Other sheets get their notes.
    expect(noteText(wb.getWorksheet('肆 衡量指標與標準')!.getCell('E2').note)).toContain('120%');
    // The meta sheet records the marks as this host's, with the note left out.
    const meta = wb.getWorksheet('_plancheck')!;
    const records: string[][] = [];
    meta.eachRow((row) => records.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
    expect(records.find((r) => r[0] === 'mark' && r[2] === 'D9')).toEqual(['mark', SHEET_001_KPI, 'D9', '{"v":2,"fill":null,"note":"none"}', '_plancheck_m1#2']);
    expect(records.filter((r) => r[0] === 'part').map((r) => r[1]).sort()).toEqual(['111衡量指標目標值', '肆 衡量指標與標準'].sort());
  });

  test('Excel-valid: element order, cells in order, every relationship resolves, every part has a type', async () => {
    await checkPackage(output);
  });

  test('the values, fills and notes are the ExcelJS host’s (but for the notes on the sheet with the user’s notes)', async () => {
    const wb = await load(input);
    applyWritePlan(wb, engineFill(workbookSnapshot(wb), { lang: 'en' }).plan);
    const viaExcelJs = await load(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(dump(await load(output), [SHEET_001_KPI])).toEqual(dump(viaExcelJs, [SHEET_001_KPI]));
  });

  test('a second fill of the output changes no part', async () => {
    const again = path.join(dir, 'planner-checked-twice.xlsx');
    const outFile = path.join(dir, 'planner-checked.xlsx');
    expect((await runFill(outFile, again)).code).toBe(0);
    const twice = await entries(await fs.readFile(again));
    expect([...twice.keys()].sort()).toEqual([...outM.keys()].sort());
    for (const [name, b] of outM) expect([name, twice.get(name)!.equals(b)]).toEqual([name, true]);
  });
});

describe('.xlsm: the macros stay', () => {
  test('vbaProject.bin, its relationship and the macro-enabled type are kept; the output keeps its name', async () => {
    const input = await packageFixture({ macro: true });
    const inFile = path.join(dir, 'macro.xlsm');
    const outFile = path.join(dir, 'macro-checked.xlsm');
    await fs.writeFile(inFile, input);
    const r = await runFill(inFile, outFile);
    expect(r.code).toBe(0);
    expect(r.err).not.toContain('.xlsm');
    const out = await entries(await fs.readFile(outFile));
    expect(out.get('xl/vbaProject.bin')!.equals(VBA)).toBe(true);
    expect(str(out, '[Content_Types].xml')).toContain('application/vnd.ms-excel.sheet.macroEnabled.main+xml');
    expect(str(out, '[Content_Types].xml')).toContain('<Override PartName="/xl/vbaProject.bin" ContentType="application/vnd.ms-office.vbaProject"/>');
    expect(str(out, 'xl/_rels/workbook.xml.rels')).toContain('Target="vbaProject.bin"');
    expect(out.get('xl/printerSettings/printerSettings1.bin')!.equals(PRINTER)).toBe(true);
    await checkPackage(await fs.readFile(outFile));
  });

  test('an .xlsm written as .xlsx keeps its macros, and the user is told to name it .xlsm', async () => {
    const inFile = path.join(dir, 'macro2.xlsm');
    const outFile = path.join(dir, 'macro2-checked.xlsx');
    await fs.writeFile(inFile, await packageFixture({ macro: true }));
    const r = await runFill(inFile, outFile);
    expect(r.code).toBe(0);
    expect(r.err).toContain('name the output .xlsm');
    expect((await entries(await fs.readFile(outFile))).get('xl/vbaProject.bin')!.equals(VBA)).toBe(true);
  });
});

// ----- the same workbook as the ExcelJS host ---------------------------------------------------

describe('the seed plans: the same workbook as the ExcelJS host writes', () => {
  let seed: Buffer;
  let mine: Buffer;
  beforeAll(async () => {
    seed = await seedPackage();
    const wb = await load(seed);
    mine = (await applyPlanToPackage(seed, engineFill(workbookSnapshot(wb), { lang: 'zh-TW' }).plan)).bytes;
  });

  test('cells, fills, notes, number formats, bold, alignment, borders, sheets and their states', async () => {
    const wb = await load(seed);
    applyWritePlan(wb, engineFill(workbookSnapshot(wb), { lang: 'zh-TW' }).plan);
    const viaExcelJs = await load(Buffer.from(await wb.xlsx.writeBuffer()));
    const a = dump(await load(mine));
    const b = dump(viaExcelJs);
    expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
    for (const k of Object.keys(b)) expect([k, a[k]]).toEqual([k, b[k]]);
    expect((await load(mine)).getWorksheet('_plancheck')!.state).toBe('veryHidden');
    await checkPackage(mine);
  });

  test('text is written as inline strings (sharedStrings.xml untouched), never as a formula', async () => {
    const m = await entries(mine);
    expect(m.get('xl/sharedStrings.xml')!.equals((await entries(seed)).get('xl/sharedStrings.xml')!)).toBe(true);
    const kpi = str(m, SHEET_PARTS.kpi);
    expect(kpi).toMatch(/<c r="J4" s="\d+" t="inlineStr"><is><t>達成率<\/t><\/is><\/c>/);
  });

  test('a second run gives the same parts, byte for byte', async () => {
    const wb = await load(mine);
    const twice = (await applyPlanToPackage(mine, engineFill(workbookSnapshot(wb), { lang: 'zh-TW' }).plan)).bytes;
    const a = await entries(mine);
    const b = await entries(twice);
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [name, bytes] of a) expect([name, b.get(name)!.equals(bytes)]).toEqual([name, true]);
  });

  test('Clear marks after it: fills and notes of the marks go, the columns and the map stay', async () => {
    const wb = await load(mine);
    const cleared = (await applyPlanToPackage(mine, clearMarks(workbookSnapshot(wb)))).bytes;
    const after = await load(cleared);
    const kpi = after.getWorksheet(SHEET_001_KPI)!;
    expect(kpi.getCell('D9').fill?.type === 'pattern' && (kpi.getCell('D9').fill as ExcelJS.FillPattern).pattern === 'solid').toBe(false);
    expect(kpi.getCell('D9').note).toBeUndefined();
    expect(noteText(kpi.getCell('J4').note)).toContain('120%');
    expect(after.getWorksheet('風險圖像')).toBeDefined();
    // The style the mark replaced is the one the cell has again.
    const before = cellsOf(str(await entries(seed), SHEET_PARTS.kpi)).get('D9');
    expect(cellsOf(str(await entries(cleared), SHEET_PARTS.kpi)).get('D9')).toBe(before);
  });
});

/** Risk IDs a spreadsheet would run as formulas if they were written as values. */
const HOSTILE_IDS = ['=HYPERLINK("http://example.invalid","x")', "+cmd|' /C calc'!A0", '-1+1', '@SUM(1)'];

test('text starting with = + - @ stays text: inline strings, no <f>', async () => {
  const s = sheet('風險', [
    ['風險編號', '風險項目', '可能性 (L)', '影響程度 (I)', '風險值 (R)', '新增風險對策'],
    ...HOSTILE_IDS.map((id, k) => [id, `風險${k + 1}`, String((k % 3) + 1), '1', String((k % 3) + 1), '-']),
  ]);
  const wb = await snapshotToWorkbook(workbook(s));
  const bytes = Buffer.from(await wb.xlsx.writeBuffer());
  const out = (await applyPlanToPackage(bytes, engineFill(workbookSnapshot(wb)).plan)).bytes;
  const m = await entries(out);
  const sheets = [...m.keys()].filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n));
  for (const n of sheets) expect(str(m, n)).not.toMatch(/<f[ >]/);
  const map = str(m, sheets.find((n) => str(m, n).includes('R=1'))!);
  expect(map).toContain('t="inlineStr"><is><t xml:space="preserve">=HYPERLINK("http://example.invalid","x")');
  const texts: unknown[] = [];
  (await load(out)).getWorksheet('風險圖像')!.eachRow((row) => row.eachCell((c) => texts.push(c.value)));
  expect(texts.every((v) => v === null || typeof v !== 'object')).toBe(true);
  for (const id of HOSTILE_IDS) expect(texts.join('\n')).toContain(id);
});

// ----- files filled before by the other hosts ---------------------------------------------------

describe('files filled before by the ExcelJS or the Office host', () => {
  test('a file the ExcelJS host filled: its notes are replaced, not doubled, and it reads as a fresh fill', async () => {
    const seed = await seedPackage();
    const wb = await load(seed);
    applyWritePlan(wb, engineFill(workbookSnapshot(wb), { lang: 'zh-TW' }).plan);
    const byExcelJs = Buffer.from(await wb.xlsx.writeBuffer());
    const wb2 = await load(byExcelJs);
    const out = (await applyPlanToPackage(byExcelJs, engineFill(workbookSnapshot(wb2), { lang: 'zh-TW' }).plan)).bytes;
    const fresh = (await applyPlanToPackage(seed, engineFill(workbookSnapshot(await load(seed)), { lang: 'zh-TW' }).plan)).bytes;
    expect(dump(await load(out))).toEqual(dump(await load(fresh)));
    const m = await entries(out);
    for (const n of m.keys()) if (/_rels\/sheet\d+\.xml\.rels$/.test(n)) expect((str(m, n).match(/relationships\/comments"/g) ?? []).length).toBeLessThanOrEqual(1);
    await checkPackage(out);
  });

  test("Clear marks on a file the ExcelJS host marked: the user's own fill and note come back", async () => {
    const wb = await snapshotToWorkbook(seedWorkbook());
    const kpi = wb.getWorksheet(SHEET_001_KPI)!;
    kpi.getCell('D9').fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF00B0F0' } };
    kpi.getCell('D9').note = '我的註記';
    applyWritePlan(wb, engineFill(workbookSnapshot(wb)).plan);
    const marked = Buffer.from(await wb.xlsx.writeBuffer());
    const out = (await applyPlanToPackage(marked, clearMarks(workbookSnapshot(await load(marked))))).bytes;
    const after = (await load(out)).getWorksheet(SHEET_001_KPI)!;
    expect((after.getCell('D9').fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FF00B0F0');
    expect(noteText(after.getCell('D9').note)).toBe('我的註記');
    expect(after.getCell('B5').note).toBeUndefined();
    expect((after.getCell('B5').fill as ExcelJS.FillPattern | undefined)?.pattern ?? 'none').not.toBe('solid');
    expect(noteText(after.getCell('J4').note)).toContain('120%'); // the columns' note stays
  });

  test('Clear marks on a file the Office host marked: its fill record is understood, its note taken away', async () => {
    const wb = await snapshotToWorkbook(seedWorkbook());
    const kpi = wb.getWorksheet(SHEET_001_KPI)!;
    kpi.getCell('D9').fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFEB9C' } };
    kpi.getCell('D9').note = '[NUMBERING_GAP] …';
    kpi.getCell('A1').note = 'the user’s';
    const meta = wb.addWorksheet('_plancheck', { state: 'veryHidden' });
    meta.addRow(['plancheck-meta', 'version', '1', '']);
    meta.addRow(['mark', SHEET_001_KPI, 'D9', '{"fill":"#00B0F0","note":"added"}']);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const out = (await applyPlanToPackage(bytes, clearMarks(workbookSnapshot(await load(bytes))))).bytes;
    const after = (await load(out)).getWorksheet(SHEET_001_KPI)!;
    expect((after.getCell('D9').fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FF00B0F0');
    expect(after.getCell('D9').note).toBeUndefined();
    expect(noteText(after.getCell('A1').note)).toBe('the user’s');
  });

  test('the mark records of every host and version are read as one record (engine/meta.ts)', () => {
    expect(parseMarkOriginal('{"v":2,"fill":"FFC000","note":"added"}')).toEqual({ fill: 'FFC000', note: 'added' });
    expect(parseMarkOriginal('{"v":2,"fill":null,"note":"user","s":4}')).toEqual({ fill: null, note: 'user', style: 4 });
    expect(parseMarkOriginal('{"s":7,"note":"added"}')).toEqual({ fill: null, style: 7, note: 'added' });
    expect(parseMarkOriginal('{"s":0,"note":null}')).toEqual({ fill: null, style: 0, note: 'user' });
    expect(parseMarkOriginal('{"fill":"#00B0F0","note":"added"}')).toEqual({ fill: '00B0F0', note: 'added' });
    expect(parseMarkOriginal('{"fill":null,"comment":"added"}')).toEqual({ fill: null, note: 'comment' });
    expect(parseMarkOriginal('{"fill":null}')).toEqual({ fill: null, note: 'user' });
    expect(parseMarkOriginal('{"fill":null,"note":null}')).toEqual({ fill: null, note: 'added' });
    expect(parseMarkOriginal('{"fill":{"type":"pattern","pattern":"none"},"note":"mine"}')).toEqual({ fill: null, note: 'added', noteText: 'mine' });
    expect(parseMarkOriginal('{"fill":{"type":"pattern","pattern":"solid","fgColor":{"argb":"FF92D050"}},"note":{"texts":[{"text":"a"},{"text":"b"}]}}')).toEqual({
      fill: '92D050',
      note: 'added',
      noteText: 'ab',
    });
    expect(parseMarkOriginal('not json')).toEqual({ fill: null, note: 'user' });
  });

  test("a note the user added to the add-in's comments part (a file Excel saved again) is kept; the add-in's are taken out", async () => {
    const seed = await seedPackage();
    const first = (await applyPlanToPackage(seed, engineFill(workbookSnapshot(await load(seed)), { lang: 'zh-TW' }).plan)).bytes;
    const zip = await JSZip.loadAsync(first);
    // Excel saves the add-in's notes and the user's new one in one part.
    const part = 'xl/comments1.xml';
    const xml = await zip.file(part)!.async('string');
    zip.file(part, xml.replace('<commentList>', '<commentList><comment ref="A1" authorId="0"><text><r><t>user note</t></r></text></comment>'));
    const vml = await zip.file('xl/drawings/vmlDrawing1.vml')!.async('string');
    zip.file('xl/drawings/vmlDrawing1.vml', vml.replace('</xml>', '<v:shape id="_x0000_s1099" type="#_x0000_t202"><x:ClientData ObjectType="Note"><x:Row>0</x:Row><x:Column>0</x:Column></x:ClientData></v:shape></xml>'));
    const edited = await zip.generateAsync({ type: 'nodebuffer' });
    const out = await applyPlanToPackage(edited, engineFill(workbookSnapshot(await load(edited)), { lang: 'zh-TW' }).plan);
    const ws = (await load(out.bytes)).getWorksheet('肆 衡量指標與標準')!;
    expect(noteText(ws.getCell('A1').note)).toBe('user note');
    expect(ws.getCell('E2').note).toBeUndefined();
    expect(ws.getCell('E2').value).toBe('達成率');
    // The header notes of 達成率 (the display cap) and 達成狀態 (what the colours mean).
    expect(out.notesSkipped).toEqual([{ sheet: '肆 衡量指標與標準', notes: 2 }]);
  });
});

// ----- what the writer refuses -----------------------------------------------------------------

describe('what the package writer refuses, and what the command does then', () => {
  test('a protected sheet: nothing is written', async () => {
    const wb = await snapshotToWorkbook(seedWorkbook());
    await wb.getWorksheet(SHEET_000_RISK)!.protect('secret', {});
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    await expect(applyPlanToPackage(bytes, engineFill(workbookSnapshot(await load(bytes))).plan)).rejects.toBeInstanceOf(ProtectedSheetError);
  });

  test('a plan that would write over a value is an internal error, not a silent overwrite', async () => {
    const seed = await seedPackage();
    const plan = engineFill(workbookSnapshot(await load(seed))).plan;
    plan.sheets[0].cells.push({ row: 0, col: 0, value: { text: 'x' } });
    await expect(applyPlanToPackage(seed, plan)).rejects.toBeInstanceOf(PlanConflictError);
    await expect(applyPlanToPackage(seed, plan)).rejects.toThrow(/internal error.*A1.*holds a value/);
  });

  test("through the reader's package (as plancheck fill runs): a cell whose shared string is blank is written over, one whose shared string holds text is not", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('S');
    ws.getCell('A1').value = '   ';
    ws.getCell('B1').value = 'the user’s';
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    // ExcelJS keeps both as shared strings: the writer reads them from the reader's own parse, not the part.
    expect(await (await JSZip.loadAsync(bytes)).file('xl/worksheets/sheet1.xml')!.async('string')).toMatch(/<c r="A1"[^>]*t="s"/);
    const planFor = (col: number): WritePlan => ({
      touches: ['S'], clear: [], unmark: [], keepMarks: [], deleteSheets: [], marks: [], meta: emptyMeta(),
      sheets: [{ ...emptySheetWrite('S', false), cells: CellList.from([{ row: 0, col, value: { text: 'written' } }]) }],
    });
    const read = () => readWorkbook(bytes, { inflate: inflateZlib, keepTexts: true }).package;
    const out = await applyPlanToPackage(read(), planFor(0));
    expect((await load(Buffer.from(out.bytes))).getWorksheet('S')!.getCell('A1').value).toBe('written');
    await expect(applyPlanToPackage(read(), planFor(1))).rejects.toThrow(/internal error.*B1.*holds a value/);
  });

  /** A package whose written sheet has its rows out of order: ExcelJS reads it, the package writer does not edit it. */
  async function rowsOutOfOrder(buf: Buffer): Promise<Buffer> {
    const zip = await JSZip.loadAsync(buf);
    const xml = await zip.file(SHEET_PARTS.plan)!.async('string');
    const row1 = /<row r="1"[\s\S]*?<\/row>/.exec(xml)![0];
    const row2 = /<row r="2"[\s\S]*?<\/row>/.exec(xml)![0];
    zip.file(SHEET_PARTS.plan, xml.replace(row1 + row2, row2 + row1));
    return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
  }

  test('a package it cannot edit: exit 2 with one line naming the part, nothing written (no second writer that could lose parts)', async () => {
    for (const [name, bytes] of [
      ['odd', await rowsOutOfOrder(await seedPackage())],
      ['odd-rich', await rowsOutOfOrder(await packageFixture({ macro: true }))],
    ] as const) {
      const input = path.join(dir, `${name}.xlsx`);
      const output = path.join(dir, `${name}-checked.xlsx`);
      await expect(applyPlanToPackage(bytes, engineFill(workbookSnapshot(await load(bytes))).plan)).rejects.toBeInstanceOf(PackageError);
      await fs.writeFile(input, bytes);
      const r = await runFill(input, output);
      expect(r.code).toBe(2);
      expect(r.err.split('\n')).toHaveLength(1);
      expect(r.err).toContain('cannot be edited in place (xl/worksheets/sheet1.xml: rows out of order at row 1)');
      expect(r.err).toContain('nothing was written');
      await expect(fs.access(output)).rejects.toThrow();
    }
  });
});

describe('the add-in’s old sheets and the user’s formatting under its columns', () => {
  test('parts the user put on the add-in’s old map sheet go with it, and the user is told', async () => {
    const seed = await seedPackage();
    const first = (await applyPlanToPackage(seed, engineFill(workbookSnapshot(await load(seed)), { lang: 'zh-TW' }).plan)).bytes;
    const zip = await JSZip.loadAsync(first);
    const map = 'xl/worksheets/sheet7.xml';
    zip.file(map, (await zip.file(map)!.async('string')).replace('</worksheet>', '<drawing r:id="rId1"/></worksheet>'));
    zip.file('xl/worksheets/_rels/sheet7.xml.rels', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing" Target="../drawings/drawing5.xml"/></Relationships>`);
    zip.file('xl/drawings/drawing5.xml', '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"/>');
    const ct = await zip.file('[Content_Types].xml')!.async('string');
    zip.file('[Content_Types].xml', ct.replace('</Types>', '<Override PartName="/xl/drawings/drawing5.xml" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/></Types>'));
    // A print area on the map (sheet-local: it goes with the sheet) beside the user's own names.
    const wbXml = await zip.file('xl/workbook.xml')!.async('string');
    const names = '<definedNames><definedName name="_xlnm.Print_Area" localSheetId="6">\'風險圖像\'!$A$1:$D$27</definedName><definedName name="Mine" localSheetId="1">\'伍 整體風險管理\'!$A$1</definedName></definedNames>';
    zip.file('xl/workbook.xml', wbXml.replace('<definedNames>', names.replace('</definedNames>', '')));
    const withDrawing = await zip.generateAsync({ type: 'nodebuffer' });
    const out = await applyPlanToPackage(withDrawing, engineFill(workbookSnapshot(await load(withDrawing)), { lang: 'zh-TW' }).plan);
    expect(out.removedOther).toEqual(['xl/drawings/drawing5.xml']);
    const m = await entries(out.bytes);
    expect(m.has('xl/drawings/drawing5.xml')).toBe(false);
    expect(str(m, '[Content_Types].xml')).not.toContain('drawing5');
    // The old map's print area went with it; the new map's is written; the user's name stays; the add-in's names are this run's.
    expect(str(m, 'xl/workbook.xml')).toContain('<definedNames><definedName name="Mine" localSheetId="1">\'伍 整體風險管理\'!$A$1</definedName>');
    expect(str(m, 'xl/workbook.xml')).toContain('<definedName name="_xlnm.Print_Area" localSheetId="6">\'風險圖像\'!$A$1:$F$');
    expect(str(m, 'xl/workbook.xml')).toContain('<definedName name="_plancheck_r1" hidden="1">');
    expect(str(m, 'xl/workbook.xml')).not.toContain('$A$1:$D$27');
    expect(str(m, 'xl/workbook.xml').match(/<definedNames>/g)).toHaveLength(1);
    await checkPackage(out.bytes);
    const input = path.join(dir, 'map-drawing.xlsx');
    await fs.writeFile(input, withDrawing);
    const r = await runFill(input, path.join(dir, 'map-drawing-checked.xlsx'));
    expect(r.err).toContain("the add-in's earlier sheet was removed together with what had been put on it: xl/drawings/drawing5.xml");
  });

  test('a style the user gave to empty cells under the add-in’s columns comes back when the columns go', async () => {
    const wb = await snapshotToWorkbook(seedWorkbook());
    const kpi = wb.getWorksheet(SHEET_001_KPI)!;
    kpi.getCell('K6').fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE2EFDA' } };
    kpi.getCell('K6').font = { italic: true };
    const seed = Buffer.from(await wb.xlsx.writeBuffer());
    const k6 = cellsOf(str(await entries(seed), SHEET_PARTS.kpi)).get('K6')!;
    expect(k6).toMatch(/^<c r="K6" s="\d+"\/>$/);
    const first = (await applyPlanToPackage(seed, engineFill(workbookSnapshot(await load(seed))).plan)).bytes;
    const written = (await load(first)).getWorksheet(SHEET_001_KPI)!.getCell('K6');
    expect(written.value).toBe('達成');
    expect(written.font?.italic).toBe(true); // the user's style under the add-in's
    expect((written.fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFE2EFDA');
    // Idempotent, and the columns' removal gives the user's cell back.
    const second = (await applyPlanToPackage(first, engineFill(workbookSnapshot(await load(first))).plan)).bytes;
    expect(str(await entries(second), SHEET_PARTS.kpi)).toBe(str(await entries(first), SHEET_PARTS.kpi));
    const plan = engineFill(workbookSnapshot(await load(first))).plan;
    plan.sheets = plan.sheets.filter((s) => s.create);
    plan.meta.ranges = [];
    plan.marks = [];
    const gone = (await applyPlanToPackage(first, plan)).bytes;
    const cells = cellsOf(str(await entries(gone), SHEET_PARTS.kpi));
    expect(cells.get('K6')).toBe(k6);
    expect(cells.get('J4')).toBeUndefined();
    // Every cell as the user had it, and no other (widths of the add-in's columns stay, as with the ExcelJS host).
    expect([...cells]).toEqual([...cellsOf(str(await entries(seed), SHEET_PARTS.kpi))]);
  });
});

test('new sheets with merges, frozen panes and dropdown validations: what the ExcelJS host writes', async () => {
  const { templatePlan } = await import('../src/engine');
  const seed = await seedPackage();
  const mine = await load((await applyPlanToPackage(seed, templatePlan('zh-TW'))).bytes);
  const wb = await load(seed);
  applyWritePlan(wb, templatePlan('zh-TW'));
  const viaExcelJs = await load(Buffer.from(await wb.xlsx.writeBuffer()));
  expect(dump(mine)).toEqual(dump(viaExcelJs));
  for (const s of templatePlan('zh-TW').sheets) {
    const a = mine.getWorksheet(s.sheet)!;
    const b = viaExcelJs.getWorksheet(s.sheet)!;
    const view = (w: ExcelJS.Worksheet) => {
      const v = (w.views?.[0] ?? {}) as { state?: string; ySplit?: number; xSplit?: number };
      return v.state === 'frozen' ? { ySplit: v.ySplit ?? 0, xSplit: v.xSplit ?? 0 } : null;
    };
    expect([s.sheet, view(a)]).toEqual([s.sheet, view(b)]);
    expect([s.sheet, view(a)]).toEqual([s.sheet, s.freeze ? { ySplit: s.freeze.rows, xSplit: s.freeze.cols } : null]);
    expect([s.sheet, Object.keys((a as unknown as { _merges: object })._merges).sort()]).toEqual([s.sheet, Object.keys((b as unknown as { _merges: object })._merges).sort()]);
    for (const v of s.validations) {
      const r = v.range;
      for (const [row, col] of [[r.top, r.left], [r.bottom, r.right]]) {
        const dv = a.getCell(row + 1, col + 1).dataValidation;
        expect([s.sheet, row, col, dv?.type, dv?.formulae]).toEqual([s.sheet, row, col, 'list', [`"${v.values.join(',')}"`]]);
        expect(dv?.prompt ?? null).toBe(v.prompt ?? null);
      }
    }
  }
  expect(templatePlan('zh-TW').sheets.some((s) => s.freeze && s.validations.length && s.merges.length === 0)).toBe(true);
  expect(templatePlan('zh-TW').sheets.some((s) => s.merges.length)).toBe(true);
  await checkPackage((await applyPlanToPackage(seed, templatePlan('zh-TW'))).bytes);
});
