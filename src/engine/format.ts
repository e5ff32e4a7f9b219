/** Numbers as the report writes them. */

export function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

/** 1234.5 → `1,234.5` */
export function fmt(v: number): string {
  const r = round6(v);
  const [i, d] = String(Math.abs(r)).split('.');
  const withSep = i.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (r < 0 ? '-' : '') + withSep + (d ? '.' + d : '');
}
