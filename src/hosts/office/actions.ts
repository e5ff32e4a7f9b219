/**
 * The task pane's actions inside Excel: Validate plan, Fill in results, Generate risk sheet, Clear marks,
 * New plan workbook, and selecting a problem's cell. Each reads what it needs in one batch, runs the
 * engine, checks protection, and writes in one batch; the number of context.sync() calls does not grow
 * with the number of rows.
 */
import { fill, templatePlan, validate, type FillParts } from '../../engine';
import { writesFindings } from '../../engine/fill';
import { rangeAddress } from '../../engine/address';
import { joinList, type Lang } from '../../engine/messages';
import type { Report } from '../../engine/report';
import { mergeSettings, type Settings } from '../../engine/settings';
import type { WorkbookSnapshot } from '../../engine/snapshot';
import type { WritePlan } from '../../engine/writePlan';
import { applyWritePlan, readMarkState, WriteInterruptedError } from './apply';
import { fromExcelError, fromInterruptedWrite, userError, type UserError } from './errors';
import { detectFeatures, type ExcelFeatures, type IsSetSupported } from './features';
import { readWorkbook } from './read';
import { loadSettings, partSettings, saveSettings, saveSettingsPart, type SettingsStore } from './settings';

/** What the actions need from Office: Excel.run, the requirement sets, the language, the document's settings. */
export interface OfficeEnv {
  run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T>;
  isSetSupported: IsSetSupported;
  displayLanguage: string;
  readOnly(): boolean;
  settings: SettingsStore;
}

/** The real Office environment (inside Excel). */
export function officeEnv(): OfficeEnv {
  const doc = Office.context.document;
  return {
    run: (batch) => Excel.run((context) => batch(context)),
    isSetSupported: (name, version) => Office.context.requirements.isSetSupported(name, version),
    displayLanguage: Office.context.displayLanguage || 'zh-TW',
    readOnly: () => !!doc && (doc as unknown as { mode?: unknown }).mode === Office.DocumentMode.ReadOnly,
    settings: {
      get: (k) => doc.settings.get(k),
      set: (k, v) => doc.settings.set(k, v),
      save: () => new Promise<void>((resolve, reject) => doc.settings.saveAsync((r) => (r.status === Office.AsyncResultStatus.Succeeded ? resolve() : reject(r.error)))),
    },
  };
}

export function langOf(displayLanguage: string): Lang {
  return /^zh/i.test(displayLanguage) ? 'zh-TW' : 'en';
}

export type Step = 'reading' | 'checking' | 'writing' | 'done';
export type OnStep = (step: Step) => void;

export interface Written {
  what: 'columns' | 'marks' | 'unmarked' | 'map' | 'template' | 'findings' | 'notSet' | 'findingsSkipped';
  sheet: string;
  range?: string;
  count?: number;
}

export interface ActionResult {
  ok: boolean;
  report?: Report;
  written: Written[];
  error?: UserError;
  /** context.sync() calls the action made. */
  syncs: number;
  largestBatch?: number;
}

export interface ActionOptions {
  /** The request size a batch is split at (default 4 MB; tests force a small one). */
  maxRequestBytes?: number;
  /** Cells of values read in one sync (default 60,000; halved while Excel answers that it is too much). */
  readCellsPerSync?: number;
}

export class PlanActions {
  readonly lang: Lang;
  readonly features: ExcelFeatures;
  /** Last year's workbook, picked in the pane: every action compares with it until it is set to null. */
  private previous: { snapshot: WorkbookSnapshot; name: string } | null = null;

  constructor(
    private readonly env: OfficeEnv,
    private readonly options: ActionOptions = {},
  ) {
    this.lang = langOf(env.displayLanguage);
    this.features = detectFeatures(env.isSetSupported);
  }

  /** The settings part of the workbook as last read (what the engine checks), over the document's settings. */
  private stored: Partial<Settings> | null = null;

  settings(): Settings {
    return mergeSettings([loadSettings(this.env.settings), this.stored ?? undefined]);
  }

  /**
   * Saves the settings into the workbook's settings part, where plancheck on the .xlsx reads them too (and into
   * the document's settings, which older versions read).
   */
  async saveSettings(s: Partial<Settings>): Promise<void> {
    const next = { ...(this.stored ?? {}), ...s };
    await this.env.run((context) => saveSettingsPart(context, next));
    this.stored = next;
    await saveSettings(this.env.settings, s);
  }

