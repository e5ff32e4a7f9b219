/**
 * Settings kept with the workbook: the risk matrix size and its bands, the band colours, the tolerance line, the
 * countermeasure threshold, and the agency's own column headers mapped to what they hold. Save writes them
 * through the actions (the workbook's settings part, which plancheck on an .xlsx reads too); Reset puts the
 * defaults back and saves them.
 */
import * as React from 'react';
import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Button,
  ColorSwatch,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Select,
  SwatchPicker,
  Text,
  makeStyles,
  shorthands,
  tokens,
} from '@fluentui/react-components';
import { joinList, levelName } from '../engine/messages';
import { scaleSources, type ReportScale } from '../engine/report';
import { bandsFromLowest, DEFAULT_SETTINGS, RISK_LEVELS, settingsForScale, type RiskBand, type RiskLevel, type Settings } from '../engine/settings';
import { ROLE_NAMES, ROLES, type Role } from '../engine/tables/vocabulary';
import { SWATCHES, UI_TEXT } from '../engine/uiText';
import type { Lang } from './text';

const useStyles = makeStyles({
  form: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
  },
  buttons: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalS,
  },
  swatch: {
    display: 'inline-block',
    width: '16px',
    height: '16px',
    ...shorthands.border(tokens.strokeWidthThin, 'solid', tokens.colorNeutralStroke1),
    borderRadius: tokens.borderRadiusSmall,
  },
  code: {
    fontFamily: tokens.fontFamilyMonospace,
  },
  colour: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
  },
  roleRow: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-end',
    gap: tokens.spacingHorizontalS,
  },
});

/** The header's button, for browser tests (slot props take no data-* attributes in their type). */
const TOGGLE_PROPS = { 'data-testid': 'settings-toggle' } as React.ButtonHTMLAttributes<HTMLButtonElement>;

/** The panel's expand motion: height only, no fade (see the render below). */
const PANEL_MOTION = { animateOpacity: false };

const HEX = /^#?([0-9A-Fa-f]{6})$/;
const MIN = 1;
/** The matrix sizes offered (the template makes these); a stored size outside them is offered too. */
const SCALES = [3, 4, 5];
const MAX_HEADER = 60;
/** The levels whose lowest score the form edits (低度 always starts at 1). */
const UPPER_LEVELS: RiskLevel[] = ['medium', 'high', 'extreme'];

interface RoleRow {
  header: string;
  role: Role;
}

interface Form {
  scale: number;
  colors: Record<RiskLevel, string>;
  /** The lowest score of 中度, 高度 and 極度, as typed. */
  mins: Record<RiskLevel, string>;
  tolerance: string;
  actionThreshold: string;
  roles: RoleRow[];
}

function formOf(s: Settings): Form {
  const colors = {} as Record<RiskLevel, string>;
  const mins = {} as Record<RiskLevel, string>;
  for (const level of RISK_LEVELS) {
    const band = s.bands.find((b) => b.level === level);
    colors[level] = (band?.color ?? '').toUpperCase();
    mins[level] = String(band?.min ?? '');
  }
  const roles = Object.entries(s.columnRoles ?? {}).map(([header, role]) => ({ header, role }));
  return { scale: s.scale, colors, mins, tolerance: String(s.tolerance), actionThreshold: String(s.actionThreshold), roles };
}

/** The form of another matrix size: its default bands and lines; the colours and headers as they are. */
function withScale(form: Form, scale: number): Form {
  const d = formOf(settingsForScale(scale));
  return { ...form, scale, mins: d.mins, tolerance: d.tolerance, actionThreshold: d.actionThreshold };
}

/** The hex colour without '#', upper case; null when it is not six hex digits. */
function hexOf(text: string): string | null {
  const m = HEX.exec(text.trim());
  return m ? m[1].toUpperCase() : null;
}

function wholeNumberOf(text: string, lo: number, hi: number): number | null {
  if (!text.trim()) return null;
  const v = Number(text);
  return Number.isInteger(v) && v >= lo && v <= hi ? v : null;
}

/** The bands the form's lowest scores stand for (bandsFromLowest); null while one is not a whole number from 2 to N². */
function bandsOf(form: Form): Omit<RiskBand, 'color'>[] | null {
  const top = form.scale * form.scale;
  const lowest: number[] = [];
  for (const level of UPPER_LEVELS) {
    const v = wholeNumberOf(form.mins[level], 2, top);
    if (v === null) return null;
    lowest.push(v);
  }
  return bandsFromLowest(form.scale, lowest);
}

