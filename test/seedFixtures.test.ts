import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import ExcelJS from 'exceljs';
import type { CellValue, SheetSnapshot } from '../src/engine/snapshot';
import { cellText, isEmptyCell } from '../src/engine/snapshot';
import { rangeAddress } from '../src/engine/address';
import {
  seed000PlanTable,
  seed000RiskTable,
  seed001IndicatorTable,
  seed002BudgetTable,
  seed002TargetTable,
  seed003BudgetTable,
  seedLayouts,
  seedSheets,
  seedWorkbook,
  sheet,
} from './fixtures/seedPlans';
import { snapshotToWorkbook, writeSnapshotXlsx } from './fixtures/xlsx';

/** 1-based access, as the layouts and comments are written. */
const at = (sh: SheetSnapshot, row: number, col: number): CellValue => sh.rows[row - 1]?.[col - 1] ?? null;
const text = (sh: SheetSnapshot, row: number, col: number): string => cellText(at(sh, row, col));
const num = (s: string): number => Number(s.replace(/,/g, ''));

describe('sheet()', () => {
  it('parses A1 merges into 0-based ranges', () => {
    const s = sheet('x', [['a', null], [null, null]], ['A1:B2']);
    expect(s.merges).toEqual([{ top: 0, left: 0, bottom: 1, right: 1 }]);
  });
  it('rejects a bad range', () => {
    expect(() => sheet('x', [], ['A0'])).toThrow(/bad merge/);
  });
});

describe('seed workbook', () => {
  const wb = seedWorkbook();

  it('has the six sheets with distinct, Excel-valid names', () => {
    expect(wb.sheets).toHaveLength(6);
    expect(Object.keys(seedSheets)).toHaveLength(6);
    const names = wb.sheets.map((s) => s.name);
    expect(new Set(names).size).toBe(6);
    for (const n of names) {
      expect(n.length).toBeLessThanOrEqual(31);
      expect(n).not.toMatch(/[[\]:*?/\\]/);
    }
  });

  it.each(wb.sheets.map((s) => [s.name, s] as const))('%s: merges valid, inside the grid, disjoint, only the top-left holds a value', (_n, sh) => {
    const width = Math.max(...sh.rows.map((r) => r.length));
    const seen = new Map<string, string>();
    for (const m of sh.merges) {
      expect(m.top).toBeGreaterThanOrEqual(0);
      expect(m.left).toBeGreaterThanOrEqual(0);
      expect(m.bottom).toBeLessThan(sh.rows.length);
      expect(m.right).toBeLessThan(width);
      expect(m.bottom > m.top || m.right > m.left).toBe(true);
      expect(isEmptyCell(sh.rows[m.top][m.left])).toBe(false);
      for (let r = m.top; r <= m.bottom; r++) {
        for (let c = m.left; c <= m.right; c++) {
          const key = `${r},${c}`;
          expect(seen.get(key)).toBeUndefined();
          seen.set(key, rangeAddress(m));
          if (r !== m.top || c !== m.left) expect(isEmptyCell(sh.rows[r]?.[c])).toBe(true);
        }
      }
    }
  });

  it('numbers are text, as pasted', () => {
    for (const sh of wb.sheets) for (const row of sh.rows) for (const v of row) expect(v === null || typeof v === 'string').toBe(true);
  });

  it('layouts point at the header rows and the data ranges', () => {
    for (const l of seedLayouts) {
      const sh = wb.sheets.find((s) => s.name === l.sheet)!;
      expect(sh).toBeDefined();
      expect(seedSheets[l.fixture]().name).toBe(l.sheet);
      for (const r of l.titleRows) expect(text(sh, r, 1)).not.toBe('');
      expect(text(sh, l.headerRows[0], 1)).not.toBe('');
      for (const r of l.headerRows) expect(sh.rows[r - 1].some((v) => !isEmptyCell(v))).toBe(true);
      l.repeatedHeaderRows.forEach((r, i) => {
        const first = l.headerRows[i % l.headerRows.length];
        for (let c = 1; c <= l.columns; c++) {
          // the repeated header matches the first one (apart from the document's spacing variants)
          expect(text(sh, r, c).replace(/\s/g, '')).toBe(text(sh, first, c).replace(/\s/g, ''));
        }
      });
      const [a, b] = l.dataRows;
      expect(b).toBeGreaterThanOrEqual(a);
      expect(sh.rows.length).toBeGreaterThanOrEqual(l.totalRow ?? b);
      expect(sh.rows[b - 1].some((v) => !isEmptyCell(v))).toBe(true);
    }
  });
});

