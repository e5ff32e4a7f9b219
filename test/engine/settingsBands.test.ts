/** The bands that the settings panel's lowest scores stand for (bandsFromLowest), against the engine's defaults. */
import { bandsFromLowest, defaultBands, RISK_LEVELS, scoresOf } from '../../src/engine/settings';

describe('bandsFromLowest', () => {
  test.each([3, 4, 5])('the default bands of an N × N matrix (N = %i) come back from their lowest scores', (scale) => {
    const defaults = defaultBands(scale);
    const lowest = defaults.slice(1).map((b) => b.min);
    expect(bandsFromLowest(scale, lowest)).toEqual(defaults.map(({ level, min, max }) => ({ level, min, max })));
  });

  test('each band runs to the highest score the matrix can give below the next one', () => {
    expect(scoresOf(3)).toEqual([1, 2, 3, 4, 6, 9]);
    expect(bandsFromLowest(5, [5, 12, 15])).toEqual([
      { level: 'low', min: 1, max: 4 },
      { level: 'medium', min: 5, max: 10 },
      { level: 'high', min: 12, max: 12 },
      { level: 'extreme', min: 15, max: 25 },
    ]);
  });

  test('lowest scores that do not rise, are out of range, or leave a band without a score are refused', () => {
    expect(bandsFromLowest(5, [10, 5, 15])).toBeNull();
    expect(bandsFromLowest(5, [5, 5, 15])).toBeNull();
    expect(bandsFromLowest(3, [1, 4, 9])).toBeNull();
    expect(bandsFromLowest(3, [3, 6, 10])).toBeNull();
    expect(bandsFromLowest(3, [3, 7, 9])).toBeNull(); // 7–8: no L × I on a 3 × 3
    expect(bandsFromLowest(3, [3, 6])).toBeNull();
    expect(bandsFromLowest(3, [3, 6, 9])!.map((b) => b.level)).toEqual(RISK_LEVELS);
  });
});