  /**
   * The snapshot as the engine gets it: the workbook's settings part; a workbook saved before the part existed
   * has its settings in the document's settings only, which are handed over the same way.
   */
  private withSettings(snapshot: WorkbookSnapshot): WorkbookSnapshot {
    if (snapshot.settings !== undefined) {
      this.stored = partSettings(snapshot.settings);
      return snapshot;
    }
    this.stored = null;
    const legacy = loadSettings(this.env.settings);
    return Object.keys(legacy).length ? { ...snapshot, settings: legacy } : snapshot;
  }

  /**
   * Compare with last year's workbook (its snapshot, read in the pane from the file the user picked; it is never
   * written): validates this year's workbook against it, and Fill in results / Generate risk sheet then write the
   * movement too, until `setPrevious(null)`.
   */
  compareWithPrevious(snapshot: WorkbookSnapshot, name: string, onStep?: OnStep): Promise<ActionResult> {
    this.setPrevious(snapshot, name);
    return this.validate(onStep);
  }

  setPrevious(snapshot: WorkbookSnapshot | null, name = ''): void {
    this.previous = snapshot ? { snapshot, name } : null;
  }

  /** The name of last year's workbook compared with, or null. */
  previousName(): string | null {
    return this.previous ? this.previous.name : null;
  }

  private previousOptions(): { previous?: WorkbookSnapshot; previousFile?: string } {
    return this.previous ? { previous: this.previous.snapshot, previousFile: this.previous.name } : {};
  }

  /** Validate plan: reads the workbook and reports; nothing in the workbook changes. */
  async validate(onStep: OnStep = () => undefined): Promise<ActionResult> {
    try {
      return await this.env.run(async (context) => {
        onStep('reading');
        const read = await readWorkbook(context, this.features, { cellsPerSync: this.options.readCellsPerSync });
        onStep('checking');
        const report = validate(this.withSettings(read.snapshot), { lang: this.lang, ...this.previousOptions() });
        onStep('done');
        return { ok: true, report, written: [], syncs: read.syncs };
      });
    } catch (e) {
      return { ok: false, written: [], error: fromExcelError(e, this.lang), syncs: 0 };
    }
  }

  /** Fill in results: the computed columns beside the tables, and the problem cells marked. */
  fill(onStep?: OnStep): Promise<ActionResult> {
    return this.write({ columns: true, marks: true, map: false }, onStep);
  }

  /** Generate risk sheet: writes or replaces the 風險圖像 sheet and activates it. */
  generateRiskSheet(onStep?: OnStep): Promise<ActionResult> {
    return this.write({ columns: false, marks: false, map: true }, onStep);
  }

  /** Clear marks: takes away the problem-cell marks the add-in made, and nothing else. */
  clearMarks(onStep?: OnStep): Promise<ActionResult> {
    return this.write({ columns: false, marks: 'clear', map: false }, onStep);
  }

  private async write(parts: FillParts, onStep: OnStep = () => undefined): Promise<ActionResult> {
    if (this.env.readOnly()) return { ok: false, written: [], error: userError('read_only', this.lang), syncs: 0 };
    let syncs = 0;
    try {
      return await this.env.run(async (context) => {
        onStep('reading');
        const read = await readWorkbook(context, this.features, { cellsPerSync: this.options.readCellsPerSync });
        syncs += read.syncs;
        onStep('checking');
        // With the workbook's structure protected no sheet can be added: Fill writes its columns and marks and
        // leaves the 檢核結果 sheet out (the task pane says so), rather than refusing the whole write.
        const skipFindings = read.structureProtected && writesFindings(parts) && !parts.map;
        const { report, plan } = fill(this.withSettings(read.snapshot), { lang: this.lang, parts: skipFindings ? { ...parts, findings: false } : parts, ...this.previousOptions() });
        const blocked = this.blocked(plan, read.snapshot.sheets, read.structureProtected);
        if (blocked) return { ok: false, report, written: [], error: blocked, syncs };
        onStep('writing');
        const marks = await readMarkState(context, plan, this.features, this.options.maxRequestBytes);
        syncs += marks.syncs;
        const metaExists = !!plan.metaSheet?.existing;
        marks.state.ownNames = (read.snapshot.names ?? []).map((n) => n.name);
        const applied = await applyWritePlan(context, plan, marks.state, {
          features: this.features,
          maxRequestBytes: this.options.maxRequestBytes,
          metaExists,
        });
        syncs += applied.syncs;
        onStep('done');
        const out = written(plan, parts);
        // What this Excel could not set (page layout below ExcelApi 1.9): the sheets work, the task pane says so.
        for (const n of applied.notSet) out.push({ what: 'notSet', sheet: n.sheet });
        if (skipFindings) out.push({ what: 'findingsSkipped', sheet: '' });
        return { ok: true, report, written: out, syncs, largestBatch: applied.largestBatch };
      });
    } catch (e) {
      if (e instanceof WriteInterruptedError) return { ok: false, written: [], error: fromInterruptedWrite(e.done, e.step, e.cause, this.lang), syncs };
      return { ok: false, written: [], error: fromExcelError(e, this.lang), syncs };
    }
  }

