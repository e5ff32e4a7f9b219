/**
 * The corpus of odd workbooks: test/fixtures/odd/NAME.xlsx, each with NAME.expected.json, the report a user
 * needs from it (codes, severities, sheets, cells, and the key computed values).
 *
 *   npx ts-node --transpile-only scripts/make-odd-fixtures.ts
 *
 * The expectations are written here by hand, from what the workbook means, never copied from the engine's output.
 * Where the engine gives something else, `engineDisagrees` says what (test/odd.test.ts then marks that fixture's
 * report test as a known failure, which turns into a real failure once the engine is fixed: remove the note then).
 * The files are written with ExcelJS (as a pasted plan workbook would be saved) and zipped again with fixed dates,
 * so that running this script again gives the same bytes.
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { promises as fs } from 'fs';
import * as path from 'path';

export interface ExpectedIssue {
  code: string;
  severity: 'error' | 'warning' | 'info';
  sheet: string;
  /** A1 address; '' for the whole workbook. */
  cell: string;
  /** Text the English message must contain (e.g. the formula it is about). */
  messageContains?: string;
}

export interface Expected {
  fixture: string;
  /** What is odd about the workbook. */
  odd: string;
  /** Why the report should be what it is: what the user needs. */
  why: string;
  /** The exit status of `plancheck validate`: 1 when there are errors. */
  exit: 0 | 1;
  /** Every issue of the report (no more, no fewer). */
  issues: ExpectedIssue[];
  /** Every table found, when given. */
  tables?: { sheet: string; kind: string; range: string }[];
  budgets?: { sheet: string; total: number; central?: number; city?: number }[];
  indicators?: { sheet: string; row: number; status: 'met' | 'not_met' | 'unknown'; achievementRate?: number | null; reason?: string }[];
  risks?: { id: string; score: number | null; level: string | null }[];
  /** Where the engine is known to give something else than this expectation (see the header comment). */
  engineDisagrees?: string;
}

type Row = ExcelJS.CellValue[];

interface SheetSpec {
  name: string;
  rows: Row[];
  /** 1-based header rows: bold, grey fill, borders. */
  headerRows?: number[];
  merges?: string[];
  state?: 'visible' | 'hidden' | 'veryHidden';
  hiddenRows?: number[];
  notes?: Record<string, string>;
  fills?: Record<string, string>;
  numFmts?: Record<string, string>;
  /** Values placed by address (far away cells). */
  cells?: Record<string, ExcelJS.CellValue>;
  widths?: number[];
}

const FIXED_DATE = new Date(Date.UTC(2024, 0, 1));
const THIN = { style: 'thin' as const, color: { argb: 'FF808080' } };
const ERR = (error: string) => ({ error }) as ExcelJS.CellErrorValue;
const F = (formula: string, result?: ExcelJS.CellFormulaValue['result']) =>
  (result === undefined ? { formula } : { formula, result }) as ExcelJS.CellFormulaValue;
const D = (iso: string) => new Date(`${iso}T00:00:00Z`);

function addSheet(wb: ExcelJS.Workbook, s: SheetSpec): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(s.name, s.state && s.state !== 'visible' ? { state: s.state } : undefined);
  const headers = new Set(s.headerRows ?? [1]);
  const width = Math.max(0, ...s.rows.map((r) => r.length));
  s.rows.forEach((row, r) => {
    row.forEach((v, c) => {
      if (v === null || v === undefined) return;
      ws.getCell(r + 1, c + 1).value = v;
    });
    for (let c = 0; c < width; c++) {
      if (!row.length) break;
      const cell = ws.getCell(r + 1, c + 1);
      if (headers.has(r + 1) && (row[c] !== null && row[c] !== undefined)) {
        cell.font = { bold: true };
        cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9D9D9' } };
        cell.border = { top: THIN, left: THIN, bottom: THIN, right: THIN };
        cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      } else if (row[c] !== null && row[c] !== undefined) {
        cell.alignment = { vertical: 'top', wrapText: true };
        cell.border = { top: THIN, left: THIN, bottom: THIN, right: THIN };
      }
    }
  });
  for (const m of s.merges ?? []) ws.mergeCells(m);
  for (const [a, v] of Object.entries(s.cells ?? {})) ws.getCell(a).value = v;
  for (const r of s.hiddenRows ?? []) ws.getRow(r).hidden = true;
  for (const [a, n] of Object.entries(s.notes ?? {})) ws.getCell(a).note = n;
  for (const [a, argb] of Object.entries(s.fills ?? {})) ws.getCell(a).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb } };
  for (const [a, f] of Object.entries(s.numFmts ?? {})) ws.getCell(a).numFmt = f;
  (s.widths ?? Array.from({ length: width }, () => 16)).forEach((w, c) => (ws.getColumn(c + 1).width = w));
  return ws;
}

