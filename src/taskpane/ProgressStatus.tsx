/** The progress region: a spinner with the step in words while an action runs (announced politely). */
import * as React from 'react';
import { Spinner, Text, makeStyles, tokens } from '@fluentui/react-components';
import { stepText, type Lang, type Progress } from './text';

const useStyles = makeStyles({
  status: {
    minHeight: '24px',
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
  },
});

export interface ProgressStatusProps {
  lang: Lang;
  running: boolean;
  /** The step now (while running) or the last one reached (after); null: nothing to say. */
  step: Progress | null;
}

export function ProgressStatus({ lang, running, step }: ProgressStatusProps): React.ReactElement {
  const styles = useStyles();
  const words = step ? stepText(step, lang) : '';
  return (
    <div role="status" aria-live="polite" data-testid="status" data-step={step ?? ''} data-running={running ? 'true' : 'false'} className={styles.status}>
      {running ? <Spinner size="tiny" label={words} labelPosition="after" /> : words ? <Text>{words}</Text> : null}
    </div>
  );
}
