/**
 * Settings the agency may change: the risk matrix size, its level bands and colours, the tolerance line,
 * and the displayed cap of achievement rates. The defaults are the seeds' 3 × 3 matrix.
 */
import { ROLES, type Role } from './tables/vocabulary';

export type RiskLevel = 'low' | 'medium' | 'high' | 'extreme';

export const RISK_LEVELS: RiskLevel[] = ['low', 'medium', 'high', 'extreme'];

export interface RiskBand {
  level: RiskLevel;
  /** Lowest and highest R = L × I in the band, inclusive. */
  min: number;
  max: number;
  /** Fill colour, RRGGBB. */
  color: string;
}

export interface Settings {
  /** Likelihood and impact run 1 … scale. */
  scale: number;
  bands: RiskBand[];
  /** R above this needs a plan to lower it (the usual tolerance line is 4). */
  tolerance: number;
  /** R at or above this needs a new countermeasure (高度 and 極度). */
  actionThreshold: number;
  /** Names of the likelihood levels 1 … scale, and of the impact levels 1 … scale. */
  likelihoodNames: { 'zh-TW': string[]; en: string[] };
  impactNames: { 'zh-TW': string[]; en: string[] };
  /** The achievement rate shown in the workbook is capped here (1.2 = 120%). */
  displayCap: number;
  /** Header words the vocabulary does not know, mapped to a role: `{"執行成果": "actual"}`. */
  columnRoles?: Record<string, Role>;
}

export const DEFAULT_SETTINGS: Settings = {
  scale: 3,
  bands: [
    { level: 'low', min: 1, max: 2, color: '92D050' },
    { level: 'medium', min: 3, max: 4, color: 'FFFF00' },
    { level: 'high', min: 6, max: 6, color: 'FFC000' },
    { level: 'extreme', min: 9, max: 9, color: 'FF0000' },
  ],
  tolerance: 4,
  actionThreshold: 6,
  likelihoodNames: { 'zh-TW': ['不太可能', '可能', '非常可能'], en: ['Unlikely', 'Likely', 'Very likely'] },
  impactNames: { 'zh-TW': ['輕微', '中度', '嚴重'], en: ['Minor', 'Moderate', 'Severe'] },
  displayCap: 1.2,
};

export function resolveSettings(partial?: Partial<Settings>): Settings {
  if (partial && partial.scale !== undefined && partial.scale !== 3) return mergeSettings([partial]);
  return { ...DEFAULT_SETTINGS, ...(partial ?? {}) };
}

/** The level of a score; scores between bands (5, 7, 8 on a 3 × 3 cannot occur) take the band below. */
export function levelOf(score: number, settings: Settings): RiskLevel {
  let found: RiskBand = settings.bands[0];
  for (const b of settings.bands) if (score >= b.min) found = b;
  return found.level;
}

export function bandOf(level: RiskLevel, settings: Settings): RiskBand {
  return settings.bands.find((b) => b.level === level) ?? settings.bands[0];
}

const COLOUR = /^[0-9A-Fa-f]{6}$/;
const DEFAULT_COLOURS: Record<RiskLevel, string> = { low: '92D050', medium: 'FFFF00', high: 'FFC000', extreme: 'FF0000' };

const NAMES: Record<number, { likelihood: Settings['likelihoodNames']; impact: Settings['impactNames'] }> = {
  3: { likelihood: DEFAULT_SETTINGS.likelihoodNames, impact: DEFAULT_SETTINGS.impactNames },
  4: {
    likelihood: { 'zh-TW': ['幾乎不可能', '不太可能', '可能', '非常可能'], en: ['Rare', 'Unlikely', 'Likely', 'Very likely'] },
    impact: { 'zh-TW': ['輕微', '中度', '嚴重', '非常嚴重'], en: ['Minor', 'Moderate', 'Severe', 'Very severe'] },
  },
  5: {
    likelihood: { 'zh-TW': ['極不可能', '不太可能', '可能', '很可能', '幾乎確定'], en: ['Rare', 'Unlikely', 'Possible', 'Likely', 'Almost certain'] },
    impact: { 'zh-TW': ['極輕微', '輕微', '中度', '嚴重', '非常嚴重'], en: ['Negligible', 'Minor', 'Moderate', 'Major', 'Severe'] },
  },
};

