/**
 * The workbook's own risk scales (definition tables, level lines) are read from every sheet but the add-in's
 * records sheet, and that sheet is found by what it is (its mark in A1 and one of its names), not by the name
 * `_plancheck` alone: when a user's own sheet is called `_plancheck`, the records go into `_plancheck (2)`.
 */
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli/main';
import { settingsOf, validate } from '../../src/engine';
import { MAGIC } from '../../src/engine/meta';
import type { WorkbookSnapshot } from '../../src/engine/snapshot';
import { readWorkbookFile } from '../../src/hosts/node/files';
import { pastedSheet } from '../fixtures/pasted';
import { writeSnapshotXlsx } from '../fixtures/xlsx';
import { errorsOf } from '../helpers';

/** A 5 × 5 agency scale: the likelihood and impact definitions and the level lines (as in issue9.test.ts). */
const SCALE = [
  '風險可能性（L）定義',
  '等級\t可能性\t詳細描述',
  '1\t極不可能\t幾乎不會發生',
  '2\t不太可能\t很少發生',
  '3\t可能\t有時發生',
  '4\t很可能\t經常發生',
  '5\t幾乎確定\t一定會發生',
  '',
  '風險影響程度（I）定義',
  '等級\t影響程度\t詳細描述',
  '1\t輕微\t影響很小',
  '2\t小\t影響小',
  '3\t中等\t影響中等',
  '4\t嚴重\t影響大',
  '5\t非常嚴重\t影響重大',
  '',
  '極度風險(R=15~25)：應立即採取行動。',
  '高度風險(R=10~12)：需研擬對策消除或降低其風險。',
  '中度風險(R=5~9)：仍需進行控管活動降低其風險。',
  '低度風險(R=1~4)：不需執行特定活動降低其風險。',
].join('\n');

const REGISTER = [
  '風險評估',
  '風險項目\t風險情境\t可能性 (L)\t影響程度 (I)\t新增風險對策',
  'P1 工程延誤\t天候不佳\t5\t4\t增派人力',
  'P2 系統故障\t設備老舊\t4\t3\t汰換設備',
].join('\n');

/** The user's own sheet named `_plancheck` holds the agency's scale; the register is on another sheet. */
function workbookWithOwnPlancheckSheet(): WorkbookSnapshot {
  return { sheets: [pastedSheet('風險', REGISTER), pastedSheet('_plancheck', SCALE)] };
}

const BANDS = [
  ['low', 1, 4],
  ['medium', 5, 9],
  ['high', 10, 12],
  ['extreme', 15, 25],
];

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'plancheck-records-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('settingsOf: the records sheet is skipped by what it is', () => {
  test('a user\'s sheet named _plancheck is read for the scales', () => {
    const { settings } = settingsOf(workbookWithOwnPlancheckSheet());
    expect(settings.scale).toBe(5);
    expect(settings.bands.map((b) => [b.level, b.min, b.max])).toEqual(BANDS);
    const r = validate(workbookWithOwnPlancheckSheet());
    expect(errorsOf(r)).toEqual([]);
    expect(r.risks.map((x) => [x.id, x.score, x.level])).toEqual([
      ['P1', 20, 'extreme'],
      ['P2', 12, 'high'],
    ]);
  });

  test('the records sheet under another of its names (_plancheck (2)) is not read for the scales', () => {
    const snap: WorkbookSnapshot = {
      sheets: [pastedSheet('風險', REGISTER), pastedSheet('_plancheck (2)', `${MAGIC}\n${SCALE}`)],
    };
    const { settings } = settingsOf(snap);
    expect(settings.scale).toBe(3);
    // The same sheet without the records' mark is the user's, and is read.
    const mine: WorkbookSnapshot = { sheets: [pastedSheet('風險', REGISTER), pastedSheet('_plancheck (2)', SCALE)] };
    expect(settingsOf(mine).settings.scale).toBe(5);
  });

  test('after a real fill the records are in _plancheck (2), and the next run still gives the workbook\'s 5 × 5 scale', async () => {
    const input = path.join(dir, 'plan.xlsx');
    const once = path.join(dir, 'once.xlsx');
    const twice = path.join(dir, 'twice.xlsx');
    await writeSnapshotXlsx(workbookWithOwnPlancheckSheet(), input);
    const io = { out: () => undefined, err: (s: string) => errors.push(s), env: { LANG: 'C' } };
    const errors: string[] = [];
    expect(await main(['fill', input, '-o', once], io)).toBe(0);
    const read = await readWorkbookFile(once);
    expect(read.snapshot.sheets.map((s) => s.name)).toEqual(expect.arrayContaining(['_plancheck', '_plancheck (2)']));
    const { settings } = settingsOf(read.snapshot);
    expect(settings.scale).toBe(5);
    expect(settings.bands.map((b) => [b.level, b.min, b.max])).toEqual(BANDS);
    expect(await main(['fill', once, '-o', twice], io)).toBe(0);
    expect(settingsOf((await readWorkbookFile(twice)).snapshot).settings.scale).toBe(5);
    expect(errors).toEqual([]);
  });
});

describe('settingsOf: the add-in\'s own sheets hold no scales of the user\'s', () => {
  test('the 風險圖像 legend of an earlier fill is not read back as level lines over the settings given now', async () => {
    const register = ['風險評估', '風險項目\t風險情境\t可能性 (L)\t影響程度 (I)\t新增風險對策', 'P1 工程延誤\t天候不佳\t1\t1\t', 'P2 系統故障\t設備老舊\t1\t2\t'].join('\n');
    const snap: WorkbookSnapshot = { sheets: [pastedSheet('風險', register)] };
    const bands = [
      { level: 'low', min: 1, max: 1, color: '92D050' },
      { level: 'medium', min: 2, max: 3, color: 'FFFF00' },
      { level: 'high', min: 4, max: 6, color: 'FFC000' },
      { level: 'extreme', min: 7, max: 9, color: 'FF0000' },
    ] as const;
    const levels = (s: WorkbookSnapshot) => validate(s, { settings: { bands: bands.map((b) => ({ ...b })) } }).risks.map((r) => [r.id, r.level]);
    expect(levels(snap)).toEqual([
      ['P1', 'low'],
      ['P2', 'medium'],
    ]);
    const input = path.join(dir, 'bands.xlsx');
    const output = path.join(dir, 'bands-filled.xlsx');
    await writeSnapshotXlsx(snap, input);
    const io = { out: () => undefined, err: () => undefined, env: { LANG: 'C' } };
    // Filled once with the defaults (its legend says 低度 R=1~2), then checked with the agency's bands.
    await main(['fill', input, '-o', output], io);
    const filled = (await readWorkbookFile(output)).snapshot;
    expect(filled.sheets.map((s) => s.name)).toContain('風險圖像');
    expect(levels(filled)).toEqual([
      ['P1', 'low'],
      ['P2', 'medium'],
    ]);
  });
});
