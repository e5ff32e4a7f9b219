/**
 * Budget tables (千元): 中央 + 本府 = 合計 on every row, column sums against the 總計 row, amounts stated in
 * the text against the cell, a budget repeated on a continuation row counted once, sums by funding source.
 */
import { cellAddress } from './address';
import { Issue, makeIssue } from './issues';
import { checkNumbering, Numbered } from './numbering';
import { nextProseAmount, numbersAgree, parseLabeledAmounts, parseNumber, parseOrdinal, proseScan, proseTolerance } from './numbers';
import { cellText } from './snapshot';
import { roleCell, roleCells, roleHasValue, roleRawText, unreadableCell, unreadableIssue } from './tables/cells';
import { Table, tableAddress } from './tables/reader';
import { remembered } from './memo';
import { cleanText, isWhiteSpaceCode, normalizeLabel } from './text';
import { fmt, round6 } from './format';

export interface Amount {
  value: number;
  tolerance: number;
  cell: string;
}

export interface BudgetRow {
  row: number;
  plan: string;
  /** The plan cell is empty here: the row continues the plan above (a merged plan name). */
  continuation: boolean;
  central: Amount | null;
  city: Amount | null;
  total: Amount | null;
  /** The row's amount: 合計, else 中央 + 本府, else the single amount, else the sum of labelled parts. */
  amount: Amount | null;
  kind: 'item' | 'total' | 'subtotal';
  /** Counted once: this row repeats the plan's amount from the row above. */
  repeated: boolean;
  sources: { source: string; value: number }[];
}

export interface BudgetTableResult {
  sheet: string;
  range: string;
  /** The table's amount unit (元, 千元, 萬元, 百萬元, 億元): from a 單位 row, the header or the title; 千元 when none is stated. */
  unit: AmountUnit;
  /** Where the unit was read (`header`, `unitRow`, `title`), or null when none was stated. */
  unitFrom: 'header' | 'unitRow' | 'title' | null;
  rows: BudgetRow[];
  /** Sum of the item rows (repeats counted once), in the table's unit. */
  total: number;
  central: number | null;
  city: number | null;
  bySource: Record<string, number>;
}

const TOTAL_LABEL = /^(總計|合計|總額|total|grandtotal)/;
const SUBTOTAL_LABEL = /^(小計|subtotal)/;
const AMOUNT_ROLES = ['amount', 'central', 'city', 'total'] as const;
/** The columns of one amount each (中央, 本府, 合計), read into the slot of the same name. */
const SLOT_ROLES = ['central', 'city', 'total'] as const;

/** Words that state a total (`共計 140 萬元`, `預算編列 83 萬元`). */
const STATED_WORDS = ['共計', '合計', '總計', '編列', '預算', '總額', '小計'];
/** 1 for the first character of a stated word (a look-up by index). */
const STATED_FIRST = new Uint8Array(65536);
for (const w of STATED_WORDS) STATED_FIRST[w.charCodeAt(0)] = 1;
/** The shortest stated word's length: an amount after the first stated word starts this far after it or more. */
const SHORTEST_STATED = Math.min(...STATED_WORDS.map((w) => w.length));

/** Where the last of STATED_WORDS wholly in text[from, end) starts, or -1 (by char codes: no copy of the text). */
function lastStatedWord(text: string, from: number, end: number): number {
  for (let k = end - 1; k >= from; k--) {
    if (STATED_FIRST[text.charCodeAt(k)] === 0) continue;
    for (const w of STATED_WORDS) if (k + w.length <= end && text.startsWith(w, k)) return k;
  }
  return -1;
}

/** A label of a 總計 / 合計 / 小計 / total row has one of these (the others need not be normalized). */
const TOTAL_WORD = /計|額|total/i;

type Slot = 'central' | 'city' | 'total' | 'part';

const CENTRAL_LABEL = /^(中央|central)/;
const CITY_LABEL = /^(本府|市府|市預算|地方|city|local)/;
const TOTAL_SLOT_LABEL = /^(合計|總計|total)/;

