/** What the workbook and worksheet editors share: their top-level elements in schema order, and the r: prefix. */
import { NS } from './opc';
import { attrList, setAttr } from './xml';

/** A top-level element of a part, as its raw text (with the whitespace before it). */
export interface RawElement {
  local: string;
  raw: string;
}

/**
 * Replaces, removes (xml null) or inserts the top-level element `local`; a new one goes after every element
 * that comes before it in the schema's `order`. The whitespace before a replaced element is kept.
 */
export function setElementInOrder(parts: RawElement[], order: readonly string[], local: string, xml: string | null): void {
  const k = parts.findIndex((p) => p.local === local);
  if (k >= 0) {
    if (xml === null) parts.splice(k, 1);
    else parts[k].raw = parts[k].raw.slice(0, parts[k].raw.indexOf('<')) + xml;
    return;
  }
  if (xml === null) return;
  const rank = order.indexOf(local);
  let at = 0;
  for (let i = 0; i < parts.length; i++) {
    const r = order.indexOf(parts[i].local);
    if (r >= 0 && r <= rank) at = i + 1;
  }
  parts.splice(at, 0, { local, raw: xml });
}

/**
 * The prefix bound to the relationships namespace on the root element (the last tag of `head`), and the head
 * with that binding declared when it was missing (under `r`, or `r1`, `r2`… when `r` is taken).
 */
export function relPrefixOf(head: string): { prefix: string; head: string } {
  const tag = head.slice(head.lastIndexOf('<'));
  const found = attrList(tag).find(([k, v]) => k.startsWith('xmlns:') && v === NS.rel);
  if (found) return { prefix: found[0].slice(6), head };
  let p = 'r';
  for (let k = 1; attrList(tag).some(([n]) => n === `xmlns:${p}`); k++) p = `r${k}`;
  return { prefix: p, head: head.slice(0, head.lastIndexOf('<')) + setAttr(tag, `xmlns:${p}`, NS.rel) };
}
