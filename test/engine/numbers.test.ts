import {
  cjkNumeral,
  findProseAmounts,
  findQuantity,
  numbersAgree,
  parseLabeledAmounts,
  parseNumber,
  parseOrdinal,
  parseWeight,
} from '../../src/engine/numbers';
import { cleanText, normalizeLabel } from '../../src/engine/text';

describe('parseNumber (strings)', () => {
  const ok = (s: string, value: number, extra: Partial<{ percent: boolean; sign: '+' | '-' | null; decimals: number; tolerance: number }> = {}) => {
    const r = parseNumber(s);
    expect(r).not.toBeNull();
    expect(r!.value).toBe(value);
    for (const [k, v] of Object.entries(extra)) expect(r![k as keyof typeof r]).toBe(v);
  };

  it('reads thousands separators, decimals, percent and signs', () => {
    expect(parseNumber('14,000')).toEqual({ value: 14000, percent: false, sign: null, decimals: 0, tolerance: 0.5 });
    expect(parseNumber('326.8')).toEqual({ value: 326.8, percent: false, sign: null, decimals: 1, tolerance: 0.05 });
    expect(parseNumber('-0.5%')).toEqual({ value: -0.5, percent: true, sign: '-', decimals: 1, tolerance: 0.05 });
    expect(parseNumber('+1.50%')).toEqual({ value: 1.5, percent: true, sign: '+', decimals: 2, tolerance: 0.005 });
    expect(parseNumber('80%')).toEqual({ value: 80, percent: true, sign: null, decimals: 0, tolerance: 0.5 });
    expect(parseNumber('-30%')).toEqual({ value: -30, percent: true, sign: '-', decimals: 0, tolerance: 0.5 });
    ok('129,924.342', 129924.342, { decimals: 3, tolerance: 0.0005 });
    ok('651.6', 651.6, { decimals: 1 });
    ok('1,037.71', 1037.71, { decimals: 2, tolerance: 0.005 });
    ok('0', 0);
    ok('75', 75);
    ok('348,024', 348024);
    ok('1,000,000', 1000000);
  });

  it('reads full-width digits, separators and signs', () => {
    ok('１４，０００', 14000);
    ok('１２', 12);
    ok('－５', -5, { sign: '-' });
    ok('＋５', 5, { sign: '+' });
    ok('\u22125', -5, { sign: '-' });
    ok('\u20135', -5, { sign: '-' });
    ok('\uFE635', -5, { sign: '-' });
    ok('９９．３％', 99.3, { percent: true, decimals: 1 });
    ok('５﹪', 5, { percent: true });
  });

  it('ignores spaces and line breaks inside', () => {
    ok(' 1 4,000 ', 14000);
    ok('14,\n000', 14000);
    ok('\t-0.5 %\n', -0.5, { percent: true, sign: '-' });
    ok('１４，\u3000０００', 14000);
    ok('1\u00a0234', 1234);
  });

  it('reads accounting negatives', () => {
    ok('(1,234)', -1234, { sign: '-' });
    ok('（１，２３４）', -1234, { sign: '-' });
    ok('(0.5)', -0.5, { sign: '-', decimals: 1 });
    expect(parseNumber('(-5)')).toBeNull();
    expect(parseNumber('(1,234')).toBeNull();
  });

  it('allows one short trailing unit', () => {
    ok('2,119人', 2119);
    ok('204件', 204);
    ok('200 支', 200);
    ok('7,000元', 7000);
    ok('1,200 千元', 1200);
    ok('3次', 3);
    ok('10場次', 10);
    ok('200隊', 200);
    expect(parseNumber('5萬')).toBeNull();
    expect(parseNumber('5萬元')).toBeNull();
    expect(parseNumber('5 人次以上')).toBeNull();
    expect(parseNumber('5%元')).toBeNull();
    expect(parseNumber('元')).toBeNull();
  });

  it('rejects garbage and separators in the wrong place', () => {
    for (const s of [
      '', ' ', 'abc', '-', '+', '%', '.', '1,23', '1,2,3', '1234,567', ',123', '0,123', '1,000,00', '5.', '1.2.3',
      '--5', '+-5', '5-', '1e5', 'NaN', 'Infinity', '中央：5,033 本府：73,600', '中央：5,033 本府：73,600 合計：78,633',
      '一', '1 萬', '111年', '(96-105年)', '12,000/ 每年', '50%50',
    ]) {
      expect([s, parseNumber(s)]).toEqual([s, null]);
    }
  });

  it('reads a leading-dot decimal', () => {
    ok('.5', 0.5, { decimals: 1 });
    ok('-.5%', -0.5, { percent: true, sign: '-' });
  });

  it('normalises negative zero but keeps the written sign', () => {
    const r = parseNumber('-0');
    expect(Object.is(r!.value, 0)).toBe(true);
    expect(r!.sign).toBe('-');
    expect(Object.is(parseNumber('-0.0%')!.value, 0)).toBe(true);
  });

  it('handles huge numbers and overflow', () => {
    ok('123,456,789,012,345,678', 123456789012345678);
    ok('1' + '0'.repeat(300), 1e300);
    expect(parseNumber('1' + '0'.repeat(400))).toBeNull();
    ok('0.' + '0'.repeat(20) + '1', 1e-21, { decimals: 21 });
  });
});