/**
 * The slot of a labelled amount. The labels of a table's amount cells are the same few (`中央`, `本府`, `合計`) on
 * every row: their slots are kept (a bounded memo).
 */
function slotOf(label: string): Slot {
  return label.length <= 24 ? remembered(slots, 1000, label, slotOfNow) : slotOfNow(label);
}
const slots = new Map<string, Slot>();

function slotOfNow(label: string): Slot {
  const l = normalizeLabel(label);
  if (CENTRAL_LABEL.test(l)) return 'central';
  if (CITY_LABEL.test(l)) return 'city';
  if (TOTAL_SLOT_LABEL.test(l)) return 'total';
  return 'part';
}

/**
 * The largest amount read, in 千元 (10^15 千元 is 10^18 元, far past any budget): a larger number is unreadable
 * (an issue at its cell), so that sums of amounts stay finite.
 */
const MAX_AMOUNT = 1e15;

function amountFrom(text: string, cell: string): Amount | null {
  const n = parseNumber(text);
  return n && Math.abs(n.value) <= MAX_AMOUNT ? { value: n.value, tolerance: n.tolerance, cell } : null;
}

function sumAmounts(parts: Amount[], cell: string): Amount | null {
  if (!parts.length) return null;
  return {
    value: parts.reduce((a, p) => a + p.value, 0),
    tolerance: parts.reduce((m, p) => Math.max(m, p.tolerance), 0),
    cell,
  };
}

function sourcesOf(text: string): string[] {
  return text
    .split(/[\n\r]+/)
    .map((s) => cleanText(s))
    .filter((s) => s !== '');
}

export type AmountUnit = '元' | '千元' | '萬元' | '百萬元' | '億元';

/** 千元 in one of each unit. */
export const UNIT_IN_THOUSANDS: Record<AmountUnit, number> = { 元: 0.001, 千元: 1, 萬元: 10, 百萬元: 1000, 億元: 100000 };

const UNIT_WORD = /(?:新臺幣|新台幣|NT\$)?\s*(億|百萬|萬|千)?\s*元/;

/** The amount unit a text states: `預算金額 (千元)`, `（單位：新臺幣元）`, `單位：萬元`; null when none. */
export function unitFromText(text: string): AmountUnit | null {
  const m = UNIT_WORD.exec(text.replace(/\s+/g, ''));
  if (!m) return null;
  return ((m[1] ?? '') + '元') as AmountUnit;
}

/** The table's unit: a 單位 row or the amount header decides before the title; a disagreement is a warning. */
function tableUnit(t: Table, issues: Issue[]): { unit: AmountUnit; from: BudgetTableResult['unitFrom'] } {
  const found: { unit: AmountUnit; text: string; where: 'header' | 'unitRow' | 'title'; cell: string }[] = [];
  for (const u of t.unitTexts) {
    const unit = unitFromText(u.text);
    if (unit) found.push({ unit, text: cleanText(u.text), where: u.where, cell: cellAddress(u.row, u.col) });
  }
  if (!found.length) return { unit: '千元', from: null };
  const rank = { header: 0, unitRow: 1, title: 2 } as const;
  found.sort((a, b) => rank[a.where] - rank[b.where]);
  const chosen = found[0];
  const other = found.find((f) => f.unit !== chosen.unit);
  if (other) {
    issues.push(
      makeIssue('BUD_UNIT_CONFLICT', t.sheet, chosen.cell, { unit: chosen.unit, text: chosen.text, otherUnit: other.unit, otherText: other.text, otherCell: other.cell }),
    );
  }
  return { unit: chosen.unit, from: chosen.where };
}

/**
 * Rows that only continue the text of the row above (no plan, item or amount of their own, as when the plan
 * broke a page inside the 實施內容 cell and the header was repeated): their text belongs to that row.
 */
