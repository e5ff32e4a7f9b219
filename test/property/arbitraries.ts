/**
 * Random workbook snapshots for the engine properties: grids of random size with cells of every kind a host
 * hands over, plan tables planted at random rows and columns (one- and two-row headers in zh-TW and English),
 * random merges (inside or partly outside the grid, overlapping, inverted), ragged and missing rows, random
 * sheet names (the meta sheet `_plancheck` and `風險圖像` among them), and the seed plans with random cells
 * changed.
 */
import fc from 'fast-check';
import { rangeAddress } from '../../src/engine/address';
import type { CellRange, CellValue, SheetSnapshot, WorkbookSnapshot } from '../../src/engine/snapshot';
import { META_SHEET } from '../../src/engine/writePlan';
import { seedWorkbook } from '../fixtures/seedPlans';
import { anyText, numberLike, planText } from './fuzz';

// -------------------------------------------------------------------------------------------------
// Header words (they all name a column in src/engine/tables/vocabulary.ts; engine.test.ts checks it)
// -------------------------------------------------------------------------------------------------

export const HEADER_WORDS = {
  indicators: {
    zh: ['策略績效目標', '衡量指標', '評估體制', '評估方式', '衡量標準', '基準值', '逐年增加', '年度目標值', '112年度目標值', '實際值', '指標方向', '權重', '績效指標', '關鍵績效指標', '目標值', '計算公式'],
    en: ['Strategic goal', 'Indicator', 'KPI', 'Evaluation system', 'Evaluation method', 'Standard', 'Formula', 'Baseline', 'Yearly step', 'Target', 'Actual', 'Direction', 'Weight'],
  },
  budget: {
    zh: ['計畫名稱', '工作計畫', '重要施政計畫項目', '施政計畫項目', '子計畫', '實施內容', '說明', '中央 (千元)', '本府 (千元)', '合計 (千元)', '市預算', '經費來源', '預算金額 (千元)', '預算數', '經費', '備註', '總計'],
    en: ['Plan', 'Plan name', 'Item', 'Description', 'Content', 'Central (千元)', 'City (千元)', 'Local', 'Total (千元)', 'Funding source', 'Source', 'Budget', 'Amount', 'Note', 'Remark'],
  },
  risks: {
    zh: ['重要計畫項目', '風險編號', '風險項目', '風險', '風險情境', '現有風險對策', '可能性 (L)', '影響程度 (I)', '現有風險值 (R)=(L)×(I)', '風險值', '新增風險對策', '殘餘可能性 (L)', '殘餘影響程度 (I)', '殘餘風險值 (R)', '負責單位', '風險等級', '等級'],
    en: ['Project', 'Risk ID', 'ID', 'Risk', 'Risk item', 'Scenario', 'Existing control', 'Likelihood (L)', 'Impact (I)', 'Risk score (R)', 'Risk level', 'Level', 'New countermeasure', 'Residual likelihood (L)', 'Residual impact (I)', 'Residual risk score (R)', 'Owner', 'L', 'I', 'R'],
  },
} as const;

type Kind = keyof typeof HEADER_WORDS;
const KINDS: Kind[] = ['indicators', 'budget', 'risks'];

/** The words a table of each kind needs to be found at all. */
const KEY_WORDS: Record<Kind, { zh: string[]; en: string[] }> = {
  indicators: { zh: ['衡量指標', '年度目標值', '實際值'], en: ['Indicator', 'Target', 'Actual'] },
  budget: { zh: ['計畫名稱', '預算金額 (千元)'], en: ['Plan', 'Budget'] },
  risks: { zh: ['風險項目', '可能性 (L)', '影響程度 (I)'], en: ['Risk', 'Likelihood (L)', 'Impact (I)'] },
};

/** Group headers over two sub-columns, and the sub-headers (a two-row header). */
const GROUP_HEADERS = ['現有風險等級', '殘餘風險等級', '預算金額 (千元)', '衡量指標', '策略績效目標', 'Residual', '現有風險'];
const SUB_HEADERS = ['可能性 (L)', '影響程度 (I)', 'L', 'I', '編號', '名稱', '中央', '本府', '合計', 'No.', 'Name'];

export const ALL_HEADER_WORDS: string[] = KINDS.flatMap((k) => [...HEADER_WORDS[k].zh, ...HEADER_WORDS[k].en]);

