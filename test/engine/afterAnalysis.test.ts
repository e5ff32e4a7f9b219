/**
 * fill()'s afterAnalysis: called once, after the analysis and before the plan is made (a host collects the
 * analysis's garbage there); the report and plan are the same with it.
 */
import { fill, validate } from '../../src/engine';
import { generatePlan } from '../../scripts/bench/generate';

test('afterAnalysis is called once, between the analysis and the plan, and changes nothing', () => {
  const snapshot = generatePlan(300);
  const calls: string[] = [];
  const withHook = fill(snapshot, { lang: 'en', afterAnalysis: () => calls.push('after') });
  expect(calls).toEqual(['after']);
  const without = fill(snapshot, { lang: 'en' });
  expect(JSON.stringify(withHook)).toBe(JSON.stringify(without));
  // validate makes no plan: it does not call it.
  validate(snapshot, { lang: 'en', afterAnalysis: () => calls.push('validate') });
  expect(calls).toEqual(['after']);
});