/** The default bands of an N × N matrix (3: the seeds' 1–2/3–4/6/9; 4: 1–2/3–4/6–8/9–16; 5: 1–4/5–9/10–12/15–25). */
export function defaultBands(scale: number): RiskBand[] {
  const b = (level: RiskLevel, min: number, max: number): RiskBand => ({ level, min, max, color: DEFAULT_COLOURS[level] });
  if (scale === 4) return [b('low', 1, 2), b('medium', 3, 4), b('high', 6, 8), b('extreme', 9, 16)];
  if (scale === 5) return [b('low', 1, 4), b('medium', 5, 9), b('high', 10, 12), b('extreme', 15, 25)];
  if (scale === 3) return DEFAULT_SETTINGS.bands.map((x) => ({ ...x }));
  // Other sizes: a fifth of the scores low, the next quarter medium, then high, the top third extreme.
  const top = scale * scale;
  const lowMax = Math.max(1, Math.round(top * 0.2));
  const mediumMax = Math.max(lowMax + 1, Math.round(top * 0.45));
  const highMax = Math.max(mediumMax + 1, Math.round(top * 0.65));
  return [b('low', 1, lowMax), b('medium', lowMax + 1, mediumMax), b('high', mediumMax + 1, Math.min(highMax, top - 1)), b('extreme', Math.min(highMax, top - 1) + 1, top)];
}

/** The scores an N × N matrix can give (L × I), ascending. */
export function scoresOf(scale: number): number[] {
  const set = new Set<number>();
  for (let l = 1; l <= scale; l++) for (let i = 1; i <= scale; i++) set.add(l * i);
  return [...set].sort((a, b) => a - b);
}

/**
 * The bands that the lowest scores of 中度, 高度 and 極度 stand for (低度 starts at 1): each band runs from its
 * lowest score to the highest score the matrix can give below the next band's (3 × 3 with 3, 6, 9: 1–2, 3–4, 6, 9).
 * Null when they do not rise from 2 to N², or a band would hold no score the matrix can give.
 */
export function bandsFromLowest(scale: number, lowest: number[]): Omit<RiskBand, 'color'>[] | null {
  const top = scale * scale;
  const mins = [1, ...lowest];
  if (mins.length !== RISK_LEVELS.length) return null;
  for (let k = 1; k < mins.length; k++) if (!Number.isInteger(mins[k]) || mins[k] <= mins[k - 1] || mins[k] > top) return null;
  const scores = scoresOf(scale);
  const bands: Omit<RiskBand, 'color'>[] = [];
  for (let k = 0; k < RISK_LEVELS.length; k++) {
    const next = k + 1 < mins.length ? mins[k + 1] : top + 1;
    const inside = scores.filter((x) => x >= mins[k] && x < next);
    if (!inside.length) return null;
    bands.push({ level: RISK_LEVELS[k], min: mins[k], max: inside[inside.length - 1] });
  }
  return bands;
}

/** The settings of an N × N matrix: its bands, level names, tolerance (top of 中度) and threshold (bottom of 高度). */
export function settingsForScale(scale: number): Settings {
  const bands = defaultBands(scale);
  const names = NAMES[scale] ?? NAMES[3];
  return {
    ...DEFAULT_SETTINGS,
    scale,
    bands,
    tolerance: bands.find((x) => x.level === 'medium')!.max,
    actionThreshold: bands.find((x) => x.level === 'high')!.min,
    likelihoodNames: names.likelihood,
    impactNames: names.impact,
  };
}

export interface SettingsProblem {
  field: string;
  value: string;
}

/**
 * Settings from JSON (kept in the workbook, or `plancheck --settings file.json`), every field checked; a field
 * that does not fit is left out and named in `problems`. One function for both hosts, so both read alike.
 */
