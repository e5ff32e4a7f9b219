/** The message bar after an action: what happened and what was written where, or the plain error message. */
import * as React from 'react';
import { MessageBar, MessageBarBody, MessageBarTitle, makeStyles } from '@fluentui/react-components';
import type { ActionResult } from '../hosts/office/actions';
import { describeOutcome, type ActionKey, type Lang } from './text';

const useStyles = makeStyles({
  lines: {
    margin: '0',
    paddingLeft: '0',
    listStyleType: 'none',
  },
});

export interface ResultMessageProps {
  lang: Lang;
  action: ActionKey;
  /** null: the action threw instead of returning a result. */
  result: ActionResult | null;
}

export function ResultMessage({ lang, action, result }: ResultMessageProps): React.ReactElement {
  const styles = useStyles();
  const { intent, outcome, title, lines } = describeOutcome(action, result, lang);
  // Errors are announced at once; the rest politely (the bar is a live region).
  return (
    <MessageBar
      intent={intent}
      layout="multiline"
      politeness={intent === 'error' ? 'assertive' : 'polite'}
      data-testid="result-message"
      data-intent={intent}
      data-outcome={outcome}
      data-action={action}
    >
      <MessageBarBody>
        <MessageBarTitle>{title}</MessageBarTitle>
        <ul className={styles.lines}>
          {lines.map((line, k) => (
            <li key={k}>{line}</li>
          ))}
        </ul>
      </MessageBarBody>
    </MessageBar>
  );
}
