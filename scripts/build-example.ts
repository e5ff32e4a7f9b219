/**
 * Build the bundled example workbook: examples/plan.xlsx from the seed fixtures, and
 * examples/README.md saying where each sheet comes from.
 *
 *   npx ts-node --transpile-only scripts/build-example.ts
 */
import * as fs from 'fs';
import * as path from 'path';
import { seedLayouts, seedWorkbook } from '../test/fixtures/seedPlans';
import { writeSnapshotXlsx } from '../test/fixtures/xlsx';

const root = path.resolve(__dirname, '..');
const outDir = path.join(root, 'examples');

function rows(a: number[]): string {
  return a.length ? a.join(', ') : '–';
}

function readme(): string {
  const lines: string[] = [
    '# Example workbook: `plan.xlsx`',
    '',
    'Built by `npx ts-node --transpile-only scripts/build-example.ts` from the seed fixtures in',
    '`test/fixtures/seedPlans.ts`: every table of four city police bureaus\' annual plans (施政計畫),',
    'pasted as a planner would paste them from the Word document (title rows above the header, merged',
    'headers, plan names merged down, the header repeated at page breaks, numbers as text such as',
    '`14,000`, `-0.5%`, and amounts like `中央：0 / 本府：1,455 / 合計：1,455` in one cell).',
    '',
    'Rows are 1-based, as Excel shows them. "Data" includes repeated header rows and page-break rows.',
    '',
    '| Sheet | Source | Table | Title rows | Header rows | Repeated header | Data rows | 總計 |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const l of seedLayouts) {
    lines.push(
      `| ${l.sheet} | ${l.source} | ${l.table} | ${rows(l.titleRows)} | ${rows(l.headerRows)} | ${rows(l.repeatedHeaderRows)} | ${l.dataRows[0]}–${l.dataRows[1]} | ${l.totalRow ?? '–'} |`,
    );
  }
  lines.push(
    '',
    'Notes:',
    '',
    '- Seeds: 000 (a city police bureau, 111 年), 001 (臺中市政府警察局 107 年), 002 (臺南市政府警察局 111 年),',
    '  003 (桃園 police bureau, 111 年).',
    '- `伍 整體風險管理` also holds the likelihood (可能性) and impact (影響程度) scales, and below the',
    '  risk register the 四、現有風險圖像 block (3×3 text grid, level legend, `低度風險：1項(100.0%)`) as',
    '  plain text, as pasted: it is not a table.',
    '- `107關鍵績效指標`: the 實際值 column was added by the planner from 第四部分 (106年1–6月 results);',
    '  刑案破獲率 is the level 91.12% the plan states: against the baseline 80.20% in its 衡量標準 it is',
    '  +10.92 percentage points, measured against the +0.5-point target.',
    '- `111衡量指標目標值` is built from the prose targets of seed 002 壹 (基準值 → 年度目標值);',
    '  實際值 is empty because the year is not over.',
    '',
  );
  return lines.join('\n');
}

async function main(): Promise<void> {
  fs.mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, 'plan.xlsx');
  await writeSnapshotXlsx(seedWorkbook(), file);
  fs.writeFileSync(path.join(outDir, 'README.md'), readme());
  console.log(`wrote ${path.relative(root, file)} and examples/README.md`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
