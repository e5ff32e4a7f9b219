/**
 * Settings kept with the workbook, not in the browser: the risk matrix bands and colours, the tolerance line,
 * the countermeasure threshold, the matrix size, header → role mappings. They are written to the workbook's
 * settings part (a custom XML part, which plancheck on an .xlsx reads too) and, for older versions, to the
 * document's settings.
 */
import { DEFAULT_SETTINGS, settingsFromJson, type RiskBand, type Settings } from '../../engine/settings';
import { SETTINGS_NAMESPACE, settingsPartXml } from '../../engine/settingsPart';

export interface SettingsStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  save(): Promise<void>;
}

export const SETTINGS_KEY = 'plancheck.settings';

export type StoredSettings = Partial<Pick<Settings, 'scale' | 'bands' | 'tolerance' | 'actionThreshold' | 'displayCap'>>;

const COLOUR = /^[0-9A-Fa-f]{6}$/;

/** Settings from the document, each field checked; anything odd falls back to the seeds' 3 × 3 defaults. */
export function loadSettings(store: SettingsStore): StoredSettings {
  let raw: unknown;
  try {
    raw = store.get(SETTINGS_KEY);
    if (typeof raw === 'string') raw = JSON.parse(raw);
  } catch {
    return {};
  }
  if (!raw || typeof raw !== 'object') return {};
  const r = raw as Record<string, unknown>;
  const out: StoredSettings = {};
  if (Number.isInteger(r.scale) && (r.scale as number) >= 2 && (r.scale as number) <= 9) out.scale = r.scale as number;
  const top = (out.scale ?? DEFAULT_SETTINGS.scale) ** 2;
  if (Array.isArray(r.bands) && r.bands.length === DEFAULT_SETTINGS.bands.length) {
    const bands = (r.bands as RiskBand[]).filter(
      (b) =>
        b && DEFAULT_SETTINGS.bands.some((d) => d.level === b.level) && Number.isInteger(b.min) && Number.isInteger(b.max) && b.min <= b.max && b.max <= top && COLOUR.test(b.color),
    );
    if (bands.length === DEFAULT_SETTINGS.bands.length) out.bands = bands.map((b) => ({ level: b.level, min: b.min, max: b.max, color: b.color.toUpperCase() }));
  }
  if (typeof r.tolerance === 'number' && r.tolerance >= 1 && r.tolerance <= top) out.tolerance = r.tolerance;
  if (typeof r.actionThreshold === 'number' && r.actionThreshold >= 1 && r.actionThreshold <= top) out.actionThreshold = r.actionThreshold;
  if (typeof r.displayCap === 'number' && r.displayCap >= 1 && r.displayCap <= 10) out.displayCap = r.displayCap;
  return out;
}

/**
 * Writes the settings into the workbook's settings part (a custom XML part both hosts read), replacing the
 * earlier one: one read and one write round trip.
 */
export async function saveSettingsPart(context: Excel.RequestContext, s: unknown): Promise<number> {
  const parts = context.workbook.customXmlParts.getByNamespace(SETTINGS_NAMESPACE);
  parts.load('items/id');
  await context.sync();
  for (const p of parts.items) p.delete();
  context.workbook.customXmlParts.add(settingsPartXml(s));
  await context.sync();
  return 2;
}

/** The settings part's JSON, checked by the engine's one function (what both hosts use). */
export function partSettings(raw: unknown): Partial<Settings> {
  return settingsFromJson(raw).settings;
}

export async function saveSettings(store: SettingsStore, s: StoredSettings): Promise<void> {
  store.set(SETTINGS_KEY, JSON.stringify(s));
  await store.save();
}
