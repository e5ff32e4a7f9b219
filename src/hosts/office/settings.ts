/**
 * Settings kept with the workbook (the document's settings, saved inside the file), not in the browser:
 * the risk matrix bands and colours, the tolerance line and the countermeasure threshold.
 */
import { DEFAULT_SETTINGS, type RiskBand, type Settings } from '../../engine/settings';

export interface SettingsStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  save(): Promise<void>;
}

export const SETTINGS_KEY = 'plancheck.settings';

export type StoredSettings = Partial<Pick<Settings, 'bands' | 'tolerance' | 'actionThreshold' | 'displayCap'>>;

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
  if (Array.isArray(r.bands) && r.bands.length === DEFAULT_SETTINGS.bands.length) {
    const bands = (r.bands as RiskBand[]).filter(
      (b) => b && DEFAULT_SETTINGS.bands.some((d) => d.level === b.level) && Number.isInteger(b.min) && Number.isInteger(b.max) && b.min <= b.max && COLOUR.test(b.color),
    );
    if (bands.length === DEFAULT_SETTINGS.bands.length) out.bands = bands.map((b) => ({ level: b.level, min: b.min, max: b.max, color: b.color.toUpperCase() }));
  }
  if (typeof r.tolerance === 'number' && r.tolerance >= 1 && r.tolerance <= 25) out.tolerance = r.tolerance;
  if (typeof r.actionThreshold === 'number' && r.actionThreshold >= 1 && r.actionThreshold <= 25) out.actionThreshold = r.actionThreshold;
  if (typeof r.displayCap === 'number' && r.displayCap >= 1 && r.displayCap <= 10) out.displayCap = r.displayCap;
  return out;
}

export async function saveSettings(store: SettingsStore, s: StoredSettings): Promise<void> {
  store.set(SETTINGS_KEY, JSON.stringify(s));
  await store.save();
}