/** Each header once, not empty, not too long: the rows that are not. */
function badRoleRows(roles: RoleRow[]): Set<number> {
  const bad = new Set<number>();
  const seen = new Map<string, number>();
  roles.forEach((r, k) => {
    const h = r.header.trim();
    if (!h || h.length > MAX_HEADER) bad.add(k);
    else if (seen.has(h)) {
      bad.add(k);
      bad.add(seen.get(h)!);
    } else seen.set(h, k);
  });
  return bad;
}

/** The settings a valid form stands for; null while any field is invalid. */
function settingsOf(form: Form, base: Settings): Partial<Settings> | null {
  const top = form.scale * form.scale;
  const tolerance = wholeNumberOf(form.tolerance, MIN, top);
  const actionThreshold = wholeNumberOf(form.actionThreshold, MIN, top);
  const ranges = bandsOf(form);
  if (tolerance === null || actionThreshold === null || !ranges || badRoleRows(form.roles).size) return null;
  const bands: RiskBand[] = [];
  for (const b of ranges) {
    const color = hexOf(form.colors[b.level] ?? '');
    if (!color) return null;
    bands.push({ ...b, color });
  }
  const columnRoles: Record<string, Role> = {};
  for (const r of form.roles) columnRoles[r.header.trim()] = r.role;
  const out: Partial<Settings> = { scale: form.scale, bands, tolerance, actionThreshold, displayCap: base.displayCap, columnRoles };
  if (form.scale !== base.scale) {
    // Level names go with the size (a stored list of another length would not be read back).
    const names = settingsForScale(form.scale);
    out.likelihoodNames = names.likelihoodNames;
    out.impactNames = names.impactNames;
  }
  return out;
}

/** `低度 1–2、中度 3–4、高度 6、極度 9` */
function bandsText(bands: Omit<RiskBand, 'color'>[], lang: Lang): string {
  const name = (level: RiskLevel) => {
    const n = levelName(level, lang);
    return lang === 'en' ? n.charAt(0).toUpperCase() + n.slice(1) : n;
  };
  return bands.map((b) => `${name(b.level)} ${b.min === b.max ? b.min : `${b.min}–${b.max}`}`).join(lang === 'en' ? ', ' : '、');
}

export interface SettingsPanelProps {
  lang: Lang;
  settings: Settings;
  /** The matrix the last check used (the report's), when there was one: the workbook's own tables may decide it. */
  scale?: ReportScale;
  onSave(s: Partial<Settings>): Promise<void>;
}

const SOURCE_TEXT = { likelihood: UI_TEXT.ownMatrixLikelihood, impact: UI_TEXT.ownMatrixImpact, lines: UI_TEXT.ownMatrixLines };

/** The workbook's own tables that decided the matrix the last check used, said in a sentence; null when none did. */
function ownMatrixText(scale: ReportScale | undefined, lang: Lang): string | null {
  if (!scale) return null;
  const parts = scaleSources(scale).map((x) => SOURCE_TEXT[x.table][lang](`${x.sheet}!${x.cell}`));
  return parts.length ? UI_TEXT.ownMatrix[lang](scale.size, joinList(parts, lang)) : null;
}

