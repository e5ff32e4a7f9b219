/**
 * The cells a sheet write puts, kept compact: a plan of 100,000 rows writes some 670,000 cells, and an object a
 * cell (its value in an object of its own, its row and column as fields) took some 100 bytes each, 60–70 MB of
 * the plan. Here a cell is a row and a column in typed arrays, its value as the text or the number itself, and
 * its format as an index into the list's few formats: about 20 bytes.
 *
 * What a host reads is the same as before: `at(k)` (and iterating, `find`, `filter`, …) gives a CellWrite, made
 * when asked for; `row(k)`, `col(k)`, `raw(k)`, `text(k)`, `format(k)`, `note(k)` read a cell without making one.
 */
import type { CellFormat, CellWrite, WriteValue } from './writePlan';

const NO_FORMAT = 0;

export class CellList implements Iterable<CellWrite> {
  private rows = new Int32Array(16);
  private cols = new Int32Array(16);
  /** The value: the text, the number, or null (no value: a format or a note alone). */
  private values: (string | number | null)[] = [];
  /** The format's index in `formats` (0: none). */
  private formatIndex = new Uint16Array(16);
  private readonly formatList: (CellFormat | undefined)[] = [undefined];
  private readonly formatIds = new Map<CellFormat, number>();
  /** The formats past 65,535 different ones, by cell (a plan makes a few dozen). */
  private extraFormats: Map<number, CellFormat> | null = null;
  private notes: Map<number, string> | null = null;
  private n = 0;

  /** A list of these cells (tests, and hosts given a plan made by hand). */
  static from(cells: Iterable<CellWrite>): CellList {
    const list = new CellList();
    for (const c of cells) list.push(c);
    return list;
  }

  get length(): number {
    return this.n;
  }

  /** Adds a cell: its value is taken from the object (which is not kept). */
  push(...cells: CellWrite[]): number {
    for (const c of cells) this.add(c.row, c.col, c.value, c.format, c.note);
    return this.n;
  }

  add(row: number, col: number, value: WriteValue, format?: CellFormat, note?: string): void {
    const k = this.n;
    if (k === this.rows.length) this.grow();
    this.rows[k] = row;
    this.cols[k] = col;
    this.values.push(value === null ? null : 'text' in value ? value.text : value.number);
    if (format !== undefined) this.setFormat(k, format);
    if (note !== undefined) (this.notes ??= new Map()).set(k, note);
    this.n = k + 1;
  }

  private grow(): void {
    const size = this.rows.length * 2;
    const rows = new Int32Array(size);
    rows.set(this.rows);
    this.rows = rows;
    const cols = new Int32Array(size);
    cols.set(this.cols);
    this.cols = cols;
    const f = new Uint16Array(size);
    f.set(this.formatIndex);
    this.formatIndex = f;
  }

  private setFormat(k: number, format: CellFormat): void {
    let id = this.formatIds.get(format);
    if (id === undefined) {
      if (this.formatList.length > 0xffff) {
        (this.extraFormats ??= new Map()).set(k, format);
        return;
      }
      id = this.formatList.length;
      this.formatList.push(format);
      this.formatIds.set(format, id);
    }
    this.formatIndex[k] = id;
  }

  row(k: number): number {
    return this.rows[k];
  }
  col(k: number): number {
    return this.cols[k];
  }
  /** The value as the plan holds it: the text, the number, or null. */
  raw(k: number): string | number | null {
    return this.values[k];
  }
  /** The text written, or undefined when the cell's value is not text. */
  text(k: number): string | undefined {
    const v = this.values[k];
    return typeof v === 'string' ? v : undefined;
  }
  value(k: number): WriteValue {
    const v = this.values[k];
    return v === null ? null : typeof v === 'string' ? { text: v } : { number: v };
  }
  format(k: number): CellFormat | undefined {
    const id = this.formatIndex[k];
    if (id !== NO_FORMAT) return this.formatList[id];
    return this.extraFormats?.get(k);
  }
  note(k: number): string | undefined {
    return this.notes?.get(k);
  }
  /** Whether any cell has a note (most lists have none). */
  get hasNotes(): boolean {
    return !!this.notes?.size;
  }

  /** The cell at k as an object (made now: changing it does not change the list). */
  at(k: number): CellWrite {
    const c: CellWrite = { row: this.rows[k], col: this.cols[k], value: this.value(k) };
    const f = this.format(k);
    if (f !== undefined) c.format = f;
    const note = this.notes?.get(k);
    if (note !== undefined) c.note = note;
    return c;
  }

  *[Symbol.iterator](): Iterator<CellWrite> {
    for (let k = 0; k < this.n; k++) yield this.at(k);
  }

  toArray(): CellWrite[] {
    const out: CellWrite[] = new Array(this.n);
    for (let k = 0; k < this.n; k++) out[k] = this.at(k);
    return out;
  }

  /** As an array in JSON (plans compared, printed, sent). */
  toJSON(): CellWrite[] {
    return this.toArray();
  }

  find(pred: (c: CellWrite, k: number) => unknown): CellWrite | undefined {
    for (let k = 0; k < this.n; k++) {
      const c = this.at(k);
      if (pred(c, k)) return c;
    }
    return undefined;
  }
  filter(pred: (c: CellWrite, k: number) => unknown): CellWrite[] {
    const out: CellWrite[] = [];
    for (let k = 0; k < this.n; k++) {
      const c = this.at(k);
      if (pred(c, k)) out.push(c);
    }
    return out;
  }
  some(pred: (c: CellWrite, k: number) => unknown): boolean {
    return this.find(pred) !== undefined;
  }
  every(pred: (c: CellWrite, k: number) => unknown): boolean {
    return !this.some((c, k) => !pred(c, k));
  }
  map<T>(f: (c: CellWrite, k: number) => T): T[] {
    const out: T[] = new Array(this.n);
    for (let k = 0; k < this.n; k++) out[k] = f(this.at(k), k);
    return out;
  }
  forEach(f: (c: CellWrite, k: number) => void): void {
    for (let k = 0; k < this.n; k++) f(this.at(k), k);
  }
}
