/**
 * The meta sheet (`_plancheck`, very hidden): one record per row, column A the kind of record,
 * B the sheet, C the range, D host data. It tells the next run what the add-in wrote.
 */
import { parseRangeAddress, rangeAddress } from './address';
import { cellText, SheetSnapshot, WorkbookSnapshot } from './snapshot';
import { emptyMeta, META_SHEET, MetaState } from './writePlan';

const MAGIC = 'plancheck-meta';
/** Column D of a sheet record: the sheet is a findings sheet (檢核結果); empty for a risk map. */
const FINDINGS_ROLE = 'findings';

export function readMeta(snapshot: WorkbookSnapshot): MetaState {
  const sheet = snapshot.sheets.find((s) => s.name === META_SHEET);
  const meta = emptyMeta();
  if (!sheet) return meta;
  if (cellText(sheet.rows[0]?.[0]) !== MAGIC) return meta;
  for (let r = 1; r < sheet.rows.length; r++) {
    const row = sheet.rows[r] ?? [];
    const kind = cellText(row[0]);
    const name = cellText(row[1]);
    const range = parseRangeAddress(cellText(row[2]));
    if (kind === 'range' && name && range) meta.ranges.push({ sheet: name, range });
    else if (kind === 'sheet' && name) {
      meta.sheets.push(name);
      if (cellText(row[3]) === FINDINGS_ROLE) (meta.findingsSheets ??= []).push(name);
    }
    else if (kind === 'mark' && name && range) meta.marks.push({ sheet: name, row: range.top, col: range.left, original: cellText(row[3]) });
  }
  return meta;
}

/** The meta sheet's rows for a state: the engine's records and the host's mark records. */
export function metaRows(meta: MetaState): string[][] {
  const rows: string[][] = [[MAGIC, 'version', String(meta.version), 'This sheet records what the plancheck add-in wrote. Do not edit.']];
  for (const r of meta.ranges) rows.push(['range', r.sheet, rangeAddress(r.range), '']);
  for (const s of meta.sheets) rows.push(['sheet', s, '', meta.findingsSheets?.includes(s) ? FINDINGS_ROLE : '']);
  for (const m of meta.marks) rows.push(['mark', m.sheet, rangeAddress({ top: m.row, left: m.col, bottom: m.row, right: m.col }), m.original]);
  return rows;
}

export function isMetaSheet(s: SheetSnapshot): boolean {
  return s.name === META_SHEET;
}
