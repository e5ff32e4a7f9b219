/** The five action buttons; all disabled while an action runs. Focus returns to the clicked button after. */
import * as React from 'react';
import { Button, makeStyles, tokens } from '@fluentui/react-components';
import { UI_TEXT } from '../engine/uiText';
import { ACTION_KEYS, actionLabel, type ActionKey, type Lang } from './text';

const useStyles = makeStyles({
  bar: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  button: {
    width: '100%',
    justifyContent: 'flex-start',
  },
});

export interface ActionBarProps {
  lang: Lang;
  busy: boolean;
  /** The action run last: its button gets the focus back when the run ends. */
  last: ActionKey | null;
  onRun(action: ActionKey): void;
}

export function ActionBar({ lang, busy, last, onRun }: ActionBarProps): React.ReactElement {
  const styles = useStyles();
  const refs = React.useRef<Partial<Record<ActionKey, HTMLButtonElement | null>>>({});

  React.useEffect(() => {
    if (busy || !last) return;
    const active = document.activeElement;
    // A disabled button drops the focus to <body>; give it back so keyboard users stay in place.
    if (!active || active === document.body) refs.current[last]?.focus();
  }, [busy, last]);

  return (
    <div role="group" aria-label={UI_TEXT.actionsLabel[lang]} className={styles.bar}>
      {ACTION_KEYS.map((key) => (
        <Button
          key={key}
          ref={(el: HTMLButtonElement | null) => {
            refs.current[key] = el;
          }}
          className={styles.button}
          appearance={key === 'validate' ? 'primary' : 'secondary'}
          disabled={busy}
          data-testid={`action-${key}`}
          onClick={() => onRun(key)}
        >
          {actionLabel(key, lang)}
        </Button>
      ))}
    </div>
  );
}