const TITLES = ['第二部分：關鍵績效指標', '肆、施政計畫衡量指標與標準', '四、現有風險圖像', '（續）', '註：實際值為 1-6 月', '單位：千元', '總計', '小計', '合計', '資料來源：本局統計室', '三、風險評估及處理彙總表'];

// -------------------------------------------------------------------------------------------------
// Cells
// -------------------------------------------------------------------------------------------------

/** Numbers a cell may hold (never NaN: snapshots never hold NaN). */
export const numberValue: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: -5, max: 12 }),
  fc.integer({ min: -1e9, max: 1e9 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -0, 0.5, 1.5, 25, 80, 100, 1e15, 1e21, -1e21, 1e300, -1e300, Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, 0.1 + 0.2, 45000.5),
);

const specialCell: fc.Arbitrary<CellValue> = fc.oneof(
  fc.constantFrom('#DIV/0!', '#N/A', '#VALUE!', '#REF!', '#NAME?', '#NUM!', '#NULL!', '#SPILL!').map((error) => ({ error })),
  fc.constantFrom('=A1', '=SUM(B2:B9)', '=1/0', '="x"', '').map((formula) => ({ formula })),
  fc.constantFrom('2022-01-01', '2023-12-31T00:00:00.000Z', '', 'not a date').map((date) => ({ date })),
);

/** Data a plan table holds: targets, actuals, amounts, levels, names with numbers and weights. */
const dataText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '80%', '-0.5%', '+1.50%', '1 萬人以上', '0.2% 以下', '降低 0.1%', '99.4%', '2,119', '2,119人', '－５', '（２５％）',
    '中央：5,033 本府：73,600 合計：78,633', '中央：5,033\n本府：73,600\n合計：78,633', '總計 中央：110,774 本府：237,250 合計：348,024',
    '共計 367 萬 5,000 元', '1 億 2,992 萬 4,342 元', '200 隊 × 7,000 元 = 140 萬元', '市預算\n公彩預算',
    '一、積極查緝犯罪，確保社會安寧(25%)', '（一）刑案破獲率(15%)', '1.', '(1)', '四、', 'P1 重要路口監視器故障', 'P1', 'R2', 'P1',
    '低度', '中度', '高度', '極度', 'high', 'low', '1', '2', '3', '３', '4', '0', '9', '6', '-', '無', '越低越好', 'lower', '越高越好',
    '以110年緝獲逃犯數2,098人為基準數，逐年增加1%', '平均破獲率為基準(80.20%)，逐年增加0.1%', '總計', '小計', '合計', '(續)',
  ),
  numberLike,
  planText,
);

export const cellValue: fc.Arbitrary<CellValue> = fc.oneof(
  { weight: 24, arbitrary: fc.constant(null) },
  { weight: 5, arbitrary: anyText },
  { weight: 3, arbitrary: fc.constantFrom(...ALL_HEADER_WORDS, ...GROUP_HEADERS, ...SUB_HEADERS, ...TITLES) },
  { weight: 6, arbitrary: dataText },
  { weight: 4, arbitrary: numberValue },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: specialCell },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '\n', '\u3000') },
);

// -------------------------------------------------------------------------------------------------
// Sheets
// -------------------------------------------------------------------------------------------------

const MAX_ROWS = 40;
const MAX_COLS = 15;

const coordinate = (max: number) => fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 0, max }) }, { weight: 1, arbitrary: fc.integer({ min: -3, max: -1 }) });

/** Merges inside the grid, partly or wholly outside it, inverted (zero-size), whole rows and columns. */
export const mergeArb: fc.Arbitrary<CellRange> = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(coordinate(MAX_ROWS + 2), coordinate(MAX_COLS + 2), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 4 })).map(([top, left, h, w]) => ({ top, left, bottom: top + h, right: left + w })) },
  { weight: 1, arbitrary: fc.record({ top: coordinate(MAX_ROWS), left: coordinate(MAX_COLS), bottom: coordinate(MAX_ROWS), right: coordinate(MAX_COLS) }) },
  { weight: 1, arbitrary: fc.tuple(coordinate(MAX_ROWS), coordinate(MAX_COLS)).map(([top, left]) => ({ top, left, bottom: 1048575, right: left })) },
  { weight: 1, arbitrary: fc.tuple(coordinate(MAX_ROWS), coordinate(MAX_COLS)).map(([top, left]) => ({ top, left, bottom: top, right: 16383 })) },
);

