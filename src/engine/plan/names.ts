/**
 * Tolerant matching of plan, indicator and risk names across tables and across years.
 *
 * The same plan is written differently in each table: `一、 治安防治 專案-重要路口 錄影監視系統 計畫：` in the
 * indicator table, `重要路口錄影監視系統計畫` in the risk register. A name's *key* is what is left when the
 * things that do not matter are taken away:
 * - full-width forms, spaces and line breaks (pasted text breaks words);
 * - leading numbering, however deep (`一、`, `（一）`, `1.`, `(1)`, `第一項`) and a leading risk ID (`P1`);
 * - punctuation and quotes (`「」`, `：`, `。`, `、`), and a trailing weight (`(25%)`);
 * - a trailing 計畫, 專案, 工作計畫, 執行計畫, 方案 or 案.
 * Two names match when their keys are equal (score 1), when the shorter key (4 characters or more) is inside the
 * longer one (score 0.85), or when their character pairs agree closely (Dice ≥ 0.8 on character bigrams: score =
 * Dice × 0.9). A name with a dash (`治安防治專案-重要路口錄影監視系統計畫`) is also compared part by part, each
 * part's score × 0.95 (an equal part: 0.95).
 */
import { parseOrdinal } from '../numbers';
import { cleanText, normalizeLabel } from '../text';

/** Below this a pair is not a match. */
export const MATCH_THRESHOLD = 0.72;

const ID_PREFIX = /^[a-z]{1,4}-?\d{1,6}(?:[-.]\d{1,3})?(?=[^a-z0-9.]|$)/;
const WEIGHT_SUFFIX = /[(（]\s*[0-9０-９.．]+\s*[%％]\s*[)）]\s*$/;
const PUNCTUATION = /[\s\u200B-\u200D「」『』“”‘’"'`：:。．，,、；;！!？?（）()［］\[\]【】〈〉《》<>…‧・·*※_~～]+/g;
const DASHES = /[-－—–─―~～]+/;
const TRAILING = /(工作計畫|執行計畫|實施計畫|計畫|計劃|專案|方案|案|project|plan|program)+$/;

/** The name without its numbering (any depth) and without a leading risk ID. */
export function stripNumbering(name: string): string {
  let s = name.trim();
  for (let k = 0; k < 4; k++) {
    const o = parseOrdinal(s);
    if (!o || o.rest.trim() === '') break;
    s = o.rest.trim();
  }
  s = s.replace(/^第[一二三四五六七八九十百0-9０-９]+[項點款部分章節]+[、:：.\s]*/, '');
  return s;
}

/** A name as messages show it: cleaned, without its numbering and a trailing colon (`賡續推動「社會安全網」`). */
export function displayName(name: string): string {
  return cleanText(stripNumbering(name)).replace(/[：:]\s*$/, '') || cleanText(name);
}

/** The key a name is matched by (see the module comment); '' when nothing is left. */
export function nameKey(name: string): string {
  let s = stripNumbering(name).replace(WEIGHT_SUFFIX, '');
  s = normalizeLabel(s);
  s = s.replace(ID_PREFIX, '');
  s = s.replace(PUNCTUATION, '');
  // Trailing words: `…系統計畫` → `…系統`, but never down to nothing (`專案` alone stays).
  const cut = s.replace(TRAILING, '');
  if (cut.length >= 1) s = cut;
  return s.replace(/[-－—–─―~～]+$/, '');
}

/** The parts of a name split at dashes (`治安防治專案-重要路口錄影監視系統計畫`), each as a key. */
function partKeys(name: string): string[] {
  const n = normalizeLabel(stripNumbering(name));
  // Without a dash it is one part: no parts (its key is not made a second time, for nothing).
  if (!DASHES.test(n)) return [];
  const parts = n.split(DASHES).map((p) => nameKey(p)).filter((p) => p.length >= 2);
  return parts.length > 1 ? parts : [];
}

/** What a name is compared by: its key and the keys of its dash-separated parts, computed once per name. */
interface Profile {
  key: string;
  parts: string[];
}

/** Names remembered (a large plan has tens of thousands of budget items); the memo is emptied when full. */
const MEMO_MAX = 200_000;
const profiles = new Map<string, Profile>();
const bigramMemo = new Map<string, Map<string, number>>();

function profileOf(name: string): Profile {
  let p = profiles.get(name);
  if (!p) {
    if (profiles.size >= MEMO_MAX) profiles.clear();
    p = { key: nameKey(name), parts: partKeys(name) };
    profiles.set(name, p);
  }
  return p;
}

function bigrams(s: string): Map<string, number> {
  let m = bigramMemo.get(s);
  if (m) return m;
  m = new Map<string, number>();
  const cs = [...s];
  for (let k = 0; k + 1 < cs.length; k++) {
    const b = cs[k] + cs[k + 1];
    m.set(b, (m.get(b) ?? 0) + 1);
  }
  if (bigramMemo.size >= MEMO_MAX) bigramMemo.clear();
  bigramMemo.set(s, m);
  return m;
}

/** Sørensen–Dice on character bigrams (0…1). */
export function dice(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length < 2 || b.length < 2) return 0;
  const x = bigrams(a);
  const y = bigrams(b);
  let both = 0;
  let total = 0;
  for (const [k, n] of x) {
    both += Math.min(n, y.get(k) ?? 0);
    total += n;
  }
  for (const n of y.values()) total += n;
  return total ? (2 * both) / total : 0;
}