describe('parseNumber (JS numbers)', () => {
  it('keeps the value and derives decimals from the shortest representation', () => {
    expect(parseNumber(14000)).toEqual({ value: 14000, percent: false, sign: null, decimals: 0, tolerance: 0.5 });
    expect(parseNumber(326.8)).toEqual({ value: 326.8, percent: false, sign: null, decimals: 1, tolerance: 0.05 });
    expect(parseNumber(129924.342)).toMatchObject({ decimals: 3, tolerance: 0.0005 });
    expect(parseNumber(-0.5)).toEqual({ value: -0.5, percent: false, sign: '-', decimals: 1, tolerance: 0.05 });
    expect(parseNumber(1e-7)).toMatchObject({ value: 1e-7, decimals: 7 });
    expect(parseNumber(1.5e-7)).toMatchObject({ decimals: 8 });
    expect(parseNumber(1e21)).toMatchObject({ value: 1e21, decimals: 0, tolerance: 0.5 });
    expect(parseNumber(Number.MAX_VALUE)).toMatchObject({ decimals: 0 });
  });

  it('normalises -0 and rejects NaN and Infinity', () => {
    const z = parseNumber(-0)!;
    expect(Object.is(z.value, 0)).toBe(true);
    expect(z.sign).toBeNull();
    expect(parseNumber(NaN)).toBeNull();
    expect(parseNumber(Infinity)).toBeNull();
    expect(parseNumber(-Infinity)).toBeNull();
  });
});

describe('findQuantity', () => {
  it('matches the brief examples', () => {
    expect(findQuantity('預防犯罪宣導人數達 1 萬人以上')).toMatchObject({ value: 10000, unit: '人', percent: false });
    expect(findQuantity('建置及汰舊 200 支以上之錄影監視器')).toMatchObject({ value: 200, unit: '支', index: 6, length: 5 });
    expect(findQuantity('降低執法錯誤率於 0.2% 以下')).toMatchObject({ value: 0.2, percent: true, unit: null, decimals: 1 });
    expect(findQuantity('-0.5%')).toEqual({
      value: -0.5, percent: true, sign: '-', decimals: 1, tolerance: 0.05, unit: null, index: 0, length: 5,
    });
    expect(findQuantity('+1.50%')).toMatchObject({ value: 1.5, percent: true, sign: '+', decimals: 2, tolerance: 0.005 });
    expect(findQuantity('2,119人')).toMatchObject({ value: 2119, unit: '人', index: 0, length: 6 });
  });

  it('reports index and length in the original text', () => {
    const t = '預防犯罪宣導人數達 1 萬人以上';
    const q = findQuantity(t)!;
    expect(t.slice(q.index, q.index + q.length)).toBe('1 萬人');
    expect(q.tolerance).toBe(5000);
    const f = '目標值為－０．５％。';
    const qf = findQuantity(f)!;
    expect(qf).toMatchObject({ value: -0.5, sign: '-', percent: true });
    expect(f.slice(qf.index, qf.index + qf.length)).toBe('－０．５％');
  });

  it('skips ROC years, dates, ranges and document numbers', () => {
    expect(findQuantity('111年查緝目標值249人')).toMatchObject({ value: 249, unit: '人' });
    expect(findQuantity('以110年緝獲逃犯數2,098人為基準數')).toMatchObject({ value: 2098, unit: '人' });
    expect(findQuantity('前5年(101-106年)每十萬人口全般刑案發生件數平均數為基準(1037.71件)')).toMatchObject({
      value: 1037.71, unit: '件', decimals: 2,
    });
    expect(findQuantity('前10年(96-105年)平均破獲率為基準(80.20%)')).toMatchObject({ value: 80.2, percent: true, decimals: 2 });
    expect(findQuantity('(96-105)平均 5 件')).toMatchObject({ value: 5, unit: '件' });
    expect(findQuantity('中程施政計畫(104 至 107 年度)')).toBeNull();
    expect(findQuantity('111 年度須編列 4,716 萬元')).toMatchObject({ value: 47160000, unit: '元' });
    expect(findQuantity('截至 110 年 7 月 31 日止')).toBeNull();
    expect(findQuantity('於每年4、10月15日前召開分析鑑定會議')).toBeNull();
    expect(findQuantity('110/12/31 前完成 3 處')).toMatchObject({ value: 3, unit: '處' });
    expect(findQuantity('南議財經字第1110000584號函')).toBeNull();
    expect(findQuantity('111年')).toBeNull();
  });

  it('skips list markers at the start of an item', () => {
    expect(findQuantity('1. 降低全般刑案發生數 0.1%。 2. 預防犯罪宣導人數達 1 萬人以上。')).toMatchObject({ value: 0.1, percent: true });
    expect(findQuantity('(3) 以110年緝獲逃犯數2,098人為基準數')).toMatchObject({ value: 2098 });
    expect(findQuantity('- （1）針對製造、運輸，110年查獲人數99人為基準數')).toMatchObject({ value: 99, unit: '人' });
    expect(findQuantity('強化治安防護網： 1. 降低全般刑案發生數。 2. 加強預防犯罪宣導。')).toBeNull();
    expect(findQuantity('1、每十萬人刑事案件發生率(10%)')).toMatchObject({ value: 10, percent: true });
    expect(findQuantity('1.5%')).toMatchObject({ value: 1.5, percent: true });
  });

  it('skips identifiers and ordinals', () => {
    expect(findQuantity('P1 重要路口監視系統')).toBeNull();
    expect(findQuantity('減少 A1、A2 類交通事故 5 件')).toMatchObject({ value: 5, unit: '件' });
    expect(findQuantity('汰換第 2 部 CTI 主機 3 台')).toMatchObject({ value: 3, unit: '台' });
    expect(findQuantity('手機取證軟體-Cellebrite 4PC Logical')).toBeNull();
  });

  it('reads compounds with 萬 / 億', () => {
    expect(findQuantity('總計建置 2 萬 2,049 支攝影機')).toMatchObject({ value: 22049, unit: '支', tolerance: 0.5 });
    expect(findQuantity('1 億 2,992 萬 4,342 元')).toMatchObject({ value: 129924342, unit: '元' });
    expect(findQuantity('1.5萬人')).toMatchObject({ value: 15000, unit: '人', decimals: 0, tolerance: 500 });
    expect(findQuantity('1,200 千元')).toMatchObject({ value: 1200, unit: '千元' });
    expect(findQuantity('5千人')).toMatchObject({ value: 5000, unit: '人' });
    expect(findQuantity('每10萬人口 473.75件')).toMatchObject({ value: 100000, unit: '人' });
  });

  it('takes a sign only where it is a sign', () => {
    expect(findQuantity('減少31.07件(-6.15%)')).toMatchObject({ value: 31.07, sign: null });
    expect(findQuantity('(-6.15%)')).toMatchObject({ value: -6.15, sign: '-' });
    expect(findQuantity('達成率-67.6%')).toMatchObject({ value: -67.6, sign: '-' });
    expect(findQuantity('(460 件-491 件÷6,040 人)')).toMatchObject({ value: 460, sign: null, unit: '件' });
    expect(findQuantity('-0%')).toMatchObject({ sign: '-' });
    expect(Object.is(findQuantity('-0%')!.value, 0)).toBe(true);
  });

  it('returns the first of several numbers, or null', () => {
    expect(findQuantity('易肇事路口計25處，已改善20處，達成率80%')).toMatchObject({ value: 25, unit: '處' });
    expect(findQuantity('')).toBeNull();
    expect(findQuantity('abc')).toBeNull();
    expect(findQuantity('每十萬人刑事案件發生率')).toBeNull();
    expect(findQuantity('x 12345678901234567890 件')).toMatchObject({ value: 12345678901234567890, unit: '件' });
  });
});