interface Planted {
  kind: Kind;
  lang: 'zh' | 'en';
  row: number;
  col: number;
  words: string[];
  twoRow: boolean;
  group: number;
  data: CellValue[][];
  mergeDown: boolean;
  title: string | null;
  /** The header repeated after the data (a page break), after a blank or a `（續）` row, then more data. */
  repeat: null | { gap: CellValue; more: CellValue[][] };
  /** A group row (one cell merged across the table) before data row k. */
  groupRow: null | { at: number; text: CellValue };
}

/** Values typical of each kind's columns, so that rows get far enough to be checked. */
const KIND_DATA: Record<Kind, fc.Arbitrary<CellValue>> = {
  indicators: fc.oneof(
    fc.constantFrom('80%', '85%', '-0.5%', '-6.15%', '+1.50%', '+2%', '99.4%', '2,119', '2,119人', '1 萬人以上', '0.2% 以下', '降低 0.1%', '(25%)', '刑案破獲率(15%)', '一、積極查緝犯罪(25%)', '越低越好', 'lower'),
    fc.double({ min: -2, max: 2, noNaN: true }),
    fc.integer({ min: 0, max: 3000 }),
  ),
  budget: fc.oneof(
    fc.integer({ min: 0, max: 500000 }),
    fc.integer({ min: 0, max: 500000 }).map((n) => n.toLocaleString('en-US')),
    fc.constantFrom('總計', '合計', '小計', '一、治安防治專案', '（一）重要路口監視系統', '共計 367 萬 5,000 元', '中央：5,033\n本府：73,600\n合計：78,633', '市預算', '公彩預算'),
  ),
  risks: fc.oneof(
    fc.integer({ min: 1, max: 3 }),
    fc.integer({ min: 0, max: 6 }),
    fc.constantFrom('1', '2', '3', '３', 'P1', 'P2', 'P1 重要路口監視器故障', 'R1', '低度', '中度', '高度', '極度', '無', '-', '加強巡邏'),
  ),
};

/** A table at a random place: a (one- or two-row) header of this kind's words, then rows of data. */
const plantedTable: fc.Arbitrary<Planted> = fc
  .tuple(fc.constantFrom(...KINDS), fc.constantFrom<'zh' | 'en'>('zh', 'en'))
  .chain(([kind, lang]) =>
    fc.record({
      kind: fc.constant(kind),
      lang: fc.constant(lang),
      row: fc.integer({ min: 0, max: MAX_ROWS - 4 }),
      col: fc.integer({ min: 0, max: MAX_COLS - 3 }),
      words: fc
        .tuple(fc.shuffledSubarray<string>([...HEADER_WORDS[kind][lang]], { minLength: 0, maxLength: 8 }), fc.boolean())
        .map(([extra, keyFirst]) => {
          const keys = KEY_WORDS[kind][lang].filter((k) => !extra.includes(k));
          return keyFirst ? [...keys, ...extra] : [...extra, ...keys];
        }),
      twoRow: fc.boolean(),
      group: fc.integer({ min: 0, max: 10 }),
      data: fc.array(fc.array(fc.oneof({ weight: 3, arbitrary: dataText }, { weight: 2, arbitrary: cellValue }, { weight: 2, arbitrary: numberValue }, { weight: 4, arbitrary: KIND_DATA[kind] }), { maxLength: 12 }), { maxLength: 10 }),
      mergeDown: fc.boolean(),
      title: fc.option(fc.constantFrom(...TITLES), { freq: 2 }),
      repeat: fc.option(fc.record({ gap: fc.constantFrom<CellValue>(null, '（續）', '(續前頁)'), more: fc.array(fc.array(KIND_DATA[kind], { maxLength: 8 }), { maxLength: 3 }) }), { freq: 4 }),
      groupRow: fc.option(fc.record({ at: fc.nat({ max: 9 }), text: fc.constantFrom<CellValue>('一、積極查緝犯罪，確保社會安寧(25%)', '二、提升為民服務品質(35%)', '四、現有風險圖像', '註：單位千元', 'Goal B') }), { freq: 4 }),
    }),
  );

function put(rows: CellValue[][], r: number, c: number, v: CellValue): void {
  while (rows.length <= r) rows.push([]);
  const row = rows[r] ?? (rows[r] = []);
  while (row.length < c) row.push(null);
  row[c] = v;
}