  /** A write that cannot finish must not start: protected sheets, a protected workbook structure. */
  private blocked(plan: WritePlan, sheets: { name: string; protected?: boolean }[], structureProtected: boolean): UserError | null {
    const records = plan.metaSheet?.existing ?? null;
    const names = new Set([...plan.touches, ...plan.deleteSheets, ...(records ? [records] : [])]);
    for (const s of sheets) if (s.protected && names.has(s.name)) return userError('protected_sheet', this.lang, s.name);
    const addsOrDeletes = plan.deleteSheets.length > 0 || plan.sheets.some((s) => s.create) || !records;
    if (structureProtected && addsOrDeletes) return userError('protected_workbook', this.lang);
    return null;
  }

  /** New plan workbook: inserts the template sheets; refuses when sheets of the same names exist. */
  async newPlanWorkbook(onStep: OnStep = () => undefined): Promise<ActionResult> {
    if (this.env.readOnly()) return { ok: false, written: [], error: userError('read_only', this.lang), syncs: 0 };
    let syncs = 0;
    try {
      return await this.env.run(async (context) => {
        onStep('reading');
        const sheets = context.workbook.worksheets;
        sheets.load('items/name');
        const protection = context.workbook.protection;
        protection.load('protected');
        await context.sync();
        syncs++;
        const plan = templatePlan(this.lang, this.settings());
        const existing = new Set(sheets.items.map((s) => s.name));
        const clash = plan.sheets.map((s) => s.sheet).filter((n) => existing.has(n));
        if (clash.length) return { ok: false, written: [], error: userError('sheet_exists', this.lang, joinList(clash, this.lang)), syncs };
        if (protection.protected) return { ok: false, written: [], error: userError('protected_workbook', this.lang), syncs };
        plan.sheets[0].activate = true;
        onStep('writing');
        const applied = await applyWritePlan(
          context,
          plan,
          { originals: new Map(), ownNotes: new Set(), ownComments: new Map() },
          { features: this.features, maxRequestBytes: this.options.maxRequestBytes, metaExists: false },
        );
        syncs += applied.syncs;
        onStep('done');
        return { ok: true, written: plan.sheets.map((s) => ({ what: 'template' as const, sheet: s.sheet })), syncs };
      });
    } catch (e) {
      return { ok: false, written: [], error: fromExcelError(e, this.lang), syncs };
    }
  }

  /** Selects a problem's cell (and activates its sheet). */
  async selectCell(sheet: string, cell: string): Promise<{ ok: boolean; error?: UserError }> {
    try {
      await this.env.run(async (context) => {
        const ws = context.workbook.worksheets.getItem(sheet);
        ws.activate();
        ws.getRange(cell || 'A1').select();
        await context.sync();
      });
      return { ok: true };
    } catch (e) {
      return { ok: false, error: fromExcelError(e, this.lang) };
    }
  }
}

function written(plan: WritePlan, parts: FillParts): Written[] {
  const out: Written[] = [];
  if (parts.columns) {
    for (const r of plan.meta.ranges) {
      out.push({ what: 'columns', sheet: r.sheet, range: rangeAddress(r.range) });
    }
  }
  if (parts.marks === true) {
    const bySheet = new Map<string, number>();
    for (const m of plan.marks) bySheet.set(m.sheet, (bySheet.get(m.sheet) ?? 0) + 1);
    for (const [sheet, count] of bySheet) out.push({ what: 'marks', sheet, count });
  }
  if (parts.marks === 'clear') {
    const bySheet = new Map<string, number>();
    for (const m of plan.unmark) bySheet.set(m.sheet, (bySheet.get(m.sheet) ?? 0) + 1);
    for (const [sheet, count] of bySheet) out.push({ what: 'unmarked', sheet, count });
  }
  const findings = new Set(plan.meta.findingsSheets ?? []);
  const created = new Set(plan.sheets.filter((s) => s.create).map((s) => s.sheet));
  for (const s of plan.meta.sheets) {
    if (!created.has(s)) continue;
    if (findings.has(s)) out.push({ what: 'findings', sheet: s });
    else if (parts.map) out.push({ what: 'map', sheet: s });
  }
  return out;
}