describe('parseLabeledAmounts', () => {
  it('splits 中央/本府/合計 (seed 002)', () => {
    expect(parseLabeledAmounts('中央：5,033 本府：73,600 合計：78,633')).toEqual([
      { label: '中央', value: 5033, tolerance: 0.5, text: '中央：5,033' },
      { label: '本府', value: 73600, tolerance: 0.5, text: '本府：73,600' },
      { label: '合計', value: 78633, tolerance: 0.5, text: '合計：78,633' },
    ]);
  });

  it('accepts line breaks, half-width colons, spaces and full-width digits', () => {
    const r = parseLabeledAmounts('中央:5,033\n本府 ： 73,600\r\n合計：７８，６３３');
    expect(r.map((x) => [x.label, x.value])).toEqual([['中央', 5033], ['本府', 73600], ['合計', 78633]]);
    expect(parseLabeledAmounts('<p>中央：0 本府：160 合計：160</p>').map((x) => x.value)).toEqual([0, 160, 160]);
  });

  it('reads long labels (seed 003)', () => {
    const r = parseLabeledAmounts('路口闖紅燈及自動測速照相設備： 16,520 科技執法設備：11,500');
    expect(r).toEqual([
      { label: '路口闖紅燈及自動測速照相設備', value: 16520, tolerance: 0.5, text: '路口闖紅燈及自動測速照相設備： 16,520' },
      { label: '科技執法設備', value: 11500, tolerance: 0.5, text: '科技執法設備：11,500' },
    ]);
  });

  it('takes the first number after the label and ignores the rest', () => {
    expect(parseLabeledAmounts('本府：12,000/ 每年(111-113年)')).toEqual([
      { label: '本府', value: 12000, tolerance: 0.5, text: '本府：12,000' },
    ]);
    const r = parseLabeledAmounts('中央：0 本府：12,000/ 每年(111-113年) 合計：12,000');
    expect(r.map((x) => [x.label, x.value])).toEqual([['中央', 0], ['本府', 12000], ['合計', 12000]]);
    const glued = parseLabeledAmounts('本府：12,000/每年(111-113年)合計：12,000');
    expect(glued.map((x) => [x.label, x.value])).toEqual([['本府', 12000], ['合計', 12000]]);
  });

  it('flags items after a standalone 總計 marker', () => {
    const r = parseLabeledAmounts('中央：0 本府：0 合計：0 總計 中央：110,774 本府：237,250 合計：348,024');
    expect(r).toHaveLength(6);
    expect(r.map((x) => x.label)).toEqual(['中央', '本府', '合計', '中央', '本府', '合計']);
    expect(r.map((x) => x.value)).toEqual([0, 0, 0, 110774, 237250, 348024]);
    expect(r.map((x) => x.grandTotal === true)).toEqual([false, false, false, true, true, true]);
    expect(r[3].text).toBe('中央：110,774');
    const nl = parseLabeledAmounts('中央：0\n本府：0\n合計：0\n總計\n中央：110,774\n本府：237,250\n合計：348,024');
    expect(nl.filter((x) => x.grandTotal).length).toBe(3);
    const heading = parseLabeledAmounts('合計：0\n總計：\n中央：110,774\n本府：237,250');
    expect(heading.map((x) => [x.label, x.grandTotal ?? false])).toEqual([['合計', false], ['中央', true], ['本府', true]]);
    // 總計 used as a label is not a marker
    const lab = parseLabeledAmounts('中央：1 總計：2 本府：3');
    expect(lab.map((x) => [x.label, x.grandTotal ?? false])).toEqual([['中央', false], ['總計', false], ['本府', false]]);
  });

  it('keeps decimals and signs and their tolerance', () => {
    expect(parseLabeledAmounts('市預算：651.6')).toEqual([{ label: '市預算', value: 651.6, tolerance: 0.05, text: '市預算：651.6' }]);
    expect(parseLabeledAmounts('差額：-5')[0].value).toBe(-5);
  });

  it('returns [] without a label：number pattern', () => {
    expect(parseLabeledAmounts('')).toEqual([]);
    expect(parseLabeledAmounts('14,000')).toEqual([]);
    expect(parseLabeledAmounts('備註：市預算')).toEqual([]);
    expect(parseLabeledAmounts('中央對地方一般性補助款')).toEqual([]);
    expect(parseLabeledAmounts('10:30')).toEqual([]);
    expect(parseLabeledAmounts('：5,033')).toEqual([]);
  });

  it('skips a colon without a number but keeps later items', () => {
    const r = parseLabeledAmounts('(一)學科： 所有員警 本府：2,912');
    expect(r.map((x) => [x.label, x.value])).toEqual([['本府', 2912]]);
  });
});

