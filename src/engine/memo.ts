/**
 * Bounded memos: readings of texts and values that repeat down a large plan (a cell's short text, a label, a
 * number) are kept, and the memo is emptied when it holds `limit` of them, so that a workbook of many distinct
 * values does not grow it without end. The values kept are never changed by their users.
 */

/** The value kept in `memo` for `key`, made by `read` the first time. */
export function remembered<K, T>(memo: Map<K, T>, limit: number, key: K, read: (key: K) => T): T {
  let hit = memo.get(key);
  if (hit === undefined) {
    hit = read(key);
    if (memo.size >= limit) memo.clear();
    memo.set(key, hit);
  }
  return hit;
}
