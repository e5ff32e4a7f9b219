/**
 * Numbers stated in the plan's prose (cells of text anywhere in the plan sheets; a whole plan pasted into
 * column A is common). Two kinds of sentence are read, and nothing else is guessed at:
 *
 * 1. A yearly target from a baseline: `以110年緝獲逃犯數2,098人為基準數，逐年增加1%為目標，111年查緝逃犯數目標值為
 *    2,119人` (also 逐年降低/減少/提升 …, `以逐年增加0.1%為目標`, `202件基準`). The target must be the baseline moved by
 *    the step for each year between the two years (a percentage baseline with a percentage step adds points), to
 *    within one unit of the target's last digit.
 * 2. A difference stated against a baseline or an earlier figure: `本期破獲率91.12%，高出基準破獲率(80.20%)達12.33%`
 *    (a difference of percentages may be points or relative: both readings are checked and shown), and
 *    `…為473.75件，較…504.82件，減少31.07件(-6.15%)` (a count difference, and the relative change in brackets).
 */
import { cellAddress } from './address';
import { fmt } from './format';
import { stepFromText } from './indicators';
import { Issue, makeIssue } from './issues';
import { findQuantity, Quantity } from './numbers';
import type { SheetSnapshot } from './snapshot';
import { toHalfWidth } from './text';

/** Sentences: split at 。；! ? and line breaks (not at ，: a sentence's clauses stay together). */
function sentences(text: string): string[] {
  return text
    .replace(/<\/?[a-zA-Z][^>]{0,200}>/g, ' ') // HTML pasted with the text (<p>, <ul>)
    .split(/[。；;!?！？\n\r]+/)
    .map((s) => s.trim())
    .filter((s) => s.length >= 8);
}

/** Every quantity of a text, in order, with its position in the text. */
export function quantities(text: string): Quantity[] {
  const out: Quantity[] = [];
  let from = 0;
  while (from < text.length && out.length < 40) {
    const q = findQuantity(text.slice(from));
    if (!q) break;
    out.push({ ...q, index: q.index + from });
    from += q.index + Math.max(1, q.length);
  }
  return out;
}

const YEAR = /(\d{2,3})\s*年/g;

function yearsIn(text: string): { year: number; index: number }[] {
  const out: { year: number; index: number }[] = [];
  YEAR.lastIndex = 0;
  for (let m = YEAR.exec(text); m; m = YEAR.exec(text)) out.push({ year: Number(m[1]), index: m.index });
  return out;
}

function show(q: { value: number; percent: boolean; unit?: string | null }, v = q.value): string {
  return fmt(v) + (q.percent ? '%' : q.unit ?? '');
}

/** A yearly-target sentence, checked; null when the sentence is not of that shape. */
export function checkYearlyTarget(sentence: string): { ok: boolean; params: Record<string, string | number> } | null {
  const h = toHalfWidth(sentence);
  const baseAt = h.search(/基準/);
  const stepAt = h.search(/逐年/);
  const targetAt = h.lastIndexOf('目標值');
  if (baseAt < 0 || stepAt < baseAt || targetAt < stepAt) return null;
  const step = stepFromText(h.slice(stepAt));
  if (step === null) return null;
  const before = quantities(h.slice(0, baseAt));
  const baseline = before[before.length - 1];
  const target = quantities(h.slice(targetAt))[0];
  if (!baseline || !target || baseline.percent !== target.percent) return null;
  const years = yearsIn(h);
  const baseYear = years.filter((y) => y.index < baseAt).pop()?.year;
  const targetYear = years.filter((y) => y.index > stepAt && y.index < targetAt).pop()?.year;
  const n = baseYear && targetYear && targetYear > baseYear && targetYear - baseYear <= 10 ? targetYear - baseYear : 1;
  const additive = baseline.percent && target.percent;
  let expected = baseline.value;
  for (let k = 0; k < n; k++) expected = additive ? expected + step : expected * (1 + step / 100);
  const unit = Math.pow(10, -target.decimals);
  const ok = Math.abs(target.value - expected) < unit - 1e-9;
  return {
    ok,
    params: {
      baseline: show(baseline),
      step: (step > 0 ? '+' : '') + fmt(step) + (additive ? ' pt' : '%'),
      years: n,
      expected: show(target, Number(expected.toFixed(Math.max(2, target.decimals)))),
      target: show(target),
      targetYear: targetYear ?? '',
    },
  };
}

const MORE = /高出|高於|多出|增加|提升|提高|上升|成長|增/;
const LESS = /低於|減少|降低|下降|減/;
const COMPARE = /較|比|高出|高於|低於|相較/;