function plant(rows: CellValue[][], merges: CellRange[], t: Planted): void {
  let r = t.row;
  if (t.title !== null && r > 0) put(rows, r - 1, t.col, t.title);
  t.words.forEach((w, k) => put(rows, r, t.col + k, w));
  if (t.twoRow) {
    // A group header over two sub-columns (merged across), the other header cells merged down.
    const g = t.group % Math.max(1, t.words.length);
    put(rows, r, t.col + g, GROUP_HEADERS[t.group % GROUP_HEADERS.length]);
    put(rows, r + 1, t.col + g, SUB_HEADERS[(t.group * 2) % SUB_HEADERS.length]);
    put(rows, r + 1, t.col + g + 1, SUB_HEADERS[(t.group * 2 + 1) % SUB_HEADERS.length]);
    merges.push({ top: r, left: t.col + g, bottom: r, right: t.col + g + 1 });
    t.words.forEach((_, k) => {
      if (k !== g && k !== g + 1) merges.push({ top: r, left: t.col + k, bottom: r + 1, right: t.col + k });
    });
    r++;
  }
  const data = t.data.map((row) => [...row]);
  let groupAt = -1;
  if (t.groupRow && t.groupRow.at <= data.length) {
    groupAt = t.groupRow.at;
    data.splice(groupAt, 0, [t.groupRow.text]);
    merges.push({ top: r + 1 + groupAt, left: t.col, bottom: r + 1 + groupAt, right: t.col + Math.max(1, t.words.length - 1) });
  }
  data.forEach((cells, k) => cells.forEach((v, c) => put(rows, r + 1 + k, t.col + c, v)));
  // The first column merged down over two data rows (a plan name over its continuation row).
  if (t.mergeDown && data.length >= 2 && groupAt !== 0 && groupAt !== 1) merges.push({ top: r + 1, left: t.col, bottom: r + 2, right: t.col });
  if (t.repeat) {
    // A page break: a blank (or `（續）`) row, the header again, more data.
    let at = r + 1 + data.length;
    put(rows, at, t.col, t.repeat.gap);
    at++;
    t.words.forEach((w, k) => put(rows, at, t.col + k, w));
    t.repeat.more.forEach((cells, k) => cells.forEach((v, c) => put(rows, at + 1 + k, t.col + c, v)));
  }
}

const gridArb: fc.Arbitrary<CellValue[][]> = fc.array(fc.array(cellValue, { maxLength: MAX_COLS }), { maxLength: MAX_ROWS });

interface SheetShape {
  /** The second table starts on the first one's header row, `beside - 1` columns right of it. */
  beside: number;
  rows: CellValue[][];
  merges: CellRange[];
  tables: Planted[];
  missing: number[];
  hidden: boolean;
  protected: boolean;
}

const sheetShape: fc.Arbitrary<SheetShape> = fc.record({
  beside: fc.integer({ min: 0, max: 4 }),
  rows: fc.oneof({ weight: 3, arbitrary: gridArb }, { weight: 1, arbitrary: fc.constant([] as CellValue[][]) }),
  merges: fc.array(mergeArb, { maxLength: 8 }),
  tables: fc.array(plantedTable, { maxLength: 3 }),
  missing: fc.array(fc.nat({ max: MAX_ROWS }), { maxLength: 3 }),
  hidden: fc.boolean(),
  protected: fc.boolean(),
});

function buildSheet(name: string, shape: SheetShape): SheetSnapshot {
  const rows = shape.rows.map((r) => [...r]);
  const merges = [...shape.merges];
  const tables = shape.tables.map((t) => ({ ...t }));
  if (shape.beside > 0 && tables.length >= 2) {
    tables[1].row = tables[0].row;
    tables[1].twoRow = tables[0].twoRow;
    tables[1].col = tables[0].col + tables[0].words.length + shape.beside - 1;
  }
  for (const t of tables) plant(rows, merges, t);
  // Missing rows (holes in the array) and rows that are undefined.
  for (const m of shape.missing) if (m < rows.length) delete rows[m];
  const s: SheetSnapshot = { name, rows, merges };
  if (shape.hidden) s.hidden = true;
  if (shape.protected) s.protected = true;
  return s;
}

// -------------------------------------------------------------------------------------------------
// Sheet names and the meta sheet
// -------------------------------------------------------------------------------------------------

