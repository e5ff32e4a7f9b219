/**
 * "Compare with last year's workbook": a file input in the pane. The picked file's bytes are read in the browser
 * (File.arrayBuffer), turned into a snapshot (previousWorkbook.ts) and handed to the actions; nothing is uploaded
 * and the file is never written. While a workbook is picked, every action compares with it; "Stop comparing" ends it.
 */
import * as React from 'react';
import { Button, Text, makeStyles, tokens } from '@fluentui/react-components';
import { COMPARE_TEXT } from '../engine/comparisonRows';
import type { WorkbookSnapshot } from '../engine/snapshot';
import { PreviousWorkbookError, readPreviousWorkbook } from './previousWorkbook';
import type { Lang } from './text';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  row: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalS },
  input: { display: 'none' },
  error: { color: tokens.colorPaletteRedForeground1 },
});

export interface PreviousYearProps {
  lang: Lang;
  busy: boolean;
  /** The workbook compared with, or null. */
  current: string | null;
  onPicked(snapshot: WorkbookSnapshot, name: string): void;
  onStop(): void;
}

function problemText(e: unknown, lang: Lang): string {
  const p = e instanceof PreviousWorkbookError ? e.problem : 'damaged';
  if (p === 'not_xlsx') return COMPARE_TEXT.notXlsx[lang];
  if (p === 'encrypted_or_xls') return COMPARE_TEXT.encryptedOrXls[lang];
  if (p === 'too_large' || p === 'too_many_cells') return COMPARE_TEXT.tooLargePrevious[lang];
  return COMPARE_TEXT.damagedPrevious[lang];
}

export function PreviousYear({ lang, busy, current, onPicked, onStop }: PreviousYearProps): React.ReactElement {
  const styles = useStyles();
  const input = React.useRef<HTMLInputElement | null>(null);
  const [reading, setReading] = React.useState(false);
  const [error, setError] = React.useState<string | null>(null);
  const hintId = React.useId();

  const onChange = React.useCallback(
    async (ev: React.ChangeEvent<HTMLInputElement>) => {
      const file = ev.target.files && ev.target.files[0];
      ev.target.value = '';
      if (!file) return;
      setError(null);
      setReading(true);
      try {
        const snapshot = await readPreviousWorkbook(new Uint8Array(await file.arrayBuffer()));
        setReading(false);
        onPicked(snapshot, file.name);
      } catch (e) {
        setReading(false);
        setError(`${COMPARE_TEXT.cannotReadPrevious[lang]}（${file.name}）：${problemText(e, lang)}`);
      }
    },
    [lang, onPicked],
  );

  return (
    <section className={styles.root} data-testid="previous-year">
      <div className={styles.row}>
        <Button appearance="secondary" disabled={busy || reading} aria-describedby={hintId} data-testid="compare-previous" onClick={() => input.current?.click()}>
          {COMPARE_TEXT.compareButton[lang]}
        </Button>
        {current ? (
          <Button appearance="subtle" disabled={busy || reading} data-testid="stop-compare" onClick={onStop}>
            {COMPARE_TEXT.stopComparing[lang]}
          </Button>
        ) : null}
      </div>
      <input
        ref={input}
        className={styles.input}
        type="file"
        accept=".xlsx,.xlsm,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        data-testid="previous-file"
        aria-label={COMPARE_TEXT.compareButton[lang]}
        onChange={(e) => void onChange(e)}
      />
      <Text id={hintId} size={200} block>
        {COMPARE_TEXT.compareHint[lang]}
      </Text>
      {reading ? <Text block role="status">{COMPARE_TEXT.readingPrevious[lang]}</Text> : null}
      {current ? (
        <Text block data-testid="comparing-with">
          {COMPARE_TEXT.comparingWith[lang]}
          {current}
        </Text>
      ) : null}
      {error ? (
        <Text block role="alert" className={styles.error} data-testid="previous-error">
          {error}
        </Text>
      ) : null}
    </section>
  );
}
