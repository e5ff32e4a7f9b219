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
  if (cut.length >= 2) s = cut;
  return s.replace(/[-－—–─―~～]+$/, '');
}

/** The parts of a name split at dashes (`治安防治專案-重要路口錄影監視系統計畫`), each as a key. */
function partKeys(name: string): string[] {
  const n = normalizeLabel(stripNumbering(name));
  const parts = n.split(DASHES).map((p) => nameKey(p)).filter((p) => p.length >= 2);
  return parts.length > 1 ? parts : [];
}

function bigrams(s: string): Map<string, number> {
  const m = new Map<string, number>();
  const cs = [...s];
  for (let k = 0; k + 1 < cs.length; k++) {
    const b = cs[k] + cs[k + 1];
    m.set(b, (m.get(b) ?? 0) + 1);
  }
  return m;
}

/** Sørensen–Dice on character bigrams (0…1). */
export function dice(a: string, b: string): number {
  if (a === b) return 1;
  if ([...a].length < 2 || [...b].length < 2) return 0;
  const x = bigrams(a);
  const y = bigrams(b);
  let both = 0;
  let total = 0;
  for (const [k, n] of x) {
    both += Math.min(n, y.get(k) ?? 0);
    total += n;
  }
  for (const n of y.values()) total += n;
  return (2 * both) / total;
}

function compareKeys(ka: string, kb: string): number {
  if (ka === kb) return 1;
  const [short, long] = ka.length <= kb.length ? [ka, kb] : [kb, ka];
  if ([...short].length >= 4 && long.includes(short)) return 0.85;
  const d = dice(ka, kb);
  return d >= 0.8 ? d * 0.9 : d * 0.5;
}

/** How well two names match, 0…1 (see the module comment). */
export function nameScore(a: string, b: string): number {
  const ka = nameKey(a);
  const kb = nameKey(b);
  if (!ka || !kb) return 0;
  if (ka === kb) return 1;
  let best = compareKeys(ka, kb);
  const pa = [ka, ...partKeys(a)];
  const pb = [kb, ...partKeys(b)];
  for (const x of pa) {
    for (const y of pb) {
      if (x === ka && y === kb) continue;
      // A part of one name: at most 0.95 for an equal part, less for one inside another.
      const s = x === y ? 0.95 : compareKeys(x, y) * 0.95;
      if (s > best) best = s;
    }
  }
  return best;
}

/**
 * Pairs items of two lists by name, best pairs first, each item used once; a pair needs `threshold` or more.
 * `extra` may add to a pair's score (such as a matching goal), and `allow` may forbid a pair.
 */
export function pairByName<A, B>(
  as: A[],
  bs: B[],
  nameA: (a: A) => string,
  nameB: (b: B) => string,
  threshold = MATCH_THRESHOLD,
  extra: (a: A, b: B) => number = () => 0,
): { a: A; b: B; score: number }[] {
  const candidates: { i: number; j: number; score: number }[] = [];
  const keyCache = new Map<string, string>();
  const key = (s: string) => {
    let k = keyCache.get(s);
    if (k === undefined) keyCache.set(s, (k = nameKey(s)));
    return k;
  };
  for (let i = 0; i < as.length; i++) {
    const na = nameA(as[i]);
    if (!key(na)) continue;
    for (let j = 0; j < bs.length; j++) {
      const nb = nameB(bs[j]);
      if (!key(nb)) continue;
      const s = nameScore(na, nb);
      if (s >= threshold) candidates.push({ i, j, score: s + extra(as[i], bs[j]) });
    }
  }
  candidates.sort((x, y) => y.score - x.score || x.i - y.i || x.j - y.j);
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  const out: { a: A; b: B; score: number }[] = [];
  for (const c of candidates) {
    if (usedA.has(c.i) || usedB.has(c.j)) continue;
    usedA.add(c.i);
    usedB.add(c.j);
    out.push({ a: as[c.i], b: bs[c.j], score: c.score });
  }
  return out;
}

/** The best match of a name among candidates, or null below the threshold. */
export function bestMatch<T>(name: string, candidates: T[], nameOf: (t: T) => string, threshold = MATCH_THRESHOLD): { item: T; score: number } | null {
  let best: { item: T; score: number } | null = null;
  for (const c of candidates) {
    const s = nameScore(name, nameOf(c));
    if (s >= threshold && (!best || s > best.score)) best = { item: c, score: s };
  }
  return best;
}