/** A sheet name Excel accepts: 1–31 characters, none of : \ / ? * [ ], not starting or ending with '. */
const validSheetName: fc.Arbitrary<string> = fc
  .string({ unit: fc.oneof(fc.constantFrom('風', '險', '圖', '像', '預', '算', ' ', '1', '(', ')', 'a', 'S', '_', '-'), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })), minLength: 1, maxLength: 31 })
  .filter((s) => s.length <= 31 && !/[:\\/?*[\]]/.test(s) && !s.startsWith("'") && !s.endsWith("'") && s.trim() !== '');

export const sheetName: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('Sheet1', '衡量指標', '預算', '風險評估', '風險圖像', '風險圖像 (2)', '風險圖像 (3)', 'Risk map', '107關鍵績效指標', '伍 整體風險管理') },
  { weight: 2, arbitrary: validSheetName },
);

/** Meta records referring to the workbook's own sheets (by index), or to nothing. */
const metaRecord = fc.record({
  kind: fc.constantFrom('range', 'sheet', 'mark', 'other', ''),
  sheet: fc.oneof(fc.nat({ max: 5 }), sheetName),
  range: fc.oneof(
    fc.tuple(fc.nat({ max: MAX_ROWS + 3 }), fc.nat({ max: MAX_COLS + 5 }), fc.nat({ max: 6 }), fc.nat({ max: 4 })).map(([top, left, h, w]) => rangeAddress({ top, left, bottom: top + h, right: left + w })),
    fc.constantFrom('', 'A1', 'B3', 'A1:XFD1048576', 'ZZZ9999999', 'A1:ZZZ9999999', 'A0', '$B$2:$C$3', 'not a range', 'A1:B2:C3', 'XFE1', 'A1048577'),
  ),
  host: fc.oneof(fc.constantFrom('', '{"fill":null,"note":null}', '{'), fc.string({ maxLength: 8 })),
});

const metaContent = fc.record({
  magic: fc.constantFrom('plancheck-meta', 'plancheck-meta', 'something else'),
  records: fc.array(metaRecord, { maxLength: 8 }),
});

/** Random workbooks: 0–4 sheets with distinct names (Excel compares names without case), maybe a meta sheet. */
export const randomWorkbook: fc.Arbitrary<WorkbookSnapshot> = fc
  .record({
    names: fc.uniqueArray(sheetName, { maxLength: 4, selector: (s) => s.toLowerCase() }),
    sheets: fc.array(sheetShape, { minLength: 4, maxLength: 4 }),
    meta: fc.option(fc.oneof({ weight: 3, arbitrary: metaContent }, { weight: 1, arbitrary: sheetShape }), { freq: 2 }),
    metaFirst: fc.boolean(),
  })
  .map(({ names, sheets, meta, metaFirst }) => {
    const userNames = names.filter((n) => n !== META_SHEET);
    const out: SheetSnapshot[] = userNames.map((n, k) => buildSheet(n, sheets[k]));
    if (meta) {
      let metaSheet: SheetSnapshot;
      if ('magic' in meta) {
        const rows: CellValue[][] = [[meta.magic, 'version', '1', 'note']];
        for (const r of meta.records) {
          const sheet = typeof r.sheet === 'number' ? (userNames[r.sheet % Math.max(1, userNames.length)] ?? '風險圖像') : r.sheet;
          rows.push([r.kind, sheet, r.range, r.host]);
        }
        metaSheet = { name: META_SHEET, rows, merges: [] };
      } else metaSheet = buildSheet(META_SHEET, meta);
      metaSheet.hidden = true;
      if (metaFirst) out.unshift(metaSheet);
      else out.push(metaSheet);
    }
    return { sheets: out };
  });

/** The seed plans with random cells changed (random strings in number columns), rows removed and merges added. */
export const mutatedSeeds: fc.Arbitrary<WorkbookSnapshot> = fc
  .record({
    edits: fc.array(fc.tuple(fc.nat(), fc.nat({ max: 60 }), fc.nat({ max: 13 }), cellValue), { minLength: 1, maxLength: 25 }),
    merges: fc.array(fc.tuple(fc.nat(), mergeArb), { maxLength: 3 }),
    drop: fc.array(fc.tuple(fc.nat(), fc.nat({ max: 60 })), { maxLength: 2 }),
    keep: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
  })
  .map(({ edits, merges, drop, keep }) => {
    let sheets = seedWorkbook().sheets;
    sheets = sheets.filter((_, k) => keep[k] || k === 0);
    for (const [s, r, c, v] of edits) put(sheets[s % sheets.length].rows, r, c, v);
    for (const [s, m] of merges) sheets[s % sheets.length].merges.push(m);
    for (const [s, r] of drop) sheets[s % sheets.length].rows.splice(r, 1);
    return { sheets };
  });

