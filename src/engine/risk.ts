/**
 * Risk registers: L and I within the scale, R = L × I, the written level against R, unique IDs,
 * residual not above current, and a new countermeasure for every risk at R ≥ 6.
 */
import { cellAddress } from './address';
import { Issue, makeIssue } from './issues';
import { parseNumber } from './numbers';
import { RiskLevel, Settings, levelOf } from './settings';
import { cellText } from './snapshot';
import { CellRef, roleCell, roleHasValue, roleText, roleTextOnce, unreadableCell, unreadableIssue } from './tables/cells';
import { Table, tableAddress } from './tables/reader';
import type { Role } from './tables/vocabulary';
import { cleanText, normalizeLabel } from './text';

export interface RiskAssessment {
  likelihood: number | null;
  impact: number | null;
  /** L × I when both are valid. */
  score: number | null;
  level: RiskLevel | null;
}

export interface RiskRecord {
  sheet: string;
  row: number;
  id: string;
  /** The ID was not written: `id` is made from the row number. */
  idMissing: boolean;
  idCell: string;
  name: string;
  current: RiskAssessment;
  residual: RiskAssessment | null;
  newControl: string;
}

/** A risk as read; the ID's cell is kept by column and its A1 address made when asked for (an issue, a comparison). */
class Risk implements RiskRecord {
  constructor(
    readonly sheet: string,
    readonly row: number,
    readonly id: string,
    readonly idMissing: boolean,
    private readonly idCol: number,
    readonly name: string,
    readonly current: RiskAssessment,
    readonly residual: RiskAssessment | null,
    readonly newControl: string,
  ) {}
  get idCell(): string {
    return cellAddress(this.row, this.idCol);
  }
}

export interface RiskTableResult {
  sheet: string;
  range: string;
  risks: RiskRecord[];
}

const ID_PATTERN = /^\s*([A-Za-z]{1,4}\s?-?\s?\d{1,6}(?:[-.]\d{1,3})?)(?=$|[\s:：、.,，)）]|[^\x00-\x7F])/;
const NO_COUNTERMEASURE = /^(|-|－|—|–|─|無|none|n\/a|na|nil|\/|x|不適用)$/;

const LEVEL_WORDS: [RegExp, RiskLevel][] = [
  [/極度|極高|extreme|critical/, 'extreme'],
  [/高度|^高$|high/, 'high'],
  [/中度|^中$|medium|moderate/, 'medium'],
  [/低度|^低$|low/, 'low'],
];

export function levelFromText(text: string): RiskLevel | null {
  const t = normalizeLabel(text);
  for (const [p, level] of LEVEL_WORDS) if (p.test(t)) return level;
  return null;
}

/** The ID at the start of a risk name: `P1 重要路口…` → `P1`. */
export function riskIdFromName(name: string): string | null {
  const m = ID_PATTERN.exec(name);
  return m ? m[1].replace(/\s+/g, '') : null;
}

interface ScaleValue {
  value: number | null;
  ref: CellRef | null;
}

function readScale(t: Table, r: number, role: Role, settings: Settings, issues: Issue[], residual: boolean): ScaleValue {
  const ref = roleCell(t, r, role);
  if (!ref) return { value: null, ref: null };
  const bad = unreadableCell(ref.value);
  if (bad) {
    issues.push(unreadableIssue(t.sheet, ref, bad));
    return { value: null, ref };
  }
  const n = parseNumber(cellText(ref.value));
  const isL = role === 'likelihood' || role === 'resLikelihood';
  if (!n || n.percent || !Number.isInteger(n.value) || n.value < 1 || n.value > settings.scale) {
    issues.push(
      makeIssue(isL ? 'RISK_LIKELIHOOD_RANGE' : 'RISK_IMPACT_RANGE', t.sheet, ref.address, {
        text: cleanText(cellText(ref.value)),
        scale: settings.scale,
        which: residual ? 'residual' : 'current',
      }),
    );
    return { value: null, ref };
  }
  // An integer from 1 to the scale: kept as a small integer (a number read from text is a double, which every
  // record holding it, the risk's and the report's, would box: 16 bytes each).
  return { value: n.value | 0, ref };
}

function assess(
  t: Table,
  r: number,
  roles: { l: Role; i: Role; score: Role; level: Role },
  settings: Settings,
  issues: Issue[],
  residual: boolean,
  riskName: string,
  shared: (RiskAssessment | undefined)[],
): RiskAssessment {
  const l = readScale(t, r, roles.l, settings, issues, residual);
  const i = readScale(t, r, roles.i, settings, issues, residual);
  for (let k = 0; k < 2; k++) {
    const v = k === 0 ? l : i;
    const role = k === 0 ? roles.l : roles.i;
    if (!v.ref && t.columns[role]) {
      issues.push(makeIssue('RISK_VALUE_MISSING', t.sheet, cellAddress(r, t.columns[role]![0]), { risk: riskName, which: residual ? 'residual' : 'current', value: role === roles.l ? 'L' : 'I', scale: settings.scale }));
    }
  }
  const score = l.value !== null && i.value !== null ? l.value * i.value : null;
  const level = score !== null ? levelOf(score, settings) : null;
  const scoreRef = roleCell(t, r, roles.score);
  if (scoreRef && score !== null) {
    const bad = unreadableCell(scoreRef.value);
    const written = bad ? null : parseNumber(cellText(scoreRef.value));
    if (bad) issues.push(unreadableIssue(t.sheet, scoreRef, bad));
    else if (!written || Math.abs(written.value - score) > 1e-9) {
      issues.push(
        makeIssue('RISK_SCORE_MISMATCH', t.sheet, scoreRef.address, {
          written: cleanText(cellText(scoreRef.value)),
          l: l.value!,
          i: i.value!,
          score,
          which: residual ? 'residual' : 'current',
        }),
      );
    }
  }
  const levelRef = roleCell(t, r, roles.level);
  if (levelRef && level) {
    const written = levelFromText(cellText(levelRef.value));
    if (written !== level) {
      issues.push(
        makeIssue('RISK_LEVEL_MISMATCH', t.sheet, levelRef.address, {
          written: cleanText(cellText(levelRef.value)),
          score: score!,
          level,
          which: residual ? 'residual' : 'current',
        }),
      );
    }
  }
  return sharedAssessment(shared, settings.scale, l.value, i.value, score, level);
}

