/** The full collection the CLI makes between the engine and the package writer really collects. */
import { collectGarbage } from '../../src/hosts/node/memory';

test('collectGarbage frees an object nothing holds any more', async () => {
  let held: { big: number[] } | null = { big: new Array(1e5).fill(1) };
  const ref = new WeakRef(held);
  held = null;
  // A WeakRef keeps its target until the job that made it has ended.
  await new Promise((r) => setImmediate(r));
  collectGarbage();
  expect(ref.deref()).toBeUndefined();
});

test('collectGarbage can be called again', () => {
  expect(() => {
    collectGarbage();
    collectGarbage();
  }).not.toThrow();
});
