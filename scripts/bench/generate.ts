/**
 * Plan workbooks of any size, in the shapes of the seed plans' tables: an indicator table (goals merged over
 * their indicators, weights in names, targets as -0.5% / 80% / 1 萬人以上, actuals), a budget table (中央 /
 * 本府 / 合計 in one cell, amounts stated in the text), and a risk register (two-row header, L, I, R, IDs).
 * A fixed seed: the same size gives the same workbook, so runs compare.
 */
import type { CellValue, SheetSnapshot, WorkbookSnapshot } from '../../src/engine/snapshot';

/** mulberry32: a small, fast, seeded PRNG. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CJK = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const thousands = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

function indicatorSheet(rows: number, r: () => number): SheetSnapshot {
  const grid: CellValue[][] = [
    ['第二部分：關鍵績效指標'],
    ['策略績效目標', null, '衡量指標', null, null, null, '實際值'],
    [null, null, '衡量指標', null, '衡量標準', '年度目標值', null],
  ];
  const merges = [
    { top: 1, left: 0, bottom: 2, right: 1 },
    { top: 1, left: 2, bottom: 1, right: 5 },
    { top: 2, left: 2, bottom: 2, right: 3 },
    { top: 1, left: 6, bottom: 2, right: 6 },
  ];
  const perGoal = 5;
  for (let k = 0; k < rows; k++) {
    const g = Math.floor(k / perGoal);
    const first = k % perGoal === 0;
    const kind = k % 4;
    const target = kind === 0 ? '-0.5%' : kind === 1 ? '80%' : kind === 2 ? '+1.50%' : '1 萬人以上';
    const actual = kind === 0 ? `-${(r() * 3).toFixed(2)}%` : kind === 1 ? `${Math.round(60 + r() * 40)}%` : kind === 2 ? `${(r() * 3).toFixed(2)}%` : thousands(Math.round(8000 + r() * 4000)) + '人';
    const top = grid.length;
    grid.push([
      first ? String(g + 1) : null,
      first ? `策略目標${g + 1}：提升治安與服務品質(20%)` : null,
      CJK[(k % perGoal) % 10],
      `衡量指標${k + 1}：每十萬人刑事案件發生率(4%)`,
      `前5年(101-106年)平均數為基準(${(1000 + r() * 100).toFixed(2)}件)`,
      target,
      actual,
    ]);
    if (first) {
      const span = Math.min(perGoal, rows - k) - 1;
      if (span > 0) merges.push({ top, left: 0, bottom: top + span, right: 0 }, { top, left: 1, bottom: top + span, right: 1 });
    }
  }
  return { name: '衡量指標', rows: grid, merges };
}

/** Budget rows per plan (the budget table's 工作計畫名稱 is merged over this many rows). */
const PER_PLAN = 8;
const planName = (p: number) => `警察勤務— 業務${p + 1}`;

function budgetSheet(rows: number, r: () => number): SheetSnapshot {
  const grid: CellValue[][] = [['貳、年度重要施政計畫'], ['工作計畫名稱', '重要施政計畫項目', '實施內容', '預算金額 (單位：千元)']];
  const merges = [];
  let central = 0;
  let city = 0;
  const perPlan = PER_PLAN;
  for (let k = 0; k < rows; k++) {
    const first = k % perPlan === 0;
    const c = k % 3 === 0 ? Math.round(r() * 50000) : 0;
    const m = Math.round(r() * 20000) * 5;
    central += c;
    city += m;
    const wan = Math.floor((c + m) / 10);
    const rest = ((c + m) % 10) * 1000;
    const text = `一、辦理第 ${k + 1} 項工作，每隊補助新臺幣 7,000 元。 二、111 年度預算編列新臺幣 ${thousands(wan)} 萬${rest ? ` ${thousands(rest)}` : ''} 元。`;
    const top = grid.length;
    grid.push([first ? planName(Math.floor(k / perPlan)) : null, `項目${k + 1}`, c ? `${text}（另中央補助）` : text, `中央：${thousands(c)}\n本府：${thousands(m)}\n合計：${thousands(c + m)}`]);
    if (first) {
      const span = Math.min(perPlan, rows - k) - 1;
      if (span > 0) merges.push({ top, left: 0, bottom: top + span, right: 0 });
    }
  }
  grid.push(['總計', null, null, `中央：${thousands(central)}\n本府：${thousands(city)}\n合計：${thousands(central + city)}`]);
  return { name: '預算', rows: grid, merges };
}

/** The risk register: each ten risks under one of the budget table's plans, named as the budget names it. */
function riskSheet(rows: number, plans: number, r: () => number): SheetSnapshot {
  const grid: CellValue[][] = [
    ['三、 風險評估及處理彙總表'],
    ['重要計畫項目', '風險項目', '風險情境', '現有風險對策', '現有風險等級', null, '現有風險值 (R)= (L)×(I)', '新增風險對策', '殘餘風險等級', null, '殘餘風險值 (R)= (L)×(I)', '負責單位'],
    [null, null, null, null, '可能性 (L)', '影響程度 (I)', null, null, '可能性 (L)', '影響程度 (I)', null, null],
  ];
  const merges = [
    { top: 1, left: 4, bottom: 1, right: 5 },
    { top: 1, left: 8, bottom: 1, right: 9 },
    ...[0, 1, 2, 3, 6, 7, 10, 11].map((c) => ({ top: 1, left: c, bottom: 2, right: c })),
  ];
  for (let k = 0; k < rows; k++) {
    const l = 1 + Math.floor(r() * 3);
    const i = 1 + Math.floor(r() * 3);
    const rl = 1;
    grid.push([
      planName(Math.floor(k / 10) % plans),
      `P${k + 1} 工程進度延誤風險`,
      '因天候不佳、周邊工程影響等因素，導致施作進度延宕。',
      '每月進行工程進度追蹤，控管施作進度。',
      String(l),
      String(i),
      String(l * i),
      l * i >= 6 ? '加派人力並調整工期' : '-',
      String(rl),
      String(i),
      String(rl * i),
      '保安科',
    ]);
  }
  return { name: '風險評估', rows: grid, merges };
}

/** A plan with about `rows` data rows, split over the three tables. */
export function generatePlan(rows: number, seed = 20261121): WorkbookSnapshot {
  const r = rng(seed);
  const third = Math.max(1, Math.floor(rows / 3));
  const plans = Math.ceil(third / PER_PLAN);
  return { sheets: [indicatorSheet(third, r), budgetSheet(third, r), riskSheet(rows - 2 * third, plans, r)] };
}