export const anyWorkbook: fc.Arbitrary<WorkbookSnapshot> = fc.oneof({ weight: 3, arbitrary: randomWorkbook }, { weight: 1, arbitrary: mutatedSeeds });

// -------------------------------------------------------------------------------------------------
// Valid plans: the template's three tables filled with consistent values, and what the report must say
// -------------------------------------------------------------------------------------------------

export interface ValidPlan {
  lang: 'zh-TW' | 'en';
  snapshot: WorkbookSnapshot;
  indicators: { rate: number | null; status: 'met' | 'not_met' }[];
  risks: { id: string; score: number; residual: number | null }[];
  budget: { total: number; central: number; city: number };
}

const INDICATOR_HEADERS = { 'zh-TW': ['策略績效目標', '衡量指標', '衡量標準', '基準值', '年度目標值', '實際值', '指標方向'], en: ['Strategic goal', 'Indicator', 'Standard', 'Baseline', 'Target', 'Actual', 'Direction'] };
const BUDGET_HEADERS = { 'zh-TW': ['計畫名稱', '重要施政計畫項目', '實施內容', '中央 (千元)', '本府 (千元)', '合計 (千元)', '經費來源', '備註'], en: ['Plan', 'Item', 'Description', 'Central (千元)', 'City (千元)', 'Total (千元)', 'Funding source', 'Note'] };
const RISK_HEADERS = {
  'zh-TW': ['重要計畫項目', '風險編號', '風險項目', '風險情境', '現有風險對策', '現有可能性 (L)', '現有影響程度 (I)', '現有風險值 (R)', '新增風險對策', '殘餘可能性 (L)', '殘餘影響程度 (I)', '殘餘風險值 (R)', '負責單位'],
  en: ['Project', 'Risk ID', 'Risk', 'Scenario', 'Existing control', 'Likelihood (L)', 'Impact (I)', 'Risk score (R)', 'New countermeasure', 'Residual likelihood (L)', 'Residual impact (I)', 'Residual risk score (R)', 'Owner'],
};

const indicatorRow = fc.record({
  newGoal: fc.boolean(),
  target: fc.integer({ min: 1, max: 1000 }),
  actual: fc.integer({ min: 0, max: 1500 }),
  percent: fc.boolean(),
  asNumber: fc.boolean(),
  direction: fc.constantFrom('', 'higher', 'lower'),
  baseline: fc.option(fc.integer({ min: 0, max: 1000 }), { nil: null }),
});

const budgetRow = fc.record({
  plan: fc.constantFrom('治安防治專案', '交通安全計畫', '一般行政', '為民服務', 'Community policing'),
  central: fc.integer({ min: 0, max: 500000 }),
  city: fc.integer({ min: 0, max: 500000 }),
  half: fc.boolean(),
  grouped: fc.boolean(),
  source: fc.constantFrom('', '市預算', '公彩預算'),
});

const riskRow = fc
  .record({ l: fc.integer({ min: 1, max: 3 }), i: fc.integer({ min: 1, max: 3 }), rl: fc.integer({ min: 1, max: 3 }), ri: fc.integer({ min: 1, max: 3 }), residual: fc.boolean(), writeR: fc.constantFrom<'number' | 'text' | 'none'>('number', 'text', 'none'), control: fc.boolean() })
  .map((r) => ({ ...r, rl: Math.min(r.rl, r.l), ri: Math.min(r.ri, r.i) }));

const placement = fc.record({ top: fc.integer({ min: 0, max: 4 }), left: fc.integer({ min: 0, max: 3 }), title: fc.boolean() });

function placeTable(name: string, title: string, headers: string[], body: CellValue[][], at: { top: number; left: number; title: boolean }): SheetSnapshot {
  const rows: CellValue[][] = [];
  const pad = (cells: CellValue[]) => [...new Array(at.left).fill(null), ...cells];
  for (let r = 0; r < at.top; r++) rows.push([]);
  if (at.title) rows.push(pad([title]));
  rows.push(pad(headers));
  for (const b of body) rows.push(pad(b));
  return { name, rows, merges: [] };
}

