/**
 * Settings kept in the workbook (a custom XML part both hosts read), `plancheck --settings file.json`, and
 * `plancheck template --scale 5`: a 5 × 5 register through the real .xlsx path.
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../src/cli/main';
import { runCli } from './helpers';
import { isSettingsPart, settingsFromPartXml, settingsPartXml } from '../src/engine/settingsPart';
import { readSettingsPart, writeSettingsPart } from './fixtures/settingsPartZip';
import { pastedWorkbook } from './fixtures/pasted';
import { writeSnapshotXlsx } from './fixtures/xlsx';

let dir: string;
let register: string;
const io = { out: () => undefined, err: () => undefined, env: { LANG: 'C' } };

const run = (args: string[]) => runCli(args);

/** A 5 × 5 register without the definition tables: only the settings can say the scale is 5. */
const REGISTER = [
  '風險項目\t風險情境\t可能性 (L)\t影響程度 (I)\t風險值 (R)\t新增風險對策',
  'P1 工程延誤\t天候不佳\t5\t4\t20\t增派人力',
  'P2 宣導不足\t場次減少\t2\t2\t4\t-',
].join('\n');

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'plancheck-settings-'));
  register = path.join(dir, 'register.xlsx');
  await writeSnapshotXlsx(pastedWorkbook('風險', REGISTER), register);
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('the settings part', () => {
  it('round-trips JSON, with characters XML must escape', () => {
    const xml = settingsPartXml({ columnRoles: { '成果<&>': 'actual' }, scale: 5 });
    expect(isSettingsPart(xml)).toBe(true);
    expect(JSON.parse(settingsFromPartXml(xml)!)).toEqual({ columnRoles: { '成果<&>': 'actual' }, scale: 5 });
    expect(settingsFromPartXml('<root xmlns="urn:other"><settings>{}</settings></root>')).toBeNull();
  });

  it('is written into the package as Excel does (item, itemProps, relationship, content type) and read back', async () => {
    const bytes = await writeSettingsPart(await fs.readFile(register), { scale: 5 });
    const zip = await JSZip.loadAsync(bytes);
    expect(zip.file('customXml/item1.xml')).not.toBeNull();
    expect(await zip.file('xl/_rels/workbook.xml.rels')!.async('string')).toContain('relationships/customXml');
    expect(await zip.file('[Content_Types].xml')!.async('string')).toContain('/customXml/itemProps1.xml');
    expect(JSON.parse((await readSettingsPart(bytes))!)).toEqual({ scale: 5 });
    // Written again: replaced, not added.
    const again = await JSZip.loadAsync(await writeSettingsPart(bytes, { scale: 4 }));
    expect(Object.keys(again.files).filter((n) => /^customXml\/item\d+\.xml$/.test(n))).toEqual(['customXml/item1.xml']);
    expect(await readSettingsPart(again)).toBe('{"scale":4}');
  });

  it('a workbook without it has none', async () => {
    expect(await readSettingsPart(await fs.readFile(register))).toBeUndefined();
  });
});

describe('plancheck reads the settings kept in the workbook', () => {
  it('without settings the 5 × 5 register is out of range (exit 1); with {"scale": 5} in the workbook it is right (exit 0)', async () => {
    expect((await run(['validate', register])).code).toBe(1);
    const kept = path.join(dir, 'kept.xlsx');
    await fs.writeFile(kept, await writeSettingsPart(await fs.readFile(register), { scale: 5 }));
    const r = await run(['validate', kept, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).risks.map((x: { id: string; level: string }) => [x.id, x.level])).toEqual([
      ['P1', 'extreme'],
      ['P2', 'low'],
    ]);
    // fill reads them too, and keeps the part in its output.
    const out = path.join(dir, 'kept-checked.xlsx');
    expect((await run(['fill', kept, '-o', out])).code).toBe(0);
    expect(await readSettingsPart(await fs.readFile(out))).toBe('{"scale":5}');
  });

  it('--settings file.json', async () => {
    const file = path.join(dir, 'five.json');
    await fs.writeFile(file, JSON.stringify({ scale: 5 }));
    expect((await run(['validate', register, '--settings', file])).code).toBe(0);
    expect((await run(['validate', register, `--settings=${file}`])).code).toBe(0);
  });

  it('the report names the matrix it used and where it came from', async () => {
    const file = path.join(dir, 'five.json');
    await fs.writeFile(file, JSON.stringify({ scale: 5 }));
    expect((await run(['validate', register, '--settings', file])).out).toContain('  風險矩陣 5 × 5（依設定）');
    expect((await run(['validate', register, '--lang', 'en'])).out).toContain('  risk matrix 3 × 3 (from the settings)');
    const json = JSON.parse((await run(['validate', register, '--settings', file, '--json'])).out);
    expect(json.scale).toMatchObject({ size: 5, likelihoodTable: null, impactTable: null, levelLines: null });
    // The example's own tables decide its 3 × 3, each named with its sheet and cell.
    const example = path.join(__dirname, '..', 'examples', 'plan.xlsx');
    expect((await run(['validate', example])).out).toContain(
      '  風險矩陣 3 × 3（依活頁簿的可能性評量表「伍 整體風險管理」A4、影響程度評量表「伍 整體風險管理」A10、風險等級說明「伍 整體風險管理」A30）',
    );
  });

  it('a settings file that cannot be read is exit 2 with one line naming it', async () => {
    const bad = path.join(dir, 'bad.json');
    await fs.writeFile(bad, '{scale: 5');
    const r = await run(['validate', register, '--settings', bad]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('bad.json');
    expect((await run(['validate', register, '--settings', path.join(dir, 'missing.json')])).code).toBe(2);
  });
});

describe('plancheck template --scale 5', () => {
  it('dropdowns of 1 … 5 for L and I; the guide names five levels', async () => {
    const file = path.join(dir, 'template5.xlsx');
    expect(await main(['template', file, '--scale', '5'], io)).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const risks = wb.getWorksheet('風險評估')!;
    expect(risks.getCell('F3').dataValidation).toMatchObject({ type: 'list', formulae: ['"1,2,3,4,5"'] });
    expect((await run(['template', path.join(dir, 't.xlsx'), '--scale', '6'])).code).toBe(2);
  });
});
