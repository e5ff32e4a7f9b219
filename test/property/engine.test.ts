/**
 * Property-based tests of the engine on random workbook snapshots (see ./arbitraries.ts): no snapshot makes
 * `validate` or `fill` throw; every finding is a report issue with a known code at an existing sheet and a
 * real cell; the report is finite JSON; the write plan never writes over a user's value; fill is
 * deterministic, and idempotent (fill, apply the plan, fill again: the same cells).
 */
import { FINDINGS_TEXT } from '../../src/engine/sheetText';
import fc from 'fast-check';
import { fill, templatePlan, validate } from '../../src/engine';
import type { EngineOptions, FillParts, Report, WorkbookSnapshot, WritePlan } from '../../src/engine';
import { parseCellAddress } from '../../src/engine/address';
import { ISSUE_SEVERITY } from '../../src/engine/issues';
import { readMeta } from '../../src/engine/meta';
import type { Settings } from '../../src/engine/settings';
import type { CellRange } from '../../src/engine/snapshot';
import { isEmptyCell } from '../../src/engine/snapshot';
import { isHeaderWord } from '../../src/engine/tables/vocabulary';
import { normalizeLabel } from '../../src/engine/text';
import { MAX_CELL_TEXT, META_SHEET } from '../../src/engine/writePlan';
import { ALL_HEADER_WORDS, anyWorkbook, validPlan } from './arbitraries';
import { ok, property, reportCaseCount } from './fuzz';
import { applyPlan } from './host';

reportCaseCount('engine');

/** Excel's grid: 1,048,576 rows × 16,384 columns (XFD). */
const EXCEL_ROWS = 1048576;
const EXCEL_COLS = 16384;

const insideExcel = (row: number, col: number) => Number.isInteger(row) && Number.isInteger(col) && row >= 0 && col >= 0 && row < EXCEL_ROWS && col < EXCEL_COLS;
const rangeInsideExcel = (r: CellRange) => insideExcel(r.top, r.left) && insideExcel(r.bottom, r.right) && r.top <= r.bottom && r.left <= r.right;

/** Engine options: both languages, the default 3 × 3 matrix or a 4 × 4 / 5 × 5 one, every choice of parts. */
const optionsArb: fc.Arbitrary<EngineOptions & { parts: FillParts }> = fc.record({
  lang: fc.constantFrom<'zh-TW' | 'en'>('zh-TW', 'en'),
  settings: fc.oneof(
    { weight: 3, arbitrary: fc.constant({} as Partial<Settings>) },
    {
      weight: 1,
      arbitrary: fc.record({
        scale: fc.constantFrom(4, 5),
        tolerance: fc.integer({ min: 1, max: 12 }),
        actionThreshold: fc.integer({ min: 1, max: 25 }),
        displayCap: fc.constantFrom(1, 1.2, 1.5),
      }),
    },
  ),
  parts: fc.record({ columns: fc.boolean(), marks: fc.constantFrom<FillParts['marks']>(true, false, 'clear'), map: fc.boolean() }),
});

const workbookAndOptions = fc.tuple(anyWorkbook, optionsArb);

// -------------------------------------------------------------------------------------------------
// Checks
// -------------------------------------------------------------------------------------------------

/** Snapshot texts, to tell a message that shows the user's `NaN` from one the engine made up. */
function inputText(snapshot: WorkbookSnapshot): string {
  return JSON.stringify(snapshot);
}

function checkNumbersFinite(x: unknown, path: string): void {
  if (typeof x === 'number') ok(Number.isFinite(x), `a finite number at ${path}`, String(x));
  else if (Array.isArray(x)) x.forEach((v, k) => checkNumbersFinite(v, `${path}[${k}]`));
  else if (x && typeof x === 'object') for (const [k, v] of Object.entries(x)) checkNumbersFinite(v, `${path}.${k}`);
}

const WORKBOOK_LEVEL = new Set(['TABLE_NONE_FOUND', 'SETTINGS_IGNORED']);