export function SettingsPanel({ lang, settings, scale, onSave }: SettingsPanelProps): React.ReactElement {
  const styles = useStyles();
  const [form, setForm] = React.useState<Form>(() => formOf(settings));
  const [saving, setSaving] = React.useState(false);
  const [message, setMessage] = React.useState<{ intent: 'success' | 'error'; text: string } | null>(null);

  React.useEffect(() => setForm(formOf(settings)), [settings]);

  const valid = settingsOf(form, settings);
  const ownMatrix = ownMatrixText(scale, lang);

  const save = async (s: Partial<Settings>, done: string) => {
    setSaving(true);
    setMessage(null);
    try {
      await onSave(s);
      setMessage({ intent: 'success', text: done });
    } catch {
      setMessage({ intent: 'error', text: UI_TEXT.settingsSaveFailed[lang] });
    } finally {
      setSaving(false);
    }
  };

  const onSubmit = (e: React.FormEvent) => {
    e.preventDefault();
    if (saving) return;
    if (valid) void save(valid, UI_TEXT.settingsSaved[lang]);
    else setMessage({ intent: 'error', text: UI_TEXT.settingsInvalid[lang] });
  };

  const onReset = () => {
    const defaults: Partial<Settings> = {
      scale: DEFAULT_SETTINGS.scale,
      bands: DEFAULT_SETTINGS.bands.map((b) => ({ ...b })),
      tolerance: DEFAULT_SETTINGS.tolerance,
      actionThreshold: DEFAULT_SETTINGS.actionThreshold,
      displayCap: DEFAULT_SETTINGS.displayCap,
      likelihoodNames: DEFAULT_SETTINGS.likelihoodNames,
      impactNames: DEFAULT_SETTINGS.impactNames,
      columnRoles: {},
    };
    setForm(formOf(DEFAULT_SETTINGS));
    void save(defaults, UI_TEXT.settingsWereReset[lang]);
  };

  const top = form.scale * form.scale;
  const numberField = (key: 'tolerance' | 'actionThreshold', label: string, testId: string) => {
    const ok = wholeNumberOf(form[key], MIN, top) !== null;
    return (
      <Field label={label} validationState={ok ? 'none' : 'error'} validationMessage={ok ? undefined : UI_TEXT.numberInvalid[lang](top)}>
        <Input
          type="number"
          min={MIN}
          max={top}
          step={1}
          value={form[key]}
          data-testid={testId}
          onChange={(_, d) => setForm((f) => ({ ...f, [key]: d.value }))}
        />
      </Field>
    );
  };
  const ranges = bandsOf(form);
  const badRoles = badRoleRows(form.roles);
  const scales = SCALES.includes(form.scale) ? SCALES : [...SCALES, form.scale].sort((a, b) => a - b);
  const setRole = (k: number, row: Partial<RoleRow>) => setForm((f) => ({ ...f, roles: f.roles.map((r, j) => (j === k ? { ...r, ...row } : r)) }));

  return (
    <Accordion collapsible>
      <AccordionItem value="settings">
        <AccordionHeader as="h2" button={TOGGLE_PROPS}>
          {UI_TEXT.settingsHeading[lang]}
        </AccordionHeader>
        {/* The panel expands without fading in: a half-transparent panel would put its text (white on the brand blue of
            Save, the grey hints) below 4.5:1 contrast while it opens. */}
        <AccordionPanel collapseMotion={PANEL_MOTION}>
          <form className={styles.form} onSubmit={onSubmit} noValidate data-testid="settings">
            <Text block>{UI_TEXT.settingsIntro[lang]}</Text>
            {ownMatrix ? (
              <MessageBar intent="info" layout="multiline" data-testid="settings-own-matrix">
                <MessageBarBody>{ownMatrix}</MessageBarBody>
              </MessageBar>
            ) : null}
            <Field label={UI_TEXT.scaleLabel[lang]} hint={UI_TEXT.scaleHint[lang]}>
              <Select value={String(form.scale)} data-testid="settings-scale" onChange={(_, d) => setForm((f) => withScale(f, Number(d.value)))}>
                {scales.map((n) => (
                  <option key={n} value={String(n)}>
                    {UI_TEXT.scaleOption[lang](n)}
                  </option>
                ))}
              </Select>
            </Field>
            {UPPER_LEVELS.map((level) => (
              <Field
                key={level}
                label={UI_TEXT.bandFromLabel[lang](levelName(level, lang))}
                validationState={ranges ? 'none' : 'error'}
                validationMessage={ranges ? undefined : UI_TEXT.bandsInvalid[lang](top)}
              >
                <Input
                  type="number"
                  min={2}
                  max={top}
                  step={1}
                  value={form.mins[level]}
                  data-testid={`settings-min-${level}`}
                  onChange={(_, d) => setForm((f) => ({ ...f, mins: { ...f.mins, [level]: d.value } }))}
                />
              </Field>
            ))}
            {ranges ? (
              <Text block size={200} data-testid="settings-bands">
                {UI_TEXT.bandsHint[lang](bandsText(ranges, lang))}
              </Text>
            ) : null}
            {RISK_LEVELS.map((level) => {
              const hex = hexOf(form.colors[level]);
              const label = UI_TEXT.colourLabel[lang](levelName(level, lang));
              return (
                <div key={level} className={styles.colour}>
                  <Field
                    label={label}
                    hint={UI_TEXT.colourHint[lang]}
                    validationState={hex ? 'none' : 'error'}
                    validationMessage={hex ? undefined : UI_TEXT.colourInvalid[lang]}
                  >
                    <Input
                      className={styles.code}
                      value={form.colors[level]}
                      maxLength={7}
                      spellCheck={false}
                      autoComplete="off"
                      data-testid={`settings-color-${level}`}
                      contentBefore={<span aria-hidden="true" className={styles.swatch} style={{ backgroundColor: hex ? `#${hex}` : 'transparent' }} />}
                      onChange={(_, d) => setForm((f) => ({ ...f, colors: { ...f.colors, [level]: d.value } }))}
                    />
                  </Field>
                  <SwatchPicker
                    aria-label={UI_TEXT.swatchesLabel[lang](label)}
                    layout="row"
                    size="small"
                    selectedValue={hex ?? ''}
                    data-testid={`settings-swatches-${level}`}
                    onSelectionChange={(_, d) => setForm((f) => ({ ...f, colors: { ...f.colors, [level]: d.selectedValue } }))}
                  >
                    {SWATCHES.map((c) => (
                      <ColorSwatch key={c} value={c} color={`#${c}`} aria-label={UI_TEXT.swatchNames[lang](c)} data-testid={`swatch-${level}-${c}`} />
                    ))}
                  </SwatchPicker>
                </div>
              );
            })}
            {numberField('tolerance', UI_TEXT.toleranceLabel[lang], 'settings-tolerance')}
            {numberField('actionThreshold', UI_TEXT.thresholdLabel[lang], 'settings-threshold')}
            <Text as="h3" weight="semibold" block>
              {UI_TEXT.rolesHeading[lang]}
            </Text>
            <Text block size={200}>
              {UI_TEXT.rolesHint[lang]}
            </Text>
            {form.roles.map((r, k) => (
              <div key={k} className={styles.roleRow} data-testid="settings-role-row">
                <Field
                  label={UI_TEXT.roleHeaderLabel[lang](k + 1)}
                  validationState={badRoles.has(k) ? 'error' : 'none'}
                  validationMessage={badRoles.has(k) ? UI_TEXT.roleHeaderInvalid[lang] : undefined}
                >
                  <Input
                    value={r.header}
                    maxLength={MAX_HEADER}
                    spellCheck={false}
                    autoComplete="off"
                    data-testid={`settings-role-header-${k}`}
                    onChange={(_, d) => setRole(k, { header: d.value })}
                  />
                </Field>
                <Field label={UI_TEXT.roleLabel[lang](k + 1)}>
                  <Select value={r.role} data-testid={`settings-role-${k}`} onChange={(_, d) => setRole(k, { role: d.value as Role })}>
                    {ROLES.map((role) => (
                      <option key={role} value={role}>
                        {lang === 'en' ? `${ROLE_NAMES[role].en} (${ROLE_NAMES[role].header})` : `${ROLE_NAMES[role]['zh-TW']}（${ROLE_NAMES[role].header}）`}
                      </option>
                    ))}
                  </Select>
                </Field>
                <Button
                  type="button"
                  aria-label={UI_TEXT.roleRemove[lang](k + 1)}
                  data-testid={`settings-role-remove-${k}`}
                  onClick={() => setForm((f) => ({ ...f, roles: f.roles.filter((_, j) => j !== k) }))}
                >
                  ✕
                </Button>
              </div>
            ))}
            <div>
              <Button type="button" data-testid="settings-role-add" onClick={() => setForm((f) => ({ ...f, roles: [...f.roles, { header: '', role: 'actual' }] }))}>
                {UI_TEXT.roleAdd[lang]}
              </Button>
            </div>
            <div className={styles.buttons}>
              <Button type="submit" appearance="primary" disabled={saving} data-testid="settings-save">
                {UI_TEXT.settingsSave[lang]}
              </Button>
              <Button type="button" disabled={saving} data-testid="settings-reset" onClick={onReset}>
                {UI_TEXT.settingsReset[lang]}
              </Button>
            </div>
            <div aria-live="polite">
              {message ? (
                <MessageBar intent={message.intent} layout="multiline" data-testid="settings-message">
                  <MessageBarBody>{message.text}</MessageBarBody>
                </MessageBar>
              ) : null}
            </div>
          </form>
        </AccordionPanel>
      </AccordionItem>
    </Accordion>
  );
}