describe('seed 000', () => {
  it('肆: five plans, plan 五 merged over two rows with the budget repeated', () => {
    const s = seed000PlanTable();
    expect(s.rows).toHaveLength(8);
    expect(s.rows[1]).toEqual(['計畫名稱', '衡量指標', '衡量標準', '預算金額 (千元)']);
    expect([3, 4, 5, 6, 7, 8].map((r) => text(s, r, 4))).toEqual(['14,000', '14,782', '326.8', '75', '7,165', '7,165']);
    expect(text(s, 7, 1)).toMatch(/^五、/);
    expect(at(s, 8, 1)).toBeNull();
    expect(s.merges.map(rangeAddress)).toEqual(['A7:A8']);
  });

  it('伍: scales, two-row header repeated after the page break, continuation row, map block', () => {
    const s = seed000RiskTable();
    expect(text(s, 4, 2)).toBe('可能性');
    expect(text(s, 10, 2)).toBe('影響程度');
    expect(text(s, 15, 1)).toBe('三、 風險評估及處理彙總表');
    expect(text(s, 16, 5)).toBe('現有風險等級');
    expect(text(s, 17, 5)).toBe('可能性 (L)');
    expect(text(s, 17, 6)).toBe('影響程度 (I)');
    const merges = s.merges.map(rangeAddress);
    expect(merges).toEqual(expect.arrayContaining(['E16:F16', 'I16:J16', 'A16:A17', 'G16:G17', 'L16:L17', 'E20:F20', 'A20:A21']));
    expect(text(s, 18, 2)).toMatch(/^P1 /);
    expect(s.rows[18 - 1].slice(4, 7)).toEqual(['1', '1', '1']);
    expect(s.rows[19 - 1]).toEqual([]);
    expect(text(s, 20, 7)).toBe('現有風險值 (R)=(L)×(I)');
    expect(s.rows[22 - 1].filter((v) => !isEmptyCell(v))).toEqual(['進度。']);
    expect(text(s, 22, 4)).toBe('進度。');
    expect(text(s, 27, 2)).toBe('P1');
    expect(s.rows[28 - 1]).toEqual(['影響程度 可能性', '不太可能 (1)', '可能 (2)', '非常可能 (3)']);
    expect(text(s, 35, 1)).toBe('低度風險：1項(100.0%)');
    // the map block is plain text: no merge below the register
    expect(s.merges.every((m) => m.bottom < 23)).toBe(true);
  });
});

describe('seed 001', () => {
  const s = seed001IndicatorTable();
  it('two-row header with 實際值 and goals merged down', () => {
    expect(s.rows).toHaveLength(10);
    expect(s.merges.map(rangeAddress).sort()).toEqual(['A3:B4', 'A5:A6', 'A7:A9', 'B5:B6', 'B7:B9', 'C3:H3', 'C4:D4', 'I3:I4']);
    expect(text(s, 4, 8)).toBe('107年年度目標值');
    expect(text(s, 3, 9)).toBe('實際值');
  });
  it('indicators, weights, targets and actuals', () => {
    const ind = [5, 6, 7, 8, 9, 10].map((r) => [text(s, r, 3), text(s, r, 4), text(s, r, 8), text(s, r, 9)]);
    expect(ind.map((x) => x[0])).toEqual(['一', '二', '一', '二', '四', '一']);
    expect(ind.map((x) => x[2])).toEqual(['-0.5%', '+0.5%', '80%', '+1.50%', '-30%', '-0.5%']);
    expect(ind.map((x) => x[3])).toEqual(['-6.15%', '91.12%', '80%', '1.36%', '-67.6%', '-0.51%']);
    const w = (t: string) => Number(/\((\d+)%\)$/.exec(t)![1]);
    expect(w(text(s, 5, 4)) + w(text(s, 6, 4))).toBe(w(text(s, 5, 2)));
    expect(w(text(s, 7, 4)) + w(text(s, 8, 4)) + w(text(s, 9, 4))).toBe(w(text(s, 7, 2)));
    expect(w(text(s, 5, 2)) + w(text(s, 7, 2)) + w(text(s, 10, 2))).toBe(70);
  });
});

