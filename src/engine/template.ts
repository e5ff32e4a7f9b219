/**
 * A blank plan workbook laid out the way the engine reads best: the indicator, budget and risk tables with
 * their headers, number formats, and dropdowns for L and I; and a sheet explaining the scales and levels.
 */
import { Lang, levelRange } from './messages';
import { RISK_LEVELS, Settings, bandOf, resolveSettings } from './settings';
import { emptyMeta, SheetWrite, WritePlan, emptySheetWrite } from './writePlan';

export const TEMPLATE_ROWS = 200;

interface TemplateTable {
  sheet: Record<Lang, string>;
  title: Record<Lang, string>;
  headers: Record<Lang, string[]>;
  widths: number[];
  /** Per column: number format of the data cells (`@` keeps `-0.5%` and `+1.50%` as written). */
  formats: (string | undefined)[];
  /** Columns offered as dropdowns of 1 … scale. */
  scaleColumns: number[];
  directionColumn?: number;
}

export const TEMPLATE_TABLES: TemplateTable[] = [
  {
    sheet: { 'zh-TW': '衡量指標', en: 'Indicators' },
    title: { 'zh-TW': '施政計畫衡量指標與標準', en: 'Indicators and targets (衡量指標)' },
    headers: {
      'zh-TW': ['策略績效目標', '衡量指標', '衡量標準', '基準值', '年度目標值', '實際值', '指標方向'],
      en: ['Strategic goal', 'Indicator', 'Standard', 'Baseline', 'Target', 'Actual', 'Direction'],
    },
    widths: [30, 34, 44, 12, 14, 12, 12],
    formats: [undefined, undefined, undefined, '@', '@', '@', undefined],
    scaleColumns: [],
    directionColumn: 6,
  },
  {
    sheet: { 'zh-TW': '預算', en: 'Budget' },
    title: { 'zh-TW': '年度重要施政計畫預算（千元）', en: 'Budget (千元)' },
    headers: {
      'zh-TW': ['計畫名稱', '重要施政計畫項目', '實施內容', '中央 (千元)', '本府 (千元)', '合計 (千元)', '經費來源', '備註'],
      en: ['Plan', 'Item', 'Description', 'Central (千元)', 'City (千元)', 'Total (千元)', 'Funding source', 'Note'],
    },
    widths: [26, 30, 50, 14, 14, 14, 16, 20],
    formats: [undefined, undefined, undefined, '#,##0.###', '#,##0.###', '#,##0.###', undefined, undefined],
    scaleColumns: [],
  },
  {
    sheet: { 'zh-TW': '風險評估', en: 'Risks' },
    title: { 'zh-TW': '風險評估及處理彙總表', en: 'Risk register (風險評估及處理彙總表)' },
    headers: {
      'zh-TW': [
        '重要計畫項目',
        '風險編號',
        '風險項目',
        '風險情境',
        '現有風險對策',
        '現有可能性 (L)',
        '現有影響程度 (I)',
        '現有風險值 (R)',
        '新增風險對策',
        '殘餘可能性 (L)',
        '殘餘影響程度 (I)',
        '殘餘風險值 (R)',
        '負責單位',
      ],
      en: [
        'Project',
        'Risk ID',
        'Risk',
        'Scenario',
        'Existing control',
        'Likelihood (L)',
        'Impact (I)',
        'Risk score (R)',
        'New countermeasure',
        'Residual likelihood (L)',
        'Residual impact (I)',
        'Residual risk score (R)',
        'Owner',
      ],
    },
    widths: [22, 10, 30, 36, 36, 12, 12, 12, 36, 12, 12, 12, 14],
    formats: [undefined, '@', undefined, undefined, undefined, '0', '0', '0', undefined, '0', '0', '0', undefined],
    scaleColumns: [5, 6, 9, 10],
  },
];

const GUIDE: Record<Lang, string> = {
  'zh-TW': '使用說明',
  en: 'Guide',
};

