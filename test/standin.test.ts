/**
 * The Excel stand-in is strict: it refuses what real Excel (and office.js) refuse, at the moment they refuse it,
 * so that the Office host's tests mean something without Excel.
 */
import type { CellValue, SheetSnapshot, WorkbookSnapshot } from '../src/engine/snapshot';
import { detectFeatures } from '../src/hosts/office/features';
import { readWorkbook } from '../src/hosts/office/read';
import { seedWorkbook } from './fixtures/seedPlans';
import { createStandIn, implementedMembers, installGlobals, StandInError, type RequestSummary, type StandIn, type StandInOptions } from './standin';

function sheet(name: string, rows: CellValue[][], extra: Partial<SheetSnapshot> = {}): SheetSnapshot {
  return { name, rows, merges: [], ...extra };
}

function book(...sheets: SheetSnapshot[]): WorkbookSnapshot {
  return { sheets };
}

function standIn(options: StandInOptions = {}, snapshot?: WorkbookSnapshot): StandIn {
  return createStandIn(
    snapshot ??
      book(
        sheet('Sheet1', [
          ['Name', 'Target', 'Actual'],
          ['指標一', 10, 12],
          ['指標二', 20, null],
        ]),
        sheet('My sheet', [['x']]),
        sheet('Empty', []),
      ),
    options,
  );
}

/** Runs a batch function in Excel.run and returns what it returns. */
function run<T>(s: StandIn, batch: (context: any) => Promise<T>): Promise<T> {
  return s.Excel.run(batch);
}

/** The error a promise rejects with (fails when it resolves). */
async function failure(p: Promise<unknown>): Promise<StandInError> {
  try {
    await p;
  } catch (e) {
    return e as StandInError;
  }
  throw new Error('expected a rejection');
}

/** The error a function throws at once. */
function thrown(f: () => unknown): StandInError {
  try {
    f();
  } catch (e) {
    return e as StandInError;
  }
  throw new Error('expected a throw');
}