function checkReport(report: Report, snapshot: WorkbookSnapshot): void {
  const names = new Set(snapshot.sheets.map((s) => s.name));
  const input = inputText(snapshot);
  for (const i of report.issues) {
    ok(i.code in ISSUE_SEVERITY, 'a known code', i);
    ok(ISSUE_SEVERITY[i.code as keyof typeof ISSUE_SEVERITY] === i.severity, 'the severity of its code', i);
    ok(names.has(i.sheet) || (i.sheet === '' && WORKBOOK_LEVEL.has(i.code)), 'a sheet that exists', i, [...names]);
    if (i.cell !== '') {
      ok(/^[A-Z]{1,3}[1-9][0-9]*$/.test(i.cell), 'an A1 address', i);
      const a = parseCellAddress(i.cell);
      ok(a !== null && insideExcel(a.row, a.col), "an address inside Excel's grid", i);
    }
    ok(typeof i.message === 'string' && i.message.trim() !== '', 'a message', i);
    for (const junk of ['undefined', 'NaN', 'Infinity', '[object Object]']) {
      ok(!i.message.includes(junk) || input.includes(junk), `no "${junk}" made up in a message`, i);
    }
  }
  checkNumbersFinite(report, 'report');
  const json = JSON.stringify(report);
  expect(JSON.parse(json)).toEqual(report);
  const count = (s: string) => report.issues.filter((i) => i.severity === s).length;
  ok(report.summary.errors === count('error') && report.summary.warnings === count('warning') && report.summary.infos === count('info'), 'summary counts the issues');
}

/** Cells of the snapshot a plan may write: empty ones, and those inside ranges the meta sheet says the add-in wrote. */
function checkPlan(plan: WritePlan, snapshot: WorkbookSnapshot): void {
  const byName = new Map(snapshot.sheets.map((s) => [s.name, s]));
  const meta = readMeta(snapshot);
  const owned = (sheet: string, r: number, c: number) =>
    meta.owned.some((m) => m.sheet === sheet && r >= m.range.top && r <= m.range.bottom && c >= m.range.left && c <= m.range.right);
  const deleted = new Set([...plan.deleteSheets, ...(plan.metaSheet?.existing ? [plan.metaSheet.existing] : [])]);
  const staying = snapshot.sheets.map((s) => s.name).filter((n) => !deleted.has(n));

  for (const s of plan.sheets) {
    for (const m of s.merges) ok(rangeInsideExcel(m), 'merges inside the grid', s.sheet, m);
    for (const f of s.formats) ok(rangeInsideExcel(f.range), 'formats inside the grid', s.sheet, f.range);
    for (const c of s.cells) {
      ok(insideExcel(c.row, c.col), "writes inside Excel's grid", s.sheet, c);
      if (c.value && 'number' in c.value) ok(Number.isFinite(c.value.number), 'finite numbers written', s.sheet, c);
      if (c.value && 'text' in c.value) ok(c.value.text.length <= MAX_CELL_TEXT, 'texts Excel can hold', s.sheet, c.row, c.col);
      if (c.note !== undefined) ok(c.note.length <= MAX_CELL_TEXT, 'notes Excel can hold', s.sheet, c.row, c.col);
    }
    if (s.create) {
      ok(s.sheet.length >= 1 && s.sheet.length <= 31 && !/[:\\/?*[\]]/.test(s.sheet), 'a sheet name Excel accepts', s.sheet);
      ok(!staying.some((n) => n.toLowerCase() === s.sheet.toLowerCase()), 'a new sheet does not take the name of a sheet that stays', s.sheet, staying);
      continue;
    }
    const sheet = byName.get(s.sheet);
    // A user's sheet named _plancheck (not the add-in's records: no record mark in A1) is the user's.
    ok(!!sheet && s.sheet !== meta.recordsSheet && !meta.sheets.includes(s.sheet), "writes only on the user's existing sheets", s.sheet);
    for (const c of s.cells) {
      if (owned(s.sheet, c.row, c.col)) continue;
      const v = sheet!.rows[c.row]?.[c.col];
      ok(isEmptyCell(v), "never writes over a user's value", s.sheet, c, v);
      const inMerge = sheet!.merges.find(
        (m) => m.top <= m.bottom && m.left <= m.right && (m.top < m.bottom || m.left < m.right) && c.row >= m.top && c.row <= m.bottom && c.col >= m.left && c.col <= m.right,
      );
      // Writing a merged cell that is not the merge's top-left writes the merge's value (the user's).
      ok(!inMerge || (inMerge.top === c.row && inMerge.left === c.col), "never writes inside a user's merged cells", s.sheet, c, inMerge);
    }
  }
  for (const m of plan.marks) {
    ok(byName.has(m.sheet) && insideExcel(m.row, m.col), 'marks on existing sheets, inside the grid', m);
    ok(m.note.length <= MAX_CELL_TEXT, 'mark notes Excel can hold', m.sheet, m.row, m.col);
  }
  for (const c of plan.clear) ok(byName.has(c.sheet) && rangeInsideExcel(c.range), 'clears inside the grid of existing sheets', c);
  for (const r of plan.meta.ranges) ok(byName.has(r.sheet) && rangeInsideExcel(r.range), 'recorded ranges inside the grid', r);
  for (const n of [...plan.touches, ...plan.deleteSheets]) ok(byName.has(n), 'touches and deletes existing sheets', n);
}