describe('seed 002 budget', () => {
  const s = seed002BudgetTable();
  const layout = seedLayouts.find((l) => l.fixture === 'seed002BudgetTable')!;
  const AMOUNT = /^中央：([\d,]+)\n本府：([\d,]+)(?:\/[^\n]*)?\n合計：([\d,]+)$/;
  const [first, last] = layout.dataRows;
  const itemRows: number[] = [];
  for (let r = first; r <= last; r++) if (!layout.repeatedHeaderRows.includes(r)) itemRows.push(r);

  it('has all 48 items, each with an amount cell', () => {
    expect(itemRows).toHaveLength(48);
    for (const r of itemRows) {
      expect(text(s, r, 2)).not.toBe('');
      expect(text(s, r, 3)).not.toBe('');
      expect(text(s, r, 4)).toMatch(AMOUNT);
    }
    expect(text(s, 4, 4)).toBe('中央：0\n本府：1,455\n合計：1,455');
    expect(s.rows.flat()).toContain('中央：0\n本府：12,000/ 每年(111-113年)\n合計：12,000');
  });

  it('中央 + 本府 = 合計 on every row, and the columns add up to the 總計 row', () => {
    let c = 0;
    let b = 0;
    let t = 0;
    for (const r of itemRows) {
      const m = AMOUNT.exec(text(s, r, 4))!;
      expect(num(m[1]) + num(m[2])).toBe(num(m[3]));
      c += num(m[1]);
      b += num(m[2]);
      t += num(m[3]);
    }
    expect(c).toBe(110774);
    expect(b).toBe(237250);
    expect(t).toBe(348024);
    const total = layout.totalRow!;
    expect(text(s, total, 1)).toBe('總計');
    expect(text(s, total, 4)).toBe('中央：110,774\n本府：237,250\n合計：348,024');
    expect(s.rows).toHaveLength(total);
  });

  it('keeps the texts the amount checks read, joined across page breaks', () => {
    const all = s.rows.flat().map((v) => cellText(v)).join('\n');
    expect(all).toContain('共計 140 萬元');
    expect(all).toContain('共計 367 萬 5,000 元');
    expect(all).toContain('111 年度預算編列新臺幣 83 萬 4,000 元');
    expect(all).toContain('增加守望相助隊間之交流學習');
    expect(all).toContain('套房等處所');
    expect(all).toContain('保安警察大隊、交通警察大隊');
    expect(all).not.toMatch(/<\/?p>/);
  });

  it('repeats the header at page breaks and merges plan names without crossing them', () => {
    expect(layout.repeatedHeaderRows).toEqual([31, 39, 53]);
    expect(text(s, 53, 1)).toBe('工作計畫 名稱');
    for (const m of s.merges) {
      for (const h of [layout.headerRows[0], ...layout.repeatedHeaderRows]) expect(h - 1 < m.top || h - 1 > m.bottom).toBe(true);
    }
  });
});

