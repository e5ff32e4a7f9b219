/**
 * The Excel stand-in for a browser page, served by the browser tests IN PLACE OF office.js
 * (`npm run build:standin` → dist-test/standin.js; never part of dist-web/).
 *
 * It runs as a classic script before the task pane's bundle, so it defines `Office`, `Excel` and
 * `OfficeExtension` synchronously. The test sets, before any script runs (page.addInitScript):
 *
 *   window.__PLANCHECK_FIXTURE__ = { snapshot, options }   the workbook and the stand-in's options
 *   window.__standInDelay = 300                            optional, any time: milliseconds to wait before every
 *                                                          Excel.run and every context.sync() (a slow Excel)
 *
 * and reads back `window.__standIn` (the stand-in: `workbook` is the in-memory model, `stats`, `options`).
 * `window.__standInRuns` counts the Excel.run calls started.
 */
import type { WorkbookSnapshot } from '../../src/engine/snapshot';
import { createStandIn, installGlobals, type StandIn, type StandInOptions } from './excel';

/* eslint-disable @typescript-eslint/no-explicit-any */

interface Fixture {
  snapshot: WorkbookSnapshot;
  options?: StandInOptions;
}

interface StandInWindow {
  __PLANCHECK_FIXTURE__?: Fixture;
  __standIn?: StandIn;
  __standInDelay?: number;
  __standInRuns?: number;
}

const win = window as unknown as StandInWindow & Record<string, unknown>;

function delay(): Promise<void> {
  const ms = Number(win.__standInDelay) || 0;
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

/** The request context, with every sync() made slow by __standInDelay; everything else is the stand-in's. */
function slowContext(ctx: any): any {
  return new Proxy(ctx, {
    get(target, key) {
      if (key === 'sync') {
        return async (passThrough?: unknown) => {
          await delay();
          return target.sync(passThrough);
        };
      }
      return target[key];
    },
  });
}

function install(): void {
  const fixture = win.__PLANCHECK_FIXTURE__;
  if (!fixture || !fixture.snapshot) {
    console.warn('[standin] window.__PLANCHECK_FIXTURE__ is not set: starting with an empty workbook.');
  }
  const snapshot: WorkbookSnapshot = fixture?.snapshot ?? { sheets: [] };
  const standIn = createStandIn(snapshot, fixture?.options ?? {});

  const run = standIn.Excel.run;
  win.__standInRuns = 0;
  const slowRun = async <T>(cb: (ctx: any) => Promise<T>): Promise<T> => {
    win.__standInRuns = (win.__standInRuns ?? 0) + 1;
    await delay();
    return run(typeof cb === 'function' ? (ctx: any) => cb(slowContext(ctx)) : cb);
  };
  // The stand-in's Excel is a strict proxy (unknown members throw ApiNotFound); only `run` is replaced.
  const Excel = new Proxy(standIn.Excel, {
    get(target, key) {
      return key === 'run' ? slowRun : (target as any)[key];
    },
  });

  installGlobals({ ...standIn, Excel }, window);
  win.__standIn = standIn;
}

install();