function compareKeys(ka: string, kb: string): number {
  if (ka === kb) return 1;
  const [short, long] = ka.length <= kb.length ? [ka, kb] : [kb, ka];
  if ([...short].length >= 4 && long.includes(short)) return 0.85;
  const d = dice(ka, kb);
  return d >= 0.8 ? d * 0.9 : d * 0.5;
}

function profileScore(pa: Profile, pb: Profile): number {
  if (!pa.key || !pb.key) return 0;
  if (pa.key === pb.key) return 1;
  let best = compareKeys(pa.key, pb.key);
  if (!pa.parts.length && !pb.parts.length) return best;
  for (const x of [pa.key, ...pa.parts]) {
    for (const y of [pb.key, ...pb.parts]) {
      if (x === pa.key && y === pb.key) continue;
      // A part of one name: at most 0.95 for an equal part, less for one inside another.
      const s = x === y ? 0.95 : compareKeys(x, y) * 0.95;
      if (s > best) best = s;
    }
  }
  return best;
}

/** How well two names match, 0…1 (see the module comment). */
export function nameScore(a: string, b: string): number {
  return profileScore(profileOf(a), profileOf(b));
}

/**
 * Name comparisons an index may make beyond its exact look-ups, over all its look-ups. Past it (large tables:
 * 450 names against 450 already make this many pairs) only names with the same key, or with an equal
 * dash-separated part, are matched.
 */
export const FUZZY_BUDGET = 200_000;

/** Adds k to the list of `key` in m. */
function addIndex(m: Map<string, number[]>, key: string, k: number): void {
  const list = m.get(key);
  if (list) list.push(k);
  else m.set(key, [k]);
}

/**
 * Candidates indexed by name: equal keys and equal dash parts are found at once; other pairs are scored one by
 * one while the index's budget of comparisons lasts.
 */
export class NameIndex<T> {
  private readonly byKey = new Map<string, number[]>();
  private readonly byPart = new Map<string, number[]>();
  private readonly entries: { item: T; profile: Profile }[] = [];
  private budget: number;

  constructor(items: T[], nameOf: (t: T) => string, budget = FUZZY_BUDGET) {
    this.budget = budget;
    // A plain loop (no closure an item: a large budget's index holds tens of thousands of items).
    const entries = this.entries;
    for (let k = 0; k < items.length; k++) {
      const item = items[k];
      const profile = profileOf(nameOf(item));
      entries.push({ item, profile });
      if (!profile.key) continue;
      addIndex(this.byKey, profile.key, k);
      for (const part of profile.parts) addIndex(this.byPart, part, k);
    }
  }

  get size(): number {
    return this.entries.length;
  }

  /** Every candidate scoring `threshold` or more, with its index, in the order of the items. */
  all(name: string, threshold = MATCH_THRESHOLD): { item: T; index: number; score: number }[] {
    const p = profileOf(name);
    if (!p.key) return [];
    const scores = new Map<number, number>();
    const exact = this.byKey.get(p.key);
    if (exact) for (const k of exact) scores.set(k, 1);
    this.partCandidates(p, (k) => {
      if (!scores.has(k)) scores.set(k, 0.95);
    });
    if (this.budget >= this.entries.length) {
      this.budget -= this.entries.length;
      const entries = this.entries;
      for (let k = 0; k < entries.length; k++) {
        const had = scores.get(k);
        if (had === 1) continue;
        const s = profileScore(p, entries[k].profile);
        if (s >= threshold && s > (had ?? 0)) scores.set(k, s);
      }
    }
    const out: { item: T; index: number; score: number }[] = [];
    for (const [index, score] of scores) if (score >= threshold) out.push({ item: this.entries[index].item, index, score });
    return out.sort((x, y) => x.index - y.index);
  }

  /** The indexes sharing a dash part with the name: its key or a part equal to a part or a key of theirs. */
  private partCandidates(p: Profile, visit: (k: number) => void): void {
    const parts = this.byPart.get(p.key);
    if (parts) for (const k of parts) visit(k);
    for (const key of p.parts) {
      const ps = this.byPart.get(key);
      if (ps) for (const k of ps) visit(k);
      if (key !== p.key) {
        const ks = this.byKey.get(key);
        if (ks) for (const k of ks) visit(k);
      }
    }
  }

