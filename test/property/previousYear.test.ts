/**
 * The comparison with last year's workbook on any pair of workbooks (random grids, mutated seeds): it never
 * throws, lists every risk of both years once, never reports last year's cells as this year's findings, and
 * leaves last year's snapshot as it was.
 */
import fc from 'fast-check';
import { fill, validate } from '../../src/engine';
import { anyWorkbook } from './arbitraries';

const RUNS = Number(process.env.FUZZ_RUNS ?? 0) || 100;

test('any pair of workbooks: a comparison with every risk once, and nothing written to last year', () => {
  fc.assert(
    fc.property(anyWorkbook, anyWorkbook, (current, previous) => {
      const before = JSON.stringify(previous);
      const plain = validate(current);
      const r = validate(current, { previous, lang: 'en' });
      const c = r.comparison!;
      const currentRisks = c.risks.filter((x) => x.movement !== 'closed');
      expect(currentRisks.length).toBe(plain.risks.length);
      const lastRisks = validate(previous).risks.length;
      expect(c.risks.filter((x) => x.previousId !== null || x.movement === 'closed').length).toBe(lastRisks);
      // This year's own findings are all still there; the comparison adds only PREV_ warnings.
      const added = r.issues.filter((i) => !plain.issues.some((p) => p.code === i.code && p.sheet === i.sheet && p.cell === i.cell));
      for (const i of added) expect(i.code).toMatch(/^PREV_/);
      const { plan } = fill(current, { previous });
      expect(plan.touches.every((s) => current.sheets.some((x) => x.name === s))).toBe(true);
      expect(JSON.stringify(previous)).toBe(before);
    }),
    { numRuns: RUNS, seed: 20261201 },
  );
});