/** Every 預算金額 cell of seed 002 (臺南市政府警察局 111 年度), in document order. */
const SEED_002_BUDGET_CELLS = [
  '中央：0 本府：1,455 合計：1,455',
  '中央：0 本府：535 合計：535',
  '中央：0 本府：0 合計：0',
  '中央：0 本府：2,600 合計：2,600',
  '中央：0 本府：8,290 合計：8,290',
  '中央：0 本府：493 合計：493',
  '中央：5,033 本府：73,600 合計：78,633',
  '中央：12,000 本府：11,020 合計：23,020',
  '中央：0 本府：294 合計：294',
  '中央：0 本府：365 合計：365',
  '中央：54,841 本府：31,332 合計：86,173',
  '中央：38,000 本府：7,000 合計：45,000',
  '中央：0 本府：834 合計：834',
  '中央：0 本府：1,705 合計：1,705',
  '中央：0 本府：6,870 合計：6,870',
  '中央：0 本府：2,912 合計：2,912',
  '中央：0 本府：160 合計：160',
  '中央：0 本府：2,673 合計：2,673',
  '中央：0 本府：1,827 合計：1,827',
  '中央：0 本府：0 合計：0',
  '中央：0 本府：0 合計：0',
  '中央：0 本府：0 合計：0',
  '中央：0 本府：0 合計：0',
  '中央：0 本府：0 合計：0',
  '中央：0 本府：8,500 合計：8,500',
  '中央：0 本府：0 合計：0',
  '中央：0 本府：2,350 合計：2,350',
  '中央：0 本府：42,600 合計：42,600',
  '中央：0 本府：5,490 合計：5,490',
  '中央：0 本府：4,206 合計：4,206',
  '中央：0 本府：156 合計：156',
  '中央：900 本府：300 合計：1,200',
  '中央：0 本府：12,000/ 每年(111-113年) 合計：12,000',
  '中央：0 本府：2,927 合計：2,927',
  '中央：0 本府：0 合計：0',
  '中央：0 本府：0 合計：0',
  '中央：0 本府：3,690 合計：3,690',
  '中央：0 本府：0 合計：0',
  '中央：0 本府：0 合計：0',
  '中央：0 本府：0 合計：0',
  '中央：0 本府：1,066 合計：1,066',
  '中央：0 本府：0 合計：0',
  '中央：0 本府：0 合計：0',
  '中央：0 本府：0 合計：0',
  '中央：0 本府：0 合計：0',
  '中央：0 本府：0 合計：0',
  '中央：0 本府：0 合計：0',
  '中央：0 本府：0 合計：0 總計 中央：110,774 本府：237,250 合計：348,024',
];

describe('parseLabeledAmounts on every seed 002 budget cell', () => {
  it('reads 中央 + 本府 = 合計 on every row and the column sums equal the 總計 row', () => {
    const sums: Record<string, number> = {};
    const grand: Record<string, number> = {};
    for (const cell of SEED_002_BUDGET_CELLS) {
      const items = parseLabeledAmounts(cell);
      const row = items.filter((x) => !x.grandTotal);
      expect(row.map((x) => x.label)).toEqual(['中央', '本府', '合計']);
      expect(numbersAgree(row[0].value + row[1].value, row[2].value, 0.5)).toBe(true);
      for (const x of items) {
        const t = x.grandTotal ? grand : sums;
        t[x.label] = (t[x.label] ?? 0) + x.value;
      }
    }
    expect(sums).toEqual({ 中央: 110774, 本府: 237250, 合計: 348024 });
    expect(grand).toEqual(sums);
  });
});

