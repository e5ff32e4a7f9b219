/**
 * Where a run's time and memory go, step by step: with PLANCHECK_TRACE=1 in the environment, one line per step on
 * stderr (milliseconds since the previous step, heap used, RSS). Nothing otherwise.
 */
const on = typeof process !== 'undefined' && process.env.PLANCHECK_TRACE === '1';
let last = 0;

export function trace(step: string): void {
  if (!on) return;
  const now = performance.now();
  const before = process.memoryUsage().heapUsed;
  // With --expose-gc: the live heap after a full collection (the time of the collection is not counted).
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) gc();
  const m = process.memoryUsage();
  const mb = (n: number) => `${Math.round(n / 1048576)} MB`;
  process.stderr.write(`[trace] ${step.padEnd(28)} +${Math.round(now - last)} ms  heap ${mb(before)}${gc ? ` (live ${mb(m.heapUsed)})` : ''}  rss ${mb(m.rss)}  ext ${mb(m.external + m.arrayBuffers)}\n`);
  last = performance.now();
}