describe('proxies: nothing is readable that was not loaded and synced', () => {
  test('a property read before load throws PropertyNotLoaded, with the Office message and error shape', async () => {
    const s = standIn();
    await run(s, async (context) => {
      const range = context.workbook.worksheets.getItem('Sheet1').getRange('A1:C2');
      const e = thrown(() => range.values);
      expect(e).toBeInstanceOf(StandInError);
      expect(e).toMatchObject({ name: 'RichApi.Error', code: 'PropertyNotLoaded', debugInfo: { code: 'PropertyNotLoaded', errorLocation: 'Range.values' } });
      expect(e.message).toBe(
        `The property 'values' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
      );
      await context.sync();
    });
  });

  test('a property loaded but not yet synced still throws; after the sync it reads', async () => {
    const s = standIn();
    await run(s, async (context) => {
      const range = context.workbook.worksheets.getItem('Sheet1').getRange('A1:C2');
      range.load('values,numberFormat,address,rowIndex,columnIndex');
      expect(thrown(() => range.values).code).toBe('PropertyNotLoaded');
      expect(thrown(() => range.address).code).toBe('PropertyNotLoaded');
      await context.sync();
      expect(range.values).toEqual([
        ['Name', 'Target', 'Actual'],
        ['指標一', 10, 12],
      ]);
      expect(range.numberFormat).toEqual([
        ['General', 'General', 'General'],
        ['General', 'General', 'General'],
      ]);
      expect(range.address).toBe('Sheet1!A1:C2');
      expect([range.rowIndex, range.columnIndex]).toEqual([0, 0]);
      // Only what was loaded.
      expect(thrown(() => range.formulas).code).toBe('PropertyNotLoaded');
    });
  });

  test('empty cells read as "" (as Excel), and quoted sheet names in addresses', async () => {
    const s = standIn();
    await run(s, async (context) => {
      const a = context.workbook.worksheets.getItem('Sheet1').getRange('B3:C3');
      const b = context.workbook.worksheets.getItem('My sheet').getRange('A1');
      a.load('values');
      b.load('address');
      await context.sync();
      expect(a.values).toEqual([[20, '']]);
      expect(b.address).toBe("'My sheet'!A1");
    });
  });

  test('loads are evaluated at the sync, after what was queued before them (not when load() was called)', async () => {
    const s = standIn();
    await run(s, async (context) => {
      const ws = context.workbook.worksheets.getItem('Sheet1');
      const before = ws.getRange('B2');
      before.load('values');
      ws.getRange('B2').values = [[99]];
      const after = ws.getRange('B2');
      after.load('values');
      // A change made in the workbook between load() and sync() is seen too.
      const c2 = ws.getRange('C2');
      c2.load('values');
      s.workbook.sheet('Sheet1').cell(1, 2).value = 13;
      await context.sync();
      expect(before.values).toEqual([[10]]);
      expect(after.values).toEqual([[99]]);
      expect(c2.values).toEqual([[13]]);
    });
  });

  test('a collection’s items need load and sync; every load form the host uses works', async () => {
    const s = standIn();
    await run(s, async (context) => {
      const sheets = context.workbook.worksheets;
      expect(thrown(() => sheets.items).code).toBe('PropertyNotLoaded');
      sheets.load('items/name,items/visibility');
      expect(thrown(() => sheets.items).code).toBe('PropertyNotLoaded');
      await context.sync();
      expect(sheets.items.map((w: any) => [w.name, w.visibility])).toEqual([
        ['Sheet1', 'Visible'],
        ['My sheet', 'Visible'],
        ['Empty', 'Visible'],
      ]);
      expect(thrown(() => sheets.items[0].position).code).toBe('PropertyNotLoaded');
      const again = context.workbook.worksheets;
      again.load(['name']);
      const sel = context.workbook.worksheets.getItem('Sheet1');
      sel.load({ select: 'name,visibility' });
      const all = context.workbook.worksheets.getItem('Empty');
      all.load();
      await context.sync();
      expect(again.items.map((w: any) => w.name)).toEqual(['Sheet1', 'My sheet', 'Empty']);
      expect([sel.name, sel.visibility]).toEqual(['Sheet1', 'Visible']);
      expect([all.name, all.position]).toEqual(['Empty', 2]);
    });
  });

  test('anything the stand-in does not implement throws ApiNotFound at once', async () => {
    const s = standIn();
    await run(s, async (context) => {
      const ws = context.workbook.worksheets.getItem('Sheet1');
      const range = ws.getRange('A1');
      for (const f of [
        () => range.text,
        () => range.getCell(0, 0),
        () => range.format.autofitColumns(),
        () => ws.tables,
        () => context.workbook.getSelectedRange(),
        () => context.runtime,
        () => range.load('text'),
        () => range.load('format'),
        () => context.workbook.worksheets.load('items/tables'),
        () => (range.style = 'Normal'),
        () => s.Excel.createWorkbook,
      ]) {
        const e = thrown(f);
        expect(e.code).toBe('ApiNotFound');
        expect(e.message).toMatch(/is not implemented by the stand-in/);
      }
      // A read-only property cannot be set; navigation properties cannot be assigned.
      expect(thrown(() => (range.address = 'B2')).code).toBe('CannotUpdateReadOnlyProperty');
      expect(thrown(() => (range.format = {})).code).toBe('CannotUpdateReadOnlyProperty');
      await context.sync();
    });
  });

  test('a value set on a proxy reads back as set (as office.js keeps it), not as Excel stored it', async () => {
    const s = standIn();
    await run(s, async (context) => {
      const range = context.workbook.worksheets.getItem('Sheet1').getRange('A5');
      range.values = [['=SUM(1)']];
      expect(range.values).toEqual([['=SUM(1)']]);
      const fresh = context.workbook.worksheets.getItem('Sheet1').getRange('A5');
      fresh.load('values,formulas');
      await context.sync();
      expect(fresh.values).toEqual([[0]]);
      expect(fresh.formulas).toEqual([['=SUM(1)']]);
    });
  });

  test('objects die with their Excel.run; Excel.run sends what is still queued; the batch must return a promise', async () => {
    const s = standIn();
    let kept: any;
    await run(s, async (context) => {
      kept = context.workbook.worksheets.getItem('Sheet1').getRange('A1');
      kept.load('values');
      await context.sync();
      context.workbook.worksheets.getItem('Sheet1').getRange('D1').values = [['queued']];
    });
    expect(s.workbook.sheet('Sheet1').cell(0, 3).value).toBe('queued');
    expect(kept.values).toEqual([['Name']]); // loaded values stay readable
    expect(thrown(() => (kept.values = [['late']])).code).toBe('InvalidObjectPath');
    expect(thrown(() => kept.format).code).toBe('InvalidObjectPath');
    expect((await failure(s.Excel.run((() => undefined) as any))).code).toBe('RunMustReturnPromise');
  });
});

describe('values: what Excel stores for what is written', () => {
  test('"=SUM(1)" without the text format becomes a formula; with "@" set first it stays text; order in the batch matters', async () => {
    const s = standIn();
    await run(s, async (context) => {
      const ws = context.workbook.worksheets.getItem('Sheet1');
      ws.getRange('E1').values = [['=SUM(1)']];
      const text = ws.getRange('E2');
      text.numberFormat = [['@']];
      text.values = [['=SUM(1)']];
      const late = ws.getRange('E3');
      late.values = [['=SUM(1)']];
      late.numberFormat = [['@']];
      await context.sync();
    });
    const ws = s.workbook.sheet('Sheet1');
    expect([ws.cell(0, 4).formula, ws.cell(0, 4).value]).toEqual(['=SUM(1)', 0]);
    expect([ws.cell(1, 4).formula, ws.cell(1, 4).value]).toEqual([null, '=SUM(1)']);
    expect([ws.cell(2, 4).formula, ws.cell(2, 4).numberFormat]).toEqual(['=SUM(1)', '@']);
  });

  test('strings are parsed as typed input unless the cell is text', async () => {
    const s = standIn();
    const inputs = ['+cmd|x', '-1+1', '@SUM(1)', '-5', '12.5%', 'TRUE', '007', "'007", '2022-01-05', '-', 'plain 文字', '1,234'];
    await run(s, async (context) => {
      context.workbook.worksheets.getItem('Empty').getRangeByIndexes(0, 0, 1, inputs.length).values = [inputs];
      const t = context.workbook.worksheets.getItem('Empty').getRangeByIndexes(1, 0, 1, inputs.length);
      t.numberFormat = [inputs.map(() => '@')];
      t.values = [inputs];
    });
    const ws = s.workbook.sheet('Empty');
    const typed = inputs.map((_, c) => [ws.cell(0, c).formula, ws.cell(0, c).value, ws.cell(0, c).numberFormat]);
    expect(typed).toEqual([
      ['=+cmd|x', 0, 'General'],
      ['=-1+1', 0, 'General'],
      ['=@SUM(1)', 0, 'General'],
      [null, -5, 'General'],
      [null, 0.125, '0.0%'],
      [null, true, 'General'],
      [null, 7, 'General'],
      [null, '007', 'General'],
      [null, 44566, 'yyyy/m/d'],
      [null, '-', 'General'],
      [null, 'plain 文字', 'General'],
      [null, 1234, 'General'],
    ]);
    expect(inputs.map((_, c) => ws.cell(1, c).value)).toEqual(inputs);
    expect(inputs.map((_, c) => ws.cell(1, c).formula)).toEqual(inputs.map(() => null));
  });

  test('null in values or numberFormat leaves the cell; "" clears it; a single value fills the range', async () => {
    const s = standIn();
    await run(s, async (context) => {
      const r = context.workbook.worksheets.getItem('Sheet1').getRange('A2:C3');
      r.numberFormat = [
        [null, '0.0', null],
        [null, null, null],
      ];
      r.values = [
        [null, 11, ''],
        ['新', null, null],
      ];
      context.workbook.worksheets.getItem('Sheet1').getRange('E1:F2').values = 'x';
    });
    const ws = s.workbook.sheet('Sheet1');
    expect([ws.cell(1, 0).value, ws.cell(1, 1).value, ws.cell(1, 2).value]).toEqual(['指標一', 11, null]);
    expect([ws.cell(2, 0).value, ws.cell(2, 1).value]).toEqual(['新', 20]);
    expect([ws.cell(1, 0).numberFormat, ws.cell(1, 1).numberFormat]).toEqual(['General', '0.0']);
    expect([ws.cell(0, 4).value, ws.cell(1, 5).value]).toEqual(['x', 'x']);
  });

  test('an array that does not match the range, an object, NaN or text over 32,767 characters: InvalidArgument, nothing written', async () => {
    for (const bad of [[[1, 2]], [[1], [2], [3]], [[{}]], [[NaN]], [['x'.repeat(32768)]], null, [['=SUM(1']]]) {
      const s = standIn();
      const e = await failure(
        run(s, async (context) => {
          context.workbook.worksheets.getItem('Sheet1').getRange('A1:A2').values = bad;
          await context.sync();
        }),
      );
      expect(e.code).toBe('InvalidArgument');
      expect(e.debugInfo.errorLocation).toBe('Range.values');
      expect(s.workbook.sheet('Sheet1').cell(0, 0).value).toBe('Name');
    }
    const s = standIn();
    const e = await failure(
      run(s, async (context) => {
        context.workbook.worksheets.getItem('Sheet1').getRange('A1:B1').numberFormat = [['@']];
      }),
    );
    expect(e.code).toBe('InvalidArgument');
  });
});

describe('batches: the request cap, partial application, counting', () => {
  test('a request over the cap rejects with RequestPayloadSizeLimitExceeded and applies nothing', async () => {
    const s = standIn({ maxRequestBytes: 2000 });
    const e = await failure(
      run(s, async (context) => {
        const ws = context.workbook.worksheets.getItem('Sheet1');
        ws.getRange('A10').values = [['first']];
        ws.getRange('A11').values = [['字'.repeat(700)]]; // 700 CJK characters: 2,100 bytes in UTF-8
        await context.sync();
      }),
    );
    expect(e).toMatchObject({ name: 'RichApi.Error', code: 'RequestPayloadSizeLimitExceeded' });
    expect(s.workbook.sheet('Sheet1').peek(9, 0)?.value ?? null).toBeNull();
    expect(s.stats.requests[0]).toBeGreaterThan(2000 + 700);
  });

  test('the failing operation stops the batch: those before it are applied, those after not, and no load is delivered', async () => {
    const s = standIn();
    let probe: any;
    const e = await failure(
      run(s, async (context) => {
        const ws = context.workbook.worksheets.getItem('Sheet1');
        probe = ws.getRange('A1');
        probe.load('values');
        ws.getRange('D1').values = [['before']];
        ws.getRange('D2').format.fill.color = null;
        ws.getRange('D3').values = [['after']];
        await context.sync();
      }),
    );
    expect(e).toMatchObject({ code: 'InvalidArgument', debugInfo: { code: 'InvalidArgument', errorLocation: 'RangeFill.color' } });
    const ws = s.workbook.sheet('Sheet1');
    expect(ws.cell(0, 3).value).toBe('before');
    expect(ws.peek(2, 3)?.value ?? null).toBeNull();
    expect(thrown(() => probe.values).code).toBe('PropertyNotLoaded');
  });

  test('every sync is counted with its request size; reset clears the counters', async () => {
    const s = standIn();
    const seen: RequestSummary[] = [];
    s.options.onRequest = (r) => seen.push(r);
    await run(s, async (context) => {
      await context.sync(); // nothing queued: counted, 0 bytes
      context.workbook.worksheets.getItem('Sheet1').getRange('A1').values = [['x']];
      await context.sync();
      context.workbook.worksheets.getItem('Sheet1').getRange('A1:B2').format.fill.color = '#FF0000';
      await context.sync();
    });
    expect(s.stats.syncs).toBe(3);
    expect(s.stats.requests[0]).toBe(0);
    expect(s.stats.requests[1]).toBeGreaterThan(100);
    expect(s.stats.largestRequest).toBe(Math.max(...s.stats.requests));
    expect(seen).toHaveLength(2); // onRequest sees the requests sent
    expect(Object.keys(seen[0].actions)).toEqual(['Workbook.worksheets (new WorksheetCollection)', 'WorksheetCollection.getItem (new Worksheet)', 'Worksheet.getRange (new Range)', 'Range._KeepReference', 'Range.values']);
    expect(seen[0].actions['Range.values'].count).toBe(1);
    expect(seen[0].bytes).toBe(s.stats.requests[1]);
    s.stats.reset();
    expect([s.stats.syncs, s.stats.requests, s.stats.largestRequest]).toEqual([0, [], 0]);
  });

  test('cell edit mode: every sync rejects and nothing is applied', async () => {
    const s = standIn({ cellEditMode: true });
    const e = await failure(
      run(s, async (context) => {
        context.workbook.worksheets.getItem('Sheet1').getRange('A1').values = [['x']];
        await context.sync();
      }),
    );
    expect(e.code).toBe('InvalidOperationInCellEditMode');
    expect(s.workbook.sheet('Sheet1').cell(0, 0).value).toBe('Name');
    s.options.cellEditMode = false;
    await run(s, async (context) => {
      context.workbook.worksheets.getItem('Sheet1').getRange('A1').values = [['x']];
    });
    expect(s.workbook.sheet('Sheet1').cell(0, 0).value).toBe('x');
  });

  test('a response over the cap rejects with ResponsePayloadSizeLimitExceeded', async () => {
    const rows = Array.from({ length: 200 }, (_, r) => [`第${r}列的說明文字`.repeat(5)]);
    const s = standIn({ maxResponseBytes: 20000 }, book(sheet('Big', rows)));
    const e = await failure(
      run(s, async (context) => {
        const used = context.workbook.worksheets.getItem('Big').getUsedRangeOrNullObject(true);
        used.load('values');
        await context.sync();
      }),
    );
    expect(e.code).toBe('ResponsePayloadSizeLimitExceeded');
  });
});

describe('protection and read-only documents', () => {
  test('every write to a protected sheet fails at the sync with AccessDenied; reads work', async () => {
    const writes: ((ws: any, context: any) => void)[] = [
      (ws) => (ws.getRange('A1').values = [['x']]),
      (ws) => (ws.getRange('A1').numberFormat = [['@']]),
      (ws) => (ws.getRange('A1').format.fill.color = '#FF0000'),
      (ws) => ws.getRange('A1').format.fill.clear(),
      (ws) => (ws.getRange('A1').format.font.bold = true),
      (ws) => (ws.getRange('A1').format.columnWidth = 100),
      (ws) => (ws.getRange('A1').format.borders.getItem('EdgeTop').style = 'Continuous'),
      (ws) => ws.getRange('A1:B1').merge(false),
      (ws) => ws.getRange('A1').clear('All'),
      (ws) => (ws.getRange('A1').dataValidation.rule = { list: { inCellDropDown: true, source: 'a,b' } }),
      (ws) => ws.getRanges('A1,B2').format.fill.clear(),
      (_ws, context) => context.workbook.notes.add('Sheet1!A1', 'note'),
      (_ws, context) => context.workbook.comments.add('Sheet1!A1', 'comment'),
    ];
    for (const write of writes) {
      const s = standIn();
      s.workbook.sheet('Sheet1').protected = true;
      const before = JSON.stringify(s.workbook.toSnapshot());
      const e = await failure(
        run(s, async (context) => {
          const ws = context.workbook.worksheets.getItem('Sheet1');
          const r = ws.getRange('A1:C3');
          r.load('values');
          ws.protection.load('protected');
          await context.sync();
          expect(ws.protection.protected).toBe(true);
          expect(r.values[0][0]).toBe('Name');
          write(ws, context);
          await context.sync();
        }),
      );
      expect(e.code).toBe('AccessDenied');
      expect(JSON.stringify(s.workbook.toSnapshot())).toBe(before);
      expect(s.workbook.notes).toHaveLength(0);
    }
  });

  test('a protected workbook structure refuses adding, deleting and hiding sheets', async () => {
    for (const change of [(c: any) => c.workbook.worksheets.add('New'), (c: any) => c.workbook.worksheets.getItem('Empty').delete(), (c: any) => (c.workbook.worksheets.getItem('Empty').visibility = 'Hidden')]) {
      const s = standIn({ workbookProtected: true });
      const e = await failure(
        run(s, async (context) => {
          const p = context.workbook.protection;
          p.load('protected');
          await context.sync();
          expect(p.protected).toBe(true);
          change(context);
          await context.sync();
        }),
      );
      expect(e.code).toBe('AccessDenied');
      expect(s.workbook.sheetNames()).toEqual(['Sheet1', 'My sheet', 'Empty']);
    }
  });

  test('a read-only document refuses writes; Office reports its mode', async () => {
    const s = standIn({ readOnly: true });
    expect(s.Office.context.document.mode).toBe(s.Office.DocumentMode.ReadOnly);
    expect(s.Office.DocumentMode).toEqual({ ReadOnly: 'readOnly', ReadWrite: 'readWrite' });
    const e = await failure(
      run(s, async (context) => {
        context.workbook.worksheets.getItem('Sheet1').getRange('A1').values = [['x']];
      }),
    );
    expect(e.code).toBe('AccessDenied');
  });
});

describe('requirement sets', () => {
  test('isSetSupported answers from the configured ExcelApi version, comparing versions as numbers', () => {
    const s = standIn({ excelApi: 12 });
    const is = s.Office.context.requirements.isSetSupported;
    expect([is('ExcelApi', '1.7'), is('ExcelApi', '1.9'), is('ExcelApi', '1.12'), is('ExcelApi', '1.13'), is('ExcelApi', '1.18'), is('ExcelApi')]).toEqual([true, true, true, false, false, true]);
    expect(is('WordApi', '1.1')).toBe(false);
    expect(detectFeatures(is)).toEqual({ merges: false, notes: false, comments: true, validation: true, rangeAreas: true, screenUpdating: true, pageLayout: true });
  });

  test('an API above the configured set throws ApiNotFound at once', async () => {
    const cases: [number, (c: any) => unknown, string][] = [
      [12, (c) => c.workbook.worksheets.getItem('Sheet1').getRange().getMergedAreasOrNullObject(), 'Range.getMergedAreasOrNullObject'],
      [17, (c) => c.workbook.notes, 'Workbook.notes'],
      [9, (c) => c.workbook.comments, 'Workbook.comments'],
      [8, (c) => c.workbook.worksheets.getItem('Sheet1').getRanges('A1,B2'), 'Worksheet.getRanges'],
      [8, (c) => c.workbook.worksheets.getItem('Sheet1').getRange('A1').format.fill.load('color,pattern'), 'RangeFill.pattern'],
      [8, (c) => c.application.suspendScreenUpdatingUntilNextSync(), 'Application.suspendScreenUpdatingUntilNextSync'],
      [7, (c) => c.workbook.worksheets.getItem('Sheet1').getRange('A1').dataValidation, 'Range.dataValidation'],
      [6, (c) => c.workbook.worksheets.getItem('Sheet1').getRangeByIndexes(0, 0, 1, 1), 'Worksheet.getRangeByIndexes'],
      [6, (c) => c.workbook.worksheets.getItem('Sheet1').freezePanes, 'Worksheet.freezePanes'],
      [6, (c) => c.workbook.protection, 'Workbook.protection'],
      [5, (c) => c.application.suspendApiCalculationUntilNextSync(), 'Application.suspendApiCalculationUntilNextSync'],
      [3, (c) => c.workbook.worksheets.getItem('Sheet1').getUsedRangeOrNullObject(true), 'Worksheet.getUsedRangeOrNullObject'],
    ];
    for (const [minor, use, member] of cases) {
      const s = standIn({ excelApi: minor });
      await run(s, async (context) => {
        const e = thrown(() => use(context));
        expect([member, e.code]).toEqual([member, 'ApiNotFound']);
        expect(e.message).toContain(member);
        await context.sync();
      });
      // One version up, the same call works.
      const ok = standIn({ excelApi: minor + 1 });
      await run(ok, async (context) => {
        use(context);
        await context.sync();
      });
    }
    expect(implementedMembers()['Range.getMergedAreasOrNullObject']).toBe(13);
    expect(implementedMembers()['Workbook.notes']).toBe(18);
  });
});

describe('*OrNullObject', () => {
  test('the used range of an empty sheet is a null object; isNullObject is readable only after the sync', async () => {
    const s = standIn();
    await run(s, async (context) => {
      const empty = context.workbook.worksheets.getItem('Empty').getUsedRangeOrNullObject(true);
      empty.load('values,rowIndex');
      const used = context.workbook.worksheets.getItem('Sheet1').getUsedRangeOrNullObject(true);
      used.load('values,rowIndex,columnIndex,address');
      expect(thrown(() => empty.isNullObject).code).toBe('PropertyNotLoaded');
      await context.sync();
      expect(empty.isNullObject).toBe(true);
      expect(empty.values).toBeUndefined(); // as office.js: a null object's properties read as undefined
      expect(used.isNullObject).toBe(false);
      expect(used.address).toBe('Sheet1!A1:C3');
    });
  });

  test('the used range with values only ignores formatted empty cells; without, it includes them', async () => {
    const s = standIn();
    s.workbook.sheet('Empty').cell(4, 4).fill = '#FF0000';
    await run(s, async (context) => {
      const a = context.workbook.worksheets.getItem('Empty').getUsedRangeOrNullObject(true);
      const b = context.workbook.worksheets.getItem('Empty').getUsedRangeOrNullObject(false);
      b.load('address');
      await context.sync();
      expect(a.isNullObject).toBe(true);
      expect(b.address).toBe('Empty!E5');
    });
  });

  test('getItemOrNullObject vs getItem: a missing sheet is a null object, or fails the sync with ItemNotFound', async () => {
    const s = standIn();
    await run(s, async (context) => {
      const missing = context.workbook.worksheets.getItemOrNullObject('Nope');
      const found = context.workbook.worksheets.getItemOrNullObject('sheet1'); // names are case-insensitive
      found.load('name');
      await context.sync();
      expect(missing.isNullObject).toBe(true);
      expect(found.name).toBe('Sheet1');
    });
    const e = await failure(
      run(s, async (context) => {
        context.workbook.worksheets.getItem('Nope');
        await context.sync();
      }),
    );
    expect(e.code).toBe('ItemNotFound');
  });

  test('notes.getItemOrNullObject: null until a note is there', async () => {
    const s = standIn();
    await run(s, async (context) => {
      const none = context.workbook.notes.getItemOrNullObject("'My sheet'!A1");
      none.load('content');
      context.workbook.notes.add("'My sheet'!B2", '注意');
      const some = context.workbook.notes.getItemOrNullObject("'My sheet'!B2");
      some.load('content');
      await context.sync();
      expect(none.isNullObject).toBe(true);
      expect(some.isNullObject).toBe(false);
      expect(some.content).toBe('注意');
    });
  });
});

describe('merges', () => {
  const merged = () =>
    standIn(
      {},
      book(
        sheet('Sheet1', [['a', null, 'b']], {
          merges: [
            { top: 0, left: 0, bottom: 1, right: 1 },
            { top: 3, left: 3, bottom: 4, right: 4 },
          ],
        }),
        sheet('預算 表', [['x']], { merges: [{ top: 0, left: 0, bottom: 0, right: 2 }] }),
        sheet('Flat', [['y']]),
      ),
    );

  test('getMergedAreasOrNullObject: the areas as one address string, sheet names quoted when needed; null when none', async () => {
    const s = merged();
    await run(s, async (context) => {
      const a = context.workbook.worksheets.getItem('Sheet1').getRange().getMergedAreasOrNullObject();
      const b = context.workbook.worksheets.getItem('預算 表').getRange().getMergedAreasOrNullObject();
      const none = context.workbook.worksheets.getItem('Flat').getRange().getMergedAreasOrNullObject();
      // As Excel: only merged areas whose top-left cell is inside the range (OfficeDev/office-js#3611).
      const part = context.workbook.worksheets.getItem('Sheet1').getRange('B2:E5').getMergedAreasOrNullObject();
      for (const x of [a, b, none, part]) x.load('address');
      await context.sync();
      expect(a.address).toBe('Sheet1!A1:B2,Sheet1!D4:E5');
      expect(b.address).toBe("'預算 表'!A1:C1");
      expect(none.isNullObject).toBe(true);
      expect(part.address).toBe('Sheet1!D4:E5');
    });
  });

  test('merging over part of a merged area fails with InvalidOperation; over whole areas absorbs them; only the top-left value stays', async () => {
    const s = merged();
    const e = await failure(
      run(s, async (context) => {
        context.workbook.worksheets.getItem('Sheet1').getRange('B2:C3').merge(false);
      }),
    );
    expect(e.code).toBe('InvalidOperation');
    await run(s, async (context) => {
      context.workbook.worksheets.getItem('Sheet1').getRange('A1:C3').merge(false);
    });
    const ws = s.workbook.sheet('Sheet1');
    expect(ws.merges).toEqual([
      { top: 3, left: 3, bottom: 4, right: 4 },
      { top: 0, left: 0, bottom: 2, right: 2 },
    ]);
    expect([ws.cell(0, 0).value, ws.cell(0, 2).value]).toEqual(['a', null]);
    await run(s, async (context) => {
      context.workbook.worksheets.getItem('Sheet1').getRange('A1').unmerge();
      context.workbook.worksheets.getItem('Sheet1').getRange('D4:E5').clear('Formats'); // merging is a format
    });
    expect(ws.merges).toEqual([]);
  });

  test('more than 512 merged areas: Excel fails to return them', async () => {
    const merges = Array.from({ length: 513 }, (_, k) => ({ top: k, left: 0, bottom: k, right: 1 }));
    const s = standIn({}, book(sheet('M', [['x']], { merges })));
    const e = await failure(
      run(s, async (context) => {
        context.workbook.worksheets.getItem('M').getRange().getMergedAreasOrNullObject().load('address');
        await context.sync();
      }),
    );
    expect(e.code).toBe('GeneralException');
  });
});

describe('notes and comments', () => {
  test('one note per cell: a second note on the same cell fails with InvalidOperation', async () => {
    const s = standIn();
    const e = await failure(
      run(s, async (context) => {
        context.workbook.notes.add('Sheet1!B2', 'first');
        context.workbook.notes.add('Sheet1!B2', 'second');
        await context.sync();
      }),
    );
    expect(e.code).toBe('InvalidOperation');
    expect(s.workbook.sheet('Sheet1').notes).toEqual({ B2: 'first' }); // the first was applied
    expect(s.workbook.notes.map((n) => [n.sheet, n.address, n.content])).toEqual([['Sheet1', 'B2', 'first']]);
  });

  test('a note is on one cell, found by address, and deleted', async () => {
    const s = standIn();
    const bad = await failure(
      run(s, async (context) => {
        context.workbook.notes.add('Sheet1!A1:B2', 'x');
      }),
    );
    expect(bad.code).toBe('InvalidCellAddress');
    await run(s, async (context) => {
      context.workbook.notes.add('Sheet1!C3', 'x');
    });
    await run(s, async (context) => {
      context.workbook.notes.getItem('Sheet1!C3').delete();
    });
    expect(s.workbook.notes).toEqual([]);
    const missing = await failure(
      run(s, async (context) => {
        context.workbook.notes.getItem('Sheet1!C3').delete();
      }),
    );
    expect(missing.code).toBe('ItemNotFound');
  });

  test('comments: the address needs the sheet; one thread per cell; location and delete', async () => {
    const s = standIn();
    expect((await failure(run(s, async (context) => void context.workbook.comments.add('A1', 'x')))).code).toBe('InvalidArgument');
    await run(s, async (context) => {
      context.workbook.comments.add("'My sheet'!B3", '留言');
    });
    expect((await failure(run(s, async (context) => void context.workbook.comments.add("'My sheet'!B3", 'again')))).code).toBe('InvalidOperation');
    await run(s, async (context) => {
      const comments = context.workbook.comments;
      comments.load('items/content');
      await context.sync();
      const loc = comments.items[0].getLocation();
      loc.load('address');
      await context.sync();
      expect([comments.items[0].content, loc.address]).toEqual(['留言', "'My sheet'!B3"]);
      comments.items[0].delete();
    });
    expect(s.workbook.comments).toEqual([]);
  });

  test('a cell holds a note or a threaded comment, not both', async () => {
    const s = standIn();
    await run(s, async (context) => {
      context.workbook.comments.add('Sheet1!A1', 'c');
    });
    expect((await failure(run(s, async (context) => void context.workbook.notes.add('Sheet1!A1', 'n')))).code).toBe('InvalidOperation');
  });
});

describe('sheets', () => {
  test('add: duplicate names (any case) fail with ItemAlreadyExists, invalid names with InvalidArgument; a new sheet goes last and is not activated', async () => {
    const s = standIn();
    for (const [name, code] of [
      ['sheet1', 'ItemAlreadyExists'],
      ['a/b', 'InvalidArgument'],
      ['x'.repeat(32), 'InvalidArgument'],
      ["'quoted'", 'InvalidArgument'],
      ['History', 'InvalidArgument'],
    ]) {
      expect((await failure(run(s, async (context) => void context.workbook.worksheets.add(name)))).code).toBe(code);
    }
    await run(s, async (context) => {
      const ws = context.workbook.worksheets.add('_meta');
      ws.visibility = 'VeryHidden';
      await context.sync();
      ws.getRange('A1').values = [['later batch, same object']];
    });
    expect(s.workbook.sheetNames()).toEqual(['Sheet1', 'My sheet', 'Empty', '_meta']);
    expect(s.workbook.sheet('_meta').visibility).toBe('VeryHidden');
    expect(s.workbook.sheet('_meta').cell(0, 0).value).toBe('later batch, same object');
    expect(s.workbook.activeSheet).toBe('Sheet1');
  });

  test('the last visible sheet cannot be deleted or hidden; a hidden sheet cannot be activated or selected', async () => {
    const s = standIn({}, book(sheet('A', [['a']]), sheet('B', [['b']], { hidden: true })));
    expect((await failure(run(s, async (context) => void context.workbook.worksheets.getItem('A').delete()))).code).toBe('InvalidOperation');
    expect((await failure(run(s, async (context) => void (context.workbook.worksheets.getItem('A').visibility = 'Hidden')))).code).toBe('InvalidOperation');
    expect((await failure(run(s, async (context) => void context.workbook.worksheets.getItem('B').activate()))).code).toBe('InvalidOperation');
    expect((await failure(run(s, async (context) => void context.workbook.worksheets.getItem('B').getRange('A1').select()))).code).toBe('InvalidOperation');
    await run(s, async (context) => {
      context.workbook.worksheets.getItem('B').delete();
    });
    expect(s.workbook.sheetNames()).toEqual(['A']);
  });

  test('activate and select set the active sheet and the selection; freezeRows freezes', async () => {
    const s = standIn();
    await run(s, async (context) => {
      const ws = context.workbook.worksheets.getItem('My sheet');
      ws.activate();
      ws.getRange('C4').select();
      ws.freezePanes.freezeRows(2);
    });
    expect(s.workbook.activeSheet).toBe('My sheet');
    expect(s.workbook.selection).toEqual({ sheet: 'My sheet', address: 'C4' });
    expect(s.workbook.sheet('My sheet').frozenRows).toBe(2);
  });

  test('addresses and indexes are checked: InvalidArgument at the sync', async () => {
    const bad: ((ws: any) => unknown)[] = [
      (ws) => ws.getRange('A0'),
      (ws) => ws.getRange('XFE1'),
      (ws) => ws.getRange('Other!A1'),
      (ws) => ws.getRange('名稱'),
      (ws) => ws.getRangeByIndexes(0, 0, 0, 1),
      (ws) => ws.getRangeByIndexes(-1, 0, 1, 1),
      (ws) => ws.getRanges('A1,,B2'),
      (ws) => ws.getRanges(Array.from({ length: 2000 }, (_, k) => `A${k + 1}`).join(',')),
      (ws) => ws.getRange('A1').format.borders.getItem('Middle'),
    ];
    for (const f of bad) {
      const s = standIn();
      expect((await failure(run(s, async (context) => void f(context.workbook.worksheets.getItem('Sheet1'))))).code).toBe('InvalidArgument');
    }
  });
});

describe('formats', () => {
  test('fill, font, alignment, wrap, column width and borders land on the cells; RangeAreas formats every area', async () => {
    const s = standIn();
    await run(s, async (context) => {
      const ws = context.workbook.worksheets.getItem('Sheet1');
      const f = ws.getRange('A1:B2').format;
      f.fill.color = '#ffeb9c';
      f.font.bold = true;
      f.font.italic = true;
      f.font.size = 14;
      f.font.color = '#1F4E79';
      f.wrapText = true;
      f.horizontalAlignment = 'Center';
      f.verticalAlignment = 'Top';
      for (const e of ['EdgeTop', 'EdgeBottom', 'EdgeLeft', 'EdgeRight', 'InsideHorizontal', 'InsideVertical']) {
        const b = f.borders.getItem(e);
        b.style = 'Continuous';
        b.color = '#BFBFBF';
      }
      ws.getRangeByIndexes(0, 3, 1, 1).format.columnWidth = 120;
      ws.getRanges('D5, F7:F8').format.fill.color = 'orange';
    });
    const ws = s.workbook.sheet('Sheet1');
    const a1 = ws.cell(0, 0);
    expect([a1.fill, a1.bold, a1.italic, a1.fontSize, a1.fontColor, a1.wrap, a1.horizontal, a1.vertical]).toEqual(['#FFEB9C', true, true, 14, '#1F4E79', true, 'Center', 'Top']);
    expect(a1.borders).toEqual(['EdgeTop', 'EdgeBottom', 'EdgeLeft', 'EdgeRight']);
    expect(ws.cell(0, 0).edges.EdgeTop).toEqual({ style: 'Continuous', color: '#BFBFBF', weight: 'Thin' });
    expect(ws.columnWidths).toEqual({ 3: 120 });
    expect([ws.cell(4, 3).fill, ws.cell(6, 5).fill, ws.cell(7, 5).fill, ws.cell(5, 5).fill]).toEqual(['#FFA500', '#FFA500', '#FFA500', null]);
  });

  test('reading fills as Excel: "#FFFFFF" and pattern "None" without a fill, null when mixed; fill.clear() takes it away', async () => {
    const s = standIn();
    s.workbook.sheet('Sheet1').cell(0, 0).fill = '#FF0000';
    await run(s, async (context) => {
      const ws = context.workbook.worksheets.getItem('Sheet1');
      const none = ws.getRange('C3').format.fill;
      const red = ws.getRange('A1').format.fill;
      const mixed = ws.getRange('A1:B1').format.fill;
      for (const f of [none, red, mixed]) f.load('color,pattern');
      await context.sync();
      expect([none.color, none.pattern]).toEqual(['#FFFFFF', 'None']);
      expect([red.color, red.pattern]).toEqual(['#FF0000', 'Solid']);
      expect([mixed.color, mixed.pattern]).toEqual([null, null]);
      red.clear();
    });
    expect(s.workbook.sheet('Sheet1').cell(0, 0).fill).toBeNull();
  });

  test('null or a wrong type in a single-property set fails with InvalidArgument', async () => {
    const sets: ((f: any) => void)[] = [
      (f) => (f.fill.color = null),
      (f) => (f.fill.color = 'not-a-colour'),
      (f) => (f.font.bold = null),
      (f) => (f.font.size = '12'),
      (f) => (f.horizontalAlignment = 'Middle'),
      (f) => (f.verticalAlignment = null),
      (f) => (f.borders.getItem('EdgeTop').style = 'Thin'),
      (f) => (f.columnWidth = -1),
    ];
    for (const set of sets) {
      const s = standIn();
      const e = await failure(run(s, async (context) => void set(context.workbook.worksheets.getItem('Sheet1').getRange('A1').format)));
      expect(e.code).toBe('InvalidArgument');
    }
  });

  test('data validation: a list with prompt and alert; Excel’s length limits are enforced', async () => {
    const s = standIn();
    await run(s, async (context) => {
      const dv = context.workbook.worksheets.getItem('Sheet1').getRange('B2:B3').dataValidation;
      dv.rule = { list: { inCellDropDown: true, source: '1,2,3' } };
      dv.prompt = { showPrompt: true, message: '請選擇 1 到 3', title: '' };
      dv.errorAlert = { showAlert: true, message: '等級必須是 1 到 3 的整數', title: '', style: 'Stop' };
      dv.load('type');
      await context.sync();
      expect(dv.type).toBe('List');
    });
    const v = s.workbook.sheet('Sheet1').validations;
    expect(v).toHaveLength(1);
    expect(v[0]).toMatchObject({ range: { top: 1, left: 1, bottom: 2, right: 1 }, rule: { list: { source: '1,2,3' } }, prompt: { message: '請選擇 1 到 3' }, errorAlert: { style: 'Stop' } });
    const tooLong: ((dv: any) => void)[] = [
      (dv) => (dv.rule = { list: { inCellDropDown: true, source: Array.from({ length: 100 }, (_, k) => `選項${k}`).join(',') } }),
      (dv) => (dv.prompt = { showPrompt: true, message: 'x'.repeat(256), title: '' }),
      (dv) => (dv.prompt = { showPrompt: true, message: '', title: 'x'.repeat(33) }),
      (dv) => (dv.errorAlert = { showAlert: true, message: 'x'.repeat(226), title: '', style: 'Stop' }),
      (dv) => (dv.errorAlert = { showAlert: true, message: '', title: '', style: 'Critical' }),
      (dv) => (dv.rule = { list: { source: 'a' }, custom: { formula: '=1' } }),
    ];
    for (const set of tooLong) {
      const t = standIn();
      expect((await failure(run(t, async (context) => void set(context.workbook.worksheets.getItem('Sheet1').getRange('A1').dataValidation)))).code).toBe('InvalidArgument');
    }
  });

  test('clear: Contents keeps formats, Formats keeps values, All takes both', async () => {
    const s = standIn();
    const ws = s.workbook.sheet('Sheet1');
    for (const c of [0, 1, 2]) {
      ws.cell(1, c).fill = '#FF0000';
      ws.cell(1, c).numberFormat = '0.0';
    }
    await run(s, async (context) => {
      const w = context.workbook.worksheets.getItem('Sheet1');
      w.getRange('A2').clear('Contents');
      w.getRange('B2').clear('Formats');
      w.getRange('C2').clear('All');
    });
    expect([ws.cell(1, 0).value, ws.cell(1, 0).fill, ws.cell(1, 0).numberFormat]).toEqual([null, '#FF0000', '0.0']);
    expect([ws.cell(1, 1).value, ws.cell(1, 1).fill, ws.cell(1, 1).numberFormat]).toEqual([10, null, 'General']);
    expect([ws.cell(1, 2).value, ws.cell(1, 2).fill, ws.cell(1, 2).numberFormat]).toEqual([null, null, 'General']);
  });
});

describe('the model and toSnapshot', () => {
  const normalize = (w: WorkbookSnapshot): WorkbookSnapshot => ({
    sheets: w.sheets.map((s) => {
      const rows = s.rows.map((r) => {
        const out = (r ?? []).map((v) => (v === '' || v === undefined ? null : v));
        while (out.length && out[out.length - 1] === null) out.pop();
        return out;
      });
      while (rows.length && rows[rows.length - 1].length === 0) rows.pop();
      return { name: s.name, rows, merges: s.merges, hidden: !!s.hidden, protected: !!s.protected };
    }),
  });

  test('a snapshot built by createStandIn round-trips: values as the user sees them, merges, hidden, protected', () => {
    const snapshot = book(
      sheet(
        '計畫',
        [
          ['名稱', '達成率', '日期', '錯誤', '公式', '真'],
          ['甲', '85%', { date: '2022-01-05' }, { error: '#N/A' }, { formula: '=A1*3' }, true],
          [],
          [null, '12.5%', 3, '3', '=not a formula, a text cell', null],
        ],
        { merges: [{ top: 0, left: 0, bottom: 0, right: 1 }], protected: true },
      ),
      sheet('Hidden', [['h']], { hidden: true }),
      sheet('Blank', []),
    );
    const s = createStandIn(snapshot);
    expect(s.workbook.toSnapshot()).toEqual(normalize(snapshot));
    // A percentage is a number formatted as a percentage, as in a real workbook.
    const cell = s.workbook.sheet('計畫').cell(1, 1);
    expect([cell.value, cell.numberFormat]).toEqual([0.85, '0%']);
    expect(s.workbook.sheet('Hidden').visibility).toBe('Hidden');
  });

  test('the seed workbook round-trips, and the Office host reads from the stand-in exactly what toSnapshot gives, in 4 syncs', async () => {
    const snapshot = seedWorkbook();
    const s = createStandIn(snapshot);
    expect(s.workbook.toSnapshot()).toEqual(normalize(snapshot));
    for (const api of [18, 12, 7]) {
      const t = createStandIn(seedWorkbook(), { excelApi: api });
      const read = await t.Excel.run((context) => readWorkbook(context, detectFeatures(t.Office.context.requirements.isSetSupported)));
      const expected = t.workbook.toSnapshot();
      if (api < 13) for (const sh of expected.sheets) sh.merges = []; // no merged areas before ExcelApi 1.13
      expect(read.snapshot).toEqual(expected);
      expect([read.syncs, t.stats.syncs]).toEqual([4, 4]); // sheets, sizes, values, formats of number columns
    }
  });
});

describe('Office', () => {
  test('onReady, display language, settings saved only by saveAsync, and the globals', async () => {
    const s = standIn({ displayLanguage: 'en-US' });
    expect(await s.Office.onReady()).toEqual({ host: 'Excel', platform: 'OfficeOnline' });
    expect(s.Office.context.displayLanguage).toBe('en-US');
    const settings = s.Office.context.document.settings;
    expect(settings.get('k')).toBeNull();
    settings.set('k', { a: 1 });
    expect(settings.get('k')).toEqual({ a: 1 });
    expect(s.workbook.settings).toEqual({}); // not saved yet
    const status = await new Promise<string>((resolve) => settings.saveAsync((r) => resolve(r.status)));
    expect(status).toBe(s.Office.AsyncResultStatus.Succeeded);
    expect(s.workbook.settings).toEqual({ k: { a: 1 } });
    const g: any = {};
    installGlobals(s, g);
    expect(g.Excel).toBe(s.Excel);
    expect(g.Office).toBe(s.Office);
    expect(new g.OfficeExtension.Error('AccessDenied')).toMatchObject({ name: 'RichApi.Error', code: 'AccessDenied' });
    expect(s.Office.HostType.Excel).toBe('Excel');
  });

  test('saveAsync fails in a read-only document', async () => {
    const s = standIn({ readOnly: true });
    const settings = s.Office.context.document.settings;
    settings.set('k', 1);
    const status = await new Promise<string>((resolve) => settings.saveAsync((r) => resolve(r.status)));
    expect(status).toBe('failed');
    expect(s.workbook.settings).toEqual({});
  });
});