describe('seed cross-checks', () => {
  it('prose amounts agree with the 經費 (千元) cells of seed 003', () => {
    const pairs: [string, string][] = [
      ['105 年完成建置 2,096 支租賃式攝影機，租賃期間至 112 年 8 月 31 日止，111 年度須編列 4,716 萬元。', '47,160'],
      ['106 年完成建置 3,700 支租賃式攝影機，租賃期間至 113 年 11 月 30 日止，111 年度須編列 8,325 萬元。', '83,250'],
      ['109 年完成建置 3,750 支租賃式攝影機，租賃期間至 114 年 12 月 31 日止，111 年度須編列 1 億 2,992 萬 4,342 元。', '129,924.342'],
      ['預計設置 1,600 支攝影機(新設 772 支、汰換 828 支)，111 年度須編列 6,138 萬元。', '61,380'],
      ['預計設置 100 支攝影機，111 年度須編列 65 萬 1,600 元。', '651.6'],
    ];
    for (const [prose, cell] of pairs) {
      const amounts = findProseAmounts(prose);
      expect(amounts).toHaveLength(1);
      expect(amounts[0].keyword).toBe('編列');
      const c = parseNumber(cell)!;
      expect(numbersAgree(amounts[0].thousand, c.value, Math.max(amounts[0].tolerance, c.tolerance))).toBe(true);
    }
    // the cell tolerance does not hide a real difference
    expect(numbersAgree(findProseAmounts('須編列 4,716 萬元')[0].thousand, 47161, 0.5)).toBe(false);
  });

  it('reads the seed 001 target cells', () => {
    const targets: [string, number, '+' | '-' | null, number][] = [
      ['-0.5%', -0.5, '-', 0.05],
      ['+0.5%', 0.5, '+', 0.05],
      ['80%', 80, null, 0.5],
      ['+1.50%', 1.5, '+', 0.005],
      ['-30%', -30, '-', 0.5],
    ];
    for (const [s, value, sign, tolerance] of targets) {
      expect(parseNumber(s)).toEqual({ value, percent: true, sign, decimals: parseNumber(s)!.decimals, tolerance });
    }
  });

  it('finds the target quantity in seed 000 衡量標準 cells', () => {
    expect(findQuantity('建置及汰舊 200 支以上之錄影監視器。')).toMatchObject({ value: 200, unit: '支' });
    expect(findQuantity('預防犯罪宣導人次(含網路參與)達 1 萬人以上。')).toMatchObject({ value: 10000, unit: '人' });
    expect(findQuantity('提升執法效能，降低執法錯誤率於 0.2% 以下。 計算公式：【(當年度執法錯誤件數)/(當年度執法總件數)】×100%。')).toMatchObject({
      value: 0.2, percent: true,
    });
  });

  it('seed 002 baselines and targets (2,098 × 1.01 → 2,119)', () => {
    const base = findQuantity('(3) 以110年緝獲逃犯數2,098人為基準數，逐年增加1%為目標')!;
    expect(base).toMatchObject({ value: 2098, unit: '人' });
    const target = findQuantity('111年查緝逃犯數目標值為2,119人。')!;
    expect(numbersAgree(Math.round(base.value * 1.01), target.value, target.tolerance)).toBe(true);
  });
});

describe('parseWeight', () => {
  it('reads the weight suffix', () => {
    expect(parseWeight('積極查緝犯罪，確保社會安寧(25%)')).toEqual({ name: '積極查緝犯罪，確保社會安寧', weight: 25 });
    expect(parseWeight('刑案破獲率(15%)')).toEqual({ name: '刑案破獲率', weight: 15 });
    expect(parseWeight('一、積極查緝犯罪，確保社會安寧（25%）')).toEqual({ name: '一、積極查緝犯罪，確保社會安寧', weight: 25 });
    expect(parseWeight('刑案破獲率(25 %)')).toEqual({ name: '刑案破獲率', weight: 25 });
    expect(parseWeight('刑案破獲率（２５％）')).toEqual({ name: '刑案破獲率', weight: 25 });
    expect(parseWeight('刑案破獲率 (12.5%) ')).toEqual({ name: '刑案破獲率', weight: 12.5 });
    expect(parseWeight('精進交通執法，促進交通順暢(35%)：')).toEqual({ name: '精進交通執法，促進交通順暢', weight: 35 });
    expect(parseWeight('刑案破獲率(權重 15%)')).toEqual({ name: '刑案破獲率', weight: 15 });
  });

  it('takes only a trailing parenthesised percentage', () => {
    expect(parseWeight('刑案破獲率')).toEqual({ name: '刑案破獲率', weight: null });
    expect(parseWeight('破獲率(80.20%)為基準')).toEqual({ name: '破獲率(80.20%)為基準', weight: null });
    expect(parseWeight('預防宣(輔)導')).toEqual({ name: '預防宣(輔)導', weight: null });
    expect(parseWeight('可能性 (L)')).toEqual({ name: '可能性 (L)', weight: null });
    expect(parseWeight('x(25)')).toEqual({ name: 'x(25)', weight: null });
    expect(parseWeight('x 25%')).toEqual({ name: 'x 25%', weight: null });
    expect(parseWeight('')).toEqual({ name: '', weight: null });
    expect(parseWeight('(10%)(15%)')).toEqual({ name: '(10%)', weight: 15 });
  });
});

