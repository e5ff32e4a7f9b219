import { CellList } from '../../src/engine/cellList';
import type { CellFormat, CellWrite } from '../../src/engine/writePlan';

describe('the compact list of a sheet write\'s cells', () => {
  test('gives back each cell as it was put: row, column, value, format, note', () => {
    const bold: CellFormat = { bold: true };
    const cells: CellWrite[] = [
      { row: 0, col: 0, value: { text: '=SUM(A1)' }, format: bold, note: 'a note' },
      { row: 0, col: 1, value: { number: 0.875 } },
      { row: 1, col: 3, value: null, format: { fill: 'FF0000' } },
      { row: 2, col: 16383, value: { number: -0 } },
      { row: 1048575, col: 2, value: { text: '' } },
    ];
    const list = CellList.from(cells);
    expect(list.length).toBe(5);
    expect(list.toArray()).toEqual(cells);
    expect([...list]).toEqual(cells);
    expect(JSON.parse(JSON.stringify({ cells: list }))).toEqual(JSON.parse(JSON.stringify({ cells })));
    expect(list.format(0)).toBe(bold);
    expect(list.text(0)).toBe('=SUM(A1)');
    expect(list.text(1)).toBeUndefined();
    expect(list.raw(1)).toBe(0.875);
    expect(list.raw(2)).toBeNull();
    expect(Object.is(list.raw(3), -0)).toBe(true);
    expect(list.note(0)).toBe('a note');
    expect(list.note(1)).toBeUndefined();
    expect(list.hasNotes).toBe(true);
    expect('format' in list.at(1)).toBe(false);
    expect(list.find((c) => c.col === 3)?.format).toEqual({ fill: 'FF0000' });
    expect(list.filter((c) => c.row === 0).length).toBe(2);
    expect(list.some((c) => c.row === 7)).toBe(false);
    expect(list.every((c) => c.row >= 0)).toBe(true);
    expect(list.map((c) => c.col)).toEqual([0, 1, 3, 16383, 2]);
  });

  test('grows past its first size, in order; a cell taken out and changed does not change the list', () => {
    const list = new CellList();
    for (let k = 0; k < 100000; k++) list.add(k, k % 7, k % 2 ? { number: k } : { text: `t${k}` });
    expect(list.length).toBe(100000);
    for (const k of [0, 15, 16, 17, 65535, 65536, 99999]) {
      expect(list.row(k)).toBe(k);
      expect(list.col(k)).toBe(k % 7);
      expect(list.value(k)).toEqual(k % 2 ? { number: k } : { text: `t${k}` });
    }
    const c = list.at(3);
    (c.value as { number: number }).number = 99;
    c.row = 5;
    expect(list.at(3)).toEqual({ row: 3, col: 3, value: { number: 3 } });
  });

  test('keeps more different formats than an index of 16 bits holds', () => {
    const list = new CellList();
    const formats: CellFormat[] = [];
    for (let k = 0; k < 70000; k++) {
      formats.push({ fontSize: k });
      list.add(k, 0, null, formats[k]);
    }
    for (const k of [0, 65533, 65534, 65535, 65536, 69999]) expect(list.format(k)).toBe(formats[k]);
    // The same format object is one entry, however many cells have it.
    const shared = new CellList();
    const f = { fill: '00FF00' };
    for (let k = 0; k < 10; k++) shared.add(0, k, null, f);
    expect(shared.toArray().every((c) => c.format === f)).toBe(true);
  });
});