/** What a run writes, for comparing two runs. */
function written(plan: WritePlan) {
  return {
    sheets: plan.sheets.map((s) => ({ sheet: s.sheet, create: s.create, cells: s.cells.map((c) => [c.row, c.col, c.value]), merges: s.merges })),
    marks: plan.marks.map((m) => [m.sheet, m.row, m.col, m.severity, m.note]),
    ranges: plan.meta.ranges,
    sheetsMade: plan.meta.sheets,
  };
}

// -------------------------------------------------------------------------------------------------
// Properties
// -------------------------------------------------------------------------------------------------

it('the header words of the generators are header words of the engine', () => {
  for (const w of ALL_HEADER_WORDS) expect([w, isHeaderWord(normalizeLabel(w))]).toEqual([w, true]);
});

property(
  'validate and fill never throw and do not change the snapshot; the report is well formed',
  workbookAndOptions,
  ([snapshot, options]) => {
    const before = JSON.stringify(snapshot);
    const report = validate(snapshot, options);
    checkReport(report, snapshot);
    const filled = fill(snapshot, options);
    checkReport(filled.report, snapshot);
    ok(JSON.stringify(snapshot) === before, 'the snapshot is not changed');
    // fill's report is validate's, plus what writing adds (a renamed map sheet).
    const core = (r: Report) => ({ ...r, issues: r.issues.filter((i) => !i.code.startsWith('WRITE_')), summary: r.summary.riskLevels });
    expect(core(filled.report)).toEqual(core(report));
  },
  { weight: 1, msPerCase: 10 },
);

property(
  "the write plan never writes over a user's value, stays inside Excel's grid, and writes finite numbers",
  workbookAndOptions,
  ([snapshot, options]) => {
    const { plan } = fill(snapshot, options);
    checkPlan(plan, snapshot);
  },
  { weight: 1, msPerCase: 10 },
);

property(
  'fill is deterministic',
  workbookAndOptions,
  ([snapshot, options]) => {
    const a = fill(structuredClone(snapshot), options);
    const b = fill(structuredClone(snapshot), options);
    ok(JSON.stringify(a) === JSON.stringify(b), 'the same report and plan twice');
  },
  { weight: 0.5, msPerCase: 10 },
);