interface Fixture {
  sheets: SheetSpec[];
  expected: Omit<Expected, 'fixture'>;
  /** More to do on the workbook before it is written (defined names, conditional formats). */
  extra?: (wb: ExcelJS.Workbook) => void;
}

const RISK_HEAD = ['風險項目', '可能性 (L)', '影響程度 (I)', '風險值 (R)', '新增風險對策'];
const filler = (n: number) => {
  const s = '加強巡邏勤務並結合社區守望相助隊落實治安維護工作，';
  return s.repeat(Math.ceil(n / s.length)).slice(0, n);
};

export const FIXTURES: Record<string, Fixture> = {
  'error-values': {
    sheets: [
      {
        name: '預算',
        rows: [
          ['計畫名稱', '中央', '本府', '合計'],
          ['一、治安維護', 1000, 500, 1500],
          ['二、交通安全', ERR('#DIV/0!'), 800, 2000],
          ['三、婦幼保護', 300, 200, ERR('#N/A')],
          ['總計', 2500, 1500, 4000],
        ],
        notes: { B3: '請財務室確認', A2: '承辦：王小明' },
        fills: { B3: 'FFFFFF00' },
      },
      {
        name: '指標',
        rows: [
          ['衡量指標', '年度目標值', '實際值'],
          ['刑案破獲率', '80%', ERR('#REF!')],
          ['路口改善完成率', ERR('#VALUE!'), '85%'],
          ['宣導場次', '100場次', 120],
        ],
      },
      {
        name: '風險',
        rows: [RISK_HEAD, ['R1 系統建置延誤', ERR('#N/A'), 2, 4, '-'], ['R2 人力不足', 2, 3, 6, '增聘約僱人員']],
      },
    ],
    expected: {
      odd: 'Excel error values (#DIV/0!, #N/A, #REF!, #VALUE!) in amount, target, actual and likelihood cells.',
      why:
        'Each error cell is an error the user must fix, at its own address. A check that needs an error cell cannot be made, ' +
        'so it must not be made with the cell left out: the 中央 column of 總計 (2,500) is right (row 3 is 2,000 - 800 = 1,200), and ' +
        'adding the readable cells only (1,300) would accuse a correct total. The 合計 column still adds up (1,500 + 2,000 + 500 from 中央 + 本府).',
      exit: 1,
      issues: [
        { code: 'READ_ERROR_VALUE', severity: 'error', sheet: '預算', cell: 'B3', messageContains: '#DIV/0!' },
        { code: 'READ_ERROR_VALUE', severity: 'error', sheet: '預算', cell: 'D4', messageContains: '#N/A' },
        { code: 'READ_ERROR_VALUE', severity: 'error', sheet: '指標', cell: 'C2', messageContains: '#REF!' },
        { code: 'READ_ERROR_VALUE', severity: 'error', sheet: '指標', cell: 'B3', messageContains: '#VALUE!' },
        { code: 'READ_ERROR_VALUE', severity: 'error', sheet: '風險', cell: 'B2', messageContains: '#N/A' },
      ],
      budgets: [{ sheet: '預算', total: 4000, city: 1500 }],
      indicators: [
        { sheet: '指標', row: 2, status: 'unknown', achievementRate: null, reason: 'unreadable_actual' },
        { sheet: '指標', row: 3, status: 'unknown', achievementRate: null, reason: 'unreadable_target' },
        { sheet: '指標', row: 4, status: 'met', achievementRate: 1.2 },
      ],
      risks: [
        { id: 'R1', score: null, level: null },
        { id: 'R2', score: 6, level: 'high' },
      ],
    },
  },

  formulas: {
    sheets: [
      {
        name: '預算',
        rows: [
          ['計畫名稱', '中央', '本府', '合計'],
          ['甲計畫', 100, 200, F('B2+C2', 300)],
          ['乙計畫', 50, 70, F('B3+C3')],
          [F('"丙"&"計畫"', '丙計畫'), F('10*3', 30), 20, 60],
          ['總計', F('SUM(B2:B4)', 180), F('SUM(C2:C4)', 290), F('SUM(D2:D4)')],
        ],
      },
      {
        name: '指標',
        rows: [
          ['衡量指標', '年度目標值', '實際值'],
          ['刑案破獲率', '80%', F('ROUND(90,0)&"%"', '90%')],
          ['到案率', '70%', F('3/4', 0.75)],
        ],
        numFmts: { C3: '0%' },
      },
      {
        name: '風險',
        rows: [RISK_HEAD, ['R1 經費延遲撥付', 2, 2, F('B2*C2'), '-'], ['R2 設備故障', 1, 3, F('B3*C3', 3), '-']],
      },
    ],
    expected: {
      odd: 'Formulas with cached results (numbers, text, a percentage-formatted 0.75) and without (saved by a tool that does not calculate).',
      why:
        'A cached result is what Excel shows and is checked like a typed value (0.75 formatted 0% is 75%). A formula without a ' +
        'result cannot be checked: a warning at its cell that names the formula, so that the user knows which one to recalculate; ' +
        'the 總計 column it would close is then not checked. 丙 is 30 + 20 = 50, not 60: an error.',
      exit: 1,
      issues: [
        { code: 'READ_FORMULA_WITHOUT_VALUE', severity: 'warning', sheet: '預算', cell: 'D3', messageContains: 'B3+C3' },
        { code: 'BUD_ROW_TOTAL', severity: 'error', sheet: '預算', cell: 'D4' },
        { code: 'READ_FORMULA_WITHOUT_VALUE', severity: 'warning', sheet: '預算', cell: 'D5', messageContains: 'SUM(D2:D4)' },
        { code: 'READ_FORMULA_WITHOUT_VALUE', severity: 'warning', sheet: '風險', cell: 'D2', messageContains: 'B2*C2' },
      ],
      budgets: [{ sheet: '預算', total: 480, central: 180, city: 290 }],
      indicators: [
        { sheet: '指標', row: 2, status: 'met', achievementRate: 1.125 },
        { sheet: '指標', row: 3, status: 'met', achievementRate: 75 / 70 },
      ],
      risks: [
        { id: 'R1', score: 4, level: 'medium' },
        { id: 'R2', score: 3, level: 'medium' },
      ],
    },
  },

  'booleans-dates': {
    sheets: [
      {
        name: '預算',
        rows: [['計畫名稱', '預算金額 (千元)'], ['甲計畫', 1000], ['乙計畫', true], ['丙計畫', D('2022-01-01')], ['總計', 1000]],
      },
      {
        name: '指標',
        rows: [['衡量指標', '年度目標值', '實際值'], ['刑案破獲率', '80%', false], ['宣導人數', '1,000人', D('2023-06-30')]],
      },
      {
        name: '風險',
        rows: [['風險項目', '可能性 (L)', '影響程度 (I)', '新增風險對策'], ['R1 資料外洩', true, 2, '加強稽核'], ['R2 車輛老舊', 2, D('2024-03-01'), '汰換車輛']],
      },
    ],
    expected: {
      odd: 'TRUE/FALSE and dates typed into amount, actual, likelihood and impact columns.',
      why:
        'A boolean or a date is not an amount, an actual or a level: an error at the cell. In particular a date must not be ' +
        'read as the number in its text (2023-06-30 is not an actual of 2,023 people that meets a target of 1,000).',
      exit: 1,
      issues: [
        { code: 'READ_UNREADABLE_NUMBER', severity: 'error', sheet: '預算', cell: 'B3' },
        { code: 'READ_UNREADABLE_NUMBER', severity: 'error', sheet: '預算', cell: 'B4' },
        { code: 'READ_UNREADABLE_NUMBER', severity: 'error', sheet: '指標', cell: 'C2' },
        { code: 'READ_UNREADABLE_NUMBER', severity: 'error', sheet: '指標', cell: 'C3' },
        { code: 'RISK_LIKELIHOOD_RANGE', severity: 'error', sheet: '風險', cell: 'B2' },
        { code: 'RISK_IMPACT_RANGE', severity: 'error', sheet: '風險', cell: 'C3' },
      ],
      budgets: [{ sheet: '預算', total: 1000 }],
      indicators: [
        { sheet: '指標', row: 2, status: 'unknown', achievementRate: null, reason: 'unreadable_actual' },
        { sheet: '指標', row: 3, status: 'unknown', achievementRate: null, reason: 'unreadable_actual' },
      ],
      risks: [
        { id: 'R1', score: null, level: null },
        { id: 'R2', score: null, level: null },
      ],
    },
  },

  'fullwidth-amounts': {
    sheets: [
      {
        name: '預算',
        rows: [
          ['計畫名稱', '中央', '本府', '合計'],
          ['一、治安維護', '１２，０００\u3000', '３，５００', '１５，５００'],
          ['二、交通安全', '３２６．８', '７３．２', '４００'],
          ['三、婦幼保護', '－５０', '１５０', '１００'],
          ['總計', '１２，２７６．８', '３，７２３．２', '１６，０００'],
        ],
      },
      {
        name: '指標',
        rows: [['衡量指標', '年度目標值', '實際值'], ['刑案破獲率', '８０％', '９２．５％'], ['每十萬人刑案發生率', '－０．５％', '－１．２％']],
      },
    ],
    expected: {
      odd: 'Full-width digits, separators, points, signs and an ideographic space (１２，０００\u3000, －５０, ８０％).',
      why: 'Full-width numbers are the same numbers: every row and column adds up, nothing to report.',
      exit: 0,
      issues: [],
      budgets: [{ sheet: '預算', total: 16000, central: 12276.8, city: 3723.2 }],
      indicators: [
        { sheet: '指標', row: 2, status: 'met', achievementRate: 92.5 / 80 },
        { sheet: '指標', row: 3, status: 'met', achievementRate: 2.4 },
      ],
    },
  },

  'chinese-numerals': {
    sheets: [
      {
        name: '預算',
        rows: [
          ['計畫名稱', '實施內容', '預算金額 (千元)'],
          ['一、治安宣導', '辦理社區治安宣導活動，共計三萬元。', '30'],
          ['二、設備購置', '購置偵防設備，預算編列一百二十萬元。', '1,300'],
          ['三、器材汰換', '汰換老舊無線電器材。', '一千二百'],
          ['總計', null, '2,530'],
        ],
        widths: [16, 40, 16],
      },
    ],
    expected: {
      odd: 'Amounts in Chinese numerals: in prose (共計三萬元, 預算編列一百二十萬元) and in an amount cell (一千二百).',
      why:
        'Chinese numerals are how plan prose writes money. 三萬元 = 30 千元 agrees with its cell; 一百二十萬元 = 1,200 千元 does not ' +
        'agree with 1,300: the error the user needs. 一千二百 in the 千元 column is 1,200, and the 總計 2,530 = 30 + 1,300 + 1,200 holds.',
      exit: 1,
      issues: [{ code: 'BUD_TEXT_AMOUNT', severity: 'error', sheet: '預算', cell: 'C3', messageContains: '1,200' }],
      budgets: [{ sheet: '預算', total: 2530 }],
    },
  },

  'empty-sheets': {
    sheets: [
      { name: '工作表1', rows: [] },
      { name: '工作表2', rows: [], fills: { B2: 'FFFFF2CC' }, widths: [20, 30] },
      { name: '工作表3', rows: [] },
    ],
    expected: {
      odd: 'Three empty sheets (one with a width and a filled cell, no value).',
      why: 'Nothing to check: one warning that no table was found, on the first sheet, and exit 0.',
      exit: 0,
      issues: [{ code: 'TABLE_NONE_FOUND', severity: 'warning', sheet: '工作表1', cell: '' }],
      tables: [],
    },
  },

  'headers-only': {
    sheets: [
      { name: '預算', rows: [['一、預算表：'], ['計畫名稱', '預算金額 (千元)', '備註']], headerRows: [2] },
      {
        name: '風險',
        rows: [
          ['風險項目', '現有風險等級', null, '現有風險值 (R)'],
          [null, '可能性 (L)', '影響程度 (I)', null],
        ],
        headerRows: [1, 2],
        merges: ['A1:A2', 'B1:C1', 'D1:D2'],
      },
    ],
    expected: {
      odd: 'Sheets holding only a header: a one-row header under a title, and a two-row merged risk header.',
      why: 'The tables are recognised (so the user sees the headers are right) and each gets one warning that it has no rows.',
      exit: 0,
      issues: [
        { code: 'TABLE_NO_DATA', severity: 'warning', sheet: '預算', cell: 'A2' },
        { code: 'TABLE_NO_DATA', severity: 'warning', sheet: '風險', cell: 'A1' },
      ],
      tables: [
        { sheet: '預算', kind: 'budget', range: 'A2:C2' },
        { sheet: '風險', kind: 'risks', range: 'A1:D2' },
      ],
    },
  },

  'hidden-rows-sheets': {
    sheets: [
      {
        name: '預算',
        rows: [['計畫名稱', '預算金額 (千元)'], ['甲計畫', 1000], ['乙計畫', 2000], ['丙計畫', 3000], ['總計', 6000]],
        hiddenRows: [3],
      },
      { name: '舊版預算', state: 'hidden', rows: [['計畫名稱', '中央', '本府', '合計'], ['甲計畫', 100, 200, 400]] },
      { name: '清單', state: 'veryHidden', rows: [['是'], ['否']], headerRows: [] },
    ],
    expected: {
      odd: 'A hidden row inside a budget table, a hidden sheet with a table, a very hidden list sheet.',
      why:
        'A hidden row is still part of the plan and of Excel\'s SUM: 1,000 + 2,000 + 3,000 = 6,000 agrees with 總計. A hidden sheet ' +
        'still holds numbers someone may rely on: it is checked, and its error is reported with its sheet name (100 + 200 ≠ 400).',
      exit: 1,
      issues: [{ code: 'BUD_ROW_TOTAL', severity: 'error', sheet: '舊版預算', cell: 'D2' }],
      budgets: [
        { sheet: '預算', total: 6000 },
        { sheet: '舊版預算', total: 400 },
      ],
    },
  },

  'long-prose': {
    sheets: [
      {
        name: '預算',
        rows: [
          ['計畫名稱', '實施內容', '預算金額 (千元)'],
          ['一、社區治安', filler(30000) + '共計 140 萬元。', '1,400'],
          ['二、交通宣導', filler(20000) + '預算編列 83 萬 4,000 元。', '900'],
        ],
        widths: [16, 60, 16],
      },
    ],
    expected: {
      odd: 'Prose cells of 30,000 and 20,000 characters (near Excel\'s 32,767), the amount at the very end.',
      why: 'Long cells are read whole: 140 萬元 = 1,400 千元 agrees; 83 萬 4,000 元 = 834 千元 does not agree with 900.',
      exit: 1,
      issues: [{ code: 'BUD_TEXT_AMOUNT', severity: 'error', sheet: '預算', cell: 'C3', messageContains: '834' }],
      budgets: [{ sheet: '預算', total: 2300 }],
    },
  },

  'full-column-refs': {
    sheets: [
      {
        name: '預算',
        rows: [['計畫名稱', '預算金額 (千元)'], ['甲計畫', 100], ['乙計畫', 200], ['總計', 300]],
        cells: { A1048576: '註：最末列', B1048576: 999, C1048575: '最末合併' },
        merges: ['C1048575:D1048576'],
      },
      { name: '彙總', rows: [['全部預算', F("SUM('預算'!B2:B1048575)", 600)]], headerRows: [] },
    ],
    extra: (wb) => {
      wb.definedNames.add("'預算'!$B$2:$B$1048576", '全部預算');
      wb.getWorksheet('預算')!.addConditionalFormatting({
        ref: 'B1:B1048576',
        rules: [{ type: 'expression', priority: 1, formulae: ['ISERROR(B1)'], style: { fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: 'FFFFC7CE' } } } }],
      });
    },
    expected: {
      odd: 'References to all 1,048,576 rows: a defined name over B2:B1048576, a conditional format over B1:B1048576, a formula over B2:B1048575, a cell and a merge on the last rows.',
      why:
        'The table is A1:B4 and checks out; the stray 999 a million rows below is not part of it. The workbook must be read and ' +
        'filled in reasonable time and memory.',
      exit: 0,
      issues: [],
      tables: [{ sheet: '預算', kind: 'budget', range: 'A1:B4' }],
      budgets: [{ sheet: '預算', total: 300 }],
    },
  },

  'duplicate-headers': {
    sheets: [
      {
        name: '預算',
        rows: [
          ['計畫名稱', '預算金額 (千元)', '實施內容', '預算金額 (千元)'],
          ['甲計畫', '1,000', '宣導', '999'],
          ['乙計畫', '2,000', '購置', '888'],
          ['總計', '3,000', null, '1,887'],
        ],
      },
      { name: '指標', rows: [['衡量指標', '年度目標值', '實際值', '實際值'], ['刑案破獲率', '80%', '85%', '70%']] },
    ],
    expected: {
      odd: 'The same header twice: 預算金額 (千元) in B and D; 實際值 in C and, right beside it, in D.',
      why:
        'Which column counts is ambiguous: one warning at the second header, the first column read. Two equal headers side by side ' +
        'are just as ambiguous (85% or 70%?) as two apart.',
      exit: 0,
      issues: [
        { code: 'TABLE_DUPLICATE_COLUMN', severity: 'warning', sheet: '預算', cell: 'D1' },
        { code: 'TABLE_DUPLICATE_COLUMN', severity: 'warning', sheet: '指標', cell: 'D1' },
      ],
      budgets: [{ sheet: '預算', total: 3000 }],
      indicators: [{ sheet: '指標', row: 2, status: 'met', achievementRate: 85 / 80 }],
    },
  },

  'two-tables': {
    sheets: [
      {
        name: '綜合',
        rows: [
          ['衡量指標', '年度目標值', '實際值', null, '計畫名稱', '中央', '本府', '合計'],
          ['刑案破獲率', '80%', '85%', null, '甲計畫', 100, 200, 300],
          ['每十萬人刑案發生率', '-0.5%', '-1%', null, '乙計畫', 50, 50, 120],
          [],
          ['三、風險評估：'],
          ['風險項目', '可能性 (L)', '影響程度 (I)', '風險值 (R)'],
          ['R1 系統當機', 1, 2, 2],
          ['R2 人員異動', 2, 2, 5],
        ],
        headerRows: [1, 6],
      },
    ],
    expected: {
      odd: 'Three tables on one sheet: two side by side (an empty column between), one below under a title.',
      why: 'Each table is read on its own, and each problem is placed in its own table: 50 + 50 ≠ 120 at H3, 2 × 2 ≠ 5 at D8.',
      exit: 1,
      issues: [
        { code: 'BUD_ROW_TOTAL', severity: 'error', sheet: '綜合', cell: 'H3' },
        { code: 'RISK_SCORE_MISMATCH', severity: 'error', sheet: '綜合', cell: 'D8' },
      ],
      tables: [
        { sheet: '綜合', kind: 'indicators', range: 'A1:C3' },
        { sheet: '綜合', kind: 'budget', range: 'E1:H3' },
        { sheet: '綜合', kind: 'risks', range: 'A6:D8' },
      ],
      budgets: [{ sheet: '綜合', total: 420, central: 150, city: 250 }],
      indicators: [
        { sheet: '綜合', row: 2, status: 'met', achievementRate: 85 / 80 },
        { sheet: '綜合', row: 3, status: 'met', achievementRate: 2 },
      ],
      risks: [
        { id: 'R1', score: 2, level: 'low' },
        { id: 'R2', score: 4, level: 'medium' },
      ],
    },
  },

  'repeated-header': {
    sheets: [
      {
        name: '預算',
        rows: [
          ['二、重要施政計畫預算：'],
          ['計畫名稱', '中央', '本府', '合計'],
          ['一、甲計畫', 100, 200, 300],
          ['二、乙計畫', 150, 150, 300],
          [],
          ['（續）'],
          ['計畫名稱', '中央', '本府', '合計'],
          ['三、丙計畫', 10, 20, 30],
          ['計畫名稱', '中央', '本府', '合計'],
          ['四、丁計畫', 1, 2, 3],
          ['總計', 261, 372, 633],
        ],
        headerRows: [2, 7, 9],
      },
    ],
    expected: {
      odd: 'The header repeated mid-table: after a blank row and a （續） line (a page break), and again with no blank row.',
      why: 'One table from the header to 總計; the repeated headers are not data (no unreadable numbers), and 總計 adds up.',
      exit: 0,
      issues: [],
      tables: [{ sheet: '預算', kind: 'budget', range: 'A2:D11' }],
      budgets: [{ sheet: '預算', total: 633, central: 261, city: 372 }],
    },
  },

  'numbers-as-text': {
    sheets: [
      {
        name: '預算',
        rows: [
          ['計畫名稱', '中央', '本府', '合計'],
          ['甲計畫', ' 1,500 ', '2,\n500', '4,000'],
          ['乙計畫', '\u00a0300', '700\n', ' 1 000 '],
          ['丙計畫', '\t50', '50\r\n', '100'],
          ['總計', '1,850 ', '3,250\n', ' 5,100'],
        ],
      },
      {
        name: '指標',
        rows: [['衡量指標', '年度目標值', '實際值'], ['刑案破獲率', ' 80 %', '85%\n'], ['交通事故件數', '1,000件以下', ' 950 件 ']],
      },
      { name: '風險', rows: [RISK_HEAD, ['R1 颱風災損', ' 2 ', '3\n', ' 6', '加強防颱整備']] },
    ],
    expected: {
      odd: 'Numbers stored as text with stray spaces, no-break spaces, tabs and line breaks (`2,\\n500`, ` 1 000 `, `3\\n`).',
      why: 'They are the numbers the user sees: everything adds up, nothing to report.',
      exit: 0,
      issues: [],
      budgets: [{ sheet: '預算', total: 5100, central: 1850, city: 3250 }],
      indicators: [
        { sheet: '指標', row: 2, status: 'met', achievementRate: 85 / 80 },
        { sheet: '指標', row: 3, status: 'met', achievementRate: 1000 / 950 },
      ],
      risks: [{ id: 'R1', score: 6, level: 'high' }],
    },
  },
};

