/** Numbers as the report writes them. */

export function round6(v: number): number {
  const r = Math.round(v * 1e6) / 1e6;
  // Past 1.8e302, v × 10^6 overflows: such a number has no decimals to round. -0 (a tiny negative) is 0.
  return Number.isFinite(r) ? r || 0 : Number.isFinite(v) ? v : r;
}

/** 1234.5 → `1,234.5` */
export function fmt(v: number): string {
  const r = round6(v);
  const [i, d] = String(Math.abs(r)).split('.');
  const withSep = i.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (r < 0 ? '-' : '') + withSep + (d ? '.' + d : '');
}