function continuationTexts(t: Table): { extra: Map<number, string>; textOnly: Set<number> } {
  const extra = new Map<number, string>();
  const textOnly = new Set<number>();
  let owner: number | null = null;
  for (const r of t.dataRows) {
    const hasAmount = AMOUNT_ROLES.some((role) => roleHasValue(t, r, role));
    const hasName = roleHasValue(t, r, 'plan') || roleHasValue(t, r, 'item');
    if (hasAmount || hasName) {
      owner = r;
      continue;
    }
    const more = roleRawText(t, r, 'content');
    if (owner !== null && more.trim()) {
      extra.set(owner, (extra.get(owner) ?? '') + more);
      textOnly.add(r);
    }
  }
  return { extra, textOnly };
}

export function readBudgetTable(t: Table, issues: Issue[]): BudgetTableResult {
  const sheet = t.sheet;
  const { unit, from: unitFrom } = tableUnit(t, issues);
  const perThousand = UNIT_IN_THOUSANDS[unit];
  const { extra, textOnly } = continuationTexts(t);
  const rows: BudgetRow[] = [];
  const planOrdinals: (Numbered | null)[] = [];
  let plan = '';
  let previous: BudgetRow | null = null;
  let declaredTotal: BudgetRow | null = null;
  let subtotalRun = { sum: 0, tol: 0, any: false };
  /** Columns with a cell that could not be read (in an item row or in the 總計 row). */
  const unknown = new Set<string>();
  const labelRoles = ['plan', 'item', 'indicator', 'content'] as const;

  for (const r of t.dataRows) {
    if (textOnly.has(r)) continue; // its text was joined to the row it continues
    const planRef = roleCell(t, r, 'plan') ?? (t.columns.plan ? null : roleCell(t, r, 'item'));
    const planText = planRef ? cleanText(cellText(planRef.value)) : '';
    let label = '';
    for (const role of labelRoles) {
      const txt = roleRawText(t, r, role);
      if (txt.trim()) {
        // Only 總計 / 合計 / 小計 / total rows matter here: other labels are not normalized.
        label = TOTAL_WORD.test(txt) ? normalizeLabel(txt) : '';
        break;
      }
    }
    const kind: BudgetRow['kind'] = TOTAL_LABEL.test(label) ? 'total' : SUBTOTAL_LABEL.test(label) ? 'subtotal' : 'item';
    const continuation = kind === 'item' && !planText && rows.length > 0;
    if (planText && kind === 'item') {
      if (planText !== plan) {
        const o = parseOrdinal(planText);
        planOrdinals.push(o && o.rest.trim() !== '' ? { marker: o.marker, n: o.n, scheme: o.scheme, cell: planRef!.address } : null);
      }
      plan = planText;
    }

    let central: Amount | null = null;
    let city: Amount | null = null;
    let total: Amount | null = null;
    let parts: Amount[] = [];
    let grand: { central: Amount | null; city: Amount | null; total: Amount | null } | null = null;

    for (let k = 0; k < SLOT_ROLES.length; k++) {
      const slot = SLOT_ROLES[k];
      const ref = roleCell(t, r, slot);
      if (!ref) continue;
      const bad = unreadableCell(ref.value);
      if (bad) {
        issues.push(unreadableIssue(sheet, ref, bad));
        unknown.add(slot);
        continue;
      }
      const a = amountFrom(cellText(ref.value), ref.address);
      if (!a) {
        issues.push(makeIssue('READ_UNREADABLE_NUMBER', sheet, ref.address, { text: cellText(ref.value), what: 'amount' }));
        unknown.add(slot);
      } else if (slot === 'central') central = a;
      else if (slot === 'city') city = a;
      else total = a;
    }

    let amountCell: string | null = null;
    for (const ref of roleCells(t, r, 'amount')) {
      amountCell ??= ref.address;
      const bad = unreadableCell(ref.value);
      if (bad) {
        issues.push(unreadableIssue(sheet, ref, bad));
        unknown.add('total').add('central').add('city');
        continue;
      }
      const text = cellText(ref.value);
      const single = amountFrom(text, ref.address);
      if (single) {
        parts.push(single);
        continue;
      }
      const labeled = parseLabeledAmounts(text);
      let readable = 0;
      for (const l of labeled) if (Math.abs(l.value) <= MAX_AMOUNT) readable++;
      if (!readable) {
        issues.push(makeIssue('READ_UNREADABLE_NUMBER', sheet, ref.address, { text: cleanText(text), what: 'amount' }));
        unknown.add('total').add('central').add('city');
        continue;
      }
      for (const l of labeled) {
        if (!(Math.abs(l.value) <= MAX_AMOUNT)) continue;
        const a: Amount = { value: l.value, tolerance: l.tolerance, cell: ref.address };
        const slot = slotOf(l.label);
        if (l.grandTotal) {
          grand ??= { central: null, city: null, total: null };
          if (slot === 'central') grand.central = a;
          else if (slot === 'city') grand.city = a;
          else if (slot === 'total') grand.total = a;
          continue;
        }
        if (slot === 'central') central ??= a;
        else if (slot === 'city') city ??= a;
        else if (slot === 'total') total ??= a;
        else parts.push(a);
      }
    }

    const cellForRow = total?.cell ?? amountCell ?? city?.cell ?? central?.cell ?? cellAddress(r, t.left);
    // 中央 + 本府 = 合計
    if (central && city && total && !numbersAgree(central.value + city.value, total.value, Math.max(central.tolerance, city.tolerance, total.tolerance))) {
      issues.push(
        makeIssue('BUD_ROW_TOTAL', sheet, total.cell, {
          central: fmt(central.value),
          city: fmt(city.value),
          sum: fmt(central.value + city.value),
          total: fmt(total.value),
          unit,
        }),
      );
    }
    let amount: Amount | null =
      total ?? (central || city ? sumAmounts([central, city].filter((x): x is Amount => !!x), cellForRow) : null) ?? sumAmounts(parts, cellForRow);
    if (amount && parts.length && (central || city || total)) {
      // Labelled parts beside 中央/本府/合計: the parts are details; the 合計 stands.
      parts = [];
    }

    const row: BudgetRow = {
      row: r,
      plan,
      continuation,
      central,
      city,
      total,
      amount,
      kind,
      repeated: false,
      sources: [],
    };

    // Amounts stated in the text (元, 萬, 億) against the cell, in the table's unit; with the text of the rows
    // that continue this one (after a page break and a repeated header).
    const itemText = roleRawText(t, r, 'item');
    const contentText = roleRawText(t, r, 'content') + (extra.get(r) ?? '');
    const indicatorText = kind === 'item' ? roleRawText(t, r, 'indicator') : '';
    let text = itemText;
    if (contentText) text = text ? text + ' ' + contentText : contentText;
    if (indicatorText) text = text ? text + ' ' + indicatorText : indicatorText;
    const stated = statedAmounts(text);
    for (const x of stated) {
      x.thousand /= perThousand;
      x.tolerance /= perThousand;
    }
    if (amount && stated.length && kind === 'item') {
      let sum = stated.reduce((a, s) => a + s.thousand, 0);
      let tol = stated.reduce((a, s) => a + s.tolerance, 0);
      if (stated.length > 2) {
        const last = stated[stated.length - 1];
        const rest = sum - last.thousand;
        if (numbersAgree(rest, last.thousand, tol)) {
          sum = last.thousand;
          tol = last.tolerance;
        }
      }
      if (!numbersAgree(sum, amount.value, Math.max(tol, amount.tolerance))) {
        issues.push(
          makeIssue('BUD_TEXT_AMOUNT', sheet, amount.cell, {
            stated: fmt(sum),
            texts: stated.map((s) => cleanText(s.text)).join('、'),
            cell: fmt(amount.value),
            unit,
          }),
        );
      }
    }

    // A continuation row that repeats the plan's amount: the document merged the cell; count it once.
    if (
      kind === 'item' &&
      continuation &&
      amount &&
      previous &&
      previous.kind === 'item' &&
      previous.plan === plan &&
      previous.amount &&
      amount.value !== 0 &&
      numbersAgree(previous.amount.value, amount.value, 0) &&
      !stated.some((s) => numbersAgree(s.thousand, amount!.value, Math.max(s.tolerance, amount!.tolerance)))
    ) {
      row.repeated = true;
      issues.push(makeIssue('BUD_REPEATED_AMOUNT', sheet, amount.cell, { amount: fmt(amount.value), plan, unit }));
    }

    // Funding sources (經費來源, or 備註 holding 市預算 / 公彩預算 / 中央對地方一般性補助款).
    const srcRef = roleCell(t, r, 'source') ?? roleCell(t, r, 'note');
    if (srcRef && amount && kind === 'item' && !row.repeated) {
      const names = sourcesOf(cellText(srcRef.value));
      if (names.length && names.length === parts.length && parts.length > 1) {
        parts.forEach((p, k) => row.sources.push({ source: names[k], value: p.value }));
      } else if (names.length && names.every((n) => n === names[0])) {
        row.sources.push({ source: names[0], value: amount.value });
      }
    } else if (amount && kind === 'item' && !row.repeated && (central || city) && !srcRef) {
      // The list is kept with the row: made at its size (a list grown by push holds room for 16).
      const fromCentral = central && central.value ? { source: '中央', value: central.value } : null;
      const fromCity = city && city.value ? { source: '本府', value: city.value } : null;
      if (fromCentral) row.sources = fromCity ? [fromCentral, fromCity] : [fromCentral];
      else if (fromCity) row.sources = [fromCity];
    }

    // 小計: the item rows since the previous 小計 (or the top) must add up to it.
    if (kind === 'subtotal' && amount) {
      if (subtotalRun.any && !numbersAgree(subtotalRun.sum, amount.value, Math.max(subtotalRun.tol, amount.tolerance))) {
        issues.push(makeIssue('BUD_SUBTOTAL', sheet, amount.cell, { sum: fmt(subtotalRun.sum), total: fmt(amount.value), unit }));
      }
      subtotalRun = { sum: 0, tol: 0, any: false };
    } else if (kind === 'item' && amount && !row.repeated) {
      subtotalRun = { sum: subtotalRun.sum + amount.value, tol: Math.max(subtotalRun.tol, amount.tolerance), any: true };
    }

    if (grand) {
      // `… 總計 中央：110,774 本府：237,250 合計：348,024` inside the last row's amount cell.
      const g: BudgetRow = { ...row, kind: 'total', central: grand.central, city: grand.city, total: grand.total, amount: grand.total, repeated: false, sources: [] };
      rows.push(row);
      declaredTotal = g;
    } else if (kind === 'total') {
      declaredTotal = row;
      rows.push(row);
    } else {
      rows.push(row);
    }
    if (kind === 'item') previous = row;
  }

  const items = rows.filter((x) => x.kind === 'item' && !x.repeated);
  const sumOf = (pick: (x: BudgetRow) => Amount | null) => {
    let s = 0;
    let tol = 0;
    let any = false;
    for (const x of items) {
      const a = pick(x);
      if (a) {
        s += a.value;
        tol = Math.max(tol, a.tolerance);
        any = true;
      }
    }
    return any ? { value: s, tolerance: tol } : null;
  };
  const totalSum = sumOf((x) => x.amount);
  const centralSum = sumOf((x) => x.central);
  const citySum = sumOf((x) => x.city);

  if (declaredTotal) {
    const checks: [string, { value: number; tolerance: number } | null, Amount | null][] = [
      ['central', centralSum, declaredTotal.central],
      ['city', citySum, declaredTotal.city],
      ['total', totalSum, declaredTotal.total ?? declaredTotal.amount],
    ];
    for (const [column, sum, declared] of checks) {
      // A column with a cell that cannot be read has no known sum: it is not compared (the cell has its issue).
      if (!sum || !declared || unknown.has(column)) continue;
      if (!numbersAgree(sum.value, declared.value, Math.max(declared.tolerance, sum.tolerance))) {
        issues.push(
          makeIssue('BUD_COLUMN_TOTAL', sheet, declared.cell, {
            column,
            sum: fmt(sum.value),
            total: fmt(declared.value),
            difference: fmt(declared.value - sum.value),
            unit,
          }),
        );
      }
    }
  }

  checkNumbering(sheet, planOrdinals, issues);

  const bySource: Record<string, number> = {};
  for (const x of items) for (const s of x.sources) bySource[s.source] = round6((bySource[s.source] ?? 0) + s.value);
  return {
    sheet,
    range: tableAddress(t),
    unit,
    unitFrom,
    rows,
    total: round6(totalSum?.value ?? 0),
    central: centralSum ? round6(centralSum.value) : null,
    city: citySum ? round6(citySum.value) : null,
    bySource,
  };
}