export function templatePlan(lang: Lang = 'zh-TW', partial?: Partial<Settings>): WritePlan {
  const settings = resolveSettings(partial);
  const sheets: SheetWrite[] = [];
  const scaleValues = Array.from({ length: settings.scale }, (_, k) => String(k + 1));
  for (const t of TEMPLATE_TABLES) {
    const s = emptySheetWrite(t.sheet[lang], true);
    s.cells.push({ row: 0, col: 0, value: { text: t.title[lang] }, format: { bold: true, fontSize: 14 } });
    const headers = t.headers[lang];
    headers.forEach((h, c) => s.cells.push({ row: 1, col: c, value: { text: h } }));
    const last = headers.length - 1;
    s.formats.push({ range: { top: 1, left: 0, bottom: 1, right: last }, format: { bold: true, fill: 'D9E1F2', border: true, wrap: true, horizontal: 'center', vertical: 'middle' } });
    s.formats.push({ range: { top: 2, left: 0, bottom: TEMPLATE_ROWS + 1, right: last }, format: { wrap: true, vertical: 'top', border: true } });
    t.formats.forEach((nf, c) => {
      if (nf) s.formats.push({ range: { top: 2, left: c, bottom: TEMPLATE_ROWS + 1, right: c }, format: { numberFormat: nf } });
    });
    t.widths.forEach((w, c) => s.columnWidths.push({ col: c, width: w }));
    for (const c of t.scaleColumns) {
      s.validations.push({
        range: { top: 2, left: c, bottom: TEMPLATE_ROWS + 1, right: c },
        type: 'list',
        values: scaleValues,
        prompt: lang === 'zh-TW' ? `請選擇 1 到 ${settings.scale}` : `Choose 1 to ${settings.scale}`,
        error: lang === 'zh-TW' ? `等級必須是 1 到 ${settings.scale} 的整數` : `The level must be a whole number from 1 to ${settings.scale}`,
      });
    }
    if (t.directionColumn !== undefined) {
      s.validations.push({
        range: { top: 2, left: t.directionColumn, bottom: TEMPLATE_ROWS + 1, right: t.directionColumn },
        type: 'list',
        values: lang === 'zh-TW' ? ['越高越好', '越低越好'] : ['higher', 'lower'],
      });
    }
    s.freeze = { rows: 2, cols: 0 };
    sheets.push(s);
  }

  // The guide: the scales in words and what each level requires.
  const g = emptySheetWrite(GUIDE[lang], true);
  const put = (row: number, col: number, text: string, bold = false, fill?: string) =>
    g.cells.push({ row, col, value: { text }, format: { bold, fill, wrap: true, vertical: 'top' } });
  let row = 0;
  put(row++, 0, lang === 'zh-TW' ? '年度施政計畫範本：使用說明' : 'Annual plan template: guide', true);
  const intro =
    lang === 'zh-TW'
      ? [
          '「衡量指標」：目標值與實際值可直接寫成 -0.5%、+1.50%、80%、1 萬人以上、0.2% 以下；權重寫在名稱後，如「刑案破獲率(15%)」。',
          '「預算」：金額以千元為單位；中央 + 本府 = 合計；最後一列第一欄寫「總計」即檢核各欄加總。',
          '「風險評估」：可能性 (L) 與影響程度 (I) 請選 1 到 3；風險值 R = L × I。',
          '檢核：plancheck validate 檔名.xlsx；填入結果：plancheck fill 檔名.xlsx -o 結果.xlsx',
        ]
      : [
          'Indicators: write targets and actuals as -0.5%, +1.50%, 80%, 1 萬人以上, 0.2% 以下; weights after the name, e.g. 刑案破獲率(15%).',
          'Budget: amounts in 千元; central + city = total; a last row whose first cell is 總計 (Total) is checked against the column sums.',
          'Risks: choose likelihood (L) and impact (I) from 1 to 3; R = L × I.',
          'Check: plancheck validate file.xlsx; fill in results: plancheck fill file.xlsx -o result.xlsx',
        ];
  for (const line of intro) put(row++, 0, line);
  row++;
  put(row, 0, lang === 'zh-TW' ? '等級' : 'Level', true, 'D9E1F2');
  put(row, 1, lang === 'zh-TW' ? '可能性 (L)' : 'Likelihood (L)', true, 'D9E1F2');
  put(row, 2, lang === 'zh-TW' ? '影響程度 (I)' : 'Impact (I)', true, 'D9E1F2');
  row++;
  for (let k = settings.scale; k >= 1; k--) {
    put(row, 0, String(k));
    put(row, 1, settings.likelihoodNames[lang][k - 1] ?? '');
    put(row, 2, settings.impactNames[lang][k - 1] ?? '');
    row++;
  }
  row++;
  for (const level of [...RISK_LEVELS].reverse()) {
    const band = bandOf(level, settings);
    put(row, 0, '', false, band.color);
    put(row, 1, levelRange(level, band.min, band.max, lang));
    g.merges.push({ top: row, left: 1, bottom: row, right: 4 });
    row++;
  }
  g.columnWidths.push({ col: 0, width: 12 }, { col: 1, width: 24 }, { col: 2, width: 24 });
  g.merges.push(...intro.map((_, k) => ({ top: k + 1, left: 0, bottom: k + 1, right: 6 })));
  sheets.push(g);

  return { touches: [], clear: [], unmark: [], keepMarks: [], deleteSheets: [], sheets, marks: [], meta: emptyMeta() };
}