/**
 * The assessment of (L, I): one object for every risk (current or residual) of a table with the same L and I, as
 * score and level follow from them. A register of 100,000 risks holds at most (scale + 1)² of them, not 200,000.
 * The objects are never changed.
 */
function sharedAssessment(shared: (RiskAssessment | undefined)[], scale: number, l: number | null, i: number | null, score: number | null, level: RiskLevel | null): RiskAssessment {
  const key = (l ?? 0) * (scale + 1) + (i ?? 0);
  let a = shared[key];
  if (a === undefined) shared[key] = a = { likelihood: l, impact: i, score, level };
  return a;
}

const VALUE_ROLES: readonly Role[] = ['likelihood', 'impact', 'resLikelihood', 'resImpact'];
const CURRENT_ROLES = { l: 'likelihood', i: 'impact', score: 'score', level: 'level' } as const;
const RESIDUAL_ROLES = { l: 'resLikelihood', i: 'resImpact', score: 'resScore', level: 'resLevel' } as const;

export function readRiskTable(t: Table, settings: Settings, issues: Issue[]): RiskTableResult {
  const risks: RiskRecord[] = [];
  const sheet = t.sheet;
  const shared: (RiskAssessment | undefined)[] = [];
  for (const r of t.dataRows) {
    const idRef = roleCell(t, r, 'riskId');
    const itemRef = roleCell(t, r, 'riskItem');
    const hasValues = VALUE_ROLES.some((role) => roleHasValue(t, r, role));
    if (!idRef && !itemRef && !hasValues) continue; // continuation row: more text of the risk above
    const name = roleTextOnce(t, r, 'riskItem');
    const written = idRef ? cleanText(cellText(idRef.value)) : riskIdFromName(name);
    const idCol = (idRef ?? itemRef)?.col ?? t.left;
    const id = written || `#${r + 1}`;
    if (!written) issues.push(makeIssue('RISK_ID_MISSING', sheet, cellAddress(r, idCol), { risk: name || id, id }));
    const label = name || id;
    const current = assess(t, r, CURRENT_ROLES, settings, issues, false, label, shared);
    const hasResidual = roleHasValue(t, r, 'resLikelihood') || roleHasValue(t, r, 'resImpact');
    const residual = hasResidual
      ? assess(t, r, RESIDUAL_ROLES, settings, issues, true, label, shared)
      : null;
    const newControl = roleText(t, r, 'newControl');
    const risk: RiskRecord = new Risk(sheet, r, id, !written, idCol, name, current, residual, newControl);
    risks.push(risk);

    if (residual && residual.score !== null && current.score !== null && residual.score > current.score) {
      const ref = roleCell(t, r, 'resScore') ?? roleCell(t, r, 'resLikelihood');
      issues.push(
        makeIssue('RISK_RESIDUAL_ABOVE_CURRENT', sheet, ref?.address ?? risk.idCell, { id, residual: residual.score, current: current.score }),
      );
    }
    if (current.score !== null && current.score >= settings.actionThreshold && NO_COUNTERMEASURE.test(normalizeLabel(newControl))) {
      const cell = t.columns.newControl ? cellAddress(r, t.columns.newControl[0]) : risk.idCell;
      issues.push(makeIssue('RISK_NEEDS_COUNTERMEASURE', sheet, cell, { id, score: current.score, threshold: settings.actionThreshold }));
    }
    if (residual && residual.score !== null && residual.score > settings.tolerance) {
      const ref = roleCell(t, r, 'resScore') ?? roleCell(t, r, 'resLikelihood');
      issues.push(makeIssue('RISK_RESIDUAL_ABOVE_TOLERANCE', sheet, ref?.address ?? risk.idCell, { id, score: residual.score, tolerance: settings.tolerance }));
    }
  }
  return { sheet, range: tableAddress(t), risks };
}

/** IDs must be unique across the workbook. */
export function checkRiskIds(all: RiskRecord[], issues: Issue[]): void {
  const seen = new Map<string, RiskRecord>();
  for (const r of all) {
    if (r.idMissing) continue;
    const key = r.id.toUpperCase();
    const first = seen.get(key);
    if (first) {
      issues.push(makeIssue('RISK_ID_DUPLICATE', r.sheet, r.idCell, { id: r.id, first: `${first.sheet}!${first.idCell}` }));
    } else seen.set(key, r);
  }
}

export interface LevelCounts {
  low: number;
  medium: number;
  high: number;
  extreme: number;
}

export function countLevels(assessments: (RiskAssessment | null)[]): LevelCounts {
  const c: LevelCounts = { low: 0, medium: 0, high: 0, extreme: 0 };
  for (const a of assessments) addLevel(c, a);
  return c;
}

/** Counts one assessment's level in `c` (none when it has no level). */
export function addLevel(c: LevelCounts, a: RiskAssessment | null): void {
  if (a && a.level) c[a.level]++;
}