describe('seed 002 targets', () => {
  const s = seed002TargetTable();
  it('baselines and targets from the prose', () => {
    expect(s.rows[2]).toEqual(['策略績效目標', '衡量指標', '衡量標準', '基準值', '年度目標值', '實際值']);
    const pairs = [4, 5, 6, 7, 8, 9, 10].map((r) => [text(s, r, 4), text(s, r, 5)]);
    expect(pairs).toEqual([
      ['99人', '100人'],
      ['247人', '249人'],
      ['2,098人', '2,119人'],
      ['99.3%', '99.4%'],
      ['202件', '204件'],
      ['446人', '450人'],
      ['2,048次', '2,028次'],
    ]);
    for (let r = 4; r <= 10; r++) expect(at(s, r, 6)).toBeNull();
  });
});

describe('seed 003 budget', () => {
  const s = seed003BudgetTable();
  it('aligned rows: amounts, funding sources, sub-items without amounts', () => {
    expect(s.rows).toHaveLength(22);
    const amounts = s.rows.slice(3).map((r) => cellText(r[2]));
    expect(amounts).toEqual([
      '800', '669', '1,700', '340', '367.75',
      '路口闖紅燈及自動測速照相設備： 16,520\n科技執法設備：11,500',
      '120,000', '', '', '',
      '47,160', '83,250', '83,250', '83,250', '129,924.342', '61,380', '651.6',
      '37,000', '4,686',
    ]);
    expect(text(s, 9, 4)).toBe('市預算\n市預算');
    expect(text(s, 10, 4)).toBe('中央對地方一般性補助款');
    expect(s.rows.slice(4, 8).map((r) => cellText(r[3]))).toEqual(['公彩預算', '公彩預算', '公彩預算', '市預算']);
    expect(text(s, 13, 2)).toMatch(/^\(二\)/);
    expect(at(s, 13, 3)).toBeNull();
    expect(s.merges.map(rangeAddress)).toEqual(['A5:A8', 'A10:A22']);
  });
  it('each lease item states its own amount (萬 / 億 in 元 = the 千元 cell)', () => {
    const toThousand = (t: string): number => {
      const m = /須編列 (?:(\d+) 億 )?([\d,]+) 萬(?: ([\d,]+) )?元/.exec(t)!;
      return ((m[1] ? num(m[1]) * 1e8 : 0) + num(m[2]) * 1e4 + (m[3] ? num(m[3]) : 0)) / 1000;
    };
    for (let r = 14; r <= 20; r++) expect(toThousand(text(s, r, 2))).toBeCloseTo(num(text(s, r, 3)), 6);
  });
});

describe('xlsx round trip', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'plancheck-seed-'));
  const file = path.join(tmp, 'plan.xlsx');
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('writes every sheet and reads back the same values and merges', async () => {
    const snap = seedWorkbook();
    await writeSnapshotXlsx(snap, file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets.map((w) => w.name)).toEqual(snap.sheets.map((s) => s.name));
    for (const sh of snap.sheets) {
      const ws = wb.getWorksheet(sh.name)!;
      const width = Math.max(...sh.rows.map((r) => r.length));
      for (let r = 0; r < sh.rows.length; r++) {
        for (let c = 0; c < width; c++) {
          const cell = ws.getCell(r + 1, c + 1);
          const got = cell.type === ExcelJS.ValueType.Merge ? null : cell.value;
          expect([sh.name, rangeAddress({ top: r, left: c, bottom: r, right: c }), got ?? null]).toEqual([
            sh.name,
            rangeAddress({ top: r, left: c, bottom: r, right: c }),
            sh.rows[r][c] ?? null,
          ]);
        }
      }
      expect([...ws.model.merges].sort()).toEqual(sh.merges.map(rangeAddress).sort());
    }
  });

  it('wraps text and bolds header rows', async () => {
    const wb = await snapshotToWorkbook(seedWorkbook());
    const ws = wb.getWorksheet(seed002BudgetTable().name)!;
    expect(ws.getCell('C4').alignment?.wrapText).toBe(true);
    expect(ws.getCell('A3').font?.bold).toBe(true);
    expect(ws.getCell('A31').font?.bold).toBe(true);
    expect(ws.getCell('A4').font?.bold).toBeFalsy();
    expect(ws.getColumn(3).width).toBeGreaterThan(ws.getColumn(1).width!);
  });
});