describe('cjkNumeral', () => {
  it('reads positional numerals', () => {
    expect(cjkNumeral('一')).toBe(1);
    expect(cjkNumeral('十')).toBe(10);
    expect(cjkNumeral('十五')).toBe(15);
    expect(cjkNumeral('二十')).toBe(20);
    expect(cjkNumeral('二十一')).toBe(21);
    expect(cjkNumeral('一百零五')).toBe(105);
    expect(cjkNumeral('一百一十')).toBe(110);
    expect(cjkNumeral('一千零一十')).toBe(1010);
    expect(cjkNumeral('兩百')).toBe(200);
    expect(cjkNumeral('三萬五千')).toBe(35000);
    expect(cjkNumeral('一億二千萬')).toBe(120000000);
  });

  it('reads zero, formal digits and digit-by-digit numerals', () => {
    expect(cjkNumeral('〇')).toBe(0);
    expect(cjkNumeral('零')).toBe(0);
    expect(cjkNumeral('壹')).toBe(1);
    expect(cjkNumeral('貳')).toBe(2);
    expect(cjkNumeral('參')).toBe(3);
    expect(cjkNumeral('叁')).toBe(3);
    expect(cjkNumeral('肆')).toBe(4);
    expect(cjkNumeral('伍')).toBe(5);
    expect(cjkNumeral('陸')).toBe(6);
    expect(cjkNumeral('柒')).toBe(7);
    expect(cjkNumeral('捌')).toBe(8);
    expect(cjkNumeral('玖')).toBe(9);
    expect(cjkNumeral('拾')).toBe(10);
    expect(cjkNumeral('壹拾伍')).toBe(15);
    expect(cjkNumeral('一〇五')).toBe(105);
    expect(cjkNumeral('五零')).toBe(50);
  });

  it('returns null for non-numerals', () => {
    for (const s of ['', 'abc', '1', '一般', '十十', '五五十', '十百', '零十', '十零', '萬', '五十零']) {
      expect([s, cjkNumeral(s)]).toEqual([s, null]);
    }
  });
});

describe('parseOrdinal', () => {
  it('reads CJK numbering', () => {
    expect(parseOrdinal('一、治安防治')).toEqual({ scheme: 'cjk', n: 1, marker: '一、', rest: '治安防治' });
    expect(parseOrdinal('十五、交通業務')).toEqual({ scheme: 'cjk', n: 15, marker: '十五、', rest: '交通業務' });
    expect(parseOrdinal('二十一、x')).toMatchObject({ scheme: 'cjk', n: 21, rest: 'x' });
    expect(parseOrdinal('十八、一般行政 —行政管理')).toMatchObject({ n: 18, rest: '一般行政 —行政管理' });
    expect(parseOrdinal('  一、 治安防治 專案')).toEqual({ scheme: 'cjk', n: 1, marker: '一、', rest: '治安防治 專案' });
  });

  it('reads parenthesised CJK numbering', () => {
    expect(parseOrdinal('（一）x')).toEqual({ scheme: 'paren-cjk', n: 1, marker: '（一）', rest: 'x' });
    expect(parseOrdinal('(一)x')).toEqual({ scheme: 'paren-cjk', n: 1, marker: '(一)', rest: 'x' });
    expect(parseOrdinal('(二) 針對本市')).toMatchObject({ scheme: 'paren-cjk', n: 2, rest: '針對本市' });
    expect(parseOrdinal('（十二）x')).toMatchObject({ n: 12 });
  });

  it('reads Arabic numbering', () => {
    expect(parseOrdinal('1.x')).toEqual({ scheme: 'arabic', n: 1, marker: '1.', rest: 'x' });
    expect(parseOrdinal('1、x')).toEqual({ scheme: 'arabic', n: 1, marker: '1、', rest: 'x' });
    expect(parseOrdinal('１．x')).toEqual({ scheme: 'arabic', n: 1, marker: '１．', rest: 'x' });
    expect(parseOrdinal('1 x')).toEqual({ scheme: 'arabic', n: 1, marker: '1', rest: 'x' });
    expect(parseOrdinal('12. 降低')).toMatchObject({ n: 12, rest: '降低' });
    expect(parseOrdinal('1234 x')).toBeNull();
    expect(parseOrdinal('1.5%')).toBeNull();
    expect(parseOrdinal('14,000')).toBeNull();
    expect(parseOrdinal('2,119人')).toBeNull();
  });

  it('reads parenthesised Arabic numbering', () => {
    expect(parseOrdinal('(1)x')).toEqual({ scheme: 'paren-arabic', n: 1, marker: '(1)', rest: 'x' });
    expect(parseOrdinal('（1）x')).toEqual({ scheme: 'paren-arabic', n: 1, marker: '（1）', rest: 'x' });
    expect(parseOrdinal('(3) 以110年')).toMatchObject({ n: 3, rest: '以110年' });
    expect(parseOrdinal('(25%)')).toBeNull();
    expect(parseOrdinal('(1234)x')).toBeNull();
  });

  it('reads formal numbering', () => {
    expect(parseOrdinal('壹、年度施政目標')).toEqual({ scheme: 'cjk-formal', n: 1, marker: '壹、', rest: '年度施政目標' });
    expect(parseOrdinal('貳、')).toEqual({ scheme: 'cjk-formal', n: 2, marker: '貳、', rest: '' });
    expect(parseOrdinal('參、x')).toMatchObject({ scheme: 'cjk-formal', n: 3 });
    expect(parseOrdinal('肆、施政計畫衡量指標與標準：')).toMatchObject({ scheme: 'cjk-formal', n: 4 });
    expect(parseOrdinal('伍、 整體風險管理：')).toMatchObject({ scheme: 'cjk-formal', n: 5, rest: '整體風險管理：' });
  });

  it('reads bare numerals', () => {
    expect(parseOrdinal('一')).toEqual({ scheme: 'cjk', n: 1, marker: '一', rest: '' });
    expect(parseOrdinal('四')).toEqual({ scheme: 'cjk', n: 4, marker: '四', rest: '' });
    expect(parseOrdinal(' 1 ')).toEqual({ scheme: 'arabic', n: 1, marker: '1', rest: '' });
    expect(parseOrdinal('一、')).toEqual({ scheme: 'cjk', n: 1, marker: '一、', rest: '' });
  });

  it('returns null for unnumbered text', () => {
    for (const s of ['', '  ', '一般行政', '十分重要', '治安防治', 'abc', '(L)', '萬']) {
      expect([s, parseOrdinal(s)]).toEqual([s, null]);
    }
  });
});