export function settingsFromJson(raw: unknown): { settings: Partial<Settings>; problems: SettingsProblem[] } {
  const problems: SettingsProblem[] = [];
  let value = raw;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return { settings: {}, problems: [{ field: '', value: String(raw).slice(0, 40) }] };
    }
  }
  if (value === null || value === undefined) return { settings: {}, problems };
  if (typeof value !== 'object' || Array.isArray(value)) return { settings: {}, problems: [{ field: '', value: typeof value }] };
  const r = value as Record<string, unknown>;
  const out: Partial<Settings> = {};
  const bad = (field: string) => problems.push({ field, value: JSON.stringify(r[field] ?? null).slice(0, 60) });
  if ('scale' in r) {
    // The workbook's own tables give 3, 4 or 5; a setting may ask for 2 … 9.
    if (typeof r.scale === 'number' && Number.isInteger(r.scale) && r.scale >= 2 && r.scale <= 9) out.scale = r.scale;
    else bad('scale');
  }
  const scale = out.scale ?? 3;
  if ('bands' in r) {
    const bands = Array.isArray(r.bands)
      ? (r.bands as Record<string, unknown>[]).filter(
          (b) =>
            b &&
            RISK_LEVELS.includes(b.level as RiskLevel) &&
            Number.isInteger(b.min) &&
            Number.isInteger(b.max) &&
            (b.min as number) >= 1 &&
            (b.min as number) <= (b.max as number) &&
            (b.max as number) <= scale * scale &&
            (b.color === undefined || (typeof b.color === 'string' && COLOUR.test(b.color))),
        )
      : [];
    const levels = new Set(bands.map((b) => b.level));
    if (Array.isArray(r.bands) && bands.length === r.bands.length && levels.size === RISK_LEVELS.length && bands.length === RISK_LEVELS.length) {
      out.bands = RISK_LEVELS.map((level) => {
        const b = bands.find((x) => x.level === level)!;
        return { level, min: b.min as number, max: b.max as number, color: typeof b.color === 'string' ? b.color.toUpperCase() : DEFAULT_COLOURS[level] };
      }).sort((a, b) => a.min - b.min);
    } else bad('bands');
  }
  const intIn = (field: 'tolerance' | 'actionThreshold', lo: number, hi: number) => {
    if (!(field in r)) return;
    const v = r[field];
    if (typeof v === 'number' && Number.isFinite(v) && v >= lo && v <= hi) out[field] = v;
    else bad(field);
  };
  intIn('tolerance', 1, scale * scale);
  intIn('actionThreshold', 1, scale * scale);
  if ('displayCap' in r) {
    if (typeof r.displayCap === 'number' && r.displayCap >= 1 && r.displayCap <= 10) out.displayCap = r.displayCap;
    else bad('displayCap');
  }
  for (const field of ['likelihoodNames', 'impactNames'] as const) {
    if (!(field in r)) continue;
    const v = r[field] as Record<string, unknown> | null;
    const ok = (x: unknown) => Array.isArray(x) && x.length === scale && x.every((s) => typeof s === 'string' && s.length <= 40);
    if (v && typeof v === 'object' && ok(v['zh-TW']) && (v.en === undefined || ok(v.en))) {
      out[field] = { 'zh-TW': v['zh-TW'] as string[], en: (v.en as string[] | undefined) ?? (v['zh-TW'] as string[]) };
    } else bad(field);
  }
  if ('columnRoles' in r) {
    const v = r.columnRoles as Record<string, unknown> | null;
    if (v && typeof v === 'object' && !Array.isArray(v) && Object.entries(v).every(([k, x]) => k.length <= 60 && typeof x === 'string' && (ROLES as string[]).includes(x))) {
      out.columnRoles = v as Record<string, Role>;
    } else bad('columnRoles');
  }
  return { settings: out, problems };
}

/**
 * The settings a run uses, in this order (later wins): the defaults of the matrix size, the settings kept in
 * the workbook (`snapshot.settings`), the caller's (task pane, `--settings`), then the workbook's own risk
 * scales (likelihood and impact tables, level lines), which decide the scale, names and bands when present.
 */
export function mergeSettings(layers: (Partial<Settings> | undefined)[]): Settings {
  const scale = [...layers].reverse().find((l) => l && l.scale !== undefined)?.scale ?? 3;
  let out = settingsForScale(scale);
  for (const l of layers) if (l) out = { ...out, ...l, scale };
  // Bands given without the lines: tolerance and threshold follow them unless given too.
  const explicit = (k: 'tolerance' | 'actionThreshold') => layers.some((l) => l && l[k] !== undefined);
  const withBands = layers.some((l) => l && l.bands);
  if (withBands && !explicit('tolerance')) out.tolerance = out.bands.find((b) => b.level === 'medium')?.max ?? out.tolerance;
  if (withBands && !explicit('actionThreshold')) out.actionThreshold = out.bands.find((b) => b.level === 'high')?.min ?? out.actionThreshold;
  if (out.likelihoodNames['zh-TW'].length !== scale) out.likelihoodNames = (NAMES[scale] ?? NAMES[3]).likelihood;
  if (out.impactNames['zh-TW'].length !== scale) out.impactNames = (NAMES[scale] ?? NAMES[3]).impact;
  return out;
}