/** Where the engine gives something else (found by test/odd.test.ts; see docs/reliability.md). */
export const ENGINE_DISAGREES: Record<string, string> = {
  'chinese-numerals':
    'Chinese numerals are not read: no BUD_TEXT_AMOUNT at 預算!C3 (預算編列一百二十萬元 = 1,200 vs 1,300); READ_UNREADABLE_NUMBER at ' +
    'C4 for 一千二百; and so BUD_COLUMN_TOTAL at C5 (1,330 vs 2,530) and a budget total of 1,330.',
};

export const ODD_DIR = path.join(__dirname, '..', 'test', 'fixtures', 'odd');

/** Zipped again with a fixed date and order, so that the same fixture gives the same bytes. */
async function stable(buf: Buffer): Promise<Buffer> {
  const src = await JSZip.loadAsync(buf);
  const out = new JSZip();
  const names = Object.keys(src.files).filter((n) => !src.files[n].dir);
  for (const n of names) out.file(n, await src.files[n].async('nodebuffer'), { date: FIXED_DATE, createFolders: false });
  return out.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 }, platform: 'UNIX' });
}

export async function buildFixture(name: string): Promise<Buffer> {
  const f = FIXTURES[name];
  const wb = new ExcelJS.Workbook();
  wb.creator = 'plancheck odd fixtures';
  wb.created = FIXED_DATE;
  wb.modified = FIXED_DATE;
  for (const s of f.sheets) addSheet(wb, s);
  f.extra?.(wb);
  return stable(Buffer.from(await wb.xlsx.writeBuffer()));
}

async function main(): Promise<void> {
  await fs.mkdir(ODD_DIR, { recursive: true });
  for (const name of Object.keys(FIXTURES)) {
    const file = path.join(ODD_DIR, `${name}.xlsx`);
    await fs.writeFile(file, await buildFixture(name));
    const expected: Expected = { fixture: `${name}.xlsx`, ...FIXTURES[name].expected };
    if (ENGINE_DISAGREES[name]) expected.engineDisagrees = ENGINE_DISAGREES[name];
    await fs.writeFile(path.join(ODD_DIR, `${name}.expected.json`), JSON.stringify(expected, null, 2) + '\n');
    console.log(`${path.relative(process.cwd(), file)} (${(await fs.stat(file)).size} bytes)`);
  }
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
