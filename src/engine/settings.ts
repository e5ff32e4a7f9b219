/**
 * Settings the agency may change: the risk matrix size, its level bands and colours, the tolerance line,
 * and the displayed cap of achievement rates. The defaults are the seeds' 3 × 3 matrix.
 */
import type { Role } from './tables/vocabulary';

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