describe('findProseAmounts', () => {
  it('matches the brief examples', () => {
    expect(findProseAmounts('共計 367 萬 5,000 元')).toEqual([
      { yuan: 3675000, thousand: 3675, tolerance: 0.0005, index: 3, length: 13, text: '367 萬 5,000 元', keyword: '共計' },
    ]);
    expect(findProseAmounts('1 億 2,992 萬 4,342 元')).toEqual([
      { yuan: 129924342, thousand: 129924.342, tolerance: 0.0005, index: 0, length: 19, text: '1 億 2,992 萬 4,342 元', keyword: null },
    ]);
    expect(findProseAmounts('每隊補助新臺幣(以下同)7,000 元')).toMatchObject([{ thousand: 7, keyword: null, text: '7,000 元' }]);
    expect(findProseAmounts('共計 140 萬元')).toMatchObject([{ thousand: 1400, tolerance: 5, keyword: '共計' }]);
    expect(findProseAmounts('新臺幣 83 萬 4,000 元')).toMatchObject([{ thousand: 834 }]);
    expect(findProseAmounts('111 年度須編列 4,716 萬元')).toMatchObject([{ thousand: 47160, text: '4,716 萬元', keyword: '編列' }]);
    expect(findProseAmounts('編列軟、硬體總維修費用新臺幣 170 萬 5,000 元')).toMatchObject([{ thousand: 1705, keyword: '費用' }]);
    expect(findProseAmounts('13元以下')).toMatchObject([{ yuan: 13, thousand: 0.013 }]);
    expect(findProseAmounts('1,200 千元')).toMatchObject([{ yuan: 1200000, thousand: 1200, tolerance: 0.5 }]);
  });

  it('finds two amounts in a range', () => {
    const r = findProseAmounts('每隊發予獎勵金 1 萬 5,000 元至 3 萬 5,000 元不等');
    expect(r.map((a) => a.thousand)).toEqual([15, 35]);
    expect(r.map((a) => a.text)).toEqual(['1 萬 5,000 元', '3 萬 5,000 元']);
  });

  it('ignores quantities that are not money', () => {
    expect(findProseAmounts('85萬5,200件')).toEqual([]);
    expect(findProseAmounts('總計建置 2 萬 2,049 支攝影機')).toEqual([]);
    expect(findProseAmounts('破獲率 91.12%')).toEqual([]);
    expect(findProseAmounts('')).toEqual([]);
    expect(findProseAmounts('A1 元')).toEqual([]);
  });

  it('reads the seed 002 义警 cell and keeps keywords apart', () => {
    const t =
      '一、補助義警各隊工作獎勵、表揚、慰勞費：民防總隊義警大隊下各編組小隊共 200 隊，每隊補助新臺幣(以下同)7,000 元，共計 140 萬元。 二、辦理義警自強活動與聯誼，有效提振隊員士氣，增加各隊間之交流學習，民防總隊義警大隊隊員總人數 2,000 人，每人每年補助 600 元，共計 120 萬元。';
    const r = findProseAmounts(t);
    expect(r.map((a) => [a.thousand, a.keyword])).toEqual([[7, null], [1400, '共計'], [0.6, null], [1200, '共計']]);
    for (const a of r) expect(t.slice(a.index, a.index + a.length)).toBe(a.text);
    const total = r.filter((a) => a.keyword === '共計').reduce((s, a) => s + a.thousand, 0);
    expect(numbersAgree(total, 2600, 0.5)).toBe(true);
  });

  it('reads the seed 002 守望相助 cell', () => {
    const t =
      '一、持續運作 1 年以上守望相助隊，每隊每年補助運作經費新臺幣(以下同)1 萬 5,000 元，補助守望相助隊 245 隊，共計 367 萬 5,000 元。 二、獎勵評核績優守望相助隊 44 隊，每隊發予獎勵金 1 萬 5,000 元至 3 萬 5,000 元不等，共計 77 萬 5,000 元。';
    const r = findProseAmounts(t);
    expect(r.map((a) => a.thousand)).toEqual([15, 3675, 15, 35, 775]);
    expect(r[0].keyword).toBe('經費');
    expect(r[1].keyword).toBe('共計');
    expect(r[4].keyword).toBe('共計');
  });

  it('reads the seed 003 lease amounts', () => {
    expect(findProseAmounts('111 年度須編列 1 億 2,992 萬 4,342 元。')[0].thousand).toBe(129924.342);
    expect(findProseAmounts('111 年度須編列 65 萬 1,600 元。')[0].thousand).toBe(651.6);
    expect(findProseAmounts('111 年度須編列 6,138 萬元。')[0].thousand).toBe(61380);
    expect(findProseAmounts('107 年編列新臺幣 43 萬元預算')).toMatchObject([{ thousand: 430, keyword: '編列' }]);
    const seed = '每件須在13元以下，數量不得超過85萬5,200件，維持3年內每一年不得超過1,200萬元之預算額度';
    expect(findProseAmounts(seed).map((a) => a.thousand)).toEqual([0.013, 12000]);
  });

  it('reads full-width digits and other spellings', () => {
    expect(findProseAmounts('共計１４０萬元')).toMatchObject([{ thousand: 1400, text: '１４０萬元', keyword: '共計' }]);
    expect(findProseAmounts('3 萬 5 千元')).toMatchObject([{ yuan: 35000, tolerance: 0.5 }]);
    expect(findProseAmounts('1千萬元')).toMatchObject([{ yuan: 10000000 }]);
    expect(findProseAmounts('1.5 萬元')).toMatchObject([{ yuan: 15000, tolerance: 0.5 }]);
    expect(findProseAmounts('1.15 萬元')[0].yuan).toBe(11500);
    expect(findProseAmounts('12.5 元')).toMatchObject([{ yuan: 12.5, thousand: 0.0125 }]);
  });

  it('does not join parts that do not fit', () => {
    expect(findProseAmounts('2 萬 22,049 元').map((a) => a.yuan)).toEqual([22049]);
    expect(findProseAmounts('1 萬 2 萬元').map((a) => a.yuan)).toEqual([20000]);
  });

  it('runs in linear time on long prose (10× the text takes far less than 100× the time)', () => {
    // Not a timed test: the time of each input is compared with the time of the same input a tenth as long,
    // measured in the same run (median of 3); a quadratic scanner would take about 100× as long.
    const ms = (f: () => void) => {
      const runs: number[] = [];
      for (let k = 0; k < 3; k++) {
        const t = process.hrtime.bigint();
        f();
        runs.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
      return runs.sort((a, b) => a - b)[1];
    };
    const unit = '每隊補助新臺幣(以下同)7,000 元，共計 140 萬元；85萬5,200件，111 年 1 萬 ';
    const prose = (n: number) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
    expect(findProseAmounts(prose(200000)).length).toBeGreaterThan(1000);
    // adversarial inputs: long digit runs, separators, spaces and multipliers (each built to about n characters)
    const shapes: ((n: number) => string)[] = [
      prose,
      (n) => '1'.repeat(n),
      (n) => '1,'.repeat(n / 2),
      (n) => '1 萬 '.repeat(n / 5),
      (n) => '1' + ' '.repeat(n) + '萬',
      (n) => '1.1.1.'.repeat(n / 6),
      (n) => '1、'.repeat(n / 2),
      (n) => '1-'.repeat(n / 2),
      (n) => '1/'.repeat(n / 2),
      (n) => '中央：'.repeat(n / 3),
      (n) => 'a:1 '.repeat(n / 4),
      (n) => '(1)'.repeat(n / 3),
      (n) => '<p>'.repeat(n / 3),
      (n) => '(' + ' '.repeat(n) + 'x)',
      (n) => ' '.repeat(n) + 'x',
    ];
    const all = (s: string) => {
      findProseAmounts(s);
      findQuantity(s);
      parseLabeledAmounts(s);
      parseNumber(s);
      parseWeight(s);
      parseOrdinal(s);
      cleanText(s);
      normalizeLabel(s);
    };
    for (const shape of shapes) {
      const small = shape(20000);
      const big = shape(200000);
      const floor = Math.max(ms(() => all(small)), 2);
      expect(ms(() => all(big)) / floor).toBeLessThan(40);
    }
  });
});

describe('numbersAgree', () => {
  it('compares within the tolerance', () => {
    expect(numbersAgree(2600, 2600, 0)).toBe(true);
    expect(numbersAgree(0.1 + 0.2, 0.3, 0)).toBe(true);
    expect(numbersAgree(326.8, 326.84, 0.05)).toBe(true);
    expect(numbersAgree(326.8, 326.86, 0.05)).toBe(false);
    expect(numbersAgree(110774 + 237250, 348024, 0.5)).toBe(true);
    expect(numbersAgree(3675, 3675.0005, 0.0005)).toBe(true);
    expect(numbersAgree(1, 2, 0.5)).toBe(false);
    expect(numbersAgree(NaN, NaN, 1)).toBe(false);
  });
});