export const validPlan: fc.Arbitrary<ValidPlan> = fc
  .record({
    lang: fc.constantFrom<'zh-TW' | 'en'>('zh-TW', 'en'),
    indicators: fc.array(indicatorRow, { minLength: 1, maxLength: 8 }),
    budget: fc.array(budgetRow, { minLength: 1, maxLength: 8 }),
    risks: fc.array(riskRow, { minLength: 1, maxLength: 8 }),
    places: fc.tuple(placement, placement, placement),
    oneSheet: fc.boolean(),
  })
  .map(({ lang, indicators, budget, risks, places, oneSheet }) => {
    // Indicators: level targets, higher or lower is better.
    let goal = 0;
    const indBody: CellValue[][] = [];
    const indExpected: ValidPlan['indicators'] = [];
    indicators.forEach((x, k) => {
      if (x.newGoal && k > 0) goal++;
      const pct = x.percent ? '%' : '';
      const target: CellValue = x.percent || !x.asNumber ? `${x.target}${pct}` : x.target;
      const actual: CellValue = x.percent || !x.asNumber ? `${x.actual}${pct}` : x.actual;
      const dir = x.direction === '' ? '' : lang === 'en' ? x.direction : x.direction === 'higher' ? '越高越好' : '越低越好';
      indBody.push([`Goal ${String.fromCharCode(65 + goal)}`, `Indicator ${k + 1}`, 'Counted each month', x.baseline, target, actual, dir]);
      if (x.direction === 'lower') indExpected.push(x.actual <= 0 ? { rate: null, status: 'met' } : { rate: x.target / x.actual, status: x.actual <= x.target ? 'met' : 'not_met' });
      else indExpected.push({ rate: x.actual / x.target, status: x.actual >= x.target ? 'met' : 'not_met' });
    });
    // Budget: 中央 + 本府 = 合計 on every row, and a 總計 row.
    const amount = (n: number, grouped: boolean): CellValue => (grouped ? n.toLocaleString('en-US') : n);
    let sumC = 0;
    let sumB = 0;
    const budBody: CellValue[][] = budget.map((x, k) => {
      const c = x.central + (x.half ? 0.5 : 0);
      sumC += c;
      sumB += x.city;
      return [`${x.plan} ${k + 1}`, `Item ${k + 1}`, 'Equipment and training', amount(c, x.grouped), amount(x.city, x.grouped), amount(c + x.city, x.grouped), x.source, null];
    });
    budBody.push([lang === 'en' ? 'Total' : '總計', null, null, sumC, sumB, sumC + sumB, null, null]);
    // Risks: R = L × I, residual not above current, a new countermeasure at R ≥ 6.
    const riskBody: CellValue[][] = risks.map((x, k) => {
      const r = x.l * x.i;
      const rr = x.rl * x.ri;
      const written = (v: number): CellValue => (x.writeR === 'number' ? v : x.writeR === 'text' ? String(v) : null);
      return [
        'Project', `P${k + 1}`, `Risk ${k + 1}`, 'Scenario', 'Patrols', x.l, x.i, written(r),
        r >= 6 || x.control ? 'More patrols' : null,
        x.residual ? x.rl : null, x.residual ? x.ri : null, x.residual ? written(rr) : null, 'Unit',
      ];
    });
    const risksExpected = risks.map((x, k) => ({ id: `P${k + 1}`, score: x.l * x.i, residual: x.residual ? x.rl * x.ri : null }));

    const sheets = [
      placeTable(lang === 'en' ? 'Indicators' : '衡量指標', 'Indicators and targets', INDICATOR_HEADERS[lang], indBody, places[0]),
      placeTable(lang === 'en' ? 'Budget' : '預算', 'Budget (千元)', BUDGET_HEADERS[lang], budBody, places[1]),
      placeTable(lang === 'en' ? 'Risks' : '風險評估', 'Risk register', RISK_HEADERS[lang], riskBody, places[2]),
    ];
    let snapshot: WorkbookSnapshot = { sheets };
    if (oneSheet) {
      // All three tables on one sheet, one under the other with a blank row between.
      const rows: CellValue[][] = [];
      for (const s of sheets) rows.push(...s.rows, []);
      snapshot = { sheets: [{ name: 'Plan', rows, merges: [] }] };
    }
    return { lang, snapshot, indicators: indExpected, risks: risksExpected, budget: { total: sumC + sumB, central: sumC, city: sumB } };
  });
