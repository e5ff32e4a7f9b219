/**
 * The task pane. Everything it knows about Excel comes through `actions` (PlanActions): the language,
 * the actions, selecting a cell, the settings kept with the workbook.
 */
import * as React from 'react';
import { FluentProvider, Text, makeStyles, tokens, webLightTheme } from '@fluentui/react-components';
import type { ActionResult, OnStep, PlanActions } from '../hosts/office/actions';
import type { Report } from '../engine/report';
import type { Settings } from '../engine/settings';
import { UI_TEXT } from '../engine/uiText';
import { ActionBar } from './ActionBar';
import { ProblemList } from './ProblemList';
import { ProgressStatus } from './ProgressStatus';
import { ResultMessage } from './ResultMessage';
import { SettingsPanel } from './SettingsPanel';
import { Summary } from './Summary';
import { TablesFound } from './TablesFound';
import { ComparisonView } from './ComparisonView';
import { PreviousYear } from './PreviousYear';
import type { WorkbookSnapshot } from '../engine/snapshot';
import type { ActionKey, Progress } from './text';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalL,
    paddingTop: tokens.spacingVerticalM,
    paddingBottom: tokens.spacingVerticalXXL,
    paddingLeft: tokens.spacingHorizontalM,
    paddingRight: tokens.spacingHorizontalM,
    minHeight: '100vh',
    boxSizing: 'border-box',
  },
  header: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
  },
});

export interface AppProps {
  actions: PlanActions;
}

interface Outcome {
  action: ActionKey;
  /** null: the action threw instead of returning a result. */
  result: ActionResult | null;
}

function run(actions: PlanActions, action: ActionKey, onStep: OnStep): Promise<ActionResult> {
  switch (action) {
    case 'validate':
      return actions.validate(onStep);
    case 'fill':
      return actions.fill(onStep);
    case 'generate':
      return actions.generateRiskSheet(onStep);
    case 'clear':
      return actions.clearMarks(onStep);
    case 'template':
      return actions.newPlanWorkbook(onStep);
  }
}

export function App({ actions }: AppProps): React.ReactElement {
  const styles = useStyles();
  const lang = actions.lang;
  const [busy, setBusy] = React.useState(false);
  const [step, setStep] = React.useState<Progress | null>(null);
  const [outcome, setOutcome] = React.useState<Outcome | null>(null);
  const [report, setReport] = React.useState<Report | null>(null);
  const [settings, setSettings] = React.useState<Settings>(() => actions.settings());
  const running = React.useRef(false);

  const onRun = React.useCallback(
    async (action: ActionKey) => {
      if (running.current) return;
      running.current = true;
      setBusy(true);
      setStep('starting');
      setOutcome({ action, result: null });
      let result: ActionResult | null = null;
      try {
        result = await run(actions, action, (s) => setStep(s));
      } catch {
        result = null;
      }
      if (result?.report) setReport(result.report);
      // A new template changes the workbook: the old report's cells no longer hold what it says.
      else if (result?.ok && action === 'template') setReport(null);
      setStep(result?.ok ? 'done' : null);
      setOutcome({ action, result });
      setBusy(false);
      running.current = false;
    },
    [actions],
  );

  const [previousName, setPreviousName] = React.useState<string | null>(() => actions.previousName());

  // Compare with last year's workbook: the actions keep it, and the plan is validated against it at once.
  const onPicked = React.useCallback(
    async (snapshot: WorkbookSnapshot, name: string) => {
      if (running.current) return;
      running.current = true;
      setBusy(true);
      setStep('starting');
      setOutcome(null);
      let result: ActionResult | null = null;
      try {
        result = await actions.compareWithPrevious(snapshot, name, (s) => setStep(s));
      } catch {
        result = null;
      }
      setPreviousName(actions.previousName());
      if (result?.report) setReport(result.report);
      setStep(result?.ok ? 'done' : null);
      setOutcome({ action: 'validate', result });
      setBusy(false);
      running.current = false;
    },
    [actions],
  );

  const onStopComparing = React.useCallback(() => {
    actions.setPrevious(null);
    setPreviousName(null);
    setReport((r) => (r && r.comparison ? null : r));
  }, [actions]);

  const onSelect = React.useCallback((sheet: string, cell: string) => actions.selectCell(sheet, cell), [actions]);

  const onSaveSettings = React.useCallback(
    async (s: Partial<Settings>) => {
      await actions.saveSettings(s);
      setSettings(actions.settings());
    },
    [actions],
  );

  return (
    <FluentProvider theme={webLightTheme} lang={lang}>
      <main className={styles.root}>
        <header className={styles.header}>
          <Text as="h1" size={500} weight="semibold" block>
            {UI_TEXT.title[lang]}
          </Text>
          <Text block size={200}>
            {UI_TEXT.intro[lang]}
          </Text>
        </header>
        <ActionBar lang={lang} busy={busy} last={outcome?.action ?? null} onRun={(a) => void onRun(a)} />
        <PreviousYear lang={lang} busy={busy} current={previousName} onPicked={(s, n) => void onPicked(s, n)} onStop={onStopComparing} />
        <ProgressStatus lang={lang} running={busy} step={step} />
        {outcome && !busy ? <ResultMessage lang={lang} action={outcome.action} result={outcome.result} /> : null}
        {report ? (
          <>
            <Summary lang={lang} report={report} settings={settings} />
            <ComparisonView lang={lang} report={report} />
            <TablesFound lang={lang} tables={report.tables} />
            <ProblemList lang={lang} report={report} onSelect={onSelect} busy={busy} />
          </>
        ) : null}
        <SettingsPanel lang={lang} settings={settings} scale={report?.scale} onSave={onSaveSettings} />
      </main>
    </FluentProvider>
  );
}