interface Stated {
  thousand: number;
  tolerance: number;
  text: string;
}

/**
 * Totals stated in prose (`共計 140 萬元`, `預算編列新臺幣 83 萬 4,000 元`), not unit prices (`每隊 7,000 元`): the
 * amounts findProseAmounts finds with a stated word in the 16 characters before them (the last one not followed by
 * `每…`), that start no range; at most 51. Scanned amount by amount (nextProseAmount): an object and a string are
 * made only for an amount kept (a budget row's text holds unit prices and other amounts besides its total).
 */
export function statedAmounts(text: string): Stated[] {
  if (!text) return [];
  const lastYuan = text.lastIndexOf('元');
  if (lastYuan < 0) return [];
  // An amount is kept only with a stated word before it: the scan starts after the first one's shortest length
  // (its characters are CJK no amount's reading takes in: proseScan), and none is needed when it is after every 元.
  const first = firstStatedWord(text);
  if (first < 0 || first > lastYuan) return [];
  const out: Stated[] = [];
  const scan = proseScan(text, first + SHORTEST_STATED);
  while (nextProseAmount(scan)) {
    const thousand = scan.yuan / 1000;
    if (thousand > MAX_AMOUNT) continue;
    const index = scan.index;
    // The last stated word in the 16 characters before the amount; a unit price (`每隊 7,000 元`) after it is no total.
    const lastKeyword = lastStatedWord(text, Math.max(0, index - 16), index);
    if (lastKeyword < 0 || perUnitBefore(text, lastKeyword, index)) continue;
    if (rangeAfter(text, scan.end)) continue; // a range, not a total
    out.push({ thousand, tolerance: proseTolerance(scan), text: text.slice(index, scan.end) });
    if (out.length > 50) break;
  }
  return out;
}