  /**
   * The best candidate (the first of the best), or null below the threshold: what `all` would give first among
   * its highest scores, and with the same use of the budget, without listing every candidate (a name's dash part
   * is shared by every plan of a 業務 in large budgets).
   */
  best(name: string, threshold = MATCH_THRESHOLD): { item: T; score: number } | null {
    const p = profileOf(name);
    if (!p.key) return null;
    const scan = this.budget >= this.entries.length;
    if (scan) this.budget -= this.entries.length;
    // Only an equal key scores 1 (a part scores at most 0.95): the first of them is the best.
    const exact = this.byKey.get(p.key);
    if (exact && exact.length) return 1 >= threshold ? { item: this.entries[exact[0]].item, score: 1 } : null;
    let bestIndex = -1;
    let bestScore = -Infinity;
    if (scan) {
      const parts = new Set<number>();
      this.partCandidates(p, (k) => parts.add(k));
      const entries = this.entries;
      for (let k = 0; k < entries.length; k++) {
        const s = profileScore(p, entries[k].profile);
        let score = parts.has(k) ? 0.95 : -Infinity;
        if (s >= threshold && s > (score === -Infinity ? 0 : score)) score = s;
        if (score >= threshold && score > bestScore) {
          bestScore = score;
          bestIndex = k;
        }
      }
    } else if (0.95 >= threshold) {
      this.partCandidates(p, (k) => {
        if (bestIndex < 0 || k < bestIndex) bestIndex = k;
      });
      if (bestIndex >= 0) bestScore = 0.95;
    }
    return bestIndex >= 0 ? { item: this.entries[bestIndex].item, score: bestScore } : null;
  }
}

/**
 * Pairs items of two lists by name, best pairs first, each item used once; a pair needs `threshold` or more.
 * `extra` may add to a pair's score (such as a matching goal).
 */
export function pairByName<A, B>(
  as: A[],
  bs: B[],
  nameA: (a: A) => string,
  nameB: (b: B) => string,
  threshold = MATCH_THRESHOLD,
  extra: (a: A, b: B) => number = () => 0,
): { a: A; b: B; score: number }[] {
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  const out: { a: A; b: B; score: number }[] = [];
  // Equal keys first, in order, each with the best `extra` among the few first free ones: names repeat
  // (many risks of one name), and pairing them all with each other would grow with the square of their number.
  const freeB = new Map<string, number[]>();
  bs.forEach((b, j) => {
    const k = profileOf(nameB(b)).key;
    if (!k) return;
    const list = freeB.get(k);
    if (list) list.push(j);
    else freeB.set(k, [j]);
  });
  as.forEach((a, i) => {
    const k = profileOf(nameA(a)).key;
    const list = k ? freeB.get(k) : undefined;
    if (!list || !list.length) return;
    let pick = 0;
    let best = -Infinity;
    for (let n = 0; n < Math.min(list.length, PAIR_WINDOW); n++) {
      const e = extra(a, bs[list[n]]);
      if (e > best) {
        best = e;
        pick = n;
      }
    }
    const j = list.splice(pick, 1)[0];
    usedA.add(i);
    usedB.add(j);
    out.push({ a, b: bs[j], score: 1 + best });
  });
  const restA = as.map((_, i) => i).filter((i) => !usedA.has(i));
  const restB = bs.map((_, j) => j).filter((j) => !usedB.has(j));
  const index = new NameIndex(restB.map((j) => bs[j]), nameB);
  const candidates: { i: number; j: number; score: number }[] = [];
  for (const i of restA) {
    const found = index
      .all(nameA(as[i]), threshold)
      .map((c) => ({ i, j: restB[c.index], score: c.score + extra(as[i], c.item) }))
      .sort((x, y) => y.score - x.score)
      .slice(0, PAIR_WINDOW);
    candidates.push(...found);
  }
  candidates.sort((x, y) => y.score - x.score || x.i - y.i || x.j - y.j);
  for (const c of candidates) {
    if (usedA.has(c.i) || usedB.has(c.j)) continue;
    usedA.add(c.i);
    usedB.add(c.j);
    out.push({ a: as[c.i], b: bs[c.j], score: c.score });
  }
  return out;
}

/** The candidates of one item kept for pairing. */
const PAIR_WINDOW = 8;

/** The best match of a name among candidates, or null below the threshold. */
export function bestMatch<T>(name: string, candidates: T[], nameOf: (t: T) => string, threshold = MATCH_THRESHOLD): { item: T; score: number } | null {
  return new NameIndex(candidates, nameOf).best(name, threshold);
}