/** A difference sentence, checked; null when not of that shape (or when it agrees, `ok: true`). */
export function checkDifference(sentence: string): { ok: boolean; params: Record<string, string | number> } | null {
  const h = toHalfWidth(sentence);
  const qs = quantities(h);
  for (let k = 0; k + 2 < qs.length; k++) {
    const a = qs[k];
    const b = qs[k + 1];
    const c = qs[k + 2];
    const between = h.slice(a.index + a.length, b.index);
    const after = h.slice(b.index + b.length, c.index);
    // `A 較/高出 … B (達) C`: the comparison between A and B, C right after B; a formula is no statement.
    if (!COMPARE.test(between) || /[=÷×*/]/.test(between + after) || /[=÷×*/]/.test(h.slice(c.index + c.length, c.index + c.length + 2))) continue;
    const word = (MORE.exec(between + after) ?? LESS.exec(between + after))?.[0];
    if (!word) continue;
    if (a.percent !== b.percent || (a.unit ?? '') !== (b.unit ?? '')) continue;
    if (after.length > 12 || between.length > 40) continue;
    const w = (q: Quantity) => h.slice(q.index, q.index + q.length).replace(/\s+/g, '');
    const diff = a.value - b.value;
    const tol = 0.5 * Math.pow(10, -c.decimals) + 0.5 * Math.pow(10, -Math.max(a.decimals, b.decimals)) + 1e-9;
    const claimedUp = MORE.test(word);
    const direction = (diff >= 0) === claimedUp || diff === 0;
    if (a.percent && c.percent && !c.sign) {
      const points = Math.abs(diff);
      const relative = b.value !== 0 ? Math.abs(diff / b.value) * 100 : NaN;
      const ok = direction && (Math.abs(c.value - points) <= tol || Math.abs(c.value - relative) <= tol);
      return { ok, params: { a: w(a), b: w(b), stated: w(c), points: fmt(Number(points.toFixed(2))), relative: Number.isFinite(relative) ? fmt(Number(relative.toFixed(2))) + '%' : '—', word } };
    }
    if (!a.percent && !c.percent && (c.unit ?? '') === (a.unit ?? '')) {
      let ok = direction && Math.abs(c.value - Math.abs(diff)) <= tol;
      const rel = qs[k + 3];
      let relative = '';
      if (rel && rel.percent && rel.index - (c.index + c.length) <= 3 && b.value !== 0) {
        const r = (diff / b.value) * 100;
        relative = fmt(Number(r.toFixed(2))) + '%';
        const rtol = 0.5 * Math.pow(10, -rel.decimals) + 1e-9 + Math.abs(r) * 1e-3;
        if (Math.abs(Math.abs(rel.value) - Math.abs(r)) > rtol || (rel.sign === '-') !== r < 0) ok = false;
      }
      return { ok, params: { a: w(a), b: w(b), stated: w(c) + (rel && relative ? `(${w(rel)})` : ''), points: fmt(Number(Math.abs(diff).toFixed(4))), relative: relative || '—', word } };
    }
  }
  return null;
}

const ANY_DIGIT = /[0-9０-９]/;

/**
 * Scans every text cell of a sheet (outside `skip`, the cells the table rules already check) for the two
 * sentence shapes, and reports those whose numbers disagree.
 */
export function checkProse(sheet: SheetSnapshot, skip: (r: number, c: number) => boolean, issues: Issue[]): void {
  // Plain loops: no closure made a row of a 100,000-row sheet.
  for (let r = 0; r < sheet.rows.length; r++) {
    const row = sheet.rows[r];
    if (!row) continue;
    for (let c = 0; c < row.length; c++) {
      const v = row[c];
      if (typeof v !== 'string' || v.length < 12 || v.length > 20000) continue;
      if (!ANY_DIGIT.test(v)) continue;
      // A sentence of either shape has its words in the cell too (tags become spaces, joining no words): a cell
      // with neither is not split into sentences.
      if (!(v.indexOf('基準') >= 0 && v.indexOf('逐年') >= 0 && v.indexOf('目標值') >= 0) && !COMPARE.test(v)) continue;
      if (skip(r, c)) continue;
      for (const s of sentences(v)) {
        if (/基準/.test(s) && /逐年/.test(s) && /目標值/.test(s)) {
          const y = checkYearlyTarget(s);
          if (y && !y.ok) issues.push(makeIssue('PROSE_TARGET_STEP', sheet.name, cellAddress(r, c), { ...y.params, sentence: clip(s) }));
          continue;
        }
        if (COMPARE.test(s)) {
          const d = checkDifference(s);
          if (d && !d.ok) issues.push(makeIssue('PROSE_DIFFERENCE', sheet.name, cellAddress(r, c), { ...d.params, sentence: clip(s) }));
        }
      }
    }
  }
}

function clip(s: string): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > 80 ? t.slice(0, 79) + '…' : t;
}