/** Where the first of STATED_WORDS in the text starts, or -1. */
function firstStatedWord(text: string): number {
  for (let k = 0; k < text.length; k++) {
    if (STATED_FIRST[text.charCodeAt(k)] === 0) continue;
    for (const w of STATED_WORDS) if (text.startsWith(w, k)) return k;
  }
  return -1;
}

/** Whether text[from, to) ends in `每[^，。；,;]{0,12}`: a 每 with at most 12 characters after it, none of them ，。；,; (by char codes: no copy). */
function perUnitBefore(text: string, from: number, to: number): boolean {
  for (let q = to - 1; q >= from && q >= to - 13; q--) {
    const c = text.charCodeAt(q);
    if (c === EACH) return true;
    if (c === 0xff0c || c === 0x3002 || c === 0xff1b || c === 44 || c === 59) return false;
  }
  return false;
}
const EACH = 0x6bcf; // 每

/** Whether the two characters from `at` match `^\s*(至|~|－|-)` (an amount that starts a range): 至 ~ － - after no more than one white space (by char codes). */
function rangeAfter(text: string, at: number): boolean {
  const end = Math.min(text.length, at + 2);
  let k = at;
  if (k < end && isJsSpaceCode(text.charCodeAt(k))) k++;
  if (k < end && isJsSpaceCode(text.charCodeAt(k))) return false; // two white spaces: nothing left to match
  if (k >= end) return false;
  const c = text.charCodeAt(k);
  return c === 0x81f3 || c === 126 || c === 0xff0d || c === 45;
}

/** What `\s` of a regular expression matches, by char code: isWhiteSpaceCode but the zero-width spaces U+200B–U+200D. */
function isJsSpaceCode(c: number): boolean {
  return isWhiteSpaceCode(c) && !(c >= 0x200b && c <= 0x200d);
}
