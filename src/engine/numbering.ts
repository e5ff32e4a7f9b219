/** Numbering of goals, indicators and plans: `一、二、四` skips 三. */
import { Issue, makeIssue } from './issues';

export interface Numbered {
  marker: string;
  n: number;
  scheme: string;
  cell: string;
}

const CJK = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** The numeral in the same writing as the marker: 3 in a `（二）` list reads `（三）`. */
export function numeralLike(example: Numbered, n: number): string {
  const cjk = (k: number): string => {
    if (k <= 10) return CJK[k];
    if (k < 20) return '十' + CJK[k - 10];
    const tens = Math.floor(k / 10);
    const ones = k % 10;
    return CJK[tens] + '十' + (ones ? CJK[ones] : '');
  };
  switch (example.scheme) {
    case 'cjk':
    case 'cjk-formal':
      return cjk(n);
    case 'paren-cjk':
      return `（${cjk(n)}）`;
    case 'paren-arabic':
      return `(${n})`;
    default:
      return String(n);
  }
}

/**
 * Checks that the numbers of a list run 1, 2, 3… in one scheme. Items without a number, and lists
 * that mix schemes, are not judged. A gap or a repeat is a warning at the item where it happens.
 */
export function checkNumbering(sheet: string, items: (Numbered | null)[], issues: Issue[]): void {
  const numbered = items.filter((i): i is Numbered => i !== null);
  if (numbered.length < 2) return;
  const scheme = numbered[0].scheme;
  if (numbered.some((i) => i.scheme !== scheme)) return;
  for (let k = 1; k < numbered.length; k++) {
    const prev = numbered[k - 1];
    const cur = numbered[k];
    if (cur.n === prev.n) {
      issues.push(makeIssue('NUMBERING_REPEAT', sheet, cur.cell, { marker: cur.marker }));
    } else if (cur.n > prev.n + 1) {
      const missing: string[] = [];
      for (let n = prev.n + 1; n < cur.n && missing.length < 5; n++) missing.push(numeralLike(cur, n));
      issues.push(
        makeIssue('NUMBERING_GAP', sheet, cur.cell, {
          previous: prev.marker,
          marker: cur.marker,
          missing: missing.join('、'),
        }),
      );
    }
  }
}