property(
  'fill is idempotent: fill, apply the plan, fill again writes the same cells',
  fc.tuple(anyWorkbook, optionsArb.map((o) => ({ ...o, parts: { columns: true, marks: true, map: true } as FillParts }))),
  ([snapshot, options]) => {
    const first = fill(snapshot, options);
    const applied = applyPlan(snapshot, first.plan);
    const second = fill(applied, options);
    expect(written(second.plan)).toEqual(written(first.plan));
    checkPlan(second.plan, applied);
    // The report does not change either, except where the first run's meta sheet named sheets it then deleted.
    expect(second.report.indicators).toEqual(first.report.indicators);
    expect(second.report.risks).toEqual(first.report.risks);
    expect(second.report.budgets).toEqual(first.report.budgets);
    // And a third run writes the same again.
    const third = fill(applyPlan(applied, second.plan), options);
    expect(written(third.plan)).toEqual(written(first.plan));
    expect(third.report).toEqual(second.report);
  },
  { weight: 1, msPerCase: 20 },
);

// -------------------------------------------------------------------------------------------------
// Valid plans: the numbers come out right, no errors, and fill is idempotent
// -------------------------------------------------------------------------------------------------

const round6 = (v: number | null) => (v === null ? null : Math.round(v * 1e6) / 1e6);

property(
  'a valid plan (the template filled with consistent values) is read as written: no errors, the right rates, scores and sums',
  validPlan,
  (p) => {
    const report = validate(p.snapshot, { lang: p.lang });
    checkReport(report, p.snapshot);
    expect(report.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(report.tables.map((t) => t.kind).sort()).toEqual(['budget', 'indicators', 'risks']);
    expect(report.indicators.map((i) => ({ rate: i.achievementRate, status: i.status }))).toEqual(p.indicators.map((i) => ({ rate: round6(i.rate), status: i.status })));
    expect(report.risks.map((r) => ({ id: r.id, score: r.score, residual: r.residual ? r.residual.score : null }))).toEqual(p.risks);
    expect(report.budgets).toHaveLength(1);
    expect(report.budgets[0]).toEqual(expect.objectContaining({ total: round6(p.budget.total), central: round6(p.budget.central), city: round6(p.budget.city) }));
  },
  { weight: 0.5, msPerCase: 10 },
);

property(
  'on a valid plan, fill writes each risk score and is idempotent',
  validPlan,
  (p) => {
    const first = fill(p.snapshot, { lang: p.lang });
    checkPlan(first.plan, p.snapshot);
    // The risk block: each risk's R = L × I beside its row.
    const riskCells = first.plan.sheets.filter((s) => !s.create).flatMap((s) => s.cells.toArray());
    for (const r of first.report.risks) expect(riskCells.some((c) => c.row === r.row - 1 && c.value && 'number' in c.value && c.value.number === r.score)).toBe(true);
    expect(first.plan.sheets.filter((s) => s.create).map((s) => s.sheet)).toEqual(['風險圖像', FINDINGS_TEXT.sheet[p.lang]]);
    const applied = applyPlan(p.snapshot, first.plan);
    const second = fill(applied, { lang: p.lang });
    expect(written(second.plan)).toEqual(written(first.plan));
    expect(second.report).toEqual(first.report);
  },
  { weight: 0.5, msPerCase: 20 },
);

property(
  'the template, for any matrix size, is a plan the engine reads: its three tables, no errors',
  fc.tuple(fc.constantFrom<'zh-TW' | 'en'>('zh-TW', 'en'), fc.integer({ min: 2, max: 9 })),
  ([lang, scale]) => {
    const plan = templatePlan(lang, { scale });
    for (const s of plan.sheets) for (const c of s.cells) ok(insideExcel(c.row, c.col), 'template cells inside the grid', c);
    const snapshot = applyPlan({ sheets: [] }, plan);
    const report = validate(snapshot, { lang, settings: { scale } });
    checkReport(report, snapshot);
    expect(report.tables.map((t) => t.kind).sort()).toEqual(['budget', 'indicators', 'risks']);
    expect(report.issues.filter((i) => i.severity === 'error')).toEqual([]);
  },
  { weight: 0.02, msPerCase: 20 },
);
