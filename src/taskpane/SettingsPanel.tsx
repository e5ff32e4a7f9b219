/**
 * Settings kept with the workbook: the risk band colours, the tolerance line, the countermeasure threshold.
 * Save writes them through the actions (the document's settings); Reset puts the defaults back and saves them.
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
  SwatchPicker,
  Text,
  makeStyles,
  shorthands,
  tokens,
} from '@fluentui/react-components';
import { levelName } from '../engine/messages';
import { DEFAULT_SETTINGS, RISK_LEVELS, type RiskLevel, type Settings } from '../engine/settings';
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
});

/** The header's button, for browser tests (slot props take no data-* attributes in their type). */
const TOGGLE_PROPS = { 'data-testid': 'settings-toggle' } as React.ButtonHTMLAttributes<HTMLButtonElement>;

/** The panel's expand motion: height only, no fade (see the render below). */
const PANEL_MOTION = { animateOpacity: false };

const HEX = /^#?([0-9A-Fa-f]{6})$/;
const MIN = 1;
const MAX = 25;

interface Form {
  colors: Record<RiskLevel, string>;
  tolerance: string;
  actionThreshold: string;
}

function formOf(s: Settings): Form {
  const colors = {} as Record<RiskLevel, string>;
  for (const level of RISK_LEVELS) colors[level] = (s.bands.find((b) => b.level === level)?.color ?? '').toUpperCase();
  return { colors, tolerance: String(s.tolerance), actionThreshold: String(s.actionThreshold) };
}

/** The hex colour without '#', upper case; null when it is not six hex digits. */
function hexOf(text: string): string | null {
  const m = HEX.exec(text.trim());
  return m ? m[1].toUpperCase() : null;
}

function numberOf(text: string): number | null {
  if (!text.trim()) return null;
  const v = Number(text);
  return Number.isFinite(v) && v >= MIN && v <= MAX ? v : null;
}

/** The settings a valid form stands for; null while any field is invalid. */
function settingsOf(form: Form, base: Settings): Partial<Settings> | null {
  const tolerance = numberOf(form.tolerance);
  const actionThreshold = numberOf(form.actionThreshold);
  if (tolerance === null || actionThreshold === null) return null;
  const bands = [];
  for (const b of base.bands) {
    const color = hexOf(form.colors[b.level] ?? '');
    if (!color) return null;
    bands.push({ ...b, color });
  }
  return { bands, tolerance, actionThreshold, displayCap: base.displayCap };
}

export interface SettingsPanelProps {
  lang: Lang;
  settings: Settings;
  onSave(s: Partial<Settings>): Promise<void>;
}

export function SettingsPanel({ lang, settings, onSave }: SettingsPanelProps): React.ReactElement {
  const styles = useStyles();
  const [form, setForm] = React.useState<Form>(() => formOf(settings));
  const [saving, setSaving] = React.useState(false);
  const [message, setMessage] = React.useState<{ intent: 'success' | 'error'; text: string } | null>(null);

  React.useEffect(() => setForm(formOf(settings)), [settings]);

  const valid = settingsOf(form, settings);

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
      bands: DEFAULT_SETTINGS.bands.map((b) => ({ ...b })),
      tolerance: DEFAULT_SETTINGS.tolerance,
      actionThreshold: DEFAULT_SETTINGS.actionThreshold,
      displayCap: DEFAULT_SETTINGS.displayCap,
    };
    setForm(formOf(DEFAULT_SETTINGS));
    void save(defaults, UI_TEXT.settingsWereReset[lang]);
  };

  const numberField = (key: 'tolerance' | 'actionThreshold', label: string, testId: string) => {
    const ok = numberOf(form[key]) !== null;
    return (
      <Field label={label} validationState={ok ? 'none' : 'error'} validationMessage={ok ? undefined : UI_TEXT.numberInvalid[lang]}>
        <Input
          type="number"
          min={MIN}
          max={MAX}
          step={1}
          value={form[key]}
          data-testid={testId}
          onChange={(_, d) => setForm((f) => ({ ...f, [key]: d.value }))}
        />
      </Field>
    );
  };

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
